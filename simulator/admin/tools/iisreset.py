"""iisreset: stops and restarts the Internet services (`system.iisreset`), which drops
IIS's cached anonymous token.
"""

from __future__ import annotations

from ...host import Host
from .. import system
from ..cmdline import parse_switches
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok


@register("iisreset", "Stops and restarts the Internet services.")
def _iisreset(host: Host, args: list[str]) -> CommandResult:
    _, switches = parse_switches(args)
    for switch in switches:
        if switch.name not in ("restart", "noforce", "timeout"):
            return _fail(1, f"iisreset {switch.raw} is not modelled by this simulator.\n")
    system.iisreset(host)
    return _ok(
        "\nAttempting stop...\nInternet services successfully stopped\n"
        "Attempting start...\nInternet services successfully restarted\n\n"
    )
