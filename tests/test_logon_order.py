"""The order LogonUser reports causes in (reference WL 2), with several faults at once."""

from __future__ import annotations

from datetime import timedelta

from simulator.admin import net, secpol
from simulator.host import Host
from simulator.logon import Caller, logon_user
from winfacts import wellknown as wk
from winfacts.ntstatus import Outcome
from winfacts.secret import Secret

CALLER = Caller(r"C:\WINDOWS\system32\inetsrv\w3wp.exe", 2212)


def anon(host: Host) -> tuple[str, Secret]:
    settings = host.iis.settings_for("/")
    user, _ = settings.split_user()
    assert settings.password is not None
    return user, settings.password


def attempt(host: Host, password: Secret | None = None, logon_type: int = 8) -> Outcome:
    user, right = anon(host)
    return logon_user(host.logon_machine, user, None, password or right, logon_type, CALLER).outcome


def test_healthy_anonymous_logon_succeeds(iis6: Host) -> None:
    assert attempt(iis6) is Outcome.SUCCESS


def test_unknown_user_and_wrong_password_share_1326(iis6: Host) -> None:
    result = logon_user(iis6.logon_machine, "IUSR_NOBODY", None, Secret("x"), 8, CALLER)
    assert result.outcome is Outcome.NO_SUCH_USER and result.win32 == 1326
    assert attempt(iis6, Secret("wrong")) is Outcome.WRONG_PASSWORD
    assert Outcome.WRONG_PASSWORD.codes.win32 == 1326


def test_wrong_password_wins_over_every_restriction(iis6: Host) -> None:
    user, _ = anon(iis6)
    net.user_set(iis6, user, active=False, workstations="OTHERPC", times="")
    assert attempt(iis6, Secret("wrong")) is Outcome.WRONG_PASSWORD


def test_a_disabled_account_still_counts_bad_passwords_and_can_lock(iis6: Host) -> None:
    user, _ = anon(iis6)
    net.accounts(iis6, lockoutthreshold=2, lockoutduration=30, lockoutwindow=30)
    net.user_set(iis6, user, active=False)
    attempt(iis6, Secret("wrong"))
    attempt(iis6, Secret("wrong"))
    assert attempt(iis6) is Outcome.LOCKED_OUT


def test_locked_out_is_reported_before_the_password_and_does_not_count(iis6: Host) -> None:
    user, _ = anon(iis6)
    net.accounts(iis6, lockoutthreshold=3, lockoutduration=30, lockoutwindow=30)
    outcomes = [attempt(iis6, Secret("wrong")) for _ in range(3)]
    assert outcomes == [Outcome.WRONG_PASSWORD] * 3  # the third locks but reports the password
    account = iis6.account(user)
    assert account.bad_pwd_count == 3
    assert attempt(iis6) is Outcome.LOCKED_OUT  # right password, still locked
    assert attempt(iis6, Secret("wrong")) is Outcome.LOCKED_OUT
    assert account.bad_pwd_count == 3


def test_lockout_ends_after_its_duration_and_success_resets_it(iis6: Host) -> None:
    user, _ = anon(iis6)
    net.accounts(iis6, lockoutthreshold=1, lockoutduration=30, lockoutwindow=30)
    attempt(iis6, Secret("wrong"))
    iis6.clock.advance(timedelta(minutes=29))
    assert attempt(iis6) is Outcome.LOCKED_OUT
    iis6.clock.advance(timedelta(minutes=1))
    assert attempt(iis6) is Outcome.SUCCESS
    account = iis6.account(user)
    assert account.lockout_time is None and account.bad_pwd_count == 0


def test_restrictions_surface_one_at_a_time_in_the_assumed_order(iis6: Host) -> None:
    user, _ = anon(iis6)
    yesterday = iis6.clock.local_now() - timedelta(days=1)
    net.set_password_never_expires(iis6, user, False)
    net.user_set(
        iis6,
        user,
        active=False,
        expires=f"{yesterday.month}/{yesterday.day}/{yesterday.year}",
        workstations="OTHERPC",
        times="",
        logonpasswordchg=True,
    )
    secpol.ntrights(iis6, "*" + str(wk.GUESTS), "SeDenyNetworkLogonRight", grant=True)
    seen = []
    repairs = [
        lambda: net.user_set(iis6, user, active=True),
        lambda: net.user_set(iis6, user, expires="never"),
        lambda: net.user_set(iis6, user, logonpasswordchg=False),
        lambda: net.user_set(iis6, user, workstations="*"),
        lambda: net.user_set(iis6, user, times="all"),
        lambda: secpol.ntrights(iis6, "*" + str(wk.GUESTS), "SeDenyNetworkLogonRight", grant=False),
    ]
    for repair in repairs:
        seen.append(attempt(iis6))
        repair()
    seen.append(attempt(iis6))
    assert seen == [
        Outcome.ACCOUNT_DISABLED,
        Outcome.ACCOUNT_EXPIRED,
        Outcome.MUST_CHANGE,
        Outcome.WORKSTATION,
        Outcome.LOGON_HOURS,
        Outcome.LOGON_TYPE_NOT_GRANTED,
        Outcome.SUCCESS,
    ]


def test_password_expiry_is_not_applied_to_never_expiring_passwords(iis6: Host) -> None:
    user, _ = anon(iis6)
    net.set_password_age(iis6, user, 400)
    assert attempt(iis6) is Outcome.SUCCESS
    net.set_password_never_expires(iis6, user, False)
    assert attempt(iis6) is Outcome.PASSWORD_EXPIRED


def test_logon_rights_need_the_right_password(iis6: Host) -> None:
    secpol.ntrights(iis6, "*" + str(wk.GUESTS), "SeDenyNetworkLogonRight", grant=True)
    assert attempt(iis6, Secret("wrong")) is Outcome.WRONG_PASSWORD
    assert attempt(iis6) is Outcome.LOGON_TYPE_NOT_GRANTED


def test_rights_follow_the_logon_type(iis6: Host) -> None:
    # Deny network: type 8 and 3 fail, interactive (IIS 6 grants IUSR log on locally) works.
    secpol.ntrights(iis6, "*" + str(wk.GUESTS), "SeDenyNetworkLogonRight", grant=True)
    assert attempt(iis6, logon_type=3) is Outcome.LOGON_TYPE_NOT_GRANTED
    assert attempt(iis6, logon_type=2) is Outcome.SUCCESS
    # Nothing grants IUSR "Log on as a service": the right is missing, not denied.
    assert attempt(iis6, logon_type=5) is Outcome.LOGON_TYPE_NOT_GRANTED


def test_failed_logons_are_audited_with_their_codes(iis6: Host) -> None:
    before = len(iis6.security_log)
    attempt(iis6, Secret("wrong"))
    events = list(iis6.security_log.records())[before:]
    assert len(events) == 1
    ev = events[0]
    assert ev.event_id(iis6.os) == 529
    assert ev.logon_type == 8 and not ev.success
    assert ev.target_sid == wk.NULL


def test_audit_policy_decides_whether_anything_is_written(iis6: Host) -> None:
    secpol.auditpol_logon(iis6, success=False, failure=False)
    before = len(iis6.security_log)
    attempt(iis6, Secret("wrong"))
    attempt(iis6)
    assert len(iis6.security_log) == before
    secpol.auditpol_logon(iis6, failure=True)
    attempt(iis6, Secret("wrong"))
    assert len(iis6.security_log) == before + 1


def test_blank_passwords_are_console_only_while_limit_blank_password_use_is_1(iis6: Host) -> None:
    from simulator import registry as reg
    from simulator.admin import system

    user, _ = anon(iis6)
    net.user_set(iis6, user, password=Secret(""))
    result = logon_user(iis6.logon_machine, user, None, Secret(""), 8, CALLER)
    assert result.outcome is Outcome.BLANK_PASSWORD and result.win32 == 1327
    assert (
        logon_user(iis6.logon_machine, user, None, Secret(""), 2, CALLER).outcome is Outcome.SUCCESS
    )
    system.reg_add(iis6, reg.LSA, "LimitBlankPasswordUse", "REG_DWORD", 0)
    assert (
        logon_user(iis6.logon_machine, user, None, Secret(""), 8, CALLER).outcome is Outcome.SUCCESS
    )


def test_a_upn_names_an_account_only_in_the_domain_of_its_suffix(iis6_domain: Host) -> None:
    user, _ = anon(iis6_domain)
    assert iis6_domain.domain is not None
    dns = iis6_domain.domain.dns_name
    found = iis6_domain.find_account(f"{user}@{dns.upper()}")
    assert found is not None and found.is_domain
    assert iis6_domain.find_account(f"{user}@{dns}x") is None
    assert iis6_domain.find_account("Administrator@web01.local") is None
