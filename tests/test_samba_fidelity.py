"""The simulator's LogonUser against a real domain controller: the same account states, the
same passwords, the same answer.

Each state is an account with some of the restrictions Samba holds (disabled, expired, no
logon hours, a password that must be changed) and a right or a wrong password, plus an
unknown user. The real answer is the ``data`` code of an LDAPS simple bind against the Samba
DC (reference windows-logon.md section 9: 52e, 533, 701, 530, 773); the simulator's is the
code of the outcome its LogonUser decides for a network logon of the same account in its own
domain (``winfacts.ntstatus``, ``Codes.ldap_data``; "0" for success). The expectation is the
real DC's, never the simulator's."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from authlab.samba_dc import SambaDC
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.logon import Caller, logon_user
from winfacts.logon_hours import LogonHours
from winfacts.secret import Secret

RESTRICTIONS = ("disabled", "expired", "no_hours", "must_change")
PASSWORD = Secret("Fidelity-Pass-2026!")
WRONG = Secret("not-the-password")
CALLER = Caller(r"C:\Windows\System32\inetsrv\w3wp.exe", 2212)

#: Every combination of the restrictions (none, each alone, pairs, triples, all four), with the
#: right and the wrong password: 32 states, and an unknown user.
STATES = [
    (combo, right)
    for size in range(len(RESTRICTIONS) + 1)
    for combo in itertools.combinations(RESTRICTIONS, size)
    for right in (True, False)
]


def _name(index: int) -> str:
    return f"fid{index:03d}"


@pytest.fixture(scope="module")
def real(authlab_samba_dc: SambaDC) -> dict[int, str]:
    """The DC's data code for each state (accounts made once for the module)."""
    dc = authlab_samba_dc
    answers = {}
    for index, (combo, right) in enumerate(STATES):
        name = _name(index)
        done = dc.samba_tool("user", "create", name, PASSWORD.reveal())
        assert done.returncode == 0, done.stderr
        if "disabled" in combo:
            assert dc.samba_tool("user", "disable", name).returncode == 0
        if "expired" in combo:
            # accountExpires one second after the epoch of FILETIME: long past
            dc.set_attribute(name, "accountExpires", "1")
        if "no_hours" in combo:
            dc.set_attribute(name, "logonHours", bytes(21))
        if "must_change" in combo:
            dc.set_attribute(name, "pwdLastSet", "0")
        answers[index] = dc.ldap_bind(name, PASSWORD if right else WRONG)
    answers[-1] = dc.ldap_bind("fid_nobody", PASSWORD)
    return answers


def _simulated(combo: tuple[str, ...], right: bool) -> str:
    host: Host = build_host(HostSpec(os=OsFamily.WS2022, account="domain"))
    assert host.domain is not None
    now = host.now()
    state: dict[str, object] = {}
    if "disabled" in combo:
        state["enabled"] = False
    if "expired" in combo:
        state["expires"] = now - timedelta(days=365 * 300)
    if "no_hours" in combo:
        state["logon_hours"] = LogonHours.no_hours()
    account = host.domain.new_user("fid_user", PASSWORD, now, **state)
    if "must_change" in combo:
        account.password_last_set = None
    result = logon_user(
        host.logon_machine,
        "fid_user",
        host.domain.authority,
        PASSWORD if right else WRONG,
        3,
        CALLER,
        workstation="WEB01",
    )
    return result.outcome.codes.ldap_data or "0"


@pytest.mark.parametrize(
    ("index", "combo", "right"),
    [(i, combo, right) for i, (combo, right) in enumerate(STATES)],
    ids=[
        f"{'+'.join(combo) or 'healthy'}-{'right' if right else 'wrong'}" for combo, right in STATES
    ],
)
def test_the_simulator_answers_as_the_dc(
    real: dict[int, str], index: int, combo: tuple[str, ...], right: bool
) -> None:
    assert _simulated(combo, right) == real[index]


def test_an_unknown_user(real: dict[int, str]) -> None:
    host = build_host(HostSpec(os=OsFamily.WS2022, account="domain"))
    assert host.domain is not None
    result = logon_user(
        host.logon_machine, "fid_nobody", host.domain.authority, PASSWORD, 3, CALLER
    )
    assert (result.outcome.codes.ldap_data or "0") == real[-1] == "52e"
