"""Run one fault on a healthy host: request, break, request, repair, request.

The demo, the symptoms document and the catalogue's property test all need the same sequence
and the same record of what each step showed, so it lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from .events import LogonEvent, SystemEvent
from .factory import HostSpec, build_host
from .faults.base import Fault, Symptoms
from .host import Host
from .iis import Response


@attrs.frozen
class Observation:
    """What one anonymous request showed, and what it left in the logs."""

    response: Response
    security_events: tuple[LogonEvent, ...]
    system_events: tuple[SystemEvent, ...]
    w3c_lines: tuple[str, ...]
    host_running: bool

    @property
    def failure_events(self) -> tuple[LogonEvent, ...]:
        return tuple(e for e in self.security_events if not e.success)

    def symptoms(self, legacy_iis: bool) -> Symptoms:
        """The observation in the catalogue's terms, to compare with ``Fault.expected``."""
        resp = self.response
        outcome = resp.logon.outcome if resp.logon and not resp.logon.outcome.ok else None
        return Symptoms(
            http=resp.code,
            win32=None if resp.status is None else resp.win32,
            outcome=outcome,
            failure_event=bool(self.failure_events),
            w3svc_event=any(e.source == "W3SVC" and e.event_id == 100 for e in self.system_events),
            host_stops=not self.host_running,
        )


@attrs.frozen
class FaultRun:
    spec: HostSpec
    fault: Fault
    healthy: Observation
    broken: Observation
    repaired: Observation
    expected: Symptoms
    host: Host = attrs.field(repr=False, eq=False)
    #: What the caller's ``while_broken`` hook returned (e.g. a diagnosis of the broken host).
    inspected: object = attrs.field(default=None, repr=False, eq=False)

    @property
    def matches(self) -> bool:
        return self.broken.symptoms(self.host.iis.legacy) == self.expected


def observe(host: Host, url: str = "/") -> Observation:
    """One anonymous request and exactly what it added to the logs."""
    before_sec = host.security_log.next_record_id()
    before_sys = host.system_log.next_record_id()
    before_w3c = _w3c_count(host)
    response = host.iis.request(url)
    security = tuple(e for e in host.security_log.records() if e.record_id >= before_sec)
    system = tuple(e for e in host.system_log.records() if e.record_id >= before_sys)
    lines = _w3c_lines(host)[before_w3c:]
    return Observation(response, security, system, tuple(lines), host.running)


def _w3c_lines(host: Host) -> list[str]:
    lines: list[str] = []
    for files in host.iis.log_files().values():
        for name in sorted(files):
            lines.extend(line for line in files[name] if not line.startswith("#"))
    return lines


def _w3c_count(host: Host) -> int:
    return len(_w3c_lines(host))


def run_fault(
    spec: HostSpec,
    fault: Fault,
    url: str = "/",
    *,
    while_broken: Callable[[Host], object] | None = None,
) -> FaultRun:
    """Healthy request, inject, flush IIS's token cache (so the fault shows at once, as after
    `iisreset` or UserTokenTTL), request, repair, flush again, request. ``while_broken`` is
    called on the broken host before its request (which may stop it) and the repair."""
    host = build_host(spec)
    healthy = observe(host, url)
    expected = fault.expected(host)
    fault.inject(host)
    if host.running:
        host.iis.iisreset()
    expected = fault.expected(host)
    inspected = while_broken(host) if while_broken is not None else None
    broken = observe(host, url)
    fault.repair(host)
    if host.running:
        host.iis.iisreset()
    repaired = observe(host, url)
    return FaultRun(spec, fault, healthy, broken, repaired, expected, host, inspected)


def applicable(spec: HostSpec, faults: Iterable[Fault]) -> list[Fault]:
    """The faults that can be made on a host of ``spec`` (a probe host is built to ask)."""
    probe = build_host(spec)
    return [f for f in faults if f.applies_to(probe)]


#: The built-in platforms the demo, the docs and the tests sweep.
PLATFORMS: dict[str, HostSpec] = {}


def _platforms() -> None:
    from .events import OsFamily

    PLATFORMS.update(
        {
            "iis6-local": HostSpec(os=OsFamily.WS2003, account="local"),
            "iis6-domain": HostSpec(os=OsFamily.WS2003, account="domain"),
            "iis6-dc": HostSpec(os=OsFamily.WS2003, account="domain", domain_controller=True),
            "iis10-local": HostSpec(os=OsFamily.WS2022, account="local"),
            "iis10-domain": HostSpec(os=OsFamily.WS2022, account="domain"),
        }
    )


_platforms()
