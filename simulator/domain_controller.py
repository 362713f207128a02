"""The domain controller a member server asks: the seam between a server and its domain.

A domain account's network logon on a member server is decided in two places. The DC checks the
account (MS-NRPC NetrLogonSamLogon, NTLM pass-through): is it locked out, is the password right
(a wrong one counts towards lockout), may it log on now and from this workstation. The member
server then builds the token from the groups the DC returns and checks its own user rights.

`DomainController` is that first half. `InMemoryDomainController` decides it with the
simulator's own directory and account rules; a backend can put a real DC in its place
(`Host.dc`) and everything after the DC's answer (token, rights, audit, IIS) stays the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Protocol

import attrs

from winfacts import assumptions as A
from winfacts.ntstatus import Outcome
from winfacts.secret import Secret
from winfacts.sid import Sid

from . import account_policy as rules
from .account_policy import AccountPolicy
from .accounts import Account
from .directory import Domain

#: Logon types whose password check a member server passes to its DC as an NTLM network logon
#: (network, and network cleartext, IIS's default for anonymous access).
NTLM_NETWORK_LOGONS: Final = (3, 8)


@attrs.frozen
class DomainLogon:
    """What the member server passes to its DC: the account it found, the password typed
    (None: IIS's subauthentication, which vouches without one), the workstation name the
    client presents, and the moment."""

    account: Account
    password: Secret | None = attrs.field(repr=False)
    workstation: str
    now: datetime
    subauthentication: bool = False
    logon_type: int = 3  # how the member logs the account on: 3 and 8 reach the DC over NTLM


class DomainController(Protocol):
    """The DC's half of a domain account's logon.

    `authenticate` answers None when the account may log on, else the outcome that stops it
    (locked out, wrong password, disabled, expired, must change or expired password, not from
    this workstation, not at this hour). It updates the account's bad-password count and lockout
    as the DC does, so a later call sees them. `token_groups` gives the SIDs the DC puts in the
    logon's token: the account, its primary group and every domain group above them.
    Neither raises for a decision; an error means the DC could not be asked."""

    def authenticate(self, logon: DomainLogon) -> Outcome | None: ...

    def token_groups(self, account: Account) -> set[Sid]: ...


def check_account(account: Account, policy: AccountPolicy, logon: DomainLogon) -> Outcome | None:
    """One authority's account checks, in the reference's order (WL 2): lockout before the
    password (a locked account says "locked" even with the right password and its count does
    not move), the password (counted, can lock), then the account restrictions."""
    now = logon.now
    if rules.is_locked(account, policy, now):
        return Outcome.LOCKED_OUT
    wrong = not logon.subauthentication and not account.password.matches(logon.password)
    # The DC answers NTLM network logons, where the previous password still works for a while
    # after a change (KB 906305; not interactive, batch or service logons, which the member
    # passes on as interactive ones); a wrong password that is one of the two previous ones is
    # refused without counting towards lockout.
    grace = logon.logon_type in NTLM_NETWORK_LOGONS and rules.previous_password_allowed(
        account, policy, now, logon.password
    )
    if wrong and not grace:
        if not rules.spares_bad_count(account, policy, logon.password):
            rules.record_bad_password(account, policy, now)
        return Outcome.WRONG_PASSWORD
    return restriction(account, policy, now, logon.workstation)


def restriction(
    account: Account, policy: AccountPolicy, now: datetime, workstation: str
) -> Outcome | None:
    for name in A.RESTRICTION_ORDER.value:
        if name == "disabled" and not account.enabled:
            return Outcome.ACCOUNT_DISABLED
        if name == "expired" and rules.is_expired(account, now):
            return Outcome.ACCOUNT_EXPIRED
        if name in ("must_change", "password_expired"):
            state = rules.password_state(account, policy, now)
            if name == "must_change" and state is rules.PasswordState.MUST_CHANGE:
                return Outcome.MUST_CHANGE
            if name == "password_expired" and state is rules.PasswordState.EXPIRED:
                return Outcome.PASSWORD_EXPIRED
        if name == "workstation" and not rules.workstation_allowed(account, workstation):
            return Outcome.WORKSTATION
        if name == "logon_hours" and not rules.hours_allowed(account, now):
            return Outcome.LOGON_HOURS
    return None


class InMemoryDomainController:
    """The simulator's own DC: the in-memory directory and the account rules."""

    def __init__(self, domain: Domain) -> None:
        self.domain = domain

    def authenticate(self, logon: DomainLogon) -> Outcome | None:
        refused = check_account(logon.account, self.domain.policy, logon)
        if refused is None:
            # The DC resets the count when it accepts the account, before the member server
            # looks at its rights (a right denied there does not undo it).
            rules.record_success(logon.account, logon.now)
        return refused

    def token_groups(self, account: Account) -> set[Sid]:
        return self.domain.token_groups(account)

    def __repr__(self) -> str:
        return f"InMemoryDomainController({self.domain.dns_name!r})"
