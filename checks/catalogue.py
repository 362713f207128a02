"""The checks: one per finding id of the contract (section 4), in the order Windows reports
them for one anonymous request."""

from __future__ import annotations

import attrs

from .findings import Severity


@attrs.frozen
class CheckInfo:
    id: str
    title: str  # what the finding means, as `authlab checks` lists it
    severity: Severity
    references: tuple[str, ...]
    needs: str  # the bundle files the check reads (besides the IIS configuration)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_KB = "KB909887"

CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo("security-log-full", "The Security log is full and may not overwrite, with "
              "CrashOnAuditFail = 1: the next audit stops the server", _E,
              ("KB832981", _KB), "Security-log.txt and lsa.reg"),
    CheckInfo("anonymous-disabled", "Anonymous authentication is off for the URL and no other "
              "method lets the request in (401.2)", _E, (_KB,),
              "MetaBase.xml or applicationHost.config"),
    CheckInfo("account-not-found", "The anonymous account named in the IIS configuration does "
              "not exist", _E, (_KB,), "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("account-locked-out", "The anonymous account is locked out", _E, (_KB,),
              "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("password-sync-unusable", "AnonymousPasswordSync is in effect where "
              "subauthentication can not work", _E, (_KB,), "MetaBase.xml and lsa.reg"),
    CheckInfo("password-mismatch", "The configured anonymous password does not log the account "
              "on", _E, (_KB,), "probe.json, the Security log or the IIS log"),
    CheckInfo("account-disabled", "The anonymous account is disabled", _E, (_KB,),
              "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("account-expired", "The anonymous account has expired", _E, (_KB,),
              "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("password-must-change", "The anonymous account must change its password at next "
              "logon", _E, (_KB,), "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("password-expired", "The anonymous account's password has expired", _E, (_KB,),
              "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("workstation-restriction", '"Log On To" does not include the web server', _E,
              (_KB,), "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("logon-hours", "The anonymous account may not log on at the time judged", _E,
              (_KB,), "net-user-<NAME>.txt or ad.ldif"),
    CheckInfo("crash-on-audit-fail", "CrashOnAuditFail = 2: only administrators may log on", _E,
              ("KB832981", _KB), "lsa.reg"),
    CheckInfo("logon-right-denied", "The account, or a group it is in, holds the deny right for "
              "IIS's logon type", _E, (_KB,), "secedit.inf"),
    CheckInfo("logon-right-missing", "Nothing in the account's token holds the allow right for "
              "IIS's logon type", _E, (_KB,), "secedit.inf"),
    CheckInfo("content-acl-denied", "The file system denies the anonymous identity the content "
              "(401.3)", _E, (_KB,), "icacls.txt"),
    CheckInfo("logon-audit-disabled", "Logon failures are not audited, so the Security log can "
              "not show the cause", _I, (_KB,), "secedit.inf"),
)  # fmt: skip

BY_ID: dict[str, CheckInfo] = {c.id: c for c in CHECKS}
ORDER: dict[str, int] = {c.id: i for i, c in enumerate(CHECKS)}

#: Findings decided by LogonUser (they can hide each other and appear as each is fixed).
LOGON_LEVEL: frozenset[str] = frozenset(
    c.id
    for c in CHECKS
    if c.id
    not in ("security-log-full", "anonymous-disabled", "content-acl-denied", "logon-audit-disabled")
)
