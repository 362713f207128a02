"""IIS's anonymous token cache: UserTokenTTL hides faults and repairs until it expires."""

from __future__ import annotations

from datetime import timedelta

from simulator import registry as reg
from simulator.admin import net, system
from simulator.host import Host


def name(host: Host) -> str:
    return f"IUSR_{host.computer_name}"


def test_a_cached_token_hides_a_new_fault_until_the_ttl(iis6: Host) -> None:
    assert iis6.iis.request("/").code == "200"
    net.user_set(iis6, name(iis6), active=False)
    iis6.clock.advance(timedelta(minutes=14, seconds=59))
    cached = iis6.iis.request("/")
    assert cached.code == "200" and cached.from_cache
    iis6.clock.advance(timedelta(seconds=1))
    assert iis6.iis.request("/").code == "401.1"


def test_cache_hits_do_not_call_logon_user_or_audit(iis6: Host) -> None:
    iis6.iis.request("/")
    before = len(iis6.security_log)
    for _ in range(20):
        assert iis6.iis.request("/").from_cache
    assert len(iis6.security_log) == before


def test_failures_are_not_cached_so_each_request_logs_on_again(iis6: Host) -> None:
    net.user_set(iis6, name(iis6), active=False)
    before = len(iis6.security_log)
    for _ in range(3):
        assert iis6.iis.request("/").code == "401.1"
    assert len(iis6.security_log) == before + 3


def test_a_repair_shows_at_once_because_failures_are_not_cached(iis6: Host) -> None:
    net.user_set(iis6, name(iis6), active=False)
    assert iis6.iis.request("/").code == "401.1"
    net.user_set(iis6, name(iis6), active=True)
    assert iis6.iis.request("/").code == "200"


def test_iisreset_flushes_the_cache(iis6: Host) -> None:
    iis6.iis.request("/")
    net.user_set(iis6, name(iis6), active=False)
    assert iis6.iis.request("/").code == "200"
    system.iisreset(iis6)
    assert iis6.iis.request("/").code == "401.1"


def test_user_token_ttl_zero_disables_the_cache(iis6: Host) -> None:
    system.reg_add(iis6, reg.INETINFO, "UserTokenTTL", "REG_DWORD", 0)
    iis6.iis.request("/")
    net.user_set(iis6, name(iis6), active=False)
    assert iis6.iis.request("/").code == "401.1"


def test_a_changed_password_in_iis_is_a_new_cache_key(iis6: Host) -> None:
    from simulator.admin import anonymous
    from winfacts.secret import Secret

    iis6.iis.request("/")
    anonymous.set_password(iis6, Secret("typo"))
    assert iis6.iis.request("/").code == "401.1"
