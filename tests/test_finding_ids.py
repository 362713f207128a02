"""The finding registry is the contract's table of ids (section 4), and each id has what the
registry promises: a rule, a fault that makes it, and the probe and level rules the checks use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.engine import RULES
from checks.signals import EVENT_2003_TO_ID, STATUS_TO_ID, WIN32_TO_ID
from simulator.faults import FAULT_IDS, fault_class
from winfacts.finding_ids import FINDING_IDS, LOGON_LEVEL, PROBE_DECIDES, Severity, spec

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "CONTRACT.md"


def _contract_ids() -> list[str]:
    if not CONTRACT.exists():
        pytest.skip("shared/CONTRACT.md is not beside the repository")
    text = CONTRACT.read_text(encoding="utf-8")
    table = text[text.index("## 4. Finding ids") :]
    return re.findall(r"^\| `([a-z0-9-]+)` \|", table, flags=re.M)


def test_the_registry_holds_exactly_the_contracts_ids() -> None:
    ids = _contract_ids()
    assert len(ids) == 17
    assert sorted(FINDING_IDS) == sorted(ids)


def test_every_id_has_one_rule_and_one_fault() -> None:
    assert set(RULES) == set(FINDING_IDS)
    assert sorted(FAULT_IDS) == sorted(FINDING_IDS)


def test_faults_take_title_and_severity_from_the_registry() -> None:
    fault = fault_class("logon-audit-disabled")
    assert fault.severity == "info"
    assert fault.title == (
        "Logon failures are not audited, so the Security log can not show the cause"
    )
    assert fault_class("account-disabled").title == "The anonymous account is disabled"


def test_windows_order_and_levels() -> None:
    assert FINDING_IDS[:3] == ("security-log-full", "anonymous-disabled", "account-not-found")
    assert FINDING_IDS[-2:] == ("content-acl-denied", "logon-audit-disabled")
    assert LOGON_LEVEL == PROBE_DECIDES
    assert len(LOGON_LEVEL) == 13
    assert "content-acl-denied" not in PROBE_DECIDES
    assert spec("logon-audit-disabled").severity is Severity.INFO


def test_an_unknown_id_is_not_in_the_registry() -> None:
    with pytest.raises(KeyError):
        spec("account-sad")


def test_what_each_code_points_at() -> None:
    # Outcomes that share a code share its findings: 1326 / 529 do not tell an unknown user
    # from a wrong password; Win32 1329 stands for "Log On To" and for CrashOnAuditFail = 2
    # alike, but the LSA writes no audit for the second, so SubStatus 0xC0000070 is the first.
    assert WIN32_TO_ID == {
        1326: ("account-not-found", "password-mismatch", "password-sync-unusable"),
        1909: ("account-locked-out",),
        1331: ("account-disabled",),
        1793: ("account-expired",),
        1907: ("password-must-change",),
        1330: ("password-expired",),
        1329: ("workstation-restriction", "crash-on-audit-fail"),
        1328: ("logon-hours",),
        1385: ("logon-right-denied", "logon-right-missing"),
    }
    assert STATUS_TO_ID[0xC0000064] == ("account-not-found",)
    assert STATUS_TO_ID[0xC000006A] == ("password-mismatch", "password-sync-unusable")
    assert STATUS_TO_ID[0xC0000234] == ("account-locked-out",)
    assert STATUS_TO_ID[0xC0000070] == ("workstation-restriction",)
    assert STATUS_TO_ID[0xC000015B] == ("logon-right-denied", "logon-right-missing")
    assert len(STATUS_TO_ID) == 10
    assert EVENT_2003_TO_ID == {
        529: ("account-not-found", "password-mismatch", "password-sync-unusable"),
        539: ("account-locked-out",),
        531: ("account-disabled",),
        532: ("account-expired",),
        535: ("password-must-change", "password-expired"),
        533: ("workstation-restriction",),
        530: ("logon-hours",),
        534: ("logon-right-denied", "logon-right-missing"),
    }
