"""W3C extended log files as IIS writes them (simulator.w3c)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.w3c import (
    IIS6_DEFAULT_FIELDS,
    IIS10_DEFAULT_FIELDS,
    W3cLogWriter,
    W3cRecord,
    escape_value,
)
from winfacts.errors import ModelError

START = datetime(2026, 11, 24, 8, 30, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"


def request(when: datetime = START, **changes: object) -> W3cRecord:
    values: dict[str, object] = {
        "time": when,
        "site_name": "W3SVC1",
        "server_ip": "10.0.0.5",
        "method": "GET",
        "uri_stem": "/default.htm",
        "uri_query": "",
        "port": 80,
        "username": "",
        "client_ip": "10.0.0.9",
        "user_agent": BROWSER,
        "referer": "",
        "status": 401,
        "substatus": 1,
        "win32_status": 1326,
        "time_taken_ms": 15,
    }
    values.update(changes)
    return W3cRecord(**values)  # type: ignore[arg-type]


def test_default_field_sets() -> None:
    assert " ".join(IIS6_DEFAULT_FIELDS) == (
        "date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
        "cs(User-Agent) sc-status sc-substatus sc-win32-status"
    )
    assert " ".join(IIS10_DEFAULT_FIELDS) == (
        "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
        "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
    )
    assert W3cLogWriter("6.0").fields == IIS6_DEFAULT_FIELDS
    assert W3cLogWriter("10.0").fields == IIS10_DEFAULT_FIELDS


def test_iis6_header_and_line() -> None:
    writer = W3cLogWriter("6.0")
    line = writer.write(request())
    assert writer.files() == {
        "ex261124.log": [
            "#Software: Microsoft Internet Information Services 6.0",
            "#Version: 1.0",
            "#Date: 2026-11-24 08:30:00",
            "#Fields: date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port "
            "cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status ",
            line,
        ]
    }
    assert line == (
        "2026-11-24 08:30:00 W3SVC1 10.0.0.5 GET /default.htm - 80 - 10.0.0.9 "
        "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) 401 1 1326"
    )


def test_iis10_header_line_and_file_name() -> None:
    writer = W3cLogWriter("10.0")
    line = writer.write(request(referer="http://web01/start page.htm"))
    assert list(writer.files()) == ["u_ex261124.log"]
    lines = writer.files()["u_ex261124.log"]
    assert lines[0] == "#Software: Microsoft Internet Information Services 10.0"
    assert lines[3] == "#Fields: " + " ".join(IIS10_DEFAULT_FIELDS)
    assert line == (
        "2026-11-24 08:30:00 10.0.0.5 GET /default.htm - 80 - 10.0.0.9 "
        "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) http://web01/start+page.htm 401 1 1326 15"
    )


def test_file_names() -> None:
    assert W3cLogWriter("6.0").file_name(date(2005, 5, 21)) == "ex050521.log"
    assert W3cLogWriter("10.0").file_name(date(2026, 1, 2)) == "u_ex260102.log"
    assert W3cLogWriter("7.0").file_name(date(2026, 1, 2)) == "ex260102.log"
    assert W3cLogWriter("7.5").file_name(date(2026, 1, 2)) == "u_ex260102.log"
    assert W3cLogWriter("6.0", utf8=True).file_name(date(2026, 1, 2)) == "u_ex260102.log"


def test_empty_values_are_dashes_and_spaces_plus() -> None:
    writer = W3cLogWriter("10.0")
    line = writer.format_line(
        request(user_agent="", uri_query="a=1 b", username="WEB01\\bob smith")
    )
    tokens = line.split(" ")
    fields = dict(zip(writer.fields, tokens, strict=True))
    assert fields["cs(User-Agent)"] == "-"
    assert fields["cs(Referer)"] == "-"
    assert fields["cs-uri-query"] == "a=1+b"
    assert fields["cs-username"] == "WEB01\\bob+smith"
    assert fields["sc-win32-status"] == "1326"


def test_time_is_written_in_utc() -> None:
    local = datetime(2026, 11, 24, 23, 30, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    writer = W3cLogWriter("10.0")
    line = writer.write(request(local))
    assert line.startswith("2026-11-25 07:30:00 ")
    assert list(writer.files()) == ["u_ex261125.log"]
    assert writer.files()["u_ex261125.log"][2] == "#Date: 2026-11-25 07:30:00"


def test_naive_time_is_refused() -> None:
    with pytest.raises(ModelError):
        request(datetime(2026, 1, 1))


def test_daily_roll_over_writes_a_new_header() -> None:
    writer = W3cLogWriter("6.0")
    writer.write(request(datetime(2026, 11, 24, 23, 59, 59, tzinfo=UTC)))
    writer.write(request(datetime(2026, 11, 25, 0, 0, 1, tzinfo=UTC)))
    writer.write(request(datetime(2026, 11, 25, 0, 0, 2, tzinfo=UTC)))
    files = writer.files()
    assert list(files) == ["ex261124.log", "ex261125.log"]
    assert len(files["ex261124.log"]) == 5
    second = files["ex261125.log"]
    assert second[:3] == [
        "#Software: Microsoft Internet Information Services 6.0",
        "#Version: 1.0",
        "#Date: 2026-11-25 00:00:01",
    ]
    assert second[3].startswith("#Fields: ")
    assert [line[:19] for line in second[4:]] == ["2026-11-25 00:00:01", "2026-11-25 00:00:02"]


def test_changed_fields_emit_a_new_fields_directive() -> None:
    writer = W3cLogWriter("10.0")
    writer.write(request())
    writer.set_fields([*IIS10_DEFAULT_FIELDS, "cs-host"])
    line = writer.write(request(START + timedelta(minutes=5), host="web01.example.test"))
    lines = writer.files()["u_ex261124.log"]
    directives = [line for line in lines if line.startswith("#Fields: ")]
    assert directives == [
        "#Fields: " + " ".join(IIS10_DEFAULT_FIELDS),
        "#Fields: " + " ".join(IIS10_DEFAULT_FIELDS) + " cs-host",
    ]
    assert lines[-1] == line
    assert line.endswith(" 15 web01.example.test")
    assert "#Date: 2026-11-24 08:35:00" in lines
    # Setting the same fields again changes nothing.
    writer.set_fields([*IIS10_DEFAULT_FIELDS, "cs-host"])
    writer.write(request(START + timedelta(minutes=6)))
    assert len(writer.files()["u_ex261124.log"]) == len(lines) + 1


def test_a_reader_honouring_the_latest_fields_line_reads_every_entry() -> None:
    writer = W3cLogWriter("6.0")
    writer.write(request())
    writer.set_fields(["date", "time", "c-ip", "sc-status", "sc-win32-status"])
    writer.write(request(START + timedelta(seconds=1), status=200, win32_status=0))
    fields: list[str] = []
    rows: list[dict[str, str]] = []
    for line in writer.text("ex261124.log").splitlines():
        if line.startswith("#Fields:"):
            fields = line[len("#Fields:") :].split()
        elif not line.startswith("#"):
            rows.append(dict(zip(fields, line.split(" "), strict=True)))
    assert [(row["c-ip"], row["sc-status"], row["sc-win32-status"]) for row in rows] == [
        ("10.0.0.9", "401", "1326"),
        ("10.0.0.9", "200", "0"),
    ]


def test_text_uses_crlf_and_unknown_file_is_an_error() -> None:
    writer = W3cLogWriter("10.0")
    writer.write(request())
    text = writer.text("u_ex261124.log")
    assert text.count("\r\n") == 5
    assert text.endswith("\r\n")
    with pytest.raises(ModelError):
        writer.text("u_ex991231.log")


def test_files_returns_copies() -> None:
    writer = W3cLogWriter("10.0")
    writer.write(request())
    writer.files()["u_ex261124.log"].clear()
    assert len(writer.files()["u_ex261124.log"]) == 5


def test_bad_field_lists_are_refused() -> None:
    with pytest.raises(ModelError):
        W3cLogWriter("10.0", ["date", "cs(Cookie-Monster)"])
    with pytest.raises(ModelError):
        W3cLogWriter("10.0", [])
    with pytest.raises(ModelError):
        W3cLogWriter("ten")


def test_optional_fields() -> None:
    writer = W3cLogWriter(
        "10.0", ["s-computername", "cs-host", "sc-bytes", "cs-bytes", "cs-version"]
    )
    assert writer.format_line(request()) == "- - - - -"
    full = request(
        computer_name="WEB01",
        host="web01",
        sc_bytes=1293,
        cs_bytes=312,
        protocol_version="HTTP/1.1",
    )
    assert writer.format_line(full) == "WEB01 web01 1293 312 HTTP/1.1"


def test_escape_value() -> None:
    assert escape_value("") == "-"
    assert escape_value(None) == "-"
    assert escape_value("a b\tc\nd\u00a0e") == "a+b+c+d+e"
    assert escape_value("plain") == "plain"


@given(st.text())
def test_any_user_agent_keeps_one_token_per_field(agent: str) -> None:
    for software in ("6.0", "10.0"):
        writer = W3cLogWriter(software)
        line = writer.format_line(request(user_agent=agent))
        assert len(line.split(" ")) == len(writer.fields)
        assert len(line.split()) == len(writer.fields)
        assert "\n" not in line and "\r" not in line
