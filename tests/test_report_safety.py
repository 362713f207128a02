"""What a bundle says reaches a report only in a form that can not harm it: a query string in an
IIS log line is withheld, control characters and escape sequences are shown as escapes, and
JUnit and JSON stay well formed."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from authlab.report import FORMATS
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


def test_junit_and_json_stay_well_formed() -> None:
    ET.fromstring(FORMATS["junit"](_hostile()).encode("utf-8"))
    document = json.loads(FORMATS["json"](_hostile()))
    assert document["findings"][0]["id"] == "account-disabled"
