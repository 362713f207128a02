"""What an administrator types next: a file they exported read back with type and findstr,
`net user /domain` naming the domain controller, and a bare /active enabling."""

from __future__ import annotations

from simulator.admin.shell import run
from simulator.factory import build_host
from simulator.scenario import PLATFORMS


def test_a_secedit_export_reads_back_with_type_and_findstr() -> None:
    host = build_host(PLATFORMS["iis10-local"])
    assert run(host, r"secedit /export /cfg C:\policy.inf").exit_code == 0
    typed = run(host, r"type C:\policy.inf")
    assert typed.exit_code == 0
    assert typed.output.startswith("[Unicode]\nUnicode=yes\n[System Access]\n")
    found = run(host, r"findstr SeNetworkLogonRight C:\policy.inf")
    assert found.output == (
        "SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551\n"
    )
    assert run(host, r"type C:\other.inf").output == (
        "The system cannot find the file specified.\n"
    )


def test_net_user_domain_lists_the_domain_controllers_accounts() -> None:
    member = build_host(PLATFORMS["iis10-domain"])
    lines = run(member, "net user /domain").output.splitlines()
    assert lines[:5] == [
        "The request will be processed at a domain controller for domain carroll.example.",
        "",
        "",
        "User accounts for \\\\DC03.carroll.example",
        "",
    ]
    dc = build_host(PLATFORMS["iis6-dc"])
    assert run(dc, "net user").output.splitlines()[:2] == ["", "User accounts for \\\\DC02"]


def test_a_bare_active_switch_enables_the_account() -> None:
    host = build_host(PLATFORMS["iis6-local"])
    assert run(host, "net user IUSR_WEB18 /active:no").exit_code == 0
    assert host.iis.request("/").code == "401.1"
    assert run(host, "net user IUSR_WEB18 /active").output == (
        "The command completed successfully.\n\n"
    )
    host.iis.iisreset()
    assert host.iis.request("/").code == "200"
