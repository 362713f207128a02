"""`authlab diagnose` on bundles made of real-shaped files only (tests/fixtures/real): the site
choice, a computer named by its FQDN, the advanced audit policy of 2008+, and usage errors.
No simulator here: every expectation is written from the fixtures by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlab.cli import main
from checks.bundle import BundleEvidence
from checks.facts import ProbeFacts, Unknown

REAL = Path(__file__).parent / "fixtures" / "real"
TWO_SITES = REAL / "metabase" / "two-large-site-ids-site-level-user.xml"


def _bundle(directory: Path, files: dict[str, Path]) -> Path:
    for name, source in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return directory


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diagnose", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_several_sites_without_site_1_ask_for_site(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, {"MetaBase.xml": TWO_SITES})
    code, out, err = _run("--bundle", str(bundle))
    assert code == 2 and out == ""
    assert err == (
        f"authlab diagnose: {bundle / 'MetaBase.xml'}: several sites and none is site 1; choose "
        "one with --site: 98004751 (Contrib), 1742883614 (Front)\n"
    )


def test_site_by_name_or_id(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, {"MetaBase.xml": TWO_SITES})
    for site in ("Front", "front", "1742883614"):
        code, out, _ = _run("--bundle", str(bundle), "--site", site, "--format", "json")
        assert code == 3  # nothing but the configuration: the account checks lack their files
        report = json.loads(out)
        assert report["verdict"] == "inconclusive" and report["findings"] == []


def test_an_unknown_site_lists_the_sites(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, {"MetaBase.xml": TWO_SITES})
    code, _, err = _run("--bundle", str(bundle), "--site", "Intranet")
    assert code == 2
    assert err.endswith(
        "MetaBase.xml: no site 'Intranet' here; the sites are: 98004751 (Contrib), "
        "1742883614 (Front)\n"
    )


def test_a_computer_named_by_its_fqdn_is_read(tmp_path: Path) -> None:
    bundle = _bundle(
        tmp_path,
        {
            "host.json": REAL / "host-json" / "fqdn-computer-name.json",
            "applicationHost.config": REAL / "apphost" / "single-site-id-2.config",
        },
    )
    code, out, err = _run("--bundle", str(bundle), "--format", "json")
    assert code in (0, 1, 3), err
    assert json.loads(out)["host"] == "WEB01"


def test_auditpol_decides_logon_auditing_on_2008_and_later(tmp_path: Path) -> None:
    # The 2008+ secedit export shows AuditLogonEvents = 0; auditpol.csv audits Logon failures.
    files = {
        "host.json": REAL / "host-json" / "fqdn-computer-name.json",
        "secedit.inf": REAL / "secedit" / "win10-export-aspnet.inf",
        "auditpol.csv": REAL / "auditpol" / "gpo-backup-en.csv",
    }
    code, out, _ = _run("--bundle", str(_bundle(tmp_path / "a", files)), "--format", "json")
    assert code == 3  # no IIS configuration or account files: other checks lack their facts
    report = json.loads(out)
    assert "logon-audit-disabled" not in [f["id"] for f in report["findings"]]
    assert "logon-audit-disabled" not in [m["check"] for m in report["missing"]]
    # Without auditpol.csv the legacy 0 is not taken as the policy: the check says what it lacks.
    del files["auditpol.csv"]
    code, out, _ = _run("--bundle", str(_bundle(tmp_path / "b", files)), "--format", "json")
    assert code == 3
    report = json.loads(out)
    assert "logon-audit-disabled" not in [f["id"] for f in report["findings"]]
    assert {"check": "logon-audit-disabled", "needs": "auditpol.csv"} in report["missing"]


def test_a_url_that_is_no_path_is_a_usage_error(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, {"MetaBase.xml": TWO_SITES})
    for url in ("index.htm", "/a/../../b"):
        code, out, err = _run("--bundle", str(bundle), "--url", url, "--site", "Front")
        assert code == 2 and out == ""
        assert err.startswith("authlab diagnose: --url: ")


def test_a_metabase_fragment_leaves_service_level_settings_unknown(tmp_path: Path) -> None:
    # An exported site without its IIsWebService key: AnonymousPasswordSync's schema default
    # (TRUE) would be a guess, so password-sync-unusable says what it lacks instead.
    bundle = _bundle(
        tmp_path,
        {
            "MetaBase.xml": REAL / "metabase" / "export-fragment-no-webservice.xml",
            "lsa.reg": REAL / "reg" / "lsa-ws2016.reg",
        },
    )
    code, out, _ = _run("--bundle", str(bundle), "--format", "json")
    assert code == 3
    report = json.loads(out)
    assert report["findings"] == []
    assert {
        "check": "password-sync-unusable",
        "needs": "MetaBase.xml with its IIsWebService key (AnonymousPasswordSync)",
    } in report["missing"]


def _probe_bundle(directory: Path, account: str, win32: int) -> BundleEvidence:
    _bundle(
        directory, {"MetaBase.xml": REAL / "metabase" / "v54-default-site-numeric-authflags.xml"}
    )
    probe = {"account": account, "logon_type": 8, "win32_error": win32}
    (directory / "probe.json").write_text(json.dumps(probe), encoding="utf-8")
    (directory / "host.json").write_text(
        json.dumps(
            {
                "computer_name": "WEB01",
                "domain": None,
                "is_domain_controller": False,
                "iis_version": "6.0",
                "os": "Windows Server 2003",
                "collected_at": "2026-11-24T09:30:00+01:00",
            }
        ),
        encoding="utf-8",
    )
    return BundleEvidence(directory)


def test_a_probe_counts_only_for_the_anonymous_account(tmp_path: Path) -> None:
    # The metabase's anonymous account is IUSR_WEB01 on WEB01 (SOURCES.md).
    for spelling in ("WEB01\\IUSR_WEB01", "web01\\iusr_web01", ".\\IUSR_WEB01", "IUSR_WEB01"):
        ev = _probe_bundle(tmp_path / spelling.replace("\\", "_"), spelling, 0)
        assert ev.probe() == ProbeFacts(spelling, 8, 0)
    other = _probe_bundle(tmp_path / "other", "WEB01\\Administrator", 0).probe()
    assert other == Unknown("probe.json for IUSR_WEB01 (it tried WEB01\\Administrator)")


def test_a_probe_code_nobody_knows_is_not_healthy(tmp_path: Path) -> None:
    found = _probe_bundle(tmp_path, "WEB01\\IUSR_WEB01", 1234).probe()
    assert found == Unknown("probe.json with a Win32 error this tool knows (1234)")


@pytest.mark.parametrize("collected_at", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_dates_at_the_ends_of_the_calendar_are_a_diagnosis(
    tmp_path: Path, collected_at: str
) -> None:
    bundle = _bundle(
        tmp_path,
        {
            "MetaBase.xml": REAL / "metabase" / "v54-default-site-numeric-authflags.xml",
            "net-user-IUSR_WEB01.txt": REAL / "net-user" / "us-ampm-country-code-crlf.txt",
        },
    )
    host = {
        "computer_name": "WEB01",
        "domain": None,
        "is_domain_controller": False,
        "iis_version": "6.0",
        "os": "Windows Server 2003",
        "collected_at": collected_at,
    }
    (bundle / "host.json").write_text(json.dumps(host), encoding="utf-8")
    code, out, err = _run("--bundle", str(bundle), "--format", "json")
    assert code in (0, 1, 3), err
    assert json.loads(out)["schema"] == "authlab.diagnosis/1"
