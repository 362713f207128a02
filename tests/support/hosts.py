"""Helpers for tests that drive a simulated host."""

from __future__ import annotations

from pathlib import Path

from checks.bundle import BundleEvidence
from checks.engine import diagnose
from checks.findings import Diagnosis
from simulator.admin.shell import run
from simulator.bundle import BundleOptions, write_bundle
from simulator.factory import HostSpec, build_host
from simulator.faults import Fault
from simulator.host import Host


def ok(host: Host, line: str) -> str:
    """Run an admin command that must succeed; its output."""
    result = run(host, line)
    assert result.exit_code == 0, result.output
    return result.output


def secrets(host: Host) -> set[str]:
    """Every password the host holds (accounts, domain accounts, IIS's anonymous password)."""
    found = {a.password.reveal() for a in host.sam.users()}
    if host.domain is not None:
        found |= {a.password.reveal() for a in host.domain.users()}
    configured = host.iis.settings_for("/").password
    if configured is not None:
        found.add(configured.reveal())
    return {s for s in found if len(s) >= 4}


def broken_host(spec: HostSpec, fault: Fault) -> Host:
    """A healthy host that served a request, then broke: the fault made, the token cache
    flushed, as an administrator would see it."""
    host = build_host(spec)
    host.iis.request("/")
    fault.inject(host)
    host.iis.iisreset()
    return host


def diagnose_host(host: Host, directory: Path, **options: object) -> Diagnosis:
    """Export the host's bundle and diagnose it, as `authlab diagnose` would."""
    write_bundle(host, directory, BundleOptions(**options))  # type: ignore[arg-type]
    return diagnose(BundleEvidence(directory))
