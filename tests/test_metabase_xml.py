"""MetaBase.xml: the writer's layout, the reader on real-world quirks and hostile input, and the
round trip model -> file -> model (iis.md 1; contract section 3)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
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
from simulator.export.metabase_xml import opaque_secure_value, write_metabase_xml
from simulator.metabase import Metabase
from tests.support.fuzzing import mutated_bytes
from winfacts.iis_settings import AnonymousConfig
from winfacts.metabase import AUTH_ANONYMOUS, AUTH_BASIC, AUTH_NTLM, KeyClass
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


def _without_password(config: AnonymousConfig) -> AnonymousConfig:
    return attrs.evolve(config, password=None)


def _assert_same_anonymous(original: Metabase, read: Metabase) -> None:
    for url in URLS:
        before, after = original.anonymous_config(1, url), read.anonymous_config(1, url)
        assert _without_password(after) == _without_password(before), url
        assert after.sources == before.sources, url
        assert (after.password is None) == (before.password is None), url
        if before.password is not None and not before.password.is_empty:
            assert is_opaque(after.password), url
        assert original.anonymous_settings(1, url).set_at == read.anonymous_settings(1, url).set_at


# -- the writer -----------------------------------------------------------------------------------


def test_layout_follows_real_files() -> None:
    text = write_metabase_xml(_default()).decode("utf-8")
    assert text.startswith(
        '<?xml version ="1.0"?>\r\n'
        '<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0">\r\n'
        "<MBProperty>\r\n"
        '<IIS_Global\tLocation ="."\r\n'
    )
    assert text.endswith("</MBProperty>\r\n</configuration>\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert (
        '<IIsWebVirtualDir\tLocation ="/LM/W3SVC/1/ROOT"\r\n'
        '\t\tAccessFlags="AccessRead | AccessScript"\r\n'
        '\t\tAppPoolId="DefaultAppPool"\r\n'
        '\t\tAuthFlags="AuthAnonymous | AuthNTLM"\r\n'
    ) in text
    assert '\t\tAnonymousPasswordSync="FALSE"\r\n' in text
    assert '\t\tAppPoolIdentityType="2"\r\n' in text
    assert "\t>\r\n</IIsWebService>\r\n" in text
    assert '<IIsComputer\tLocation ="/LM"\r\n\t>\r\n</IIsComputer>\r\n' in text


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
    assert opaque_secure_value("/LM/W3SVC/1", "AnonymousUserPass").encode() in data


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t))
def test_secure_values_do_not_depend_on_the_password(password: str) -> None:
    baseline = _default()
    other = Metabase.default("web01", iusr_password=Secret(password), iwam_password=Secret("x"))
    assert write_metabase_xml(other) == write_metabase_xml(baseline)


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


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_round_trip_keeps_the_effective_anonymous_settings(tmp_path: Path, change: str) -> None:
    original = _with_app_and_vdir()
    CHANGES[change](original)
    doc = _round_trip(tmp_path, original)
    _assert_same_anonymous(original, doc.metabase)
    assert [(k.location, k.key_class) for k in doc.metabase.all_keys()] == [
        (k.location, k.key_class) for k in original.all_keys()
    ]


def test_round_trip_keeps_every_property_and_makes_secure_ones_opaque(tmp_path: Path) -> None:
    original = _with_app_and_vdir()
    _site_password(original)
    _specific_pool(original)
    original.set("/LM/W3SVC/1", "ServerBindings", (":80:", ":8080:intranet"))
    doc = _round_trip(tmp_path, original)
    for key in original.all_keys():
        read = doc.metabase.find_key(key.location)
        assert read.properties.keys() == key.properties.keys()
        for name, value in key.properties.items():
            if isinstance(value, Secret):
                assert read.properties[name] is OPAQUE_SECRET
                state = doc.secure_value(key.location, name)
                assert state is not None and state.state is SecureState.ENCRYPTED
            else:
                assert read.properties[name] == value
    assert doc.secure_value("/lm/w3svc/1", "anonymoususerpass") is not None
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
    lines = path.read_text(encoding="utf-8").split("\n")
    line = doc.line_of("/LM/W3SVC", "AnonymousPasswordSync")
    assert line is not None and 'AnonymousPasswordSync="TRUE"' in lines[line - 1]
    assert doc.evidence("/LM/W3SVC", "AnonymousPasswordSync") == (
        f'MetaBase.xml line {line}: AnonymousPasswordSync="TRUE" at /LM/W3SVC'
    )
    secure_line = doc.line_of("/LM/W3SVC/1", "AnonymousUserPass")
    assert secure_line is not None and "AnonymousUserPass=" in lines[secure_line - 1]
    assert "encrypted" in doc.evidence("/lm/w3svc/1", "AnonymousUserPass")
    assert doc.evidence("/LM/W3SVC/1", "LogonMethod").endswith(
        "LogonMethod is not set at /LM/W3SVC/1"
    )
    record = doc.key_record("/lm/w3svc/1/root")
    assert record is not None and record.element == "IIsWebVirtualDir"
    assert doc.line_of("/LM/W3SVC/1/ROOT") == record.line


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
    assert any("'authflags'" in note and "case-sensitive" in note for note in doc.notes)
    # evidence points at the right lines of the real text
    lines = _real_style(version).decode().split("\r\n")
    line = doc.line_of("/LM/W3SVC", "AnonymousPasswordSync")
    assert line is not None and "AnonymousPasswordSync" in lines[line - 1]
    custom = doc.line_of("/LM/W3SVC/1/Root/localstart.asp", "AuthFlags")
    assert custom is not None and "Value=" in lines[custom - 1]


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
    line = doc.line_of("/LM/W3SVC", "LogonMethod")
    assert line is not None and 'LogonMethod="0"' in text.split("\r\n")[line - 1]


def test_a_property_outside_its_only_location_is_ignored_with_a_note(tmp_path: Path) -> None:
    data = _real_style().replace(
        b'\t\tAuthFlags="0"\r\n', b'\t\tIIs5IsolationModeEnabled="TRUE"\r\n'
    )
    doc = read_metabase_xml(_write(tmp_path, data))
    assert not doc.metabase.anonymous_config(1, "/").iis5_isolation
    assert any("IIs5IsolationModeEnabled is read only at /LM/W3SVC" in n for n in doc.notes)


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
    ("old", "new", "message"),
    [
        (b'AuthFlags="5"', b'AuthFlags="AuthAnonymus | AuthNTLM"', "unknown AuthFlags flag"),
        (b'AuthFlags="5"', b'AuthFlags="authanonymous"', "case-sensitive"),
        (b'AuthFlags="5"', b'AuthFlags="8"', "bits no flag name covers"),
        (b'AnonymousPasswordSync="TRUE"', b'AnonymousPasswordSync="maybe"', "BOOL"),
        (b'LogonMethod="0"', b'LogonMethod="7"', "between 0 and 3"),
        (b'LogonMethod="0"', b'LogonMethod="zero"', "not a number"),
        (b'AppPoolIdentityType="0"', b'AppPoolIdentityType="-1"', "not a number"),
    ],
)
def test_bad_values_name_the_file_and_line(
    tmp_path: Path, old: bytes, new: bytes, message: str
) -> None:
    data = _real_style()
    assert old in data
    path = _write(tmp_path, data.replace(old, new))
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    error = caught.value
    assert message in str(error)
    assert error.path == str(path) and str(error).startswith(f"{path}:")
    assert error.line is not None
    assert new.decode() in data.replace(old, new).decode().split("\r\n")[error.line - 1]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'"/LM/W3SVC/AppPools/DefaultAppPool"', b'"/LM/W3SVC/1/ROOT/"', "appears twice"),
        (b'<IIsFtpService\tLocation ="/LM/MSFTPSVC"', b"<IIsFtpService", "has no Location"),
        (b'Location ="/LM/MSFTPSVC"', b'Location ="/Schema"', "not under /LM"),
        (b'Location ="/LM/MSFTPSVC"', b'Location ="/LM/a\\b"', "not a metabase path"),
        (
            b'\t\tName="AdminServer"\r\n\t\tID="2115"',
            b'\t\tName="AnonymousUserName"\r\n\t\tID="6020"',
            "AnonymousUserName is given twice",
        ),
        (b"<MBProperty>", b"<Other>", "no <MBProperty>"),
    ],
)
def test_structures_iis_refuses(tmp_path: Path, old: bytes, new: bytes, message: str) -> None:
    data = _real_style()
    assert old in data
    if old == b"<MBProperty>":
        data = data.replace(b"</MBProperty>", b"</Other>")
    with pytest.raises(BundleError, match=re.escape(message)) as caught:
        read_metabase_xml(_write(tmp_path, data.replace(old, new)))
    assert caught.value.line is not None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'<MetaData xmlns="x-urn:microsoft-catalog:MetaData_V7"/>', "MBSchema.xml"),
        (b"<configuration/>", "no <MBProperty>"),
        (b'<configuration xmlns="urn:other"><MBProperty/></configuration>', "namespace"),
        (b"<sites/>", "root element <sites>"),
    ],
)
def test_not_a_metabase(tmp_path: Path, document: bytes, message: str) -> None:
    with pytest.raises(BundleError, match=re.escape(message)):
        read_metabase_xml(_write(tmp_path, document))


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
    path = _write(tmp_path, data[: len(data) // 2])
    with pytest.raises(BundleError) as caught:
        read_metabase_xml(path)
    assert caught.value.line is not None and caught.value.line > 1


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
