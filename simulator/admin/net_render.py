"""What `net user NAME`, `net localgroup GROUP` and `net accounts` print, to the character.

The `net user` text doubles as the evidence file ``net-user-<NAME>.txt``, so its layout follows
captured runs of the real tool (facts only; no text is copied from those pages):

- Labels are padded to 29 columns and the value follows; a label is padded even when its value is
  empty, so such lines end in spaces. Blank lines follow "Account expires", "User may change
  password", "Last logon" and the logon-hours block. Seen in many public transcripts, e.g. the
  search index's copies of HTB "Devel"/"Cascade" write-ups and TryHackMe notes.
- "Country code" up to Windows 7 / Server 2008 R2 (Cascade, a 2008 R2 DC, prints it), and
  "Country/region code" on later systems (every Server 2016+ transcript found). The value is
  "000 (System Default)".
- "Account active" is Yes, No (disabled wins) or Locked; ReactOS's clone of net.exe
  (base/applications/network/net/cmdUser.c) tests the flags in that order.
- Dates are the server's short date and long time, in its local time: en-US "5/6/2013 3:51:33 PM"
  (pastebin.com/jmMRaUss and the transcripts above) unless the host was built with other regional
  settings (simulator.variety: en-GB "13/09/2022 07:47:15", zh-CN "2020/1/24 13:44:54", sv-SE
  "2020-04-05 21:27:26", as tests/fixtures/real/SOURCES.accounts.md records them); logon hours
  use the short time ("8:00 AM", "08:00").
- Group entries are "*" plus the name cut to 21 characters, padded to 22 columns, two per line,
  continuation lines indented to column 29. A 21-character cut with no spacing makes entries run
  together: "*Remote Management Use*Users" and "*SOCIAL AND BEHAVIORAL*IT Boot Camp Admin" appear
  in real output (HTB write-ups; pastebin.com/jmMRaUss). An empty local group list prints the
  label alone; "*None" under global groups is the SAM's own group named "None" that every local
  account belongs to on a non-DC.
- `net user NAME /domain` starts with "The request will be processed at a domain controller for
  domain <dns name>." and a blank line (many transcripts, e.g. "... for domain corp.com.").
- `net accounts`: labels padded to 54 columns; "Never" for no forced logoff and a zero lockout
  threshold, "None" for no password history, "Unlimited" for no maximum password age; role
  SERVER, PRIMARY or BACKUP (several transcripts in the search index; Windows 2000-era references
  on flylib.com show the same).
- `net localgroup GROUP`: "Alias name" and "Comment" padded to 15, a blank line, "Members", a blank
  line, 79 dashes, one member per line (transcripts of `net localgroup Administrators`).

Chosen without a source: how a "must change password at next logon" account (pwdLastSet 0) shows
its password dates (here "Never"), how logon hours that fill a whole day or cross midnight are
written (here one line per local day, "Monday 12:00 AM - 12:00 AM" for a full day), the order of
members and groups (sorted by name), and "Never" for a lockout duration that lasts until an
administrator unlocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from winfacts.logon_hours import DAYS
from winfacts.sid import Sid

from .. import account_policy as rules
from ..account_policy import AccountPolicy
from ..accounts import Account, Group, GroupScope
from ..events import OsFamily
from ..host import Host
from ..variety import Variety, format_pattern, variety_of

LABEL_WIDTH = 29
GROUP_NAME_CHARS = 21
GROUP_ENTRY_WIDTH = 22
GROUPS_PER_LINE = 2
ACCOUNTS_LABEL_WIDTH = 54
LOCALGROUP_LABEL_WIDTH = 15
DASHES = "-" * 79
COMPLETED = "The command completed successfully."


# -- small formats --------------------------------------------------------------------------------


def us_datetime(moment: datetime, tz: ZoneInfo) -> str:
    """en-US short date and long time in ``tz``: "12/1/2026 12:00:00 AM"."""
    local = moment.astimezone(tz)
    return (
        f"{local.month}/{local.day}/{local.year} {_clock(local.hour, local.minute, local.second)}"
    )


def us_hour(hour: int) -> str:
    """An hour boundary 0-24 as `net user` prints it in logon hours: "8:00 AM", 24 -> "12:00 AM"."""
    return _clock(hour % 24, 0, None)


def _clock(hour: int, minute: int, second: int | None) -> str:
    twelve = hour % 12 or 12
    suffix = "AM" if hour < 12 else "PM"
    tail = f":{second:02d}" if second is not None else ""
    return f"{twelve}:{minute:02d}{tail} {suffix}"


def country_label(os: OsFamily) -> str:
    """Windows Server 2003 (and up to 2008 R2) says "Country code"; 2016+ "Country/region code"."""
    return "Country code" if os is OsFamily.WS2003 else "Country/region code"


def _line(label: str, value: str = "", width: int = LABEL_WIDTH) -> str:
    return f"{label:<{width}}{value}"


def group_entry(name: str) -> str:
    """One `*Name` cell: cut to 21 characters, padded to 22 (so long names run together)."""
    return f"*{name[:GROUP_NAME_CHARS]}".ljust(GROUP_ENTRY_WIDTH)


def group_lines(label: str, names: Iterable[str]) -> list[str]:
    cells = [group_entry(name) for name in names]
    if not cells:
        return [_line(label)]
    rows = ["".join(cells[i : i + GROUPS_PER_LINE]) for i in range(0, len(cells), GROUPS_PER_LINE)]
    return [_line(label, rows[0])] + [" " * LABEL_WIDTH + row for row in rows[1:]]


def _hour_text(hour: int, regional: Variety | None) -> str:
    if regional is None or regional.regional == "en-US":
        return us_hour(hour)
    return format_pattern(datetime(2026, 1, 1, hour % 24), regional.short_time_format)


def logon_hours_lines(account: Account, tz: ZoneInfo, regional: Variety | None = None) -> list[str]:
    label = "Logon hours allowed"
    hours = account.logon_hours
    if hours is None or hours.is_all:
        return [_line(label, "All")]
    ranges = hours.local_ranges(tz)
    if not ranges:
        return [_line(label, "None")]
    texts = [
        f"{DAYS[day]} {_hour_text(start, regional)} - {_hour_text(end, regional)}"
        for day in sorted(ranges)
        for start, end in ranges[day]
    ]
    return [_line(label, texts[0])] + [" " * LABEL_WIDTH + text for text in texts[1:]]


def domain_banner(host: Host) -> str:
    assert host.domain is not None
    return (
        f"The request will be processed at a domain controller for domain {host.domain.dns_name}."
    )


# -- net user -------------------------------------------------------------------------------------


def _by_name(groups: Iterable[Group]) -> list[str]:
    return sorted((g.name for g in groups), key=str.lower)


def _groups_of(host: Host, account: Account) -> tuple[list[str], list[str]]:
    """(local group names, global group names) as `net user` lists them: direct memberships."""
    if not account.is_domain:
        aliases = [host.sam.by_sid(sid) for sid in host.sam.groups_containing(account.sid)]
        local = _by_name(g for g in aliases if isinstance(g, Group))
        return local, ["None"]
    domain = host.domain
    assert domain is not None
    direct: list[Group] = []
    for sid in _with_primary(account, domain.groups_containing(account.sid)):
        found = domain.by_sid(sid)
        if isinstance(found, Group):
            direct.append(found)
    local_groups = [g for g in direct if g.scope in (GroupScope.DOMAIN_LOCAL, GroupScope.LOCAL)]
    if host.is_dc:
        # A DC's BUILTIN aliases are the domain's local groups.
        aliases = [host.sam.by_sid(sid) for sid in host.sam.groups_containing(account.sid)]
        local_groups += [g for g in aliases if isinstance(g, Group)]
    global_groups = [g for g in direct if g.scope in (GroupScope.GLOBAL, GroupScope.UNIVERSAL)]
    return _by_name(local_groups), (_by_name(global_groups) or ["None"])


def _with_primary(account: Account, sids: Iterable[Sid]) -> set[Sid]:
    found = set(sids)
    if account.primary_group is not None:
        found.add(account.primary_group)
    return found


def _when(moment: datetime | None, tz: ZoneInfo, regional: Variety | None = None) -> str:
    if moment is None:
        return "Never"
    if regional is None or regional.regional == "en-US":
        return us_datetime(moment, tz)
    local = moment.astimezone(tz)
    date = format_pattern(local, regional.date_format)
    return f"{date} {format_pattern(local, regional.time_format)}"


def account_active(account: Account, policy: AccountPolicy, now: datetime) -> str:
    if not account.enabled:
        return "No"
    if rules.is_locked(account, policy, now):
        return "Locked"
    return "Yes"


def render_net_user(host: Host, account: Account, *, domain_request: bool = False) -> str:
    """`net user NAME` (``domain_request``: `net user NAME /domain` from a member server)."""
    tz = host.clock.tz
    regional = variety_of(host)
    policy = host.policy_for(account)
    now = host.now()
    last_set = account.password_last_set
    changeable = None if last_set is None else last_set + policy.min_password_age
    local_groups, global_groups = _groups_of(host, account)
    yes_no = {True: "Yes", False: "No"}
    lines: list[str] = []
    if domain_request:
        lines += [domain_banner(host), ""]
    lines += [
        _line("User name", account.name),
        _line("Full Name", account.full_name),
        _line("Comment", account.description),
        _line("User's comment"),
        _line(country_label(host.os), "000 (System Default)"),
        _line("Account active", account_active(account, policy, now)),
        _line("Account expires", _when(account.expires, tz, regional)),
        "",
        _line("Password last set", _when(last_set, tz, regional)),
        _line("Password expires", _when(rules.password_expires_at(account, policy), tz, regional)),
        _line("Password changeable", _when(changeable, tz, regional)),
        _line("Password required", yes_no[account.password_required]),
        _line("User may change password", yes_no[account.user_may_change_password]),
        "",
        _line("Workstations allowed", ",".join(account.workstations) or "All"),
        _line("Logon script"),
        _line("User profile"),
        _line("Home directory"),
        _line("Last logon", _when(account.last_logon, tz, regional)),
        "",
        *logon_hours_lines(account, tz, regional),
        "",
        *group_lines("Local Group Memberships", local_groups),
        *group_lines("Global Group memberships", global_groups),
        COMPLETED,
        "",
    ]
    return "\n".join(lines) + "\n"


def render_user_list(names: Iterable[str], server: str) -> str:
    """`net user` with no name: three names a line, each padded to 25 columns."""
    ordered = sorted(names, key=str.lower)
    rows = ["".join(f"{n:<25}" for n in ordered[i : i + 3]) for i in range(0, len(ordered), 3)]
    lines = ["", f"User accounts for \\\\{server}", "", DASHES, *rows, COMPLETED, ""]
    return "\n".join(lines) + "\n"


# -- net localgroup -------------------------------------------------------------------------------


def member_name(host: Host, sid: Sid) -> str:
    """A member as `net localgroup` lists it: bare for the machine's own (or, on a DC, the
    domain's) accounts, ``AUTHORITY\\name`` otherwise, the SID string when it does not resolve."""
    name = host.name_of(sid)
    if name is None:
        return str(sid)
    authority, sep, short = name.rpartition("\\")
    if sep and authority.upper() == host.local_authority.upper():
        return short
    return name


def render_net_localgroup(host: Host, group: Group) -> str:
    members = sorted((member_name(host, sid) for sid in group.members), key=str.lower)
    lines = [
        _line("Alias name", group.name, LOCALGROUP_LABEL_WIDTH),
        _line("Comment", group.description, LOCALGROUP_LABEL_WIDTH),
        "",
        "Members",
        "",
        DASHES,
        *members,
        COMPLETED,
        "",
    ]
    return "\n".join(lines) + "\n"


# -- net accounts ---------------------------------------------------------------------------------


def _minutes(value: timedelta) -> str:
    return str(int(value.total_seconds() // 60))


def computer_role(host: Host, *, domain: bool) -> str:
    return "PRIMARY" if (host.is_dc or domain) else "SERVER"


def render_net_accounts(host: Host, policy: AccountPolicy, *, domain_request: bool = False) -> str:
    """`net accounts` for ``policy`` (the SAM's, or the domain's with /domain or on a DC)."""
    max_age = policy.max_password_age
    rows = [
        ("Force user logoff how long after time expires?:", "Never"),
        ("Minimum password age (days):", str(policy.min_password_age.days)),
        ("Maximum password age (days):", "Unlimited" if max_age is None else str(max_age.days)),
        ("Minimum password length:", str(policy.min_password_length)),
        (
            "Length of password history maintained:",
            str(policy.password_history) if policy.password_history else "None",
        ),
        (
            "Lockout threshold:",
            str(policy.lockout_threshold) if policy.lockout_threshold else "Never",
        ),
        (
            "Lockout duration (minutes):",
            "Never" if policy.lockout_duration is None else _minutes(policy.lockout_duration),
        ),
        ("Lockout observation window (minutes):", _minutes(policy.lockout_window)),
        ("Computer role:", computer_role(host, domain=domain_request)),
    ]
    lines = [domain_banner(host), ""] if domain_request else []
    lines += [_line(label, value, ACCOUNTS_LABEL_WIDTH) for label, value in rows]
    lines += [COMPLETED, ""]
    return "\n".join(lines) + "\n"
