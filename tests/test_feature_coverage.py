"""The features cover the contract: every finding id tags a scenario, every fault in the
catalogue has its own feature, every tag is a registered marker (so `-m` selects what it says)
and the platform tags agree with the platform a scenario starts from."""

from __future__ import annotations

import re

import pytest

from checks.catalogue import CHECKS
from simulator.faults import CATALOGUE
from tests.support.features import all_scenarios, feature_files, parse

SCENARIOS = all_scenarios()
FEATURES = {path.name: parse(path) for path in feature_files()}


def _registered(config: pytest.Config) -> set[str]:
    return {line.split(":", 1)[0].split("(", 1)[0].strip() for line in config.getini("markers")}


def test_every_finding_id_tags_a_scenario() -> None:
    tagged = set().union(*(s.tags for s in SCENARIOS))
    missing = [c.id for c in CHECKS if c.id not in tagged]
    assert not missing, f"no scenario is tagged {missing}"


@pytest.mark.parametrize("fault", CATALOGUE, ids=lambda f: f.id)
def test_every_fault_has_a_feature_of_its_own(fault: type) -> None:
    owners = [name for name, feature in FEATURES.items() if fault.id in feature.tags]  # type: ignore[attr-defined]
    assert owners, f"no feature file is tagged @{fault.id} at the feature level"  # type: ignore[attr-defined]


def test_every_tag_is_a_registered_marker(pytestconfig: pytest.Config) -> None:
    registered = _registered(pytestconfig)
    used = set().union(*(s.tags for s in SCENARIOS))
    assert used - registered == set(), f"tags that are not markers: {sorted(used - registered)}"


def test_no_scenario_is_lost_to_a_repeated_name() -> None:
    """pytest-bdd keys a feature's scenarios by name: a repeated name silently drops one."""
    for path in feature_files():
        written = len(re.findall(r"^\s*Scenario(?: Outline)?:", path.read_text(), re.M))
        assert len(FEATURES[path.name].scenarios) == written, path.name


def test_there_are_at_least_150_scenarios() -> None:
    assert len(SCENARIOS) >= 150, len(SCENARIOS)


_PLATFORM_TAGS = {
    "IIS 6 with a local account": {"iis6"},
    "IIS 6 with a domain account": {"iis6", "domain"},
    "IIS 6 on a domain controller": {"iis6", "domain", "dc"},
    "IIS 10 with a local account": {"iis10"},
    "IIS 10 with a domain account": {"iis10", "domain"},
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_platform_tags_match_the_platform(scenario) -> None:  # type: ignore[no-untyped-def]
    given = next(line.text for line in scenario.steps if line.type == "given")
    platforms = [name for name in _PLATFORM_TAGS if name in given]
    assert len(platforms) == 1, f"no known platform in {given!r}"
    wanted = _PLATFORM_TAGS[platforms[0]]
    platform_tags = scenario.tags & {"iis6", "iis10", "domain", "dc"}
    # The IIS generation is always tagged; @domain and @dc may be left off (the model feature,
    # account_disabled.feature, tags only the generation) but never contradict the platform.
    generation = wanted & {"iis6", "iis10"}
    assert generation <= platform_tags <= wanted, f"{given!r} is tagged {sorted(platform_tags)}"
