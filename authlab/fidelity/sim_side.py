"""The simulator's answers: each state replayed through `simulator.api` at the same instants
the DC saw, with the same stored attribute values and the same account policy.

One member server (WEB01 in the DC's domain) holds every account of a run; its clock is set to
each step's moment before the step, so logon hours, expiry and the old-password period are
judged at the moment the DC judged them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from simulator import api
from simulator.host import Host
from winfacts.secret import Secret

from .dc_side import Observed, Passwords, expiry_ticks, hours_bytes, principal_for
from .states import CLIENT, MAX_AGE, THRESHOLD, Age, Change, State


@attrs.frozen
class Simulated:
    answers: tuple[str, ...]
    bad_count: int
    locked: bool


def member_server(domain: str, realm: str) -> Host:
    """WEB01 in the domain, under the policy the DC's password settings object sets."""
    host = api.domain_host(domain, realm.lower(), computer_name=CLIENT)
    policy = api.policy(host)
    policy.lockout_threshold = THRESHOLD
    policy.lockout_window = timedelta(minutes=30)
    policy.lockout_duration = timedelta(minutes=30)
    policy.password_history = 24
    policy.max_password_age = timedelta(seconds=MAX_AGE)
    policy.min_password_age = timedelta(0)
    policy.old_password_period = timedelta(minutes=60)  # Samba's and Windows' default
    return host


def replay(
    host: Host, state: State, seen: Observed, passwords: Passwords, domain: str, realm: str
) -> Simulated:
    """The simulator's answers for ``state`` at the moments in ``seen``."""
    host.clock.set(seen.made_at)
    account = api.add_user(host, seen.account, passwords.nth(0))
    expires = state.attribute("expires")
    age = state.attribute("password_age")
    hours = state.attribute("hours")
    workstations = state.attribute("workstations")
    api.set_attributes(
        account,
        user_account_control=0x202 if state.attribute("disabled") else 0x200,
        account_expires=None if expires is None else expiry_ticks(expires, seen.made_at),
        pwd_last_set=_pwd_last_set(age, seen.made_at),
        logon_hours=None if hours is None else hours_bytes(str(hours), seen.made_at),
        user_workstations=None if workstations is None else str(workstations),
    )
    answers: list[str] = []
    generation = 0
    for step, moment in zip(state.steps, seen.moments, strict=True):
        host.clock.set(moment)
        if isinstance(step, Change):
            generation += 1
            new = passwords.nth(generation)
            if step.kind == "change":
                api.change_password(host, account, new)
            else:
                api.reset_password(host, account, new, must_change=step.kind == "reset_must_change")
        elif isinstance(step, Age):
            api.set_attributes(account, pwd_last_set=moment - timedelta(seconds=step.seconds))
        else:
            password = _password(passwords, step.password, generation)
            user = principal_for(seen.account, step.name, domain, realm)
            answer = api.logon(host, user, password, workstation=step.workstation)
            answers.append(answer.ntstatus if step.channel == "smb" else answer.ldap_data)
    return Simulated(tuple(answers), account.bad_pwd_count, account.lockout_time is not None)


def _pwd_last_set(age: object, made_at: datetime) -> int | datetime | None:
    if age == "must_change":
        return 0
    if isinstance(age, int):
        return made_at - timedelta(seconds=age)
    return None


def _password(passwords: Passwords, which: str, generation: int) -> Secret:
    if which == "current":
        return passwords.nth(generation)
    if which == "wrong":
        return passwords.wrong
    back = int(which[1:])
    return passwords.nth(generation - back) if generation >= back else passwords.wrong
