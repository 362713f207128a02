"""gpresult: which GPOs the server applied at its last policy refresh and, with /v or /z, which
GPO set each security setting: the way an administrator learns that a domain GPO, not the
local policy, holds "Deny access to this computer from the network".

Forms: `gpresult /r`, `/v`, `/z`, each with `/scope computer` (on Windows Server 2003 there is
no /r: plain `gpresult` is the summary, and /v and /z the detail). Without /scope the user's
part follows the computer's. The settings come from `host.lsa`: what the last refresh applied
(`lsa.applied`), the winner of each setting (`lsa.settings()`, the last writer wins, so the
GPO with precedence 1), and for /z every applied GPO that defines it.

Output shapes and their sources (facts only, nothing copied):

- Header "Microsoft (R) Windows (R) Operating System Group Policy Result tool v2.0", then
  "© 2016 Microsoft Corporation. All rights reserved." and "Created on D at T" on 2016+
  (an HTB Academy transcript of `gpresult /r` on Server 2016); Windows Server 2008's
  "Copyright (C) Microsoft Corp. 1981-2001" and "Created On" (a 2008 transcript), used here
  for 2003 too. "RSOP data for USER on COMPUTER : Logging Mode" underlined with dashes one
  longer than the line; OS Configuration / OS Version / Site Name / Roaming Profile / Local
  Profile / Connected over a slow link? (transcripts on 2008, 2012 R2, 2016 and 2019).
- COMPUTER SETTINGS / USER SETTINGS: the object's DN, "Last time Group Policy was applied",
  "Group Policy was applied from", "Group Policy slow link threshold:   500 kbps", "Domain
  Name", "Domain Type: Windows 2008 or later"; "Applied Group Policy Objects" highest
  precedence first (OU-linked GPOs before the domain's); "The following GPOs were not applied
  because they were filtered out" with "Local Group Policy / Filtering:  Not Applied (Empty)";
  "The computer is a part of the following security groups" (same transcripts).
- /v and /z: "Resultant Set Of Policies for Computer", sections "Account Policies", "Audit
  Policy", "User Rights", "Security Options" and the others with "N/A"; each setting as
  "GPO: NAME", "Policy:            NAME" and "Computer Setting:  VALUE", further values aligned
  under the first; rights without their "Se" prefix ("DenyNetworkLogonRight"), principals by
  name ("Administrators", "LOCAL SERVICE", "DOMAIN\\user", an unmapped one as "*S-1-5-..."),
  "N/A" for an empty list; audit values "No Auditing", "Success", "Failure", "Success,
  Failure" (a `gpresult /z` of a 2012 R2 domain controller posted on Microsoft Q&A, question
  149890). Microsoft's gpresult reference: /v shows the settings "applied with a precedence
  of 1", /z those "with a precedence of 1 and higher".

Chosen without confirmation: 2003's "RSOP results for" line and "OS Type" line; the
workgroup shape ("Domain Type: <Local Computer>", "Group Policy was applied from: N/A",
"Applied Group Policy Objects: N/A", "OS Configuration: Standalone Server"); the computer's
group list on a workgroup server and a DC; the Security Options entries shown by ValueName
only (real output also names the policy by a wsecedit.dll resource); the errors for a bad
switch ("ERROR: Invalid argument/option - 'X'." and 'Type "GPRESULT /?" for usage.', the
shape Windows' command-line tools share).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final

from winfacts import wellknown as wk

from ...directory import COMPUTERS
from ...events import OsFamily
from ...host import Host
from ...lsa import LOCAL_POLICY
from ...security_template import SecurityTemplate
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from .cmdbuiltins import console_user, token_groups

_USAGE: Final = 'Type "GPRESULT /?" for usage.'
_IND: Final = " " * 4
_AUDIT: Final = {0: "No Auditing", 1: "Success", 2: "Failure", 3: "Success, Failure"}
_SETTING_COL: Final = 19  # "Computer Setting:  " and "Policy:" padded to it


def _invalid(arg: str) -> CommandResult:
    return _fail(1, f"ERROR: Invalid argument/option - '{arg}'.\n{_USAGE}")


def _when(host: Host, moment: datetime) -> str:
    local = host.clock.to_local(moment)
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return (
        f"{local.month}/{local.day}/{local.year} at "
        f"{hour}:{local.minute:02d}:{local.second:02d} {half}"
    )


def _dn(host: Host, name: str, container: str) -> str:
    assert host.domain is not None
    dcs = ",".join(f"DC={p}" for p in host.domain.dns_name.split("."))
    return f"CN={name},{container},{dcs}"


def _dc_fqdn(host: Host) -> str:
    assert host.domain is not None
    return f"{host.domain.controller}.{host.domain.dns_name}"


# -- the computer's and the user's headings ---------------------------------------------------


def _header(host: Host) -> list[str]:
    user = console_user(host)
    legacy = host.os is OsFamily.WS2003
    now = _when(host, host.now())
    rsop = "RSOP results for" if legacy else "RSOP data for"
    title = f"{rsop} {user.qualified} on {host.computer_name} : Logging Mode"
    config = (
        "Primary Domain Controller"
        if host.is_dc
        else ("Member Server" if host.domain is not None else "Standalone Server")
    )
    profile = r"C:\Documents and Settings\Administrator" if legacy else r"C:\Users\Administrator"
    lines = [
        "",
        "Microsoft (R) Windows (R) Operating System Group Policy Result tool v2.0",
        "Copyright (C) Microsoft Corp. 1981-2001"
        if legacy
        else "© 2016 Microsoft Corporation. All rights reserved.",
        "",
        f"Created On {now}" if legacy else f"Created on {now}",
        "",
        title,
        "-" * (len(title) + 1),
        "",
    ]
    if legacy:
        lines.append(
            "OS Type:                     Microsoft(R) Windows(R) Server 2003, Enterprise Edition"
        )
    lines += [
        f"OS Configuration:            {config}",
        f"OS Version:                  {host.os.build}",
        "Site Name:                   "
        + ("Default-First-Site-Name" if host.domain is not None else "N/A"),
        "Roaming Profile:             N/A",
        f"Local Profile:               {profile}",
        "Connected over a slow link?: No",
        "",
    ]
    return lines


def _scope_block(
    host: Host,
    title: str,
    dn: str | None,
    applied: list[str],
    groups_title: str,
    groups: list[str],
    *,
    local: bool = False,
) -> list[str]:
    """One scope's heading; ``local`` for a local account's user part (no domain to ask)."""
    legacy = host.os is OsFamily.WS2003
    domain = None if local else host.domain
    lines = [title, "-" * (len(title) + 1)]
    if dn is not None:
        lines.append(_IND + dn)
    lines += [
        f"{_IND}Last time Group Policy was applied: {_when(host, host.lsa.last_refresh)}",
        f"{_IND}Group Policy was applied from:      "
        + (_dc_fqdn(host) if domain is not None else "N/A"),
        f"{_IND}Group Policy slow link threshold:   500 kbps",
        f"{_IND}Domain Name:                        "
        + (domain.authority if domain is not None else host.computer_name),
        f"{_IND}Domain Type:                        "
        + (
            ("Windows 2000" if legacy else "Windows 2008 or later")
            if domain is not None
            else "<Local Computer>"
        ),
        "",
        f"{_IND}Applied Group Policy Objects",
        f"{_IND}-----------------------------",
    ]
    lines += [f"{_IND * 2}{name}" for name in applied] or [f"{_IND * 2}N/A"]
    lines += [
        "",
        f"{_IND}The following GPOs were not applied because they were filtered out",
        f"{_IND}-------------------------------------------------------------------",
        f"{_IND * 2}Local Group Policy",
        f"{_IND * 3}Filtering:  Not Applied (Empty)",
        "",
        f"{_IND}{groups_title}",
        f"{_IND}{'-' * len(groups_title)}",
    ]
    lines += [f"{_IND * 2}{g}" for g in groups]
    lines.append("")
    return lines


def _computer_groups(host: Host) -> list[str]:
    groups = ["BUILTIN\\Administrators", "Everyone"]
    if host.is_dc:
        groups.append("BUILTIN\\Pre-Windows 2000 Compatible Access")
    if host.domain is None:
        return [*groups, "NT AUTHORITY\\Authenticated Users", "System Mandatory Level"]
    groups += [
        "BUILTIN\\Users",
        "NT AUTHORITY\\NETWORK",
        "NT AUTHORITY\\Authenticated Users",
        "This Organization",
        f"{host.computer_name}$",
    ]
    if host.is_dc:
        groups += ["Domain Controllers", "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS"]
    else:
        groups.append("Domain Computers")
    return [*groups, "Authentication authority asserted identity", "System Mandatory Level"]


def _user_groups(host: Host) -> list[str]:
    """whoami's list as gpresult names it: domain groups without their domain, This
    Organization and the mandatory label without their authority."""
    names: list[str] = []
    domain = host.domain.authority + "\\" if host.domain is not None else None
    for name, kind, _sid, _attrs in token_groups(host):
        if kind == "Group" and domain and name.startswith(domain):
            name = name[len(domain) :]
        for prefix in ("NT AUTHORITY\\This Organization", "Mandatory Label\\"):
            if name.startswith(prefix):
                name = name.split("\\", 1)[1]
        names.append(name)
    return names


# -- the settings ---------------------------------------------------------------------------------


def _principal(host: Host, entry: str) -> str:
    """A secedit principal as gpresult names it."""
    sid = host.resolve(entry) if entry.startswith("*") else None
    if sid is None:
        return entry
    name = host.name_of(sid) or wk.display_name(sid)
    if name is None:
        return entry
    for prefix in ("BUILTIN\\", "NT AUTHORITY\\"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _entry(gpo: str, policy: str, values: list[str], value_name: str | None = None) -> list[str]:
    pad = " " * _SETTING_COL
    lines = [f"{_IND * 3}GPO: {gpo}"]
    if value_name is None:
        lines.append(f"{_IND * 4}{'Policy:':{_SETTING_COL}}{policy}")
    else:
        lines.append(f"{_IND * 4}{'ValueName:':{_SETTING_COL}}{value_name}")
    first, *more = values or ["N/A"]
    lines.append(f"{_IND * 4}{'Computer Setting:':{_SETTING_COL}}{first}")
    lines += [f"{_IND * 4}{pad}{v}" for v in more]
    lines.append("")
    return lines


def _defining(
    host: Host, section: str, key: str, every: bool
) -> list[tuple[str, SecurityTemplate]]:
    """The applied GPOs that define a setting, precedence 1 first; only the winner unless
    ``every`` (gpresult /z)."""
    found = [(name, t) for name, t in reversed(host.lsa.applied) if key in _section(t, section)]
    return found if every else found[:1]


def _section(template: SecurityTemplate, section: str) -> dict[str, object]:
    return {
        "System Access": template.system_access,
        "Event Audit": template.event_audit,
        "Privilege Rights": template.privilege_rights,
        "Registry Values": template.registry_values,
    }[section]  # type: ignore[return-value]


def _rsop(host: Host, every: bool) -> list[str]:
    settings = host.lsa.settings()
    by_section: dict[str, list[str]] = {}
    for section, key in settings:
        if settings[(section, key)].source == LOCAL_POLICY:
            continue  # gpresult reports Group Policy, not the local security database
        by_section.setdefault(section, []).append(key)

    def block(title: str, section: str) -> list[str]:
        lines = [f"{_IND * 2}{title}", f"{_IND * 2}{'-' * len(title)}"]
        body: list[str] = []
        for key in by_section.get(section, []):
            for gpo, template in _defining(host, section, key, every):
                value = _section(template, section)[key]
                if section == "Privilege Rights":
                    assert isinstance(value, tuple)
                    name = key[2:] if key.startswith("Se") else key
                    body += _entry(gpo, name, [_principal(host, p) for p in value])
                elif section == "Event Audit":
                    body += _entry(gpo, key, [_AUDIT.get(int(str(value)), str(value))])
                elif section == "Registry Values":
                    assert isinstance(value, tuple)
                    body += _entry(gpo, key, [str(value[1])], value_name=key)
                else:
                    body += _entry(gpo, key, [str(value)])
        return lines + (body or [f"{_IND * 3}N/A", ""])

    lines = [
        f"{_IND}Resultant Set Of Policies for Computer",
        f"{_IND}---------------------------------------",
        "",
    ]
    for title in ("Software Installations", "Startup Scripts", "Shutdown Scripts"):
        lines += [f"{_IND * 2}{title}", f"{_IND * 2}{'-' * len(title)}", f"{_IND * 3}N/A", ""]
    lines += block("Account Policies", "System Access")
    lines += block("Audit Policy", "Event Audit")
    lines += block("User Rights", "Privilege Rights")
    lines += block("Security Options", "Registry Values")
    for title in (
        "Event Log Settings",
        "Restricted Groups",
        "System Services",
        "Registry Settings",
        "File System Settings",
        "Public Key Policies",
        "Administrative Templates",
    ):
        lines += [f"{_IND * 2}{title}", f"{_IND * 2}{'-' * len(title)}", f"{_IND * 3}N/A", ""]
    return lines


# -- the tool -------------------------------------------------------------------------------------


def _parse(host: Host, args: Iterable[str]) -> tuple[str, str | None] | CommandResult:
    """(mode "r" | "v" | "z", scope or None) or the error to print."""
    legacy = host.os is OsFamily.WS2003
    mode: str | None = None
    scope: str | None = None
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        low = arg.lower()
        if low in ("/r", "/v", "/z") and not (legacy and low == "/r"):
            mode = low[1]
        elif low == "/scope":
            if i + 1 >= len(items) or items[i + 1].lower() not in ("user", "computer"):
                return _fail(
                    1,
                    "ERROR: Invalid argument/option - "
                    f"'{items[i + 1] if i + 1 < len(items) else arg}'.\n{_USAGE}",
                )
            scope = items[i + 1].lower()
            i += 1
        elif low in ("/s", "/u", "/p", "/user", "/x", "/h", "/f"):
            return _fail(1, f"gpresult {arg} is not modelled by this simulator.")
        else:
            return _invalid(arg)
        i += 1
    if mode is None:
        if not legacy:
            return _fail(1, f"ERROR: Invalid Syntax.\n{_USAGE}")
        mode = "r"
    return mode, scope


@register("gpresult", "Displays the Resultant Set of Policy (RSoP) for the computer and user.")
def _gpresult(host: Host, args: list[str]) -> CommandResult:
    parsed = _parse(host, args)
    if isinstance(parsed, CommandResult):
        return parsed
    mode, scope = parsed
    domain = host.domain
    applied = [name for name, _ in reversed(host.lsa.applied)]
    lines = _header(host)
    if scope in (None, "computer"):
        dn = None
        if domain is not None:
            ou = domain.computer_ou.get(host.computer_name, COMPUTERS)
            dn = _dn(host, host.computer_name, ou)
        lines += _scope_block(
            host,
            "COMPUTER SETTINGS",
            dn,
            applied,
            "The computer is a part of the following security groups",
            _computer_groups(host),
        )
        if mode != "r":
            lines += _rsop(host, every=mode == "z")
    if scope in (None, "user"):
        user = console_user(host)
        dn = _dn(host, user.name, "CN=Users") if user.is_domain else None
        lines += _scope_block(
            host,
            "USER SETTINGS",
            dn,
            [],
            "The user is a part of the following security groups",
            _user_groups(host),
            local=not user.is_domain,
        )
        if mode != "r":
            lines += [
                f"{_IND}Resultant Set Of Policies for User",
                f"{_IND}-----------------------------------",
                "",
                f"{_IND * 2}N/A",
                "",
            ]
    return _ok("\n".join(lines).rstrip("\n") + "\n\n")
