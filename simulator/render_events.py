"""Render the model's event records in the exact text Windows writes for them.

Pure functions over `LogonEvent` and `SystemEvent`; nothing here reads model state. Three shapes:

* Windows Server 2016+ Security log, as ``wevtutil qe Security /f:xml`` prints it: one ``<Event>``
  element per record, on one line, attributes in single quotes, no XML declaration and no root
  element (`security_event_xml`, `security_events_xml`).
* Windows Server 2003 Security log: the Description text of 528/540 and 529-539 as Event Viewer
  shows it, and rows of the Event Viewer "Save Log File As" CSV export (`legacy_description`,
  `legacy_csv_row`, `legacy_csv`).
* The W3SVC event 100 System-log warning: its message text, its 2016+ XML and its 2003 CSV row
  (`system_event_text`, `system_event_xml`, `system_csv_row`, `system_csv`).

Facts and their sources (all confirmed with public copies, see also the report of this module):

* 4625 XML shape, EventData order, Version 0, Keywords 0x8010000000000000, Status/SubStatus in
  lower-case hex, FailureReason as an ``%%23xx`` insertion, TargetUserSid S-1-0-0: MicrosoftDocs
  windows-itpro-docs ``windows/security/threat-protection/auditing/event-4625.md``.
* 4624 Version 2 on Windows 10 / Server 2016+, its 27 EventData fields in order, Task 12544,
  Keywords 0x8020000000000000, ``%%1833`` / ``%%1842`` / ``%%1843`` insertions: the same repository,
  ``event-4624.md``.
* Task: 4625 and 4624 raised by the *Logon* subcategory carry Task 12544 (many real captures, e.g.
  https://github.com/wazuh/wazuh-agent/issues/206 on Server 2022 10.0.20348). The reference's 12546
  is the *Account Lockout* subcategory: Microsoft's own 4625 sample is a locked-out logon
  (Status 0xc0000234) and a captured Windows lab log shows the same account first failing with
  Task 12544 (bad password) and then, once locked, with Task 12546. So: 12546 for
  `Outcome.LOCKED_OUT`, 12544 for every other 4625 and for 4624.
* wevtutil/EvtRender text: single-quoted attributes, ``<Correlation/>``, ``<Security/>``, logon
  process names padded with trailing blanks ("User32 ", "NtLmSsp ", "Advapi  "): captures quoted
  in https://github.com/wazuh/wazuh/pull/17880 and the Cribl Windows-events documentation sample.
* Server 2003 Description text: msaudite.dll 5.2.3790.3959 message table as dumped by
  libyal/winevt-kb (``docs/sources/message-files/MessageFile-msaudite.dll.md``): labels, the tabs
  after each label, 539's odd "Caller Process ID: " / "Transited Services: " (a blank, no tab),
  534's reason wrapped over two lines, 537's "Status code" / "Substatus code" after Workstation
  Name, 528/540's Logon GUID. Each line after the first starts with a blank then a tab (the
  message-table line break Event Viewer turns into a blank), as a copy of a real 2003 529 shows.
* CSV column order Date, Time, Source, Type, Category, Event, User, Computer, Description:
  "File formats for archived logs", https://learn.microsoft.com/previous-versions/windows/it-pro/
  windows-server-2003/cc780824(v=ws.10).
* W3SVC 100 text: "The server was unable to logon the Windows NT account '%1' due to the following
  error: %2 The data is the error code." (KB 922730 and older IIS KB articles quoting the event).

Choices no public source settles are named assumptions in `simulator/assumptions.py`
(event_xml_build_shape, execution_ids, logon_process_padding, empty_subject,
anonymous_token_flags, unknown_failure_reason, legacy_csv_shape, w3svc_event_xml).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Final
from uuid import UUID
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from winfacts import assumptions as A
from winfacts import wellknown
from winfacts.errors import ModelError
from winfacts.ntstatus import EVENT_2003_REASON, Outcome, hexstatus

from .events import EventType, LogonEvent, OsFamily, SystemEvent
from .variety import format_pattern

# --- constants of the Security-Auditing provider -----------------------------------------------

NS: Final = "http://schemas.microsoft.com/win/2004/08/events/event"
PROVIDER_NAME: Final = "Microsoft-Windows-Security-Auditing"
PROVIDER_GUID: Final = "{54849625-5478-4994-A5BA-3E3B0328C30D}"
TASK_LOGON: Final = 12544
TASK_ACCOUNT_LOCKOUT: Final = 12546
KEYWORDS_AUDIT_SUCCESS: Final = "0x8020000000000000"
KEYWORDS_AUDIT_FAILURE: Final = "0x8010000000000000"
KEYWORDS_CLASSIC: Final = "0x80000000000000"
#: lsass.exe's PID in the Execution element when the caller gives none (assumption execution_ids).
LSASS_PID: Final[int] = A.EXECUTION_IDS.value
#: 4625's FailureReason when the outcome has none (assumption unknown_failure_reason).
REASON_UNKNOWN: Final[str] = A.UNKNOWN_FAILURE_REASON.value
NULL_GUID: Final = "{00000000-0000-0000-0000-000000000000}"

#: Event versions on 2016+ (event-4625.md "Event Versions: 0"; event-4624.md "2 - Windows 10").
EVENT_VERSION: Final = {4624: 2, 4625: 0}

#: 4625 EventData names in order (event-4625.md; reference windows-logon.md 1).
FIELDS_4625: Final = (
    "SubjectUserSid",
    "SubjectUserName",
    "SubjectDomainName",
    "SubjectLogonId",
    "TargetUserSid",
    "TargetUserName",
    "TargetDomainName",
    "Status",
    "FailureReason",
    "SubStatus",
    "LogonType",
    "LogonProcessName",
    "AuthenticationPackageName",
    "WorkstationName",
    "TransmittedServices",
    "LmPackageName",
    "KeyLength",
    "ProcessId",
    "ProcessName",
    "IpAddress",
    "IpPort",
)

#: 4624 version 2 EventData names in order (event-4624.md sample XML).
FIELDS_4624: Final = (
    "SubjectUserSid",
    "SubjectUserName",
    "SubjectDomainName",
    "SubjectLogonId",
    "TargetUserSid",
    "TargetUserName",
    "TargetDomainName",
    "TargetLogonId",
    "LogonType",
    "LogonProcessName",
    "AuthenticationPackageName",
    "WorkstationName",
    "LogonGuid",
    "TransmittedServices",
    "LmPackageName",
    "KeyLength",
    "ProcessId",
    "ProcessName",
    "IpAddress",
    "IpPort",
    "ImpersonationLevel",
    "RestrictedAdminMode",
    "TargetOutboundUserName",
    "TargetOutboundDomainName",
    "VirtualAccount",
    "TargetLinkedLogonId",
    "ElevatedToken",
)

#: Logon process names as LSA prints them: the registered names carry trailing blanks.
_PADDED_PROCESS: Final = {"user32": "User32 ", "ntlmssp": "NtLmSsp ", "advapi": "Advapi  "}


def logon_process_text(name: str) -> str:
    """The logon process name as the Security log prints it ("Advapi" -> "Advapi  ")."""
    return _PADDED_PROCESS.get(name.strip().lower(), name)


def _dash(value: str) -> str:
    return value if value else "-"


def _attr(value: str) -> str:
    """An attribute value in the single quotes EvtRender uses."""
    return "'" + escape(value, {"'": "&apos;"}) + "'"


# --- 2016+ Security log XML ----------------------------------------------------------------------


def system_time(moment: datetime, os: OsFamily) -> str:
    """TimeCreated/@SystemTime: UTC, 9 fraction digits up to 2019, 7 on 2022 (assumption)."""
    if moment.tzinfo is None:
        raise ModelError(f"{moment.isoformat()} has no time zone; event times must be aware")
    utc = moment.astimezone(UTC)
    head = utc.strftime("%Y-%m-%dT%H:%M:%S")
    ticks = f"{utc.microsecond:06d}0"  # 100-ns units; the model keeps microseconds
    return f"{head}.{ticks}Z" if os is OsFamily.WS2022 else f"{head}.{ticks}00Z"


def _provider_guid(os: OsFamily) -> str:
    return PROVIDER_GUID.lower() if os is OsFamily.WS2022 else PROVIDER_GUID


def _thread_id(record_id: int) -> int:
    # Thread ids are multiples of 4; a stable function of the record keeps renders reproducible.
    return 1024 + 4 * (record_id % 2048)


def _logon_task(ev: LogonEvent) -> int:
    return TASK_ACCOUNT_LOCKOUT if ev.outcome is Outcome.LOCKED_OUT else TASK_LOGON


def _event_data_4625(ev: LogonEvent) -> tuple[str, ...]:
    codes = ev.outcome.codes
    return (
        str(ev.subject_sid),
        _dash(ev.subject_user),
        _dash(ev.subject_domain),
        f"0x{ev.subject_logon_id:x}",
        str(wellknown.NULL),
        ev.target_user,
        ev.target_domain,
        hexstatus(codes.status),
        codes.reason or REASON_UNKNOWN,
        hexstatus(codes.substatus),
        str(ev.logon_type),
        logon_process_text(ev.logon_process),
        ev.auth_package,
        _dash(ev.workstation),
        "-",
        "-",
        "0",
        f"0x{ev.process_id:x}",
        _dash(ev.process_name),
        _dash(ev.ip_address),
        _dash(ev.ip_port),
    )


def _event_data_4624(ev: LogonEvent) -> tuple[str, ...]:
    return (
        str(ev.subject_sid),
        _dash(ev.subject_user),
        _dash(ev.subject_domain),
        f"0x{ev.subject_logon_id:x}",
        str(ev.target_sid),
        ev.target_user,
        ev.target_domain,
        f"0x{ev.logon_id:x}",
        str(ev.logon_type),
        logon_process_text(ev.logon_process),
        ev.auth_package,
        _dash(ev.workstation),
        NULL_GUID,
        "-",
        "-",
        "0",
        f"0x{ev.process_id:x}",
        _dash(ev.process_name),
        _dash(ev.ip_address),
        _dash(ev.ip_port),
        "%%1833",
        "-",
        "-",
        "-",
        "%%1843",
        "0x0",
        "%%1843",
    )


def event_data(ev: LogonEvent) -> list[tuple[str, str]]:
    """(Name, value) pairs of the 4624 or 4625 EventData, in the order Windows writes them."""
    if ev.success:
        return list(zip(FIELDS_4624, _event_data_4624(ev), strict=True))
    return list(zip(FIELDS_4625, _event_data_4625(ev), strict=True))


def security_event_xml(
    ev: LogonEvent,
    os: OsFamily,
    *,
    activity_id: UUID | None = None,
    lsass_pid: int = LSASS_PID,
    thread_id: int | None = None,
) -> str:
    """One 4624/4625 ``<Event>`` element as ``wevtutil qe Security /f:xml`` prints it (2016+)."""
    if os.legacy_events:
        raise ModelError(f"{os.value} writes no event XML; use legacy_description / legacy_csv")
    event_id = ev.event_id(os)
    keywords = KEYWORDS_AUDIT_SUCCESS if ev.success else KEYWORDS_AUDIT_FAILURE
    if activity_id is None:
        correlation = "<Correlation/>"
    else:
        text = str(activity_id)
        guid = text.lower() if os is OsFamily.WS2022 else text.upper()
        correlation = f"<Correlation ActivityID='{{{guid}}}'/>"
    tid = _thread_id(ev.record_id) if thread_id is None else thread_id
    computer = ev.computer_fqdn or ev.computer
    data = "".join(f"<Data Name='{name}'>{escape(value)}</Data>" for name, value in event_data(ev))
    return (
        f"<Event xmlns='{NS}'><System>"
        f"<Provider Name='{PROVIDER_NAME}' Guid='{_provider_guid(os)}'/>"
        f"<EventID>{event_id}</EventID>"
        f"<Version>{EVENT_VERSION[event_id]}</Version>"
        "<Level>0</Level>"
        f"<Task>{_logon_task(ev)}</Task>"
        "<Opcode>0</Opcode>"
        f"<Keywords>{keywords}</Keywords>"
        f"<TimeCreated SystemTime='{system_time(ev.time, os)}'/>"
        f"<EventRecordID>{ev.record_id}</EventRecordID>"
        f"{correlation}"
        f"<Execution ProcessID='{lsass_pid}' ThreadID='{tid}'/>"
        "<Channel>Security</Channel>"
        f"<Computer>{escape(computer)}</Computer>"
        "<Security/>"
        f"</System><EventData>{data}</EventData></Event>"
    )


def security_events_xml(events: Iterable[LogonEvent], os: OsFamily) -> str:
    """Several events as wevtutil prints them: one element per line, no root element."""
    return "".join(security_event_xml(ev, os) + "\n" for ev in events)


# --- Windows Server 2003 Security log text -------------------------------------------------------

#: Break between Description lines; Event Viewer writes CRLF, the model uses "\n" throughout.
NEWLINE: Final = "\n"
_LINE: Final = NEWLINE + " \t"  # each line after the first starts with a blank, then a tab

_REASON_537: Final = "An error occurred during logon"


def legacy_logon_id(value: int) -> str:
    """A LUID as 2003 prints it: ``(0x0,0x3E7)`` (high part, low part, upper-case hex)."""
    return f"(0x{value >> 32:X},0x{value & 0xFFFFFFFF:X})"


def _caller_lines(ev: LogonEvent, *, tab_after_pid: bool) -> list[str]:
    sep = "\t" if tab_after_pid else " "
    return [
        f"Caller User Name:\t{_dash(ev.subject_user)}",
        f"Caller Domain:\t{_dash(ev.subject_domain)}",
        f"Caller Logon ID:\t{legacy_logon_id(ev.subject_logon_id)}",
        f"Caller Process ID:{sep}{ev.process_id}",
        f"Transited Services:{sep}-",
        f"Source Network Address:\t{_dash(ev.ip_address)}",
        f"Source Port:\t{_dash(ev.ip_port)}",
    ]


def legacy_description(ev: LogonEvent) -> str:
    """The Description of the 2003 event (528/540 or 529-539) exactly as Event Viewer shows it.

    Labels and tabs follow msaudite.dll 5.2.3790 (Server 2003 SP2); lines are joined with
    `NEWLINE` and each line after the first begins " \\t".
    """
    event_id = ev.event_id(OsFamily.WS2003)
    process = logon_process_text(ev.logon_process)
    if ev.success:
        title = "Successful Network Logon:" if event_id == 540 else "Successful Logon:"
        lines = [
            title,
            f"User Name:\t{ev.target_user}",
            f"Domain:\t\t{ev.target_domain}",
            f"Logon ID:\t\t{legacy_logon_id(ev.logon_id)}",
            f"Logon Type:\t{ev.logon_type}",
            f"Logon Process:\t{process}",
            f"Authentication Package:\t{ev.auth_package}",
            f"Workstation Name:\t{_dash(ev.workstation)}",
            "Logon GUID:\t-",
            *_caller_lines(ev, tab_after_pid=False),
        ]
        return _LINE.join(lines)
    if event_id == 534:
        reason = [
            "Reason:\tThe user has not been granted the requested",
            "\tlogon type at this machine",
        ]
    else:
        text = EVENT_2003_REASON.get(event_id, _REASON_537)
        reason = [f"Reason:\t\t{text}"]
    domain_tabs = "\t" if event_id == 539 else "\t\t"
    lines = [
        "Logon Failure:",
        *reason,
        f"User Name:\t{ev.target_user}",
        f"Domain:{domain_tabs}{ev.target_domain}",
        f"Logon Type:\t{ev.logon_type}",
        f"Logon Process:\t{process}",
        f"Authentication Package:\t{ev.auth_package}",
        f"Workstation Name:\t{_dash(ev.workstation)}",
    ]
    if event_id == 537:
        codes = ev.outcome.codes
        lines += [
            f"Status code:\t0x{codes.status:X}",
            f"Substatus code:\t0x{codes.substatus:X}",
        ]
    lines += _caller_lines(ev, tab_after_pid=event_id != 539)
    return _LINE.join(lines)


def event_viewer_date(
    moment: datetime, tz: ZoneInfo, patterns: tuple[str, str] | None = None
) -> tuple[str, str]:
    """(Date, Time) as the en-US 2003 Event Viewer prints them, in the server's local time;
    ``patterns`` (short date, long time, .NET notation) for a server with other regional
    settings (simulator.variety)."""
    if moment.tzinfo is None:
        raise ModelError(f"{moment.isoformat()} has no time zone; event times must be aware")
    local = moment.astimezone(tz)
    if patterns is not None:
        return format_pattern(local, patterns[0]), format_pattern(local, patterns[1])
    hour = local.hour % 12 or 12
    suffix = "AM" if local.hour < 12 else "PM"
    date_text = f"{local.month}/{local.day}/{local.year}"
    time_text = f"{hour}:{local.minute:02d}:{local.second:02d} {suffix}"
    return date_text, time_text


def legacy_csv_row(
    ev: LogonEvent, tz: ZoneInfo, patterns: tuple[str, str] | None = None
) -> list[str]:
    """One row of the 2003 Event Viewer CSV export of the Security log (9 columns)."""
    date_text, time_text = event_viewer_date(ev.time, tz, patterns)
    return [
        date_text,
        time_text,
        "Security",
        EventType.AUDIT_SUCCESS.value if ev.success else EventType.AUDIT_FAILURE.value,
        "Logon/Logoff",
        str(ev.event_id(OsFamily.WS2003)),
        "NT AUTHORITY\\SYSTEM",
        ev.computer,
        legacy_description(ev),
    ]


def _csv_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def legacy_csv(
    events: Iterable[LogonEvent], tz: ZoneInfo, patterns: tuple[str, str] | None = None
) -> str:
    """The 2003 "Save Log File As" CSV of these Security events (no header row; CRLF rows);
    ``patterns``: the server's short date and long time patterns, where not en-US."""
    return _csv_text(legacy_csv_row(ev, tz, patterns) for ev in events)


# --- System log: W3SVC 100 -----------------------------------------------------------------------

#: Message texts by (source, event id); %1, %2 are the insertion strings.
SYSTEM_MESSAGES: Final = {
    ("W3SVC", 100): (
        "The server was unable to logon the Windows NT account '%1' due to the following "
        "error: %2 The data is the error code."
    ),
    # Written at the boot after a bug check (chosen without confirmation of the exact
    # spacing; the wording as transcripts of KB 832981's STOP C0000244 show it).
    ("EVENTLOG", 6008): "The previous system shutdown at %1 on %2 was unexpected.",
    ("SAVE DUMP", 1001): (
        "The computer has rebooted from a bugcheck.  The bugcheck was: %1.  A dump was saved "
        "in: %2."
    ),
    ("BUGCHECK", 1001): (
        "The computer has rebooted from a bugcheck.  The bugcheck was: %1. A dump was saved in: %2."
    ),
}

_LEVEL: Final = {
    EventType.ERROR: 2,
    EventType.WARNING: 3,
    EventType.INFORMATION: 4,
    EventType.AUDIT_SUCCESS: 0,
    EventType.AUDIT_FAILURE: 0,
}
#: High word of a classic event's message id: the severity bits (assumption w3svc_event_xml).
_QUALIFIERS: Final = {
    EventType.ERROR: 49152,
    EventType.WARNING: 32768,
    EventType.INFORMATION: 16384,
    EventType.AUDIT_SUCCESS: 0,
    EventType.AUDIT_FAILURE: 0,
}
_WIN32_BY_MESSAGE: Final = {o.codes.message: o.codes.win32 for o in Outcome if not o.ok}


def system_event_text(ev: SystemEvent) -> str:
    """The Description Event Viewer shows for a System-log event."""
    template = SYSTEM_MESSAGES.get((ev.source.upper(), ev.event_id))
    if template is None:
        raise ModelError(f"no message text is known for {ev.source} event {ev.event_id}")
    text = template
    # Replace the highest numbers first so %1 does not eat the start of %10.
    for index in range(len(ev.insertions), 0, -1):
        text = text.replace(f"%{index}", ev.insertions[index - 1])
    return text


def win32_error_of(ev: SystemEvent) -> int | None:
    """The Win32 error carried as event data, found from the message insertion when known."""
    if len(ev.insertions) < 2:
        return None
    return _WIN32_BY_MESSAGE.get(ev.insertions[1])


def system_event_xml(ev: SystemEvent, os: OsFamily, *, error_code: int | None = None) -> str:
    """A classic-source System event (W3SVC 100) as ``wevtutil qe System /f:xml`` prints it."""
    if os.legacy_events:
        raise ModelError(f"{os.value} writes no event XML; use system_csv_row")
    code = win32_error_of(ev) if error_code is None else error_code
    data = "".join(f"<Data>{escape(value)}</Data>" for value in ev.insertions)
    binary = "" if code is None else f"<Binary>{code.to_bytes(4, 'little').hex().upper()}</Binary>"
    return (
        f"<Event xmlns='{NS}'><System>"
        f"<Provider Name={_attr(ev.source)}/>"
        f"<EventID Qualifiers='{_QUALIFIERS[ev.type]}'>{ev.event_id}</EventID>"
        "<Version>0</Version>"
        f"<Level>{_LEVEL[ev.type]}</Level>"
        "<Task>0</Task>"
        "<Opcode>0</Opcode>"
        f"<Keywords>{KEYWORDS_CLASSIC}</Keywords>"
        f"<TimeCreated SystemTime='{system_time(ev.time, os)}'/>"
        f"<EventRecordID>{ev.record_id}</EventRecordID>"
        "<Correlation/>"
        "<Execution ProcessID='0' ThreadID='0'/>"
        "<Channel>System</Channel>"
        f"<Computer>{escape(ev.computer)}</Computer>"
        "<Security/>"
        f"</System><EventData>{data}{binary}</EventData></Event>"
    )


def system_csv_row(ev: SystemEvent, tz: ZoneInfo) -> list[str]:
    """One row of the 2003 Event Viewer CSV export of the System log (9 columns)."""
    date_text, time_text = event_viewer_date(ev.time, tz)
    return [
        date_text,
        time_text,
        ev.source,
        ev.type.value,
        ev.category,
        str(ev.event_id),
        ev.user,
        ev.computer,
        system_event_text(ev),
    ]


def system_csv(events: Iterable[SystemEvent], tz: ZoneInfo) -> str:
    """The 2003 CSV export of these System events (no header row; CRLF rows)."""
    return _csv_text(system_csv_row(ev, tz) for ev in events)


__all__ = [
    "EVENT_VERSION",
    "FIELDS_4624",
    "FIELDS_4625",
    "KEYWORDS_AUDIT_FAILURE",
    "KEYWORDS_AUDIT_SUCCESS",
    "PROVIDER_GUID",
    "PROVIDER_NAME",
    "TASK_ACCOUNT_LOCKOUT",
    "TASK_LOGON",
    "event_data",
    "event_viewer_date",
    "legacy_csv",
    "legacy_csv_row",
    "legacy_description",
    "legacy_logon_id",
    "logon_process_text",
    "security_event_xml",
    "security_events_xml",
    "system_csv",
    "system_csv_row",
    "system_event_text",
    "system_event_xml",
    "system_time",
    "win32_error_of",
]
