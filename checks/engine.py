"""Run every check over one context and order the findings as Windows would report them."""

from __future__ import annotations

from datetime import datetime

from .catalogue import CHECKS, LOGON_LEVEL, ORDER
from .context import Context, build
from .evidence import Evidence
from .facts import HostFacts, Unknown
from .findings import Diagnosis, Finding, Missing
from .rules import account, iis, lsa, password, rights

RULES = {**account.RULES, **password.RULES, **rights.RULES, **lsa.RULES, **iis.RULES}
assert set(RULES) == {c.id for c in CHECKS}, "every finding id needs exactly one rule"


def diagnose(ev: Evidence, url: str = "/", *, clock_now: datetime | None = None) -> Diagnosis:
    ctx = build(ev, url, clock_now)
    findings: list[Finding] = []
    missing: list[Missing] = []
    for check in CHECKS:
        result = RULES[check.id](ctx)
        if isinstance(result, Finding):
            findings.append(result)
        elif isinstance(result, Missing):
            missing.append(result)
    host = ev.host()
    name = host.computer_name if isinstance(host, HostFacts) else None
    return Diagnosis(
        name,
        url,
        tuple(windows_order(findings, ctx)),
        tuple(missing),
        tuple(ctx.notes),
        tuple(c.id for c in CHECKS),
        ev.judged_at(),
    )


def windows_order(findings: list[Finding], ctx: Context) -> list[Finding]:
    """The order one anonymous request meets the causes in.

    The catalogue's order is LogonUser's; two things move with the configuration:
    - IIS 7+ refuses a disabled anonymous request before any logon, so nothing is audited and a
      full log stops nothing; IIS 6 builds the anonymous token even then (reference IIS 1).
    - A full Security log stops the server at the first audit that can not be written: at once
      when the first failure is audited, else only when a logon finally succeeds.
    """
    ordered = sorted(findings, key=lambda f: ORDER[f.id])
    full = next((f for f in ordered if f.id == "security-log-full"), None)
    if full is None:
        return ordered
    ordered.remove(full)
    ids = [f.id for f in ordered]
    audit = ctx.ev.audit()
    failures_audited = isinstance(audit, Unknown) or audit.failure
    logon_failures = [i for i, fid in enumerate(ids) if fid in LOGON_LEVEL]
    position = 0
    if not ctx.legacy and ids[:1] == ["anonymous-disabled"]:
        position = 1
    if logon_failures and not failures_audited:
        position = logon_failures[-1] + 1
    ordered.insert(position, full)
    return ordered
