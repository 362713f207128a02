"""applicationHost.config: the writer's layout, the reader on real-world quirks and hostile
input, and the round trip model -> file -> model (iis.md 5; contract section 3)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.apphost_config import (
    MAX_APPHOST_BYTES,
    AppHostDocument,
    read_applicationhost_config,
)
from checks.readers.opaque import SecureState, is_opaque
from simulator.apphost import AppHostConfig
from simulator.export.apphost_config import opaque_password, write_applicationhost_config
from tests.support.fuzzing import mutated_bytes
from winfacts.apphost import ANONYMOUS, BASIC, SERVER_LEVEL, WINDOWS
from winfacts.iis_settings import AnonymousConfig, Identity
from winfacts.secret import Secret

SITE = "Default Web Site"
ANON_PASSWORD = "Custom-Anon-Pa55"
POOL_PASSWORD = "Pool-Identity-Pa55"
URLS = ("/", "/app", "/app/sub/page.htm", "/app/img/x.gif", "/other", "/app2/x")


def _base() -> AppHostConfig:
    config = AppHostConfig.default("web01")
    config.add_app_pool("AppPool2", "NetworkService", managed_runtime_version="v2.0")
    config.add_application(SITE, "/app", "D:\\apps\\app")
    config.add_virtual_directory(SITE, "/app", "/img", "E:\\images")
    config.add_application(SITE, "/app2", "D:\\apps\\app2", app_pool="AppPool2")
    return config


def _write(tmp: Path, data: bytes, name: str = "applicationHost.config") -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def _round_trip(tmp: Path, config: AppHostConfig) -> AppHostDocument:
    path = _write(tmp, write_applicationhost_config(config))
    return read_applicationhost_config(path, computer_name="web01")


def _without_password(config: AnonymousConfig) -> AnonymousConfig:
    return attrs.evolve(config, password=None)


def _assert_same_anonymous(original: AppHostConfig, read: AppHostConfig) -> None:
    assert read.site_ids() == original.site_ids()
    for site in original.site_ids():
        for url in URLS:
            before, after = original.anonymous_config(site, url), read.anonymous_config(site, url)
            assert _without_password(after) == _without_password(before), (site, url)
            assert after.sources == before.sources, (site, url)
            assert (after.password is None) == (before.password is None), (site, url)
            if before.password is not None and not before.password.is_empty:
                assert is_opaque(after.password), (site, url)
            assert read.auth_methods(site, url) == original.auth_methods(site, url)


# -- the writer -----------------------------------------------------------------------------------


def test_layout_follows_real_files() -> None:
    config = _base()
    config.set_anonymous(f"{SITE}/app", userName="WEB01\\anon", password=ANON_PASSWORD)
    text = write_applicationhost_config(config).decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n')
    assert text.endswith("</configuration>\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert (
        '                    <section name="anonymousAuthentication" '
        'overrideModeDefault="Deny" />\r\n'
    ) in text
    assert '            <add name="DefaultAppPool" />\r\n' in text
    assert (
        '            <site name="Default Web Site" id="1">\r\n'
        '                <application path="/">\r\n'
        '                    <virtualDirectory path="/" '
        'physicalPath="%SystemDrive%\\inetpub\\wwwroot" />\r\n'
    ) in text
    assert '<application path="/app2" applicationPool="AppPool2">' in text
    assert '<binding protocol="http" bindingInformation="*:80:" />' in text
    assert (
        '                <anonymousAuthentication enabled="true" userName="IUSR" />\r\n'
        "\r\n"
        '                <basicAuthentication enabled="false" />\r\n'
    ) in text
    assert (
        '    <location path="Default Web Site/app">\r\n'
        "        <system.webServer>\r\n"
        "            <security>\r\n"
        "                <authentication>\r\n"
        '                    <anonymousAuthentication userName="WEB01\\anon" '
        'password="[enc:IISCngProvider:'
    ) in text
    assert '<add name="AppPool2" managedRuntimeVersion="v2.0">' in text
    assert '<processModel identityType="NetworkService" />' in text


def test_aes_providers_for_older_servers() -> None:
    config = _base()
    config.set_anonymous(None, password=ANON_PASSWORD)
    config.set_app_pool_identity(
        "AppPool2", "SpecificUser", user_name="WEB01\\svc", password=POOL_PASSWORD
    )
    text = write_applicationhost_config(config, providers="aes").decode()
    assert 'password="[enc:AesProvider:' in text
    assert 'password="[enc:IISWASOnlyAesProvider:' in text
    assert "Cng" not in text


def test_no_password_ever_appears_in_the_file() -> None:
    config = _base()
    config.set_anonymous(None, userName="WEB01\\web_anon", password=ANON_PASSWORD)
    config.set_anonymous(f"{SITE}/app", password="Other-App-Pa55")
    config.set_app_pool_identity(
        "AppPool2", "SpecificUser", user_name="WEB01\\svc", password=POOL_PASSWORD
    )
    data = write_applicationhost_config(config)
    for secret in (ANON_PASSWORD, "Other-App-Pa55", POOL_PASSWORD):
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in data
    assert opaque_password(SERVER_LEVEL, "password", "IISCngProvider").encode() in data


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t))
def test_passwords_do_not_shape_the_file(password: str) -> None:
    def build(secret: str) -> bytes:
        config = _base()
        config.set_anonymous(f"{SITE}/app", userName="WEB01\\anon", password=secret)
        config.set_app_pool_identity("AppPool2", "SpecificUser", user_name="u", password=secret)
        return write_applicationhost_config(config)

    assert build(password) == build("baseline")


# -- round trips ----------------------------------------------------------------------------------


def _nothing(config: AppHostConfig) -> None:
    return None


def _custom_user_everywhere(config: AppHostConfig) -> None:
    config.set_anonymous(None, userName="WEB01\\web_anon", password=ANON_PASSWORD)


def _site_override(config: AppHostConfig) -> None:
    config.set_anonymous(SITE, userName="CONTOSO\\site_anon", password=ANON_PASSWORD)
    config.set_anonymous(SITE, logonMethod="Network", defaultLogonDomain="CONTOSO")


def _app_disabled_windows_on(config: AppHostConfig) -> None:
    config.set_anonymous(f"{SITE}/app", enabled=False)
    config.set_auth_enabled("windows", f"{SITE}/app", True)
    config.set_auth_enabled("basic", f"{SITE}/app/img", True)


def _pool_identity(config: AppHostConfig) -> None:
    config.set_anonymous(f"{SITE}/app2", userName="")


def _specific_user_pool(config: AppHostConfig) -> None:
    config.set_app_pool_identity(
        "AppPool2", "SpecificUser", user_name="WEB01\\svc_pool", password=POOL_PASSWORD
    )
    config.set_anonymous(f"{SITE}/app2", userName="")


def _builtin_iusr_with_empty_password(config: AppHostConfig) -> None:
    config.set_anonymous(f"{SITE}/app", userName="IUSR", password="")


def _local_account_named_iusr(config: AppHostConfig) -> None:
    config.set_anonymous(f"{SITE}/app", userName="IUSR", password=ANON_PASSWORD)


def _second_site(config: AppHostConfig) -> None:
    config.add_site("Intranet", "D:\\intranet", site_id=7, app_pool="AppPool2")
    config.set_anonymous("Intranet", userName="CONTOSO\\intranet_anon", password=ANON_PASSWORD)
    config.set_anonymous("Intranet/app", logonMethod="Interactive")


def _nothing_at_server(config: AppHostConfig) -> None:
    config.clear_anonymous(None, "userName")
    config.clear_anonymous(None, "enabled")
    config.set_anonymous(SITE, enabled=True)


CHANGES: dict[str, Callable[[AppHostConfig], None]] = {
    "clean install": _nothing,
    "custom user at the server": _custom_user_everywhere,
    "site-level override": _site_override,
    "anonymous off, windows on for /app": _app_disabled_windows_on,
    "application pool identity": _pool_identity,
    "SpecificUser pool identity": _specific_user_pool,
    "built-in IUSR, empty password": _builtin_iusr_with_empty_password,
    "a SAM account named IUSR": _local_account_named_iusr,
    "a second site": _second_site,
    "schema defaults at the server": _nothing_at_server,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_round_trip_keeps_the_effective_anonymous_settings(tmp_path: Path, change: str) -> None:
    original = _base()
    CHANGES[change](original)
    doc = _round_trip(tmp_path, original)
    _assert_same_anonymous(original, doc.config)
    assert [p.name for p in doc.config.app_pools()] == [p.name for p in original.app_pools()]
    for pool in original.app_pools():
        read = doc.config.app_pool(pool.name)
        assert (read.identity_type, read.user_name, read.managed_runtime_version) == (
            pool.identity_type,
            pool.user_name,
            pool.managed_runtime_version,
        )
        assert (read.password is None) == (pool.password is None)
    assert doc.config.default_documents == original.default_documents
    assert doc.notes == ()


def test_identities_survive_the_round_trip(tmp_path: Path) -> None:
    original = _base()
    _builtin_iusr_with_empty_password(original)
    _pool_identity(original)
    _custom_user_everywhere(original)
    doc = _round_trip(tmp_path, original)
    assert doc.config.anonymous_config(SITE, "/app").identity is Identity.BUILTIN_IUSR
    assert doc.config.anonymous_config(SITE, "/app2").identity is Identity.APP_POOL
    root = doc.config.anonymous_config(SITE, "/")
    assert root.identity is Identity.ACCOUNT and is_opaque(root.password)
    assert not root.password.matches(Secret(ANON_PASSWORD))  # type: ignore[union-attr]


def test_password_records_and_evidence(tmp_path: Path) -> None:
    original = _base()
    _site_override(original)
    _specific_user_pool(original)
    path = _write(tmp_path, write_applicationhost_config(original))
    doc = read_applicationhost_config(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    record = doc.anonymous_password(SITE)
    assert record is not None and record.state is SecureState.ENCRYPTED
    assert record.provider == "IISCngProvider" and "password=" in lines[record.line - 1]
    assert doc.anonymous_password(f"{SERVER_LEVEL}/{SITE}") == record
    assert doc.anonymous_password(None) is None
    pool = doc.pool_password("apppool2")
    assert pool is not None and pool.provider == "IISWASOnlyCngProvider"
    line = doc.line_of("anonymous", SITE)
    assert line is not None and "<anonymousAuthentication" in lines[line - 1]
    assert doc.evidence(ANONYMOUS, SITE, "userName") == (
        f'applicationHost.config line {line}: anonymousAuthentication userName="CONTOSO\\site_anon"'
        f" at {SERVER_LEVEL}/{SITE}"
    )
    assert "password is set (encrypted" in doc.evidence("anonymous", SITE, "password")
    assert doc.evidence(WINDOWS, SITE, "enabled").endswith(
        f"does not set enabled at {SERVER_LEVEL}/{SITE}"
    )
    assert doc.section_record(BASIC, None) is not None
    assert ANON_PASSWORD not in repr(doc) and POOL_PASSWORD not in repr(doc)
    assert doc.config.computer_name == "UNKNOWN"
    assert set(doc.site_lines) == {"default web site"}
    assert set(doc.pool_lines) == {"defaultapppool", "apppool2"}


# -- real-world quirks ----------------------------------------------------------------------------

REAL_STYLE = """<?xml version="1.0" encoding="UTF-8"?>
<!--
    hand-edited by an administrator
-->
<configuration>
\t<configSections>
\t\t<sectionGroup name="system.webServer">
\t\t\t<section name="defaultDocument" overrideModeDefault="Allow" />
\t\t</sectionGroup>
\t</configSections>
\t<system.applicationHost>
\t\t<applicationPools>
\t\t\t<add name="Stale" />
\t\t\t<clear />
\t\t\t<add name="DefaultAppPool" />
\t\t\t<add name="Classic" managedRuntimeVersion="v2.0" managedPipelineMode="Classic" />
\t\t\t<add name="Gone" />
\t\t\t<remove name="Gone" />
\t\t\t<add name="Svc">
{SVC_MODEL}
\t\t\t</add>
\t\t\t<applicationPoolDefaults managedRuntimeVersion="v4.0">
\t\t\t\t<processModel identityType="NetworkService" loadUserProfile="true" />
\t\t\t</applicationPoolDefaults>
\t\t</applicationPools>
\t\t<customMetadata />
\t\t<sites>
\t\t\t<site name="Default Web Site" id="1" serverAutoStart="true">
\t\t\t\t<application path="/">
\t\t\t\t\t<virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
\t\t\t\t</application>
\t\t\t\t<application path="/legacy" applicationPool="Classic">
{LEGACY_VDIR}
\t\t\t\t</application>
\t\t\t\t<bindings>
\t\t\t\t\t<binding protocol="http" bindingInformation="*:80:" />
\t\t\t\t\t<binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
\t\t\t\t</bindings>
\t\t\t</site>
\t\t\t<site name="Portal" id="2">
\t\t\t\t<application path="/" applicationPool="Svc">
\t\t\t\t\t<virtualDirectory path="/" physicalPath="D:\\portal" />
\t\t\t\t</application>
\t\t\t</site>
\t\t\t<siteDefaults>
\t\t\t\t<logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
\t\t\t</siteDefaults>
\t\t\t<applicationDefaults applicationPool="DefaultAppPool" />
\t\t</sites>
\t</system.applicationHost>
\t<system.webServer>
\t\t<defaultDocument enabled="true">
\t\t\t<files>
\t\t\t\t<clear />
\t\t\t\t<add value="index.html" />
\t\t\t\t<add value="default.aspx" />
\t\t\t\t<remove value="default.aspx" />
\t\t\t</files>
\t\t</defaultDocument>
\t\t<security>
\t\t\t<authentication>
\t\t\t\t<anonymousAuthentication enabled="true" userName="IUSR" />
\t\t\t\t<basicAuthentication />
\t\t\t\t<windowsAuthentication enabled="false">
\t\t\t\t\t<providers>
\t\t\t\t\t\t<add value="Negotiate" />
\t\t\t\t\t\t<add value="NTLM" />
\t\t\t\t\t</providers>
\t\t\t\t</windowsAuthentication>
\t\t\t</authentication>
\t\t</security>
\t</system.webServer>
\t<location path="" overrideMode="Allow">
\t\t<system.webServer>
\t\t\t<modules>
\t\t\t\t<add name="AnonymousAuthenticationModule" lockItem="true" />
\t\t\t</modules>
\t\t</system.webServer>
\t</location>
\t<location path="Default Web Site/legacy">
\t\t<system.webServer>
\t\t\t<security>
\t\t\t\t<authentication>
{LEGACY_ANON}
\t\t\t\t\t<windowsAuthentication enabled="true" />
\t\t\t\t</authentication>
\t\t\t</security>
\t\t</system.webServer>
\t</location>
\t<location path="Portal">
\t\t<system.webServer>
\t\t\t<security>
\t\t\t\t<authentication>
\t\t\t\t\t<anonymousAuthentication userName="" username="typo" />
\t\t\t\t</authentication>
\t\t\t</security>
\t\t</system.webServer>
\t</location>
\t<location path="Deleted Site/app">
\t\t<system.webServer>
\t\t\t<security>
\t\t\t\t<authentication>
\t\t\t\t\t<anonymousAuthentication enabled="false" />
\t\t\t\t</authentication>
\t\t\t</security>
\t\t</system.webServer>
\t</location>
</configuration>
"""


# The long lines of the sample, kept here to respect the line length.
LONG_LINES = {
    "{SVC_MODEL}": (
        '\t\t\t\t<processModel identityType="SpecificUser" userName="CONTOSO\\svc_web" '
        'password="[enc:IISWASOnlyCngProvider:DD3sxS3JVER6blHqFi+78vXuvbuKTgQsSSpR3sn848L+wm4M2SYl'
        '==:enc]" />'
    ),
    "{LEGACY_VDIR}": (
        '\t\t\t\t\t<virtualDirectory path="/" physicalPath="D:\\legacy" userName="CONTOSO\\share" '
        'password="LetMeIn-Clear" />'
    ),
    "{LEGACY_ANON}": (
        '\t\t\t\t\t<anonymousAuthentication userName="CONTOSO\\legacy_anon" '
        'password="[enc:AesProvider:57686f6120447564652c2049495320526f636b73:enc]" '
        'logonMethod="2" />'
    ),
}


def _real_style() -> bytes:
    text = REAL_STYLE
    for marker, line in LONG_LINES.items():
        text = text.replace(marker, line)
    return text.replace("\n", "\r\n").encode("utf-8")


def test_reads_a_hand_written_real_style_file(tmp_path: Path) -> None:
    doc = read_applicationhost_config(_write(tmp_path, _real_style()), computer_name="web02")
    config = doc.config
    assert [p.name for p in config.app_pools()] == ["DefaultAppPool", "Classic", "Svc"]
    assert config.app_pool("DefaultAppPool").identity_type.value == "NetworkService"  # defaults
    assert config.app_pool("Classic").managed_runtime_version == "v2.0"
    svc = config.app_pool("Svc")
    assert svc.user_name == "CONTOSO\\svc_web" and is_opaque(svc.password)
    assert config.default_documents == ("index.html",)
    root = config.anonymous_config(1, "/")
    assert root.identity is Identity.BUILTIN_IUSR and root.password is None
    assert root.physical_path == "C:\\inetpub\\wwwroot"
    legacy = config.anonymous_config(SITE, "/legacy/page.asp")
    assert legacy.user_name == "CONTOSO\\legacy_anon" and is_opaque(legacy.password)
    assert legacy.logon_type == 3  # logonMethod="2": Network
    assert legacy.other_methods == ("Windows",)
    assert legacy.app_pool == "Classic"
    portal = config.anonymous_config("Portal", "/")
    assert portal.identity is Identity.APP_POOL and portal.app_pool_identity == "SpecificUser"
    # passwords: states and providers, never values
    states = {(p.element, p.state, p.provider) for p in doc.passwords}
    assert ("processModel", SecureState.ENCRYPTED, "IISWASOnlyCngProvider") in states
    assert ("anonymousAuthentication", SecureState.ENCRYPTED, "AesProvider") in states
    assert ("virtualDirectory", SecureState.CLEARTEXT, None) in states
    text = repr(doc) + repr(doc.passwords) + repr(doc.sections) + " ".join(doc.notes)
    assert "LetMeIn-Clear" not in text
    assert "57686f6120447564652c" not in text
    # notes: the stale location, the clear-text password and the mis-cased attribute
    assert any("'Deleted Site/app'" in note for note in doc.notes)
    assert any("stored unencrypted" in note for note in doc.notes)
    assert any("'username'" in note and "case-sensitive" in note for note in doc.notes)
    # evidence lines point into the real text
    lines = _real_style().decode().split("\r\n")
    line = doc.line_of(ANONYMOUS, "Default Web Site/legacy")
    assert line is not None and "legacy_anon" in lines[line - 1]
    assert doc.site_lines["portal"] == next(
        i + 1 for i, text in enumerate(lines) if 'site name="Portal"' in text
    )


# -- input IIS would refuse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'<location path="" overrideMode="Allow">', b'<location path=".">', "duplicate"),
        (
            b'<anonymousAuthentication enabled="true"',
            b'<anonymousAuthentication enabled="maybe"',
            "neither true nor false",
        ),
        (b'logonMethod="2"', b'logonMethod="Telepathy"', "logonMethod must be one of"),
        (b'logonMethod="2"', b'logonMethod="9"', "logonMethod must be one of"),
        (b'<add name="Gone" />', b'<add name="Classic" />', "added twice"),
        (
            b'applicationPool="Svc"',
            b'applicationPool="Missing"',
            "which applicationPools does not define",
        ),
        (b'identityType="SpecificUser"', b'identityType="Wizard"', "is not an identityType"),
        (b'<site name="Portal" id="2">', b'<site name="Portal">', "no numeric id"),
        (b'<site name="Portal" id="2">', b'<site name="Portal" id="1">', "already in use"),
        (b'<site name="Portal" id="2">', b'<site name="Default Web Site" id="3">', "defined twice"),
        (
            b'<application path="/" applicationPool="Svc">',
            b'<application path="/x" applicationPool="Svc">',
            "no root application",
        ),
        (
            b'<virtualDirectory path="/" physicalPath="D:\\portal" />',
            b'<virtualDirectory path="/v" physicalPath="D:\\portal" />',
            "no root virtual directory",
        ),
        (b'<location path="Portal">', b'<location path="Portal/../x">', "climbs out"),
    ],
)
def test_configurations_iis_refuses(tmp_path: Path, old: bytes, new: bytes, message: str) -> None:
    data = _real_style()
    assert old in data, old
    if message == "duplicate":
        # the same section twice for one level: the server-level element again in location ""
        data = data.replace(
            b"\t\t\t<modules>",
            b'\t\t\t<security><authentication><anonymousAuthentication enabled="true" />'
            b"</authentication></security>\r\n\t\t\t<modules>",
        )
    path = _write(tmp_path, data.replace(old, new))
    with pytest.raises(BundleError, match=re.escape(message)) as caught:
        read_applicationhost_config(path)
    assert str(caught.value).startswith(f"{path}:")
    assert caught.value.line is not None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"/>', "MetaBase.xml"),
        (b"<sites/>", "root element <sites>"),
        (b'<configuration xmlns="urn:x"/>', "root element"),
    ],
)
def test_not_an_applicationhost_config(tmp_path: Path, document: bytes, message: str) -> None:
    with pytest.raises(BundleError, match=re.escape(message)):
        read_applicationhost_config(_write(tmp_path, document))


def test_an_empty_configuration_is_an_empty_model(tmp_path: Path) -> None:
    doc = read_applicationhost_config(_write(tmp_path, b"<configuration/>"))
    assert doc.config.sites() == () and doc.sections == ()


# -- hostile input --------------------------------------------------------------------------------

XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    b"<configuration><system.webServer><security><authentication>"
    b'<anonymousAuthentication userName="&e;" /></authentication></security></system.webServer>'
    b"</configuration>"
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n<configuration><system.webServer><security><authentication>"
    b'<anonymousAuthentication userName="&lol9;" /></authentication></security>'
    b"</system.webServer></configuration>"
)


@pytest.mark.parametrize(
    "data",
    [
        XXE,
        LAUGHS,
        LAUGHS.decode()
        .replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
        .encode("utf-16"),
        b"\x00\x01\x02\xffnot xml at all",
        b"",
        b"<configuration><system.applicationHost>",
    ],
    ids=["xxe", "billion-laughs", "billion-laughs-utf16", "binary", "empty", "unclosed"],
)
def test_hostile_input_is_a_bundle_error(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(BundleError) as caught:
        read_applicationhost_config(path)
    assert str(caught.value).startswith(str(path))


def test_a_truncated_file_names_its_last_line(tmp_path: Path) -> None:
    data = write_applicationhost_config(_base())
    path = _write(tmp_path, data[: len(data) * 2 // 3])
    with pytest.raises(BundleError) as caught:
        read_applicationhost_config(path)
    assert caught.value.line is not None and caught.value.line > 1


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "applicationHost.config"
    with open(path, "wb") as handle:  # sparse: no disk space, no time
        handle.truncate(MAX_APPHOST_BYTES + 1)
    with pytest.raises(BundleError, match="more than the"):
        read_applicationhost_config(path)


# -- fuzzing --------------------------------------------------------------------------------------

VALID = _real_style()
WRITTEN = write_applicationhost_config(_base())


def _read_or_bundle_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "applicationHost.config"
        path.write_bytes(data)
        try:
            doc = read_applicationhost_config(path)
        except BundleError as exc:
            assert str(exc).startswith(str(path))
            return
        for site in doc.config.site_ids():  # whatever was read must be usable
            doc.config.anonymous_config(site, "/")


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
            b'userName="CONTOSO\\legacy_anon"',
            b'logonMethod="2"',
            b'enabled="true"',
            b'path="Default Web Site/legacy"',
            b'name="Portal"',
            b'id="2"',
            b'path="/legacy"',
            b'identityType="SpecificUser"',
            b'applicationPool="Svc"',
            b'bindingInformation="*:80:"',
        ]
    ),
    st.text(max_size=30),
)
def test_fuzz_attribute_values(attribute: bytes, value: str) -> None:
    name = attribute.split(b"=")[0]
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    _read_or_bundle_error(VALID.replace(attribute, name + b'="' + escaped.encode() + b'"', 1))
