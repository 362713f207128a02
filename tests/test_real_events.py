"""The Security-log and W3C readers against files shaped after real captures.

Every fixture under tests/fixtures/real/{evtx,security-xml,security-csv,w3c} has a line in
tests/fixtures/real/SOURCES.md naming where its shape and values were observed. The
expected values below were written by hand from those real files, never computed by the
readers under test.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.events import (
    RENDERING_CSV,
    RENDERING_EVTX,
    RENDERING_XML,
    account_keys,
    split_upn,
    user_key,
)
from checks.readers.security_csv import iter_security_csv
from checks.readers.security_evtx import iter_security_evtx
from checks.readers.security_xml import iter_security_xml
from checks.readers.w3c import iter_w3c, summarize_w3c
from tests.support.fuzzing import edited

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "fixtures" / "real"
EVTX = REAL / "evtx"
XML = REAL / "security-xml"
CSV = REAL / "security-csv"
W3C = REAL / "w3c"

ALL_IDS = frozenset({1102, 1104, 4624, 4625, 4634, 4672, 4719, *range(517, 541)})


def _utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- names -------------------------------------------------------------------------------------


def test_upn_parts_and_keys() -> None:
    assert split_upn("admmig@offsec.lan") == ("admmig", "offsec.lan")
    # a password typed into the user name box (python-evtx-dump.xml) is no UPN
    assert split_upn("Def@ultf0r3nz!csPa$$") is None
    assert split_upn("@offsec.lan") is None
    assert split_upn("OFFSEC\\admmig") is None
    assert user_key("admmig@offsec.lan") == "admmig"
    assert user_key("OFFSEC\\AdmMig") == "admmig"
    assert user_key("fs01\\admmig") == "admmig"
    assert user_key("Def@ultf0r3nz!csPa$$") == "def@ultf0r3nz!cspa$$"
    assert account_keys(["OFFSEC\\admmig", "admmig@offsec.lan", "ADMMIG"]) == frozenset({"admmig"})
    assert account_keys(None) is None


# --- Security.evtx -------------------------------------------------------------------------------


def test_evtx_openssh_upn_failures() -> None:
    records = list(iter_security_evtx(EVTX / "Security-openssh-upn.evtx"))
    assert [r.event_id for r in records] == [4624, 4625, 4625, 4625]
    ok, first, second, third = records
    assert ok.time == datetime(2021, 5, 21, 20, 43, 18, 227230, tzinfo=UTC)
    assert (ok.target_user, ok.target_domain, ok.logon_type) == ("admmig", "OFFSEC", 3)
    assert ok.target_sid == "S-1-5-21-4230534742-2542757381-3142984815-1111"
    assert (ok.logon_process, ok.auth_package) == ("sshd", "Kerberos")
    assert ok.status is None and ok.substatus is None
    assert ok.record_id == 1865224
    assert first.time == datetime(2021, 5, 21, 20, 43, 22, 562871, tzinfo=UTC)
    assert second.time == datetime(2021, 5, 21, 20, 43, 49, 345732, tzinfo=UTC)
    assert third.time == datetime(2021, 5, 21, 20, 43, 50, 131977, tzinfo=UTC)
    for failed in (first, second, third):
        assert failed.target_user == "admmig@offsec.lan"  # kept as logged
        assert failed.target_domain is None  # logged empty
        assert failed.upn_user == "admmig"
        assert failed.upn_domain == "offsec.lan"
        assert failed.user == "admmig"
        assert failed.account == "admmig@offsec.lan"
        assert failed.status == 0xC000006D
        assert failed.substatus == 0xC000006A
        assert failed.failure_reason == "%%2313"
        assert failed.logon_type == 8
        assert failed.logon_process == "Advapi"  # logged "Advapi  "
        assert failed.auth_package == "Negotiate"
        assert failed.workstation == "FS01"
        assert failed.process_id == 0x10EC
        assert failed.process_name == "C:\\Program Files\\OpenSSH-Win64\\sshd.exe"
        assert failed.ip is None
        assert failed.computer == "fs01.offsec.lan"
        assert failed.channel == "Security"
        assert failed.rendering == RENDERING_EVTX
        assert failed.line is None
    assert [r.record_id for r in (first, second, third)] == [1865227, 1865228, 1865229]


@pytest.mark.parametrize(
    "account", ["OFFSEC\\admmig", "admmig@offsec.lan", "FS01\\ADMMIG", "fs01\\admmig", "AdmMig"]
)
def test_evtx_upn_failure_matches_the_account_however_named(account: str) -> None:
    records = list(iter_security_evtx(EVTX / "Security-openssh-upn.evtx", accounts=[account]))
    assert [r.event_id for r in records] == [4624, 4625, 4625, 4625]


def test_evtx_other_account_keeps_nothing() -> None:
    assert list(iter_security_evtx(EVTX / "Security-openssh-upn.evtx", accounts=["admin"])) == []


def test_evtx_log_cleared_then_logon() -> None:
    records = list(iter_security_evtx(EVTX / "Security-1102-cleared.evtx", accounts=["x"]))
    # 1102 has no target account: the account filter keeps it; the 4624 is admmig's
    assert [r.event_id for r in records] == [1102]
    cleared = records[0]
    assert cleared.time == datetime(2021, 10, 20, 13, 39, 12, 731904, tzinfo=UTC)
    assert cleared.target_user is None
    assert cleared.computer == "FS03.offsec.lan"
    assert cleared.record_id == 67099
    both = list(iter_security_evtx(EVTX / "Security-1102-cleared.evtx"))
    assert [r.event_id for r in both] == [1102, 4624]
    assert (both[1].logon_type, both[1].logon_process, both[1].ip) == (9, "seclogo", "::1")
    assert both[1].time == datetime(2021, 10, 20, 13, 39, 17, 315479, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "channel"),
    [("Application-as-Security.evtx", "Application"), ("System-as-Security.evtx", "System")],
)
@pytest.mark.parametrize("event_ids", [ALL_IDS, frozenset({1102})])
def test_evtx_of_another_log_is_refused_by_name(
    name: str, channel: str, event_ids: frozenset[int]
) -> None:
    # the Application sample's first record is EventSystem's event 4625: read as a Security
    # log it would be a logon failure; with nothing wanted it would be an empty log
    with pytest.raises(BundleError) as caught:
        list(iter_security_evtx(EVTX / name, event_ids=event_ids))
    assert caught.value.path.endswith(name)
    assert f"holds the {channel} log" in str(caught.value)


def test_evtx_broken_files_are_bundle_errors(tmp_path: Path) -> None:
    real = (EVTX / "Security-openssh-upn.evtx").read_bytes()
    cases = {
        "empty.evtx": b"",
        "text.evtx": b"<Event xmlns='x'/>\r\n",
        "header-only.evtx": real[:4096],
        "bad-magic.evtx": b"ElfFilX\x00" + real[8:],
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        try:
            list(iter_security_evtx(path))
        except BundleError as exc:
            assert exc.path == str(path)
    with pytest.raises(BundleError):
        list(iter_security_evtx(tmp_path / "missing.evtx"))


# --- Security.xml -------------------------------------------------------------------------------


def test_wevtutil_ntlm_scan() -> None:
    records = list(iter_security_xml(XML / "wevtutil-ntlm-scan.xml"))
    assert [(r.event_id, r.line) for r in records] == [(4625, 1), (4624, 12), (4625, 14)]
    admin, machine, scan = records
    # SystemTime with nine fraction digits: read to the microsecond
    assert admin.time == datetime(2020, 11, 12, 17, 27, 33, 608596, tzinfo=UTC)
    assert (admin.target_user, admin.target_domain) == ("ADMINISTRATOR", None)
    assert (admin.status, admin.substatus, admin.failure_reason) == (
        0xC000006D,
        0xC000006A,
        "%%2313",
    )
    assert (admin.logon_type, admin.logon_process, admin.auth_package) == (3, "NtLmSsp", "NTLM")
    assert (admin.ip, admin.workstation, admin.process_id) == ("64.203.230.138", None, 0)
    assert admin.computer == "EC2AMAZ-CPMK6J5.cribl.poc"
    assert admin.record_id == 1598720
    assert admin.rendering == RENDERING_XML
    assert machine.time == datetime(2020, 11, 12, 17, 27, 33, 622676, tzinfo=UTC)
    assert (machine.target_user, machine.target_domain) == ("EC2AMAZ-CPMK6J5$", "CRIBL.POC")
    assert (machine.ip, machine.status) == ("::1", None)
    assert scan.time == datetime(2020, 11, 12, 17, 27, 36, 185955, tzinfo=UTC)
    assert (scan.target_user, scan.substatus, scan.ip) == ("SCAN", 0xC0000064, "163.172.105.54")
    # the 4672 between them (line 2, its PrivilegeList over ten lines) is not a logon event
    only = list(iter_security_xml(XML / "wevtutil-ntlm-scan.xml", accounts=["Administrator"]))
    assert [(r.event_id, r.line) for r in only] == [(4625, 1)]


def test_wevtutil_redirected_by_powershell_is_utf16(tmp_path: Path) -> None:
    # Windows PowerShell 5's ">" writes UTF-16LE with a byte-order mark
    path = tmp_path / "Security.xml"
    text = (XML / "wevtutil-ntlm-scan.xml").read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16"))
    records = list(iter_security_xml(path))
    assert [(r.event_id, r.line, r.target_user) for r in records] == [
        (4625, 1, "ADMINISTRATOR"),
        (4624, 12, "EC2AMAZ-CPMK6J5$"),
        (4625, 14, "SCAN"),
    ]


def test_wevtutil_upn_with_empty_domain() -> None:
    records = list(iter_security_xml(XML / "wevtutil-upn-openssh.xml", accounts=["OFFSEC\\admmig"]))
    assert [(r.event_id, r.line) for r in records] == [(4624, 1), (4625, 2)]
    failed = records[1]
    assert failed.time == datetime(2021, 5, 21, 20, 43, 22, 562871, tzinfo=UTC)
    assert failed.target_user == "admmig@offsec.lan"
    assert failed.target_domain is None
    assert (failed.upn_user, failed.upn_domain) == ("admmig", "offsec.lan")
    assert (failed.status, failed.substatus, failed.logon_type) == (0xC000006D, 0xC000006A, 8)
    assert failed.where == "wevtutil-upn-openssh.xml:2"
    upn = list(iter_security_xml(XML / "wevtutil-upn-openssh.xml", accounts=["admmig@OFFSEC.LAN"]))
    assert [r.event_id for r in upn] == [4624, 4625]


def test_python_evtx_dump_with_wrapper_and_zoneless_times() -> None:
    records = list(iter_security_xml(XML / "python-evtx-dump.xml"))
    assert [(r.event_id, r.line) for r in records] == [(1102, 4), (4625, 27)]
    cleared, failed = records
    # python-evtx writes "2022-08-01 19:15:15.374769": UTC without a zone
    assert cleared.time == datetime(2022, 8, 1, 16, 0, 21, 480885, tzinfo=UTC)
    assert failed.time == datetime(2022, 8, 1, 19, 15, 15, 374769, tzinfo=UTC)
    assert failed.target_user == "Def@ultf0r3nz!csPa$$"
    assert failed.upn_user is None and failed.upn_domain is None
    assert failed.user == "Def@ultf0r3nz!csPa$$"
    assert (failed.logon_type, failed.logon_process, failed.process_id) == (7, "User32", 0x180)
    assert (failed.substatus, failed.ip) == (0xC0000064, "127.0.0.1")
    # an "@" that is not a UPN's: the name is not cut at it
    assert [
        r.event_id for r in iter_security_xml(XML / "python-evtx-dump.xml", accounts=["Def"])
    ] == [1102]


def test_rendered_xml_with_rendering_info() -> None:
    path = XML / "rendered-xml-openwec.xml"
    records = list(iter_security_xml(path, event_ids={1100, 4625}))
    assert [(r.event_id, r.line) for r in records] == [(4625, 1), (1100, 2)]
    failed, shutdown = records
    # seven fraction digits; RenderingInfo (its own Channel and Keywords) is not System's
    assert failed.time == datetime(2024, 3, 14, 13, 54, 16, 613832, tzinfo=UTC)
    assert (failed.target_user, failed.target_domain) == ("user", "WKS10001")
    assert (failed.status, failed.substatus, failed.logon_type) == (0xC000006D, 0xC000006A, 2)
    assert (failed.logon_process, failed.process_id, failed.ip) == ("User32", 0x5C8, "127.0.0.1")
    assert failed.channel == "Security"
    assert shutdown.time == datetime(2022, 12, 14, 14, 39, 7, 168618, tzinfo=UTC)
    assert shutdown.computer == "win10.windomain.local"
    # a local account named with the computer as its domain, in another case
    kept = list(iter_security_xml(path, accounts=["wks10001\\USER"]))
    assert [(r.event_id, r.target_user) for r in kept] == [(4625, "user")]


def test_xml_of_the_system_log_is_refused_at_its_first_line() -> None:
    with pytest.raises(BundleError) as caught:
        list(iter_security_xml(XML / "System-as-Security.xml", event_ids={4625}))
    assert caught.value.line == 1
    assert caught.value.path.endswith("System-as-Security.xml")
    assert "holds the System log" in str(caught.value)


def test_xml_application_event_among_security_events_is_refused_at_its_line() -> None:
    with pytest.raises(BundleError) as caught:
        list(iter_security_xml(XML / "mixed-application-4625.xml"))
    assert caught.value.line == 2
    assert "holds the Application log" in str(caught.value)


@pytest.mark.parametrize(
    "stamp",
    ["2020-11-12T25:27:33.608596000Z", "2020-02-30T17:27:33Z", "12/11/2020 17:27:33", ""],
)
def test_xml_unreadable_time_names_file_and_line(tmp_path: Path, stamp: str) -> None:
    text = (XML / "wevtutil-ntlm-scan.xml").read_text(encoding="utf-8")
    path = tmp_path / "Security.xml"
    path.write_text(
        text.replace("2020-11-12T17:27:36.185955600Z", stamp), encoding="utf-8", newline=""
    )
    with pytest.raises(BundleError) as caught:
        list(iter_security_xml(path))
    assert caught.value.line == 14
    assert caught.value.path == str(path)


# --- Security.csv (Windows Server 2003) ----------------------------------------------------------

CET = timezone(timedelta(hours=1))


def test_csv_en_us_multiline() -> None:
    records = list(iter_security_csv(CSV / "2003-en-US-multiline.csv", tz=CET))
    assert [(r.event_id, r.line) for r in records] == [(540, 1), (539, 18)]
    network, locked = records
    assert network.time == _utc(2010, 3, 19, 14, 33, 30)  # 3:33:30 PM at UTC+1
    assert (network.target_user, network.target_domain) == ("WINDOWSSERVER$", "DOMX")
    assert (network.logon_type, network.logon_process, network.auth_package) == (
        3,
        "Kerberos",
        "Kerberos",
    )
    assert (network.workstation, network.ip, network.process_id) == (None, "10.11.11.3", None)
    assert network.computer == "WINDOWSSERVER"
    assert network.rendering == RENDERING_CSV
    assert locked.time == _utc(2006, 11, 24, 9, 14, 7)
    assert (locked.target_user, locked.target_domain, locked.logon_type) == (
        "IUSR_WEB01",
        "WEB01",
        2,
    )
    assert (locked.logon_process, locked.auth_package) == (
        "IIS",
        "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0",
    )
    assert (locked.workstation, locked.process_id) == ("WEB01", 2412)
    assert locked.status is None and locked.substatus is None


def test_csv_without_line_breaks_and_with_dotted_dates() -> None:
    records = list(iter_security_csv(CSV / "2003-flattened-dotted-dates.csv", tz=CET))
    assert [(r.event_id, r.line) for r in records] == [(540, 1), (539, 2)]
    network, locked = records
    assert network.time == _utc(2010, 3, 19, 14, 33, 30)
    assert (network.target_user, network.target_domain, network.ip) == (
        "WINDOWSSERVER$",
        "DOMX",
        "10.11.11.3",
    )
    assert network.workstation is None  # "Workstation Name:      Logon GUID: ..."
    assert locked.time == _utc(2010, 3, 19, 14, 40, 2)
    assert (locked.target_user, locked.logon_type, locked.logon_process) == (
        "IUSR_WEB01",
        3,
        "Advapi",
    )
    assert locked.auth_package == "Negotiate"
    # the host.json patterns of that server read it the same
    same = list(
        iter_security_csv(
            CSV / "2003-flattened-dotted-dates.csv",
            tz=CET,
            date_format="dd.MM.yyyy",
            time_format="HH:mm:ss",
        )
    )
    assert [r.time for r in same] == [r.time for r in records]


def test_csv_day_first_slashes_need_the_server_pattern() -> None:
    with pytest.raises(BundleError) as caught:
        list(iter_security_csv(CSV / "2003-en-GB-dates.csv", tz=UTC))
    assert caught.value.line == 1
    assert "19/03/2010" in str(caught.value)
    records = list(
        iter_security_csv(
            CSV / "2003-en-GB-dates.csv", tz=UTC, date_format="dd/MM/yyyy", time_format="HH:mm:ss"
        )
    )
    assert [(r.event_id, r.time) for r in records] == [(540, _utc(2010, 3, 19, 15, 33, 30))]


def test_csv_accounts_filter_by_any_spelling() -> None:
    for account in ("WEB01\\IUSR_WEB01", "iusr_web01", "IUSR_WEB01@contoso.com"):
        records = list(
            iter_security_csv(CSV / "2003-en-US-multiline.csv", tz=CET, accounts=[account])
        )
        assert [r.event_id for r in records] == [539]


@pytest.mark.parametrize(
    ("row", "line"),
    [
        ('11/24/2006,25:14:07 AM,Security,Failure Audit,Logon/Logoff ,539,X,WEB01,"d"\r\n', 1),
        ('24 Nov 2006,10:14:07,Security,Failure Audit,Logon/Logoff ,539,X,WEB01,"d"\r\n', 1),
        ("11/24/2006,10:14:07 AM,Security\r\n", 1),
        ('11/24/2006,10:14:07 AM,Security,Failure Audit,Logon/Logoff ,5x9,X,WEB01,"d"\r\n', 1),
        # a German UI's message text: no English labels to read
        (
            "24.11.2006,10:14:07,Security,Fehlerüberw.,An-/Abmeldung,539,X,WEB01,"
            '"Anmeldefehler:\r\n \tGrund:\t\tKonto gesperrt\r\n'
            ' \tBenutzername:\tIUSR_WEB01\r\n"\r\n',
            1,
        ),
        ('11/24/2006,10:14:07 AM,Security,Failure Audit,Logon/Logoff ,539,X,WEB01,"open\r\n', 1),
    ],
)
def test_csv_bad_rows_are_bundle_errors(tmp_path: Path, row: str, line: int) -> None:
    path = tmp_path / "Security.csv"
    good = (CSV / "2003-en-US-multiline.csv").read_bytes()
    path.write_bytes(row.encode("utf-8") + good)
    with pytest.raises(BundleError) as caught:
        list(iter_security_csv(path, tz=UTC))
    assert caught.value.line == line
    assert caught.value.path == str(path)


def test_csv_header_rows(tmp_path: Path) -> None:
    header = b"Date,Time,Source,Type,Category,Event,User,Computer,Description\r\n"
    body = (CSV / "2003-en-US-multiline.csv").read_bytes()
    vista = b"Keywords,Date and Time,Source,Event ID,Task Category\r\n"
    path = tmp_path / "Security.csv"
    path.write_bytes(header + body)
    assert [r.line for r in iter_security_csv(path, tz=CET)] == [2, 19]
    path.write_bytes(vista + body)
    with pytest.raises(BundleError) as caught:
        list(iter_security_csv(path, tz=CET))
    assert caught.value.line == 1
    assert "2008" in str(caught.value)


# --- W3C logs -------------------------------------------------------------------------------------


def test_w3c_iis6_sitename_trailing_blank_fields() -> None:
    entries = list(iter_w3c(W3C / "iis6-sitename.log"))
    assert [(e.line, e.site, e.method, e.uri_stem, e.username) for e in entries] == [
        (5, "W3SVC1", "GET", "/iisstart.htm", ""),
        (6, "W3SVC1", "POST", "/Autodiscover/Autodiscover.xml", "WRIGHTUSA\\dweber"),
    ]
    assert entries[0].time == _utc(2016, 1, 1, 0, 0, 11)
    assert (entries[0].status, entries[0].substatus, entries[0].win32_status) == (200, 0, 0)
    assert entries[0].port == 443
    assert entries[0].user_agent == "easyDNS Monitoring ( http://easyurl.net/monitoring )"
    summary = summarize_w3c([W3C / "iis6-sitename.log"])
    assert (summary.lines, summary.authenticated, summary.anonymous_requests) == (2, 1, 1)


def test_w3c_iis6_without_substatus_or_win32() -> None:
    entries = list(iter_w3c(W3C / "iis6-no-substatus.log"))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.time == _utc(2002, 5, 2, 17, 42, 15)
    assert (entry.client_ip, entry.server_ip, entry.port) == (
        "172.22.255.255",
        "172.30.255.255",
        80,
    )
    assert (entry.status, entry.substatus, entry.win32_status) == (200, None, None)
    assert entry.uri_query == ""
    summary = summarize_w3c([W3C / "iis6-no-substatus.log"])
    assert list(summary.anonymous) == [(200, None, None)]


def test_w3c_iis75_header_block_again_after_restart() -> None:
    entries = list(iter_w3c(W3C / "iis75-restart-midfile.log"))
    assert [e.line for e in entries] == [5, 6, 11, 12, 13, 14]
    assert [e.win32_status for e in entries] == [64, 64, 64, 64, 0, 0]
    assert entries[2].time == _utc(2014, 3, 7, 3, 6, 17)
    assert entries[5].status == 404
    assert entries[5].uri_stem == "/Content/Bootstrap themes/Boomerang/js/jquery.js"
    summary = summarize_w3c([W3C / "iis75-restart-midfile.log"])
    assert summary.count(200, 0, 64) == 4
    assert summary.count(404) == 1
    assert summary.anonymous[(404, 0, 0)].first == _utc(2014, 3, 7, 3, 12, 0)


def test_w3c_iis75_wmsvc_401() -> None:
    entries = list(iter_w3c(W3C / "iis75-wmsvc-401.log"))
    assert [(e.username, e.status, e.substatus, e.win32_status) for e in entries] == [
        ("", 401, 2, 5),
        ("user1", 401, 1, 1326),
        ("", 401, 2, 5),
    ]
    # the query keeps its own encoding
    assert entries[0].uri_query == "site=default%20web%20site"
    assert entries[0].port == 8172
    summary = summarize_w3c([W3C / "iis75-wmsvc-401.log"], url="/msdeploy.axd")
    assert summary.anonymous_requests == 0
    assert summary.handshake_like[(401, 2, 5)].count == 2
    assert summary.authenticated == 1


def test_w3c_iis85_negotiate_three_blocks() -> None:
    entries = list(iter_w3c(W3C / "iis85-negotiate.log"))
    assert [e.line for e in entries] == [5, 6, 7, 8, 13, 14, 19]
    assert [e.username for e in entries] == [
        "",
        "",
        "DOMAIN\\user1",
        "DOMAIN\\user1",
        "",
        "DOMAIN\\user2",
        "",
    ]
    # a line stamped a second before its block's #Date: (01:06:30 under 01:06:31)
    assert entries[4].time == _utc(2017, 5, 13, 1, 6, 30)
    assert entries[1].uri_query == "q=Q1"
    summary = summarize_w3c([W3C / "iis85-negotiate.log"], url="/ALLBASICS")
    assert summary.handshake_like[(401, 2, 5)].count == 3
    assert summary.handshake_like[(401, 2, 5)].first == _utc(2017, 5, 13, 0, 28, 25)
    assert summary.handshake_like[(401, 2, 5)].last == _utc(2017, 5, 13, 2, 46, 47)
    assert summary.authenticated == 3  # named requests to any URL: user1 twice, user2


def test_w3c_iis10_comment_blank_line_and_restart() -> None:
    entries = list(iter_w3c(W3C / "iis10-tunna-restart.log"))
    assert [e.line for e in entries] == [7, 8, 9, 10, 15, 16]
    assert entries[0].uri_query == "proxy&port=3389&ip=127.0.0.1"
    assert entries[0].user_agent == ""
    assert entries[4].time == _utc(2019, 9, 3, 11, 4, 5)
    summary = summarize_w3c([W3C / "iis10-tunna-restart.log"])
    assert summary.count(200, 0, 0) == 6


def test_w3c_iis10_all_fields_ipv6() -> None:
    entries = list(iter_w3c(W3C / "iis10-all-fields.log"))
    assert [(e.site, e.server_ip, e.client_ip, e.uri_stem, e.status) for e in entries] == [
        ("W3SVC1", "::1", "::1", "/", 200),
        ("W3SVC1", "::1", "::1", "/iisstart.png", 200),
    ]
    assert entries[1].time == _utc(2017, 5, 31, 6, 0, 30)


def test_w3c_iis80_without_date_directive() -> None:
    entries = list(iter_w3c(W3C / "iis80-no-date-directive.log"))
    assert [(e.line, e.site, e.status) for e in entries] == [(3, "SAMPLEWEBSITE", 200)]
    assert entries[0].uri_query == "X-ARR-LOG-ID=2ec4b8ad-3cf0-4442-93ab-837317ece6a1"
    assert entries[0].time == _utc(2014, 1, 1, 2, 1, 9)


def test_w3c_iis10_scoped_ipv6_and_named_401() -> None:
    entries = list(iter_w3c(W3C / "iis10-ipv6-scope.log"))
    last = entries[-1]
    assert last.line == 10
    assert last.server_ip == "fe80::f524:806f:62a0:d229%8"
    assert last.username == "7A9E48A8-5C1A-49C8-942B-C8CF961C4667"
    assert (last.status, last.substatus, last.win32_status) == (401, 1, 1326)
    assert last.time == _utc(2024, 4, 26, 9, 53, 28)
    summary = summarize_w3c([W3C / "iis10-ipv6-scope.log"])
    # the 401.1 was a named client's: not an anonymous failure
    assert summary.count(401) == 0
    assert summary.authenticated == 4
    assert [b.code for b in summary.failures()] == ["404.0 (0)"]


def test_w3c_broken_lines_are_bundle_errors(tmp_path: Path) -> None:
    text = (W3C / "iis75-wmsvc-401.log").read_text(encoding="utf-8")
    cases = {
        "short.log": (text.replace(" 401 1 1326 124", " 401 1"), 6),
        "status.log": (text.replace(" 401 1 1326 124", " 4O1 1 1326 124"), 6),
        "date.log": (text.replace("2011-05-12 15:55:38", "2011-13-12 15:55:38"), 7),
        "time.log": (text.replace("2011-05-12 15:55:38", "2011-05-12 15:5x:38"), 7),
    }
    for name, (body, line) in cases.items():
        path = tmp_path / name
        path.write_text(body, encoding="utf-8", newline="")
        with pytest.raises(BundleError) as caught:
            list(iter_w3c(path))
        assert (caught.value.path, caught.value.line) == (str(path), line), name


def test_every_real_fixture_has_a_source_line() -> None:
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    for folder in (EVTX, XML, CSV, W3C):
        for path in sorted(folder.iterdir()):
            assert f"| {path.relative_to(ROOT).as_posix()} |" in sources, path


# --- real files, slightly broken -----------------------------------------------------------------

_READERS: dict[str, Callable[[Path], object]] = {
    "evtx": lambda p: list(iter_security_evtx(p)),
    "security-xml": lambda p: list(iter_security_xml(p)),
    "security-csv": lambda p: list(iter_security_csv(p, tz=UTC)),
    "w3c": lambda p: (list(iter_w3c(p)), summarize_w3c([p], url="/")),
}
_REAL_FILES = {
    folder: [(path.name, path.read_bytes()) for path in sorted((REAL / folder).iterdir())]
    for folder in _READERS
}


@st.composite
def _broken(draw: st.DrawFn, folder: str) -> tuple[str, bytes]:
    """A real fixture with a few byte edits."""
    name, original = draw(st.sampled_from(_REAL_FILES[folder]))
    return name, edited(draw, original)


@pytest.mark.parametrize("folder", sorted(_READERS))
def test_broken_real_files_read_or_fail_as_bundle_errors(folder: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(_broken(folder))
    def check(case: tuple[str, bytes]) -> None:
        name, data = case
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / name
            path.write_bytes(data)
            try:
                _READERS[folder](path)
            except BundleError as exc:
                assert exc.path == str(path)

    check()
