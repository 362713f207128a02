"""`wevtutil qe LOG /f:text`: each event as Event Viewer's general text, numbered from 0.

The layout: "Event[N]:", then two-space indented "Log Name", "Source", "Date", "Event ID",
"Task", "Level", "Opcode", "Keyword", "User", "User Name", "Computer" and "Description:", the
description on the lines after it (Microsoft's wevtutil reference names /f:text as the
event's text rendering). The 4625 and 4624 descriptions use the section titles and labels of
the Security-Auditing message texts ("An account failed to log on.", "Subject:", "Account For
Which Logon Failed:", "Failure Information:", "Process Information:", "Network Information:",
"Detailed Authentication Information:"; Microsoft's 4625/4624 event pages).

Chosen without confirmation: the Date format (local time, ISO with milliseconds), the number of
tabs after each label, the Task names ("Logon", "Account Lockout"), and that the explanatory
paragraph Windows appends after the fields is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from winfacts.ntstatus import FAILURE_REASON_TEXT, Outcome

from ...events import LogonEvent, SystemEvent
from ...render_events import PROVIDER_NAME, event_data, system_event_text


def _date(ev: LogonEvent | SystemEvent, tz: ZoneInfo) -> str:
    local = ev.time.astimezone(tz)
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"


def _logon_description(ev: LogonEvent) -> list[str]:
    data = dict(event_data(ev))
    subject = [
        "Subject:",
        f"\tSecurity ID:\t\t{data['SubjectUserSid']}",
        f"\tAccount Name:\t\t{data['SubjectUserName']}",
        f"\tAccount Domain:\t\t{data['SubjectDomainName']}",
        f"\tLogon ID:\t\t{data['SubjectLogonId']}",
        "",
        f"Logon Type:\t\t\t{data['LogonType']}",
        "",
    ]
    process = [
        "Process Information:",
        f"\tCaller Process ID:\t{data['ProcessId']}",
        f"\tCaller Process Name:\t{data['ProcessName']}",
        "",
        "Network Information:",
        f"\tWorkstation Name:\t{data['WorkstationName']}",
        f"\tSource Network Address:\t{data['IpAddress']}",
        f"\tSource Port:\t\t{data['IpPort']}",
        "",
        "Detailed Authentication Information:",
        f"\tLogon Process:\t\t{data['LogonProcessName']}",
        f"\tAuthentication Package:\t{data['AuthenticationPackageName']}",
        f"\tTransited Services:\t{data['TransmittedServices']}",
        f"\tPackage Name (NTLM only):\t{data['LmPackageName']}",
        f"\tKey Length:\t\t{data['KeyLength']}",
    ]
    if ev.success:
        return [
            "An account was successfully logged on.",
            "",
            *subject,
            "New Logon:",
            f"\tSecurity ID:\t\t{data['TargetUserSid']}",
            f"\tAccount Name:\t\t{data['TargetUserName']}",
            f"\tAccount Domain:\t\t{data['TargetDomainName']}",
            f"\tLogon ID:\t\t{data['TargetLogonId']}",
            f"\tLogon GUID:\t\t{data['LogonGuid']}",
            "",
            *process,
        ]
    reason = FAILURE_REASON_TEXT.get(data["FailureReason"], data["FailureReason"])
    return [
        "An account failed to log on.",
        "",
        *subject,
        "Account For Which Logon Failed:",
        f"\tSecurity ID:\t\t{data['TargetUserSid']}",
        f"\tAccount Name:\t\t{data['TargetUserName']}",
        f"\tAccount Domain:\t\t{data['TargetDomainName']}",
        "",
        "Failure Information:",
        f"\tFailure Reason:\t\t{reason}",
        f"\tStatus:\t\t\t{data['Status'].upper().replace('0X', '0x')}",
        f"\tSub Status:\t\t{data['SubStatus'].upper().replace('0X', '0x')}",
        "",
        *process,
    ]


def security_events_text(events: Iterable[LogonEvent], tz: ZoneInfo) -> str:
    blocks: list[str] = []
    for index, ev in enumerate(events):
        task = "Account Lockout" if ev.outcome is Outcome.LOCKED_OUT else "Logon"
        lines = [
            f"Event[{index}]:",
            "  Log Name: Security",
            f"  Source: {PROVIDER_NAME}",
            f"  Date: {_date(ev, tz)}",
            f"  Event ID: {4624 if ev.success else 4625}",
            f"  Task: {task}",
            "  Level: Information",
            "  Opcode: Info",
            f"  Keyword: {'Audit Success' if ev.success else 'Audit Failure'}",
            "  User: N/A",
            "  User Name: N/A",
            f"  Computer: {ev.computer_fqdn or ev.computer}",
            "  Description: ",
            *_logon_description(ev),
        ]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def system_events_text(events: Iterable[SystemEvent], tz: ZoneInfo) -> str:
    blocks: list[str] = []
    for index, ev in enumerate(events):
        lines = [
            f"Event[{index}]:",
            "  Log Name: System",
            f"  Source: {ev.source}",
            f"  Date: {_date(ev, tz)}",
            f"  Event ID: {ev.event_id}",
            "  Task: N/A",
            f"  Level: {ev.type.value}",
            "  Opcode: N/A",
            "  Keyword: Classic",
            "  User: N/A",
            "  User Name: N/A",
            f"  Computer: {ev.computer}",
            "  Description: ",
            system_event_text(ev),
        ]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
