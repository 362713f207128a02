"""How each fault is repaired at the root, as a trainee types it into the lab's console.

A step is a command line with placeholders (`placeholders.values`) and the platforms it is for
(`Platform.tags`: iis6 or iis10, local or domain, member or dc, 2003 or 2022); a step with no
tags is for every platform. A lab's solution is its faults' steps, in the order the lab breaks
them. The MMC stand-ins (`lusrmgr.msc`, `dsa.msc`, `gpme.msc`, `secpol.msc`, `eventvwr.msc`) are
the lab's own commands for what an administrator clicks (`consoles.py`).
"""

from __future__ import annotations

import attrs

from .placeholders import Platform


@attrs.frozen
class Step:
    command: str
    when: frozenset[str] = frozenset()

    def applies(self, platform: Platform) -> bool:
        return self.when <= platform.tags()


def _s(command: str, *when: str) -> Step:
    return Step(command, frozenset(when))


ANONYMOUS_SECTION = "-section:system.webServer/security/authentication/anonymousAuthentication"

#: "Password never expires": wmic's Win32_UserAccount for the machine's own accounts (on a
#: domain controller, the domain's), Set-ADUser on a 2016+ member, and Active Directory Users
#: and Computers on a Windows Server 2003 member (no PowerShell there).
NEVER_EXPIRES = (
    _s("wmic useraccount where name='{user}' set PasswordExpires=false", "local"),
    _s("wmic useraccount where name='{user}' set PasswordExpires=false", "dc"),
    _s(
        "powershell -NoProfile -Command \"Set-ADUser -Identity '{user}' "
        '-PasswordNeverExpires $true"',
        "member",
        "2022",
    ),
    _s("dsa.msc {user} /neverexpires:yes", "member", "2003"),
)

#: KB 909887's repair of a password out of step: a new password on the account, and the same
#: one typed into IIS.
IIS_PASSWORD = (
    _s("{adsutil} set {pass_path}/AnonymousUserPass {password}", "iis6"),
    _s(
        "{appcmd} set config {pass_location}"
        + ANONYMOUS_SECTION
        + " /password:{password} /commit:apphost",
        "iis10",
    ),
)
RESET_PASSWORD = (_s("net user {user} {password}{d}"), *IIS_PASSWORD)

#: `net user /active:yes` only enables (Microsoft's net user reference): a lockout is cleared
#: in the account's properties, or with Unlock-ADAccount on a 2016+ member.
UNLOCK = (
    _s("lusrmgr.msc {user} /unlock", "local"),
    _s("dsa.msc {user} /unlock", "dc"),
    _s("dsa.msc {user} /unlock", "member", "2003"),
    _s("powershell -NoProfile -Command \"Unlock-ADAccount -Identity '{user}'\"", "member", "2022"),
)

#: KB 832981: save and clear the Security log, then let it overwrite.
CLEAR_SECURITY_LOG = (
    _s(r"wevtutil cl Security /bu:C:\Security-archive.evtx", "2022"),
    _s("wevtutil sl Security /rt:false", "2022"),
    # 2003 has no wevtutil: WMI's Win32_NTEventlogFile.ClearEventlog saves and clears (or
    # Event Viewer's "Clear all events", the eventvwr.msc stand-in).
    _s(
        "wmic nteventlog where \"LogFileName='Security'\" call ClearEventlog "
        r"C:\Security-archive.evt",
        "2003",
    ),
    _s("reg add {seclog} /v Retention /t REG_DWORD /d 0 /f", "2003"),
)

FIXES: dict[str, tuple[Step, ...]] = {
    "account-disabled": (_s("net user {user} /active:yes{d}"),),
    "account-expired": (_s("net user {user} /expires:never{d}"),),
    "workstation-restriction": (_s("net user {user} /workstations:*{d}"),),
    "logon-hours": (_s("net user {user} /times:all{d}"),),
    "account-locked-out": UNLOCK,
    "password-must-change": (_s("net user {user} /logonpasswordchg:no{d}"), *NEVER_EXPIRES),
    "password-expired": NEVER_EXPIRES,
    "password-mismatch": RESET_PASSWORD,
    "password-sync-unusable": (
        _s("{adsutil} set {sync_path}/AnonymousPasswordSync FALSE", "iis6"),
        *RESET_PASSWORD,
    ),
    "account-not-found[how=typo]": (
        _s("{adsutil} set {user_path}/AnonymousUserName {configured}", "iis6"),
        _s(
            "{appcmd} set config {location}"
            + ANONYMOUS_SECTION
            + " /userName:{configured} /commit:apphost",
            "iis10",
        ),
    ),
    "account-not-found[how=deleted]": (
        _s("net user {user} {password} /add{d}"),
        *NEVER_EXPIRES,
        _s("net localgroup Guests {user} /add", "iis6", "local"),
        # A new account is a new SID: the content's ACL named the old one.
        _s("icacls {folder} /grant {qualified}:(OI)(CI)(RX)", "iis6"),
        *IIS_PASSWORD,
    ),
    "logon-right-denied[via=guests,layer=local]": (_s("ntrights -u Guests -r {deny}"),),
    "logon-right-denied[via=account,layer=local]": (_s("ntrights -u {qualified} -r {deny}"),),
    "logon-right-denied[via=account,layer=gpo]": (
        _s('gpme.msc "{gpo}" /right:{deny} /remove:{qualified}'),
        _s("gpupdate /force"),
    ),
    "logon-right-missing": (
        _s("ntrights -u {qualified} +r {allow}", "local"),
        _s("ntrights -u {qualified} +r {allow}", "member"),
        _s('gpme.msc "{gpo}" /right:{allow} /add:{qualified}', "dc"),
        _s("gpupdate /force", "dc"),
    ),
    "crash-on-audit-fail[how=registry]": (
        _s("reg add {lsa} /v CrashOnAuditFail /t REG_DWORD /d 0 /f"),
        _s("shutdown /r /t 0"),
    ),
    "crash-on-audit-fail[how=full-log]": (
        *CLEAR_SECURITY_LOG,
        _s("reg add {lsa} /v CrashOnAuditFail /t REG_DWORD /d 1 /f"),
        _s("shutdown /r /t 0"),
    ),
    # The whole of KB 832981, so it also works after the first audit has stopped the server
    # (it comes back with CrashOnAuditFail = 2).
    "security-log-full": (
        *CLEAR_SECURITY_LOG,
        _s("reg add {lsa} /v CrashOnAuditFail /t REG_DWORD /d 1 /f"),
        _s("shutdown /r /t 0"),
    ),
    "anonymous-disabled": (
        _s("{adsutil} set W3SVC/1/ROOT/AuthFlags {authflags}", "iis6"),
        _s(
            '{appcmd} set config "Default Web Site" '
            + ANONYMOUS_SECTION
            + " /enabled:true /commit:apphost",
            "iis10",
        ),
    ),
    "content-acl-denied[via=account]": (
        _s("icacls {folder} /remove:d {qualified}"),
        # icacls /deny also took the read it denies out of the account's own allow entry.
        _s("icacls {folder} /grant {qualified}:(OI)(CI)(RX)", "iis6"),
    ),
    "content-acl-denied[via=guests]": (_s("icacls {folder} /remove:d Guests"),),
    "logon-audit-disabled": (
        _s('auditpol /set /subcategory:"Logon" /failure:enable', "2022", "local"),
        _s('auditpol /set /subcategory:"Logon" /failure:enable', "2022", "member"),
        _s("secpol.msc /audit:logon /success:yes /failure:yes", "2003", "local"),
        _s("secpol.msc /audit:logon /success:yes /failure:yes", "2003", "member"),
        _s('gpme.msc "{gpo}" /audit:logon /success:yes /failure:yes', "dc"),
        _s("gpupdate /force", "dc"),
    ),
}


def fix_for(label: str) -> tuple[Step, ...]:
    """The steps that repair the fault ``label`` (a variant's label, or a fault id with one way
    to repair it)."""
    if label in FIXES:
        return FIXES[label]
    base = label.split("[", 1)[0]
    if base in FIXES:
        return FIXES[base]
    raise KeyError(f"no solution is written for the fault {label!r}")
