"""One state's two answers side by side, and the known classes of disagreement.

A state agrees when every logon got the same answer from the DC and the simulator and the
account ends with the same badPwdCount and lockout. A state that disagrees either falls in a
documented divergence (where Samba is not Windows, and the simulator follows Windows, with the
source that says so) or is a finding to fix in the simulator.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from .states import Logon, State


@attrs.frozen
class Answers:
    """What one side answered: each logon's code (LDAP ``data`` or NT_STATUS name), the end
    badPwdCount and whether the account ends locked out."""

    answers: tuple[str, ...]
    bad_count: int
    locked: bool


@attrs.frozen
class Result:
    state: State
    real: Answers
    simulated: Answers

    @property
    def agrees(self) -> bool:
        return self.real == self.simulated

    def difference(self) -> str:
        """The first point where the two sides part, in words (empty when they agree)."""
        logons = [s for s in self.state.steps if isinstance(s, Logon)]
        pairs = zip(logons, self.real.answers, self.simulated.answers, strict=True)
        for step, real, simulated in pairs:
            if real != simulated:
                return f"{step.describe()}: DC {real}, simulator {simulated}"
        if self.real.bad_count != self.simulated.bad_count:
            return f"badPwdCount: DC {self.real.bad_count}, simulator {self.simulated.bad_count}"
        if self.real.locked != self.simulated.locked:
            return f"locked out: DC {self.real.locked}, simulator {self.simulated.locked}"
        return ""


@attrs.frozen
class Divergence:
    """A documented class of disagreement: which states it covers, what Samba answers there
    given the simulator's answers (every real answer is checked against it), what Windows
    does, which the simulator follows and why."""

    name: str
    covers: Callable[[State], bool]
    as_samba: Callable[[Answers], Answers]
    samba: str
    windows: str
    follows: str
    source: str


def _upn_over_smb_wrong(state: State) -> bool:
    return any(
        isinstance(s, Logon)
        and s.channel == "smb"
        and s.name in ("upn", "upn_lower")
        and s.password == "wrong"
        for s in state.steps
    )


def _samba_not_found(simulated: Answers) -> Answers:
    """The simulator's LOGON_FAILURE and one bad count become NOT_FOUND and none."""
    answers = tuple(
        "NT_STATUS_NOT_FOUND" if a == "NT_STATUS_LOGON_FAILURE" else a for a in simulated.answers
    )
    return Answers(answers, 0, simulated.locked)


DIVERGENCES: tuple[Divergence, ...] = (
    Divergence(
        "upn-ntlm-wrong-password",
        _upn_over_smb_wrong,
        _samba_not_found,
        "an NTLM (SMB) logon by user principal name with a wrong password ends with "
        "NT_STATUS_NOT_FOUND and badPwdCount does not move",
        "the logon fails as any wrong password does (LOGON_FAILURE, Win32 1326) and badPwdCount "
        "increases once (KB 900215: once for a UPN since Windows Server 2003)",
        "Windows",
        "KB 900215, How the BadPwdCount attribute works in Windows 2000 and in Windows Server "
        "2003 (support.microsoft.com/kb/900215; archived at mskb.pkisolutions.com/kb/900215)",
    ),
)

#: Classes the comparison found and the simulator now follows (the runs agree there).
FIXED: tuple[tuple[str, str], ...] = (
    (
        "the previous password logs on for 60 minutes after a change or a reset",
        "KB 906305, New setting modifies NTLM network authentication behavior "
        "(support.microsoft.com/kb/906305) for a change; the old_password_after_reset "
        "assumption for a reset; Samba does both",
    ),
    (
        "a wrong password equal to one of the two previous ones is not counted",
        "Active Directory: Bad Passwords and Account Lockout, TechNet Wiki "
        "(social.technet.microsoft.com/wiki/contents/articles/32490."
        "active-directory-bad-passwords-and-account-lockout.aspx); Samba does the same",
    ),
    (
        "userWorkstations names are compared as stored, untrimmed (' WEB01' is not WEB01)",
        "Samba's answer; Microsoft documents no trimming, and `net user /workstations:` stores "
        "trimmed names",
    ),
)


def divergence_for(state: State) -> Divergence | None:
    for divergence in DIVERGENCES:
        if divergence.covers(state):
            return divergence
    return None


def judge(result: Result) -> str | None:
    """None when the result is as documented (agreement, or a divergence whose Samba answer is
    the one documented); else why not, in words."""
    divergence = divergence_for(result.state)
    if divergence is not None:
        if result.real == divergence.as_samba(result.simulated):
            return None
        return (
            f"{result.state.name} ({divergence.name}) is not as documented: {result.difference()}"
        )
    if result.agrees:
        return None
    return f"{result.state.name} [{result.state.combination}]: {result.difference()}"


def predicted(state: State, simulated: Answers) -> Result:
    """The result a run gives when every state is as documented: the DC answers as the
    simulator does, except in a documented divergence (where it answers as Samba is documented
    to). Used to render the report without a DC, to tell a stale one."""
    divergence = divergence_for(state)
    if divergence is None:
        return Result(state, simulated, simulated)
    return Result(state, divergence.as_samba(simulated), simulated)
