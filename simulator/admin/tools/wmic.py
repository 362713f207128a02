"""wmic: only `wmic useraccount where name='NAME' set PasswordExpires=TRUE|FALSE` is modelled."""

from __future__ import annotations

import re

from ...host import Host
from .. import net
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_WMIC_WHERE = re.compile(r"""\s*name\s*=\s*'([^']+)'\s*""", re.IGNORECASE)
_WMIC_BAD = "Invalid query\n"


@register("wmic", "Windows Management Instrumentation command-line.")
def _wmic(host: Host, args: list[str]) -> CommandResult:
    """`wmic useraccount where name='NAME' set PasswordExpires=false` (Win32_UserAccount's
    writable PasswordExpires, "Password never expires" inverted). Only that alias, that
    filter and that property are modelled; the account is the machine's own (on a domain
    controller, the domain's), as Win32_UserAccount's local instances are."""
    words = [a.lower() for a in args]
    if len(args) != 5 or words[0] != "useraccount" or words[1] != "where" or words[3] != "set":
        return _fail(
            1,
            "Only \"wmic useraccount where name='NAME' set PasswordExpires=TRUE|FALSE\" is "
            "modelled by this simulator.",
        )
    match = _WMIC_WHERE.fullmatch(args[2])
    if match is None:
        return _fail(1, _WMIC_BAD)
    prop, sep, value = args[4].partition("=")
    if not sep or prop.strip().lower() != "passwordexpires":
        return _fail(1, "Only the PasswordExpires property is modelled by this simulator.")
    if value.strip().lower() not in ("true", "false"):
        return _fail(1, "Invalid format.\nHint: PasswordExpires takes TRUE or FALSE.\n")
    name = match.group(1)
    store = host.domain if host.is_dc else host.sam
    account = store.find_user(name) if store is not None else None
    if account is None:
        return _ok("No Instance(s) Available.\n")
    net.set_password_never_expires(
        host, account.name, value.strip().lower() == "false", domain=host.is_dc
    )
    authority = host.domain.authority if host.is_dc and host.domain else host.computer_name
    return _ok(
        f"Updating property(s) of '\\\\{host.computer_name}\\ROOT\\CIMV2:Win32_UserAccount."
        f'Domain="{authority}",Name="{account.name}"\'\nProperty(s) update successful.\n'
    )
