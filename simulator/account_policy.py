"""Account policy and the rules computed from it at a moment (reference WL 5).

Lockout and password expiry are *computed*, never stored flags: a stale lockoutTime after the
duration is not a lockout, and the bad-password count quietly returns to zero once the observation
window has passed. Everything here is a pure function of (account, policy, now) so checks and
tests can reason about time without running logons.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from winfacts import assumptions as A
from winfacts.errors import ModelError
from winfacts.secret import Secret
from winfacts.wellknown import RID_ADMINISTRATOR

from .accounts import Account


@attrs.define
class AccountPolicy:
    """`net accounts` for a SAM, the domain object's attributes for AD.

    ``lockout_duration`` None means locked until an administrator unlocks (LockoutDuration = -1
    in secedit, lockoutDuration = "forever" in AD). ``max_password_age`` None means never expires.
    """

    lockout_threshold: int = 0
    lockout_duration: timedelta | None = timedelta(minutes=30)
    lockout_window: timedelta = timedelta(minutes=30)
    max_password_age: timedelta | None = timedelta(days=42)
    min_password_age: timedelta = timedelta(days=0)
    min_password_length: int = 0
    password_history: int = 0
    #: How long the previous password still logs on over NTLM after a change: the DC's
    #: OldPasswordAllowedPeriod (KB 906305), 60 minutes unless the registry says otherwise.
    old_password_period: timedelta = timedelta(minutes=60)

    def __attrs_post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if not 0 <= self.lockout_threshold <= 999:
            raise ModelError("the lockout threshold must be between 0 and 999")
        if self.lockout_window <= timedelta(0):
            raise ModelError("the lockout observation window must be at least one minute")
        if self.lockout_duration is not None and self.lockout_window > self.lockout_duration:
            # Windows refuses this combination in net accounts and in the GPO editor.
            raise ModelError("the lockout observation window can not exceed the lockout duration")


class PasswordState(enum.Enum):
    OK = "ok"
    MUST_CHANGE = "must change"
    EXPIRED = "expired"


def is_locked(account: Account, policy: AccountPolicy, now: datetime) -> bool:
    """MS-ADTS 3.1.1.4.5.17: locked while lockoutTime + duration is in the future."""
    if account.lockout_time is None:
        return False
    if policy.lockout_duration is None:
        return True
    return now < account.lockout_time + policy.lockout_duration


def lockout_ends(account: Account, policy: AccountPolicy) -> datetime | None:
    if account.lockout_time is None or policy.lockout_duration is None:
        return None
    return account.lockout_time + policy.lockout_duration


def effective_bad_count(account: Account, policy: AccountPolicy, now: datetime) -> int:
    if account.bad_pwd_time is None or now - account.bad_pwd_time >= policy.lockout_window:
        return 0
    return account.bad_pwd_count


def record_bad_password(account: Account, policy: AccountPolicy, now: datetime) -> bool:
    """Count one bad password; True when this attempt locked the account out.

    The attempt that reaches the threshold still reports a wrong password; only later attempts
    see the lockout (reference WL 2, step 3). The built-in Administrator never locks.
    """
    account.bad_pwd_count = effective_bad_count(account, policy, now) + 1
    account.bad_pwd_time = now
    if (
        policy.lockout_threshold
        and account.bad_pwd_count >= policy.lockout_threshold
        and account.rid != RID_ADMINISTRATOR
        and not is_locked(account, policy, now)
    ):
        account.lockout_time = now
        return True
    return False


def record_success(account: Account, now: datetime) -> None:
    account.bad_pwd_count = 0
    account.lockout_time = None
    account.last_logon = now


def unlock(account: Account) -> None:
    account.lockout_time = None
    account.bad_pwd_count = 0


def is_expired(account: Account, now: datetime) -> bool:
    return account.expires is not None and now >= account.expires


def password_state(account: Account, policy: AccountPolicy, now: datetime) -> PasswordState:
    """msDS-UserPasswordExpiryTimeComputed's order (reference WL 5)."""
    if account.smartcard_required or account.password_never_expires:
        return PasswordState.OK
    if account.password_last_set is None:
        return PasswordState.MUST_CHANGE
    if policy.max_password_age is None:
        return PasswordState.OK
    if now > account.password_last_set + policy.max_password_age:
        return PasswordState.EXPIRED
    return PasswordState.OK


def password_expires_at(account: Account, policy: AccountPolicy) -> datetime | None:
    if account.smartcard_required or account.password_never_expires:
        return None
    if account.password_last_set is None or policy.max_password_age is None:
        return None
    return account.password_last_set + policy.max_password_age


def earlier_password(account: Account, policy: AccountPolicy, password: Secret | None) -> int:
    """Which earlier password ``password`` is: 1 for the previous one (N-1), 2 for the one
    before (N-2) ..., 0 for none. Only what the history policy keeps counts: AD's history holds
    pwdHistoryLength passwords including the current one, so with 0 or 1 it holds no earlier
    password at all."""
    kept = account.password_history[: max(policy.password_history - 1, 0)]
    for position, earlier in enumerate(kept, start=1):
        if earlier.matches(password):
            return position
    return 0


def previous_password_allowed(
    account: Account, policy: AccountPolicy, now: datetime, password: Secret | None
) -> bool:
    """KB 906305: after a change the previous password still logs a domain account on over
    NTLM for ``old_password_period``, counted from pwdLastSet (so a password that must be
    changed at the next logon, pwdLastSet = 0, ends it at once). A reset counts as a change
    (the old_password_after_reset assumption)."""
    if not A.OLD_PASSWORD_AFTER_RESET.value or account.password_last_set is None:
        return False
    if now - account.password_last_set >= policy.old_password_period:
        return False
    return earlier_password(account, policy, password) == 1


def spares_bad_count(account: Account, policy: AccountPolicy, password: Secret | None) -> bool:
    """A wrong password equal to one of the two previous passwords (N-1, N-2) is refused but not
    counted towards lockout, and badPasswordTime does not move."""
    return earlier_password(account, policy, password) in (1, 2)


def workstation_allowed(account: Account, workstation: str) -> bool:
    """userWorkstations names compared whole and without case with the client's name (or the
    first label of a DNS name it gives). A stored name is not trimmed: " WEB01" is not WEB01,
    as a Samba DC answers (net user trims what it is given before storing it)."""
    if not account.workstations:
        return True
    wanted = workstation.strip().lower()
    short = wanted.split(".", 1)[0]
    return any(ws.lower() in (wanted, short) for ws in account.workstations)


def hours_allowed(account: Account, now: datetime) -> bool:
    return account.logon_hours is None or account.logon_hours.allows(now)
