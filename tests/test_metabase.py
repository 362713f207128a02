"""The IIS 6 metabase model: schema, inheritance, adsutil behaviour and text (iis.md 1-3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.metabase import (
    E_NOT_SET,
    E_PATH_NOT_FOUND,
    Metabase,
    MetabaseNotSet,
    MetabasePathNotFound,
    render_property,
)
from winfacts.errors import ModelError
from winfacts.metabase import (
    ACCESS_FLAGS,
    ACCESS_READ,
    ACCESS_SCRIPT,
    AUTH_ANONYMOUS,
    AUTH_BASIC,
    AUTH_FLAGS,
    AUTH_NTLM,
    LOGON_METHOD_TO_LOGON_TYPE,
    SCHEMA,
    FlagSet,
    KeyClass,
    MetabaseKey,
    PropType,
    parse_flags,
    property_spec,
    render_flags,
)
from winfacts.secret import Secret

IUSR_PASSWORD = "Iusr-Right-Pa55"
IWAM_PASSWORD = "Iwam-Pa55-word"
WRONG_PASSWORD = "Wrong-Pa55-At-Site"
ROOT = "/LM/W3SVC/1/ROOT"


@pytest.fixture
def mb() -> Metabase:
    return Metabase.default(
        "web01", iusr_password=Secret(IUSR_PASSWORD), iwam_password=Secret(IWAM_PASSWORD)
    )


# -- schema -----------------------------------------------------------------------------------


def test_schema_ids_types_and_attributes_follow_the_reference() -> None:
    expected = {
        "AuthFlags": (6000, PropType.FLAGS, True, False, AUTH_ANONYMOUS),
        "AnonymousUserName": (6020, PropType.STRING, True, False, None),
        "AnonymousUserPass": (6021, PropType.STRING, True, True, None),
        "AnonymousPasswordSync": (6022, PropType.BOOL, True, False, True),
        "LogonMethod": (6013, PropType.DWORD, True, False, 3),
        "IIs5IsolationModeEnabled": (9203, PropType.BOOL, False, False, False),
        "AppPoolIdentityType": (9021, PropType.DWORD, True, False, 2),
        "DefaultLogonDomain": (6012, PropType.STRING, True, False, None),
        "Path": (3001, PropType.STRING, False, False, None),
        "UNCPassword": (3003, PropType.STRING, True, True, None),
        "AccessFlags": (6016, PropType.FLAGS, True, False, None),
        "AppPoolId": (9101, PropType.STRING, True, False, "DefaultAppPool"),
        "WAMUserPass": (7502, PropType.STRING, True, True, None),
    }
    for name, (prop_id, kind, inherit, secure, default) in expected.items():
        spec = property_spec(name)
        assert (spec.id, spec.type, spec.inherit, spec.secure, spec.default) == (
            prop_id,
            kind,
            inherit,
            secure,
            default,
        ), name


def test_user_token_ttl_is_not_a_metabase_property() -> None:
    assert "UserTokenTTL" not in {spec.name for spec in SCHEMA}
    with pytest.raises(ModelError, match="UserTokenTTL"):
        property_spec("UserTokenTTL")


def test_schema_ids_are_unique_and_secure_means_string() -> None:
    assert len({spec.id for spec in SCHEMA}) == len(SCHEMA)
    assert all(spec.type is PropType.STRING for spec in SCHEMA if spec.secure)


def test_property_names_match_case_insensitively() -> None:
    assert property_spec("anonymoususerpass").name == "AnonymousUserPass"


# -- flags ------------------------------------------------------------------------------------


def test_flags_render_as_metabase_xml_writes_them() -> None:
    assert render_flags("AuthFlags", AUTH_ANONYMOUS | AUTH_NTLM) == "AuthAnonymous | AuthNTLM"
    assert render_flags("AuthFlags", 0) == "0"
    assert render_flags("AccessFlags", ACCESS_READ | ACCESS_SCRIPT) == "AccessRead | AccessScript"
    assert AUTH_FLAGS.names(0x57) == (
        "AuthAnonymous",
        "AuthBasic",
        "AuthNTLM",
        "AuthMD5",
        "AuthPassport",
    )


def test_flags_parse_in_any_order_with_or_without_spaces() -> None:
    assert parse_flags("AuthFlags", "AuthNTLM|AuthAnonymous") == 5
    assert parse_flags("AuthFlags", " AuthBasic |  AuthAnonymous ") == AUTH_BASIC | AUTH_ANONYMOUS
    assert parse_flags("AuthFlags", "0") == 0
    assert parse_flags("AccessFlags", "AccessScript | 1") == 0x201


def test_flag_names_are_case_sensitive_like_the_file() -> None:
    with pytest.raises(ModelError, match="case-sensitive: write 'AuthAnonymous'"):
        parse_flags("AuthFlags", "authanonymous")


@pytest.mark.parametrize("text", ["", "AuthAnonymous |", "AuthKerberos", "8"])
def test_malformed_flags_are_model_errors(text: str) -> None:
    with pytest.raises(ModelError):
        parse_flags("AuthFlags", text)


def test_bits_without_a_name_can_not_be_rendered() -> None:
    with pytest.raises(ModelError, match="0x8"):
        render_flags("AuthFlags", 0x8 | AUTH_ANONYMOUS)


def test_render_flags_refuses_a_property_that_is_not_flags() -> None:
    with pytest.raises(ModelError, match="not a flags property"):
        render_flags("LogonMethod", 3)


def _subsets(flag_set: FlagSet) -> st.SearchStrategy[int]:
    bits = [bit for _, bit in flag_set.members]
    return st.sets(st.sampled_from(bits)).map(lambda chosen: sum(chosen))


@given(
    st.sampled_from([AUTH_FLAGS, ACCESS_FLAGS]).flatmap(
        lambda fs: st.tuples(st.just(fs), _subsets(fs))
    )
)
def test_flags_round_trip(case: tuple[FlagSet, int]) -> None:
    flag_set, value = case
    text = flag_set.render(value)
    assert flag_set.parse(text) == value
    assert render_flags(flag_set.prop, parse_flags(flag_set.prop, text)) == text


@given(
    st.sampled_from([AUTH_FLAGS, ACCESS_FLAGS]).flatmap(
        lambda fs: st.tuples(st.just(fs), st.permutations([name for name, _ in fs.members]))
    ),
    st.integers(min_value=0, max_value=5),
)
def test_parse_ignores_the_order_of_names(case: tuple[FlagSet, list[str]], count: int) -> None:
    flag_set, names = case
    chosen = names[:count]
    expected = sum(dict(flag_set.members)[name] for name in chosen)
    assert flag_set.parse(" | ".join(chosen) or "0") == expected


# -- a clean install --------------------------------------------------------------------------


def test_clean_install_keys_and_classes(mb: Metabase) -> None:
    classes = {key.location: key.key_class for key in mb.all_keys()}
    assert classes["/LM"] is KeyClass.COMPUTER
    assert classes["/LM/W3SVC"] is KeyClass.WEB_SERVICE
    assert classes["/LM/W3SVC/1"] is KeyClass.WEB_SERVER
    assert classes[ROOT] is KeyClass.WEB_VIRTUAL_DIR
    assert classes["/LM/W3SVC/AppPools"] is KeyClass.APPLICATION_POOLS
    assert classes["/LM/W3SVC/AppPools/DefaultAppPool"] is KeyClass.APPLICATION_POOL
    assert mb.global_key.key_class is KeyClass.IIS_GLOBAL
    assert mb.version == 0


def test_clean_install_values(mb: Metabase) -> None:
    assert mb.get("w3svc", "AnonymousUserName") == "IUSR_WEB01"
    assert mb.get("w3svc", "AnonymousUserPass") == Secret(IUSR_PASSWORD)
    assert mb.get("w3svc", "WAMUserName") == "IWAM_WEB01"
    assert mb.get("w3svc", "AnonymousPasswordSync") is False
    assert mb.get("w3svc", "IIs5IsolationModeEnabled") is False
    assert mb.get("w3svc/1/root", "Path") == "C:\\Inetpub\\wwwroot"
    assert mb.get("w3svc/1/root", "AccessFlags") == ACCESS_READ | ACCESS_SCRIPT
    assert mb.get("w3svc/1/root", "AppPoolId") == "DefaultAppPool"
    assert mb.get("w3svc/AppPools/DefaultAppPool", "AppPoolIdentityType") == 2
    assert mb.get("w3svc/1/root", "AuthFlags") == AUTH_ANONYMOUS | AUTH_NTLM
    assert mb.find("LogonMethod") == []  # not written: the schema default applies


def test_default_rejects_a_bad_computer_name() -> None:
    with pytest.raises(ModelError, match="computer name"):
        Metabase.default("web 01", iusr_password=Secret("a"), iwam_password=Secret("b"))


def test_sites_lists_ids_and_server_comments(mb: Metabase) -> None:
    assert [(s.site_id, s.server_comment) for s in mb.sites()] == [(1, "Default Web Site")]
    assert mb.site(1).location == "/LM/W3SVC/1"
    assert mb.site_ids() == [1]
    with pytest.raises(ModelError, match="no web site 2"):
        mb.site(2)


# -- inheritance ------------------------------------------------------------------------------


def test_site_level_password_hides_the_global_one_kb_case(mb: Metabase) -> None:
    """Microsoft's support case: a wrong AnonymousUserPass at site level wins below the site."""
    mb.set("w3svc/1", "AnonymousUserPass", Secret(WRONG_PASSWORD))
    for location in (ROOT, f"{ROOT}/app/page.htm"):
        found = mb.effective(location, "AnonymousUserPass")
        assert found.value == Secret(WRONG_PASSWORD)
        assert found.set_at == "/LM/W3SVC/1"
    settings = mb.anonymous_settings(1, "/default.htm")
    assert settings.anonymous_password == Secret(WRONG_PASSWORD)
    assert settings.set_at["anonymous_password"] == "/LM/W3SVC/1"
    # The user name is still the global one: only the password was overridden.
    assert settings.set_at["anonymous_user_name"] == "/LM/W3SVC"


def test_deleting_the_override_reexposes_the_ancestor(mb: Metabase) -> None:
    mb.set("w3svc/1", "AnonymousUserPass", Secret(WRONG_PASSWORD))
    mb.delete("w3svc/1", "AnonymousUserPass")
    found = mb.effective(ROOT, "AnonymousUserPass")
    assert (found.value, found.set_at) == (Secret(IUSR_PASSWORD), "/LM/W3SVC")


def test_nearest_setting_wins_then_the_schema_default(mb: Metabase) -> None:
    mb.set("w3svc", "LogonMethod", 2)
    mb.set("w3svc/1/root", "LogonMethod", 0)
    assert mb.effective(f"{ROOT}/x.htm", "LogonMethod").value == 0
    mb.delete("w3svc/1/root", "LogonMethod")
    assert mb.effective(f"{ROOT}/x.htm", "LogonMethod").set_at == "/LM/W3SVC"
    mb.delete("w3svc", "LogonMethod")
    found = mb.effective(f"{ROOT}/x.htm", "LogonMethod")
    assert (found.value, found.set_at, found.is_default) == (3, None, True)


def test_password_sync_unset_everywhere_is_the_schema_true(mb: Metabase) -> None:
    """Clean installs write FALSE; losing that line switches subauthentication back on."""
    assert mb.anonymous_settings(1, "/").password_sync is False
    mb.delete("w3svc", "AnonymousPasswordSync")
    found = mb.effective(ROOT, "AnonymousPasswordSync")
    assert (found.value, found.set_at) == (True, None)
    assert mb.anonymous_settings(1, "/").password_sync is True


def test_non_inherited_properties_apply_only_where_set(mb: Metabase) -> None:
    assert mb.effective(ROOT, "Path").value == "C:\\Inetpub\\wwwroot"
    assert mb.effective(f"{ROOT}/app", "Path").value is None
    assert mb.effective(ROOT, "ServerComment").value is None
    assert mb.effective("/LM/W3SVC/1", "ServerComment").value == "Default Web Site"


def test_isolation_mode_is_read_at_w3svc_only(mb: Metabase) -> None:
    mb.set("w3svc", "IIs5IsolationModeEnabled", True)
    # Not inherited: below /LM/W3SVC only the schema default shows...
    assert mb.effective(ROOT, "IIs5IsolationModeEnabled").value is False
    # ...but the request pipeline reads the service-wide switch.
    settings = mb.anonymous_settings(1, "/a/b.htm")
    assert settings.isolation_mode_iis5 is True
    assert settings.set_at["isolation_mode_iis5"] == "/LM/W3SVC"
    with pytest.raises(ModelError, match="only be set at /LM/W3SVC"):
        mb.set("w3svc/1", "IIs5IsolationModeEnabled", True)


@given(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=6, max_size=6))
def test_effective_is_the_deepest_value_on_the_way_down(values: list[int | None]) -> None:
    mb = Metabase.default("web01", iusr_password=Secret("a"), iwam_password=Secret("b"))
    mb.create_key("w3svc/1/root/app", KeyClass.WEB_DIRECTORY)
    mb.create_key("w3svc/1/root/app/page.htm", KeyClass.WEB_FILE)
    chain = mb.url_keys(1, "/app/page.htm")
    for location, value in zip(chain, values, strict=True):
        if value is not None:
            mb.set(location, "LogonMethod", value)
    set_levels = [(loc, v) for loc, v in zip(chain, values, strict=True) if v is not None]
    expected = set_levels[-1] if set_levels else (None, 3)
    found = mb.effective(chain[-1], "LogonMethod")
    assert (found.set_at, found.value) == expected


# -- adsutil operations ------------------------------------------------------------------------


def test_get_does_not_see_inherited_values(mb: Metabase) -> None:
    with pytest.raises(MetabaseNotSet) as caught:
        mb.get("w3svc/1/root", "AnonymousUserName")
    error = caught.value
    assert isinstance(error, ModelError)
    assert str(error) == 'The parameter "AnonymousUserName" is not set at this node.'
    assert error.code == E_NOT_SET == 0x80005006
    assert error.location == ROOT


def test_get_on_a_missing_key_is_path_not_found(mb: Metabase) -> None:
    with pytest.raises(MetabasePathNotFound) as caught:
        mb.get("w3svc/9/root", "AuthFlags")
    assert caught.value.code == E_PATH_NOT_FOUND
    assert isinstance(caught.value, ModelError)


def test_paths_match_case_insensitively_and_keep_the_stored_case(mb: Metabase) -> None:
    assert mb.get("W3SVC/1/Root", "authflags") == 5
    assert mb.get("/lm/w3svc/1/root", "AuthFlags") == 5
    mb.set("w3svc/1/root/App", "LogonMethod", 1)
    mb.set("W3SVC/1/ROOT/APP", "LogonMethod", 2)
    assert mb.find("LogonMethod") == ["/LM/W3SVC/1/ROOT/App"]
    assert mb.get("w3svc/1/root/app", "LogonMethod") == 2
    assert mb.url_keys(1, "/APP/Page.htm") == (
        "/LM",
        "/LM/W3SVC",
        "/LM/W3SVC/1",
        ROOT,
        "/LM/W3SVC/1/ROOT/App",
        "/LM/W3SVC/1/ROOT/App/Page.htm",
    )


def test_set_creates_missing_keys_as_config_objects(mb: Metabase) -> None:
    mb.set("w3svc/1/root/app/sub", "AuthFlags", AUTH_BASIC)
    assert mb.key("w3svc/1/root/app").key_class is KeyClass.CONFIG_OBJECT
    assert mb.key("w3svc/1/root/app/sub").key_class is KeyClass.CONFIG_OBJECT
    assert mb.enum("w3svc/1/root").children == ("app",)


def test_create_vdir_and_keys(mb: Metabase) -> None:
    vdir = mb.create_vdir("w3svc/1/root/shop", "D:\\shop")
    assert vdir.key_class is KeyClass.WEB_VIRTUAL_DIR
    assert mb.physical_path(1, "/shop/img/a.png").value == "D:\\shop\\img\\a.png"
    assert mb.create_key("w3svc/1/root/shop/img", "iiswebdirectory").key_class is (
        KeyClass.WEB_DIRECTORY
    )
    with pytest.raises(ModelError, match="already exists"):
        mb.create_key("W3SVC/1/ROOT/SHOP", KeyClass.WEB_DIRECTORY)
    with pytest.raises(MetabasePathNotFound):
        mb.create_key("w3svc/7/root", KeyClass.WEB_VIRTUAL_DIR)
    with pytest.raises(ModelError, match="not a metabase key class"):
        mb.create_key("w3svc/1/root/x", "IIsWebThing")


def test_delete_key_removes_the_subtree(mb: Metabase) -> None:
    mb.set("w3svc/1/root/app/sub", "LogonMethod", 0)
    mb.delete_key("w3svc/1/root/APP")
    assert not mb.exists("w3svc/1/root/app/sub")
    assert mb.effective(f"{ROOT}/app/sub", "LogonMethod").value == 3
    with pytest.raises(ModelError):
        mb.delete_key("/")


def test_delete_of_an_unset_property_is_reported(mb: Metabase) -> None:
    with pytest.raises(MetabaseNotSet):
        mb.delete("w3svc/1/root", "AnonymousUserPass")


def test_put_key_fills_in_missing_parents() -> None:
    mb = Metabase([MetabaseKey("/LM/W3SVC/3/root", KeyClass.WEB_VIRTUAL_DIR, {"Path": "E:\\"})])
    assert mb.key("w3svc/3").key_class is KeyClass.CONFIG_OBJECT
    assert mb.key("w3svc/3/ROOT").location == "/LM/W3SVC/3/root"


# -- validation ------------------------------------------------------------------------------


def test_a_string_for_a_dword_is_a_clear_error(mb: Metabase) -> None:
    with pytest.raises(ModelError, match="LogonMethod is a DWORD: expected an integer, got str"):
        mb.set("w3svc", "LogonMethod", "3")


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("LogonMethod", 4, "between 0 and 3"),
        ("AppPoolIdentityType", -1, "does not fit a DWORD"),
        ("AuthFlags", 0x8, "no flag name"),
        ("AuthFlags", "AuthAnonymous", "parse_flags"),
        ("AnonymousPasswordSync", 1, "BOOL"),
        ("AnonymousUserName", 5, "STRING"),
        ("ServerComment", Secret("x"), "not a SECURE property"),
        ("ServerBindings", ":80:", "list of strings"),
        ("NoSuchProperty", 1, "not a metabase property"),
    ],
)
def test_bad_values_are_model_errors(mb: Metabase, prop: str, value: object, message: str) -> None:
    before = mb.version
    with pytest.raises(ModelError, match=message):
        mb.set("w3svc", prop, value)
    assert mb.version == before


@pytest.mark.parametrize("url", ["app/page.htm", "/app/../../x", ""])
def test_bad_urls_are_model_errors(mb: Metabase, url: str) -> None:
    with pytest.raises(ModelError, match=r"URL path|climbs"):
        mb.url_keys(1, url)


def test_secure_strings_are_stored_as_secrets(mb: Metabase) -> None:
    stored = mb.set("w3svc/1", "UNCPassword", "plain-typed")
    assert isinstance(stored, Secret)
    assert isinstance(mb.get("w3svc/1", "UNCPassword"), Secret)


# -- URL mapping and the pipeline's view -------------------------------------------------------


def test_url_keys_and_the_deepest_existing_key(mb: Metabase) -> None:
    assert mb.url_keys(1, "/") == ("/LM", "/LM/W3SVC", "/LM/W3SVC/1", ROOT)
    assert mb.deepest_key(1, "/app/page.htm").location == ROOT
    mb.create_key("w3svc/1/root/app", KeyClass.WEB_DIRECTORY)
    assert mb.deepest_key(1, "/app/page.htm").location == f"{ROOT}/app"
    with pytest.raises(ModelError):
        mb.url_keys(5, "/")


def test_physical_path_joins_the_rest_of_the_url(mb: Metabase) -> None:
    found = mb.physical_path(1, "/app/page.htm")
    assert (found.value, found.set_at) == ("C:\\Inetpub\\wwwroot\\app\\page.htm", ROOT)
    assert mb.physical_path(1, "/").value == "C:\\Inetpub\\wwwroot"


def test_anonymous_settings_of_a_clean_install(mb: Metabase) -> None:
    s = mb.anonymous_settings(1, "/iisstart.htm")
    assert s.auth_flags == AUTH_ANONYMOUS | AUTH_NTLM
    assert s.anonymous_enabled and s.other_methods == ("NTLM",)
    assert s.anonymous_user_name == "IUSR_WEB01"
    assert s.anonymous_password == Secret(IUSR_PASSWORD)
    assert (s.logon_method, s.logon_type) == (3, 8)
    assert s.isolation_mode_iis5 is False
    assert (s.app_pool_id, s.app_pool_identity_type, s.app_pool_user_name) == (
        "DefaultAppPool",
        2,
        None,
    )
    assert s.default_logon_domain is None
    assert s.physical_path == "C:\\Inetpub\\wwwroot\\iisstart.htm"
    assert s.default_documents[0] == "Default.htm"
    assert dict(s.set_at) == {
        "auth_flags": ROOT,
        "anonymous_user_name": "/LM/W3SVC",
        "anonymous_password": "/LM/W3SVC",
        "password_sync": "/LM/W3SVC",
        "logon_method": None,
        "isolation_mode_iis5": "/LM/W3SVC",
        "app_pool_id": ROOT,
        "app_pool_identity_type": "/LM/W3SVC/AppPools/DefaultAppPool",
        "app_pool_user_name": None,
        "default_logon_domain": None,
        "default_documents": ROOT,
        "physical_path": ROOT,
    }


def test_anonymous_settings_follow_the_app_pool_and_upgrade_leftovers(mb: Metabase) -> None:
    mb.create_key("w3svc/AppPools/Shop", KeyClass.APPLICATION_POOL)
    mb.set("w3svc/AppPools/Shop", "AppPoolIdentityType", 3)
    mb.set("w3svc/AppPools/Shop", "WAMUserName", "CONTOSO\\shoppool")
    mb.create_vdir("w3svc/1/root/shop", "D:\\shop")
    mb.set("w3svc/1/root/shop", "AppPoolId", "Shop")
    mb.set("w3svc/1/root/shop", "LogonMethod", 0)  # an IIS 5 leftover
    s = mb.anonymous_settings(1, "/shop/cart.asp")
    assert (s.app_pool_id, s.app_pool_identity_type) == ("Shop", 3)
    assert s.app_pool_user_name == "CONTOSO\\shoppool"
    assert s.logon_type == 2
    assert s.set_at["logon_method"] == f"{ROOT}/shop"


def test_anonymous_disabled_shows_in_the_flags(mb: Metabase) -> None:
    mb.set("w3svc/1/root", "AuthFlags", parse_flags("AuthFlags", "AuthBasic | AuthNTLM"))
    s = mb.anonymous_settings(1, "/")
    assert not s.anonymous_enabled
    assert s.other_methods == ("Basic", "NTLM")


def test_logon_method_mapping() -> None:
    assert dict(LOGON_METHOD_TO_LOGON_TYPE) == {0: 2, 1: 4, 2: 3, 3: 8}


def test_anonymous_config_is_the_pipeline_view(mb: Metabase) -> None:
    config = mb.anonymous_config("Default Web Site", "/")
    assert config.site_id == 1 and config.site_name == "W3SVC1"
    assert config.user_name == "IUSR_WEB01" and config.password == Secret(IUSR_PASSWORD)
    assert (config.logon_type, config.app_pool_identity) == (8, "NetworkService")
    assert config.sources["logon_type"] == "schema default"
    assert config.sources["password"] == "/LM/W3SVC"
    assert mb.anonymous_config("1", "/") == config
    with pytest.raises(ModelError, match="no web site named"):
        mb.anonymous_config("Intranet", "/")


def test_version_counts_every_change(mb: Metabase) -> None:
    versions = [mb.version]
    mb.set("w3svc/1/root", "LogonMethod", 2)
    versions.append(mb.version)
    mb.delete("w3svc/1/root", "LogonMethod")
    versions.append(mb.version)
    mb.create_key("w3svc/1/root/a", KeyClass.WEB_DIRECTORY)
    versions.append(mb.version)
    mb.delete_key("w3svc/1/root/a")
    versions.append(mb.version)
    assert versions == sorted(set(versions))
    with pytest.raises(ModelError):
        mb.get("w3svc", "LogonMethod")
    assert mb.version == versions[-1]  # reads change nothing


# -- adsutil text -----------------------------------------------------------------------------


def test_adsutil_get_lines_match_the_reference(mb: Metabase) -> None:
    mb.set("w3svc", "AnonymousUserName", "WEB01\\IUSR_WEB01")
    mb.set("w3svc", "LogonMethod", 3)
    assert mb.adsutil("GET", "w3svc/AnonymousUserName").output == (
        'AnonymousUserName               : (STRING) "WEB01\\IUSR_WEB01"'
    )
    assert mb.adsutil("GET", "w3svc/AnonymousUserPass").output == (
        'AnonymousUserPass               : (STRING) "**********"'
    )
    assert mb.adsutil("GET", "w3svc/AnonymousPasswordSync").output == (
        "AnonymousPasswordSync           : (BOOLEAN) False"
    )
    assert mb.adsutil("GET", "w3svc/LogonMethod").output == (
        "LogonMethod                     : (INTEGER) 3"
    )
    assert mb.adsutil("GET", "w3svc/1/root/AuthFlags").output.endswith("(INTEGER) 5")


def test_property_lines_pad_the_name_to_32_columns() -> None:
    line = render_property("AuthFlags", 1)
    assert line[:32] == "AuthFlags".ljust(32) and line[32:] == ": (INTEGER) 1"


def test_adsutil_get_not_set_text_and_exit_code(mb: Metabase) -> None:
    result = mb.adsutil("GET", "w3svc/1/root/AnonymousUserPass")
    assert result.output == 'The parameter "AnonymousUserPass" is not set at this node.'
    assert result.exit_code == 0x80005006


def test_adsutil_missing_path(mb: Metabase) -> None:
    result = mb.adsutil("GET", "w3svc/4/root/AuthFlags")
    assert result.exit_code == 0x80070003
    assert result.output.splitlines()[0] == "ErrNumber: -2147024893 (0x80070003)"


def test_adsutil_set_delete_find(mb: Metabase) -> None:
    assert mb.adsutil("SET", "w3svc/1/AnonymousUserPass", WRONG_PASSWORD).output == (
        'AnonymousUserPass               : (STRING) "**********"'
    )
    assert mb.get("w3svc/1", "AnonymousUserPass") == Secret(WRONG_PASSWORD)
    assert mb.adsutil("FIND", "anonymoususerpass").output == (
        "Property AnonymousUserPass found at:\n  W3SVC\n  W3SVC/1"
    )
    assert mb.adsutil("DELETE", "w3svc/1/AnonymousUserPass").output == (
        'deleted property "AnonymousUserPass"'
    )
    assert mb.adsutil("SET", "w3svc/AnonymousPasswordSync", "TRUE").output.endswith("True")
    assert mb.get("w3svc", "AnonymousPasswordSync") is True


def test_adsutil_enum_lists_properties_then_children(mb: Metabase) -> None:
    assert mb.adsutil("ENUM", "w3svc/1").output == "\n".join(
        [
            'ServerBindings                  : (LIST) (1 Items)\n  ":80:"',
            'ServerComment                   : (STRING) "Default Web Site"',
            "",
            "[/w3svc/1/filters]",
            "[/w3svc/1/ROOT]",
        ]
    )


def test_adsutil_create_vdir_and_delete_path(mb: Metabase) -> None:
    assert mb.adsutil("CREATE_VDIR", "w3svc/1/root/shop").output == 'created "w3svc/1/root/shop"'
    assert mb.key("w3svc/1/root/shop").key_class is KeyClass.WEB_VIRTUAL_DIR
    assert mb.adsutil("DELETE", "w3svc/1/root/shop").output == 'deleted path "w3svc/1/root/shop"'
    assert not mb.exists("w3svc/1/root/shop")


@pytest.mark.parametrize(
    "args",
    [(), ("FROB", "w3svc"), ("SET", "w3svc/LogonMethod"), ("SET", "w3svc/LogonMethod", "three")],
)
def test_malformed_adsutil_command_lines_raise(mb: Metabase, args: tuple[str, ...]) -> None:
    with pytest.raises(ModelError):
        mb.adsutil(*args)


# -- secrets ----------------------------------------------------------------------------------


def test_passwords_never_show(mb: Metabase) -> None:
    mb.set("w3svc/1", "AnonymousUserPass", Secret(WRONG_PASSWORD))
    mb.set("w3svc/1/root", "UNCPassword", "Unc-Pa55-word")
    texts = [repr(key) for key in mb.all_keys()]
    texts += [str(key) for key in mb.all_keys()]
    texts.append(repr(mb))
    texts.append(repr(mb.anonymous_settings(1, "/")))
    texts.append(str(mb.anonymous_settings(1, "/")))
    texts.append(repr(mb.anonymous_config(1, "/")))
    texts.append(repr(mb.effective(ROOT, "AnonymousUserPass")))
    texts.append(repr(mb.enum("w3svc/1")))
    for args in (
        ("ENUM", "w3svc"),
        ("ENUM", "w3svc/1"),
        ("ENUM", "w3svc/1/root"),
        ("GET", "w3svc/AnonymousUserPass"),
        ("GET", "w3svc/WAMUserPass"),
        ("GET", "w3svc/1/root/UNCPassword"),
        ("SET", "w3svc/AnonymousUserPass", "Another-Pa55"),
    ):
        result = mb.adsutil(*args)
        texts.append(result.output)
        texts.append(repr(result))
    joined = "\n".join(texts)
    for password in (IUSR_PASSWORD, IWAM_PASSWORD, WRONG_PASSWORD, "Unc-Pa55-word", "Another-Pa55"):
        assert password not in joined
    assert '"**********"' in joined


def test_effective_values_have_typed_views(mb: Metabase) -> None:
    assert mb.effective(ROOT, "AuthFlags").as_int() == 5
    assert mb.effective(ROOT, "AnonymousPasswordSync").as_bool() is False
    assert mb.effective(ROOT, "AnonymousUserName").as_str() == "IUSR_WEB01"
    assert mb.effective(ROOT, "AnonymousUserPass").as_secret() == Secret(IUSR_PASSWORD)
    assert mb.effective(ROOT, "DefaultLogonDomain").as_str() is None
    with pytest.raises(ModelError, match="not a DWORD"):
        mb.effective(ROOT, "AnonymousUserName").as_int()
    with pytest.raises(ModelError, match="not a BOOL"):
        mb.effective(ROOT, "LogonMethod").as_bool()
