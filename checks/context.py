"""Everything the checks share for one diagnosis, collected once (PingCastle's "collect once,
then pure rules")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import attrs

from .catalogue import BY_ID, PROBE_DECIDES
from .evidence import Evidence
from .facts import (
    AccountFacts,
    AccountPolicyFacts,
    AnonymousFacts,
    GroupFacts,
    HostFacts,
    IdentityKind,
    LogonEventFact,
    Unknown,
)
from .findings import EvidenceItem, Finding, Missing, Remedy
from .principals import TokenView, token_view
from .signals import Signal, from_event, from_probe, from_w3c

#: Local groups whose membership can matter to a logon right or an ACL.
WATCHED_GROUPS = ("Guests", "Users", "Administrators", "IIS_IUSRS", "IIS_WPG", "Backup Operators")

Result = Finding | Missing | None


@attrs.define
class Context:
    ev: Evidence
    url: str
    now: datetime
    notes: list[str]
    host: HostFacts | None
    anon: AnonymousFacts | Unknown
    account: AccountFacts | Unknown | None  # None: the identity is not an account
    policy: AccountPolicyFacts | Unknown | None
    groups: dict[str, GroupFacts]
    token: TokenView | None
    signals: list[Signal]
    events: Sequence[LogonEventFact]

    @property
    def machine(self) -> str | None:
        return self.host.computer_name if self.host else None

    @property
    def legacy(self) -> bool:
        if self.host is not None:
            return self.host.legacy
        return isinstance(self.anon, AnonymousFacts) and self.anon.source_file == "MetaBase.xml"

    @property
    def account_name(self) -> str | None:
        if isinstance(self.anon, AnonymousFacts) and self.anon.identity is IdentityKind.ACCOUNT:
            domain = self.anon.domain or self.machine
            return f"{domain}\\{self.anon.user}" if domain else self.anon.user
        return None

    def signals_for(self, check_id: str) -> list[Signal]:
        return [s for s in self.signals if check_id in s.candidates]

    def probe_succeeded(self) -> bool:
        """The collector's LogonUser with the configured credentials worked: nothing LogonUser
        checks (account state, password, rights) stops the anonymous logon now."""
        probe = self.ev.probe()
        return not isinstance(probe, Unknown) and probe.win32_error == 0

    def unambiguous_signal(self, check_id: str) -> Signal | None:
        """A signal that names this finding and nothing else."""
        for signal in self.signals_for(check_id):
            if signal.candidates == (check_id,):
                return signal
        return None

    def finding(
        self,
        check_id: str,
        evidence: Sequence[EvidenceItem],
        remedy: Sequence[Remedy],
        *,
        title: str | None = None,
        corroborate: bool = True,
    ) -> Finding:
        """A finding citing ``evidence`` plus every runtime signal that agrees with it."""
        info = BY_ID[check_id]
        items = list(evidence)
        if corroborate:
            for signal in self.signals_for(check_id):
                if signal.item not in items:
                    items.append(signal.item)
        contradicted: list[EvidenceItem] = []
        probe = self.ev.probe()
        if (
            corroborate
            and not isinstance(probe, Unknown)
            and probe.win32_error == 0
            and check_id in PROBE_DECIDES
        ):
            contradicted.append(
                EvidenceItem(
                    probe.source,
                    f"LogonUser({probe.account}, logon type {probe.logon_type}) succeeded when "
                    "the bundle was collected",
                )
            )
        return Finding(
            check_id,
            info.severity,
            title or info.title,
            self.account_name,
            tuple(items),
            tuple(remedy),
            info.references,
            tuple(contradicted),
        )

    def missing(self, check_id: str, needs: str | None = None) -> Missing:
        return Missing(check_id, needs or BY_ID[check_id].needs)


def _logon_level(signal: Signal) -> bool:
    """Whether the signal names causes LogonUser decides (a probe speaks for those)."""
    return all(c in PROBE_DECIDES for c in signal.candidates)


def build(ev: Evidence, url: str, clock_now: datetime | None = None) -> Context:
    notes: list[str] = []
    host = ev.host()
    judged = ev.judged_at()
    if judged is None:
        judged = clock_now or datetime.now(UTC)  # the user asked for "now": no collected_at
        notes.append(
            "host.json has no collected_at: expiry, lockout and logon hours were judged "
            f"against this tool's clock ({judged:%Y-%m-%d %H:%M:%S} UTC)"
        )
    anon = ev.anonymous(url)
    account: AccountFacts | Unknown | None = None
    policy: AccountPolicyFacts | Unknown | None = None
    groups: dict[str, GroupFacts] = {}
    token: TokenView | None = None
    events: Sequence[LogonEventFact] = ()
    signals: list[Signal] = []
    machine = host.computer_name if not isinstance(host, Unknown) else None
    if isinstance(anon, AnonymousFacts) and anon.identity is IdentityKind.ACCOUNT:
        account = ev.account(anon.user, anon.domain)
        is_domain = isinstance(account, AccountFacts) and account.is_domain
        policy = ev.account_policy(is_domain)
        for name in WATCHED_GROUPS:
            group = ev.local_group(name)
            if not isinstance(group, Unknown):
                groups[name] = group
        token = token_view(
            anon.user,
            anon.domain,
            anon.logon_type,
            account if isinstance(account, AccountFacts) and account.exists else None,
            groups,
            machine,
        )
        found = ev.logon_events(anon.user)
        if not isinstance(found, Unknown):
            # Only IIS's own logons speak for IIS: a `net use` with an old password (type 3)
            # is how a lockout starts, not what IIS tries.
            types = {anon.logon_type} | ({3} if anon.password_sync else set())
            events = [e for e in found if e.logon_type is None or e.logon_type in types]
            if events:
                signal = from_event(events[-1])
                if signal is not None:
                    signals.append(signal)
        probe = ev.probe()
        if not isinstance(probe, Unknown):
            signal = from_probe(probe)
            if signal is not None:
                signals.append(signal)
    probe_now = ev.probe()
    w3c = ev.w3c(url)
    if not isinstance(w3c, Unknown):
        newest_ok = w3c.last_success_time
        newest_bad = w3c.last_failure_time
        if newest_bad is not None and (newest_ok is None or newest_bad >= newest_ok):
            signal = from_w3c(w3c)
            probe_ok = not isinstance(probe_now, Unknown) and probe_now.win32_error == 0
            # An audited success newer than the failing line means the failure is history.
            superseded = bool(events) and events[-1].success and events[-1].time >= newest_bad
            if signal is not None and not ((probe_ok or superseded) and _logon_level(signal)):
                signals.append(signal)
    if not isinstance(probe_now, Unknown) and probe_now.win32_error == 0:
        # The probe logged on just now: logon failures in the logs are history.
        signals = [s for s in signals if s.current or not _logon_level(s)]
    elif not isinstance(probe_now, Unknown):
        # The probe names what LogonUser reports now; a logged logon failure it does not agree
        # with is either repaired or queued behind it, and the logs can not say which.
        now = {c for s in signals if s.current for c in s.candidates}
        signals = [
            s for s in signals if s.current or not _logon_level(s) or set(s.candidates) & now
        ]
    return Context(
        ev,
        url,
        judged,
        notes,
        None if isinstance(host, Unknown) else host,
        anon,
        account,
        policy,
        groups,
        token,
        signals,
        events,
    )
