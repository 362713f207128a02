"""The one small protocol scenarios drive, with its contract (httpx's transports are the model:
one protocol, several implementations, the contract in the docstrings).

A backend is one Windows web server that scenarios start, type at, request from and collect
evidence of. Everything a scenario reads back (the Security log, the IIS log) it reads through
`Backend.run` with the command a real administrator would type, so a backend owes nothing for
reading beyond a command prompt that answers as Windows does (steps/reading.py parses it).

`Backend` methods and their contract:

- ``name``: the name `AUTHLAB_BACKEND` chooses it by.
- ``start(platform, *, seed, timezone, start, population) -> ServerInfo``: a fresh healthy
  server of that platform (``"iis6-local"``, ``"iis10-domain"``, ...); the same arguments give
  the same server. Raises `UnavailableBackend` where it can not start one.
- ``run(command_line) -> (exit_code, output)``: one line typed at cmd.exe on the server, as
  typed (%VAR% expanded by the server); stdout and stderr together with "\\n" line ends. A
  command the server does not have answers as cmd.exe does (9009, "... is not recognized");
  it never raises for what the command itself reports.
- ``request(url="/") -> HttpResult``: one anonymous GET, as a browser with no credentials
  sends it; ``status`` None when nothing answers.
- ``console(action) -> None``: a change an administrator makes in an MMC console where no
  command line does it (`ConsoleAction`). Raises `UnavailableBackend` for an action the backend
  can not perform (steps skip), `RefusedAction` for one the console itself would refuse
  (steps fail).
- ``wait(delta) -> None``: let that much time pass on the server's clock.
- ``local_time() -> datetime``: the server's clock in its own time zone.
- ``fill_security_log() -> None``: write audits until the Security log is full.
- ``restart() -> None``: restart the server (a bug check clears; configuration stays).
- ``collect(directory, *, evidence_only=False) -> None``: write an evidence bundle there (the
  collector's files; ``evidence_only`` leaves out the account files); a bundle that can not be
  written is an AssertionError naming why.
- ``close() -> None``: release what ``start`` took; the backend can start again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import attrs


class UnavailableBackend(RuntimeError):
    """The backend can not run here or can not do this; the message says why (steps skip)."""


class RefusedAction(RuntimeError):
    """The console refused the change, as the real one would; the message says why (steps
    fail with it)."""


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
    """One logon audit as steps read it from the Security log (wevtutil's XML on 2008+,
    eventquery.vbs's CSV on 2003): the fields scenarios check, and ``when`` and ``record``,
    which tell two audits apart."""

    event_id: int
    logon_type: int | None
    status: int | None  # NTSTATUS of a failure; on 2003 only 537 prints it
    substatus: int | None
    reason: str | None  # 4625's FailureReason (%%2310); None on 2003
    user: str
    success: bool
    when: str = ""  # the time as the tool printed it
    record: int | None = None  # EventRecordID; eventquery.vbs prints none


# -- console actions: what an MMC console changes where no command line does -----------------


def _names(values: str | Iterable[str]) -> tuple[str, ...]:
    """One name or several, kept as a tuple so the action stays hashable and comparable."""
    return (values,) if isinstance(values, str) else tuple(values)


@attrs.frozen
class PasswordNeverExpires:
    """ "Password never expires" on an account's properties (Local Users and Groups, or Active
    Directory Users and Computers when ``domain``)."""

    account: str
    domain: bool
    value: bool


@attrs.frozen
class AuditLogonEvents:
    """ "Audit logon events" (success, failure) in the Local Security Policy, or in the domain
    group policy ``gpo`` (the Group Policy Management Editor; members apply it at gpupdate)."""

    success: bool
    failure: bool
    gpo: str | None = None


@attrs.frozen
class GpoRight:
    """A user right (its constant, SeDenyNetworkLogonRight) in a domain group policy: the
    principals ``add``ed to and ``remove``d from what it lists, resolved by the backend as the
    editor's "Add User or Group" does. Removing a principal the right does not list, or naming
    one that does not resolve, is `RefusedAction`."""

    gpo: str
    right: str
    add: tuple[str, ...] = attrs.field(default=(), converter=_names)
    remove: tuple[str, ...] = attrs.field(default=(), converter=_names)


ConsoleAction = PasswordNeverExpires | AuditLogonEvents | GpoRight


class Backend(Protocol):
    """One Windows web server scenarios drive; the contract of each method is in the module
    docstring."""

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

    def console(self, action: ConsoleAction) -> None: ...

    def wait(self, delta: timedelta) -> None: ...

    def local_time(self) -> datetime: ...

    def fill_security_log(self) -> None: ...

    def restart(self) -> None: ...

    def collect(self, directory: Path, *, evidence_only: bool = False) -> None: ...

    def close(self) -> None: ...
