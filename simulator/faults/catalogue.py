"""One fault per finding id (contract section 4), each made the way an administrator makes it.

Parameters choose among the real ways a cause arises (a wrong password typed into the metabase or
an account password changed behind IIS's back; a deny right through Guests or on the account; in
local policy or a domain GPO). ``variants`` lists the parameter sets the tests sweep.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

import attrs

from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.ntstatus import ERROR_ACCESS_DENIED, Outcome
from winfacts.rights import rights_for
from winfacts.secret import Secret

from ..admin import anonymous as anon
from ..admin import net, secpol, system
from ..admin.icacls_tool import icacls
from ..eventlog import Retention
from ..host import Host
from ..logon import Caller, logon_user
from ..registry import LSA
from .base import Fault, Symptoms, anonymous_account, logon_failure

_NET_USE = Caller(r"C:\Windows\System32\svchost.exe", 4)  # the Server service taking \\WEB01\IPC$


def _account(host: Host) -> tuple[str, bool]:
    account, user, _ = anonymous_account(host)
    if account is None:
        raise ModelError(f"the anonymous account {user!r} does not exist on this host")
    return account.name, account.is_domain


def _new_password(host: Host, tag: str) -> Secret:
    # Deterministic per host and boot, so a seed reproduces the run; never shown anywhere.
    return Secret(f"{tag}-{host.computer_name}-{host.boot_count}-{len(host.security_log)}!aB7")


def _reset_password(host: Host) -> None:
    """KB 909887's fix: give the account a known password and type the same one into IIS."""
    name, domain = _account(host)
    password = _new_password(host, "Reset")
    net.user_set(host, name, domain=domain, password=password)
    anon.set_password(host, password)


class _NetUserFault(Fault):
    """A fault made with one `net user` change and mended with another."""

    outcome: ClassVar[Outcome]

    def breaks(self, host: Host) -> dict[str, object]:
        raise NotImplementedError

    def mends(self, host: Host) -> dict[str, object]:
        raise NotImplementedError

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        net.user_set(host, name, domain=domain, **self.breaks(host))  # type: ignore[arg-type]

    def repair(self, host: Host) -> None:
        name, domain = _account(host)
        net.user_set(host, name, domain=domain, **self.mends(host))  # type: ignore[arg-type]

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, self.outcome)


@attrs.define
class AccountNotFound(Fault):
    id: ClassVar[str] = "account-not-found"
    how: str = "typo"  # "typo": a misspelt name typed into IIS; "deleted": the account removed

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        if self.how == "typo":
            settings = host.iis.settings_for("/")
            self.saved = {"user": settings.user_name}
            wrong = settings.user_name[:-1] + ("l" if settings.user_name[-1] != "l" else "I")
            anon.set_user(host, wrong)
        elif self.how == "deleted":
            self.saved = {"name": name, "domain": domain}
            net.user_delete(host, name, domain=domain)
        else:
            raise ModelError(f"account-not-found has no way {self.how!r}")

    def repair(self, host: Host) -> None:
        if self.how == "typo":
            anon.set_user(host, str(self.saved["user"]))
            return
        name, domain = str(self.saved["name"]), bool(self.saved["domain"])
        password = _new_password(host, "Recreated")
        net.user_add(host, name, password, domain=domain)
        net.set_password_never_expires(host, name, True, domain=domain)
        if host.iis.legacy:
            net.localgroup_add(host, "Guests", name)
            # A new account is a new SID: IIS 6's wwwroot ACL named the old one explicitly.
            folder = host.iis.settings_for("/").physical_path
            account, _, _ = anonymous_account(host)
            assert account is not None
            icacls(host, [folder, "/grant", f"{account.qualified}:(OI)(CI)(RX)"])
        anon.set_password(host, password)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.NO_SUCH_USER)

    saved: dict[str, object] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.define
class PasswordMismatch(Fault):
    id: ClassVar[str] = "password-mismatch"
    where: str = "iis"  # "iis": wrong password typed into IIS; "account": account reset alone
    saved: dict[str, object] = attrs.field(factory=dict, repr=False, eq=False)

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        if self.where == "iis":
            anon.set_password(host, _new_password(host, "Typo"))
        elif self.where == "account":
            password = _new_password(host, "Rotated")
            self.saved = {"password": password}
            net.user_set(host, name, domain=domain, password=password)
        else:
            raise ModelError(f"password-mismatch has no place {self.where!r}")

    def repair(self, host: Host) -> None:
        _reset_password(host)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.WRONG_PASSWORD)


@attrs.define
class PasswordSyncUnusable(Fault):
    """An IIS 5 upgrade left AnonymousPasswordSync on; IIS 6 in worker process isolation mode
    can not use subauthentication, logs on with the stored password, and that password has
    drifted from the account's (nothing kept it in step while sync vouched for it)."""

    id: ClassVar[str] = "password-sync-unusable"
    #: The stored password no longer logs the account on: that is password-mismatch's meaning.
    findings: ClassVar[tuple[str, ...]] = ("password-sync-unusable", "password-mismatch")

    def applies_to(self, host: Host) -> bool:
        return (
            host.iis.legacy
            and super().applies_to(host)
            and not host.iis.settings_for("/").iis5_isolation
        )

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        anon.set_password_sync(host, True)
        net.user_set(host, name, domain=domain, password=_new_password(host, "Drifted"))

    def repair(self, host: Host) -> None:
        anon.set_password_sync(host, False)
        _reset_password(host)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.WRONG_PASSWORD)


@attrs.define
class AccountDisabled(_NetUserFault):
    id: ClassVar[str] = "account-disabled"
    outcome: ClassVar[Outcome] = Outcome.ACCOUNT_DISABLED

    def breaks(self, host: Host) -> dict[str, object]:
        return {"active": False}

    def mends(self, host: Host) -> dict[str, object]:
        return {"active": True}


@attrs.define
class AccountLockedOut(Fault):
    """Someone (a script with an old password, a brute-force attempt) tried the account over
    the network until the lockout threshold; IIS's right password now meets a locked account."""

    id: ClassVar[str] = "account-locked-out"
    threshold: int = 5
    duration_minutes: int = 30  # 0: until an administrator unlocks

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        window = min(30, self.duration_minutes) if self.duration_minutes else 30
        net.accounts(
            host,
            domain=domain,
            lockoutthreshold=self.threshold,
            lockoutduration=self.duration_minutes,
            lockoutwindow=window,
        )
        authority = host.domain.authority if (domain and host.domain) else host.computer_name
        for _ in range(self.threshold):
            logon_user(
                host.logon_machine,
                name,
                authority,
                Secret("wrong"),
                3,
                _NET_USE,
                ip_address="192.0.2.99",
            )

    def repair(self, host: Host) -> None:
        name, domain = _account(host)
        net.unlock(host, name, domain=domain)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.LOCKED_OUT)


@attrs.define
class AccountExpired(_NetUserFault):
    id: ClassVar[str] = "account-expired"
    outcome: ClassVar[Outcome] = Outcome.ACCOUNT_EXPIRED
    days_ago: int = 1

    def breaks(self, host: Host) -> dict[str, object]:
        day = host.clock.local_now() - timedelta(days=self.days_ago)
        return {"expires": f"{day.month}/{day.day}/{day.year}"}

    def mends(self, host: Host) -> dict[str, object]:
        return {"expires": "never"}


@attrs.define
class PasswordMustChange(Fault):
    """ "User must change password at next logon" ticked (Windows only allows it once "Password
    never expires" is cleared, so the fault clears that too)."""

    id: ClassVar[str] = "password-must-change"

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        net.set_password_never_expires(host, name, False, domain=domain)
        net.user_set(host, name, domain=domain, logonpasswordchg=True)

    def repair(self, host: Host) -> None:
        name, domain = _account(host)
        net.user_set(host, name, domain=domain, logonpasswordchg=False)
        net.set_password_never_expires(host, name, True, domain=domain)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.MUST_CHANGE)


@attrs.define
class PasswordExpired(Fault):
    id: ClassVar[str] = "password-expired"
    max_age_days: int = 42
    age_days: int = 60

    def inject(self, host: Host) -> None:
        name, domain = _account(host)
        net.accounts(host, domain=domain, maxpwage=self.max_age_days)
        net.set_password_never_expires(host, name, False, domain=domain)
        net.set_password_age(host, name, self.age_days, domain=domain)

    def repair(self, host: Host) -> None:
        name, domain = _account(host)
        net.set_password_never_expires(host, name, True, domain=domain)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.PASSWORD_EXPIRED)


@attrs.define
class WorkstationRestriction(_NetUserFault):
    id: ClassVar[str] = "workstation-restriction"
    outcome: ClassVar[Outcome] = Outcome.WORKSTATION
    workstations: str = "OTHERPC"

    def breaks(self, host: Host) -> dict[str, object]:
        return {"workstations": self.workstations}

    def mends(self, host: Host) -> dict[str, object]:
        return {"workstations": "*"}


_DAY_CODES = ("Su", "M", "T", "W", "Th", "F", "Sa")


@attrs.define
class LogonHoursRestriction(_NetUserFault):
    """Logon hours typed in the server's local time, leaving out the hour it is now."""

    id: ClassVar[str] = "logon-hours"
    outcome: ClassVar[Outcome] = Outcome.LOGON_HOURS
    times: str | None = None  # net user /times: text; None = office hours two days from now

    def breaks(self, host: Host) -> dict[str, object]:
        if self.times is not None:
            return {"times": self.times}
        local = host.clock.local_now()
        return {"times": f"{_DAY_CODES[(local.isoweekday() + 2) % 7]},9AM-5PM"}

    def mends(self, host: Host) -> dict[str, object]:
        return {"times": "all"}


@attrs.define
class LogonRightDenied(Fault):
    """The deny right for IIS's logon type, through Guests (the STIG rule that catches
    IUSR_<machine>, a Guests member on IIS 6) or on the account, in local policy or a GPO."""

    id: ClassVar[str] = "logon-right-denied"
    via: str = "guests"  # "guests" or "account"
    layer: str = "local"  # "local" or "gpo"
    saved: dict[str, object] = attrs.field(factory=dict, repr=False, eq=False)

    def applies_to(self, host: Host) -> bool:
        if not super().applies_to(host):
            return False
        if self.layer == "gpo" and host.domain is None:
            return False
        if self.via == "guests":
            account, _, _ = anonymous_account(host)
            return account is not None and wk.GUESTS in host.sam.expand({account.sid})
        return True

    def _principal(self, host: Host) -> str:
        if self.via == "guests":
            return "*" + str(wk.GUESTS)
        account, _, _ = anonymous_account(host)
        assert account is not None
        return account.qualified

    def inject(self, host: Host) -> None:
        _, deny = rights_for(host.iis.settings_for("/").logon_type)
        principal = self._principal(host)
        if self.layer == "gpo":
            gpo = _gpo_for(host)
            current = list(host.lsa.right(deny).value)  # type: ignore[call-overload]
            self.saved = {"gpo": gpo, "right": deny}
            secpol.gpo_set_right(host, gpo, deny, [*current, principal])
            system.gpupdate(host)
        else:
            self.saved = {"right": deny}
            secpol.ntrights(host, principal, deny, grant=True)

    def repair(self, host: Host) -> None:
        deny = str(self.saved["right"])
        principal = self._principal(host)
        if self.layer == "gpo":
            gpo = str(self.saved["gpo"])
            kept = [
                p
                for p in host.lsa.right(deny).value  # type: ignore[attr-defined]
                if host.resolve(p) != host.resolve(principal)
            ]
            secpol.gpo_set_right(host, gpo, deny, kept)
            system.gpupdate(host)
        else:
            secpol.ntrights(host, principal, deny, grant=False)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.LOGON_TYPE_NOT_GRANTED)


def _gpo_for(host: Host) -> str:
    return "Default Domain Controllers Policy" if host.is_dc else "Default Domain Policy"


@attrs.define
class LogonRightMissing(Fault):
    """Hardening that narrowed the allow right for IIS's logon type to administrators."""

    id: ClassVar[str] = "logon-right-missing"
    saved: dict[str, object] = attrs.field(factory=dict, repr=False, eq=False)

    def inject(self, host: Host) -> None:
        allow, _ = rights_for(host.iis.settings_for("/").logon_type)
        sourced = host.lsa.right(allow)
        self.saved = {"right": allow, "before": list(sourced.value), "source": sourced.source}  # type: ignore[call-overload]
        if sourced.source == "Local Policy":
            secpol.set_local_right(host, allow, ["*" + str(wk.ADMINISTRATORS)])
        else:
            secpol.gpo_set_right(host, sourced.source, allow, ["*" + str(wk.ADMINISTRATORS)])
            system.gpupdate(host)

    def repair(self, host: Host) -> None:
        right = str(self.saved["right"])
        before = list(self.saved["before"])  # type: ignore[call-overload]
        if self.saved["source"] == "Local Policy":
            secpol.set_local_right(host, right, before)
        else:
            secpol.gpo_set_right(host, str(self.saved["source"]), right, before)
            system.gpupdate(host)

    def expected(self, host: Host) -> Symptoms:
        return logon_failure(host, Outcome.LOGON_TYPE_NOT_GRANTED)


@attrs.define
class CrashOnAuditFail(Fault):
    """CrashOnAuditFail = 2: set by hand ("registry"), or reached the real way ("full-log"):
    value 1, the Security log full and not overwriting, one audit that can not be written, a
    bug check, and the restart that follows."""

    id: ClassVar[str] = "crash-on-audit-fail"
    how: str = "registry"

    def applies_to(self, host: Host) -> bool:
        # Both ways of making it fill the log with failed logons, which must be audited.
        return super().applies_to(host) and host.lsa.audit_logon().failure

    def inject(self, host: Host) -> None:
        if self.how == "registry":
            system.reg_add(host, LSA, "CrashOnAuditFail", "REG_DWORD", 2)
            system.restart(host)
            return
        SecurityLogFull().inject(host)
        host.iis.request("/")  # the audit that can not be written: the machine stops
        system.restart(host)

    def repair(self, host: Host) -> None:
        # KB 832981: archive and clear the log, let it overwrite, reset the value, restart.
        system.wevtutil_cl(host, "Security", backup="Security-archive.evtx")
        system.wevtutil_sl(host, "Security", retention=Retention.OVERWRITE_AS_NEEDED)
        system.reg_add(host, LSA, "CrashOnAuditFail", "REG_DWORD", 0)
        system.restart(host)

    def expected(self, host: Host) -> Symptoms:
        symptoms = logon_failure(host, Outcome.CRASH_ON_AUDIT_FAIL)
        return attrs.evolve(symptoms, failure_event=False)


@attrs.define
class SecurityLogFull(Fault):
    """The Security log full, set not to overwrite, with CrashOnAuditFail = 1: the next audit
    the LSA can not write stops the server (KB 832981)."""

    id: ClassVar[str] = "security-log-full"
    max_size: int = 1024 * 1024

    def applies_to(self, host: Host) -> bool:
        return super().applies_to(host) and host.lsa.audit_logon().failure

    def inject(self, host: Host) -> None:
        system.reg_add(host, LSA, "CrashOnAuditFail", "REG_DWORD", 1)
        system.restart(host)
        system.wevtutil_sl(
            host, "Security", max_size=self.max_size, retention=Retention.DO_NOT_OVERWRITE
        )
        fill_security_log(host)

    def repair(self, host: Host) -> None:
        system.wevtutil_cl(host, "Security", backup="Security-archive.evtx")
        system.wevtutil_sl(host, "Security", retention=Retention.OVERWRITE_AS_NEEDED)
        if host.crash_on_audit_fail == 2 or not host.running:
            system.reg_add(host, LSA, "CrashOnAuditFail", "REG_DWORD", 1)
            system.restart(host)

    def expected(self, host: Host) -> Symptoms:
        audit = host.lsa.audit_logon()
        if not audit.success:
            # Nothing to write for a good logon, so nothing to fail: the page still loads.
            return Symptoms("200", 0)
        return Symptoms("no response", None, host_stops=True)


def fill_security_log(host: Host) -> int:
    """Other accounts' network logons until the log is full: the ordinary way it fills."""
    count = 0
    if not host.lsa.audit_logon().failure:
        raise ModelError("failed logons are not audited here, so they can not fill the log")
    while not host.security_log.is_full:
        before = len(host.security_log)
        logon_user(
            host.logon_machine,
            "Administrator",
            None,
            Secret("not-the-password"),
            3,
            _NET_USE,
            ip_address="192.0.2.50",
        )
        count += 1
        if len(host.security_log) == before and not host.security_log.is_full:
            raise ModelError("a failed logon added no record: the Security log can not fill")
        if not host.running:  # pragma: no cover - CrashOnAuditFail is set after filling
            break
    return count


@attrs.define
class AnonymousDisabled(Fault):
    id: ClassVar[str] = "anonymous-disabled"

    def applies_to(self, host: Host) -> bool:
        return True

    def inject(self, host: Host) -> None:
        anon.set_enabled(host, False)

    def repair(self, host: Host) -> None:
        anon.set_enabled(host, True)

    def expected(self, host: Host) -> Symptoms:
        from winfacts.assumptions import ANONYMOUS_DISABLED_WIN32

        return Symptoms("401.2", ANONYMOUS_DISABLED_WIN32.value)


@attrs.define
class ContentAclDenied(Fault):
    id: ClassVar[str] = "content-acl-denied"
    via: str = "account"  # "account" or "guests"
    saved: dict[str, object] = attrs.field(factory=dict, repr=False, eq=False)

    def applies_to(self, host: Host) -> bool:
        if not super().applies_to(host):
            return False
        if self.via == "guests":
            account, _, _ = anonymous_account(host)
            return account is not None and wk.GUESTS in host.sam.expand({account.sid})
        return True

    def _who(self, host: Host) -> str:
        if self.via == "guests":
            return "Guests"
        account, _, _ = anonymous_account(host)
        assert account is not None
        return account.qualified

    def inject(self, host: Host) -> None:
        folder = host.iis.settings_for("/").physical_path
        who = self._who(host)
        sid = host.resolve(who)
        # icacls /deny also strips the denied rights from the trustee's allow entry (as
        # SetEntriesInAcl does), so the repair has to grant them back where one existed.
        self.saved = {
            "had_allow": any(
                ace.sid == sid and not ace.is_deny and not ace.inherited
                for ace in host.fs.dacl(folder)
            )
        }
        icacls(host, [folder, "/deny", f"{who}:(OI)(CI)(R)"])

    def repair(self, host: Host) -> None:
        folder = host.iis.settings_for("/").physical_path
        who = self._who(host)
        icacls(host, [folder, "/remove:d", who])
        if self.saved.get("had_allow"):
            icacls(host, [folder, "/grant", f"{who}:(OI)(CI)(RX)"])

    def expected(self, host: Host) -> Symptoms:
        return Symptoms("401.3", ERROR_ACCESS_DENIED)


@attrs.define
class LogonAuditDisabled(Fault):
    id: ClassVar[str] = "logon-audit-disabled"

    def applies_to(self, host: Host) -> bool:
        return True

    def inject(self, host: Host) -> None:
        self._set(host, failure=False)

    def repair(self, host: Host) -> None:
        self._set(host, failure=True)

    @staticmethod
    def _set(host: Host, *, failure: bool) -> None:
        # Where a GPO defines the audit policy (a DC's Default Domain Controllers Policy),
        # auditpol's local change is overwritten at the next refresh: edit the GPO instead.
        source = host.lsa.audit_logon().source
        if source == "Local Policy":
            secpol.auditpol_logon(host, failure=failure)
        else:
            secpol.gpo_audit_logon(host, source, failure=failure)
            system.gpupdate(host)

    def expected(self, host: Host) -> Symptoms:
        return Symptoms("200", 0)


CATALOGUE: tuple[type[Fault], ...] = (
    AccountNotFound,
    PasswordMismatch,
    PasswordSyncUnusable,
    AccountDisabled,
    AccountLockedOut,
    AccountExpired,
    PasswordMustChange,
    PasswordExpired,
    WorkstationRestriction,
    LogonHoursRestriction,
    LogonRightDenied,
    LogonRightMissing,
    CrashOnAuditFail,
    SecurityLogFull,
    AnonymousDisabled,
    ContentAclDenied,
    LogonAuditDisabled,
)

FAULT_IDS: tuple[str, ...] = tuple(f.id for f in CATALOGUE)

_VARIANTS: dict[str, tuple[dict[str, object], ...]] = {
    "account-not-found": ({"how": "typo"}, {"how": "deleted"}),
    "password-mismatch": ({"where": "iis"}, {"where": "account"}),
    "account-locked-out": ({}, {"threshold": 3, "duration_minutes": 0}),
    "logon-right-denied": (
        {"via": "guests", "layer": "local"},
        {"via": "account", "layer": "local"},
        {"via": "account", "layer": "gpo"},
    ),
    "crash-on-audit-fail": ({"how": "registry"}, {"how": "full-log"}),
    "content-acl-denied": ({"via": "account"}, {"via": "guests"}),
}


def fault_class(fault_id: str) -> type[Fault]:
    """The fault class by its id, in any case (``Account-Disabled`` is account-disabled)."""
    wanted = fault_id.strip().lower()
    for cls in CATALOGUE:
        if cls.id == wanted:
            return cls
    raise ModelError(f"there is no fault named {fault_id!r}", subject=fault_id)


def variants(fault_id: str | None = None) -> list[Fault]:
    """Every parameterisation the catalogue names, as fresh fault objects: of every fault, of
    one (``password-mismatch``), or one variant by its label (``password-mismatch[where=iis]``,
    as `authlab faults` lists it; case does not matter)."""
    if fault_id is not None and "[" in fault_id:
        base = fault_id.split("[", 1)[0]
        chosen = [f for f in variants(base) if f.label.lower() == fault_id.strip().lower()]
        if not chosen:
            labels = ", ".join(f.label for f in variants(base))
            raise ModelError(
                f"{fault_id!r} is not a variant of {base.strip().lower()} ({labels})",
                subject=fault_id,
            )
        return chosen
    classes = [fault_class(fault_id)] if fault_id else [fault_class(f) for f in FAULT_IDS]
    found: list[Fault] = []
    for cls in classes:
        for params in _VARIANTS.get(cls.id, ({},)):
            found.append(cls(**params))
    return found
