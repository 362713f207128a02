"""shutdown /r: restarts the server (`system.restart`); nothing else is modelled."""

from __future__ import annotations

from ...host import Host
from .. import system
from ..cmdline import parse_switches
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok


@register("shutdown", "Shuts down or restarts the computer.")
def _shutdown(host: Host, args: list[str]) -> CommandResult:
    _, switches = parse_switches(args, prefixes="/-")
    names = [s.name for s in switches]
    if "r" not in names or any(n not in ("r", "t", "f", "c", "d") for n in names):
        return _fail(
            1,
            "Only a restart (shutdown /r [/t N] [/f]) is modelled by this simulator.\n",
        )
    system.restart(host)
    return _ok()
