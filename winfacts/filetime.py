"""Windows FILETIME values: 100-ns ticks since 1601-01-01 UTC (accountExpires, pwdLastSet, ...)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from .errors import ModelError

EPOCH: Final = datetime(1601, 1, 1, tzinfo=UTC)
#: accountExpires uses both 0 and this value for "never" (reference 5).
NEVER: Final = 0x7FFFFFFFFFFFFFFF


def to_ticks(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ModelError("FILETIME conversion needs an aware datetime")
    delta = moment.astimezone(UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def from_ticks(ticks: int) -> datetime | None:
    """The moment, or None for the two "never" encodings."""
    if ticks in (0, NEVER):
        return None
    if ticks < 0:
        raise ModelError(f"FILETIME {ticks} is negative")
    try:
        return EPOCH + timedelta(microseconds=ticks // 10)
    except OverflowError as exc:
        raise ModelError(f"FILETIME {ticks} is beyond the year 9999") from exc


def interval_to_timedelta(value: int) -> timedelta | None:
    """AD stores durations (lockoutDuration, maxPwdAge) as negative tick counts.

    The most negative value (-2**63) means "never"/"forever", as does 0 for maxPwdAge.
    """
    if value in (0, -(2**63)):
        return None
    return timedelta(microseconds=abs(value) // 10)


def timedelta_to_interval(delta: timedelta | None) -> int:
    if delta is None:
        return -(2**63)
    return -int(delta.total_seconds() * 10_000_000)
