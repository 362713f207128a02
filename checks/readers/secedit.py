"""`secedit /export /cfg secedit.inf` (and GptTmpl.inf): the security policy in effect.

Format facts (reference iis.md 7, [MS-GPSB] 2.2): UTF-16LE with a BOM and CRLF line ends (UTF-8
and ANSI copies are read too); ``[Section]`` headers in any order; ``;`` starts a comment line;
``Key = Value`` entries. The sections the diagnosis uses:

- ``[System Access]`` and ``[Event Audit]``: integers (``LockoutDuration = -1``); a few System
  Access values are quoted strings (``NewGuestName = "Guest"``), kept in `SeceditDocument.other`.
- ``[Privilege Rights]``: ``SeDenyNetworkLogonRight = Guest,*S-1-5-32-546``; ``*SID`` or an account
  name secedit could not map; a right may be empty (``SeBatchLogonRight =``).
- ``[Registry Values]``: ``MACHINE\\...\\CrashOnAuditFail=4,2`` (``PATH=TYPE,VALUE``; 4 = DWORD,
  1 = string, written quoted, 7 = multi-string, comma separated).

Other sections ([Kerberos Policy], [Group Membership], [Service General Setting], ...) are kept as
raw ``key = value`` pairs in `SeceditDocument.other`. Every entry keeps its line number, so a
finding can cite "secedit.inf line 31".

Chosen without a source: an inline ``;`` after a value outside quotes is a comment (INF
convention; secedit itself never writes one) except in [Registry Values], where a value may hold
``;``.

A key written twice in one section, in the same or another case (INF keys are not case-sensitive),
does occur in real files: scripts that append ``MACHINE\\SYSTEM\\...`` lines to an export that
spells them ``MACHINE\\System\\...`` leave both (reported against the eneerge/CIS-Windows-Server
hardening script on GitHub). Which line Windows applies is unconfirmed: SetupFindFirstLine, the
documented INF lookup by key, finds the first matching line, while a tool that walks the section
line by line and applies each entry ends with the last. The reader keeps the last one
(`DUPLICATE_KEY_RULE`, a named assumption) and puts a `SeceditWarning` in the document naming
both lines, so a finding built on that key can say the evidence is ambiguous; the rest of the
file is read as usual.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import attrs

from winfacts import assumptions as A
from winfacts.errors import ModelError
from winfacts.rights import check_right_name

from ..errors import BundleError, quote_name
from .text import decode as decode_text
from .text import read_bytes

#: A secedit export is a few KB; GptTmpl.inf files with many registry values stay far below this.
MAX_SECEDIT_BYTES = 16 * 1024 * 1024

SYSTEM_ACCESS = "System Access"
EVENT_AUDIT = "Event Audit"
PRIVILEGE_RIGHTS = "Privilege Rights"
REGISTRY_VALUES = "Registry Values"
UNICODE = "Unicode"
VERSION = "Version"
_KNOWN = (SYSTEM_ACCESS, EVENT_AUDIT, PRIVILEGE_RIGHTS, REGISTRY_VALUES, UNICODE, VERSION)
_CANONICAL = {name.lower(): name for name in _KNOWN}

_INT = re.compile(r"[+-]?[0-9]{1,20}")
_HEADER = re.compile(r"\[([^\[\]]*)\]")

#: Of two lines that set the same key in one section (compared without case), which one is in
#: effect (winfacts.assumptions.SECEDIT_DUPLICATE_KEY); the document's ``warnings`` say where it
#: was applied.
DUPLICATE_KEY_RULE: Final[str] = A.SECEDIT_DUPLICATE_KEY.value


@attrs.frozen
class SeceditWarning:
    """Something in the file the reader resolved by an assumption rather than by a fact."""

    line: int  # the line whose value was kept
    section: str
    key: str  # as written on ``line``
    first_line: int  # the earlier line that set the same key
    message: str


@attrs.define
class SecurityTemplate:
    """The sections of a secedit export (the GptTmpl.inf format) the checks read: principals as
    secedit writes them (``*S-1-5-32-546`` for a SID, or a name it could not map to one), and
    registry values as (type, value as written)."""

    system_access: dict[str, int] = attrs.Factory(dict)
    event_audit: dict[str, int] = attrs.Factory(dict)
    privilege_rights: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    registry_values: dict[str, tuple[int, str]] = attrs.Factory(dict)


@attrs.frozen
class SeceditDocument:
    """A parsed secedit export: the policy as a `SecurityTemplate`, with line numbers.

    ``lines`` maps (section, key) to the 1-based line of the entry, with the section spelled as
    in the constants above and the key as stored in the template (rights in their canonical
    case, registry paths as written). ``other`` holds entries the template has no place for.
    """

    path: str
    template: SecurityTemplate
    lines: dict[tuple[str, str], int]
    other: dict[tuple[str, str], str]
    sections: tuple[str, ...]
    unicode: bool | None = None
    signature: str | None = None
    revision: int | None = None
    warnings: tuple[SeceditWarning, ...] = ()

    def right(self, name: str) -> tuple[str, ...] | None:
        """The principals holding ``name``; None when the export does not define the right
        (secedit leaves out rights nobody holds), () when it is defined and empty."""
        try:
            key = check_right_name(name)
        except ModelError:
            return None
        found = self.template.privilege_rights.get(key)
        if found is not None:
            return found
        # A privilege the model does not list keeps the case it was written in
        # (SeSystemTimePrivilege in a 2008 security-guide template); Windows looks privilege
        # names up without regard to case, so this does too.
        for right, principals in self.template.privilege_rights.items():
            if right.lower() == key.lower():
                return principals
        return None

    def system_access_value(self, key: str) -> int | None:
        """A numeric [System Access] value (``LockoutBadCount``), the key matched without case as
        INF keys are; None when the file does not set it."""
        return _lookup(self.template.system_access, key)

    def event_audit_value(self, key: str) -> int | None:
        """An [Event Audit] value (``AuditLogonEvents``: 0 none, 1 success, 2 failure, 3 both),
        the key matched without case; None when the file does not set it."""
        return _lookup(self.template.event_audit, key)

    def line_of(self, section: str, key: str) -> int | None:
        wanted = (section.lower(), key.lower())
        for (sec, k), line in self.lines.items():
            if (sec.lower(), k.lower()) == wanted:
                return line
        return None

    def registry_value(self, path: str) -> tuple[int, str] | None:
        """``(type, value as written)`` for a [Registry Values] path, matched case-insensitively."""
        wanted = path.lower()
        for key, value in self.template.registry_values.items():
            if key.lower() == wanted:
                return value
        return None

    def registry_dword(self, path: str) -> int | None:
        """A REG_DWORD (type 4) value as a number; None when absent or not a number."""
        found = self.registry_value(path)
        if found is None or found[0] != 4:
            return None
        text = found[1].strip().strip('"')
        if not _INT.fullmatch(text):
            return None
        return int(text)


def read_secedit(path: Path) -> SeceditDocument:
    return parse_secedit(decode_text(read_bytes(path, MAX_SECEDIT_BYTES), path), path)


def parse_secedit(text: str, path: Path | str = "secedit.inf") -> SeceditDocument:
    template = SecurityTemplate()
    lines: dict[tuple[str, str], int] = {}
    other: dict[tuple[str, str], str] = {}
    sections: list[str] = []
    # (section, key in lower case) -> (key as stored, line), to spot a key set twice
    seen_keys: dict[tuple[str, str], tuple[str, int]] = {}
    warnings: list[SeceditWarning] = []
    meta: dict[str, str] = {}
    section: str | None = None
    for number, raw in enumerate(_split_lines(text), start=1):
        line = raw.strip().lstrip("\ufeff").strip()
        if not line or line.startswith(";"):
            continue
        header = _HEADER.fullmatch(line)
        if header is not None:
            name = header.group(1).strip()
            if not name:
                raise BundleError(path, "has an empty section header []", number)
            section = _CANONICAL.get(name.lower(), name)
            if section in sections:
                shown = quote_name(section, bare=True)
                raise BundleError(path, f"has the section [{shown}] twice", number)
            sections.append(section)
            continue
        if section is None:
            raise BundleError(path, "has an entry before the first [Section] header", number)
        key, sep, value = line.partition("=")
        key = key.strip()
        if section not in _KNOWN:
            # Sections the diagnosis does not read keep their raw text; some (File Security,
            # Registry Keys) have lines without "=".
            if sep and key:
                other[(section, key)] = value.strip()
                lines.setdefault((section, key), number)
            continue
        if not sep or not key:
            raise BundleError(path, f"has a line in [{section}] that is not KEY = VALUE", number)
        if section != REGISTRY_VALUES:
            value = _strip_comment(value)
        value = value.strip()
        identity = (section, _identity(section, key))
        earlier = seen_keys.get(identity)
        if earlier is not None:
            # The earlier entry may be stored under another spelling: drop it so that one
            # value, the one DUPLICATE_KEY_RULE keeps, answers for the key.
            _forget(template, other, meta, section, earlier[0])
            lines.pop((section, earlier[0]), None)
            warnings.append(
                SeceditWarning(
                    number,
                    section,
                    key,
                    earlier[1],
                    f"[{section}] sets {quote_name(key, bare=True)} on line {number} and already "
                    f"on line {earlier[1]}"
                    " (the same key, compared without case); the later line is used",
                )
            )
        stored_key = _store(template, other, meta, section, key, value, path, number)
        seen_keys[identity] = (stored_key, number)
        lines[(section, stored_key)] = number
    return SeceditDocument(
        path=str(path),
        template=template,
        lines=lines,
        other=other,
        sections=tuple(sections),
        unicode=_yes(meta.get("unicode")),
        signature=meta.get("signature"),
        revision=int(meta["revision"]) if _INT.fullmatch(meta.get("revision", "")) else None,
        warnings=tuple(warnings),
    )


def _lookup(values: dict[str, int], key: str) -> int | None:
    found = values.get(key)
    if found is not None:
        return found
    wanted = key.lower()
    for name, value in values.items():
        if name.lower() == wanted:
            return value
    return None


def _identity(section: str, key: str) -> str:
    """The key as the INF format compares it: without case; a right by its canonical name, so
    that ``SeSystemTimePrivilege`` and ``SeSystemtimePrivilege`` are one right."""
    if section == PRIVILEGE_RIGHTS:
        try:
            return check_right_name(key).lower()
        except ModelError:
            return key.lower()  # _store refuses it with the line number
    return key.lower()


def _forget(
    template: SecurityTemplate,
    other: dict[tuple[str, str], str],
    meta: dict[str, str],
    section: str,
    stored_key: str,
) -> None:
    """Remove what an earlier line stored under ``stored_key`` in ``section``."""
    if section == SYSTEM_ACCESS:
        template.system_access.pop(stored_key, None)
    elif section == EVENT_AUDIT:
        template.event_audit.pop(stored_key, None)
    elif section == PRIVILEGE_RIGHTS:
        template.privilege_rights.pop(stored_key, None)
    elif section == REGISTRY_VALUES:
        template.registry_values.pop(stored_key, None)
    else:
        meta.pop(stored_key.lower(), None)
    other.pop((section, stored_key), None)


def _store(
    template: SecurityTemplate,
    other: dict[tuple[str, str], str],
    meta: dict[str, str],
    section: str,
    key: str,
    value: str,
    path: Path | str,
    number: int,
) -> str:
    """Put one entry where it belongs; returns the key it is stored under."""
    if section in (SYSTEM_ACCESS, EVENT_AUDIT):
        if _INT.fullmatch(value):
            target = template.system_access if section == SYSTEM_ACCESS else template.event_audit
            target[key] = int(value)
        elif section == SYSTEM_ACCESS and len(value) >= 2 and value[0] == value[-1] == '"':
            other[(section, key)] = value[1:-1]
        else:
            shown = quote_name(key, bare=True)
            raise BundleError(path, f"{shown} in [{section}] is not a number", number)
        return key
    if section == PRIVILEGE_RIGHTS:
        try:
            right = check_right_name(key)
        except ModelError as exc:
            shown = quote_name(key)
            raise BundleError(path, f"{shown} is not a user right or privilege", number) from exc
        principals = tuple(p.strip() for p in value.split(",") if p.strip())
        template.privilege_rights[right] = principals
        return right
    if section == REGISTRY_VALUES:
        kind, comma, data = value.partition(",")
        kind = kind.strip()
        if not _INT.fullmatch(kind) or not 0 <= int(kind) <= 11:
            shown = quote_name(key, bare=True)
            raise BundleError(path, f"{shown} in [Registry Values] has no TYPE,VALUE", number)
        if not comma:
            data = ""
        template.registry_values[key] = (int(kind), data)
        return key
    # [Unicode] and [Version]
    meta[key.lower()] = value.strip('"') if key.lower() == "signature" else value
    other[(section, key)] = value
    return key


def _strip_comment(value: str) -> str:
    """Cut an INF ``;`` comment that stands outside double quotes."""
    quoted = False
    for index, char in enumerate(value):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return value[:index]
    return value


def _yes(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() in ("yes", "1", "true")


def _split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)
