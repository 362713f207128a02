"""The bundle's ``auditpol.csv``: the advanced audit policy of Windows Server 2008 and later.

Two shapes are read, told apart by the number of columns in the header row:

- ``auditpol /backup /file:auditpol.csv`` (also the ``Audit.csv`` of a GPO backup, same layout),
  seven columns: Machine Name, Policy Target, Subcategory, Subcategory GUID, Inclusion Setting,
  Exclusion Setting, Setting Value. GPO copies leave Machine Name empty; the Subcategory column
  may carry an "Audit " prefix ("Audit Logon", as the Group Policy editor names it) and the GUID
  may be in lower case. After the subcategories come option rows with no GUID
  (``,,Option:CrashOnAuditFail,,Disabled,,0``) and global SACL rows (``,,FileGlobalSacl,,,,``).
- ``auditpol /get /category:* /r``, six columns (no Setting Value), the header followed by one
  blank row (the AuditPolicyDsc resource skips it for that reason), then one row per
  subcategory with the Inclusion Setting as text ("Success and Failure").

Both are written in the language of the server: the header, the subcategory and option names and
the inclusion text are translated (a Spanish backup says "Sin auditoría", "Opción:CrashOnAuditFail"
and uses ", " between header cells), in the ANSI code page. So the reader goes by column
position and by GUID, never by header text; the English name comes from the GUID.

Setting Value is the POLICY_AUDIT_EVENT_* mask of ntsecapi.h: 1 success, 2 failure, so 0 no
auditing and 3 both, which is what the backups pair with "No Auditing", "Success", "Failure" and
"Success and Failure". Where only the text is there (``/get /r``) it is read when it is the
English text; a translated text leaves success and failure unknown (None) rather than guessed.

A subcategory listed for more than one Policy Target keeps each row; `AuditpolDocument.get`
answers for the system policy (target "System", or the first target when none is so named).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Final, Literal

import attrs

from ..errors import BundleError, quote, quote_name
from .text import decode, read_bytes

#: A full backup is about 70 rows of 120 characters.
MAX_AUDITPOL_BYTES = 1024 * 1024

Shape = Literal["backup", "report"]

_GUID = re.compile(
    r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?"
)
_VALUE = re.compile(r"[0-3]")

#: Subcategory GUIDs and their English names, as ``auditpol /list /subcategory:* /v`` prints them
#: (the GUIDs are the Audit_* constants of the Windows SDK, e.g. Audit_Logon_Logon).
SUBCATEGORIES: Final[dict[str, str]] = {
    "0CCE9210-69AE-11D9-BED3-505054503030": "Security State Change",
    "0CCE9211-69AE-11D9-BED3-505054503030": "Security System Extension",
    "0CCE9212-69AE-11D9-BED3-505054503030": "System Integrity",
    "0CCE9213-69AE-11D9-BED3-505054503030": "IPsec Driver",
    "0CCE9214-69AE-11D9-BED3-505054503030": "Other System Events",
    "0CCE9215-69AE-11D9-BED3-505054503030": "Logon",
    "0CCE9216-69AE-11D9-BED3-505054503030": "Logoff",
    "0CCE9217-69AE-11D9-BED3-505054503030": "Account Lockout",
    "0CCE9218-69AE-11D9-BED3-505054503030": "IPsec Main Mode",
    "0CCE9219-69AE-11D9-BED3-505054503030": "IPsec Quick Mode",
    "0CCE921A-69AE-11D9-BED3-505054503030": "IPsec Extended Mode",
    "0CCE921B-69AE-11D9-BED3-505054503030": "Special Logon",
    "0CCE921C-69AE-11D9-BED3-505054503030": "Other Logon/Logoff Events",
    "0CCE921D-69AE-11D9-BED3-505054503030": "File System",
    "0CCE921E-69AE-11D9-BED3-505054503030": "Registry",
    "0CCE921F-69AE-11D9-BED3-505054503030": "Kernel Object",
    "0CCE9220-69AE-11D9-BED3-505054503030": "SAM",
    "0CCE9221-69AE-11D9-BED3-505054503030": "Certification Services",
    "0CCE9222-69AE-11D9-BED3-505054503030": "Application Generated",
    "0CCE9223-69AE-11D9-BED3-505054503030": "Handle Manipulation",
    "0CCE9224-69AE-11D9-BED3-505054503030": "File Share",
    "0CCE9225-69AE-11D9-BED3-505054503030": "Filtering Platform Packet Drop",
    "0CCE9226-69AE-11D9-BED3-505054503030": "Filtering Platform Connection",
    "0CCE9227-69AE-11D9-BED3-505054503030": "Other Object Access Events",
    "0CCE9228-69AE-11D9-BED3-505054503030": "Sensitive Privilege Use",
    "0CCE9229-69AE-11D9-BED3-505054503030": "Non Sensitive Privilege Use",
    "0CCE922A-69AE-11D9-BED3-505054503030": "Other Privilege Use Events",
    "0CCE922B-69AE-11D9-BED3-505054503030": "Process Creation",
    "0CCE922C-69AE-11D9-BED3-505054503030": "Process Termination",
    "0CCE922D-69AE-11D9-BED3-505054503030": "DPAPI Activity",
    "0CCE922E-69AE-11D9-BED3-505054503030": "RPC Events",
    "0CCE922F-69AE-11D9-BED3-505054503030": "Audit Policy Change",
    "0CCE9230-69AE-11D9-BED3-505054503030": "Authentication Policy Change",
    "0CCE9231-69AE-11D9-BED3-505054503030": "Authorization Policy Change",
    "0CCE9232-69AE-11D9-BED3-505054503030": "MPSSVC Rule-Level Policy Change",
    "0CCE9233-69AE-11D9-BED3-505054503030": "Filtering Platform Policy Change",
    "0CCE9234-69AE-11D9-BED3-505054503030": "Other Policy Change Events",
    "0CCE9235-69AE-11D9-BED3-505054503030": "User Account Management",
    "0CCE9236-69AE-11D9-BED3-505054503030": "Computer Account Management",
    "0CCE9237-69AE-11D9-BED3-505054503030": "Security Group Management",
    "0CCE9238-69AE-11D9-BED3-505054503030": "Distribution Group Management",
    "0CCE9239-69AE-11D9-BED3-505054503030": "Application Group Management",
    "0CCE923A-69AE-11D9-BED3-505054503030": "Other Account Management Events",
    "0CCE923B-69AE-11D9-BED3-505054503030": "Directory Service Access",
    "0CCE923C-69AE-11D9-BED3-505054503030": "Directory Service Changes",
    "0CCE923D-69AE-11D9-BED3-505054503030": "Directory Service Replication",
    "0CCE923E-69AE-11D9-BED3-505054503030": "Detailed Directory Service Replication",
    "0CCE923F-69AE-11D9-BED3-505054503030": "Credential Validation",
    "0CCE9240-69AE-11D9-BED3-505054503030": "Kerberos Service Ticket Operations",
    "0CCE9241-69AE-11D9-BED3-505054503030": "Other Account Logon Events",
    "0CCE9242-69AE-11D9-BED3-505054503030": "Kerberos Authentication Service",
    "0CCE9243-69AE-11D9-BED3-505054503030": "Network Policy Server",
    "0CCE9244-69AE-11D9-BED3-505054503030": "Detailed File Share",
    "0CCE9245-69AE-11D9-BED3-505054503030": "Removable Storage",
    "0CCE9246-69AE-11D9-BED3-505054503030": "Central Policy Staging",
    "0CCE9247-69AE-11D9-BED3-505054503030": "User / Device Claims",
    "0CCE9248-69AE-11D9-BED3-505054503030": "Plug and Play Events",
    "0CCE9249-69AE-11D9-BED3-505054503030": "Group Membership",
    "0CCE924A-69AE-11D9-BED3-505054503030": "Token Right Adjusted Events",
}
LOGON: Final = "{0CCE9215-69AE-11D9-BED3-505054503030}"
ACCOUNT_LOCKOUT: Final = "{0CCE9217-69AE-11D9-BED3-505054503030}"

_BY_NAME = {name.lower(): guid for guid, name in SUBCATEGORIES.items()}
#: The English inclusion texts and the mask each stands for.
_ENGLISH_INCLUSION = {
    "no auditing": 0,
    "success": 1,
    "failure": 2,
    "success and failure": 3,
}


@attrs.frozen
class AuditSetting:
    """One subcategory row. ``success``/``failure`` are None when the file does not say (a
    translated inclusion text without Setting Value)."""

    guid: str  # upper case, in braces: {0CCE9215-69AE-11D9-BED3-505054503030}
    name: str  # the Subcategory cell as written (maybe translated, maybe "Audit Logon")
    english_name: str | None  # from the GUID; None for a GUID this list does not know
    target: str  # Policy Target as written ("System", "Sistema")
    machine: str  # Machine Name ("" in GPO copies)
    inclusion: str  # the Inclusion Setting text as written
    exclusion: str
    value: int | None  # Setting Value (backup shape), else None
    success: bool | None
    failure: bool | None
    line: int

    @property
    def audited(self) -> int | None:
        """The POLICY_AUDIT_EVENT_* mask (0-3), None when unknown."""
        if self.success is None or self.failure is None:
            return None
        return (1 if self.success else 0) | (2 if self.failure else 0)


@attrs.frozen
class AuditOption:
    """An ``Option:NAME`` row of a backup (CrashOnAuditFail, FullPrivilegeAuditing, ...)."""

    name: str  # the part after the colon, e.g. CrashOnAuditFail (not translated)
    text: str  # the Inclusion Setting cell ("Disabled", "Deshabilitado")
    value: int | None
    line: int


@attrs.frozen
class AuditpolDocument:
    path: str
    shape: Shape
    settings: tuple[AuditSetting, ...]
    options: tuple[AuditOption, ...] = ()
    #: rows without a GUID that are not options, kept by their Subcategory cell (FileGlobalSacl)
    other: tuple[tuple[str, int], ...] = ()

    @property
    def system_target(self) -> str | None:
        targets = [s.target for s in self.settings]
        for target in targets:
            if target.lower() == "system":
                return target
        return targets[0] if targets else None

    def get(self, key: str) -> AuditSetting | None:
        """The system policy's row for a subcategory given by GUID (with or without braces, any
        case) or by English name ("Logon", also "Audit Logon"); None when the file has no row."""
        guid = _guid_of(key)
        if guid is None:
            return None
        target = self.system_target
        for setting in self.settings:
            if setting.guid == guid and setting.target == target:
                return setting
        return None

    @property
    def logon(self) -> AuditSetting | None:
        return self.get(LOGON)

    @property
    def account_lockout(self) -> AuditSetting | None:
        return self.get(ACCOUNT_LOCKOUT)

    def option(self, name: str) -> AuditOption | None:
        for option in self.options:
            if option.name.lower() == name.lower():
                return option
        return None


def read_auditpol_csv(path: Path) -> AuditpolDocument:
    return parse_auditpol_csv(decode(read_bytes(path, MAX_AUDITPOL_BYTES), path), path)


def parse_auditpol_csv(text: str, path: Path | str = "auditpol.csv") -> AuditpolDocument:
    rows = _rows(text, path)
    if not rows:
        raise BundleError(path, "is empty: not auditpol output", 1)
    header_line, header = rows[0]
    if len(header) == 7:
        shape: Shape = "backup"
    elif len(header) == 6:
        shape = "report"
    else:
        raise BundleError(
            path,
            f"has a header of {len(header)} columns; auditpol writes 7 (/backup) or 6 (/get /r)",
            header_line,
        )
    if _GUID.fullmatch(header[3].strip()):
        raise BundleError(path, "has no header row: the first row is a subcategory", header_line)
    settings: list[AuditSetting] = []
    options: list[AuditOption] = []
    other: list[tuple[str, int]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows[1:]:
        if len(cells) != len(header):
            raise BundleError(
                path, f"has a row of {len(cells)} columns under a header of {len(header)}", number
            )
        machine, target, name, guid_text, inclusion, exclusion = (c.strip() for c in cells[:6])
        value = _value(cells[6].strip(), path, number) if shape == "backup" else None
        if not guid_text:
            option = _option(name, inclusion, value, number)
            if option is not None:
                options.append(option)
            elif name:
                other.append((name, number))
            else:
                raise BundleError(path, "has a row with neither subcategory nor GUID", number)
            continue
        match = _GUID.fullmatch(guid_text)
        if match is None:
            shown = quote(guid_text)
            raise BundleError(path, f"has {shown} where a subcategory GUID belongs", number)
        guid = "{" + match.group(1).upper() + "}"
        identity = (target.lower(), guid)
        if identity in seen:
            raise BundleError(
                path,
                f"lists {guid} for {quote_name(target, bare=True) if target else 'its target'} "
                "again (first on line "
                f"{seen[identity]}): two settings for one subcategory",
                number,
            )
        seen[identity] = number
        mask = value if value is not None else _ENGLISH_INCLUSION.get(inclusion.lower())
        settings.append(
            AuditSetting(
                guid=guid,
                name=name,
                english_name=SUBCATEGORIES.get(guid[1:-1]),
                target=target,
                machine=machine,
                inclusion=inclusion,
                exclusion=exclusion,
                value=value,
                success=None if mask is None else bool(mask & 1),
                failure=None if mask is None else bool(mask & 2),
                line=number,
            )
        )
    return AuditpolDocument(str(path), shape, tuple(settings), tuple(options), tuple(other))


def _rows(text: str, path: Path | str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with their 1-based line numbers. auditpol never quotes a cell, but a
    copy saved by a spreadsheet may; the csv module takes both. ``skipinitialspace`` because
    translated headers separate cells with ", "."""
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")), start=1):
        if not line.strip():
            continue  # /get /r puts a blank row under the header
        if "\x00" in line:
            raise BundleError(path, "has a NUL character: not a text CSV", number)
        try:
            cells = next(csv.reader([line], skipinitialspace=True))
        except csv.Error as exc:
            raise BundleError(path, f"has a row that is not CSV ({exc})", number) from exc
        rows.append((number, cells))
    return rows


def _value(text: str, path: Path | str, number: int) -> int | None:
    if text == "":
        return None  # global SACL rows leave it empty
    if not _VALUE.fullmatch(text):
        raise BundleError(path, f"has Setting Value {quote(text)}; auditpol writes 0 to 3", number)
    return int(text)


def _option(name: str, inclusion: str, value: int | None, number: int) -> AuditOption | None:
    """``Option:CrashOnAuditFail`` (``Opción:...`` in Spanish): the word before the colon is
    translated, the option name after it is not."""
    prefix, colon, option = name.partition(":")
    if not colon or not prefix or not option or " " in option:
        return None
    return AuditOption(option, inclusion, value, number)


def _guid_of(key: str) -> str | None:
    text = key.strip()
    match = _GUID.fullmatch(text)
    if match is not None:
        return "{" + match.group(1).upper() + "}"
    lowered = text.lower()
    if lowered.startswith("audit ") and lowered[6:] in _BY_NAME:
        lowered = lowered[6:]
    found = _BY_NAME.get(lowered)
    return None if found is None else "{" + found + "}"
