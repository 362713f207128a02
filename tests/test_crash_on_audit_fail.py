"""CrashOnAuditFail and a full Security log (reference WL 6, KB 832981)."""

from __future__ import annotations

from datetime import timedelta

from simulator import registry as reg
from simulator.admin import secpol, system
from simulator.eventlog import Retention
from simulator.faults.catalogue import fill_security_log
from simulator.host import Host, HostState
from winfacts.ntstatus import STATUS_AUDIT_FAILED, Outcome


def full_log(host: Host, crash_on_audit_fail: int) -> None:
    system.reg_add(host, reg.LSA, "CrashOnAuditFail", "REG_DWORD", crash_on_audit_fail)
    system.restart(host)
    system.wevtutil_sl(host, "Security", max_size=1024 * 1024, retention=Retention.DO_NOT_OVERWRITE)
    fill_security_log(host)
    host.iis.iisreset()


def test_value_one_and_an_unwritable_audit_stop_the_machine_and_record_two(iis6: Host) -> None:
    full_log(iis6, 1)
    assert iis6.security_log.is_full and iis6.running
    response = iis6.iis.request("/")
    assert response.status is None  # nothing answered
    assert iis6.state is HostState.STOPPED and iis6.stop_code == STATUS_AUDIT_FAILED
    assert iis6.crash_on_audit_fail == 2
    assert iis6.iis.request("/").code == "no response"


def test_after_the_restart_only_administrators_may_log_on(iis6: Host) -> None:
    full_log(iis6, 1)
    iis6.iis.request("/")
    system.restart(iis6)
    response = iis6.iis.request("/")
    assert response.code == "401.1"
    assert response.logon is not None and response.logon.outcome is Outcome.CRASH_ON_AUDIT_FAIL
    assert response.win32 == 1329


def test_value_zero_loses_the_audit_and_carries_on(iis6: Host) -> None:
    full_log(iis6, 0)
    dropped = iis6.security_log.dropped
    assert iis6.iis.request("/").code == "200"
    assert iis6.running and iis6.security_log.dropped == dropped + 1


def test_overwrite_as_needed_never_fills(iis6: Host) -> None:
    system.reg_add(iis6, reg.LSA, "CrashOnAuditFail", "REG_DWORD", 1)
    system.restart(iis6)
    system.wevtutil_sl(iis6, "Security", max_size=1024 * 1024)
    for _ in range(3000):
        iis6.iis.iisreset()
        assert iis6.iis.request("/").code == "200"
    assert iis6.running and len(iis6.security_log) <= 1024 * 1024 // 512


def test_the_registry_value_takes_effect_only_at_restart(iis6: Host) -> None:
    system.reg_add(iis6, reg.LSA, "CrashOnAuditFail", "REG_DWORD", 2)
    assert iis6.iis.request("/").code == "200"
    system.restart(iis6)
    assert iis6.iis.request("/").code == "401.1"
    system.reg_add(iis6, reg.LSA, "CrashOnAuditFail", "REG_DWORD", 0)
    iis6.iis.iisreset()
    assert iis6.iis.request("/").code == "401.1"  # still 2 until the restart
    system.restart(iis6)
    assert iis6.iis.request("/").code == "200"


def test_with_success_audits_off_a_full_log_does_not_stop_good_logons(iis6: Host) -> None:
    secpol.auditpol_logon(iis6, success=False)
    full_log(iis6, 1)
    assert iis6.iis.request("/").code == "200"
    assert iis6.running


def test_kb832981_repair_restores_service(iis6: Host) -> None:
    full_log(iis6, 1)
    iis6.iis.request("/")
    system.restart(iis6)
    system.wevtutil_cl(iis6, "Security", backup="sec.evt")
    system.wevtutil_sl(iis6, "Security", retention=Retention.OVERWRITE_AS_NEEDED)
    system.reg_add(iis6, reg.LSA, "CrashOnAuditFail", "REG_DWORD", 1)
    system.restart(iis6)
    assert iis6.iis.request("/").code == "200"
    assert iis6.security_log.archives == ["sec.evt"]


def test_on_2003_the_log_capacity_lives_in_the_registry(iis6: Host) -> None:
    key = reg.SECURITY_EVENTLOG
    assert iis6.registry.dword(key, "Retention", -1) == 0
    system.reg_add(iis6, key, "Retention", "REG_DWORD", 0xFFFFFFFF)
    system.reg_add(iis6, key, "MaxSize", "REG_DWORD", 1024 * 1024)
    assert iis6.security_log.settings.retention is Retention.DO_NOT_OVERWRITE
    assert iis6.security_log.settings.max_size == 1024 * 1024
    system.reg_add(iis6, key, "Retention", "REG_DWORD", 7 * 86_400)
    assert iis6.security_log.settings.retention is Retention.OVERWRITE_OLDER_THAN
    assert iis6.security_log.settings.retention_days == 7
    system.wevtutil_sl(iis6, "Security", retention=Retention.OVERWRITE_AS_NEEDED)
    assert iis6.registry.dword(key, "Retention", -1) == 0


def test_the_server_restarts_by_itself_and_comes_back_with_two(iis6: Host) -> None:
    """AutoReboot (Startup and Recovery's "Automatically restart", on by default): the server
    answers again three minutes after the bug check, and only administrators may log on."""
    full_log(iis6, 1)
    boots = iis6.boot_count
    assert iis6.iis.request("/").code == "no response"
    iis6.clock.advance(timedelta(minutes=2, seconds=59))
    assert iis6.iis.request("/").code == "no response"
    iis6.clock.advance(timedelta(seconds=1))
    response = iis6.iis.request("/")
    assert (response.code, response.win32) == ("401.1", 1329)
    assert iis6.boot_count == boots + 1
    assert iis6.crash_on_audit_fail == 2


def test_without_automatic_restart_the_server_stays_stopped(iis6: Host) -> None:
    system.reg_add(iis6, reg.CRASH_CONTROL, "AutoReboot", "REG_DWORD", 0)
    full_log(iis6, 1)
    iis6.iis.request("/")
    iis6.clock.advance(timedelta(days=1))
    assert iis6.iis.request("/").code == "no response"
    assert iis6.state is HostState.STOPPED


def test_the_boot_after_the_bug_check_says_why_the_server_stopped() -> None:
    from simulator.admin.shell import run
    from simulator.factory import build_host
    from simulator.faults.catalogue import SecurityLogFull
    from simulator.scenario import PLATFORMS

    host = build_host(PLATFORMS["iis10-local"])
    SecurityLogFull().inject(host)
    host.iis.request("/")  # the audit that can not be written
    assert run(host, "ver").output == (
        "WEB18 is not running: it stopped with bug check 0xC0000244. Nothing can be typed at "
        "it until it restarts.\n"
    )
    host.restart()
    text = run(host, "wevtutil qe System /c:2 /rd:true /f:text").output
    assert "  Source: BugCheck\n  Date: 2026-11-24T08:30:00.000\n  Event ID: 1001\n" in text
    assert (
        "The computer has rebooted from a bugcheck.  The bugcheck was: 0xc0000244 "
        "(0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000). "
        "A dump was saved in: C:\\Windows\\MEMORY.DMP.\n"
    ) in text
    assert "The previous system shutdown at 8:30:00 AM on 11/24/2026 was unexpected.\n" in text
