"""Every finding id of the contract (section 4), once: what it means, how bad it is, who decides
it, and what a diagnosis needs to see it.

The tuple's order is the order in which Windows reports the causes for one anonymous request: a
full Security log stops the server at the first audit, IIS refuses a URL without anonymous
access before it logs anyone on, LogonUser checks the account's existence, lockout and password
before its restrictions, then CrashOnAuditFail and the logon rights, and only a logged-on token
meets the content's ACL. The simulator's faults take their id, title and severity from here; the
diagnosis takes its catalogue, order and probe rules from here. Adding a finding means an entry
here, its rule and remedy in `checks/`, its fault in `simulator/faults/`, and a feature.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from typing import Final

import attrs

from . import assumptions
from .ntstatus import Codes, Outcome


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Level(enum.Enum):
    """Which part of Windows decides the finding for one request."""

    LOGON = "logon"  # LogonUser refuses the account: HTTP 401.1
    IIS = "iis"  # IIS itself, before or after the logon: 401.2, 401.3
    AUDIT = "audit"  # the Security log and its policy, whatever the account


@attrs.frozen
class FindingSpec:
    id: str
    title: str  # one sentence: what the finding means
    severity: Severity
    level: Level
    #: A successful LogonUser with the configured credentials contradicts the finding.
    probe_decides: bool
    references: tuple[str, ...]
    needs: str  # the bundle files the check reads (besides the IIS configuration)

    @property
    def logon_level(self) -> bool:
        return self.level is Level.LOGON


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_LOGON, _IIS, _AUDIT = Level.LOGON, Level.IIS, Level.AUDIT
_KB = "KB909887"
_ACCOUNT = "net-user-<NAME>.txt or ad.ldif"

FINDINGS: Final[tuple[FindingSpec, ...]] = (
    FindingSpec("security-log-full", "The Security log is full and may not overwrite, with "
                "CrashOnAuditFail = 1: the next audit stops the server", _E, _AUDIT, False,
                ("KB832981", _KB), "Security-log.txt and lsa.reg"),
    FindingSpec("anonymous-disabled", "Anonymous authentication is off for the URL and no other "
                "method lets the request in (401.2)", _E, _IIS, False, (_KB,),
                "MetaBase.xml or applicationHost.config"),
    FindingSpec("account-not-found", "The anonymous account named in the IIS configuration does "
                "not exist", _E, _LOGON, True, (_KB,), _ACCOUNT),
    FindingSpec("account-locked-out", "The anonymous account is locked out", _E, _LOGON, True,
                (_KB,), _ACCOUNT),
    FindingSpec("password-sync-unusable", "AnonymousPasswordSync is in effect where "
                "subauthentication can not work", _E, _LOGON, True, (_KB,),
                "MetaBase.xml and lsa.reg"),
    FindingSpec("password-mismatch", "The configured anonymous password does not log the "
                "account on", _E, _LOGON, True, (_KB,),
                "probe.json, the Security log or the IIS log"),
    FindingSpec("account-disabled", "The anonymous account is disabled", _E, _LOGON, True,
                (_KB,), _ACCOUNT),
    FindingSpec("account-expired", "The anonymous account has expired", _E, _LOGON, True, (_KB,),
                _ACCOUNT),
    FindingSpec("password-must-change", "The anonymous account must change its password at next "
                "logon", _E, _LOGON, True, (_KB,), _ACCOUNT),
    FindingSpec("password-expired", "The anonymous account's password has expired", _E, _LOGON,
                True, (_KB,), _ACCOUNT),
    FindingSpec("workstation-restriction", '"Log On To" does not include the web server', _E,
                _LOGON, True, (_KB,), _ACCOUNT),
    FindingSpec("logon-hours", "The anonymous account may not log on at the time judged", _E,
                _LOGON, True, (_KB,), _ACCOUNT),
    FindingSpec("crash-on-audit-fail", "CrashOnAuditFail = 2: only administrators may log on",
                _E, _LOGON, True, ("KB832981", _KB), "lsa.reg"),
    FindingSpec("logon-right-denied", "The account, or a group it is in, holds the deny right "
                "for IIS's logon type", _E, _LOGON, True, (_KB,), "secedit.inf"),
    FindingSpec("logon-right-missing", "Nothing in the account's token holds the allow right for "
                "IIS's logon type", _E, _LOGON, True, (_KB,), "secedit.inf"),
    FindingSpec("content-acl-denied", "The file system denies the anonymous identity the "
                "content (401.3)", _E, _IIS, False, (_KB,), "icacls.txt"),
    FindingSpec("logon-audit-disabled", "Logon failures are not audited, so the Security log can "
                "not show the cause", _I, _AUDIT, False, (_KB,), "secedit.inf or auditpol.csv"),
)  # fmt: skip

BY_ID: Final[Mapping[str, FindingSpec]] = types.MappingProxyType({f.id: f for f in FINDINGS})
#: Each id's place in Windows' order.
ORDER: Final[Mapping[str, int]] = types.MappingProxyType(
    {f.id: index for index, f in enumerate(FINDINGS)}
)
FINDING_IDS: Final[tuple[str, ...]] = tuple(f.id for f in FINDINGS)
#: Findings LogonUser decides: they hide each other and appear one by one as each is fixed.
LOGON_LEVEL: Final[frozenset[str]] = frozenset(f.id for f in FINDINGS if f.logon_level)
#: Findings a successful credential probe contradicts.
PROBE_DECIDES: Final[frozenset[str]] = frozenset(f.id for f in FINDINGS if f.probe_decides)


#: What each failing LogonUser outcome can stand for: the findings a 401.1 with that outcome
#: points at (the configuration tells which, where there are several).
OUTCOME_FINDINGS: Final[Mapping[Outcome, tuple[str, ...]]] = types.MappingProxyType(
    {
        Outcome.NO_SUCH_USER: ("account-not-found",),
        Outcome.WRONG_PASSWORD: ("password-mismatch", "password-sync-unusable"),
        Outcome.LOCKED_OUT: ("account-locked-out",),
        Outcome.ACCOUNT_DISABLED: ("account-disabled",),
        Outcome.ACCOUNT_EXPIRED: ("account-expired",),
        Outcome.MUST_CHANGE: ("password-must-change",),
        Outcome.PASSWORD_EXPIRED: ("password-expired",),
        Outcome.WORKSTATION: ("workstation-restriction",),
        Outcome.LOGON_HOURS: ("logon-hours",),
        Outcome.LOGON_TYPE_NOT_GRANTED: ("logon-right-denied", "logon-right-missing"),
        Outcome.CRASH_ON_AUDIT_FAIL: ("crash-on-audit-fail",),
    }
)


def findings_by_code(
    code: Callable[[Codes], int | None], *, audited: bool = False
) -> dict[int, tuple[str, ...]]:
    """The findings behind each value of one rendering of the outcomes (the Win32 code, the
    4625 SubStatus, the 2003 event ID): outcomes that share a value share its findings.
    ``audited``: the rendering is an audit event, so outcomes that write none are left out."""
    found: dict[int, tuple[str, ...]] = {}
    for outcome, ids in OUTCOME_FINDINGS.items():
        if audited and not _audited(outcome):
            continue
        value = code(outcome.codes)
        if value:
            known = found.get(value, ())
            found[value] = (*known, *(i for i in ids if i not in known))
    return found


def _audited(outcome: Outcome) -> bool:
    if outcome is Outcome.CRASH_ON_AUDIT_FAIL:
        return bool(assumptions.CRASH_ON_AUDIT_FAIL_DENIAL.value["event"])
    return True


def spec(finding_id: str) -> FindingSpec:
    """The registry's entry for an id; a KeyError names an id that is not in the contract."""
    return BY_ID[finding_id]
