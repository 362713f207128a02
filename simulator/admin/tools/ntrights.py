"""ntrights (Windows Server 2003 Resource Kit): grants and revokes user rights through
`simulator.admin.secpol`.

- `ntrights /?`: "-u xxx" for the user or group and "-m \\\\xxx" for the machine, as the help
  writes them (windowsitpro.com's "Ntrights" article, after its Web Figure 1 of the help).

Chosen without confirmation: the "Granting X to NAME ... successful" / "Revoking X from NAME ...
successful" lines, and that ntrights exists on every generation; in the /? text (from
memory), its first line "Grants/Revokes NT-Rights to a user/group", the "usage:" column and
the -e, -r and +r lines.
"""

from __future__ import annotations

from winfacts.errors import ModelError
from winfacts.rights import check_right_name

from ...host import Host
from .. import secpol
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_NTRIGHTS_HELP = (
    "Grants/Revokes NT-Rights to a user/group\n"
    "\n"
    "usage: -u xxx           User/Group\n"
    "       -m \\\\xxx         machine to perform the operation on (default local machine)\n"
    "       -e xxxxx         Add xxxxx to the event log\n"
    "       -r xxx           revokes the xxx right\n"
    "       +r xxx           grants the xxx right\n"
)


@register("ntrights", "Grants or revokes a user right (Resource Kit).")
def _ntrights(host: Host, args: list[str]) -> CommandResult:
    usage = "Usage: ntrights {-r Right | +r Right} -u UserOrGroup [-m \\\\Computer] [-e Entry]\n"
    if args in (["/?"], ["-?"]):
        return _ok(_NTRIGHTS_HELP)
    principal: str | None = None
    actions: list[tuple[bool, str]] = []
    i = 0
    while i < len(args):
        flag = args[i].lower()
        value = args[i + 1] if i + 1 < len(args) else None
        if flag in ("-u", "+r", "-r", "-m", "-e") and value is None:
            return _fail(1, usage)
        if flag == "-u":
            principal = value
        elif flag in ("+r", "-r"):
            assert value is not None
            actions.append((flag == "+r", value))
        elif flag == "-m":
            if (value or "").strip("\\").upper() != host.computer_name:
                return _fail(53, "The network path was not found.")
        elif flag != "-e":
            return _fail(1, usage)
        i += 2
    if principal is None or not actions:
        return _fail(1, usage)
    lines: list[str] = []
    for grant, typed_right in actions:
        try:
            right = check_right_name(typed_right)
        except ModelError as exc:
            return _fail(1, "\n".join([*lines, f"{exc}"]))
        verb = f"Granting {right} to" if grant else f"Revoking {right} from"
        if host.resolve(principal) is None:
            lines.append(f"{verb} {principal} ... failed: no such account (error 1332)")
            return _fail(1332, "\n".join(lines))
        secpol.ntrights(host, principal, right, grant=grant)
        lines.append(f"{verb} {principal} ... successful")
    return _ok("\n".join(lines) + "\n")
