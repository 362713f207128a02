"""Change the anonymous-access settings the way an administrator would on each IIS generation:
adsutil.vbs on IIS 6, appcmd on IIS 7+.

A setting is changed where it is currently set for the site root (the level IIS Manager would
show as the source), so a fault and its repair touch the same place and inheritance keeps
working as it did.
"""

from __future__ import annotations

from winfacts.secret import Secret

from ..host import Host
from ..metabase import Metabase
from . import adsutil, appcmd

_IIS6 = {
    "user": "AnonymousUserName",
    "password": "AnonymousUserPass",
    "sync": "AnonymousPasswordSync",
    "logon_method": "LogonMethod",
}


def _iis6_where(host: Host, prop: str) -> str:
    metabase = host.iis.config
    assert isinstance(metabase, Metabase)
    root = "/LM/W3SVC/1/ROOT"
    found = metabase.effective(root, prop)
    return found.set_at or "/LM/W3SVC"


def set_user(host: Host, name: str) -> None:
    if host.iis.legacy:
        prop = _IIS6["user"]
        adsutil.set_property(host, _iis6_where(host, prop), prop, name)
    else:
        appcmd.set_anonymous(host, appcmd.source_of(host, "userName"), userName=name)


def set_password(host: Host, password: Secret) -> None:
    if host.iis.legacy:
        prop = _IIS6["password"]
        adsutil.set_property(host, _iis6_where(host, prop), prop, password)
    else:
        appcmd.set_anonymous(host, appcmd.source_of(host, "password"), password=password)


def set_password_sync(host: Host, value: bool) -> None:
    prop = _IIS6["sync"]
    adsutil.set_property(host, _iis6_where(host, prop), prop, value)


def set_logon_method(host: Host, value: int) -> None:
    if host.iis.legacy:
        adsutil.set_property(host, "/LM/W3SVC", _IIS6["logon_method"], value)
    else:
        names = {0: "Interactive", 1: "Batch", 2: "Network", 3: "ClearText"}
        appcmd.set_anonymous(host, None, logonMethod=names[value])


def set_enabled(host: Host, enabled: bool) -> None:
    """Tick or clear "Anonymous access" for the site root."""
    if host.iis.legacy:
        metabase = host.iis.config
        assert isinstance(metabase, Metabase)
        where = "/LM/W3SVC/1/ROOT"
        flags = metabase.effective(where, "AuthFlags").as_int() or 0
        flags = (flags | 0x1) if enabled else (flags & ~0x1)
        adsutil.set_property(host, where, "AuthFlags", flags)
    else:
        appcmd.set_anonymous(host, "Default Web Site", enabled=enabled)
