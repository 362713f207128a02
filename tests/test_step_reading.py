"""steps.reading parses what wevtutil and eventquery.vbs print; the simulator backend performs
the typed console actions and refuses what the console refuses."""

from __future__ import annotations

import pytest

from authlab.backends import AuditView, SimulatorBackend
from authlab.backends.base import (
    AuditLogonEvents,
    GpoRight,
    PasswordNeverExpires,
    RefusedAction,
)
from steps.reading import (
    audit_command,
    newest_audit,
    newest_log_line,
    parse_eventquery_csv,
    parse_wevtutil_xml,
)

NS = "http://schemas.microsoft.com/win/2004/08/events/event"


def event(event_id: int, record: int, data: str) -> str:
    return (
        f"<Event xmlns='{NS}'><System><EventID>{event_id}</EventID>"
        f"<TimeCreated SystemTime='2026-11-24T08:30:00.0000000Z'/>"
        f"<EventRecordID>{record}</EventRecordID></System><EventData>{data}</EventData></Event>"
    )


def test_wevtutil_events_without_a_root_element() -> None:
    failure = event(
        4625,
        7,
        "<Data Name='TargetUserName'>IUSR_WEB</Data><Data Name='Status'>0xc000006e</Data>"
        "<Data Name='FailureReason'>%%2313</Data><Data Name='SubStatus'>0xc0000072</Data>"
        "<Data Name='LogonType'>8</Data>",
    )
    success = event(
        4624, 6, "<Data Name='TargetUserName'>IUSR_WEB</Data><Data Name='LogonType'>8</Data>"
    )
    other = event(4672, 5, "<Data Name='SubjectUserName'>SYSTEM</Data>")
    assert parse_wevtutil_xml(f"{failure}\n{success}\n{other}\n") == [
        AuditView(
            4625,
            8,
            0xC000006E,
            0xC0000072,
            "%%2313",
            "IUSR_WEB",
            False,
            when="2026-11-24T08:30:00.0000000Z",
            record=7,
        ),
        AuditView(
            4624,
            8,
            None,
            None,
            None,
            "IUSR_WEB",
            True,
            when="2026-11-24T08:30:00.0000000Z",
            record=6,
        ),
    ]
    assert parse_wevtutil_xml("") == []


def test_eventquery_rows_with_the_description_on_one_line() -> None:
    text = (
        '"Type","Event","Date Time","Source","ComputerName","Category","User","Description"\n'
        '"audit failure","537","11/24/2026 8:30:00 AM","Security","WEB","Logon/Logoff",'
        '"NT AUTHORITY\\SYSTEM","Logon Failure:  \tReason:\t\tAn error occurred during logon  '
        "\tUser Name:\tIUSR_WEB  \tDomain:\t\tWEB  \tLogon Type:\t8  \tStatus code:\t0xC000006D"
        '  \tSubstatus code:\t0xC0000133  \tCaller User Name:\tWEB$"\n'
        '"audit success","540","11/24/2026 8:29:59 AM","Security","WEB","Logon/Logoff",'
        '"NT AUTHORITY\\SYSTEM","Successful Network Logon:  \tUser Name:\tIUSR_WEB  \tDomain:'
        '\t\tWEB  \tLogon Type:\t8  \tCaller User Name:\tWEB$"\n'
    )
    assert parse_eventquery_csv(text) == [
        AuditView(
            537, 8, 0xC000006D, 0xC0000133, None, "IUSR_WEB", False, when="11/24/2026 8:30:00 AM"
        ),
        AuditView(540, 8, None, None, None, "IUSR_WEB", True, when="11/24/2026 8:29:59 AM"),
    ]
    assert parse_eventquery_csv("INFO: No records available for the 'security' log.\n") == []


@pytest.fixture
def backend() -> SimulatorBackend:
    return SimulatorBackend()


def test_reading_a_simulated_server_through_its_commands(backend: SimulatorBackend) -> None:
    info = backend.start("iis6-local")
    assert audit_command(info, 3) == (
        r"cscript //nologo %windir%\system32\eventquery.vbs /l security /fo csv /v /r 3"
    )
    assert newest_audit(backend, info) is None
    assert newest_log_line(backend, info) is None
    backend.run(f"net user {info.anonymous_user} /active:no")
    backend.run("iisreset")
    assert backend.request("/").code == "401.1"
    audit = newest_audit(backend, info)
    assert audit is not None
    assert (audit.event_id, audit.logon_type, audit.user, audit.success) == (
        531,
        8,
        info.anonymous_user,
        False,
    )
    line = newest_log_line(backend, info)
    assert line is not None and line.endswith(" 401 1 1331")


def test_console_actions_read_as_what_they_change() -> None:
    assert repr(GpoRight("Default Domain Policy", "SeDenyNetworkLogonRight", add="Guests")) == (
        "GpoRight(gpo='Default Domain Policy', right='SeDenyNetworkLogonRight', "
        "add=('Guests',), remove=())"
    )
    assert repr(AuditLogonEvents(True, False)) == (
        "AuditLogonEvents(success=True, failure=False, gpo=None)"
    )


def test_a_gpo_right_adds_and_removes_by_sid(backend: SimulatorBackend) -> None:
    backend.start("iis10-domain")
    deny = "SeDenyNetworkLogonRight"
    backend.console(GpoRight("Default Domain Policy", deny, add=["Guests", "BUILTIN\\Guests"]))
    gpo = backend.host.domain.find_gpo("Default Domain Policy")  # type: ignore[union-attr]
    assert gpo.template.privilege_rights[deny] == ("*S-1-5-32-546",)
    backend.console(GpoRight("Default Domain Policy", deny, remove="BUILTIN\\Guests"))
    assert gpo.template.privilege_rights[deny] == ()
    with pytest.raises(RefusedAction, match=r"^Guests is not in SeDenyNetworkLogonRight of the"):
        backend.console(GpoRight("Default Domain Policy", deny, remove="Guests"))
    with pytest.raises(RefusedAction, match="'Nobody Here' is not a user or group"):
        backend.console(GpoRight("Default Domain Policy", deny, add="Nobody Here"))
    with pytest.raises(RefusedAction, match="no GPO named 'Missing'"):
        backend.console(GpoRight("Missing", deny, add="Guests"))


def test_password_never_expires_and_audit_policy(backend: SimulatorBackend) -> None:
    info = backend.start("iis6-local")
    backend.console(PasswordNeverExpires(info.anonymous_user, False, False))
    assert backend.host.sam.user(info.anonymous_user).password_never_expires is False
    backend.console(AuditLogonEvents(True, False))
    assert backend.host.lsa.local.event_audit["AuditLogonEvents"] == 1
    with pytest.raises(RefusedAction, match="there is no domain"):
        backend.console(AuditLogonEvents(True, True, gpo="Default Domain Policy"))
