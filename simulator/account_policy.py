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

from winfacts.errors import ModelError
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


def workstation_allowed(account: Account, workstation: str) -> bool:
    if not account.workstations:
        return True
    wanted = workstation.strip().lower()
    short = wanted.split(".", 1)[0]
    return any(ws.strip().lower() in (wanted, short) for ws in account.workstations)


def hours_allowed(account: Account, now: datetime) -> bool:
    return account.logon_hours is None or account.logon_hours.allows(now)
