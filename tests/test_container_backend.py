"""`ContainerBackend` on recorded real outputs replayed through a fake transport: start (setup,
probes, baseline), run, request, console, collect, verified repairs and clean-up."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from authlab.backends.base import (
    AuditLogonEvents,
    GpoRight,
    HttpResult,
    PasswordNeverExpires,
    RefusedAction,
    ServerInfo,
    UnavailableBackend,
)
from authlab.backends.container.backend import (
    CMD,
    Capability,
    ContainerBackend,
    ContainerError,
    new_password,
)
from authlab.backends.container.transport import ExecResult
from tests.support.container import (
    CONTAINER,
    REAL,
    FakeLaunched,
    FakeTransport,
    file_bytes,
    ok,
    script_of,
)
from winfacts.secret import Secret

PASSWORD = Secret("fixture-not-a-password")  # the password appcmd-anonymous-custom.txt shows
APPCMD = "C:\\Windows\\System32\\inetsrv\\appcmd.exe"
NET = "C:\\Windows\\System32\\net.exe"
RECYCLE = (APPCMD, "recycle", "apppool", "/apppool.name:DefaultAppPool")
LOG = (CONTAINER / "u_ex261124-401-1-1331.log").read_bytes()


def recorded(path: Path) -> ExecResult:
    return ok(path.read_bytes())


def requested(started: str, status: str) -> ExecResult:
    return ok(f"started={started}\r\nstatus={status}\r\nlog=u_ex261124.log\r\n")


def server() -> FakeTransport:
    """The recorded server: the outputs of setup, probes and snapshot. The log has a 200 from
    a remote client, then two 401.1 (1331), the second from inside the container at 08:14:07."""
    transport = FakeTransport()
    transport.on(("C:\\Windows\\System32\\hostname.exe",), ok("4F2D1C9A7B31\r\n"))
    transport.on("New-Item -ItemType Directory", ok())
    transport.on("net.exe user IUSR_AUTHLAB", ok("The command completed successfully.\r\n\r\n"))
    transport.on("Set-LocalUser", ok())
    transport.on("appcmd.exe set config", ok('Applied configuration changes to section "..."\r\n'))
    transport.on(RECYCLE, ok('"DefaultAppPool" successfully recycled\r\n'))
    transport.on("[DateTimeOffset]::Now", ok("2026-11-24T08:15:00.000000+00:00\r\n"))
    # Healthy at setup: Invoke-WebRequest says 200 and the log has no later local line.
    transport.on("http://localhost/", requested("2026-11-24T08:15:00", "200"))
    transport.on(
        ("C:\\Windows\\System32\\netsh.exe", "http", "flush", "logbuffer"), ok("\r\nOk.\r\n\r\n")
    )
    transport.on(
        "W3SVC1\\u_ex261124.log", file_bytes(LOG, "AUTHLAB-BYTES-BEGIN", "AUTHLAB-BYTES-END")
    )
    transport.on("ValidateCredentials", ok())
    transport.on(
        lambda argv: argv[0].endswith("wevtutil.exe"),
        recorded(CONTAINER / "wevtutil-4625-account-disabled.xml"),
    )
    transport.on(
        lambda argv: argv[0].endswith("secedit.exe"),
        ok("\r\nThe task has completed successfully.\r\n"),
    )
    transport.on(
        "snapshot.inf",
        file_bytes((CONTAINER / "secedit-export-ws2022-iis.inf").read_bytes()),
    )
    transport.on(
        (NET, "user", "IUSR_AUTHLAB"), recorded(CONTAINER / "net-user-IUSR_AUTHLAB-disabled.txt")
    )
    transport.on((NET, "accounts"), recorded(CONTAINER / "net-accounts-ws2022.txt"))
    transport.on(
        (
            APPCMD,
            "list",
            "config",
            "-section:system.webServer/security/authentication/anonymousAuthentication",
        ),
        recorded(CONTAINER / "appcmd-anonymous-custom.txt"),
    )
    transport.on(
        ("C:\\Windows\\System32\\icacls.exe", "C:\\inetpub\\wwwroot"),
        recorded(REAL / "icacls" / "wwwroot-iis10.txt"),
    )
    transport.on(
        (NET, "localgroup", "Guests"), recorded(REAL / "net-localgroup" / "group-member.txt")
    )
    transport.on(
        lambda argv: argv[0].endswith("auditpol.exe") and argv[1] == "/get",
        recorded(CONTAINER / "auditpol-get-category-r-ws2022.csv"),
    )
    return transport


def probe_answers(transport: FakeTransport) -> FakeTransport:
    """While a restriction is on, the request made inside the container is logged 401.1."""
    restricted = {"on": False}

    def net_user(argv: list[str]) -> ExecResult:
        restricted["on"] = argv[-1] not in ("/workstations:*", "/expires:never")
        return ok("The command completed successfully.\r\n\r\n")

    def request(argv: list[str]) -> ExecResult:
        if restricted["on"]:
            return requested("2026-11-24T08:14:05", "401")
        return requested("2026-11-24T08:15:00", "200")

    transport.on(
        lambda argv: argv[:3] == [NET, "user", "IUSR_AUTHLAB"] and len(argv) == 4, net_user
    )
    transport.on("http://localhost/", request)
    return transport


def backend_on(transport: FakeTransport) -> tuple[ContainerBackend, FakeLaunched]:
    launched = FakeLaunched(transport)
    backend = ContainerBackend(
        lambda: launched, password=PASSWORD, other_password=Secret("Bb2-anotherPw8")
    )
    return backend, launched


def started() -> tuple[ContainerBackend, FakeTransport, FakeLaunched]:
    transport = probe_answers(server())
    backend, launched = backend_on(transport)
    backend.start("iis10-local")
    return backend, transport, launched


# -- start -----------------------------------------------------------------------------------


def test_start_sets_up_the_account_probes_and_snapshots() -> None:
    backend, transport, launched = started()
    assert backend.baseline is not None
    plain = [tuple(a) for a in transport.argvs if script_of(a) is None]
    assert plain[:4] == [
        ("C:\\Windows\\System32\\hostname.exe",),
        (NET, "user", "IUSR_AUTHLAB", "fixture-not-a-password", "/add"),
        (
            APPCMD,
            "set",
            "config",
            "-section:system.webServer/security/authentication/anonymousAuthentication",
            "/userName:IUSR_AUTHLAB",
            "/password:fixture-not-a-password",
            "/commit:apphost",
        ),
        RECYCLE,
    ]
    assert transport.scripts[1] == "Set-LocalUser -Name 'IUSR_AUTHLAB' -PasswordNeverExpires $true"
    # The probes put back what they changed, each followed by a recycle.
    assert (NET, "user", "IUSR_AUTHLAB", "/workstations:AUTHLABNOWHERE") in plain
    assert plain[plain.index((NET, "user", "IUSR_AUTHLAB", "/workstations:*")) + 1] == RECYCLE
    assert (NET, "user", "IUSR_AUTHLAB", "/expires:11/23/2026") in plain
    assert plain[plain.index((NET, "user", "IUSR_AUTHLAB", "/expires:never")) + 1] == RECYCLE
    assert launched.removed == 0


def test_start_returns_the_server_it_set_up() -> None:
    transport = probe_answers(server())
    backend, _ = backend_on(transport)
    assert backend.start("iis10-local") == ServerInfo(
        "4F2D1C9A7B31", None, False, "IUSR_AUTHLAB", "4F2D1C9A7B31"
    )


def test_the_probes_are_recorded_and_reported() -> None:
    backend, _, _ = started()
    assert backend.capabilities == {
        "failure-audit": Capability(
            "failure-audit", False, "a failed logon of authlab-probe-nobody wrote no 4625"
        ),
        "workstations": Capability(
            "workstations", True, "net user /workstations:AUTHLABNOWHERE: GET / answered 401.1"
        ),
        "expiry": Capability("expiry", True, "net user /expires:11/23/2026: GET / answered 401.1"),
    }
    assert backend.report() == [
        "failure-audit: no (a failed logon of authlab-probe-nobody wrote no 4625)",
        "workstations: yes (net user /workstations:AUTHLABNOWHERE: GET / answered 401.1)",
        "expiry: yes (net user /expires:11/23/2026: GET / answered 401.1)",
        "evidence source unavailable here: the Security log (no 4625 seen); "
        "logon-audit-disabled is not held",
    ]


def test_a_4625_of_the_probe_account_confirms_failure_auditing() -> None:
    recorded_event = (CONTAINER / "wevtutil-4625-account-disabled.xml").read_bytes()
    probe_event = recorded_event.replace(b"IUSR_AUTHLAB", b"authlab-probe-nobody")
    transport = probe_answers(server()).on(
        lambda argv: argv[0].endswith("wevtutil.exe"), ok(probe_event)
    )
    backend, _ = backend_on(transport)
    backend.start("iis10-local")
    assert backend.capabilities["failure-audit"].holds is True


def test_a_probe_that_can_not_run_is_unknown_and_start_goes_on() -> None:
    transport = server()
    transport.fail(
        lambda argv: argv[0].endswith("wevtutil.exe"), "wevtutil: the RPC server is unavailable"
    )
    backend, launched = backend_on(transport)
    backend.start("iis10-local")
    found = backend.capabilities["failure-audit"]
    assert found.holds is None
    assert found.evidence.startswith(
        "the probe failed: C:\\Windows\\System32\\wevtutil.exe qe Security"
    )
    # The restrictions never answered 401.1 here (this server's request always says 200).
    assert backend.capabilities["workstations"].holds is False
    assert launched.removed == 0


def test_a_failing_setup_removes_the_container() -> None:
    transport = server().on(
        lambda argv: argv[-1] == "/add", ok("The account already exists.\r\n", 2)
    )
    backend, launched = backend_on(transport)
    with pytest.raises(ContainerError) as failed:
        backend.start("iis10-local")
    assert str(failed.value) == (
        "C:\\Windows\\System32\\net.exe user IUSR_AUTHLAB ******** /add exited 2: "
        "The account already exists."
    )
    assert launched.removed == 1


def test_an_unhealthy_server_is_not_started() -> None:
    transport = server().on("http://localhost/", requested("2026-11-24T08:14:00", "401"))
    backend, launched = backend_on(transport)
    with pytest.raises(
        ContainerError, match=re.escape("answers 401.1 to an anonymous GET /, not 200")
    ):
        backend.start("iis10-local")
    assert launched.removed == 1


@pytest.mark.parametrize(
    ("platform", "kwargs", "reason"),
    [
        ("iis6-local", {}, "iis6-local: the container is Windows Server Core with IIS 10"),
        ("iis10-domain", {}, "iis10-domain: the container is Windows Server Core with IIS 10"),
        ("iis10-local", {"start": datetime(2026, 1, 1, tzinfo=UTC)}, "can not be set to a chosen"),
        ("iis10-local", {"population": 20}, "a generated population of accounts"),
    ],
)
def test_what_a_container_can_not_start_is_unavailable(
    platform: str, kwargs: dict[str, object], reason: str
) -> None:
    transport = FakeTransport()
    backend, launched = backend_on(transport)
    with pytest.raises(UnavailableBackend, match=reason):
        backend.start(platform, **kwargs)  # type: ignore[arg-type]
    assert transport.calls == [] and launched.removed == 0


# -- run, request ------------------------------------------------------------------------------


def test_run_passes_the_line_whole_after_cmd_c() -> None:
    backend, transport, _ = started()
    transport.on(
        (CMD, "/d", "/c", "net user IUSR_AUTHLAB"),
        recorded(CONTAINER / "net-user-IUSR_AUTHLAB-disabled.txt"),
    )
    code, output = backend.run("net user IUSR_AUTHLAB")
    assert code == 0
    assert output.splitlines()[5] == "Account active               No"
    assert "\r" not in output


def test_run_reports_the_exit_code_as_cmd_does() -> None:
    backend, transport, _ = started()
    transport.on(
        (CMD, "/d", "/c", "ntrights -u IUSR_AUTHLAB"),
        ok(
            "'ntrights' is not recognized as an internal or external command,\r\n"
            "operable program or batch file.\r\n",
            9009,
        ),
    )
    assert backend.run("ntrights -u IUSR_AUTHLAB") == (
        9009,
        "'ntrights' is not recognized as an internal or external command,\n"
        "operable program or batch file.\n",
    )


def test_a_line_with_quotes_reaches_cmd_verbatim_through_powershell() -> None:
    backend, transport, _ = started()
    line = 'wevtutil qe Security /q:"*[System[(EventID=4625)]]" /c:1 /f:xml'
    transport.on(
        "Diagnostics.ProcessStartInfo", recorded(CONTAINER / "wevtutil-4625-account-disabled.xml")
    )
    code, output = backend.run(line)
    assert code == 0 and output.startswith("<Event xmlns=")
    assert transport.scripts[-1] == (
        "$info = New-Object Diagnostics.ProcessStartInfo\n"
        "$info.FileName = 'C:\\Windows\\System32\\cmd.exe'\n"
        '$info.Arguments = \'/d /s /c "wevtutil qe Security /q:"*[System[(EventID=4625)]]" '
        "/c:1 /f:xml\"'\n"
        "$info.UseShellExecute = $false\n"
        "$process = [Diagnostics.Process]::Start($info)\n"
        "$process.WaitForExit()\n"
        "exit $process.ExitCode"
    )


def test_request_reads_the_substatus_from_the_w3c_log() -> None:
    backend, transport, _ = started()
    transport.on("http://localhost/", requested("2026-11-24T08:14:05", "401"))
    assert backend.request("/") == HttpResult(401, 1, 1331)
    assert transport.argvs[-2] == ["C:\\Windows\\System32\\netsh.exe", "http", "flush", "logbuffer"]
    assert "C:\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex261124.log" in transport.scripts[-1]


def test_request_skips_lines_of_other_clients_and_earlier_requests() -> None:
    backend, transport, _ = started()
    # 08:14:02's 401.1 came from 172.25.240.1; after 08:14:07 nothing local is logged.
    transport.on("http://localhost/", requested("2026-11-24T08:14:08", "401"))
    assert backend.request("/") == HttpResult(401)


def test_request_falls_back_to_the_status_when_the_log_can_not_be_read() -> None:
    backend, transport, _ = started()
    transport.on("http://localhost/", requested("2026-11-24T08:14:05", "401"))
    transport.on("W3SVC1\\u_ex261124.log", ok("", 1))
    assert backend.request("/") == HttpResult(401)


def test_request_with_no_answer_has_no_status() -> None:
    backend, transport, _ = started()
    transport.on("http://localhost/", requested("2026-11-24T08:14:05", "none"))
    transport.on("W3SVC1\\u_ex261124.log", ok("", 1))
    assert backend.request("/").code == "no response"


def test_the_request_script_quotes_the_url() -> None:
    backend, transport, _ = started()
    transport.on("http://localhost/", requested("2026-11-24T08:14:05", "200"))
    backend.request("it's.htm")
    assert "-Uri 'http://localhost/it''s.htm'" in transport.scripts[-2]


# -- console, clock, restart -------------------------------------------------------------------


def test_password_never_expires_goes_through_set_local_user() -> None:
    backend, transport, _ = started()
    backend.console(PasswordNeverExpires("IUSR_AUTHLAB", domain=False, value=False))
    assert (
        transport.scripts[-1] == "Set-LocalUser -Name 'IUSR_AUTHLAB' -PasswordNeverExpires $false"
    )


def test_set_local_user_refusing_is_a_refused_action() -> None:
    backend, transport, _ = started()
    transport.on("Set-LocalUser", ok("Set-LocalUser : User nobody was not found.\r\n", 1))
    with pytest.raises(RefusedAction, match="User nobody was not found"):
        backend.console(PasswordNeverExpires("nobody", domain=False, value=True))


def test_audit_logon_events_is_a_security_policy_template() -> None:
    backend, transport, _ = started()
    transport.on("Set-Content", ok())
    backend.console(AuditLogonEvents(success=True, failure=False))
    assert transport.scripts[-1].endswith("'[Event Audit]', 'AuditLogonEvents = 1')")
    assert transport.argvs[-1][-3:] == ["/areas", "SECURITYPOLICY", "/quiet"]


@pytest.mark.parametrize(
    "action",
    [
        GpoRight("Default Domain Policy", "SeDenyNetworkLogonRight", add="Guests"),
        AuditLogonEvents(success=True, failure=True, gpo="Default Domain Policy"),
        PasswordNeverExpires("IUSR_AUTHLAB", domain=True, value=True),
    ],
)
def test_domain_console_actions_are_unavailable(action: object) -> None:
    backend, transport, _ = started()
    before = len(transport.calls)
    with pytest.raises(UnavailableBackend):
        backend.console(action)  # type: ignore[arg-type]
    assert len(transport.calls) == before


def test_the_clock_can_be_read_and_never_moved() -> None:
    backend, _, _ = started()
    assert backend.local_time() == datetime(2026, 11, 24, 8, 15, tzinfo=UTC)
    with pytest.raises(UnavailableBackend, match="a real server's clock can not be moved"):
        backend.wait(timedelta(hours=1))
    with pytest.raises(UnavailableBackend, match="CrashOnAuditFail"):
        backend.fill_security_log()


def test_restart_recycles_the_pool() -> None:
    backend, transport, _ = started()
    backend.restart()
    assert tuple(transport.argvs[-1]) == RECYCLE


# -- faults and the snapshot -------------------------------------------------------------------


def test_a_repair_that_restores_the_baseline_passes() -> None:
    backend, transport, _ = started()
    backend.inject("account-disabled")
    backend.repair("account-disabled")
    plain = [tuple(a) for a in transport.argvs if script_of(a) is None]
    assert (NET, "user", "IUSR_AUTHLAB", "/active:yes") in plain
    assert backend.verify() == []


def test_a_repair_that_leaves_a_difference_names_it() -> None:
    backend, transport, _ = started()
    enabled = (
        (CONTAINER / "net-user-IUSR_AUTHLAB-disabled.txt")
        .read_bytes()
        .replace(b"Account active               No", b"Account active               Yes")
    )
    transport.on((NET, "user", "IUSR_AUTHLAB"), ok(enabled))
    with pytest.raises(AssertionError) as failed:
        backend.repair("account-disabled")
    assert str(failed.value) == (
        "the repair of account-disabled left differences: net user: Account active: No at "
        "the baseline, Yes now"
    )


def test_a_fault_the_probes_did_not_confirm_is_unavailable() -> None:
    backend, transport, _ = started()
    before = len(transport.calls)
    with pytest.raises(UnavailableBackend, match="needs 'failure-audit', which was probed"):
        backend.inject("logon-audit-disabled")
    assert [c for c in transport.calls[before:] if "DateTimeOffset" not in (c.script or "")] == []


def test_new_passwords_fit_net_user_and_complexity() -> None:
    for _ in range(20):
        value = new_password().reveal()
        assert len(value) == 14 and value[:4] == "Aa1-" and value[4:].isalnum()
    assert repr(new_password()) == "Secret('********')"


# -- collect -----------------------------------------------------------------------------------


def test_collect_runs_the_collector_and_copies_the_bundle(tmp_path: Path) -> None:
    backend, transport, _ = started()
    files = {
        "host.json": b'{"ComputerName": "4F2D1C9A7B31"}',
        "secedit.inf": (CONTAINER / "secedit-export-ws2022-iis.inf").read_bytes(),
        "net-user-IUSR_AUTHLAB.txt": (
            CONTAINER / "net-user-IUSR_AUTHLAB-disabled.txt"
        ).read_bytes(),
        "W3SVC1\\u_ex261124.log": LOG,
        "collector.log": b"not a bundle file",
    }
    transport.on("FromBase64String", ok())  # write_file's chunks
    transport.on(lambda argv: "-File" in argv, ok("-- host facts\r\n-- security policy\r\n"))
    transport.on("Get-ChildItem", ok("".join(f"{name}\r\n" for name in files)))
    for name, data in files.items():
        transport.on(
            f"bundle-1\\{name}", file_bytes(data, "AUTHLAB-BYTES-BEGIN", "AUTHLAB-BYTES-END")
        )
    backend.collect(tmp_path / "bundle", evidence_only=True)
    written = sorted(
        str(p.relative_to(tmp_path / "bundle"))
        for p in (tmp_path / "bundle").rglob("*")
        if p.is_file()
    )
    assert written == ["W3SVC1/u_ex261124.log", "host.json", "secedit.inf"]
    assert (tmp_path / "bundle" / "secedit.inf").read_bytes()[:2] == b"\xff\xfe"
    run = next(a for a in transport.argvs if "-File" in a)
    assert run[-3:] == [
        "C:\\authlab\\Collect-AuthlabBundle.ps1",
        "-OutputPath",
        "C:\\authlab\\bundle-1",
    ]
    # The collector went in as its own bytes, base64 in the write scripts, in order.
    chunks = [
        base64.b64decode(script.split("FromBase64String('", 1)[1].split("'", 1)[0])
        for script in transport.scripts
        if "FromBase64String" in script
    ]
    assert (
        b"".join(chunks)
        == (REAL.parents[2] / "collector" / "Collect-AuthlabBundle.ps1").read_bytes()
    )


def test_a_collector_that_writes_nothing_is_an_assertion(tmp_path: Path) -> None:
    backend, transport, _ = started()
    transport.on("FromBase64String", ok())
    transport.on(lambda argv: "-File" in argv, ok("WARNING: host facts: Access is denied.\r\n"))
    transport.on("Get-ChildItem", ok(""))
    with pytest.raises(
        AssertionError, match="the collector wrote no bundle file: WARNING: host facts"
    ):
        backend.collect(tmp_path)
