"""The bundle's ``icacls.txt``: the output of ``icacls PATH`` for the content behind the URL.

Layout of a real run (transcripts of ``icacls C:\\inetpub\\wwwroot`` and others in public
write-ups; the Puppet documentation's ``icacls c:\\tempperms``):

- The target's path, one space, its first entry; each further entry on its own line, indented so
  that it lines up under the first (the path's length plus one). The path may hold spaces
  (``C:\\Program Files\\...``), and so may trustees (``NT AUTHORITY\\SYSTEM``, ``CREATOR OWNER``,
  ``APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES``).
- A blank line (some copies drop it), then ``Successfully processed N files; Failed processing
  M files`` (translated on other languages' servers: then the block ends there and the counts
  stay unknown). A file holding several runs repeats the block; ``icacls DIR\\*`` lists several
  targets before one summary. A target icacls can not open prints ``PATH: <error text>``.
- An entry is ``TRUSTEE:`` and parenthesised groups: the flags, then the rights last.
  ``(I)`` inherited, ``(OI)`` object inherit, ``(CI)`` container inherit, ``(NP)`` no
  propagation, ``(IO)`` inherit only, ``(DENY)`` a deny entry; the rights are one simple right or
  a comma list of specific rights (``(RX,W)``, ``(W,D,Rc,DC)``, ``(GR,GE)``). Real output puts
  ``(I)`` first (``(I)(OI)(CI)(F)``), ``(DENY)`` after the inheritance flags
  (``(OI)(CI)(IO)(DENY)(W,D,Rc,GW,DC)``); the reader accepts the flags in any order. A
  ``Mandatory Label\\... Mandatory Level:(NW)`` line is the integrity label, not an access entry.
- A trustee icacls could not resolve prints as its SID (``S-1-5-21-...``); ``*S-1-...`` is how
  one is typed on the command line, taken too.

Where the path ends on a target's first line: the indentation of the next entry says so. A
target with a single entry has none; then a path the caller expected (``expected``) decides, else
a known trustee prefix or SID, else a ``DOMAIN\\name`` remainder, else the last space (chosen
without a source; a bare trustee with a space and no domain is the case this gets wrong).

Rights letters (Microsoft, "icacls", Windows Commands reference, learn.microsoft.com/windows-
server/administration/windows-commands/icacls): simple rights N (no access), F (full), M
(modify), RX (read and execute), R (read-only), W (write-only), D (delete); specific rights DE
(delete), RC (read control), WDAC, WO, S (synchronize), AS (access system security), MA (maximum
allowed), GR, GW, GE, GA (generic), RD (read data/list directory), WD (write data/add file), AD
(append data/add subdirectory), REA, WEA, X (execute/traverse), DC (delete child), RA, WA. The
masks are the winnt.h file rights those names stand for: F = FILE_ALL_ACCESS, R =
FILE_GENERIC_READ, RX = R | FILE_GENERIC_EXECUTE, M = RX | W | DELETE. W is FILE_GENERIC_WRITE
without READ_CONTROL and D is DELETE with SYNCHRONIZE: icacls prints a deny of write plus read
control as ``(W,D,Rc,DC)``, listing Rc apart, so W can not include it (inferred from that output,
which Microsoft does not document).

Whether an entry applies to the object it is listed on: not when it is inherit-only ``(IO)``
(it only seeds children). Whether it grants read data: its mask holds FILE_READ_DATA, or
GENERIC_READ / GENERIC_ALL, which map to it on files and folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import attrs

from ..errors import BundleError, quote
from .text import decode, read_bytes

MAX_ICACLS_BYTES = 4 * 1024 * 1024

FILE_READ_DATA: Final = 0x1
DELETE: Final = 0x10000
READ_CONTROL: Final = 0x20000
SYNCHRONIZE: Final = 0x100000
GENERIC_ALL: Final = 0x10000000
GENERIC_READ: Final = 0x80000000

#: icacls's simple rights and their masks.
SIMPLE_RIGHTS: Final[dict[str, int]] = {
    "N": 0x0,
    "F": 0x1F01FF,
    "M": 0x1301BF,
    "RX": 0x1200A9,
    "R": 0x120089,
    "W": 0x100116,
    "D": DELETE | SYNCHRONIZE,
}
#: icacls's specific rights (upper case; icacls itself prints read control as "Rc").
SPECIFIC_RIGHTS: Final[dict[str, int]] = {
    "DE": DELETE,
    "RC": READ_CONTROL,
    "WDAC": 0x40000,
    "WO": 0x80000,
    "S": SYNCHRONIZE,
    "AS": 0x1000000,
    "MA": 0x2000000,
    "GR": GENERIC_READ,
    "GW": 0x40000000,
    "GE": 0x20000000,
    "GA": GENERIC_ALL,
    "RD": FILE_READ_DATA,
    "WD": 0x2,
    "AD": 0x4,
    "REA": 0x8,
    "WEA": 0x10,
    "X": 0x20,
    "DC": 0x40,
    "RA": 0x80,
    "WA": 0x100,
}
#: The flag groups, in the order icacls prints them.
FLAGS: Final = ("I", "OI", "CI", "NP", "IO", "DENY")
#: Integrity label policies (no-write-up, no-read-up, no-execute-up) on Mandatory Label lines.
LABEL_POLICIES: Final = ("NW", "NR", "NX")

_SUMMARY = re.compile(
    r"Successfully processed ([0-9]{1,9}) files; Failed processing ([0-9]{1,9}) files"
)
_GROUPS = re.compile(r"(?:\([A-Za-z,]+\))+")
_GROUP = re.compile(r"\(([A-Za-z,]+)\)")
_SID = re.compile(r"\*?(S-1-[0-9]+(?:-[0-9]+)*)", re.IGNORECASE)
_PATH_START = re.compile(r"[A-Za-z]:|\\\\|\.{0,2}\\")
_DOMAIN_NAME = re.compile(r"[^\\ ]+\\[^\\]+")
#: Trustee prefixes that start an entry in ``PATH ENTRY`` when nothing else tells where the path
#: ends (a target with one entry): authorities and well-known names icacls prints.
_TRUSTEE_STARTS = (
    "NT AUTHORITY\\",
    "BUILTIN\\",
    "NT SERVICE\\",
    "IIS APPPOOL\\",
    "APPLICATION PACKAGE AUTHORITY\\",
    "Mandatory Label\\",
    "CREATOR OWNER",
    "CREATOR GROUP",
    "Everyone",
    "OWNER RIGHTS",
)


@attrs.frozen
class IcaclsAce:
    """One entry, as printed."""

    trustee: str  # as printed: "BUILTIN\\IIS_IUSRS", "S-1-5-21-...-1001"
    deny: bool
    flags: tuple[str, ...]  # of FLAGS, in the order written
    rights: tuple[str, ...]  # the last group's items as written: ("RX",), ("GR", "GE")
    mask: int
    line: int

    @property
    def text(self) -> str:
        return (
            f"{self.trustee}:"
            + "".join(f"({f})" for f in self.flags)
            + f"({','.join(self.rights)})"
        )

    @property
    def sid(self) -> str | None:
        """The SID when icacls printed one (an account it could not name)."""
        match = _SID.fullmatch(self.trustee)
        return match.group(1).upper() if match else None

    @property
    def inherited(self) -> bool:
        return "I" in self.flags

    @property
    def inherit_only(self) -> bool:
        return "IO" in self.flags

    @property
    def object_inherit(self) -> bool:
        return "OI" in self.flags

    @property
    def container_inherit(self) -> bool:
        return "CI" in self.flags

    @property
    def no_propagate(self) -> bool:
        return "NP" in self.flags

    @property
    def is_label(self) -> bool:
        """An integrity label (``Mandatory Label\\High Mandatory Level:(NW)``), not access."""
        return bool(self.rights) and all(r.upper() in LABEL_POLICIES for r in self.rights)

    @property
    def applies_to_object(self) -> bool:
        """Whether the entry takes part in the access check of the path it is listed on:
        an inherit-only entry does not."""
        return not self.inherit_only and not self.is_label

    @property
    def grants_read_data(self) -> bool:
        """Whether the entry's rights include reading the file's data (listing a folder)."""
        return not self.is_label and bool(self.mask & (FILE_READ_DATA | GENERIC_READ | GENERIC_ALL))


@attrs.frozen
class IcaclsTarget:
    path: str
    line: int
    aces: tuple[IcaclsAce, ...] = ()
    error: str | None = None  # "The system cannot find the file specified."

    def entries_for(self, trustee: str) -> tuple[IcaclsAce, ...]:
        """Entries whose trustee is ``trustee``, compared without case; a bare name also matches
        ``DOMAIN\\name``."""
        wanted = trustee.lower()
        return tuple(
            ace
            for ace in self.aces
            if ace.trustee.lower() == wanted
            or ("\\" not in wanted and ace.trustee.lower().rpartition("\\")[2] == wanted)
        )


@attrs.frozen
class IcaclsDocument:
    path: str
    targets: tuple[IcaclsTarget, ...]
    processed: int | None = None  # summed over the summaries in the file
    failed: int | None = None

    def target(self, path: str) -> IcaclsTarget | None:
        """The target for ``path``, compared without case and ignoring a trailing backslash
        and the direction of slashes (Windows paths are not case-sensitive)."""
        wanted = _path_key(path)
        for target in self.targets:
            if _path_key(target.path) == wanted:
                return target
        return None


def rights_mask(items: tuple[str, ...] | list[str]) -> int:
    """The access mask of a rights group's items (case-insensitive); ValueError for a letter
    icacls does not print."""
    mask = 0
    for item in items:
        token = item.strip().upper()
        if token in SIMPLE_RIGHTS:
            mask |= SIMPLE_RIGHTS[token]
        elif token in SPECIFIC_RIGHTS:
            mask |= SPECIFIC_RIGHTS[token]
        else:
            raise ValueError(f"{quote(item.strip())} is not an icacls right")
    return mask


def read_icacls(path: Path, expected: Iterable[str] = ()) -> IcaclsDocument:
    return parse_icacls(decode(read_bytes(path, MAX_ICACLS_BYTES), path), path, expected)


def parse_icacls(
    text: str, path: Path | str = "icacls.txt", expected: Iterable[str] = ()
) -> IcaclsDocument:
    """``expected``: paths the caller knows were listed (the content folder and file behind the
    URL). A target with a single entry has no indented line to show where its path ends; a
    known path settles it."""
    known = sorted({p.strip() for p in expected if p.strip()}, key=len, reverse=True)
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    targets: list[IcaclsTarget] = []
    current: tuple[str, int, list[IcaclsAce]] | None = None
    indent: int | None = None
    processed: int | None = None
    failed: int | None = None
    for index, raw in enumerate(lines):
        number = index + 1
        line = raw.rstrip()
        if not line.strip():
            continue
        summary = _SUMMARY.fullmatch(line.strip())
        if summary is not None:
            processed = (processed or 0) + int(summary.group(1))
            failed = (failed or 0) + int(summary.group(2))
            if current is not None:
                targets.append(IcaclsTarget(current[0], current[1], tuple(current[2])))
            current, indent = None, None
            continue
        if _translated_summary(line):
            # The summary in the server's language: the block ends; the counts are not read
            # from words this reader does not know.
            if current is not None:
                targets.append(IcaclsTarget(current[0], current[1], tuple(current[2])))
            current, indent = None, None
            continue
        if line.startswith("processed file: "):
            continue  # a change command's echo; the listing that follows is what counts
        if line[0] in " \t":
            # An entry under the current target, lined up under its first entry.
            if current is None:
                raise BundleError(path, "has an indented entry with no path above it", number)
            current[2].append(_ace(line.strip(), path, number))
            continue
        if current is not None:
            targets.append(IcaclsTarget(current[0], current[1], tuple(current[2])))
            current = None
        error = _error_line(line)
        if error is not None:
            targets.append(IcaclsTarget(error[0], number, (), error[1]))
            continue
        indent = _next_indent(lines, index)
        target_path, first = _split_first(line, indent, known, path, number)
        current = (target_path, number, [_ace(first, path, number)])
    if current is not None:
        targets.append(IcaclsTarget(current[0], current[1], tuple(current[2])))
    if not targets and processed is None:
        raise BundleError(path, "holds no icacls output", 1)
    return IcaclsDocument(str(path), tuple(targets), processed, failed)


def _next_indent(lines: list[str], index: int) -> int | None:
    """The indentation of the entry line after ``index``, when there is one: it is the path's
    length plus one, which is how the path and the first entry are told apart."""
    if index + 1 >= len(lines):
        return None
    raw = lines[index + 1]  # only the next line: a slice of the rest made the reader quadratic
    if not raw.strip():
        return None
    if raw[0] in " \t":
        return len(raw) - len(raw.lstrip(" \t"))
    return None


def _split_first(
    line: str, indent: int | None, known: list[str], path: Path | str, number: int
) -> tuple[str, str]:
    """``PATH FIRST-ENTRY`` -> (path, entry)."""
    for candidate in known:
        size = len(candidate)
        if (
            line[:size].lower() == candidate.lower()
            and line[size : size + 1] == " "
            and _looks_like_entry(line[size + 1 :])
        ):
            return line[:size], line[size + 1 :]
    if indent is not None and indent >= 2 and len(line) > indent and line[indent - 1] == " ":
        candidate = line[: indent - 1]
        if candidate.strip() and _looks_like_entry(line[indent:]):
            return candidate, line[indent:]
    # One entry only, so no indentation to go by. The entry starts, from the left, at a known
    # trustee prefix or a SID; else where what remains is DOMAIN\name with no space in DOMAIN
    # and no further backslash (a path's tail always has one: "Files\x.htm CONTOSO\Domain
    # Users" is not a trustee); else at the last space, as a bare name has none.
    spaces = [i for i, char in enumerate(line) if char == " "]
    for i in spaces:
        rest = line[i + 1 :]
        if _looks_like_entry(rest) and (
            rest.startswith(_TRUSTEE_STARTS) or _SID.match(rest) is not None
        ):
            return line[:i], rest
    for i in spaces:
        rest = line[i + 1 :]
        if _looks_like_entry(rest) and _DOMAIN_NAME.fullmatch(rest.rpartition(":(")[0]):
            return line[:i], rest
    for i in reversed(spaces):
        rest = line[i + 1 :]
        if _looks_like_entry(rest):
            return line[:i], rest
    raise BundleError(path, "has a line that is neither PATH ENTRY nor an entry", number)


def _looks_like_entry(text: str) -> bool:
    trustee, colon, groups = text.rpartition(":(")
    return bool(colon) and bool(trustee.strip()) and _GROUPS.fullmatch("(" + groups) is not None


def _ace(text: str, path: Path | str, number: int) -> IcaclsAce:
    trustee, colon, rest = text.rpartition(":(")
    groups_text = "(" + rest
    if not colon or not trustee.strip() or _GROUPS.fullmatch(groups_text) is None:
        # The line could not be taken apart, so anything on it may be what it holds.
        shown = quote(text, line=text)
        raise BundleError(path, f"has {shown}, which is not TRUSTEE:(FLAGS)(RIGHTS)", number)
    groups = _GROUP.findall(groups_text)
    *flag_groups, rights_group = groups
    flags: list[str] = []
    for group in flag_groups:
        flag = group.upper()
        if flag not in FLAGS:
            shown = quote(f"({group})", line=text)
            raise BundleError(path, f"has the flag {shown}, which icacls does not print", number)
        flags.append(flag)
    rights = tuple(item.strip() for item in rights_group.split(","))
    if any(not item for item in rights):
        shown = quote(f"({rights_group})", line=text)
        raise BundleError(path, f"has an empty right in {shown}", number)
    if all(item.upper() in LABEL_POLICIES for item in rights):
        return IcaclsAce(trustee.strip(), False, tuple(flags), rights, 0, number)
    known = SIMPLE_RIGHTS.keys() | SPECIFIC_RIGHTS.keys()
    unknown = next((item for item in rights if item.upper() not in known), None)
    if unknown is not None:
        shown = quote(unknown, line=text)
        raise BundleError(path, f"{shown} is not an icacls right", number)
    mask = rights_mask(rights)
    return IcaclsAce(trustee.strip(), "DENY" in flags, tuple(flags), rights, mask, number)


def _error_line(line: str) -> tuple[str, str] | None:
    """``PATH: The system cannot find the file specified.`` -> (path, message): icacls prints
    the Win32 message text, a sentence ending in a full stop, after the path and ": ". A path
    holds no ": " (a drive letter's colon is followed by a backslash)."""
    if _looks_like_entry(line) or not line.endswith("."):
        return None
    head, sep, message = line.partition(": ")
    if not sep or not head.strip() or not message.strip():
        return None
    return head, message.strip()


def _translated_summary(line: str) -> bool:
    """icacls translates its summary ("1 Dateien erfolgreich verarbeitet; bei 0 Dateien ist ein
    Fehler aufgetreten."): a line at the margin with no entry on it, no drive or UNC path at its
    start, and two numbers."""
    if line[0] in " \t" or ":(" in line or _PATH_START.match(line):
        return False
    return len(re.findall(r"[0-9]+", line)) == 2


def _path_key(path: str) -> str:
    return path.strip().replace("/", "\\").rstrip("\\").lower()
