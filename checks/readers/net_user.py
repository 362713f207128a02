"""`net user NAME` and `net user NAME /domain` output (the bundle's ``net-user-<NAME>.txt``).

What the reader expects, with sources (facts only; see also `simulator.admin.net_render`):

- Two columns: the label padded to 29 columns, then the value; a label with an empty value is
  still padded (public transcripts of the real tool, e.g. HTB write-ups in the search index).
- "Country code" up to Windows Server 2008 R2, "Country/region code" later; both are read.
- "Account active": Yes, No (disabled) or Locked (ReactOS net's DisplayUser tests the disabled
  flag first, then lockout: github.com/reactos/reactos base/applications/network/net/cmdUser.c).
- Dates: en-US short date and long time, "12/1/2026 12:00:00 AM", local server time without an
  offset, or "Never". They come back as naive datetimes: the caller applies the host's offset.
- "Workstations allowed": "All" or the comma-separated list.
- "Logon hours allowed": "All", "None" when no hour is allowed (seen in a public HTB "Mirage"
  write-up: ``Logon hours allowed          None``), or one "Day h:mm AM - h:mm PM" range per line,
  continuation lines indented to column 29 (the range wording is the simulator's, unconfirmed).
- Group memberships: ``*Name`` cells, the name cut to 21 characters and padded to 22 columns, two
  a line; a 21-character name runs into the next cell ("*Remote Management Use*Users"), so cells
  are split on "*" and names of 20 or 21 characters are flagged as possibly cut (a cut can end
  in a space, which reads as padding).
- `/domain` from a member server starts with "The request will be processed at a domain
  controller for domain X." and a blank line.
- The output ends "The command completed successfully.". An unknown account prints "The user
  name could not be found." and "More help is available by typing NET HELPMSG 2221."; the
  document then says the account does not exist (evidence, not a read error). Other errors
  ("System error 5 has occurred.", 1355 for an unreachable domain) leave ``exists`` None.

Only English output is read; lines the reader does not know are kept in ``unparsed``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import attrs

from winfacts.logon_hours import DAYS, LogonHours, week_position

from ..errors import BundleError
from .text import decode, read_bytes

MAX_NET_BYTES = 1024 * 1024
LABEL_WIDTH = 29
GROUP_NAME_CHARS = 21
COMPLETED = "The command completed successfully."
NOT_FOUND = "The user name could not be found."
NERR_USER_NOT_FOUND = 2221

# field name -> label(s) net.exe prints for it (English)
_LABELS: dict[str, tuple[str, ...]] = {
    "user_name": ("User name",),
    "full_name": ("Full Name",),
    "comment": ("Comment",),
    "users_comment": ("User's comment",),
    "country_code": ("Country/region code", "Country code"),
    "account_active": ("Account active",),
    "account_expires": ("Account expires",),
    "password_last_set": ("Password last set",),
    "password_expires": ("Password expires",),
    "password_changeable": ("Password changeable",),
    "password_required": ("Password required",),
    "user_may_change_password": ("User may change password",),
    "workstations": ("Workstations allowed",),
    "logon_script": ("Logon script",),
    "user_profile": ("User profile",),
    "home_directory": ("Home directory",),
    "last_logon": ("Last logon",),
    "logon_hours": ("Logon hours allowed",),
    "local_groups": ("Local Group Memberships",),
    "global_groups": ("Global Group memberships",),
}
_BY_LABEL = sorted(
    ((label.lower(), field) for field, labels in _LABELS.items() for label in labels),
    key=lambda item: -len(item[0]),
)
_CONTINUED = ("logon_hours", "local_groups", "global_groups", "workstations")

_BANNER = re.compile(
    r"The request will be processed at a domain controller for domain (.+?)\.?\s*$", re.I
)
_SYSTEM_ERROR = re.compile(r"System error (\d+) has occurred\.?\s*$", re.I)
_HELPMSG = re.compile(r"More help is available by typing NET HELPMSG (\d+)\.?\s*$", re.I)
_DATE = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?"
)
_RANGE = re.compile(
    r"([A-Za-z]+)\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?\s*-\s*(\d{1,2}):(\d{2})\s*([AaPp][Mm])?"
)
_DAY_INDEX = {name.lower(): index for index, name in enumerate(DAYS)}
#: A fixed Sunday to turn (local weekday, hour) into an instant, as the simulator does.
_REFERENCE_SUNDAY = datetime(2026, 1, 4)


@attrs.frozen
class GroupEntry:
    """One ``*Name`` cell. ``possibly_truncated``: the name may have been cut. net user shows
    at most 21 characters; a cut whose 21st character is a space reads like a 20-character
    name followed by padding, so names of 20 or more characters are flagged."""

    name: str
    line: int
    possibly_truncated: bool = False

    def matches(self, full_name: str) -> bool:
        if self.name.lower() == full_name.lower():
            return True
        cut = full_name[:GROUP_NAME_CHARS].rstrip()
        return self.possibly_truncated and cut.lower() == self.name.lower()


@attrs.frozen
class HourRange:
    """Allowed local hours on one weekday (Sunday = 0); ``end`` is exclusive, 24 = midnight."""

    day: int
    start: int
    end: int


@attrs.frozen
class LogonHoursText:
    """ "Logon hours allowed" as printed: all hours, none, or local ranges."""

    all: bool
    ranges: tuple[HourRange, ...] = ()

    @property
    def none(self) -> bool:
        return not self.all and not self.ranges

    def to_logon_hours(self, tz: tzinfo) -> LogonHours | None:
        """The UTC bitmap for a host in ``tz`` (None: no restriction). net user prints local
        hours; like the simulator, this uses the zone's offset in the first week of 2026."""
        if self.all:
            return None
        positions: set[int] = set()
        for span in self.ranges:
            for hour in range(span.start, span.end):
                local = _REFERENCE_SUNDAY + timedelta(days=span.day, hours=hour)
                positions.add(week_position(local.replace(tzinfo=tz)))
        return LogonHours.from_positions(positions)


@attrs.frozen
class NetError:
    code: int | None  # "System error N" or the NET HELPMSG number
    message: str
    line: int


@attrs.frozen
class NetUserDocument:
    """One `net user` output. Every field is None when its line is absent; ``lines`` maps a
    field name (the attribute names below) to its 1-based line number."""

    path: str
    exists: bool | None
    error: NetError | None = None
    domain_request: bool = False
    domain: str | None = None  # the DNS name in the /domain banner
    user_name: str | None = None
    full_name: str | None = None
    comment: str | None = None
    users_comment: str | None = None
    country_label: str | None = None  # "Country code" or "Country/region code"
    country_code: str | None = None
    account_active: str | None = None  # "Yes", "No" or "Locked"
    account_expires: datetime | None = None  # None: Never (or absent; see ``lines``)
    password_last_set: datetime | None = None
    password_expires: datetime | None = None
    password_changeable: datetime | None = None
    password_required: bool | None = None
    user_may_change_password: bool | None = None
    workstations: tuple[str, ...] | None = None  # () for "All"
    logon_script: str | None = None
    user_profile: str | None = None
    home_directory: str | None = None
    last_logon: datetime | None = None
    logon_hours: LogonHoursText | None = None
    local_groups: tuple[GroupEntry, ...] | None = None
    global_groups: tuple[GroupEntry, ...] | None = None
    completed: bool = False
    lines: dict[str, int] = attrs.field(factory=dict)
    unparsed: tuple[tuple[int, str], ...] = ()

    @property
    def enabled(self) -> bool | None:
        """False when "Account active" is No; a locked account is still enabled."""
        return None if self.account_active is None else self.account_active != "No"

    @property
    def locked(self) -> bool | None:
        return None if self.account_active is None else self.account_active == "Locked"

    def has(self, field: str) -> bool:
        """Whether the output printed ``field`` (so a None value means "Never")."""
        return field in self.lines

    def groups(self) -> tuple[GroupEntry, ...]:
        """Local and global memberships together, without the SAM's placeholder "None"."""
        found = (*(self.local_groups or ()), *(self.global_groups or ()))
        return tuple(g for g in found if g.name.lower() != "none")

    @property
    def groups_may_be_truncated(self) -> bool:
        return any(g.possibly_truncated for g in self.groups())


def read_net_user(path: Path) -> NetUserDocument:
    return parse_net_user(decode(read_bytes(path, MAX_NET_BYTES), path), path)


def parse_net_user(text: str, path: Path | str = "net-user.txt") -> NetUserDocument:
    raw_values: dict[str, list[tuple[int, str]]] = {}
    labels: dict[str, str] = {}
    unparsed: list[tuple[int, str]] = []
    domain: str | None = None
    completed = False
    error_code: int | None = None
    error_lines: list[tuple[int, str]] = []
    not_found = False
    last: str | None = None
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = raw.replace("\u200e", "").replace("\u200f", "").rstrip()
        if not line.strip():
            last = None
            continue
        if line[0] in " \t":
            if last in _CONTINUED:
                raw_values[last].append((number, line.strip()))
            else:
                unparsed.append((number, line.strip()))
            continue
        last = None
        stripped = line.strip()
        if stripped == COMPLETED:
            completed = True
            continue
        banner = _BANNER.match(stripped)
        if banner is not None:
            domain = banner.group(1).strip()
            continue
        system_error = _SYSTEM_ERROR.match(stripped)
        helpmsg = _HELPMSG.match(stripped)
        if system_error is not None or helpmsg is not None:
            found = system_error or helpmsg
            assert found is not None
            error_code = error_code or int(found.group(1)[:9])
            error_lines.append((number, stripped))
            continue
        if stripped.lower() == NOT_FOUND.lower():
            not_found = True
            error_lines.append((number, stripped))
            continue
        field, label, value = _label(line)
        if field is None:
            if error_lines:
                error_lines.append((number, stripped))
            else:
                unparsed.append((number, stripped))
            continue
        if field in raw_values:
            raise BundleError(path, f"prints {label!r} twice", number)
        raw_values[field] = [(number, value)]
        labels[field] = label
        last = field
    error = None
    if error_lines:
        first_line = error_lines[0][0]
        messages = [t for _, t in error_lines if not _HELPMSG.match(t)]
        messages = [t for t in messages if not _SYSTEM_ERROR.match(t)] or messages
        code = NERR_USER_NOT_FOUND if not_found and error_code is None else error_code
        error = NetError(code, " ".join(messages), first_line)
    if "user_name" not in raw_values:
        if error is None:
            raise BundleError(path, "is not the output of net user NAME (no 'User name' line)", 1)
        gone = not_found or error.code == NERR_USER_NOT_FOUND
        return NetUserDocument(
            path=str(path),
            exists=False if gone else None,
            error=error,
            domain_request=domain is not None,
            domain=domain,
            completed=completed,
            unparsed=tuple(unparsed),
        )
    return _document(path, raw_values, labels, domain, completed, error, unparsed)


def _label(line: str) -> tuple[str | None, str, str]:
    lowered = line.lower()
    for label, field in _BY_LABEL:
        if lowered.startswith(label) and (len(line) == len(label) or line[len(label)] in " \t"):
            return field, line[: len(label)], line[len(label) :].strip()
    return None, "", ""


def _document(
    path: Path | str,
    raw: dict[str, list[tuple[int, str]]],
    labels: dict[str, str],
    domain: str | None,
    completed: bool,
    error: NetError | None,
    unparsed: list[tuple[int, str]],
) -> NetUserDocument:
    lines = {field: entries[0][0] for field, entries in raw.items()}

    def text(field: str) -> str | None:
        return raw[field][0][1] if field in raw else None

    def when(field: str) -> datetime | None:
        value = text(field)
        if value is None or value.lower() == "never":
            return None
        return _date(value, path, lines[field])

    def yes_no(field: str) -> bool | None:
        value = text(field)
        if value is None:
            return None
        if value.lower() not in ("yes", "no"):
            raise BundleError(path, f"{labels[field]!r} is neither Yes nor No", lines[field])
        return value.lower() == "yes"

    active = text("account_active")
    if active is not None:
        canonical = {"yes": "Yes", "no": "No", "locked": "Locked"}.get(active.lower())
        if canonical is None:
            raise BundleError(
                path, "'Account active' is none of Yes, No, Locked", lines["account_active"]
            )
        active = canonical
    return NetUserDocument(
        path=str(path),
        exists=True,
        error=error,
        domain_request=domain is not None,
        domain=domain,
        user_name=text("user_name"),
        full_name=text("full_name"),
        comment=text("comment"),
        users_comment=text("users_comment"),
        country_label=labels.get("country_code"),
        country_code=text("country_code"),
        account_active=active,
        account_expires=when("account_expires"),
        password_last_set=when("password_last_set"),
        password_expires=when("password_expires"),
        password_changeable=when("password_changeable"),
        password_required=yes_no("password_required"),
        user_may_change_password=yes_no("user_may_change_password"),
        workstations=_workstations(raw.get("workstations")),
        logon_script=text("logon_script"),
        user_profile=text("user_profile"),
        home_directory=text("home_directory"),
        last_logon=when("last_logon"),
        logon_hours=_hours(raw.get("logon_hours"), path),
        local_groups=_groups(raw.get("local_groups")),
        global_groups=_groups(raw.get("global_groups")),
        completed=completed,
        lines=lines,
        unparsed=tuple(unparsed),
    )


def _date(value: str, path: Path | str, line: int) -> datetime:
    match = _DATE.fullmatch(value.strip())
    if match is None:
        raise BundleError(path, f"{value!r} is not an en-US date and time or Never", line)
    month, day, year, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    suffix = (match.group(7) or "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            raise BundleError(path, f"{value!r} has an hour outside the 12-hour clock", line)
        hour = hour % 12 + (12 if suffix == "p" else 0)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise BundleError(path, f"{value!r} is not a real date and time", line) from exc


def _workstations(entries: list[tuple[int, str]] | None) -> tuple[str, ...] | None:
    if entries is None:
        return None
    joined = ",".join(text for _, text in entries)
    if joined.strip().lower() == "all":
        return ()
    return tuple(name.strip() for name in re.split(r"[,\s]+", joined) if name.strip())


def _hours(entries: list[tuple[int, str]] | None, path: Path | str) -> LogonHoursText | None:
    if entries is None:
        return None
    first = entries[0][1].strip().lower()
    if len(entries) == 1 and first == "all":
        return LogonHoursText(all=True)
    if len(entries) == 1 and first in ("none", ""):
        return LogonHoursText(all=False)
    ranges: list[HourRange] = []
    for number, text in entries:
        match = _RANGE.fullmatch(text.strip())
        if match is None:
            raise BundleError(path, f"{text!r} is not a 'Day h:mm AM - h:mm PM' range", number)
        day = _DAY_INDEX.get(match.group(1).lower())
        if day is None:
            raise BundleError(path, f"{match.group(1)!r} is not a day name", number)
        start = _hour(match.group(2), match.group(3), match.group(4), False, path, number)
        end = _hour(match.group(5), match.group(6), match.group(7), True, path, number)
        if end <= start:
            raise BundleError(path, f"{text!r} ends before it starts", number)
        ranges.append(HourRange(day, start, end))
    return LogonHoursText(all=False, ranges=tuple(ranges))


def _hour(
    hour_text: str, minute: str, suffix: str | None, is_end: bool, path: Path | str, line: int
) -> int:
    hour = int(hour_text)
    if minute != "00":
        raise BundleError(path, "logon hours are whole hours; this range has minutes", line)
    if suffix:
        if not 1 <= hour <= 12:
            raise BundleError(path, "a logon hour is outside the 12-hour clock", line)
        hour = hour % 12 + (12 if suffix.lower() == "pm" else 0)
    elif hour > 24:
        raise BundleError(path, "a logon hour is past 24", line)
    if is_end and hour == 0:
        hour = 24
    return hour


def _groups(entries: list[tuple[int, str]] | None) -> tuple[GroupEntry, ...] | None:
    if entries is None:
        return None
    found: list[GroupEntry] = []
    for number, text in entries:
        for piece in text.split("*")[1:]:
            name = piece.rstrip()
            if name:
                found.append(GroupEntry(name, number, len(name) >= GROUP_NAME_CHARS - 1))
    return tuple(found)


__all__ = [
    "GroupEntry",
    "HourRange",
    "LogonHoursText",
    "NetError",
    "NetUserDocument",
    "parse_net_user",
    "read_net_user",
]
