"""Rules on the LSA's own state: CrashOnAuditFail, the Security log's capacity, and whether
logon failures are audited at all (reference WL 1 and 6, KB 832981)."""

from __future__ import annotations

from collections.abc import Callable

from winfacts import assumptions as A

from .. import remedies
from ..context import Context, Result
from ..facts import Unknown
from ..findings import EvidenceItem

#: A log within one allocation unit of its maximum can not take a new record.
_FULL_MARGIN: int = A.LOG_FULL_MARGIN.value


def _crash_on_audit_fail(ctx: Context) -> Result:
    lsa = ctx.ev.lsa()
    if isinstance(lsa, Unknown):
        if ctx.unambiguous_signal("crash-on-audit-fail"):
            return ctx.finding("crash-on-audit-fail", [], remedies.crash_on_audit_fail(ctx.legacy))
        return ctx.missing("crash-on-audit-fail", lsa.needs)
    if lsa.crash_on_audit_fail != 2:
        return None
    if ctx.account is None:
        return None  # no LogonUser for a built-in identity
    where = lsa.lines.get("CrashOnAuditFail", lsa.source)
    item = EvidenceItem(
        where,
        "CrashOnAuditFail = 2: the LSA admits only administrators since an audit could not be "
        "written (the value takes effect at start-up)",
    )
    return ctx.finding("crash-on-audit-fail", [item], remedies.crash_on_audit_fail(ctx.legacy))


def _log_full(ctx: Context) -> Result:
    lsa = ctx.ev.lsa()
    capacity = ctx.ev.security_log()
    if isinstance(lsa, Unknown) or isinstance(capacity, Unknown):
        needs = lsa.needs if isinstance(lsa, Unknown) else capacity.needs  # type: ignore[union-attr]
        return ctx.missing("security-log-full", needs)
    if lsa.crash_on_audit_fail != 1 or not capacity.may_not_overwrite:
        return None
    full_events = ctx.ev.log_full_events()
    full = False
    evidence = [
        EvidenceItem(
            lsa.lines.get("CrashOnAuditFail", lsa.source),
            "CrashOnAuditFail = 1: an audit that can not be written stops the server",
        ),
        EvidenceItem(
            capacity.source,
            f"the Security log keeps its records ({capacity.retention.value}) and does "
            "not archive them",
        ),
    ]
    size, limit = capacity.file_size, capacity.max_size
    if size is not None and limit is not None and size + _FULL_MARGIN > limit:
        full = True
        evidence.append(
            EvidenceItem(capacity.source, f"the log file is {size} bytes of a maximum {limit}")
        )
    if not isinstance(full_events, Unknown) and full_events:
        full = True
        evidence.append(
            EvidenceItem(full_events[-1].source, "event 1104: the security log is now full")
        )
    if not full:
        if capacity.file_size is None:
            # `wevtutil gl` alone gives no size; an export without event 1104 may be cut short.
            return ctx.missing("security-log-full", "Security-log.txt with wevtutil gli's fileSize")
        return None
    return ctx.finding(
        "security-log-full", evidence, remedies.security_log_full(ctx.legacy), corroborate=False
    )


def _audit(ctx: Context) -> Result:
    # A logon failure in the Security log proves failures are audited, whatever a policy file
    # says (a GPO may set what the local export does not show).
    if any(not event.success for event in ctx.events):
        return None
    audit = ctx.ev.audit()
    if isinstance(audit, Unknown):
        return ctx.missing("logon-audit-disabled", audit.needs)
    if audit.failure:
        return None
    item = EvidenceItem(
        audit.source,
        "logon failures are not audited ("
        + ("successes only" if audit.success else "neither successes nor failures")
        + "): a failing logon leaves no event",
    )
    return ctx.finding(
        "logon-audit-disabled", [item], remedies.audit_failures(ctx.legacy), corroborate=False
    )


RULES: dict[str, Callable[[Context], Result]] = {
    "crash-on-audit-fail": _crash_on_audit_fail,
    "security-log-full": _log_full,
    "logon-audit-disabled": _audit,
}
