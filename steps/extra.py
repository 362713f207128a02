"""Steps the other modules do not have: changes an administrator makes in a console rather than
at a command prompt, and one more reading of the Security log.

Every other step drives the Backend's command line. The shell has no command for these:

- "Password never expires" (Local Users and Groups, Active Directory Users and Computers; on the
  command line `wmic useraccount ... set PasswordExpires=...` or `Set-ADUser
  -PasswordNeverExpires`, neither of which the simulated shell knows);
- "Audit logon events" on Windows Server 2003 (the Local Security Policy snap-in; 2003 has no
  auditpol) and in a domain GPO (the Group Policy Management Editor);
- user rights in a domain GPO (the Group Policy Management Editor; ntrights only edits the
  local policy, which a GPO that defines the right overrides at the next refresh).

Each step first tries the real command where one exists, so a backend whose shell knows it uses
it; where the shell answers "not recognized" (or no command exists) the step asks the backend
for the console action (`Backend.console`), and skips when the backend can not perform it.
"""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from authlab.backends import UnavailableBackend
from winfacts.rights import RIGHT_DISPLAY, check_right_name

from .world import World

_NOT_RECOGNIZED = 9009  # cmd.exe: "... is not recognized as an internal or external command"


def _console(world: World, action: str, **params: object) -> None:
    """A change only a console (MMC snap-in) makes, done by the backend."""
    try:
        world.backend.console(action, **params)
    except UnavailableBackend as exc:
        pytest.skip(f"{action}: {exc}")


def _gpo_right(world: World, gpo: str, right: str) -> list[str]:
    reader = getattr(world.backend, "gpo_right", None)
    if reader is None:
        pytest.skip(f"the {world.backend.name} backend can not read GPO {gpo!r}")
    try:
        found: list[str] = reader(gpo, right)
    except UnavailableBackend as exc:
        pytest.skip(str(exc))
    return found


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
    code, output = world.backend.run(command)
    if code == 0:
        return
    if code != _NOT_RECOGNIZED:
        raise AssertionError(f"{command} failed:\n{output}")
    _console(
        world,
        "password never expires",
        account=info.anonymous_user,
        domain=world.domain_account,
        value=value,
    )


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
    code, output = world.backend.run(command)
    if code == 0:
        return
    if code != _NOT_RECOGNIZED:
        raise AssertionError(f"{command} failed:\n{output}")
    _console(world, "audit logon events", success=success, failure=failure)


@when(
    parsers.parse(
        'the administrator sets "Audit logon events" to "{setting}" in the group policy "{gpo}"'
    )
)
def audit_gpo(world: World, setting: str, gpo: str) -> None:
    """The Group Policy Management Editor; members see it at their next refresh (gpupdate)."""
    success, failure = _audit_setting(setting)
    _console(world, "audit logon events", success=success, failure=failure, gpo=gpo)


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
    constant = _right(right)
    current = _gpo_right(world, gpo, constant)
    _console(
        world, "gpo right", gpo=gpo, right=constant, principals=[*current, world.expand(principal)]
    )


@when(
    parsers.parse(
        'the administrator removes "{principal}" from "{right}" in the group policy "{gpo}"'
    )
)
def gpo_remove_right(world: World, principal: str, right: str, gpo: str) -> None:
    constant = _right(right)
    current = _gpo_right(world, gpo, constant)
    resolve = getattr(world.backend, "resolve", lambda name: name)
    target = resolve(world.expand(principal))
    kept = [p for p in current if resolve(p) != target]
    assert kept != current, f"{principal} is not in {constant} of {gpo!r}: {current}"
    _console(world, "gpo right", gpo=gpo, right=constant, principals=kept)


@then(
    parsers.parse(
        'the Security log shows event {event:d} for logon type {logon_type:d} naming "{user}"'
    )
)
def security_event_naming(world: World, event: int, logon_type: int, user: str) -> None:
    """The newest logon audit, for an account other than the one IIS should use (a misspelt or
    out-of-date name in the IIS configuration)."""
    audit = world.backend.last_logon_audit()
    assert audit is not None, "the Security log holds no logon audit"
    assert audit.event_id == event, f"event {audit.event_id}, expected {event}"
    assert audit.logon_type == logon_type, f"logon type {audit.logon_type}, expected {logon_type}"
    assert audit.user.lower() == world.expand(user).lower(), f"names {audit.user}, not {user}"


@then("authlab reports nothing at all")
def no_findings(world: World) -> None:
    """Healthy, and not even an informational finding left (after an info-level repair)."""
    from .diagnosis import _current

    result = _current(world)
    assert result.verdict.value == "healthy", [f.id for f in result.findings]
    assert not result.findings, f"found {[f.id for f in result.findings]}"
