"""The simulator as a backend: everything happens in memory and time is the simulated clock.

Each method keeps the contract in `authlab.backends.base`: `run` is the simulated command
prompt (`simulator.admin.shell`), so what steps read back comes from the same wevtutil,
eventquery.vbs, dir and type a real server answers; `console` makes the change with the typed
admin operation the console stands for, and a change the model refuses (a GPO that is not
linked, a principal a right does not list) is `RefusedAction`. A subclass may wrap any method
(call it, then sync something real) without knowing how the simulator does it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import attrs

from simulator.admin.shell import run
from simulator.bundle import BundleOptions, write_bundle
from simulator.factory import HostSpec
from simulator.faults.catalogue import fill_security_log
from simulator.host import Host
from simulator.scenario import PLATFORMS
from winfacts.errors import ModelError

from .base import (
    AuditLogonEvents,
    ConsoleAction,
    GpoRight,
    HttpResult,
    PasswordNeverExpires,
    RefusedAction,
    ServerInfo,
    UnavailableBackend,
)


class SimulatorBackend:
    name = "simulator"

    def __init__(self) -> None:
        self._host: Host | None = None

    def host_spec(self, spec: HostSpec) -> HostSpec:
        """The spec `start` builds from; a backend that joins a real domain names it here."""
        return spec

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
        chosen = self.host_spec(attrs.evolve(spec, **changes))  # type: ignore[arg-type]
        self._host = host = build_host(chosen)
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

    def console(self, action: ConsoleAction) -> None:
        from simulator.admin import net, secpol

        host = self.host
        try:
            if isinstance(action, PasswordNeverExpires):
                net.set_password_never_expires(
                    host, action.account, action.value, domain=action.domain
                )
            elif isinstance(action, AuditLogonEvents):
                if action.gpo is None:
                    secpol.auditpol_logon(host, success=action.success, failure=action.failure)
                else:
                    secpol.gpo_audit_logon(
                        host, action.gpo, success=action.success, failure=action.failure
                    )
            elif isinstance(action, GpoRight):
                secpol.gpo_set_right(host, action.gpo, action.right, self._edited(action))
            else:
                raise UnavailableBackend(f"the simulator has no console action {action!r}")
        except ModelError as exc:
            raise RefusedAction(str(exc)) from exc

    def _edited(self, action: GpoRight) -> list[str]:
        """What the right lists once the editor has added and removed the principals: names
        compared by the SID they resolve to, as the editor compares them."""
        host = self.host
        if host.domain is None:
            raise RefusedAction(f"{host.computer_name} is in no domain, so it has no GPO")
        gpo = host.domain.find_gpo(action.gpo)
        listed = list(gpo.template.privilege_rights.get(action.right, ()))

        def listed_sid(name: str) -> str:
            found = host.resolve(name)
            return name.lower() if found is None else str(found)

        def sid(name: str) -> str:
            found = host.resolve(name)
            if found is None:
                raise RefusedAction(f"{name!r} is not a user or group {host.computer_name} knows")
            return str(found)

        for name in action.remove:
            target = sid(name)
            kept = [p for p in listed if listed_sid(p) != target]
            if kept == listed:
                raise RefusedAction(
                    f"{name} is not in {action.right} of the group policy {action.gpo!r}; "
                    f"it lists {listed}"
                )
            listed = kept
        present = {listed_sid(p) for p in listed}
        for name in action.add:
            if sid(name) not in present:  # the editor lists a principal once
                listed.append(name)
                present.add(sid(name))
        return listed

    def close(self) -> None:
        self._host = None
