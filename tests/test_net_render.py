"""`net user`, `net localgroup` and `net accounts` text, character for character."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from simulator.accounts import GroupScope
from simulator.admin import net
from simulator.admin import net_render as nr
from simulator.admin.shell import run
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from winfacts.secret import Secret


def out(host: Host, line: str) -> str:
    result = run(host, line)
    assert result.exit_code == 0, result.output
    return result.output


def anonymous_name(host: Host) -> str:
    user, _ = host.iis.settings_for("/").split_user()
    return user


# -- the whole layout -----------------------------------------------------------------------------

GOLDEN_2003 = """\
User name                    alice
Full Name                    Alice Example
Comment                      Test account
User's comment               
Country code                 000 (System Default)
Account active               Yes
Account expires              Never

Password last set            11/24/2026 8:30:00 AM
Password expires             1/5/2027 8:30:00 AM
Password changeable          11/24/2026 8:30:00 AM
Password required            Yes
User may change password     Yes

Workstations allowed         All
Logon script                 
User profile                 
Home directory               
Last logon                   Never

Logon hours allowed          All

Local Group Memberships      *Users                
Global Group memberships     *None                 
The command completed successfully.

"""  # noqa: W291 - net.exe pads the labels of empty values, so those lines end in spaces


def test_net_user_golden_windows_server_2003(iis6: Host) -> None:
    out(iis6, 'net user alice S3cret!x /add /fullname:"Alice Example" /comment:"Test account"')
    assert out(iis6, "net user alice") == GOLDEN_2003


def test_net_user_golden_windows_server_2022_says_country_region(iis10: Host) -> None:
    out(iis10, 'net user alice S3cret!x /add /fullname:"Alice Example" /comment:"Test account"')
    expected = GOLDEN_2003.replace("Country code                 ", "Country/region code          ")
    assert out(iis10, "net user alice") == expected


def test_every_label_is_padded_to_29_columns(iis6: Host) -> None:
    text = out(iis6, f"net user {anonymous_name(iis6)}")
    for line in text.splitlines():
        if not line or line.startswith("The command") or line.startswith(" "):
            continue
        label = line[: nr.LABEL_WIDTH].rstrip()
        assert len(label) < nr.LABEL_WIDTH and line[len(label) : nr.LABEL_WIDTH].strip() == ""


# -- Account active -------------------------------------------------------------------------------


def test_account_active_says_locked_then_yes_after_the_duration(iis6: Host) -> None:
    name = anonymous_name(iis6)
    net.accounts(iis6, lockoutthreshold=2, lockoutduration=30, lockoutwindow=30)
    for _ in range(2):
        run(iis6, rf"net use \\{iis6.computer_name}\IPC$ /user:{name} wrong")
    assert "Account active               Locked\n" in out(iis6, f"net user {name}")
    iis6.clock.advance(timedelta(minutes=31))
    assert "Account active               Yes\n" in out(iis6, f"net user {name}")


def test_a_disabled_account_says_no_even_when_locked(iis6: Host) -> None:
    name = anonymous_name(iis6)
    account = iis6.account(name)
    net.accounts(iis6, lockoutthreshold=1, lockoutduration=30, lockoutwindow=30)
    account.lockout_time = iis6.now()
    account.enabled = False
    assert "Account active               No\n" in out(iis6, f"net user {name}")


# -- group columns and the 21-character cut -------------------------------------------------------


def test_group_entry_is_cut_to_21_characters_and_padded_to_22() -> None:
    assert nr.group_entry("Users") == "*Users" + " " * 16
    assert nr.group_entry("Remote Management Users") == "*Remote Management Use"
    assert len(nr.group_entry("Group Policy Creator Owners")) == 22


def test_long_group_names_run_into_the_next_entry(iis6: Host) -> None:
    long = iis6.sam.new_group("Remote Management Users", GroupScope.LOCAL)
    name = anonymous_name(iis6)
    iis6.sam.add_member(long, iis6.account(name).sid)
    text = out(iis6, f"net user {name}")
    # Sorted: Guests, Remote Management Users -> the cut name touches nothing after it here,
    # so add a third group and check the run-together on the next line too.
    assert "Local Group Memberships      *Guests               *Remote Management Use\n" in text
    third = iis6.sam.new_group("Remote Desktop Users Extra", GroupScope.LOCAL)
    fourth = iis6.sam.new_group("Users2", GroupScope.LOCAL)
    iis6.sam.add_member(third, iis6.account(name).sid)
    iis6.sam.add_member(fourth, iis6.account(name).sid)
    text = out(iis6, f"net user {name}")
    assert "Local Group Memberships      *Guests               *Remote Desktop Users \n" in text
    assert "                             *Remote Management Use*Users2               \n" in text


def test_empty_local_groups_print_the_label_alone_and_globals_print_none(iis6: Host) -> None:
    name = anonymous_name(iis6)
    run(iis6, f"net localgroup Guests {name} /delete")
    text = out(iis6, f"net user {name}")
    assert "\nLocal Group Memberships      \n" in text
    assert "\nGlobal Group memberships     *None                 \n" in text


def test_domain_account_with_slash_domain_starts_with_the_dc_line(iis6_domain: Host) -> None:
    name = anonymous_name(iis6_domain)
    assert iis6_domain.domain is not None
    text = out(iis6_domain, f"net user {name} /domain")
    first, blank, third = text.splitlines()[:3]
    assert first == (
        "The request will be processed at a domain controller for domain "
        f"{iis6_domain.domain.dns_name}."
    )
    assert blank == "" and third == f"User name                    {name}"
    assert "Global Group memberships     *Domain Users         \n" in text
    # Without /domain a member server looks in its own SAM only.
    missing = run(iis6_domain, f"net user {name}")
    assert missing.exit_code == 2
    assert missing.output.startswith("The user name could not be found.")


# -- local time -----------------------------------------------------------------------------------


@pytest.fixture
def berlin() -> Host:
    return build_host(HostSpec(seed=3, os=OsFamily.WS2022, timezone="Europe/Berlin"))


def test_logon_hours_and_expiry_render_in_the_servers_local_time(berlin: Host) -> None:
    name = anonymous_name(berlin)
    out(berlin, f"net user {name} /times:M-F,8AM-5PM /expires:12/01/2026")
    account = berlin.account(name)
    # Stored in UTC: Berlin's midnight is 23:00 UTC the day before; 8 AM local is 7 AM UTC.
    assert account.expires == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert account.logon_hours is not None
    assert account.logon_hours.allows(datetime(2026, 11, 23, 7, 30, tzinfo=UTC))  # Mon 08:30
    assert not account.logon_hours.allows(datetime(2026, 11, 23, 6, 30, tzinfo=UTC))  # 07:30
    text = out(berlin, f"net user {name}")
    assert "Account expires              12/1/2026 12:00:00 AM\n" in text
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    expected = [f"Logon hours allowed          {days[0]} 8:00 AM - 5:00 PM"]
    expected += [f"                             {day} 8:00 AM - 5:00 PM" for day in days[1:]]
    assert "\n".join(expected) + "\n\n" in text


def test_dates_follow_the_server_zone_not_utc(berlin: Host) -> None:
    name = anonymous_name(berlin)
    account = berlin.account(name)
    account.last_logon = datetime(2026, 7, 1, 22, 15, 5, tzinfo=UTC)  # summer: UTC+2
    text = out(berlin, f"net user {name}")
    assert "Last logon                   7/2/2026 12:15:05 AM\n" in text


def test_no_hours_at_all_prints_none(iis6: Host) -> None:
    name = anonymous_name(iis6)
    out(iis6, f"net user {name} /times:")
    assert "Logon hours allowed          None\n" in out(iis6, f"net user {name}")


def test_us_datetime_noon_and_midnight() -> None:
    utc = ZoneInfo("UTC")
    assert nr.us_datetime(datetime(2026, 1, 2, 0, 5, 9, tzinfo=UTC), utc) == "1/2/2026 12:05:09 AM"
    assert nr.us_datetime(datetime(2026, 1, 2, 12, 0, 0, tzinfo=UTC), utc) == "1/2/2026 12:00:00 PM"
    assert nr.us_hour(24) == "12:00 AM" and nr.us_hour(17) == "5:00 PM"


def test_password_must_change_shows_never_for_its_dates(iis6: Host) -> None:
    name = anonymous_name(iis6)
    out(iis6, f"net user {name} /logonpasswordchg:yes")
    text = out(iis6, f"net user {name}")
    assert "Password last set            Never\n" in text


def test_password_expiry_follows_the_maximum_age(iis6: Host) -> None:
    name = anonymous_name(iis6)
    account = iis6.account(name)
    account.password_never_expires = False
    set_at = account.password_last_set
    assert set_at is not None
    text = out(iis6, f"net user {name}")
    expires = nr.us_datetime(set_at + timedelta(days=42), iis6.clock.tz)
    assert f"Password expires             {expires}\n" in text


# -- net localgroup and net accounts --------------------------------------------------------------


def test_net_localgroup_layout(iis6: Host) -> None:
    name = anonymous_name(iis6)
    text = out(iis6, "net localgroup Guests")
    lines = text.splitlines()
    assert lines[0] == "Alias name     Guests"
    assert lines[1].startswith("Comment        Guests have the same access")
    assert lines[2:6] == ["", "Members", "", "-" * 79]
    assert lines[6:8] == ["Guest", name]
    assert lines[8] == "The command completed successfully."


def test_net_localgroup_names_domain_members_with_their_domain(iis6_domain: Host) -> None:
    assert iis6_domain.domain is not None
    text = out(iis6_domain, "net localgroup Users")
    assert f"{iis6_domain.domain.authority}\\Domain Users\n" in text
    assert "NT AUTHORITY\\Authenticated Users\n" in text


def test_net_accounts_layout_and_values(iis6: Host) -> None:
    text = out(iis6, "net accounts")
    assert text.splitlines()[0] == "Force user logoff how long after time expires?:       Never"
    assert "Lockout threshold:                                    Never\n" in text
    assert "Length of password history maintained:                None\n" in text
    assert "Computer role:                                        SERVER\n" in text
    out(iis6, "net accounts /lockoutthreshold:5 /lockoutduration:45 /lockoutwindow:15")
    out(iis6, "net accounts /maxpwage:unlimited /uniquepw:24")
    text = out(iis6, "net accounts")
    assert "Lockout threshold:                                    5\n" in text
    assert "Lockout duration (minutes):                           45\n" in text
    assert "Lockout observation window (minutes):                 15\n" in text
    assert "Maximum password age (days):                          Unlimited\n" in text
    assert "Length of password history maintained:                24\n" in text


def test_net_accounts_on_a_domain_controller_says_primary() -> None:
    dc = build_host(HostSpec(seed=5, account="domain", domain_controller=True))
    assert "Computer role:                                        PRIMARY\n" in out(
        dc, "net accounts"
    )


def test_user_list_three_columns(iis6: Host) -> None:
    text = out(iis6, "net user")
    assert text.startswith(f"\nUser accounts for \\\\{iis6.computer_name}\n\n{'-' * 79}\n")
    first_row = text.splitlines()[4]
    assert len(first_row) == 75 and first_row.startswith("Administrator")


def test_render_functions_never_see_the_password(iis6: Host) -> None:
    name = anonymous_name(iis6)
    account = iis6.account(name)
    secret = account.password.reveal()
    assert secret
    text = nr.render_net_user(iis6, account)
    assert secret not in text
    net.user_set(iis6, name, password=Secret("Another-Pass-123"))
    assert "Another-Pass-123" not in nr.render_net_user(iis6, account)
