"""icacls on the host's file system, through `simulator.icacls` (loaded only when used).

- `icacls /?`: a blank line, then each form ("ICACLS name /save aclfile [/T] [/C] [/L] [/Q]",
  /restore, /setowner, /findsid, /verify, /reset, /grant ... /setintegritylevel) with its
  indented explanation, a blank line between them (several `icacls /?` captures in the search
  index agree, among them a runtime capture of system32\\icacls.exe's usage).

Chosen without confirmation: that icacls exists on every generation, and that /? stops after
the /grant form (the real help goes on with the switches, the rights letters and examples).
"""

from __future__ import annotations

from winfacts.errors import ModelError

from ...host import Host
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_HELP = """
ICACLS name /save aclfile [/T] [/C] [/L] [/Q]
    stores the DACLs for the files and folders that match the name
    into aclfile for later use with /restore. Note that SACLs,
    owner, or integrity labels are not saved.

ICACLS directory [/substitute SidOld SidNew [...]] /restore aclfile
                 [/C] [/L] [/Q]
    applies the stored DACLs to files in directory.

ICACLS name /setowner user [/T] [/C] [/L] [/Q]
    changes the owner of all matching names. This option does not
    force a change of ownership; use the takeown.exe utility for
    that purpose.

ICACLS name /findsid Sid [/T] [/C] [/L] [/Q]
    finds all matching names that contain an ACL
    explicitly mentioning Sid.

ICACLS name /verify [/T] [/C] [/L] [/Q]
    finds all files whose ACL is not in canonical form or whose
    lengths are inconsistent with ACE counts.

ICACLS name /reset [/T] [/C] [/L] [/Q]
    replaces ACLs with default inherited ACLs for all matching files.

ICACLS name [/grant[:r] Sid:perm[...]]
       [/deny Sid:perm [...]]
       [/remove[:g|:d]] Sid[...]] [/T] [/C] [/L] [/Q]
       [/setintegritylevel Level:policy[...]]
"""


@register("icacls", "Displays or modifies access control lists of files.")
def _icacls(host: Host, args: list[str]) -> CommandResult:
    if args == ["/?"]:
        return _ok(_HELP)
    from .. import icacls_tool  # the icacls model is written separately; load it only when used

    try:
        code, output = icacls_tool.icacls(host, args)
    except ModelError as exc:
        return _fail(87, f"{exc}")
    return CommandResult(code, output)
