"""W3C extended log files as IIS writes them (IIS 6 ``exYYMMDD.log``, IIS 7+ ``u_exYYMMDD.log``).

A `W3cRecord` holds one request; a `W3cLogWriter` turns records into the lines of the day's file,
with the header block IIS writes when it opens a file, and keeps every file's lines in memory.

Facts and their sources:

* IIS 6 default fields ``date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port
  cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status``: real IIS 6 logs quoted
  in public code (e.g. a 2016 W3SVC1 file with exactly this ``#Fields:`` line). Microsoft's table
  "W3C Extended Log File Format (IIS 6.0)" (learn.microsoft.com, cc786596) marks s-sitename and
  sc-win32-status "N", but shipped IIS 6 SP1/SP2 servers log this set; the reference
  (iis.md 4) quotes the same set without s-sitename. A reader must honour ``#Fields:`` anyway.
* IIS 6 writes its ``#Fields:`` line with one trailing blank (same public IIS 6 logs; data lines
  have none).
* IIS 7+ (10.0) default fields ``date time s-ip cs-method cs-uri-stem cs-uri-query s-port
  cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken``:
  many public IIS 10 log samples (``u_exYYMMDD.log``).
* Header block ``#Software: Microsoft Internet Information Services <v>``, ``#Version: 1.0``,
  ``#Date: YYYY-MM-DD HH:MM:SS`` (UTC, the time of the first entry written under the header),
  ``#Fields: ...``; values space-separated, ``-`` for an empty value, blanks inside a value as
  ``+``; times in UTC (reference iis.md 4; cc786596 "Time ... in coordinated universal time").
* Daily roll-over, by default on the UTC day (IIS's "use local time for file naming and rollover"
  is off by default); IIS 6 names ``exYYMMDD.log``, IIS 7.5+ ``u_exYYMMDD.log`` (UTF-8).

Choices no public source settles are named assumptions in `simulator/assumptions.py`
(w3c_field_change_header, w3c_escaping, w3c_line_end).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Final

import attrs

from winfacts.errors import ModelError

IIS6_DEFAULT_FIELDS: Final = (
    "date",
    "time",
    "s-sitename",
    "s-ip",
    "cs-method",
    "cs-uri-stem",
    "cs-uri-query",
    "s-port",
    "cs-username",
    "c-ip",
    "cs(User-Agent)",
    "sc-status",
    "sc-substatus",
    "sc-win32-status",
)
IIS10_DEFAULT_FIELDS: Final = (
    "date",
    "time",
    "s-ip",
    "cs-method",
    "cs-uri-stem",
    "cs-uri-query",
    "s-port",
    "cs-username",
    "c-ip",
    "cs(User-Agent)",
    "cs(Referer)",
    "sc-status",
    "sc-substatus",
    "sc-win32-status",
    "time-taken",
)

#: Whitespace (Unicode included) and control characters: written as "+" inside a value.
_UNSAFE: Final = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def _aware(_instance: object, _attribute: object, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ModelError(f"{value.isoformat()} has no time zone; W3C records need aware times")


@attrs.frozen(slots=True, kw_only=True)
class W3cRecord:
    """One request as the W3C log sees it. ``time`` is aware; it is written in UTC."""

    time: datetime = attrs.field(validator=_aware)
    site_name: str = "W3SVC1"
    server_ip: str
    method: str = "GET"
    uri_stem: str
    uri_query: str = ""
    port: int = 80
    username: str = ""
    client_ip: str
    user_agent: str = ""
    referer: str = ""
    status: int
    substatus: int = 0
    win32_status: int = 0
    time_taken_ms: int = 0
    host: str | None = None
    computer_name: str | None = None
    sc_bytes: int | None = None
    cs_bytes: int | None = None
    protocol_version: str | None = None


def escape_value(value: str | None) -> str:
    """A value as one W3C token: ``-`` when empty, blanks (and other whitespace) as ``+``."""
    if not value:
        return "-"
    if value.isprintable():
        return value.replace(" ", "+")
    return _UNSAFE.sub("+", value)


def _text(name: str) -> Callable[[W3cRecord], str]:
    get: Callable[[W3cRecord], str | None] = attrgetter(name)
    sub = _UNSAFE.sub

    def field(record: W3cRecord) -> str:
        value = get(record)
        if not value:
            return "-"
        if value.isprintable():  # the only whitespace a printable string can hold is " "
            return value.replace(" ", "+") if " " in value else value
        return sub("+", value)

    return field


def _number(name: str) -> Callable[[W3cRecord], str]:
    get: Callable[[W3cRecord], int | None] = attrgetter(name)

    def field(record: W3cRecord) -> str:
        value = get(record)
        return "-" if value is None else str(value)

    return field


_FIELD_GETTERS: Final[dict[str, Callable[[W3cRecord], str]]] = {
    "s-sitename": _text("site_name"),
    "s-computername": _text("computer_name"),
    "s-ip": _text("server_ip"),
    "cs-method": _text("method"),
    "cs-uri-stem": _text("uri_stem"),
    "cs-uri-query": _text("uri_query"),
    "s-port": _number("port"),
    "cs-username": _text("username"),
    "c-ip": _text("client_ip"),
    "cs(User-Agent)": _text("user_agent"),
    "cs(Referer)": _text("referer"),
    "cs-host": _text("host"),
    "cs-version": _text("protocol_version"),
    "sc-status": _number("status"),
    "sc-substatus": _number("substatus"),
    "sc-win32-status": _number("win32_status"),
    "sc-bytes": _number("sc_bytes"),
    "cs-bytes": _number("cs_bytes"),
    "time-taken": _number("time_taken_ms"),
}

#: Every field name the writer can fill (IIS spellings).
SUPPORTED_FIELDS: Final = frozenset({"date", "time", *_FIELD_GETTERS})


def default_fields(software: str) -> tuple[str, ...]:
    """The fields a fresh IIS of this version logs (IIS 6 set below 7.0, the IIS 10 set above)."""
    return IIS6_DEFAULT_FIELDS if _major(software) < 7 else IIS10_DEFAULT_FIELDS


def _major(software: str) -> float:
    try:
        return float(software)
    except ValueError as exc:
        raise ModelError(f"{software!r} is not an IIS version such as '6.0' or '10.0'") from exc


class _Stamp:
    """UTC date and time strings of the last record seen (consecutive lines share a second)."""

    __slots__ = ("_day", "_key", "_moment", "_time")

    def __init__(self) -> None:
        self._key: datetime | None = None
        self._moment = datetime(1970, 1, 1, tzinfo=UTC)
        self._day = ""
        self._time = ""

    def update(self, moment: datetime) -> datetime:
        if moment is not self._key and moment != self._key:
            utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
            text = str(utc)  # "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00"
            self._key = moment
            self._moment = utc
            self._day = text[:10]
            self._time = text[11:19]
        return self._moment

    def day(self, _record: W3cRecord) -> str:
        return self._day

    def time(self, _record: W3cRecord) -> str:
        return self._time


class W3cLogWriter:
    """Writes W3C extended log lines into per-day files kept in memory.

    ``software`` is the IIS version ("6.0", "10.0"); ``fields`` the logged fields (the version's
    defaults when omitted). `set_fields` changes them mid-file: the next entry is preceded by a
    new header block, as IIS does. Files roll over on the UTC day.
    """

    def __init__(
        self,
        software: str = "10.0",
        fields: Sequence[str] | None = None,
        *,
        utf8: bool | None = None,
    ) -> None:
        major = _major(software)
        self.software = software
        self.utf8 = major >= 7.5 if utf8 is None else utf8
        self._fields_trailer = " " if major < 7 else ""
        self._files: dict[str, list[str]] = {}
        self._current: str | None = None
        self._header_due = True
        self._stamp = _Stamp()
        self._fields: tuple[str, ...] = ()
        self._getters: tuple[Callable[[W3cRecord], str], ...] = ()
        self.set_fields(default_fields(software) if fields is None else fields)

    @property
    def fields(self) -> tuple[str, ...]:
        return self._fields

    def set_fields(self, fields: Sequence[str]) -> None:
        """Log these fields from the next entry on (a new header block if they changed)."""
        wanted = tuple(fields)
        if not wanted:
            raise ModelError("a W3C log needs at least one field")
        unknown = [name for name in wanted if name not in SUPPORTED_FIELDS]
        if unknown:
            raise ModelError(f"unsupported W3C field(s): {', '.join(unknown)}", subject=unknown[0])
        if wanted == self._fields:
            return
        getters: list[Callable[[W3cRecord], str]] = []
        for name in wanted:
            if name == "date":
                getters.append(self._stamp.day)
            elif name == "time":
                getters.append(self._stamp.time)
            else:
                getters.append(_FIELD_GETTERS[name])
        self._fields = wanted
        self._getters = tuple(getters)
        self._header_due = True

    def file_name(self, day: date) -> str:
        """``exYYMMDD.log`` (IIS 6, ANSI) or ``u_exYYMMDD.log`` (IIS 7.5+, UTF-8) for that day."""
        prefix = "u_ex" if self.utf8 else "ex"
        return f"{prefix}{day.year % 100:02d}{day.month:02d}{day.day:02d}.log"

    def header(self, moment: datetime) -> list[str]:
        """The header block IIS writes before the first entry at ``moment`` (shown in UTC)."""
        utc = moment.astimezone(UTC)
        return [
            f"#Software: Microsoft Internet Information Services {self.software}",
            "#Version: 1.0",
            f"#Date: {utc:%Y-%m-%d %H:%M:%S}",
            "#Fields: " + " ".join(self._fields) + self._fields_trailer,
        ]

    def format_line(self, record: W3cRecord) -> str:
        """The entry line for ``record`` under the current fields (no file bookkeeping)."""
        self._stamp.update(record.time)
        return " ".join([get(record) for get in self._getters])

    def write(self, record: W3cRecord) -> str:
        """Append ``record`` to its day's file (header block first when due); return the line."""
        utc = self._stamp.update(record.time)
        name = self.file_name(utc.date())
        lines = self._files.get(name)
        if lines is None:
            lines = self._files[name] = []
            self._header_due = True
        elif name != self._current:
            self._header_due = True  # IIS reopens an older file with a fresh header
        if self._header_due:
            lines.extend(self.header(utc))
            self._header_due = False
        self._current = name
        line = " ".join([get(record) for get in self._getters])
        lines.append(line)
        return line

    def files(self) -> dict[str, list[str]]:
        """Every file written so far: name -> lines (copies)."""
        return {name: list(lines) for name, lines in self._files.items()}

    def text(self, name: str) -> str:
        """One file's content as IIS leaves it on disk (CRLF line ends)."""
        try:
            lines = self._files[name]
        except KeyError as exc:
            raise ModelError(f"no W3C log file {name!r} was written", subject=name) from exc
        return "".join(line + "\r\n" for line in lines)


__all__ = [
    "IIS6_DEFAULT_FIELDS",
    "IIS10_DEFAULT_FIELDS",
    "SUPPORTED_FIELDS",
    "W3cLogWriter",
    "W3cRecord",
    "default_fields",
    "escape_value",
]
