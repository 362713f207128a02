"""Rights precedence: local policy, then GPOs (site, domain, OU); the DC case (WL 4)."""

from __future__ import annotations

from datetime import timedelta

from simulator.admin import secpol
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.lsa import LOCAL_POLICY
from winfacts import wellknown as wk
from winfacts.ntstatus import Outcome


def test_local_policy_is_the_source_on_a_workgroup_server(iis6: Host) -> None:
    sourced = iis6.lsa.right("SeNetworkLogonRight")
    assert sourced.source == LOCAL_POLICY
    assert "*" + str(wk.EVERYONE) in sourced.value  # type: ignore[operator]


def test_a_gpo_entry_replaces_the_local_list_only_after_a_refresh(iis6_domain: Host) -> None:
    host = iis6_domain
    secpol.gpo_set_right(host, "Default Domain Policy", "SeNetworkLogonRight", ["Administrators"])
    assert host.lsa.right("SeNetworkLogonRight").source == LOCAL_POLICY
    host.gpupdate()
    sourced = host.lsa.right("SeNetworkLogonRight")
    assert sourced.source == "Default Domain Policy"
    assert sourced.value == ("*" + str(wk.ADMINISTRATORS),)
    assert host.iis.request("/").code == "401.1"


def test_background_refresh_applies_gpo_after_ninety_minutes(iis6_domain: Host) -> None:
    host = iis6_domain
    secpol.gpo_set_right(host, "Default Domain Policy", "SeDenyNetworkLogonRight", ["Guests"])
    host.iis.iisreset()
    assert host.iis.request("/").code == "200"
    host.clock.advance(timedelta(minutes=91))
    host.iis.iisreset()
    response = host.iis.request("/")
    assert response.code == "401.1" and response.win32 == 1385


def test_the_last_linked_gpo_wins(iis6_domain: Host) -> None:
    host = iis6_domain
    assert host.domain is not None
    from simulator.directory import SERVERS_OU, Gpo
    from simulator.security_template import SecurityTemplate

    ou_gpo = Gpo("Web Servers Hardening", "{0}", SecurityTemplate())
    host.domain.link_gpo(ou_gpo, SERVERS_OU)
    secpol.gpo_set_right(host, "Default Domain Policy", "SeNetworkLogonRight", ["Administrators"])
    secpol.gpo_set_right(host, "Web Servers Hardening", "SeNetworkLogonRight", ["Everyone"])
    host.gpupdate()
    sourced = host.lsa.right("SeNetworkLogonRight")
    assert sourced.source == "Web Servers Hardening"
    assert host.iis.request("/").code == "200"
    # Deleting the OU GPO's entry ("Not Defined") lets the domain GPO's list through.
    secpol.gpo_set_right(host, "Web Servers Hardening", "SeNetworkLogonRight", None)
    host.gpupdate()
    assert host.lsa.right("SeNetworkLogonRight").source == "Default Domain Policy"


def test_a_domain_controller_takes_its_rights_from_the_dc_policy() -> None:
    host = build_host(
        HostSpec(seed=3, os=OsFamily.WS2003, account="domain", domain_controller=True)
    )
    sourced = host.lsa.right("SeNetworkLogonRight")
    assert sourced.source == "Default Domain Controllers Policy"
    assert host.iis.request("/").code == "200"
    # Editing local policy on a DC is overridden by the DC policy.
    secpol.set_local_right(host, "SeNetworkLogonRight", ["Administrators"])
    assert host.lsa.right("SeNetworkLogonRight").source == "Default Domain Controllers Policy"
    # The Default Domain Policy does not reach a DC's rights when the DC policy defines them.
    secpol.gpo_set_right(host, "Default Domain Policy", "SeNetworkLogonRight", ["Administrators"])
    host.gpupdate()
    assert host.lsa.right("SeNetworkLogonRight").source == "Default Domain Controllers Policy"
    secpol.gpo_set_right(
        host, "Default Domain Controllers Policy", "SeNetworkLogonRight", ["Administrators"]
    )
    host.gpupdate()
    host.iis.iisreset()
    outcome = host.iis.request("/").logon
    assert outcome is not None and outcome.outcome is Outcome.LOGON_TYPE_NOT_GRANTED


def test_names_in_a_right_resolve_against_the_host(iis6: Host) -> None:
    secpol.set_local_right(iis6, "SeDenyNetworkLogonRight", ["NoSuchAccount"])
    # An unresolvable name stays as written and matches nobody.
    assert iis6.lsa.right("SeDenyNetworkLogonRight").value == ("NoSuchAccount",)
    assert iis6.iis.request("/").code == "200"
