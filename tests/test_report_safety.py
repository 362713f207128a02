"""What a bundle says reaches a report only in a form that can not harm it: a query string in an
IIS log line is withheld, control characters and escape sequences are shown as escapes, and
JUnit and JSON stay well formed."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from authlab.cli import main
from authlab.report import FORMATS
from checks.errors import BundleError
from checks.findings import Diagnosis, EvidenceItem, Finding, Remedy, Severity
from checks.readers.w3c import summarize_w3c

LOG = (
    "#Software: Microsoft Internet Information Services 10.0\r\n"
    "#Version: 1.0\r\n"
    "#Date: 2026-11-24 08:00:00\r\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
    "2026-11-24 08:00:01 10.0.0.10 GET /login.aspx user=bob&password=Hunter2Secret 80 - "
    "10.0.0.99 Mozilla/5.0 - 401 1 1326 15\r\n"
)


def test_a_query_string_never_reaches_the_samples(tmp_path: Path) -> None:
    path = tmp_path / "u_ex261124.log"
    path.write_bytes(LOG.encode("ascii"))
    summary = summarize_w3c([path], url="/login.aspx")
    (bucket,) = summary.anonymous.values()
    (sample,) = bucket.samples
    assert sample.text == (
        "2026-11-24 08:00:01 10.0.0.10 GET /login.aspx (query-withheld) 80 - 10.0.0.99 "
        "Mozilla/5.0 - 401 1 1326 15"
    )
    assert (bucket.status, bucket.substatus, bucket.win32_status) == (401, 1, 1326)


def _hostile() -> Diagnosis:
    detail = "net-user-x.txt says \x1b[2J\x1b]0;owned\x07 and \x00\x85 \udcff"
    finding = Finding(
        "account-disabled",
        Severity.ERROR,
        "The anonymous account is disabled",
        "WEB01\\bad\x1bname",
        (EvidenceItem("net-user-x.txt line 4", detail),),
        (Remedy("Local Users and Groups: clear 'Account is disabled'", "net user x /active:yes"),),
        ("KB909887",),
    )
    return Diagnosis("WEB01\x1b[31m", "/", (finding,), ())


def test_control_characters_are_shown_as_escapes_in_text() -> None:
    text = FORMATS["text"](_hostile())
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    assert "\\x1b[2J\\x1b]0;owned\\x07 and \\x00\\x85 \\udcff" in text


def test_junit_json_and_sarif_stay_well_formed_and_encodable() -> None:
    ET.fromstring(FORMATS["junit"](_hostile()).encode("utf-8"))
    text = FORMATS["json"](_hostile())
    document = json.loads(text.encode("utf-8"))  # a lone surrogate is escaped, not kept
    assert document["findings"][0]["id"] == "account-disabled"
    assert document["findings"][0]["evidence"][0]["detail"].endswith("\udcff")
    json.loads(FORMATS["sarif"](_hostile()).encode("ascii"))


def test_remedies_carry_both_keys_and_sarif_uris_are_encoded() -> None:
    finding = Finding(
        "logon-right-denied",
        Severity.ERROR,
        "The account, or a group it is in, holds the deny right for IIS's logon type",
        "WEB01\\IUSR_WEB01",
        (EvidenceItem("net-user-IUSR WEB01#1.txt line 7", "Guests"),),
        (Remedy("Local Security Policy: remove Guests"), Remedy("then", "gpupdate /force")),
        ("KB909887",),
    )
    diagnosis = Diagnosis("WEB01", "/", (finding,), ())
    remedy = json.loads(FORMATS["json"](diagnosis))["findings"][0]["remedy"]
    assert remedy == [
        {"summary": "Local Security Policy: remove Guests", "command": None},
        {"summary": "then", "command": "gpupdate /force"},
    ]
    sarif = json.loads(FORMATS["sarif"](diagnosis))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "net-user-IUSR%20WEB01%231.txt"
    assert location["region"] == {"startLine": 7}


def test_junit_carries_host_time_and_timestamp() -> None:
    when = datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    diagnosis = Diagnosis("WEB01", "/", (), (), collected_at=when)
    suite = ET.fromstring(FORMATS["junit"](diagnosis).encode("utf-8")).find("testsuite")
    assert suite is not None
    assert (suite.get("hostname"), suite.get("time"), suite.get("timestamp")) == (
        "WEB01",
        "0",
        "2026-11-24T08:30:00",
    )


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif"])
def test_a_file_name_that_is_not_utf8_never_crashes_a_writer(tmp_path: Path, fmt: str) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "W3SVC1").mkdir(parents=True)
    metabase = Path(__file__).parent / "fixtures" / "real" / "metabase"
    (bundle / "MetaBase.xml").write_bytes(
        (metabase / "v54-default-site-numeric-authflags.xml").read_bytes()
    )
    log = LOG.replace("/login.aspx user=bob&password=Hunter2Secret", "/ -")
    name = os.fsdecode(b"u_ex26\xff1124.log")
    (bundle / "W3SVC1" / name).write_bytes(log.encode("ascii"))
    target = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main, ["diagnose", "--bundle", str(bundle), "--format", fmt, "--output", str(target)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (1, 3), result.output
    written = target.read_bytes().decode("utf-8")
    assert "Hunter2Secret" not in written


def test_a_huge_value_does_not_make_a_huge_report() -> None:
    name = "A" * 5_000_000
    finding = Finding(
        "account-not-found",
        Severity.ERROR,
        "The anonymous account named in the IIS configuration does not exist",
        name,
        (EvidenceItem("MetaBase.xml line 9", f"AnonymousUserName is {name}"),),
        (Remedy(f"create {name}", f"net user {name} * /add"),),
        ("KB909887",),
    )
    report = FORMATS["json"](Diagnosis("WEB01", "/", (finding,), ()))
    assert len(report) < 20_000
    detail = json.loads(report)["findings"][0]["evidence"][0]["detail"]
    assert detail == "AnonymousUserName is " + "A" * 1979 + "... (4998021 more characters)"


@pytest.mark.parametrize(("offset", "line"), [(0, 5), (100, 30), (900_000, 225_005)])
def test_a_long_w3c_line_is_refused_wherever_it_falls(
    tmp_path: Path, offset: int, line: int
) -> None:
    head = LOG.split("2026-11-24 08:00:01")[0]
    filler = "#c\r\n" * (offset // 4)  # short comment lines move the long one along
    long_line = "2026-11-24 08:00:01 " + "a" * 100_000 + "\r\n"
    path = tmp_path / "u_ex261124.log"
    path.write_bytes((head + filler + long_line).encode("ascii"))
    with pytest.raises(BundleError) as refused:
        summarize_w3c([path], url="/")
    assert str(refused.value) == f"{path}:{line}: a line longer than 65536 bytes"
