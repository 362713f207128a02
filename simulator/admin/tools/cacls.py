"""cacls: the pre-icacls NTFS tool, on every generation: `cacls PATH` shows the DACL and
`cacls PATH /E /G user:R|W|C|F`, `/E /R user`, `/E /D user` edit it (the file-system model is
`simulator.acl`, shared with icacls).

Output texts and their sources (facts only, nothing copied):

- `cacls /?` (usage): "CACLS filename [/T] [/E] [/C] [/G user:perm] [/R user [...]]
  [/P user:perm [...]] [/D user [...]]", the R/W/C/F perms, /R "only valid with /E"
  (Windows 2000/2003 help texts in the search index); on Windows Vista/Server 2008 and later
  the help starts with "NOTE: Cacls is now deprecated, please use Icacls." (a `cacls /?`
  transcript). That note is confirmed in the help only, so only the help prints it here.
- Display: the path, a space and the first entry, further entries aligned under it,
  "NAME:(OI)(CI)(IO)F"-style entries, perms F, C, R, W, "N" for a deny of everything, and
  "(special access:)" followed by the rights' names (DELETE, READ_CONTROL, ..., FILE_READ_DATA,
  ...) one a line for any other mask; a blank line at the end (a 2003-era `cacls` listing in
  the search index shows the entries, the special-access form and the flags).
- An edit prints "processed dir: PATH" or "processed file: PATH" (from memory).
- "No mapping between account names and security IDs was done." for an unknown account,
  "The system cannot find the file specified." for a missing path (Win32 messages).

Chosen without confirmation: "(ID)" after the flags for an inherited entry on 2008+ (2003's
cacls shows none); the exit codes (1 on any error); that /G and /D on a folder write an
(OI)(CI) entry; that /G adds to the account's explicit grant; that /R removes the account's
explicit entries, allow and deny.
"""

from __future__ import annotations

import re
from typing import Final

from winfacts.errors import ModelError

from ...acl import AccessMask, Ace, AceType, Entry, InheritFlags, split_path
from ...events import OsFamily
from ...host import Host
from ..cmdline import windows_dir
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_NOTE: Final = "NOTE: Cacls is now deprecated, please use Icacls.\n\n"
_USAGE: Final = (
    "Displays or modifies access control lists (ACLs) of files\n\n"
    "CACLS filename [/T] [/E] [/C] [/G user:perm] [/R user [...]]\n"
    "               [/P user:perm [...]] [/D user [...]]\n"
    "   filename      Displays ACLs.\n"
    "   /E            Edit ACL instead of replacing it.\n"
    "   /G user:perm  Grant specified user access rights.\n"
    "                 Perm can be: R  Read\n"
    "                              W  Write\n"
    "                              C  Change (write)\n"
    "                              F  Full control\n"
    "   /R user       Revoke specified user's access rights (only valid with /E).\n"
    "   /D user       Deny specified user access.\n"
)
_NONE_MAPPED: Final = "No mapping between account names and security IDs was done."
_NOT_FOUND: Final = "The system cannot find the file specified."

PERMS: Final = {
    "R": AccessMask.RX,
    "W": AccessMask.FILE_GENERIC_WRITE,
    "C": AccessMask.M,
    "F": AccessMask.F,
}
_G = AccessMask
#: Masks cacls prints as one letter (the generic forms are what inherit-only entries hold).
_LETTERS: Final = {
    int(_G.F): "F",
    int(_G.GENERIC_ALL): "F",
    int(_G.M): "C",
    int(_G.GENERIC_READ | _G.GENERIC_WRITE | _G.GENERIC_EXECUTE | _G.DELETE): "C",
    int(_G.RX): "R",
    int(_G.GENERIC_READ | _G.GENERIC_EXECUTE): "R",
    int(_G.FILE_GENERIC_WRITE): "W",
    int(_G.W): "W",
    int(_G.GENERIC_WRITE): "W",
}
#: Names of the rights "(special access:)" lists, in the order cacls lists them.
_SPECIAL: Final = (
    ("GENERIC_ALL", _G.GENERIC_ALL),
    ("GENERIC_READ", _G.GENERIC_READ),
    ("GENERIC_WRITE", _G.GENERIC_WRITE),
    ("GENERIC_EXECUTE", _G.GENERIC_EXECUTE),
    ("DELETE", _G.DELETE),
    ("READ_CONTROL", _G.READ_CONTROL),
    ("WRITE_DAC", _G.WRITE_DAC),
    ("WRITE_OWNER", _G.WRITE_OWNER),
    ("SYNCHRONIZE", _G.SYNCHRONIZE),
    ("ACCESS_SYSTEM_SECURITY", _G.ACCESS_SYSTEM_SECURITY),
    ("FILE_READ_DATA", _G.FILE_READ_DATA),
    ("FILE_WRITE_DATA", _G.FILE_WRITE_DATA),
    ("FILE_APPEND_DATA", _G.FILE_APPEND_DATA),
    ("FILE_READ_EA", _G.FILE_READ_EA),
    ("FILE_WRITE_EA", _G.FILE_WRITE_EA),
    ("FILE_EXECUTE", _G.FILE_EXECUTE),
    ("FILE_DELETE_CHILD", _G.FILE_DELETE_CHILD),
    ("FILE_READ_ATTRIBUTES", _G.FILE_READ_ATTRIBUTES),
    ("FILE_WRITE_ATTRIBUTES", _G.FILE_WRITE_ATTRIBUTES),
)


def _name(host: Host, ace: Ace) -> str:
    return host.name_of(ace.sid) or str(ace.sid)


def _entry_lines(host: Host, ace: Ace) -> list[str]:
    flags = "".join(
        f"({f.name})"
        for f in (InheritFlags.OI, InheritFlags.CI, InheritFlags.NP, InheritFlags.IO)
        if f in ace.flags
    )
    if ace.inherited and host.os is not OsFamily.WS2003:
        flags += "(ID)"
    head = f"{_name(host, ace)}:{flags}"
    mask = int(ace.mask)
    if ace.is_deny:
        if mask in (int(_G.F), int(_G.GENERIC_ALL)):
            return [head + "N"]
        head += "(DENY)"
    letter = _LETTERS.get(mask)
    if letter is not None:
        return [head + letter]
    return [head + "(special access:)"] + [name for name, bit in _SPECIAL if ace.mask & bit == bit]


def render(host: Host, entry: Entry) -> str:
    """`cacls PATH`'s listing of one file or folder."""
    pad = " " * (len(entry.path) + 1)
    lines: list[str] = []
    for ace in entry.dacl:
        first, *rest = _entry_lines(host, ace)
        lines.append(first)
        indent = " " * (len(first) - len("(special access:)")) if rest else ""
        lines += [indent + r for r in rest]
    if not lines:
        return f"{entry.path} \n\n"
    body = [f"{entry.path} {lines[0]}"] + [pad + line for line in lines[1:]]
    return "\n".join(body) + "\n\n"


def _locate(host: Host, typed: str) -> str | None:
    text = typed.replace("/", "\\")
    if not re.match(r"^[A-Za-z]:", text):
        text = windows_dir(host) + r"\system32" + "\\" + text
    try:
        drive, parts = split_path(text)
    except ModelError:
        return None
    path = f"{drive}:\\" + "\\".join(parts)
    return path if host.fs.exists(path) else None


def _usage(host: Host) -> CommandResult:
    note = "" if host.os is OsFamily.WS2003 else _NOTE
    return _fail(1, note + _USAGE)


@register("cacls", "Displays or modifies access control lists (ACLs) of files.")
def _cacls(host: Host, args: list[str]) -> CommandResult:
    if not args or args[0] in ("/?", "-?"):
        return _usage(host)
    path = _locate(host, args[0])
    if path is None:
        return _fail(1, _NOT_FOUND)
    rest = args[1:]
    if not rest:
        return _ok(render(host, host.fs.entry(path)))
    edits: list[tuple[str, str]] = []
    edit = False
    i = 0
    while i < len(rest):
        switch = rest[i].lower()
        if switch == "/e":
            edit = True
        elif switch in ("/g", "/r", "/d"):
            names: list[str] = []
            while i + 1 < len(rest) and not rest[i + 1].startswith("/"):
                names.append(rest[i + 1])
                i += 1
            if not names:
                return _usage(host)
            edits += [(switch[1], n) for n in names]
        elif switch in ("/t", "/c", "/p"):
            return _fail(1, f"cacls {rest[i]} is not modelled by this simulator.")
        else:
            return _usage(host)
        i += 1
    if not edit:
        return _fail(
            1, "cacls without /E (replacing the whole ACL) is not modelled by this simulator."
        )
    resolved: list[tuple[str, Ace]] = []
    for verb, text in edits:
        name, perm = text, "F"
        if verb == "g":
            name, sep, perm = text.rpartition(":")
            if not sep or perm.upper() not in PERMS:
                return _usage(host)
        sid = host.resolve(name)
        if sid is None:
            return _fail(1, _NONE_MAPPED)
        kind = AceType.DENY if verb == "d" else AceType.ALLOW
        resolved.append((verb, Ace(kind, sid, PERMS[perm.upper()])))
    entry = host.fs.entry(path)
    flags = InheritFlags.OI | InheritFlags.CI if entry.is_folder else InheritFlags.NONE
    explicit = list(entry.dacl.explicit)
    for verb, ace in resolved:
        if verb == "r":
            explicit = [a for a in explicit if a.sid != ace.sid]
            continue
        new = ace.evolve(flags=flags)
        for index, old in enumerate(explicit):
            if old.sid == new.sid and old.type is new.type and old.flags == new.flags:
                explicit[index] = old.evolve(mask=AccessMask(old.mask | new.mask))
                break
        else:
            explicit.append(new)
    host.fs.set_dacl(path, explicit)
    what = "dir" if entry.is_folder else "file"
    return _ok(f"processed {what}: {entry.path}\n")
