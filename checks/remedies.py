"""The fix for each finding: the KB's GUI path in words, and the commands for the platform.

Commands name the real tools (net user, ntrights / secedit, adsutil.vbs, reg, auditpol, appcmd,
PowerShell). A password is never written into a remedy: commands that set one say so with a
placeholder the administrator types.
"""

from __future__ import annotations

from winfacts.rights import RIGHT_DISPLAY, rights_for

from .findings import Remedy

_ADSUTIL = r"cscript %SystemDrive%\Inetpub\AdminScripts\adsutil.vbs"
_APPCMD = r"%windir%\system32\inetsrv\appcmd.exe"
_ANON = "system.webServer/security/authentication/anonymousAuthentication"


def _net(domain: bool) -> str:
    return " /domain" if domain else ""


def _users_tool(domain: bool, dc: bool) -> str:
    if domain or dc:
        return "Active Directory Users and Computers (dsa.msc)"
    return "Computer Management > Local Users and Groups > Users"


def set_password(user: str, domain: bool, legacy: bool, where: str | None) -> list[Remedy]:
    location = where or ("W3SVC" if legacy else None)
    steps = [
        Remedy(
            "Give the account a known password (type it when prompted; do not put it on the "
            "command line of a shared session)",
            f"net user {user} *{_net(domain)}",
        )
    ]
    if legacy:
        path = (location or "/LM/W3SVC").removeprefix("/LM/").lower()
        steps.append(
            Remedy(
                "Type the same password into IIS: IIS Manager > the site > Properties > "
                "Directory Security > Authentication and access control > Edit",
                f"{_ADSUTIL} SET {path}/AnonymousUserPass <new password>",
            )
        )
    else:
        loc = f' "{location}"' if location else ""
        steps.append(
            Remedy(
                "Type the same password into IIS: IIS Manager > the site > Authentication > "
                "Anonymous Authentication > Edit > Specific user > Set",
                f"{_APPCMD} set config{loc} -section:{_ANON} /password:<new password> "
                "/commit:apphost",
            )
        )
    return steps


def for_account(check_id: str, user: str, domain: bool, dc: bool) -> list[Remedy]:
    tool = _users_tool(domain, dc)
    d = _net(domain)
    if check_id == "account-disabled":
        return [Remedy(f"{tool}: clear 'Account is disabled'", f"net user {user} /active:yes{d}")]
    if check_id == "account-locked-out":
        why = (
            "then find what sent bad passwords (a stale password in a script, a site-level "
            "AnonymousUserPass); a timed lockout also ends by itself"
        )
        if domain or dc:
            return [
                Remedy(
                    f"{tool}: Account > 'Unlock account', {why}",
                    f"powershell -Command \"Unlock-ADAccount -Identity '{user}'\"",
                )
            ]
        return [Remedy(f"{tool} > {user} > Properties: clear 'Account is locked out', {why}")]
    if check_id == "account-expired":
        return [
            Remedy(
                f"{tool}: Account > Account expires: Never", f"net user {user} /expires:never{d}"
            )
        ]
    if check_id == "password-must-change":
        return [
            Remedy(
                f"{tool}: clear 'User must change password at next logon' and tick "
                "'Password never expires'",
                f"net user {user} /logonpasswordchg:no{d}",
            )
        ]
    if check_id == "password-expired":
        cmd = (
            f"powershell -Command \"Set-ADUser -Identity '{user}' -PasswordNeverExpires $true\""
            if domain or dc
            else f"wmic useraccount where name='{user}' set PasswordExpires=false"
        )
        return [
            Remedy(
                f"{tool}: tick 'Password never expires' (or set a new password in both "
                "the account and IIS)",
                cmd,
            )
        ]
    if check_id == "workstation-restriction":
        return [
            Remedy(
                f"{tool}: Account > Log On To: All computers", f"net user {user} /workstations:*{d}"
            )
        ]
    if check_id == "logon-hours":
        return [
            Remedy(
                f"{tool}: Account > Logon Hours: permit all hours", f"net user {user} /times:all{d}"
            )
        ]
    if check_id == "account-not-found":
        return [
            Remedy(
                "Create the account, or correct the name IIS uses (Directory Security > "
                "Authentication and access control)",
                f"net user {user} * /add{d}",
            )
        ]
    raise KeyError(check_id)


def for_right(
    check_id: str, logon_type: int, principal: str | None, source: str, dc: bool
) -> list[Remedy]:
    allow, deny = rights_for(logon_type)
    editor = (
        "Default Domain Controllers Policy (dcpol.msc)"
        if dc
        else (
            f"the GPO '{source}' (gpmc.msc)"
            if source != "Local Policy"
            else "Local Security Policy (secpol.msc)"
        )
    )
    if check_id == "logon-right-denied":
        who = principal or "the group"
        return [
            Remedy(
                f"{editor} > Local Policies > User Rights Assignment > "
                f"'{RIGHT_DISPLAY[deny]}': remove {who}",
                f'ntrights -u "{who}" -r {deny}',
            ),
            Remedy("Apply it now", "gpupdate /force"),
        ]
    return [
        Remedy(
            f"{editor} > Local Policies > User Rights Assignment > '{RIGHT_DISPLAY[allow]}': "
            "add the anonymous account (or Users / Everyone as the default has it)",
            f'ntrights -u "{principal}" +r {allow}' if principal else f"ntrights +r {allow}",
        ),
        Remedy("Apply it now", "gpupdate /force"),
    ]


def crash_on_audit_fail() -> list[Remedy]:
    return [
        Remedy(
            "Archive and clear the Security log (Event Viewer > Security > Clear Log, "
            "saving a copy)",
            r"wevtutil cl Security /bu:C:\Windows\Temp\Security-backup.evtx",
        ),
        Remedy(
            "Set CrashOnAuditFail back to 0 (or 1)",
            r"reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail "
            r"/t REG_DWORD /d 0 /f",
        ),
        Remedy("Restart: the LSA reads the value only at start-up", "shutdown /r /t 0"),
    ]


def security_log_full(legacy: bool) -> list[Remedy]:
    steps = [
        Remedy(
            "Archive and clear the Security log",
            r"wevtutil cl Security /bu:C:\Windows\Temp\Security-backup.evtx"
            if not legacy
            else "Event Viewer > Security > Clear Log (save a copy)",
        ),
        Remedy(
            "Let the log overwrite (or archive) when full, and make it larger",
            "wevtutil sl Security /rt:false /ms:201326592"
            if not legacy
            else r"reg add HKLM\SYSTEM\CurrentControlSet\Services\Eventlog\Security /v "
            r"Retention /t REG_DWORD /d 0 /f",
        ),
    ]
    return steps


def anonymous_disabled(legacy: bool, location: str | None) -> list[Remedy]:
    if legacy:
        path = (location or "/LM/W3SVC/1/ROOT").removeprefix("/LM/").lower()
        return [
            Remedy(
                "IIS Manager > the site > Properties > Directory Security > "
                "Authentication and access control: tick 'Enable anonymous access'",
                f'{_ADSUTIL} SET {path}/AuthFlags "AuthAnonymous AuthNTLM"',
            )
        ]
    loc = location or "Default Web Site"
    return [
        Remedy(
            "IIS Manager > the site > Authentication > Anonymous Authentication > Enable",
            f'{_APPCMD} set config "{loc}" -section:{_ANON} /enabled:true /commit:apphost',
        )
    ]


def password_sync(where: str | None) -> list[Remedy]:
    path = (where or "/LM/W3SVC").removeprefix("/LM/").lower()
    return [
        Remedy(
            "Turn subauthentication off: it works only in IIS 5.0 isolation mode",
            f"{_ADSUTIL} SET {path}/AnonymousPasswordSync FALSE",
        ),
    ]


def content_acl(path: str, principal: str) -> list[Remedy]:
    return [
        Remedy(
            f"Windows Explorer > {path} > Properties > Security: remove the deny entry and "
            f"let {principal} read",
            f'icacls "{path}" /remove:d "{principal}"',
        ),
        Remedy(
            "Grant read where nothing does", f'icacls "{path}" /grant "{principal}:(OI)(CI)(RX)"'
        ),
    ]


def audit_failures(legacy: bool) -> list[Remedy]:
    if legacy:
        return [
            Remedy(
                "Local Security Policy > Local Policies > Audit Policy > Audit logon "
                "events: Success and Failure",
                "secedit /configure with AuditLogonEvents = 3",
            )
        ]
    return [
        Remedy(
            "Audit logon failures",
            'auditpol /set /subcategory:"Logon" /success:enable /failure:enable',
        )
    ]
