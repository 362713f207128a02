"""iisreset: stops and restarts the Internet services (`system.iisreset`), which drops IIS's
cached anonymous token; /stop and /start do one half, /status reports each service.

- The restart text "Attempting stop...", "Internet services successfully stopped",
  "Attempting start...", "Internet services successfully restarted" (many transcripts).
- /status prints one "Status for DISPLAY NAME ( SERVICE ) : Running|Stopped" line per IIS
  service: IIS Admin Service (IISADMIN) and World Wide Web Publishing Service (W3SVC) on IIS 6;
  Windows Process Activation Service (WAS) and W3SVC on IIS 7 and later (IIS 6 and 7 service
  tables on jrdodds.com and iis-blogs.azurewebsites.net).

Chosen without confirmation: the spacing inside the /status lines, "Internet services
successfully started" after /start, and the usage text.
"""

from __future__ import annotations

from ...host import Host
from .. import system
from ..cmdline import parse_switches
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

USAGE = (
    "IISRESET.EXE (c) Microsoft Corp. 1998-2005\n\n"
    "Usage:\n"
    "iisreset [computername]\n\n"
    "    /RESTART            Stop and then restart all Internet services.\n"
    "    /START              Start all Internet services.\n"
    "    /STOP               Stop all Internet services.\n"
    "    /STATUS             Display the status of all Internet services.\n"
    "    /TIMEOUT:val        Specify the timeout value ( in seconds ) to wait for\n"
    "                        a successful stop of Internet services.\n"
    "    /NOFORCE            Do not forcefully terminate Internet services if\n"
    "                        attempting to stop them gracefully fails.\n"
)


def status_lines(host: Host) -> list[str]:
    web = "Running" if host.iis.w3svc_running else "Stopped"
    first = (
        "Status for IIS Admin Service ( IISADMIN ) : Running"
        if host.iis.legacy
        else "Status for Windows Process Activation Service ( WAS ) : Running"
    )
    return [first, f"Status for World Wide Web Publishing Service ( W3SVC ) : {web}"]


@register("iisreset", "Stops and restarts the Internet services.")
def _iisreset(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    names = {s.name for s in switches}
    if "?" in names:
        return _ok(USAGE)
    for switch in switches:
        if switch.name not in ("restart", "noforce", "timeout", "status", "stop", "start"):
            return _fail(1, f"iisreset {switch.raw} is not modelled by this simulator.\n")
    if positional and positional[0].strip("\\").upper() not in (host.computer_name, "LOCALHOST"):
        return _fail(1, "iisreset against another computer is not modelled by this simulator.\n")
    if "status" in names:
        return _ok("\n".join(status_lines(host)) + "\n")
    if "stop" in names:
        host.iis.stop_w3svc()
        return _ok("\nAttempting stop...\nInternet services successfully stopped\n\n")
    if "start" in names:
        host.iis.start_w3svc()
        return _ok("\nAttempting start...\nInternet services successfully started\n\n")
    system.iisreset(host)
    return _ok(
        "\nAttempting stop...\nInternet services successfully stopped\n"
        "Attempting start...\nInternet services successfully restarted\n\n"
    )
