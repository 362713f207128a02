"""`reg export KEY FILE`: a key and every subkey below it, as reg.exe writes the file.

Layout (facts from real exports in public repositories; see `checks.readers.lsa_reg`):
UTF-16LE with a BOM, CRLF; ``Windows Registry Editor Version 5.00`` and a blank line; each key as
``[HKEY_LOCAL_MACHINE\\...]``, its values, a blank line; subkeys after their parent, in name order
(case-insensitive, as RegEnumKeyEx returns them); a key with no values still gets its header.
Values: ``"name"="data"`` with ``\\`` and ``"`` escaped, ``@=`` for the default value,
``dword:`` with 8 lower-case hex digits, and ``hex:`` / ``hex(2):`` / ``hex(7):`` bytes (UTF-16LE
strings, each NUL-terminated, a REG_MULTI_SZ ending in an extra NUL). Hex data wraps after the
byte whose comma brings the line to 77 characters or more, with ``\\`` and a two-space indent on
the next line: "ImagePath"=hex(2): carries 20 bytes on its first line and 25 on each following
one, as in captured exports.

Chosen without a source: values come in the order the model stored them (Windows returns them in
creation order, which the model's insertion order stands for).
"""

from __future__ import annotations

import codecs

from winfacts.errors import ModelError

from ..registry import Registry, RegType, RegValue, normalize_key

HEADER = "Windows Registry Editor Version 5.00"
CRLF = "\r\n"
#: reg.exe breaks a hex line once it reaches this many characters (see the module doc).
WRAP_AT = 77
_HEX_PREFIX = {RegType.REG_BINARY: "hex:", RegType.REG_EXPAND_SZ: "hex(2):"}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _hex_lines(prefix: str, data: bytes) -> str:
    """``prefix`` then the bytes, wrapped as reg.exe wraps them."""
    out = [prefix]
    length = len(prefix)
    for index, byte in enumerate(data):
        out.append(f"{byte:02x}")
        if index == len(data) - 1:
            break
        out.append(",")
        length += 3
        if length >= WRAP_AT:
            out.append("\\" + CRLF + "  ")
            length = 2
    return "".join(out)


def _utf16z(text: str) -> bytes:
    return (text + "\0").encode("utf-16-le")


def value_line(value: RegValue) -> str:
    name = "@" if value.name == "" else f'"{_escape(value.name)}"'
    head = f"{name}="
    data = value.data
    kind = value.type
    if kind is RegType.REG_SZ:
        return f'{head}"{_escape(str(data))}"'
    if kind is RegType.REG_DWORD and isinstance(data, int):
        return f"{head}dword:{data:08x}"
    if kind is RegType.REG_MULTI_SZ:
        items = data if isinstance(data, tuple) else (str(data),)
        raw = b"".join(_utf16z(item) for item in items) + "\0".encode("utf-16-le")
        return _hex_lines(head + "hex(7):", raw)
    if kind is RegType.REG_EXPAND_SZ:
        return _hex_lines(head + "hex(2):", _utf16z(str(data)))
    raw = data if isinstance(data, bytes) else str(data).encode("utf-16-le")
    return _hex_lines(head + _HEX_PREFIX.get(kind, "hex:"), raw)


def _sort_key(path: str) -> list[str]:
    return [part.upper() for part in path.split("\\")]


def export_keys(registry: Registry, key: str) -> list[str]:
    """``key`` and every key below it, spelled as stored, parents first, siblings by name."""
    root = normalize_key(key)
    depth = root.count("\\") + 1
    spelled_keys = registry.keys()
    stored = {k.lower(): k for k in spelled_keys}
    found: dict[str, str] = {}
    if root.lower() in stored:
        found[root.lower()] = stored[root.lower()]
    for spelled in registry.subkeys(root):
        parts = spelled.split("\\")
        for end in range(depth, len(parts) + 1):
            prefix = "\\".join(parts[:end])
            found.setdefault(prefix.lower(), prefix)
    if not found:
        raise ModelError(
            "ERROR: The system was unable to find the specified registry key or value.",
            subject=key,
        )
    return sorted(found.values(), key=_sort_key)


def reg_export_text(registry: Registry, key: str) -> str:
    lines = [HEADER, ""]
    for path in export_keys(registry, key):
        lines.append("[HKEY_LOCAL_MACHINE" + path[len("HKLM") :] + "]")
        lines += [value_line(value) for value in registry.values(path)]
        lines.append("")
    return CRLF.join(lines) + CRLF


def write_reg_export(registry: Registry, key: str) -> bytes:
    """The file `reg export KEY FILE` writes: a UTF-16LE byte order mark, then the text."""
    return codecs.BOM_UTF16_LE + reg_export_text(registry, key).encode("utf-16-le")
