"""When steps: what the administrator (or someone else) does to the server."""

from __future__ import annotations

from pytest_bdd import parsers, when

from .world import World


def _run(world: World, command: str) -> None:
    world.last_exit, world.last_output = world.backend.run(world.expand(command))


@when(parsers.parse('the administrator runs "{command}"'))
def admin_runs(world: World, command: str) -> None:
    _run(world, command)
    assert world.last_exit == 0, f"{world.expand(command)} failed:\n{world.last_output}"


@when(parsers.parse('the administrator tries "{command}"'))
def admin_tries(world: World, command: str) -> None:
    """A command that may fail; its exit status and output are kept for the next step."""
    _run(world, command)


@when(parsers.parse("someone tries a wrong password for the anonymous account {times:d} times"))
def wrong_passwords(world: World, times: int) -> None:
    """A script with an old password, or an attack: network logons over `net use`."""
    user = f"{world.info.anonymous_authority}\\{world.info.anonymous_user}"
    for _ in range(times):
        world.backend.run(f"net use \\\\{world.info.computer}\\IPC$ /user:{user} NotThePassword1")


@when("the Security log fills up")
def log_fills(world: World) -> None:
    world.backend.fill_security_log()


@when("the server is restarted")
def restarted(world: World) -> None:
    world.backend.restart()
