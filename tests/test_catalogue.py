"""Every fault of the catalogue, on every built-in platform it applies to, shows exactly the
symptoms the catalogue promises, and its repair brings back 200."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.faults import CATALOGUE, FAULT_IDS, fault_class, variants
from simulator.scenario import PLATFORMS, applicable, run_fault
from winfacts.errors import ModelError
from winfacts.finding_ids import FINDING_IDS

CASES = [
    pytest.param(platform, fault, id=f"{platform}-{fault.label}")
    for platform, spec in PLATFORMS.items()
    for fault in applicable(spec, variants())
]


def test_one_fault_per_finding_id_of_the_contract() -> None:
    assert set(FAULT_IDS) == set(FINDING_IDS)
    assert len(FAULT_IDS) == len(CATALOGUE)


def test_every_fault_applies_somewhere() -> None:
    covered = {fault.id for _, fault in (c.values for c in CASES)}  # type: ignore[misc]
    assert covered == set(FINDING_IDS)


@pytest.mark.parametrize(("platform", "fault"), CASES)
def test_symptoms_equal_the_catalogue_and_the_repair_works(platform: str, fault: object) -> None:
    run = run_fault(PLATFORMS[platform], fault)  # type: ignore[arg-type]
    assert run.healthy.response.code == "200"
    assert run.broken.symptoms(run.host.iis.legacy) == run.expected
    assert run.repaired.response.code == "200", run.repaired
    assert run.host.running


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(PLATFORMS)),
    st.sampled_from(FAULT_IDS),
    st.integers(min_value=0, max_value=10_000),
)
def test_symptoms_hold_for_any_seed(platform: str, fault_id: str, seed: int) -> None:
    spec = attrs.evolve(PLATFORMS[platform], seed=seed)
    for fault in applicable(spec, variants(fault_id)):
        run = run_fault(spec, fault)
        assert run.broken.symptoms(run.host.iis.legacy) == run.expected
        assert run.repaired.response.code == "200"


def test_same_seed_same_run() -> None:
    spec = PLATFORMS["iis6-domain"]
    a = run_fault(spec, variants("password-mismatch")[0])
    b = run_fault(spec, variants("password-mismatch")[0])
    assert a.broken.w3c_lines == b.broken.w3c_lines
    assert a.broken.security_events == b.broken.security_events
    assert a.host.computer_name == b.host.computer_name


def test_unknown_fault_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="no fault named"):
        fault_class("printer-on-fire")
