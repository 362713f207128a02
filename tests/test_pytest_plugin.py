"""authlab's pytest plugin, as another project gets it by installing authlab."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from authlab.pytest_plugin import BundleWriter, HostFactory, scenario_params
from simulator.faults import FAULT_IDS, Fault, variants
from simulator.host import Host
from winfacts.errors import ModelError

pytest_plugins = ["pytester"]

#: In-process runs import nothing anew, so pytest warns that it can not rewrite the asserts of
#: authlab's packages (a plugin's distribution is marked for rewriting); a separate run does not.
QUIET = ("-W", "ignore::pytest.PytestAssertRewriteWarning")

EXTERNAL_TESTS = """
import pytest

from authlab.pytest_plugin import scenario_params
from checks.bundle import BundleEvidence
from checks.engine import diagnose


def my_tool(bundle):
    return [f.id for f in diagnose(BundleEvidence(bundle)).findings]


@pytest.mark.parametrize(
    "platform,fault", scenario_params(["iis6-local"], ["account-disabled", "logon-right-denied"])
)
def test_my_tool_names_each_fault(platform, fault, authlab_host_factory, authlab_bundle):
    host = authlab_host_factory(platform, faults=[fault])
    assert host.iis.request("/").code == "401.1"
    assert my_tool(authlab_bundle(host)) == [fault.id]


def test_a_healthy_host_needs_no_fix(authlab_host, authlab_bundle):
    assert authlab_host.iis.request("/").code == "200"
    assert my_tool(authlab_bundle(authlab_host, "healthy")).__len__() == 0


def test_the_catalogue(authlab_faults):
    assert {"account-disabled", "logon-right-denied"} <= {fid for fid, _ in authlab_faults}


def test_faults_by_id_on_another_platform(authlab_host_factory):
    host = authlab_host_factory("iis10-domain", seed=3, faults=["account-expired"])
    assert host.iis.request("/").code == "401.1"
"""


def test_installing_authlab_registers_the_plugin_with_pytest() -> None:
    found = [e for e in entry_points(group="pytest11") if e.name == "authlab"]
    assert [e.value for e in found] == ["authlab.pytest_plugin"]


def test_an_external_test_file_uses_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_external=EXTERNAL_TESTS)
    result = pytester.runpytest("--strict-markers", "-v", *QUIET)
    # two logon-right-denied variants apply to iis6-local, one account-disabled
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*test_my_tool_names_each_fault?iis6-local-account-disabled?*"])


def test_a_project_that_does_not_use_it_sees_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert True\n")
    plan = pytester.runpytest("--setup-plan", *QUIET)
    plan.stdout.fnmatch_lines(["*plugins: *authlab-*", "*test_plain (fixtures used: *"])
    assert "authlab" not in plan.stdout.str().split("collected 1 item")[1]
    fixtures = pytester.runpytest("--fixtures", *QUIET)
    fixtures.stdout.fnmatch_lines(["authlab_host_factory*", "authlab_bundle*"])


def test_loading_the_plugin_does_not_import_the_simulator() -> None:
    code = (
        "import sys, authlab.pytest_plugin; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('simulator', 'checks')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# The project's own tests get the fixtures too.


def test_the_factory_makes_faults_by_id_and_by_object(authlab_host_factory: HostFactory) -> None:
    fault = variants("logon-right-denied")[0]
    host = authlab_host_factory("iis6-domain", faults=["account-disabled", fault])
    assert host.iis.request("/").code == "401.1"
    fault.repair(host)  # the object keeps what its repair needs
    host.iis.iisreset()
    assert host.iis.request("/").logon is not None


def test_the_factory_rejects_what_it_can_not_make(authlab_host_factory: HostFactory) -> None:
    with pytest.raises(ModelError, match="no platform named 'iis5'"):
        authlab_host_factory("iis5")
    with pytest.raises(ModelError, match="can not be made"):
        authlab_host_factory("iis6-local", faults=["account-not-found", "account-disabled"])


def test_the_same_seed_gives_the_same_host(authlab_host_factory: HostFactory) -> None:
    a, b = authlab_host_factory(seed=9), authlab_host_factory(seed=9)
    assert a.computer_name == b.computer_name
    assert authlab_host_factory(seed=9).ip_address == a.ip_address


def test_bundles_are_written_under_tmp_path(
    authlab_host: Host, authlab_bundle: BundleWriter, tmp_path: Path
) -> None:
    first, second = authlab_bundle(authlab_host), authlab_bundle(authlab_host, evidence_only=True)
    assert first.parent == second.parent == tmp_path and first != second
    assert (first / "host.json").is_file()
    assert list(first.glob("net-user-*")) and not list(second.glob("net-user-*"))


def test_the_catalogue_fixture_has_every_variant(authlab_faults: list[tuple[str, Fault]]) -> None:
    assert [fid for fid, _ in authlab_faults] == [f.id for f in variants()]
    assert {fid for fid, _ in authlab_faults} == set(FAULT_IDS)


def test_scenario_params_cover_every_applicable_variant() -> None:
    params = scenario_params()
    assert len({p.id for p in params}) == len(params)
    assert {p.values[0] for p in params} == {
        "iis6-local",
        "iis6-domain",
        "iis6-dc",
        "iis10-local",
        "iis10-domain",
    }
    assert {p.values[1].id for p in params} == set(FAULT_IDS)
    gpo = [p.id for p in params if "layer=gpo" in str(p.id)]
    assert gpo and not any(i.startswith("iis6-local-") for i in gpo)
