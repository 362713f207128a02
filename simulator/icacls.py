"""The icacls command on the simulated file system: its arguments, its output, and a reader for it.

Output shapes follow captured runs of the real tool (facts, not text, taken from them):

- Display: the path, one space, the first ACE; each further ACE on its own line indented by the
  path's length plus one so it lines up under the first; a blank line; then
  ``Successfully processed 1 files; Failed processing 0 files`` (0xdf's HTB "Reel" write-up and
  https://superuser.com/questions/322423 show the layout).
- An ACE is ``NAME:`` then (I) when inherited, the inheritance flags in the order (OI)(CI)(NP)(IO),
  (DENY) for a deny ACE, and the rights: one simple right ("(RX)") or a comma list ("(GR,GE)",
  "(W,D,Rc,DC)", "(S,RD,X)"). Unresolved accounts print as bare SID strings.
- A change prints ``processed file: PATH`` and the summary, no blank line between.
- An unknown account prints ``NAME: No mapping between account names and security IDs was done.``
  and ``Successfully processed 0 files; Failed processing 1 files``; the exit code is 1332
  (ERROR_NONE_MAPPED). A missing file prints ``PATH: The system cannot find the file specified.``
  with the same summary and exits 2 (Keeper Secrets Manager's Python SDK tests icacls's return
  code for 2 and 1332; TryHackMe and HTB write-ups show the texts).

Rights letters and flags: ``icacls /?`` and
https://learn.microsoft.com/windows-server/administration/windows-commands/icacls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final

import attrs

from winfacts.errors import ModelError
from winfacts.sid import Sid

from .acl import (
    AccessMask,
    Ace,
    AceType,
    FileSystem,
    InheritFlags,
    NameResolver,
    name_of,
    split_path,
)

#: Maps a name as typed on the command line ("IUSR_WEB01", "WEB01\\IUSR_WEB01") to its SID.
SidResolver = Callable[[str], Sid | None]

ERROR_SUCCESS: Final = 0
ERROR_FILE_NOT_FOUND: Final = 2
ERROR_PATH_NOT_FOUND: Final = 3
ERROR_INVALID_PARAMETER: Final = 87
ERROR_INVALID_NAME: Final = 123
ERROR_NONE_MAPPED: Final = 1332

#: Win32 message texts (FormatMessage, English) for the errors icacls reports per file.
MESSAGES: Final = {
    ERROR_FILE_NOT_FOUND: "The system cannot find the file specified.",
    ERROR_PATH_NOT_FOUND: "The system cannot find the path specified.",
    ERROR_INVALID_PARAMETER: "The parameter is incorrect.",
    ERROR_INVALID_NAME: "The filename, directory name, or volume label syntax is incorrect.",
    ERROR_NONE_MAPPED: "No mapping between account names and security IDs was done.",
}

# Simple rights, tried in this order when rendering: each is printed when all its bits are in the
# mask and it adds something not already printed, so RX|W prints "RX,W" and not "RX,R,W".
_SIMPLE: Final = (
    ("F", AccessMask.F),
    ("M", AccessMask.M),
    ("RX", AccessMask.RX),
    ("R", AccessMask.R),
    ("W", AccessMask.W),
    ("D", AccessMask.D),
)
# Specific rights in the order icacls prints the leftovers ("DE,WDAC,WO,WD,DC", "S,RD,X",
# "W,D,Rc,GW,DC" are captured outputs). READ_CONTROL prints as "Rc" though /? spells it RC.
_SPECIFIC: Final = (
    ("DE", AccessMask.DELETE),
    ("Rc", AccessMask.READ_CONTROL),
    ("WDAC", AccessMask.WRITE_DAC),
    ("WO", AccessMask.WRITE_OWNER),
    ("S", AccessMask.SYNCHRONIZE),
    ("AS", AccessMask.ACCESS_SYSTEM_SECURITY),
    ("MA", AccessMask.MAXIMUM_ALLOWED),
    ("GR", AccessMask.GENERIC_READ),
    ("GW", AccessMask.GENERIC_WRITE),
    ("GE", AccessMask.GENERIC_EXECUTE),
    ("GA", AccessMask.GENERIC_ALL),
    ("RD", AccessMask.FILE_READ_DATA),
    ("WD", AccessMask.FILE_WRITE_DATA),
    ("AD", AccessMask.FILE_APPEND_DATA),
    ("REA", AccessMask.FILE_READ_EA),
    ("WEA", AccessMask.FILE_WRITE_EA),
    ("X", AccessMask.FILE_EXECUTE),
    ("DC", AccessMask.FILE_DELETE_CHILD),
    ("RA", AccessMask.FILE_READ_ATTRIBUTES),
    ("WA", AccessMask.FILE_WRITE_ATTRIBUTES),
)
#: Generic masks icacls prints as a simple right: GENERIC_ALL as F (C:\Windows's
#: (A;OICIIO;GA;;;SY) lists as "SYSTEM:(OI)(CI)(IO)(F)") and DELETE|GR|GW|GE as M (the drive
#: root's (A;OICIIO;SDGXGWGR;;;AU) lists as "Authenticated Users:(OI)(CI)(IO)(M)"). GR|GE is not
#: shown as RX: wwwroot lists "Users:(OI)(CI)(IO)(GR,GE)". Reading F or M back gives the file
#: rights, which is what the generic form maps to on any file or folder.
GENERIC_ALIASES: Final = {
    AccessMask.GENERIC_ALL: "F",
    AccessMask(
        AccessMask.DELETE
        | AccessMask.GENERIC_READ
        | AccessMask.GENERIC_WRITE
        | AccessMask.GENERIC_EXECUTE
    ): "M",
}
_TOKENS: Final = {name.upper(): mask for name, mask in (*_SIMPLE, *_SPECIFIC)} | {
    "N": AccessMask.NONE
}
_FLAG_ORDER: Final = (InheritFlags.OI, InheritFlags.CI, InheritFlags.NP, InheritFlags.IO)
_FLAG_NAMES: Final = {
    "OI": InheritFlags.OI,
    "CI": InheritFlags.CI,
    "NP": InheritFlags.NP,
    "IO": InheritFlags.IO,
}


# -- rights and ACEs as text ------------------------------------------------------------------
def format_rights(mask: int) -> str:
    """The text inside the last parentheses of an ACE: "RX", "GR,GE", "W,D,Rc,DC"."""
    mask = AccessMask(mask)
    alias = GENERIC_ALIASES.get(mask)
    if alias is not None:
        return alias
    if not mask:
        return "N"  # assumption: an empty mask prints as the "no access" letter
    names: list[str] = []
    covered = 0
    for name, simple in _SIMPLE:
        if mask & simple == simple and simple & ~covered:
            names.append(name)
            covered |= simple
    for name, bit in _SPECIFIC:
        if mask & bit and not covered & bit:
            names.append(name)
    return ",".join(names)


def parse_rights(text: str) -> AccessMask:
    """The mask of a rights list ("RX", "GR,GE", "rd,x"), case-insensitive."""
    mask = AccessMask.NONE
    for token in text.split(","):
        found = _TOKENS.get(token.strip().upper())
        if found is None:
            raise ModelError(f"{token.strip()!r} is not an icacls right", subject=text)
        mask |= found
    return mask


def format_flags(flags: int, *, inherited: bool = False, deny: bool = False) -> str:
    text = "(I)" if inherited else ""
    text += "".join(f"({flag.name})" for flag in _FLAG_ORDER if flags & flag)
    return text + ("(DENY)" if deny else "")


def format_ace(ace: Ace, resolve_name: NameResolver) -> str:
    """``BUILTIN\\Users:(I)(OI)(CI)(RX)``."""
    flags = format_flags(ace.flags, inherited=ace.inherited, deny=ace.is_deny)
    return f"{name_of(ace.sid, resolve_name)}:{flags}({format_rights(ace.mask)})"


def render_acl(path: str, aces: Iterable[Ace], resolve_name: NameResolver) -> str:
    """One path's block as icacls prints it, without the blank line and summary."""
    lines = [format_ace(ace, resolve_name) for ace in aces]
    if not lines:
        return path  # assumption: an empty DACL prints the path alone
    pad = " " * (len(path) + 1)
    return "\n".join([f"{path} {lines[0]}", *(pad + line for line in lines[1:])])


def summary(ok: int, failed: int) -> str:
    return f"Successfully processed {ok} files; Failed processing {failed} files"


def display(fs: FileSystem, path: str, resolve_name: NameResolver) -> str:
    """``icacls PATH``'s whole output for an existing path."""
    block = render_acl(path, fs.dacl(path), resolve_name)
    return f"{block}\n\n{summary(1, 0)}\n"


# -- the command ------------------------------------------------------------------------------
class _Failure(Exception):
    """icacls's own error output: internal to run_icacls, never escapes it."""

    def __init__(self, code: int, output: str) -> None:
        super().__init__(output)
        self.code = code
        self.output = output


def _invalid(arg: str) -> _Failure:
    # Assumption: the wording and the exit code (ERROR_INVALID_PARAMETER) are not confirmed.
    return _Failure(ERROR_INVALID_PARAMETER, f'Invalid parameter "{arg}"\n')


@attrs.frozen
class _Op:
    verb: str  # grant, grant:r, deny, remove, remove:g, remove:d, inheritance, reset, setowner
    name: str = ""
    flags: InheritFlags = InheritFlags.NONE
    mask: AccessMask = AccessMask.NONE
    arg: str = ""
    sid: Sid | None = None


_PERM_RE: Final = re.compile(r"\(([^()]*)\)")


def parse_perm(text: str) -> tuple[InheritFlags, AccessMask]:
    """``(OI)(CI)(RX)``, ``(OI)(CI)RX``, ``F`` or ``(RD,X)`` -> inheritance flags and mask."""
    flags = InheritFlags.NONE
    rest = text.strip()
    while True:
        match = _PERM_RE.match(rest)
        if match is None or match.group(1).strip().upper() not in _FLAG_NAMES:
            break
        flags |= _FLAG_NAMES[match.group(1).strip().upper()]
        rest = rest[match.end() :]
    inner = _PERM_RE.fullmatch(rest)
    if inner is not None:
        mask = parse_rights(inner.group(1))
    elif rest.upper() in {name for name, _ in _SIMPLE} | {"N"}:
        mask = _TOKENS[rest.upper()]
    else:
        raise ModelError(f"{text!r} is not an icacls permission", subject=text)
    return flags, mask


def _parse_args(args: Sequence[str]) -> tuple[list[_Op], set[str]]:
    ops: list[_Op] = []
    switches: set[str] = set()
    i = 0

    def operands() -> list[str]:
        nonlocal i
        taken: list[str] = []
        while i < len(args) and not args[i].startswith("/"):
            taken.append(args[i])
            i += 1
        return taken

    while i < len(args):
        arg = args[i]
        lower = arg.lower()
        i += 1
        if lower in ("/t", "/c", "/l", "/q"):
            switches.add(lower)
        elif lower in ("/grant", "/grant:r", "/deny"):
            values = operands()
            if not values:
                raise _invalid(arg)
            for value in values:
                name, sep, perm = value.rpartition(":")
                if not sep or not name:
                    raise _invalid(value)
                try:
                    flags, mask = parse_perm(perm)
                except ModelError:
                    raise _invalid(value) from None
                ops.append(_Op(lower[1:], name, flags, mask))
        elif lower in ("/remove", "/remove:g", "/remove:d"):
            values = operands()
            if not values:
                raise _invalid(arg)
            ops.extend(_Op(lower[1:], name) for name in values)
        elif lower.startswith("/inheritance:") and lower[13:] in ("e", "d", "r"):
            ops.append(_Op("inheritance", arg=lower[13:]))
        elif lower == "/reset":
            ops.append(_Op("reset"))
        elif lower == "/setowner":
            values = operands()
            if len(values) != 1:
                raise _invalid(arg)
            ops.append(_Op("setowner", values[0]))
        else:
            raise _invalid(arg)
    return ops, switches


def _resolve(name: str, resolve_sid: SidResolver) -> Sid:
    sid = resolve_sid(name)
    if sid is None and name.startswith("*"):
        # "*S-1-5-32-546": icacls takes any well-formed SID given this way, mapped or not.
        try:
            sid = Sid.parse(name[1:])
        except ModelError:
            sid = None
    if sid is None:
        raise _Failure(
            ERROR_NONE_MAPPED, f"{name}: {MESSAGES[ERROR_NONE_MAPPED]}\n{summary(0, 1)}\n"
        )
    return sid


def run_icacls(
    fs: FileSystem,
    argv: Sequence[str],
    resolve_name: NameResolver,
    resolve_sid: SidResolver,
    *,
    cwd: str = "C:\\",
) -> tuple[int, str]:
    """Run ``icacls`` with ``argv`` (with or without a leading "icacls"); (exit code, output).

    Supported: display, /grant[:r], /deny, /remove[:g|:d], /inheritance:e|d|r, /reset,
    /setowner, and the switches /t (the folder and everything under it), /q (no "processed
    file" lines), /c and /l (accepted, nothing to change here). Names are resolved before any
    file is touched, so an unknown account changes nothing. Relative paths resolve against
    ``cwd``.
    """
    args = list(argv)
    if args and args[0].lower() in ("icacls", "icacls.exe"):
        args = args[1:]
    if not args or args[0].startswith("/"):
        return ERROR_INVALID_PARAMETER, f"{MESSAGES[ERROR_INVALID_PARAMETER]}\n"
    typed = args[0]
    try:
        ops, switches = _parse_args(args[1:])
        ops = [
            attrs.evolve(op, sid=_resolve(op.name, resolve_sid)) if op.name else op for op in ops
        ]
        path = _locate(fs, typed, cwd)
        targets = list(fs.walk(path)) if "/t" in switches else [fs.entry(path).path]
    except _Failure as failure:
        return failure.code, failure.output
    base = fs.entry(path).path

    def shown(target: str) -> str:
        # icacls echoes the path as typed, and names what /t finds beneath it from there.
        suffix = target[len(base) :].lstrip("\\")
        return typed if not suffix else typed.rstrip("\\/") + "\\" + suffix

    if not ops:
        blocks = [render_acl(shown(t), fs.dacl(t), resolve_name) + "\n" for t in targets]
        return ERROR_SUCCESS, "\n".join(blocks) + f"\n{summary(len(targets), 0)}\n"
    lines: list[str] = []
    for target in targets:
        try:
            for op in ops:
                _apply(fs, target, op)
        except ModelError:
            # A change the model refuses: /reset on a drive root (no parent to inherit from), or
            # (IO)/(NP) without (OI)/(CI) on a folder. Assumed to be reported like a bad parameter.
            return ERROR_INVALID_PARAMETER, (
                f"{shown(target)}: {MESSAGES[ERROR_INVALID_PARAMETER]}\n{summary(len(lines), 1)}\n"
            )
        lines.append(f"processed file: {shown(target)}")
    body = "" if "/q" in switches else "\n".join(lines) + "\n"
    return ERROR_SUCCESS, body + f"{summary(len(targets), 0)}\n"


def _locate(fs: FileSystem, typed: str, cwd: str) -> str:
    text = typed.replace("/", "\\")
    if not re.match(r"^[A-Za-z]:", text):
        text = cwd.rstrip("\\") + "\\" + text
    try:
        drive, parts = split_path(text)
    except ModelError:
        raise _Failure(
            ERROR_INVALID_NAME, f"{typed}: {MESSAGES[ERROR_INVALID_NAME]}\n{summary(0, 1)}\n"
        ) from None
    path = f"{drive}:\\" + "\\".join(parts)
    if fs.exists(path):
        return path
    code = ERROR_FILE_NOT_FOUND
    if parts and not fs.is_folder(f"{drive}:\\" + "\\".join(parts[:-1])):
        code = ERROR_PATH_NOT_FOUND
    raise _Failure(code, f"{typed}: {MESSAGES[code]}\n{summary(0, 1)}\n")


def _apply(fs: FileSystem, path: str, op: _Op) -> None:
    entry = fs.entry(path)
    if op.verb == "inheritance":
        if op.arg == "e":
            fs.set_protected(path, False)
        else:
            fs.set_protected(path, True, copy_inherited=op.arg == "d")
        return
    if op.verb == "reset":
        fs.reset(path)
        return
    assert op.sid is not None
    if op.verb == "setowner":
        fs.set_owner(path, op.sid)
        return
    # Inheritance flags mean nothing on a file; icacls applies them "only to directories".
    flags = op.flags if entry.is_folder else InheritFlags.NONE
    explicit = list(entry.dacl.explicit)
    if op.verb.startswith("remove"):
        kinds = {
            "remove": (AceType.ALLOW, AceType.DENY),
            "remove:g": (AceType.ALLOW,),
            "remove:d": (AceType.DENY,),
        }[op.verb]
        explicit = [a for a in explicit if not (a.sid == op.sid and a.type in kinds)]
    elif op.verb in ("grant", "grant:r"):
        if op.verb == "grant:r":
            explicit = [a for a in explicit if not (a.sid == op.sid and a.type is AceType.ALLOW)]
        explicit = _merge(explicit, Ace(AceType.ALLOW, op.sid, op.mask, flags))
    else:  # deny: add the deny ACE and take the same rights out of the SID's explicit grants
        trimmed: list[Ace] = []
        for ace in explicit:
            if ace.sid == op.sid and ace.type is AceType.ALLOW:
                ace = ace.evolve(mask=AccessMask(ace.mask & ~op.mask))
                if not ace.mask:
                    continue
            trimmed.append(ace)
        explicit = _merge(trimmed, Ace(AceType.DENY, op.sid, op.mask, flags))
    fs.set_dacl(path, explicit)


def _merge(explicit: list[Ace], new: Ace) -> list[Ace]:
    # A second grant to the same account with the same inheritance adds to the existing entry
    # rather than writing another one ("added to any previously granted explicit permissions").
    for index, ace in enumerate(explicit):
        if ace.sid == new.sid and ace.type is new.type and ace.flags == new.flags:
            explicit[index] = ace.evolve(mask=AccessMask(ace.mask | new.mask))
            return explicit
    return [*explicit, new]


# -- reading icacls output --------------------------------------------------------------------
@attrs.frozen
class ParsedAce:
    """One ACE line of icacls output, as printed: the name is not resolved to a SID here."""

    name: str
    type: AceType
    flags: InheritFlags
    inherited: bool
    mask: AccessMask
    rights: str  # the text inside the last parentheses, e.g. "RX" or "GR,GE"

    @property
    def sid(self) -> Sid | None:
        """The SID when icacls printed one (an account it could not name), else None."""
        return Sid.parse(self.name) if _SID_RE.match(self.name) else None

    def to_ace(self, sid: Sid) -> Ace:
        return Ace(self.type, sid, self.mask, self.flags, self.inherited)


_SID_RE: Final = re.compile(r"^S-1-\d+(?:-\d+)*$", re.IGNORECASE)
_ACE_RE: Final = re.compile(r"^(?P<head>.+):(?P<groups>(?:\([^()]*\))+)$")
_SUMMARY_RE: Final = re.compile(
    r"^Successfully processed \d+ files; Failed processing \d+ files$", re.IGNORECASE
)
_PROCESSED_RE: Final = re.compile(r"^processed file: ", re.IGNORECASE)
# "PATH: The system cannot find the file specified." / "NAME: No mapping ... was done."
_ERROR_RE: Final = re.compile(r"^.+?: [^():]+\.$")
# Account names with spaces that icacls prints after a path on the first line: authorities that
# contain a space, and well-known names with no authority.
_SPACED_AUTHORITIES: Final = (
    "nt authority\\",
    "nt service\\",
    "iis apppool\\",
    "application package authority\\",
    "mandatory label\\",
    "nt virtual machine\\",
    "window manager\\",
    "font driver host\\",
)
_BARE_NAMES: Final = (
    "creator owner",
    "creator group",
    "creator owner server",
    "creator group server",
    "owner rights",
    "null sid",
    "console logon",
    "everyone",
    "local",
)


def _parse_ace(text: str, line_no: int) -> ParsedAce | None:
    """One ``NAME:(...)...(rights)``; None for an integrity label, which is no DACL entry."""
    match = _ACE_RE.match(text)
    if match is None:
        raise ModelError(
            f"icacls output line {line_no}: {text!r} is not NAME:(rights)", subject=text
        )
    name = match.group("head").strip()
    if name.lower().startswith("mandatory label\\"):
        return None
    raw_groups = [g.strip() for g in _PERM_RE.findall(match.group("groups"))]
    *marks, rights = raw_groups
    marks = [mark.upper() for mark in marks]
    flags = InheritFlags.NONE
    inherited = deny = False
    for mark in marks:
        if mark == "I":
            inherited = True
        elif mark == "DENY":
            deny = True
        elif mark in _FLAG_NAMES:
            flags |= _FLAG_NAMES[mark]
        else:
            raise ModelError(f"icacls output line {line_no}: unknown flag ({mark})", subject=text)
    try:
        mask = parse_rights(rights)
        ace_type = AceType.DENY if deny else AceType.ALLOW
        # Validates the combination (IO/NP need OI or CI) the same way the model does.
        Ace(ace_type, Sid(5), mask, flags, inherited)
    except ModelError as error:
        raise ModelError(f"icacls output line {line_no}: {error}", subject=text) from None
    return ParsedAce(name, ace_type, flags, inherited, mask, rights)


def _split_first(line: str) -> tuple[str, str] | None:
    """Split "PATH NAME:(...)" where neither side's length is known; None if no ACE is there."""
    match = _ACE_RE.match(line)
    if match is None:
        return None
    head = match.group("head")
    lower = head.lower()
    best = -1
    for known in _SPACED_AUTHORITIES:
        best = max(best, lower.rfind(" " + known))
    for known in _BARE_NAMES:
        if lower.endswith(" " + known):
            best = max(best, len(head) - len(known) - 1)
    if best > 0:
        return head[:best], line[best + 1 :]
    last_space = head.rfind(" ")
    if last_space <= 0:
        return None
    if _SID_RE.match(head[last_space + 1 :]):
        return head[:last_space], line[last_space + 1 :]
    # AUTHORITY\name: authorities have no spaces (those that do are listed above) but names may
    # ("CONTOSO\Domain Users"), so the name starts at the last space before its backslash.
    backslash = head.rfind("\\")
    space = head.rfind(" ", 0, backslash) if backslash > 0 else -1
    if space > 0:
        return head[:space], line[space + 1 :]
    return head[:last_space], line[last_space + 1 :]


def parse_icacls_output(text: str) -> dict[str, list[ParsedAce]]:
    """Path -> its ACEs, from the output of one or more ``icacls PATH`` runs.

    Accepts CRLF or LF, a byte-order mark, summary and "processed file" lines, per-file error
    lines (skipped: a path that failed has no ACL to report), integrity labels (skipped: they
    live in the SACL) and names with spaces. The path on a block's first line is told from the
    first ACE by the indentation of the lines below it; a one-ACE block falls back on the shape
    of account names. A path listed twice keeps its last listing.
    """
    blocks: list[tuple[int, str, list[tuple[int, str]]]] = []
    for line_no, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if _SUMMARY_RE.match(stripped) or _PROCESSED_RE.match(stripped):
            continue
        if line[0] in " \t":
            if not blocks:
                raise ModelError(
                    f"icacls output line {line_no}: an indented ACE with no path above it",
                    subject=line,
                )
            blocks[-1][2].append((line_no, line))
            continue
        if _ERROR_RE.match(stripped) and not stripped.endswith(")"):
            continue
        blocks.append((line_no, line, []))
    result: dict[str, list[ParsedAce]] = {}
    for line_no, first, rest in blocks:
        path, first_ace = _block_head(line_no, first, rest)
        aces = [] if first_ace is None else [_parse_ace(first_ace, line_no)]
        aces += [_parse_ace(line.strip(), n) for n, line in rest]
        result[path] = [ace for ace in aces if ace is not None]
    return result


def _block_head(line_no: int, first: str, rest: list[tuple[int, str]]) -> tuple[str, str | None]:
    if rest:
        cont = rest[0][1].expandtabs(8)
        indent = len(cont) - len(cont.lstrip())
        if 1 < indent < len(first) and first[indent - 1] == " " and _ACE_RE.match(first[indent:]):
            return first[: indent - 1], first[indent:]
    split = _split_first(first)
    if split is not None:
        return split
    if rest:
        raise ModelError(
            f"icacls output line {line_no}: {first!r} has ACEs below it but none after the path",
            subject=first,
        )
    return first.strip(), None  # an empty DACL
