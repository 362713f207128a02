"""LDIF's one encoding rule (RFC 2849): which values are written as they are.

A value is a SAFE-STRING, written ``attr: value``, when all its bytes are ASCII other than NUL,
LF and CR, and it neither starts with a space, ``:`` or ``<`` nor ends with a space; anything
else is written ``attr:: base64``. The simulator's ldifde/ldapsearch exports and the live
directory reader's LDIF both write by it.
"""

from __future__ import annotations

import base64


def is_safe_string(value: bytes) -> bool:
    """Whether ``value`` may stand in an LDIF line as it is."""
    return (
        value.isascii()
        and not any(byte in (0, 10, 13) for byte in value)
        and not value.startswith((b" ", b":", b"<"))
        and not value.endswith(b" ")
    )


def attribute_line(name: str, value: bytes) -> str:
    """One unfolded LDIF line for ``name`` and ``value``."""
    if is_safe_string(value):
        return f"{name}: {value.decode('ascii')}"
    return f"{name}:: {base64.b64encode(value).decode('ascii')}"
