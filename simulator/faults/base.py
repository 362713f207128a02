"""What a fault is: a way to break a healthy host with the real tools, the symptoms it must
produce, and the repair an administrator would make.

Faults know nothing of checks: they are the ground truth a diagnosis is scored against, so they
must stay honest about what a real server would show (status, Win32 code, events), including
when nothing is logged at all.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from winfacts.errors import ModelError
from winfacts.finding_ids import spec as finding_spec
from winfacts.iis_settings import Identity
from winfacts.ntstatus import Outcome

from ..accounts import Account
from ..events import OsFamily
from ..host import Host


@attrs.frozen
class Symptoms:
    """What one anonymous request shows right after the fault (on a fresh token)."""

    http: str  # "401.1", "401.2", "401.3", "200", or "no response"
    win32: int | None  # sc-win32-status / LogonUser's error; None when nothing answered
    outcome: Outcome | None = None  # the logon's outcome, when a logon decided the request
    failure_event: bool = False  # a logon-failure audit is written for the request
    w3svc_event: bool = False  # IIS 6 System log event 100
    host_stops: bool = False  # the request's audit stops the machine (0xC0000244)

    def event_id(self, os: OsFamily) -> int | None:
        if not self.failure_event or self.outcome is None:
            return None
        if not os.legacy_events:
            return 4625
        return self.outcome.codes.event_2003

    def describe(self) -> str:
        parts = [f"HTTP {self.http}"]
        if self.win32 is not None:
            parts.append(f"Win32 {self.win32}")
        if self.host_stops:
            parts.append("the server stops (0xC0000244)")
        return ", ".join(parts)


def anonymous_account(host: Host, url: str = "/") -> tuple[Account | None, str, str | None]:
    """The account IIS logs on for ``url``: (account or None if missing, user, domain)."""
    settings = host.iis.settings_for(url)
    if settings.identity is not Identity.ACCOUNT:
        raise ModelError(
            f"{url} is served as {settings.identity.value}; this fault needs a configured "
            "anonymous account (IIS 6, or IIS 7+ with a custom account)"
        )
    user, domain = settings.split_user()
    return host.find_account(user, domain), user, domain


def anonymous_is_domain(host: Host) -> bool:
    account, _, _ = anonymous_account(host)
    return bool(account and account.is_domain)


class Fault:
    """A named, parameterised way to break a host. Subclasses are attrs classes whose fields
    are the parameters; state a repair needs is kept in ``saved``."""

    id: ClassVar[str]  # the finding id (contract section 4)
    title: ClassVar[str]  # from the finding registry, like the severity
    severity: ClassVar[str]

    #: Every finding whose meaning holds on a host with this fault: its own id, and any other
    #: that the fault makes true as well (the contract reports each, also when one explains
    #: another). Windows' order.
    findings: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # A concrete fault names its finding; what that finding means lives in one place.
        if "id" in cls.__dict__:
            entry = finding_spec(cls.id)
            cls.title = entry.title
            cls.severity = entry.severity.value
            if "findings" not in cls.__dict__:
                cls.findings = (cls.id,)

    def applies_to(self, host: Host) -> bool:
        """Whether this fault can be made on ``host`` now: most need the anonymous account to
        be a real account that exists (not IIS 7+'s built-in IUSR, not a name with no account
        behind it)."""
        settings = host.iis.settings_for("/")
        if settings.identity is not Identity.ACCOUNT:
            return False
        user, domain = settings.split_user()
        return host.find_account(user, domain) is not None

    def inject(self, host: Host) -> None:
        raise NotImplementedError

    def repair(self, host: Host) -> None:
        raise NotImplementedError

    def expected(self, host: Host) -> Symptoms:
        raise NotImplementedError

    @property
    def params(self) -> dict[str, object]:
        return {
            a.name: getattr(self, a.name)
            for a in attrs.fields(type(self))  # type: ignore[arg-type]
            if not a.name.startswith("_") and a.name != "saved"
        }

    @property
    def label(self) -> str:
        shown = ",".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.id}[{shown}]" if shown else self.id


def logon_failure(host: Host, outcome: Outcome) -> Symptoms:
    """Symptoms of a 401.1 decided by LogonUser with ``outcome``, as audit policy allows."""
    audit = host.lsa.audit_logon()
    return Symptoms(
        "401.1",
        outcome.codes.win32,
        outcome,
        failure_event=audit.failure,
        w3svc_event=host.iis.legacy,
    )
