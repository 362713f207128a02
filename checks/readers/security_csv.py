"""``Security.csv``: Windows Server 2003 Event Viewer's "Save Log File As" CSV of the Security log.

Columns (no header row): Date, Time, Source, Type, Category, Event, User, Computer,
Description ("File formats for archived logs", learn.microsoft.com cc780824). A header row
with exactly those names is skipped; the CSV of the Windows 2008+ Event Viewer (a "Keywords"
or "Level", "Date and Time", ... header) is a different format and is refused by name.

Date and time are written in the *server's* regional format and local time. The caller passes
the zone (from host.json's ``collected_at`` offset, contract section 3) and, where known, the
short date and long time patterns in .NET notation (host.json ``date_format`` and
``time_format``, e.g. ``dd.MM.yyyy`` and ``HH:mm:ss``); the records carry UTC. Without
patterns (winfacts.assumptions.LEGACY_CSV_DEFAULT_DATES): a date with slashes is the en-US
``M/d/yyyy``, one with dots is day-first ``d.M.yyyy`` (every dotted short date pattern of
Windows puts the day first), one with dashes and the year first is ``yyyy-MM-dd``; a time is
``h:mm:ss AM|PM`` or the 24-hour ``H:mm:ss``. A value the patterns do not read is a
`BundleError` naming the file and the line, never a guess.

The Description is the event's message as Event Viewer shows it: a title line, then
``Label:<tabs>value`` lines, each after the first starting with a blank and a tab (msaudite.dll
5.2 message table, libyal/winevt-kb; the NT 5 msaudite.mc quoted in public Windows source
mirrors). Messages that lost their line breaks (the whole message on one line, labels and
values separated by runs of blanks, as Snare's MSWinEventLog rendering of a 2003 event shows it)
are read as well: the known labels are found wherever they stand. The labels read are
User Name, Domain, Logon Type, Logon Process, Authentication Package, Workstation Name, Caller
Process ID, Source Network Address and, for 537, Status code and Substatus code. Other 2003
events have no Status/SubStatus/FailureReason: the event ID is the cause (529 unknown user or
bad password, 531 disabled, ...). A logon event whose Description has labels but no
"User Name:" carries another language's message text (Event Viewer writes the server's UI
language); it is refused by name and line rather than read as an event without an account.

Assumptions (this module): legacy_csv_encoding - a file with a UTF-16 or UTF-8 byte-order mark
is read in that encoding, one without is UTF-8 when its first 64 KiB decode as UTF-8 and the
ANSI code page (cp1252) otherwise; legacy_csv_extra_columns - a row with more than nine
columns is an unquoted Description that held commas, and its columns from the ninth on are
joined again with commas.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Collection, Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Final

from winfacts import assumptions as A

from ..errors import BundleError, quote
from .events import (
    DEFAULT_EVENT_IDS,
    LOGON_IDS,
    RENDERING_CSV,
    SecurityEventRecord,
    account_keys,
    clean,
    keep,
    matches_keys,
    parse_int,
    wanted_ids,
)

COLUMNS: Final = 9
SNIFF_BYTES: Final = 64 * 1024
#: The csv module's own limit (128 KiB a field) stays: no real Description comes near it.
#: A physical line longer than this is refused wherever it falls. The csv module reads whole
#: lines from its source, so without the cap one 5 GB line would be 5 GB of memory.
MAX_LINE_CHARS: Final = 1024 * 1024

_LABELS: Final = {
    "user name": "target_user",
    "domain": "target_domain",
    "logon type": "logon_type",
    "logon process": "logon_process",
    "authentication package": "auth_package",
    "workstation name": "workstation",
    "caller process id": "process_id",
    "source network address": "ip",
    "status code": "status",
    "substatus code": "substatus",
}
#: Every label of the 2003 logon messages (528-540, SP1 and later add the Caller and Source
#: fields), longest first: on a line without breaks each value ends where the next label
#: starts, and "Caller User Name" must not be read as "User Name".
_ALL_LABELS: Final = (
    "Caller Process ID",
    "Caller User Name",
    "Caller Logon ID",
    "Caller Domain",
    "Source Network Address",
    "Source Port",
    "Transited Services",
    "Authentication Package",
    "Workstation Name",
    "Substatus code",
    "Status code",
    "Logon Process",
    "Logon Type",
    "Logon GUID",
    "Logon ID",
    "User Name",
    "Domain",
    "Reason",
)
_LABEL_RE: Final = re.compile(
    r"(?:^|(?<=\s))(" + "|".join(re.escape(label) for label in _ALL_LABELS) + r")[ \t]*:",
    re.IGNORECASE,
)
#: A "Label:" at a line start: a message that has labels (in some language).
_LABELLED: Final = re.compile(r"^[ \t]*[^\W\d][^:\r\n]{0,60}:", re.MULTILINE)
_HEADER: Final = ("date", "time", "source", "type", "category", "event", "user", "computer")


def iter_security_csv(
    path: str | os.PathLike[str],
    *,
    tz: tzinfo,
    accounts: Collection[str] | None = None,
    event_ids: Collection[int] = DEFAULT_EVENT_IDS,
    date_format: str | None = None,
    time_format: str | None = None,
) -> Iterator[SecurityEventRecord]:
    """The rows of a 2003 Event Viewer Security CSV whose event ID is in ``event_ids`` and, for
    logon events, whose User Name is one of ``accounts`` (compared case-insensitively; None
    keeps all). ``tz`` is the server's local time zone; ``date_format`` and ``time_format`` its
    short date and long time patterns in .NET notation (module docs for the defaults). A
    malformed row raises `BundleError` naming the line it starts on."""
    file = Path(path)
    ids = wanted_ids(event_ids)
    keys = account_keys(accounts)
    clock = _Clock(file, date_format, time_format)
    try:
        raw = open(file, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc
    with raw:
        try:
            encoding, errors = _sniff(raw.read(SNIFF_BYTES))
            raw.seek(0)
            text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
            yield from _rows(file, text, tz, ids, keys, clock)
        except OSError as exc:
            raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc


def _sniff(head: bytes) -> tuple[str, str]:
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", "strict"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "strict"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le", "strict"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252", "replace"
    return "utf-8", "strict"


def _capped(text: io.TextIOWrapper, path: Path) -> Iterator[str]:
    """The physical lines of ``text``, none longer than `MAX_LINE_CHARS`."""
    number = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise BundleError(path, f"a line longer than {MAX_LINE_CHARS} characters", number)
        yield line


def _rows(
    path: Path,
    text: io.TextIOWrapper,
    tz: tzinfo,
    ids: frozenset[int],
    keys: frozenset[str] | None,
    clock: _Clock,
) -> Iterator[SecurityEventRecord]:
    reader = csv.reader(
        _capped(text, path), strict=True
    )  # a truncated or mis-quoted row is an error
    name = path.name
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BundleError(path, f"is not a readable CSV row ({exc})", start) from exc
        except UnicodeDecodeError as exc:
            raise BundleError(path, f"is not valid {text.encoding}", start) from exc
        line = start
        start = reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if line == 1:
            head = tuple(cell.strip().casefold() for cell in row)
            if head[: len(_HEADER)] == _HEADER:
                continue
            if "date and time" in head and "event id" in head:
                raise BundleError(
                    path,
                    "is the CSV of the Windows 2008+ Event Viewer (a Date and Time column), "
                    "not the Windows Server 2003 one; collect Security.xml with wevtutil instead",
                    line,
                )
        if len(row) < COLUMNS:
            raise BundleError(
                path,
                f"{len(row)} columns where the Event Viewer CSV has {COLUMNS} (Date, Time, "
                "Source, Type, Category, Event, User, Computer, Description)",
                line,
            )
        description = row[8] if len(row) == COLUMNS else ",".join(row[8:])
        event_id = parse_int(row[5])
        if event_id is None or not row[5].strip().isdecimal():
            raise BundleError(path, f"Event {quote(row[5])} is not an event ID", line)
        if event_id not in ids:
            continue
        fields = _description(description) if event_id in LOGON_IDS else {}
        if event_id in LOGON_IDS and "target_user" not in fields and _LABELLED.search(description):
            # every 528-540 message has a User Name line; labels without it are another
            # language's (Event Viewer writes the server's UI language), and reading the
            # event as "no account" would drop it from every account's evidence unseen
            raise BundleError(
                path,
                f"event {event_id} has no 'User Name:' in its Description; only the English "
                "message texts of Windows Server 2003 are read",
                line,
            )
        user = clean(fields.get("target_user"))
        if (
            keys is not None
            and event_id in LOGON_IDS
            and (user is None or not matches_keys(user, keys))
        ):
            continue
        record = SecurityEventRecord(
            event_id=event_id,
            time=clock.utc(row[0], row[1], tz, line),
            computer=row[7].strip(),
            target_user=user,
            target_domain=clean(fields.get("target_domain")),
            logon_type=parse_int(fields.get("logon_type")),
            status=parse_int(fields.get("status")),
            substatus=parse_int(fields.get("substatus")),
            logon_process=clean(fields.get("logon_process")),
            auth_package=clean(fields.get("auth_package")),
            process_id=parse_int(fields.get("process_id")),
            workstation=clean(fields.get("workstation")),
            ip=clean(fields.get("ip")),
            rendering=RENDERING_CSV,
            source=name,
            line=line,
        )
        if keep(record, ids, keys):
            yield record


def _description(text: str) -> dict[str, str]:
    """The labelled values of a 2003 Description, by record attribute (first wins).

    Each value runs from its label to the end of its line or to the next label, whichever
    comes first, so the message reads the same with or without its line breaks."""
    fields: dict[str, str] = {}
    found = list(_LABEL_RE.finditer(text))
    for index, match in enumerate(found):
        key = _LABELS.get(match.group(1).lower())
        if key is None or key in fields:
            continue
        stop = found[index + 1].start() if index + 1 < len(found) else len(text)
        value = text[match.end() : stop]
        fields[key] = value.splitlines()[0].strip(" \t") if value.strip(" \t") else ""
    return fields


#: .NET custom date and time specifiers a short date or long time pattern uses, longest first.
_TOKENS: Final = ("yyyy", "yy", "dd", "d", "MM", "M", "HH", "H", "hh", "h", "mm", "m", "ss", "s")
_GROUPS: Final = {
    "yyyy": ("year", r"\d{4}"),
    "yy": ("year2", r"\d{2}"),
    "dd": ("day", r"\d{1,2}"),
    "d": ("day", r"\d{1,2}"),
    "MM": ("month", r"\d{1,2}"),
    "M": ("month", r"\d{1,2}"),
    "HH": ("hour24", r"\d{1,2}"),
    "H": ("hour24", r"\d{1,2}"),
    "hh": ("hour12", r"\d{1,2}"),
    "h": ("hour12", r"\d{1,2}"),
    "mm": ("minute", r"\d{1,2}"),
    "m": ("minute", r"\d{1,2}"),
    "ss": ("second", r"\d{1,2}"),
    "s": ("second", r"\d{1,2}"),
}
#: Defaults without host.json patterns (winfacts.assumptions.LEGACY_CSV_DEFAULT_DATES).
_DEFAULT_DATES: Final[tuple[str, ...]] = A.LEGACY_CSV_DEFAULT_DATES.value[0]
_DEFAULT_TIMES: Final[tuple[str, ...]] = A.LEGACY_CSV_DEFAULT_DATES.value[1]


def _pattern(text: str) -> re.Pattern[str]:
    """A .NET custom date/time pattern as an anchored regular expression. Digits are ASCII
    only (Event Viewer writes no others); "tt" is the English AM/PM designator (another
    language's designator is not read: it is an error, not a guess); quoted text is literal;
    a blank stands for any run of blanks."""
    parts: list[str] = []
    used: set[str] = set()
    i = 0
    while i < len(text):
        char = text[i]
        if char in "'\"":
            close = text.find(char, i + 1)
            close = len(text) if close < 0 else close
            parts.append(re.escape(text[i + 1 : close]))
            i = close + 1
            continue
        if char == "\\" and i + 1 < len(text):
            parts.append(re.escape(text[i + 1]))
            i += 2
            continue
        if text.startswith("tt", i) or char == "t":
            width = 2 if text.startswith("tt", i) else 1
            parts.append(r"(?P<ampm>[AaPp][Mm]?)")
            used.add("ampm")
            i += width
            continue
        token = next((t for t in _TOKENS if text.startswith(t, i)), None)
        if token is None:
            parts.append(r"\s+" if char.isspace() else re.escape(char))
            i += 1
            continue
        group, digits = _GROUPS[token]
        if group in used:
            raise ValueError(f"{quote(text)} names {group} twice")
        used.add(group)
        parts.append(f"(?P<{group}>{digits})")
        i += len(token)
    return re.compile(r"\s*" + "".join(parts) + r"\s*\Z", re.ASCII)


class _Clock:
    """Reads the Date and Time columns by the server's patterns (or the defaults) into UTC."""

    def __init__(self, path: Path, date_format: str | None, time_format: str | None) -> None:
        self.path = path
        self.described = (
            f"{date_format or ' or '.join(_DEFAULT_DATES)} "
            f"{time_format or ' or '.join(_DEFAULT_TIMES)}"
        )
        try:
            self.dates = [_pattern(f) for f in ((date_format,) if date_format else _DEFAULT_DATES)]
            self.times = [_pattern(f) for f in ((time_format,) if time_format else _DEFAULT_TIMES)]
        except ValueError as exc:
            raise BundleError(path, f"date or time pattern can not be used: {exc}") from exc

    def utc(self, day: str, clock: str, tz: tzinfo, line: int) -> datetime:
        try:
            date_parts = _first_match(self.dates, day)
            time_parts = _first_match(self.times, clock)
            if date_parts is None or time_parts is None:
                raise ValueError("no pattern reads it")
            if "year" in date_parts:
                year = int(date_parts["year"])
            else:
                year = 2000 + int(date_parts["year2"])  # no 2003 export predates 2000
            hour = _hour(time_parts)
            minute = int(time_parts.get("minute", "0"))
            second = int(time_parts.get("second", "0"))
            local = datetime(
                year, int(date_parts["month"]), int(date_parts["day"]), hour, minute, second
            )
            return local.replace(tzinfo=tz).astimezone(UTC)
        except (ValueError, KeyError, OverflowError) as exc:
            raise BundleError(
                self.path,
                f"{quote(day)} {quote(clock)} is not an Event Viewer date and time in the server's "
                f"format ({self.described})",
                line,
            ) from exc


def _first_match(patterns: list[re.Pattern[str]], text: str) -> dict[str, str] | None:
    for pattern in patterns:
        match = pattern.match(text)
        if match is not None:
            return {k: v for k, v in match.groupdict().items() if v is not None}
    return None


def _hour(parts: dict[str, str]) -> int:
    if "hour24" in parts:
        if "ampm" in parts:
            raise ValueError("a 24-hour clock with AM/PM")
        return int(parts["hour24"])
    if "hour12" not in parts:
        return 0
    hour = int(parts["hour12"])
    if not 1 <= hour <= 12:
        raise ValueError(f"hour {hour} on a 12-hour clock")
    if "ampm" not in parts:
        raise ValueError("a 12-hour clock without AM/PM")
    afternoon = parts["ampm"][:1].upper() == "P"
    return hour % 12 + (12 if afternoon else 0)


__all__ = ["COLUMNS", "iter_security_csv"]
