"""The lab's stand-ins for the MMC consoles an administrator clicks through.

Some repairs have no command line on the server the lab models: unlocking a local account
("Account is locked out" in Local Users and Groups), "Unlock account" and "Password never
expires" in Active Directory Users and Computers on Windows Server 2003, a user right or the
audit policy in a domain GPO (the Group Policy Management Editor; ntrights edits only local
policy, which the GPO overrides at the next refresh), clearing the Security log on Windows
Server 2003 (Event Viewer's "Clear all events"). Each stand-in is named after the snap-in's
.msc file, takes switches for the boxes it ticks, says where the box is, and calls the same
typed operation the command-line tools call. They are lab commands, not Windows commands:
`help` lists them apart.

Real behaviour kept: Local Users and Groups refuses to open on a domain controller (domain
accounts are managed in Active Directory Users and Computers); "Account is locked out" can be
cleared but never ticked by hand; Event Viewer offers to save the log before it clears it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from simulator.account_policy import is_locked
from simulator.accounts import Account
from simulator.admin import net, secpol, system
from simulator.admin.cmdline import parse_switches
from simulator.eventlog import Retention
from simulator.host import Host
from winfacts.errors import ModelError
from winfacts.rights import RIGHT_DISPLAY, check_right_name

Console = Callable[[Host, list[str]], str]


def _yes(switch: str, value: str | None) -> bool:
    word = (value or "").strip().lower()
    if word in ("yes", "y", "on", "true"):
        return True
    if word in ("no", "n", "off", "false"):
        return False
    raise ModelError(f"/{switch} takes yes or no")


def _box(ticked: bool) -> str:
    return "[x]" if ticked else "[ ]"


def _general_tab(host: Host, account: Account) -> str:
    locked = is_locked(account, host.policy_for(account), host.now())
    return "\n".join(
        [
            f"{account.qualified} Properties, General tab:",
            f"  {_box(account.password_last_set is None)} User must change password at next logon",
            f"  {_box(not account.user_may_change_password)} User cannot change password",
            f"  {_box(account.password_never_expires)} Password never expires",
            f"  {_box(not account.enabled)} Account is disabled",
            f"  {_box(locked)} Account is locked out",
        ]
    )


def _account_console(host: Host, args: list[str], *, domain: bool, title: str) -> str:
    names, switches = parse_switches(args)
    if len(names) != 1:
        raise ModelError(f"{title}: name one account, then the boxes to change")
    store = host.domain if domain else host.sam
    if store is None:
        raise ModelError(f"{host.computer_name} is in no domain")
    account = store.find_user(names[0])
    if account is None:
        raise ModelError(f"{title}: there is no account {names[0]!r}")
    said: list[str] = []
    for switch in switches:
        if switch.name == "unlock":
            locked = is_locked(account, host.policy_for(account), host.now())
            net.unlock(host, account.name, domain=domain)
            said.append(
                '"Account is locked out" cleared.' if locked else "The account was not locked."
            )
        elif switch.name == "neverexpires":
            value = _yes(switch.name, switch.value)
            net.set_password_never_expires(host, account.name, value, domain=domain)
            said.append(f'"Password never expires" {"ticked" if value else "cleared"}.')
        elif switch.name == "disabled":
            value = _yes(switch.name, switch.value)
            net.user_set(host, account.name, domain=domain, active=not value)
            said.append(f'"Account is disabled" {"ticked" if value else "cleared"}.')
        else:
            raise ModelError(
                f"{title}: /{switch.name} is no box here (/unlock, /neverexpires:yes|no, "
                "/disabled:yes|no)"
            )
    return "\n".join([*said, _general_tab(host, account)])


def lusrmgr(host: Host, args: list[str]) -> str:
    """Local Users and Groups > Users > NAME > Properties."""
    if host.is_dc:
        raise ModelError(
            "This computer is a domain controller. This snap-in cannot be used on a domain "
            "controller. Domain accounts are managed with the Active Directory Users and "
            "Computers snap-in."
        )
    return _account_console(host, args, domain=False, title="Local Users and Groups")


def dsa(host: Host, args: list[str]) -> str:
    """Active Directory Users and Computers > Users > NAME > Properties > Account."""
    if host.domain is None:
        raise ModelError(f"{host.computer_name} is in no domain: there is no directory to open")
    return _account_console(host, args, domain=True, title="Active Directory Users and Computers")


def _audit(host: Host, switches: Sequence[object], gpo: str | None) -> str:
    success = failure = None
    for switch in switches:
        name, value = switch.name, switch.value  # type: ignore[attr-defined]
        if name == "audit":
            if (value or "").lower() != "logon":
                raise ModelError('only "Audit logon events" (/audit:logon) is modelled')
        elif name == "success":
            success = _yes(name, value)
        elif name == "failure":
            failure = _yes(name, value)
        else:
            raise ModelError(f"/{name} is no setting here (/audit:logon /success: /failure:)")
    if gpo is None:
        value = secpol.auditpol_logon(host, success=success, failure=failure)
        where = "Local Security Policy > Local Policies > Audit Policy"
    else:
        value = secpol.gpo_audit_logon(host, gpo, success=success, failure=failure)
        where = (
            f"{gpo} > Computer Configuration > Policies > Windows Settings > Security "
            "Settings > Local Policies > Audit Policy"
        )
    shown = {0: "No auditing", 1: "Success", 2: "Failure", 3: "Success, Failure"}[value & 3]
    tail = "" if gpo is None else "\nMembers apply it at their next policy refresh (gpupdate)."
    return f'{where}: "Audit logon events" is now {shown}.{tail}'


def _right(host: Host, gpo: str | None, switches: Sequence[object]) -> str:
    right = None
    add: list[str] = []
    remove: list[str] = []
    for switch in switches:
        name, value = switch.name, switch.value  # type: ignore[attr-defined]
        if name == "right" and value:
            right = check_right_name(value)
        elif name == "add" and value:
            add.append(value)
        elif name == "remove" and value:
            remove.append(value)
        else:
            raise ModelError(f"/{name} is no setting here (/right:NAME /add:WHO /remove:WHO)")
    if right is None:
        raise ModelError("name the user right: /right:SeDenyNetworkLogonRight")
    display = RIGHT_DISPLAY.get(right, right)
    if gpo is None:
        for who in add:
            secpol.ntrights(host, who, right, grant=True)
        for who in remove:
            secpol.ntrights(host, who, right, grant=False)
        listed = list(host.lsa.layers()[0][1].privilege_rights.get(right, ()))
        where = "Local Security Policy > Local Policies > User Rights Assignment"
    else:
        if host.domain is None:
            raise ModelError(f"{host.computer_name} is in no domain, so it has no GPO")
        listed = list(host.domain.find_gpo(gpo).template.privilege_rights.get(right, ()))

        def sid(name: str) -> str:
            found = host.resolve(name)
            if found is None:
                raise ModelError(f"{name!r} is not a user or group {host.computer_name} knows")
            return str(found)

        def same(entry: str, target: str) -> bool:
            found = host.resolve(entry)
            return (str(found) if found is not None else entry.lower()) == target

        for who in remove:
            target = sid(who)
            kept = [p for p in listed if not same(p, target)]
            if kept == listed:
                raise ModelError(f"{who} is not listed in {display} of {gpo!r}")
            listed = kept
        for who in add:
            target = sid(who)
            if not any(same(p, target) for p in listed):
                listed.append(who)
        if add or remove:  # only looking changes nothing: the right stays "Not Defined"
            secpol.gpo_set_right(host, gpo, right, listed)
        where = (
            f"{gpo} > Computer Configuration > Policies > Windows Settings > Security Settings "
            "> Local Policies > User Rights Assignment"
        )
    names = ", ".join(_named(host, p) for p in listed) or "(nobody)"
    tail = "" if gpo is None else "\nMembers apply it at their next policy refresh (gpupdate)."
    return f'{where} > "{display}": {names}{tail}'


def _named(host: Host, principal: str) -> str:
    found = host.resolve(principal)
    if found is None:
        return principal
    return host.name_of(found) or principal


def gpme(host: Host, args: list[str]) -> str:
    """The Group Policy Management Editor on one GPO."""
    names, switches = parse_switches(args)
    if len(names) != 1:
        raise ModelError('name the GPO first: gpme.msc "Default Domain Policy" /right:...')
    if host.domain is None:
        raise ModelError(f"{host.computer_name} is in no domain, so it has no GPO")
    gpo = host.domain.find_gpo(names[0]).name
    if any(s.name == "audit" for s in switches):
        return _audit(host, switches, gpo)
    return _right(host, gpo, switches)


def secpol_msc(host: Host, args: list[str]) -> str:
    """The Local Security Policy snap-in."""
    names, switches = parse_switches(args)
    if names:
        raise ModelError("secpol.msc takes switches only: /audit:logon ... or /right:NAME ...")
    if any(s.name == "audit" for s in switches):
        return _audit(host, switches, None)
    return _right(host, None, switches)


def eventvwr(host: Host, args: list[str]) -> str:
    """Event Viewer: a log's "Clear all events" (after "Save As") and its Properties' "When
    maximum log size is reached" choice."""
    names, switches = parse_switches(args)
    if len(names) != 1 or names[0].lower() not in ("security", "system"):
        raise ModelError("eventvwr.msc takes a log: Security or System")
    log_name = names[0].capitalize()
    said: list[str] = []
    saveas = next((s.value for s in switches if s.name == "saveas"), None)
    for switch in switches:
        if switch.name == "clear":
            count = system.wevtutil_cl(host, log_name, backup=saveas)
            saved = f" after saving them to {saveas}" if saveas else " without saving them"
            said.append(f"Clear all events: {count} events removed from {log_name}{saved}.")
        elif switch.name == "overwrite":
            value = _yes(switch.name, switch.value)
            retention = Retention.OVERWRITE_AS_NEEDED if value else Retention.DO_NOT_OVERWRITE
            system.wevtutil_sl(host, log_name, retention=retention)
            said.append(
                '"Overwrite events as needed" chosen.'
                if value
                else '"Do not overwrite events (clear log manually)" chosen.'
            )
        elif switch.name != "saveas":
            raise ModelError(
                f"/{switch.name} is no action here (/clear [/saveas:FILE], /overwrite:yes|no)"
            )
    log = host.security_log if log_name == "Security" else host.system_log
    settings = log.settings
    said.append(
        f"{log_name} Properties: {log.used // 1024} KB of {settings.max_size // 1024} KB used; "
        f"when full: {settings.retention.value}."
    )
    return "\n".join(said)


CONSOLES: dict[str, tuple[Console, str]] = {
    "lusrmgr.msc": (lusrmgr, "NAME [/unlock] [/neverexpires:yes|no] [/disabled:yes|no]"),
    "dsa.msc": (dsa, "NAME [/unlock] [/neverexpires:yes|no] [/disabled:yes|no]"),
    "gpme.msc": (gpme, '"GPO" /right:NAME [/add:WHO] [/remove:WHO] | /audit:logon /failure:yes'),
    "secpol.msc": (secpol_msc, "/right:NAME [/add:WHO] [/remove:WHO] | /audit:logon /failure:yes"),
    "eventvwr.msc": (eventvwr, "LOG [/clear [/saveas:FILE]] [/overwrite:yes|no]"),
}
