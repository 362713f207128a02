"""User and group objects, shared by the local SAM and Active Directory.

Local and domain accounts carry the same state (KB 909887's causes apply to both); where they
differ is who stores them and which policy governs them, which `sam.py` and `directory.py` hold.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from winfacts.logon_hours import LogonHours
from winfacts.secret import Secret
from winfacts.sid import Sid

#: The most earlier passwords a domain keeps (AD's pwdHistoryLength is at most 24, counting the
#: current one); the policy in force decides how many of them count.
HISTORY_KEPT = 23


def _remember_previous(account: Account, _: attrs.Attribute[Secret], new: Secret) -> Secret:
    """Every password assignment (a reset by an administrator's tool or the user's own change)
    moves the current password into the history, newest first, as AD's ntPwdHistory does."""
    old = account.password
    if old is not new:
        account.password_history = (old, *account.password_history)[:HISTORY_KEPT]
    return new


class GroupScope(enum.Enum):
    LOCAL = "local"  # a machine's alias (BUILTIN\Guests, or one an admin created)
    DOMAIN_LOCAL = "domain local"
    GLOBAL = "global"
    UNIVERSAL = "universal"


@attrs.define(eq=False, repr=False)
class Account:
    """A user account. Mutable: faults and logons change its state through the admin tools."""

    name: str
    sid: Sid
    authority: str  # NetBIOS name of the machine (local) or the domain
    password: Secret = attrs.field(on_setattr=_remember_previous)
    password_last_set: datetime | None  # None: pwdLastSet = 0, must change at next logon
    full_name: str = ""
    description: str = ""
    enabled: bool = True
    password_never_expires: bool = False
    password_required: bool = True
    user_may_change_password: bool = True
    smartcard_required: bool = False
    expires: datetime | None = None  # accountExpires; None = never
    workstations: tuple[str, ...] = ()  # empty = any
    logon_hours: LogonHours | None = None  # None = any hour
    bad_pwd_count: int = 0
    bad_pwd_time: datetime | None = None
    lockout_time: datetime | None = None  # set when locked; a stale value is not a lockout
    last_logon: datetime | None = None
    primary_group: Sid | None = None  # Domain Users for domain accounts
    is_domain: bool = False
    #: Earlier passwords, newest first (N-1, N-2, ...): what the old-password rules compare.
    password_history: tuple[Secret, ...] = attrs.field(default=(), repr=False)

    @property
    def qualified(self) -> str:
        return f"{self.authority}\\{self.name}"

    @property
    def rid(self) -> int:
        return self.sid.rid

    def __repr__(self) -> str:
        state = "enabled" if self.enabled else "disabled"
        return f"Account({self.qualified!r}, {self.sid}, {state})"


@attrs.define(eq=False, repr=False)
class Group:
    name: str
    sid: Sid
    authority: str  # "BUILTIN", the machine name, or the domain's NetBIOS name
    scope: GroupScope
    members: set[Sid] = attrs.Factory(set)
    description: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.authority}\\{self.name}"

    def __repr__(self) -> str:
        return f"Group({self.qualified!r}, {self.sid}, {len(self.members)} members)"


Principal = Account | Group
