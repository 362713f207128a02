"""A store of users and groups with a reverse membership index.

Both the local SAM and an AD domain are such a store. The reverse index (member SID -> groups that
list it) is what makes token expansion in a 100,000-user domain a walk up from one user instead of
a scan over every group.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from winfacts.errors import ModelError
from winfacts.sid import Sid

from .accounts import Account, Group, GroupScope


class PrincipalStore:
    """Users and groups of one authority (a machine or a domain), found by name or SID."""

    def __init__(self, authority: str, authority_sid: Sid) -> None:
        self.authority = authority
        self.authority_sid = authority_sid
        self._users: dict[str, Account] = {}
        self._groups: dict[str, Group] = {}
        self._by_sid: dict[Sid, Account | Group] = {}
        self._member_of: dict[Sid, set[Sid]] = {}
        self._next_rid = 1000
        #: Bumped on any membership change so cached tokens can tell they are stale.
        self.version = 0

    # -- lookup -------------------------------------------------------------------------------
    def user(self, name: str) -> Account:
        found = self._users.get(name.lower())
        if found is None:
            raise ModelError(f"there is no user {name!r} in {self.authority}", subject=name)
        return found

    def find_user(self, name: str) -> Account | None:
        return self._users.get(name.lower())

    def group(self, name: str) -> Group:
        found = self._groups.get(name.lower())
        if found is None:
            raise ModelError(f"there is no group {name!r} in {self.authority}", subject=name)
        return found

    def find_group(self, name: str) -> Group | None:
        return self._groups.get(name.lower())

    def by_sid(self, sid: Sid) -> Account | Group | None:
        return self._by_sid.get(sid)

    def find(self, name: str) -> Account | Group | None:
        return self._users.get(name.lower()) or self._groups.get(name.lower())

    def users(self) -> Iterator[Account]:
        return iter(self._users.values())

    def groups(self) -> Iterator[Group]:
        return iter(self._groups.values())

    def user_count(self) -> int:
        return len(self._users)

    def group_count(self) -> int:
        return len(self._groups)

    # -- changes ------------------------------------------------------------------------------
    def allocate_rid(self) -> int:
        rid = self._next_rid
        self._next_rid += 1
        return rid

    def add_user(self, account: Account) -> Account:
        key = account.name.lower()
        if key in self._users or key in self._groups:
            raise ModelError(f"the account {account.name!r} already exists", subject=account.name)
        if account.sid in self._by_sid:
            raise ModelError(f"the SID {account.sid} is already in use", subject=str(account.sid))
        self._users[key] = account
        self._by_sid[account.sid] = account
        self._bump_rid(account.sid)
        return account

    def add_group(self, group: Group) -> Group:
        key = group.name.lower()
        if key in self._users or key in self._groups:
            raise ModelError(f"the account {group.name!r} already exists", subject=group.name)
        self._groups[key] = group
        self._by_sid[group.sid] = group
        for member in group.members:
            self._member_of.setdefault(member, set()).add(group.sid)
        self._bump_rid(group.sid)
        self.version += 1
        return group

    def new_group(self, name: str, scope: GroupScope, members: Iterable[Sid] = ()) -> Group:
        sid = self.authority_sid.child(self.allocate_rid())
        return self.add_group(Group(name, sid, self.authority, scope, set(members)))

    def rename_user(self, old: str, new: str) -> None:
        account = self.user(old)
        if self.find(new) is not None:
            raise ModelError(f"the account {new!r} already exists", subject=new)
        del self._users[old.lower()]
        account.name = new
        self._users[new.lower()] = account

    def delete_user(self, name: str) -> Account:
        account = self.user(name)
        del self._users[name.lower()]
        del self._by_sid[account.sid]
        for group_sid in self._member_of.pop(account.sid, set()):
            group = self._by_sid.get(group_sid)
            if isinstance(group, Group):
                group.members.discard(account.sid)
        self.version += 1
        return account

    def add_member(self, group: Group, member: Sid) -> bool:
        """Add ``member`` to ``group``; False if it was already there (net localgroup 1378)."""
        if member in group.members:
            return False
        group.members.add(member)
        self._member_of.setdefault(member, set()).add(group.sid)
        self.version += 1
        return True

    def remove_member(self, group: Group, member: Sid) -> bool:
        if member not in group.members:
            return False
        group.members.discard(member)
        holders = self._member_of.get(member)
        if holders is not None:
            holders.discard(group.sid)
        self.version += 1
        return True

    def groups_containing(self, member: Sid) -> set[Sid]:
        return self._member_of.get(member, set())

    def expand(self, start: Iterable[Sid]) -> set[Sid]:
        """``start`` plus every group of this store that contains any of it, transitively."""
        seen = set(start)
        frontier = list(seen)
        member_of = self._member_of
        while frontier:
            current = frontier.pop()
            for parent in member_of.get(current, ()):
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
        return seen

    def _bump_rid(self, sid: Sid) -> None:
        if sid.domain == self.authority_sid and sid.subauthorities:
            self._next_rid = max(self._next_rid, sid.rid + 1)
