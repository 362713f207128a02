"""The catalogue's faults as a real Server Core IIS container holds them: for each fault id and
variant label (`simulator.faults.catalogue.variants`), the argv lists an administrator runs to
make it and to repair it, or the sentence saying why a container can not hold it.

Everything is argv (`authlab.backends.container.transport`); PowerShell only through
`authlab.backends.container.powershell.encoded`. A recipe is a small function of a `Context` (the
harness's password, the server's date, the baseline the snapshot read), so the same baseline
gives the same commands: the golden files in ``tests/golden/container/`` hold them.

Why each recipe is the way it is (Windows facts, with where they are documented):

- The anonymous account is a custom local account, ``IUSR_AUTHLAB`` (`ACCOUNT`), created with
  ``net user ... /add`` and set with ``appcmd set config -section:...anonymousAuthentication
  /userName: /password: /commit:apphost``: the built-in IUSR is no SAM account, so none of the
  account states of KB 909887 can be given to it (learn.microsoft.com, "Understanding Built-In
  User and Group Accounts in IIS").
- Every make and repair ends with ``appcmd recycle apppool``: IIS keeps the anonymous token for
  UserTokenTTL (900 s; learn.microsoft.com, "Changing the Default Behavior for Managing the
  User Token Cache"), so a change is seen only by a new worker process. ``iisreset`` or
  ``net stop w3svc`` would end the container: the image's entry point, ServiceMonitor.exe,
  exits when W3SVC stops (github.com/microsoft/IIS.ServiceMonitor README).
- User rights: Server Core has no ntrights.exe (it was a Resource Kit tool). The built-in way
  is secedit: a template holding only ``[Privilege Rights]`` and the one right, applied with
  ``secedit /configure /db ... /cfg ... /overwrite /areas USER_RIGHTS`` (learn.microsoft.com,
  "secedit /configure"). A right in a template replaces the whole list, so the template lists
  the baseline's principals plus (or without) the one changed; the repair writes the
  baseline's list back, empty when the baseline had none.
- Unlocking: ADSI's WinNT provider, ``IsAccountLocked = $false`` then ``SetInfo()``
  (learn.microsoft.com, "Account Lockout (WinNT Provider)": it can only be set to False).
- "Password never expires" has no net user switch: ``Set-LocalUser -PasswordNeverExpires``
  (Microsoft.PowerShell.LocalAccounts, on Server 2016 and later).
- Failed network logons for a lockout: `PrincipalContext.ValidateCredentials` on the machine
  store (System.DirectoryServices.AccountManagement), each a logon with a wrong password.
- Dates for ``net user /expires:`` are the server's short date; the image runs en-US
  (M/D/YYYY), which ``net help user`` names as one of the accepted forms.
- Group names ("Guests") are the en-US image's; icacls takes the group as ``*S-1-5-32-546``.
- The Logon subcategory of auditpol is named by its GUID, which no language changes
  (learn.microsoft.com, "auditpol set").

A password in an argv is a `Secret` in the `Command`; its repr and `Command.shown` print
``********`` in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Final

import attrs

from simulator.faults.catalogue import variants
from winfacts.secret import Secret

from ..base import UnavailableBackend
from .powershell import encoded, quoted

ACCOUNT: Final = "IUSR_AUTHLAB"
SITE_ROOT: Final = r"C:\inetpub\wwwroot"
WORK: Final = r"C:\authlab"
POOL: Final = "DefaultAppPool"
SECTION: Final = "system.webServer/security/authentication/anonymousAuthentication"
SYSTEM32: Final = r"C:\Windows\System32"
APPCMD: Final = SYSTEM32 + r"\inetsrv\appcmd.exe"
NET: Final = SYSTEM32 + r"\net.exe"
ICACLS: Final = SYSTEM32 + r"\icacls.exe"
SECEDIT: Final = SYSTEM32 + r"\secedit.exe"
AUDITPOL: Final = SYSTEM32 + r"\auditpol.exe"
#: The Logon subcategory (auditpol /list /subcategory:* /v).
LOGON_SUBCATEGORY: Final = "{0CCE9215-69AE-11D9-BED3-505054503030}"
GUESTS_SID: Final = "*S-1-5-32-546"
ADMINISTRATORS_SID: Final = "*S-1-5-32-544"
RIGHTS_INF: Final = WORK + r"\rights.inf"
RIGHTS_DB: Final = WORK + r"\rights.sdb"
#: Seconds: most commands return at once; secedit and a recycle can take a while under load.
TIMEOUT: Final = 60.0
SLOW: Final = 180.0

MASK: Final = "********"

#: Capabilities probed at start (`authlab.backends.container.backend`), which some faults need.
FAILURE_AUDIT: Final = "failure-audit"  # a failed logon writes 4625 to the Security log
WORKSTATIONS: Final = "workstations"  # net user /workstations: refuses IIS's logon
EXPIRY: Final = "expiry"  # net user /expires: refuses IIS's logon


def _strings(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(values)


def _secrets(values: Sequence[Secret]) -> tuple[Secret, ...]:
    return tuple(values)


@attrs.frozen
class Command:
    """One argv to run, with the passwords it carries (shown masked), its timeout and the exit
    codes that mean it worked."""

    argv: tuple[str, ...] = attrs.field(converter=_strings, repr=False)
    secrets: tuple[Secret, ...] = attrs.field(default=(), converter=_secrets, repr=False)
    timeout: float = TIMEOUT
    ok: tuple[int, ...] = (0,)

    @property
    def program(self) -> str:
        return self.argv[0].rpartition("\\")[2]

    @property
    def shown(self) -> tuple[str, ...]:
        """The argv with every password replaced by ``********``."""
        return tuple(mask(arg, self.secrets) for arg in self.argv)

    def __repr__(self) -> str:
        return f"Command({list(self.shown)!r})"


def mask(text: str, secrets: Sequence[Secret]) -> str:
    """``text`` with each password in ``secrets`` replaced by ``********``."""
    for secret in secrets:
        value = secret.reveal()
        if value:
            text = text.replace(value, MASK)
    return text


def run(*argv: str, secrets: Sequence[Secret] = (), timeout: float = TIMEOUT) -> Command:
    return Command(argv, secrets, timeout)


def powershell(script: str, *, timeout: float = TIMEOUT) -> Command:
    """A PowerShell script as one argv. No password ever goes into a script: base64 would hide
    it from `mask`."""
    return Command(encoded(script), (), timeout)


@attrs.frozen
class Lockout:
    """The account lockout policy (net accounts): 0 threshold means never."""

    threshold: int = 0
    duration: int = 30
    window: int = 30


@attrs.frozen
class Context:
    """What a recipe depends on: the passwords (the harness's and another one), the server's
    local date, and the baseline the snapshot read at start."""

    password: Secret
    other_password: Secret
    today: date
    rights: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    lockout: Lockout = Lockout()
    audit_logon: tuple[bool, bool] = (True, True)  # (success, failure) of the Logon subcategory
    capabilities: Mapping[str, bool | None] = attrs.field(factory=dict)


# -- the building blocks ---------------------------------------------------------------------


def recycle() -> Command:
    return run(APPCMD, "recycle", "apppool", f"/apppool.name:{POOL}")


def net_user(*switches: str) -> Command:
    return run(NET, "user", ACCOUNT, *switches)


def set_anonymous(*switches: str, secrets: Sequence[Secret] = ()) -> Command:
    section = f"-section:{SECTION}"
    return run(APPCMD, "set", "config", section, *switches, "/commit:apphost", secrets=secrets)


def set_password(password: Secret) -> Command:
    """The account's password (net user NAME PASSWORD)."""
    return run(NET, "user", ACCOUNT, password.reveal(), secrets=[password])


def set_iis_password(password: Secret) -> Command:
    return set_anonymous(f"/password:{password.reveal()}", secrets=[password])


def create_account(password: Secret) -> list[Command]:
    """The account as the harness sets it up: created, its password never expiring (the image's
    policy expires passwords after 42 days), and typed into IIS."""
    return [
        run(NET, "user", ACCOUNT, password.reveal(), "/add", secrets=[password]),
        password_never_expires(True),
        set_anonymous(f"/userName:{ACCOUNT}", f"/password:{password.reveal()}", secrets=[password]),
    ]


def password_never_expires(value: bool) -> Command:
    flag = "$true" if value else "$false"
    return powershell(f"Set-LocalUser -Name {quoted(ACCOUNT)} -PasswordNeverExpires {flag}")


def guests(add: bool) -> Command:
    return run(NET, "localgroup", "Guests", ACCOUNT, "/add" if add else "/delete")


def rights_template(right: str, principals: Sequence[str]) -> list[Command]:
    """Write a template holding only ``right`` = ``principals`` and apply it to the user
    rights; an empty list takes the right from everyone."""
    lines = [
        "[Unicode]",
        "Unicode=yes",
        "[Version]",
        'signature="$CHICAGO$"',
        "Revision=1",
        "[Privilege Rights]",
        f"{right} = {','.join(principals)}".rstrip(),
    ]
    body = ", ".join(quoted(line) for line in lines)
    write = powershell(
        f"Set-Content -LiteralPath {quoted(RIGHTS_INF)} -Encoding Unicode -Value @({body})"
    )
    apply = run(
        SECEDIT,
        "/configure",
        "/db",
        RIGHTS_DB,
        "/cfg",
        RIGHTS_INF,
        "/overwrite",
        "/areas",
        "USER_RIGHTS",
        "/quiet",
        timeout=SLOW,
    )
    return [write, apply]


def _with(principals: Sequence[str], extra: str) -> list[str]:
    listed = list(principals)
    if extra.lower() not in (p.lower() for p in listed):
        listed.append(extra)
    return listed


def failed_logons(count: int) -> Command:
    """``count`` logons of the account with a wrong password, as a script with an old one
    would make them."""
    return powershell(
        "Add-Type -AssemblyName System.DirectoryServices.AccountManagement\n"
        "$context = New-Object System.DirectoryServices.AccountManagement.PrincipalContext("
        "'Machine')\n"
        f"foreach ($attempt in 1..{count}) {{ [void]$context.ValidateCredentials("
        f"{quoted(ACCOUNT)}, 'not-the-password') }}"
    )


def unlock() -> Command:
    return powershell(
        f"$user = [ADSI]{quoted('WinNT://./' + ACCOUNT + ',user')}\n"
        "$user.IsAccountLocked = $false\n"
        "$user.SetInfo()"
    )


def net_date(day: date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


_DAY_CODES: Final = ("Su", "M", "T", "W", "Th", "F", "Sa")


def _audit(success: bool, failure: bool) -> Command:
    return run(
        AUDITPOL,
        "/set",
        f"/subcategory:{LOGON_SUBCATEGORY}",
        f"/success:{'enable' if success else 'disable'}",
        f"/failure:{'enable' if failure else 'disable'}",
    )


# -- the recipes -----------------------------------------------------------------------------

Steps = Callable[[Context], list[Command]]


@attrs.frozen
class Recipe:
    label: str
    make: Steps
    repair: Steps
    needs: tuple[str, ...] = ()  # capabilities (FAILURE_AUDIT, ...) the fault needs
    #: Container-only: not a variant of the catalogue (its fault id is).
    extra: bool = False


def _typo(ctx: Context) -> list[Command]:
    wrong = ACCOUNT[:-1] + ("l" if ACCOUNT[-1] != "l" else "I")
    return [set_anonymous(f"/userName:{wrong}")]


def _deleted_repair(ctx: Context) -> list[Command]:
    return create_account(ctx.password)


def _reset(ctx: Context) -> list[Command]:
    """KB 909887's fix: a known password on the account, and the same typed into IIS."""
    return [set_password(ctx.password), set_iis_password(ctx.password)]


def _lockout(threshold: int, duration: int) -> Recipe:
    window = min(30, duration) if duration else 30

    def make(ctx: Context) -> list[Command]:
        return [
            run(
                NET,
                "accounts",
                f"/lockoutthreshold:{threshold}",
                f"/lockoutduration:{duration}",
                f"/lockoutwindow:{window}",
            ),
            failed_logons(threshold),
        ]

    def repair(ctx: Context) -> list[Command]:
        base = ctx.lockout
        # Duration and window first, while a threshold is set: they describe a lockout.
        return [
            unlock(),
            run(
                NET,
                "accounts",
                f"/lockoutduration:{base.duration}",
                f"/lockoutwindow:{base.window}",
            ),
            run(NET, "accounts", f"/lockoutthreshold:{base.threshold}"),
        ]

    label = f"account-locked-out[threshold={threshold},duration_minutes={duration}]"
    return Recipe(label, make, repair)


def _expired(ctx: Context) -> list[Command]:
    return [net_user(f"/expires:{net_date(ctx.today - timedelta(days=1))}")]


def _hours(ctx: Context) -> list[Command]:
    # Office hours two days from now: the hour it is now is never in them.
    day = _DAY_CODES[(ctx.today.isoweekday() + 2) % 7]
    return [net_user(f"/times:{day},9AM-5PM")]


def _right(ctx: Context, right: str) -> tuple[str, ...]:
    return tuple(ctx.rights.get(right, ()))


def _deny(principal: str, *, via_guests: bool) -> Recipe:
    right = "SeDenyNetworkLogonRight"  # logon type 8, IIS 7+'s default ClearText

    def make(ctx: Context) -> list[Command]:
        steps = [guests(True)] if via_guests else []
        return steps + rights_template(right, _with(_right(ctx, right), principal))

    def repair(ctx: Context) -> list[Command]:
        steps = rights_template(right, _right(ctx, right))
        return steps + ([guests(False)] if via_guests else [])

    via = "guests" if via_guests else "account"
    return Recipe(f"logon-right-denied[via={via},layer=local]", make, repair)


def _network_right_missing(ctx: Context) -> list[Command]:
    return rights_template("SeNetworkLogonRight", [ADMINISTRATORS_SID])


def _network_right_back(ctx: Context) -> list[Command]:
    return rights_template("SeNetworkLogonRight", _right(ctx, "SeNetworkLogonRight"))


#: Who holds the batch right for every member of Users (Everyone, Users, Authenticated Users).
_EVERY_USER: Final = ("*s-1-1-0", "*s-1-5-32-545", "*s-1-5-11", ACCOUNT.lower())


def _batch(ctx: Context) -> list[Command]:
    holders = {p.lower() for p in _right(ctx, "SeBatchLogonRight")}
    if holders & set(_EVERY_USER):
        raise UnavailableBackend(
            f"the baseline grants SeBatchLogonRight to {ACCOUNT} already, so LogonMethod Batch "
            "can not fail for want of it"
        )
    return [set_anonymous("/logonMethod:Batch")]


def _acl(trustee: str, *, via_guests: bool) -> Recipe:
    def make(ctx: Context) -> list[Command]:
        steps = [guests(True)] if via_guests else []
        return [*steps, run(ICACLS, SITE_ROOT, "/deny", f"{trustee}:(OI)(CI)(R)")]

    def repair(ctx: Context) -> list[Command]:
        # The account had no allow entry of its own at the baseline (it reads through Users),
        # so removing the deny entry is the whole repair.
        steps = [run(ICACLS, SITE_ROOT, "/remove:d", trustee)]
        return steps + ([guests(False)] if via_guests else [])

    via = "guests" if via_guests else "account"
    return Recipe(f"content-acl-denied[via={via}]", make, repair)


def _no_failure_audit(ctx: Context) -> list[Command]:
    return [_audit(ctx.audit_logon[0], False)]


def _audit_back(ctx: Context) -> list[Command]:
    return [_audit(*ctx.audit_logon)]


def _fixed(*commands: Command) -> Steps:
    return lambda ctx: list(commands)


RECIPES: Final[tuple[Recipe, ...]] = (
    Recipe("account-not-found[how=typo]", _typo, _fixed(set_anonymous(f"/userName:{ACCOUNT}"))),
    Recipe("account-not-found[how=deleted]", _fixed(net_user("/delete")), _deleted_repair),
    Recipe(
        "password-mismatch[where=iis]", lambda ctx: [set_iis_password(ctx.other_password)], _reset
    ),
    Recipe(
        "password-mismatch[where=account]", lambda ctx: [set_password(ctx.other_password)], _reset
    ),
    Recipe("account-disabled", _fixed(net_user("/active:no")), _fixed(net_user("/active:yes"))),
    _lockout(5, 30),
    _lockout(3, 0),
    Recipe("account-expired[days_ago=1]", _expired, _fixed(net_user("/expires:never")), (EXPIRY,)),
    Recipe(
        "password-must-change",
        _fixed(password_never_expires(False), net_user("/logonpasswordchg:yes")),
        _fixed(net_user("/logonpasswordchg:no"), password_never_expires(True)),
    ),
    Recipe(
        "workstation-restriction[workstations=OTHERPC]",
        _fixed(net_user("/workstations:OTHERPC")),
        _fixed(net_user("/workstations:*")),
        (WORKSTATIONS,),
    ),
    Recipe("logon-hours[times=None]", _hours, _fixed(net_user("/times:all"))),
    _deny(GUESTS_SID, via_guests=True),
    _deny(ACCOUNT, via_guests=False),
    Recipe("logon-right-missing", _network_right_missing, _network_right_back),
    Recipe(
        "logon-right-missing[logon_method=Batch]",
        _batch,
        _fixed(set_anonymous("/logonMethod:ClearText")),
        extra=True,
    ),
    Recipe(
        "anonymous-disabled",
        _fixed(set_anonymous("/enabled:false")),
        _fixed(set_anonymous("/enabled:true")),
    ),
    _acl(ACCOUNT, via_guests=False),
    _acl(GUESTS_SID, via_guests=True),
    Recipe("logon-audit-disabled", _no_failure_audit, _audit_back, (FAILURE_AUDIT,)),
)

_CLOCK: Final = (
    "the password's age grows only with the server's clock, which can not be moved on a real "
    "server, and net accounts /maxpwage: counts whole days"
)
_SHARED_KERNEL: Final = (
    "CrashOnAuditFail stops the machine when an audit can not be written, and a container "
    "shares its kernel with the host: the harness never sets it"
)

#: Variants of the catalogue a container can not hold, and why (the `UnavailableBackend` text).
REFUSED: Final[Mapping[str, str]] = {
    "password-sync-unusable": (
        "AnonymousPasswordSync is IIS 6's (a metabase property); the container runs IIS 10"
    ),
    "password-expired[max_age_days=42,age_days=60]": _CLOCK,
    "logon-right-denied[via=account,layer=gpo]": (
        "a domain group policy needs a domain; the container is a workgroup server"
    ),
    "crash-on-audit-fail[how=registry]": _SHARED_KERNEL,
    "crash-on-audit-fail[how=full-log]": _SHARED_KERNEL,
    "security-log-full[max_size=1048576]": (
        "a full Security log matters through CrashOnAuditFail = 1, which the harness never sets "
        "on a kernel the container shares with the host"
    ),
}


def catalogue_labels() -> tuple[str, ...]:
    return tuple(fault.label for fault in variants())


def recipe(label: str) -> Recipe:
    """The recipe for a fault variant's label (any case), or `UnavailableBackend` saying why a
    container can not hold it."""
    wanted = label.strip().lower()
    for found in RECIPES:
        if found.label.lower() == wanted:
            return found
    for refused, why in REFUSED.items():
        if refused.lower() == wanted:
            raise UnavailableBackend(f"{refused}: {why}")
    if wanted in (known.lower() for known in catalogue_labels()):
        raise UnavailableBackend(f"{label}: the container backend has no recipe for it")
    raise UnavailableBackend(f"{label!r} is not a fault variant of the catalogue")


def holdable() -> tuple[str, ...]:
    return tuple(r.label for r in RECIPES)


def _checked(found: Recipe, ctx: Context) -> None:
    for need in found.needs:
        if ctx.capabilities.get(need) is not True:
            state = {None: "could not be probed", False: "was probed and does not hold"}
            raise UnavailableBackend(
                f"{found.label} needs {need!r}, which {state[ctx.capabilities.get(need)]} "
                "in this container"
            )


def make(label: str, ctx: Context) -> list[Command]:
    """The commands that make the fault, ending with the recycle that makes IIS see it."""
    found = recipe(label)
    _checked(found, ctx)
    return [*found.make(ctx), recycle()]


def repair(label: str, ctx: Context) -> list[Command]:
    """The commands that repair the fault back to the baseline, ending with a recycle."""
    found = recipe(label)
    return [*found.repair(ctx), recycle()]
