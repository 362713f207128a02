"""Who the anonymous account's token would contain, from what the bundle shows.

Rights in secedit.inf name principals as ``*SID`` or as names; group memberships come from
`net user`, `net localgroup` and LDIF exports, which use names. So a token is represented as a
set of lower-cased keys (names short and qualified, and SID strings), and a principal matches
when any of its keys is in the set. Memberships the bundle does not show are reported as
unknown, never assumed absent.
"""

from __future__ import annotations

import attrs

from winfacts import wellknown as wk
from winfacts.rights import LOGON_TYPE_NAMES
from winfacts.sid import Sid

from .facts import AccountFacts, GroupFacts

_LOGON_GROUP = {2: wk.INTERACTIVE, 3: wk.NETWORK, 4: wk.BATCH, 5: wk.SERVICE, 8: wk.NETWORK}


def keys_for(principal: str, machine: str | None = None) -> set[str]:
    """Every spelling of a principal: ``*S-1-5-32-546``, ``Guests``, ``BUILTIN\\Guests``."""
    text = principal.strip().lstrip("*").strip()
    keys = {text.lower()}
    sid: Sid | None = None
    if text.upper().startswith("S-1-"):
        try:
            sid = Sid.parse(text)
        except ValueError:
            sid = None
    else:
        sid = wk.lookup_name(text)
        authority, _, short = text.rpartition("\\")
        keys.add(short.lower())
        if not authority and machine:
            keys.add(f"{machine}\\{short}".lower())
    if sid is not None:
        keys.add(str(sid).lower())
        name = wk.display_name(sid)
        if name:
            keys.add(name.lower())
            keys.add(name.rpartition("\\")[2].lower())
    return keys


@attrs.frozen
class TokenView:
    """The keys known to be in the token, and why each is there (for evidence)."""

    keys: frozenset[str]
    reasons: dict[str, str] = attrs.field(eq=False)
    complete: bool  # False when group memberships could not be read

    def match(self, principal: str, machine: str | None) -> str | None:
        """Why ``principal`` is in the token, or None."""
        for key in keys_for(principal, machine):
            if key in self.keys:
                return self.reasons.get(key, "it is the account itself")
        return None


def token_view(
    user: str,
    domain: str | None,
    logon_type: int,
    account: AccountFacts | None,
    groups: dict[str, GroupFacts],
    machine: str | None,
) -> TokenView:
    keys: set[str] = set()
    reasons: dict[str, str] = {}

    def add(principal: str, reason: str) -> None:
        for key in keys_for(principal, machine):
            if key not in keys:
                keys.add(key)
                reasons[key] = reason

    add(user, "it is the account itself")
    if domain:
        add(f"{domain}\\{user}", "it is the account itself")
    if account is not None and account.sid:
        add("*" + account.sid, "it is the account itself")
    is_guest = account is not None and account.sid is not None and account.sid.endswith("-501")
    add("*" + str(wk.EVERYONE), "every token holds Everyone")
    if not is_guest:
        add(
            "*" + str(wk.AUTHENTICATED_USERS),
            "the account is not Guest, so it is an authenticated user",
        )
    type_group = _LOGON_GROUP.get(logon_type)
    if type_group is not None:
        add(
            "*" + str(type_group),
            f"logon type {logon_type} "
            f"({LOGON_TYPE_NAMES.get(logon_type, '?')}) adds {wk.display_name(type_group)}",
        )
    complete = account is not None
    if account is not None:
        for name in account.groups:
            add(name, f"{account.source} lists {name} among its groups")
        for sid in account.group_sids:
            add("*" + sid, f"{account.source} lists {sid} among its groups")
        if account.groups_may_be_truncated:
            complete = False
    # Machine aliases list members by name; one pass suffices (aliases do not nest).
    for group in groups.values():
        for member in group.members:
            if any(k in keys for k in keys_for(member, machine)):
                add(group.name, f"{group.source} lists {member} as a member of {group.name}")
                break
    if (
        "authenticated users" in keys
        and "users" not in keys
        and "users" not in {g.lower() for g in groups}
    ):
        # Windows puts Authenticated Users in Users on every server; without the export we
        # say so rather than pretend to have read it.
        add("*" + str(wk.USERS), "Users holds Authenticated Users by default")
    return TokenView(frozenset(keys), reasons, complete)
