"""iisreset /status, appcmd list, cscript's banner and adsutil ENUM /P, wevtutil el and
qe /f:text, and cmd.exe's HELP."""

from __future__ import annotations

from simulator.admin.shell import run
from simulator.host import Host


def test_iisreset_status_names_each_service(iis6: Host, iis10: Host) -> None:
    assert run(iis6, "iisreset /status").output == (
        "Status for IIS Admin Service ( IISADMIN ) : Running\n"
        "Status for World Wide Web Publishing Service ( W3SVC ) : Running\n"
    )
    run(iis10, "iisreset /stop")
    assert run(iis10, "iisreset /status").output == (
        "Status for Windows Process Activation Service ( WAS ) : Running\n"
        "Status for World Wide Web Publishing Service ( W3SVC ) : Stopped\n"
    )
    assert iis10.iis.request("/").code == "no response"


def test_appcmd_lists_sites_pools_and_virtual_directories(iis10: Host) -> None:
    assert run(iis10, "appcmd list site").output == (
        'SITE "Default Web Site" (id:1,bindings:http/*:80:,state:Started)\n'
    )
    assert run(iis10, "appcmd list apppool").output == (
        'APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Started)\n'
    )
    assert run(iis10, "appcmd list vdir").output == (
        'VDIR "Default Web Site/" (physicalPath:%SystemDrive%\\inetpub\\wwwroot)\n'
    )


def test_cscript_prints_its_version_banner(iis6: Host, iis10: Host) -> None:
    assert run(iis6, "cscript adsutil.vbs enum /P W3SVC").output == (
        "Microsoft (R) Windows Script Host Version 5.6\n"
        "Copyright (C) Microsoft Corporation 1996-2001. All rights reserved.\n\n"
        "[/W3SVC/AppPools]\n[/W3SVC/Filters]\n[/W3SVC/1]\n"
    )
    assert run(iis10, "cscript x.vbs").output.startswith(
        "Microsoft (R) Windows Script Host Version 5.812\n"
        "Copyright (C) Microsoft Corporation. All rights reserved.\n\n"
    )


def test_adsutil_enum_all_walks_the_keys_below(iis6: Host) -> None:
    text = run(iis6, "cscript //nologo adsutil.vbs enum_all W3SVC/1").output
    assert text.startswith('ServerBindings                  : (LIST) (1 Items)\n  ":80:"\n')
    assert "\n[/W3SVC/1/ROOT]\nAccessFlags                     : (INTEGER) 513\n" in text


def test_wevtutil_lists_logs_and_prints_events_as_text(iis10: Host) -> None:
    assert "Security\nSetup\nSystem\n" in run(iis10, "wevtutil el").output
    user, _ = iis10.iis.settings_for("/").split_user()
    run(iis10, f"net user {user} /active:no")
    run(iis10, "iisreset")
    assert iis10.iis.request("/").code == "401.1"
    text = run(iis10, "wevtutil qe Security /f:text /c:1 /rd:true").output
    assert text.startswith(
        "Event[0]:\n  Log Name: Security\n  Source: Microsoft-Windows-Security-Auditing\n"
    )
    assert "  Event ID: 4625\n" in text
    assert "  Description: \nAn account failed to log on.\n" in text
    assert "\tFailure Reason:\t\tAccount currently disabled.\n" in text
    assert "\tSub Status:\t\t0xC0000072\n" in text


def test_help_lists_only_the_tools_the_server_has(iis6: Host, iis10: Host) -> None:
    legacy = run(iis6, "help").output
    assert legacy.startswith("For more information on a specific command, type HELP command-name\n")
    assert "\nIISRESET       Stops and restarts the Internet services.\n" in legacy
    assert legacy.endswith(
        "\nFor more information on tools see the command-line reference in the online help.\n"
    )
    assert "WEVTUTIL" not in legacy and "APPCMD" not in legacy
    modern = run(iis10, "help").output
    assert "\nWEVTUTIL       " in modern and "ADSUTIL.VBS" not in modern
    assert run(iis10, "help iisreset").output.startswith("IISRESET.EXE (c) Microsoft Corp.")
