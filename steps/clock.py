"""Time passing: lockouts end, logon hours begin and end, IIS's cached token expires."""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import parsers, then, when

from .world import World

_UNITS = {"second": "seconds", "minute": "minutes", "hour": "hours", "day": "days"}


@when(parsers.re(r"(?P<amount>\d+) (?P<unit>second|minute|hour|day)s? pass(?:es)?"))
def time_passes(world: World, amount: str, unit: str) -> None:
    world.backend.wait(timedelta(**{_UNITS[unit]: int(amount)}))
    world.diagnosis = None  # a bundle collected now would judge a different moment


@then(parsers.parse('the server\'s local time is "{moment}"'))
def local_time(world: World, moment: str) -> None:
    assert world.backend.local_time().strftime("%Y-%m-%d %H:%M %a") == moment
