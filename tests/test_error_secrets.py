"""No password, clear or encrypted, reaches an error message (checks/errors.py has the rule).

Each reader gets a malformed file with a distinctive password planted where its message used to
quote the file: the error must still name the file and the line, and the password (and the
fragment a parser would echo) must be absent. A few run through `authlab diagnose` too, on
bundles made of the real-shaped fixtures, and a few messages are checked word for word."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from authlab.cli import main
from checks.errors import (
    MAX_REASON,
    PARSER_WITHHELD,
    WITHHELD,
    BundleError,
    parser_detail,
    quote,
    quote_name,
    scrub,
    scrub_quoted,
    without_quotations,
)
from checks.readers.apphost_config import read_applicationhost_config
from checks.readers.auditpol import parse_auditpol_csv
from checks.readers.icacls import parse_icacls
from checks.readers.jsonfiles import read_host_json, read_probe_json
from checks.readers.ldif import parse_ldif
from checks.readers.lsa_reg import parse_reg_export
from checks.readers.metabase_xml import read_metabase_xml
from checks.readers.net_localgroup import parse_net_localgroup
from checks.readers.net_user import parse_net_user
from checks.readers.opaque import looks_secret
from checks.readers.secedit import parse_secedit
from checks.readers.security_csv import iter_security_csv
from checks.readers.security_evtx import _record
from checks.readers.security_xml import iter_security_xml
from checks.readers.w3c import iter_w3c, summarize_w3c
from checks.readers.wevtutil_gl import parse_wevtutil_gl
from checks.readers.xmlsafe import parse_bytes, parser

REAL = Path(__file__).parent / "fixtures" / "real"
METABASE = REAL / "metabase" / "v54-default-site-numeric-authflags.xml"
APPHOST = REAL / "apphost" / "single-site-id-2.config"
NET_USER = REAL / "net-user" / "uk-24h-password-expires.txt"

PW = "Zq9!plantedPW"
#: A password holding "&": an XML parser reads "&plantedPW;" as an entity and names it.
XML_PW = "Zq9&plantedPW;"


def _caught(read: Callable[[], object]) -> BundleError:
    with pytest.raises(BundleError) as caught:
        read()
    return caught.value


def _clean(error: BundleError, *secrets: str) -> None:
    text = str(error)
    for secret in (PW, "plantedPW", "plantedpw", *secrets):
        assert secret not in text, text


def _replace_line(source: Path, number: int, old: str, new: str) -> bytes:
    """The fixture with ``old`` replaced on line ``number`` (1-based) only."""
    lines = source.read_bytes().split(b"\n")
    assert old.encode() in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old.encode(), new.encode())
    return b"\n".join(lines)


# -- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "shown"),
    [
        ("maybe", {}, "'maybe'"),
        ("x" * 100, {}, repr("x" * 60) + "..."),
        ("\x1b[2J", {}, "'\\x1b[2J'"),
        (PW, {}, WITHHELD),  # upper, lower, digit and other: a password a domain accepts
        ("Winter2026", {}, WITHHELD),
        ("winter2026", {}, "'winter2026'"),  # two classes: complexity would refuse it
        ("11/24/2026 9:30:00 AM", {}, "'11/24/2026 9:30:00 AM'"),
        ("my password is x", {}, WITHHELD),
        ("[enc:IISCngProvider:abc:enc]", {}, WITHHELD),
        ("NOLONGERVALID00", {}, WITHHELD),
        ("4963446270000000b1195b6dbbd57e0b53e30c77", {}, WITHHELD),
        ("1", {"name": "DefaultPassword"}, WITHHELD),
        ("abc", {"name": "unicodePwd"}, WITHHELD),
        ("abc", {"name": "cs-uri-query"}, WITHHELD),
        ("abc", {"name": "cs(Referer)"}, WITHHELD),
        ("abc", {"name": "sc-status"}, "'abc'"),
        ("abc", {"line": "pwd=abc"}, WITHHELD),
        ("abc", {"line": "BUILTIN\\Users:(abc)"}, "'abc'"),
    ],
)
def test_quote(text: str, kwargs: dict[str, str], shown: str) -> None:
    assert quote(text, **kwargs) == shown


def test_quote_name() -> None:
    assert quote_name("MinimumPasswordAge") == "'MinimumPasswordAge'"  # a name, not a secret
    assert quote_name("/LM/W3SVC/1/ROOT") == "'/LM/W3SVC/1/ROOT'"
    assert quote_name("Default Web Site", bare=True) == "Default Web Site"
    assert quote_name('DefaultPassword"="' + PW) == WITHHELD  # a value spilled into a name
    assert quote_name(PW) == WITHHELD
    assert quote_name("n" * 70, bare=True) == "n" * 60 + "..."


def test_parser_detail_and_scrub() -> None:
    assert parser_detail("Entity 'x' not defined", ["<a>&x;</a>"]) == "Entity 'x' not defined"
    assert parser_detail("Entity 'plantedPW' not defined", ['password="Zq9']) == PARSER_WITHHELD
    assert parser_detail("y" * 300) == "y" * 197 + "..."
    assert scrub(f"{PW!r} is not a SID", [PW]) == "(withheld) is not a SID"
    assert scrub("'maybe' is not a BOOL", ["maybe"]) == "'maybe' is not a BOOL"
    assert scrub(f"site {'s' * 80!r} is defined twice", names=["s" * 80]) == (
        f"site {'s' * 60!r}... is defined twice"
    )


def test_a_message_is_cut_whatever_a_reader_put_in_it() -> None:
    error = BundleError("f.txt", "z" * 5000, 3)
    assert len(error.reason) == MAX_REASON and error.reason.endswith("...")
    assert str(error).startswith("f.txt:3: zzz")


def test_unmodelled_attributes_are_masked_by_the_same_rule() -> None:
    assert looks_secret("SomeCredential", "x") and looks_secret("Plain", "[enc:P:x:enc]")
    assert not looks_secret("ServerComment", "Default Web Site")


# -- MetaBase.xml -------------------------------------------------------------------------------


def test_metabase_clear_password_that_breaks_the_xml(tmp_path: Path) -> None:
    path = tmp_path / "MetaBase.xml"
    path.write_bytes(_replace_line(METABASE, 25, METABASE_PASS, XML_PW))
    error = _caught(lambda: read_metabase_xml(path))
    assert (error.path, error.line) == (str(path), 25)
    assert str(error) == f"{path}:25: is not well-formed XML ({PARSER_WITHHELD})"
    _clean(error, "Zq9")


METABASE_PASS = (
    "4963446270000000b1195b6dbbd57e0b53e30c77458d121c910af838d02314d83a0ba805616be54000092624c5b43a"
    "10ac94a3ec98fd4eaadb811cf3a5510f814b0534bc"
)


@pytest.mark.parametrize(
    ("line", "old", "reason"),
    [
        (29, 'AuthFlags="5"', "unknown AuthFlags flag (withheld)"),
        (23, 'AnonymousPasswordSync="FALSE"', None),
    ],
)
def test_metabase_typed_values(tmp_path: Path, line: int, old: str, reason: str | None) -> None:
    data = METABASE.read_bytes()
    lines = data.split(b"\n")
    index = next(i for i, text in enumerate(lines) if old.split("=")[0].encode() in text)
    name = old.split("=")[0]
    lines[index] = f'\t\t{name}="{PW}"\r'.encode()
    path = tmp_path / "MetaBase.xml"
    path.write_bytes(b"\n".join(lines))
    error = _caught(lambda: read_metabase_xml(path))
    assert error.line == index + 1
    if reason is None:
        assert error.reason == f"{name} is a BOOL: (withheld) is neither TRUE nor FALSE"
    else:
        assert error.reason == reason
    _clean(error)


def test_metabase_location_that_is_a_password(tmp_path: Path) -> None:
    data = METABASE.read_bytes().replace(b'Location ="/LM/W3SVC"', f'Location ="{PW}"'.encode())
    path = tmp_path / "MetaBase.xml"
    path.write_bytes(data)
    error = _caught(lambda: read_metabase_xml(path))
    assert error.reason == "<IIsWebService> Location (withheld) is not under /LM"
    assert error.line == 21
    _clean(error)


# -- applicationHost.config ---------------------------------------------------------------------


def _apphost(tmp_path: Path, old: str, new: str) -> Path:
    data = APPHOST.read_bytes()
    assert old.encode() in data
    path = tmp_path / "applicationHost.config"
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))
    return path


ANONYMOUS = '<anonymousAuthentication enabled="true" userName="IUSR" />'


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        (
            f'<anonymousAuthentication enabled="true" userName="IUSR" password="{XML_PW}" />',
            f"is not well-formed XML ({PARSER_WITHHELD})",
        ),
        (
            f'<anonymousAuthentication enabled="{PW}" userName="IUSR" />',
            "enabled=(withheld) is neither true nor false",
        ),
        (
            f'<anonymousAuthentication enabled="true" logonMethod="{PW}" />',
            "logonMethod must be one of Interactive, Batch, Network, ClearText (or 0-3), "
            "not (withheld)",
        ),
    ],
)
def test_apphost_anonymous_section(tmp_path: Path, new: str, reason: str) -> None:
    path = _apphost(tmp_path, ANONYMOUS, new)
    error = _caught(lambda: read_applicationhost_config(path))
    assert error.reason == reason
    assert error.line == 37
    _clean(error, "Zq9")


def test_apphost_identity_type(tmp_path: Path) -> None:
    path = _apphost(tmp_path, 'identityType="SpecificUser"', f'identityType="{PW}"')
    error = _caught(lambda: read_applicationhost_config(path))
    assert error.line == 5 and error.reason.startswith(
        "application pool 'ARS': (withheld) is not an identityType (one of "
    )
    _clean(error)


# -- lsa.reg, secedit.inf -------------------------------------------------------------------------

REG = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\x]\r\n"


def test_reg_value_name_that_swallowed_the_value() -> None:
    # A hand-edited line whose escaped quotes put the password inside the value name.
    text = REG + f'"DefaultPassword\\"=\\"{PW}"\r\n'
    error = _caught(lambda: parse_reg_export(text, "lsa.reg"))
    assert str(error) == "lsa.reg:4: has no = after the value name (withheld)"
    _clean(error)


def test_reg_names_are_shown_and_values_never() -> None:
    text = REG + f'"DefaultPassword"="{PW}"\r\n"defaultpassword"="{PW}"\r\n'
    error = _caught(lambda: parse_reg_export(text, "lsa.reg"))
    assert str(error) == "lsa.reg:5: sets the value 'defaultpassword' twice in one key"
    _clean(error)
    unclosed = REG + f'"DefaultPassword"="{PW}\r\n'
    _clean(_caught(lambda: parse_reg_export(unclosed, "lsa.reg")))


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            "[Registry Values]\r\nMACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\"
            f"Winlogon\\DefaultPassword={PW}\r\n",
            2,
            "MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogo... in "
            "[Registry Values] has no TYPE,VALUE",
        ),
        (
            f"[Privilege Rights]\r\n{PW} = *S-1-5-32-546\r\n",
            2,
            "(withheld) is not a user right or privilege",
        ),
        (
            f"[System Access]\r\nMinimumPasswordAge = {PW}\r\n",
            2,
            "MinimumPasswordAge in [System Access] is not a number",
        ),
    ],
)
def test_secedit(text: str, line: int, reason: str) -> None:
    error = _caught(lambda: parse_secedit(text, "secedit.inf"))
    assert (error.line, error.reason) == (line, reason)
    _clean(error)


# -- W3C logs -------------------------------------------------------------------------------------

LOG_HEAD = (
    "#Software: Microsoft Internet Information Services 10.0\r\n"
    "#Version: 1.0\r\n"
    "#Date: 2026-11-24 08:00:00\r\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
)


def _log_line(status: str, query: str = f"user=bob&password={PW}", date: str = "2026-11-24") -> str:
    return (
        f"{date} 08:00:01 10.0.0.10 GET /login.aspx {query} 80 - 10.0.0.99 Mozilla/5.0 "
        f"http://web01/login.aspx?pwd={PW} {status} 1 1326 15\r\n"
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (_log_line("40x"), "sc-status '40x' is not a number"),
        (_log_line(PW, query="-"), "sc-status (withheld) is not a number"),
        (_log_line("401", date=PW), "(withheld) is not a date (YYYY-MM-DD)"),
    ],
    ids=["status", "status-password", "date-password"],
)
def test_w3c_errors(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "u_ex261124.log"
    path.write_text(LOG_HEAD + line, encoding="ascii")
    for read in (lambda: list(iter_w3c(path)), lambda: summarize_w3c([path], url="/login.aspx")):
        error = _caught(read)
        assert (error.path, error.line, error.reason) == (str(path), 5, reason)
        _clean(error)


def test_w3c_samples_withhold_the_referrer_as_the_query(tmp_path: Path) -> None:
    path = tmp_path / "u_ex261124.log"
    path.write_text(LOG_HEAD + _log_line("401"), encoding="ascii")
    (bucket,) = summarize_w3c([path], url="/login.aspx").anonymous.values()
    (sample,) = bucket.samples
    assert sample.text == (
        "2026-11-24 08:00:01 10.0.0.10 GET /login.aspx (query-withheld) 80 - 10.0.0.99 "
        "Mozilla/5.0 (withheld) 401 1 1326 15"
    )


# -- ad.ldif --------------------------------------------------------------------------------------

LDIF_HEAD = "dn: CN=IUSR_WEB01,CN=Users,DC=contoso,DC=com\nobjectClass: user\n"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (f"unicodePwd:: {PW}\n", 3, "has a unicodepwd:: value that is not base64"),
        ("userPassword=Zq9plantedPW:: @@\n", 3, "has a (withheld):: value that is not base64"),
        (
            f"objectSid: {PW}\n",
            3,
            "objectSid is not a SID ((withheld) is not a SID in S-1-... form)",
        ),
    ],
)
def test_ldif(text: str, line: int, reason: str) -> None:
    error = _caught(lambda: parse_ldif(LDIF_HEAD + text, "ad.ldif"))
    assert (error.path, error.line, error.reason) == ("ad.ldif", line, reason)
    _clean(error, "zq9plantedpw")


def test_ldif_failed_search_shows_its_code_and_text() -> None:
    text = "# search result\nsearch: 2\nresult: 1 Operations error\n"
    error = _caught(lambda: parse_ldif(text, "ad.ldif"))
    assert str(error) == "ad.ldif:3: records a search that failed (result: 1 'Operations error')"


# -- host.json, probe.json ------------------------------------------------------------------------


def test_json_parser_message_on_a_password_line(tmp_path: Path) -> None:
    path = tmp_path / "probe.json"
    path.write_text(
        '{"account": "WEB01\\\\IUSR_WEB01",\n "password": "Zq9!planted\\PW"}\n', encoding="utf-8"
    )
    error = _caught(lambda: read_probe_json(path))
    assert str(error) == f"{path}:2: is not valid JSON ({PARSER_WITHHELD})"
    _clean(error, "\\P")


def test_json_duplicate_key_that_is_not_a_name(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text(f'{{"computer_name": "WEB01", "{PW}": 1, "{PW}": 2}}', encoding="utf-8")
    error = _caught(lambda: read_host_json(path))
    assert str(error) == f"{path}: gives the key (withheld) twice"


# -- net user, net localgroup, icacls, auditpol, wevtutil --------------------------------------


def test_net_user_date_and_hours() -> None:
    text = NET_USER.read_text(encoding="utf-8")
    bad_date = text.replace("24/08/2026 12:14:00", PW)
    error = _caught(lambda: parse_net_user(bad_date, "net-user-IUSR_WEB01.txt"))
    assert str(error) == "net-user-IUSR_WEB01.txt:10: (withheld) is not a date"
    bad_hours = text.replace("Logon hours allowed          All", f"Logon hours allowed   {PW}")
    error = _caught(lambda: parse_net_user(bad_hours, "net-user-IUSR_WEB01.txt"))
    assert error.line == 21
    assert error.reason == "(withheld) is not a 'Day h:mm AM - h:mm PM' range"


def test_net_user_unused_date_is_a_note_without_the_value() -> None:
    text = NET_USER.read_text(encoding="utf-8").replace(
        "Password changeable          13/07/2026 12:14:00", f"Password changeable          {PW}"
    )
    doc = parse_net_user(text, "net-user-IUSR_WEB01.txt")
    assert (11, "(withheld) is not a date; not read (no check uses it)") in doc.notes


def test_net_localgroup_never_quotes_a_line() -> None:
    text = f"Alias name     Users\nComment        x\n\nMembers\n\nthe password is {PW}\n"
    text = text.replace("Members\n\n", "Members\n\n") + ""
    garbled = f"Alias name     Users\npassword {PW}\n"
    error = _caught(lambda: parse_net_localgroup(garbled, "net-localgroup-Users.txt"))
    assert str(error) == "net-localgroup-Users.txt:2: has a line net localgroup does not print"
    assert text  # the well-formed variant lists the line as a member, which is not an error


def test_icacls_entry_that_is_not_an_entry() -> None:
    text = f"C:\\inetpub\\wwwroot BUILTIN\\Users:(RX)\n                   pass:{PW}\n"
    error = _caught(lambda: parse_icacls(text, "icacls.txt"))
    assert str(error) == "icacls.txt:2: has (withheld), which is not TRUSTEE:(FLAGS)(RIGHTS)"
    plain = "C:\\inetpub\\wwwroot BUILTIN\\Users:(RX)\n                   just words\n"
    error = _caught(lambda: parse_icacls(plain, "icacls.txt"))
    assert str(error) == "icacls.txt:2: has 'just words', which is not TRUSTEE:(FLAGS)(RIGHTS)"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (f",System,Logon,{PW},Failure,,2", "has (withheld) where a subcategory GUID belongs"),
        (
            f",System,Logon,{{0CCE9215-69AE-11D9-BED3-505054503030}},Failure,,{PW}",
            "has Setting Value (withheld); auditpol writes 0 to 3",
        ),
    ],
)
def test_auditpol(row: str, reason: str) -> None:
    head = (
        "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,"
        "Exclusion Setting,Setting Value\n"
    )
    error = _caught(lambda: parse_auditpol_csv(head + row + "\n", "auditpol.csv"))
    assert (error.line, error.reason) == (2, reason)
    _clean(error)


def test_wevtutil_never_quotes_a_value() -> None:
    text = f"name: Security\nenabled: true\nlogging:\n  maxSize: {PW}\n"
    error = _caught(lambda: parse_wevtutil_gl(text, "Security-log.txt"))
    assert str(error) == "Security-log.txt:4: logging.maxsize is not a whole number"


# -- XML parsing: Security.evtx records and any XML file ----------------------------------------


def test_evtx_record_parser_message_quotes_nothing() -> None:
    # A user who typed the password into the user-name box; nothing near it says "password".
    record = (
        '<Event><System><EventID>4625</EventID></System><EventData>\n<Data Name="TargetUserName">'
        f"{XML_PW}</Data></EventData></Event>"
    ).encode()
    error = _caught(lambda: _record(record, Path("Security.evtx"), parser(), 7))
    assert str(error) == (
        "Security.evtx: record 7 is not well-formed XML (ERR_UNDECLARED_ENTITY at line 2, "
        "column 43)"
    )
    _clean(error)


def test_xml_parser_message_is_kept_where_nothing_is_secret() -> None:
    error = _caught(lambda: parse_bytes(b"<a>\n<b>&x;</b></a>", Path("x.xml")))
    assert (
        str(error) == "x.xml:2: is not well-formed XML (Entity 'x' not defined, line 2, column 7)"
    )


def test_xml_error_below_a_multi_line_start_tag(tmp_path: Path) -> None:
    data = b'<a>\n<b Location="/LM"\n  AnonymousUserPass="Zq9\n&plantedPW;"\n  x="1"/></a>'
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data)
    error = _caught(lambda: parse_bytes(data, Path("MetaBase.xml")))
    assert error.line == 4 and PARSER_WITHHELD in error.reason
    _clean(error)


# -- through the command line -------------------------------------------------------------------


def _diagnose(bundle: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diagnose", "--bundle", str(bundle), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout + result.stderr


def _bundle(directory: Path, files: dict[str, bytes | Path]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
    return directory


def test_cli_metabase_clear_password(tmp_path: Path) -> None:
    data = _replace_line(METABASE, 25, METABASE_PASS, XML_PW)
    bundle = _bundle(
        tmp_path / "b", {"MetaBase.xml": data, "lsa.reg": REAL / "reg" / "lsa-ws2016.reg"}
    )
    code, out = _diagnose(bundle)
    assert code == 2
    assert out == (
        f"authlab diagnose: {bundle / 'MetaBase.xml'}:25: is not well-formed XML "
        f"({PARSER_WITHHELD})\n"
    )


def test_cli_apphost_password_attribute(tmp_path: Path) -> None:
    data = APPHOST.read_bytes().replace(
        ANONYMOUS.encode(),
        f'<anonymousAuthentication enabled="true" userName="IUSR" password="{XML_PW}" />'.encode(),
    )
    code, out = _diagnose(_bundle(tmp_path / "b", {"applicationHost.config": data}))
    assert code == 2 and "applicationHost.config:37:" in out
    assert "plantedPW" not in out and "Zq9" not in out


def test_cli_lsa_reg(tmp_path: Path) -> None:
    text = REG + f'"DefaultPassword\\"=\\"{PW}"\r\n'
    bundle = _bundle(tmp_path / "b", {"MetaBase.xml": METABASE, "lsa.reg": text.encode("utf-16")})
    code, out = _diagnose(bundle)
    assert code == 2
    assert out == (
        f"authlab diagnose: {bundle / 'lsa.reg'}:4: has no = after the value name (withheld)\n"
    )


def test_cli_w3c_log(tmp_path: Path) -> None:
    line = _log_line(PW).replace(" /login.aspx ", " / ")  # the URL diagnosed
    log = (LOG_HEAD + line).encode("ascii")
    bundle = _bundle(tmp_path / "b", {"MetaBase.xml": METABASE, "W3SVC1/u_ex261124.log": log})
    code, out = _diagnose(bundle)
    assert code == 2 and "u_ex261124.log:5: sc-status (withheld) is not a number" in out
    assert PW not in out


# --- the Security log readers ---------------------------------------------------------------------

SECURITY_XML = REAL / "security-xml" / "wevtutil-ntlm-scan.xml"
SECURITY_CSV = REAL / "security-csv" / "2003-en-US-multiline.csv"


def _first_event(**replace: str) -> bytes:
    line = SECURITY_XML.read_bytes().split(b"\n")[0]
    for old, new in replace.items():
        line = line.replace(old.encode(), new.encode())
    return line + b"\n"


def test_security_xml_entity_in_a_user_name(tmp_path: Path) -> None:
    path = tmp_path / "Security.xml"
    path.write_bytes(_first_event(ADMINISTRATOR=XML_PW))
    error = _caught(lambda: list(iter_security_xml(path)))
    assert str(error) == (
        f"{path}:1: is not well-formed XML (Entity (withheld) not defined, line 1, column 808 "
        "(entities are never expanded))"
    )


def test_security_xml_channel_that_is_a_password(tmp_path: Path) -> None:
    path = tmp_path / "Security.xml"
    path.write_bytes(_first_event(**{"<Channel>Security<": f"<Channel>{PW}<"}))
    error = _caught(lambda: list(iter_security_xml(path)))
    assert str(error) == (
        f"{path}:1: holds the (withheld) log, not the Security log (its first event has "
        "Channel (withheld)); export the Security log itself"
    )


def test_security_xml_time_that_is_a_password(tmp_path: Path) -> None:
    path = tmp_path / "Security.xml"
    path.write_bytes(_first_event(**{"2020-11-12T17:27:33.608596000Z": PW}))
    error = _caught(lambda: list(iter_security_xml(path)))
    assert str(error) == f"{path}:1: event 4625: (withheld) is not a SystemTime"


def test_security_csv_event_and_date_columns(tmp_path: Path) -> None:
    real = SECURITY_CSV.read_bytes().decode("ascii")
    path = tmp_path / "Security.csv"
    path.write_text(real.replace(",540,", f",{PW},", 1), encoding="ascii", newline="")
    assert str(_caught(lambda: list(iter_security_csv(path, tz=UTC)))) == (
        f"{path}:1: Event (withheld) is not an event ID"
    )
    path.write_text(real.replace("3/19/2010", PW, 1), encoding="ascii", newline="")
    error = _caught(lambda: list(iter_security_csv(path, tz=UTC)))
    assert PW not in str(error)
    assert str(error).startswith(
        f"{path}:1: (withheld) '3:33:30 PM' is not an Event Viewer date and time"
    )


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (
            f"invalid literal for int() with base 10: {PW!r}",
            "invalid literal for int() with base 10: (withheld)",
        ),
        ("year 0 is out of range", "year 0 is out of range"),
        ("'abc' is not a SystemTime", "'abc' is not a SystemTime"),
        ("AnonymousUserPass 'x' is not a BOOL", "AnonymousUserPass (withheld) is not a BOOL"),
        (f"the value {PW} has no quotes", PARSER_WITHHELD),
    ],
)
def test_scrub_quoted(message: str, shown: str) -> None:
    assert scrub_quoted(message) == shown


def test_without_quotations() -> None:
    assert without_quotations("Entity 'plantedPW' not defined") == "Entity (withheld) not defined"
