"""Reading a real IIS 6 MetaBase.xml into an immutable metabase tree (iis.md 1).

What real files do, and what this reader accepts:

- the root is ``<configuration>`` in a ``urn:microsoft-catalog:XML_Metabase_V<digits>``
  namespace (V54_0, V64_0, ...; a file whose namespace was stripped is accepted too), holding one
  ``<MBProperty>`` whose children are the keys, one element per key, named by the key's class;
- ``<IIsWebVirtualDir\tLocation ="/LM/W3SVC/1/root"`` - a TAB before ``Location`` and spaces
  around "=" are plain XML whitespace; locations match case-insensitively (``/root`` and
  ``/ROOT`` are one key), keys may come in any order and a trailing "/" is ignored;
- properties are attributes, or ``<Custom Name= ID= Value= Type= UserType= Attributes=/>``
  children (on a key without a class, or for a property its class does not list); attribute
  names are case-sensitive, as in IIS: ``authflags`` is not AuthFlags (kept as unmodelled, with a
  note);
- flags by name in any order (``AccessRead | AccessScript``), or as a decimal number; booleans
  TRUE/FALSE (or 1/0); DWORDs in decimal;
- IIS_Global (".") and IIS_ROOT ("/") are outside the /LM tree the model holds: they are listed
  with the other keys, and their properties are kept as written (secret-looking ones withheld);
- elements naming a class the model does not know (IIsFtpService, IIsMimeMap, ...) become
  IIsConfigObject keys in the model, with the real name kept in `KeyRecord.element`.

Secure values (AnonymousUserPass, WAMUserPass, UNCPassword) are encrypted with the writing
machine's key. This reader never tries to decode one: it records whether it is set, set but
invalid (``NOLONGERVALID...``) or empty, and puts `checks.readers.opaque.OPAQUE_SECRET` in the
model. A diagnosis can never compare passwords from this file (windows-logon.md 7): only the
credential probe or the logs can tell whether the configured password works.

Anything the file says that the model can not hold as IIS would read it - an unknown flag name,
"maybe" for a BOOL, LogonMethod 7, two keys for one location - is a `BundleError` naming the file
and the line, never another exception.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs
from lxml import etree

from winfacts.errors import ModelError
from winfacts.metabase import (
    SCHEMA,
    KeyClass,
    MetabaseKey,
    MetabaseTree,
    PropertySpec,
    PropType,
    PropValue,
    coerce_value,
    parse_flags,
)

from ..errors import BundleError, quote, quote_name, scrub
from . import xmlsafe
from .opaque import SecureState, mask_unmodelled
from .text import decode, read_bytes

#: Larger than the MetaBase.xml of a hosting server with thousands of sites.
MAX_METABASE_BYTES: Final = 64 * 1024 * 1024

NAMESPACE_PREFIX: Final = "urn:microsoft-catalog:XML_Metabase_V"

_SPECS_BY_NAME: Final[Mapping[str, PropertySpec]] = {spec.name: spec for spec in SCHEMA}
_SPECS_BY_UPPER: Final[Mapping[str, PropertySpec]] = {spec.name.upper(): spec for spec in SCHEMA}
_SPECS_BY_ID: Final[Mapping[int, PropertySpec]] = {spec.id: spec for spec in SCHEMA}
_KEY_CLASSES: Final[Mapping[str, KeyClass]] = {kind.value: kind for kind in KeyClass}

_OUTSIDE_TREE: Final = (".", "/")
INHERITED_PREFIX: Final = "inherited:"


def _frozen_lines(mapping: Mapping[str, int]) -> Mapping[str, int]:
    return types.MappingProxyType(dict(mapping))


def _frozen_text(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(dict(mapping))


@attrs.frozen
class SecureValue:
    """One secure property as the file holds it: where, which, in what state, on which line."""

    location: str  # the key's location in the model's stored case
    prop: str
    state: SecureState
    line: int

    @property
    def usable(self) -> bool:
        return self.state.usable


@attrs.frozen
class KeyRecord:
    """One key element of the file, for evidence.

    ``written`` holds the modelled properties as the file spells them (a secure one as its
    state, never its text); ``unmodelled`` holds everything else the element carries, as written,
    except values that look secret, which are withheld.
    """

    location: str  # as the file writes it
    element: str  # the element name as written: "IIsWebVirtualDir", "IIsFtpService", ...
    key_class: KeyClass  # IIsConfigObject when the element names a class the model lacks
    line: int
    property_lines: Mapping[str, int] = attrs.field(converter=_frozen_lines)
    written: Mapping[str, str] = attrs.field(converter=_frozen_text)
    unmodelled: Mapping[str, str] = attrs.field(converter=_frozen_text)

    @property
    def in_tree(self) -> bool:
        """False for IIS_Global (".") and IIS_ROOT ("/"), which the model does not hold."""
        return self.location not in _OUTSIDE_TREE

    @property
    def tree_location(self) -> str:
        """Where the properties apply in the tree. `iiscnfg /export /inherited` writes what a
        key inherits as ``IIsInheritedProperties`` at ``inherited:<key>``: those values come
        from above the key, so they stand at its parent."""
        if self.location.lower().startswith(INHERITED_PREFIX):
            parts = _segments(self.location[len(INHERITED_PREFIX) :])
            return "/" + "/".join(parts[:-1])
        return self.location


def _frozen_secure(
    mapping: Mapping[tuple[str, str], SecureValue],
) -> Mapping[tuple[str, str], SecureValue]:
    return types.MappingProxyType(dict(mapping))


@attrs.frozen(eq=False)
class MetabaseDocument:
    """A MetaBase.xml as read: its keys as IIS resolves them (an immutable `MetabaseTree`), and
    where in the file each value came from.

    The tree's secure properties hold `OPAQUE_SECRET` (or the empty Secret): see the module doc.
    """

    path: Path
    namespace: str  # "" when the file's namespace was stripped
    metabase: MetabaseTree
    keys: tuple[KeyRecord, ...]  # file order, including IIS_Global and IIS_ROOT
    secure: Mapping[tuple[str, str], SecureValue] = attrs.field(converter=_frozen_secure)
    notes: tuple[str, ...] = ()
    _by_location: dict[str, KeyRecord] = attrs.field(init=False, factory=dict, repr=False)

    def __attrs_post_init__(self) -> None:
        for record in self.keys:
            self._by_location.setdefault(_normal_location(record.location).upper(), record)
        for record in self.keys:
            # Inherited properties cite their own element unless the file has the parent too.
            self._by_location.setdefault(_normal_location(record.tree_location).upper(), record)

    @property
    def schema_version(self) -> str:
        """The digits after ``XML_Metabase_V`` ("64_0"), or "" without a namespace."""
        return self.namespace[len(NAMESPACE_PREFIX) :] if self.namespace else ""

    def key_record(self, location: str) -> KeyRecord | None:
        """The element for a location, matched case-insensitively, trailing "/" ignored."""
        return self._by_location.get(_normal_location(location).upper())

    def line_of(self, location: str, prop: str | None = None) -> int | None:
        """The line of a property's value at a key (or of the key's element when prop is None)."""
        record = self.key_record(location)
        if record is None:
            return None
        if prop is None:
            return record.line
        return record.property_lines.get(_canonical(prop))

    def secure_value(self, location: str, prop: str) -> SecureValue | None:
        return self.secure.get((_normal_location(location).upper(), _canonical(prop)))

    def evidence(self, location: str, prop: str) -> str:
        """'MetaBase.xml line 42: AnonymousPasswordSync="TRUE" at /LM/W3SVC', or for a secure
        value 'MetaBase.xml line 12: AnonymousUserPass set (encrypted ...) at /LM/W3SVC'."""
        record = self.key_record(location)
        name = _canonical(prop)
        if record is None or name not in record.written:
            return f"{self.path.name}: {name} is not set at {location}"
        line = record.property_lines.get(name, record.line)
        secure = self.secure_value(location, name)
        if secure is not None:
            return (
                f"{self.path.name} line {line}: {name} is {secure.state.value} at {record.location}"
            )
        return f'{self.path.name} line {line}: {name}="{record.written[name]}" at {record.location}'


def read_metabase_xml(path: Path, *, limit: int = MAX_METABASE_BYTES) -> MetabaseDocument:
    """Parse a MetaBase.xml safely (no DTD, no entities, no network, a size limit)."""
    data = read_bytes(path, limit)
    root = xmlsafe.parse_bytes(data, path)
    try:
        return _Reader(path, data, root).read()
    except ModelError as exc:  # a safety net: every model call below maps its own errors
        raise BundleError(path, scrub(str(exc), [exc.subject])) from exc


# -- the reader ------------------------------------------------------------------------------------


@attrs.define
class _Key:
    record: KeyRecord
    properties: dict[str, PropValue]
    secure: dict[str, tuple[SecureState, int]]


class _Reader:
    def __init__(self, path: Path, data: bytes, root: etree._Element) -> None:
        self.path = path
        self.root = root
        self.lines = decode(data, path).split("\n")
        self.notes: list[str] = []

    def fail(self, message: str, line: int | None) -> BundleError:
        return BundleError(self.path, message, line)

    def read(self) -> MetabaseDocument:
        namespace = self._check_root()
        container = next(
            (
                child
                for child in self.root
                if isinstance(child.tag, str) and etree.QName(child).localname == "MBProperty"
            ),
            None,
        )
        if container is None:
            raise self.fail("has no <MBProperty> element, so it holds no metabase keys", 1)
        keys = [
            self._key(element, namespace)
            for element in container
            if isinstance(element.tag, str)
            and etree.QName(element).namespace == (namespace or None)
        ]
        metabase, secure = self._build([key for key in keys if key.record.in_tree])
        return MetabaseDocument(
            path=self.path,
            namespace=namespace,
            metabase=metabase,
            keys=tuple(key.record for key in keys),
            secure=secure,
            notes=tuple(self.notes),
        )

    def _check_root(self) -> str:
        name = etree.QName(self.root)
        line = xmlsafe.line_of(self.root)
        if name.localname == "MetaData":
            raise self.fail("is the metabase schema (MBSchema.xml), not MetaBase.xml", line)
        if name.localname != "configuration":
            raise self.fail(
                f"has root element <{quote_name(name.localname, bare=True)}>, not the "
                "<configuration> of a MetaBase.xml",
                line,
            )
        namespace = name.namespace or ""
        if namespace and not namespace.startswith(NAMESPACE_PREFIX):
            raise self.fail(
                f"has namespace {quote(namespace)}; a MetaBase.xml has {NAMESPACE_PREFIX}<version>",
                line,
            )
        if not namespace:
            self.notes.append("the file has no XML_Metabase namespace; read as a MetaBase.xml")
        return namespace

    # -- one key ---------------------------------------------------------------------------------
    def _key(self, element: etree._Element, namespace: str) -> _Key:
        line = self._start(element)
        tag = etree.QName(element).localname
        shown = quote_name(tag, bare=True)
        location = element.get("Location")
        if location is None or not location.strip():
            raise self.fail(f"<{shown}> has no Location", line)
        location = location.strip()
        key_class = _KEY_CLASSES.get(tag)
        if key_class is None:
            key_class = KeyClass.CONFIG_OBJECT
        in_tree = _normal_location(location) not in _OUTSIDE_TREE
        inherited = location.lower().startswith(INHERITED_PREFIX)
        target = location[len(INHERITED_PREFIX) :] if inherited else location
        if inherited and len(_segments(target)) < 2:
            raise self.fail(
                f"<{shown}> Location {quote_name(location)} names no key below /LM", line
            )
        if in_tree and not _under_lm(target):
            raise self.fail(f"<{shown}> Location {quote_name(location)} is not under /LM", line)
        if in_tree and key_class is KeyClass.IIS_GLOBAL:
            raise self.fail(f'IIS_Global belongs at Location ".", not {quote_name(location)}', line)

        found: dict[str, tuple[str, int, bool]] = {}  # name -> (text, line, declared secure)
        unmodelled: dict[str, str] = {}
        attribute_lines = self._attribute_lines(element)
        for raw_name, text in element.attrib.items():
            name = str(raw_name)
            if name == "Location":
                continue
            at = attribute_lines.get(name, line)
            spec = _SPECS_BY_NAME.get(name) if in_tree else None
            if spec is None:
                self._unmodelled(name, str(text), at, location, in_tree)
                unmodelled[name] = mask_unmodelled(name, str(text))
                continue
            found[spec.name] = (str(text), at, False)
        for child in element:
            if not isinstance(child.tag, str) or etree.QName(child).localname != "Custom":
                continue
            self._custom(child, location, in_tree, found, unmodelled)

        properties: dict[str, PropValue] = {}
        secure: dict[str, tuple[SecureState, int]] = {}
        written: dict[str, str] = {}
        lines: dict[str, int] = {}
        for name, (text, at, declared_secure) in found.items():
            spec = _SPECS_BY_NAME[name]
            lines[name] = at
            if spec.only_at is not None and not _same_location(location, spec.only_at):
                self.notes.append(
                    f"line {at}: {name} is read only at {spec.only_at}; IIS ignores it at "
                    f"{quote_name(location, bare=True)}"
                )
                unmodelled[name] = mask_unmodelled(name, text)
                continue
            if declared_secure and not spec.secure:
                # Encrypted where the schema says plain text: the value is unreadable here.
                self.notes.append(
                    f"line {at}: {name} at {quote_name(location, bare=True)} is marked SECURE; "
                    "its value is not read"
                )
                unmodelled[name] = mask_unmodelled("password", text)
                continue
            if spec.secure:
                state = _secure_state(text)
                secure[name] = (state, at)
                properties[name] = state.as_secret()
                written[name] = state.value
                continue
            properties[name] = self._value(spec, text, at)
            written[name] = text
        record = KeyRecord(
            location=location,
            element=tag,
            key_class=key_class,
            line=line,
            property_lines=lines,
            written=written,
            unmodelled=unmodelled,
        )
        return _Key(record, properties, secure)

    def _custom(
        self,
        child: etree._Element,
        location: str,
        in_tree: bool,
        found: dict[str, tuple[str, int, bool]],
        unmodelled: dict[str, str],
    ) -> None:
        line = self._start(child)
        name = (child.get("Name") or "").strip()
        ident = (child.get("ID") or "").strip()
        value = child.get("Value")
        attributes = {part.strip().upper() for part in (child.get("Attributes") or "").split("|")}
        value_line = self._attribute_lines(child).get("Value", line)
        spec: PropertySpec | None = None
        if in_tree:
            # IIS identifies a property by its ID; the name is for people.
            if ident.isdecimal() and int(ident) in _SPECS_BY_ID:
                spec = _SPECS_BY_ID[int(ident)]
            elif not ident:
                spec = _SPECS_BY_NAME.get(name)
        label = name or (f"ID {ident}" if ident else "")
        if spec is None:
            if not label:
                raise self.fail("<Custom> names no property (no Name and no ID)", line)
            unmodelled[label] = (
                "(withheld)" if "SECURE" in attributes else mask_unmodelled(label, value or "")
            )
            return
        if value is None:
            raise self.fail(f"<Custom> for {spec.name} has no Value", line)
        if spec.name in found:
            raise self.fail(
                f"{spec.name} is given twice for {quote_name(location, bare=True)} (lines "
                f"{found[spec.name][1]} and "
                f"{value_line})",
                value_line,
            )
        found[spec.name] = (value, value_line, "SECURE" in attributes)

    def _unmodelled(self, name: str, text: str, line: int, location: str, in_tree: bool) -> None:
        if not in_tree:
            return
        near = _SPECS_BY_UPPER.get(name.upper())
        if near is not None:
            self.notes.append(
                f"line {line}: attribute {quote_name(name)} at {quote_name(location, bare=True)} "
                f"is not {near.name} (MetaBase.xml "
                "is case-sensitive); IIS does not read it as that property"
            )

    def _value(self, spec: PropertySpec, text: str, line: int) -> PropValue:
        """A property value as the model holds it; anything IIS could not read is an error."""
        stripped = text.strip()
        try:
            value: object
            if spec.type is PropType.FLAGS:
                value = parse_flags(spec.name, stripped)
            elif spec.type is PropType.DWORD:
                value = _dword(spec.name, stripped)
            elif spec.type is PropType.BOOL:
                value = _bool(spec.name, stripped)
            elif spec.type is PropType.MULTISZ:
                # IIS writes the entries one per line; XML attribute normalisation turns the line
                # breaks into spaces. The one MULTISZ the model knows (ServerBindings) has no
                # whitespace inside an entry, so any whitespace separates entries.
                value = tuple(stripped.split())
            else:
                value = text
            return coerce_value(spec, value)
        except ModelError as exc:
            # The schema types the value (flags, DWORD, BOOL), so no field name is passed: a
            # value is withheld when it looks like a secret itself.
            raise self.fail(scrub(str(exc), [stripped, exc.subject]), line) from exc

    # -- the model -------------------------------------------------------------------------------
    def _build(self, keys: list[_Key]) -> tuple[MetabaseTree, dict[tuple[str, str], SecureValue]]:
        own = [key for key in keys if key.record.tree_location == key.record.location]
        keys = own + self._inherited(own, [k for k in keys if k not in own])
        seen: dict[str, _Key] = {}
        for key in keys:
            upper = _normal_location(key.record.location).upper()
            if upper in seen:
                raise self.fail(
                    f"Location {quote_name(key.record.location)} appears twice (lines "
                    f"{seen[upper].record.line} and {key.record.line}); IIS refuses such a file",
                    key.record.line,
                )
            seen[upper] = key
        # Parents first, so each stored location keeps the case its own element gives it.
        ordered = sorted(keys, key=lambda k: _depth(k.record.location))
        try:
            tree = MetabaseTree(
                MetabaseKey(key.record.location, key.record.key_class, key.properties)
                for key in ordered
            )
        except ModelError as exc:
            culprit = seen.get(_normal_location(exc.subject or "").upper())
            message = scrub(str(exc), names=[exc.subject])
            raise self.fail(message, culprit.record.line if culprit else None) from exc
        secure: dict[tuple[str, str], SecureValue] = {}
        for key in ordered:
            stored = tree.find_key(key.record.location)
            location = stored.location if stored is not None else key.record.location
            for name, (state, line) in key.secure.items():
                secure[(location.upper(), name)] = SecureValue(location, name, state, line)
        return tree, secure

    def _inherited(self, own: list[_Key], inherited: list[_Key]) -> list[_Key]:
        """Inherited properties as keys at their parents; a parent the file has keeps what it
        sets itself and gains only what it does not set."""
        by_location = {_normal_location(k.record.location).upper(): k for k in own}
        extra: list[_Key] = []
        for key in inherited:
            location = key.record.tree_location
            parent = by_location.get(_normal_location(location).upper())
            if parent is None:
                record = attrs.evolve(key.record, location=location)
                parent = _Key(record, {}, {})
                by_location[_normal_location(location).upper()] = parent
                extra.append(parent)
            for name, value in key.properties.items():
                if name not in parent.properties:
                    parent.properties[name] = value
                    if name in key.secure:
                        parent.secure[name] = key.secure[name]
        return extra

    # -- lines ------------------------------------------------------------------------------------
    def _start(self, element: etree._Element) -> int:
        return xmlsafe.start_line(element, self.lines) or 1

    def _attribute_lines(self, element: etree._Element) -> dict[str, int]:
        """The line each attribute of an element is on: lxml knows only where the start tag
        ends, and real files put one attribute per line."""
        start = self._start(element) - 1
        end = xmlsafe.line_of(element) or start + 1
        names = [str(name) for name in element.attrib]
        found: dict[str, int] = {}
        if not names:
            return found
        pattern = re.compile(
            r"(?:^|[\s\"'])(" + "|".join(re.escape(name) for name in names) + r")\s*="
        )
        for index in range(start, min(len(self.lines), end)):
            for match in pattern.finditer(self.lines[index]):
                found.setdefault(match.group(1), index + 1)
        return found


# -- helpers ---------------------------------------------------------------------------------------


def _secure_state(text: str) -> SecureState:
    stripped = text.strip()
    if not stripped:
        return SecureState.EMPTY
    if stripped.upper().startswith("NOLONGERVALID"):
        return SecureState.INVALID
    return SecureState.ENCRYPTED


def _dword(name: str, text: str) -> int:
    if re.fullmatch(r"\d{1,10}", text):
        return int(text)
    if re.fullmatch(r"0[xX][0-9a-fA-F]{1,8}", text):
        return int(text, 16)
    raise ModelError(f"{name} is a DWORD: {quote(text)} is not a number")


def _bool(name: str, text: str) -> bool:
    upper = text.upper()
    if upper in ("TRUE", "1"):
        return True
    if upper in ("FALSE", "0"):
        return False
    raise ModelError(f"{name} is a BOOL: {quote(text)} is neither TRUE nor FALSE")


def _canonical(prop: str) -> str:
    spec = _SPECS_BY_UPPER.get(prop.strip().upper())
    return spec.name if spec is not None else prop


def _normal_location(location: str) -> str:
    """Without surrounding spaces or a trailing "/" ("/" itself and "." stay as they are)."""
    stripped = location.strip()
    if stripped in _OUTSIDE_TREE:
        return stripped
    return stripped.rstrip("/") or "/"


def _segments(location: str) -> list[str]:
    return [part for part in location.strip().split("/") if part]


def _under_lm(location: str) -> bool:
    parts = _segments(location)
    return bool(parts) and parts[0].upper() == "LM"


def _same_location(a: str, b: str) -> bool:
    return [p.upper() for p in _segments(a)] == [p.upper() for p in _segments(b)]


def _depth(location: str) -> int:
    return len(_segments(location))
