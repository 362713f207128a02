"""The simulated web server as a member of a real Samba AD domain.

Everything about the web server stays simulated (its SAM, user rights, registry, IIS, event
logs, clock); its domain is a real Samba AD DC on loopback (`authlab.samba_dc`). The host is
built in the DC's domain (its NetBIOS and DNS names and its SID), and its in-memory domain
becomes a mirror written through to the DC (`authlab.samba_directory.DirectoryMirror`): what
an administrator does with ``net user ... /domain``, ``net accounts /domain`` or
``net group ... /domain`` lands in the real directory before the next logon.

A domain account's logon is then decided by the DC (`SambaDomainController`, in `Host.dc`):
a real NTLM network logon, an SMB session setup presenting the web server's name as the
workstation. Its NTSTATUS goes back into the simulated pipeline (events, IIS's answer, the IIS
log), the DC's new lockout state into the mirror, and the token's groups come from the
directory's tokenGroups.

What the DC can not hold is refused with `UnavailableBackend` (scenarios skip with the
sentence): a local anonymous account, IIS 6 on the domain controller itself, and IIS 6's
subauthentication, which vouches for an account without its password.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

import attrs

from authlab.samba_dc import SambaDC, SambaUnavailable
from authlab.samba_directory import DirectoryMirror
from simulator import account_policy as rules
from simulator.account_policy import AccountPolicy
from simulator.accounts import Account
from simulator.api import wire_status
from simulator.domain_controller import NTLM_NETWORK_LOGONS, DomainLogon
from simulator.factory import HostSpec
from winfacts.ntstatus import Outcome
from winfacts.sid import Sid

from .base import ConsoleAction, HttpResult, ServerInfo, UnavailableBackend
from .simulator import SimulatorBackend

#: The platforms whose anonymous account is a domain account on a member server.
MEMBER_PLATFORMS: Final = ("iis6-domain", "iis10-domain")
#: The simulator's RIDs in the DC's domain start here.
FIRST_RID: Final = 500_000
#: Generated domain users beyond this are the simulator's alone: each is a real object here.
MAX_POPULATION: Final = 50

#: The outcomes a DC decides (the rights and CrashOnAuditFail are the member's own).
_DC_OUTCOMES: Final = tuple(
    o
    for o in Outcome
    if o not in (Outcome.NO_SUCH_USER, Outcome.LOGON_TYPE_NOT_GRANTED, Outcome.CRASH_ON_AUDIT_FAIL)
)
#: What an SMB session setup answers, as the outcome LogonUser reports: the inverse of
#: `simulator.api.wire_status`. The account was found in the mirror first, so
#: STATUS_LOGON_FAILURE is its wrong password.
WIRE_OUTCOMES: Final = {
    **{wire_status(outcome): outcome for outcome in _DC_OUTCOMES},
    "NT_STATUS_NO_SUCH_USER": Outcome.NO_SUCH_USER,
}


class SambaDomainController:
    """A domain account's logon, decided by the real DC."""

    def __init__(self, dc: SambaDC, mirror: DirectoryMirror) -> None:
        self.dc = dc
        self.mirror = mirror
        self.logons = 0  # real logons made, for the figures a run reports

    def authenticate(self, logon: DomainLogon) -> Outcome | None:
        account = logon.account
        if logon.subauthentication or logon.password is None:
            raise UnavailableBackend(
                "IIS 6's subauthentication (iissuba.dll) vouches for an account without its "
                "password; a real DC can only be asked with one"
            )
        if logon.logon_type not in NTLM_NETWORK_LOGONS and _previous_password(
            logon, self.mirror.domain.policy
        ):
            raise UnavailableBackend(
                f"a logon of type {logon.logon_type} with the previous password: the DC is "
                "asked over SMB, as a network logon, and KB 906305 treats those differently"
            )
        self.mirror.push(logon.now)
        try:
            status = self.dc.logon(
                f"{self.dc.spec.domain}\\{account.name}", logon.password, logon.workstation
            )
        except SambaUnavailable as exc:
            raise UnavailableBackend(str(exc)) from exc
        self.logons += 1
        self.mirror.pull(account, logon.now)
        outcome = WIRE_OUTCOMES.get(status)
        if outcome is None:
            raise UnavailableBackend(f"the DC answered {status}, which the model has no name for")
        return None if outcome.ok else outcome

    def token_groups(self, account: Account) -> set[Sid]:
        return self.mirror.token_groups(account)

    def __repr__(self) -> str:
        return f"SambaDomainController({self.dc.ldaps_url!r})"


def _previous_password(logon: DomainLogon, policy: AccountPolicy) -> bool:
    return not logon.account.password.matches(logon.password) and (
        rules.earlier_password(logon.account, policy, logon.password) == 1
    )


@attrs.frozen
class _Refusal:
    platform: str
    reason: str


_REFUSED: Final = (
    _Refusal(
        "iis6-dc",
        "IIS 6 on a domain controller: with the samba backend Samba is the DC, and it can not "
        "run IIS or hold the DC's own user rights",
    ),
)


class SambaBackend(SimulatorBackend):
    """The simulator's web server, joined to a real Samba DC's domain."""

    name = "samba"

    def __init__(self, dc: SambaDC) -> None:
        super().__init__()
        self.dc = dc
        self.mirror: DirectoryMirror | None = None

    def host_spec(self, spec: HostSpec) -> HostSpec:
        realm = self.dc.spec.realm
        return attrs.evolve(
            spec,
            domain_name=self.dc.spec.domain,
            domain_dns=realm.lower(),
            domain_sid=Sid.parse(self.dc.domain_sid),
            # Far above the DC's own RID pools, so what samba-tool makes never takes their SIDs.
            domain_first_rid=FIRST_RID,
            population=min(spec.population, 4),
        )

    def start(
        self,
        platform: str,
        *,
        seed: int = 1,
        timezone: str | None = None,
        start: datetime | None = None,
        population: int | None = None,
    ) -> ServerInfo:
        for refusal in _REFUSED:
            if platform == refusal.platform:
                raise UnavailableBackend(refusal.reason)
        if platform not in MEMBER_PLATFORMS:
            raise UnavailableBackend(
                "the anonymous account is local (the web server's own SAM); the samba backend "
                "runs the scenarios whose account is in the domain"
            )
        if population is not None and population > MAX_POPULATION:
            raise UnavailableBackend(
                f"a generated domain of {population} users is the simulator's: each would be "
                "a real object on the DC"
            )
        info = super().start(
            platform, seed=seed, timezone=timezone, start=start, population=population
        )
        host = self.host
        assert host.domain is not None
        # The DC's Administrator keeps the harness's password: the mirror's copy says the same.
        host.domain.user("Administrator").password = self.dc.spec.admin_password
        self.mirror = DirectoryMirror(self.dc, host.domain)
        try:
            self.mirror.reset(host.now())
        except SambaUnavailable as exc:
            raise RuntimeError(f"the domain could not be written to the DC: {exc}") from exc
        host.dc = SambaDomainController(self.dc, self.mirror)
        return info

    # The DC holds the domain: what the server's tools show is read from it first, and what
    # they change is written to it after.
    def _refresh(self) -> None:
        if self.mirror is not None and self._host is not None:
            self.mirror.refresh(self.host.now())

    def _push(self) -> None:
        if self.mirror is not None and self._host is not None:
            self.mirror.push(self.host.now())

    def run(self, command_line: str) -> tuple[int, str]:
        self._refresh()
        result = super().run(command_line)
        self._push()
        return result

    def console(self, action: ConsoleAction) -> None:
        self._refresh()
        super().console(action)
        self._push()

    def request(self, url: str = "/") -> HttpResult:
        self._refresh()
        return super().request(url)

    def collect(self, directory: Path, *, evidence_only: bool = False) -> None:
        self._refresh()
        super().collect(directory, evidence_only=evidence_only)

    def wait(self, delta: timedelta) -> None:
        super().wait(delta)
        if self.mirror is not None:
            self.mirror.advance(delta)

    def close(self) -> None:
        mirror, self.mirror = self.mirror, None
        if mirror is not None:
            mirror.restore_policy()
        super().close()
