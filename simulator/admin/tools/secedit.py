"""secedit /export, and the files commands write (`exported_files`).

- secedit /export prints a blank line, "The task has completed successfully.", "See log
  %windir%\\security\\logs\\scesrv.log for detail info." (TryHackMe write-ups).
- `secedit /?`: the syntax of /analyze, /configure, /export, /import, /validate and
  /generaterollback as a Windows command reference lists them (itpro.nikkeibp.co.jp's secedit
  page, for Windows Server 2003 and Vista). Chosen without confirmation: the "Usage:" heading,
  one form a line, and that /? prints only these forms.

Chosen without confirmation: secedit writes only the sections the model knows, omits rights
nobody holds, and exports the policy in effect (local policy merged with applied GPOs, account
policy from the SAM or the domain, registry values read from the registry).
"""

from __future__ import annotations

import weakref
from typing import Final

from winfacts import assumptions as A

from ...host import Host
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_EXPORTS: weakref.WeakKeyDictionary[Host, dict[str, str]] = weakref.WeakKeyDictionary()


def exported_files(host: Host) -> dict[str, str]:
    """Files commands wrote on ``host`` (today `secedit /export /cfg FILE`), path as typed ->
    decoded text with CRLF line ends (a real secedit file is UTF-16LE with a BOM)."""
    return _EXPORTS.setdefault(host, {})


_SECEDIT_DONE = (
    "\nThe task has completed successfully.\n"
    "See log %windir%\\security\\logs\\scesrv.log for detail info.\n"
)
_SECEDIT_HELP = (
    "Usage:\n"
    "secedit /analyze /db filename [/cfg filename] [/log filename] [/verbose] [/quiet]\n"
    "secedit /configure /db filename [/cfg filename] [/overwrite] [/areas area1 area2...] "
    "[/log filename] [/quiet]\n"
    "secedit /export [/db filename] [/mergedpolicy] /cfg filename [/areas area1 area2...] "
    "[/log filename]\n"
    "secedit /import /db filename /cfg filename [/overwrite] [/areas area1 area2...] "
    "[/log filename] [/quiet]\n"
    "secedit /validate filename\n"
    "secedit /generaterollback /cfg filename /rbk filename [/log filename] [/quiet]\n"
)
_AREAS = ("SECURITYPOLICY", "GROUP_MGMT", "USER_RIGHTS", "REGKEYS", "FILESTORE", "SERVICES")


@register("secedit", "Configures and analyzes system security.")
def _secedit(host: Host, args: list[str]) -> CommandResult:
    usage = (
        "Usage: secedit /export [/db filename] [/mergedpolicy] /cfg filename "
        "[/areas area1 area2...] [/log filename] [/quiet]\n"
    )
    if not args:
        return _fail(1, usage)
    if args[0] in ("/?", "?", "help"):
        return _ok(_SECEDIT_HELP)
    verb = args[0].lower()
    if verb != "/export":
        return _fail(1, f"secedit {args[0]} is not modelled by this simulator.\n{usage}")
    cfg: str | None = None
    areas: set[str] = set()
    i = 1
    while i < len(args):
        flag = args[i].lower()
        if flag in ("/cfg", "/db", "/log"):
            if i + 1 >= len(args):
                return _fail(1, usage)
            if flag == "/cfg":
                cfg = args[i + 1]
            i += 2
        elif flag == "/areas":
            i += 1
            while i < len(args) and not args[i].startswith("/"):
                area = args[i].upper()
                if area not in _AREAS:
                    return _fail(1, f"{args[i]} is not a security area.\n{usage}")
                areas.add(area)
                i += 1
        elif flag in ("/mergedpolicy", "/quiet", "/verbose"):
            i += 1
        else:
            return _fail(1, usage)
    if cfg is None:
        return _fail(1, usage)
    exported_files(host)[cfg] = render_secedit(host, areas or None)
    return _ok(_SECEDIT_DONE)


def export_principal(host: Host, principal: str) -> str:
    """A right's holder as `secedit /export` writes it: the machine's own accounts and groups
    by name, every other principal it can map as ``*SID`` (see secedit_export_names)."""
    sid = host.resolve(principal)
    if sid is None:
        return principal
    if sid.domain == host.sam.authority_sid and not host.is_dc:
        found = host.sam.by_sid(sid)
        if found is not None:
            return found.name
    return f"*{sid}"


#: The order `secedit /export` writes [System Access] in (real exports: password ages, length,
#: complexity and history, then the lockout keys, then the rest).
_SYSTEM_ACCESS_ORDER: Final = (
    "MinimumPasswordAge",
    "MaximumPasswordAge",
    "MinimumPasswordLength",
    "PasswordComplexity",
    "PasswordHistorySize",
    "LockoutBadCount",
    "ResetLockoutCount",
    "LockoutDuration",
    "RequireLogonToChangePassword",
    "ForceLogoffWhenHourExpire",
    "NewAdministratorName",
    "NewGuestName",
    "ClearTextPassword",
    "LSAAnonymousNameLookup",
    "EnableAdminAccount",
    "EnableGuestAccount",
)


def render_secedit(host: Host, areas: set[str] | None = None) -> str:
    """The policy in effect as `secedit /export` writes it (decoded, CRLF line ends)."""
    wanted = set(_AREAS) if areas is None else areas
    template = host.lsa.effective()
    lines = ["[Unicode]", "Unicode=yes"]
    if "SECURITYPOLICY" in wanted:
        policy = host.domain.policy if (host.is_dc and host.domain) else host.sam.policy
        access: dict[str, int] = dict(template.system_access)
        access["MinimumPasswordAge"] = policy.min_password_age.days
        access["MaximumPasswordAge"] = (
            -1 if policy.max_password_age is None else policy.max_password_age.days
        )
        access["MinimumPasswordLength"] = policy.min_password_length
        access["PasswordHistorySize"] = policy.password_history
        access["LockoutBadCount"] = policy.lockout_threshold
        if policy.lockout_threshold:
            access["ResetLockoutCount"] = int(policy.lockout_window.total_seconds() // 60)
            access["LockoutDuration"] = (
                -1
                if policy.lockout_duration is None
                else int(policy.lockout_duration.total_seconds() // 60)
            )
        lines.append("[System Access]")
        order = {key: index for index, key in enumerate(_SYSTEM_ACCESS_ORDER)}
        ordered = sorted(access.items(), key=lambda kv: order.get(kv[0], len(order)))
        lines += [f"{key} = {value}" for key, value in ordered]
        lines.append("[Event Audit]")
        audit = dict(template.event_audit)
        if not host.os.legacy_events:
            # Since 2008 the local audit policy is the subcategory policy (auditpol.csv);
            # secedit's legacy categories show only what a GPO sets there.
            audit = {key: A.LEGACY_AUDIT_EXPORT.value for key in audit}
            for _, gpo in host.lsa.applied:
                audit.update(gpo.event_audit)
        lines += [f"{key} = {value}" for key, value in audit.items()]
        lines.append("[Registry Values]")
        for path, (kind, value) in template.registry_values.items():
            key, _, name = path.rpartition("\\")
            live = host.registry.get(key, name)
            shown = str(live.data) if live is not None else value
            lines.append(f"{path}={kind},{shown}")
    if "USER_RIGHTS" in wanted:
        lines.append("[Privilege Rights]")
        lines += [
            f"{right} = {','.join(export_principal(host, h) for h in holders)}"
            for right, holders in template.privilege_rights.items()
            if holders
        ]
    lines += ["[Version]", 'signature="$CHICAGO$"', "Revision=1"]
    return "\r\n".join(lines) + "\r\n"
