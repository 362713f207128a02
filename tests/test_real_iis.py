"""Real-world IIS configuration shapes, read through the evidence API and the readers' records.

Each fixture under tests/fixtures/real/{metabase,apphost}/ reproduces the structure of a file seen
in public (tests/fixtures/real/SOURCES.md says where); the expected facts below were written by
hand from those files, not from what the readers happen to return.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
from pathlib import Path

import pytest

from checks.bundle import BundleEvidence
from checks.facts import AnonymousFacts, IdentityKind
from checks.readers.apphost_config import read_applicationhost_config
from checks.readers.metabase_xml import read_metabase_xml
from checks.readers.opaque import SecureState

REAL = Path(__file__).parent / "fixtures" / "real"
METABASE = REAL / "metabase"
APPHOST = REAL / "apphost"
ANONYMOUS_SECTION = "system.webServer/security/authentication/anonymousAuthentication"

HOST_IIS6 = {
    "computer_name": "WEB01",
    "domain": None,
    "is_domain_controller": False,
    "iis_version": "6.0",
    "os": "Windows Server 2003",
    "collected_at": "2026-11-24T09:30:00+01:00",
}
HOST_IIS10 = {
    "computer_name": "WEB01",
    "domain": "CONTOSO",
    "is_domain_controller": False,
    "iis_version": "10.0",
    "os": "Windows Server 2022",
    "collected_at": "2026-11-24T09:30:00+01:00",
}

#: The site choice (contract section 1, ``--site``) the evidence API is getting.
HAS_SITE_KEYWORD = "site" in inspect.signature(BundleEvidence).parameters
needs_site = pytest.mark.skipif(not HAS_SITE_KEYWORD, reason="needs --site")


def bundle(tmp_path: Path, fixture: Path, *, site: str | None = None) -> BundleEvidence:
    """A bundle holding the fixture under its real name, with a host.json."""
    iis6 = fixture.parent == METABASE
    shutil.copyfile(fixture, tmp_path / ("MetaBase.xml" if iis6 else "applicationHost.config"))
    (tmp_path / "host.json").write_text(json.dumps(HOST_IIS6 if iis6 else HOST_IIS10))
    if site is None:
        return BundleEvidence(tmp_path)
    return BundleEvidence(tmp_path, site=site)  # type: ignore[call-arg]


def anonymous(ev: BundleEvidence, url: str = "/") -> AnonymousFacts:
    facts = ev.anonymous(url)
    assert isinstance(facts, AnonymousFacts), facts
    return facts


# -- IIS 6: MetaBase.xml ---------------------------------------------------------------------------

LARGE_ID = METABASE / "large-site-id-default-deleted.xml"
TWO_SITES = METABASE / "two-large-site-ids-site-level-user.xml"
V54 = METABASE / "v54-default-site-numeric-authflags.xml"
FRAGMENT = METABASE / "export-fragment-no-webservice.xml"
INHERITED = METABASE / "export-inherited-properties.xml"
CUSTOM = METABASE / "custom-elements-config-object.xml"


def test_large_site_id_is_the_only_site_and_so_the_default(tmp_path: Path) -> None:
    # Default Web Site (/LM/W3SVC/1) was deleted; the one site left is chosen without --site.
    facts = anonymous(bundle(tmp_path, LARGE_ID))
    assert facts.site_id == 1962875481
    assert facts.enabled is True
    assert facts.other_methods == ("NTLM",)
    assert facts.identity is IdentityKind.ACCOUNT
    assert facts.configured_name == "IUSR_WEB01"
    assert facts.user == "IUSR_WEB01"
    assert facts.domain is None
    assert facts.password_set is True
    assert facts.logon_type == 8  # LogonMethod not written: schema default 3, network cleartext
    assert facts.password_sync is False
    assert facts.iis5_isolation is False
    assert facts.app_pool == "DotNet4AppPool"
    assert facts.physical_path == "C:\\inetpub\\SHOP"


def test_large_site_id_lower_case_root_and_directory_below_it(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, LARGE_ID), "/aspnet_client")
    assert facts.site_id == 1962875481
    assert facts.enabled is True
    assert facts.physical_path == "C:\\inetpub\\SHOP\\aspnet_client"


@needs_site
@pytest.mark.parametrize("site", ["SHOP", "1962875481"])
def test_large_site_id_chosen_by_name_or_id(tmp_path: Path, site: str) -> None:
    facts = anonymous(bundle(tmp_path, LARGE_ID, site=site))
    assert facts.site_id == 1962875481
    assert facts.configured_name == "IUSR_WEB01"
    assert facts.physical_path == "C:\\inetpub\\SHOP"


def test_large_site_id_records() -> None:
    doc = read_metabase_xml(LARGE_ID)
    assert doc.namespace == "urn:microsoft-catalog:XML_Metabase_V64_0"
    assert doc.schema_version == "64_0"
    assert [(k.location, k.element, k.line) for k in doc.keys] == [
        (".", "IIS_Global", 4),
        ("/LM", "IIsComputer", 12),
        ("/LM/W3SVC", "IIsWebService", 19),
        ("/LM/W3SVC/Filters", "IIsFilters", 33),
        ("/LM/W3SVC/AppPools", "IIsApplicationPools", 37),
        ("/LM/W3SVC/AppPools/DefaultAppPool", "IIsApplicationPool", 42),
        ("/LM/W3SVC/AppPools/DotNet4AppPool", "IIsApplicationPool", 45),
        ("/LM/W3SVC/1962875481", "IIsWebServer", 49),
        ("/LM/W3SVC/1962875481/filters", "IIsFilters", 60),
        ("/LM/W3SVC/1962875481/root", "IIsWebVirtualDir", 64),
        ("/LM/W3SVC/1962875481/root/aspnet_client", "IIsWebDirectory", 81),
    ]
    assert doc.key_record("/LM/W3SVC/1") is None
    # /root and /ROOT are one key; the record keeps the file's spelling.
    root = doc.key_record("/LM/W3SVC/1962875481/ROOT")
    assert root is not None and root.location == "/LM/W3SVC/1962875481/root"
    assert root.in_tree
    assert doc.key_record(".") is not None and not doc.key_record(".").in_tree
    assert doc.line_of("/LM/W3SVC/1962875481/ROOT", "AuthFlags") == 70
    assert doc.line_of("/LM/W3SVC/1962875481", "AuthFlags") == 50
    assert doc.line_of("/LM/W3SVC", "AnonymousUserName") == 22
    assert root.written["AuthFlags"] == "AuthAnonymous | AuthNTLM"
    password = doc.secure_value("/LM/W3SVC", "AnonymousUserPass")
    assert password is not None
    assert (password.state, password.line) == (SecureState.ENCRYPTED, 23)
    unc = doc.secure_value("/LM/W3SVC/1962875481/root", "UNCPassword")
    assert unc is not None
    assert (unc.state, unc.line, unc.usable) == (SecureState.INVALID, 78, False)


@needs_site
def test_site_level_user_overrides_the_service_one(tmp_path: Path) -> None:
    # The KB case: an AnonymousUserName/Pass pair set on the IIsWebServer key hides the one at
    # /LM/W3SVC for the whole site.
    facts = anonymous(bundle(tmp_path, TWO_SITES, site="Contrib"))
    assert facts.site_id == 98004751
    assert facts.enabled is True
    assert facts.other_methods == ("NTLM",)
    assert facts.configured_name == "CONTOSO\\svc_contrib_anon"
    assert (facts.user, facts.domain) == ("svc_contrib_anon", "CONTOSO")
    assert facts.password_set is True
    assert facts.logon_type == 3  # LogonMethod 2, network
    assert facts.app_pool == "AP"
    assert facts.physical_path == "G:\\CONTRIB"
    assert facts.locations["user_name"] == "/LM/W3SVC/98004751"
    assert facts.sources["user_name"] == "MetaBase.xml line 28"
    assert facts.sources["logon_type"] == "MetaBase.xml line 30"


@needs_site
def test_second_site_keeps_the_service_user(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, TWO_SITES, site="1742883614"))
    assert facts.site_id == 1742883614
    assert facts.enabled is True
    assert facts.other_methods == ()
    assert (facts.configured_name, facts.domain) == ("IUSR_WEB01", None)
    assert facts.password_set is True
    assert facts.logon_type == 8
    assert facts.physical_path == "G:\\FRONT"
    assert facts.locations["user_name"] == "/LM/W3SVC"


def test_two_sites_records() -> None:
    doc = read_metabase_xml(TWO_SITES)
    assert doc.schema_version == "64_0"
    contrib_root = doc.key_record("/LM/W3SVC/98004751/ROOT")
    assert contrib_root is not None
    # <IIsWebVirtualDir TAB newline Location =...>: the element starts on line 37.
    assert (contrib_root.location, contrib_root.line) == ("/LM/W3SVC/98004751/root", 37)
    assert doc.line_of("/LM/W3SVC/98004751", "AnonymousUserName") == 28
    assert doc.line_of("/LM/W3SVC/98004751", "LogonMethod") == 30
    assert doc.key_record("/LM/W3SVC/98004751").written["ServerComment"] == "Contrib"
    assert doc.key_record("/LM/W3SVC/1742883614").written["ServerComment"] == "Front"
    site_password = doc.secure_value("/LM/W3SVC/98004751", "AnonymousUserPass")
    assert site_password is not None and site_password.state is SecureState.ENCRYPTED


def test_v54_numeric_authflags_and_virtual_directories(tmp_path: Path) -> None:
    ev = bundle(tmp_path, V54)
    root = anonymous(ev, "/")
    assert root.site_id == 1
    assert (root.enabled, root.other_methods) == (True, ("NTLM",))  # AuthFlags="5"
    assert root.configured_name == "IUSR_WEB01"
    assert root.physical_path == "c:\\inetpub\\wwwroot"
    intranet = anonymous(ev, "/intranet")
    assert (intranet.enabled, intranet.other_methods) == (False, ("NTLM",))
    assert intranet.physical_path == "D:\\intranet"
    pub = anonymous(ev, "/pub")
    assert (pub.enabled, pub.other_methods) == (True, ())
    assert pub.configured_name == "WEB01\\pub_anon"
    assert (pub.user, pub.domain) == ("pub_anon", "WEB01")
    assert pub.password_set is True
    assert pub.logon_type == 2  # LogonMethod 0, interactive
    assert pub.physical_path == "D:\\pub"
    assert pub.locations["user_name"] == "/LM/W3SVC/1/ROOT/pub"


def test_v54_records() -> None:
    doc = read_metabase_xml(V54)
    assert doc.namespace == "urn:microsoft-catalog:XML_Metabase_V54_0"
    assert doc.schema_version == "54_0"
    assert [k.location for k in doc.keys if not k.in_tree] == [".", "/"]
    assert [k.element for k in doc.keys][:3] == ["IIS_Global", "IIS_ROOT", "IIsComputer"]
    assert doc.line_of("/LM/W3SVC/1/ROOT", "AuthFlags") == 56
    assert doc.key_record("/LM/W3SVC/1/ROOT").written["AuthFlags"] == "5"


def test_export_fragment_without_web_service(tmp_path: Path) -> None:
    # iiscnfg /export of one site: no IIsComputer, no IIsWebService, site 2 the only site.
    facts = anonymous(bundle(tmp_path, FRAGMENT))
    assert facts.site_id == 2
    assert (facts.enabled, facts.other_methods) == (True, ())
    assert (facts.configured_name, facts.domain) == ("IUSR_WEB01", None)
    assert facts.password_set is True
    assert facts.logon_type == 8
    assert facts.app_pool == "IntranetPool"
    assert facts.physical_path == "D:\\Web\\Intranet"


def test_export_fragment_records() -> None:
    doc = read_metabase_xml(FRAGMENT)
    assert [(k.location, k.element, k.line) for k in doc.keys] == [
        ("/LM/W3SVC/2", "IIsWebServer", 4),
        ("/LM/W3SVC/2/ROOT", "IIsWebVirtualDir", 10),
    ]
    assert doc.key_record("/LM/W3SVC") is None
    assert doc.line_of("/LM/W3SVC/2/ROOT", "AnonymousUserName") == 12


def test_export_with_inherited_properties(tmp_path: Path) -> None:
    # iiscnfg /export /inherited: what the site inherits is written in an
    # <IIsInheritedProperties Location ="inherited:/LM/W3SVC/3"> element ahead of the site.
    facts = anonymous(bundle(tmp_path, INHERITED))
    assert facts.site_id == 3
    assert (facts.enabled, facts.other_methods) == (True, ("NTLM",))
    assert (facts.configured_name, facts.domain) == ("IUSR_WEB01", None)
    assert facts.password_set is True
    assert facts.password_sync is False
    assert facts.app_pool == "ReportsPool"
    assert facts.physical_path == "D:\\Web\\Reports"


def test_export_with_inherited_properties_records() -> None:
    doc = read_metabase_xml(INHERITED)
    assert [(k.location, k.element) for k in doc.keys] == [
        ("inherited:/LM/W3SVC/3", "IIsInheritedProperties"),
        ("/LM/W3SVC/3", "IIsWebServer"),
        ("/LM/W3SVC/3/ROOT", "IIsWebVirtualDir"),
    ]


def test_custom_elements_on_config_objects(tmp_path: Path) -> None:
    ev = bundle(tmp_path, CUSTOM)
    root = anonymous(ev, "/")
    assert (root.enabled, root.other_methods) == (True, ("NTLM",))
    localstart = anonymous(ev, "/localstart.asp")
    assert (localstart.enabled, localstart.other_methods) == (False, ("Basic", "NTLM"))
    # Metabase locations are case-insensitive: /Root here is the file's, /ROOT its parent's.
    where = localstart.locations["anonymous_enabled"]
    assert where.upper() == "/LM/W3SVC/1/ROOT/LOCALSTART.ASP"
    kiosk = anonymous(ev, "/kiosk")
    assert kiosk.enabled is True
    assert kiosk.configured_name == "WEB01\\kiosk_anon"
    assert (kiosk.user, kiosk.domain) == ("kiosk_anon", "WEB01")
    assert kiosk.password_set is True


def test_custom_elements_records() -> None:
    doc = read_metabase_xml(CUSTOM)
    localstart = doc.key_record("/LM/W3SVC/1/ROOT/localstart.asp")
    assert localstart is not None
    assert (localstart.location, localstart.element) == (
        "/LM/W3SVC/1/Root/localstart.asp",
        "IIsConfigObject",
    )
    assert localstart.written["AuthFlags"] == "AuthBasic | AuthNTLM"
    assert doc.line_of("/LM/W3SVC/1/Root/localstart.asp", "AuthFlags") == 45
    assert doc.line_of("/LM/W3SVC/1/Root/kiosk", "AnonymousUserName") == 56
    kiosk_password = doc.secure_value("/LM/W3SVC/1/Root/kiosk", "AnonymousUserPass")
    assert kiosk_password is not None
    assert (kiosk_password.state, kiosk_password.line) == (SecureState.ENCRYPTED, 64)
    assert doc.key_record("/LM/W3SVC").unmodelled["AdminServer"] == "2"


# -- IIS 7+: applicationHost.config ----------------------------------------------------------------

EXPRESS = APPHOST / "iisexpress-two-sites.config"
THREE_SITES = APPHOST / "iis10-three-sites-pools.config"
SITE7 = APPHOST / "site-7-location-user-upn.config"
CERT = APPHOST / "client-certificate-mapping.config"
SITE2 = APPHOST / "single-site-id-2.config"


def test_iis_express_site_1_uses_the_pool_identity(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, EXPRESS))
    assert facts.site_id == 1
    assert (facts.enabled, facts.other_methods) == (True, ())
    assert facts.identity is IdentityKind.APP_POOL  # userName="" at the server level
    assert facts.configured_name == ""
    assert facts.password_set is False
    assert facts.logon_type == 8
    assert facts.app_pool == "Clr4IntegratedAppPool"  # <applicationDefaults applicationPool=>
    assert facts.app_pool_identity == "ApplicationPoolIdentity"
    assert facts.physical_path.endswith("\\WebSite1")


@needs_site
def test_iis_express_project_site_has_windows_only(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, EXPRESS, site="ContosoPortal"))
    assert facts.site_id == 2
    assert (facts.enabled, facts.other_methods) == (False, ("Windows",))
    assert facts.physical_path == "C:\\dev\\ContosoPortal\\ContosoPortal"
    assert facts.locations["anonymous_enabled"] == "ContosoPortal"


def test_iis_express_records() -> None:
    doc = read_applicationhost_config(EXPRESS, computer_name="WEB01")
    assert dict(doc.site_lines) == {"website1": 66, "contosoportal": 74}
    server = doc.section_record(ANONYMOUS_SECTION, None)
    assert server is not None
    assert (server.line, dict(server.written)) == (119, {"enabled": "true", "userName": ""})
    portal = doc.section_record(ANONYMOUS_SECTION, "ContosoPortal")
    assert portal is not None
    assert (portal.line, dict(portal.written)) == (152, {"enabled": "false"})
    assert portal.origin == "MACHINE/WEBROOT/APPHOST/ContosoPortal"
    assert doc.passwords == ()


def test_several_sites_default_is_site_1(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, THREE_SITES))
    assert facts.site_id == 1
    assert (facts.enabled, facts.other_methods) == (True, ())
    assert facts.identity is IdentityKind.BUILTIN_IUSR
    assert facts.configured_name == "IUSR"
    assert facts.password_set is False
    assert facts.app_pool == "DefaultAppPool"
    assert facts.app_pool_identity == "LocalService"
    assert facts.physical_path == "C:\\inetpub\\wwwroot"


@needs_site
def test_several_sites_pool_identity_site(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, THREE_SITES, site="Mod08"))
    assert facts.site_id == 3
    assert facts.identity is IdentityKind.APP_POOL  # <location path="Mod08"> userName=""
    assert facts.configured_name == ""
    assert facts.app_pool == "Mod08"
    assert facts.app_pool_identity == "SpecificUser"
    assert facts.physical_path == "C:\\inetpub\\Mod08"


@needs_site
def test_several_sites_basic_enabled_by_id(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, THREE_SITES, site="2"))
    assert facts.site_id == 2
    assert (facts.enabled, facts.other_methods) == (True, ("Basic",))
    assert facts.identity is IdentityKind.BUILTIN_IUSR
    assert facts.app_pool == "HotelsSite"
    assert facts.app_pool_identity == "ApplicationPoolIdentity"  # from applicationPoolDefaults


def test_several_sites_records() -> None:
    # UTF-8 with a byte order mark and CRLF line ends, as IIS writes it.
    assert THREE_SITES.read_bytes().startswith(b"\xef\xbb\xbf<?xml")
    doc = read_applicationhost_config(THREE_SITES, computer_name="WEB01")
    assert dict(doc.site_lines) == {"default web site": 50, "hotelssite": 58, "mod08": 66}
    assert doc.pool_lines["mod08"] == 32
    pool = doc.pool_password("Mod08")
    assert pool is not None
    assert (pool.state, pool.provider, pool.line) == (
        SecureState.ENCRYPTED,
        "IISWASOnlyCngProvider",
        33,
    )
    mod08 = doc.section_record(ANONYMOUS_SECTION, "Mod08")
    assert mod08 is not None and (mod08.line, dict(mod08.written)) == (129, {"userName": ""})


def test_location_user_on_a_site_whose_id_is_not_1(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, SITE7))
    assert facts.site_id == 7
    assert (facts.enabled, facts.other_methods) == (True, ())
    assert facts.identity is IdentityKind.ACCOUNT
    assert facts.configured_name == "CONTOSO\\iusr_contoso"
    assert (facts.user, facts.domain) == ("iusr_contoso", "CONTOSO")
    assert facts.password_set is True
    assert facts.logon_type == 3  # logonMethod="Network"
    assert facts.app_pool == "Contoso"
    assert facts.physical_path == "D:\\Sites\\Contoso"
    assert facts.locations["user_name"] == "Contoso"
    assert facts.sources["user_name"] == "applicationHost.config line 51"


def test_upn_user_name_in_an_application_location(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, SITE7), "/app")
    assert facts.site_id == 7
    assert facts.configured_name == "iusr_app@contoso.com"
    # A UPN names a domain account: not an account of the local machine.
    assert (facts.user, facts.domain) == ("iusr_app", "contoso.com")
    assert facts.password_set is True
    assert facts.logon_type == 3  # logonMethod inherited from <location path="Contoso">
    assert facts.app_pool == "ContosoApp"
    assert facts.physical_path == "D:\\Sites\\ContosoApp"
    assert facts.locations["user_name"] == "Contoso/app"
    assert facts.locations["logon_type"] == "Contoso"


def test_location_user_records() -> None:
    doc = read_applicationhost_config(SITE7, computer_name="WEB01")
    site = doc.section_record(ANONYMOUS_SECTION, "Contoso")
    assert site is not None
    assert site.line == 51
    assert dict(site.written) == {
        "userName": "CONTOSO\\iusr_contoso",
        "password": SecureState.ENCRYPTED.value,
        "logonMethod": "Network",
    }
    app = doc.anonymous_password("MACHINE/WEBROOT/APPHOST/Contoso/app")
    assert app is not None
    assert (app.state, app.provider, app.line) == (SecureState.ENCRYPTED, "IISCngProvider", 60)
    assert doc.line_of(ANONYMOUS_SECTION, "Contoso/app") == 60


def test_client_certificate_mapping_with_anonymous_off(tmp_path: Path) -> None:
    ev = bundle(tmp_path, CERT)
    root = anonymous(ev, "/")
    assert (root.enabled, root.other_methods) == (True, ())
    connector = anonymous(ev, "/AdcsConnector")
    assert connector.enabled is False
    # iisClientCertificateMappingAuthentication enabled="true": a client with a mapped
    # certificate gets in, so this is not "anonymous disabled and nothing else" (401.2).
    assert any("certificate" in method.lower() for method in connector.other_methods)
    assert connector.app_pool == "AdcsConnector"


def test_active_directory_certificate_mapping_with_anonymous_off(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, CERT), "/Microsoft-Server-ActiveSync")
    assert facts.enabled is False
    assert any("certificate" in method.lower() for method in facts.other_methods)
    assert "Windows" not in facts.other_methods
    assert "Basic" not in facts.other_methods
    assert facts.app_pool_identity == "LocalSystem"


def test_client_certificate_mapping_records() -> None:
    doc = read_applicationhost_config(CERT, computer_name="WEB01")
    connector = doc.section_record(ANONYMOUS_SECTION, "Default Web Site/AdcsConnector")
    assert connector is not None
    assert (connector.line, dict(connector.written)) == (51, {"enabled": "false"})
    sync = doc.section_record(ANONYMOUS_SECTION, "Default Web Site/Microsoft-Server-ActiveSync")
    assert sync is not None and sync.line == 66


def test_single_site_with_id_2_is_the_default(tmp_path: Path) -> None:
    facts = anonymous(bundle(tmp_path, SITE2))
    assert facts.site_id == 2
    assert (facts.enabled, facts.other_methods) == (True, ("Windows",))
    assert facts.identity is IdentityKind.BUILTIN_IUSR
    assert facts.configured_name == "IUSR"
    assert facts.password_set is False
    assert facts.app_pool == "ARS"
    assert facts.app_pool_identity == "SpecificUser"
    assert facts.physical_path == "C:\\inetpub\\ARS"


def test_single_site_records() -> None:
    doc = read_applicationhost_config(SITE2, computer_name="WEB01")
    assert dict(doc.site_lines) == {"ars": 20}
    pool = doc.pool_password("ARS")
    assert pool is not None and pool.state is SecureState.EMPTY


# -- no secret leaves a reader ---------------------------------------------------------------------

_SECRET_TEXT = re.compile(
    r"4963446270000000[0-9a-f]+|49634b6298[0-9a-f]+|NOLONGERVALID[0-9a-f]+"
    r"|\[enc:[^\]]*:enc\]|AQIAAA5mAAAApAAA[A-Za-z0-9+/=]+"
)


@pytest.mark.parametrize(
    "fixture",
    sorted([*METABASE.glob("*.xml"), *APPHOST.glob("*.config")]),
    ids=lambda path: path.name,
)
def test_no_encrypted_value_reaches_the_records(fixture: Path) -> None:
    secrets = set(_SECRET_TEXT.findall(fixture.read_text(encoding="utf-8-sig")))
    if fixture.parent == METABASE:
        try:
            doc = read_metabase_xml(fixture)
        except Exception:  # a reader that refuses the file leaks nothing either
            pytest.skip("the reader does not read this file today")
        shown = repr((doc.keys, dict(doc.secure), doc.notes))
        shown += "".join(doc.evidence(k.location, p) for k in doc.keys for p in k.written)
    else:
        doc = read_applicationhost_config(fixture, computer_name="WEB01")
        shown = repr((doc.sections, doc.passwords, doc.notes))
    for secret in secrets:
        assert secret not in shown
