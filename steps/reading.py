"""Reading the Security log and the IIS log through the commands an administrator types, for
any backend: the command lines, and parsers of what Windows prints for them.

- The newest logon audits: ``wevtutil qe Security /c:N /rd:true /f:xml`` on Windows Server
  2008 and later (``<Event xmlns=...>`` elements one after another with no root element,
  parsed with defusedxml); on Windows Server 2003, which has no wevtutil, ``cscript //nologo
  %windir%\\system32\\eventquery.vbs /l security /fo csv /v /r N`` (columns Type, Event,
  Date Time, Source, ComputerName, Category, User, Description; newest first). eventquery.vbs
  prints no record number, so on 2003 two audits of the same account, kind and second read
  the same: a step that asks whether a request added an audit can not tell those apart.
- The newest IIS log line: ``dir /b /o:d`` of the site's log folder (W3SVC1 under
  %windir%\\system32\\LogFiles on IIS 6, %SystemDrive%\\inetpub\\logs\\LogFiles on IIS 7+), then
  ``type`` of its newest file.

A command that fails is an AssertionError quoting the command and what it printed.
"""

from __future__ import annotations

import csv
import io
import re

from defusedxml import ElementTree

from authlab.backends import AuditView, Backend, ServerInfo

_NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
_SITE_FOLDER = "W3SVC1"  # the Default Web Site, the site scenarios request


def audit_command(info: ServerInfo, count: int) -> str:
    """The command line that prints the ``count`` newest Security events."""
    if info.legacy:
        return (
            r"cscript //nologo %windir%\system32\eventquery.vbs /l security /fo csv /v "
            f"/r {count}"
        )
    return f"wevtutil qe Security /c:{count} /rd:true /f:xml"


def newest_audits(backend: Backend, info: ServerInfo, count: int = 1) -> list[AuditView]:
    """The ``count`` newest logon audits, newest first."""
    command = audit_command(info, count)
    code, output = backend.run(command)
    if code != 0:
        raise AssertionError(f"{command} failed ({code}):\n{output}")
    return parse_eventquery_csv(output) if info.legacy else parse_wevtutil_xml(output)


def newest_audit(backend: Backend, info: ServerInfo) -> AuditView | None:
    found = newest_audits(backend, info, 1)
    return found[0] if found else None


def _int(text: str | None, base: int = 10) -> int | None:
    try:
        return None if text is None else int(text, base)
    except ValueError:
        return None


def parse_wevtutil_xml(text: str) -> list[AuditView]:
    """4624 and 4625 events of `wevtutil qe ... /f:xml` output, in the order printed."""
    if not text.strip():
        return []
    root = ElementTree.fromstring(f"<Events>{text}</Events>")
    found = []
    for event in root.iter(f"{_NS}Event"):
        system = event.find(f"{_NS}System")
        event_id = _int(system.findtext(f"{_NS}EventID") if system is not None else None)
        if event_id not in (4624, 4625) or system is None:
            continue
        data = {d.get("Name", ""): d.text or "" for d in event.iter(f"{_NS}Data") if d.get("Name")}
        failed = event_id == 4625
        created = system.find(f"{_NS}TimeCreated")
        found.append(
            AuditView(
                event_id,
                _int(data.get("LogonType")),
                _int(data.get("Status"), 16) if failed else None,
                _int(data.get("SubStatus"), 16) if failed else None,
                data.get("FailureReason") if failed else None,
                data.get("TargetUserName", ""),
                not failed,
                when="" if created is None else created.get("SystemTime", ""),
                record=_int(system.findtext(f"{_NS}EventRecordID")),
            )
        )
    return found


#: Windows Server 2003's logon audits: 528 and 540 succeed, 529-537 and 539 fail.
_LEGACY_LOGON = {528, 540, *range(529, 538), 539}


def _field(description: str, label: str) -> str | None:
    """A "Label:<tab>value" of a 2003 Description (line breaks turned into blanks)."""
    match = re.search(rf"(?:^|\t){re.escape(label)}:\s*(.*?)(?=\s+\t|$)", description)
    return match.group(1).strip() if match else None


def parse_eventquery_csv(text: str) -> list[AuditView]:
    """Logon audits of `eventquery.vbs /fo csv /v` output (a header row, then one row an
    event); an "INFO: No records available ..." answer is no audits."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:2] != ["Type", "Event"]:
        return []
    columns = {name: index for index, name in enumerate(rows[0])}
    found = []
    for row in rows[1:]:
        if len(row) != len(columns):
            continue
        event_id = _int(row[columns["Event"]])
        if event_id is None or event_id not in _LEGACY_LOGON:
            continue
        description = row[columns["Description"]]
        success = row[columns["Type"]].lower() == "audit success"
        found.append(
            AuditView(
                event_id,
                _int(_field(description, "Logon Type")),
                _int(_field(description, "Status code"), 16),
                _int(_field(description, "Substatus code"), 16),
                None,
                _field(description, "User Name") or "",
                success,
                when=row[columns["Date Time"]],
            )
        )
    return found


def log_folder(info: ServerInfo) -> str:
    if info.legacy:
        return rf"%windir%\system32\LogFiles\{_SITE_FOLDER}"
    return rf"%SystemDrive%\inetpub\logs\LogFiles\{_SITE_FOLDER}"


def newest_log_line(backend: Backend, info: ServerInfo) -> str | None:
    """The last entry (not a # directive) of the site's newest log file; None when the site
    has logged nothing."""
    folder = log_folder(info)
    code, listing = backend.run(f'dir /b /o:d "{folder}"')
    names = [name for name in listing.splitlines() if name.strip()]
    if code != 0 or not names:
        return None
    command = f'type "{folder}\\{names[-1]}"'
    code, text = backend.run(command)
    if code != 0:
        raise AssertionError(f"{command} failed ({code}):\n{text}")
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    return entries[-1] if entries else None
