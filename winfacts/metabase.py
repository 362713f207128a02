"""The IIS 6 metabase as IIS reads it: the schema of the properties anonymous access depends on,
keys, and inheritance over an immutable tree of keys (reference: iis.md 1 and 2).

Everything KB 909887 turns on is a metabase property, and most of its puzzles are inheritance: a
password set at site level silently hides the right one at /LM/W3SVC, a DELETE brings the old one
back, and AnonymousPasswordSync means TRUE wherever nobody wrote it. So a tree keeps exactly what
each key sets, and answers "what applies here, and where was it set" by walking up the tree as IIS
does, instead of storing resolved values. The simulator's mutable metabase and a reader of a real
MetaBase.xml both answer through `MetabaseView`.

Locations are matched case-insensitively (IIS does), but every key keeps the case it was written
with, because that is what adsutil and MetaBase.xml show.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Iterable, Mapping
from typing import Final, TypeAlias

import attrs

from . import assumptions
from .errors import ModelError
from .iis_settings import AnonymousConfig, Identity
from .secret import Secret

#: What a key can hold: DWORDs and flags as int, BOOLs as bool, strings, SECURE strings as Secret,
#: MULTISZ (ServerBindings) as a tuple.
PropValue: TypeAlias = int | bool | str | Secret | tuple[str, ...]

ROOT: Final = "/LM"
W3SVC: Final = "/LM/W3SVC"
APP_POOLS: Final = "/LM/W3SVC/AppPools"

#: LogonMethod -> the LogonUser logon type IIS asks for (iis.md 1).
LOGON_METHOD_TO_LOGON_TYPE: Final[Mapping[int, int]] = types.MappingProxyType(
    {0: 2, 1: 4, 2: 3, 3: 8}
)

#: AppPoolIdentityType -> the identity names IIS 7+ uses for the same choices, so both IIS
#: generations describe a pool alike.
APP_POOL_IDENTITY_NAMES: Final[Mapping[int, str]] = types.MappingProxyType(
    {0: "LocalSystem", 1: "LocalService", 2: "NetworkService", 3: "SpecificUser"}
)

# -- flags ----------------------------------------------------------------------------------------

AUTH_ANONYMOUS: Final = 0x1
AUTH_BASIC: Final = 0x2
AUTH_NTLM: Final = 0x4
AUTH_MD5: Final = 0x10
AUTH_PASSPORT: Final = 0x40

ACCESS_READ: Final = 0x1
ACCESS_WRITE: Final = 0x2
ACCESS_EXECUTE: Final = 0x4
ACCESS_SOURCE: Final = 0x10
ACCESS_SCRIPT: Final = 0x200


@attrs.frozen
class FlagSet:
    """The symbolic names of one flags property, as MetaBase.xml spells them (case-sensitive)."""

    prop: str
    members: tuple[tuple[str, int], ...]

    @property
    def mask(self) -> int:
        mask = 0
        for _, bit in self.members:
            mask |= bit
        return mask

    def names(self, value: int) -> tuple[str, ...]:
        unknown = value & ~self.mask
        if value < 0 or unknown:
            raise ModelError(
                f"{self.prop} value {value:#x} has bits no flag name covers ({unknown:#x})",
                subject=self.prop,
            )
        ordered = sorted(self.members, key=lambda member: member[1])
        return tuple(name for name, bit in ordered if value & bit)

    def render(self, value: int) -> str:
        """'AuthAnonymous | AuthNTLM'; the empty set is written '0', as MetaBase.xml does."""
        return " | ".join(self.names(value)) or "0"

    def parse(self, text: str) -> int:
        """Read a flags value back: names joined by '|' in any order, or a decimal number."""
        by_name = dict(self.members)
        value = 0
        tokens = [token.strip() for token in text.split("|")]
        if not text.strip() or "" in tokens:
            raise ModelError(f"{text!r} is not a {self.prop} value", subject=text)
        for token in tokens:
            if token.isdecimal():
                number = int(token)
                self.names(number)  # rejects bits with no name
                value |= number
            elif token in by_name:
                value |= by_name[token]
            else:
                # MetaBase.xml is case-sensitive: a name in the wrong case is an error there too.
                near = [name for name in by_name if name.lower() == token.lower()]
                hint = f" (MetaBase.xml is case-sensitive: write {near[0]!r})" if near else ""
                raise ModelError(f"unknown {self.prop} flag {token!r}{hint}", subject=token)
        return value


AUTH_FLAGS: Final = FlagSet(
    "AuthFlags",
    (
        ("AuthAnonymous", AUTH_ANONYMOUS),
        ("AuthBasic", AUTH_BASIC),
        ("AuthNTLM", AUTH_NTLM),
        ("AuthMD5", AUTH_MD5),
        ("AuthPassport", AUTH_PASSPORT),
    ),
)
ACCESS_FLAGS: Final = FlagSet(
    "AccessFlags",
    (
        ("AccessRead", ACCESS_READ),
        ("AccessWrite", ACCESS_WRITE),
        ("AccessExecute", ACCESS_EXECUTE),
        ("AccessSource", ACCESS_SOURCE),
        ("AccessScript", ACCESS_SCRIPT),
    ),
)

#: What each authentication bit other than anonymous is called when telling a user which other
#: method could let a visitor in.
_OTHER_METHODS: Final = (
    (AUTH_BASIC, "Basic"),
    (AUTH_NTLM, "NTLM"),
    (AUTH_MD5, "Digest"),
    (AUTH_PASSPORT, "Passport"),
)


# -- schema ---------------------------------------------------------------------------------------


class PropType(enum.Enum):
    """MBSchema.xml types. FLAGS is a DWORD whose bits have names."""

    DWORD = "DWORD"
    FLAGS = "FLAGS"
    BOOL = "BOOL"
    STRING = "STRING"
    MULTISZ = "MULTISZ"

    @property
    def adsutil_label(self) -> str:
        """The type adsutil prints in parentheses; flags are shown as their number."""
        return _ADSUTIL_LABELS[self]


_ADSUTIL_LABELS: Final = {
    PropType.DWORD: "INTEGER",
    PropType.FLAGS: "INTEGER",
    PropType.BOOL: "BOOLEAN",
    PropType.STRING: "STRING",
    PropType.MULTISZ: "LIST",
}


@attrs.frozen
class PropertySpec:
    """One MBSchema.xml property: what adsutil and inheritance need to know about it."""

    name: str
    id: int
    type: PropType
    inherit: bool
    secure: bool = False
    default: PropValue | None = None
    flags: FlagSet | None = None
    bounds: tuple[int, int] | None = None  # DWORDs whose documented values form a range
    only_at: str | None = None  # the one location IIS accepts the property at


_APP_INHERIT: Final[bool] = bool(assumptions.APPPOOL_ID_INHERIT.value)
_WAM_UNC_INHERIT: Final[bool] = bool(assumptions.WAM_UNC_INHERIT.value)

SCHEMA: Final[tuple[PropertySpec, ...]] = (
    PropertySpec("ServerComment", 1015, PropType.STRING, inherit=False),
    PropertySpec("ServerBindings", 1023, PropType.MULTISZ, inherit=False),
    PropertySpec("Path", 3001, PropType.STRING, inherit=False),
    PropertySpec("UNCUserName", 3002, PropType.STRING, inherit=_WAM_UNC_INHERIT),
    PropertySpec("UNCPassword", 3003, PropType.STRING, inherit=_WAM_UNC_INHERIT, secure=True),
    PropertySpec(
        "AuthFlags", 6000, PropType.FLAGS, inherit=True, default=AUTH_ANONYMOUS, flags=AUTH_FLAGS
    ),
    PropertySpec("DefaultDoc", 6006, PropType.STRING, inherit=True),
    PropertySpec("DefaultLogonDomain", 6012, PropType.STRING, inherit=_APP_INHERIT),
    PropertySpec("LogonMethod", 6013, PropType.DWORD, inherit=True, default=3, bounds=(0, 3)),
    PropertySpec("AccessFlags", 6016, PropType.FLAGS, inherit=True, flags=ACCESS_FLAGS),
    PropertySpec("AnonymousUserName", 6020, PropType.STRING, inherit=True),
    PropertySpec("AnonymousUserPass", 6021, PropType.STRING, inherit=True, secure=True),
    PropertySpec("AnonymousPasswordSync", 6022, PropType.BOOL, inherit=True, default=True),
    PropertySpec("WAMUserName", 7501, PropType.STRING, inherit=_WAM_UNC_INHERIT),
    PropertySpec("WAMUserPass", 7502, PropType.STRING, inherit=_WAM_UNC_INHERIT, secure=True),
    PropertySpec(
        "AppPoolIdentityType", 9021, PropType.DWORD, inherit=True, default=2, bounds=(0, 3)
    ),
    PropertySpec(
        "AppPoolId", 9101, PropType.STRING, inherit=_APP_INHERIT, default="DefaultAppPool"
    ),
    PropertySpec(
        "IIs5IsolationModeEnabled",
        9203,
        PropType.BOOL,
        inherit=False,
        default=bool(assumptions.ISOLATION_MODE_DEFAULT.value),
        only_at=W3SVC,
    ),
)
_SCHEMA_BY_NAME: Final[Mapping[str, PropertySpec]] = types.MappingProxyType(
    {spec.name.upper(): spec for spec in SCHEMA}
)


def property_spec(name: str | PropertySpec) -> PropertySpec:
    """The schema entry for a property name, matched case-insensitively as adsutil does."""
    if isinstance(name, PropertySpec):
        return name
    spec = _SCHEMA_BY_NAME.get(name.strip().upper()) if isinstance(name, str) else None
    if spec is None:
        raise ModelError(f"{name!r} is not a metabase property this model knows", subject=str(name))
    return spec


def known_property(name: str) -> bool:
    """Whether the schema holds a property of this name (case-insensitively)."""
    return name.strip().upper() in _SCHEMA_BY_NAME


def render_flags(prop: str, value: int) -> str:
    """A flags value as MetaBase.xml writes it: render_flags("AuthFlags", 5) -> 'AuthAnonymous |
    AuthNTLM'."""
    return _flag_set(prop).render(value)


def parse_flags(prop: str, text: str) -> int:
    """The inverse of render_flags; also takes a decimal number, as some tools write one."""
    return _flag_set(prop).parse(text)


def _flag_set(prop: str) -> FlagSet:
    spec = property_spec(prop)
    if spec.flags is None:
        raise ModelError(f"{spec.name} is not a flags property", subject=spec.name)
    return spec.flags


def coerce_value(prop: str | PropertySpec, value: object) -> PropValue:
    """Check a value against the property's type and return it as the model stores it.

    A SECURE string given as str is wrapped in a Secret at once, so a password never sits in a
    key as plain text. Messages never echo the value of a SECURE property.
    """
    spec = property_spec(prop)
    kind = spec.type
    if kind in (PropType.DWORD, PropType.FLAGS):
        if isinstance(value, bool) or not isinstance(value, int):
            hint = " (parse_flags() reads symbolic names)" if spec.flags else ""
            raise ModelError(
                f"{spec.name} is a DWORD: expected an integer, got {type(value).__name__} "
                f"{value!r}{hint}",
                subject=spec.name,
            )
        if not 0 <= value <= 0xFFFFFFFF:
            raise ModelError(f"{spec.name} value {value} does not fit a DWORD", subject=spec.name)
        if spec.bounds and not spec.bounds[0] <= value <= spec.bounds[1]:
            low, high = spec.bounds
            raise ModelError(
                f"{spec.name} must be between {low} and {high}, not {value}", subject=spec.name
            )
        if spec.flags is not None:
            spec.flags.names(value)  # rejects bits with no name
        return value
    if kind is PropType.BOOL:
        if not isinstance(value, bool):
            raise ModelError(
                f"{spec.name} is a BOOL: expected True or False, got {type(value).__name__} "
                f"{value!r}",
                subject=spec.name,
            )
        return value
    if kind is PropType.MULTISZ:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ModelError(
                f"{spec.name} is a list of strings: expected a list or tuple, got "
                f"{type(value).__name__}",
                subject=spec.name,
            )
        items = tuple(value)
        if not all(isinstance(item, str) for item in items):
            raise ModelError(f"every {spec.name} entry must be a string", subject=spec.name)
        return items
    if spec.secure:
        if isinstance(value, Secret):
            return value
        if isinstance(value, str):
            return Secret(value)
        raise ModelError(
            f"{spec.name} is a SECURE string: expected a Secret or str, got {type(value).__name__}",
            subject=spec.name,
        )
    if isinstance(value, Secret):
        raise ModelError(
            f"{spec.name} is not a SECURE property; pass its value as a plain string",
            subject=spec.name,
        )
    if not isinstance(value, str):
        raise ModelError(
            f"{spec.name} is a STRING: expected str, got {type(value).__name__} {value!r}",
            subject=spec.name,
        )
    return value


class KeyClass(enum.Enum):
    """The class of a key: the element name MetaBase.xml writes it under."""

    IIS_GLOBAL = "IIS_Global"
    COMPUTER = "IIsComputer"
    WEB_SERVICE = "IIsWebService"
    WEB_SERVER = "IIsWebServer"
    WEB_VIRTUAL_DIR = "IIsWebVirtualDir"
    WEB_DIRECTORY = "IIsWebDirectory"
    WEB_FILE = "IIsWebFile"
    APPLICATION_POOLS = "IIsApplicationPools"
    APPLICATION_POOL = "IIsApplicationPool"
    FILTERS = "IIsFilters"
    WEB_INFO = "IIsWebInfo"
    CONFIG_OBJECT = "IIsConfigObject"  # a key created without a class

    @classmethod
    def parse(cls, text: str | KeyClass) -> KeyClass:
        if isinstance(text, KeyClass):
            return text
        for member in cls:
            if member.value.lower() == text.strip().lower():
                return member
        raise ModelError(f"{text!r} is not a metabase key class", subject=text)


def _freeze_properties(properties: Mapping[str, object]) -> Mapping[str, PropValue]:
    checked: dict[str, PropValue] = {}
    for name, value in properties.items():
        spec = property_spec(name)
        if spec.name in checked:
            raise ModelError(f"{spec.name} is given twice for one key", subject=spec.name)
        checked[spec.name] = coerce_value(spec, value)
    # Sorted by name, as MetaBase.xml writes a key's attributes, so listings are stable.
    return types.MappingProxyType(dict(sorted(checked.items(), key=lambda kv: kv[0].lower())))


@attrs.frozen(repr=False)
class MetabaseKey:
    """One key: where it is, its class and the properties set on it (and only those)."""

    location: str
    key_class: KeyClass
    properties: Mapping[str, PropValue] = attrs.field(
        factory=dict, converter=_freeze_properties, hash=False
    )

    @property
    def name(self) -> str:
        return self.location.rsplit("/", 1)[-1]

    def get(self, prop: str) -> PropValue | None:
        return self.properties.get(property_spec(prop).name)

    def sets(self, prop: str) -> bool:
        return property_spec(prop).name in self.properties

    def __repr__(self) -> str:
        # Secret masks itself; spelling the values out keeps test failures readable.
        inner = ", ".join(f"{name}={value!r}" for name, value in self.properties.items())
        return f"MetabaseKey({self.location!r}, {self.key_class.value}, {{{inner}}})"


@attrs.frozen
class EffectiveValue:
    """The value that applies at a location and the key that set it (None: schema default)."""

    value: PropValue | None
    set_at: str | None

    @property
    def is_default(self) -> bool:
        return self.set_at is None

    # Typed views, so callers need no casts on the PropValue union. A mismatch means the caller
    # asked the wrong property, which is worth an error rather than a silent zero.
    def as_int(self) -> int:
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            return self.value
        raise ModelError(f"the value set at {self._where} is not a DWORD")

    def as_bool(self) -> bool:
        if isinstance(self.value, bool):
            return self.value
        raise ModelError(f"the value set at {self._where} is not a BOOL")

    def as_str(self) -> str | None:
        if self.value is None or isinstance(self.value, str):
            return self.value
        raise ModelError(f"the value set at {self._where} is not a plain STRING")

    def as_secret(self) -> Secret | None:
        if self.value is None or isinstance(self.value, Secret):
            return self.value
        raise ModelError(f"the value set at {self._where} is not a SECURE string")

    @property
    def _where(self) -> str:
        return self.set_at or "the schema default"


@attrs.frozen
class SiteEntry:
    site_id: int
    server_comment: str | None
    location: str


def _frozen_sources(sources: Mapping[str, str | None]) -> Mapping[str, str | None]:
    return types.MappingProxyType(dict(sources))


@attrs.frozen(repr=False)
class AnonymousSettings:
    """Everything the request pipeline reads from the metabase for one anonymous request.

    ``set_at`` maps each field name to the location that set it; None means the schema default
    (or, for ``physical_path``, that no key on the way sets Path).
    """

    site_id: int
    url_path: str
    location: str  # the URL's own location, whether or not a key exists there
    auth_flags: int
    anonymous_user_name: str | None
    anonymous_password: Secret | None
    password_sync: bool
    logon_method: int
    isolation_mode_iis5: bool
    app_pool_id: str
    app_pool_identity_type: int
    app_pool_user_name: str | None  # WAMUserName at the pool when the type is 3, else None
    default_logon_domain: str | None
    physical_path: str | None
    default_documents: tuple[str, ...]
    set_at: Mapping[str, str | None] = attrs.field(converter=_frozen_sources, hash=False)

    @property
    def anonymous_enabled(self) -> bool:
        return bool(self.auth_flags & AUTH_ANONYMOUS)

    @property
    def logon_type(self) -> int:
        return LOGON_METHOD_TO_LOGON_TYPE[self.logon_method]

    @property
    def other_methods(self) -> tuple[str, ...]:
        return tuple(name for bit, name in _OTHER_METHODS if self.auth_flags & bit)

    def __repr__(self) -> str:
        password = "not set" if self.anonymous_password is None else "set"
        return (
            f"AnonymousSettings(site {self.site_id}, {self.url_path!r}, "
            f"AuthFlags={AUTH_FLAGS.render(self.auth_flags)!r}, "
            f"user={self.anonymous_user_name!r}, password {password}, "
            f"sync={self.password_sync}, LogonMethod={self.logon_method})"
        )


_BAD_SEGMENT = re.compile(r"[\x00-\x1f\\]")


def path_segments(path: str) -> list[str]:
    """The segments below /LM of an adsutil path ('w3svc/1/root') or a location ('/LM/W3SVC')."""
    if not isinstance(path, str):
        raise ModelError(f"a metabase path must be a string, not {type(path).__name__}")
    parts = [part for part in path.strip().split("/") if part]
    if parts and parts[0].upper() == "LM":
        parts = parts[1:]
    for part in parts:
        if _BAD_SEGMENT.search(part) or part in (".", ".."):
            raise ModelError(
                f"{path!r} is not a metabase path (bad segment {part!r})", subject=path
            )
    return parts


def check_computer_name(name: str) -> str:
    """A NetBIOS computer name, upper-cased as Windows shows it in account names."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,14}", name or ""):
        raise ModelError(f"{name!r} is not a NetBIOS computer name (1-15 letters, digits, - or _)")
    return name.upper()


# -- resolving ------------------------------------------------------------------------------------


class MetabaseView:
    """IIS's reading of a tree of keys: inheritance, URL mapping, sites and the anonymous settings
    for a URL. Subclasses own ``_keys`` (upper-cased location -> key, always holding /LM); every
    query here is a pure function of it."""

    _keys: dict[str, MetabaseKey]

    def all_keys(self) -> tuple[MetabaseKey, ...]:
        """Every key of the /LM tree, parents before children (IIS_Global is ``global_key``)."""
        return tuple(sorted(self._keys.values(), key=lambda key: key.location.upper().split("/")))

    def find_key(self, path: str) -> MetabaseKey | None:
        """The key at a location or adsutil path (matched case-insensitively), or None."""
        return self._find(path)[1]

    def exists(self, path: str) -> bool:
        return self._find(path)[1] is not None

    def effective(self, location: str, prop: str) -> EffectiveValue:
        """The value that applies at a location (which need not exist as a key).

        An INHERIT property comes from the nearest key at or above the location that sets it; any
        other property applies only where it is set. Failing both, the schema default.
        """
        spec = property_spec(prop)
        chain = self._chain(path_segments(location))
        candidates = reversed(chain) if spec.inherit else chain[-1:]
        for key in candidates:
            if key is not None and spec.name in key.properties:
                return EffectiveValue(key.properties[spec.name], key.location)
        return EffectiveValue(spec.default, None)

    def url_keys(self, site_id: int, url_path: str) -> tuple[str, ...]:
        """The locations a URL passes through, /LM first: existing keys in their stored case,
        the rest as the URL spells them."""
        self.site(site_id)
        parts = ["W3SVC", str(site_id), "ROOT", *_url_segments(url_path)]
        locations: list[str] = []
        current = ROOT
        for index, key in enumerate(self._chain(parts)):
            current = key.location if key is not None else f"{current}/{parts[index - 1]}"
            locations.append(current)
        return tuple(locations)

    def deepest_key(self, site_id: int, url_path: str) -> MetabaseKey:
        """The key that decides for a URL: the deepest one on its way that exists."""
        self.site(site_id)
        segments = ["W3SVC", str(site_id), "ROOT", *_url_segments(url_path)]
        return next(key for key in reversed(self._chain(segments)) if key is not None)

    def physical_path(self, site_id: int, url_path: str) -> EffectiveValue:
        """The nearest key on the URL's way that sets Path, plus the rest of the URL joined with
        backslashes. ``set_at`` is that key's location; value None if no key sets Path."""
        self.site(site_id)
        segments = _url_segments(url_path)
        chain = self._chain(["W3SVC", str(site_id), "ROOT", *segments])
        for depth in range(len(chain) - 1, 2, -1):
            key = chain[depth]
            path = key.properties.get("Path") if key is not None else None
            if isinstance(path, str) and key is not None:
                rest = segments[depth - 3 :]
                joined = "\\".join([path.rstrip("\\"), *rest]) if rest else path
                return EffectiveValue(joined, key.location)
        return EffectiveValue(None, None)

    def anonymous_settings(self, site_id: int, url_path: str) -> AnonymousSettings:
        location = self.url_keys(site_id, url_path)[-1]
        set_at: dict[str, str | None] = {}

        def pick(field: str, prop: str, where: str = location) -> PropValue | None:
            found = self.effective(where, prop)
            set_at[field] = found.set_at
            return found.value

        auth_flags = pick("auth_flags", "AuthFlags")
        user = pick("anonymous_user_name", "AnonymousUserName")
        password = pick("anonymous_password", "AnonymousUserPass")
        sync = pick("password_sync", "AnonymousPasswordSync")
        method = pick("logon_method", "LogonMethod")
        # A property IIS reads only at /LM/W3SVC, whatever the URL.
        iis5 = pick("isolation_mode_iis5", "IIs5IsolationModeEnabled", W3SVC)
        pool = pick("app_pool_id", "AppPoolId")
        pool_id = pool if isinstance(pool, str) else "DefaultAppPool"
        pool_location = f"{APP_POOLS}/{pool_id}"
        identity = pick("app_pool_identity_type", "AppPoolIdentityType", pool_location)
        # WAMUserName is inherited from /LM/W3SVC (the IWAM account) by every pool; it names the
        # pool's identity only for type 3, so report it only then.
        pool_user = pick("app_pool_user_name", "WAMUserName", pool_location)
        if identity != 3:
            pool_user = None
            set_at["app_pool_user_name"] = None
        domain = pick("default_logon_domain", "DefaultLogonDomain")
        docs = pick("default_documents", "DefaultDoc")
        physical = self.physical_path(site_id, url_path)
        set_at["physical_path"] = physical.set_at
        return AnonymousSettings(
            site_id=site_id,
            url_path=url_path,
            location=location,
            auth_flags=_as_int(auth_flags, 0),
            anonymous_user_name=_as_str(user),
            anonymous_password=password if isinstance(password, Secret) else None,
            password_sync=bool(sync),
            logon_method=_as_int(method, 3),
            isolation_mode_iis5=bool(iis5),
            app_pool_id=pool_id,
            app_pool_identity_type=_as_int(identity, 2),
            app_pool_user_name=_as_str(pool_user),
            default_logon_domain=_as_str(domain),
            physical_path=_as_str(physical.value),
            default_documents=tuple(
                doc.strip() for doc in (_as_str(docs) or "").split(",") if doc.strip()
            ),
            set_at=set_at,
        )

    def anonymous_config(self, site: int | str, url_path: str) -> AnonymousConfig:
        """The generation-neutral view the request pipeline uses (winfacts.iis_settings)."""
        site_id = self._site_id(site)
        s = self.anonymous_settings(site_id, url_path)
        names = {
            "anonymous_enabled": "auth_flags",
            "user_name": "anonymous_user_name",
            "password": "anonymous_password",
            "logon_type": "logon_method",
            "password_sync": "password_sync",
            "iis5_isolation": "isolation_mode_iis5",
            "app_pool": "app_pool_id",
            "app_pool_identity": "app_pool_identity_type",
            "default_logon_domain": "default_logon_domain",
            "physical_path": "physical_path",
            "default_documents": "default_documents",
        }
        sources = {name: s.set_at.get(field) or "schema default" for name, field in names.items()}
        return AnonymousConfig(
            site_id=site_id,
            site_name=f"W3SVC{site_id}",
            anonymous_enabled=s.anonymous_enabled,
            other_methods=s.other_methods,
            identity=Identity.ACCOUNT,
            user_name=s.anonymous_user_name or "",
            password=s.anonymous_password,
            logon_type=s.logon_type,
            password_sync=s.password_sync,
            iis5_isolation=s.isolation_mode_iis5,
            app_pool=s.app_pool_id,
            app_pool_identity=APP_POOL_IDENTITY_NAMES[s.app_pool_identity_type],
            default_logon_domain=s.default_logon_domain or "",
            physical_path=s.physical_path or "",
            default_documents=s.default_documents,
            sources=sources,
        )

    def sites(self) -> list[SiteEntry]:
        entries = []
        for key in self._children(W3SVC):
            site_id = _site_number(key) if key.key_class is KeyClass.WEB_SERVER else None
            if site_id is not None:
                comment = key.properties.get("ServerComment")
                entries.append(
                    SiteEntry(site_id, comment if isinstance(comment, str) else None, key.location)
                )
        return sorted(entries, key=lambda entry: entry.site_id)

    def site_ids(self) -> list[int]:
        return [entry.site_id for entry in self.sites()]

    def site(self, site_id: int) -> MetabaseKey:
        for entry in self.sites():
            if entry.site_id == site_id:
                return self._keys[entry.location.upper()]
        raise ModelError(
            f"there is no web site {site_id} (/LM/W3SVC/{site_id})", subject=str(site_id)
        )

    def _site_id(self, site: int | str) -> int:
        if isinstance(site, int):
            self.site(site)
            return site
        text = site.strip()
        if text.isdecimal():
            return self._site_id(int(text))
        for entry in self.sites():
            if (entry.server_comment or "").lower() == text.lower():
                return entry.site_id
        raise ModelError(f"there is no web site named {site!r}", subject=site)

    def _find(self, path: str) -> tuple[str, MetabaseKey | None]:
        """(location, key): the location in stored case as far as keys exist, then as typed."""
        parts = path_segments(path)
        chain = self._chain(parts)
        location = ROOT
        for index, key in enumerate(chain[1:]):
            location = key.location if key is not None else f"{location}/{parts[index]}"
        return location, chain[-1]

    def _chain(self, parts: list[str]) -> list[MetabaseKey | None]:
        """The keys from /LM down to the given segments; None from the first one missing."""
        chain: list[MetabaseKey | None] = [self._keys[ROOT]]
        location: str | None = ROOT
        for part in parts:
            key = self._keys.get(f"{location}/{part}".upper()) if location else None
            chain.append(key)
            location = key.location if key is not None else None
        return chain

    def _children(self, location: str) -> list[MetabaseKey]:
        depth = location.count("/") + 1
        prefix = location.upper() + "/"
        return [
            key
            for upper, key in self._keys.items()
            if upper.startswith(prefix) and upper.count("/") == depth
        ]

    def _ensure_parents(self, parts: list[str]) -> str:
        """Create every missing key down to the segments as IIsConfigObject; return the location."""
        location = ROOT
        for part in parts:
            existing = self._keys.get(f"{location}/{part}".upper())
            if existing is None:
                existing = MetabaseKey(f"{location}/{part}", KeyClass.CONFIG_OBJECT)
                self._keys[existing.location.upper()] = existing
                self._changed()
            location = existing.location
        return location

    def _check_only_at(self, key: MetabaseKey) -> None:
        for name in key.properties:
            check_property_location(property_spec(name), key.location)

    def _put(self, key: MetabaseKey) -> MetabaseKey:
        """Add or replace a whole key (missing ancestors become IIsConfigObject keys; /LM itself
        replaces the computer key)."""
        parts = path_segments(key.location)
        if key.key_class is KeyClass.IIS_GLOBAL:
            raise ModelError("the IIS_Global key is not part of the /LM tree")
        self._check_only_at(key)
        location = self._ensure_parents(parts)
        stored = attrs.evolve(key, location=location)
        self._keys[location.upper()] = stored
        self._changed()
        return stored

    def _changed(self) -> None:
        """Called on every change to ``_keys``; a live store counts versions here."""


class MetabaseTree(MetabaseView):
    """An immutable metabase: the keys of one MetaBase.xml, or a snapshot of a live one.

    Keys may come in any order; ancestors a file leaves out (a key that sets nothing) are filled
    in as IIsConfigObject keys, as IIS does when it loads the file.
    """

    def __init__(self, keys: Iterable[MetabaseKey] = ()) -> None:
        self._keys = {ROOT: MetabaseKey(ROOT, KeyClass.COMPUTER)}
        for key in keys:
            try:
                self._put(key)
            except ModelError as exc:
                # The subject names the key, so a reader can point at the element behind it.
                raise ModelError(str(exc), subject=key.location) from exc

    def __repr__(self) -> str:
        return f"MetabaseTree({len(self._keys)} keys)"


def _url_segments(url_path: str) -> list[str]:
    if not isinstance(url_path, str) or not url_path.startswith("/"):
        raise ModelError(
            f"{url_path!r} is not a URL path (it must start with '/')", subject=str(url_path)
        )
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        raise ModelError(
            f"{url_path!r} climbs out of its directory; IIS refuses it", subject=url_path
        )
    return parts


def check_property_location(spec: PropertySpec, path: str) -> None:
    if spec.only_at is None:
        return
    if [part.upper() for part in path_segments(path)] != [
        part.upper() for part in path_segments(spec.only_at)
    ]:
        raise ModelError(
            f"{spec.name} can only be set at {spec.only_at}, not at {path!r}", subject=spec.name
        )


def _as_int(value: PropValue | None, fallback: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else fallback


def _as_str(value: PropValue | None) -> str | None:
    return value if isinstance(value, str) else None


#: IIS keeps a site id in a DWORD.
MAX_SITE_ID: Final = 0xFFFFFFFF


def _site_number(key: MetabaseKey) -> int | None:
    """The site id an IIsWebServer key's name gives; None for a name that is not a number (not
    a site); `ModelError` for a number no DWORD holds."""
    name = key.name
    if not (name.isascii() and name.isdecimal()):
        return None
    if len(name) > 10 or not 1 <= int(name) <= MAX_SITE_ID:
        shown = name if len(name) <= 20 else f"{name[:20]}... ({len(name)} digits)"
        raise ModelError(
            f"the IIsWebServer key {shown} is not a site id IIS can hold (1 to {MAX_SITE_ID})",
            subject=key.location,
        )
    return int(name)
