"""Readers for net user, net localgroup and LDIF exports: the simulator's output read back, and
real-world shapes written inline."""

from __future__ import annotations

import base64
import codecs
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.ldif import FOREVER, parse_ldif, read_ldif
from checks.readers.net_localgroup import parse_net_localgroup, read_net_localgroup
from checks.readers.net_user import (
    GroupEntry,
    HourRange,
    parse_net_user,
    read_net_user,
)
from simulator import account_policy as rules
from simulator.accounts import Account, GroupScope
from simulator.admin import net
from simulator.admin.shell import run
from simulator.events import OsFamily
from simulator.export.ldif import write_ldif
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from tests.support.fuzzing import FUZZ, mutated
from tests.support.hosts import ok, secrets
from winfacts.logon_hours import LogonHours


def anonymous(host: Host) -> Account:
    user, domain = host.iis.settings_for("/").split_user()
    return host.account(user, domain)


def local(host: Host, moment: datetime | None) -> datetime | None:
    """A model time as net user prints it: the server's wall clock, to the second, no zone."""
    if moment is None:
        return None
    return moment.astimezone(host.clock.tz).replace(tzinfo=None, microsecond=0)


#: The simulator prints dates as en-US does; without the pattern 12/1/2026 reads two ways.
EN_US = {"date_format": "M/d/yyyy", "time_format": "h:mm:ss tt"}


@pytest.fixture
def berlin() -> Host:
    return build_host(HostSpec(seed=3, os=OsFamily.WS2022, timezone="Europe/Berlin"))


# -- net user: the simulator's output read back ----------------------------------------------------


def test_net_user_round_trip_of_a_healthy_iis6_account(iis6: Host, tmp_path: Path) -> None:
    account = anonymous(iis6)
    path = tmp_path / f"net-user-{account.name}.txt"
    path.write_text(ok(iis6, f"net user {account.name}"), encoding="cp1252")
    doc = read_net_user(path, **EN_US)
    assert doc.exists is True and doc.completed and doc.error is None
    assert doc.user_name == account.name
    assert doc.full_name == account.full_name and doc.comment == account.description
    assert doc.users_comment == ""
    assert doc.country_label == "Country code" and doc.country_code == "000 (System Default)"
    assert doc.account_active == "Yes" and doc.enabled is True and doc.locked is False
    assert doc.account_expires is None and doc.has("account_expires")
    assert doc.password_last_set == local(iis6, account.password_last_set)
    assert doc.password_expires is None  # password never expires
    assert doc.password_required is True and doc.user_may_change_password is False
    assert doc.workstations == () and doc.last_logon is None
    assert doc.logon_hours is not None and doc.logon_hours.all
    assert doc.logon_hours.to_logon_hours(iis6.clock.tz) is None
    assert [g.name for g in doc.local_groups or ()] == ["Guests"]
    assert [g.name for g in doc.global_groups or ()] == ["None"]
    assert [g.name for g in doc.groups()] == ["Guests"]
    assert doc.lines["user_name"] == 1 and doc.lines["account_active"] == 6
    assert not doc.unparsed and not doc.groups_may_be_truncated


def test_net_user_round_trip_after_changes(berlin: Host) -> None:
    account = anonymous(berlin)
    ok(berlin, f"net user {account.name} /active:no /expires:12/01/2026 /workstations:WEB09,SECOND")
    ok(berlin, f"net user {account.name} /times:M-F,8AM-5PM;Sa,9AM-1PM")
    doc = parse_net_user(ok(berlin, f"net user {account.name}"), **EN_US)
    assert doc.country_label == "Country/region code"
    assert doc.account_active == "No" and doc.enabled is False
    assert doc.account_expires == datetime(2026, 12, 1, 0, 0)
    assert doc.account_expires == local(berlin, account.expires)
    assert doc.workstations == ("WEB09", "SECOND")
    hours = doc.logon_hours
    assert hours is not None and not hours.all and not hours.none
    assert HourRange(1, 8, 17) in hours.ranges and HourRange(6, 9, 13) in hours.ranges
    assert len(hours.ranges) == 6
    assert hours.to_logon_hours(ZoneInfo("Europe/Berlin")) == account.logon_hours


def test_net_user_no_logon_hours_and_must_change(iis6: Host) -> None:
    account = anonymous(iis6)
    ok(iis6, f"net user {account.name} /times: /logonpasswordchg:yes")
    doc = parse_net_user(ok(iis6, f"net user {account.name}"))
    assert doc.logon_hours is not None and doc.logon_hours.none
    assert doc.logon_hours.to_logon_hours(iis6.clock.tz) == LogonHours.no_hours()
    assert doc.password_last_set is None and doc.has("password_last_set")


def test_net_user_locked_account(iis6: Host) -> None:
    account = anonymous(iis6)
    net.accounts(iis6, lockoutthreshold=2, lockoutduration=30, lockoutwindow=30)
    for _ in range(2):
        rules.record_bad_password(account, iis6.sam.policy, iis6.now())
    doc = parse_net_user(ok(iis6, f"net user {account.name}"))
    assert doc.account_active == "Locked" and doc.locked is True and doc.enabled is True


def test_net_user_long_groups_run_together(iis6: Host) -> None:
    account = anonymous(iis6)
    for name in ("Remote Management Users", "Remote Desktop Users Extra", "Users2"):
        group = iis6.sam.new_group(name, GroupScope.LOCAL)
        iis6.sam.add_member(group, account.sid)
    doc = parse_net_user(ok(iis6, f"net user {account.name}"))
    names = [g.name for g in doc.local_groups or ()]
    assert names == ["Guests", "Remote Desktop Users", "Remote Management Use", "Users2"]
    cut = [g for g in doc.local_groups or () if g.possibly_truncated]
    # "Remote Desktop Users Extra" cut to 21 characters ends in a space: it reads as 20.
    assert [g.name for g in cut] == ["Remote Desktop Users", "Remote Management Use"]
    assert cut[0].matches("Remote Desktop Users Extra") and cut[0].matches("remote desktop users")
    assert cut[1].matches("Remote Management Users") and not cut[1].matches("Remote Managers")
    assert doc.groups_may_be_truncated
    assert doc.local_groups is not None and doc.local_groups[2].line == doc.local_groups[3].line


def test_net_user_domain_account_with_slash_domain(iis6_domain: Host) -> None:
    account = anonymous(iis6_domain)
    assert iis6_domain.domain is not None
    doc = parse_net_user(ok(iis6_domain, f"net user {account.name} /domain"))
    assert doc.domain_request and doc.domain == iis6_domain.domain.dns_name
    assert doc.lines["user_name"] == 3
    assert [g.name for g in doc.global_groups or ()] == ["Domain Users"]


def test_net_user_unknown_account_is_evidence_not_an_error(iis6: Host, tmp_path: Path) -> None:
    result = run(iis6, "net user NoSuchUser")
    assert result.exit_code == 2
    path = tmp_path / "net-user-NoSuchUser.txt"
    path.write_text(result.output)
    doc = read_net_user(path)
    assert doc.exists is False and doc.error is not None
    assert doc.error.code == 2221 and doc.error.message == "The user name could not be found."
    assert doc.error.line == 1 and doc.user_name is None


def test_net_user_unknown_account_with_slash_domain(iis6_domain: Host) -> None:
    result = run(iis6_domain, "net user NoSuchUser /domain")
    doc = parse_net_user(result.output)
    assert doc.exists is False and doc.domain_request


def test_net_user_output_never_holds_a_password(iis6: Host) -> None:
    text = ok(iis6, f"net user {anonymous(iis6).name}")
    assert not any(secret in text for secret in secrets(iis6))


# -- net user: real-world shapes ------------------------------------------------------------------

REAL_NET_USER_2019 = """\
The request will be processed at a domain controller for domain corp.example.com.

User name                    svc_web
Full Name                    Web Service
Comment
User's comment
Country/region code          000 (System Default)
Account active               Yes
Account expires              3/15/2027 5:00:00 PM

Password last set            10/2/2026 11:04:51 AM
Password expires             Never
Password changeable          10/3/2026 11:04:51 AM
Password required            Yes
User may change password     Yes

Workstations allowed         WEB01,WEB02
Logon script
User profile
Home directory
Last logon                   11/20/2026 9:12:03 PM

Logon hours allowed          Monday 8:00 AM - 6:00 PM
                             Tuesday 8:00 AM - 6:00 PM
                             Saturday 10:00 PM - 12:00 AM

Local Group Memberships      *Remote Management Use*Users
Global Group memberships     *Domain Users         *SOCIAL AND BEHAVIORAL
                             *IT Boot Camp Admin
The command completed successfully.

"""


def test_net_user_real_output_with_wrapped_groups_and_hours(tmp_path: Path) -> None:
    path = tmp_path / "net-user-svc_web.txt"
    path.write_bytes(
        codecs.BOM_UTF16_LE + REAL_NET_USER_2019.replace("\n", "\r\n").encode("utf-16-le")
    )
    doc = read_net_user(path)
    assert doc.domain == "corp.example.com" and doc.domain_request
    assert doc.comment == "" and doc.users_comment == ""
    assert doc.account_expires == datetime(2027, 3, 15, 17, 0)
    assert doc.password_last_set == datetime(2026, 10, 2, 11, 4, 51)
    assert doc.password_changeable == datetime(2026, 10, 3, 11, 4, 51)
    assert doc.last_logon == datetime(2026, 11, 20, 21, 12, 3)
    assert doc.workstations == ("WEB01", "WEB02")
    assert doc.logon_hours is not None
    assert doc.logon_hours.ranges == (
        HourRange(1, 8, 18),
        HourRange(2, 8, 18),
        HourRange(6, 22, 24),
    )
    assert [g.name for g in doc.local_groups or ()] == ["Remote Management Use", "Users"]
    assert [g.name for g in doc.global_groups or ()] == [
        "Domain Users",
        "SOCIAL AND BEHAVIORAL",
        "IT Boot Camp Admin",
    ]
    assert doc.global_groups is not None and doc.global_groups[2].line == 29
    assert GroupEntry("Domain Users", 28).matches("domain users")
    utc = doc.logon_hours.to_logon_hours(UTC)
    assert utc is not None and utc.allows(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))  # a Monday
    assert not utc.allows(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    assert utc.allows(datetime(2026, 11, 28, 23, 0, tzinfo=UTC))  # Saturday 11 PM


def test_net_user_no_hours_line_as_seen_on_a_dc() -> None:
    text = "User name                    javier\nLogon hours allowed          None\n"
    doc = parse_net_user(text)
    assert doc.logon_hours is not None and doc.logon_hours.none
    assert doc.account_active is None and doc.enabled is None and not doc.has("account_active")
    assert not doc.completed


@pytest.mark.parametrize(
    ("text", "code", "exists"),
    [
        ("System error 5 has occurred.\n\nAccess is denied.\n\n", 5, None),
        (
            "System error 1355 has occurred.\n\n"
            "The specified domain either does not exist or could not be contacted.\n",
            1355,
            None,
        ),
        (
            "The user name could not be found.\n\nMore help is available by typing "
            "NET HELPMSG 2221.\n\n",
            2221,
            False,
        ),
    ],
)
def test_net_user_error_outputs(text: str, code: int, exists: bool | None) -> None:
    doc = parse_net_user(text)
    assert doc.error is not None and doc.error.code == code and doc.exists is exists


HEAD = "User name                    a\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("User name                    a\nAccount active               Maybe\n", 2, "Yes, No"),
        ("User name                    a\nAccount expires              31/12/2026\n", 2, "time"),
        (
            "User name                    a\nAccount expires              2/30/2026 1:00:00 AM\n",
            2,
            "real date",
        ),
        ("User name                    a\nPassword required            Sure\n", 2, "Yes nor No"),
        (
            HEAD + "Logon hours allowed          Funday 8:00 AM - 5:00 PM\n",
            2,
            "day name",
        ),
        (
            HEAD + "Logon hours allowed          Monday 8:30 AM - 5:00 PM\n",
            2,
            "minutes",
        ),
        (
            HEAD + "Logon hours allowed          Monday 5:00 PM - 8:00 AM\n",
            2,
            "ends before",
        ),
        ("User name                    a\nLogon hours allowed          whenever\n", 2, "range"),
        ("User name                    a\nUser name                    b\n", 2, "twice"),
        ("Hello\n", 1, "User name"),
        ("", 1, "User name"),
    ],
)
def test_net_user_malformed_values_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_net_user(text, "net-user-a.txt")
    assert caught.value.line == line and words in caught.value.reason


@FUZZ
@given(st.text(max_size=400))
def test_net_user_fuzz_text(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_net_user(text)


@FUZZ
@given(st.binary(max_size=400))
def test_net_user_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "net-user-x.txt"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_net_user(path)


@FUZZ
@given(mutated(REAL_NET_USER_2019))
def test_net_user_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        doc = parse_net_user(text)
        if doc.logon_hours is not None:
            doc.logon_hours.to_logon_hours(UTC)


# -- net localgroup -------------------------------------------------------------------------------


def test_net_localgroup_round_trip(iis6: Host, tmp_path: Path) -> None:
    account = anonymous(iis6)
    path = tmp_path / "net-localgroup-Guests.txt"
    path.write_text(ok(iis6, "net localgroup Guests"))
    doc = read_net_localgroup(path)
    assert doc.exists is True and doc.completed and doc.alias_name == "Guests"
    assert doc.comment is not None and doc.comment.startswith("Guests have the same access")
    assert doc.member_names() == ("Guest", account.name)
    assert doc.has_member(account.name) and doc.has_member(f"{iis6.computer_name}\\{account.name}")
    assert doc.members[0].line == 7 and doc.lines == {"alias_name": 1, "comment": 2, "members": 4}
    ok(iis6, f"net localgroup Guests {account.name} /delete")
    assert not parse_net_localgroup(ok(iis6, "net localgroup Guests")).has_member(account.name)


def test_net_localgroup_domain_members(iis6_domain: Host) -> None:
    assert iis6_domain.domain is not None
    doc = parse_net_localgroup(ok(iis6_domain, "net localgroup Users"))
    domain_users = f"{iis6_domain.domain.authority}\\Domain Users"
    assert domain_users in doc.member_names()
    assert "NT AUTHORITY\\Authenticated Users" in doc.member_names()
    member = next(m for m in doc.members if m.name == domain_users)
    assert member.authority == iis6_domain.domain.authority and member.short_name == "Domain Users"
    assert doc.has_member("Domain Users", iis6_domain.domain.authority)
    assert not doc.has_member("Domain Users", "OTHER")


def test_net_localgroup_missing_group(iis6: Host) -> None:
    result = run(iis6, "net localgroup NoSuchGroup")
    doc = parse_net_localgroup(result.output)
    assert doc.exists is False and doc.error is not None and doc.error.code == 1376
    assert doc.error.message == "The specified local group does not exist."


REAL_LOCALGROUP = """\
Alias name     Administrators
Comment        Administrators have complete and unrestricted access to the computer/domain

Members

-------------------------------------------------------------------------------
Administrator
CONTOSO\\Domain Admins
CONTOSO\\web admins
Everyone
NT AUTHORITY\\Authenticated Users
S-1-5-21-1004336348-1177238915-682003330-1110
The command completed successfully.

"""


def test_net_localgroup_real_output() -> None:
    doc = parse_net_localgroup(REAL_LOCALGROUP.replace("\n", "\r\n"))
    assert len(doc.members) == 6
    assert doc.has_member("Everyone") and doc.has_member("contoso\\WEB ADMINS")
    assert doc.members[-1].name.startswith("S-1-5-21-")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Alias name     G\n-----------------\n", 2, "dashes"),
        ("Alias name     G\nSurprise\n", 2, "does not print"),
        ("Alias name     G\nAlias name     H\n", 2, "twice"),
        ("Alias name     G\n", 1, "Members"),
        ("\n\n", 1, "not the output"),
    ],
)
def test_net_localgroup_malformed(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_net_localgroup(text)
    assert caught.value.line == line and words in caught.value.reason


@FUZZ
@given(st.text(max_size=300))
def test_net_localgroup_fuzz_text(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_net_localgroup(text)


@FUZZ
@given(mutated(REAL_LOCALGROUP))
def test_net_localgroup_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        doc = parse_net_localgroup(text)
        doc.has_member("x\\y")


@FUZZ
@given(st.binary(max_size=300))
def test_net_localgroup_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "net-localgroup-x.txt"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_net_localgroup(path)


# -- LDIF: the simulator's export read back -------------------------------------------------------


def test_ldif_round_trip_of_a_healthy_domain_account(iis6_domain: Host, tmp_path: Path) -> None:
    domain = iis6_domain.domain
    assert domain is not None
    account = anonymous(iis6_domain)
    path = tmp_path / "ad.ldif"
    path.write_bytes(write_ldif(domain, [account], iis6_domain.now()))
    doc = read_ldif(path)
    user = doc.user(account.name)
    assert user is not None and doc.user(f"{domain.authority}\\{account.name}") is user
    assert user.sid == account.sid
    assert user.dn == f"CN={account.name},CN=Users,DC={domain.dns_name.replace('.', ',DC=')}"
    assert user.enabled is True and user.password_never_expires is True
    assert user.password_not_required is False and user.smartcard_required is False
    assert user.account_expires is None and user.lockout_time is None
    assert user.pwd_last_set == account.password_last_set and user.must_change_password is False
    assert user.workstations == () and user.logon_hours is None
    assert [g.name for g in doc.groups_of(user)] == ["Domain Users"]
    assert doc.primary_group(user) is not None and user.primary_group_id == 513
    assert doc.domain is not None and doc.domain.sid == domain.authority_sid
    assert doc.domain.dns_name == domain.dns_name
    assert doc.domain.lockout_threshold == domain.policy.lockout_threshold
    assert doc.domain.lockout_duration == domain.policy.lockout_duration
    assert doc.domain.max_password_age == domain.policy.max_password_age
    assert user.computed_uac == 0
    assert doc.unexported_groups(user) == ()


def test_ldif_round_trip_of_every_account_state(iis6_domain: Host) -> None:
    domain = iis6_domain.domain
    assert domain is not None
    account = anonymous(iis6_domain)
    name = account.name
    now = iis6_domain.now()
    ok(iis6_domain, "net accounts /domain /lockoutthreshold:3 /lockoutduration:0 /lockoutwindow:15")
    ok(iis6_domain, f"net user {name} /domain /active:no /expires:01/01/2020 /workstations:WEB09")
    ok(iis6_domain, f"net user {name} /domain /times:M-F,8AM-5PM /logonpasswordchg:yes")
    account.lockout_time = now - timedelta(minutes=5)
    account.bad_pwd_count = 3
    account.bad_pwd_time = now - timedelta(minutes=5, microseconds=7)
    account.password_required = False
    inner = domain.new_group("Web Anonymous", GroupScope.GLOBAL)
    outer = domain.new_group("All Web Accounts", GroupScope.UNIVERSAL)
    domain.add_member(inner, account.sid)
    domain.add_member(outer, inner.sid)
    text = write_ldif(domain, [account], now).decode("ascii")
    doc = parse_ldif(text)
    user = doc.user(name)
    assert user is not None
    assert user.enabled is False and user.password_not_required is True
    assert user.account_expires == account.expires
    assert user.must_change_password is True and user.pwd_last_set is None
    assert user.lockout_time == account.lockout_time
    assert user.bad_pwd_count == 3 and user.bad_password_time == account.bad_pwd_time
    assert user.workstations == ("WEB09",)
    assert user.logon_hours == account.logon_hours
    groups = {g.name for g in doc.groups_of(user)}
    assert groups == {"Domain Users", "Web Anonymous", "All Web Accounts"}
    expected = {domain.by_sid(s).name for s in domain.token_groups(account) if s != account.sid}  # type: ignore[union-attr]
    assert groups == expected
    assert doc.domain is not None
    assert doc.domain.lockout_forever and doc.domain.lockout_duration_raw == FOREVER
    assert doc.domain.lockout_threshold == domain.policy.lockout_threshold
    assert doc.domain.lockout_duration == domain.policy.lockout_duration
    assert doc.domain.max_password_age == domain.policy.max_password_age
    assert doc.domain.lockout_window == timedelta(minutes=15)
    assert user.computed_uac == 0x10  # locked; the password never expires
    assert user.entry.line_of("userWorkstations") is not None
    inner_entry = doc.group(f"CN=Web Anonymous,CN=Users,{doc.domain.dn}")
    assert inner_entry is not None and user.dn in inner_entry.members


def test_ldif_never_holds_a_password(iis6_domain: Host) -> None:
    domain = iis6_domain.domain
    assert domain is not None
    accounts = list(domain.users())
    text = write_ldif(domain, accounts, iis6_domain.now()).decode("ascii")
    doc = parse_ldif(text)
    assert len(doc.users) == len(accounts)
    for secret in secrets(iis6_domain):
        assert secret not in text
        for encoded in (secret.encode("utf-8"), f'"{secret}"'.encode("utf-16-le")):
            assert base64.b64encode(encoded).decode() not in text
            assert not any(
                encoded in v.raw for e in doc.entries for vs in e.attributes.values() for v in vs
            )
    lowered = text.lower()
    assert "unicodepwd" not in lowered and "userpassword" not in lowered


def test_ldif_writer_folds_long_lines_and_base64s_non_ascii(iis6_domain: Host) -> None:
    domain = iis6_domain.domain
    assert domain is not None
    account = anonymous(iis6_domain)
    account.full_name = "Zoë Müller, " + "x" * 100
    text = write_ldif(domain, [account], iis6_domain.now()).decode("ascii")
    assert all(len(line) <= 78 for line in text.split("\r\n"))
    assert text.startswith("\r\ndn: ") and "\r\nchangetype: add\r\n" in text
    assert "displayName:: " in text
    user = parse_ldif(text).user(account.name)
    assert user is not None and user.entry.text("displayName") == account.full_name


# -- LDIF: real-world shapes ----------------------------------------------------------------------

REAL_LDAPSEARCH = """\
# extended LDIF
#
# LDAPv3
# base <DC=corp,DC=example> with scope subtree
# filter: (|(sAMAccountName=IUSR_WEB01)(objectClass=domainDNS))
# requesting: ALL
#

# corp.example
dn: DC=corp,DC=example
objectClass: top
objectClass: domain
objectClass: domainDNS
distinguishedName: DC=corp,DC=example
lockoutDuration: -18000000000
lockOutObservationWindow: -18000000000
lockoutThreshold: 5
maxPwdAge: -9223372036854775808
minPwdAge: -864000000000
minPwdLength: 7
pwdHistoryLength: 24
objectSid:: AQQAAAAAAAUVAAAArxktGAS1AL49Gv12

# IUSR_WEB01, Users, corp.example
dn: CN=IUSR_WEB01,OU=Web Servers,OU=Service Accounts,OU=Corp,DC=corp,DC=exampl
 e
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: IUSR_WEB01
memberOf: CN=Web Anonymous,OU=Groups,DC=corp,DC=example
memberOf: CN=Guests,CN=Builtin,DC=corp,DC=example
userAccountControl: 66050
badPwdCount: 2
badPasswordTime: 133936028571973435
lastLogon: 0
logonHours:: ////////////////////////////
pwdLastSet: 131764144003517228
primaryGroupID: 513
objectSid:: AQUAAAAAAAUVAAAArxktGAS1AL49Gv129AEAAA==
accountExpires: 9223372036854775807
lockoutTime: 0
sAMAccountName: IUSR_WEB01
userWorkstations: WEB01,web01.corp.example
description:: SW50ZXJuZXQgR3Vlc3QgQWNjb3VudCA=

# Web Anonymous, Groups, corp.example
dn: CN=Web Anonymous,OU=Groups,DC=corp,DC=example
objectClass: top
objectClass: group
member: CN=IUSR_WEB01,OU=Web Servers,OU=Service Accounts,OU=Corp,DC=corp,DC=example
groupType: -2147483646
sAMAccountName: Web Anonymous
objectSid: S-1-5-21-405608879-3187717380-1996298813-1105

# search reference
ref: ldap://ForestDnsZones.corp.example/DC=ForestDnsZones,DC=corp,DC=example

# refldaps://DomainDnsZones.corp.example/DC=DomainDnsZones,DC=corp,DC=example

# search result
search: 2
result: 0 Success

# numResponses: 4
# numEntries: 3
"""


def test_ldif_real_ldapsearch_output(tmp_path: Path) -> None:
    path = tmp_path / "ad.ldif"
    path.write_text(REAL_LDAPSEARCH.replace("\n", "\r\n"), encoding="utf-8")
    doc = read_ldif(path)
    assert len(doc.entries) == 3
    user = doc.user("iusr_web01")
    assert user is not None
    assert user.dn.endswith("OU=Corp,DC=corp,DC=example")
    assert user.entry.line == 25
    assert user.enabled is False  # 66050 = 0x10202
    assert user.password_never_expires is True
    assert user.account_expires is None and user.lockout_time is None
    assert user.bad_pwd_count == 2 and user.bad_password_time is not None
    assert user.logon_hours == LogonHours.all_hours()
    assert user.workstations == ("WEB01", "web01.corp.example")
    assert user.entry.text("description") == "Internet Guest Account "
    assert str(user.sid) == "S-1-5-21-405608879-3187717380-1996298813-500"
    groups = doc.groups_of(user)
    # Builtin Guests and the primary group (RID 513) have no record but well-known SIDs.
    assert [g.name for g in groups] == ["Web Anonymous", "Guests", "Domain Users"]
    assert [g.exported for g in groups] == [True, False, False]
    assert str(groups[0].sid).endswith("-1105") and str(groups[1].sid) == "S-1-5-32-546"
    assert doc.membership_partial(user)
    assert doc.unexported_groups(user) == ("CN=Guests,CN=Builtin,DC=corp,DC=example",)
    domain = doc.domain
    assert domain is not None and domain.dns_name == "corp.example"
    assert domain.lockout_threshold == 5 and domain.lockout_duration == timedelta(minutes=30)
    assert domain.max_password_age is None and not domain.lockout_forever
    assert domain.min_pwd_age_raw == -864000000000 and domain.impossible() is None
    assert domain.min_pwd_length == 7 and domain.pwd_history_length == 24
    assert domain.entry.line_of("lockoutThreshold") == 17


def test_ldif_ldifde_layout_with_version_and_changetype() -> None:
    text = (
        "version: 1\n\ndn: CN=A,CN=Users,DC=x\nchangetype: add\nobjectClass: user\n"
        "sAMAccountName: a\nuserAccountControl: 512\naccountExpires: 0\npwdLastSet: 0\n"
        "logonHours:: AAAA\n"
    )
    doc = parse_ldif(text)
    user = doc.user("a")
    assert user is not None and user.enabled is True and user.must_change_password is True
    assert user.logon_hours_raw == b"\0\0\0" and user.logon_hours is None  # wrong length
    assert "changetype" not in user.entry.attributes


def test_ldif_entries_without_object_class_are_guessed() -> None:
    text = (
        "dn: CN=A,CN=Users,DC=x\nuserAccountControl: 514\n\n"
        "dn: CN=G,CN=Users,DC=x\nmember: CN=A,CN=Users,DC=x\n\n"
        "dn: DC=x\nlockoutThreshold: 0\n\n"
        "dn: CN=Other,DC=x\ndescription: neither\n"
    )
    doc = parse_ldif(text)
    assert [u.sam_account_name for u in doc.users] == ["A"]
    assert [g.name for g in doc.groups] == ["G"]
    assert doc.domain is not None and doc.domain.dns_name == "x"
    assert doc.entry("cn=other, dc=X") is not None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("objectClass: user\n", 1, "dn:"),
        (" continued\n", 1, "continuation"),
        ("dn: CN=A\nphoto:< file:///etc/passwd\n", 2, "URL"),
        ("dn: CN=A\nobjectSid:: !!!!\n", 2, "base64"),
        ("dn: CN=A\nobjectSid:: AQI=\nobjectClass: user\n", 2, "objectSid"),
        ("dn: CN=A\nchangetype: modify\n", 2, "change file"),
        ("dn: CN=A\nobjectClass: user\nbadPwdCount: many\n", 3, "not a number"),
        ("dn: CN=A\nobjectClass: user\npwdLastSet: -5\n", 3, "FILETIME"),
        ("dn: CN=A\nobjectClass: user\naccountExpires: 99999999999999999999\n", 3, "range"),
        ("version: 2\n\ndn: CN=A\n", 1, "version"),
        ("dn: CN=A\ndn: CN=B\n", 2, "two dn"),
        ("dn: CN=A\nno colon here\n", 2, "attribute: value"),
        ("dn:: /w==\n", 1, "UTF-8"),
        ("dn: DC=x\nobjectClass: domainDNS\nlockoutThreshold: 5000\n", 1, "impossible"),
    ],
)
def test_ldif_malformed_records_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_ldif(text, "ad.ldif")
    assert caught.value.line == line and words in caught.value.reason


@FUZZ
@given(st.text(max_size=400))
def test_ldif_fuzz_text(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_ldif(text)


@FUZZ
@given(st.binary(max_size=400))
def test_ldif_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "ad.ldif"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_ldif(path)


@FUZZ
@given(mutated(REAL_LDAPSEARCH))
def test_ldif_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        doc = parse_ldif(text)
        for user in doc.users:
            doc.groups_of(user)
            doc.unexported_groups(user)
            _ = (user.logon_hours, user.enabled, user.must_change_password)
        if doc.domain is not None:
            doc.domain.impossible()
            _ = doc.domain.dns_name


# -- property round trips: any account state survives render/export and read -------------------

MOMENTS = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)
STATES = st.fixed_dictionaries(
    {
        "enabled": st.booleans(),
        "password_never_expires": st.booleans(),
        "password_required": st.booleans(),
        "expires": st.none() | MOMENTS,
        "password_last_set": st.none() | MOMENTS,
        "lockout_time": st.none() | MOMENTS,
        "bad_pwd_count": st.integers(0, 999),
        "bad_pwd_time": st.none() | MOMENTS,
        "last_logon": st.none() | MOMENTS,
        "workstations": st.lists(
            st.from_regex(r"[A-Z][A-Z0-9-]{0,14}", fullmatch=True), max_size=8
        ),
        "logon_hours": st.none()
        | st.frozensets(st.integers(0, 167)).map(LogonHours.from_positions),
    }
)


@FUZZ
@given(STATES)
def test_ldif_round_trip_of_any_account_state(iis6_domain: Host, state: dict[str, object]) -> None:
    domain = iis6_domain.domain
    assert domain is not None
    account = anonymous(iis6_domain)
    for key, value in state.items():
        setattr(account, key, tuple(value) if key == "workstations" else value)  # type: ignore[arg-type]
    doc = parse_ldif(write_ldif(domain, [account], iis6_domain.now()).decode("ascii"))
    user = doc.user(account.name)
    assert user is not None
    assert user.enabled is account.enabled
    assert user.password_never_expires is account.password_never_expires
    assert user.password_not_required is (not account.password_required)
    assert user.account_expires == account.expires
    assert user.pwd_last_set == account.password_last_set
    assert user.must_change_password is (account.password_last_set is None)
    assert user.lockout_time == account.lockout_time
    assert user.bad_pwd_count == account.bad_pwd_count
    assert user.bad_password_time == account.bad_pwd_time
    assert user.last_logon == account.last_logon
    assert user.workstations == account.workstations
    assert user.logon_hours == account.logon_hours
    assert [g.name for g in doc.groups_of(user)] == ["Domain Users"]


@FUZZ
@given(STATES)
def test_net_user_round_trip_of_any_account_state(berlin: Host, state: dict[str, object]) -> None:
    account = anonymous(berlin)
    for key, value in state.items():
        setattr(account, key, tuple(value) if key == "workstations" else value)  # type: ignore[arg-type]
    doc = parse_net_user(ok(berlin, f"net user {account.name}"), **EN_US)
    policy = berlin.policy_for(account)
    assert doc.account_active == nr_active(account, berlin)
    assert doc.account_expires == local(berlin, account.expires)
    assert doc.password_last_set == local(berlin, account.password_last_set)
    assert doc.password_expires == local(berlin, rules.password_expires_at(account, policy))
    assert doc.last_logon == local(berlin, account.last_logon)
    assert doc.password_required is account.password_required
    assert doc.workstations == account.workstations
    assert doc.logon_hours is not None
    expected = account.logon_hours
    if expected is not None and expected.is_all:
        expected = None
    assert doc.logon_hours.to_logon_hours(berlin.clock.tz) == expected


def nr_active(account: Account, host: Host) -> str:
    if not account.enabled:
        return "No"
    return "Locked" if rules.is_locked(account, host.policy_for(account), host.now()) else "Yes"


def test_ldif_user_by_upn_when_its_user_part_is_not_the_sam_name() -> None:
    text = (
        "dn: CN=Web Anonymous,OU=Service,DC=contoso,DC=com\n"
        "objectClass: user\n"
        "sAMAccountName: svc-anon\n"
        "userPrincipalName: iusr_app@contoso.com\n"
        "userAccountControl: 512\n"
    )
    doc = parse_ldif(text)
    found = doc.user("iusr_app@CONTOSO.com")
    assert found is not None and found.sam_account_name == "svc-anon"
    assert doc.user("iusr_app") is None
    assert doc.user("svc-anon") is found
