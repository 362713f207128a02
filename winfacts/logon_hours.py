"""Logon hours: AD's 21-byte logonHours bitmap, one bit per UTC hour of the week.

Bit position = weekday * 24 + hour with Sunday = 0, byte = pos // 8, mask = 1 << (pos % 8)
(reference WL 5). `net user /times:` takes local days and hours and the machine converts them to
UTC bits, so a restriction typed in Berlin is shifted by one or two hours in the bitmap, and a
range can wrap across the week boundary.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from .errors import ModelError

HOURS_PER_WEEK = 168
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAY_ABBREV = {
    "su": 0, "sun": 0, "sunday": 0,
    "m": 1, "mo": 1, "mon": 1, "monday": 1,
    "t": 2, "tu": 2, "tue": 2, "tues": 2, "tuesday": 2,
    "w": 3, "we": 3, "wed": 3, "wednesday": 3,
    "th": 4, "thu": 4, "thur": 4, "thurs": 4, "thursday": 4,
    "f": 5, "fr": 5, "fri": 5, "friday": 5,
    "sa": 6, "sat": 6, "saturday": 6,
}  # fmt: skip
#: A fixed Sunday used to turn (local weekday, hour) into a real instant in a time zone.
_REFERENCE_SUNDAY = datetime(2026, 1, 4)


def week_position(moment: datetime) -> int:
    """The bit for the UTC hour of the week ``moment`` falls in.

    Counted in hours from the proleptic calendar's day 0 rather than by converting to UTC, so
    that a time at the ends of the calendar (0001-01-01 at +14:00 is still year 0 in UTC) has
    a position too. Day 1 (0001-01-01) is a Monday, so day ``d`` is Windows' weekday ``d % 7``
    (Sunday = 0)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ModelError(f"{moment.isoformat()} has no time zone; logon hours are judged in UTC")
    local = moment.replace(tzinfo=None)
    seconds = local.toordinal() * 86400 + local.hour * 3600 + local.minute * 60 + local.second
    hours = (seconds - int(offset.total_seconds())) // 3600
    day, hour = divmod(hours, 24)
    return (day % 7) * 24 + hour


@attrs.frozen(repr=False)
class LogonHours:
    """168 allowed/denied UTC hours. ``None`` elsewhere in the model means "no restriction"."""

    bits: bytes

    def __attrs_post_init__(self) -> None:
        if len(self.bits) != 21:
            raise ModelError(f"logonHours must be 21 bytes, got {len(self.bits)}")

    @classmethod
    def all_hours(cls) -> LogonHours:
        return cls(b"\xff" * 21)

    @classmethod
    def no_hours(cls) -> LogonHours:
        return cls(bytes(21))

    @classmethod
    def from_positions(cls, positions: set[int] | frozenset[int]) -> LogonHours:
        data = bytearray(21)
        for pos in positions:
            if not 0 <= pos < HOURS_PER_WEEK:
                raise ModelError(f"hour-of-week {pos} is outside 0..167")
            data[pos // 8] |= 1 << (pos % 8)
        return cls(bytes(data))

    @classmethod
    def from_attribute(cls, value: bytes | None) -> LogonHours | None:
        """AD semantics: a missing attribute or one of the wrong length restricts nothing."""
        if value is None or len(value) != 21:
            return None
        return cls(bytes(value))

    @classmethod
    def from_local(
        cls, allowed: dict[int, tuple[tuple[int, int], ...]], tz: ZoneInfo
    ) -> LogonHours:
        """Build from local (weekday -> ((start_hour, end_hour), ...)) ranges, end exclusive.

        The UTC offset used is the zone's standard offset at the reference week, as Windows
        stores one bitmap and does not rewrite it at daylight-saving changes.
        """
        positions: set[int] = set()
        for day, ranges in allowed.items():
            if not 0 <= day <= 6:
                raise ModelError(f"weekday {day} is outside 0 (Sunday) .. 6 (Saturday)")
            for start, end in ranges:
                if not 0 <= start < end <= 24:
                    raise ModelError(f"hour range {start}-{end} is not within 0..24")
                for hour in range(start, end):
                    local = (_REFERENCE_SUNDAY + timedelta(days=day, hours=hour)).replace(tzinfo=tz)
                    positions.add(week_position(local))
        return cls.from_positions(positions)

    @classmethod
    def from_net_times(cls, spec: str, tz: ZoneInfo) -> LogonHours | None:
        """Parse `net user /times:` syntax ("M-F,8AM-5PM;Sa,9AM-1PM", "all", "" for none).

        Returns None for "all" (no restriction). An empty spec allows no hour at all.
        """
        text = spec.strip()
        if text.lower() == "all":
            return None
        if text == "":
            return cls.no_hours()
        allowed: dict[int, list[tuple[int, int]]] = {}
        for block in filter(None, (b.strip() for b in text.split(";"))):
            days, hours = _split_block(block)
            for day in days:
                allowed.setdefault(day, []).extend(hours)
        return cls.from_local({d: tuple(r) for d, r in allowed.items()}, tz)

    def allows(self, moment: datetime) -> bool:
        pos = week_position(moment)
        return bool(self.bits[pos // 8] & (1 << (pos % 8)))

    def positions(self) -> frozenset[int]:
        return frozenset(p for p in range(HOURS_PER_WEEK) if self.bits[p // 8] & (1 << (p % 8)))

    @property
    def is_all(self) -> bool:
        return self.bits == b"\xff" * 21

    def local_ranges(self, tz: ZoneInfo) -> dict[int, list[tuple[int, int]]]:
        """Allowed hours as local (weekday -> [(start, end)]) ranges, as `net user` prints them."""
        result: dict[int, list[tuple[int, int]]] = {}
        for day in range(7):
            hours = [
                h
                for h in range(24)
                if self.allows(
                    (_REFERENCE_SUNDAY + timedelta(days=day, hours=h)).replace(tzinfo=tz)
                )
            ]
            spans: list[tuple[int, int]] = []
            for hour in hours:
                if spans and spans[-1][1] == hour:
                    spans[-1] = (spans[-1][0], hour + 1)
                else:
                    spans.append((hour, hour + 1))
            if spans:
                result[day] = spans
        return result

    def __repr__(self) -> str:
        return f"LogonHours({len(self.positions())}/168 hours, {self.bits.hex()})"


_HOUR_RE = re.compile(r"^(\d{1,2})(?::00)?\s*(AM|PM)?$", re.IGNORECASE)


def _parse_hour(text: str, *, is_end: bool) -> int:
    match = _HOUR_RE.match(text.strip())
    if match is None:
        raise ModelError(f"{text!r} is not an hour such as 8AM, 5PM or 17:00", subject=text)
    hour = int(match.group(1))
    suffix = (match.group(2) or "").upper()
    if suffix:
        if not 1 <= hour <= 12:
            raise ModelError(f"{text!r} is not a 12-hour clock time", subject=text)
        hour = hour % 12 + (12 if suffix == "PM" else 0)
        if is_end and hour == 0:
            hour = 24  # "12AM" as an end means midnight at the end of the day
    elif not 0 <= hour <= 24:
        raise ModelError(f"{text!r} is not an hour of the day", subject=text)
    return hour


def _parse_day(text: str) -> int:
    key = text.strip().lower()
    if key not in _DAY_ABBREV:
        raise ModelError(f"{text!r} is not a day name net user accepts", subject=text)
    return _DAY_ABBREV[key]


def _split_block(block: str) -> tuple[list[int], list[tuple[int, int]]]:
    parts = [p.strip() for p in block.split(",")]
    days: list[int] = []
    hours: list[tuple[int, int]] = []
    for part in parts:
        if not part:
            continue
        if part[0].isdigit():
            start_text, sep, end_text = part.partition("-")
            if not sep:
                start = _parse_hour(start_text, is_end=False)
                hours.append((start, start + 1))
                continue
            start = _parse_hour(start_text, is_end=False)
            end = _parse_hour(end_text, is_end=True)
            if end <= start:
                raise ModelError(f"hour range {part!r} ends before it starts", subject=part)
            hours.append((start, end))
        else:
            first, sep, last = part.partition("-")
            lo = _parse_day(first)
            hi = _parse_day(last) if sep else lo
            span = range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(0, hi + 1)]
            days.extend(span)
    if not days:
        raise ModelError(f"{block!r} names no day", subject=block)
    if not hours:
        hours = [(0, 24)]
    return days, hours
