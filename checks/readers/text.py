"""Decoding the text files Windows tools write: UTF-16LE with a BOM (secedit, reg export),
UTF-8 with or without a BOM, or the ANSI code page (cp1252 on en-US servers)."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import BundleError

#: Larger than any real configuration or account file; logs have their own streaming readers.
MAX_TEXT_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise BundleError(path, f"is {size} bytes; more than the {limit} this file may hold")
        return path.read_bytes()
    except OSError as exc:
        raise BundleError(path, f"can not be read ({exc.strerror or exc})") from exc


def decode(data: bytes, path: Path) -> str:
    """Text of a Windows-written file, whichever of the usual encodings it is in."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return _strict(data[2:], "utf-16-le", path)
    if data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data[2:], "utf-16-be", path)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path)
    if len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        return _strict(data, "utf-16-le", path)  # UTF-16LE written without a BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    return decode(read_bytes(path, limit), path)


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise BundleError(path, f"is not valid {encoding.upper()}", line) from exc
