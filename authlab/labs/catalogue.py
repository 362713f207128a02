"""The lab catalogue: each lab a ticket as a user would file it, the faults behind it, graded
hints and the references that explain it. The solution is not written here: it is the
repair of each fault (`solutions.py`), so a lab and its answer can not drift apart.

Hints go from where to look to what the evidence means; the last hint is always the exact
commands (the solution), so a trainee who is stuck is never left without a way on.
Texts may use the placeholders of `placeholders.values` ({user}, {computer}, {deny}, ...).
"""

from __future__ import annotations

import attrs

from winfacts.errors import ModelError

ALL = ("iis6-local", "iis6-domain", "iis6-dc", "iis10-local", "iis10-domain")
LOCAL = ("iis6-local", "iis10-local")
DOMAIN = ("iis6-domain", "iis6-dc", "iis10-domain")
MEMBERS = ("iis6-domain", "iis10-domain")
IIS6 = ("iis6-local", "iis6-domain", "iis6-dc")
IIS10 = ("iis10-local", "iis10-domain")

KB909887 = "KB 909887: Error message when you try to access an IIS Web site: HTTP 401.1"
KB832981 = "KB 832981: Computer stops responding when the Security event log is full"
KB152526 = "KB 152526: Changing the default interval for user tokens in IIS (UserTokenTTL)"
ACCOUNT_TAB = "Microsoft Learn: net user (account options /active, /expires, /times, /workstations)"
RIGHTS = "Microsoft Learn: User Rights Assignment (Access this computer from the network)"
AUDIT = "Microsoft Learn: Audit Logon (event 4625) / Windows Server 2003 event 529-539"
ICACLS = "Microsoft Learn: icacls"

DIFFICULTIES = ("beginner", "intermediate", "advanced")


@attrs.frozen
class LabSpec:
    id: str
    title: str
    ticket: str
    platforms: tuple[str, ...]
    faults: tuple[str, ...]  # fault labels, as `authlab faults` lists them, in the order made
    difficulty: str
    hints: tuple[str, ...]  # graded; the solution comes after them as the last hint
    references: tuple[str, ...] = (KB909887,)
    #: What the grader holds the trainee to beyond a working site: "never-expires" (the
    #: anonymous account's password must not expire again).
    asks: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    #: Minutes the clock moves after the faults are made, before the trainee arrives.
    after_minutes: int = 0
    #: IIS served the site (and cached the anonymous token) before the faults were made,
    #: and nobody restarted it since: the break shows only when the cached token expires.
    warm_cache: bool = False
    lesson: str = ""  # what the lab teaches, shown with the solution

    def __attrs_post_init__(self) -> None:
        if self.difficulty not in DIFFICULTIES:
            raise ValueError(f"lab {self.id}: difficulty {self.difficulty!r}")


def _lab(
    id: str,
    title: str,
    ticket: str,
    platforms: tuple[str, ...],
    faults: tuple[str, ...] | str,
    difficulty: str,
    hints: tuple[str, ...],
    **more: object,
) -> LabSpec:
    shown = (faults,) if isinstance(faults, str) else faults
    return LabSpec(id, title, ticket, platforms, shown, difficulty, hints, **more)  # type: ignore[arg-type]


LOOK_LOG = "Reproduce it (browse), then read the newest failure in the Security log (events)."
LOOK_IIS_LOG = "The IIS log (log) shows the status and the sub-status of each request."
LOOK_USER = "Look at the anonymous account's properties: net user {user}{d}."

LABS: tuple[LabSpec, ...] = (
    # -- the account's own state ---------------------------------------------------------------
    _lab(
        "disabled-account",
        "The account nobody uses",
        "Since this morning the intranet on {computer} asks every visitor for a user name and "
        "password. Nothing was changed on the web server, we checked.",
        ALL,
        "account-disabled",
        "beginner",
        (LOOK_LOG, LOOK_USER, 'The audit says the account is disabled ("Account active No").'),
        references=(KB909887, ACCOUNT_TAB),
        lesson="IIS logs on as its anonymous account for every visitor; a disabled account "
        "fails that logon (0xC0000072) and IIS answers 401.1.",
    ),
    _lab(
        "disabled-by-cleanup",
        "The stale-account sweep",
        "The directory team ran their quarterly sweep of accounts that never log on "
        "interactively. Since then the public site on {computer} wants a password.",
        MEMBERS,
        "account-disabled",
        "beginner",
        (
            LOOK_LOG,
            "The account lives in the domain: net user {user} /domain.",
            "The sweep disabled it. Enable it, and tell the directory team why it must stay.",
        ),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "expired-contractor",
        "Expired like a contractor",
        "The web site stopped letting anonymous visitors in yesterday. HR says the only thing "
        "they did was set end dates on some accounts.",
        ALL,
        "account-expired",
        "beginner",
        (LOOK_LOG, LOOK_USER, 'Compare "Account expires" with today\'s date (time).'),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "log-on-to",
        "Log On To...",
        "After the hardening project every visitor of {computer} gets HTTP 401.1.",
        ALL,
        "workstation-restriction",
        "intermediate",
        (
            LOOK_LOG,
            LOOK_USER,
            '"Workstations allowed" names other computers: the logon IIS makes on {computer} is '
            "refused (0xC0000070).",
        ),
        references=(KB909887, ACCOUNT_TAB),
        lesson="Log On To restricts by the workstation name of the logon; IIS's logon comes "
        "from the web server itself, so the web server must be allowed (or all computers).",
    ),
    _lab(
        "office-hours",
        "Office hours for a web site",
        "The site on {computer} worked yesterday and fails today. A colleague says he 'limited "
        "the service accounts to office hours' on Friday.",
        ALL,
        "logon-hours",
        "intermediate",
        (
            LOOK_LOG,
            LOOK_USER,
            '"Logon hours allowed" leaves out the hour it is now on {computer} (time). Logon '
            "hours are judged at the moment of each logon.",
        ),
        references=(KB909887, ACCOUNT_TAB),
        lesson="Logon hours are typed and judged in the server's local time; a web site's "
        "account needs all hours.",
    ),
    _lab(
        "must-change",
        "User must change password at next logon",
        "The helpdesk reset a batch of service passwords and 'ticked the usual box'. The web "
        "site now asks for a password. Make sure this can not happen again by expiry either.",
        ALL,
        "password-must-change",
        "intermediate",
        (
            LOOK_LOG,
            LOOK_USER,
            '"Password last set" is blank and "User must change password" applies: a service '
            "can not change its password at a logon. Clear it and make the password never expire.",
        ),
        asks=("never-expires",),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "password-expired",
        "Forty-two days later",
        "Every visitor of {computer} gets a logon box since the weekend. Nobody touched the "
        "server; the password policy is the default one. Fix it so that it stays fixed.",
        ALL,
        "password-expired",
        "intermediate",
        (
            LOOK_LOG,
            LOOK_USER,
            '"Password expires" is in the past. A new password would fail again in 42 days: '
            'the account needs "Password never expires".',
        ),
        asks=("never-expires",),
        references=(KB909887, ACCOUNT_TAB),
        lesson="A service account whose password expires breaks its service on a schedule; "
        'set "Password never expires" (and rotate it deliberately).',
    ),
    _lab(
        "locked-out",
        "Locked out by a forgotten script",
        "The site on {computer} fails for everyone since 09:00. Security says somebody's old "
        "script kept trying a wrong password against the web server.",
        ALL,
        "account-locked-out[threshold=5,duration_minutes=30]",
        "intermediate",
        (
            LOOK_LOG,
            "Look at the failures before the first 401: who tried which password?",
            '"Account active" says Locked: unlock the account (or wait out the lockout '
            "duration), and find the script.",
        ),
        references=(KB909887, ACCOUNT_TAB),
        lesson="Lockout counts bad passwords from any caller; the web site is the victim. "
        "With a lockout duration the account unlocks by itself; without, only an "
        "administrator unlocks it.",
    ),
    _lab(
        "locked-until-unlocked",
        "Locked until an administrator unlocks",
        "The site has been down for two hours and waiting has not helped.",
        ALL,
        "account-locked-out[threshold=3,duration_minutes=0]",
        "intermediate",
        (
            LOOK_LOG,
            "net accounts{d} shows the lockout duration: 'Never' means an "
            "administrator must unlock.",
            "Unlock the account in Local Users and Groups or Active Directory Users and Computers.",
        ),
        after_minutes=120,
        references=(KB909887, ACCOUNT_TAB),
    ),
    # -- the password IIS types ---------------------------------------------------------------
    _lab(
        "typo-in-iis",
        "A password typed twice",
        "We moved the site to a new configuration yesterday. Since then, 401.1 for everyone.",
        ALL,
        "password-mismatch[where=iis]",
        "intermediate",
        (
            LOOK_LOG,
            "The failure reason is a bad user name or password (1326 / 0xC000006A).",
            "IIS never shows the stored password: give the account a new one and type the same "
            "into IIS.",
        ),
        references=(KB909887,),
    ),
    _lab(
        "reset-behind-iis",
        "Reset behind IIS's back",
        "The security team rotated all service account passwords last night. The web site on "
        "{computer} broke at the same time.",
        LOCAL,
        "password-mismatch[where=account]",
        "intermediate",
        (
            LOOK_LOG,
            "1326: the password IIS has is not the account's any more.",
            "Set a new password on the account and the same one in IIS.",
        ),
        references=(KB909887,),
    ),
    _lab(
        "stale-password",
        "It worked for an hour",
        "The AD team reset the web account's password at 10:00. The site kept working, so "
        "they say it can not be that. Since 11:00 every visitor gets a logon box.",
        MEMBERS,
        "password-mismatch[where=account]",
        "advanced",
        (
            LOOK_LOG,
            "A domain controller keeps accepting the previous password for network logons for a "
            "while after a reset (OldPasswordAllowedPeriod, 60 minutes).",
            "After that hour the stored password fails: reset it again and type it into IIS.",
        ),
        after_minutes=61,
        references=(KB909887, "KB 906305: previous password allowed for NTLM network access"),
    ),
    _lab(
        "typo-in-user",
        "Who is IUSR?",
        "After someone 'cleaned up' the IIS settings, every visitor gets 401.1.",
        ALL,
        "account-not-found[how=typo]",
        "beginner",
        (
            LOOK_LOG,
            "The audit names an account that does not exist (0xC0000064).",
            "Compare the user name IIS has with net user's list of accounts.",
        ),
        references=(KB909887,),
    ),
    _lab(
        "deleted-account",
        "An account deleted by mistake",
        "An administrator deleted 'unused' accounts on Friday. The site has refused visitors "
        "since. Recreate what is needed, with a password that does not expire.",
        ("iis6-local", "iis10-local", "iis10-domain"),
        "account-not-found[how=deleted]",
        "advanced",
        (
            LOOK_LOG,
            "The account IIS names does not exist any more.",
            "Recreate it with a new password (never expiring), give back its group memberships "
            "and folder permissions (a new account is a new SID), and type the password into IIS.",
        ),
        asks=("never-expires",),
        references=(KB909887,),
    ),
    _lab(
        "iis5-upgrade",
        "The IIS 5 leftover",
        "{computer} was upgraded from Windows 2000 years ago. After last night's password "
        "rotation the site asks every visitor for a password.",
        ("iis6-local", "iis6-domain"),
        "password-sync-unusable",
        "advanced",
        (
            LOOK_LOG,
            "adsutil.vbs get w3svc/1/root/AnonymousPasswordSync: IIS 5 let IIS keep the "
            "password in step; IIS 6 in worker process isolation mode can not.",
            "Turn AnonymousPasswordSync off, set a known password on the account and in IIS.",
        ),
        references=(KB909887,),
    ),
    # -- rights and policy --------------------------------------------------------------------
    _lab(
        "guests-denied",
        "Deny access to Guests",
        "The security team applied a hardening baseline to {computer}. Since then every "
        "anonymous visitor gets 401.1.",
        IIS6,
        "logon-right-denied[via=guests,layer=local]",
        "intermediate",
        (
            LOOK_LOG,
            "The failure says the user has not been granted the logon type (0xC000015B).",
            "Which deny rights hold a group the account is in (net user {user}: Local Group "
            "Memberships)? secedit /export /cfg C:\\policy.inf, then type C:\\policy.inf.",
        ),
        references=(KB909887, RIGHTS),
        lesson="A deny right wins over any allow right; on IIS 6 the anonymous account is a "
        "member of Guests, so 'deny Guests' denies the web site.",
    ),
    _lab(
        "account-denied",
        "Denied by name",
        "Someone added the web account to a deny right 'because it should not log on'.",
        ALL,
        "logon-right-denied[via=account,layer=local]",
        "intermediate",
        (
            LOOK_LOG,
            "0xC000015B: the logon type is not granted.",
            "secedit /export /cfg C:\\policy.inf and look for the account in the deny rights.",
        ),
        references=(KB909887, RIGHTS),
    ),
    _lab(
        "gpo-deny",
        "The policy that comes back",
        "We removed the web account from the deny right on {computer} twice; each time the "
        "site broke again within the hour.",
        DOMAIN,
        "logon-right-denied[via=account,layer=gpo]",
        "advanced",
        (
            LOOK_LOG,
            "gpresult /scope computer /v shows which GPO sets the deny right.",
            "A GPO overrides local policy at each refresh: edit the GPO, then gpupdate /force.",
        ),
        references=(KB909887, RIGHTS),
        lesson="Where a GPO defines a user right, local changes last only until the next "
        "policy refresh: fix it in the GPO.",
    ),
    _lab(
        "network-right-missing",
        "Hardened too far",
        "An auditor asked us to limit who may log on to {computer} over the network. The web "
        "site has refused visitors ever since.",
        ALL,
        "logon-right-missing",
        "advanced",
        (
            LOOK_LOG,
            "0xC000015B again, but no deny right lists the account or its groups.",
            "The allow right for IIS's logon type ({allow}) holds only Administrators now: grant "
            "it to the anonymous account (and nothing wider).",
        ),
        references=(KB909887, RIGHTS),
    ),
    _lab(
        "anonymous-off",
        "Anonymous access unticked",
        "A developer 'secured' the site on {computer}. Now even the home page asks for a "
        "password. The site must stay public.",
        ALL,
        "anonymous-disabled",
        "beginner",
        (
            LOOK_IIS_LOG,
            "401.2 is not a logon failure: IIS did not even try the anonymous account.",
            "Turn anonymous authentication back on for the site.",
        ),
        references=(KB909887,),
    ),
    _lab(
        "acl-deny",
        "A deny on the content",
        "After a script 'fixed permissions' on the web folders, visitors get an error page.",
        ALL,
        "content-acl-denied[via=account]",
        "intermediate",
        (
            LOOK_IIS_LOG,
            "401.3 is the file system refusing the anonymous identity.",
            "icacls {folder} shows a deny entry: remove it.",
        ),
        references=(KB909887, ICACLS),
    ),
    _lab(
        "guests-acl-deny",
        "Guests denied the content",
        "The new file server baseline was applied to {computer} by mistake; the site now "
        "answers with an error.",
        IIS6,
        "content-acl-denied[via=guests]",
        "intermediate",
        (
            LOOK_IIS_LOG,
            "401.3: the content's ACL denies a group the account is in.",
            "icacls {folder}: remove the deny for Guests.",
        ),
        references=(KB909887, ICACLS),
    ),
    # -- the LSA and the Security log ---------------------------------------------------------
    _lab(
        "crash-value",
        "Only administrators may log on",
        "Visitors get 401.1, and so do some of our service accounts. Administrators can still "
        "log on. Someone was 'tuning the registry' last week.",
        ALL,
        "crash-on-audit-fail[how=registry]",
        "intermediate",
        (
            LOOK_IIS_LOG,
            "reg query {lsa} /v CrashOnAuditFail",
            "2 means the machine stopped once because it could not audit: only administrators may "
            "log on until it is reset (and the machine restarted).",
        ),
        references=(KB909887, KB832981),
    ),
    _lab(
        "crashed-full-log",
        "The morning after the blue screen",
        "{computer} stopped with a blue screen last night and restarted. Since then the site "
        "wants a password.",
        ALL,
        "crash-on-audit-fail[how=full-log]",
        "advanced",
        (
            LOOK_IIS_LOG,
            "The System log (wevtutil qe System, or eventquery.vbs /L System on "
            "2003) tells why it stopped; reg query {lsa} /v CrashOnAuditFail.",
            "The Security log is full and does not overwrite. KB 832981: save and clear it, let it "
            "overwrite, set CrashOnAuditFail back to 1, restart.",
        ),
        references=(KB909887, KB832981),
    ),
    _lab(
        "log-full",
        "A log that must not overwrite",
        "Compliance set the Security log on {computer} to 'never overwrite'. It is nearly "
        "full. Make sure the server does not stop, without losing the audits.",
        ALL,
        "security-log-full",
        "advanced",
        (
            "Look at the Security log's properties (wevtutil gl Security, or Event Viewer). "
            "If the server stopped, it restarts by itself within 3 minutes (wait 3m), or power "
            "cycle it.",
            "reg query {lsa} /v CrashOnAuditFail: with 1, the first audit that can not be written "
            "stops the machine.",
            "Save and clear the log, and let it overwrite (or archive) when full.",
        ),
        references=(KB832981,),
    ),
    _lab(
        "audit-off",
        "Blind",
        "Task: the security team says that failed logons on {computer} are not audited any "
        "more, so they can not investigate anything. Turn auditing of logon failures back on.",
        ALL,
        "logon-audit-disabled",
        "beginner",
        (
            "auditpol /get /category:* (2008+) or secedit /export (2003): 'Audit logon events'.",
            "On a domain controller the audit policy comes from the Default Domain Controllers "
            "Policy: gpresult /scope computer /v.",
            "Audit logon failures again, where the setting comes from.",
        ),
        references=(KB909887, AUDIT),
    ),
    # -- time and caches ----------------------------------------------------------------------
    _lab(
        "token-cache",
        "Fine for now",
        "The security team disabled the web account at 09:00 'by mistake'. The site still "
        "works, so they will not undo it. The team lead says it will fall over any minute. "
        "Prove it, and fix it before it does.",
        ALL,
        "account-disabled",
        "advanced",
        (
            "IIS caches the anonymous token (UserTokenTTL, 15 minutes by default): a change "
            "shows only when the cached token expires or IIS restarts.",
            "iisreset, then browse: the cached token is gone.",
            LOOK_USER,
        ),
        warm_cache=True,
        references=(KB909887, KB152526),
    ),
    _lab(
        "lockout-waits",
        "It fixed itself... for a while",
        "The site was down at 09:00 and back at 09:30 without anybody doing anything. Find "
        "out what happened and make sure it is unlocked now.",
        ALL,
        "account-locked-out[threshold=5,duration_minutes=30]",
        "intermediate",
        (
            LOOK_LOG,
            "net accounts{d}: the lockout duration is 30 minutes.",
            "Unlock it now rather than wait, and find whoever keeps trying a wrong password.",
        ),
        after_minutes=10,
        references=(KB909887,),
    ),
    # -- several faults at once ---------------------------------------------------------------
    _lab(
        "disabled-and-expired",
        "One fix is not enough",
        "The site fails. A colleague enabled the account an hour ago and it still fails.",
        ALL,
        ("account-expired", "account-disabled"),
        "intermediate",
        (
            LOOK_LOG,
            "LogonUser reports one reason at a time: fix one, browse, read the next.",
            LOOK_USER,
        ),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "denied-and-locked",
        "Two teams, two changes",
        "The hardening team and the red team both worked on {computer} this week. The site "
        "is down.",
        ALL,
        (
            "logon-right-denied[via=account,layer=local]",
            "account-locked-out[threshold=5,duration_minutes=30]",
        ),
        "advanced",
        (
            LOOK_LOG,
            "Fix the reason the audit shows, then browse again: the next one appears.",
            "A deny right and a lockout.",
        ),
        references=(KB909887, RIGHTS),
    ),
    _lab(
        "password-and-acl",
        "401.1, then 401.3",
        "We moved the site's configuration and re-applied folder permissions. Nothing works.",
        ALL,
        ("content-acl-denied[via=account]", "password-mismatch[where=iis]"),
        "advanced",
        (
            LOOK_IIS_LOG,
            "After the logon works, the file system has its say (401.3).",
            "A password out of step, and a deny entry on the content.",
        ),
        references=(KB909887, ICACLS),
    ),
    _lab(
        "blind-and-disabled",
        "Nothing in the log",
        "The site asks for a password and the Security log shows nothing at all about it.",
        ALL,
        ("logon-audit-disabled", "account-disabled"),
        "advanced",
        (
            "No 4625/529-539: are failures audited at all? auditpol /get /category:* or "
            "secedit /export.",
            "Turn failure auditing on, browse, then read the audit.",
            LOOK_USER,
        ),
        references=(KB909887, AUDIT),
    ),
    _lab(
        "full-log-and-expired",
        "A long weekend",
        "Nobody looked at {computer} for six weeks. The site is down and the Security log is full.",
        ALL,
        ("password-expired", "security-log-full"),
        "advanced",
        (
            "Careful: with CrashOnAuditFail = 1 and a full log, one more audit stops the server "
            "(it restarts by itself within 3 minutes, with CrashOnAuditFail = 2).",
            "Clear the log safely first, then read the failure.",
            "The password expired: make it never expire.",
        ),
        asks=("never-expires",),
        references=(KB909887, KB832981),
    ),
    _lab(
        "upgrade-leftovers",
        "Everything the upgrade left behind",
        "{computer} came from Windows 2000 and had a hardening baseline applied after the "
        "upgrade. The site refuses everybody.",
        ("iis6-local",),
        ("logon-right-denied[via=guests,layer=local]", "password-sync-unusable"),
        "advanced",
        (
            LOOK_LOG,
            "0xC000015B: a deny right through Guests. Then the password.",
            "AnonymousPasswordSync is on: IIS 6 can not use it.",
        ),
        references=(KB909887, RIGHTS),
    ),
    _lab(
        "hardening-gone-wrong",
        "The auditor's checklist",
        "An auditor's checklist was applied to {computer}: no network logons for ordinary "
        "accounts, and 'less noise' in the Security log. The site is down and the log says "
        "nothing.",
        ("iis6-local", "iis6-domain", "iis10-local", "iis10-domain"),
        ("logon-audit-disabled", "logon-right-missing"),
        "advanced",
        (
            "Are failures audited? Turn them on first.",
            "Then browse and read the audit.",
            "{allow} no longer holds the anonymous account or its groups.",
        ),
        references=(KB909887, RIGHTS, AUDIT),
    ),
    _lab(
        "three-restrictions",
        "Belt, braces and a timer",
        "A colleague 'locked down' the web account on Friday: an end date, the computers it "
        "may use, and the hours. The site is down.",
        ALL,
        ("logon-hours", "workstation-restriction", "account-expired"),
        "advanced",
        (LOOK_LOG, LOOK_USER, "Three account restrictions, reported one at a time."),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "must-change-domain",
        "The helpdesk's usual box",
        "The helpdesk reset the web account in Active Directory and ticked 'User must change "
        "password at next logon', as they always do.",
        MEMBERS,
        "password-must-change",
        "intermediate",
        (
            LOOK_LOG,
            "net user {user} /domain: 'Password last set' is blank.",
            "Clear it in Active Directory Users and Computers, and make it never expire.",
        ),
        asks=("never-expires",),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "expired-and-locked",
        "The leaver's script",
        "A contractor left on Friday: his accounts were given an end date, and his old "
        "monitoring script has been hammering the web server with a stale password since.",
        MEMBERS,
        ("account-expired", "account-locked-out[threshold=3,duration_minutes=0]"),
        "advanced",
        (
            LOOK_LOG,
            "net user {user} /domain: locked, and an end date in the past.",
            "Unlock it in Active Directory Users and Computers and clear the end date (and stop "
            "the script).",
        ),
        references=(KB909887, ACCOUNT_TAB),
    ),
    _lab(
        "dc-rights",
        "A web site on a domain controller",
        "The intranet runs on the domain controller {computer} (we know). After the domain "
        "hardening it refuses visitors.",
        ("iis6-dc",),
        "logon-right-missing",
        "advanced",
        (
            LOOK_LOG,
            "On a domain controller, user rights come from the Default Domain "
            "Controllers Policy: gpresult /scope computer /v.",
            "Grant the right in that GPO, then gpupdate /force.",
        ),
        references=(KB909887, RIGHTS),
    ),
    _lab(
        "crash-and-deny",
        "After the blue screen, the baseline",
        "{computer} had a blue screen on Monday; on Tuesday the hardening baseline arrived. "
        "The site has been down since Monday.",
        ("iis6-local",),
        ("crash-on-audit-fail[how=registry]", "logon-right-denied[via=guests,layer=local]"),
        "advanced",
        (
            LOOK_IIS_LOG,
            "reg query {lsa} /v CrashOnAuditFail first.",
            "Then the deny right through Guests.",
        ),
        references=(KB909887, KB832981, RIGHTS),
    ),
)

BY_ID = {lab.id: lab for lab in LABS}


def lab_named(lab_id: str) -> LabSpec:
    wanted = lab_id.strip().lower()
    if wanted not in BY_ID:
        raise ModelError(
            f"there is no lab {lab_id!r} (authlab lab list shows them)", subject=lab_id
        )
    return BY_ID[wanted]
