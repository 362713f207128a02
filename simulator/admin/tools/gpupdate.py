"""gpupdate: refreshes the policy the host applies (`system.gpupdate`).

- 2008+ "Updating policy..." then "Computer Policy update has completed successfully." and
  "User Policy update has completed successfully."; Windows Server 2003 "Refreshing Policy...",
  "User Policy Refresh has completed.", "Computer Policy Refresh has completed." (transcripts and
  a translated Microsoft TechNet page).
- `gpupdate /?`: "Description: Updates multiple Group Policy settings." and the syntax
  "GPUpdate [/Target:{Computer | User}] [/Force] [/Wait:<value>]" with "[/Logoff] [/Boot]
  [/Sync]" on a second line (a transcript of the help kept by a public Windows console
  emulator). Chosen without confirmation: that the utility's banner lines above them are left
  out, and that /? stops after the syntax (the real help goes on to describe each switch).
"""

from __future__ import annotations

from ...events import OsFamily
from ...host import Host
from .. import system
from ..cmdline import parse_switches
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_GPUPDATE_HELP = (
    "Description: Updates multiple Group Policy settings.\n"
    "\n"
    "Syntax: GPUpdate [/Target:{Computer | User}] [/Force] [/Wait:<value>]\n"
    "                  [/Logoff] [/Boot] [/Sync]\n"
)


@register("gpupdate", "Updates Group Policy settings.")
def _gpupdate(host: Host, args: list[str]) -> CommandResult:
    if args == ["/?"]:
        return _ok(_GPUPDATE_HELP)
    positional, switches = parse_switches(args)
    target = "both"
    for switch in switches:
        if switch.name == "force" and switch.value is None:
            continue
        if switch.name == "target" and (switch.value or "").lower() in ("computer", "user"):
            target = (switch.value or "").lower()
            continue
        if switch.name in ("wait", "boot", "logoff", "sync"):
            continue
        return _fail(1, "Invalid Syntax. Type GPUPDATE /? for usage.\n")
    if positional:
        return _fail(1, "Invalid Syntax. Type GPUPDATE /? for usage.\n")
    system.gpupdate(host)
    if host.os is OsFamily.WS2003:
        done = {
            "user": "User Policy Refresh has completed.",
            "computer": "Computer Policy Refresh has completed.",
        }
        order = ["user", "computer"]
        head = "Refreshing Policy..."
        tail = ["", "To check for errors in policy processing, review the event log."]
    else:
        done = {
            "computer": "Computer Policy update has completed successfully.",
            "user": "User Policy update has completed successfully.",
        }
        order = ["computer", "user"]
        head = "Updating policy..."
        tail = []
    lines = [head, "", *(done[t] for t in order if target in (t, "both")), *tail, ""]
    return _ok("\n".join(lines) + "\n")
