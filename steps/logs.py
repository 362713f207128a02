"""What the Security log and the IIS log show."""

from __future__ import annotations

from pytest_bdd import parsers, then

from .world import World


def _audit(world: World):  # type: ignore[no-untyped-def]
    audit = world.backend.last_logon_audit()
    assert audit is not None, "the Security log holds no logon audit"
    return audit


@then(parsers.parse("the Security log shows event {event:d} for logon type {logon_type:d}"))
def security_event(world: World, event: int, logon_type: int) -> None:
    audit = _audit(world)
    assert audit.event_id == event, f"event {audit.event_id}, expected {event}"
    assert audit.logon_type == logon_type
    assert audit.user.lower() == world.info.anonymous_user.lower()


@then(parsers.parse('the Security log shows event {event:d} with reason "{reason}"'))
def security_event_reason(world: World, event: int, reason: str) -> None:
    """The 2008+ rendering: 4625's FailureReason (%%2310) and, on 2003, no reason field."""
    audit = _audit(world)
    assert audit.event_id == event, f"event {audit.event_id}, expected {event}"
    if reason != "-":
        assert audit.reason == reason, f"reason {audit.reason}, expected {reason}"


@then("no logon failure is audited for the request")
def no_failure_audit(world: World) -> None:
    audit = world.backend.last_logon_audit()
    new = world.backend.audits_since_mark()
    assert new == 0 or (audit is not None and audit.success)


@then(parsers.parse('the IIS log line ends with "{tail}"'))
def log_line(world: World, tail: str) -> None:
    line = world.backend.last_log_line()
    assert line is not None, "the IIS log is empty"
    fields = line.split(" ")
    # IIS 10 logs time-taken after the status fields; IIS 6 ends with them.
    status = " ".join(fields[-3:] if world.info.legacy else fields[-4:-1])
    assert status == tail, f"the IIS log line shows '{status}', expected '{tail}'"
