"""The request pipeline on both IIS generations (issue 2, reference IIS 3-5)."""

from __future__ import annotations

from simulator.admin import adsutil, appcmd, net
from simulator.apphost import AppHostConfig
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.metabase import Metabase
from winfacts.secret import Secret


def last_log_line(host: Host) -> str:
    files = next(iter(host.iis.log_files().values()))
    return [line for lines in files.values() for line in lines if not line.startswith("#")][-1]


def test_anonymous_off_gives_401_2_logged_as_401_2_5(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC/1/ROOT", "AuthFlags", 0x4)  # AuthNTLM only
    response = iis6.iis.request("/")
    assert response.code == "401.2" and response.win32 == 5
    assert last_log_line(iis6).endswith(" 401 2 5")
    assert iis6.iis.settings_for("/").other_methods == ("NTLM",)


def test_iis6_builds_the_anonymous_token_even_where_anonymous_is_off(iis6: Host) -> None:
    # The Microsoft support case: a wrong password at site level locks the account out through
    # a URL whose anonymous access is off.
    net.accounts(iis6, lockoutthreshold=3, lockoutduration=30, lockoutwindow=30)
    adsutil.set_property(iis6, "/LM/W3SVC/1", "AnonymousUserPass", Secret("stale"))
    adsutil.set_property(iis6, "/LM/W3SVC/1/ROOT", "AuthFlags", 0x4)
    for _ in range(3):
        assert iis6.iis.request("/").code == "401.2"
    account = iis6.account(f"IUSR_{iis6.computer_name}")
    assert account.lockout_time is not None


def test_site_level_password_overrides_the_global_one(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC/1", "AnonymousUserPass", Secret("stale"))
    response = iis6.iis.request("/")
    assert response.code == "401.1" and response.win32 == 1326
    assert iis6.iis.settings_for("/").sources["password"] == "/LM/W3SVC/1"
    adsutil.delete_property(iis6, "/LM/W3SVC/1", "AnonymousUserPass")
    assert iis6.iis.request("/").code == "200"


def test_iis6_logon_failures_write_w3svc_100_and_iis10_does_not() -> None:
    for os, expected in ((OsFamily.WS2003, 1), (OsFamily.WS2022, 0)):
        host = build_host(HostSpec(os=os))
        user, _ = host.iis.settings_for("/").split_user()
        net.user_set(host, user, active=False)
        before = len(host.system_log)
        assert host.iis.request("/").code == "401.1"
        events = list(host.system_log.records())[before:]
        assert len(events) == expected
        if expected:
            assert events[0].source == "W3SVC" and events[0].event_id == 100
            assert events[0].insertions[0] == host.iis.settings_for("/").user_name


def test_missing_file_is_404_after_a_successful_logon(iis6: Host) -> None:
    response = iis6.iis.request("/nothing-here.htm")
    assert response.code == "404" and response.win32 == 2
    assert response.token is not None


def test_logon_method_from_the_metabase_sets_the_logon_type(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC", "LogonMethod", 0)  # interactive (IIS 5's default)
    iis6.iis.request("/")
    assert list(iis6.security_log.records())[-1].logon_type == 2
    adsutil.set_property(iis6, "/LM/W3SVC", "LogonMethod", 1)
    iis6.iis.iisreset()
    iis6.iis.request("/")
    assert list(iis6.security_log.records())[-1].logon_type == 4


def test_iis10_location_override_applies_to_its_application() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2022))
    config = host.iis.config
    assert isinstance(config, AppHostConfig)
    config.add_application("Default Web Site", "/shop", r"C:\inetpub\wwwroot")
    appcmd.set_anonymous(host, "Default Web Site/shop", password=Secret("wrong"))
    assert host.iis.request("/").code == "200"
    shop = host.iis.request("/shop/")
    assert shop.code == "401.1" and shop.win32 == 1326


def test_iis10_application_pool_identity_needs_no_logon() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2022))
    appcmd.set_anonymous(host, None, userName="")
    response = host.iis.request("/")
    assert response.code == "200" and response.logon is None
    assert response.token is not None and response.token.account == "IIS APPPOOL\\DefaultAppPool"


def test_iis5_isolation_runs_logons_in_inetinfo_as_system(iis6: Host) -> None:
    adsutil.set_property(iis6, "/LM/W3SVC", "IIs5IsolationModeEnabled", True)
    iis6.iis.request("/")
    event = list(iis6.security_log.records())[-1]
    assert event.process_name.endswith("inetinfo.exe")
    assert str(event.subject_sid) == "S-1-5-18"


def test_w3c_log_is_per_site_per_day_with_iis_headers(iis6: Host) -> None:
    from datetime import timedelta

    iis6.iis.request("/")
    iis6.clock.advance(timedelta(days=1))
    iis6.iis.request("/")
    files = iis6.iis.log_files()["W3SVC1"]
    assert sorted(files) == ["ex261124.log", "ex261125.log"]
    assert files["ex261125.log"][0] == "#Software: Microsoft Internet Information Services 6.0"
    assert any(line.startswith("#Fields: date time s-sitename") for line in files["ex261125.log"])


def test_config_types_match_the_generation(iis6: Host) -> None:
    assert isinstance(iis6.iis.config, Metabase)
    assert iis6.iis.legacy
