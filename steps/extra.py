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
it; where the shell answers "not recognized" (or no command exists) the step makes the change
through the simulator's own admin operation (the console action), and skips on a backend that
is not the simulator.
"""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from authlab.backends import SimulatorBackend
from simulator.admin import net, secpol
from simulator.host import Host
from simulator.rights import RIGHT_DISPLAY, check_right_name

from .world import World

_NOT_RECOGNIZED = 9009  # cmd.exe: "... is not recognized as an internal or external command"


def _console(world: World, what: str) -> Host:
    """The simulated host, for a change only a console (MMC snap-in) makes."""
    backend = world.backend
    if not isinstance(backend, SimulatorBackend):
        pytest.skip(f"{what}: no command line does this on the {backend.name} backend")
    return backend.host


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
    host = _console(world, '"Password never expires"')
    net.set_password_never_expires(host, info.anonymous_user, value, domain=world.domain_account)


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
    host = _console(world, "Local Security Policy > Audit Policy")
    secpol.auditpol_logon(host, success=success, failure=failure)


@when(
    parsers.parse(
        'the administrator sets "Audit logon events" to "{setting}" in the group policy "{gpo}"'
    )
)
def audit_gpo(world: World, setting: str, gpo: str) -> None:
    """The Group Policy Management Editor; members see it at their next refresh (gpupdate)."""
    success, failure = _audit_setting(setting)
    host = _console(world, f"editing the GPO {gpo!r}")
    secpol.gpo_audit_logon(host, gpo, success=success, failure=failure)


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
    host = _console(world, f"editing the GPO {gpo!r}")
    constant = _right(right)
    found = host.domain.find_gpo(gpo) if host.domain else None
    if found is None:
        raise AssertionError(f"{host.computer_name} is in no domain with a GPO {gpo!r}")
    current = list(found.template.privilege_rights.get(constant, ()))
    secpol.gpo_set_right(host, gpo, constant, [*current, world.expand(principal)])


@when(
    parsers.parse(
        'the administrator removes "{principal}" from "{right}" in the group policy "{gpo}"'
    )
)
def gpo_remove_right(world: World, principal: str, right: str, gpo: str) -> None:
    host = _console(world, f"editing the GPO {gpo!r}")
    constant = _right(right)
    found = host.domain.find_gpo(gpo) if host.domain else None
    if found is None:
        raise AssertionError(f"{host.computer_name} is in no domain with a GPO {gpo!r}")
    target = host.resolve(world.expand(principal))
    current = list(found.template.privilege_rights.get(constant, ()))
    kept = [p for p in current if host.resolve(p) != target]
    assert kept != current, f"{principal} is not in {constant} of {gpo!r}: {current}"
    secpol.gpo_set_right(host, gpo, constant, kept)


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
