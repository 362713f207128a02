"""LogonUser: one logon decided in the order the reference gives (WL 2).

lookup -> lockout (before the password, so a locked account says "locked" even with the right
password and the bad count does not move) -> password (counted, can lock) -> account restrictions
in the assumed order -> the LSA: CrashOnAuditFail = 2 admits only administrators -> logon rights
on the token (deny beats allow) -> success, which resets the bad count. Every attempt is audited
as the audit policy says; an audit that can not be written may stop the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs

from winfacts import assumptions as A
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.ntstatus import Outcome
from winfacts.rights import rights_for
from winfacts.secret import Secret
from winfacts.sid import Sid

from . import account_policy as rules
from . import registry as reg
from .account_policy import AccountPolicy
from .accounts import Account
from .directory import Domain
from .domain_controller import DomainController, DomainLogon, restriction
from .eventlog import EventLog
from .events import LogonEvent
from .lsa import LsaPolicy, RightDecision
from .sam import Sam
from .token import Token, build_token

_LOGON_PROCESS, _AUTH_PACKAGE = A.LOGON_PROCESS.value


@attrs.frozen
class LogonMachine:
    """What LogonUser works with on the machine it runs on: the account stores, the policy, the
    registry, the Security log and the clock. The host hands these over; LogonUser never sees
    the host itself, so the logon rules can be read (and tested) on their own."""

    computer_name: str
    fqdn: str | None
    sam: Sam
    domain: Domain | None
    dc: Callable[[], DomainController | None]  # who checks domain accounts (Host.dc)
    lsa: LsaPolicy
    registry: reg.Registry
    security_log: EventLog[LogonEvent]
    now: Callable[[], datetime]
    stop_code: Callable[[], int | None]  # the bug check that stopped the machine, or None
    refresh_policy: Callable[[], None]  # a Group Policy refresh, when one is due
    find_account: Callable[[str, str | None], Account | None]
    policy_for: Callable[[Account], AccountPolicy]
    resolve: Callable[[str], Sid | None]
    audit: Callable[[LogonEvent], bool]  # False when the audit could not be written
    next_logon_id: Callable[[], int]


@attrs.frozen
class Caller:
    """The process that calls LogonUser; 4625's Subject and Process fields describe it."""

    process_name: str
    process_id: int
    sid: Sid = wk.LOCAL_SYSTEM
    user: str = ""
    domain: str = ""
    logon_id: int = 0x3E7


@attrs.frozen
class LogonResult:
    outcome: Outcome
    token: Token | None = None
    account: Account | None = None
    rights: RightDecision | None = None
    audited: bool = False
    stopped_host: bool = False  # the audit of this logon stopped the machine (CrashOnAuditFail)

    @property
    def win32(self) -> int:
        return self.outcome.codes.win32


def logon_user(
    machine: LogonMachine,
    user: str,
    domain: str | None,
    password: Secret | None,
    logon_type: int,
    caller: Caller,
    *,
    workstation: str | None = None,
    subauthentication: bool = False,
    ip_address: str = "-",
) -> LogonResult:
    """Decide one logon and audit it. ``subauthentication`` is IIS's iissuba.dll path, which
    vouches for the account without its password (see the subauth_checks assumption)."""
    stop_code = machine.stop_code()
    if stop_code is not None:
        raise ModelError(f"{machine.computer_name} is stopped (bug check 0x{stop_code:08X})")
    rights_for(logon_type)  # validates the logon type before anything is counted or audited
    machine.refresh_policy()
    now = machine.now()
    ws = workstation or machine.computer_name
    if subauthentication:
        logon_type = A.SUBAUTH_CHECKS.value

    def finish(
        outcome: Outcome,
        account: Account | None = None,
        token: Token | None = None,
        decision: RightDecision | None = None,
        *,
        audit: bool = True,
    ) -> LogonResult:
        shown_user = account.name if account else user.split("\\")[-1]
        shown_domain = account.authority if account else (domain or machine.computer_name).upper()
        if not outcome.ok and domain is None and "@" in user:
            # A failed UPN logon is audited as typed: TargetUserName user@dns.domain and an
            # empty TargetDomainName (tests/fixtures/real/SOURCES.events.md, the OpenSSH 4625s).
            shown_user, shown_domain = user, ""
        audited = False
        stopped = False
        setting = machine.lsa.audit_logon()
        wanted = setting.success if outcome.ok else setting.failure
        if audit and wanted:
            event = LogonEvent(
                record_id=machine.security_log.next_record_id(),
                time=now,
                computer=machine.computer_name,
                computer_fqdn=machine.fqdn,
                outcome=outcome,
                target_user=shown_user,
                target_domain=shown_domain,
                target_sid=account.sid if (account and outcome.ok) else wk.NULL,
                logon_type=logon_type,
                logon_process=_LOGON_PROCESS,
                auth_package=_AUTH_PACKAGE,
                workstation=machine.computer_name,
                process_id=caller.process_id,
                process_name=caller.process_name,
                ip_address=ip_address,
                subject_sid=caller.sid,
                subject_user=caller.user,
                subject_domain=caller.domain,
                subject_logon_id=caller.logon_id,
                logon_id=machine.next_logon_id() if outcome.ok else 0,
            )
            audited = machine.audit(event)
            stopped = machine.stop_code() is not None
        return LogonResult(outcome, token, account, decision, audited, stopped)

    account = machine.find_account(user, domain)
    if account is None:
        return finish(Outcome.NO_SUCH_USER)
    request = DomainLogon(account, password, ws, now, subauthentication, logon_type)
    dc = machine.dc() if account.is_domain else None
    if account.is_domain and dc is None:  # pragma: no cover - the factory always attaches one
        raise ModelError(f"{account.qualified} is a domain account but the host has no domain")
    if dc is not None:
        # A domain account is checked by its DC (NTLM pass-through); only the token and the
        # rights are the member server's.
        refused = dc.authenticate(request)
    else:
        policy = machine.policy_for(account)
        refused = _local_checks(account, policy, request, machine, logon_type)
    if refused is not None:
        return finish(refused, account)
    token = build_token(account, logon_type, machine.sam, dc)
    if machine.lsa.effective_crash_on_audit_fail == 2 and not token.is_admin:
        caf = A.CRASH_ON_AUDIT_FAIL_DENIAL.value
        return finish(Outcome.CRASH_ON_AUDIT_FAIL, account, audit=bool(caf["event"]))
    decision = machine.lsa.check_logon_right(token, logon_type, machine.resolve)
    if not decision.allowed:
        return finish(Outcome.LOGON_TYPE_NOT_GRANTED, account, decision=decision)
    if dc is None:
        rules.record_success(account, now)
    return finish(Outcome.SUCCESS, account, token, decision)


def _local_checks(
    account: Account,
    policy: AccountPolicy,
    request: DomainLogon,
    machine: LogonMachine,
    logon_type: int,
) -> Outcome | None:
    """The SAM's checks of a local account: the DC's, plus the member's blank-password rule."""
    if rules.is_locked(account, policy, request.now):
        return Outcome.LOCKED_OUT
    if not request.subauthentication and not account.password.matches(request.password):
        rules.record_bad_password(account, policy, request.now)
        return Outcome.WRONG_PASSWORD
    password = request.password
    if (
        password is not None
        and password.is_empty
        and logon_type != 2
        and machine.registry.dword(reg.LSA, "LimitBlankPasswordUse", 1) == 1
    ):
        # "Accounts: Limit local account use of blank passwords to console logon only".
        return Outcome.BLANK_PASSWORD
    return restriction(account, policy, request.now, request.workstation)
