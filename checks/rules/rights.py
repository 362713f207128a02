"""Logon rights for IIS's logon type: deny beats allow, and no allow also fails (WL 3)."""

from __future__ import annotations

from collections.abc import Callable

from winfacts.rights import RIGHT_DISPLAY, rights_for

from .. import remedies
from ..context import Context, Result
from ..facts import AccountFacts, AnonymousFacts, RightAssignment, Unknown
from ..findings import EvidenceItem


def _assignments(ctx: Context) -> tuple[RightAssignment, RightAssignment] | Unknown:
    anon = ctx.anon
    assert isinstance(anon, AnonymousFacts)
    allow_name, deny_name = rights_for(anon.logon_type)
    allow = ctx.ev.right(allow_name)
    deny = ctx.ev.right(deny_name)
    if isinstance(allow, Unknown):
        return allow
    if isinstance(deny, Unknown):
        return deny
    return allow, deny


def _type_text(ctx: Context) -> str:
    anon = ctx.anon
    assert isinstance(anon, AnonymousFacts)
    where = anon.sources.get("logon_type", anon.source_file)
    return f"IIS logs on with logon type {anon.logon_type} ({where})"


def _denied(ctx: Context) -> Result:
    if ctx.token is None or not isinstance(ctx.anon, AnonymousFacts) or _no_account(ctx):
        return None
    found = _assignments(ctx)
    if isinstance(found, Unknown):
        return ctx.missing("logon-right-denied", found.needs)
    _, deny = found
    for principal in deny.principals:
        why = ctx.token.match(principal, ctx.machine)
        if why is not None:
            shown = principal.lstrip("*")
            evidence = [
                EvidenceItem(
                    deny.source,
                    f"{deny.right} ({RIGHT_DISPLAY.get(deny.right, deny.right)}) lists "
                    f"{principal}; {why}",
                ),
                EvidenceItem(ctx.anon.source_file, _type_text(ctx)),
            ]
            dc = bool(ctx.host and ctx.host.is_domain_controller)
            steps = remedies.for_right(
                "logon-right-denied", ctx.anon.logon_type, shown, _source_name(deny.source), dc
            )
            return ctx.finding("logon-right-denied", evidence, steps)
    return _denied_by_unnamed_sid(ctx, found)


def _denied_by_unnamed_sid(ctx: Context, found: tuple[RightAssignment, RightAssignment]) -> Result:
    """A deny entry the bundle can not name (secedit writes local accounts as bare SIDs, and
    `net user` does not print SIDs), while Windows itself reported 1385 although the allow
    right covers the token: the unnamed entry is what denies."""
    allow, deny = found
    assert ctx.token is not None and isinstance(ctx.anon, AnonymousFacts)
    if not any(ctx.token.match(p, ctx.machine) for p in allow.principals):
        return None  # the right is missing anyway; that is the other rule's finding
    unnamed = [p for p in deny.principals if _is_unnamed_sid(p)]
    if not ctx.token.complete:
        unnamed = list(deny.principals)  # any of them may hold the account
    signals = ctx.signals_for("logon-right-denied")
    if not unnamed or not signals:
        return None
    evidence = [
        EvidenceItem(
            deny.source,
            f"{deny.right} lists {', '.join(unnamed)}, which the bundle can not map to a name "
            "(a local account or group, perhaps the anonymous account itself)",
        ),
        EvidenceItem(ctx.anon.source_file, _type_text(ctx)),
    ]
    dc = bool(ctx.host and ctx.host.is_domain_controller)
    steps = remedies.for_right(
        "logon-right-denied",
        ctx.anon.logon_type,
        unnamed[0].lstrip("*"),
        _source_name(deny.source),
        dc,
    )
    return ctx.finding("logon-right-denied", evidence, steps)


def _is_unnamed_sid(principal: str) -> bool:
    from winfacts import wellknown as wk
    from winfacts.sid import Sid

    text = principal.strip().lstrip("*")
    if not text.upper().startswith("S-1-"):
        return False
    try:
        return wk.display_name(Sid.parse(text)) is None
    except ValueError:
        return False


def _missing(ctx: Context) -> Result:
    if ctx.token is None or not isinstance(ctx.anon, AnonymousFacts) or _no_account(ctx):
        return None
    found = _assignments(ctx)
    if isinstance(found, Unknown):
        return ctx.missing("logon-right-missing", found.needs)
    allow, _ = found
    for principal in allow.principals:
        if ctx.token.match(principal, ctx.machine) is not None:
            return None
    listed = ", ".join(allow.principals) or "nobody"
    head = f"{allow.right} ({RIGHT_DISPLAY.get(allow.right, allow.right)}) lists {listed}; "
    if ctx.token.complete:
        detail = head + "nothing in the account's token is among them"
    else:
        # Some groups are not in the bundle: one of them may hold the right.
        detail = head + (
            "none of the account, its groups and its well-known SIDs is among them, as far "
            "as the bundle's group memberships show"
        )
    dc = bool(ctx.host and ctx.host.is_domain_controller)
    steps = remedies.for_right(
        "logon-right-missing", ctx.anon.logon_type, ctx.anon.user, _source_name(allow.source), dc
    )
    return ctx.finding(
        "logon-right-missing",
        [EvidenceItem(allow.source, detail), EvidenceItem(ctx.anon.source_file, _type_text(ctx))],
        steps,
    )


def _no_account(ctx: Context) -> bool:
    """No such account: LogonUser stops at the name; no token, no rights to weigh."""
    return isinstance(ctx.account, AccountFacts) and not ctx.account.exists


def _source_name(source: str) -> str:
    # "secedit.inf line 12" is the merged policy; where a GPO set it the export can not say.
    return "Local Policy"


RULES: dict[str, Callable[[Context], Result]] = {
    "logon-right-denied": _denied,
    "logon-right-missing": _missing,
}
