"""What `authlab diagnose` says of a bundle collected from the server."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from checks.bundle import BundleEvidence
from checks.engine import diagnose
from checks.findings import Diagnosis, Severity

from .world import World


def _collect(world: World, *, evidence_only: bool) -> Diagnosis:
    world.bundles += 1
    folder = world.tmp / f"bundle-{world.bundles}"
    world.backend.collect(folder, evidence_only=evidence_only)
    return diagnose(BundleEvidence(folder))


def _errors(result: Diagnosis) -> list[str]:
    return [f.id for f in result.findings if f.severity is not Severity.INFO]


@when("the administrator collects an evidence bundle and runs authlab diagnose")
def collect_and_diagnose(world: World) -> None:
    world.diagnosis = _collect(world, evidence_only=False)


@when("the administrator collects only the logs, events and configuration")
def collect_evidence_only(world: World) -> None:
    world.diagnosis = _collect(world, evidence_only=True)


def _current(world: World) -> Diagnosis:
    """The diagnosis a collect step just made, or a fresh one from a full bundle now."""
    made, world.diagnosis = world.diagnosis, None
    if made is None:
        return _collect(world, evidence_only=False)
    assert isinstance(made, Diagnosis)
    return made


@then(parsers.re(r'authlab diagnoses "(?P<finding>[a-z-]+)"'))
def diagnoses(world: World, finding: str) -> None:
    result = _current(world)
    ids = [f.id for f in result.findings]
    assert finding in ids, f"found {ids}"
    assert set(_errors(result)) <= {finding}, f"other errors: {ids}"


@then(parsers.parse('authlab diagnoses "{first}" first and then "{second}"'))
def diagnoses_in_order(world: World, first: str, second: str) -> None:
    result = _current(world)
    errors = _errors(result)
    assert errors[:2] == [first, second], f"found {errors}"


@then("authlab finds the server healthy")
def healthy(world: World) -> None:
    result = _current(world)
    assert result.verdict.value == "healthy", [f.id for f in result.findings]


@then("authlab reports nothing at all")
def no_findings(world: World) -> None:
    """Healthy, and not even an informational finding left (after an info-level repair)."""
    result = _current(world)
    assert result.verdict.value == "healthy", [f.id for f in result.findings]
    assert not result.findings, f"found {[f.id for f in result.findings]}"
