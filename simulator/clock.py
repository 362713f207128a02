"""The simulated clock and the host's time zone.

Nothing in the model reads the wall clock: every "now" comes from a SimClock, so a seed and a
script of clock moves reproduce a run exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from winfacts.errors import ModelError

#: Where every generated host's clock starts unless told otherwise: a Tuesday morning.
DEFAULT_START = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ModelError(f"unknown time zone {name!r}", subject=name) from exc


class SimClock:
    """A settable clock in UTC with a host time zone for local renderings."""

    __slots__ = ("_now", "tz")

    def __init__(self, start: datetime = DEFAULT_START, tz: str | ZoneInfo = "UTC") -> None:
        self._now = _require_aware(start)
        self.tz = tz if isinstance(tz, ZoneInfo) else zone(tz)

    def now(self) -> datetime:
        return self._now

    def local_now(self) -> datetime:
        return self._now.astimezone(self.tz)

    def to_local(self, moment: datetime) -> datetime:
        return _require_aware(moment).astimezone(self.tz)

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ModelError("the clock only moves forward; use set() to jump")
        self._now = self._now + delta
        return self._now

    def set(self, moment: datetime) -> datetime:
        self._now = _require_aware(moment)
        return self._now

    def local(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
        """A local wall-clock time on this host, as an aware UTC datetime.

        Nonexistent local times (inside a spring-forward gap) are an error, since no real
        administrator could type them into a clock.
        """
        try:
            naive = datetime(year, month, day, hour, minute)
        except ValueError as exc:
            raise ModelError(f"impossible local time: {exc}") from exc
        aware = naive.replace(tzinfo=self.tz)
        back = aware.astimezone(UTC).astimezone(self.tz)
        if back.replace(tzinfo=None) != naive:
            raise ModelError(f"{naive.isoformat()} does not exist in {self.tz.key}")
        return aware.astimezone(UTC)

    def __repr__(self) -> str:
        return f"SimClock({self._now.isoformat()}, tz={self.tz.key!r})"


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ModelError(f"{moment.isoformat()} has no time zone; the model needs aware times")
    return moment.astimezone(UTC)


def elapsed(since: datetime, now: datetime) -> timedelta:
    return now - since


__all__ = ["DEFAULT_START", "SimClock", "elapsed", "timedelta", "zone"]
