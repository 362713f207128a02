"""The IIS 7+ applicationHost.config model: location precedence, logonMethod, identities and
physical paths (iis.md 5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.apphost import AppHostConfig
from winfacts import wellknown as wk
from winfacts.apphost import (
    ANONYMOUS,
    BASIC,
    LOGON_METHOD_TO_LOGON_TYPE,
    SERVER_LEVEL,
    WINDOWS,
    AppPool,
    IdentityType,
)
from winfacts.errors import ModelError
from winfacts.iis_settings import Identity
from winfacts.secret import Secret

SITE = "Default Web Site"
CUSTOM_PASSWORD = "Custom-Anon-Pa55"


@pytest.fixture
def cfg() -> AppHostConfig:
    config = AppHostConfig.default("web01")
    config.add_application(SITE, "/app", "D:\\apps\\app")
    return config


def test_clean_install() -> None:
    config = AppHostConfig.default("web01")
    assert [(site.id, site.name) for site in config.sites()] == [(1, SITE)]
    assert config.app_pool("DefaultAppPool").identity_type is IdentityType.APPLICATION_POOL_IDENTITY
    s = config.anonymous_settings(SITE, "/")
    assert (s.enabled, s.user_name, s.password) == (True, "IUSR", None)
    assert (s.logon_method, s.logon_type, s.default_logon_domain) == ("ClearText", 8, "")
    assert s.uses_builtin_iusr and s.builtin_sid == wk.IUSR_BUILTIN
    assert dict(s.set_at) == {
        "enabled": SERVER_LEVEL,
        "userName": SERVER_LEVEL,
        "password": None,
        "logonMethod": None,
        "defaultLogonDomain": None,
    }
    assert config.physical_path(1, "/iisstart.htm") == "C:\\inetpub\\wwwroot\\iisstart.htm"
    assert config.version == 0


def test_most_specific_location_wins_then_server_then_schema(cfg: AppHostConfig) -> None:
    cfg.set_anonymous(None, userName="WEB01\\anon_server")
    cfg.set_anonymous(SITE, userName="WEB01\\anon_site")
    cfg.set_anonymous(f"{SITE}/app", userName="WEB01\\anon_app")

    def who(url: str) -> tuple[str, str | None]:
        s = cfg.anonymous_settings(1, url)
        return s.user_name, s.set_at["userName"]

    assert who("/app/page.htm") == ("WEB01\\anon_app", f"{SERVER_LEVEL}/{SITE}/app")
    assert who("/other.htm") == ("WEB01\\anon_site", f"{SERVER_LEVEL}/{SITE}")
    cfg.clear_anonymous(f"{SITE}/app", "userName")
    assert who("/app/page.htm") == ("WEB01\\anon_site", f"{SERVER_LEVEL}/{SITE}")
    cfg.clear_anonymous(SITE, "userName")
    assert who("/app/page.htm") == ("WEB01\\anon_server", SERVER_LEVEL)
    cfg.clear_anonymous(None, "userName")
    assert who("/app/page.htm") == ("IUSR", None)


def test_each_attribute_comes_from_its_own_level(cfg: AppHostConfig) -> None:
    cfg.set_anonymous(f"{SITE}/app", password=Secret(CUSTOM_PASSWORD))
    cfg.set_anonymous(SITE, logonMethod="Network")
    s = cfg.anonymous_settings(SITE, "/app/x")
    assert s.password == Secret(CUSTOM_PASSWORD)
    assert s.set_at["password"] == f"{SERVER_LEVEL}/{SITE}/app"
    assert s.set_at["logonMethod"] == f"{SERVER_LEVEL}/{SITE}"
    assert s.set_at["userName"] == SERVER_LEVEL
    # IUSR with a password is a custom account of that name, not the built-in identity.
    assert not s.uses_builtin_iusr


def test_location_paths_cover_whole_segments_only(cfg: AppHostConfig) -> None:
    cfg.set_anonymous(f"{SITE}/app", enabled=False)
    assert cfg.anonymous_settings(1, "/app/a.htm").enabled is False
    assert cfg.anonymous_settings(1, "/APP").enabled is False  # IIS paths ignore case
    assert cfg.anonymous_settings(1, "/apple/a.htm").enabled is True


def test_location_names_match_case_insensitively_and_keep_their_case(cfg: AppHostConfig) -> None:
    cfg.set_anonymous("default web site/App", userName="x")
    cfg.set_anonymous("DEFAULT WEB SITE/app", userName="y")
    assert cfg.locations(ANONYMOUS) == ("", f"{SITE}/App")
    assert cfg.anonymous_settings(1, "/app").user_name == "y"


@pytest.mark.parametrize(
    ("method", "logon_type"), [("Interactive", 2), ("Batch", 4), ("Network", 3), ("ClearText", 8)]
)
def test_logon_method_maps_to_logon_types(cfg: AppHostConfig, method: str, logon_type: int) -> None:
    cfg.set_anonymous(SITE, logonMethod=method.lower())
    s = cfg.anonymous_settings(1, "/")
    assert (s.logon_method, s.logon_type) == (method, logon_type)
    assert cfg.anonymous_config(1, "/").logon_type == logon_type


@given(st.integers(min_value=0, max_value=3))
def test_logon_method_numbers_are_accepted(number: int) -> None:
    config = AppHostConfig.default("web01")
    config.set_anonymous(None, logon_method=number)
    names = ["Interactive", "Batch", "Network", "ClearText"]
    assert config.anonymous_settings(1, "/").logon_method == names[number]
    assert config.anonymous_settings(1, "/").logon_type == LOGON_METHOD_TO_LOGON_TYPE[names[number]]


def test_empty_user_name_means_the_pool_identity(cfg: AppHostConfig) -> None:
    cfg.set_anonymous(f"{SITE}/app", userName="")
    config = cfg.anonymous_config(SITE, "/app/")
    assert config.identity is Identity.APP_POOL
    assert config.app_pool_identity == "ApplicationPoolIdentity"
    assert cfg.anonymous_config(SITE, "/").identity is Identity.BUILTIN_IUSR


def test_custom_account_is_an_account_with_its_password(cfg: AppHostConfig) -> None:
    cfg.set_anonymous(SITE, userName="CONTOSO\\webanon", password=CUSTOM_PASSWORD)
    config = cfg.anonymous_config(1, "/")
    assert config.identity is Identity.ACCOUNT
    assert config.password == Secret(CUSTOM_PASSWORD)
    assert config.split_user() == ("webanon", "CONTOSO")
    assert config.password_sync is False and config.iis5_isolation is False
    assert config.sources["user_name"] == f"{SERVER_LEVEL}/{SITE}"
    assert config.sources["logon_type"] == "schema default"


def test_app_pools_and_their_identities(cfg: AppHostConfig) -> None:
    cfg.add_app_pool("Shop", "specificuser", user_name="CONTOSO\\shop", password="Pool-Pa55")
    cfg.add_application(SITE, "/shop", "D:\\shop", app_pool="Shop")
    s = cfg.anonymous_settings(SITE, "/shop/cart")
    assert s.app_pool.name == "Shop" and s.app_pool.identity_type is IdentityType.SPECIFIC_USER
    assert cfg.anonymous_config(SITE, "/shop/cart").app_pool_identity == "SpecificUser"
    cfg.set_app_pool_identity("shop", IdentityType.NETWORK_SERVICE)
    assert cfg.app_pool("Shop").identity_type is IdentityType.NETWORK_SERVICE
    assert cfg.app_pool("Shop").password is None


def test_physical_paths_use_the_longest_application_and_vdir(cfg: AppHostConfig) -> None:
    cfg.add_virtual_directory(SITE, "/app", "/img", "E:\\images")
    cfg.add_application(SITE, "/app/api", "F:\\api")
    assert cfg.physical_path(1, "/app/page.htm") == "D:\\apps\\app\\page.htm"
    assert cfg.physical_path(1, "/app/img/a/b.png") == "E:\\images\\a\\b.png"
    assert cfg.physical_path(1, "/app/api/v1") == "F:\\api\\v1"
    assert cfg.physical_path(1, "/apple.htm") == "C:\\inetpub\\wwwroot\\apple.htm"
    assert cfg.physical_path(1, "/", expand=False) == "%SystemDrive%\\inetpub\\wwwroot"
    assert cfg.application_for(1, "/APP/API").path == "/app/api"


def test_auth_methods_tell_whether_any_method_lets_a_request_in(cfg: AppHostConfig) -> None:
    cfg.set_auth_enabled("anonymous", SITE, False)
    methods = cfg.auth_methods(1, "/app")
    assert not methods.any_enabled
    cfg.set_section(WINDOWS, f"{SITE}/app", enabled=True)
    assert cfg.auth_methods(1, "/app").any_enabled
    assert not cfg.auth_methods(1, "/").any_enabled
    cfg.set_auth_enabled("basic", None, True)
    config = cfg.anonymous_config(1, "/app")
    assert not config.anonymous_enabled
    assert config.other_methods == ("Windows", "Basic")


def test_schema_default_applies_when_no_level_sets_enabled(cfg: AppHostConfig) -> None:
    cfg.clear_anonymous(None, "enabled")
    found = cfg.effective(ANONYMOUS, SITE, "/", "enabled")
    assert (found.value, found.set_at) == (False, None)
    assert cfg.effective(BASIC, 1, "/", "enabled").set_at == SERVER_LEVEL


def test_version_counts_changes(cfg: AppHostConfig) -> None:
    before = cfg.version
    cfg.set_anonymous(SITE, enabled=False)
    cfg.clear_anonymous(SITE, "enabled")
    cfg.add_app_pool("P2")
    assert cfg.version == before + 3
    with pytest.raises(ModelError):
        cfg.set_anonymous(SITE, enabled="no")
    assert cfg.version == before + 3


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.set_anonymous(None, colour="blue"), "not an attribute"),
        (lambda c: c.set_anonymous("Intranet/app", enabled=True), "existing site"),
        (lambda c: c.set_anonymous(None, enabled="true"), "True or False"),
        (lambda c: c.set_anonymous(None, password=42), "Secret or str"),
        (lambda c: c.set_anonymous(None, logonMethod="Service"), "logonMethod must be one of"),
        (lambda c: c.set_anonymous(None, logonMethod=7), "logonMethod must be one of"),
        (lambda c: c.set_anonymous(None), "at least one attribute"),
        (lambda c: c.clear_anonymous(SITE, "password"), "not set at"),
        (lambda c: c.set_section("passportAuthentication", None, enabled=True), "section"),
        (lambda c: c.add_app_pool("p", "SpecificUser"), "names no userName"),
        (lambda c: c.add_app_pool("p", "Robot"), "not an identityType"),
        (lambda c: c.add_app_pool("defaultapppool"), "already exists"),
        (lambda c: c.add_site(SITE, "C:\\x"), "already exists"),
        (lambda c: c.add_site("Two", "C:\\x", site_id=1), "already in use"),
        (lambda c: c.add_application(SITE, "/x", "C:\\x", app_pool="Nope"), "no application pool"),
        (lambda c: c.add_application(SITE, "/APP", "C:\\x"), "already has"),
        (lambda c: c.anonymous_settings(9, "/"), "no site 9"),
        (lambda c: c.anonymous_settings(1, "page.htm"), "URL path"),
        (lambda c: c.anonymous_settings(1, "/a/../../b"), "climbs"),
    ],
)
def test_bad_input_is_a_model_error(cfg: AppHostConfig, call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(ModelError, match=message):
        call(cfg)


def test_sites_by_name_or_id(cfg: AppHostConfig) -> None:
    intranet = cfg.add_site("Intranet", "D:\\intranet")
    assert intranet.id == 2
    assert cfg.site("intranet") is cfg.site(2) is cfg.site("2")
    assert cfg.site_ids() == [1, 2]
    cfg.set_anonymous("Intranet", enabled=False)
    assert cfg.anonymous_settings("Intranet", "/").enabled is False
    assert cfg.anonymous_settings(SITE, "/").enabled is True


def test_passwords_never_show(cfg: AppHostConfig) -> None:
    cfg.set_anonymous(SITE, userName="CONTOSO\\webanon", password=CUSTOM_PASSWORD)
    pool = cfg.add_app_pool("Shop", "SpecificUser", user_name="CONTOSO\\p", password="Pool-Pa55")
    texts = [
        repr(cfg),
        repr(pool),
        str(pool),
        repr(AppPool("X", IdentityType.SPECIFIC_USER, "u", Secret("Pool-Pa55"))),
        repr(cfg.anonymous_settings(1, "/")),
        str(cfg.anonymous_settings(1, "/")),
        repr(cfg.anonymous_config(1, "/")),
        repr(cfg.effective(ANONYMOUS, 1, "/", "password")),
        repr(cfg.app_pools()),
    ]
    joined = "\n".join(texts)
    assert CUSTOM_PASSWORD not in joined and "Pool-Pa55" not in joined
