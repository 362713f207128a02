"""Logon rights for IIS's logon type: deny beats allow, and no allow also fails (WL 3)."""

from __future__ import annotations

from collections.abc import Callable

from simulator.rights import RIGHT_DISPLAY, rights_for

from .. import remedies
from ..context import Context, Result
from ..facts import AnonymousFacts, RightAssignment, Unknown
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
    if ctx.token is None or not isinstance(ctx.anon, AnonymousFacts):
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
    if not ctx.token.complete and ctx.unambiguous_signal("logon-right-denied"):
        return ctx.finding("logon-right-denied", [], [])
    return None


def _missing(ctx: Context) -> Result:
    if ctx.token is None or not isinstance(ctx.anon, AnonymousFacts):
        return None
    found = _assignments(ctx)
    if isinstance(found, Unknown):
        return ctx.missing("logon-right-missing", found.needs)
    allow, _ = found
    for principal in allow.principals:
        if ctx.token.match(principal, ctx.machine) is not None:
            return None
    listed = ", ".join(allow.principals) or "nobody"
    detail = (
        f"{allow.right} ({RIGHT_DISPLAY.get(allow.right, allow.right)}) lists {listed}; "
        "nothing in the account's token is among them"
    )
    if not ctx.token.complete:
        detail += " (as far as the bundle's group memberships show)"
    dc = bool(ctx.host and ctx.host.is_domain_controller)
    steps = remedies.for_right(
        "logon-right-missing", ctx.anon.logon_type, ctx.anon.user, _source_name(allow.source), dc
    )
    return ctx.finding(
        "logon-right-missing",
        [EvidenceItem(allow.source, detail), EvidenceItem(ctx.anon.source_file, _type_text(ctx))],
        steps,
    )


def _source_name(source: str) -> str:
    # "secedit.inf line 12" is the merged policy; where a GPO set it the export can not say.
    return "Local Policy"


RULES: dict[str, Callable[[Context], Result]] = {
    "logon-right-denied": _denied,
    "logon-right-missing": _missing,
}
