"""A machine's local Security Accounts Manager: its users, its aliases and `net accounts` policy."""

from __future__ import annotations

from datetime import datetime

from winfacts import wellknown as wk
from winfacts.secret import Secret
from winfacts.sid import Sid

from .account_policy import AccountPolicy
from .accounts import Account, Group, GroupScope
from .principals import PrincipalStore

_BUILTIN_DESCRIPTIONS = {
    wk.ADMINISTRATORS: "Administrators have complete and unrestricted access to the "
    "computer/domain",
    wk.USERS: "Users are prevented from making accidental or intentional system-wide changes",
    wk.GUESTS: "Guests have the same access as members of the Users group by default, except for "
    "the Guest account which is further restricted",
    wk.POWER_USERS: "Power Users possess most administrative powers with some restrictions",
    wk.BACKUP_OPERATORS: "Backup Operators can override security restrictions for the sole purpose "
    "of backing up or restoring files",
    wk.PERFORMANCE_LOG_USERS: "Members of this group may schedule logging of performance counters",
    wk.IIS_IUSRS: "Built-in group used by Internet Information Services.",
}


class Sam(PrincipalStore):
    """Local accounts of one computer. On a domain controller it holds only the BUILTIN aliases."""

    def __init__(
        self,
        computer_name: str,
        machine_sid: Sid,
        *,
        legacy: bool,
        policy: AccountPolicy | None = None,
        administrator_password: Secret,
        created: datetime,
        with_local_accounts: bool = True,
    ) -> None:
        super().__init__(computer_name.upper(), machine_sid)
        self.policy = policy or AccountPolicy()
        self.legacy = legacy
        builtins = [
            wk.ADMINISTRATORS,
            wk.USERS,
            wk.GUESTS,
            wk.BACKUP_OPERATORS,
            wk.PERFORMANCE_LOG_USERS,
        ]
        builtins.insert(3, wk.POWER_USERS) if legacy else builtins.append(wk.IIS_IUSRS)
        for sid in builtins:
            _, name = wk.NAMES[sid]
            self.add_group(
                Group(
                    name, sid, "BUILTIN", GroupScope.LOCAL, description=_BUILTIN_DESCRIPTIONS[sid]
                )
            )
        users = self.group("Users")
        # Every authenticated logon and every interactive session is a user of the machine.
        self.add_member(users, wk.AUTHENTICATED_USERS)
        self.add_member(users, wk.INTERACTIVE)
        if not with_local_accounts:
            return
        admin = self.add_user(
            Account(
                "Administrator",
                machine_sid.child(wk.RID_ADMINISTRATOR),
                self.authority,
                administrator_password,
                created,
                description="Built-in account for administering the computer/domain",
                password_never_expires=False,
            )
        )
        self.add_member(self.group("Administrators"), admin.sid)
        guest = self.add_user(
            Account(
                "Guest",
                machine_sid.child(wk.RID_GUEST),
                self.authority,
                Secret(""),
                created,
                description="Built-in account for guest access to the computer/domain",
                enabled=False,
                password_required=False,
                password_never_expires=True,
            )
        )
        self.add_member(self.group("Guests"), guest.sid)
        self._next_rid = max(self._next_rid, wk.RID_FIRST_USER)

    def new_user(self, name: str, password: Secret, now: datetime, **state: object) -> Account:
        sid = self.authority_sid.child(self.allocate_rid())
        account = Account(name, sid, self.authority, password, now, **state)  # type: ignore[arg-type]
        return self.add_user(account)
