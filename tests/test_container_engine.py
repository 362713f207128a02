"""The engine probe: each reason the container backend can not run, said in one sentence and
fast; the image tag for the host's build; the harness's labels; pull progress. A fake ``docker``
module stands in for docker-py (no engine runs here)."""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from authlab.backends import UnavailableBackend, backend_named
from authlab.backends.container import engine as engine_module
from authlab.backends.container.engine import (
    Engine,
    PullError,
    PullState,
    Unavailable,
    engine_from_info,
    image_for,
    probe_engine,
    probe_once,
    pull_with_progress,
    remove_labelled,
)

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["pytester"]
#: In-process runs import nothing anew, so pytest warns that it can not rewrite the asserts of
#: authlab's packages (as in test_pytest_plugin.py).
QUIET = (
    "-W",
    "ignore::pytest.PytestAssertRewriteWarning",
    "-p",
    "no:cacheprovider",
    "-p",
    "no:benchmark",
)

SERVER_2022 = {
    "OSType": "windows",
    "Isolation": "process",
    "OperatingSystem": "Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2340)",
    "KernelVersion": "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
    "ServerVersion": "24.0.7",
}
LINUX = {
    "OSType": "linux",
    "OperatingSystem": "Ubuntu 24.04.1 LTS",
    "KernelVersion": "6.8.0-45-generic",
}


def windows(build: str, isolation: str, system: str = "Windows") -> dict[str, str]:
    return {
        "OSType": "windows",
        "Isolation": isolation,
        "OperatingSystem": system,
        "KernelVersion": f"10.0 {build} ({build}.1.amd64fre.release.000000-0000)",
    }


@pytest.fixture(autouse=True)
def fresh_probe(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Each test probes anew, with no pinned image and no DOCKER_HOST of the machine's."""
    monkeypatch.delenv("AUTHLAB_CONTAINER_IMAGE", raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    probe_once.cache_clear()
    yield
    probe_once.cache_clear()


class FakeClient:
    def __init__(self, info: dict[str, str]) -> None:
        self._info = info
        self.closed = False

    def info(self) -> dict[str, str]:
        return self._info

    def close(self) -> None:
        self.closed = True


def fake_docker(
    monkeypatch: pytest.MonkeyPatch, from_env: Any, host: str = "tcp://engine.test:2375"
) -> list[dict[str, Any]]:
    """Install a fake ``docker`` module whose ``from_env`` is the given callable; returns the
    keyword arguments of each call."""
    calls: list[dict[str, Any]] = []

    def recording(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return from_env(**kwargs)

    module = types.ModuleType("docker")
    module.from_env = recording  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "docker", module)
    monkeypatch.setenv("DOCKER_HOST", host)
    return calls


# -- the reasons -------------------------------------------------------------------------------


def test_without_the_docker_package_the_reason_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "docker", None)  # import docker raises ImportError
    assert probe_engine() == Unavailable(
        'the container backend needs the docker Python package: pip install "authlab[container]"'
    )


def test_a_socket_that_is_not_there_is_said_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = fake_docker(monkeypatch, lambda **_: pytest.fail("no socket: nothing to connect to"))
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/docker.sock")
    assert probe_engine() == Unavailable(
        f"no Docker engine at unix://{tmp_path}/docker.sock (DOCKER_HOST): "
        f"{tmp_path}/docker.sock does not exist"
    )
    assert calls == []


def test_the_default_socket_is_named_and_contexts_are_not_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if Path("/var/run/docker.sock").exists() or sys.platform == "win32":
        pytest.skip("this machine has a Docker socket at the default path")
    fake_docker(monkeypatch, lambda **_: pytest.fail("no socket: nothing to connect to"))
    monkeypatch.delenv("DOCKER_HOST")
    assert probe_engine() == Unavailable(
        "no Docker engine at unix:///var/run/docker.sock (DOCKER_HOST is unset; docker-py does "
        "not read docker contexts): /var/run/docker.sock does not exist"
    )


def test_a_daemon_that_refuses_gives_docker_pys_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from docker.errors import DockerException

    def refuse(**_: Any) -> Any:
        raise DockerException("Error while fetching server API version: Connection refused")

    calls = fake_docker(monkeypatch, refuse)
    assert probe_engine(timeout=2.0) == Unavailable(
        "no Docker engine answers at tcp://engine.test:2375 (DOCKER_HOST): Error while fetching "
        "server API version: Connection refused"
    )
    assert calls == [{"timeout": 2}]


def test_a_socket_nobody_listens_on_is_refused_fast_by_the_real_docker_py(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("docker")
    # A Unix socket bound but never listened on: connect() is refused, as with a dead daemon.
    # (A short path: AF_UNIX paths are limited to about 100 bytes.)
    path = Path(f"/tmp/authlab-probe-{time.monotonic_ns()}.sock")
    bound = socket.socket(socket.AF_UNIX)
    bound.bind(str(path))
    try:
        monkeypatch.setenv("DOCKER_HOST", f"unix://{path}")
        began = time.monotonic()
        probed = probe_engine(timeout=2.0)
        took = time.monotonic() - began
    finally:
        bound.close()
        path.unlink()
    assert isinstance(probed, Unavailable)
    assert probed.reason.startswith(
        f"no Docker engine answers at unix://{path} (DOCKER_HOST): Error while fetching server "
        "API version: "
    )
    assert "Connection refused" in probed.reason
    assert took < 20


def test_a_daemon_that_never_answers_is_given_up_at_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_docker(monkeypatch, lambda **_: time.sleep(30))
    began = time.monotonic()
    probed = probe_engine(timeout=0.3)
    took = time.monotonic() - began
    assert probed == Unavailable(
        "no Docker engine answered at tcp://engine.test:2375 (DOCKER_HOST) within 0.3 s"
    )
    assert took < 20


def test_a_linux_engine_is_said_to_run_linux_containers(monkeypatch: pytest.MonkeyPatch) -> None:
    client = FakeClient(LINUX)
    fake_docker(monkeypatch, lambda **_: client)
    assert probe_engine() == Unavailable(
        "this Docker engine runs Linux containers; mcr.microsoft.com/windows/servercore/iis "
        "needs a Windows engine (the engine at tcp://engine.test:2375: Ubuntu 24.04.1 LTS)"
    )
    assert client.closed


def test_a_windows_server_2022_engine_is_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_docker(monkeypatch, lambda **_: FakeClient(SERVER_2022))
    probed = probe_engine()
    assert probed == Engine(
        base_url="tcp://engine.test:2375",
        build=20348,
        isolation="process",
        operating_system="Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2340)",
        server_version="24.0.7",
    )
    assert isinstance(probed, Engine)
    assert (
        image_for(probed, {})
        == "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    )


def test_a_process_isolated_build_with_no_tag_says_what_to_do() -> None:
    info = windows("19045", "process", "Windows 10 Pro Version 22H2 (OS Build 19045.4291)")
    assert engine_from_info(info, "npipe:////./pipe/docker_engine", {}) == Unavailable(
        "this Windows engine runs process-isolated containers on build 19045 (Windows 10 Pro "
        "Version 22H2 (OS Build 19045.4291)); mcr.microsoft.com/windows/servercore/iis has tags "
        "for builds 17763 (windowsservercore-ltsc2019), 20348 (windowsservercore-ltsc2022), "
        "26100 (windowsservercore-ltsc2025) only, and process isolation needs the host's own "
        "build: run the engine with Hyper-V isolation or set AUTHLAB_CONTAINER_IMAGE to an image "
        "of build 19045"
    )


def test_a_hyperv_host_older_than_every_tag_is_unavailable() -> None:
    info = windows("14393", "hyperv", "Windows Server 2016")
    assert engine_from_info(info, "npipe:////./pipe/docker_engine", {}) == Unavailable(
        "this Windows engine (build 14393, Windows Server 2016) is older than every tag of "
        "mcr.microsoft.com/windows/servercore/iis (builds 17763 (windowsservercore-ltsc2019), "
        "20348 (windowsservercore-ltsc2022), 26100 (windowsservercore-ltsc2025)): set "
        "AUTHLAB_CONTAINER_IMAGE to an image of build 14393 or older"
    )


def test_a_windows_engine_that_does_not_say_its_build_needs_a_pinned_image() -> None:
    info = {"OSType": "windows", "KernelVersion": "", "OperatingSystem": "Windows"}
    assert engine_from_info(info, "npipe:////./pipe/docker_engine", {}) == Unavailable(
        "this Windows engine does not say its build (KernelVersion '', OperatingSystem "
        "'Windows'): set AUTHLAB_CONTAINER_IMAGE to an image of the host's build"
    )


@pytest.mark.parametrize(
    "build,isolation,tag",
    [
        ("17763", "process", "windowsservercore-ltsc2019"),
        ("20348", "process", "windowsservercore-ltsc2022"),
        ("26100", "process", "windowsservercore-ltsc2025"),
        # Windows 11 23H2 runs Windows Server 2022 containers process-isolated (documented).
        ("22631", "process", "windowsservercore-ltsc2022"),
        # Hyper-V isolation: the newest tag no newer than the host.
        ("19045", "hyperv", "windowsservercore-ltsc2019"),
        ("22631", "hyperv", "windowsservercore-ltsc2022"),
        ("26200", "hyperv", "windowsservercore-ltsc2025"),
    ],
)
def test_the_tag_follows_the_host_build(build: str, isolation: str, tag: str) -> None:
    probed = engine_from_info(windows(build, isolation), "npipe:////./pipe/docker_engine", {})
    assert isinstance(probed, Engine)
    assert image_for(probed, {}) == f"mcr.microsoft.com/windows/servercore/iis:{tag}"


def test_the_build_is_read_from_the_os_build_when_the_kernel_does_not_say() -> None:
    info = {
        "OSType": "windows",
        "Isolation": "process",
        "KernelVersion": "",
        "OperatingSystem": "Windows Server 2019 Standard Version 1809 (OS Build 17763.5820)",
    }
    probed = engine_from_info(info, "npipe:////./pipe/docker_engine", {})
    assert isinstance(probed, Engine)
    assert probed.build == 17763


def test_a_pinned_image_is_used_as_given_even_on_a_build_without_a_tag() -> None:
    pinned = "mcr.microsoft.com/windows/servercore/iis@sha256:" + "ab" * 32
    env = {"AUTHLAB_CONTAINER_IMAGE": pinned}
    probed = engine_from_info(windows("19045", "process"), "npipe:////./pipe/docker_engine", env)
    assert isinstance(probed, Engine)
    assert image_for(probed, env) == pinned


def test_a_pinned_image_does_not_make_a_linux_engine_usable() -> None:
    env = {"AUTHLAB_CONTAINER_IMAGE": "mcr.microsoft.com/windows/servercore/iis:ltsc2022"}
    assert isinstance(engine_from_info(LINUX, "unix:///var/run/docker.sock", env), Unavailable)


# -- asked once, and what backend_named says -----------------------------------------------------


def test_backend_named_container_skips_with_the_reason_probing_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = fake_docker(monkeypatch, lambda **_: FakeClient(LINUX))
    for _ in range(3):
        with pytest.raises(UnavailableBackend) as caught:
            backend_named("container")
        assert str(caught.value) == (
            "the container backend can not run here: this Docker engine runs Linux containers; "
            "mcr.microsoft.com/windows/servercore/iis needs a Windows engine (the engine at "
            "tcp://engine.test:2375: Ubuntu 24.04.1 LTS)"
        )
    assert len(calls) == 1


def test_a_usable_engine_without_the_backend_module_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_docker(monkeypatch, lambda **_: FakeClient(SERVER_2022))
    monkeypatch.setitem(sys.modules, "authlab.backends.container.backend", None)
    with pytest.raises(UnavailableBackend) as caught:
        backend_named("container")
    assert str(caught.value) == (
        "the container backend can not run here: the Docker engine fits, but "
        "authlab.backends.container.backend is not installed"
    )


def test_a_usable_engine_gives_the_container_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_docker(monkeypatch, lambda **_: FakeClient(SERVER_2022))
    module = types.ModuleType("authlab.backends.container.backend")

    class ContainerBackend:
        name = "container"

    module.ContainerBackend = ContainerBackend  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "authlab.backends.container.backend", module)
    assert type(backend_named("container")) is ContainerBackend


def test_pytest_with_the_container_backend_skips_every_scenario_at_once() -> None:
    """One feature's scenarios under ``--backend=container`` in a fresh pytest: each skips with
    the probe's reason, and the whole run (interpreter start and collection included) is quick."""
    pytest.importorskip("docker")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(Path.home()),
        "DOCKER_HOST": "unix:///nonexistent/authlab/docker.sock",
    }
    began = time.monotonic()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_features.py",
            # the one Scenario Outline of features/account_disabled.feature
            "-k",
            "test_a_disabled_anonymous_account_on_platform",
            "--backend=container",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-rs",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    took = time.monotonic() - began
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert (
        "the container backend can not run here: no Docker engine at "
        "unix:///nonexistent/authlab/docker.sock (DOCKER_HOST): "
        "/nonexistent/authlab/docker.sock does not exist"
    ) in out
    assert re.search(r"^5 skipped, \d+ deselected in ", out, re.MULTILINE), out
    assert " passed" not in out and " failed" not in out
    assert took < 20


# -- labels and clean-up -----------------------------------------------------------------------


class FakeContainer:
    def __init__(self, name: str, session: str) -> None:
        self.name = name
        self.labels = {"dev.authlab.container": session}
        self.removed: list[dict[str, Any]] = []

    def remove(self, **kwargs: Any) -> None:
        self.removed.append(kwargs)


class FakeContainers:
    def __init__(self, containers: list[FakeContainer]) -> None:
        self.containers = containers
        self.asked: list[dict[str, Any]] = []

    def list(self, **kwargs: Any) -> list[FakeContainer]:
        self.asked.append(kwargs)
        return self.containers


class LabelledClient:
    def __init__(self, containers: list[FakeContainer]) -> None:
        self.containers = FakeContainers(containers)


def test_remove_labelled_removes_every_harness_container_by_force() -> None:
    old = FakeContainer("authlab-iis-1", "0ld/gw0")
    mine = FakeContainer("authlab-iis-2", "run1/gw1")
    client = LabelledClient([old, mine])
    assert remove_labelled(client) == ["authlab-iis-1", "authlab-iis-2"]  # type: ignore[arg-type]
    assert client.containers.asked == [{"all": True, "filters": {"label": "dev.authlab.container"}}]
    assert old.removed == [{"force": True}] and mine.removed == [{"force": True}]


def test_remove_labelled_of_one_session_filters_on_its_value() -> None:
    client = LabelledClient([])
    assert remove_labelled(client, session="run1/gw0") == []  # type: ignore[arg-type]
    assert client.containers.asked == [
        {"all": True, "filters": {"label": "dev.authlab.container=run1/gw0"}}
    ]


def test_remove_labelled_spares_this_runs_other_workers() -> None:
    old = FakeContainer("authlab-iis-1", "0ld/gw0")
    sibling = FakeContainer("authlab-iis-2", "run1/gw1")
    client = LabelledClient([old, sibling])
    assert remove_labelled(client, spare_run="run1") == ["authlab-iis-1"]  # type: ignore[arg-type]
    assert sibling.removed == []


def test_the_session_id_is_the_xdist_run_and_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", "5e551on")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    engine_module.session_id.cache_clear()
    try:
        assert engine_module.labels() == {"dev.authlab.container": "5e551on/gw3"}
    finally:
        engine_module.session_id.cache_clear()


def test_disable_ryuk_sets_testcontainers_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESTCONTAINERS_RYUK_DISABLED", "false")  # restored after the test
    engine_module.disable_ryuk()
    import os

    assert os.environ["TESTCONTAINERS_RYUK_DISABLED"] == "true"


USES_THE_ENGINE = """
def test_on_the_engine(authlab_container_engine):
    assert authlab_container_engine.build == 20348
"""


def test_the_engine_fixture_skips_with_the_reason(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/authlab/docker.sock")
    pytester.makepyfile(test_uses_authlab_container_engine=USES_THE_ENGINE)
    result = pytester.runpytest("-rs", *QUIET)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(
        [
            "SKIPPED * no Windows Docker engine for the container backend: no Docker engine at "
            "unix:///nonexistent/authlab/docker.sock (DOCKER_HOST): "
            "/nonexistent/authlab/docker.sock does not exist"
        ]
    )


def test_the_engine_fixture_removes_labelled_containers_at_start_and_end(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SessionClient(FakeClient):
        def __init__(self) -> None:
            super().__init__(SERVER_2022)
            self.containers = FakeContainers([])

    client = SessionClient()
    calls = fake_docker(monkeypatch, lambda **_: client)
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", "run7")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    engine_module.session_id.cache_clear()
    pytester.makepyfile(test_uses_authlab_container_engine=USES_THE_ENGINE)
    try:
        result = pytester.runpytest(*QUIET)
    finally:
        engine_module.session_id.cache_clear()
    result.assert_outcomes(passed=1)
    assert calls == [{"timeout": 2}, {"timeout": 300}]  # the probe's, then the session's
    assert client.containers.asked == [
        {"all": True, "filters": {"label": "dev.authlab.container"}},
        {"all": True, "filters": {"label": "dev.authlab.container=run7/gw0"}},
    ]
    assert client.closed


# -- pulling ---------------------------------------------------------------------------------------

PULL = [
    {"status": "Pulling from windows/servercore/iis", "id": "windowsservercore-ltsc2022"},
    {"status": "Pulling fs layer", "progressDetail": {}, "id": "4612f6d0b889"},
    {"status": "Already exists", "progressDetail": {}, "id": "a2b5c4d9e2f1"},
    {
        "status": "Downloading",
        "progressDetail": {"current": 500, "total": 1000},
        "id": "4612f6d0b889",
    },
]
PULL_END = [
    {"status": "Download complete", "progressDetail": {}, "id": "4612f6d0b889"},
    {"status": "Extracting", "progressDetail": {"current": 12, "units": "s"}, "id": "4612f6d0b889"},
    {
        "status": "Extracting",
        "progressDetail": {"current": 1000, "total": 1000},
        "id": "4612f6d0b889",
    },
    {"status": "Pull complete", "progressDetail": {}, "id": "4612f6d0b889"},
    {"status": "Digest: sha256:0123abcd"},
    {
        "status": "Status: Downloaded newer image for "
        "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    },
]


def test_pull_state_counts_layers_and_bytes() -> None:
    state = PullState()
    for event in PULL:
        state.apply(event)
    assert (state.count("done"), len(state.layers), state.downloaded()) == (1, 2, (500, 1000))
    for event in PULL_END[:2]:
        state.apply(event)
    # Seconds of extraction are not bytes.
    assert (state.downloaded(), state.extracted()) == ((1000, 1000), (0, 0))
    for event in PULL_END[2:]:
        state.apply(event)
    assert (state.count("done"), state.extracted()) == (2, (1000, 1000))
    assert state.status == (
        "Status: Downloaded newer image for "
        "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    )


def test_a_pull_error_is_the_engines_message() -> None:
    with pytest.raises(PullError, match=r"^no matching manifest for windows/amd64 10\.0\.19045$"):
        PullState().apply(
            {
                "error": "no matching manifest",
                "errorDetail": {"message": "no matching manifest for windows/amd64 10.0.19045"},
            }
        )


def test_pull_with_progress_streams_decoded_events_onto_the_console() -> None:
    asked: list[tuple[Any, ...]] = []

    class API:
        def pull(self, image: str, **kwargs: Any) -> Any:
            asked.append((image, kwargs))
            return iter(PULL + PULL_END)

    client = types.SimpleNamespace(api=API())
    out = io.StringIO()
    image = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    status = pull_with_progress(client, image, Console(file=out, width=100))  # type: ignore[arg-type]
    assert status == f"Status: Downloaded newer image for {image}"
    assert asked == [(image, {"stream": True, "decode": True})]
    assert "download: 2/2 layers" in out.getvalue()
    assert "extract:  2/2 layers" in out.getvalue()
