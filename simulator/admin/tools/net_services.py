"""`net start` and `net stop`: the started services, and W3SVC stopped and started.

- "The World Wide Web Publishing Service service is stopping." / "... was stopped
  successfully." and "... is starting." / "... was started successfully." (a `net stop w3svc`
  / `net start w3svc` transcript on needfulsoftware.com's IIS automation notes); the message
  numbers are netmsg's 3527/3529 and 3522/3524 (see `netmsg`).
- W3SVC's display name is "World Wide Web Publishing Service" and IIS 6's "IIS Admin Service"
  is IISADMIN (IIS 7 service table on iis-blogs.azurewebsites.net; jrdodds.com on iisreset).

Chosen without confirmation: the other services listed as started (a short set of services a
default install of each generation runs, by display name, sorted as net start sorts them), the
blank line after the stop and start lines, and that stopping any service but W3SVC is refused
as not modelled.
"""

from __future__ import annotations

from ...events import OsFamily
from ...host import Host
from .. import net_render as nr
from .. import system
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from . import netmsg as M

W3SVC = "World Wide Web Publishing Service"

_COMMON = (
    "COM+ Event System",
    "Cryptographic Services",
    "DCOM Server Process Launcher",
    "DHCP Client",
    "DNS Client",
    "Plug and Play",
    "Remote Procedure Call (RPC)",
    "Security Accounts Manager",
    "Server",
    "Task Scheduler",
    "TCP/IP NetBIOS Helper",
    "Windows Management Instrumentation",
    "Windows Time",
    "Workstation",
)
_WS2003 = (
    "Automatic Updates",
    "Event Log",
    "HTTP SSL",
    "IIS Admin Service",
    "IPSEC Services",
    "Network Connections",
    "Protected Storage",
    "Remote Registry",
)
_MODERN = (
    "Application Host Helper Service",
    "Base Filtering Engine",
    "Group Policy Client",
    "Network List Service",
    "Network Location Awareness",
    "Windows Event Log",
    "Windows Process Activation Service",
)
_DC = ("Kerberos Key Distribution Center", "Net Logon")

#: Service names net accepts besides the display names.
_SHORT_NAMES = {
    "w3svc": W3SVC,
    "iisadmin": "IIS Admin Service",
    "was": "Windows Process Activation Service",
    "apphostsvc": "Application Host Helper Service",
    "lanmanserver": "Server",
    "lanmanworkstation": "Workstation",
    "netlogon": "Net Logon",
    "eventlog": "Event Log",
    "w32time": "Windows Time",
    "schedule": "Task Scheduler",
}


def installed(host: Host) -> list[str]:
    """The display names of the services that run on ``host`` once it has booted."""
    names = list(_COMMON)
    names += _WS2003 if host.os is OsFamily.WS2003 else _MODERN
    if host.os in (OsFamily.WS2019, OsFamily.WS2022):
        names.append("Windows Defender Firewall")
    elif host.os is OsFamily.WS2016:
        names.append("Windows Firewall")
    else:
        names.append("Windows Firewall/Internet Connection Sharing (ICS)")
    if host.is_dc:
        names += _DC
    names.append(W3SVC)
    return names


def started(host: Host) -> list[str]:
    running = [n for n in installed(host) if n != W3SVC or host.iis.w3svc_running]
    return sorted(running, key=str.lower)


def _find(host: Host, typed: str) -> str | None:
    name = _SHORT_NAMES.get(typed.lower(), typed)
    return next((n for n in installed(host) if n.lower() == name.lower()), None)


def net_start(host: Host, args: list[str]) -> CommandResult:
    if not args:
        lines = [M.text(M.APE_STARTED_SERVICES), ""]
        lines += [f"   {name}" for name in started(host)]
        return _ok("\n".join([*lines, "", nr.COMPLETED, "", ""]))
    service = _find(host, " ".join(args))
    if service is None:
        return _helpmsg(M.NERR_BAD_SERVICE_NAME)
    if service != W3SVC or host.iis.w3svc_running:
        return _helpmsg(M.NERR_SERVICE_INSTALLED)
    system.w3svc_start(host)
    lines = [M.text(M.APE_STARTING, service), M.text(M.APE_START_OK, service), "", ""]
    return _ok("\n".join(lines))


def net_stop(host: Host, args: list[str]) -> CommandResult:
    if not args:
        return _fail(1, "The syntax of this command is:\n\nNET STOP\nservice\n")
    service = _find(host, " ".join(args))
    if service is None:
        return _helpmsg(M.NERR_BAD_SERVICE_NAME)
    if service != W3SVC:
        return _fail(1, f"Stopping the {service} service is not modelled by this simulator.")
    if not host.iis.w3svc_running:
        return _helpmsg(M.APE_NOT_STARTED, service)
    system.w3svc_stop(host)
    lines = [M.text(M.APE_STOPPING, service), M.text(M.APE_STOP_OK, service), "", ""]
    return _ok("\n".join(lines))


def _helpmsg(number: int, *insertions: str) -> CommandResult:
    return _fail(2, f"{M.text(number, *insertions)}\n\n{M.more_help(number)}\n")
