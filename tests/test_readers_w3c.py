"""W3C extended log reader (`iter_w3c`) and its fast summary (`summarize_w3c`)."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.w3c import (
    SAMPLES,
    WIN32_HANDSHAKE,
    Key,
    W3cBucket,
    W3cEntry,
    W3cSummary,
    iter_w3c,
    summarize_w3c,
)
from simulator.faults.catalogue import variants
from simulator.host import Host
from simulator.scenario import PLATFORMS, applicable, run_fault
from simulator.w3c import IIS6_DEFAULT_FIELDS, IIS10_DEFAULT_FIELDS, W3cLogWriter, W3cRecord

T0 = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


def _record(index: int, **changes: object) -> W3cRecord:
    values: dict[str, object] = {
        "time": T0 + timedelta(seconds=index),
        "server_ip": "10.0.0.5",
        "uri_stem": "/",
        "client_ip": f"192.0.2.{index % 250 + 1}",
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "status": 200,
    }
    values.update(changes)
    return W3cRecord(**values)  # type: ignore[arg-type]


def _write_lines(tmp: Path, name: str, lines: list[str], end: str = "\r\n") -> Path:
    path = tmp / name
    path.write_bytes("".join(line + end for line in lines).encode("utf-8"))
    return path


def _write_host_logs(host: Host, folder: Path) -> list[Path]:
    paths = []
    for site, files in host.iis.log_files().items():
        (folder / site).mkdir(parents=True, exist_ok=True)
        for name, lines in sorted(files.items()):
            paths.append(_write_lines(folder / site, name, lines))
    return paths


# --- every entry ------------------------------------------------------------------------------

RECORDS = [
    _record(0),
    _record(1, username="CONTOSO\\alice", uri_stem="/docs/My Report.pdf", uri_query="q=a+b c"),
    _record(2, status=401, substatus=1, win32_status=1326, method="HEAD"),
    _record(3, status=401, substatus=2, win32_status=WIN32_HANDSHAKE, user_agent=""),
    _record(4, port=8080, status=404, substatus=0, win32_status=2),
]


@pytest.mark.parametrize("software", ["6.0", "10.0"])
def test_round_trip_with_the_simulator_writer(tmp_path: Path, software: str) -> None:
    writer = W3cLogWriter(software)
    for record in RECORDS:
        writer.write(record)
    (name,) = writer.files()
    path = tmp_path / name
    path.write_text(writer.text(name), encoding="utf-8", newline="")
    entries = list(iter_w3c(path))
    assert len(entries) == len(RECORDS)
    for line, (record, entry) in enumerate(zip(RECORDS, entries, strict=True), start=5):
        assert entry.time == record.time
        assert entry.site == (record.site_name if software == "6.0" else "")
        assert (entry.server_ip, entry.method, entry.port) == (
            record.server_ip,
            record.method,
            record.port,
        )
        assert entry.uri_stem == record.uri_stem
        assert entry.uri_query == record.uri_query.replace(" ", "+")  # kept as logged
        assert entry.username == record.username
        assert entry.anonymous is (record.username == "")
        assert (entry.client_ip, entry.user_agent) == (record.client_ip, record.user_agent)
        assert (entry.status, entry.substatus, entry.win32_status) == (
            record.status,
            record.substatus,
            record.win32_status,
        )
        assert (entry.line, entry.source, entry.where) == (line, name, f"{name}:{line}")


def test_fields_changing_mid_file_and_unknown_fields(tmp_path: Path) -> None:
    writer = W3cLogWriter("10.0")
    writer.write(RECORDS[0])
    writer.set_fields(("time", "cs-uri-stem", "cs-username", "sc-status", "cs-bytes"))
    writer.write(_record(9, username="bob", cs_bytes=512))
    writer.set_fields(IIS10_DEFAULT_FIELDS)
    writer.write(RECORDS[2])
    (name,) = writer.files()
    path = tmp_path / name
    path.write_text(writer.text(name), encoding="utf-8", newline="")
    first, second, third = iter_w3c(path)
    assert (first.status, first.line) == (200, 5)
    # the middle block has no date field: the date comes from its #Date: directive
    assert (second.time, second.username, second.status, second.line) == (
        T0 + timedelta(seconds=9),
        "bob",
        200,
        10,
    )
    assert second.server_ip == "" and second.substatus is None
    assert (third.status, third.substatus, third.win32_status, third.line) == (401, 1, 1326, 15)


IIS6_SAMPLE = [
    "#Software: Microsoft Internet Information Services 6.0",
    "#Version: 1.0",
    "#Date: 2006-05-21 05:39:27",
    "#Fields: date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username "
    "c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status ",
    "2006-05-21 05:39:27 W3SVC1 10.0.0.5 GET /default.htm - 80 - 10.0.0.9 "
    "Mozilla/4.0+(compatible;+MSIE+6.0;+Windows+NT+5.1) 401 1 1331",
    "2006-05-21 05:39:28 W3SVC1 10.0.0.5 GET /default.htm - 80 - 10.0.0.9 "
    "Mozilla/4.0+(compatible;+MSIE+6.0;+Windows+NT+5.1) 401 2 2148074254",
    "2006-05-21 05:39:28 W3SVC1 10.0.0.5 GET /default.htm - 80 WEB01\\Administrator 10.0.0.9 "
    "Mozilla/4.0+(compatible;+MSIE+6.0;+Windows+NT+5.1) 200 0 0",
]


def test_an_iis6_log_with_its_trailing_blank_and_crlf(tmp_path: Path) -> None:
    path = _write_lines(tmp_path, "ex060521.log", IIS6_SAMPLE)
    entries = list(iter_w3c(path))
    assert [(e.status, e.substatus, e.win32_status) for e in entries] == [
        (401, 1, 1331),
        (401, 2, WIN32_HANDSHAKE),
        (200, 0, 0),
    ]
    assert entries[0].user_agent == "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)"
    assert entries[0].time == datetime(2006, 5, 21, 5, 39, 27, tzinfo=UTC)
    assert entries[2].username == "WEB01\\Administrator"
    assert [e.line for e in entries] == [5, 6, 7]


def test_lf_only_a_bom_and_ansi_text(tmp_path: Path) -> None:
    lines = [*IIS6_SAMPLE[:4], IIS6_SAMPLE[4].replace("/default.htm", "/caf\xe9.htm")]
    path = tmp_path / "ex060521.log"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("cp1252"))
    (entry,) = iter_w3c(path)
    assert entry.uri_stem == "/café.htm"


def test_progress(tmp_path: Path) -> None:
    path = _write_lines(tmp_path, "ex060521.log", IIS6_SAMPLE)
    calls: list[tuple[int, int]] = []
    list(iter_w3c(path, progress=lambda a, b: calls.append((a, b))))
    size = path.stat().st_size
    assert calls[-1] == (size, size)


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        ([*IIS6_SAMPLE[:4], "2006-05-21 05:39:27 W3SVC1 10.0.0.5 GET"], "5 values", 5),
        ([IIS6_SAMPLE[4]], "before any #Fields:", 1),
        ([*IIS6_SAMPLE[:4], IIS6_SAMPLE[4].replace(" 401 1 ", " 4o1 1 ")], "sc-status", 5),
        ([*IIS6_SAMPLE[:4], IIS6_SAMPLE[4].replace("2006-05-21", "2006-13-45")], "not a date", 5),
        ([*IIS6_SAMPLE[:4], IIS6_SAMPLE[4].replace("05:39:27", "5h39")], "not a time", 5),
        (["#Fields:", IIS6_SAMPLE[4]], "names no field", 1),
        (["#Date: someday", *IIS6_SAMPLE[3:5]], "not a date", 1),
        (["#Fields: time sc-status", "05:39:27 200"], "without a date", 2),
    ],
)
def test_broken_lines_are_bundle_errors(
    tmp_path: Path, lines: list[str], message: str, line: int
) -> None:
    path = _write_lines(tmp_path, "ex060521.log", lines)
    with pytest.raises(BundleError) as caught:
        list(iter_w3c(path))
    assert message in caught.value.reason
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_utf16_and_missing_files_are_bundle_errors(tmp_path: Path) -> None:
    path = tmp_path / "ex060521.log"
    path.write_bytes("\r\n".join(IIS6_SAMPLE).encode("utf-16"))
    with pytest.raises(BundleError, match="UTF-16"):
        list(iter_w3c(path))
    with pytest.raises(BundleError, match="can not be read"):
        list(iter_w3c(tmp_path / "missing.log"))
    with pytest.raises(BundleError, match="can not be read"):
        summarize_w3c([tmp_path / "missing.log"])


# --- the summary ------------------------------------------------------------------------------


def _mixed_log(tmp: Path) -> Path:
    writer = W3cLogWriter("6.0")
    rows = [
        _record(0),
        _record(1, status=401, substatus=1, win32_status=1326),
        _record(2, status=401, substatus=1, win32_status=WIN32_HANDSHAKE),
        _record(3, status=401, substatus=2, win32_status=WIN32_HANDSHAKE),
        _record(4, status=401, substatus=2, win32_status=5),
        _record(5, username="CONTOSO\\alice"),
        _record(6, status=401, substatus=1, win32_status=1326, uri_stem="/Default.HTM"),
        _record(7, status=401, substatus=1, win32_status=1326),
        _record(8, status=401, substatus=1, win32_status=1326),
        _record(9, status=401, substatus=1, win32_status=1326, time=T0 - timedelta(hours=1)),
    ]
    for row in rows:
        writer.write(row)
    (name,) = writer.files()
    path = tmp / name
    path.write_text(writer.text(name), encoding="utf-8", newline="")
    return path


def test_the_summary_leaves_windows_auth_handshakes_out(tmp_path: Path) -> None:
    path = _mixed_log(tmp_path)
    summary = summarize_w3c([path])
    assert summary.lines == 10 and summary.authenticated == 1 and summary.unjudged == 0
    assert set(summary.anonymous) == {(200, 0, 0), (401, 1, 1326)}
    assert set(summary.handshakes) == {(401, 1, WIN32_HANDSHAKE), (401, 2, WIN32_HANDSHAKE)}
    assert set(summary.handshake_like) == {(401, 2, 5)}  # handshake, or anonymous disabled
    failed = summary.anonymous[(401, 1, 1326)]
    assert failed.count == 5 and failed.code == "401.1 (1326)"
    assert failed.first == T0 - timedelta(hours=1)  # the out-of-order line
    assert failed.last == T0 + timedelta(seconds=8)
    assert len(failed.samples) == SAMPLES
    assert [s.line for s in failed.samples] == [6, 11, 12]
    assert failed.samples[0].text.endswith(" 401 1 1326")
    assert summary.count(401) == 5 and summary.count(401, 1, 1326) == 5
    assert summary.count(401, 2) == 0
    assert [b.key for b in summary.failures()] == [(401, 1, 1326)]
    assert summary.anonymous_requests == 6


def test_the_summary_for_one_url(tmp_path: Path) -> None:
    path = _mixed_log(tmp_path)
    root = summarize_w3c([path], url="/")
    assert root.anonymous[(401, 1, 1326)].count == 4
    default = summarize_w3c([path], url="/default.htm")
    assert set(default.anonymous) == {(401, 1, 1326)}
    assert default.anonymous[(401, 1, 1326)].count == 1
    assert summarize_w3c([path], url="/nothing").anonymous == {}


def test_the_summary_over_several_files_and_field_sets(tmp_path: Path) -> None:
    first = _mixed_log(tmp_path)
    second = _write_lines(
        tmp_path,
        "ex061124.log",
        [
            "#Fields: date time cs-uri-stem sc-status",  # no cs-username: can not be judged
            "2026-11-24 09:00:00 / 401",
            "#Date: 2026-11-24 09:30:00",
            "#Fields: time cs-uri-stem cs-username sc-status sc-substatus sc-win32-status",
            "09:30:01 / - 401 1 1326",
        ],
    )
    summary = summarize_w3c([first, second])
    assert summary.files == (str(first), str(second))
    assert summary.lines == 12 and summary.unjudged == 1
    assert summary.missing_fields == frozenset({"cs-username"})
    bucket = summary.anonymous[(401, 1, 1326)]
    assert bucket.count == 6
    assert bucket.last == datetime(2026, 11, 24, 9, 30, 1, tzinfo=UTC)


def test_summary_matches_every_entry(tmp_path: Path) -> None:
    path = _mixed_log(tmp_path)
    entries = list(iter_w3c(path))
    summary = summarize_w3c([path])
    counted = sum(b.count for group in _groups(summary) for b in group.values())
    assert counted == sum(1 for e in entries if e.anonymous)


def _groups(summary: W3cSummary) -> list[Mapping[Key, W3cBucket]]:
    return [summary.anonymous, summary.handshake_like, summary.handshakes]


@pytest.mark.parametrize("platform", ["iis6-local", "iis10-local"])
def test_fault_runs_show_in_the_summary(tmp_path: Path, platform: str) -> None:
    spec = PLATFORMS[platform]
    seen = set()
    for index, fault in enumerate(applicable(spec, variants())):
        run = run_fault(spec, fault)
        response = run.broken.response
        if response.status is None:
            continue  # the host stopped: nothing logged
        paths = _write_host_logs(run.host, tmp_path / str(index))
        summary = summarize_w3c(paths, url="/")
        key = (response.status, response.substatus, response.win32)
        if key == (401, 2, 5):
            assert key in summary.handshake_like  # anonymous-disabled looks like a handshake
        else:
            assert key in summary.anonymous, (fault.id, key)
        assert summary.anonymous[(200, 0, 0)].count >= 1  # healthy, then repaired
        entries = [e for p in paths for e in iter_w3c(p)]
        assert all(isinstance(e, W3cEntry) and e.anonymous for e in entries)
        seen.add(key)
    assert (401, 1, 1331) in seen and (401, 3, 5) in seen and (401, 2, 5) in seen


@pytest.mark.parametrize("fields", [IIS6_DEFAULT_FIELDS, IIS10_DEFAULT_FIELDS])
def test_plus_is_a_blank_except_in_the_query(tmp_path: Path, fields: tuple[str, ...]) -> None:
    writer = W3cLogWriter("6.0", fields)
    writer.write(_record(0, uri_stem="/a b+c.htm", uri_query="x=1+2", username="John Smith"))
    (name,) = writer.files()
    path = tmp_path / name
    path.write_text(writer.text(name), encoding="utf-8", newline="")
    (entry,) = iter_w3c(path)
    assert (entry.uri_stem, entry.uri_query, entry.username) == (
        "/a b c.htm",
        "x=1+2",
        "John Smith",
    )


# --- fuzz ------------------------------------------------------------------------------------

_VALID = "\r\n".join(IIS6_SAMPLE).encode()
_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ex060521.log"
        path.write_bytes(data)
        try:
            for entry in iter_w3c(path):
                assert isinstance(entry, W3cEntry)
                assert entry.time.tzinfo is UTC
        except BundleError as error:
            assert error.path == str(path)
        try:
            summary = summarize_w3c([path], url="/default.htm")
            assert summary.lines >= 0
        except BundleError as error:
            assert error.path == str(path)


@_FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    _check(data)


@_FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4096),
            st.sampled_from(["flip", "insert", "delete"]),
            st.binary(min_size=1, max_size=12),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fuzz_mutated_log(mutations: list[tuple[int, str, bytes]]) -> None:
    data = bytearray(_VALID)
    for where, kind, payload in mutations:
        at = where % max(len(data), 1)
        if kind == "flip":
            data[at : at + len(payload)] = payload
        elif kind == "insert":
            data[at:at] = payload
        else:
            del data[at : at + len(payload)]
    _check(bytes(data))
