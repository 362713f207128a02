"""An anonymous visitor's request and what it got."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from .reading import newest_audit
from .world import World


@when(parsers.parse('an anonymous visitor requests "{url}"'))
def visitor_requests(world: World, url: str) -> None:
    # The newest audit before the request, so a later step can tell whether it added one.
    try:
        world.audit_mark = newest_audit(world.backend, world.info)
    except AssertionError:
        world.audit_mark = None  # the log can not be read now; nothing is older than the request
    world.response = world.backend.request(url)


@then(parsers.parse('the visitor gets "{code}"'))
def visitor_gets(world: World, code: str) -> None:
    assert world.response is not None, "no request was made"
    assert world.response.code == code, f"got {world.response.code}, expected {code}"


@then(parsers.parse('the visitor gets "{code}" with Win32 error {win32:d}'))
def visitor_gets_error(world: World, code: str, win32: int) -> None:
    visitor_gets(world, code)
    assert world.response is not None
    assert world.response.win32 == win32, f"Win32 {world.response.win32}, expected {win32}"


@then("the server does not answer")
def no_answer(world: World) -> None:
    assert world.response is not None and world.response.status is None
