"""Given steps: the server a scenario starts from."""

from __future__ import annotations

import re
from datetime import datetime

from pytest_bdd import given, parsers

from .world import PLATFORM_NAMES, World


def _platform(name: str) -> str:
    try:
        return PLATFORM_NAMES[name]
    except KeyError:
        known = ", ".join(sorted(PLATFORM_NAMES))
        raise AssertionError(f"unknown platform {name!r}; one of {known}") from None


#: The platform words, as a regular expression, so "running X" can not swallow what follows X.
_PLATFORM = "(?P<platform>" + "|".join(re.escape(name) for name in PLATFORM_NAMES) + ")"


@given(parsers.re(f"a healthy web server running {_PLATFORM}"))
def healthy_server(world: World, platform: str) -> None:
    world.server = world.backend.start(_platform(platform))


@given(
    parsers.re(
        f'a healthy web server running {_PLATFORM} in time zone "(?P<zone>[^"]+)" at '
        '"(?P<moment>[^"]+)"'
    )
)
def healthy_server_at(world: World, platform: str, zone: str, moment: str) -> None:
    from zoneinfo import ZoneInfo

    local = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
    world.server = world.backend.start(_platform(platform), timezone=zone, start=local)


@given(parsers.parse("a domain of {users:d} users generated from seed {seed:d}, with {platform}"))
def generated_domain(world: World, users: int, seed: int, platform: str) -> None:
    world.server = world.backend.start(_platform(platform), seed=seed, population=users)
