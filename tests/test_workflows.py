"""Every GitHub Actions workflow in .github/workflows/ is valid against the GitHub workflow
schema that check-jsonschema ships (its vendored copy of SchemaStore's github-workflow.json,
loaded with jsonschema), and windows-container.yml says what docs/container.md says it does:
the windows-2022 runner, a manual and a nightly trigger, the pinned image, one serial pytest run
against the container backend, and the artifacts uploaded whatever the outcome."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

WORKFLOWS = Path(__file__).parent.parent / ".github" / "workflows"
CONTAINER = WORKFLOWS / "windows-container.yml"
IMAGE = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans: GitHub reads `on:` as the key "on", where
    YAML 1.1 (PyYAML's default) makes it True."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load(path: Path) -> dict[str, Any]:
    # _Yaml12Loader is a SafeLoader: no Python objects are built from the file.
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    assert isinstance(document, dict), path
    return document


def _schema() -> dict[str, Any]:
    # Found without importing check_jsonschema (its package imports its CLI).
    spec = importlib.util.find_spec("check_jsonschema")
    assert spec is not None and spec.submodule_search_locations, "pip install check-jsonschema"
    package = Path(next(iter(spec.submodule_search_locations)))
    schema = package / "builtin_schemas" / "vendor" / "github-workflows.json"
    return json.loads(schema.read_text(encoding="utf-8"))


def _workflows() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def test_there_are_workflows() -> None:
    assert CONTAINER in _workflows()


@pytest.mark.parametrize("path", _workflows(), ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path: Path) -> None:
    schema = _schema()
    assert schema["$id"] == "https://json.schemastore.org/github-workflow.json"
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(_load(path)), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_the_schema_refuses_a_broken_workflow() -> None:
    broken = _load(CONTAINER)
    broken["jobs"]["scenarios"]["runs-on"] = 2022
    del broken["jobs"]["scenarios"]["steps"]
    assert not jsonschema.Draft7Validator(_schema()).is_valid(broken)


def _container() -> dict[str, Any]:
    return _load(CONTAINER)


def _steps() -> list[dict[str, Any]]:
    steps = _container()["jobs"]["scenarios"]["steps"]
    assert isinstance(steps, list)
    return steps


def _step(name: str) -> dict[str, Any]:
    (found,) = [s for s in _steps() if s.get("name") == name]
    return found


def test_container_workflow_runner_and_triggers() -> None:
    workflow = _container()
    assert set(workflow["on"]) == {"workflow_dispatch", "schedule"}
    assert workflow["on"]["schedule"] == [{"cron": "17 2 * * *"}]
    assert workflow["on"]["workflow_dispatch"]["inputs"]["image"]["required"] is False
    job = workflow["jobs"]["scenarios"]
    assert job["runs-on"] == "windows-2022"
    assert job["timeout-minutes"] == 150
    assert workflow["permissions"] == {"contents": "read"}


def test_container_workflow_environment() -> None:
    env = _container()["jobs"]["scenarios"]["env"]
    assert env["AUTHLAB_BACKEND"] == "container"
    assert env["AUTHLAB_CONTAINER_IMAGE"] == f"${{{{ inputs.image || '{IMAGE}' }}}}"
    assert env["AUTHLAB_ARTIFACTS"] == "${{ github.workspace }}\\authlab-artifacts"


def test_container_workflow_steps_in_order() -> None:
    steps = _steps()
    assert [s.get("uses") for s in steps[:2]] == ["actions/checkout@v4", "actions/setup-python@v5"]
    assert steps[1]["with"] == {"python-version": "3.11"}
    assert [s.get("name") for s in steps[2:]] == [
        "Install",
        "Artifacts directory",
        "Wait for the Docker engine",
        "Pull the image",
        "Scenarios against the container backend (serial)",
        "Upload bundles and reports",
    ]
    assert 'python -m pip install -e ".[test,container]"' in _step("Install")["run"]


def test_container_workflow_waits_for_docker_then_pulls() -> None:
    wait = _step("Wait for the Docker engine")
    assert wait["timeout-minutes"] == 6
    assert "while ($true)" in wait["run"] and "docker info" in wait["run"]
    assert "AddMinutes(5)" in wait["run"] and "throw" in wait["run"]
    pull = _step("Pull the image")
    assert pull["timeout-minutes"] == 45
    assert "docker pull $env:AUTHLAB_CONTAINER_IMAGE" in pull["run"]


def test_container_workflow_runs_the_scenarios_serially() -> None:
    run = _step("Scenarios against the container backend (serial)")
    assert run["timeout-minutes"] == 90
    argv = run["run"].split()
    assert argv[:4] == ["python", "-m", "pytest", "tests/test_features.py"]
    assert "--backend=container" in argv
    assert argv[argv.index("-p") + 1] == "no:xdist"
    assert not any(a == "-n" or a.startswith("--numprocesses") for a in argv)
    assert '--junitxml="$env:AUTHLAB_ARTIFACTS\\junit.xml"' in argv


def test_container_workflow_uploads_the_artifacts_always() -> None:
    upload = _step("Upload bundles and reports")
    assert upload["if"] == "always()"
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"] == "${{ env.AUTHLAB_ARTIFACTS }}"
    assert upload["with"]["if-no-files-found"] == "warn"
