"""`net user NAME` and `net user NAME /domain` output (the bundle's ``net-user-<NAME>.txt``).

What the reader expects, with sources (facts only; see also `simulator.admin.net_render`):

- Two columns: the label padded to 29 columns, then the value; a label with an empty value is
  still padded (public transcripts of the real tool, e.g. HTB write-ups in the search index).
- "Country code" up to Windows Server 2008 R2, "Country/region code" later; both are read.
- "Account active": Yes, No (disabled) or Locked (ReactOS net's DisplayUser tests the disabled
  flag first, then lockout: github.com/reactos/reactos base/applications/network/net/cmdUser.c).
- Dates: the server's short date and long time, local server time without an offset, or
  "Never"; naive datetimes come back (the caller applies the host's offset). The patterns follow
  the regional settings of the account that ran net.exe, so public transcripts show en-US
  "1/28/2020 8:58:05 PM", en-GB "13/09/2022 07:47:15", zh-CN "2020/1/24 13:44:54" and dashed
  "2024-04-12 4:16:20 AM" or "2020-04-05 21:27:26" (tests/fixtures/real/SOURCES.md). A
  date that reads two ways (05/08/2023) is settled by the host's short date pattern
  (``date_format``, from host.json) or by another date in the same output with a day above 12;
  otherwise it is not guessed: the field is None, ``has()`` is False and ``notes`` says why.
  A date no check reads ("Last logon", "Password changeable") never makes the file unreadable.
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

Only English labels are read; lines the reader does not know are kept in ``unparsed``. Group
names are printed in the server's language (Spanish servers print the placeholder "*Ninguno"
for "*None"), so the known placeholders are left out of ``groups()``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import attrs

from winfacts.logon_hours import DAYS, LogonHours, week_position

from ..errors import BundleError, quote
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
#: Three numbers with one separator: the short date of every culture net.exe prints by.
_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})\.?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
#: AM/PM designators of the .NET cultures whose long time pattern has "tt" (en "AM", es "a. m.",
#: zh "上午", ja "午前", ko "오전"), compared without case or inner spaces.
_AM = frozenset({"am", "a.m.", "上午", "午前", "오전"})
_PM = frozenset({"pm", "p.m.", "下午", "午後", "오후"})
#: Date fields no check reads: a date there that can not be read is noted, never an error.
_UNUSED_DATES = frozenset({"last_logon", "password_changeable"})
_DATE_FIELDS = (
    "account_expires",
    "password_last_set",
    "password_expires",
    "password_changeable",
    "last_logon",
)
#: "No memberships" as net user prints it, in the server's language.
NONE_PLACEHOLDERS = frozenset({"none", "ninguno"})
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
    #: Date fields that were printed but could not be read (None, yet not "Never").
    unknown: frozenset[str] = frozenset()
    #: (line, why) for each such date, and for a host.json pattern that did not fit.
    notes: tuple[tuple[int, str], ...] = ()
    #: How the dates were read: True day before month, False month first, None not needed
    #: or not known.
    day_first: bool | None = None

    @property
    def enabled(self) -> bool | None:
        """False when "Account active" is No; a locked account is still enabled."""
        return None if self.account_active is None else self.account_active != "No"

    @property
    def locked(self) -> bool | None:
        return None if self.account_active is None else self.account_active == "Locked"

    def has(self, field: str) -> bool:
        """Whether the output printed ``field`` and it was read (so a None value means
        "Never"). A date that reads two ways is printed but not known: see ``printed``."""
        return field in self.lines and field not in self.unknown

    def printed(self, field: str) -> bool:
        return field in self.lines

    def groups(self) -> tuple[GroupEntry, ...]:
        """Local and global memberships together, without the SAM's placeholder "None"."""
        found = (*(self.local_groups or ()), *(self.global_groups or ()))
        return tuple(g for g in found if g.name.lower() not in NONE_PLACEHOLDERS)

    @property
    def groups_may_be_truncated(self) -> bool:
        return any(g.possibly_truncated for g in self.groups())


def read_net_user(
    path: Path, *, date_format: str | None = None, time_format: str | None = None
) -> NetUserDocument:
    """``date_format`` and ``time_format``: the host's short date and long time patterns in
    .NET notation (host.json), which settle a date such as 05/08/2023."""
    text = decode(read_bytes(path, MAX_NET_BYTES), path)
    return parse_net_user(text, path, date_format=date_format, time_format=time_format)


def parse_net_user(
    text: str,
    path: Path | str = "net-user.txt",
    *,
    date_format: str | None = None,
    time_format: str | None = None,
) -> NetUserDocument:
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
    dates = _read_dates(raw_values, path, date_format, time_format)
    return _document(path, raw_values, labels, domain, completed, error, unparsed, dates)


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
    dates: _Dates,
) -> NetUserDocument:
    lines = {field: entries[0][0] for field, entries in raw.items()}

    def text(field: str) -> str | None:
        return raw[field][0][1] if field in raw else None

    def when(field: str) -> datetime | None:
        return dates.values.get(field)

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
        unknown=frozenset(dates.unknown),
        notes=tuple(dates.notes),
        day_first=dates.day_first,
    )


@attrs.frozen
class _RawDate:
    """A printed date split into its numbers, before the day/month order is known."""

    first: int
    middle: int
    last: int
    year_first: bool  # a four-digit first number: yyyy/M/d, as zh-CN and ISO print
    year_last: bool
    hour: int
    minute: int
    second: int
    half: str | None  # "am", "pm", or None for a time without a designator

    @property
    def reads_two_ways(self) -> bool:
        return self.year_last and self.first != self.middle and max(self.first, self.middle) <= 12


@attrs.frozen
class _Dates:
    values: dict[str, datetime | None]
    unknown: set[str]
    notes: list[tuple[int, str]]
    day_first: bool | None


class _Unreadable(Exception):
    pass


def _split(value: str) -> _RawDate:
    text = value.strip()
    date = _DATE.match(text)
    if date is None:
        raise _Unreadable("is not a date")
    rest = text[date.end() :]
    if rest and not rest[0].isspace():
        raise _Unreadable("is not a date and time")
    time = _TIME.search(rest)
    if time is None:
        raise _Unreadable("has no time of day")
    designator = (rest[: time.start()] + rest[time.end() :]).strip().lower().replace(" ", "")
    half: str | None = None
    if designator in _AM:
        half = "am"
    elif designator in _PM:
        half = "pm"
    elif designator:
        raise _Unreadable(f"has a time designator {quote(designator)} that is not AM or PM")
    first, middle, last = date.group(1), date.group(3), date.group(4)
    year_first, year_last = len(first) == 4, len(last) == 4
    if year_first == year_last or (year_first and len(last) > 2) or (year_last and len(first) > 2):
        # Two-digit years and five-digit numbers are not what net.exe prints.
        raise _Unreadable("is not a date with a four-digit year")
    return _RawDate(
        int(first),
        int(middle),
        int(last),
        year_first,
        year_last,
        int(time.group(1)),
        int(time.group(2)),
        int(time.group(3) or 0),
        half,
    )


def _day_first_pattern(pattern: str | None) -> bool | None:
    """The order a .NET short date pattern gives day and month in, for year-last dates; None
    for year-first patterns (no question there) or none at all."""
    if pattern is None:
        return None
    positions = {letter: pattern.find(letter) for letter in "dMy"}
    if min(positions.values()) < 0 or positions["y"] < max(positions["d"], positions["M"]):
        return None
    return positions["d"] < positions["M"]


def _twelve_hour(pattern: str | None) -> bool:
    return pattern is not None and "h" in pattern and "H" not in pattern


def _read_dates(
    raw: dict[str, list[tuple[int, str]]],
    path: Path | str,
    date_format: str | None,
    time_format: str | None,
) -> _Dates:
    split: dict[str, tuple[int, _RawDate]] = {}
    values: dict[str, datetime | None] = {}
    unknown: set[str] = set()
    notes: list[tuple[int, str]] = []

    def not_known(field: str, why: str) -> None:
        values[field] = None
        unknown.add(field)
        notes.append((raw[field][0][0], why))

    def unreadable(field: str, exc: _Unreadable) -> None:
        line, value = raw[field][0]
        if field not in _UNUSED_DATES:
            raise BundleError(path, f"{quote(value)} {exc}", line) from exc
        not_known(field, f"{quote(value)} {exc}; not read (no check uses it)")

    for field in _DATE_FIELDS:
        if field not in raw:
            continue
        line, value = raw[field][0]
        if value.strip().lower() == "never":
            values[field] = None
            continue
        try:
            split[field] = (line, _split(value))
        except _Unreadable as exc:
            unreadable(field, exc)
    # One output has one short date pattern: a day above 12 anywhere tells the order for all.
    day_lines = [line for line, d in split.values() if d.year_last and d.first > 12]
    month_lines = [line for line, d in split.values() if d.year_last and d.middle > 12]
    if day_lines and month_lines:
        raise BundleError(
            path,
            "prints dates in two orders (a day above 12 both before and after the month)",
            max(min(day_lines), min(month_lines)),
        )
    evidence = True if day_lines else False if month_lines else None
    pattern = _day_first_pattern(date_format)
    day_first = pattern if evidence is None else evidence
    if pattern is not None and evidence is not None and pattern != evidence:
        # The collector read the pattern in another session or culture than net.exe ran in:
        # the printed dates win, since they are the evidence.
        line = min(day_lines or month_lines)
        shown = quote(date_format or "")
        notes.append((line, f"host.json date_format {shown} does not fit this date"))
    for field, (_, date) in split.items():
        if date.reads_two_ways and day_first is None:
            shown = quote(raw[field][0][1])
            not_known(
                field,
                f"{shown} reads two ways (day/month or month/day); no other date here "
                "and no host.json date_format says which",
            )
            continue
        if date.half is None and _twelve_hour(time_format) and 1 <= date.hour <= 12:
            # 7:47 without AM or PM on a 12-hour clock is morning or evening: not guessed.
            not_known(field, "the time has no AM/PM though time_format has a 12-hour clock")
            continue
        try:
            values[field] = _moment(date, bool(day_first))
        except _Unreadable as exc:
            unreadable(field, exc)
    needed = any(d.year_last for _, d in split.values())
    return _Dates(values, unknown, notes, day_first if needed else None)


def _moment(date: _RawDate, day_first: bool) -> datetime:
    if date.year_first:
        year, month, day = date.first, date.middle, date.last
    elif day_first:
        day, month, year = date.first, date.middle, date.last
    else:
        month, day, year = date.first, date.middle, date.last
    hour = date.hour
    if date.half is not None:
        if not 1 <= hour <= 12:
            raise _Unreadable("has an hour outside the 12-hour clock")
        hour = hour % 12 + (12 if date.half == "pm" else 0)
    try:
        return datetime(year, month, day, hour, date.minute, date.second)
    except ValueError as exc:
        raise _Unreadable("is not a real date and time") from exc


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
            shown = quote(text)
            raise BundleError(path, f"{shown} is not a 'Day h:mm AM - h:mm PM' range", number)
        day = _DAY_INDEX.get(match.group(1).lower())
        if day is None:
            raise BundleError(path, f"{quote(match.group(1))} is not a day name", number)
        start = _hour(match.group(2), match.group(3), match.group(4), False, path, number)
        end = _hour(match.group(5), match.group(6), match.group(7), True, path, number)
        if end <= start:
            raise BundleError(path, f"{quote(text)} ends before it starts", number)
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
