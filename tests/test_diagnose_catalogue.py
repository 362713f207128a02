"""Every fault of the catalogue, exported to a bundle and diagnosed from the files alone.

The simulator is the ground truth: each fault must be found with its own id and no other error
(precision and recall of 100%), healthy hosts must be healthy, and for two faults at once both
ids must appear with first the one a request meets now, as the simulator itself shows it.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from checks.findings import Diagnosis, Severity, Verdict
from simulator.factory import build_host
from simulator.faults import FAULT_IDS, Fault, fault_class, variants
from simulator.pairs import HIDDEN_PAIRS, make_pair, seen_first
from simulator.scenario import PLATFORMS, applicable
from tests.support.hosts import broken_host, diagnose_host

CASES = [
    pytest.param(platform, fault, id=f"{platform}-{fault.label}")
    for platform, spec in PLATFORMS.items()
    for fault in applicable(spec, variants())
]

#: Faults whose first symptom the Security and IIS logs can not tell apart without the account
#: files: on Windows Server 2003 event 529 and Win32 1326 mean "unknown user name or bad
#: password" alike, so a missing account reads as a wrong password.
EVIDENCE_INSUFFICIENT = {
    ("iis6-local", "account-not-found"),
    ("iis6-domain", "account-not-found"),
    ("iis6-dc", "account-not-found"),
}


def errors(result: Diagnosis) -> list[str]:
    return [f.id for f in result.findings if f.severity is not Severity.INFO]


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_a_healthy_host_is_healthy(platform: str, tmp_path: Path) -> None:
    host = build_host(PLATFORMS[platform])
    host.iis.request("/")
    result = diagnose_host(host, tmp_path)
    assert result.verdict is Verdict.HEALTHY, (result.findings, result.missing)
    assert result.findings == () and result.missing == ()


@pytest.mark.parametrize(("platform", "fault"), CASES)
def test_each_fault_is_found_with_its_id_and_no_other_error(
    platform: str, fault: Fault, tmp_path: Path
) -> None:
    host = broken_host(PLATFORMS[platform], fault)
    result = diagnose_host(host, tmp_path)
    assert fault.id in [f.id for f in result.findings]
    assert set(errors(result)) <= set(fault.findings)
    finding = next(f for f in result.findings if f.id == fault.id)
    assert finding.evidence and finding.remedy
    expected = Verdict.HEALTHY if fault.severity == "info" else Verdict.FAULTY
    assert result.verdict is expected


@pytest.mark.parametrize(("platform", "fault"), CASES)
def test_from_events_and_logs_alone(platform: str, fault: Fault, tmp_path: Path) -> None:
    if (platform, fault.id) in EVIDENCE_INSUFFICIENT:
        pytest.skip("the logs can not tell this cause from a wrong password (see the set)")
    host = broken_host(PLATFORMS[platform], fault)
    if fault.id != "security-log-full":  # that request would stop the server
        for _ in range(2):
            host.iis.request("/")
    result = diagnose_host(host, tmp_path, evidence_only=True)
    assert not (tmp_path / "ad.ldif").exists()
    assert not list(tmp_path.glob("net-user-*"))
    assert fault.id in [f.id for f in result.findings]
    assert set(errors(result)) <= set(fault.findings)


def pair_cases() -> list[object]:
    return [
        pytest.param(platform, a, b, id=f"{platform}-{a}+{b}")
        for platform in PLATFORMS
        for a, b in itertools.combinations(FAULT_IDS, 2)
        if frozenset({a, b}) not in HIDDEN_PAIRS
        and make_pair(PLATFORMS[platform], a, b) is not None
    ]


@pytest.mark.parametrize(("platform", "a", "b"), pair_cases())
def test_two_faults_give_both_ids_in_the_order_windows_meets_them(
    platform: str, a: str, b: str, tmp_path: Path
) -> None:
    made = make_pair(PLATFORMS[platform], a, b)
    assert made is not None
    host = made.host
    result = diagnose_host(host, tmp_path)
    found = [f.id for f in result.findings]
    assert a in found and b in found, found
    allowed = {*fault_class(a).findings, *fault_class(b).findings}
    assert set(errors(result)) <= allowed, f"an error beside the two faults: {found}"
    first_error = next((f for f in result.findings if f.severity is not Severity.INFO), None)
    shown_first = first_error.id if first_error else found[0]
    assert shown_first == seen_first(host, (a, b))
