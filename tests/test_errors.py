"""Bad input to the model's API raises ModelError with a message naming what was wrong."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from simulator.admin import net, secpol, system
from simulator.clock import SimClock
from simulator.eventlog import LogSettings
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.logon import Caller, logon_user
from simulator.registry import LSA
from winfacts.errors import ModelError
from winfacts.secret import Secret


def test_unknown_account_names(iis6: Host) -> None:
    with pytest.raises(ModelError, match="no account 'nobody'") as info:
        iis6.account("nobody")
    assert info.value.subject == "nobody"
    with pytest.raises(ModelError, match="no user 'ghost'"):
        net.user_set(iis6, "ghost", active=False)
    with pytest.raises(ModelError, match="no such user or group"):
        net.localgroup_add(iis6, "Guests", "ghost")
    with pytest.raises(ModelError, match="no group"):
        net.localgroup_add(iis6, "No Such Group", "Administrator")


def test_domain_switch_without_a_domain(iis6: Host) -> None:
    with pytest.raises(ModelError, match="not in a domain"):
        net.user_set(iis6, "Administrator", domain=True, active=True)


def test_impossible_times() -> None:
    clock = SimClock(tz="Europe/Berlin")
    with pytest.raises(ModelError, match="does not exist"):
        clock.local(2026, 3, 29, 2, 30)  # inside the spring-forward gap
    with pytest.raises(ModelError, match="impossible local time"):
        clock.local(2026, 2, 30)
    with pytest.raises(ModelError, match="no time zone"):
        SimClock(datetime(2026, 1, 1))
    with pytest.raises(ModelError, match="only moves forward"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ModelError, match="unknown time zone"):
        SimClock(tz="Mars/Olympus_Mons")


def test_bad_dates_and_lists_in_net_user(iis6: Host) -> None:
    name = f"IUSR_{iis6.computer_name}"
    with pytest.raises(ModelError, match="not a date"):
        net.user_set(iis6, name, expires="next tuesday")
    with pytest.raises(ModelError, match="at most eight"):
        net.user_set(iis6, name, workstations=",".join(f"PC{i}" for i in range(9)))
    with pytest.raises(ModelError, match="not a day name"):
        net.user_set(iis6, name, times="Funday,8AM-5PM")


def test_bad_policy_values(iis6: Host) -> None:
    with pytest.raises(ModelError, match="observation window"):
        net.accounts(iis6, lockoutthreshold=3, lockoutduration=5, lockoutwindow=10)
    with pytest.raises(ModelError, match="not a user right"):
        secpol.ntrights(iis6, "Guests", "AccessTheInternet", grant=True)
    with pytest.raises(ModelError, match="REG_DWORD"):
        system.reg_add(iis6, LSA, "CrashOnAuditFail", "REG_DWORD", "two")
    with pytest.raises(ModelError, match="only HKLM"):
        system.reg_add(iis6, r"HKCU\Software", "x", "REG_SZ", "y")
    with pytest.raises(ModelError, match="64 KB"):
        LogSettings(1000)


def test_bad_logon_type_and_stopped_host(iis6: Host) -> None:
    caller = Caller("w3wp.exe", 1)
    with pytest.raises(ModelError, match="logon type 9"):
        logon_user(iis6.logon_machine, "Administrator", None, Secret("x"), 9, caller)
    iis6.crash(0xC0000244)
    with pytest.raises(ModelError, match="stopped"):
        logon_user(iis6.logon_machine, "Administrator", None, Secret("x"), 3, caller)


def test_bad_host_specs() -> None:
    with pytest.raises(ModelError, match="'local' or 'domain'"):
        HostSpec(account="forest")
    with pytest.raises(ModelError, match="no local accounts"):
        HostSpec(domain_controller=True)
    with pytest.raises(ModelError):
        build_host(HostSpec(timezone="Nowhere/Land"))


def test_secrets_never_render() -> None:
    secret = Secret("Sup3r-Secret!")
    assert "Sup3r" not in repr(secret) and "Sup3r" not in str(secret)
    assert "Sup3r" not in f"{secret}"
    host = build_host(HostSpec())
    assert host.iis.settings_for("/").password is not None
    assert "Secret('********')" in repr(host.iis.settings_for("/"))
