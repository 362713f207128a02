"""Helpers for tests that drive a simulated host."""

from __future__ import annotations

from pathlib import Path

from checks.bundle import BundleEvidence
from checks.engine import diagnose
from checks.findings import Diagnosis
from simulator.admin.shell import run
from simulator.bundle import BundleOptions, write_bundle
from simulator.factory import HostSpec, build_host
from simulator.faults import Fault, variants
from simulator.host import Host
from simulator.scenario import PLATFORMS


def ok(host: Host, line: str) -> str:
    """Run an admin command that must succeed; its output."""
    result = run(host, line)
    assert result.exit_code == 0, result.output
    return result.output


def platform_host(platform: str) -> Host:
    """The seed-1 host of a built-in platform."""
    return build_host(PLATFORMS[platform])


def output_of(host: Host, line: str, code: int = 0) -> str:
    """Run a command line that must exit with ``code``; its output."""
    result = run(host, line)
    assert result.exit_code == code, result
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


def platform_bundle(directory: Path, platform: str = "iis6-local", *faults: str) -> Host:
    """A platform's host with the faults' first variants made, written as a bundle to
    ``directory`` after a request before and after (the token cache flushed between)."""
    host = build_host(PLATFORMS[platform])
    host.iis.request("/")
    for fault_id in faults:
        next(f for f in variants(fault_id) if f.applies_to(host)).inject(host)
    host.iis.iisreset()
    host.iis.request("/")
    write_bundle(host, directory)
    return host
