"""`reg export HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa lsa.reg` (and regedit exports).

Format facts, from real exports in public repositories and the .reg format notes at
http://www.dit.upm.es/~galan/reg.txt:

- UTF-16LE with a BOM, CRLF; the first line is ``Windows Registry Editor Version 5.00``
  (``REGEDIT4`` for the older ANSI format, whose hex(2)/hex(7) strings are single-byte).
- ``[HKEY_LOCAL_MACHINE\\...]`` starts a key; a key with subkeys is followed by each subkey's own
  block, and a key that holds no values still gets its header.
- ``"name"="string"`` (``\\\\`` and ``\\"`` escaped), ``@=`` for the default value,
  ``"name"=dword:0000000a`` (8 lower-case hex digits), ``hex:`` (REG_BINARY), ``hex(2):``
  (REG_EXPAND_SZ), ``hex(7):`` (REG_MULTI_SZ), ``hex(b):`` (REG_QWORD) and ``hex(0):`` as
  comma-separated bytes; long hex data continues on the next line after a trailing ``\\`` and
  two spaces of indent. ``;`` starts a comment line.

Values keep their line number; lookups take the key in any case and with ``HKLM`` or
``HKEY_LOCAL_MACHINE`` as its root.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from ..errors import BundleError, quote_name
from .text import decode, read_bytes

MAX_REG_BYTES = 16 * 1024 * 1024

HEADER_V5 = "Windows Registry Editor Version 5.00"
HEADER_V4 = "REGEDIT4"

REG_NONE = 0
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_DWORD_BIG_ENDIAN = 5
REG_MULTI_SZ = 7
REG_QWORD = 11
TYPE_NAMES = {
    REG_SZ: "REG_SZ",
    REG_EXPAND_SZ: "REG_EXPAND_SZ",
    REG_BINARY: "REG_BINARY",
    REG_DWORD: "REG_DWORD",
    REG_DWORD_BIG_ENDIAN: "REG_DWORD_BIG_ENDIAN",
    REG_MULTI_SZ: "REG_MULTI_SZ",
    REG_QWORD: "REG_QWORD",
}

ROOTS = {
    "HKEY_LOCAL_MACHINE": "HKEY_LOCAL_MACHINE",
    "HKLM": "HKEY_LOCAL_MACHINE",
    "MACHINE": "HKEY_LOCAL_MACHINE",
    "HKEY_CURRENT_USER": "HKEY_CURRENT_USER",
    "HKCU": "HKEY_CURRENT_USER",
    "HKEY_USERS": "HKEY_USERS",
    "HKU": "HKEY_USERS",
    "HKEY_CLASSES_ROOT": "HKEY_CLASSES_ROOT",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKEY_CURRENT_CONFIG": "HKEY_CURRENT_CONFIG",
    "HKCC": "HKEY_CURRENT_CONFIG",
}

_DWORD = re.compile(r"dword:([0-9a-fA-F]{1,8})", re.IGNORECASE)
_HEX = re.compile(r"hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)", re.IGNORECASE | re.DOTALL)
_BYTE = re.compile(r"[0-9a-fA-F]{1,2}")

Data = int | str | tuple[str, ...] | bytes


@attrs.frozen
class RegExportValue:
    """One value line. ``type`` is the REG_* number; ``data`` is an int for REG_DWORD (and
    REG_QWORD), a str for REG_SZ/REG_EXPAND_SZ, a tuple for REG_MULTI_SZ, bytes otherwise."""

    key: str  # as written in the file, e.g. HKEY_LOCAL_MACHINE\SYSTEM\...\Lsa
    name: str  # "" for the default value (@)
    type: int
    data: Data
    line: int

    @property
    def type_name(self) -> str:
        """The REG_* name regedit's export stands for ("REG_DWORD"), or "REG_<n>" for others."""
        return TYPE_NAMES.get(self.type, f"REG_{self.type}")


@attrs.frozen
class RegExportKey:
    path: str  # as written
    line: int
    values: tuple[RegExportValue, ...]


@attrs.frozen
class RegExport:
    path: str
    version: str  # "5.00" or "4"
    keys: tuple[RegExportKey, ...]

    def key(self, key: str) -> RegExportKey | None:
        wanted = normalize(key)
        for candidate in self.keys:
            if normalize(candidate.path) == wanted:
                return candidate
        return None

    def has_key(self, key: str) -> bool:
        return self.key(key) is not None

    def values(self, key: str) -> tuple[RegExportValue, ...]:
        found = self.key(key)
        return () if found is None else found.values

    def get(self, key: str, name: str) -> RegExportValue | None:
        wanted = name.lower()
        for value in self.values(key):
            if value.name.lower() == wanted:
                return value
        return None

    def dword(self, key: str, name: str) -> int | None:
        value = self.get(key, name)
        if value is None or value.type != REG_DWORD or not isinstance(value.data, int):
            return None
        return value.data

    def subkeys(self, key: str) -> list[str]:
        prefix = normalize(key) + "\\"
        return [k.path for k in self.keys if normalize(k.path).startswith(prefix)]

    def __iter__(self) -> Iterator[RegExportValue]:
        for key in self.keys:
            yield from key.values


def normalize(key: str) -> str:
    """A key path for comparison: full root name, no surrounding backslashes, lower case."""
    parts = [p for p in key.strip().strip("\\").split("\\")]
    if parts:
        parts[0] = ROOTS.get(parts[0].upper(), parts[0])
    return "\\".join(parts).lower()


def read_reg_export(path: Path) -> RegExport:
    return parse_reg_export(decode(read_bytes(path, MAX_REG_BYTES), path), path)


def parse_reg_export(text: str, path: Path | str = "lsa.reg") -> RegExport:
    physical = re.split(r"\r\n|\r|\n", text)
    version: str | None = None
    keys: list[RegExportKey] = []
    current: tuple[str, int, list[RegExportValue]] | None = None
    names: set[str] = set()
    for number, line in _logical_lines(physical, path):
        stripped = line.strip().lstrip("\ufeff")
        if version is None:
            if not stripped:
                continue
            if stripped == HEADER_V5:
                version = "5.00"
                continue
            if stripped == HEADER_V4:
                version = "4"
                continue
            raise BundleError(
                path, f"does not start with {HEADER_V5!r} (or REGEDIT4): not a reg export", number
            )
        if not stripped or stripped.startswith(";"):
            continue
        if stripped.startswith("["):
            if not stripped.endswith("]") or len(stripped) < 3:
                raise BundleError(path, "has a key line without its closing ]", number)
            key = stripped[1:-1]
            if key.startswith("-"):
                raise BundleError(path, "deletes a key ([-...]); reg export never does", number)
            if key.split("\\", 1)[0].upper() not in ROOTS:
                raise BundleError(path, "has a key that does not start with a root key", number)
            if current is not None:
                keys.append(RegExportKey(current[0], current[1], tuple(current[2])))
            current = (key, number, [])
            names = set()
            continue
        if current is None:
            raise BundleError(path, "has a value before the first [key] line", number)
        name, data_text = _split_value(stripped, path, number)
        if name.lower() in names:
            shown = quote_name(name) if name else "'@'"
            raise BundleError(path, f"sets the value {shown} twice in one key", number)
        names.add(name.lower())
        kind, data = _data(data_text, version == "4", path, number)
        current[2].append(RegExportValue(current[0], name, kind, data, number))
    if version is None:
        raise BundleError(path, "is empty: not a reg export", 1)
    if current is not None:
        keys.append(RegExportKey(current[0], current[1], tuple(current[2])))
    return RegExport(str(path), version, tuple(keys))


def _logical_lines(physical: list[str], path: Path | str) -> Iterator[tuple[int, str]]:
    """Lines with hex continuations joined, each with the number of its first physical line."""
    index = 0
    while index < len(physical):
        start = index
        line = physical[index]
        index += 1
        while line.rstrip().endswith("\\") and not line.lstrip().startswith(("[", ";")):
            if index >= len(physical) or not physical[index].strip():
                raise BundleError(path, "ends inside a continued value", start + 1)
            line = line.rstrip()[:-1] + physical[index].strip()
            index += 1
        yield start + 1, line


def _split_value(line: str, path: Path | str, number: int) -> tuple[str, str]:
    """``"name"=data`` or ``@=data`` -> (name, data text)."""
    if line.startswith("@"):
        rest = line[1:].lstrip()
        if not rest.startswith("="):
            raise BundleError(path, "has a default value (@) without =", number)
        return "", rest[1:].strip()
    if not line.startswith('"'):
        raise BundleError(path, 'has a line that is neither [key] nor "name"=value', number)
    name, end = _quoted(line, 0, path, number)
    rest = line[end:].lstrip()
    if not rest.startswith("="):
        raise BundleError(path, f"has no = after the value name {quote_name(name)}", number)
    return name, rest[1:].strip()


def _quoted(text: str, start: int, path: Path | str, number: int) -> tuple[str, int]:
    """The unescaped content of the quoted string at ``start`` and the index after it."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if char == '"':
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise BundleError(path, "has a quoted string without its closing quote", number)


def _data(text: str, ansi: bool, path: Path | str, number: int) -> tuple[int, Data]:
    if text == "-":
        raise BundleError(path, "deletes a value (=-); reg export never does", number)
    if text.startswith('"'):
        value, end = _quoted(text, 0, path, number)
        if text[end:].strip():
            raise BundleError(path, "has text after a quoted string value", number)
        return REG_SZ, value
    match = _DWORD.fullmatch(text)
    if match is not None:
        return REG_DWORD, int(match.group(1), 16)
    match = _HEX.fullmatch(text)
    if match is None:
        raise BundleError(path, "has a value that is not a string, dword: or hex:", number)
    kind = int(match.group(1), 16) if match.group(1) is not None else REG_BINARY
    raw = _hex_bytes(match.group(2), path, number)
    return kind, _typed(kind, raw, ansi, path, number)


def _hex_bytes(text: str, path: Path | str, number: int) -> bytes:
    body = text.strip()
    if not body:
        return b""
    parts = [p.strip() for p in body.split(",")]
    if parts and parts[-1] == "":
        parts.pop()  # a trailing comma
    if not all(_BYTE.fullmatch(p) for p in parts):
        raise BundleError(path, "has hex data that is not comma-separated bytes", number)
    return bytes(int(p, 16) for p in parts)


def _typed(kind: int, raw: bytes, ansi: bool, path: Path | str, number: int) -> Data:
    if kind in (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ):
        text = _string(raw, ansi, path, number)
        if kind == REG_MULTI_SZ:
            items = text.split("\0")
            while items and items[-1] == "":
                items.pop()
            return tuple(items)
        return text.split("\0", 1)[0]
    if kind in (REG_DWORD, REG_DWORD_BIG_ENDIAN) and len(raw) == 4:
        return int.from_bytes(raw, "little" if kind == REG_DWORD else "big")
    if kind == REG_QWORD and len(raw) == 8:
        return int.from_bytes(raw, "little")
    if kind == REG_DWORD:
        raise BundleError(path, "has a hex(4) DWORD that is not 4 bytes", number)
    return raw


def _string(raw: bytes, ansi: bool, path: Path | str, number: int) -> str:
    if ansi:
        return raw.decode("cp1252", errors="replace")
    if len(raw) % 2:
        raise BundleError(path, "has UTF-16 string data with an odd number of bytes", number)
    return raw.decode("utf-16-le", errors="replace")
