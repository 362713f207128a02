"""The fix for each finding: the KB's GUI path in words, and the commands for the platform.

Commands name the real tools (net user, ntrights, adsutil.vbs, reg, auditpol, appcmd, wmic,
icacls). A password is never written into a remedy: commands that set one say so with a
placeholder the administrator types (``*`` for net user's prompt, ``<new password>``); other
placeholders (``<home directory>``) name what IIS Manager shows. A step with no command is a
console step and names its console; tests/test_remedies_work.py types every command and does
every console step on each platform and fault, and needs the page to answer 200 after.

Where a command exists only on some generations and the rules do not say which one the host is
(``legacy`` None), the step is the console's, with the command named in its text.

Sources (Microsoft documentation, facts only):

- User rights on a domain controller come from the Default Domain Controllers Policy GPO, which
  defines "Access this computer from the network" (and lists Guest in "Deny access to this
  computer from the network"); a GPO's setting replaces the local one at each refresh: "Access
  this computer from the network - security policy setting" and "Deny access to this computer
  from the network" (learn.microsoft.com, windows/security/threat-protection/security-policy-
  settings/), which give the Group Policy Management Editor path Computer Configuration >
  Windows Settings > Security Settings > Local Policies > User Rights Assignment.
- AuthFlags is a DWORD of flags: AuthAnonymous 1, AuthBasic 2, AuthNTLM 4 ("AuthFlags",
  IIS 6.0 SDK metabase reference, learn.microsoft.com/previous-versions/iis/6.0-sdk/ms524513).
- Win32_UserAccount's PasswordExpires ("Win32_UserAccount class",
  learn.microsoft.com/windows/win32/cimwin32prov/win32-useraccount); that wmic can set it is
  from administrators' scripts, not confirmed in that page's excerpt.
- Unlock-ADAccount and Set-ADUser -PasswordNeverExpires are the ActiveDirectory module's
  (Windows Server 2008 R2 and later, RSAT-AD-PowerShell); Windows Server 2003 has neither, nor
  wevtutil or auditpol (the Event Viewer and the Local Security Policy snap-in instead).
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


def _iis_password_step(user: str, legacy: bool | None) -> Remedy:
    """Type the account's new password into IIS where the generation is known; otherwise the
    IIS Manager dialog for both generations (the rules do not always say which IIS it is)."""
    if legacy is None:
        return Remedy(
            f"Type the same password into IIS for {user}: IIS 6 Manager > the site > Properties "
            "> Directory Security > Authentication and access control > Edit; IIS 7+ Manager > "
            "the site > Authentication > Anonymous Authentication > Edit > Specific user > Set"
        )
    return set_password(user, False, legacy, None)[1]


def for_account(
    check_id: str, user: str, domain: bool, dc: bool, legacy: bool | None = None
) -> list[Remedy]:
    """``legacy`` (IIS 6) chooses the IIS command where a remedy needs one; None gives the
    IIS Manager dialog instead."""
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
            # Unlock-ADAccount needs the ActiveDirectory module (Windows Server 2008 R2 and
            # later, RSAT-AD-PowerShell); a Windows Server 2003 domain has only the console.
            return [
                Remedy(
                    f"{tool} > {user} > Properties > Account: tick 'Unlock account' (with the "
                    "ActiveDirectory PowerShell module: "
                    f"powershell -Command \"Unlock-ADAccount -Identity '{user}'\"), {why}"
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
        if domain or dc:
            # Set-ADUser needs the ActiveDirectory module; Windows Server 2003 has the console.
            return [
                Remedy(
                    f"{tool} > {user} > Properties > Account: tick 'Password never expires' "
                    "(with the ActiveDirectory PowerShell module: powershell -Command "
                    f"\"Set-ADUser -Identity '{user}' -PasswordNeverExpires $true\"); or set a "
                    "new password in both the account and IIS"
                )
            ]
        return [
            Remedy(
                f"{tool} > {user} > Properties: tick 'Password never expires' (or set a new "
                "password in both the account and IIS)",
                f"wmic useraccount where name='{user}' set PasswordExpires=false",
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
        # Both steps are needed: a new account has a new password IIS does not hold. Where the
        # name IIS holds is misspelt, correct it in IIS instead (same dialog) and skip both.
        return [
            Remedy(
                f"Create the account IIS names, with a password you choose ({tool} > New User; "
                "or, if the name IIS holds is misspelt, correct it in IIS instead)",
                f"net user {user} * /add{d}",
            ),
            _iis_password_step(user, legacy),
            Remedy(
                "Let the new account read the site's content (a new account is a new SID, and "
                "an ACL that named the old one does not name it): Windows Explorer > the site's "
                "home directory (IIS Manager shows it) > Properties > Security",
                f'icacls "<home directory>" /grant "{user}:(OI)(CI)(RX)"',
            ),
        ]
    raise KeyError(check_id)


_RIGHTS_PATH = (
    "Computer Configuration > Policies > Windows Settings > Security Settings > Local Policies "
    "> User Rights Assignment"
)
_DDCP = "Default Domain Controllers Policy"


def for_right(
    check_id: str, logon_type: int, principal: str | None, source: str, dc: bool
) -> list[Remedy]:
    """Local policy with ntrights, then the GPO that defines the right, if one does: a GPO's
    setting replaces the local one at every policy refresh. On a domain controller that GPO is
    the Default Domain Controllers Policy, which defines the logon rights from the start."""
    allow, deny = rights_for(logon_type)
    denied = check_id == "logon-right-denied"
    right = deny if denied else allow
    display = RIGHT_DISPLAY[right]
    if denied:
        who = principal or "the group"
        change = f"remove {who}"
        command = f'ntrights -u "{who}" -r {deny}'
    else:
        change = "add the anonymous account (or Users / Everyone as the default has it)"
        command = f'ntrights -u "{principal}" +r {allow}' if principal else f"ntrights +r {allow}"
    local = Remedy(
        f"Local Security Policy (secpol.msc) > Local Policies > User Rights Assignment > "
        f"'{display}': {change}",
        command,
    )
    if dc:
        gpo = Remedy(
            f"Group Policy Management (gpmc.msc) > Domain Controllers > {_DDCP} > Edit > "
            f"{_RIGHTS_PATH} > '{display}': {change}{' where it is listed' if denied else ''} "
            "(a domain controller applies this GPO over "
            "its local policy; Windows Server 2003: Domain Controller Security Policy, "
            "dcpol.msc)"
        )
    else:
        named = f"the GPO '{source}'" if source != "Local Policy" else "a GPO"
        gpo = Remedy(
            f"If {named} defines '{display}' for this server (gpresult /scope computer /v lists "
            "it under User Rights; rsop.msc names the GPO), make the same change there: Group "
            f"Policy Management (gpmc.msc) > the GPO > Edit > {_RIGHTS_PATH}"
        )
    return [local, gpo, Remedy("Apply it now", "gpupdate /force")]


def _clear_security_log(legacy: bool | None) -> Remedy:
    """wevtutil exists from Windows Server 2008; on 2003 (or when the rules do not say) the
    Event Viewer's Clear Log, which offers to save a copy first."""
    if legacy is False:
        return Remedy(
            "Archive and clear the Security log (Event Viewer > Security > Clear Log, "
            "saving a copy)",
            r"wevtutil cl Security /bu:C:\Windows\Temp\Security-backup.evtx",
        )
    return Remedy(
        "Archive and clear the Security log: Event Viewer > Security > Clear Log (answer Yes "
        "to save a copy first); on Windows Server 2008 and later: "
        r"wevtutil cl Security /bu:C:\Windows\Temp\Security-backup.evtx"
    )


def crash_on_audit_fail(legacy: bool | None = None) -> list[Remedy]:
    return [
        _clear_security_log(legacy),
        Remedy(
            "Set CrashOnAuditFail back to 0 (or 1)",
            r"reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail "
            r"/t REG_DWORD /d 0 /f",
        ),
        Remedy("Restart: the LSA reads the value only at start-up", "shutdown /r /t 0"),
    ]


def security_log_full(legacy: bool) -> list[Remedy]:
    steps = [
        _clear_security_log(legacy),
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
                "Authentication and access control: tick 'Enable anonymous access' (5 keeps "
                "Integrated Windows authentication too; add 2 if the site also offers Basic)",
                # AuthFlags is a DWORD: 5 = AuthAnonymous (1) + AuthNTLM (4).
                f"{_ADSUTIL} SET {path}/AuthFlags 5",
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


_AUDIT_GPO = (
    "where a GPO defines the audit policy (on a domain controller the Default Domain "
    "Controllers Policy does), set it there instead, as a GPO replaces the local setting at "
    "every refresh: Group Policy Management (gpmc.msc) > the GPO > Edit > Computer "
    "Configuration > Policies > Windows Settings > Security Settings > Local Policies > Audit "
    "Policy > 'Audit logon events': Success and Failure, then gpupdate /force"
)


def audit_failures(legacy: bool) -> list[Remedy]:
    if legacy:
        return [
            Remedy(
                "Local Security Policy (secpol.msc) > Local Policies > Audit Policy > 'Audit "
                f"logon events': Success and Failure; {_AUDIT_GPO}"
            )
        ]
    return [
        Remedy(
            f"Audit logon failures; {_AUDIT_GPO}",
            'auditpol /set /subcategory:"Logon" /success:enable /failure:enable',
        )
    ]
