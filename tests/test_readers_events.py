"""Security-log readers: Security.xml, Security.evtx and the 2003 Security.csv."""

from __future__ import annotations

import codecs
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.events import (
    DEFAULT_EVENT_IDS,
    RENDERING_CSV,
    RENDERING_EVTX,
    RENDERING_XML,
    SecurityEventRecord,
    parse_system_time,
)
from checks.readers.security_csv import iter_security_csv
from checks.readers.security_xml import MAX_EVENT_BYTES, ScanStats, iter_security_xml
from simulator.events import LogonEvent, OsFamily
from simulator.factory import HostSpec
from simulator.faults.catalogue import variants
from simulator.render_events import (
    REASON_UNKNOWN,
    legacy_csv,
    security_event_xml,
    security_events_xml,
)
from simulator.scenario import PLATFORMS, applicable, run_fault
from tests.support.evtx_writer import evtx_bytes
from winfacts.ntstatus import Outcome
from winfacts.sid import Sid

NS = "http://schemas.microsoft.com/win/2004/08/events/event"


# --- simulator events -------------------------------------------------------------------------


def _fault_events(spec: HostSpec) -> list[LogonEvent]:
    """Every Security event of every fault run on this platform, record ids made unique."""
    events: list[LogonEvent] = []
    for fault in applicable(spec, variants()):
        run = run_fault(spec, fault)
        for event in run.host.security_log.records():
            events.append(attrs.evolve(event, record_id=len(events) + 1))
    return events


def _direct(outcome: Outcome, record_id: int) -> LogonEvent:
    """An anonymous-logon event with this outcome, for outcomes no fault run produces."""
    return LogonEvent(
        record_id=record_id,
        time=datetime(2026, 11, 24, 8, 30, 15, 123456, tzinfo=UTC),
        computer="WEB01",
        outcome=outcome,
        target_user="IUSR_WEB01",
        target_domain="WEB01",
        target_sid=Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1003"),
        logon_type=8,
        logon_process="Advapi",
        auth_package="Negotiate",
        workstation="WEB01",
        process_id=0x6F4,
        process_name="C:\\WINDOWS\\system32\\inetsrv\\inetinfo.exe",
    )


@pytest.fixture(scope="module")
def iis10_events() -> list[LogonEvent]:
    events = _fault_events(PLATFORMS["iis10-local"])
    reached = {e.outcome for e in events}
    for outcome in Outcome:
        if outcome not in reached:
            events.append(_direct(outcome, len(events) + 1))
    return events


@pytest.fixture(scope="module")
def iis6_events() -> list[LogonEvent]:
    spec = attrs.evolve(PLATFORMS["iis6-local"], timezone="America/New_York")
    events = _fault_events(spec)
    reached = {e.outcome for e in events}
    for outcome in Outcome:
        if outcome not in reached:
            events.append(_direct(outcome, len(events) + 1))
    return events


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _xml_expectation(ev: LogonEvent, os: OsFamily) -> dict[str, object]:
    codes = ev.outcome.codes
    failed = not ev.success
    return {
        "event_id": ev.event_id(os),
        "time": ev.time,
        "computer": ev.computer_fqdn or ev.computer,
        "target_user": ev.target_user,
        "target_domain": ev.target_domain,
        "target_sid": "S-1-0-0" if failed else str(ev.target_sid),
        "logon_type": ev.logon_type,
        "status": codes.status if failed else None,
        "substatus": codes.substatus if failed else None,
        "failure_reason": (codes.reason or REASON_UNKNOWN) if failed else None,
        "logon_process": ev.logon_process.strip(),
        "process_id": ev.process_id,
        "process_name": ev.process_name or None,
        "record_id": ev.record_id,
    }


def _fields(record: SecurityEventRecord, names: Iterable[str]) -> dict[str, object]:
    return {name: getattr(record, name) for name in names}


# --- Security.xml round trip ------------------------------------------------------------------


def test_every_outcome_survives_the_xml_round_trip(
    tmp_path: Path, iis10_events: list[LogonEvent]
) -> None:
    path = _write(tmp_path, "Security.xml", security_events_xml(iis10_events, OsFamily.WS2022))
    records = list(iter_security_xml(path))
    assert len(records) == len(iis10_events)
    for line, (ev, record) in enumerate(zip(iis10_events, records, strict=True), start=1):
        expected = _xml_expectation(ev, OsFamily.WS2022)
        assert _fields(record, expected) == expected
        assert record.rendering == RENDERING_XML
        assert record.source == "Security.xml"
        assert record.line == line
        assert record.failed is not ev.success
    assert {r.failure_reason for r in records if r.failed} >= {
        o.codes.reason for o in Outcome if o.codes.reason is not None
    }


def test_the_account_filter_keeps_only_the_anonymous_account(
    tmp_path: Path, iis10_events: list[LogonEvent]
) -> None:
    path = _write(tmp_path, "Security.xml", security_events_xml(iis10_events, OsFamily.WS2022))
    anonymous = {e.target_user for e in iis10_events if e.target_user.lower() == "webanon"}
    assert anonymous, "the IIS 10 platform's anonymous account is WebAnon"
    every = list(iter_security_xml(path))
    for spelling in ("WebAnon", "WEBANON", "web18\\webanon", "webanon@web18.contoso.com"):
        kept = list(iter_security_xml(path, accounts=[spelling]))
        assert kept == [r for r in every if (r.target_user or "").lower() == "webanon"]
    assert list(iter_security_xml(path, accounts=["somebody-else"])) == []
    assert list(iter_security_xml(path, accounts=[])) == []


def test_the_event_id_filter(tmp_path: Path, iis10_events: list[LogonEvent]) -> None:
    path = _write(tmp_path, "Security.xml", security_events_xml(iis10_events, OsFamily.WS2022))
    failures = list(iter_security_xml(path, event_ids=[4625]))
    assert failures and all(r.event_id == 4625 for r in failures)
    assert len(failures) == sum(1 for e in iis10_events if not e.success)
    assert list(iter_security_xml(path, event_ids=[1102])) == []


def test_progress_and_stats(tmp_path: Path, iis10_events: list[LogonEvent]) -> None:
    path = _write(tmp_path, "Security.xml", security_events_xml(iis10_events, OsFamily.WS2022))
    calls: list[tuple[int, int]] = []
    stats = ScanStats()
    found = list(
        iter_security_xml(
            path, accounts=["nobody"], progress=lambda a, b: calls.append((a, b)), stats=stats
        )
    )
    size = path.stat().st_size
    assert found == []
    assert calls and calls[-1] == (size, size)
    assert stats.events == len(iis10_events)
    assert stats.parsed == 0  # nothing about "nobody": no event needed lxml


# --- Security.xml: what real files look like ------------------------------------------------

#: A 4625 laid out as Microsoft's documentation shows event XML (event-4625.md): pretty-printed,
#: double quotes, a blank before each "/>" and after each element; the values are this test's.
_DOC_LINES = (
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    " <System>",
    ' <Provider Name="Microsoft-Windows-Security-Auditing"'
    ' Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}" />',
    " <EventID>4625</EventID>",
    " <Version>0</Version>",
    " <Level>0</Level>",
    " <Task>12544</Task>",
    " <Opcode>0</Opcode>",
    " <Keywords>0x8010000000000000</Keywords>",
    ' <TimeCreated SystemTime="2026-03-02T14:07:09.118830400Z" />',
    " <EventRecordID>88412</EventRecordID>",
    " <Correlation />",
    ' <Execution ProcessID="648" ThreadID="2212" />',
    " <Channel>Security</Channel>",
    " <Computer>WEB02.corp.example</Computer>",
    " <Security />",
    " </System>",
    " <EventData>",
    ' <Data Name="SubjectUserSid">'
    "S-1-5-82-1036420768-1044797643-1061213386-2937092688-4282445334</Data>",
    ' <Data Name="SubjectUserName">DefaultAppPool</Data>',
    ' <Data Name="SubjectDomainName">IIS APPPOOL</Data>',
    ' <Data Name="SubjectLogonId">0x3e4</Data>',
    ' <Data Name="TargetUserSid">S-1-0-0</Data>',
    ' <Data Name="TargetUserName">AnonWeb</Data>',
    ' <Data Name="TargetDomainName">WEB02</Data>',
    ' <Data Name="Status">0xc000006e</Data>',
    ' <Data Name="FailureReason">%%2312</Data>',
    ' <Data Name="SubStatus">0xc0000070</Data>',
    ' <Data Name="LogonType">8</Data>',
    ' <Data Name="LogonProcessName">Advapi  </Data>',
    ' <Data Name="AuthenticationPackageName">Negotiate</Data>',
    ' <Data Name="WorkstationName">WEB02</Data>',
    ' <Data Name="TransmittedServices">-</Data>',
    ' <Data Name="LmPackageName">-</Data>',
    ' <Data Name="KeyLength">0</Data>',
    ' <Data Name="ProcessId">0x1a2c</Data>',
    ' <Data Name="ProcessName">C:\\Windows\\System32\\inetsrv\\w3wp.exe</Data>',
    ' <Data Name="IpAddress">-</Data>',
    ' <Data Name="IpPort">-</Data>',
    " </EventData>",
    " </Event>",
)
#: The documentation shows a blank after each leaf element (self-closing, or opened and closed on
#: one line).
DOC_LAYOUT_4625 = "".join(
    line + (" \n" if line.endswith("/>") or "</" in line.lstrip()[2:] else "\n")
    for line in _DOC_LINES
)

FULL_1104 = (
    f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-Eventlog' "
    "Guid='{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'/><EventID>1104</EventID><Version>0</Version>"
    "<Level>2</Level><Task>101</Task><Opcode>0</Opcode><Keywords>0x4020000000000000</Keywords>"
    "<TimeCreated SystemTime='2026-03-02T13:59:59.500000000Z'/><EventRecordID>88400</EventRecordID>"
    "<Correlation/><Execution ProcessID='1320' ThreadID='4012'/><Channel>Security</Channel>"
    "<Computer>WEB02.corp.example</Computer><Security/></System><UserData>"
    "<FileIsFull xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'/>"
    "</UserData></Event>"
)

CLEARED_1102 = (
    f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-Eventlog' "
    "Guid='{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'/><EventID>1102</EventID><Version>0</Version>"
    "<Level>4</Level><Task>104</Task><Opcode>0</Opcode><Keywords>0x4020000000000000</Keywords>"
    "<TimeCreated SystemTime='2026-03-01T07:00:00.000000000Z'/><EventRecordID>1</EventRecordID>"
    "<Correlation/><Execution ProcessID='1320' ThreadID='4088'/><Channel>Security</Channel>"
    "<Computer>WEB02.corp.example</Computer><Security/></System><UserData>"
    "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>"
    "<SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>Administrator</SubjectUserName>"
    "<SubjectDomainName>WEB02</SubjectDomainName><SubjectLogonId>0x4d26e</SubjectLogonId>"
    "</LogFileCleared></UserData></Event>"
)

POLICY_4719 = (
    f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-Security-Auditing' "
    "Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4719</EventID><Version>0</Version>"
    "<Level>0</Level><Task>13568</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>"
    "<TimeCreated SystemTime='2026-03-01T07:05:00.0000000Z'/><EventRecordID>2</EventRecordID>"
    "<Correlation/><Execution ProcessID='648' ThreadID='700'/><Channel>Security</Channel>"
    "<Computer>WEB02.corp.example</Computer><Security/></System><EventData>"
    "<Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>WEB02$</Data>"
    "<Data Name='SubjectDomainName'>CORP</Data><Data Name='SubjectLogonId'>0x3e7</Data>"
    "<Data Name='CategoryId'>%%8273</Data><Data Name='SubcategoryId'>%%12544</Data>"
    "<Data Name='SubcategoryGuid'>{0CCE9215-69AE-11D9-BED3-505054503030}</Data>"
    "<Data Name='AuditPolicyChanges'>%%8448</Data></EventData></Event>"
)


def test_a_4625_in_the_documentation_layout(tmp_path: Path) -> None:
    path = _write(tmp_path, "Security.xml", DOC_LAYOUT_4625 + DOC_LAYOUT_4625)
    first, second = iter_security_xml(path, accounts=["anonweb"])
    assert first.event_id == 4625
    assert first.time == datetime(2026, 3, 2, 14, 7, 9, 118830, tzinfo=UTC)
    assert (first.status, first.substatus) == (0xC000006E, 0xC0000070)
    assert first.failure_reason == "%%2312"
    assert (first.target_user, first.target_domain, first.target_sid) == (
        "AnonWeb",
        "WEB02",
        "S-1-0-0",
    )
    assert (first.logon_type, first.logon_process, first.process_id) == (8, "Advapi", 0x1A2C)
    assert first.process_name == "C:\\Windows\\System32\\inetsrv\\w3wp.exe"
    assert (first.ip, first.workstation, first.record_id) == (None, "WEB02", 88412)
    assert first.computer == "WEB02.corp.example"
    assert (first.line, second.line) == (1, DOC_LAYOUT_4625.count("\n") + 1)


def test_bom_crlf_double_quotes_declaration_and_wrapper(tmp_path: Path) -> None:
    body = "\r\n".join([FULL_1104.replace("'", '"'), DOC_LAYOUT_4625.replace("\n", "\r\n")])
    data = (
        codecs.BOM_UTF8
        + b'<?xml version="1.0" encoding="UTF-8"?>\r\n<Events>\r\n'
        + body.encode("utf-8")
        + b"\r\n</Events>\r\n"
    )
    path = _write(tmp_path, "Security.xml", data)
    records = list(iter_security_xml(path))
    assert [(r.event_id, r.line) for r in records] == [(1104, 3), (4625, 4)]


def test_powershell_utf16_output(tmp_path: Path) -> None:
    path = _write(tmp_path, "Security.xml", (DOC_LAYOUT_4625 + FULL_1104 + "\n").encode("utf-16"))
    records = list(iter_security_xml(path))
    assert [(r.event_id, r.target_user) for r in records] == [(4625, "AnonWeb"), (1104, None)]


def test_log_level_events_have_no_target(tmp_path: Path) -> None:
    path = _write(tmp_path, "Security.xml", "\n".join([CLEARED_1102, POLICY_4719, FULL_1104]))
    records = list(iter_security_xml(path, accounts=["IUSR_WEB01"]))
    assert [r.event_id for r in records] == [1102, 4719, 1104]
    for record in records:
        assert record.target_user is None and record.target_sid is None
        assert record.status is None
        assert not record.is_logon
    assert records[2].time == datetime(2026, 3, 2, 13, 59, 59, 500000, tzinfo=UTC)


def test_other_events_and_unwanted_ids_are_skipped(tmp_path: Path) -> None:
    other = DOC_LAYOUT_4625.replace("<EventID>4625</EventID>", "<EventID>4672</EventID>")
    padded = DOC_LAYOUT_4625.replace("<EventID>4625</EventID>", "<EventID> 04625 </EventID>")
    path = _write(tmp_path, "Security.xml", other + padded + FULL_1104)
    assert [r.event_id for r in iter_security_xml(path)] == [4625, 1104]


def test_odd_layouts_are_parsed_not_dropped(tmp_path: Path) -> None:
    """Where the bytes can not vouch for the TargetUserName the event is parsed in full."""
    entity = DOC_LAYOUT_4625.replace(">AnonWeb<", ">Anon&#87;eb<")  # "AnonWeb" by reference
    extra = DOC_LAYOUT_4625.replace('Name="TargetUserName">', 'Name="TargetUserName" x="1">')
    cdata = DOC_LAYOUT_4625.replace(">AnonWeb<", "><![CDATA[AnonWeb]]><")
    path = _write(tmp_path, "Security.xml", entity + extra + cdata)
    records = list(iter_security_xml(path, accounts=["AnonWeb"]))
    assert [r.target_user for r in records] == ["AnonWeb"] * 3


def test_a_legacy_event_exported_as_xml_reads_its_data_by_position(tmp_path: Path) -> None:
    data = "".join(
        f"<Data>{v}</Data>"
        for v in [
            "IUSR_WEB01",
            "WEB01",
            "8",
            "Advapi  ",
            "Negotiate",
            "WEB01",
            "0xC000006D",
            "0xC000006A",
            "-",
            "-",
            "-",
            "2212",
            "-",
            "10.0.0.9",
            "-",
        ]
    )
    legacy = (
        f"<Event xmlns='{NS}'><System><Provider Name='Security'/>"
        "<EventID Qualifiers='0'>537</EventID><Level>0</Level><Task>2</Task>"
        "<TimeCreated SystemTime='2006-05-21T05:39:27.000000000Z'/>"
        "<EventRecordID>7</EventRecordID><Channel>Security</Channel><Computer>WEB01</Computer>"
        f"</System><EventData>{data}</EventData></Event>"
    )
    path = _write(tmp_path, "Security.xml", legacy)
    (record,) = iter_security_xml(path, accounts=["iusr_web01"])
    assert (record.event_id, record.target_user, record.logon_type) == (537, "IUSR_WEB01", 8)
    assert (record.status, record.substatus) == (0xC000006D, 0xC000006A)
    assert (record.process_id, record.ip) == (2212, "10.0.0.9")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02T14:07:09.118830400Z", datetime(2026, 3, 2, 14, 7, 9, 118830, tzinfo=UTC)),
        ("2026-03-02T14:07:09.1188304Z", datetime(2026, 3, 2, 14, 7, 9, 118830, tzinfo=UTC)),
        ("2019-04-27 21:04:25.733401 UTC", datetime(2019, 4, 27, 21, 4, 25, 733401, tzinfo=UTC)),
        ("2019-04-27T21:04:25Z", datetime(2019, 4, 27, 21, 4, 25, tzinfo=UTC)),
        ("2019-04-27T23:04:25+02:00", datetime(2019, 4, 27, 21, 4, 25, tzinfo=UTC)),
    ],
)
def test_system_time_renderings(text: str, expected: datetime) -> None:
    assert parse_system_time(text) == expected


def _layout_mix() -> tuple[str, list[int]]:
    """Events in every layout one file may mix, and the line each starts on."""
    one_line = FULL_1104
    crlf_pretty = DOC_LAYOUT_4625.replace("\n", "\r\n")
    value_break = DOC_LAYOUT_4625.replace("\n", "").replace(
        ">WEB02</Computer>", ">WEB\n02</Computer>"
    )
    parts = [
        ("", one_line),
        ("\n", DOC_LAYOUT_4625),
        ("", one_line),  # two events on one line
        ("\r\n", crlf_pretty),
        ("\n\n \t\n", one_line),  # blank lines between events
        ("\n", value_break),  # a line break inside a value
        ("\r\n", one_line),
        ("\n", one_line),
    ]
    text = ""
    lines = []
    for gap, event in parts:
        text += gap
        lines.append(text.count("\n") + 1)
        text += event
    return text + "\n", lines


@pytest.mark.parametrize("block", [7, 64, 1000, 4096, 1 << 23])
def test_line_numbers_whatever_the_layout_and_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    import checks.readers.security_xml as reader

    monkeypatch.setattr(reader, "BLOCK_BYTES", block)
    text, lines = _layout_mix()
    path = _write(tmp_path, "Security.xml", text)
    assert [r.line for r in iter_security_xml(path)] == lines
    stats = ScanStats()
    assert list(iter_security_xml(path, accounts=["nobody"], stats=stats)) == [
        r for r in iter_security_xml(path) if not r.is_logon
    ]
    assert stats.events == len(lines)
    broken = text + "junk\n"
    with pytest.raises(BundleError) as caught:
        list(iter_security_xml(_write(tmp_path, "Broken.xml", broken)))
    assert caught.value.line == text.count("\n") + 1


# --- Security.xml: hostile and broken input ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (
            '<!DOCTYPE e [<!ENTITY x "AnonWeb">]>\n' + DOC_LAYOUT_4625,
            "DTD or entities",
            1,
        ),
        (
            DOC_LAYOUT_4625 + '<!ENTITY x SYSTEM "file:///etc/passwd">\n' + DOC_LAYOUT_4625,
            "DTD or entities",
            DOC_LAYOUT_4625.count("\n") + 1,
        ),
        (DOC_LAYOUT_4625.replace(">AnonWeb<", ">&x;<"), "well-formed", 24),
        (DOC_LAYOUT_4625 + "garbage\n" + DOC_LAYOUT_4625, "outside any <Event>", 42),
        (DOC_LAYOUT_4625[:-10], "never ends", 1),
        (DOC_LAYOUT_4625.replace("<EventID>4625<", "<EventID>46x25<"), "not a number", 1),
        (DOC_LAYOUT_4625.replace("<EventID>4625</EventID>", ""), "without an <EventID>", 1),
        (DOC_LAYOUT_4625.replace("TimeCreated", "TimeWritten"), "TimeCreated", 1),
        (DOC_LAYOUT_4625.replace(">8</Data>", ">8</Dat>"), "well-formed", 29),
        ("\x00\x01\x02binary\xff\xfe garbage", "outside any <Event>", 1),
        ("<Event><EventID>4625</EventID><Event>", "never ends", 1),
    ],
)
def test_broken_xml_is_a_bundle_error(tmp_path: Path, data: str, message: str, line: int) -> None:
    path = _write(tmp_path, "Security.xml", data.encode("utf-8", "surrogateescape"))
    with pytest.raises(BundleError) as caught:
        list(iter_security_xml(path))
    assert message in caught.value.reason
    assert caught.value.path == str(path)
    assert caught.value.line == line


def test_a_giant_event_is_refused(tmp_path: Path) -> None:
    filler = "<Data Name='Padding'>" + "A" * (MAX_EVENT_BYTES + 10) + "</Data>"
    giant = DOC_LAYOUT_4625.replace("<EventData>", "<EventData>" + filler)
    path = _write(tmp_path, "Security.xml", DOC_LAYOUT_4625 + giant)
    with pytest.raises(BundleError, match="longer than") as caught:
        list(iter_security_xml(path))
    assert caught.value.line == DOC_LAYOUT_4625.count("\n") + 1


def test_an_unreadable_file_is_a_bundle_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="can not be read"):
        list(iter_security_xml(tmp_path / "missing.xml"))


def test_an_empty_file_holds_no_events(tmp_path: Path) -> None:
    assert list(iter_security_xml(_write(tmp_path, "Security.xml", ""))) == []
    assert list(iter_security_xml(_write(tmp_path, "Security.xml", "\r\n\r\n"))) == []


# --- Security.csv (Windows Server 2003) -------------------------------------------------------


def test_every_outcome_survives_the_2003_csv_round_trip(
    tmp_path: Path, iis6_events: list[LogonEvent]
) -> None:
    tz = ZoneInfo("America/New_York")
    path = _write(tmp_path, "Security.csv", legacy_csv(iis6_events, tz))
    records = list(iter_security_csv(path, tz=tz))
    assert len(records) == len(iis6_events)
    lines = 1
    for ev, record in zip(iis6_events, records, strict=True):
        event_id = ev.event_id(OsFamily.WS2003)
        assert record.event_id == event_id
        assert record.time == ev.time.replace(microsecond=0)
        assert record.rendering == RENDERING_CSV
        assert (record.target_user, record.target_domain) == (ev.target_user, ev.target_domain)
        assert record.logon_type == ev.logon_type
        assert record.logon_process == ev.logon_process.strip()
        assert record.auth_package == ev.auth_package
        assert record.process_id == ev.process_id
        assert record.workstation == (ev.workstation or None)
        assert record.ip == (None if ev.ip_address in ("", "-") else ev.ip_address)
        assert record.computer == ev.computer
        assert record.line == lines
        if event_id == 537:  # the only 2003 logon event that carries the NTSTATUS codes
            codes = ev.outcome.codes
            assert (record.status, record.substatus) == (codes.status, codes.substatus)
        else:
            assert record.status is record.substatus is None
        assert record.failure_reason is None
        lines += legacy_csv([ev], tz).count("\n")
    by_outcome = {ev.outcome: r.event_id for ev, r in zip(iis6_events, records, strict=True)}
    for outcome, event_id in by_outcome.items():
        expected = 540 if outcome is Outcome.SUCCESS else (outcome.codes.event_2003 or 537)
        assert event_id in (expected, 528)


def test_csv_filters(tmp_path: Path, iis6_events: list[LogonEvent]) -> None:
    path = _write(tmp_path, "Security.csv", legacy_csv(iis6_events, UTC))  # type: ignore[arg-type]
    every = list(iter_security_csv(path, tz=UTC))
    anonymous = [r for r in every if (r.target_user or "").upper().startswith("IUSR_")]
    assert anonymous
    name = anonymous[0].target_user or ""
    assert list(iter_security_csv(path, tz=UTC, accounts=[name.lower()])) == [
        r for r in every if r.target_user == name
    ]
    failures = list(iter_security_csv(path, tz=UTC, event_ids=range(529, 540)))
    assert failures and all(r.failed for r in failures)


#: A 2003 Event Viewer CSV as it comes off a real server: CRLF, the " \t" line starts, 539's
#: "Caller Process ID: " with a blank, 534's reason over two lines, a 24-hour time, a comma in
#: the unquoted 4th row's Description.
REAL_2003_CSV = (
    "5/21/2006,5:39:27 AM,Security,Failure Audit,Logon/Logoff,539,NT AUTHORITY\\SYSTEM,WEB01,"
    '"Logon Failure:\r\n \tReason:\t\tAccount locked out\r\n \tUser Name:\tIUSR_WEB01\r\n'
    " \tDomain:\tWEB01\r\n \tLogon Type:\t8\r\n \tLogon Process:\tAdvapi  \r\n"
    " \tAuthentication Package:\tNegotiate\r\n \tWorkstation Name:\tWEB01\r\n"
    " \tCaller User Name:\tWEB01$\r\n \tCaller Domain:\tWORKGROUP\r\n"
    " \tCaller Logon ID:\t(0x0,0x3E7)\r\n \tCaller Process ID: 1780\r\n"
    ' \tTransited Services: -\r\n \tSource Network Address:\t-\r\n \tSource Port:\t-\r\n"\r\n'
    "5/21/2006,12:01:02 PM,Security,Failure Audit,Logon/Logoff,534,NT AUTHORITY\\SYSTEM,WEB01,"
    '"Logon Failure:\r\n \tReason:\tThe user has not been granted the requested\r\n'
    " \t\tlogon type at this machine\r\n \tUser Name:\tiusr_web01\r\n \tDomain:\t\tWEB01\r\n"
    " \tLogon Type:\t8\r\n \tLogon Process:\tIIS\r\n"
    " \tAuthentication Package:\tMICROSOFT_AUTHENTICATION_PACKAGE_V1_0\r\n"
    " \tWorkstation Name:\tWEB01\r\n \tCaller Process ID:\t1780\r\n"
    ' \tSource Network Address:\t192.168.1.20\r\n"\r\n'
    "5/21/2006,23:59:59,Security,Failure Audit,Logon/Logoff,529,NT AUTHORITY\\SYSTEM,WEB01,"
    '"Logon Failure:\n \tReason:\t\tUnknown user name or bad password\n \tUser Name:\tbob\n"\r\n'
    "5/22/2006,1:00:00 AM,Security,Success Audit,Logon/Logoff,540,NT AUTHORITY\\SYSTEM,WEB01,"
    "Successful Network Logon: \tUser Name:\tIUSR_WEB01, the account \r\n"
)


def test_a_real_2003_csv(tmp_path: Path) -> None:
    tz = timezone(timedelta(hours=2))
    path = _write(tmp_path, "Security.csv", REAL_2003_CSV)
    records = list(iter_security_csv(path, tz=tz))
    assert [(r.event_id, r.line) for r in records] == [(539, 1), (534, 17), (529, 29), (540, 33)]
    locked, right, bob, ok = records
    assert locked.time == datetime(2006, 5, 21, 3, 39, 27, tzinfo=UTC)
    assert (locked.target_user, locked.target_domain, locked.logon_type) == (
        "IUSR_WEB01",
        "WEB01",
        8,
    )
    assert (locked.logon_process, locked.process_id, locked.ip) == ("Advapi", 1780, None)
    assert right.time == datetime(2006, 5, 21, 10, 1, 2, tzinfo=UTC)
    assert (right.target_user, right.logon_process, right.ip) == (
        "iusr_web01",
        "IIS",
        "192.168.1.20",
    )
    assert bob.time == datetime(2006, 5, 21, 21, 59, 59, tzinfo=UTC)
    assert ok.succeeded and ok.line == 33
    kept = list(iter_security_csv(path, tz=tz, accounts=["WEB01\\IUSR_WEB01"]))
    assert [r.event_id for r in kept] == [539, 534]


def test_csv_encodings(tmp_path: Path) -> None:
    row = (
        "1/2/2006,3:04:05 PM,Security,Failure Audit,Logon/Logoff,531,NT AUTHORITY\\SYSTEM,WEB01,"
        '"Logon Failure:\r\n \tUser Name:\tJosé\r\n \tDomain:\t\tWEB01\r\n"\r\n'
    )
    for name, data in [
        ("utf8.csv", row.encode("utf-8")),
        ("bom.csv", codecs.BOM_UTF8 + row.encode("utf-8")),
        ("utf16.csv", row.encode("utf-16")),
        ("ansi.csv", row.encode("cp1252")),
    ]:
        (record,) = iter_security_csv(_write(tmp_path, name, data), tz=UTC)
        assert (record.event_id, record.target_user) == (531, "José"), name


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        ("1/2/2006,3:04:05 PM,Security\r\n", "3 columns", 1),
        ("x\r\n" * 0 + "13/45/2006,3:04:05 PM,Security,a,b,529,c,d,e\r\n", "date and time", 1),
        ("1/2/2006,13:04:05 PM,Security,a,b,529,c,d,e\r\n", "date and time", 1),
        ("1/2/2006,3:04:05 PM,Security,a,b,5x9,c,d,e\r\n", "not an event ID", 1),
        ('1/2/2006,3:04:05 PM,Security,a,b,529,c,d,"e\r\nf\r\n\r\n', "CSV", 1),
        ("1/2/2006,3:04:05 PM,Security,a,b,529,c,d,e\r\n1/2/2006,\x00\r\n", "CSV", 2),
        ("1/2/2006,3:04:05 PM,Security,a,b,529,c,d," + "e" * 200_000 + "\r\n", "CSV", 1),
    ],
)
def test_broken_csv_is_a_bundle_error(tmp_path: Path, data: str, message: str, line: int) -> None:
    path = _write(tmp_path, "Security.csv", data)
    with pytest.raises(BundleError) as caught:
        list(iter_security_csv(path, tz=UTC))
    assert message in caught.value.reason
    assert caught.value.line == line


# --- Security.evtx ----------------------------------------------------------------------------


def test_every_outcome_survives_the_evtx_round_trip(
    tmp_path: Path, iis10_events: list[LogonEvent]
) -> None:
    pytest.importorskip("evtx", reason="the evtx package (PyPI 'evtx') is not installed")
    from checks.readers.security_evtx import iter_security_evtx

    xml = [security_event_xml(ev, OsFamily.WS2022) for ev in iis10_events]
    path = _write(tmp_path, "Security.evtx", evtx_bytes([CLEARED_1102, *xml, FULL_1104]))
    assert path.stat().st_size > 4096 + 65536, "the events span more than one chunk"
    from_xml = list(iter_security_xml(_write(tmp_path, "Security.xml", "\n".join(xml))))
    calls: list[tuple[int, int]] = []
    records = list(iter_security_evtx(path, progress=lambda a, b: calls.append((a, b))))
    assert [r.event_id for r in records] == [1102, *(r.event_id for r in from_xml), 1104]
    for record, same in zip(records[1:-1], from_xml, strict=True):
        assert record.rendering == RENDERING_EVTX and record.line is None
        assert (
            attrs.evolve(record, rendering=RENDERING_XML, source="Security.xml", line=same.line)
            == same
        )
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    anonymous = list(iter_security_evtx(path, accounts=["WEBANON"]))
    # log-level events (1102, 1104) have no target account and pass any account filter
    assert anonymous == [
        r for r in records if not r.is_logon or (r.target_user or "").lower() == "webanon"
    ]
    assert [r.event_id for r in iter_security_evtx(path, event_ids=[1104, 1102])] == [1102, 1104]


def test_evtx_written_times_in_either_rendering(tmp_path: Path) -> None:
    pytest.importorskip("evtx", reason="the evtx package (PyPI 'evtx') is not installed")
    from checks.readers.security_evtx import iter_security_evtx

    old_style = DOC_LAYOUT_4625.replace(
        "2026-03-02T14:07:09.118830400Z", "2026-03-02 14:07:09.118830 UTC"
    )
    path = _write(tmp_path, "Security.evtx", evtx_bytes([DOC_LAYOUT_4625, old_style]))
    first, second = iter_security_evtx(path)
    assert first.time == second.time == datetime(2026, 3, 2, 14, 7, 9, 118830, tzinfo=UTC)
    assert (first.record_id, first.where) == (88412, "Security.evtx record 88412")


@pytest.mark.parametrize(
    "make",
    [
        lambda: b"",
        lambda: b"ElfFile\x00" + b"\x00" * 100,
        lambda: b"\x00\x01 not an event log at all " * 300,
        lambda: evtx_bytes([DOC_LAYOUT_4625])[: 4096 + 700],
        lambda: evtx_bytes([DOC_LAYOUT_4625], dependency_id=True),
    ],
    ids=["empty", "short-header", "garbage", "truncated", "unknown-binxml-layout"],
)
def test_broken_evtx_is_a_bundle_error(tmp_path: Path, make: Callable[[], bytes]) -> None:
    pytest.importorskip("evtx", reason="the evtx package (PyPI 'evtx') is not installed")
    from checks.readers.security_evtx import iter_security_evtx

    path = _write(tmp_path, "Security.evtx", make())
    try:
        records = list(iter_security_evtx(path))
    except BundleError as error:
        assert error.path == str(path)
        assert "evtx" in error.reason or "record" in error.reason
    else:
        # A file the parser finds no chunk in reads as an empty log; never as invented events.
        assert records == []


# --- fuzz ------------------------------------------------------------------------------------


def _mutations() -> st.SearchStrategy[list[tuple[int, str, bytes]]]:
    return st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=1 << 20),
            st.sampled_from(["flip", "insert", "delete", "cut"]),
            st.binary(min_size=1, max_size=16),
        ),
        min_size=1,
        max_size=6,
    )


def _mutate(data: bytes, mutations: list[tuple[int, str, bytes]]) -> bytes:
    out = bytearray(data)
    for where, kind, payload in mutations:
        if not out:
            out += payload
            continue
        at = where % len(out)
        if kind == "flip":
            out[at : at + len(payload)] = payload
        elif kind == "insert":
            out[at:at] = payload
        elif kind == "delete":
            del out[at : at + len(payload)]
        else:
            del out[at:]
    return bytes(out)


def _only_records_or_bundle_errors(read: Callable[[Path], Iterator[object]], data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        try:
            for record in read(path):
                assert isinstance(record, SecurityEventRecord)
                assert record.time.tzinfo is UTC
                assert record.event_id in DEFAULT_EVENT_IDS
        except BundleError as error:
            assert error.path == str(path)


_VALID_XML = "\n".join([DOC_LAYOUT_4625, FULL_1104, CLEARED_1102]).encode()
_VALID_CSV = REAL_2003_CSV.encode()
_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_xml_arbitrary_bytes(data: bytes) -> None:
    _only_records_or_bundle_errors(iter_security_xml, data)


@_FUZZ
@given(
    _mutations(),
    st.sampled_from([_VALID_XML, _layout_mix()[0].encode()]),
    st.sampled_from([5, 97, 4096]),
)
def test_fuzz_xml_mutated(
    mutations: list[tuple[int, str, bytes]], valid: bytes, block: int
) -> None:
    import checks.readers.security_xml as reader

    saved = reader.BLOCK_BYTES
    reader.BLOCK_BYTES = block  # small blocks: events and line breaks cut at every place
    try:
        _only_records_or_bundle_errors(
            lambda p: iter_security_xml(p, accounts=["AnonWeb"]), _mutate(valid, mutations)
        )
    finally:
        reader.BLOCK_BYTES = saved


_NEAR_TARGET = b"<>/\n\r \t'\"=&#;AnonWebTargetUserName"


@_FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=1 << 20),
            st.sampled_from(["flip", "insert", "delete"]),
            st.binary(min_size=1, max_size=5).map(
                lambda raw: bytes(_NEAR_TARGET[b % len(_NEAR_TARGET)] for b in raw)
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fuzz_the_account_prefilter_agrees_with_full_parsing(
    mutations: list[tuple[int, str, bytes]],
) -> None:
    """Whatever the bytes, the byte-level account filter keeps exactly what parsing every
    event and filtering afterwards keeps (when both runs read the file)."""
    data = _mutate(
        (_layout_mix()[0] + DOC_LAYOUT_4625.replace("AnonWeb", "Other")).encode(), mutations
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Security.xml"
        path.write_bytes(data)
        try:
            every = list(iter_security_xml(path))
            some = list(iter_security_xml(path, accounts=["anonweb"]))
        except BundleError:
            return
    assert some == [
        r for r in every if not r.is_logon or (r.target_user or "").casefold() == "anonweb"
    ]


@_FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_csv_arbitrary_bytes(data: bytes) -> None:
    _only_records_or_bundle_errors(lambda p: iter_security_csv(p, tz=UTC), data)


@_FUZZ
@given(_mutations())
def test_fuzz_csv_mutated(mutations: list[tuple[int, str, bytes]]) -> None:
    _only_records_or_bundle_errors(
        lambda p: iter_security_csv(p, tz=UTC), _mutate(_VALID_CSV, mutations)
    )


_VALID_EVTX = evtx_bytes([DOC_LAYOUT_4625, FULL_1104, CLEARED_1102])


@_FUZZ
@given(_mutations())
def test_fuzz_evtx_mutated(mutations: list[tuple[int, str, bytes]]) -> None:
    pytest.importorskip("evtx", reason="the evtx package (PyPI 'evtx') is not installed")
    from checks.readers.security_evtx import iter_security_evtx

    _only_records_or_bundle_errors(iter_security_evtx, _mutate(_VALID_EVTX, mutations))
