"""authlab's pytest plugin: simulated broken IIS servers as fixtures, for testing your own
diagnostic code against every KB 909887 scenario.

Installing authlab registers this module with pytest (entry point ``pytest11``), so a project
gets, with no configuration:

``authlab_host_factory``
    ``make(platform="iis6-local", seed=None, faults=())`` returns a fresh simulated host of a
    built-in platform (or of a ``HostSpec``), with each fault made (a catalogue id, whose first
    variant that applies is used, or a ``Fault`` object) and IIS's token cache flushed, so the
    next anonymous request shows the faults.
``authlab_host``
    A healthy ``iis6-local`` host.
``authlab_faults``
    The catalogue: a list of ``(fault id, Fault)``, one per variant, fresh for each test.
``authlab_samba_dc``
    A real Samba AD domain controller (`authlab.samba_dc.SambaDC`) for the test session, on a
    loopback address of its own (one per pytest-xdist worker; ``AUTHLAB_SAMBA_ADDRESS`` picks
    another). It is provisioned in a temporary directory and stopped and removed at the end,
    also when tests fail or are interrupted. Where a DC can not run (not root, Samba not
    installed, a port taken), the tests that use it skip with the reason.
``authlab_samba_backend``
    The samba backend (`authlab.backends.samba.SambaBackend`) on that DC: ``start(platform)``
    builds a simulated web server in the DC's domain (``iis6-domain`` or ``iis10-domain``)
    whose domain logons the DC decides; ``run``, ``request``, ``wait`` and ``collect`` drive
    it as the scenarios do. Closed after the test.
``authlab_container_engine``
    The Windows Docker engine the container backend runs on
    (`authlab.backends.container.engine.Engine`),
    probed once per session; where there is none that fits (no docker package, no daemon, a
    Linux engine, no image tag for the host's build) the tests that use it skip with the reason.
    The harness's containers (label ``dev.authlab.container``) left by earlier runs are removed
    at the start, and this session's at the end.
``authlab_bundle``
    ``export(host, name=None, *, evidence_only=False, url="/")`` writes the host's evidence
    bundle (the files a collector gathers on a real server) under ``tmp_path`` and returns its
    directory.

and `scenario_params` for ``@pytest.mark.parametrize("platform,fault", scenario_params())``.

The plugin costs nothing when unused: the simulator is imported only when a fixture or
`scenario_params` is used, no fixture is autouse and no hook touches collection or the run.
See docs/pytest-plugin.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from authlab.backends.container.engine import Engine
    from authlab.backends.samba import SambaBackend
    from authlab.samba_dc import SambaDC
    from simulator.factory import HostSpec
    from simulator.faults import Fault
    from simulator.host import Host

__all__ = ["BundleWriter", "HostFactory", "make_host", "scenario_params"]


class HostFactory(Protocol):
    """The type of the ``authlab_host_factory`` fixture."""

    def __call__(
        self,
        platform: str | HostSpec = ...,
        seed: int | None = ...,
        faults: Iterable[str | Fault] = ...,
    ) -> Host: ...


class BundleWriter(Protocol):
    """The type of the ``authlab_bundle`` fixture."""

    def __call__(
        self, host: Host, name: str | None = ..., *, evidence_only: bool = ..., url: str = ...
    ) -> Path: ...


def _spec(platform: str | HostSpec, seed: int | None) -> HostSpec:
    import attrs

    from simulator.scenario import PLATFORMS
    from winfacts.errors import ModelError

    if isinstance(platform, str):
        if platform not in PLATFORMS:
            raise ModelError(
                f"there is no platform named {platform!r} (one of {', '.join(PLATFORMS)})",
                subject=platform,
            )
        spec = PLATFORMS[platform]
    else:
        spec = platform
    return spec if seed is None else attrs.evolve(spec, seed=seed)


def make_host(
    platform: str | HostSpec = "iis6-local",
    seed: int | None = None,
    faults: Iterable[str | Fault] = (),
) -> Host:
    """A fresh host of ``platform`` (a name from ``simulator.scenario.PLATFORMS`` or a
    ``HostSpec``; ``seed`` overrides its seed) with ``faults`` made in order and IIS's token
    cache flushed. A fault given by id uses its first variant that applies to the host as it is
    then; a ``Fault`` object is injected as given (it keeps what its ``repair`` needs). Raises
    ``winfacts.errors.ModelError`` when a fault can not be made on the host."""
    from simulator.factory import build_host
    from simulator.faults import variants
    from winfacts.errors import ModelError

    host = build_host(_spec(platform, seed))
    for item in faults:
        if isinstance(item, str):
            fault = next((f for f in variants(item) if f.applies_to(host)), None)
        else:
            fault = item if item.applies_to(host) else None
        if fault is None:
            name = item if isinstance(item, str) else item.label
            raise ModelError(
                f"{name} can not be made on {host.computer_name} as it is now", subject=name
            )
        fault.inject(host)
    if host.running:
        host.iis.iisreset()
    return host


def scenario_params(
    platforms: Sequence[str] | None = None, fault_ids: Sequence[str] | None = None
) -> list[Any]:
    """``pytest.param(platform, fault)`` for every fault variant that applies to every built-in
    platform (or only those named), with ids like ``iis6-local-account-disabled``.

    Each ``fault`` is a fresh ``Fault`` object; pass both to ``authlab_host_factory``::

        @pytest.mark.parametrize("platform,fault", scenario_params())
        def test_my_tool(platform, fault, authlab_host_factory, authlab_bundle):
            host = authlab_host_factory(platform, faults=[fault])
            assert my_tool(authlab_bundle(host)) == fault.id

    Call it at import time of the test module, as above (it builds one probe host per platform).
    """
    from simulator.faults import variants
    from simulator.scenario import PLATFORMS, applicable

    chosen = list(platforms) if platforms is not None else list(PLATFORMS)
    ids: list[str | None] = list(fault_ids) if fault_ids else [None]
    params = []
    for platform in chosen:
        spec = _spec(platform, None)
        faults = [f for fid in ids for f in variants(fid)]
        params += [
            pytest.param(platform, fault, id=f"{platform}-{fault.label}")
            for fault in applicable(spec, faults)
        ]
    return params


@pytest.fixture
def authlab_host_factory() -> HostFactory:
    """Make simulated hosts: ``make(platform="iis6-local", seed=None, faults=())`` (see
    `authlab.pytest_plugin.make_host`)."""
    return make_host


@pytest.fixture
def authlab_host() -> Host:
    """A healthy simulated IIS 6 server whose anonymous account is local (``iis6-local``)."""
    return make_host("iis6-local")


@pytest.fixture
def authlab_faults() -> list[tuple[str, Fault]]:
    """Every variant of the fault catalogue as ``(fault id, Fault)``, fresh for each test."""
    from simulator.faults import variants

    return [(fault.id, fault) for fault in variants()]


@pytest.fixture
def authlab_bundle(tmp_path: Path) -> BundleWriter:
    """Export a host's evidence bundle: ``export(host, name=None, *, evidence_only=False,
    url="/")`` returns the bundle directory, under this test's ``tmp_path``."""
    from simulator.bundle import BundleOptions, write_bundle

    counter = itertools.count(1)

    def export(
        host: Host, name: str | None = None, *, evidence_only: bool = False, url: str = "/"
    ) -> Path:
        directory = tmp_path / (name or f"bundle-{next(counter)}")
        write_bundle(host, directory, BundleOptions(url=url, evidence_only=evidence_only))
        return directory

    return export


@pytest.fixture(scope="session")
def authlab_samba_dc(request: pytest.FixtureRequest) -> SambaDC:
    """A started Samba AD DC for the session (see the module doc); skips with the reason where
    one can not run."""
    import os
    import sys

    from rich.console import Console

    from authlab.samba_dc import SambaDC, SambaUnavailable, address_for, private_mounts

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    address = os.environ.get("AUTHLAB_SAMBA_ADDRESS") or address_for(worker)
    if worker not in (None, "gw0") and not private_mounts():
        pytest.skip(
            "no Samba AD DC for this worker: without a mount namespace of its own a second DC "
            "would take over the first one's winbindd socket (/run/samba/winbindd); only gw0 "
            "runs one here"
        )
    # Past pytest's capture: provisioning takes seconds, and a person waits through them.
    console = Console(file=sys.__stderr__, stderr=True)
    dc = SambaDC(address, progress=lambda what: console.print(f"[dim]samba DC: {what}[/dim]"))
    request.addfinalizer(dc.close)
    try:
        with console.status(f"samba DC on {address}"):
            dc.start()
    except SambaUnavailable as exc:
        pytest.skip(f"no Samba AD DC here: {exc}")
    return dc


@pytest.fixture
def authlab_samba_backend(authlab_samba_dc: SambaDC) -> Iterator[SambaBackend]:
    """The samba backend on the session's DC (see the module doc)."""
    from authlab.backends.samba import SambaBackend

    backend = SambaBackend(authlab_samba_dc)
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def authlab_container_engine() -> Iterator[Engine]:
    """The session's Windows Docker engine (see the module doc); skips with the reason where
    none fits."""
    from authlab.backends.container.engine import (
        Unavailable,
        connect,
        disable_ryuk,
        probe_once,
        remove_labelled,
        session_id,
    )

    probed = probe_once()
    if isinstance(probed, Unavailable):
        pytest.skip(f"no Windows Docker engine for the container backend: {probed.reason}")
    disable_ryuk()
    client = connect()
    run = session_id().split("/", 1)[0]
    # Earlier runs' leftovers (an interrupted session); this run's other xdist workers keep theirs.
    remove_labelled(client, spare_run=run)
    try:
        yield probed
    finally:
        remove_labelled(client, session=session_id())
        client.close()
