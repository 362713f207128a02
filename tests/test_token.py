"""Token expansion: nested domain groups, machine aliases and the well-known SIDs (WL 3)."""

from __future__ import annotations

import itertools

from simulator.accounts import GroupScope
from simulator.admin import net
from simulator.host import Host
from simulator.token import app_pool_sid, build_token
from winfacts import wellknown as wk
from winfacts.secret import Secret


def test_local_iusr_token_has_guests_users_and_network_group(iis6: Host) -> None:
    account = iis6.account(f"IUSR_{iis6.computer_name}")
    token = build_token(account, 8, iis6.sam, iis6.domain)
    assert {wk.GUESTS, wk.EVERYONE, wk.AUTHENTICATED_USERS, wk.NETWORK, wk.USERS} <= token.groups
    assert wk.INTERACTIVE not in token.groups
    assert not token.is_admin


def test_logon_type_group_follows_the_type(iis6: Host) -> None:
    account = iis6.account(f"IUSR_{iis6.computer_name}")
    assert wk.INTERACTIVE in build_token(account, 2, iis6.sam, None).groups
    assert wk.BATCH in build_token(account, 4, iis6.sam, None).groups


def test_guest_account_is_not_an_authenticated_user(iis6: Host) -> None:
    guest = iis6.account("Guest")
    token = build_token(guest, 3, iis6.sam, None)
    assert wk.AUTHENTICATED_USERS not in token.groups
    assert wk.EVERYONE in token.groups and wk.GUESTS in token.groups
    # ... so Users (which holds Authenticated Users) does not come in through it either.
    assert wk.USERS not in token.groups


def test_nested_domain_groups_reach_a_machine_alias(iis6_domain: Host) -> None:
    host = iis6_domain
    domain = host.domain
    assert domain is not None
    user = net.user_add(host, "webvisitor", Secret("Pa55word!x"), domain=True)
    chain = [domain.new_group(f"Level{i}", GroupScope.GLOBAL) for i in range(10)]
    domain.add_member(chain[0], user.sid)
    for inner, outer in itertools.pairwise(chain):
        domain.add_member(outer, inner.sid)
    # The outermost domain group is put in the machine's Guests alias.
    net.localgroup_add(host, "Guests", f"{domain.authority}\\Level9")
    token = build_token(user, 8, host.sam, domain)
    assert {g.sid for g in chain} <= token.groups
    assert wk.GUESTS in token.groups
    assert domain.domain_users.sid in token.groups  # primary group
    assert wk.USERS in token.groups  # Domain Users is in Users on a member server
    assert wk.THIS_ORGANIZATION in token.groups


def test_group_cycles_do_not_loop(iis6_domain: Host) -> None:
    domain = iis6_domain.domain
    assert domain is not None
    a = domain.new_group("CycleA", GroupScope.UNIVERSAL)
    b = domain.new_group("CycleB", GroupScope.UNIVERSAL)
    domain.add_member(a, b.sid)
    domain.add_member(b, a.sid)
    user = net.user_add(iis6_domain, "cycler", Secret("Pa55word!x"), domain=True)
    domain.add_member(a, user.sid)
    token = build_token(user, 3, iis6_domain.sam, domain)
    assert {a.sid, b.sid} <= token.groups


def test_removing_membership_changes_the_next_token(iis6: Host) -> None:
    name = f"IUSR_{iis6.computer_name}"
    net.localgroup_delete(iis6, "Guests", name)
    token = build_token(iis6.account(name), 8, iis6.sam, None)
    assert wk.GUESTS not in token.groups


def test_app_pool_sid_is_a_stable_s_1_5_82_sid() -> None:
    sid = app_pool_sid("DefaultAppPool")
    assert str(sid).startswith("S-1-5-82-")
    assert len(sid.subauthorities) == 6
    assert app_pool_sid("defaultapppool") == sid
