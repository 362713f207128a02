"""Helpers for tests that drive a simulated host."""

from __future__ import annotations

from simulator.admin.shell import run
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
