"""`authlab diagnose` as the contract fixes it: exit codes, formats, no password anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from authlab.cli import main
from checks.catalogue import CHECKS
from simulator.host import Host
from simulator.scenario import PLATFORMS
from tests.support.hosts import platform_bundle


def bundle(tmp: Path, platform: str = "iis6-local", *faults: str) -> Host:
    return platform_bundle(tmp, platform, *faults)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diagnose", *args])
    return result.exit_code, result.output


def secrets(host: Host) -> list[str]:
    found = [a.password.reveal() for a in host.sam.users()]
    if host.domain:
        found += [a.password.reveal() for a in host.domain.users()]
    anonymous = host.iis.settings_for("/").password
    if anonymous is not None:
        found.append(anonymous.reveal())
    return [s for s in found if len(s) >= 4]


def test_exit_codes(tmp_path: Path) -> None:
    healthy = tmp_path / "healthy"
    bundle(healthy)
    assert run("--bundle", str(healthy))[0] == 0
    faulty = tmp_path / "faulty"
    bundle(faulty, "iis6-local", "account-disabled")
    code, out = run("--bundle", str(faulty))
    assert code == 1 and "account-disabled" in out
    sparse = tmp_path / "sparse"
    sparse.mkdir()
    (sparse / "host.json").write_text((healthy / "host.json").read_text())
    code, out = run("--bundle", str(sparse), "--format", "json")
    assert code == 3 and json.loads(out)["verdict"] == "inconclusive"


def test_unreadable_input_names_the_file_and_line(tmp_path: Path) -> None:
    bundle(tmp_path)
    (tmp_path / "secedit.inf").write_text("[Privilege Rights]\nSeNetworkLogonRight\n")
    code, out = run("--bundle", str(tmp_path))
    assert code == 2
    assert "secedit.inf:2" in out and "Traceback" not in out
    code, out = run("--bundle", str(tmp_path / "nowhere"))
    assert code == 2 and "no such bundle directory" in out


def test_json_has_the_contract_shape(tmp_path: Path) -> None:
    bundle(tmp_path, "iis10-domain", "logon-hours", "logon-right-denied")
    code, out = run("--bundle", str(tmp_path), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert set(doc) == {"schema", "host", "url", "verdict", "findings", "missing"}
    assert doc["schema"] == "authlab.diagnosis/1" and doc["url"] == "/"
    assert [f["id"] for f in doc["findings"]] == ["logon-hours", "logon-right-denied"]
    for finding in doc["findings"]:
        assert set(finding) == {
            "id",
            "severity",
            "title",
            "account",
            "evidence",
            "remedy",
            "references",
        }
        assert all(set(e) == {"source", "detail"} for e in finding["evidence"])
        assert all("summary" in r for r in finding["remedy"])
        assert "KB909887" in finding["references"]


def test_junit_has_one_case_per_check_and_a_failure_per_fault(tmp_path: Path) -> None:
    bundle(tmp_path, "iis6-local", "account-expired")
    code, out = run("--bundle", str(tmp_path), "--format", "junit")
    root = ET.fromstring(out)
    cases = root.findall(".//testcase")
    assert len(cases) == len(CHECKS)
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == ["account-expired"] and code == 1


def test_sarif_is_2_1_0_with_a_result_per_finding(tmp_path: Path) -> None:
    bundle(tmp_path / "bundle", "iis6-local", "crash-on-audit-fail")
    out_file = tmp_path / "report.sarif"  # beside the bundle: a report never goes inside it
    code, _ = run(
        "--bundle", str(tmp_path / "bundle"), "--format", "sarif", "--output", str(out_file)
    )
    doc = json.loads(out_file.read_text())
    assert code == 1 and doc["version"] == "2.1.0"
    (run_,) = doc["runs"]
    assert [r["ruleId"] for r in run_["results"]] == ["crash-on-audit-fail"]
    assert len(run_["tool"]["driver"]["rules"]) == len(CHECKS)
    location = run_["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "lsa.reg"
    assert location["region"]["startLine"] > 0


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_no_password_in_the_bundle_or_any_output(platform: str, tmp_path: Path) -> None:
    host = bundle(tmp_path, platform, "password-mismatch")
    texts = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    for fmt in ("text", "json", "junit", "sarif"):
        texts.append(run("--bundle", str(tmp_path), "--format", fmt)[1].encode("utf-8"))
    for secret in secrets(host):
        for blob in texts:
            assert secret.encode("utf-8") not in blob
            assert secret.encode("utf-16-le") not in blob


def test_checks_lists_the_catalogue() -> None:
    result = CliRunner().invoke(main, ["checks"])
    assert result.exit_code == 0
    for check in CHECKS:
        assert check.id in result.output


def test_bundle_command_writes_a_bundle(tmp_path: Path) -> None:
    out = tmp_path / "b"
    result = CliRunner().invoke(
        main,
        ["bundle", "--platform", "iis10-local", "--fault", "account-disabled", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert (out / "applicationHost.config").exists() and (out / "probe.json").exists()
    assert run("--bundle", str(out), "--format", "json")[0] == 1


def test_windows_auth_handshakes_are_not_anonymous_failures(tmp_path: Path) -> None:
    bundle(tmp_path, "iis10-local")
    (log,) = tmp_path.glob("W3SVC1/*.log")
    handshake = [
        "2026-11-24 08:31:00 10.0.0.1 GET / - 80 - 192.0.2.7 Mozilla/5.0 - 401 2 5 1",
        "2026-11-24 08:31:00 10.0.0.1 GET / - 80 - 192.0.2.7 Mozilla/5.0 - 401 1 2148074254 1",
        "2026-11-24 08:31:01 10.0.0.1 GET / - 80 CONTOSO\\alice 192.0.2.7 Mozilla/5.0 - 200 0 0 3",
    ]
    with log.open("a", encoding="utf-8", newline="\r\n") as out:
        out.write("\n".join(handshake * 50) + "\n")
    code, out = run("--bundle", str(tmp_path), "--format", "json")
    assert code == 0, out
    assert json.loads(out)["verdict"] == "healthy"
