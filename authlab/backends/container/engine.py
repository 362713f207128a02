"""Is there a Docker engine here that runs mcr.microsoft.com/windows/servercore/iis? Said once,
fast, and in one sentence when not; the image that fits the host's Windows build; the harness's
labels, and the removal of its containers.

Why the probe is its own step (checked in testcontainers-python 4.x and docker-py 7.x):

- testcontainers never checks whether the engine runs Windows containers, and constructing a
  ``DockerContainer`` contacts the daemon at once; so `probe_engine` decides first, from
  ``docker.from_env(timeout=...).info()``: ``OSType`` (``windows``/``linux``), ``Isolation``
  (``process``/``hyperv``) and the host's build in ``KernelVersion`` ("10.0 20348
  (20348.1.amd64fre.fe_release.210507-1500)") or ``OperatingSystem`` ("... (OS Build 20348.2340)").
- testcontainers' Ryuk reaper mounts a Unix socket path into a Linux container, which a Windows
  engine can not do: `disable_ryuk` turns it off and the harness cleans up itself, by label
  (`LABEL`, `remove_labelled`) at session start and end.
- docker-py reads ``DOCKER_HOST`` (else the platform's default socket), never the docker CLI's
  contexts; the reason says which address was tried.

Which tag (learn.microsoft.com, "Windows container version compatibility"): the image has
``windowsservercore-ltsc2019|ltsc2022|ltsc2025`` for host builds 17763, 20348 and 26100. Process
isolation needs the host's own build, with one documented exception (Windows Server 2022
containers on Windows 11, builds 22000 to 22631); Hyper-V isolation runs any image of the
host's build or older. ``AUTHLAB_CONTAINER_IMAGE`` pins an image (a digest, say) and is used as
given.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from docker import DockerClient

IMAGE = "mcr.microsoft.com/windows/servercore/iis"
IMAGE_ENV = "AUTHLAB_CONTAINER_IMAGE"
#: The label on every container the harness starts; its value is the session (`session_id`).
LABEL = "dev.authlab.container"
#: Host build -> tag of `IMAGE` (the image's tag list on MCR).
TAGS: Mapping[int, str] = {
    17763: "windowsservercore-ltsc2019",
    20348: "windowsservercore-ltsc2022",
    26100: "windowsservercore-ltsc2025",
}
#: Windows 11 builds that may run Windows Server 2022 (20348) containers process-isolated.
_WINDOWS_11 = range(22000, 26100)
#: The socket timeout of a session's client: stopping and removing a Windows container takes
#: longer than docker-py's 60 s default on a slow host.
CLIENT_TIMEOUT = 300
INSTALL_HINT = 'pip install "authlab[container]"'


@attrs.frozen
class Engine:
    """A Windows Docker engine that can run one of the image's tags (or the pinned image)."""

    base_url: str
    build: int
    isolation: str  # "process" or "hyperv"
    operating_system: str
    server_version: str = ""


@attrs.frozen
class Unavailable:
    """Why the container backend can not run here, as one sentence."""

    reason: str


def default_base_url(environ: Mapping[str, str] | None = None) -> str:
    """The address docker-py connects to: ``DOCKER_HOST``, else the platform's default
    (docker/constants.py: the named pipe on Windows, /var/run/docker.sock elsewhere)."""
    env = os.environ if environ is None else environ
    host = env.get("DOCKER_HOST", "").strip()
    if host:
        return host
    return (
        "npipe:////./pipe/docker_engine"
        if sys.platform == "win32"
        else "unix:///var/run/docker.sock"
    )


def _where(base_url: str, environ: Mapping[str, str]) -> str:
    if environ.get("DOCKER_HOST", "").strip():
        return f"{base_url} (DOCKER_HOST)"
    return f"{base_url} (DOCKER_HOST is unset; docker-py does not read docker contexts)"


def probe_engine(timeout: float = 2.0) -> Engine | Unavailable:
    """The engine here, or why there is none that fits; never waits past ``timeout`` seconds
    (the connection and ``info`` run in a worker thread with that deadline)."""
    try:
        import docker
    except ImportError:
        return Unavailable(f"the container backend needs the docker Python package: {INSTALL_HINT}")
    environ = dict(os.environ)
    base_url = default_base_url(environ)
    where = _where(base_url, environ)
    if base_url.startswith("unix://"):
        # No socket file: say so before docker-py's "Connection aborted" wording, and at once.
        socket = Path(base_url.removeprefix("unix://"))
        if not socket.exists():
            return Unavailable(f"no Docker engine at {where}: {socket} does not exist")

    answer: list[dict[str, Any]] = []
    failure: list[BaseException] = []

    def ask() -> None:
        try:
            client = docker.from_env(timeout=max(1, math.ceil(timeout)))
            try:
                answer.append(client.info())
            finally:
                client.close()
        except Exception as exc:  # every failure is a reason, said in the sentence
            failure.append(exc)

    worker = threading.Thread(target=ask, name="authlab-docker-probe", daemon=True)
    worker.start()
    worker.join(timeout)
    if failure:
        return Unavailable(f"no Docker engine answers at {where}: {failure[0]}")
    if not answer:
        return Unavailable(f"no Docker engine answered at {where} within {timeout:g} s")
    return engine_from_info(answer[0], base_url, environ)


def engine_from_info(
    info: Mapping[str, Any], base_url: str, environ: Mapping[str, str] | None = None
) -> Engine | Unavailable:
    """Decide from ``docker info``: a Windows engine whose build has a tag (or a pinned image)."""
    env = os.environ if environ is None else environ
    os_type = str(info.get("OSType") or "")
    system = str(info.get("OperatingSystem") or "")
    if os_type != "windows":
        return Unavailable(
            f"this Docker engine runs {os_type.capitalize() or 'Linux'} containers; {IMAGE} needs "
            f"a Windows engine (the engine at {base_url}: {system or 'no OperatingSystem given'})"
        )
    # A Windows engine that does not say is a server's, whose default is process isolation.
    isolation = str(info.get("Isolation") or "process").lower()
    build = host_build(info)
    pinned = env.get(IMAGE_ENV, "").strip()
    if build is None and not pinned:
        return Unavailable(
            f"this Windows engine does not say its build (KernelVersion "
            f"{info.get('KernelVersion')!r}, OperatingSystem {system!r}): set {IMAGE_ENV} to an "
            f"image of the host's build"
        )
    if not pinned and build is not None and tag_for(build, isolation) is None:
        return Unavailable(_no_tag(build, isolation, system))
    return Engine(
        base_url=base_url,
        build=build or 0,
        isolation=isolation,
        operating_system=system,
        server_version=str(info.get("ServerVersion") or ""),
    )


def host_build(info: Mapping[str, Any]) -> int | None:
    """The host's Windows build from ``KernelVersion`` ("10.0 20348 (...)"), else from
    ``OperatingSystem`` ("... (OS Build 20348.2340)")."""
    kernel = re.match(r"\s*10\.0 (\d{5,})\b", str(info.get("KernelVersion") or ""))
    if kernel:
        return int(kernel.group(1))
    system = re.search(r"OS Build (\d{5,})", str(info.get("OperatingSystem") or ""))
    return int(system.group(1)) if system else None


def tag_for(build: int, isolation: str) -> str | None:
    """The tag of `IMAGE` a host of ``build`` runs with ``isolation``, or None."""
    if isolation == "hyperv":
        older = [b for b in TAGS if b <= build]
        return TAGS[max(older)] if older else None
    if build in TAGS:
        return TAGS[build]
    return TAGS[20348] if build in _WINDOWS_11 else None


def _no_tag(build: int, isolation: str, system: str) -> str:
    tags = ", ".join(f"{b} ({t})" for b, t in TAGS.items())
    if isolation == "hyperv":
        return (
            f"this Windows engine (build {build}, {system}) is older than every tag of {IMAGE} "
            f"(builds {tags}): set {IMAGE_ENV} to an image of build {build} or older"
        )
    return (
        f"this Windows engine runs process-isolated containers on build {build} ({system}); "
        f"{IMAGE} has tags for builds {tags} only, and process isolation needs the host's own "
        f"build: run the engine with Hyper-V isolation or set {IMAGE_ENV} to an image of build "
        f"{build}"
    )


def image_for(engine: Engine, environ: Mapping[str, str] | None = None) -> str:
    """``AUTHLAB_CONTAINER_IMAGE`` when set, else `IMAGE` with the tag the engine's build runs."""
    env = os.environ if environ is None else environ
    pinned = env.get(IMAGE_ENV, "").strip()
    if pinned:
        return pinned
    tag = tag_for(engine.build, engine.isolation)
    if tag is None:
        raise ValueError(_no_tag(engine.build, engine.isolation, engine.operating_system))
    return f"{IMAGE}:{tag}"


@functools.cache
def probe_once() -> Engine | Unavailable:
    """`probe_engine`, asked once per process: every scenario of a run asks, and the answer
    does not change within it (``probe_once.cache_clear()`` asks again)."""
    return probe_engine()


# -- the harness's containers ------------------------------------------------------------------


@functools.cache
def session_id() -> str:
    """This session's label value, ``RUN/WORKER``: pytest-xdist's run id (shared by its
    workers) or a fresh one, and the worker's name; computed once per process."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex[:12]
    worker = os.environ.get("PYTEST_XDIST_WORKER") or "main"
    return f"{run}/{worker}"


def labels() -> dict[str, str]:
    """The labels of a container this session starts."""
    return {LABEL: session_id()}


def remove_labelled(
    client: DockerClient, session: str | None = None, *, spare_run: str | None = None
) -> list[str]:
    """Remove the harness's containers, running or not: those of ``session``, or all of them
    when None, except those of the run ``spare_run`` (the other xdist workers of this run, still
    using theirs). Returns the names removed."""
    from docker.errors import NotFound

    selector = LABEL if session is None else f"{LABEL}={session}"
    removed = []
    for container in client.containers.list(all=True, filters={"label": selector}):
        value = str(container.labels.get(LABEL, ""))
        if spare_run is not None and value.split("/", 1)[0] == spare_run:
            continue
        try:
            container.remove(force=True)
        except NotFound:  # removed meanwhile (another worker's clean-up)
            continue
        removed.append(str(container.name))
    return removed


def connect(timeout: int = CLIENT_TIMEOUT) -> DockerClient:
    """A client for a session's work, whose socket timeout outlasts a Windows container's stop."""
    import docker

    return docker.from_env(timeout=timeout)


def disable_ryuk() -> None:
    """Turn testcontainers' Ryuk reaper off (it mounts a Unix socket path, which a Windows
    engine refuses); the harness removes its containers by label instead. testcontainers reads
    the variable on first use; a config already read is set directly."""
    os.environ["TESTCONTAINERS_RYUK_DISABLED"] = "true"
    config = sys.modules.get("testcontainers.core.config")
    if config is not None:
        config.testcontainers_config.ryuk_disabled = True


# -- pulling, with progress ----------------------------------------------------------------------


class PullError(RuntimeError):
    """The engine refused the pull; the message is its own (a manifest with no entry for this
    host's build says "no matching manifest for windows/amd64 10.0.xxxxx")."""


@attrs.define
class _Layer:
    state: str = "waiting"  # waiting, downloading, downloaded, extracting, done
    down: tuple[int, int] = (0, 0)  # bytes (current, total)
    extract: tuple[int, int] = (0, 0)


def _progress(event: Mapping[str, Any]) -> tuple[int, int] | None:
    detail = event.get("progressDetail") or {}
    current, total = detail.get("current"), detail.get("total")
    # Windows' extraction may count seconds ("units": "s"), which are not bytes.
    if detail.get("units") not in (None, "", "B") or not isinstance(current, int):
        return None
    return current, total if isinstance(total, int) else 0


@attrs.define
class PullState:
    """What docker-py's streamed pull events (``api.pull(..., stream=True, decode=True)``) say
    so far: each layer's state and bytes; ``status`` the last line not about a layer."""

    layers: dict[str, _Layer] = attrs.field(factory=dict)
    status: str = ""

    def apply(self, event: Mapping[str, Any]) -> None:
        if "error" in event:
            detail = event.get("errorDetail") or {}
            raise PullError(str(detail.get("message") or event["error"]))
        status = str(event.get("status") or "")
        layer_id = event.get("id")
        if not layer_id or status.startswith("Pulling from"):
            self.status = status  # "Digest: ...", "Status: Downloaded newer image for ..."
            return
        layer = self.layers.setdefault(str(layer_id), _Layer())
        moved = _progress(event)
        if status == "Downloading":
            layer.state = "downloading"
            layer.down = moved or layer.down
        elif status in ("Verifying Checksum", "Download complete"):
            layer.state = "downloaded"
            layer.down = (layer.down[1], layer.down[1]) if layer.down[1] else layer.down
        elif status == "Extracting":
            layer.state = "extracting"
            layer.extract = moved or layer.extract
        elif status in ("Pull complete", "Already exists"):
            layer.state = "done"
            layer.extract = (layer.extract[1], layer.extract[1])

    def count(self, *states: str) -> int:
        return sum(layer.state in states for layer in self.layers.values())

    def downloaded(self) -> tuple[int, int]:
        return _sum(layer.down for layer in self.layers.values())

    def extracted(self) -> tuple[int, int]:
        return _sum(layer.extract for layer in self.layers.values())


def _sum(pairs: Any) -> tuple[int, int]:
    current = total = 0
    for c, t in pairs:
        current, total = current + c, total + t
    return current, total


def pull_with_progress(client: DockerClient, image: str, console: Any) -> str:
    """Pull ``image`` showing a rich progress bar on ``console`` (a `rich.console.Console`):
    bytes downloaded and extracted over all layers, and how many layers are at each step. A
    Windows Server Core image is gigabytes: minutes pass, and a person watches them. Returns the
    engine's last status line; raises `PullError` with the engine's message.

    docker-py's pull reads its stream with no socket timeout at all (docker/api/image.py posts
    with ``timeout=None``), so no timeout cuts a slow layer short."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    state = PullState()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        down = progress.add_task(f"pull {image}", total=None)
        extract = progress.add_task("extract", total=None)
        for event in client.api.pull(image, stream=True, decode=True):
            state.apply(event)
            layers = len(state.layers)
            got, of = state.downloaded()
            progress.update(
                down,
                completed=got,
                total=of or None,
                description=f"download: {state.count('downloaded', 'extracting', 'done')}"
                f"/{layers} layers",
            )
            got, of = state.extracted()
            progress.update(
                extract,
                completed=got,
                total=of or None,
                description=f"extract:  {state.count('done')}/{layers} layers",
            )
    return state.status
