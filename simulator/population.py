"""A large Active Directory domain built from a seed, for scale tests and benchmarks.

`generate_domain` fills a `Domain` with ``users`` accounts and ``groups`` global and universal
groups nested ``depth`` levels deep, the same way for the same seed, and hands back one "probe"
account whose token expansion walks the deepest chain.

Shape (every choice comes from ``random.Random(seed)``):

* Groups sit on levels 0 .. depth-1. Level sizes halve going up (most groups are small team
  groups, few are org-wide), each level holding at least one group.
* Every group below the top level is a member of 1-3 distinct groups of the level directly above
  (1 most often), so a group on level k reaches the top through exactly depth-1-k nestings and
  membership only ever points one level up: there are no cycles, and every user of a level-0
  group has a chain of ``depth`` nested groups above it.
* Levels in the upper third are universal groups, the rest global: a global group may join a
  global or universal group, a universal group only a universal one, as AD allows.
* Every user is in 1-5 groups (1-2 most often): the first on level 0, the others anywhere, with
  lower-numbered groups of a level drawn more often so group sizes are uneven, as in real
  directories. Domain Users is every account's primary group, as in AD.
* The probe is an ordinary generated user that is in five (or as many as exist) level-0 groups.

Faker is called only to draw a pool of first and last names once; accounts combine them (with a
number when a name is taken). Every account shares one `Secret` and one of a few password dates,
which keeps 100,000 accounts small. Objects go in through the store's public methods
(`allocate_rid`, `add_user`, `add_group`); each group is added with its members already in place,
so the reverse membership index is built in one pass.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from collections.abc import Callable
from datetime import timedelta
from itertools import accumulate

from faker import Faker

from winfacts.errors import ModelError
from winfacts.secret import Secret
from winfacts.sid import Sid

from .account_policy import AccountPolicy
from .accounts import Account, Group, GroupScope
from .clock import DEFAULT_START
from .directory import Domain

#: How many names to draw from Faker for each pool, at most (en_US repeats common names, so the
#: pools end up with several hundred distinct first and last names: over 100,000 combinations).
#: Small domains draw fewer (``users`` + 20), which keeps them quick to build.
NAME_DRAWS = 3000
#: Weights of 1, 2, 3, 4, 5 direct group memberships per user.
USER_GROUP_WEIGHTS = (30, 30, 20, 12, 8)
#: Weights of 1, 2, 3 parent groups per nested group.
PARENT_WEIGHTS = (70, 20, 10)
#: Level-0 groups the probe account is in (fewer when the level is smaller).
PROBE_GROUPS = 5
#: Password ages drawn from (days); all below the 42-day maximum so no account has expired.
PASSWORD_AGE_DAYS = 40

_DEPARTMENTS = (
    "Finance",
    "Sales",
    "Marketing",
    "Engineering",
    "Support",
    "Legal",
    "HR",
    "Facilities",
    "Research",
    "Operations",
    "Procurement",
    "Security",
    "Training",
    "Logistics",
    "Audit",
    "Design",
    "Quality",
    "Payroll",
    "Helpdesk",
    "Web",
)
_ROLES = (
    "Readers",
    "Editors",
    "Owners",
    "Managers",
    "Staff",
    "Contractors",
    "Admins",
    "Reviewers",
    "Publishers",
    "Approvers",
    "Operators",
    "Auditors",
)
_NOT_LETTERS = re.compile(r"[^a-z]")
_MAX_SAM_NAME = 20  # sAMAccountName of a user

Progress = Callable[[int, int], None]


def generate_domain(
    users: int,
    groups: int,
    depth: int,
    seed: int,
    *,
    progress: Progress | None = None,
) -> tuple[Domain, Account]:
    """A domain with ``users`` generated accounts (besides Administrator and Guest) and
    ``groups`` generated groups (besides the five built-in ones) nested ``depth`` deep, and the
    probe account. ``progress(done, total)`` is called as accounts and groups are added
    (``total`` is ``users + groups``), last with ``done == total``."""
    if users < 1:
        raise ModelError(f"a generated domain needs at least one user, not {users}")
    if depth < 1:
        raise ModelError(f"the nesting depth must be at least 1, not {depth}")
    if groups < depth:
        raise ModelError(f"{depth} levels of nesting need at least {depth} groups, not {groups}")
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    draws = min(NAME_DRAWS, users + 20)
    firsts = _name_pool(fake.first_name, draws)
    lasts = _name_pool(fake.last_name, draws)
    word = _NOT_LETTERS.sub("", fake.domain_word().lower())[:12] or "contoso"
    now = DEFAULT_START
    domain = Domain(
        word.upper(),
        f"{word}.example",
        Sid(5, (21, *(rng.randrange(10**8, 4 * 10**9) for _ in range(3)))),
        administrator_password=Secret(_password(rng)),
        created=now - timedelta(days=900),
        policy=AccountPolicy(lockout_threshold=0, max_password_age=timedelta(days=42)),
    )
    total = users + groups
    report = _Reporter(progress, total)

    # -- users ----------------------------------------------------------------------------------
    password = Secret(_password(rng))  # one object for every account: memory, not realism
    set_dates = [now - timedelta(days=d, hours=rng.randrange(24)) for d in range(PASSWORD_AGE_DAYS)]
    taken = {account.name.lower() for account in domain.users()}
    taken.update(group.name.lower() for group in domain.groups())
    authority = domain.authority
    domain_sid = domain.authority_sid
    primary = domain.domain_users.sid
    user_sids: list[Sid] = []
    for index in range(users):
        first = rng.choice(firsts)
        last = rng.choice(lasts)
        name = _unique_name(f"{first}.{last}".lower(), taken)
        account = Account(
            name,
            domain_sid.child(domain.allocate_rid()),
            authority,
            password,
            rng.choice(set_dates),
            full_name=f"{first.title()} {last.title()}",
            is_domain=True,
            primary_group=primary,
        )
        domain.add_user(account)
        user_sids.append(account.sid)
        report(index + 1)

    # -- group shape ----------------------------------------------------------------------------
    sizes = _level_sizes(groups, depth)
    levels: list[range] = []  # group indexes of each level
    start = 0
    for size in sizes:
        levels.append(range(start, start + size))
        start += size
    universal_from = depth - depth // 3
    group_sids = [domain_sid.child(domain.allocate_rid()) for _ in range(groups)]
    members: list[set[Sid]] = [set() for _ in range(groups)]

    # Nesting: each group below the top joins 1-3 groups of the next level up.
    parent_cum = list(accumulate(PARENT_WEIGHTS))
    for level in range(depth - 1):
        above = levels[level + 1]
        for child in levels[level]:
            count = min(_weighted(rng, parent_cum), len(above))
            for parent in rng.sample(above, count):
                members[parent].add(group_sids[child])

    # Users: 1-5 groups each, the first on level 0; skewed towards a level's first groups.
    user_cum = list(accumulate(USER_GROUP_WEIGHTS))
    bottom = levels[0]
    probe_index = rng.randrange(users)
    for index, sid in enumerate(user_sids):
        if index == probe_index:
            for group in rng.sample(bottom, min(PROBE_GROUPS, len(bottom))):
                members[group].add(sid)
            continue
        members[_skewed(rng, bottom)].add(sid)
        for _ in range(_weighted(rng, user_cum) - 1):
            # The level is drawn uniformly, so the few groups of upper levels get many direct
            # members, as org-wide groups do; drawing a group twice just means one fewer.
            members[_skewed(rng, levels[rng.randrange(depth)])].add(sid)

    # -- groups, bottom level first so every member group exists before its parents ----------------
    done = users
    for level, indexes in enumerate(levels):
        scope = GroupScope.UNIVERSAL if level >= universal_from else GroupScope.GLOBAL
        prefix = "UG" if scope is GroupScope.UNIVERSAL else "GG"
        for index in indexes:
            name = _unique_name(
                f"{prefix}-{rng.choice(_DEPARTMENTS)}-{rng.choice(_ROLES)}-{index + 1:05d}",
                taken,
                limit=64,
            )
            domain.add_group(Group(name, group_sids[index], authority, scope, members[index]))
            done += 1
            report(done)
    report.finish()
    probe = domain.by_sid(user_sids[probe_index])
    assert isinstance(probe, Account)
    return domain, probe


class _Reporter:
    """Calls ``progress`` about 200 times over the run rather than once per object."""

    __slots__ = ("_last", "_progress", "_step", "_total")

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._step = max(1, total // 200)
        self._last = 0

    def __call__(self, done: int) -> None:
        if self._progress is not None and done - self._last >= self._step:
            self._last = done
            self._progress(done, self._total)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self._total, self._total)


def _name_pool(draw: Callable[[], str], count: int) -> list[str]:
    """Distinct lower-case letters-only names, in first-drawn order (deterministic)."""
    pool: dict[str, None] = {}
    for _ in range(count):
        name = _NOT_LETTERS.sub("", draw().lower())
        if name:
            pool[name] = None
    return list(pool)


def _unique_name(base: str, taken: set[str], limit: int = _MAX_SAM_NAME) -> str:
    """``base`` cut to ``limit``, or with the smallest number from 2 up that makes it unique."""
    name = base[:limit]
    number = 1
    while name in taken:
        number += 1
        suffix = str(number)
        name = base[: limit - len(suffix)] + suffix
    taken.add(name)
    return name


def _password(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+"
    return "".join(rng.choice(alphabet) for _ in range(16))


def _level_sizes(groups: int, depth: int) -> list[int]:
    """One group per level, the rest shared out halving at each level up, leftovers at 0."""
    weights = [0.5**level for level in range(depth)]
    spare = groups - depth
    scale = spare / sum(weights)
    sizes = [1 + int(weight * scale) for weight in weights]
    sizes[0] += groups - sum(sizes)
    return sizes


def _weighted(rng: random.Random, cumulative: list[int]) -> int:
    """1 + the index drawn from cumulative weights."""
    return 1 + bisect(cumulative, rng.random() * cumulative[-1])


def _skewed(rng: random.Random, indexes: range) -> int:
    """A member of ``indexes``, the first ones more often (density 1/(2*sqrt(x)))."""
    return indexes[int(len(indexes) * rng.random() ** 2)]


__all__ = ["generate_domain"]
