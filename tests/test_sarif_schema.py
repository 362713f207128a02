"""`authlab diagnose --format sarif` against the OASIS SARIF 2.1.0 schema itself
(tests/fixtures/schemas, provenance in SOURCES.md): healthy, faulty and inconclusive bundles,
file names with spaces and bytes that are not UTF-8, and the exit 2 cases, which write no SARIF
at all. Each document is checked against both copies of the schema, each with the validator
its ``$schema`` names, and a broken document is shown to fail, so these tests can."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from authlab.cli import main
from authlab.report import FORMATS
from checks.findings import Diagnosis, EvidenceItem, Finding, Remedy, Severity
from tests.support.hosts import platform_bundle

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
REAL = Path(__file__).parent / "fixtures" / "real"

#: RFC 3986 URI reference characters: unreserved, sub-delims, ":", "@", "/", "?", "#" and
#: percent-encodings. The schema's "format": "uri-reference" is not checked by jsonschema
#: without an optional package, so the tests check it themselves.
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*")

#: An IIS 10 log with one anonymous request.
LOG = (
    "#Software: Microsoft Internet Information Services 10.0\r\n"
    "#Version: 1.0\r\n"
    "#Date: 2026-11-24 08:00:00\r\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
    "2026-11-24 08:00:01 10.0.0.10 GET / - 80 - 10.0.0.99 Mozilla/5.0 - 401 1 1326 15\r\n"
)


def _validator(name: str) -> Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


VALIDATORS = {
    "sarif-schema-2.1.0.json": _validator("sarif-schema-2.1.0.json"),
    "sarif-schema-2.1.0-errata01.json": _validator("sarif-schema-2.1.0-errata01.json"),
}


def _errors(doc: Any) -> list[str]:
    """Every schema violation of a document, against both schemas, as "schema: path: message"."""
    found = [
        f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for name, validator in VALIDATORS.items()
        for error in validator.iter_errors(doc)
    ]
    for uri in _uris(doc):
        if not _URI_REFERENCE.fullmatch(uri):
            found.append(f"artifactLocation.uri {uri!r} is not an RFC 3986 URI reference")
    return found


def _uris(doc: Any) -> list[str]:
    if isinstance(doc, dict):
        here = [doc["uri"]] if isinstance(doc.get("uri"), str) else []
        return here + [uri for value in doc.values() for uri in _uris(value)]
    if isinstance(doc, list):
        return [uri for value in doc for uri in _uris(value)]
    return []


def _simulated(directory: Path, platform: str, *faults: str) -> Path:
    platform_bundle(directory, platform, *faults)
    return directory


def _sarif(bundle: Path) -> tuple[int, str, Any]:
    result = CliRunner().invoke(main, ["diagnose", "--bundle", str(bundle), "--format", "sarif"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr, json.loads(result.stdout)


def test_the_schemas_are_the_drafts_they_name() -> None:
    assert isinstance(VALIDATORS["sarif-schema-2.1.0.json"], jsonschema.Draft7Validator)
    assert isinstance(VALIDATORS["sarif-schema-2.1.0-errata01.json"], jsonschema.Draft4Validator)


@pytest.mark.parametrize(
    ("platform", "faults", "code"),
    [
        ("iis6-local", (), 0),
        ("iis10-domain", (), 0),
        ("iis6-local", ("account-disabled",), 1),
        ("iis6-local", ("crash-on-audit-fail",), 1),
        ("iis10-domain", ("logon-hours", "logon-right-denied"), 1),
        ("iis10-domain", ("password-mismatch",), 1),
        ("iis6-local", ("anonymous-disabled",), 1),
        ("iis10-domain", ("content-acl-denied",), 1),
    ],
)
def test_simulated_bundles_give_valid_sarif(
    tmp_path: Path, platform: str, faults: tuple[str, ...], code: int
) -> None:
    exit_code, err, doc = _sarif(_simulated(tmp_path / "bundle", platform, *faults))
    assert exit_code == code, err
    assert _errors(doc) == []
    results = doc["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= set(faults)
    assert (results == []) == (code == 0)


def test_an_inconclusive_bundle_gives_valid_sarif(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copyfile(REAL / "host-json" / "fqdn-computer-name.json", bundle / "host.json")
    exit_code, err, doc = _sarif(bundle)
    assert exit_code == 3, err
    assert doc["runs"][0]["results"] == []
    assert _errors(doc) == []


def test_names_with_spaces_and_bytes_that_are_not_utf8_give_valid_sarif(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "W3SVC1").mkdir(parents=True)
    shutil.copyfile(
        REAL / "metabase" / "v54-default-site-numeric-authflags.xml", bundle / "MetaBase.xml"
    )
    (bundle / "W3SVC1" / os.fsdecode(b"u_ex26\xff1124 copy.log")).write_bytes(LOG.encode("ascii"))
    exit_code, err, doc = _sarif(bundle)
    assert exit_code in (1, 3), err
    assert _errors(doc) == []


def test_evidence_with_odd_sources_gives_valid_sarif() -> None:
    # Sources as readers write them: an account name with a space, a log name that is not
    # UTF-8 (a lone surrogate), control characters and a non-ASCII letter in the details.
    evidence = (
        EvidenceItem("net-user-Web Anon.txt line 4", "Account active    No"),
        EvidenceItem("W3SVC1/u_ex26\udcff1124.log line 5", "401 1 1326 \x1b[2J"),
        EvidenceItem("secedit.inf line 12", "SeDenyNetworkLogonRight lists Gäste"),
        EvidenceItem("/LM/W3SVC/1/ROOT", "no file: a metabase path"),
    )
    finding = Finding(
        "account-disabled",
        Severity.ERROR,
        "The anonymous account is disabled",
        "WEB01\\Web Anon",
        evidence,
        (Remedy("Local Users and Groups: clear 'Account is disabled'", None),),
        ("KB909887",),
    )
    doc = json.loads(FORMATS["sarif"](Diagnosis("WEB01", "/", (finding,), ())))
    assert _errors(doc) == []
    uris = _uris(doc)
    assert "net-user-Web%20Anon.txt" in uris and "W3SVC1/u_ex26%FF1124.log" in uris


def test_exit_2_writes_no_sarif(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "secedit.inf").write_text("[Privilege Rights]\nSeNetworkLogonRight\n")
    target = tmp_path / "report.sarif"
    result = CliRunner().invoke(
        main, ["diagnose", "--bundle", str(bundle), "--format", "sarif", "--output", str(target)]
    )
    assert result.exit_code == 2
    assert "secedit.inf:2" in result.stderr and result.stdout == ""
    assert not target.exists()


@pytest.fixture(scope="module")
def faulty_sarif(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A valid document with a result, to break."""
    bundle = tmp_path_factory.mktemp("sarif") / "bundle"
    _, _, doc = _sarif(_simulated(bundle, "iis6-local", "account-disabled"))
    assert doc["runs"][0]["results"]
    return doc


def _no_driver_name(doc: Any) -> None:
    del doc["runs"][0]["tool"]["driver"]["name"]


def _no_version(doc: Any) -> None:
    del doc["version"]


def _old_version(doc: Any) -> None:
    doc["version"] = "2.0.0"


def _no_message(doc: Any) -> None:
    del doc["runs"][0]["results"][0]["message"]


@pytest.mark.parametrize(
    ("break_it", "complaint"),
    [
        (_no_driver_name, "'name' is a required property"),
        (_no_version, "'version' is a required property"),
        (_old_version, "'2.0.0' is not one of ['2.1.0']"),
        (_no_message, "'message' is a required property"),
    ],
    ids=["driver-name", "version", "version-2.0.0", "result-message"],
)
@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_the_validator_rejects_a_broken_document(
    faulty_sarif: Any, name: str, break_it: Callable[[Any], None], complaint: str
) -> None:
    assert list(VALIDATORS[name].iter_errors(faulty_sarif)) == []
    broken = copy.deepcopy(faulty_sarif)
    break_it(broken)
    messages = [error.message for error in VALIDATORS[name].iter_errors(broken)]
    assert messages and any(complaint in m for m in messages), messages
