"""The simulator's IIS 6 metabase: a mutable tree of keys with adsutil.vbs's operations and
output (reference: iis.md 1 and 2). What applies to a URL is IIS's reading of the tree
(`winfacts.metabase.MetabaseView`), the same a reader of a real MetaBase.xml answers through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from winfacts import assumptions
from winfacts.errors import ModelError
from winfacts.metabase import (
    ACCESS_READ,
    ACCESS_SCRIPT,
    APP_POOLS,
    ROOT,
    W3SVC,
    KeyClass,
    MetabaseKey,
    MetabaseView,
    PropertySpec,
    PropType,
    PropValue,
    check_computer_name,
    check_property_location,
    coerce_value,
    known_property,
    path_segments,
    property_spec,
)
from winfacts.secret import Secret

E_NOT_SET: Final = 0x80005006  # "The parameter is not set at this node" (adsutil's exit code)
E_PATH_NOT_FOUND: Final = 0x80070003  # ERROR_PATH_NOT_FOUND as an HRESULT


@attrs.frozen
class KeyListing:
    """What adsutil ENUM shows: the key, the path as typed, and its children's names."""

    path: str
    key: MetabaseKey
    children: tuple[str, ...]


class MetabaseError(ModelError):
    """A metabase condition adsutil reports with an HRESULT; ``code`` is that HRESULT."""

    code: int = 0

    def __init__(self, message: str, *, subject: str | None = None, location: str = "") -> None:
        super().__init__(message, subject=subject)
        self.location = location


class MetabaseNotSet(MetabaseError):
    """GET of a property the key does not set itself (inheritance does not count here)."""

    code = E_NOT_SET

    def __init__(self, prop: str, location: str) -> None:
        super().__init__(
            f'The parameter "{prop}" is not set at this node.', subject=prop, location=location
        )
        self.prop = prop


class MetabasePathNotFound(MetabaseError):
    code = E_PATH_NOT_FOUND

    def __init__(self, path: str, location: str) -> None:
        super().__init__(
            f"metabase path {location!r} does not exist", subject=path, location=location
        )
        self.path = path


@attrs.frozen
class AdsutilResult:
    """What `cscript adsutil.vbs ...` prints, and its exit code."""

    output: str
    exit_code: int = 0


# -- adsutil renderings ---------------------------------------------------------------------------

_MASK: Final = '"**********"'


def render_property(prop: str | PropertySpec, value: PropValue) -> str:
    """One adsutil GET/SET line: the name padded to 32 columns, then ': (TYPE) value'."""
    spec = property_spec(prop)
    head = f"{spec.name:<32}: ({spec.type.adsutil_label}) "
    if spec.secure or isinstance(value, Secret):
        return head + _MASK
    if isinstance(value, tuple):
        items = "".join(f'\n  "{item}"' for item in value)
        return f"{head}({len(value)} Items){items}"
    if isinstance(value, bool):
        return head + ("True" if value else "False")
    if isinstance(value, int):
        return head + str(value)
    return f'{head}"{value}"'


def render_enum(listing: KeyListing) -> str:
    """adsutil ENUM: the properties the key sets, a blank line, then one [/path] per child."""
    lines = [render_property(name, value) for name, value in listing.key.properties.items()]
    base = "/" + listing.path.strip("/") if listing.path.strip("/") else ""
    children = [f"[{base}/{child}]" for child in listing.children]
    if children:
        lines += ["", *children]
    return "\n".join(lines)


def render_find(prop: str, locations: Iterable[str]) -> str:
    spec = property_spec(prop)
    lines = [f"Property {spec.name} found at:"]
    lines += [f"  {_relative(location) or '/'}" for location in locations]
    return "\n".join(lines)


def render_delete(prop: str) -> str:
    return f'deleted property "{property_spec(prop).name}"'


def _relative(location: str) -> str:
    """'/LM/W3SVC/1/ROOT' -> 'W3SVC/1/ROOT' (adsutil paths are relative to the machine)."""
    return location[len(ROOT) :].strip("/")


# -- the metabase ---------------------------------------------------------------------------------


class Metabase(MetabaseView):
    """An in-memory metabase with adsutil's operations; IIS's inheritance comes from the view.

    ``version`` goes up on every change, so callers may cache effective lookups by it.
    """

    def __init__(self, keys: Iterable[MetabaseKey] = ()) -> None:
        self.global_key = MetabaseKey(".", KeyClass.IIS_GLOBAL)
        self._keys: dict[str, MetabaseKey] = {ROOT: MetabaseKey(ROOT, KeyClass.COMPUTER)}
        self._version = 0
        for key in keys:
            self.put_key(key)

    @classmethod
    def default(
        cls, computer_name: str, *, iusr_password: Secret, iwam_password: Secret
    ) -> Metabase:
        """The keys a clean IIS 6 install on Windows Server 2003 writes that matter here."""
        machine = check_computer_name(computer_name)
        auth = assumptions.CLEAN_INSTALL_AUTHFLAGS.value
        root = "/LM/W3SVC/1/ROOT"
        keys = [
            MetabaseKey(
                W3SVC,
                KeyClass.WEB_SERVICE,
                {
                    "AnonymousUserName": f"IUSR_{machine}",
                    "AnonymousUserPass": iusr_password,
                    # Setup writes FALSE although the schema default is TRUE: a key that loses it
                    # (a DELETE, a hand-edited file) silently switches subauthentication back on.
                    "AnonymousPasswordSync": False,
                    "AuthFlags": auth[W3SVC],
                    "IIs5IsolationModeEnabled": False,
                    "WAMUserName": f"IWAM_{machine}",
                    "WAMUserPass": iwam_password,
                    # LogonMethod is not written: the schema default 3 (network cleartext) applies.
                },
            ),
            MetabaseKey(APP_POOLS, KeyClass.APPLICATION_POOLS),
            MetabaseKey(
                f"{APP_POOLS}/DefaultAppPool",
                KeyClass.APPLICATION_POOL,
                {"AppPoolIdentityType": 2},
            ),
            MetabaseKey("/LM/W3SVC/Filters", KeyClass.FILTERS),
            MetabaseKey(
                "/LM/W3SVC/1",
                KeyClass.WEB_SERVER,
                {"ServerComment": "Default Web Site", "ServerBindings": (":80:",)},
            ),
            MetabaseKey("/LM/W3SVC/1/filters", KeyClass.FILTERS),
            MetabaseKey(
                root,
                KeyClass.WEB_VIRTUAL_DIR,
                {
                    "AccessFlags": ACCESS_READ | ACCESS_SCRIPT,
                    "AppPoolId": "DefaultAppPool",
                    "AuthFlags": auth[root],
                    "DefaultDoc": "Default.htm,Default.asp,index.htm,iisstart.htm,Default.aspx",
                    "Path": "C:\\Inetpub\\wwwroot",
                },
            ),
        ]
        metabase = cls(keys)
        metabase._version = 0
        return metabase

    def put_key(self, key: MetabaseKey) -> MetabaseKey:
        """Add or replace a whole key, as a reader of MetaBase.xml does.

        Missing ancestors are created as IIsConfigObject keys, since a file may leave out a key
        that sets nothing. Adding /LM itself replaces the computer key.
        """
        return self._put(key)

    # -- state --------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self._version

    def key(self, path: str) -> MetabaseKey:
        location, key = self._find(path)
        if key is None:
            raise MetabasePathNotFound(path, location)
        return key

    # -- adsutil operations -------------------------------------------------------------------
    def get(self, path: str, prop: str) -> PropValue:
        """The value set at this very key; inheritance does not count, as with adsutil GET."""
        spec = property_spec(prop)
        key = self.key(path)
        value = key.properties.get(spec.name)
        if value is None:
            raise MetabaseNotSet(spec.name, key.location)
        return value

    def set(self, path: str, prop: str, value: object) -> PropValue:
        """Set a property, creating missing keys on the way as IIsConfigObject (as adsutil SET
        does). Returns the value as stored."""
        spec = property_spec(prop)
        stored_value = coerce_value(spec, value)
        check_property_location(spec, path)
        key = self._keys[self._ensure_parents(path_segments(path)).upper()]
        self._replace(key, {**key.properties, spec.name: stored_value})
        return stored_value

    def delete(self, path: str, prop: str) -> None:
        """Remove a property from a key; whatever an ancestor sets applies again below it."""
        spec = property_spec(prop)
        key = self.key(path)
        if spec.name not in key.properties:
            raise MetabaseNotSet(spec.name, key.location)
        self._replace(key, {k: v for k, v in key.properties.items() if k != spec.name})

    def enum(self, path: str = "") -> KeyListing:
        key = self.key(path)
        return KeyListing(path, key, tuple(child.name for child in self._children(key.location)))

    def find(self, prop: str) -> list[str]:
        """Every location that sets the property itself, parents first."""
        spec = property_spec(prop)
        return [key.location for key in self.all_keys() if spec.name in key.properties]

    def create_key(
        self, path: str, key_class: KeyClass | str = KeyClass.CONFIG_OBJECT
    ) -> MetabaseKey:
        kind = KeyClass.parse(key_class)
        if kind in (KeyClass.IIS_GLOBAL, KeyClass.COMPUTER):
            raise ModelError(f"a {kind.value} key can not be created", subject=path)
        parts = path_segments(path)
        if not parts:
            raise ModelError("/LM already exists", subject=path)
        parent_location, parent = self._find("/".join(parts[:-1]))
        if parent is None:
            raise MetabasePathNotFound(path, parent_location)
        if self.exists(path):
            raise ModelError(
                f"metabase key {self.key(path).location!r} already exists", subject=path
            )
        key = MetabaseKey(f"{parent.location}/{parts[-1]}", kind)
        self._keys[key.location.upper()] = key
        self._changed()
        return key

    def create_vdir(self, path: str, physical_path: str | None = None) -> MetabaseKey:
        """adsutil CREATE_VDIR: an IIsWebVirtualDir key, with Path if one is given."""
        key = self.create_key(path, KeyClass.WEB_VIRTUAL_DIR)
        if physical_path is not None:
            self.set(key.location, "Path", physical_path)
        return self._keys[key.location.upper()]

    def delete_key(self, path: str) -> None:
        """Remove a key and everything below it."""
        key = self.key(path)
        if key.location == ROOT:
            raise ModelError("/LM can not be deleted", subject=path)
        prefix = key.location.upper() + "/"
        for stored in [k for k in self._keys if k == key.location.upper() or k.startswith(prefix)]:
            del self._keys[stored]
        self._changed()

    def adsutil(self, *args: str) -> AdsutilResult:
        """Run `cscript adsutil.vbs VERB ...` against this metabase and return what it prints.

        Metabase conditions (not set, no such path) come back as text and an exit code, as from
        the real script; a malformed command line raises ModelError.
        """
        if not args:
            raise ModelError("adsutil needs a command: GET, SET, DELETE, ENUM, FIND, CREATE_VDIR")
        verb, rest = args[0].upper(), list(args[1:])
        try:
            return self._adsutil(verb, rest)
        except MetabaseNotSet as exc:
            return AdsutilResult(str(exc), exc.code)
        except MetabasePathNotFound as exc:
            text = f"ErrNumber: {exc.code - (1 << 32)} (0x{exc.code:08X})\n"
            text += f"Error Trying To {verb} the Object (GetObject Failed): {exc.path}"
            return AdsutilResult(text, exc.code)

    def _adsutil(self, verb: str, rest: list[str]) -> AdsutilResult:
        if verb == "FIND":
            _need(verb, rest, 1, 1)
            return AdsutilResult(render_find(rest[0], self.find(rest[0])))
        if verb == "ENUM":
            _need(verb, rest, 0, 1)
            return AdsutilResult(render_enum(self.enum(rest[0] if rest else "")))
        if verb == "CREATE_VDIR":
            _need(verb, rest, 1, 1)
            self.create_vdir(rest[0])
            return AdsutilResult(f'created "{rest[0]}"')
        if verb not in ("GET", "SET", "DELETE"):
            raise ModelError(f"adsutil has no {verb!r} command this model supports", subject=verb)
        _need(verb, rest, 1, None if verb == "SET" else 1)
        path, _, name = rest[0].rstrip("/").rpartition("/")
        if verb == "DELETE" and not known_property(name):
            self.delete_key(rest[0])
            return AdsutilResult(f'deleted path "{rest[0]}"')
        spec = property_spec(name)
        if verb == "GET":
            return AdsutilResult(render_property(spec, self.get(path, spec.name)))
        if verb == "DELETE":
            self.delete(path, spec.name)
            return AdsutilResult(render_delete(spec.name))
        if len(rest) < 2:
            raise ModelError(f"adsutil SET {rest[0]} needs a value", subject=rest[0])
        stored = self.set(path, spec.name, _parse_text_value(spec, rest[1:]))
        return AdsutilResult(render_property(spec, stored))

    def _replace(self, key: MetabaseKey, properties: Mapping[str, PropValue]) -> None:
        self._keys[key.location.upper()] = MetabaseKey(key.location, key.key_class, properties)
        self._changed()

    def _changed(self) -> None:
        self._version += 1

    def __repr__(self) -> str:
        return f"Metabase({len(self._keys)} keys, version {self._version})"


def _need(verb: str, rest: list[str], low: int, high: int | None) -> None:
    if len(rest) < low or (high is not None and len(rest) > high):
        raise ModelError(f"wrong number of arguments for adsutil {verb}", subject=verb)


def _parse_text_value(spec: PropertySpec, words: list[str]) -> PropValue:
    """A value as typed on adsutil's command line, converted to the property's type."""
    if spec.type is PropType.MULTISZ:
        return tuple(words)
    if len(words) != 1:
        raise ModelError(f"{spec.name} takes one value, got {len(words)}", subject=spec.name)
    word = words[0]
    if spec.type in (PropType.DWORD, PropType.FLAGS):
        if not re.fullmatch(r"\d+", word):
            raise ModelError(f"{spec.name} is a DWORD: {word!r} is not a number", subject=spec.name)
        return int(word)
    if spec.type is PropType.BOOL:
        lowered = word.lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ModelError(
                f"{spec.name} is a BOOL: {word!r} is not True or False", subject=spec.name
            )
        return lowered in ("true", "1")
    return Secret(word) if spec.secure else word
