"""Rules on the anonymous account's own state: existence, lockout, the password, and the
restrictions LogonUser tests once the password is right (reference WL 2 and 5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from winfacts.logon_hours import week_position

from .. import remedies
from ..context import Context, Result
from ..facts import AccountFacts, AnonymousFacts, Unknown
from ..findings import EvidenceItem, Remedy

_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _line(acct: AccountFacts, field: str) -> str:
    where = acct.lines.get(field)
    return f"{acct.source} {where}" if where else acct.source


def _remedy(ctx: Context, check_id: str) -> list[Remedy]:
    anon = ctx.anon
    assert isinstance(anon, AnonymousFacts)
    acct = ctx.account
    domain = isinstance(acct, AccountFacts) and acct.is_domain
    dc = bool(ctx.host and ctx.host.is_domain_controller)
    return remedies.for_account(check_id, anon.user, domain, dc, ctx.legacy)


def _state_rule(
    check_id: str,
    decide: Callable[[Context, AccountFacts], EvidenceItem | Unknown | None],
) -> Callable[[Context], Result]:
    """A rule decided by the account's state when the bundle holds it, else by runtime
    evidence that names this finding and nothing else."""

    def rule(ctx: Context) -> Result:
        acct = ctx.account
        if acct is None:  # not an account identity (built-in IUSR, pool identity)
            return None
        if isinstance(acct, AccountFacts) and acct.exists:
            decided = decide(ctx, acct)
            if isinstance(decided, EvidenceItem):
                return ctx.finding(check_id, [decided], _remedy(ctx, check_id))
            current = [s for s in ctx.signals_for(check_id) if s.current]
            if any(s.candidates == (check_id,) for s in current):
                # The account file does not show it (net user prints "No" for a disabled
                # account even when it is also locked), but LogonUser said so just now.
                return ctx.finding(check_id, [], _remedy(ctx, check_id))
            if decided is None:
                return None
        elif isinstance(acct, AccountFacts):
            return None  # a missing account is account-not-found's finding
        signal = ctx.unambiguous_signal(check_id)
        if signal is not None:
            return ctx.finding(check_id, [], _remedy(ctx, check_id))
        if ctx.probe_succeeded():
            return None
        needs = acct.needs if isinstance(acct, Unknown) else None
        return ctx.missing(check_id, needs)

    rule.__name__ = check_id.replace("-", "_")
    return rule


def _not_found(ctx: Context) -> Result:
    acct = ctx.account
    anon = ctx.anon
    if acct is None or not isinstance(anon, AnonymousFacts):
        return None
    remedy = _remedy(ctx, "account-not-found")
    where = anon.sources.get("user_name", anon.source_file)
    named = EvidenceItem(where, f"IIS logs anonymous visitors on as {anon.configured_name}")
    if isinstance(acct, AccountFacts):
        if acct.exists:
            return None
        return ctx.finding(
            "account-not-found",
            [named, EvidenceItem(acct.source, f"{acct.source} says there is no such account")],
            remedy,
        )
    signal = ctx.unambiguous_signal("account-not-found")
    if signal is not None:
        return ctx.finding("account-not-found", [named], remedy)
    if ctx.probe_succeeded():
        return None
    return ctx.missing("account-not-found", acct.needs)


def _locked(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if acct.locked_flag is not None:
        if acct.locked_flag:
            return EvidenceItem(_line(acct, "active"), "Account active: Locked")
        return None
    if acct.lockout_time is None:
        return None
    policy = ctx.policy
    if not hasattr(policy, "lockout_forever"):
        return Unknown("ad.ldif with the domain object (lockoutDuration)")
    assert policy is not None and not isinstance(policy, Unknown)
    if policy.lockout_forever:
        return EvidenceItem(
            _line(acct, "lockout_time"),
            f"lockoutTime {acct.lockout_time:%Y-%m-%d %H:%M} UTC and lockoutDuration is "
            "'until an administrator unlocks'",
        )
    if policy.lockout_duration is None:
        return Unknown("the lockout duration")
    try:
        ends: datetime | None = acct.lockout_time + policy.lockout_duration
    except OverflowError:
        ends = None  # the lockout ends after the calendar does: locked whenever it is judged
    if ends is None or ctx.now < ends:
        return EvidenceItem(
            _line(acct, "lockout_time"),
            f"locked at {acct.lockout_time:%Y-%m-%d %H:%M} UTC for "
            f"{int(policy.lockout_duration.total_seconds() // 60)} minutes: still locked at "
            f"{ctx.now:%Y-%m-%d %H:%M} UTC",
        )
    return None  # a stale lockoutTime is not a lockout (MS-ADTS 3.1.1.4.5.17)


def _disabled(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if acct.enabled is None:
        return Unknown(acct.source)
    if not acct.enabled:
        return EvidenceItem(_line(acct, "active"), "the account is disabled")
    return None


def _expired(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if not acct.expires_known:
        return Unknown(acct.source)
    if acct.expires is not None and ctx.now >= acct.expires:
        return EvidenceItem(
            _line(acct, "expires"),
            f"the account expired {acct.expires:%Y-%m-%d %H:%M} UTC, before "
            f"{ctx.now:%Y-%m-%d %H:%M} UTC",
        )
    return None


def _must_change(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if acct.must_change is None:
        return Unknown(acct.source)
    if acct.must_change and not acct.password_never_expires:
        return EvidenceItem(
            _line(acct, "password_last_set"),
            "the password was never set (pwdLastSet = 0): the user must change it at next logon",
        )
    return None


def _password_expired(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if acct.must_change or acct.password_never_expires:
        return None
    if acct.password_expires_known:
        if acct.password_expires is not None and ctx.now > acct.password_expires:
            return EvidenceItem(
                _line(acct, "password_expires"),
                f"the password expired {acct.password_expires:%Y-%m-%d %H:%M} UTC",
            )
        return None
    policy = ctx.policy
    if acct.password_last_set is None or isinstance(policy, Unknown) or policy is None:
        return Unknown("ad.ldif with the domain object (maxPwdAge)")
    if policy.max_password_age is None:
        return None
    ends = acct.password_last_set + policy.max_password_age
    if ctx.now > ends:
        return EvidenceItem(
            _line(acct, "password_last_set"),
            f"password last set {acct.password_last_set:%Y-%m-%d} and the maximum age is "
            f"{policy.max_password_age.days} days: expired {ends:%Y-%m-%d %H:%M} UTC",
        )
    return None


def _workstations(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if not acct.workstations:
        return None
    if ctx.host is None:
        return Unknown("host.json (the web server's name)")
    name = ctx.host.computer_name.lower()
    if any(w.strip().lower().split(".")[0] == name for w in acct.workstations):
        return None
    return EvidenceItem(
        _line(acct, "workstations"),
        f"Workstations allowed: {', '.join(acct.workstations)}; the web server "
        f"{ctx.host.computer_name} is not among them",
    )


def _hours(ctx: Context, acct: AccountFacts) -> EvidenceItem | Unknown | None:
    if not acct.logon_hours_known:
        return Unknown(acct.source)
    if acct.logon_hours is None or acct.logon_hours.allows(ctx.now):
        return None
    pos = week_position(ctx.now)
    return EvidenceItem(
        _line(acct, "logon_hours"),
        f"{ctx.now:%Y-%m-%d %H:%M} UTC is {_DAYS[pos // 24]} {pos % 24:02d}:00-"
        f"{pos % 24:02d}:59 UTC, an hour the account may not log on",
    )


RULES: dict[str, Callable[[Context], Result]] = {
    "account-not-found": _not_found,
    "account-locked-out": _state_rule("account-locked-out", _locked),
    "account-disabled": _state_rule("account-disabled", _disabled),
    "account-expired": _state_rule("account-expired", _expired),
    "password-must-change": _state_rule("password-must-change", _must_change),
    "password-expired": _state_rule("password-expired", _password_expired),
    "workstation-restriction": _state_rule("workstation-restriction", _workstations),
    "logon-hours": _state_rule("logon-hours", _hours),
}
