"""MetaBase.xml: the writer's layout, the reader on real-world quirks and hostile input, and the
round trip model -> file -> model (iis.md 1; contract section 3)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.metabase_xml import (
    MAX_METABASE_BYTES,
    MetabaseDocument,
    read_metabase_xml,
)
from checks.readers.opaque import OPAQUE_SECRET, SecureState, is_opaque
from simulator.export.metabase_xml import write_metabase_xml
from simulator.metabase import Metabase
from tests.support.fuzzing import mutated_bytes
from winfacts.iis_settings import Identity
from winfacts.metabase import AUTH_ANONYMOUS, AUTH_BASIC, AUTH_NTLM, KeyClass, MetabaseView
from winfacts.secret import Secret

IUSR_PASSWORD = "Iusr-Right-Pa55"
IWAM_PASSWORD = "Iwam-Pa55-word"
WRONG_PASSWORD = "Wrong-Pa55-At-Site"
ROOT = "/LM/W3SVC/1/ROOT"
URLS = ("/", "/app", "/app/deep/page.htm", "/vdir/x.gif", "/nothing/here")


def _default() -> Metabase:
    return Metabase.default(
        "web01", iusr_password=Secret(IUSR_PASSWORD), iwam_password=Secret(IWAM_PASSWORD)
    )


def _with_app_and_vdir() -> Metabase:
    mb = _default()
    mb.create_key(f"{ROOT}/app", KeyClass.WEB_DIRECTORY)
    mb.create_vdir(f"{ROOT}/vdir", "D:\\shared")
    return mb


def _write(tmp: Path, data: bytes, name: str = "MetaBase.xml") -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def _round_trip(tmp: Path, mb: Metabase) -> MetabaseDocument:
    return read_metabase_xml(_write(tmp, write_metabase_xml(mb)))


# -- the writer -----------------------------------------------------------------------------------


# The file `write_metabase_xml` writes for a clean install: the layout of real IIS 6 files (an
# XML declaration with the blank before "=", one element per key named after its class, each
# attribute on its own line after two tabs, sorted by name, the closing ">" alone after one tab,
# CRLF). Secure values are the opaque "49634462..." text of an encrypted value, never a password.
DEFAULT_FILE = "\r\n".join(
    [
        '<?xml version ="1.0"?>',
        '<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0">',
        "<MBProperty>",
        '<IIS_Global\tLocation ="."',
        '\t\tBINSchemaTimeStamp="248e296f33bfc201"',
        '\t\tChangeNumber="0"',
        '\t\tHistoryMajorVersionNumber="1"',
        '\t\tSessionKey="49634b628df4b8aa3e3878baa171c2ae89b91a5140d89ff8b75b6b492e1836867a76'
        'acf520350268dcb63bfce6e3ba3f60b3629b7b59e3bc8312f417a3e094fd3fd45ec7"',
        '\t\tXMLSchemaTimeStamp="a4c7356f33bfc201"',
        "\t>",
        "</IIS_Global>",
        '<IIS_ROOT\tLocation ="/"',
        "\t>",
        "</IIS_ROOT>",
        '<IIsComputer\tLocation ="/LM"',
        "\t>",
        "</IIsComputer>",
        '<IIsWebService\tLocation ="/LM/W3SVC"',
        '\t\tAnonymousPasswordSync="FALSE"',
        '\t\tAnonymousUserName="IUSR_WEB01"',
        '\t\tAnonymousUserPass="4963446248c07f2ae203784b2f4b6426f5fa89938fba3173414a704b084d0f'
        '5f57e24b464b0a02ab8469df4ad8cf6a65f9e3afd8294d7f5e0466e765b6c9fd809a1e6371"',
        '\t\tAuthFlags="AuthAnonymous"',
        '\t\tIIs5IsolationModeEnabled="FALSE"',
        '\t\tWAMUserName="IWAM_WEB01"',
        '\t\tWAMUserPass="49634462d1de3b8eb8bcca9dc0daca353a57e53b248ba5353280318bb195e0fdebc0'
        'aaf9b40e3d8eea102b81c28611e9702e5c8b8a35324001ddaf40af486bb8334fb91a"',
        "\t>",
        "</IIsWebService>",
        '<IIsWebServer\tLocation ="/LM/W3SVC/1"',
        '\t\tServerBindings=":80:"',
        '\t\tServerComment="Default Web Site"',
        "\t>",
        "</IIsWebServer>",
        '<IIsFilters\tLocation ="/LM/W3SVC/1/filters"',
        "\t>",
        "</IIsFilters>",
        '<IIsWebVirtualDir\tLocation ="/LM/W3SVC/1/ROOT"',
        '\t\tAccessFlags="AccessRead | AccessScript"',
        '\t\tAppPoolId="DefaultAppPool"',
        '\t\tAuthFlags="AuthAnonymous | AuthNTLM"',
        '\t\tDefaultDoc="Default.htm,Default.asp,index.htm,iisstart.htm,Default.aspx"',
        '\t\tPath="C:\\Inetpub\\wwwroot"',
        "\t>",
        "</IIsWebVirtualDir>",
        '<IIsApplicationPools\tLocation ="/LM/W3SVC/AppPools"',
        "\t>",
        "</IIsApplicationPools>",
        '<IIsApplicationPool\tLocation ="/LM/W3SVC/AppPools/DefaultAppPool"',
        '\t\tAppPoolIdentityType="2"',
        "\t>",
        "</IIsApplicationPool>",
        '<IIsFilters\tLocation ="/LM/W3SVC/Filters"',
        "\t>",
        "</IIsFilters>",
        "</MBProperty>",
        "</configuration>",
        "",
    ]
)
#: The opaque text written for AnonymousUserPass at /LM/W3SVC/1 (any password, any server).
SITE_ANONYMOUS_PASS = (
    "49634462e2585b33e91ae881321756e82eda947c3f2f766d5c5a718a6ddc91027b14c2a794d9de69e984d9cd"
    "4d69cc83de0f60f840f8075a45674dde5315b8b47ce54656"
)


def test_layout_follows_real_files() -> None:
    data = write_metabase_xml(_default())
    assert data == DEFAULT_FILE.encode("utf-8")  # UTF-8 without a byte order mark


def test_flags_booleans_and_custom_properties() -> None:
    mb = _default()
    mb.set(ROOT, "AuthFlags", 0)
    mb.set("/LM/W3SVC", "AnonymousPasswordSync", True)
    mb.set(f"{ROOT}/localstart.asp", "AuthFlags", AUTH_BASIC | AUTH_NTLM)  # IIsConfigObject
    mb.set(f"{ROOT}/localstart.asp", "AnonymousUserPass", "Localstart-Pa55")
    mb.set("/LM/W3SVC/1", "ServerBindings", (":80:", "10.0.0.1:8080:www.example.org"))
    text = write_metabase_xml(mb).decode("utf-8")
    assert '\t\tAuthFlags="0"\r\n' in text
    assert '\t\tAnonymousPasswordSync="TRUE"\r\n' in text
    assert (
        '<IIsConfigObject\tLocation ="/LM/W3SVC/1/ROOT/localstart.asp"\r\n\t>\r\n'
        '\t<Custom\r\n\t\tName="AnonymousUserPass"\r\n\t\tID="6021"\r\n'
    ) in text
    assert (
        '\t\tName="AuthFlags"\r\n\t\tID="6000"\r\n\t\tValue="AuthBasic | AuthNTLM"\r\n'
        '\t\tType="DWORD"\r\n\t\tUserType="IIS_MD_UT_FILE"\r\n\t\tAttributes="INHERIT"\r\n\t/>\r\n'
    ) in text
    assert '\t\tAttributes="INHERIT | SECURE"\r\n' in text
    assert '\t\tServerBindings=":80:\r\n\t\t\t10.0.0.1:8080:www.example.org"\r\n' in text


def test_no_password_ever_appears_in_the_file() -> None:
    mb = _with_app_and_vdir()
    mb.set("/LM/W3SVC/1", "AnonymousUserPass", WRONG_PASSWORD)
    mb.set(f"{ROOT}/vdir", "UNCPassword", "Unc-Share-Pa55")
    data = write_metabase_xml(mb)
    for secret in (IUSR_PASSWORD, IWAM_PASSWORD, WRONG_PASSWORD, "Unc-Share-Pa55"):
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in data
        assert secret.encode().hex().encode() not in data.lower()
    assert f'\t\tAnonymousUserPass="{SITE_ANONYMOUS_PASS}"\r\n'.encode() in data


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t))
def test_secure_values_do_not_depend_on_the_password(password: str) -> None:
    baseline = _default()
    other = Metabase.default("web01", iusr_password=Secret(password), iwam_password=Secret("x"))
    assert write_metabase_xml(other) == write_metabase_xml(baseline) == DEFAULT_FILE.encode()


def test_an_empty_password_is_written_empty() -> None:
    mb = _default()
    mb.set("/LM/W3SVC/1", "AnonymousUserPass", "")
    assert '\t\tAnonymousUserPass=""\r\n' in write_metabase_xml(mb).decode()


# -- round trips ----------------------------------------------------------------------------------


def _site_password(mb: Metabase) -> None:
    mb.set("/LM/W3SVC/1", "AnonymousUserPass", WRONG_PASSWORD)


def _anonymous_off(mb: Metabase) -> None:
    mb.set(ROOT, "AuthFlags", AUTH_NTLM)


def _sync_on(mb: Metabase) -> None:
    mb.set("/LM/W3SVC", "AnonymousPasswordSync", True)


def _sync_deleted(mb: Metabase) -> None:
    mb.delete("/LM/W3SVC", "AnonymousPasswordSync")  # the schema default TRUE applies


def _iis5_mode(mb: Metabase) -> None:
    mb.set("/LM/W3SVC", "IIs5IsolationModeEnabled", True)


def _interactive(mb: Metabase) -> None:
    mb.set(f"{ROOT}/app", "LogonMethod", 0)


def _vdir_user(mb: Metabase) -> None:
    mb.set(f"{ROOT}/vdir", "AnonymousUserName", "CONTOSO\\web_anon")
    mb.set(f"{ROOT}/vdir", "AnonymousUserPass", "Vdir-Pa55")
    mb.set(f"{ROOT}/vdir", "AuthFlags", AUTH_ANONYMOUS | AUTH_BASIC)


def _specific_pool(mb: Metabase) -> None:
    mb.create_key("/LM/W3SVC/AppPools/Custom", KeyClass.APPLICATION_POOL)
    mb.set("/LM/W3SVC/AppPools/Custom", "AppPoolIdentityType", 3)
    mb.set("/LM/W3SVC/AppPools/Custom", "WAMUserName", "WEB01\\svc_pool")
    mb.set("/LM/W3SVC/AppPools/Custom", "WAMUserPass", "Pool-Pa55")
    mb.set(f"{ROOT}/app", "AppPoolId", "Custom")


def _no_auth_at_all(mb: Metabase) -> None:
    mb.set(f"{ROOT}/app", "AuthFlags", 0)
    mb.set(f"{ROOT}/app", "DefaultLogonDomain", "CONTOSO")


def _nothing(mb: Metabase) -> None:
    return None


CHANGES: dict[str, Callable[[Metabase], None]] = {
    "clean install": _nothing,
    "site-level AnonymousUserPass": _site_password,
    "AuthFlags without AuthAnonymous": _anonymous_off,
    "AnonymousPasswordSync TRUE": _sync_on,
    "AnonymousPasswordSync deleted": _sync_deleted,
    "IIs5IsolationModeEnabled TRUE": _iis5_mode,
    "LogonMethod 0 on a directory": _interactive,
    "vdir with its own anonymous user": _vdir_user,
    "pool with a specific identity": _specific_pool,
    "AuthFlags 0 and a logon domain": _no_auth_at_all,
}


def _resolved(view: MetabaseView, url: str) -> dict[str, object]:
    """What IIS 6 resolves for an anonymous request to ``url`` on site 1, flattened: the
    settings, where each was set ("at:" keys, None for the schema default), the pipeline's view
    ("config" values and its "src:" sources) and the password's state: "none", "empty",
    "opaque" (read from a file) or "secret" (the model's own)."""
    s = view.anonymous_settings(1, url)
    c = view.anonymous_config(1, url)
    password = s.anonymous_password
    state = (
        "none"
        if password is None
        else "empty"
        if password.is_empty
        else "opaque"
        if is_opaque(password)
        else "secret"
    )
    assert c.password is password
    found: dict[str, object] = {
        "location": s.location,
        "auth_flags": s.auth_flags,
        "other_methods": c.other_methods,
        "anonymous_enabled": c.anonymous_enabled,
        "user": s.anonymous_user_name,
        "password": state,
        "sync": c.password_sync,
        "logon_method": s.logon_method,
        "logon_type": c.logon_type,
        "iis5": c.iis5_isolation,
        "pool": c.app_pool,
        "pool_type": s.app_pool_identity_type,
        "pool_identity": c.app_pool_identity,
        "pool_user": s.app_pool_user_name,
        "domain": s.default_logon_domain,
        "path": c.physical_path,
        "docs": c.default_documents,
        "config": (c.site_id, c.site_name, c.identity, c.user_name, c.default_logon_domain),
    }
    found.update({f"at:{name}": where for name, where in s.set_at.items()})
    found.update({f"src:{name}": where for name, where in c.sources.items()})
    return found


_DOCS = ("Default.htm", "Default.asp", "index.htm", "iisstart.htm", "Default.aspx")
#: A clean install, for every URL: AuthFlags 5 (AuthAnonymous | AuthNTLM) on ROOT, IUSR_WEB01
#: and its password on /LM/W3SVC, LogonMethod unset (schema default 3, network cleartext:
#: LogonUser type 8), DefaultAppPool with AppPoolIdentityType 2 (NetworkService).
_COMMON: dict[str, object] = {
    "auth_flags": 5,
    "other_methods": ("NTLM",),
    "anonymous_enabled": True,
    "user": "IUSR_WEB01",
    "password": "opaque",
    "sync": False,
    "logon_method": 3,
    "logon_type": 8,
    "iis5": False,
    "pool": "DefaultAppPool",
    "pool_type": 2,
    "pool_identity": "NetworkService",
    "pool_user": None,
    "domain": None,
    "docs": _DOCS,
    "config": (1, "W3SVC1", Identity.ACCOUNT, "IUSR_WEB01", ""),
    "at:auth_flags": "/LM/W3SVC/1/ROOT",
    "at:anonymous_user_name": "/LM/W3SVC",
    "at:anonymous_password": "/LM/W3SVC",
    "at:password_sync": "/LM/W3SVC",
    "at:logon_method": None,
    "at:isolation_mode_iis5": "/LM/W3SVC",
    "at:app_pool_id": "/LM/W3SVC/1/ROOT",
    "at:app_pool_identity_type": "/LM/W3SVC/AppPools/DefaultAppPool",
    "at:app_pool_user_name": None,
    "at:default_logon_domain": None,
    "at:default_documents": "/LM/W3SVC/1/ROOT",
    "at:physical_path": "/LM/W3SVC/1/ROOT",
    "src:anonymous_enabled": "/LM/W3SVC/1/ROOT",
    "src:user_name": "/LM/W3SVC",
    "src:password": "/LM/W3SVC",
    "src:logon_type": "schema default",
    "src:password_sync": "/LM/W3SVC",
    "src:iis5_isolation": "/LM/W3SVC",
    "src:app_pool": "/LM/W3SVC/1/ROOT",
    "src:app_pool_identity": "/LM/W3SVC/AppPools/DefaultAppPool",
    "src:default_logon_domain": "schema default",
    "src:physical_path": "/LM/W3SVC/1/ROOT",
    "src:default_documents": "/LM/W3SVC/1/ROOT",
}
CLEAN: dict[str, dict[str, object]] = {
    "/": _COMMON | {"location": "/LM/W3SVC/1/ROOT", "path": "C:\\Inetpub\\wwwroot"},
    "/app": _COMMON | {"location": "/LM/W3SVC/1/ROOT/app", "path": "C:\\Inetpub\\wwwroot\\app"},
    "/app/deep/page.htm": _COMMON
    | {
        "location": "/LM/W3SVC/1/ROOT/app/deep/page.htm",
        "path": "C:\\Inetpub\\wwwroot\\app\\deep\\page.htm",
    },
    # The vdir's own Path decides below it.
    "/vdir/x.gif": _COMMON
    | {
        "location": "/LM/W3SVC/1/ROOT/vdir/x.gif",
        "path": "D:\\shared\\x.gif",
        "at:physical_path": "/LM/W3SVC/1/ROOT/vdir",
        "src:physical_path": "/LM/W3SVC/1/ROOT/vdir",
    },
    # No key there: the nearest one, ROOT, decides and the URL is joined to its Path.
    "/nothing/here": _COMMON
    | {
        "location": "/LM/W3SVC/1/ROOT/nothing/here",
        "path": "C:\\Inetpub\\wwwroot\\nothing\\here",
    },
}
_EVERY_URL = tuple(CLEAN)
_UNDER_APP = ("/app", "/app/deep/page.htm")


def _on(urls: tuple[str, ...], change: dict[str, object]) -> dict[str, dict[str, object]]:
    return {url: change for url in urls}


#: What each change makes different from CLEAN, URL by URL.
CHANGED: dict[str, dict[str, dict[str, object]]] = {
    "clean install": {},
    "site-level AnonymousUserPass": _on(
        _EVERY_URL, {"at:anonymous_password": "/LM/W3SVC/1", "src:password": "/LM/W3SVC/1"}
    ),
    "AuthFlags without AuthAnonymous": _on(
        _EVERY_URL, {"auth_flags": 4, "anonymous_enabled": False}
    ),
    "AnonymousPasswordSync TRUE": _on(_EVERY_URL, {"sync": True}),
    # Deleted, the schema default applies, and it is TRUE.
    "AnonymousPasswordSync deleted": _on(
        _EVERY_URL,
        {"sync": True, "at:password_sync": None, "src:password_sync": "schema default"},
    ),
    "IIs5IsolationModeEnabled TRUE": _on(_EVERY_URL, {"iis5": True}),
    # LogonMethod 0 is interactive: LogonUser type 2.
    "LogonMethod 0 on a directory": _on(
        _UNDER_APP,
        {
            "logon_method": 0,
            "logon_type": 2,
            "at:logon_method": "/LM/W3SVC/1/ROOT/app",
            "src:logon_type": "/LM/W3SVC/1/ROOT/app",
        },
    ),
    # AuthFlags 3: AuthAnonymous | AuthBasic.
    "vdir with its own anonymous user": {
        "/vdir/x.gif": {
            "auth_flags": 3,
            "other_methods": ("Basic",),
            "user": "CONTOSO\\web_anon",
            "config": (1, "W3SVC1", Identity.ACCOUNT, "CONTOSO\\web_anon", ""),
            "at:auth_flags": "/LM/W3SVC/1/ROOT/vdir",
            "at:anonymous_user_name": "/LM/W3SVC/1/ROOT/vdir",
            "at:anonymous_password": "/LM/W3SVC/1/ROOT/vdir",
            "src:anonymous_enabled": "/LM/W3SVC/1/ROOT/vdir",
            "src:user_name": "/LM/W3SVC/1/ROOT/vdir",
            "src:password": "/LM/W3SVC/1/ROOT/vdir",
        }
    },
    # AppPoolIdentityType 3 names the pool's own account (WAMUserName at the pool).
    "pool with a specific identity": _on(
        _UNDER_APP,
        {
            "pool": "Custom",
            "pool_type": 3,
            "pool_identity": "SpecificUser",
            "pool_user": "WEB01\\svc_pool",
            "at:app_pool_id": "/LM/W3SVC/1/ROOT/app",
            "at:app_pool_identity_type": "/LM/W3SVC/AppPools/Custom",
            "at:app_pool_user_name": "/LM/W3SVC/AppPools/Custom",
            "src:app_pool": "/LM/W3SVC/1/ROOT/app",
            "src:app_pool_identity": "/LM/W3SVC/AppPools/Custom",
        },
    ),
    "AuthFlags 0 and a logon domain": _on(
        _UNDER_APP,
        {
            "auth_flags": 0,
            "other_methods": (),
            "anonymous_enabled": False,
            "domain": "CONTOSO",
            "config": (1, "W3SVC1", Identity.ACCOUNT, "IUSR_WEB01", "CONTOSO"),
            "at:auth_flags": "/LM/W3SVC/1/ROOT/app",
            "at:default_logon_domain": "/LM/W3SVC/1/ROOT/app",
            "src:anonymous_enabled": "/LM/W3SVC/1/ROOT/app",
            "src:default_logon_domain": "/LM/W3SVC/1/ROOT/app",
        },
    ),
}
KEYS = [
    ("/LM", KeyClass.COMPUTER),
    ("/LM/W3SVC", KeyClass.WEB_SERVICE),
    ("/LM/W3SVC/1", KeyClass.WEB_SERVER),
    ("/LM/W3SVC/1/filters", KeyClass.FILTERS),
    ("/LM/W3SVC/1/ROOT", KeyClass.WEB_VIRTUAL_DIR),
    ("/LM/W3SVC/1/ROOT/app", KeyClass.WEB_DIRECTORY),
    ("/LM/W3SVC/1/ROOT/vdir", KeyClass.WEB_VIRTUAL_DIR),
    ("/LM/W3SVC/AppPools", KeyClass.APPLICATION_POOLS),
    ("/LM/W3SVC/AppPools/DefaultAppPool", KeyClass.APPLICATION_POOL),
    ("/LM/W3SVC/Filters", KeyClass.FILTERS),
]
_CUSTOM_POOL = ("/LM/W3SVC/AppPools/Custom", KeyClass.APPLICATION_POOL)


def test_the_table_names_every_change() -> None:
    assert list(CHANGED) == list(CHANGES)


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_round_trip_keeps_the_effective_anonymous_settings(tmp_path: Path, change: str) -> None:
    original = _with_app_and_vdir()
    CHANGES[change](original)
    doc = _round_trip(tmp_path, original)
    for url in URLS:
        expected = CLEAN[url] | CHANGED[change].get(url, {})
        assert _resolved(doc.metabase, url) == expected, url
        # The model written from resolves the same, holding the password itself.
        assert _resolved(original, url) == expected | {"password": "secret"}, url
    keys = (
        KEYS if change != "pool with a specific identity" else [*KEYS[:8], _CUSTOM_POOL, *KEYS[8:]]
    )
    assert [(k.location, k.key_class) for k in doc.metabase.all_keys()] == keys


def test_round_trip_keeps_every_property_and_makes_secure_ones_opaque(tmp_path: Path) -> None:
    original = _with_app_and_vdir()
    _site_password(original)
    _specific_pool(original)
    original.set("/LM/W3SVC/1", "ServerBindings", (":80:", ":8080:intranet"))
    doc = _round_trip(tmp_path, original)
    opaque = OPAQUE_SECRET
    assert {k.location: dict(k.properties) for k in doc.metabase.all_keys()} == {
        "/LM": {},
        "/LM/W3SVC": {
            "AnonymousPasswordSync": False,
            "AnonymousUserName": "IUSR_WEB01",
            "AnonymousUserPass": opaque,
            "AuthFlags": AUTH_ANONYMOUS,
            "IIs5IsolationModeEnabled": False,
            "WAMUserName": "IWAM_WEB01",
            "WAMUserPass": opaque,
        },
        "/LM/W3SVC/1": {
            "AnonymousUserPass": opaque,
            "ServerBindings": (":80:", ":8080:intranet"),
            "ServerComment": "Default Web Site",
        },
        "/LM/W3SVC/1/filters": {},
        "/LM/W3SVC/1/ROOT": {
            "AccessFlags": 0x201,  # AccessRead | AccessScript
            "AppPoolId": "DefaultAppPool",
            "AuthFlags": 5,  # AuthAnonymous | AuthNTLM
            "DefaultDoc": "Default.htm,Default.asp,index.htm,iisstart.htm,Default.aspx",
            "Path": "C:\\Inetpub\\wwwroot",
        },
        "/LM/W3SVC/1/ROOT/app": {"AppPoolId": "Custom"},
        "/LM/W3SVC/1/ROOT/vdir": {"Path": "D:\\shared"},
        "/LM/W3SVC/AppPools": {},
        "/LM/W3SVC/AppPools/Custom": {
            "AppPoolIdentityType": 3,
            "WAMUserName": "WEB01\\svc_pool",
            "WAMUserPass": opaque,
        },
        "/LM/W3SVC/AppPools/DefaultAppPool": {"AppPoolIdentityType": 2},
        "/LM/W3SVC/Filters": {},
    }
    secure = {
        (state.location, state.prop, state.state, state.line) for state in doc.secure.values()
    }
    assert secure == {
        ("/LM/W3SVC", "AnonymousUserPass", SecureState.ENCRYPTED, 21),
        ("/LM/W3SVC", "WAMUserPass", SecureState.ENCRYPTED, 25),
        ("/LM/W3SVC/1", "AnonymousUserPass", SecureState.ENCRYPTED, 29),
        ("/LM/W3SVC/AppPools/Custom", "WAMUserPass", SecureState.ENCRYPTED, 60),
    }
    found = doc.secure_value("/lm/w3svc/1", "anonymoususerpass")
    assert found is not None and found.location == "/LM/W3SVC/1" and found.line == 29
    assert doc.schema_version == "64_0"
    assert doc.notes == ()


def test_an_opaque_password_never_matches_the_real_one(tmp_path: Path) -> None:
    doc = _round_trip(tmp_path, _default())
    password = doc.metabase.anonymous_config(1, "/").password
    assert password is not None and is_opaque(password)
    assert not password.matches(Secret(IUSR_PASSWORD))
    assert IUSR_PASSWORD not in repr(doc)


def test_evidence_names_the_line(tmp_path: Path) -> None:
    mb = _default()
    _sync_on(mb)
    _site_password(mb)
    path = _write(tmp_path, write_metabase_xml(mb))
    doc = read_metabase_xml(path)
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    # The file is DEFAULT_FILE with TRUE on line 19 and a line for the site's password at 29.
    assert lines[18] == '\t\tAnonymousPasswordSync="TRUE"'
    assert lines[28] == f'\t\tAnonymousUserPass="{SITE_ANONYMOUS_PASS}"'
    assert lines[36] == '<IIsWebVirtualDir\tLocation ="/LM/W3SVC/1/ROOT"'
    assert doc.line_of("/LM/W3SVC", "AnonymousPasswordSync") == 19
    assert doc.evidence("/LM/W3SVC", "AnonymousPasswordSync") == (
        'MetaBase.xml line 19: AnonymousPasswordSync="TRUE" at /LM/W3SVC'
    )
    assert doc.line_of("/LM/W3SVC/1", "AnonymousUserPass") == 29
    assert doc.evidence("/lm/w3svc/1", "AnonymousUserPass") == (
        "MetaBase.xml line 29: AnonymousUserPass is set (encrypted with the server's key; "
        "value unknown) at /LM/W3SVC/1"
    )
    assert doc.evidence("/LM/W3SVC/1", "LogonMethod") == (
        "MetaBase.xml: LogonMethod is not set at /LM/W3SVC/1"
    )
    record = doc.key_record("/lm/w3svc/1/root")
    assert record is not None and record.element == "IIsWebVirtualDir" and record.line == 37
    assert doc.line_of("/LM/W3SVC/1/ROOT") == 37


# -- real-world quirks ----------------------------------------------------------------------------

REAL_STYLE = """<?xml version ="1.0"?>
<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V{version}">
<MBProperty>
<IIS_Global\tLocation ="."
\t\tBINSchemaTimeStamp="248e296f33bfc201"
\t\tSessionKey="49634b62980000004c000000400000000102000001680000"
\t>
</IIS_Global>
<IIsWebServer\tLocation ="/LM/W3SVC/1"
\t\tAuthFlags="0"
\t\tServerBindings=":80:mshsca13.example.org
\t\t\t:8080:"
\t\tServerComment="Default Web Site"
\t>
</IIsWebServer>
<IIsWebVirtualDir\tLocation ="/LM/W3SVC/1/root"
\t\tAccessFlags="AccessExecute | AccessRead | AccessScript "
\t\tAppPoolId="DefaultAppPool"
\t\tAuthFlags="5"
\t\tPath="C:\\inetpub\\wwwroot"
\t\tUNCPassword="NOLONGERVALID2ba612e2a71081820aaa907830586d4986babeddced57560e36e6e5e0a6b2f"
\t>
</IIsWebVirtualDir>
<!-- a comment an administrator left -->
<IIsWebService  Location = "/LM/W3SVC"
\t\tAnonymousPasswordSync="TRUE"
\t\tAnonymousUserName="IUSR_WEB01"
\t\tAnonymousUserPass="NOLONGERVALID02eeb9eb376fc8ffad41b6b1ffca589e7fecc3e2649b5ed4b37a4290"
\t\tauthflags="AuthBasic"
\t\tLogonMethod="0"
\t\tAspScriptTimeout="90"
\t\tLogOdbcPassword="496344627000000022000000400000001293a44feb796fdb8b9946a1"
\t>
\t<Custom
\t\tName="AdminServer"
\t\tID="2115"
\t\tValue="2"
\t\tType="STRING"
\t\tUserType="IIS_MD_UT_SERVER"
\t\tAttributes="INHERIT"
\t/>
</IIsWebService>
<IIsFtpService\tLocation ="/LM/MSFTPSVC"
\t\tAllowAnonymous="TRUE"
\t>
</IIsFtpService>
<IIsConfigObject\tLocation ="/LM/W3SVC/1/Root/localstart.asp"
\t>
\t<Custom
\t\tName="AuthFlags"
\t\tID="6000"
\t\tValue="AuthBasic | AuthNTLM"
\t\tType="DWORD"
\t\tUserType="IIS_MD_UT_FILE"
\t\tAttributes="INHERIT"
\t/>
</IIsConfigObject>
<IIsApplicationPool\tLocation ="/LM/W3SVC/AppPools/DefaultAppPool"
\t\tAppPoolIdentityType="0"
\t>
</IIsApplicationPool>
</MBProperty>
</configuration>
"""


def _real_style(version: str = "64_0") -> bytes:
    return REAL_STYLE.replace("{version}", version).replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize("version", ["64_0", "54_0", "70_1"])
def test_reads_a_hand_written_real_style_file(tmp_path: Path, version: str) -> None:
    doc = read_metabase_xml(_write(tmp_path, _real_style(version)))
    mb = doc.metabase
    assert doc.schema_version == version
    # /root and /Root are the key the file spells /LM/W3SVC/1/root
    assert mb.find_key("/LM/W3SVC/1/ROOT").location == "/LM/W3SVC/1/root"
    root = mb.anonymous_config(1, "/")
    assert root.anonymous_enabled and root.other_methods == ("NTLM",)  # AuthFlags="5"
    assert root.password_sync is True
    assert root.logon_type == 2  # LogonMethod 0: interactive
    assert root.app_pool_identity == "LocalSystem"
    assert is_opaque(root.password)
    local = mb.anonymous_config(1, "/localstart.asp")
    assert not local.anonymous_enabled and local.other_methods == ("Basic", "NTLM")
    assert mb.find_key("/LM/W3SVC/1").properties["ServerBindings"] == (
        ":80:mshsca13.example.org",
        ":8080:",
    )
    # secure values: set but invalid; never their text
    anon = doc.secure_value("/LM/W3SVC", "AnonymousUserPass")
    assert anon is not None and anon.state is SecureState.INVALID and not anon.usable
    unc = doc.secure_value("/LM/W3SVC/1/ROOT", "UNCPassword")
    assert unc is not None and unc.state is SecureState.INVALID
    for blob in ("02eeb9eb376fc8ff", "2ba612e2a7108182", "1293a44feb796fdb"):
        assert blob not in repr(doc.keys) and blob not in repr(doc.secure)
    # unknown keys, attributes and Custom properties are kept as written, secrets withheld
    ftp = doc.key_record("/LM/MSFTPSVC")
    assert ftp is not None and ftp.element == "IIsFtpService"
    assert ftp.key_class is KeyClass.CONFIG_OBJECT and ftp.unmodelled == {"AllowAnonymous": "TRUE"}
    service = doc.key_record("/LM/W3SVC")
    assert service is not None
    assert service.unmodelled["AspScriptTimeout"] == "90"
    assert service.unmodelled["AdminServer"] == "2"
    assert service.unmodelled["LogOdbcPassword"] == "(withheld)"
    assert service.unmodelled["authflags"] == "AuthBasic"
    glob = doc.key_record(".")
    assert glob is not None and not glob.in_tree and glob.unmodelled["SessionKey"] == "(withheld)"
    assert doc.notes == (
        "line 29: attribute 'authflags' at /LM/W3SVC is not AuthFlags (MetaBase.xml is "
        "case-sensitive); IIS does not read it as that property",
    )
    # evidence points at the right lines of the real text (counted in REAL_STYLE above)
    lines = _real_style(version).decode().split("\r\n")
    assert doc.line_of("/LM/W3SVC", "AnonymousPasswordSync") == 26
    assert lines[25] == '\t\tAnonymousPasswordSync="TRUE"'
    # A Custom property's line is its Value= line.
    assert doc.line_of("/LM/W3SVC/1/Root/localstart.asp", "AuthFlags") == 52
    assert lines[51] == '\t\tValue="AuthBasic | AuthNTLM"'
    assert doc.line_of("/LM/W3SVC/1/ROOT") == 16


def test_reads_a_file_without_namespace_and_with_a_bom(tmp_path: Path) -> None:
    data = _real_style().replace(b' xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"', b"")
    doc = read_metabase_xml(_write(tmp_path, b"\xef\xbb\xbf" + data))
    assert doc.namespace == "" and doc.schema_version == ""
    assert doc.metabase.anonymous_config(1, "/").anonymous_enabled


def test_reads_a_utf16_file(tmp_path: Path) -> None:
    text = (
        _real_style().decode("utf-8").replace('version ="1.0"', 'version ="1.0" encoding="UTF-16"')
    )
    doc = read_metabase_xml(_write(tmp_path, text.encode("utf-16")))
    assert doc.line_of("/LM/W3SVC", "LogonMethod") == 30
    assert text.split("\r\n")[29] == '\t\tLogonMethod="0"'


def test_a_property_outside_its_only_location_is_ignored_with_a_note(tmp_path: Path) -> None:
    data = _real_style().replace(
        b'\t\tAuthFlags="0"\r\n', b'\t\tIIs5IsolationModeEnabled="TRUE"\r\n'
    )
    doc = read_metabase_xml(_write(tmp_path, data))
    assert not doc.metabase.anonymous_config(1, "/").iis5_isolation
    assert doc.notes[0] == (
        "line 10: IIs5IsolationModeEnabled is read only at /LM/W3SVC; IIS ignores it at /LM/W3SVC/1"
    )


def test_an_empty_secure_value_is_an_empty_password(tmp_path: Path) -> None:
    data = _real_style().replace(
        b"NOLONGERVALID02eeb9eb376fc8ffad41b6b1ffca589e7fecc3e2649b5ed4b37a4290", b""
    )
    doc = read_metabase_xml(_write(tmp_path, data))
    password = doc.metabase.anonymous_config(1, "/").password
    assert password is not None and password.is_empty
    state = doc.secure_value("/LM/W3SVC", "AnonymousUserPass")
    assert state is not None and state.state is SecureState.EMPTY


# -- input IIS would refuse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        (
            b'AuthFlags="5"',
            b'AuthFlags="AuthAnonymus | AuthNTLM"',
            19,
            "unknown AuthFlags flag 'AuthAnonymus'",
        ),
        (
            b'AuthFlags="5"',
            b'AuthFlags="authanonymous"',
            19,
            "unknown AuthFlags flag 'authanonymous' (MetaBase.xml is case-sensitive: write "
            "'AuthAnonymous')",
        ),
        (
            b'AuthFlags="5"',
            b'AuthFlags="8"',
            19,
            "AuthFlags value 0x8 has bits no flag name covers (0x8)",
        ),
        (
            b'AnonymousPasswordSync="TRUE"',
            b'AnonymousPasswordSync="maybe"',
            26,
            "AnonymousPasswordSync is a BOOL: 'maybe' is neither TRUE nor FALSE",
        ),
        (b'LogonMethod="0"', b'LogonMethod="7"', 30, "LogonMethod must be between 0 and 3, not 7"),
        (
            b'LogonMethod="0"',
            b'LogonMethod="zero"',
            30,
            "LogonMethod is a DWORD: 'zero' is not a number",
        ),
        (
            b'AppPoolIdentityType="0"',
            b'AppPoolIdentityType="-1"',
            59,
            "AppPoolIdentityType is a DWORD: '-1' is not a number",
        ),
    ],
)
def test_bad_values_name_the_file_and_line(
    tmp_path: Path, old: bytes, new: bytes, line: int, reason: str
) -> None:
    data = _real_style()
    assert old in data
    path = _write(tmp_path, data.replace(old, new))
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    error = caught.value
    assert str(error) == f"{path}:{line}: {reason}"
    assert error.path == str(path) and error.line == line
    assert data.replace(old, new).decode().split("\r\n")[line - 1] == f"\t\t{new.decode()}"


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        (
            b'"/LM/W3SVC/AppPools/DefaultAppPool"',
            b'"/LM/W3SVC/1/ROOT/"',
            58,
            "Location '/LM/W3SVC/1/ROOT/' appears twice (lines 16 and 58); IIS refuses such a file",
        ),
        (
            b'<IIsFtpService\tLocation ="/LM/MSFTPSVC"',
            b"<IIsFtpService",
            43,
            "<IIsFtpService> has no Location",
        ),
        (
            b'Location ="/LM/MSFTPSVC"',
            b'Location ="/Schema"',
            43,
            "<IIsFtpService> Location '/Schema' is not under /LM",
        ),
        (
            b'Location ="/LM/MSFTPSVC"',
            b'Location ="/LM/a\\b"',
            43,
            "'/LM/a\\\\b' is not a metabase path (bad segment 'a\\\\b')",
        ),
        (
            b'\t\tName="AdminServer"\r\n\t\tID="2115"',
            b'\t\tName="AnonymousUserName"\r\n\t\tID="6020"',
            37,
            "AnonymousUserName is given twice for /LM/W3SVC (lines 27 and 37)",
        ),
        (
            b"<MBProperty>",
            b"<Other>",
            1,
            "has no <MBProperty> element, so it holds no metabase keys",
        ),
    ],
)
def test_structures_iis_refuses(
    tmp_path: Path, old: bytes, new: bytes, line: int, reason: str
) -> None:
    data = _real_style()
    assert old in data
    if old == b"<MBProperty>":
        data = data.replace(b"</MBProperty>", b"</Other>")
    path = _write(tmp_path, data.replace(old, new))
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    assert str(caught.value) == f"{path}:{line}: {reason}"
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            b'<MetaData xmlns="x-urn:microsoft-catalog:MetaData_V7"/>',
            "is the metabase schema (MBSchema.xml), not MetaBase.xml",
        ),
        (b"<configuration/>", "has no <MBProperty> element, so it holds no metabase keys"),
        (
            b'<configuration xmlns="urn:other"><MBProperty/></configuration>',
            "has namespace 'urn:other'; a MetaBase.xml has "
            "urn:microsoft-catalog:XML_Metabase_V<version>",
        ),
        (b"<sites/>", "has root element <sites>, not the <configuration> of a MetaBase.xml"),
    ],
)
def test_not_a_metabase(tmp_path: Path, document: bytes, message: str) -> None:
    path = _write(tmp_path, document)
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    assert str(caught.value) == f"{path}:1: {message}"


# -- hostile input --------------------------------------------------------------------------------

XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    b'<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty>'
    b'<IIsWebService Location="/LM/W3SVC" AnonymousUserName="&e;"/></MBProperty></configuration>'
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b']>\n<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty>'
    b'<IIsWebService Location="/LM/W3SVC" AnonymousUserName="&lol9;"/></MBProperty></configuration>'
)


@pytest.mark.parametrize(
    "data",
    [
        XXE,
        LAUGHS,
        XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"),
        b"\x00\x01\x02\xffnot xml at all",
        b"",
        b"MetaBase.xml\r\n",
        b"<configuration><MBProperty>",
    ],
    ids=["xxe", "billion-laughs", "xxe-utf16", "binary", "empty", "text", "unclosed"],
)
def test_hostile_input_is_a_bundle_error(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    assert str(caught.value).startswith(str(path))
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd


def test_a_truncated_file_names_its_last_line(tmp_path: Path) -> None:
    data = write_metabase_xml(_with_app_and_vdir())
    cut = data[: len(data) // 2]
    path = _write(tmp_path, cut)
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    # The cut falls inside a secure value: an attribute value left open on the last line.
    last = cut.count(b"\n") + 1
    assert cut.split(b"\r\n")[-1].startswith(b'\t\tWAMUserPass="49634462')
    assert caught.value.line == last == 25
    assert "is not well-formed XML" in str(caught.value)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "MetaBase.xml"
    with open(path, "wb") as handle:  # sparse: no disk space, no time
        handle.truncate(MAX_METABASE_BYTES + 1)
    with pytest.raises(BundleError, match="more than the"):
        read_metabase_xml(path)
    small = _write(tmp_path, write_metabase_xml(_default()), "small.xml")
    with pytest.raises(BundleError, match="more than the 100"):
        read_metabase_xml(small, limit=100)


def test_a_missing_file_is_a_bundle_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="can not be read"):
        read_metabase_xml(tmp_path / "absent.xml")


# -- fuzzing --------------------------------------------------------------------------------------

VALID = _real_style()
WRITTEN = write_metabase_xml(_with_app_and_vdir())


def _read_or_bundle_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "MetaBase.xml"
        path.write_bytes(data)
        try:
            doc = read_metabase_xml(path)
        except BundleError as exc:
            assert str(exc).startswith(str(path))
            return
        for site in doc.metabase.site_ids():  # whatever was read must be usable
            doc.metabase.anonymous_config(site, "/")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    _read_or_bundle_error(data)


@settings(max_examples=200, deadline=None)
@given(mutated_bytes([VALID, WRITTEN]))
def test_fuzz_mutated_valid_files(data: bytes) -> None:
    _read_or_bundle_error(data)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        [
            b'AuthFlags="5"',
            b'LogonMethod="0"',
            b'AnonymousPasswordSync="TRUE"',
            b'AppPoolIdentityType="0"',
            b'Location ="/LM/W3SVC/1/root"',
            b'Value="AuthBasic | AuthNTLM"',
            b'ServerComment="Default Web Site"',
        ]
    ),
    st.text(max_size=30),
)
def test_fuzz_attribute_values(attribute: bytes, value: str) -> None:
    name = attribute.split(b"=")[0]
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    _read_or_bundle_error(VALID.replace(attribute, name + b'="' + escaped.encode() + b'"'))


def test_the_real_style_sample_is_valid() -> None:
    assert os.fsencode("IIsWebVirtualDir") in VALID
    _read_or_bundle_error(VALID)
