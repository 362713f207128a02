"""auditpol (Windows Server 2008 and later): the Logon subcategory's policy.

- "System audit policy", the header "Category/Subcategory" padded to 42 columns and "Setting",
  the category line, then the subcategory indented two spaces and padded to 42; "The command was
  successfully executed." after /set (Microsoft's own IIS troubleshooting doc in the search index
  and CIS-benchmark role docs).
"""

from __future__ import annotations

from ...host import Host
from .. import secpol
from ..cmdline import parse_switches
from ..registry import register, since_2008
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_AUDITPOL_BAD = "Error 0x00000057 occurred:\nThe parameter is incorrect.\n"


@register("auditpol", "Displays and modifies audit policy.", since_2008)
def _auditpol(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    if positional or not switches:
        return _fail(87, _AUDITPOL_BAD)
    verb = switches[0].name
    opts = {s.name: s.value for s in switches[1:]}
    subcategory = (opts.pop("subcategory", None) or "").strip()
    if verb not in ("set", "get") or subcategory.lower() != "logon":
        return _fail(87, _AUDITPOL_BAD)
    if verb == "get":
        if opts:
            return _fail(87, _AUDITPOL_BAD)
        setting = host.lsa.audit_logon()
        text = {
            (False, False): "No Auditing",
            (True, False): "Success",
            (False, True): "Failure",
            (True, True): "Success and Failure",
        }[(setting.success, setting.failure)]
        lines = [
            "System audit policy",
            f"{'Category/Subcategory':<42}Setting",
            "Logon/Logoff",
            f"{'  Logon':<42}{text}",
            "",
        ]
        return _ok("\n".join(lines))
    values: dict[str, bool] = {}
    for name, value in opts.items():
        choice = (value or "").lower()
        if name not in ("success", "failure") or choice not in ("enable", "disable"):
            return _fail(87, _AUDITPOL_BAD)
        values[name] = choice == "enable"
    if not values:
        return _fail(87, _AUDITPOL_BAD)
    secpol.auditpol_logon(host, success=values.get("success"), failure=values.get("failure"))
    return _ok("The command was successfully executed.\n")
