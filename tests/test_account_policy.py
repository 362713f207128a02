"""Lockout over time, the observation window, expiry and password age (reference WL 5)."""

from datetime import UTC, datetime, timedelta

import pytest

from simulator import account_policy as rules
from simulator.account_policy import AccountPolicy, PasswordState
from simulator.accounts import Account
from winfacts.errors import ModelError
from winfacts.secret import Secret
from winfacts.sid import Sid

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def account(rid: int = 1001, **state: object) -> Account:
    state.setdefault("password_last_set", T0)
    sid = Sid.parse(f"S-1-5-21-1-2-3-{rid}")
    return Account("IUSR_WEB01", sid, "WEB01", Secret("x"), **state)  # type: ignore[arg-type]


POLICY = AccountPolicy(
    lockout_threshold=3,
    lockout_duration=timedelta(minutes=30),
    lockout_window=timedelta(minutes=10),
)


def test_the_attempt_reaching_the_threshold_locks_but_earlier_ones_do_not() -> None:
    a = account()
    assert not rules.record_bad_password(a, POLICY, T0)
    assert not rules.record_bad_password(a, POLICY, T0 + timedelta(minutes=1))
    assert rules.record_bad_password(a, POLICY, T0 + timedelta(minutes=2))
    assert rules.is_locked(a, POLICY, T0 + timedelta(minutes=2))


def test_lockout_ends_by_itself_after_the_duration() -> None:
    a = account(lockout_time=T0)
    assert rules.is_locked(a, POLICY, T0 + timedelta(minutes=29, seconds=59))
    assert not rules.is_locked(a, POLICY, T0 + timedelta(minutes=30))
    assert a.lockout_time == T0  # stale lockoutTime stays until the next good logon


def test_duration_none_means_until_an_administrator_unlocks() -> None:
    forever = AccountPolicy(lockout_threshold=3, lockout_duration=None)
    a = account(lockout_time=T0)
    assert rules.is_locked(a, forever, T0 + timedelta(days=365))
    rules.unlock(a)
    assert not rules.is_locked(a, forever, T0 + timedelta(days=365))


def test_bad_count_resets_after_the_observation_window() -> None:
    a = account()
    rules.record_bad_password(a, POLICY, T0)
    rules.record_bad_password(a, POLICY, T0 + timedelta(minutes=1))
    assert rules.effective_bad_count(a, POLICY, T0 + timedelta(minutes=5)) == 2
    assert rules.effective_bad_count(a, POLICY, T0 + timedelta(minutes=11)) == 0
    # A third attempt after the window starts again from one: no lockout.
    assert not rules.record_bad_password(a, POLICY, T0 + timedelta(minutes=12))
    assert a.bad_pwd_count == 1


def test_built_in_administrator_never_locks() -> None:
    admin = account(rid=500)
    for minute in range(5):
        assert not rules.record_bad_password(admin, POLICY, T0 + timedelta(minutes=minute))
    assert not rules.is_locked(admin, POLICY, T0 + timedelta(minutes=5))


def test_threshold_zero_never_locks() -> None:
    a = account()
    never = AccountPolicy(lockout_threshold=0)
    for minute in range(50):
        rules.record_bad_password(a, never, T0 + timedelta(seconds=minute))
    assert a.lockout_time is None


def test_window_longer_than_duration_is_refused() -> None:
    with pytest.raises(ModelError, match="observation window"):
        AccountPolicy(lockout_duration=timedelta(minutes=5), lockout_window=timedelta(minutes=10))


def test_expiry_at_the_exact_moment() -> None:
    a = account(expires=T0)
    assert not rules.is_expired(a, T0 - timedelta(seconds=1))
    assert rules.is_expired(a, T0)


def test_password_state_order() -> None:
    policy = AccountPolicy(max_password_age=timedelta(days=42))
    old = T0 - timedelta(days=43)
    assert rules.password_state(account(password_last_set=old), policy, T0) is PasswordState.EXPIRED
    assert (
        rules.password_state(account(password_last_set=None), policy, T0)
        is PasswordState.MUST_CHANGE
    )
    never = account(password_last_set=None, password_never_expires=True)
    assert rules.password_state(never, policy, T0) is PasswordState.OK
    unlimited = AccountPolicy(max_password_age=None)
    assert rules.password_state(account(password_last_set=old), unlimited, T0) is PasswordState.OK


def test_workstations_match_case_insensitively_and_by_short_name() -> None:
    a = account(workstations=("OTHERPC", "web01"))
    assert rules.workstation_allowed(a, "WEB01")
    assert rules.workstation_allowed(a, "web01.contoso.example")
    assert not rules.workstation_allowed(a, "WEB02")
    assert rules.workstation_allowed(account(), "ANYTHING")
