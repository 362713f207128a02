"""The simulator's public API for one question: what does a domain controller answer this logon?

A host joined to a named domain (`domain_host`), accounts whose attributes are set as AD stores
them (`add_user`, `set_attributes`: userAccountControl, accountExpires and pwdLastSet as
FILETIME ticks, logonHours as a byte string of any length, userWorkstations as the stored
string), password changes and resets (`change_password`, `reset_password`), and LogonUser called
directly (`logon`), with or without the workstation name a client presents. The answer
(`WireAnswer`) is what a client sees on the wire: the NTSTATUS name an SMB session setup ends
with and the ``data`` code of an LDAP simple bind, both read from `winfacts.ntstatus`.

Everything else (IIS, the token, the Security log) is the rest of the simulator; this module
only gives the logon a stable, documented shape (docs/api.md).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from winfacts import ntstatus
from winfacts.errors import ModelError
from winfacts.filetime import from_ticks, to_ticks
from winfacts.logon_hours import LogonHours
from winfacts.ntstatus import Outcome
from winfacts.secret import Secret
from winfacts.sid import Sid

from .account_policy import AccountPolicy
from .accounts import Account
from .directory import Domain
from .events import OsFamily
from .factory import HostSpec, build_host
from .host import Host
from .logon import Caller, logon_user

__all__ = [
    "ACCOUNTDISABLE",
    "NORMAL_ACCOUNT",
    "WireAnswer",
    "add_user",
    "change_password",
    "domain_host",
    "logon",
    "policy",
    "reset_password",
    "set_attributes",
    "to_ticks",
    "wire_status",
]

NORMAL_ACCOUNT = 0x200
ACCOUNTDISABLE = 0x2
DONT_EXPIRE_PASSWORD = 0x10000
#: The process that asks: IIS's worker process, as the anonymous logon is made.
CALLER = Caller(r"C:\Windows\System32\inetsrv\w3wp.exe", 2212)
#: NTSTATUS names by value, from winfacts.ntstatus' STATUS_ constants.
_NAMES = {
    value: "NT_STATUS_" + name.removeprefix("STATUS_")
    for name, value in vars(ntstatus).items()
    if name.startswith("STATUS_") and isinstance(value, int)
}


@attrs.frozen
class WireAnswer:
    """One logon as its client sees it. ``ntstatus`` is the SMB session setup's status name
    (``NT_STATUS_OK``, ``NT_STATUS_LOGON_FAILURE``, ``NT_STATUS_ACCOUNT_DISABLED`` ...);
    ``ldap_data`` the simple bind's ``data`` code ("0" for a bind that succeeded); ``outcome``
    the simulator's own reason, with every other rendering in ``outcome.codes``."""

    outcome: Outcome
    ntstatus: str
    ldap_data: str

    @property
    def ok(self) -> bool:
        return self.outcome.ok


def wire_status(outcome: Outcome) -> str:
    """The status an SMB client is answered. A wrong password and an unknown user both show as
    LOGON_FAILURE (the server never tells which); an account restriction shows its own status,
    which the Security log carries as the SubStatus of 0xC000006E (a restriction without one,
    such as a blank password, is ACCOUNT_RESTRICTION itself)."""
    codes = outcome.codes
    restriction = codes.status == ntstatus.STATUS_ACCOUNT_RESTRICTION and codes.substatus
    value = codes.substatus if restriction else codes.status
    if value == ntstatus.STATUS_SUCCESS:
        return "NT_STATUS_OK"
    return _NAMES.get(value, f"NT_STATUS_0x{value:08X}")


def domain_host(
    domain: str = "LAB",
    dns_name: str = "lab.example",
    sid: Sid | None = None,
    *,
    computer_name: str = "WEB01",
    os: OsFamily = OsFamily.WS2022,
    start: datetime | None = None,
    seed: int = 1,
) -> Host:
    """A healthy member server ``computer_name`` of the domain ``domain`` (NetBIOS) /
    ``dns_name``, its clock at ``start`` (UTC; the factory's default moment when None)."""
    spec = HostSpec(
        seed=seed,
        os=os,
        account="domain",
        computer_name=computer_name,
        domain_name=domain.upper(),
        domain_dns=dns_name.lower(),
        domain_sid=sid,
    )
    if start is not None:
        spec = attrs.evolve(spec, start=start)
    return build_host(spec)


def policy(host: Host) -> AccountPolicy:
    """The domain's account policy (lockout, password age and history), to read or change."""
    return _domain(host).policy


def add_user(host: Host, name: str, password: Secret, **attributes: object) -> Account:
    """A new domain account with ``password`` set now, then `set_attributes` with
    ``attributes``."""
    domain = _domain(host)
    if domain.find_user(name) is not None:
        raise ModelError(f"{domain.authority}\\{name} exists already", subject=name)
    account = domain.new_user(name, password, host.now())
    set_attributes(account, **attributes)  # type: ignore[arg-type]
    return account


def set_attributes(
    account: Account,
    *,
    user_account_control: int | None = None,
    account_expires: int | None = None,
    pwd_last_set: int | datetime | None = None,
    logon_hours: bytes | None = None,
    user_workstations: str | None = None,
    clear: tuple[str, ...] = (),
) -> Account:
    """Set attributes as AD stores them. ``account_expires`` and ``pwd_last_set`` are FILETIME
    ticks (0 and 0x7FFFFFFFFFFFFFFF: never; pwdLastSet 0: must change at the next logon);
    ``pwd_last_set`` also takes an aware datetime, kept to the second as a DC keeps what it is
    given. ``logon_hours`` is the stored byte string: 21 bytes restrict, any other length
    restricts nothing. ``user_workstations`` is the stored comma-separated string, names kept
    as written ("" = any). ``clear`` names attributes to remove (``logon_hours``,
    ``user_workstations``, ``account_expires``)."""
    if user_account_control is not None:
        account.enabled = not user_account_control & ACCOUNTDISABLE
        account.password_never_expires = bool(user_account_control & DONT_EXPIRE_PASSWORD)
    if account_expires is not None:
        account.expires = from_ticks(account_expires)
    if pwd_last_set is not None:
        account.password_last_set = _pwd_last_set(pwd_last_set)
    if logon_hours is not None:
        account.logon_hours = LogonHours.from_attribute(logon_hours)
    if user_workstations is not None:
        account.workstations = tuple(n for n in user_workstations.split(",") if n)
    for name in clear:
        if name == "logon_hours":
            account.logon_hours = None
        elif name == "user_workstations":
            account.workstations = ()
        elif name == "account_expires":
            account.expires = None
        else:
            raise ModelError(f"{name!r} is not an attribute this API clears", subject=name)
    return account


def change_password(host: Host, account: Account, new: Secret) -> None:
    """The user's own change: the old password moves into the history, pwdLastSet is now."""
    account.password = new
    account.password_last_set = host.now().replace(microsecond=0)


def reset_password(host: Host, account: Account, new: Secret, *, must_change: bool = False) -> None:
    """An administrator's reset (``net user NAME *``, Active Directory Users and Computers),
    optionally with "User must change password at next logon" (pwdLastSet = 0)."""
    change_password(host, account, new)
    if must_change:
        account.password_last_set = None


def logon(
    host: Host,
    user: str,
    password: Secret | None,
    *,
    domain: str | None = None,
    workstation: str | None = None,
    logon_type: int = 3,
    at: datetime | None = None,
) -> WireAnswer:
    """LogonUser as IIS calls it: ``user`` is a bare name (of ``domain``, the host's domain when
    None), ``DOMAIN\\user`` or a UPN (``user@dns.name``). ``workstation`` is the name the
    client presents (the host's own name when None, as a logon on the host itself names it).
    ``at`` sets the host's clock to that moment first."""
    if at is not None:
        host.clock.set(at)
    if domain is None and "\\" not in user and "@" not in user:
        domain = _domain(host).authority
    result = logon_user(
        host.logon_machine, user, domain, password, logon_type, CALLER, workstation=workstation
    )
    outcome = result.outcome
    return WireAnswer(outcome, wire_status(outcome), outcome.codes.ldap_data or "0")


def _pwd_last_set(value: int | datetime) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if value == 0:
        return None
    if value < 0:
        raise ModelError("pwdLastSet is 0, -1 (now) or a FILETIME")
    moment = from_ticks(value)
    return None if moment is None else moment.replace(microsecond=0)


def _domain(host: Host) -> Domain:
    if host.domain is None:
        raise ModelError(f"{host.computer_name} is not a member of a domain")
    return host.domain
