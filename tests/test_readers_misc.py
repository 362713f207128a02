"""Readers for Security-log.txt (wevtutil gl, and gli appended), host.json and probe.json."""

from __future__ import annotations

import codecs
import contextlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.jsonfiles import MAX_JSON_BYTES, read_host_json, read_probe_json
from checks.readers.wevtutil_gl import parse_wevtutil_gl, read_wevtutil_gl
from simulator.admin.shell import render_wevtutil_gl
from simulator.host import Host
from tests.support.fuzzing import FUZZ, mutated
from tests.support.hosts import ok

# -- wevtutil gl / gli ----------------------------------------------------------------------------


def test_wevtutil_gl_round_trip(iis10: Host, tmp_path: Path) -> None:
    path = tmp_path / "Security-log.txt"
    path.write_text(ok(iis10, "wevtutil gl Security"))
    doc = read_wevtutil_gl(path)
    settings_ = iis10.security_log.settings
    assert doc.name == "Security" and doc.enabled is True and doc.type == "Admin"
    assert doc.owning_publisher is None and doc.isolation == "Custom"
    assert doc.channel_access is not None and doc.channel_access.startswith("O:BAG:SYD:")
    assert doc.log_file_name == r"%SystemRoot%\System32\Winevt\Logs\Security.evtx"
    assert doc.retention is False and doc.auto_backup is settings_.auto_backup
    assert doc.max_size == settings_.max_size
    assert doc.publishing == {"fileMax": "1"}
    assert not doc.has_info and doc.error is None
    assert doc.lines["logging.maxsize"] == 11


def test_wevtutil_gl_after_set_log(iis10: Host) -> None:
    ok(iis10, "wevtutil sl Security /ms:1048576 /rt:true /ab:false")
    doc = parse_wevtutil_gl(render_wevtutil_gl(iis10, "Security"))
    assert doc.max_size == 1048576 and doc.retention is True and doc.auto_backup is False


GLI = """\
creationTime: 2026-11-02T07:14:53.318Z
lastAccessTime: 2026-11-24T08:29:41.005Z
lastWriteTime: 2026-11-24T08:29:41.005Z
fileSize: 1118208
attributes: 32
numberOfLogRecords: 1228
oldestRecordNumber: 1
"""


def test_wevtutil_gl_with_gli_appended(iis10: Host, tmp_path: Path) -> None:
    text = render_wevtutil_gl(iis10, "Security") + GLI
    path = tmp_path / "Security-log.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"))
    doc = read_wevtutil_gl(path)
    assert doc.has_info
    assert doc.creation_time == datetime(2026, 11, 2, 7, 14, 53, 318000, tzinfo=UTC)
    assert doc.last_write_time == datetime(2026, 11, 24, 8, 29, 41, 5000, tzinfo=UTC)
    assert doc.file_size == 1118208 and doc.attributes == 32
    assert doc.number_of_log_records == 1228 and doc.oldest_record_number == 1
    assert doc.lines["numberoflogrecords"] == 19


REAL_GL = """\
name: security
enabled: true
type: Admin
owningPublisher:
isolation: Custom
channelAccess: O:BAG:SYD:(A;;0xf0005;;;SY)(A;;0x5;;;BA)(A;;0x1;;;S-1-5-32-573)(A;;0x1;;;S-1-5-20)
logging:
 logFileName: %SystemRoot%\\System32\\Winevt\\Logs\\security.evtx
 retention: TRUE
 autoBackup: false
 maxSize: 134217728
publishing:
 fileMax: 1
 clockType: SystemTime
"""


def test_wevtutil_gl_real_output_variants() -> None:
    doc = parse_wevtutil_gl(REAL_GL)
    assert doc.name == "security" and doc.retention is True and doc.max_size == 134217728
    assert doc.publishing == {"fileMax": "1", "clockType": "SystemTime"}
    assert doc.channel_access is not None and doc.channel_access.endswith("S-1-5-20)")


def test_wevtutil_error_output_is_a_document_with_the_error() -> None:
    text = (
        "Failed to read configuration for log Security. The specified channel could not be found.\n"
    )
    doc = parse_wevtutil_gl(text)
    assert doc.error is not None and doc.error.startswith("Failed to read configuration")
    assert doc.max_size is None and doc.retention is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: Security\nlogging:\n  maxSize: big\n", 3, "whole number"),
        ("name: Security\nlogging:\n  retention: maybe\n", 3, "true nor false"),
        ("name: Security\nname: Security\n", 2, "twice"),
        ("  maxSize: 5\n", 1, "outside"),
        ("name: Security\nthis is prose\n", 2, "key: value"),
        ("logging: yes\n", 1, "block"),
        ("name: S\ncreationTime: yesterday\n", 2, "ISO 8601"),
        ("name: S\ncreationTime: 2026-11-02T07:14:53\n", 2, "UTC offset"),
        ("\n\n", 1, "not the output"),
    ],
)
def test_wevtutil_malformed(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_wevtutil_gl(text, "Security-log.txt")
    assert caught.value.line == line and words in caught.value.reason


@FUZZ
@given(st.text(max_size=300))
def test_wevtutil_fuzz_text(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_wevtutil_gl(text)


@FUZZ
@given(st.binary(max_size=300))
def test_wevtutil_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "Security-log.txt"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_wevtutil_gl(path)


@FUZZ
@given(mutated(REAL_GL + GLI))
def test_wevtutil_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_wevtutil_gl(text)


# -- host.json ------------------------------------------------------------------------------------

HOST = {
    "computer_name": "WEB01",
    "domain": "CONTOSO",
    "is_domain_controller": False,
    "iis_version": "6.0",
    "os": "Windows Server 2003",
    "collected_at": "2026-11-24T09:30:00+01:00",
}


def write_json(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2))
    return path


def test_host_json_per_contract(tmp_path: Path) -> None:
    facts = read_host_json(write_json(tmp_path, "host.json", HOST))
    assert facts.computer_name == "WEB01" and facts.domain == "CONTOSO"
    assert facts.is_domain_controller is False and facts.iis_version == "6.0"
    assert facts.os == "Windows Server 2003" and facts.legacy
    assert facts.collected_at == datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert facts.collected_at is not None and facts.collected_at.utcoffset() == timedelta(hours=1)
    assert facts.source == "host.json"


def test_host_json_from_powershell_utf16_with_workgroup_and_no_time(tmp_path: Path) -> None:
    data = dict(HOST, domain=None, collected_at=None, iis_version="10.0", extra="ignored")
    path = tmp_path / "host.json"
    path.write_bytes(codecs.BOM_UTF16_LE + json.dumps(data).encode("utf-16-le"))
    facts = read_host_json(path)
    assert facts.domain is None and facts.collected_at is None and not facts.legacy
    del data["collected_at"]
    assert read_host_json(write_json(tmp_path, "host.json", data)).collected_at is None


def test_host_json_accepts_z_and_seven_digit_fractions(tmp_path: Path) -> None:
    data = dict(HOST, collected_at="2026-11-24T08:30:00.1234567Z")
    facts = read_host_json(write_json(tmp_path, "host.json", data))
    assert facts.collected_at is not None and facts.collected_at.tzinfo is not None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"computer_name": None}, "'computer_name'"),
        ({"computer_name": ""}, "'computer_name'"),
        ({"domain": 5}, "'domain'"),
        ({"is_domain_controller": "no"}, "'is_domain_controller'"),
        ({"iis_version": 6}, "'iis_version'"),
        ({"iis_version": "six"}, "'iis_version'"),
        ({"os": []}, "'os'"),
        ({"collected_at": "2026-11-24T09:30:00"}, "no UTC offset"),
        ({"collected_at": "tomorrow"}, "'collected_at'"),
        ({"collected_at": 1764000000}, "'collected_at'"),
    ],
)
def test_host_json_invalid_fields_name_the_field(
    tmp_path: Path, change: dict[str, object], words: str
) -> None:
    with pytest.raises(BundleError) as caught:
        read_host_json(write_json(tmp_path, "host.json", dict(HOST, **change)))
    assert words in caught.value.reason


@pytest.mark.parametrize("field", ["computer_name", "domain", "is_domain_controller", "os"])
def test_host_json_missing_fields_name_the_field(tmp_path: Path, field: str) -> None:
    data = {k: v for k, v in HOST.items() if k != field}
    with pytest.raises(BundleError, match=f"has no field '{field}'"):
        read_host_json(write_json(tmp_path, "host.json", data))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{\n  "computer_name": "WEB01",\n  "domain": }\n', 3, "not valid JSON"),
        ('{"a": 1, "a": 2}', None, "twice"),
        ('{"a": NaN}', None, "NaN"),
        ("[1, 2]", None, "not a JSON object"),
        ("[" * 100_000, None, "nested too deeply"),
        ("", 1, "not valid JSON"),
    ],
)
def test_host_json_syntax_errors(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = tmp_path / "host.json"
    path.write_text(text)
    with pytest.raises(BundleError) as caught:
        read_host_json(path)
    assert caught.value.line == line and words in caught.value.reason


def test_json_files_have_a_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text(" " * (MAX_JSON_BYTES + 1))
    with pytest.raises(BundleError, match="more than"):
        read_host_json(path)


# -- probe.json -----------------------------------------------------------------------------------


def test_probe_json_per_contract(tmp_path: Path) -> None:
    data = {"account": "WEB01\\IUSR_WEB01", "logon_type": 8, "win32_error": 1326}
    probe = read_probe_json(write_json(tmp_path, "probe.json", data))
    assert probe.account == "WEB01\\IUSR_WEB01"
    assert probe.logon_type == 8 and probe.win32_error == 1326 and probe.source == "probe.json"


def test_probe_json_never_keeps_or_quotes_a_stray_password(tmp_path: Path) -> None:
    data = {
        "account": "WEB01\\IUSR_WEB01",
        "logon_type": 3,
        "win32_error": 0,
        "password": "S3cr3t!x",
    }
    probe = read_probe_json(write_json(tmp_path, "probe.json", data))
    assert "S3cr3t!x" not in repr(probe)
    bad = dict(data, win32_error="S3cr3t!x")
    with pytest.raises(BundleError) as caught:
        read_probe_json(write_json(tmp_path, "probe.json", bad))
    assert "S3cr3t!x" not in str(caught.value)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"account": None}, "'account'"),
        ({"logon_type": 9}, "'logon_type'"),
        ({"logon_type": True}, "'logon_type'"),
        ({"logon_type": 8.0}, "'logon_type'"),
        ({"win32_error": -1}, "'win32_error'"),
        ({"win32_error": 2**40}, "'win32_error'"),
    ],
)
def test_probe_json_invalid_fields(tmp_path: Path, change: dict[str, object], words: str) -> None:
    data = dict({"account": "WEB01\\IUSR_WEB01", "logon_type": 8, "win32_error": 0}, **change)
    with pytest.raises(BundleError) as caught:
        read_probe_json(write_json(tmp_path, "probe.json", data))
    assert words in caught.value.reason


def test_probe_json_missing_field(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="has no field 'win32_error'"):
        read_probe_json(write_json(tmp_path, "probe.json", {"account": "A", "logon_type": 8}))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(
    st.dictionaries(st.sampled_from([*HOST, "account", "logon_type", "win32_error"]), JSON_VALUES)
)
def test_json_fuzz_structured(tmp_path: Path, data: dict[str, object]) -> None:
    path = write_json(tmp_path, "x.json", data)
    for reader in (read_host_json, read_probe_json):
        with contextlib.suppress(BundleError):
            reader(path)


@FUZZ
@given(st.binary(max_size=300))
def test_json_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(data)
    for reader in (read_host_json, read_probe_json):
        with contextlib.suppress(BundleError):
            reader(path)


@FUZZ
@given(mutated(json.dumps(HOST, indent=2)))
def test_json_fuzz_mutated(tmp_path: Path, text: str) -> None:
    path = tmp_path / "host.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(BundleError):
        read_host_json(path)
