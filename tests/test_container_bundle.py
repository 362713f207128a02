"""`authlab diagnose --bundle` on the recorded container bundle (tests/fixtures/real/
container-bundle): the files Collect-AuthlabBundle.ps1 writes, assembled from public real
outputs (tests/fixtures/real/SOURCES.md, section "container") for one fault: the anonymous
account IUSR_AUTHLAB disabled on a Windows Server Core 2022 IIS container. It was not captured
from a container run. Every expectation below is written by hand from the fixture files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from authlab.cli import main

BUNDLE = Path(__file__).parent / "fixtures" / "real" / "container-bundle"

EXPECTED = {
    "schema": "authlab.diagnosis/1",
    "host": "4F2D1C9A7B31",
    "url": "/",
    "verdict": "faulty",
    "findings": [
        {
            "id": "account-disabled",
            "severity": "error",
            "title": "The anonymous account is disabled",
            "account": "4F2D1C9A7B31\\IUSR_AUTHLAB",
            "evidence": [
                {
                    "source": "net-user-IUSR_AUTHLAB.txt line 6",
                    "detail": "the account is disabled",
                },
                {
                    "source": "Security.xml line 1",
                    "detail": "event 4625 at 2026-11-24 08:14:02 UTC: logon type 8 for "
                    "4F2D1C9A7B31\\IUSR_AUTHLAB failed Status 0xC000006E SubStatus 0xC0000072",
                },
                {
                    "source": "probe.json",
                    "detail": "LogonUser(4F2D1C9A7B31\\IUSR_AUTHLAB, logon type 8) with the "
                    "configured password failed with Win32 error 1331",
                },
                {
                    "source": "W3SVC1/u_ex261124.log",
                    "detail": "2 anonymous request(s) failed; the latest: u_ex261124.log line 7: "
                    "2026-11-24 08:14:07 ::1 GET / - 80 - ::1 "
                    "Mozilla/5.0+(Windows+NT;+Windows+NT+10.0;+en-US)+WindowsPowerShell/"
                    "5.1.20348.2849 - 401 1 1331 0",
                },
            ],
            "remedy": [
                {
                    "summary": "Computer Management > Local Users and Groups > Users: clear "
                    "'Account is disabled'",
                    "command": "net user IUSR_AUTHLAB /active:yes",
                }
            ],
            "references": ["KB909887"],
        }
    ],
    "missing": [],
}


def _diagnose(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diagnose", "--bundle", str(BUNDLE), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


def test_the_bundle_holds_the_collectors_files() -> None:
    names = sorted(p.relative_to(BUNDLE).as_posix() for p in BUNDLE.rglob("*") if p.is_file())
    assert names == [
        "Security-log.txt",
        "Security.xml",
        "W3SVC1/u_ex261124.log",
        "applicationHost.config",
        "auditpol.csv",
        "host.json",
        "icacls.txt",
        "lsa.reg",
        "net-localgroup-Administrators.txt",
        "net-localgroup-Guests.txt",
        "net-localgroup-IIS_IUSRS.txt",
        "net-localgroup-Users.txt",
        "net-user-IUSR_AUTHLAB.txt",
        "probe.json",
        "secedit.inf",
    ]
    # secedit writes UTF-16LE with a byte order mark; the bundle keeps it.
    assert (BUNDLE / "secedit.inf").read_bytes()[:2] == b"\xff\xfe"


def test_the_disabled_anonymous_account_is_the_one_finding() -> None:
    code, out = _diagnose("--format", "json")
    assert code == 1
    assert json.loads(out) == EXPECTED


def test_the_text_report_names_the_fault_and_its_repair() -> None:
    code, out = _diagnose()
    assert code == 1
    assert out.startswith("4F2D1C9A7B31 /: FAULTY\n")
    assert "1. account-disabled" in out
    assert "net user IUSR_AUTHLAB /active:yes" in out


def test_no_output_holds_the_encrypted_password() -> None:
    config = (BUNDLE / "applicationHost.config").read_text(encoding="utf-8-sig")
    secret = config.split('password="', 1)[1].split('"', 1)[0]
    assert secret.startswith("[enc:IISCngProvider:")
    for fmt in ("text", "json", "junit", "sarif"):
        _, out = _diagnose("--format", fmt)
        assert secret not in out and "IISCngProvider" not in out
