"""What the Security log and the IIS log show, read as an administrator reads them
(`steps.reading`: wevtutil or eventquery.vbs, dir and type)."""

from __future__ import annotations

from pytest_bdd import parsers, then

from authlab.backends import AuditView

from .reading import newest_audit, newest_log_line
from .world import World


def _audit(world: World) -> AuditView:
    audit = newest_audit(world.backend, world.info)
    assert audit is not None, "the Security log holds no logon audit"
    return audit


@then(parsers.parse("the Security log shows event {event:d} for logon type {logon_type:d}"))
def security_event(world: World, event: int, logon_type: int) -> None:
    audit = _audit(world)
    assert audit.event_id == event, f"event {audit.event_id}, expected {event}"
    assert audit.logon_type == logon_type, f"logon type {audit.logon_type}, expected {logon_type}"
    assert audit.user.lower() == world.info.anonymous_user.lower(), f"names {audit.user}"


@then(
    parsers.parse(
        'the Security log shows event {event:d} for logon type {logon_type:d} naming "{user}"'
    )
)
def security_event_naming(world: World, event: int, logon_type: int, user: str) -> None:
    """The newest logon audit, for an account other than the one IIS should use (a misspelt or
    out-of-date name in the IIS configuration)."""
    audit = _audit(world)
    assert audit.event_id == event, f"event {audit.event_id}, expected {event}"
    assert audit.logon_type == logon_type, f"logon type {audit.logon_type}, expected {logon_type}"
    assert audit.user.lower() == world.expand(user).lower(), f"names {audit.user}, not {user}"


@then(parsers.parse('the Security log shows event {event:d} with reason "{reason}"'))
def security_event_reason(world: World, event: int, reason: str) -> None:
    """The 2008+ rendering: 4625's FailureReason (%%2310) and, on 2003, no reason field."""
    audit = _audit(world)
    assert audit.event_id == event, f"event {audit.event_id}, expected {event}"
    if reason != "-":
        assert audit.reason == reason, f"reason {audit.reason}, expected {reason}"


@then("no logon failure is audited for the request")
def no_failure_audit(world: World) -> None:
    """Nothing newer than what the log held before the request, or a success."""
    audit = newest_audit(world.backend, world.info)
    if audit is None or audit == world.audit_mark:
        return
    assert audit.success, f"the request was audited: event {audit.event_id} naming {audit.user}"


@then(parsers.parse('the IIS log line ends with "{tail}"'))
def log_line(world: World, tail: str) -> None:
    line = newest_log_line(world.backend, world.info)
    assert line is not None, "the IIS log is empty"
    fields = line.split(" ")
    # IIS 10 logs time-taken after the status fields; IIS 6 ends with them.
    status = " ".join(fields[-3:] if world.info.legacy else fields[-4:-1])
    assert status == tail, f"the IIS log line shows '{status}', expected '{tail}'"
