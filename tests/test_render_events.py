"""Renderings of logon and System events in the formats Windows writes (simulator.render_events)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from simulator import render_events as R
from simulator.events import EventType, LogonEvent, OsFamily, SystemEvent
from winfacts.errors import ModelError
from winfacts.ntstatus import EVENT_2003_REASON, Outcome, hexstatus
from winfacts.sid import Sid

NS = {"e": "http://schemas.microsoft.com/win/2004/08/events/event"}
MODERN = (OsFamily.WS2016, OsFamily.WS2019, OsFamily.WS2022)
FAILURES = [o for o in Outcome if not o.ok]
IUSR_SID = Sid.parse("S-1-5-21-1111111111-2222222222-3333333333-1003")
WHEN = datetime(2026, 11, 24, 8, 30, 5, 123456, tzinfo=UTC)


def logon(outcome: Outcome = Outcome.WRONG_PASSWORD, **changes: object) -> LogonEvent:
    values: dict[str, object] = {
        "record_id": 229977,
        "time": WHEN,
        "computer": "WEB01",
        "outcome": outcome,
        "target_user": "IUSR_WEB01",
        "target_domain": "WEB01",
        "target_sid": IUSR_SID if outcome.ok else Sid.parse("S-1-0-0"),
        "logon_type": 8,
        "logon_process": "Advapi",
        "auth_package": "Negotiate",
        "workstation": "WEB01",
        "process_id": 0x4D2,
        "process_name": r"C:\WINDOWS\system32\inetsrv\w3wp.exe",
        "subject_sid": Sid.parse("S-1-5-20"),
        "subject_user": "WEB01$",
        "subject_domain": "WORKGROUP",
        "subject_logon_id": 0x3E4,
        "logon_id": 0x1A2B3C if outcome.ok else 0,
        "computer_fqdn": "web01.example.test",
    }
    values.update(changes)
    return LogonEvent(**values)  # type: ignore[arg-type]


def w3svc_100(outcome: Outcome = Outcome.WRONG_PASSWORD, when: datetime = WHEN) -> SystemEvent:
    return SystemEvent(
        record_id=77,
        time=when,
        computer="WEB01",
        source="W3SVC",
        event_id=100,
        type=EventType.WARNING,
        insertions=("IUSR_WEB01", outcome.codes.message),
    )


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def system_value(root: etree._Element, name: str) -> str:
    return str(root.findtext(f"e:System/e:{name}", namespaces=NS))


def data_pairs(root: etree._Element) -> list[tuple[str, str]]:
    return [(str(d.get("Name")), d.text or "") for d in root.findall("e:EventData/e:Data", NS)]


# --- 2016+ XML --------------------------------------------------------------------------------


@pytest.mark.parametrize("os", MODERN)
def test_4625_system_element(os: OsFamily) -> None:
    root = parse(R.security_event_xml(logon(), os))
    provider = root.find("e:System/e:Provider", NS)
    assert provider is not None
    assert provider.get("Name") == "Microsoft-Windows-Security-Auditing"
    assert str(provider.get("Guid")).upper() == "{54849625-5478-4994-A5BA-3E3B0328C30D}"
    assert system_value(root, "EventID") == "4625"
    assert system_value(root, "Version") == "0"
    assert system_value(root, "Level") == "0"
    assert system_value(root, "Task") == "12544"
    assert system_value(root, "Opcode") == "0"
    assert system_value(root, "Keywords") == "0x8010000000000000"
    assert system_value(root, "EventRecordID") == "229977"
    assert system_value(root, "Channel") == "Security"
    assert system_value(root, "Computer") == "web01.example.test"
    assert root.find("e:System/e:Security", NS) is not None
    execution = root.find("e:System/e:Execution", NS)
    assert execution is not None
    assert execution.get("ProcessID") == str(R.LSASS_PID)


def test_wevtutil_text_shape() -> None:
    xml = R.security_event_xml(logon(), OsFamily.WS2019)
    assert xml.startswith("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>")
    assert "\n" not in xml
    assert '"' not in xml  # EvtRender quotes attributes with apostrophes
    assert "<Correlation/>" in xml
    assert "<Data Name='LogonProcessName'>Advapi  </Data>" in xml


def test_time_created_digits_per_build() -> None:
    old = parse(R.security_event_xml(logon(), OsFamily.WS2016))
    new = parse(R.security_event_xml(logon(), OsFamily.WS2022))
    old_time = old.find("e:System/e:TimeCreated", NS)
    new_time = new.find("e:System/e:TimeCreated", NS)
    assert old_time is not None and new_time is not None
    assert old_time.get("SystemTime") == "2026-11-24T08:30:05.123456000Z"
    assert new_time.get("SystemTime") == "2026-11-24T08:30:05.1234560Z"
    provider = new.find("e:System/e:Provider", NS)
    assert provider is not None
    assert provider.get("Guid") == "{54849625-5478-4994-a5ba-3e3b0328c30d}"


def test_time_created_is_utc() -> None:
    local = datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    root = parse(R.security_event_xml(logon(time=local), OsFamily.WS2019))
    created = root.find("e:System/e:TimeCreated", NS)
    assert created is not None
    assert created.get("SystemTime") == "2026-07-01T08:00:00.000000000Z"


@pytest.mark.parametrize("os", MODERN)
def test_4625_event_data_names_and_values(os: OsFamily) -> None:
    pairs = data_pairs(parse(R.security_event_xml(logon(), os)))
    assert [name for name, _ in pairs] == list(R.FIELDS_4625)
    values = dict(pairs)
    assert values == {
        "SubjectUserSid": "S-1-5-20",
        "SubjectUserName": "WEB01$",
        "SubjectDomainName": "WORKGROUP",
        "SubjectLogonId": "0x3e4",
        "TargetUserSid": "S-1-0-0",
        "TargetUserName": "IUSR_WEB01",
        "TargetDomainName": "WEB01",
        "Status": "0xc000006d",
        "FailureReason": "%%2313",
        "SubStatus": "0xc000006a",
        "LogonType": "8",
        "LogonProcessName": "Advapi  ",
        "AuthenticationPackageName": "Negotiate",
        "WorkstationName": "WEB01",
        "TransmittedServices": "-",
        "LmPackageName": "-",
        "KeyLength": "0",
        "ProcessId": "0x4d2",
        "ProcessName": r"C:\WINDOWS\system32\inetsrv\w3wp.exe",
        "IpAddress": "-",
        "IpPort": "-",
    }


def test_4625_field_order_matches_reference() -> None:
    reference = (
        "SubjectUserSid, SubjectUserName, SubjectDomainName, SubjectLogonId, TargetUserSid, "
        "TargetUserName, TargetDomainName, Status, FailureReason, SubStatus, LogonType, "
        "LogonProcessName, AuthenticationPackageName, WorkstationName, TransmittedServices, "
        "LmPackageName, KeyLength, ProcessId, ProcessName, IpAddress, IpPort"
    )
    assert ", ".join(R.FIELDS_4625) == reference


@pytest.mark.parametrize("outcome", FAILURES, ids=lambda o: o.name)
def test_4625_carries_the_outcome_codes(outcome: Outcome) -> None:
    # Even a failure recorded with the account's real SID prints the NULL SID (as 4625 does).
    event = logon(outcome, target_sid=IUSR_SID)
    values = dict(data_pairs(parse(R.security_event_xml(event, OsFamily.WS2019))))
    codes = outcome.codes
    assert values["Status"] == hexstatus(codes.status)
    assert values["SubStatus"] == hexstatus(codes.substatus)
    assert values["FailureReason"] == (codes.reason or R.REASON_UNKNOWN)
    assert values["TargetUserSid"] == "S-1-0-0"
    assert values["Status"] == values["Status"].lower()


def test_locked_out_4625_uses_the_account_lockout_task() -> None:
    root = parse(R.security_event_xml(logon(Outcome.LOCKED_OUT), OsFamily.WS2019))
    assert system_value(root, "Task") == "12546"
    values = dict(data_pairs(root))
    assert (values["Status"], values["SubStatus"], values["FailureReason"]) == (
        "0xc0000234",
        "0x0",
        "%%2307",
    )


@pytest.mark.parametrize("os", MODERN)
def test_4624_version_2_fields(os: OsFamily) -> None:
    root = parse(R.security_event_xml(logon(Outcome.SUCCESS), os))
    assert system_value(root, "EventID") == "4624"
    assert system_value(root, "Version") == "2"
    assert system_value(root, "Task") == "12544"
    assert system_value(root, "Keywords") == "0x8020000000000000"
    pairs = data_pairs(root)
    assert [name for name, _ in pairs] == list(R.FIELDS_4624)
    values = dict(pairs)
    assert values["TargetUserSid"] == str(IUSR_SID)
    assert values["TargetLogonId"] == "0x1a2b3c"
    assert values["LogonGuid"] == "{00000000-0000-0000-0000-000000000000}"
    assert values["ImpersonationLevel"] == "%%1833"
    assert values["TargetLinkedLogonId"] == "0x0"
    assert len(pairs) == 27


def test_empty_subject_and_missing_fqdn() -> None:
    event = logon(subject_user="", subject_domain="", computer_fqdn=None, workstation="")
    root = parse(R.security_event_xml(event, OsFamily.WS2019))
    assert system_value(root, "Computer") == "WEB01"
    values = dict(data_pairs(root))
    assert values["SubjectUserName"] == "-"
    assert values["SubjectDomainName"] == "-"
    assert values["WorkstationName"] == "-"


def test_correlation_activity_id_and_execution_ids() -> None:
    activity = UUID("6a1c3f2e-0000-0000-0000-000000000000")
    xml = R.security_event_xml(
        logon(), OsFamily.WS2022, activity_id=activity, lsass_pid=812, thread_id=4520
    )
    root = parse(xml)
    correlation = root.find("e:System/e:Correlation", NS)
    assert correlation is not None
    assert correlation.get("ActivityID") == "{6a1c3f2e-0000-0000-0000-000000000000}"
    assert "<Execution ProcessID='812' ThreadID='4520'/>" in xml


def test_markup_in_values_is_escaped() -> None:
    event = logon(target_user="a<b>&'c\"", target_domain="D&D")
    values = dict(data_pairs(parse(R.security_event_xml(event, OsFamily.WS2019))))
    assert values["TargetUserName"] == "a<b>&'c\""
    assert values["TargetDomainName"] == "D&D"


def test_security_events_xml_is_a_rootless_sequence() -> None:
    events = [logon(record_id=1), logon(Outcome.SUCCESS, record_id=2)]
    text = R.security_events_xml(events, OsFamily.WS2019)
    lines = text.splitlines()
    assert len(lines) == 2
    assert [system_value(parse(line), "EventRecordID") for line in lines] == ["1", "2"]
    wrapped = parse(f"<Events>{text}</Events>")
    assert len(wrapped.findall("e:Event", NS)) == 2


def test_no_xml_on_2003() -> None:
    with pytest.raises(ModelError):
        R.security_event_xml(logon(), OsFamily.WS2003)
    with pytest.raises(ModelError):
        R.system_event_xml(w3svc_100(), OsFamily.WS2003)


# --- Windows Server 2003 text ------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("outcome", FAILURES, ids=lambda o: o.name)
def test_2003_description_carries_the_reason(outcome: Outcome) -> None:
    event = logon(outcome)
    event_id = event.event_id(OsFamily.WS2003)
    text = R.legacy_description(event)
    assert text.startswith("Logon Failure:\n \tReason:\t")
    expected = EVENT_2003_REASON.get(event_id, "An error occurred during logon")
    assert f"Reason: {flat(expected)}" in flat(text)


def test_2003_529_layout() -> None:
    text = R.legacy_description(logon(Outcome.NO_SUCH_USER))
    assert text.split("\n") == [
        "Logon Failure:",
        " \tReason:\t\tUnknown user name or bad password",
        " \tUser Name:\tIUSR_WEB01",
        " \tDomain:\t\tWEB01",
        " \tLogon Type:\t8",
        " \tLogon Process:\tAdvapi  ",
        " \tAuthentication Package:\tNegotiate",
        " \tWorkstation Name:\tWEB01",
        " \tCaller User Name:\tWEB01$",
        " \tCaller Domain:\tWORKGROUP",
        " \tCaller Logon ID:\t(0x0,0x3E4)",
        " \tCaller Process ID:\t1234",
        " \tTransited Services:\t-",
        " \tSource Network Address:\t-",
        " \tSource Port:\t-",
    ]


def test_2003_539_quirks() -> None:
    lines = R.legacy_description(logon(Outcome.LOCKED_OUT)).split("\n")
    assert " \tDomain:\tWEB01" in lines
    assert " \tCaller Process ID: 1234" in lines
    assert " \tTransited Services: -" in lines


def test_2003_534_reason_wraps() -> None:
    lines = R.legacy_description(logon(Outcome.LOGON_TYPE_NOT_GRANTED)).split("\n")
    assert lines[1:3] == [
        " \tReason:\tThe user has not been granted the requested",
        " \t\tlogon type at this machine",
    ]


def test_2003_537_adds_status_codes_after_workstation() -> None:
    event = logon(Outcome.CRASH_ON_AUDIT_FAIL)
    assert event.event_id(OsFamily.WS2003) == 537
    lines = R.legacy_description(event).split("\n")
    index = lines.index(" \tWorkstation Name:\tWEB01")
    assert lines[index + 1] == " \tStatus code:\t0xC000006E"
    assert lines[index + 2] == " \tSubstatus code:\t0xC0000070"
    assert lines[index + 3].startswith(" \tCaller User Name:")


def test_2003_540_success() -> None:
    lines = R.legacy_description(logon(Outcome.SUCCESS)).split("\n")
    assert lines[0] == "Successful Network Logon:"
    assert " \tLogon ID:\t\t(0x0,0x1A2B3C)" in lines
    assert " \tLogon GUID:\t-" in lines
    assert lines[-1] == " \tSource Port:\t-"


def test_2003_528_for_interactive() -> None:
    event = logon(Outcome.SUCCESS, logon_type=2)
    assert R.legacy_description(event).startswith("Successful Logon:\n")


def test_legacy_logon_id_splits_high_and_low() -> None:
    assert R.legacy_logon_id(0x3E7) == "(0x0,0x3E7)"
    assert R.legacy_logon_id((1 << 32) | 0xABC) == "(0x1,0xABC)"


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_legacy_csv_row_has_nine_columns() -> None:
    row = R.legacy_csv_row(logon(), ZoneInfo("UTC"))
    assert len(row) == 9
    assert row[:8] == [
        "11/24/2026",
        "8:30:05 AM",
        "Security",
        "Failure Audit",
        "Logon/Logoff",
        "529",
        "NT AUTHORITY\\SYSTEM",
        "WEB01",
    ]
    assert row[8] == R.legacy_description(logon())


def test_legacy_csv_round_trips_with_embedded_line_breaks() -> None:
    events = [logon(Outcome.LOCKED_OUT), logon(Outcome.SUCCESS)]
    text = R.legacy_csv(events, ZoneInfo("America/New_York"))
    assert not text.startswith("Date")  # no header row
    rows = read_csv(text)
    assert len(rows) == 2
    assert all(len(row) == 9 for row in rows)
    assert [row[3] for row in rows] == ["Failure Audit", "Success Audit"]
    assert [row[5] for row in rows] == ["539", "540"]
    assert rows[0][8] == R.legacy_description(events[0])
    assert text.endswith("\r\n")


def test_csv_local_time_across_dst_change() -> None:
    new_york = ZoneInfo("America/New_York")
    # US daylight saving starts 2026-03-08 07:00 UTC: clocks jump from 2:00 EST to 3:00 EDT.
    before = logon(time=datetime(2026, 3, 8, 6, 59, 59, tzinfo=UTC))
    after = logon(time=datetime(2026, 3, 8, 7, 0, 0, tzinfo=UTC))
    assert R.legacy_csv_row(before, new_york)[:2] == ["3/8/2026", "1:59:59 AM"]
    assert R.legacy_csv_row(after, new_york)[:2] == ["3/8/2026", "3:00:00 AM"]
    # Autumn: 1 AM happens twice; both renderings read "1:30:00 AM".
    first = logon(time=datetime(2026, 11, 1, 5, 30, tzinfo=UTC))
    second = logon(time=datetime(2026, 11, 1, 6, 30, tzinfo=UTC))
    assert R.legacy_csv_row(first, new_york)[1] == "1:30:00 AM"
    assert R.legacy_csv_row(second, new_york)[1] == "1:30:00 AM"


def test_csv_noon_and_midnight() -> None:
    utc = ZoneInfo("UTC")
    assert R.event_viewer_date(datetime(2026, 1, 2, 0, 5, tzinfo=UTC), utc) == (
        "1/2/2026",
        "12:05:00 AM",
    )
    assert R.event_viewer_date(datetime(2026, 12, 31, 12, 0, 9, tzinfo=UTC), utc) == (
        "12/31/2026",
        "12:00:09 PM",
    )


# --- System log: W3SVC 100 ---------------------------------------------------------------------


@pytest.mark.parametrize("outcome", FAILURES, ids=lambda o: o.name)
def test_w3svc_100_text(outcome: Outcome) -> None:
    text = R.system_event_text(w3svc_100(outcome))
    assert text == (
        "The server was unable to logon the Windows NT account 'IUSR_WEB01' due to the "
        f"following error: {outcome.codes.message} The data is the error code."
    )


def test_w3svc_100_xml() -> None:
    root = parse(R.system_event_xml(w3svc_100(Outcome.LOCKED_OUT), OsFamily.WS2019))
    provider = root.find("e:System/e:Provider", NS)
    assert provider is not None and provider.get("Name") == "W3SVC"
    event_id = root.find("e:System/e:EventID", NS)
    assert event_id is not None
    assert (event_id.text, event_id.get("Qualifiers")) == ("100", "32768")
    assert system_value(root, "Level") == "3"
    assert system_value(root, "Channel") == "System"
    data = [d.text for d in root.findall("e:EventData/e:Data", NS)]
    assert data == ["IUSR_WEB01", Outcome.LOCKED_OUT.codes.message]
    # 1909 = 0x775, written as a little-endian DWORD.
    assert root.findtext("e:EventData/e:Binary", namespaces=NS) == "75070000"


def test_w3svc_100_xml_explicit_error_code() -> None:
    event = SystemEvent(
        record_id=1,
        time=WHEN,
        computer="WEB01",
        source="W3SVC",
        event_id=100,
        type=EventType.WARNING,
        insertions=("IUSR_WEB01", "Some other text."),
    )
    assert "<Binary>" not in R.system_event_xml(event, OsFamily.WS2016)
    assert "<Binary>2E050000</Binary>" in R.system_event_xml(
        event, OsFamily.WS2016, error_code=1326
    )


def test_w3svc_100_csv_row() -> None:
    row = R.system_csv_row(w3svc_100(), ZoneInfo("Europe/Berlin"))
    assert len(row) == 9
    assert row[:8] == [
        "11/24/2026",
        "9:30:05 AM",
        "W3SVC",
        "Warning",
        "None",
        "100",
        "N/A",
        "WEB01",
    ]
    assert read_csv(R.system_csv([w3svc_100()], ZoneInfo("UTC")))[0][8] == row[8]


def test_unknown_system_message() -> None:
    event = SystemEvent(
        record_id=1, time=WHEN, computer="WEB01", source="Foo", event_id=1, type=EventType.ERROR
    )
    with pytest.raises(ModelError):
        R.system_event_text(event)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ModelError):
        R.security_event_xml(logon(time=datetime(2026, 1, 1)), OsFamily.WS2019)
