"""wmic: Win32_UserAccount's PasswordExpires and Win32_NTEventlogFile's ClearEventlog and
BackupEventlog (simulator.admin.tools.wmic)."""

from __future__ import annotations

from simulator.admin import system
from simulator.factory import build_host
from simulator.host import Host
from simulator.scenario import PLATFORMS
from tests.support.hosts import output_of as out

CLEAR = "wmic nteventlog where \"LogFileName='Security'\" call ClearEventlog"


def host(platform: str) -> Host:
    h = build_host(PLATFORMS[platform])
    h.iis.request("/")
    return h


def test_clear_the_security_log_on_2003() -> None:
    h = host("iis6-local")
    assert len(h.security_log) > 0
    assert out(h, CLEAR) == (
        "Executing (\\\\WEB18\\ROOT\\CIMV2:Win32_NTEventlogFile.Name="
        '"C:\\\\WINDOWS\\\\system32\\\\config\\\\SecEvent.Evt")->ClearEventlog()\n'
        "Method execution successful.\n"
        "Out Parameters:\n"
        "instance of __PARAMETERS\n"
        "{\n"
        "\tReturnValue = 0;\n"
        "};\n\n"
    )
    assert len(h.security_log) == 0


def test_clear_with_a_backup_on_2022() -> None:
    h = host("iis10-local")
    text = out(h, CLEAR + r" C:\backup\security.evtx")
    assert text.startswith(
        "Executing (\\\\WEB18\\ROOT\\CIMV2:Win32_NTEventlogFile.Name="
        '"C:\\\\Windows\\\\System32\\\\Winevt\\\\Logs\\\\Security.evtx")->ClearEventlog()\n'
    )
    assert "\tReturnValue = 0;\n" in text
    assert len(h.security_log) == 0
    assert system.eventlog_archives(h, "Security") == [r"C:\backup\security.evtx"]


def test_backup_keeps_the_log_and_refuses_an_existing_file() -> None:
    h = host("iis6-local")
    before = len(h.security_log)
    backup = "wmic nteventlog where \"LogFileName='Security'\" call BackupEventlog "
    assert "\tReturnValue = 0;\n" in out(h, backup + r'ArchiveFileName="C:\sec.evt"')
    assert len(h.security_log) == before
    assert "\tReturnValue = 183;\n" in out(h, backup + r"C:\sec.evt")
    # ClearEventlog with a backup file that exists clears nothing
    assert "\tReturnValue = 183;\n" in out(h, CLEAR + r" C:\sec.evt")
    assert len(h.security_log) == before
    assert "\tReturnValue = 21;\n" in out(h, backup.strip())


def test_an_unknown_log_has_no_instance() -> None:
    h = host("iis6-local")
    assert out(h, "wmic nteventlog where \"LogFileName='Nope'\" call ClearEventlog") == (
        "No Instance(s) Available.\n"
    )
    assert out(h, 'wmic nteventlog where "Name=1" call ClearEventlog', 1) == "Invalid query\n"


def test_useraccount_passwordexpires_still_works() -> None:
    h = host("iis10-local")
    account = h.sam.user("WebAnon")
    assert out(h, "wmic useraccount where \"name='WebAnon'\" set PasswordExpires=true") == (
        "Updating property(s) of '\\\\WEB18\\ROOT\\CIMV2:Win32_UserAccount."
        'Domain="WEB18",Name="WebAnon"\'\nProperty(s) update successful.\n'
    )
    assert not account.password_never_expires


def test_other_forms_are_not_modelled() -> None:
    assert out(host("iis10-local"), "wmic process list", 1).startswith(
        "Only \"wmic useraccount where name='NAME' set PasswordExpires=TRUE|FALSE\" and "
    )
