"""The names a lab's hints and solution use, read off the lab's healthy server.

A solution is written once for every platform it names (`net user {user} /active:yes{d}`):
these are the values that fill it in, taken from the server as it was before the lab broke
it, so a fault that renamed or deleted the account does not change what the solution types.
"""

from __future__ import annotations

import attrs

from simulator.admin import appcmd
from simulator.faults.base import anonymous_account
from simulator.host import Host
from simulator.metabase import Metabase
from winfacts.rights import rights_for

#: What a solution shows where the trainee chooses a password; only a test types a real one.
PASSWORD_SHOWN = "<new password>"

ADSUTIL = r"cscript %SystemDrive%\Inetpub\AdminScripts\adsutil.vbs"
APPCMD = r"%windir%\system32\inetsrv\appcmd"
LSA_KEY = r"HKLM\SYSTEM\CurrentControlSet\Control\Lsa"
SECURITY_LOG_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\Eventlog\Security"


@attrs.frozen
class Platform:
    """What a solution step may depend on: the IIS generation, where the account lives, and
    whether the server is the domain controller."""

    iis6: bool
    domain: bool
    dc: bool

    def tags(self) -> frozenset[str]:
        found = {"iis6" if self.iis6 else "iis10", "domain" if self.domain else "local"}
        found.add("2003" if self.iis6 else "2022")
        if self.dc:
            found.add("dc")
        elif self.domain:
            found.add("member")
        return frozenset(found)


def platform_of(host: Host) -> Platform:
    account, _, _ = anonymous_account(host)
    domain = account is not None and account.is_domain
    return Platform(host.iis.legacy, domain, host.is_dc)


def _adsutil_path(host: Host, prop: str) -> str:
    metabase = host.iis.config
    assert isinstance(metabase, Metabase)
    set_at = metabase.effective("/LM/W3SVC/1/ROOT", prop).set_at or "/LM/W3SVC"
    return set_at.removeprefix("/LM/")


def values(host: Host, password: str = PASSWORD_SHOWN) -> dict[str, str]:
    """Every placeholder a lab text may use, for ``host`` (the lab's healthy server)."""
    account, _, _ = anonymous_account(host)
    if account is None:
        raise ValueError(f"{host.computer_name} has no anonymous account to build a lab on")
    settings = host.iis.settings_for("/")
    allow, deny = rights_for(settings.logon_type)
    domain = account.is_domain
    gpo = "Default Domain Controllers Policy" if host.is_dc else "Default Domain Policy"
    found = {
        "user": account.name,
        "qualified": account.qualified,
        "d": " /domain" if domain and not host.is_dc else "",
        "computer": host.computer_name,
        "folder": settings.physical_path,
        "allow": allow,
        "deny": deny,
        "gpo": gpo,
        "password": password,
        "adsutil": ADSUTIL,
        "appcmd": APPCMD,
        "lsa": LSA_KEY,
        "seclog": SECURITY_LOG_KEY,
        "url": "/",
        "configured": settings.user_name,
    }
    if host.iis.legacy:
        found["user_path"] = _adsutil_path(host, "AnonymousUserName")
        found["pass_path"] = _adsutil_path(host, "AnonymousUserPass")
        found["sync_path"] = _adsutil_path(host, "AnonymousPasswordSync")
        metabase = host.iis.config
        assert isinstance(metabase, Metabase)
        found["authflags"] = str(metabase.effective("/LM/W3SVC/1/ROOT", "AuthFlags").as_int())
    else:
        where = appcmd.source_of(host, "userName")
        found["location"] = f'"{where}" ' if where else ""
        where = appcmd.source_of(host, "password")
        found["pass_location"] = f'"{where}" ' if where else ""
    return found
