"""Healthy hosts are identical for the same seed and differ across seeds."""

from __future__ import annotations

import pytest

from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.scenario import PLATFORMS


def fingerprint(host: Host) -> tuple[object, ...]:
    users = sorted((u.name, str(u.sid), u.password.reveal()) for u in host.sam.users())
    domain_users = (
        sorted((u.name, str(u.sid), u.password.reveal()) for u in host.domain.users())
        if host.domain
        else []
    )
    settings = host.iis.settings_for("/")
    return (
        host.computer_name,
        str(host.sam.authority_sid),
        users,
        domain_users,
        settings.user_name,
        settings.password.reveal() if settings.password else None,
        host.ip_address,
    )


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_same_seed_same_host(platform: str) -> None:
    spec = PLATFORMS[platform]
    assert fingerprint(build_host(spec)) == fingerprint(build_host(spec))


def test_different_seeds_differ() -> None:
    a = build_host(HostSpec(seed=1, account="domain"))
    b = build_host(HostSpec(seed=2, account="domain"))
    assert fingerprint(a) != fingerprint(b)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_platform_serves_anonymous_requests_when_healthy(platform: str) -> None:
    host = build_host(PLATFORMS[platform])
    response = host.iis.request("/")
    assert response.code == "200"
    assert host.lsa.audit_logon().failure and host.lsa.audit_logon().success


def test_iis6_healthy_baseline_matches_a_clean_install() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2003))
    settings = host.iis.settings_for("/")
    assert settings.user_name == f"IUSR_{host.computer_name}"
    assert settings.logon_type == 8  # LogonMethod 3, network cleartext
    assert settings.password_sync is False and settings.iis5_isolation is False
    assert settings.app_pool_identity == "NetworkService"
    account = host.account(settings.user_name)
    assert account.password_never_expires
    guests = host.sam.group("Guests")
    assert account.sid in guests.members


def test_iis10_can_keep_the_built_in_iusr() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2022, builtin_iusr=True))
    response = host.iis.request("/")
    assert response.code == "200"
    assert response.token is not None and str(response.token.user) == "S-1-5-17"
    assert response.logon is None  # no LogonUser, no audit
