"""simulator.api: a logon in a named domain, with attributes as AD stores them, answered as a
client sees it on the wire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from simulator import api
from simulator.host import Host
from winfacts.errors import ModelError
from winfacts.filetime import to_ticks
from winfacts.ntstatus import Outcome
from winfacts.secret import Secret

PASSWORD = Secret("Api-Pass-1!")
START = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # a Tuesday, 08:30 UTC


@pytest.fixture
def host() -> Host:
    made = api.domain_host("LAB", "lab.example", start=START)
    policy = api.policy(made)
    policy.lockout_threshold = 3
    policy.password_history = 24
    return made


def test_the_host_is_in_the_named_domain(host: Host) -> None:
    assert host.computer_name == "WEB01"
    assert (host.domain.authority, host.domain.dns_name) == ("LAB", "lab.example")


def test_every_name_form_and_an_unknown_user(host: Host) -> None:
    api.add_user(host, "svcprobe", PASSWORD)
    for name in ("svcprobe", "LAB\\svcprobe", "svcprobe@lab.example", "svcprobe@LAB.EXAMPLE"):
        assert api.logon(host, name, PASSWORD) == api.WireAnswer(
            Outcome.SUCCESS, "NT_STATUS_OK", "0"
        )
    assert api.logon(host, "nobody", PASSWORD) == api.WireAnswer(
        Outcome.NO_SUCH_USER, "NT_STATUS_LOGON_FAILURE", "52e"
    )
    assert api.logon(host, "svcprobe@other.example", PASSWORD).ntstatus == "NT_STATUS_LOGON_FAILURE"


@pytest.mark.parametrize(
    ("attributes", "ntstatus", "data"),
    [
        ({"user_account_control": 0x202}, "NT_STATUS_ACCOUNT_DISABLED", "533"),
        ({"account_expires": 1}, "NT_STATUS_ACCOUNT_EXPIRED", "701"),
        ({"account_expires": 0}, "NT_STATUS_OK", "0"),
        ({"account_expires": 0x7FFFFFFFFFFFFFFF}, "NT_STATUS_OK", "0"),
        ({"pwd_last_set": 0}, "NT_STATUS_PASSWORD_MUST_CHANGE", "773"),
        ({"pwd_last_set": START - timedelta(days=43)}, "NT_STATUS_PASSWORD_EXPIRED", "532"),
        ({"pwd_last_set": to_ticks(START - timedelta(days=41))}, "NT_STATUS_OK", "0"),
        ({"logon_hours": bytes(21)}, "NT_STATUS_INVALID_LOGON_HOURS", "530"),
        ({"logon_hours": bytes(20)}, "NT_STATUS_OK", "0"),
        ({"logon_hours": bytes(22)}, "NT_STATUS_OK", "0"),
        ({"user_workstations": "OTHER"}, "NT_STATUS_INVALID_WORKSTATION", "531"),
        ({"user_workstations": "OTHER,web01"}, "NT_STATUS_OK", "0"),
        ({"user_workstations": "OTHER, WEB01"}, "NT_STATUS_INVALID_WORKSTATION", "531"),
        ({"user_workstations": ""}, "NT_STATUS_OK", "0"),
    ],
)
def test_stored_attributes(
    host: Host, attributes: dict[str, object], ntstatus: str, data: str
) -> None:
    api.add_user(host, "svcprobe", PASSWORD, **attributes)
    answer = api.logon(host, "svcprobe", PASSWORD, workstation="WEB01")
    assert (answer.ntstatus, answer.ldap_data) == (ntstatus, data)


def test_logon_hours_are_judged_at_the_moment(host: Host) -> None:
    tuesday_8 = 2 * 24 + 8  # bit position of Tuesday 08:00-08:59 UTC
    hours = bytearray(21)
    hours[tuesday_8 // 8] |= 1 << (tuesday_8 % 8)
    api.add_user(host, "svcprobe", PASSWORD, logon_hours=bytes(hours))
    assert api.logon(host, "svcprobe", PASSWORD).ntstatus == "NT_STATUS_OK"
    later = START + timedelta(minutes=30)
    assert (
        api.logon(host, "svcprobe", PASSWORD, at=later).ntstatus == "NT_STATUS_INVALID_LOGON_HOURS"
    )


def test_the_previous_password_for_an_hour_and_uncounted(host: Host) -> None:
    account = api.add_user(host, "svcprobe", PASSWORD)
    api.reset_password(host, account, Secret("Api-Pass-2!"))
    assert api.logon(host, "svcprobe", PASSWORD, at=START + timedelta(minutes=59)).ok
    late = api.logon(host, "svcprobe", PASSWORD, at=START + timedelta(minutes=61))
    assert (late.ntstatus, late.ldap_data, account.bad_pwd_count) == (
        "NT_STATUS_LOGON_FAILURE",
        "52e",
        0,
    )
    assert not api.logon(host, "svcprobe", Secret("never-set")).ok
    assert account.bad_pwd_count == 1


def test_a_reset_that_must_change_ends_the_old_password_at_once(host: Host) -> None:
    account = api.add_user(host, "svcprobe", PASSWORD)
    api.reset_password(host, account, Secret("Api-Pass-2!"), must_change=True)
    assert api.logon(host, "svcprobe", PASSWORD).ntstatus == "NT_STATUS_LOGON_FAILURE"
    assert api.logon(host, "svcprobe", Secret("Api-Pass-2!")).ntstatus == (
        "NT_STATUS_PASSWORD_MUST_CHANGE"
    )


def test_lockout_after_the_threshold(host: Host) -> None:
    api.add_user(host, "svcprobe", PASSWORD)
    wrong = [api.logon(host, "svcprobe", Secret("bad")).ntstatus for _ in range(4)]
    assert wrong == ["NT_STATUS_LOGON_FAILURE"] * 3 + ["NT_STATUS_ACCOUNT_LOCKED_OUT"]
    assert api.logon(host, "svcprobe", PASSWORD).ldap_data == "775"


def test_bad_input_is_a_model_error(host: Host) -> None:
    api.add_user(host, "svcprobe", PASSWORD)
    with pytest.raises(ModelError, match="exists already"):
        api.add_user(host, "svcprobe", PASSWORD)
    with pytest.raises(ModelError, match="pwdLastSet"):
        api.add_user(host, "other", PASSWORD, pwd_last_set=-5)
    with pytest.raises(ModelError, match="not an attribute"):
        api.set_attributes(host.domain.find_user("svcprobe"), clear=("mail",))


def test_every_outcome_has_a_wire_status() -> None:
    shown = {outcome: api.wire_status(outcome) for outcome in Outcome}
    assert shown[Outcome.WRONG_PASSWORD] == shown[Outcome.NO_SUCH_USER] == "NT_STATUS_LOGON_FAILURE"
    assert shown[Outcome.LOGON_TYPE_NOT_GRANTED] == "NT_STATUS_LOGON_TYPE_NOT_GRANTED"
    assert all(name.startswith("NT_STATUS_") and "0x" not in name for name in shown.values())


@pytest.mark.parametrize(
    ("logon_type", "status"),
    [(3, "NT_STATUS_OK"), (8, "NT_STATUS_OK"), (2, "NT_STATUS_LOGON_FAILURE")],
)
def test_the_previous_password_is_taken_over_ntlm_network_logons_only(
    host: Host, logon_type: int, status: str
) -> None:
    """KB 906305: the grace hour is for NTLM network logons; an interactive logon, which the
    member passes on as one, gets 1326 at once."""
    account = api.add_user(host, "svcgrace", PASSWORD)
    api.reset_password(host, account, Secret("Api-Pass-2!"))
    answer = api.logon(host, "svcgrace", PASSWORD, logon_type=logon_type)
    assert answer.ntstatus == status


def test_a_restriction_without_a_substatus_is_account_restriction_on_the_wire() -> None:
    assert api.wire_status(Outcome.BLANK_PASSWORD) == "NT_STATUS_ACCOUNT_RESTRICTION"
    assert api.wire_status(Outcome.ACCOUNT_DISABLED) == "NT_STATUS_ACCOUNT_DISABLED"
