"""The password IIS holds: a tool can not read it, only try it (reference WL 7). Mismatch is
found by the credential probe or by the failures it leaves in the Security and IIS logs."""

from __future__ import annotations

from collections.abc import Callable

from .. import remedies
from ..context import Context, Result
from ..facts import AccountFacts, AnonymousFacts, Unknown
from ..findings import EvidenceItem


def sync_unusable(ctx: Context) -> tuple[bool, list[EvidenceItem]] | Unknown:
    """AnonymousPasswordSync in effect where subauthentication can not work (IIS 3): the
    property TRUE, but not in IIS 5.0 isolation mode or without iissuba registered."""
    anon = ctx.anon
    if not isinstance(anon, AnonymousFacts):
        return Unknown(anon.needs)
    if "password_sync" in anon.unresolved:
        return Unknown(f"{anon.source_file} with its IIsWebService key (AnonymousPasswordSync)")
    if not anon.password_sync:
        return False, []
    where = anon.sources.get("password_sync")
    if where is None:
        detail = (
            "AnonymousPasswordSync is TRUE for this URL: no key on its way sets it, so the "
            "schema default (TRUE) applies"
        )
    else:
        detail = "AnonymousPasswordSync is TRUE for this URL"
    items = [EvidenceItem(where or anon.source_file, detail)]
    if not anon.iis5_isolation:
        items.append(
            EvidenceItem(
                anon.sources.get("iis5_isolation", anon.source_file),
                "IIS runs in worker process isolation mode, where subauthentication is not "
                "available: IIS logs on with the stored name and password",
            )
        )
        return True, items
    lsa = ctx.ev.lsa()
    if isinstance(lsa, Unknown):
        return Unknown("lsa.reg")
    if not lsa.subauth_registered:
        items.append(
            EvidenceItem(lsa.source, "iissuba.dll is not registered with MSV1_0 (Auth132)")
        )
        return True, items
    return False, []


def _password_failure(ctx: Context) -> bool | None:
    """Whether runtime evidence shows the configured password failing (1326 / 0xC000006A).

    1326 and 529 also mean "no such user"; the caller has already ruled that out when the
    account is known to exist, and says so when it is not known.
    """
    if ctx.unambiguous_signal("account-not-found"):
        return False  # 0xC0000064: the name is wrong, not the password
    if ctx.signals_for("password-mismatch"):
        return True
    if ctx.signals:
        return False  # another failure is what Windows reports now
    if not isinstance(ctx.ev.probe(), Unknown):
        return False  # the probe logged on with the configured password
    if ctx.events or not isinstance(ctx.ev.w3c(ctx.url), Unknown):
        return False
    return None


def _mismatch(ctx: Context) -> Result:
    anon = ctx.anon
    if not isinstance(anon, AnonymousFacts) or ctx.account is None:
        return None
    acct = ctx.account
    if isinstance(acct, AccountFacts) and not acct.exists:
        return None
    # AnonymousPasswordSync may explain the failing password; the password fails all the same,
    # so both findings stand (a reader of the report need not know which explains which).
    failing = _password_failure(ctx)
    if failing:
        domain = isinstance(acct, AccountFacts) and acct.is_domain
        where = anon.sources.get("password")
        location = anon.locations.get("password")
        title = None
        if isinstance(acct, Unknown) and all(
            "account-not-found" in s.candidates for s in ctx.signals_for("password-mismatch")
        ):
            # 1326 and event 529 say "unknown user name or bad password" alike.
            title = (
                "The configured anonymous password does not log the account on (or the account "
                f"does not exist: {acct.needs} would tell)"
            )
        return ctx.finding(
            "password-mismatch",
            [
                EvidenceItem(
                    where or anon.source_file,
                    f"IIS holds a password for {anon.qualified}"
                    if anon.password_set
                    else f"IIS holds no password for {anon.qualified}",
                )
            ],
            remedies.set_password(anon.user, domain, ctx.legacy, location),
            title=title,
        )
    if failing is None:
        return ctx.missing("password-mismatch")
    return None


def _sync(ctx: Context) -> Result:
    anon = ctx.anon
    if not isinstance(anon, AnonymousFacts) or ctx.account is None:
        return None
    found = sync_unusable(ctx)
    if isinstance(found, Unknown):
        return ctx.missing("password-sync-unusable", found.needs)
    unusable, items = found
    if not unusable:
        return None
    acct = ctx.account
    domain = isinstance(acct, AccountFacts) and acct.is_domain
    steps = remedies.password_sync(anon.locations.get("password_sync"))
    steps += remedies.set_password(anon.user, domain, ctx.legacy, anon.locations.get("password"))
    return ctx.finding("password-sync-unusable", items, steps)


RULES: dict[str, Callable[[Context], Result]] = {
    "password-mismatch": _mismatch,
    "password-sync-unusable": _sync,
}
