"""Unlocking an account the ways Windows offers: the console boxes (`net.unlock`) and
Unlock-ADAccount clear a lockout; `net user NAME /active:yes` only enables (see net.user_set)."""

from __future__ import annotations

from simulator import account_policy as rules
from simulator.accounts import Account
from simulator.admin import net
from simulator.admin.shell import run
from simulator.factory import build_host
from simulator.host import Host
from simulator.scenario import PLATFORMS


def locked(platform: str) -> tuple[Host, Account]:
    """A host whose anonymous account a lockout policy has locked (until an admin unlocks)."""
    h = build_host(PLATFORMS[platform])
    name = "WebAnon" if platform.startswith("iis10") else f"IUSR_{h.computer_name}"
    domain = PLATFORMS[platform].account == "domain"
    net.accounts(h, domain=domain, lockoutthreshold=3, lockoutduration=0)
    account = h.account(name, h.domain.authority if domain and h.domain else None)
    account.lockout_time = h.now()
    account.bad_pwd_count = 3
    assert rules.is_locked(account, h.policy_for(account), h.now())
    return h, account


def test_active_yes_does_not_clear_a_local_lockout() -> None:
    h, account = locked("iis6-local")
    result = run(h, f"net user {account.name} /active:yes")
    assert result.exit_code == 0, result
    assert rules.is_locked(account, h.policy_for(account), h.now())


def test_active_yes_domain_does_not_clear_a_domain_lockout() -> None:
    h, account = locked("iis6-domain")
    assert run(h, f"net user {account.name} /active:yes /domain").exit_code == 0
    assert rules.is_locked(account, h.policy_for(account), h.now())


def test_the_console_box_unlocks_a_local_account() -> None:
    h, account = locked("iis6-local")
    net.unlock(h, account.name)
    assert account.lockout_time is None
    assert account.bad_pwd_count == 0
    assert not rules.is_locked(account, h.policy_for(account), h.now())


def test_unlock_adaccount_unlocks_a_domain_account() -> None:
    h, account = locked("iis10-domain")
    result = run(h, 'powershell -NoProfile -Command "Unlock-ADAccount -Identity WebAnon"')
    assert (result.exit_code, result.output) == (0, "")
    assert not rules.is_locked(account, h.policy_for(account), h.now())


def test_an_unlocked_account_serves_anonymous_requests_again() -> None:
    h, account = locked("iis6-local")
    h.iis.iisreset()
    assert h.iis.request("/").code == "401.1"
    net.unlock(h, account.name)
    h.iis.iisreset()
    assert h.iis.request("/").code == "200"
