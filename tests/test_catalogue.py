"""Every fault of the catalogue, on every built-in platform it applies to, shows exactly the
symptoms written below, and its repair brings back 200.

The expectations are literal: the HTTP status and substatus, the sc-win32-status of the IIS log
line, the Security event the request writes (529-539 on Windows Server 2003, 4625 with its
Status, SubStatus and FailureReason on 2008+) and IIS 6's W3SVC event 100, as docs/symptoms.md
tabulates them. The sources are Microsoft's: the 4625 reference (event-4625.md) for Status,
SubStatus and the %%23xx reasons; the Windows Server 2003 msaudite.dll message table for
529-539; the Win32 error texts W3SVC 100 quotes (winerror.h, FormatMessage); the IIS 401.x
substatus list. What the host shows is read from its own output: the response, the log line under
its #Fields: header, the newest Security record rendered as Event Viewer or wevtutil shows it.
``Fault.expected`` is compared with the same table only in the consistency check at the end.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.faults import CATALOGUE, FAULT_IDS, fault_class, variants
from simulator.faults.base import Fault
from simulator.host import Host
from simulator.render_events import legacy_csv_row, security_event_xml, system_event_text
from simulator.scenario import PLATFORMS, FaultRun, Observation, applicable, run_fault
from winfacts.errors import ModelError
from winfacts.finding_ids import FINDING_IDS

CASES = [
    pytest.param(platform, fault, id=f"{platform}-{fault.label}")
    for platform, spec in PLATFORMS.items()
    for fault in applicable(spec, variants())
]


# -- the literal table ----------------------------------------------------------------------------


@attrs.frozen
class LogonFailure:
    """A 401.1 that LogonUser decided: what each platform shows for it."""

    win32: int  # sc-win32-status, and the data of W3SVC 100
    event_2003: int  # the Event column of the 2003 Security record
    status: str  # 4625 Status (lower-case hex, as wevtutil prints it)
    substatus: str  # 4625 SubStatus
    reason: str  # 4625 FailureReason insertion
    message: str  # the Win32 error text W3SVC 100 quotes on IIS 6


LOGON_FAILURES: dict[str, LogonFailure] = {
    "account-not-found": LogonFailure(
        1326,
        529,
        "0xc000006d",
        "0xc0000064",
        "%%2313",
        "Logon failure: unknown user name or bad password.",
    ),
    "password-mismatch": LogonFailure(
        1326,
        529,
        "0xc000006d",
        "0xc000006a",
        "%%2313",
        "Logon failure: unknown user name or bad password.",
    ),
    "password-sync-unusable": LogonFailure(
        1326,
        529,
        "0xc000006d",
        "0xc000006a",
        "%%2313",
        "Logon failure: unknown user name or bad password.",
    ),
    "account-disabled": LogonFailure(
        1331,
        531,
        "0xc000006e",
        "0xc0000072",
        "%%2310",
        "Logon failure: account currently disabled.",
    ),
    "account-locked-out": LogonFailure(
        1909,
        539,
        "0xc0000234",
        "0x0",
        "%%2307",
        "The referenced account is currently locked out and may not be logged on to.",
    ),
    "account-expired": LogonFailure(
        1793,
        532,
        "0xc0000193",
        "0x0",
        "%%2305",
        "Logon failure: user account has expired.",
    ),
    "password-must-change": LogonFailure(
        1907,
        535,
        "0xc0000224",
        "0x0",
        "%%2309",
        "The user's password must be changed before logging on the first time.",
    ),
    "password-expired": LogonFailure(
        1330,
        535,
        "0xc000006e",
        "0xc0000071",
        "%%2309",
        "Logon failure: the specified account password has expired.",
    ),
    "workstation-restriction": LogonFailure(
        1329,
        533,
        "0xc000006e",
        "0xc0000070",
        "%%2312",
        "Logon failure: user not allowed to log on to this computer.",
    ),
    "logon-hours": LogonFailure(
        1328,
        530,
        "0xc000006e",
        "0xc000006f",
        "%%2311",
        "Logon failure: account logon time restriction violation.",
    ),
    "logon-right-denied": LogonFailure(
        1385,
        534,
        "0xc000015b",
        "0x0",
        "%%2308",
        "Logon failure: the user has not been granted the requested logon type at this computer.",
    ),
    "logon-right-missing": LogonFailure(
        1385,
        534,
        "0xc000015b",
        "0x0",
        "%%2308",
        "Logon failure: the user has not been granted the requested logon type at this computer.",
    ),
}


@attrs.frozen
class Shown:
    """What one anonymous request shows, in the terms of the table."""

    http: str  # "401.1" ..., or "no response"
    log_line: tuple[str, str, str] | None  # sc-status, sc-substatus, sc-win32-status
    #: The Security record the request wrote last: on 2003 its Event and Type columns as Event
    #: Viewer exports them; on 2008+ its EventID, Status, SubStatus and FailureReason (the last
    #: three None on a 4624).
    security: tuple[str, str] | tuple[str, str | None, str | None, str | None] | None
    w3svc_100: str | None  # the error text of the W3SVC 100 warning the request raised
    running: bool = True


def expected(finding: str, family: str) -> Shown:
    """The literal symptoms of ``finding`` on ``family`` ("iis6": Windows Server 2003 and IIS 6,
    "iis10": Windows Server 2022 and IIS 10)."""
    iis6 = family == "iis6"
    failure = LOGON_FAILURES.get(finding)
    if failure is not None:
        return Shown(
            "401.1",
            ("401", "1", str(failure.win32)),
            (
                (str(failure.event_2003), "Failure Audit")
                if iis6
                else ("4625", failure.status, failure.substatus, failure.reason)
            ),
            failure.message if iis6 else None,
        )
    # The anonymous logon succeeds (or is not attempted); 540 is 2003's network logon success
    # (logon type 8), 4624 its 2008+ counterpart.
    success = ("540", "Success Audit") if iis6 else ("4624", None, None, None)
    table: dict[str, Shown] = {
        # CrashOnAuditFail = 2: only administrators may log on and nothing is audited.
        "crash-on-audit-fail": Shown(
            "401.1",
            ("401", "1", "1329"),
            None,
            "Logon failure: user not allowed to log on to this computer." if iis6 else None,
        ),
        # The audit that can not be written stops the machine: no answer, no log line.
        "security-log-full": Shown("no response", None, None, None, running=False),
        # IIS 6 still logs the anonymous account on for the URL (and caches the token).
        "anonymous-disabled": Shown("401.2", ("401", "2", "5"), success if iis6 else None, None),
        "content-acl-denied": Shown("401.3", ("401", "3", "5"), success, None),
        "logon-audit-disabled": Shown("200", ("200", "0", "0"), success, None),
    }
    return table[finding]


def test_the_table_covers_every_finding_id() -> None:
    covered = set(LOGON_FAILURES) | {
        "crash-on-audit-fail",
        "security-log-full",
        "anonymous-disabled",
        "content-acl-denied",
        "logon-audit-disabled",
    }
    assert covered == set(FINDING_IDS)
    assert not set(LOGON_FAILURES) & {"crash-on-audit-fail", "security-log-full"}


# -- what the host shows --------------------------------------------------------------------------


def _log_fields(host: Host) -> list[str]:
    """The names of the last ``#Fields:`` directive IIS wrote."""
    names: list[str] = []
    for files in host.iis.log_files().values():
        for name in sorted(files):
            for line in files[name]:
                if line.startswith("#Fields:"):
                    names = line[len("#Fields:") :].split()
    return names


def _security(
    host: Host, seen: Observation
) -> tuple[str, str] | tuple[str, str | None, str | None, str | None] | None:
    if not seen.security_events:
        return None
    newest = seen.security_events[-1]
    if host.os.legacy_events:
        row = legacy_csv_row(newest, ZoneInfo("UTC"))
        return (row[5], row[3])
    xml = security_event_xml(newest, host.os)
    event_id = re.search(r"<EventID>(\d+)</EventID>", xml)
    assert event_id is not None, xml
    data = dict(re.findall(r"<Data Name='(\w+)'>([^<]*)</Data>", xml))
    return (event_id.group(1), data.get("Status"), data.get("SubStatus"), data.get("FailureReason"))


def _w3svc_100(seen: Observation) -> str | None:
    found = [e for e in seen.system_events if e.source == "W3SVC" and e.event_id == 100]
    if not found:
        return None
    assert len(found) == 1, found
    text = system_event_text(found[0])
    match = re.fullmatch(
        r"The server was unable to logon the Windows NT account '.+' due to the following "
        r"error: (.+) The data is the error code\.",
        text,
    )
    assert match is not None, text
    return match.group(1)


def shown(run: FaultRun) -> Shown:
    seen = run.broken
    log_line = None
    if seen.w3c_lines:
        assert len(seen.w3c_lines) == 1, seen.w3c_lines
        values = dict(zip(_log_fields(run.host), seen.w3c_lines[0].split(" "), strict=True))
        log_line = (values["sc-status"], values["sc-substatus"], values["sc-win32-status"])
    return Shown(
        seen.response.code,
        log_line,
        _security(run.host, seen),
        _w3svc_100(seen),
        seen.host_running,
    )


def _family(platform: str) -> str:
    return platform.split("-")[0]


# -- the catalogue --------------------------------------------------------------------------------


def test_one_fault_per_finding_id_of_the_contract() -> None:
    assert set(FAULT_IDS) == set(FINDING_IDS)
    assert len(FAULT_IDS) == len(CATALOGUE)


def test_every_fault_applies_somewhere() -> None:
    covered = {fault.id for _, fault in (c.values for c in CASES)}  # type: ignore[misc]
    assert covered == set(FINDING_IDS)


def test_platform_families_are_the_two_of_the_table() -> None:
    assert {_family(p) for p in PLATFORMS} == {"iis6", "iis10"}


@pytest.mark.parametrize(("platform", "fault"), CASES)
def test_symptoms_equal_the_literal_table_and_the_repair_works(platform: str, fault: Fault) -> None:
    run = run_fault(PLATFORMS[platform], fault)
    assert run.healthy.response.code == "200"
    assert shown(run) == expected(fault.id, _family(platform))
    assert run.repaired.response.code == "200", run.repaired
    assert run.host.running


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(PLATFORMS)),
    st.sampled_from(FAULT_IDS),
    st.integers(min_value=0, max_value=10_000),
)
def test_symptoms_hold_for_any_seed(platform: str, fault_id: str, seed: int) -> None:
    spec = attrs.evolve(PLATFORMS[platform], seed=seed)
    for fault in applicable(spec, variants(fault_id)):
        run = run_fault(spec, fault)
        assert shown(run) == expected(fault_id, _family(platform))
        assert run.repaired.response.code == "200"


def test_same_seed_same_run() -> None:
    spec = PLATFORMS["iis6-domain"]
    a = run_fault(spec, variants("password-mismatch")[0])
    b = run_fault(spec, variants("password-mismatch")[0])
    assert a.broken.w3c_lines == b.broken.w3c_lines
    assert a.broken.security_events == b.broken.security_events
    assert a.host.computer_name == b.host.computer_name


def test_unknown_fault_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="no fault named"):
        fault_class("printer-on-fire")


# -- consistency of the catalogue with the table ---------------------------------------------------


@pytest.mark.parametrize(("platform", "fault"), CASES)
def test_consistency_fault_expected_agrees_with_the_literal_table(
    platform: str, fault: Fault
) -> None:
    """A check of the catalogue's own promise (``Fault.expected``) against the table, not the
    proof of the symptoms (that is the test above, which never asks the catalogue)."""
    spec = PLATFORMS[platform]
    run = run_fault(spec, fault)
    promised = run.expected
    table = expected(fault.id, _family(platform))
    assert promised.http == table.http
    assert promised.win32 == (None if table.log_line is None else int(table.log_line[2]))
    assert promised.host_stops == (not table.running)
    assert promised.w3svc_event == (table.w3svc_100 is not None)
    failure = LOGON_FAILURES.get(fault.id)
    assert promised.failure_event == (failure is not None)
    event = promised.event_id(spec.os)
    if failure is None:
        assert event is None
    else:
        assert event == (failure.event_2003 if _family(platform) == "iis6" else 4625)
