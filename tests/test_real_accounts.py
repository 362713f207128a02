"""The account readers on files shaped like real ones (tests/fixtures/real, provenance in
SOURCES.md). Every expected value was written by hand from the fixture: dates as the
file prints them, SIDs decoded from the base64 by hand, FILETIMEs converted from 1601-01-01."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.jsonfiles import read_host_json
from checks.readers.ldif import parse_ldif, read_ldif
from checks.readers.net_localgroup import read_net_localgroup
from checks.readers.net_user import parse_net_user, read_net_user
from winfacts.sid import Sid

REAL = Path(__file__).parent / "fixtures" / "real"
NET_USER = REAL / "net-user"
LOCALGROUP = REAL / "net-localgroup"
LDIF = REAL / "ldif"
HOST = REAL / "host-json"


def names(doc: object) -> list[str]:
    return [g.name for g in doc.groups()]  # type: ignore[attr-defined]


# -- net user: one date style per fixture ---------------------------------------------------------


def test_uk_24_hour_local_with_padded_empty_labels() -> None:
    doc = read_net_user(NET_USER / "uk-24h-local-padded.txt")
    assert doc.exists is True and doc.completed and not doc.domain_request
    assert doc.user_name == "IUSR_WEB01" and doc.full_name == "" and doc.comment == ""
    assert doc.password_last_set == datetime(2022, 9, 13, 7, 47, 15)
    assert doc.password_changeable == datetime(2022, 9, 13, 7, 47, 15)
    assert doc.day_first is True and not doc.notes and not doc.unknown
    assert doc.account_expires is None and doc.has("account_expires")
    assert doc.password_expires is None and doc.has("password_expires")
    assert doc.last_logon is None and doc.has("last_logon")
    assert names(doc) == ["Administrators", "Remote Management Use", "Users"]
    assert [g.possibly_truncated for g in doc.groups()] == [False, True, False]
    assert doc.global_groups is not None and [g.name for g in doc.global_groups] == ["None"]


def test_uk_24_hour_domain_with_banner_and_no_local_groups() -> None:
    doc = read_net_user(NET_USER / "uk-24h-domain-banner.txt")
    assert doc.domain_request and doc.domain == "contoso.local"
    assert doc.lines["user_name"] == 3 and doc.full_name == "Internet Guest Account"
    assert doc.password_last_set == datetime(2025, 5, 13, 8, 46, 0)
    assert doc.password_changeable == datetime(2025, 5, 14, 8, 46, 0)
    assert doc.last_logon == datetime(2025, 5, 13, 9, 22, 27)
    assert doc.local_groups == () and names(doc) == ["Domain Users"]


def test_year_first_slashes_24_hour_country_code() -> None:
    doc = read_net_user(NET_USER / "iso-slash-24h-domain.txt")
    assert doc.domain == "contoso.com" and doc.user_name == "iusr_web02"
    assert doc.country_label == "Country code" and doc.country_code == "000 (System Default)"
    assert doc.password_last_set == datetime(2020, 1, 24, 13, 44, 54)
    assert doc.password_changeable == datetime(2020, 1, 25, 13, 44, 54)
    assert doc.last_logon == datetime(2026, 4, 6, 19, 20, 49)
    assert doc.day_first is None and not doc.notes  # year first: no order to settle
    assert names(doc) == ["Administrators", "Domain Admins", "Domain Users"]


def test_dashed_with_am_pm_and_spanish_group_names() -> None:
    doc = read_net_user(NET_USER / "dashed-ampm-spanish-groups.txt")
    assert doc.password_last_set == datetime(2024, 4, 12, 4, 16, 20)
    assert doc.last_logon == datetime(2024, 6, 22, 23, 42, 49)
    # "*Ninguno" is the Spanish "*None": no group of that name.
    assert names(doc) == ["Remote Management Use", "Usuarios", "Usuarios de escritori"]
    assert doc.groups_may_be_truncated
    assert doc.local_groups is not None and doc.local_groups[0].line == doc.local_groups[1].line


def test_dashed_24_hour_password_not_required() -> None:
    doc = read_net_user(NET_USER / "dashed-24h-padded.txt")
    assert doc.password_last_set == datetime(2020, 4, 5, 21, 27, 26)
    assert doc.last_logon == datetime(2020, 8, 3, 12, 41, 2)
    assert doc.password_required is False and doc.user_may_change_password is False
    assert doc.full_name == "Web Anonymous" and names(doc) == [
        "Production",
        "Remote Management Use",
    ]


def test_us_am_pm_with_country_code_and_crlf() -> None:
    doc = read_net_user(NET_USER / "us-ampm-country-code-crlf.txt")
    assert doc.country_label == "Country code"
    assert doc.password_last_set == datetime(2020, 1, 28, 20, 58, 5)
    assert doc.last_logon == datetime(2020, 1, 29, 0, 26, 39)  # 12:26:39 AM
    assert doc.day_first is False and doc.logon_script == "MapAuditDrive.vbs"
    assert names(doc) == ["Audit Share", "IT", "Remote Management Use", "Domain Users"]


def test_us_dates_settled_by_the_last_logon_date() -> None:
    path = NET_USER / "us-ampm-settled-by-last-logon.txt"
    doc = read_net_user(path)
    # 1/2/2020 alone reads two ways; "Last logon 1/18/2020" puts the month first.
    assert doc.password_last_set == datetime(2020, 1, 2, 15, 40, 5)
    assert doc.password_changeable == datetime(2020, 1, 3, 15, 40, 5)
    assert doc.last_logon == datetime(2020, 1, 18, 11, 5, 46)
    assert doc.day_first is False and doc.has("password_last_set")
    assert doc.home_directory == "\\\\web01\\users$\\iusr_web01"
    assert names(doc) == ["Remote Management Use", "Azure Admins", "Domain Users"]
    without = path.read_text().replace("1/18/2020 11:05:46 AM", "Never")
    alone = parse_net_user(without, path.name)
    assert alone.password_last_set is None and not alone.has("password_last_set")
    assert alone.printed("password_last_set") and alone.unknown == {
        "password_last_set",
        "password_changeable",
    }
    assert [line for line, _ in alone.notes] == [9, 11]


def test_ambiguous_date_is_unknown_without_a_pattern() -> None:
    path = NET_USER / "uk-ambiguous-truncated.txt"
    doc = read_net_user(path)
    assert doc.exists is True and not doc.completed and doc.global_groups is None
    assert doc.password_last_set is None and not doc.has("password_last_set")
    assert doc.printed("password_last_set") and doc.day_first is None
    assert doc.unknown == {"password_last_set", "password_changeable"}
    assert [line for line, _ in doc.notes] == [9, 11]
    assert "two ways" in doc.notes[0][1]
    assert doc.account_expires is None and doc.has("account_expires")  # Never is known
    assert names(doc) == ["Administrators", "Remote Management Use", "Users"]


@pytest.mark.parametrize(
    ("date_format", "expected"),
    [
        ("dd/MM/yyyy", datetime(2023, 8, 5, 22, 23, 17)),
        ("d/M/yyyy", datetime(2023, 8, 5, 22, 23, 17)),
        ("M/d/yyyy", datetime(2023, 5, 8, 22, 23, 17)),
        ("MM/dd/yyyy", datetime(2023, 5, 8, 22, 23, 17)),
    ],
)
def test_ambiguous_date_settled_by_the_host_pattern(date_format: str, expected: datetime) -> None:
    doc = read_net_user(
        NET_USER / "uk-ambiguous-truncated.txt", date_format=date_format, time_format="HH:mm:ss"
    )
    assert doc.password_last_set == expected and doc.has("password_last_set")
    assert doc.password_changeable == expected and not doc.notes


def test_printed_dates_win_over_a_pattern_that_does_not_fit() -> None:
    doc = read_net_user(NET_USER / "uk-24h-password-expires.txt", date_format="M/d/yyyy")
    assert doc.password_last_set == datetime(2026, 7, 13, 12, 14, 0)
    assert doc.password_expires == datetime(2026, 8, 24, 12, 14, 0)
    assert doc.day_first is True and [line for line, _ in doc.notes] == [9]
    assert "date_format" in doc.notes[0][1]


def test_us_password_expiry_settled_by_another_date() -> None:
    doc = read_net_user(NET_USER / "us-ampm-password-expires-crlf.txt")
    # 3/9/2022 alone reads two ways; 1/26/2022 in the same output puts the month first.
    assert doc.password_expires == datetime(2022, 3, 9, 20, 4, 45)
    assert doc.password_last_set == datetime(2022, 1, 26, 20, 4, 45)
    assert doc.has("password_expires") and names(doc) == ["Users"]


def test_a_twelve_hour_pattern_without_designator_is_not_guessed() -> None:
    doc = read_net_user(NET_USER / "uk-24h-local-padded.txt", time_format="h:mm:ss tt")
    assert doc.password_last_set is None and doc.unknown == {
        "password_last_set",
        "password_changeable",
    }


def test_an_unreadable_last_logon_never_makes_the_file_unreadable() -> None:
    text = (NET_USER / "us-ampm-password-expires-crlf.txt").read_text()
    broken = text.replace("Last logon                   Never", "Last logon    2/30/2026 1:00 AM")
    doc = parse_net_user(broken.replace("Last logon    ", "Last logon                   "))
    assert doc.last_logon is None and doc.unknown == {"last_logon"}
    assert [line for line, _ in doc.notes] == [19]
    assert doc.password_last_set == datetime(2022, 1, 26, 20, 4, 45)


def test_dates_in_two_orders_are_an_error_naming_the_line() -> None:
    text = (NET_USER / "uk-24h-password-expires.txt").read_text()
    mixed = text.replace("Last logon                   Never", "Last logon  7/18/2026 1:00:00 PM")
    mixed = mixed.replace("Last logon  ", "Last logon                   ")
    with pytest.raises(BundleError) as caught:
        parse_net_user(mixed, "net-user-IUSR_WEB01.txt")
    assert caught.value.line == 19 and "two orders" in caught.value.reason


def test_an_impossible_used_date_names_its_line() -> None:
    text = (NET_USER / "uk-24h-password-expires.txt").read_text()
    bad = text.replace("24/08/2026 12:14:00", "31/02/2026 12:14:00")
    with pytest.raises(BundleError) as caught:
        parse_net_user(bad, "net-user-IUSR_WEB01.txt")
    assert caught.value.line == 10 and "real date" in caught.value.reason


# -- net localgroup -----------------------------------------------------------------------------


def test_localgroup_blank_line_after_members() -> None:
    doc = read_net_localgroup(LOCALGROUP / "blank-line-after-members.txt")
    assert doc.exists is True and doc.completed
    assert doc.alias_name == "Web Content" and doc.comment == "\\\\WEB01\\wwwroot$"
    assert doc.member_names() == ("IUSR_WEB01",) and doc.members[0].line == 7


def test_localgroup_no_blank_line_before_the_dashes() -> None:
    doc = read_net_localgroup(LOCALGROUP / "no-blank-before-dashes.txt")
    assert doc.alias_name == "Remote Management Users"
    assert doc.comment is not None and doc.comment.endswith("grant access to the user.")
    assert doc.member_names() == ("webadmin", "IUSR_WEB01") and doc.has_member("iusr_web01")


def test_localgroup_doubled_line_ends_and_no_members() -> None:
    doc = read_net_localgroup(LOCALGROUP / "beacon-crcrlf-empty.txt")
    assert doc.exists is True and doc.completed and doc.members == ()
    assert doc.alias_name == "Remote Desktop Users"
    assert doc.comment == "Members in this group are granted the right to logon remotely"
    assert doc.lines["members"] == 7  # every line end counts twice: CR, then CR LF


def test_localgroup_nt_authority_members() -> None:
    doc = read_net_localgroup(LOCALGROUP / "users-nt-authority.txt")
    assert doc.member_names() == (
        "IUSR_WEB01",
        "NT AUTHORITY\\Authenticated Users",
        "NT AUTHORITY\\INTERACTIVE",
    )
    assert doc.members[1].authority == "NT AUTHORITY"
    assert doc.members[1].short_name == "Authenticated Users"
    assert doc.has_member("INTERACTIVE", "NT AUTHORITY") and doc.has_member("WEB01\\IUSR_WEB01")


def test_localgroup_with_a_group_among_its_members() -> None:
    doc = read_net_localgroup(LOCALGROUP / "group-member.txt")
    assert doc.member_names() == ("Contractors", "iusr_web01")


def test_localgroup_that_does_not_exist() -> None:
    doc = read_net_localgroup(LOCALGROUP / "no-such-group.txt")
    assert doc.exists is False and doc.error is not None and doc.error.code == 1376
    assert doc.error.message == "The specified local group does not exist."
    assert doc.error.line == 1


# -- LDIF ----------------------------------------------------------------------------------------


def test_ldapsearch_extended_ldif_with_references() -> None:
    doc = read_ldif(LDIF / "ldapsearch-extended-refs.ldif")
    assert [e.dn for e in doc.entries] == [
        "DC=corp,DC=local",
        "CN=Administrator,CN=Users,DC=corp,DC=local",
        "CN=Guest,CN=Users,DC=corp,DC=local",
        "CN=krbtgt,CN=Users,DC=corp,DC=local",
    ]
    user = doc.user("CORP\\guest")
    assert user is not None and user.entry.line == 16
    assert user.sid == Sid.parse("S-1-5-21-1685086863-1017456228-3265405864-501")
    assert user.user_account_control == 66082  # 0x10222
    assert user.enabled is False and user.password_not_required is True
    assert user.password_never_expires is True and user.must_change_password is True
    assert user.account_expires is None and user.primary_group_id == 514
    assert user.member_of == ("CN=Guests,CN=Builtin,DC=corp,DC=local",)
    groups = doc.groups_of(user)
    assert [(g.name, str(g.sid), g.exported) for g in groups] == [
        ("Guests", "S-1-5-32-546", False),
        ("Domain Guests", "S-1-5-21-1685086863-1017456228-3265405864-514", False),
    ]
    assert groups[0].entry.line == 28 and groups[1].entry.line == 40
    assert doc.unexported_groups(user) == ("CN=Guests,CN=Builtin,DC=corp,DC=local",)
    assert doc.membership_partial(user) and doc.groups == ()
    assert doc.domain is not None and doc.domain.dns_name == "corp.local"
    assert doc.domain.lockout_threshold is None


def test_ldapsearch_lll_without_comments() -> None:
    doc = read_ldif(LDIF / "ldapsearch-lll-no-comments.ldif")
    assert [u.sam_account_name for u in doc.users] == ["IUSR_WEB01", "DC01$"]
    user = doc.user("IUSR_WEB01")
    assert user is not None and user.entry.line == 1
    assert user.sid == Sid.parse("S-1-5-21-3332504370-1206983947-1165150453-501")
    assert user.bad_pwd_count == 19
    assert user.bad_password_time == datetime(2021, 11, 18, 18, 6, 58, 429164, tzinfo=UTC)
    assert user.last_logon is None and user.enabled is False
    assert [(g.name, g.exported) for g in doc.groups_of(user)] == [
        ("Guests", False),
        ("Domain Guests", False),
    ]
    assert doc.domain is None


def test_ldapsearch_folded_domain_policy() -> None:
    doc = read_ldif(LDIF / "ldapsearch-folded-domain-policy.ldif")
    domain = doc.domain
    assert domain is not None and domain.entry.line == 10
    assert domain.dns_name == "WOODGROVE-BANK.LOCAL"
    assert domain.sid == Sid.parse("S-1-5-21-2966785786-3096785034-1186376766")
    assert domain.lockout_threshold == 0
    assert domain.lockout_duration == timedelta(minutes=30) and not domain.lockout_forever
    assert domain.lockout_window == timedelta(minutes=30)
    assert domain.max_password_age == timedelta(days=42)
    assert domain.min_pwd_age_raw == -864000000000 and domain.min_pwd_length == 7
    assert domain.pwd_history_length == 24
    vector = domain.entry.first("replUpToDateVector")
    assert vector is not None and vector.base64 and len(vector.raw) == 112
    known = domain.entry.texts("wellKnownObjects")
    assert known[1] == (
        "B:32:F4BE92A4C777485E878E9421D53087DB:CN=Microsoft,CN=Program Data,"
        "DC=WOODGROVE-BANK,DC=LOCAL"
    )
    owner = domain.entry.text("fSMORoleOwner")
    assert owner is not None and owner.endswith(
        "CN=Sites,CN=Configuration,DC=WOODGROVE-BANK,DC=LOCAL"
    )


def test_ldapsearch_folded_builtin_group_and_unexported_groups() -> None:
    doc = read_ldif(LDIF / "ldapsearch-folded-builtin-group.ldif")
    group = doc.group("cn=administrators,cn=builtin,dc=litware,dc=lab")
    assert group is not None and group.exported and group.entry.line == 10
    assert group.sid == Sid.parse("S-1-5-32-544")
    assert group.entry.text("description") == (
        "Administrators have complete and unrestricted access to the computer/domain"
    )
    user = doc.user("IUSR_WEB01")
    assert user is not None and user.entry.line == 31 and user.enabled is False  # 66050
    assert user.sid == Sid.parse("S-1-5-21-1487982659-1829050783-2281216199-1105")
    parameters = user.entry.first("userParameters")
    assert parameters is not None and parameters.base64 and len(parameters.raw) == 156
    assert [(g.name, str(g.sid), g.exported) for g in doc.groups_of(user)] == [
        ("Administrators", "S-1-5-32-544", True),
        ("Domain Users", "S-1-5-21-1487982659-1829050783-2281216199-513", False),
    ]
    # Remote Management Users is builtin but has no well-known SID in winfacts: unknown.
    assert doc.unexported_groups(user) == (
        "CN=Web Operators,OU=Groups,DC=LITWARE,DC=LAB",
        "CN=Remote Management Users,CN=Builtin,DC=LITWARE,DC=LAB",
    )
    assert doc.membership_partial(user)


def test_ldifde_export_with_limited_attributes() -> None:
    doc = read_ldif(LDIF / "ldifde-limited-attributes.ldf")
    assert [e.dn for e in doc.entries] == [
        "OU=Web Servers,DC=contoso,DC=com",
        "CN=IUSR_WEB01,OU=Anonymous Accounts,OU=Web Servers,OU=Service Accounts,DC=contoso,DC=com",
    ]
    user = doc.user("CONTOSO\\IUSR_WEB01")  # no sAMAccountName: the RDN names it
    assert user is not None and user.entry.line == 7
    assert user.entry.text("distinguishedName") == doc.entries[1].dn
    assert user.sid == Sid.parse("S-1-5-21-1392491010-1358638721-2126982587-1111")
    assert user.enabled is True and user.password_never_expires is True  # 66048
    assert user.pwd_last_set == datetime(2022, 5, 28, 11, 12, 0, 977707, tzinfo=UTC)
    assert user.must_change_password is False and user.account_expires is None
    assert [(g.name, str(g.sid)) for g in doc.groups_of(user)] == [("Guests", "S-1-5-32-546")]
    assert doc.membership_partial(user)


def test_ldapsearch_that_failed_is_refused_naming_the_result_line() -> None:
    with pytest.raises(BundleError) as caught:
        read_ldif(LDIF / "ldapsearch-operations-error.ldif")
    assert caught.value.line == 11 and "(result: 1 'Operations error')" in caught.value.reason


def test_membership_is_complete_when_every_group_is_exported() -> None:
    text = (LDIF / "ldapsearch-folded-builtin-group.ldif").read_text()
    lines = [
        line
        for line in text.splitlines()
        if not line.startswith(("memberOf: CN=Web", "memberOf: CN=Remote", "primaryGroupID"))
    ]
    doc = parse_ldif("\n".join(lines) + "\n")
    user = doc.user("IUSR_WEB01")
    assert user is not None and not doc.membership_partial(user)
    assert [g.name for g in doc.groups_of(user)] == ["Administrators"]


# -- host.json -----------------------------------------------------------------------------------


def test_host_json_with_an_fqdn_computer_name() -> None:
    host = read_host_json(HOST / "fqdn-computer-name.json")
    assert host.computer_name == "WEB01" and host.dns_suffix == "contoso.com"
    assert host.domain == "CONTOSO" and host.iis_version == "10.0"
    assert host.collected_at == datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert host.date_format is None and host.time_format is None


def test_host_json_utf16_with_en_us_patterns() -> None:
    host = read_host_json(HOST / "en-us-patterns-utf16.json")
    assert host.computer_name == "WEB01" and host.domain is None and host.legacy
    assert host.date_format == "M/d/yyyy" and host.time_format == "h:mm:ss tt"
    assert host.collected_at == datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def test_host_json_patterns_settle_a_net_user_date() -> None:
    host = read_host_json(HOST / "fr-fr-patterns.json")
    assert host.date_format == "dd/MM/yyyy" and host.time_format == "HH:mm:ss"
    doc = read_net_user(
        NET_USER / "uk-ambiguous-truncated.txt",
        date_format=host.date_format,
        time_format=host.time_format,
    )
    assert doc.password_last_set == datetime(2023, 8, 5, 22, 23, 17)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"date_format": "%d/%m/%Y"}, "pattern"),
        ({"date_format": "yyyy"}, "lacks"),
        ({"time_format": "mm:ss"}, "hour"),
        ({"date_format": 7}, "pattern"),
        ({"computer_name": "10.0.0.5"}, "IP address"),
        ({"computer_name": "web01..contoso.com"}, "DNS name"),
    ],
)
def test_host_json_bad_patterns_and_names(
    tmp_path: Path, changes: dict[str, object], words: str
) -> None:
    data = json.loads((HOST / "fqdn-computer-name.json").read_text())
    data.update(changes)
    path = tmp_path / "host.json"
    path.write_text(json.dumps(data))
    with pytest.raises(BundleError) as caught:
        read_host_json(path)
    assert words in caught.value.reason and caught.value.path == str(path)


# -- broken real files end as BundleError, never another exception --------------------------------


def _samples(folder: Path) -> list[bytes]:
    return [path.read_bytes() for path in sorted(folder.iterdir())]


@st.composite
def _broken(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(bases)))
    noise = b"/:-. 0123456789\r\n\t*#=AP\x00\xff"
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        what = draw(st.sampled_from(["insert", "delete", "replace"]))
        byte = draw(st.sampled_from(list(noise)))
        if what == "insert" or at >= len(data):
            data.insert(at, byte)
        elif what == "delete":
            del data[at]
        else:
            data[at] = byte
    return bytes(data)


_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(data=_broken(_samples(NET_USER)))
def test_broken_net_user_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "net-user-x.txt"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_net_user(path, date_format="dd/MM/yyyy", time_format="HH:mm:ss")
    with contextlib.suppress(BundleError):
        read_net_user(path)


@_SETTINGS
@given(data=_broken(_samples(LOCALGROUP)))
def test_broken_net_localgroup_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "net-localgroup-x.txt"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_net_localgroup(path)


@_SETTINGS
@given(data=_broken(_samples(LDIF)))
def test_broken_ldif_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "ad.ldif"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        doc = read_ldif(path)
        for user in doc.users:
            doc.groups_of(user)
            doc.membership_partial(user)


@_SETTINGS
@given(data=_broken(_samples(HOST)))
def test_broken_host_json_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "host.json"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_host_json(path)
