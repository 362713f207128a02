"""Root conftest: registers the scenario steps (pytest-bdd) and the tags features use as
markers, so `--strict-markers` catches a misspelt tag."""

from __future__ import annotations

import pytest

from steps import STEP_MODULES

pytest_plugins = list(STEP_MODULES)

#: Tags beside the finding ids: the platform, and the kind of scenario.
SCENARIO_TAGS = {
    "iis6": "Windows Server 2003 with IIS 6",
    "iis10": "Windows Server 2022 with IIS 10",
    "domain": "the anonymous account is a domain account",
    "dc": "the web server is a domain controller",
    "several-faults": "more than one cause at once",
    "time": "the clock decides the outcome",
    "evidence-only": "diagnosed without the account files",
    "scale": "a large generated domain",
}


def pytest_configure(config: pytest.Config) -> None:
    from pathlib import Path

    from checks.catalogue import CHECKS

    # pytest-bdd opens the cucumber report without creating its folder (reports/ in CI).
    report = config.getoption("cucumber_json_path", default=None)
    if report:
        Path(report).parent.mkdir(parents=True, exist_ok=True)

    for check in CHECKS:
        config.addinivalue_line("markers", f"{check.id}: scenarios for the finding {check.id}")
    for tag, meaning in SCENARIO_TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {meaning}")


# pytest-bdd keeps each scenario's report beside the TestReport object in memory, which does not
# cross from pytest-xdist's workers to the controller, so the cucumber JSON came out empty with
# `-n`. These two hooks carry it across with the report.
@pytest.hookimpl(wrapper=True)
def pytest_report_to_serializable(config: pytest.Config, report: object) -> object:
    data = yield
    from pytest_bdd.reporting import test_report_context_registry

    context = test_report_context_registry.get(report)  # type: ignore[call-overload]
    if isinstance(data, dict) and context is not None:
        data["authlab_bdd"] = {"scenario": context.scenario, "name": context.name}
    return data


@pytest.hookimpl(wrapper=True)
def pytest_report_from_serializable(config: pytest.Config, data: dict[str, object]) -> object:
    report = yield
    carried = data.get("authlab_bdd") if isinstance(data, dict) else None
    if isinstance(carried, dict) and report is not None:
        from pytest_bdd.reporting import ReportContext, test_report_context_registry

        test_report_context_registry[report] = ReportContext(
            scenario=carried["scenario"], name=carried["name"]
        )
    return report
