"""Security identifiers in their string (S-1-5-21-...) and binary (MS-DTYP 2.4.2.2) forms."""

from __future__ import annotations

import functools
import re
import struct

import attrs

from .errors import ModelError

_SID_RE = re.compile(r"^S-1-(\d+)((?:-\d+){0,15})$", re.IGNORECASE)
_MAX_AUTHORITY = (1 << 48) - 1
_MAX_SUB = (1 << 32) - 1


@attrs.frozen(order=True, repr=False, cache_hash=True)
class Sid:
    """A SID. Immutable and hashable: tokens and rights assignments are sets of these."""

    authority: int
    subauthorities: tuple[int, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.authority <= _MAX_AUTHORITY:
            raise ModelError(f"SID identifier authority {self.authority} is out of range")
        if len(self.subauthorities) > 15:
            raise ModelError("a SID has at most 15 sub-authorities")
        for sub in self.subauthorities:
            if not 0 <= sub <= _MAX_SUB:
                raise ModelError(f"SID sub-authority {sub} is out of range")

    @classmethod
    def parse(cls, text: str) -> Sid:
        return _parse(text)

    @staticmethod
    def _parse_uncached(text: str) -> Sid:
        match = _SID_RE.match(text.strip())
        if match is None:
            raise ModelError(f"{text!r} is not a SID in S-1-... form", subject=text)
        subs = tuple(int(part) for part in match.group(2).split("-")[1:])
        return Sid(int(match.group(1)), subs)

    @classmethod
    def from_bytes(cls, data: bytes) -> Sid:
        if len(data) < 8 or data[0] != 1:
            raise ModelError("binary SID must start with revision 1 and be at least 8 bytes")
        count = data[1]
        if len(data) != 8 + 4 * count:
            raise ModelError(
                f"binary SID declares {count} sub-authorities but is {len(data)} bytes long"
            )
        authority = int.from_bytes(data[2:8], "big")
        subs = struct.unpack(f"<{count}I", data[8:]) if count else ()
        return cls(authority, tuple(subs))

    def to_bytes(self) -> bytes:
        head = bytes([1, len(self.subauthorities)]) + self.authority.to_bytes(6, "big")
        return head + struct.pack(f"<{len(self.subauthorities)}I", *self.subauthorities)

    @property
    def rid(self) -> int:
        """The last sub-authority (the relative identifier of an account in its domain)."""
        if not self.subauthorities:
            raise ModelError(f"{self} has no relative identifier")
        return self.subauthorities[-1]

    @property
    def domain(self) -> Sid:
        """The SID of the domain (or machine) this account SID belongs to."""
        return Sid(self.authority, self.subauthorities[:-1])

    def child(self, rid: int) -> Sid:
        return Sid(self.authority, (*self.subauthorities, rid))

    def __str__(self) -> str:
        # Authorities of 2**32 and above are printed in hex, as ConvertSidToStringSid does.
        auth = str(self.authority) if self.authority < (1 << 32) else f"0x{self.authority:012X}"
        return "S-1-" + auth + "".join(f"-{s}" for s in self.subauthorities)

    def __repr__(self) -> str:
        return f"Sid('{self}')"


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Sid:
    """Sid.parse's memo: policy and ACL code parse the same few SID strings over and over."""
    return Sid._parse_uncached(text)
