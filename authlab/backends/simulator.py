"""The simulator as a backend: everything happens in memory and time is the simulated clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import attrs

from simulator.admin.shell import run
from simulator.bundle import BundleOptions, write_bundle
from simulator.faults.catalogue import fill_security_log
from simulator.host import Host
from simulator.scenario import PLATFORMS
from winfacts.errors import ModelError

from .base import AuditView, HttpResult, ServerInfo, UnavailableBackend


class SimulatorBackend:
    name = "simulator"

    def __init__(self) -> None:
        self._host: Host | None = None
        self._mark = 0

    @property
    def host(self) -> Host:
        if self._host is None:
            raise UnavailableBackend("no server has been started")
        return self._host

    def start(
        self,
        platform: str,
        *,
        seed: int = 1,
        timezone: str | None = None,
        start: datetime | None = None,
        population: int | None = None,
    ) -> ServerInfo:
        from simulator.factory import build_host

        spec = PLATFORMS[platform]
        changes: dict[str, object] = {"seed": seed}
        if timezone is not None:
            changes["timezone"] = timezone
        if start is not None:
            changes["start"] = start
        if population is not None:
            changes["population"] = population
        self._host = host = build_host(attrs.evolve(spec, **changes))  # type: ignore[arg-type]
        settings = host.iis.settings_for("/")
        user, domain = settings.split_user()
        account = host.find_account(user, domain)
        authority = account.authority if account else (domain or host.computer_name)
        return ServerInfo(
            host.computer_name,
            host.domain.authority if host.domain else None,
            host.iis.legacy,
            user,
            authority,
        )

    def run(self, command_line: str) -> tuple[int, str]:
        result = run(self.host, command_line)
        return result.exit_code, result.output

    def request(self, url: str = "/") -> HttpResult:
        response = self.host.iis.request(url)
        return HttpResult(response.status, response.substatus, response.win32)

    def last_logon_audit(self) -> AuditView | None:
        events = list(self.host.security_log.records())
        if not events:
            return None
        ev = events[-1]
        codes = ev.outcome.codes
        return AuditView(
            ev.event_id(self.host.os),
            ev.logon_type,
            None if ev.success else codes.status,
            None if ev.success else codes.substatus,
            None if (ev.success or self.host.os.legacy_events) else codes.reason,
            ev.target_user,
            ev.success,
        )

    def mark_logs(self) -> None:
        self._mark = self.host.security_log.next_record_id()

    def audits_since_mark(self) -> int:
        return sum(1 for e in self.host.security_log.records() if e.record_id >= self._mark)

    def last_log_line(self) -> str | None:
        lines = [
            line
            for files in self.host.iis.log_files().values()
            for name in sorted(files)
            for line in files[name]
            if not line.startswith("#")
        ]
        return lines[-1] if lines else None

    def wait(self, delta: timedelta) -> None:
        self.host.clock.advance(delta)

    def local_time(self) -> datetime:
        return self.host.clock.local_now()

    def fill_security_log(self) -> None:
        fill_security_log(self.host)

    def restart(self) -> None:
        self.host.restart()

    def collect(self, directory: Path, *, evidence_only: bool = False) -> None:
        try:
            write_bundle(self.host, directory, BundleOptions(evidence_only=evidence_only))
        except ModelError as exc:
            raise AssertionError(str(exc)) from exc

    def console(self, action: str, **params: object) -> None:
        from simulator.admin import net, secpol

        host = self.host
        if action == "password never expires":
            net.set_password_never_expires(
                host, str(params["account"]), bool(params["value"]), domain=bool(params["domain"])
            )
        elif action == "audit logon events":
            success, failure = bool(params["success"]), bool(params["failure"])
            gpo = params.get("gpo")
            if gpo is None:
                secpol.auditpol_logon(host, success=success, failure=failure)
            else:
                secpol.gpo_audit_logon(host, str(gpo), success=success, failure=failure)
        elif action == "gpo right":
            principals = params["principals"]
            assert isinstance(principals, list)
            secpol.gpo_set_right(host, str(params["gpo"]), str(params["right"]), principals)
        else:
            raise UnavailableBackend(f"the simulator has no console action {action!r}")

    def gpo_right(self, gpo: str, right: str) -> list[str]:
        """What a domain GPO lists for a right, as the Group Policy editor shows it."""
        host = self.host
        if host.domain is None:
            raise UnavailableBackend(f"{host.computer_name} is in no domain")
        return list(host.domain.find_gpo(gpo).template.privilege_rights.get(right, ()))

    def resolve(self, principal: str) -> str | None:
        sid = self.host.resolve(principal)
        return None if sid is None else str(sid)

    def close(self) -> None:
        self._host = None
