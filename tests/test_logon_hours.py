from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from winfacts.errors import ModelError
from winfacts.logon_hours import LogonHours, week_position

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def test_bit_layout_sunday_midnight_utc_is_bit_zero() -> None:
    sunday = datetime(2026, 1, 4, 0, 30, tzinfo=UTC)
    assert week_position(sunday) == 0
    only_first = LogonHours.from_positions({0})
    assert only_first.bits[0] == 0b0000_0001
    assert only_first.allows(sunday)
    assert not only_first.allows(datetime(2026, 1, 4, 1, 0, tzinfo=UTC))


def test_bit_for_saturday_23_utc_is_the_last_bit() -> None:
    lh = LogonHours.from_positions({167})
    assert lh.bits[20] == 0b1000_0000
    assert lh.allows(datetime(2026, 1, 10, 23, 59, tzinfo=UTC))


def test_net_times_in_berlin_shifts_bits_by_the_utc_offset() -> None:
    lh = LogonHours.from_net_times("M-F,8AM-5PM", BERLIN)
    assert lh is not None
    # Monday 08:00 Berlin (winter, UTC+1) is Monday 07:00 UTC = position 24 + 7.
    assert 31 in lh.positions() and 30 not in lh.positions()
    assert lh.allows(datetime(2026, 1, 5, 7, 0, tzinfo=UTC))
    assert not lh.allows(datetime(2026, 1, 5, 16, 0, tzinfo=UTC))  # 17:00 Berlin


def test_sunday_early_hours_in_berlin_wrap_to_saturday_utc() -> None:
    lh = LogonHours.from_net_times("Su,12AM-3AM", BERLIN)
    assert lh is not None
    assert lh.positions() == frozenset({167, 0, 1})


def test_tokyo_monday_morning_is_sunday_utc() -> None:
    lh = LogonHours.from_net_times("M,6AM-7AM", TOKYO)
    assert lh is not None
    assert lh.positions() == frozenset({21})  # Sunday 21:00 UTC


def test_all_and_empty_specs() -> None:
    assert LogonHours.from_net_times("all", BERLIN) is None
    none = LogonHours.from_net_times("", BERLIN)
    assert none is not None and none.positions() == frozenset()


def test_wrong_length_attribute_means_no_restriction() -> None:
    assert LogonHours.from_attribute(b"\x00" * 20) is None
    assert LogonHours.from_attribute(None) is None
    assert LogonHours.from_attribute(b"\x00" * 21) == LogonHours.no_hours()


@pytest.mark.parametrize("spec", ["Xy,8AM-5PM", "M,13PM-2PM", "M,5PM-8AM", "8AM-5PM"])
def test_bad_specs_raise_model_error(spec: str) -> None:
    with pytest.raises(ModelError):
        LogonHours.from_net_times(spec, BERLIN)


@given(st.frozensets(st.integers(0, 167)))
def test_positions_round_trip(positions: frozenset[int]) -> None:
    assert LogonHours.from_positions(positions).positions() == positions


@given(
    st.sampled_from([BERLIN, TOKYO, NEW_YORK, ZoneInfo("UTC")]),
    st.integers(0, 6),
    st.integers(0, 23),
)
def test_local_ranges_render_what_was_typed(tz: ZoneInfo, day: int, hour: int) -> None:
    lh = LogonHours.from_local({day: ((hour, hour + 1),)}, tz)
    assert lh.local_ranges(tz) == {day: [(hour, hour + 1)]}


@pytest.mark.parametrize(
    ("moment", "position"),
    [
        # 0001-01-01 00:00 at +14:00 is Sunday 0000-12-31 10:00 UTC, before datetime's range
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), 10),
        # 9999-12-31 23:59:59 at -14:00 is Saturday 10000-01-01 13:59 UTC, after it
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14))), 157),
        # Tuesday 2026-11-24 08:30 UTC
        (datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1))), 56),
    ],
)
def test_week_position_at_the_ends_of_the_calendar(moment: datetime, position: int) -> None:
    assert week_position(moment) == position
