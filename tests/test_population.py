"""The large-domain generator, at small scale: shape, determinism, and the probe's token."""

from __future__ import annotations

import functools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.accounts import Account, Group, GroupScope
from simulator.clock import DEFAULT_START
from simulator.directory import Domain
from simulator.population import generate_domain
from simulator.sam import Sam
from simulator.token import build_token
from winfacts.errors import ModelError
from winfacts.secret import Secret
from winfacts.sid import Sid

BUILTIN_GROUPS = {
    "domain admins",
    "domain users",
    "domain guests",
    "domain computers",
    "domain controllers",
}
BUILTIN_USERS = {"administrator", "guest"}


@functools.cache
def generated(users: int, groups: int, depth: int, seed: int) -> tuple[Domain, Account]:
    """Built once per shape: the tests below only read the domain."""
    return generate_domain(users, groups, depth, seed)


def new_groups(domain: Domain) -> list[Group]:
    return [g for g in domain.groups() if g.name.lower() not in BUILTIN_GROUPS]


def new_users(domain: Domain) -> list[Account]:
    return [u for u in domain.users() if u.name.lower() not in BUILTIN_USERS]


def member_server() -> Sam:
    return Sam(
        "WEB01",
        Sid(5, (21, 11, 22, 33)),
        legacy=True,
        administrator_password=Secret("x"),
        created=DEFAULT_START,
    )


def heights(domain: Domain) -> dict[Sid, int]:
    """Generated group -> how many groups the longest nesting chain ending at it holds.

    Kahn's algorithm, bottom up: a cycle leaves groups that never become ready (ValueError)."""
    groups = {g.sid: g for g in new_groups(domain)}
    children = {sid: [m for m in g.members if m in groups] for sid, g in groups.items()}
    waiting = {sid: len(kids) for sid, kids in children.items()}
    parents: dict[Sid, list[Sid]] = {sid: [] for sid in groups}
    for sid, kids in children.items():
        for kid in kids:
            parents[kid].append(sid)
    ready = [sid for sid, count in waiting.items() if count == 0]
    height = dict.fromkeys(ready, 1)
    while ready:
        sid = ready.pop()
        for parent in parents[sid]:
            height[parent] = max(height.get(parent, 0), height[sid] + 1)
            waiting[parent] -= 1
            if waiting[parent] == 0:
                ready.append(parent)
    if len(height) != len(groups) or any(waiting.values()):
        raise ValueError("the group nesting has a cycle")
    return height


def longest_chain_in(token_sids: frozenset[Sid], start: Sid, domain: Domain) -> int:
    """Groups in the longest nesting chain above ``start`` that stays inside the token."""

    @functools.cache
    def up(sid: Sid) -> int:
        above = [p for p in domain.groups_containing(sid) if p in token_sids]
        return max((1 + up(p) for p in above), default=0)

    return up(start)


def test_counts_and_names() -> None:
    domain, probe = generated(300, 60, 6, 11)
    assert domain.user_count() == 300 + len(BUILTIN_USERS)
    assert domain.group_count() == 60 + len(BUILTIN_GROUPS)
    users = new_users(domain)
    assert len({u.name.lower() for u in users}) == 300
    assert all(len(u.name) <= 20 and u.is_domain for u in users)
    assert all(u.primary_group == domain.domain_users.sid for u in users)
    assert probe in users
    assert domain.find_user(probe.name) is probe
    assert {g.scope for g in new_groups(domain)} <= {GroupScope.GLOBAL, GroupScope.UNIVERSAL}


def test_same_seed_same_domain_other_seed_other_domain() -> None:
    def fingerprint(domain: Domain, probe: Account) -> tuple[object, ...]:
        return (
            domain.authority,
            domain.authority_sid,
            probe.sid,
            sorted((u.name, u.sid, u.password_last_set) for u in domain.users()),
            sorted((g.name, g.sid, g.scope.value, sorted(g.members)) for g in domain.groups()),
        )

    first = fingerprint(*generate_domain(120, 30, 4, seed=5))
    assert fingerprint(*generate_domain(120, 30, 4, seed=5)) == first
    assert fingerprint(*generate_domain(120, 30, 4, seed=6)) != first


def test_nesting_reaches_the_depth_without_cycles() -> None:
    domain, _ = generated(300, 60, 6, 11)
    height = heights(domain)
    assert max(height.values()) == 6


def test_membership_spread() -> None:
    domain, probe = generated(300, 60, 6, 11)
    groups = {g.sid for g in new_groups(domain)}
    for user in new_users(domain):
        direct = domain.groups_containing(user.sid)
        assert 1 <= len(direct) <= 5
        assert direct <= groups
    assert len(domain.groups_containing(probe.sid)) == 5
    parents = Counter(len(domain.groups_containing(sid)) for sid in groups)
    assert set(parents) <= {0, 1, 2, 3}
    assert parents[1] > parents[2] > 0  # one parent is the common case


def test_universal_groups_only_nest_in_universal_groups() -> None:
    domain, _ = generated(300, 60, 6, 11)
    scopes = {g.sid: g.scope for g in domain.groups()}
    for group in new_groups(domain):
        for parent in domain.groups_containing(group.sid):
            if group.scope is GroupScope.UNIVERSAL:
                assert scopes[parent] is GroupScope.UNIVERSAL


def test_probe_token_holds_the_whole_chain() -> None:
    domain, probe = generated(300, 60, 6, 11)
    sam = member_server()
    token = build_token(probe, 8, sam, domain)
    expected = domain.expand({probe.sid}) - {probe.sid}
    assert expected <= token.groups
    assert domain.domain_users.sid in token.groups
    assert longest_chain_in(token.sids, probe.sid, domain) == 6


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    generate_domain(50, 10, 3, 1, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (60, 60)
    assert all(total == 60 for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)


@pytest.mark.parametrize(("users", "groups", "depth"), [(0, 5, 2), (10, 5, 0), (10, 3, 4)])
def test_impossible_shapes_are_refused(users: int, groups: int, depth: int) -> None:
    with pytest.raises(ModelError):
        generate_domain(users, groups, depth, 1)


@settings(max_examples=25, deadline=None)
@given(
    users=st.integers(1, 60),
    depth=st.integers(1, 7),
    extra_groups=st.integers(0, 25),
    seed=st.integers(0, 2**32),
)
def test_any_small_shape(users: int, depth: int, extra_groups: int, seed: int) -> None:
    groups = depth + extra_groups
    domain, probe = generate_domain(users, groups, depth, seed)
    assert len(new_users(domain)) == users
    assert len(new_groups(domain)) == groups
    assert max(heights(domain).values()) == depth  # also: no cycles
    token = build_token(probe, 8, member_server(), domain)
    assert longest_chain_in(token.sids, probe.sid, domain) == depth
