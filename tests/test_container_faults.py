"""The container backend's fault recipes against hand-written golden files, the refusals, and
how commands fail, time out and clean up (a fake transport; no engine needed)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from authlab.backends.base import UnavailableBackend
from authlab.backends.container import faults as F
from authlab.backends.container import snapshot as S
from authlab.backends.container.backend import ContainerBackend, ContainerError, exercise
from authlab.backends.container.transport import ExecResult
from tests.support.container import (
    CONTAINER,
    REAL,
    FakeLaunched,
    FakeTransport,
    ok,
    script_of,
)
from winfacts.secret import Secret

GOLDEN = Path(__file__).parent / "golden" / "container"
PASSWORD = Secret("Aa1-harnessPw9")
OTHER = Secret("Bb2-anotherPw8")
TODAY = date(2026, 11, 24)  # a Tuesday, the date of the recorded outputs
ALL = {F.FAILURE_AUDIT: True, F.WORKSTATIONS: True, F.EXPIRY: True}


def baseline() -> S.Snapshot:
    """The baseline of the recorded outputs: the WS2022 IIS export, net accounts' defaults,
    Logon audited for success and failure."""
    return S.read(
        (CONTAINER / "secedit-export-ws2022-iis.inf").read_bytes().decode("utf-16"),
        (CONTAINER / "net-user-IUSR_AUTHLAB-disabled.txt").read_text(),
        (CONTAINER / "net-accounts-ws2022.txt").read_text(),
        (CONTAINER / "appcmd-anonymous-custom.txt").read_text(),
        (REAL / "icacls" / "wwwroot-iis10.txt").read_text(),
        (REAL / "net-localgroup" / "group-member.txt").read_text(),
        (CONTAINER / "auditpol-get-category-r-ws2022.csv").read_text(),
        Secret("fixture-not-a-password"),
    )


def context(capabilities: dict[str, bool | None] | None = None) -> F.Context:
    return baseline().context(PASSWORD, OTHER, TODAY, ALL if capabilities is None else capabilities)


def golden(label: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for line in (GOLDEN / f"{label}.txt").read_text().splitlines():
        if line.startswith("# "):
            current = sections.setdefault(line[2:].strip(), [])
        elif line.strip():
            current.append(json.loads(line))
    return sections


def readable(commands: list[F.Command]) -> list[list[str]]:
    """Each argv as the golden files write it: passwords masked, a PowerShell call as its
    program, -EncodedCommand and the decoded script."""
    shown: list[list[str]] = []
    for command in commands:
        script = script_of(command.argv)
        if script is None:
            shown.append(list(command.shown))
        else:
            shown.append([command.argv[0], "-EncodedCommand", script])
    return shown


# -- the golden files ------------------------------------------------------------------------


def test_every_holdable_fault_has_a_golden_file_and_no_more() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(F.holdable())


@pytest.mark.parametrize("label", F.holdable())
def test_make_and_repair_match_the_golden_file(label: str) -> None:
    expected = golden(label)
    assert readable(F.make(label, context())) == expected["make"]
    assert readable(F.repair(label, context())) == expected["repair"]


def test_every_powershell_argv_is_an_encoded_command() -> None:
    for label in F.holdable():
        for command in F.make(label, context()) + F.repair(label, context()):
            if command.argv[0] == "powershell.exe":
                assert command.argv[-2] == "-EncodedCommand"
                assert script_of(command.argv) is not None


def test_the_catalogue_is_covered_held_or_refused() -> None:
    held = {label for label in F.holdable() if not F.recipe(label).extra}
    assert held | set(F.REFUSED) == set(F.catalogue_labels())
    assert not held & set(F.REFUSED)
    assert [r.label for r in F.RECIPES if r.extra] == ["logon-right-missing[logon_method=Batch]"]


# -- passwords -------------------------------------------------------------------------------


def test_the_wrong_password_goes_where_the_fault_puts_it() -> None:
    iis = F.make("password-mismatch[where=iis]", context())[0]
    assert iis.argv[4] == "/password:Bb2-anotherPw8"
    account = F.make("password-mismatch[where=account]", context())[0]
    assert account.argv[1:] == ("user", "IUSR_AUTHLAB", "Bb2-anotherPw8")
    reset = F.repair("password-mismatch[where=account]", context())
    assert reset[0].argv[3] == "Aa1-harnessPw9"
    assert reset[1].argv[4] == "/password:Aa1-harnessPw9"


def test_a_command_with_a_password_never_shows_it() -> None:
    command = F.create_account(PASSWORD)[2]
    assert repr(command) == (
        "Command(['C:\\\\Windows\\\\System32\\\\inetsrv\\\\appcmd.exe', 'set', 'config', "
        "'-section:system.webServer/security/authentication/anonymousAuthentication', "
        "'/userName:IUSR_AUTHLAB', '/password:********', '/commit:apphost'])"
    )
    assert "harnessPw" not in str(command) and "harnessPw" not in repr([command])


def test_no_password_goes_into_a_powershell_script() -> None:
    for label in F.holdable():
        for command in F.make(label, context()) + F.repair(label, context()):
            script = script_of(command.argv) or ""
            assert "harnessPw" not in script and "anotherPw" not in script


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        (
            "crash-on-audit-fail[how=registry]",
            "crash-on-audit-fail[how=registry]: CrashOnAuditFail stops the machine when an audit "
            "can not be written, and a container shares its kernel with the host: the harness "
            "never sets it",
        ),
        (
            "password-sync-unusable",
            "password-sync-unusable: AnonymousPasswordSync is IIS 6's (a metabase property); "
            "the container runs IIS 10",
        ),
        (
            "logon-right-denied[via=account,layer=gpo]",
            "logon-right-denied[via=account,layer=gpo]: a domain group policy needs a domain; "
            "the container is a workgroup server",
        ),
        (
            "password-expired[max_age_days=42,age_days=60]",
            "password-expired[max_age_days=42,age_days=60]: the password's age grows only with "
            "the server's clock, which can not be moved on a real server, and net accounts "
            "/maxpwage: counts whole days",
        ),
    ],
)
def test_a_fault_a_container_can_not_hold_says_why(label: str, reason: str) -> None:
    with pytest.raises(UnavailableBackend) as refused:
        F.make(label, context())
    assert str(refused.value) == reason


def test_an_unknown_label_is_not_a_fault() -> None:
    with pytest.raises(UnavailableBackend, match="'no-such-fault' is not a fault variant"):
        F.recipe("no-such-fault")


def test_labels_are_matched_without_case() -> None:
    assert F.recipe("Account-Disabled").label == "account-disabled"


@pytest.mark.parametrize(
    ("label", "capability", "state", "said"),
    [
        (
            "workstation-restriction[workstations=OTHERPC]",
            F.WORKSTATIONS,
            False,
            "was probed and does not hold",
        ),
        ("account-expired[days_ago=1]", F.EXPIRY, None, "could not be probed"),
        ("logon-audit-disabled", F.FAILURE_AUDIT, False, "was probed and does not hold"),
    ],
)
def test_a_fault_needing_an_unconfirmed_capability_is_unavailable(
    label: str, capability: str, state: bool | None, said: str
) -> None:
    with pytest.raises(UnavailableBackend) as refused:
        F.make(label, context({**ALL, capability: state}))
    assert str(refused.value) == f"{label} needs {capability!r}, which {said} in this container"
    # The repair never needs the capability: it only puts things back.
    assert F.repair(label, context({}))


def test_batch_is_refused_when_the_baseline_grants_the_batch_right_to_users() -> None:
    ctx = context()
    granted = F.Context(
        PASSWORD,
        OTHER,
        TODAY,
        rights={**ctx.rights, "SeBatchLogonRight": ("*S-1-5-32-544", "*S-1-5-32-545")},
        capabilities=ALL,
    )
    with pytest.raises(UnavailableBackend, match="grants SeBatchLogonRight to IUSR_AUTHLAB"):
        F.make("logon-right-missing[logon_method=Batch]", granted)


def test_a_right_nobody_held_is_written_back_empty() -> None:
    ctx = F.Context(PASSWORD, OTHER, TODAY, rights={}, capabilities=ALL)
    write = F.repair("logon-right-denied[via=account,layer=local]", ctx)[0]
    assert (script_of(write.argv) or "").endswith(
        "'[Privilege Rights]', 'SeDenyNetworkLogonRight =')"
    )


# -- the transport: string commands, failures, timeouts, cleanup -------------------------------


def test_the_fake_transport_refuses_a_string_command_as_the_real_one_does() -> None:
    with pytest.raises(TypeError, match="never one string"):
        FakeTransport().on("net").exec("net user IUSR_AUTHLAB", timeout=5)  # type: ignore[arg-type]


def test_every_command_of_a_fault_has_a_timeout() -> None:
    for label in F.holdable():
        for command in F.make(label, context()) + F.repair(label, context()):
            assert command.timeout in (F.TIMEOUT, F.SLOW)


def _started(transport: FakeTransport) -> ContainerBackend:
    """A backend on ``transport`` as if ``start`` had run (baseline, capabilities)."""
    backend = ContainerBackend(
        lambda: FakeLaunched(transport), password=PASSWORD, other_password=OTHER
    )
    backend._launched = FakeLaunched(transport)
    backend.baseline = baseline()
    backend.capabilities = {}
    return backend


def _clock(transport: FakeTransport) -> FakeTransport:
    return transport.on("[DateTimeOffset]::Now", ok("2026-11-24T08:15:00.000000+00:00\r\n"))


def test_a_failing_command_names_its_argv_and_exit_code_masked() -> None:
    transport = _clock(FakeTransport()).on(
        "net.exe user IUSR_AUTHLAB",
        ok("System error 5 has occurred.\r\n\r\nAccess is denied.\r\n", 2),
    )
    backend = _started(transport)
    with pytest.raises(ContainerError) as failed:
        backend.inject("password-mismatch[where=account]")
    assert str(failed.value) == (
        "C:\\Windows\\System32\\net.exe user IUSR_AUTHLAB ******** exited 2: System error 5 "
        "has occurred.\n\nAccess is denied."
    )


def test_a_timeout_is_named_and_the_password_stays_hidden() -> None:
    transport = _clock(FakeTransport()).time_out("net.exe user IUSR_AUTHLAB")
    backend = _started(transport)
    with pytest.raises(ContainerError) as failed:
        backend.inject("password-mismatch[where=account]")
    assert str(failed.value) == (
        "C:\\Windows\\System32\\net.exe user IUSR_AUTHLAB ********: net.exe did not finish "
        "within 1 s"
    )
    assert failed.value.__cause__ is None  # the transport's own text never rides along


def test_a_transport_error_keeps_its_cause_when_no_password_is_involved() -> None:
    transport = _clock(FakeTransport()).fail("/active:no", "the container is gone")
    backend = _started(transport)
    with pytest.raises(ContainerError, match="/active:no: the container is gone") as failed:
        backend.inject("account-disabled")
    assert failed.value.__cause__ is not None


def test_a_fault_stops_at_the_first_failing_command() -> None:
    transport = _clock(FakeTransport()).on("localgroup", ok("System error 1378 has occurred.", 2))
    backend = _started(transport)
    with pytest.raises(ContainerError, match="exited 2"):
        backend.inject("logon-right-denied[via=guests,layer=local]")
    assert [a[1] for a in transport.argvs if not script_of(a)] == ["localgroup"]


def test_a_failing_repair_still_removes_the_container(tmp_path: Path) -> None:
    transport = FakeTransport()
    launched = FakeLaunched(transport)
    backend = ContainerBackend(lambda: launched, password=PASSWORD, other_password=OTHER)

    def started(platform: str, **kwargs: object) -> object:
        backend._launched = launched
        backend.baseline = baseline()
        return None

    backend.start = started  # type: ignore[assignment,method-assign]
    backend.collect = lambda directory, evidence_only=False: None  # type: ignore[method-assign]
    transport.on(lambda argv: True, ok())
    _clock(transport)
    transport.on(
        "http://localhost/",
        ok("started=2026-11-24T08:15:00\r\nstatus=401\r\nlog=u_ex261124.log\r\n"),
    )
    transport.on("ReadAllBytes", ok("", 3))
    transport.on("/active:yes", ok("The user name could not be found.", 2))
    with pytest.raises(ContainerError, match="/active:yes exited 2"):
        exercise(backend, "account-disabled", tmp_path)
    assert launched.removed == 1
    assert backend._launched is None


def test_close_twice_removes_once() -> None:
    launched = FakeLaunched(FakeTransport())
    backend = ContainerBackend(lambda: launched)
    backend._launched = launched
    backend.close()
    backend.close()
    assert launched.removed == 1


def test_exec_result_never_prints_its_bytes() -> None:
    assert (
        repr(ExecResult(0, b"secret-looking output"))
        == "ExecResult(exit_code=0, output=<21 bytes>)"
    )
