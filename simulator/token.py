"""Access tokens: which SIDs a logon session carries (reference WL 3).

A token holds the user, every group it is in (domain groups transitively, then the machine's
aliases that list any of those), Everyone, Authenticated Users (except for a Guest account,
RID 501) and the group of its logon type. User rights and ACLs are decided against this set, so
"IUSR is denied because Guests is denied" falls out of the membership, not a special case.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Final, Protocol

import attrs

from winfacts import assumptions as A
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.sid import Sid

from .accounts import Account
from .sam import Sam

LOGON_TYPE_GROUP: Final = {
    2: wk.INTERACTIVE,
    3: wk.NETWORK,
    4: wk.BATCH,
    5: wk.SERVICE,
    8: Sid.parse(A.CLEARTEXT_LOGON_GROUP.value),
}


@attrs.frozen(repr=False)
class Token:
    user: Sid
    account: str  # AUTHORITY\name, for reports
    groups: frozenset[Sid]
    logon_type: int

    @property
    def sids(self) -> frozenset[Sid]:
        return self.groups | {self.user}

    @property
    def is_admin(self) -> bool:
        return wk.ADMINISTRATORS in self.groups

    def __repr__(self) -> str:
        return f"Token({self.account!r}, {len(self.groups)} groups, type {self.logon_type})"


class DomainGroups(Protocol):
    """Where a domain account's groups come from: the directory, or its DC's answer."""

    def token_groups(self, account: Account) -> set[Sid]: ...


def build_token(account: Account, logon_type: int, sam: Sam, domain: DomainGroups | None) -> Token:
    if logon_type not in LOGON_TYPE_GROUP:
        raise ModelError(f"logon type {logon_type} has no token group in the model")
    if account.is_domain:
        if domain is None:
            raise ModelError(f"{account.qualified} is a domain account but the host has no domain")
        sids = domain.token_groups(account)
    else:
        sids = sam.expand({account.sid})
    sids.add(wk.EVERYONE)
    if account.rid != wk.RID_GUEST:
        sids.add(wk.AUTHENTICATED_USERS)
    sids.add(LOGON_TYPE_GROUP[logon_type])
    if account.is_domain:
        sids.add(wk.THIS_ORGANIZATION)
    # Machine aliases may list users, domain groups and well-known SIDs, but not each other, so
    # one pass over them after everything else is known is complete.
    for sid in list(sids):
        sids.update(sam.groups_containing(sid))
    sids.discard(account.sid)
    return Token(account.sid, account.qualified, frozenset(sids), logon_type)


def builtin_iusr_token(logon_type: int) -> Token:
    """IIS 7+'s built-in anonymous identity (see the builtin_iusr assumption)."""
    groups = frozenset(
        {wk.EVERYONE, wk.AUTHENTICATED_USERS, wk.USERS, LOGON_TYPE_GROUP[logon_type]}
    )
    return Token(wk.IUSR_BUILTIN, "NT AUTHORITY\\IUSR", groups, logon_type)


def app_pool_sid(pool_name: str) -> Sid:
    """The virtual account SID IIS gives "IIS APPPOOL\\<pool>": S-1-5-82 and the SHA-1 of the
    upper-cased name in UTF-16LE, read as five little-endian sub-authorities."""
    digest = hashlib.sha1(pool_name.upper().encode("utf-16-le")).digest()
    return Sid(5, (82, *struct.unpack("<5I", digest)))


def app_pool_token(pool_name: str) -> Token:
    groups = frozenset({wk.EVERYONE, wk.AUTHENTICATED_USERS, wk.USERS, wk.IIS_IUSRS, wk.SERVICE})
    return Token(app_pool_sid(pool_name), f"IIS APPPOOL\\{pool_name}", groups, 5)
