"""The one small protocol scenarios drive (httpx's transports are the model): start a healthy
server, run an administrator's command line, send an anonymous request, read what the logs
show, let time pass, collect an evidence bundle."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import attrs


class UnavailableBackend(RuntimeError):
    """The backend can not run here; the message says why (steps turn it into a skip)."""


@attrs.frozen
class ServerInfo:
    computer: str
    domain: str | None
    legacy: bool  # Windows Server 2003 / IIS 6
    anonymous_user: str  # the account IIS logs anonymous visitors on as, without domain
    anonymous_authority: str  # the machine or the domain that holds it


@attrs.frozen
class HttpResult:
    status: int | None  # None: nothing answered
    substatus: int = 0
    win32: int = 0

    @property
    def code(self) -> str:
        if self.status is None:
            return "no response"
        return f"{self.status}.{self.substatus}" if self.substatus else str(self.status)


@attrs.frozen
class AuditView:
    """The newest logon audit, as Event Viewer or wevtutil shows it."""

    event_id: int
    logon_type: int | None
    status: int | None
    substatus: int | None
    reason: str | None  # 4625's FailureReason (%%2310); None on 2003
    user: str
    success: bool


class Backend(Protocol):
    name: str

    def start(
        self,
        platform: str,
        *,
        seed: int = 1,
        timezone: str | None = None,
        start: datetime | None = None,
        population: int | None = None,
    ) -> ServerInfo: ...

    def run(self, command_line: str) -> tuple[int, str]: ...

    def request(self, url: str = "/") -> HttpResult: ...

    def last_logon_audit(self) -> AuditView | None: ...

    def audits_since_mark(self) -> int: ...

    def mark_logs(self) -> None: ...

    def last_log_line(self) -> str | None: ...

    def wait(self, delta: timedelta) -> None: ...

    def local_time(self) -> datetime: ...

    def fill_security_log(self) -> None: ...

    def restart(self) -> None: ...

    def collect(self, directory: Path, *, evidence_only: bool = False) -> None: ...

    def console(self, action: str, **params: object) -> None:
        """A change an administrator makes in an MMC console, where no command line does it:
        ``"password never expires"`` (account, domain, value), ``"audit logon events"``
        (success, failure, gpo=None), ``"gpo right"`` (gpo, right, principals). Raises
        `UnavailableBackend` for an action the backend can not perform."""
        ...

    def close(self) -> None: ...
