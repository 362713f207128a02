"""Evidence quotes what a bundle holds, and a bundle may hold anything: control characters and
terminal escape sequences that would repaint a console, characters XML 1.0 can not carry.
Reports show them as visible escapes instead."""

from __future__ import annotations

import re
from typing import Final

#: C0 controls but tab and newline, DEL and C1 controls; lone surrogates (from file names that
#: are not UTF-8); and U+FFFE/U+FFFF, which XML 1.0 forbids.
_UNSAFE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """``text`` with every unsafe character written as ``\\xNN`` or ``\\uNNNN``."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
