"""AnonymousPasswordSync: subauthentication only when all three conditions hold (IIS 3)."""

from __future__ import annotations

import pytest

from simulator import registry as reg
from simulator.admin import adsutil, net
from simulator.host import Host
from winfacts.ntstatus import Outcome
from winfacts.secret import Secret


def drift_password(host: Host) -> None:
    net.user_set(host, f"IUSR_{host.computer_name}", password=Secret("Changed-Elsewhere-1"))
    host.iis.iisreset()


def iis5_mode(host: Host) -> None:
    adsutil.set_property(host, "/LM/W3SVC", "IIs5IsolationModeEnabled", True)


def test_all_three_conditions_vouch_without_the_password(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC", "AnonymousPasswordSync", True)
    iis5_mode(iis6)
    drift_password(iis6)
    response = iis6.iis.request("/")
    assert response.code == "200"
    assert response.logon is not None and response.logon.outcome is Outcome.SUCCESS
    events = list(iis6.security_log.records())
    assert events[-1].logon_type == 3  # a network logon through MSV1_0 subauthentication
    assert "inetinfo.exe" in events[-1].process_name


def test_worker_process_isolation_falls_back_to_the_stored_password(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC", "AnonymousPasswordSync", True)
    drift_password(iis6)
    response = iis6.iis.request("/")
    assert response.code == "401.1" and response.win32 == 1326
    assert "w3wp.exe" in list(iis6.security_log.records())[-1].process_name


def test_unregistered_iissuba_falls_back_too(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC", "AnonymousPasswordSync", True)
    iis5_mode(iis6)
    iis6.registry.delete(reg.MSV1_0, "Auth132")
    drift_password(iis6)
    assert iis6.iis.request("/").code == "401.1"


def test_sync_off_uses_the_password_even_in_iis5_mode(iis6: Host) -> None:
    iis5_mode(iis6)
    drift_password(iis6)
    assert iis6.iis.request("/").code == "401.1"


@pytest.mark.parametrize("blocker", ["disabled", "hours"])
def test_subauthentication_still_checks_account_restrictions(iis6: Host, blocker: str) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC", "AnonymousPasswordSync", True)
    iis5_mode(iis6)
    name = f"IUSR_{iis6.computer_name}"
    if blocker == "disabled":
        net.user_set(iis6, name, active=False)
    else:
        net.user_set(iis6, name, times="")
    iis6.iis.iisreset()
    assert iis6.iis.request("/").code == "401.1"


def test_deleting_the_clean_install_false_exposes_the_schema_default_true(iis6: Host) -> None:
    adsutil.delete_property(iis6, "/LM/W3SVC", "AnonymousPasswordSync")
    assert iis6.iis.settings_for("/").password_sync is True
