"""`net user`, `net localgroup`, `net accounts` (and their /domain forms)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from winfacts.errors import ModelError
from winfacts.logon_hours import LogonHours
from winfacts.secret import Secret

from .. import account_policy as rules
from ..account_policy import AccountPolicy
from ..accounts import Account
from ..host import Host
from ..principals import PrincipalStore

#: `net user /workstations:` accepts at most eight names (reference WL 5).
MAX_WORKSTATIONS = 8
_UNSET = object()


def _store(host: Host, domain: bool) -> PrincipalStore:
    if domain or host.is_dc:
        if host.domain is None:
            raise ModelError(
                f"{host.computer_name} is not in a domain: /domain has no domain to talk to"
            )
        return host.domain
    return host.sam


def user_add(
    host: Host,
    name: str,
    password: Secret,
    *,
    domain: bool = False,
    full_name: str = "",
    comment: str = "",
) -> Account:
    store = _store(host, domain)
    now = host.now()
    account: Account = store.new_user(name, password, now)  # type: ignore[attr-defined]
    account.full_name = full_name
    account.description = comment
    if store is host.sam:
        # New local accounts join the machine's Users alias, as `net user /add` does.
        host.sam.add_member(host.sam.group("Users"), account.sid)
    return account


def user_delete(host: Host, name: str, *, domain: bool = False) -> None:
    _store(host, domain).delete_user(name)


def user_set(
    host: Host,
    name: str,
    *,
    domain: bool = False,
    password: Secret | None = None,
    active: bool | None = None,
    expires: datetime | str | object | None = _UNSET,
    times: str | None = None,
    workstations: str | Iterable[str] | None = None,
    logonpasswordchg: bool | None = None,
    full_name: str | None = None,
) -> Account:
    """`net user NAME [password] [/active:] [/expires:] [/times:] [/workstations:]
    [/logonpasswordchg:]`. ``expires`` takes "never", a local date (expires at the start of that
    day), or an aware datetime for AD's accountExpires.

    ``active`` only enables or disables (UF_ACCOUNTDISABLE); it does not clear a lockout, on a
    local account or with /domain. Microsoft's net user reference (Windows Server 2003 and
    current: https://learn.microsoft.com/en-us/previous-versions/orphan-topics/ws.10/cc773149(v=ws.10),
    https://learn.microsoft.com/windows-server/administration/windows-commands/net-user) says
    /active "enables or disables the user account" and nothing of lockouts; lockout is the
    separate UF_LOCKOUT flag, which NetUserSetInfo clears only when a caller clears it
    (USER_INFO_1008 on Microsoft Learn). Tutorials that say /active:yes unlocks
    (cmdmastery.com/unlock-account-cmd, tutorialreference.pages.dev) are contradicted by others
    (explaintopic.com: "reactivates the account if it was deactivated" but "Windows does not
    provide a direct command via net user" to unlock). Unlocking is `unlock`."""
    account = _store(host, domain).user(name)
    now = host.now()
    if password is not None:
        account.password = password
        account.password_last_set = now
    if active is not None:
        account.enabled = active
    if expires is not _UNSET:
        account.expires = _expiry(host, expires)
    if times is not None:
        account.logon_hours = LogonHours.from_net_times(times, host.clock.tz)
    if workstations is not None:
        names = _workstations(workstations)
        account.workstations = names
    if logonpasswordchg is not None:
        account.password_last_set = None if logonpasswordchg else now
    if full_name is not None:
        account.full_name = full_name
    return account


def _expiry(host: Host, value: object) -> datetime | None:
    if value is None or (isinstance(value, str) and value.lower() == "never"):
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ModelError("an expiry time needs a time zone")
        return value
    if isinstance(value, str):
        parts = value.replace("-", "/").split("/")
        try:
            month, day, year = (int(p) for p in parts)
        except ValueError:
            raise ModelError(
                f"{value!r} is not a date net user accepts (mm/dd/yyyy)", subject=value
            ) from None
        return host.clock.local(year, month, day)
    raise ModelError(f"{value!r} is not an expiry net user accepts")


def _workstations(value: str | Iterable[str]) -> tuple[str, ...]:
    names = value.split(",") if isinstance(value, str) else list(value)
    cleaned = tuple(n.strip().upper() for n in names if n.strip())
    if cleaned in ((), ("*",)):
        return ()
    if len(cleaned) > MAX_WORKSTATIONS:
        raise ModelError("net user /workstations: takes at most eight computer names")
    return cleaned


def set_password_never_expires(host: Host, name: str, value: bool, *, domain: bool = False) -> None:
    """Local Users and Groups' "Password never expires" (`Set-LocalUser -PasswordNeverExpires`,
    `Set-ADUser -PasswordNeverExpires` for a domain account)."""
    _store(host, domain).user(name).password_never_expires = value


def set_password_age(host: Host, name: str, days: int, *, domain: bool = False) -> None:
    """Back-date "Password last set" (an account whose password is ``days`` old), the state a
    real server reaches by waiting; kept as an operation so scenarios need not simulate weeks."""
    account = _store(host, domain).user(name)
    account.password_last_set = host.now() - timedelta(days=days)


def unlock(host: Host, name: str, *, domain: bool = False) -> None:
    """Clear a lockout: Local Users and Groups' "Account is locked out" box (lusrmgr.msc,
    unchecked; greyed out when the account is not locked), Active Directory Users and
    Computers' "Unlock account" box, `Unlock-ADAccount -Identity NAME`, or ADSI's
    IsAccountLocked = False (WinNT provider: it can only be set to False, Microsoft Learn
    "Account Lockout (WinNT Provider)"); in AD all of them write lockoutTime = 0."""
    rules.unlock(_store(host, domain).user(name))


def localgroup_add(host: Host, group: str, member: str) -> bool:
    sid = host.resolve(member)
    if sid is None:
        raise ModelError(f"there is no such user or group: {member}", subject=member)
    return host.sam.add_member(host.sam.group(group), sid)


def localgroup_delete(host: Host, group: str, member: str) -> bool:
    sid = host.resolve(member)
    if sid is None:
        raise ModelError(f"there is no such user or group: {member}", subject=member)
    return host.sam.remove_member(host.sam.group(group), sid)


def group_add_member(host: Host, group: str, member: str) -> bool:
    """`net group GROUP MEMBER /add /domain` (domain groups, which may nest)."""
    if host.domain is None:
        raise ModelError("net group works only against a domain")
    sid = host.resolve(member)
    if sid is None:
        raise ModelError(f"there is no such user or group: {member}", subject=member)
    return host.domain.add_member(host.domain.group(group), sid)


def accounts(
    host: Host,
    *,
    domain: bool = False,
    lockoutthreshold: int | None = None,
    lockoutduration: int | None = None,
    lockoutwindow: int | None = None,
    maxpwage: int | str | None = None,
) -> AccountPolicy:
    """`net accounts`: durations in minutes, maxpwage in days or "unlimited"; a lockout
    duration of 0 means until an administrator unlocks."""
    if domain or host.is_dc:
        if host.domain is None:
            raise ModelError("net accounts /domain needs a domain")
        policy = host.domain.policy
    else:
        policy = host.sam.policy
    candidate = AccountPolicy(
        lockout_threshold=policy.lockout_threshold
        if lockoutthreshold is None
        else lockoutthreshold,
        lockout_duration=(
            policy.lockout_duration
            if lockoutduration is None
            else (None if lockoutduration == 0 else timedelta(minutes=lockoutduration))
        ),
        lockout_window=(
            policy.lockout_window if lockoutwindow is None else timedelta(minutes=lockoutwindow)
        ),
        max_password_age=(
            policy.max_password_age
            if maxpwage is None
            else (None if str(maxpwage).lower() == "unlimited" else timedelta(days=int(maxpwage)))
        ),
    )
    policy.lockout_threshold = candidate.lockout_threshold
    policy.lockout_duration = candidate.lockout_duration
    policy.lockout_window = candidate.lockout_window
    policy.max_password_age = candidate.max_password_age
    return policy
