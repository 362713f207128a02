"""Rules IIS itself applies around the logon: whether anonymous access is on for the URL (401.2
comes before any logon) and whether the token may read the content (401.3 after it)."""

from __future__ import annotations

from collections.abc import Callable

from .. import remedies
from ..context import Context, Result
from ..facts import AccountFacts, AclFacts, AnonymousFacts, IdentityKind, Unknown
from ..findings import EvidenceItem


def _anonymous_disabled(ctx: Context) -> Result:
    anon = ctx.anon
    if isinstance(anon, Unknown):
        if ctx.unambiguous_signal("anonymous-disabled"):
            return ctx.finding("anonymous-disabled", [], [])
        return ctx.missing("anonymous-disabled", anon.needs)
    if "anonymous_enabled" in anon.unresolved:
        # Nothing read says whether IIS has anonymous access on (a live directory alone).
        return ctx.missing("anonymous-disabled", f"{anon.source_file}, where IIS keeps it")
    if anon.enabled:
        return None
    where = anon.sources.get("anonymous_enabled", anon.source_file)
    others = ", ".join(anon.other_methods) or "none"
    item = EvidenceItem(
        where,
        f"anonymous authentication is off for {ctx.url}; other methods: {others} (an anonymous "
        "visitor has no credentials for them, so IIS answers 401.2)",
    )
    location = anon.locations.get("anonymous_enabled")
    return ctx.finding(
        "anonymous-disabled", [item], remedies.anonymous_disabled(ctx.legacy, _location(location))
    )


def _location(where: str | None) -> str | None:
    if where is None:
        return None
    return where.removeprefix("MACHINE/WEBROOT/APPHOST/").removeprefix("MACHINE/WEBROOT/APPHOST")


def _acl_for(ctx: Context, anon: AnonymousFacts) -> AclFacts | Unknown:
    base = anon.physical_path.rstrip("\\")
    candidates = []
    if ctx.url.endswith("/"):
        candidates += [f"{base}\\{doc}" for doc in anon.default_documents]
        candidates.append(base)
    else:
        candidates.append(base)
    last: AclFacts | Unknown = Unknown("icacls.txt")
    for path in candidates:
        found = ctx.ev.content_acl(path)
        if not isinstance(found, Unknown):
            return found
        last = found
    return last


def _content_acl(ctx: Context) -> Result:
    anon = ctx.anon
    if isinstance(anon, Unknown) or ctx.token is None:
        if ctx.unambiguous_signal("content-acl-denied"):
            return ctx.finding("content-acl-denied", [], [])
        if isinstance(anon, Unknown):
            return ctx.missing("content-acl-denied", anon.needs)
        return None
    if anon.identity is not IdentityKind.ACCOUNT:
        return None
    if isinstance(ctx.account, AccountFacts) and not ctx.account.exists:
        return None  # no logon, no token: nothing reaches the file system
    acl = _acl_for(ctx, anon)
    if isinstance(acl, Unknown):
        if ctx.unambiguous_signal("content-acl-denied"):
            return ctx.finding("content-acl-denied", [], [])
        return ctx.missing("content-acl-denied", acl.needs)
    for ace in acl.aces:
        if not ace.reads:
            continue
        why = ctx.token.match(ace.principal, ctx.machine)
        if why is None:
            continue
        if ace.deny:
            item = EvidenceItem(
                acl.source,
                f"{acl.path}: {ace.principal} is denied {ace.rights}; {why}",
            )
            return ctx.finding(
                "content-acl-denied", [item], remedies.content_acl(acl.path, ace.principal)
            )
        if not ctx.token.complete and ctx.unambiguous_signal("content-acl-denied"):
            break  # group memberships unknown; IIS itself answered 401.3
        return None  # an allow entry that reads comes first
    else:
        if not ctx.token.complete and not ctx.unambiguous_signal("content-acl-denied"):
            # Nothing the bundle shows in the token reads the file, but it does not show the
            # account's groups either: say what is missing rather than guess.
            return ctx.missing("content-acl-denied", "net-user-<NAME>.txt or ad.ldif")
        return ctx.finding(
            "content-acl-denied",
            [EvidenceItem(acl.source, f"{acl.path}: no entry lets {anon.qualified} read")],
            remedies.content_acl(acl.path, anon.qualified),
        )
    denies = [a.principal for a in acl.aces if a.deny and a.reads]
    item = EvidenceItem(
        acl.source,
        f"{acl.path} denies reading to {', '.join(denies) or 'no named entry'}; the bundle does "
        f"not show which groups {anon.qualified} is in",
    )
    return ctx.finding("content-acl-denied", [item], remedies.content_acl(acl.path, anon.qualified))


RULES: dict[str, Callable[[Context], Result]] = {
    "anonymous-disabled": _anonymous_disabled,
    "content-acl-denied": _content_acl,
}
