"""`net localgroup GROUP` output (the bundle's ``net-localgroup-<GROUP>.txt``).

Layout (transcripts of `net localgroup Administrators` in public write-ups; the simulator's
`net_render.render_net_localgroup` follows them): "Alias name" and "Comment" padded to 15
columns, a blank line, "Members", a blank line, a line of dashes, one member per line, then "The
command completed successfully.". Real transcripts also drop the blank line before the dashes,
and tools that relay the output (a C2 beacon) end every line CR CR LF, which reads as a blank
line after each (tests/fixtures/real/net-localgroup); blank lines are therefore not counted.
Members are bare names for the machine's own accounts (or, on
a domain controller, the domain's), ``DOMAIN\\name`` for others, ``NT AUTHORITY\\Authenticated
Users``, ``Everyone``, or a SID string that no longer resolves.

A group that does not exist prints "System error 1376 has occurred." and "The specified local
group does not exist."; the document then says so (``exists`` False) rather than failing.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from ..errors import BundleError
from .net_user import COMPLETED, MAX_NET_BYTES, NetError
from .text import decode, read_bytes

NO_SUCH_GROUP = "The specified local group does not exist."
ERROR_NO_SUCH_ALIAS = 1376

_SYSTEM_ERROR = re.compile(r"System error (\d+) has occurred\.?\s*$", re.I)
_HELPMSG = re.compile(r"More help is available by typing NET HELPMSG (\d+)\.?\s*$", re.I)
_DASHES = re.compile(r"-{10,}")
_LABEL = re.compile(r"(Alias name|Comment)(?:\s+(.*))?$", re.I)


@attrs.frozen
class Member:
    name: str  # as printed: "IUSR_WEB01", "CONTOSO\\Domain Users", "Everyone"
    line: int

    @property
    def authority(self) -> str | None:
        authority, sep, _ = self.name.rpartition("\\")
        return authority if sep else None

    @property
    def short_name(self) -> str:
        return self.name.rpartition("\\")[2]


@attrs.frozen
class NetLocalGroupDocument:
    path: str
    exists: bool | None
    error: NetError | None = None
    alias_name: str | None = None
    comment: str | None = None
    members: tuple[Member, ...] = ()
    completed: bool = False
    lines: dict[str, int] = attrs.field(factory=dict)

    def member_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    def has_member(self, name: str, authority: str | None = None) -> bool:
        """``name`` (bare or ``AUTHORITY\\name``) is listed, compared case-insensitively; a bare
        entry matches any authority, as net localgroup leaves the local one out."""
        if "\\" in name and authority is None:
            authority, _, name = name.rpartition("\\")
        for member in self.members:
            if member.short_name.lower() != name.lower():
                continue
            if authority is None or member.authority is None:
                return True
            if member.authority.lower() == authority.lower():
                return True
        return False


def read_net_localgroup(path: Path) -> NetLocalGroupDocument:
    return parse_net_localgroup(decode(read_bytes(path, MAX_NET_BYTES), path), path)


def parse_net_localgroup(
    text: str, path: Path | str = "net-localgroup.txt"
) -> NetLocalGroupDocument:
    lines: dict[str, int] = {}
    values: dict[str, str] = {}
    members: list[Member] = []
    in_members = False
    seen_members_label = False
    completed = False
    error_code: int | None = None
    error_lines: list[tuple[int, str]] = []
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == COMPLETED:
            completed = True
            in_members = False
            continue
        if in_members:
            members.append(Member(stripped, number))
            continue
        found = _SYSTEM_ERROR.match(stripped) or _HELPMSG.match(stripped)
        if found is not None:
            error_code = error_code or int(found.group(1)[:9])
            error_lines.append((number, stripped))
            continue
        if error_lines:
            error_lines.append((number, stripped))
            continue
        if _DASHES.fullmatch(stripped):
            if not seen_members_label:
                raise BundleError(path, "has a line of dashes before 'Members'", number)
            in_members = True
            continue
        if stripped.lower() == "members":
            seen_members_label = True
            lines["members"] = number
            continue
        label = _LABEL.match(line)
        if label is not None:
            key = "alias_name" if label.group(1).lower() == "alias name" else "comment"
            if key in values:
                raise BundleError(path, f"prints {label.group(1)!r} twice", number)
            values[key] = (label.group(2) or "").strip()
            lines[key] = number
            continue
        if stripped.lower() == NO_SUCH_GROUP.lower():
            error_lines.append((number, stripped))
            error_code = error_code or ERROR_NO_SUCH_ALIAS
            continue
        if stripped.lower().startswith("the request will be processed at a domain controller"):
            continue
        raise BundleError(path, "has a line net localgroup does not print", number)
    error = None
    if error_lines:
        messages = [t for _, t in error_lines if not (_SYSTEM_ERROR.match(t) or _HELPMSG.match(t))]
        error = NetError(error_code, " ".join(messages), error_lines[0][0])
    if "alias_name" not in values:
        if error is None:
            raise BundleError(path, "is not the output of net localgroup GROUP", 1)
        exists = False if error.code == ERROR_NO_SUCH_ALIAS else None
        return NetLocalGroupDocument(str(path), exists, error, completed=completed)
    if not seen_members_label:
        raise BundleError(path, "has no 'Members' list", lines["alias_name"])
    return NetLocalGroupDocument(
        path=str(path),
        exists=True,
        error=error,
        alias_name=values["alias_name"],
        comment=values.get("comment"),
        members=tuple(members),
        completed=completed,
        lines=lines,
    )
