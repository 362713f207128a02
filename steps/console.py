"""Changes an administrator makes in an MMC console where the command prompt has none.

- "Password never expires" (Local Users and Groups, Active Directory Users and Computers; on
  the command line `wmic useraccount ... set PasswordExpires=...` for a local account and
  `Set-ADUser -PasswordNeverExpires` for a domain one);
- "Audit logon events" on Windows Server 2003 (the Local Security Policy snap-in; 2003 has no
  auditpol) and in a domain GPO (the Group Policy Management Editor);
- user rights in a domain GPO (the Group Policy Management Editor; ntrights only edits the
  local policy, which a GPO that defines the right overrides at the next refresh).

Where a command exists the step types it first, so a backend whose shell knows it uses it; where
the shell answers "not recognized" (or there is no command) the step hands the backend the
typed `ConsoleAction`. A backend that can not perform it makes the step skip with its reason;
one the console refuses (a principal the right does not list) fails the step with the reason.
"""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, when

from authlab.backends import UnavailableBackend
from authlab.backends.base import (
    AuditLogonEvents,
    ConsoleAction,
    GpoRight,
    PasswordNeverExpires,
    RefusedAction,
)
from winfacts.rights import RIGHT_DISPLAY, check_right_name

from .world import World

_NOT_RECOGNIZED = 9009  # cmd.exe: "... is not recognized as an internal or external command"


def _console(world: World, action: ConsoleAction) -> None:
    try:
        world.backend.console(action)
    except UnavailableBackend as exc:
        pytest.skip(f"{action!r}: {exc}")
    except RefusedAction as exc:
        raise AssertionError(f"{action!r} was refused: {exc}") from None


def _typed_first(world: World, command: str, action: ConsoleAction) -> None:
    """The command where the shell has it, else the console action."""
    code, output = world.backend.run(command)
    if code == 0:
        return
    if code != _NOT_RECOGNIZED:
        raise AssertionError(f"{command} failed:\n{output}")
    _console(world, action)


def _password_never_expires(world: World, value: bool) -> None:
    info = world.info
    if world.domain_account:
        command = (
            f"powershell -NoProfile -Command \"Set-ADUser -Identity '{info.anonymous_user}' "
            f'-PasswordNeverExpires ${str(value).lower()}"'
        )
    else:
        command = (
            f"wmic useraccount where \"name='{info.anonymous_user}'\" set "
            f"PasswordExpires={str(not value).lower()}"
        )
    action = PasswordNeverExpires(info.anonymous_user, world.domain_account, value)
    _typed_first(world, command, action)


@when('the administrator clears "Password never expires" for the anonymous account')
def clear_password_never_expires(world: World) -> None:
    _password_never_expires(world, False)


@when('the administrator sets "Password never expires" for the anonymous account')
def set_password_never_expires(world: World) -> None:
    _password_never_expires(world, True)


_AUDIT_SETTINGS = {
    "no auditing": (False, False),
    "success": (True, False),
    "failure": (False, True),
    "success, failure": (True, True),
}


def _audit_setting(setting: str) -> tuple[bool, bool]:
    try:
        return _AUDIT_SETTINGS[setting.strip().lower()]
    except KeyError:
        raise AssertionError(
            f"'Audit logon events' is one of {sorted(_AUDIT_SETTINGS)}, not {setting!r}"
        ) from None


@when(
    parsers.parse(
        'the administrator sets "Audit logon events" to "{setting}" in the local security policy'
    )
)
def audit_local(world: World, setting: str) -> None:
    """2008+: auditpol; Windows Server 2003: the Local Security Policy snap-in."""
    success, failure = _audit_setting(setting)
    words = {True: "enable", False: "disable"}
    command = (
        f'auditpol /set /subcategory:"Logon" /success:{words[success]} /failure:{words[failure]}'
    )
    _typed_first(world, command, AuditLogonEvents(success, failure))


@when(
    parsers.parse(
        'the administrator sets "Audit logon events" to "{setting}" in the group policy "{gpo}"'
    )
)
def audit_gpo(world: World, setting: str, gpo: str) -> None:
    """The Group Policy Management Editor; members see it at their next refresh (gpupdate)."""
    success, failure = _audit_setting(setting)
    _console(world, AuditLogonEvents(success, failure, gpo=gpo))


def _right(name: str) -> str:
    """A user right by its constant (SeDenyNetworkLogonRight) or the name the editor shows."""
    for constant, display in RIGHT_DISPLAY.items():
        if name.strip().lower() == display.lower():
            return constant
    return check_right_name(name)


@when(
    parsers.parse('the administrator adds "{principal}" to "{right}" in the group policy "{gpo}"')
)
def gpo_add_right(world: World, principal: str, right: str, gpo: str) -> None:
    _console(world, GpoRight(gpo, _right(right), add=world.expand(principal)))


@when(
    parsers.parse(
        'the administrator removes "{principal}" from "{right}" in the group policy "{gpo}"'
    )
)
def gpo_remove_right(world: World, principal: str, right: str, gpo: str) -> None:
    _console(world, GpoRight(gpo, _right(right), remove=world.expand(principal)))
