"""shutdown /r: restarts the server (`system.restart`); nothing else is modelled.

- `shutdown /?` on Windows Server 2003: "Usage: shutdown [-i | -l | -s | -r | -a] [-f] [-m
  \\\\computername] [-t xx] [-c "comment"] [-d up:xx:yy]", then one TAB-separated line a switch
  and the four lines that explain the reason code (transcripts of XP/2003's shutdown.exe in
  public scripts' comments, and its message 1005 quoted with the TABs in another).
- 2008 and later: "Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o]
  [/hybrid] [/soft] [/fw] [/f]", the "[/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c
  "comment"]]" line, a blank line, "No args    Display help. This is the same as typing /?."
  and "/?         Display help. This is the same as not typing any options." (a Windows
  10-era transcript in a public GUI wrapper). Chosen without confirmation: the same text on
  Windows Server 2016, 2019 and 2022, and that it stops there (the real help describes every
  switch).
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

_USAGE_2003 = (
    'Usage: shutdown [-i | -l | -s | -r | -a] [-f] [-m \\\\computername] [-t xx] [-c "comment"] '
    "[-d up:xx:yy]\n"
    "\n"
    "\tNo args\t\t\tDisplay this message (same as -?)\n"
    "\t-i\t\t\tDisplay GUI interface, must be the first option\n"
    "\t-l\t\t\tLog off (cannot be used with -m option)\n"
    "\t-s\t\t\tShutdown the computer\n"
    "\t-r\t\t\tShutdown and restart the computer\n"
    "\t-a\t\t\tAbort a system shutdown\n"
    "\t-m \\\\computername\tRemote computer to shutdown/restart/abort\n"
    "\t-t xx\t\t\tSet timeout for shutdown to xx seconds\n"
    '\t-c "comment"\t\tShutdown comment (maximum of 127 characters)\n'
    "\t-f\t\t\tForces running applications to close without warning\n"
    "\t-d [u][p]:xx:yy\t\tThe reason code for the shutdown\n"
    "\t\t\t\tu is the user code\n"
    "\t\t\t\tp is a planned shutdown code\n"
    "\t\t\t\txx is the major reason code (positive integer less than 256)\n"
    "\t\t\t\tyy is the minor reason code (positive integer less than 65536)\n"
)
_USAGE = (
    "Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o] [/hybrid] [/soft] "
    "[/fw] [/f]\n"
    '    [/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c "comment"]]\n'
    "\n"
    "    No args    Display help. This is the same as typing /?.\n"
    "    /?         Display help. This is the same as not typing any options.\n"
)


@register("shutdown", "Shuts down or restarts the computer.")
def _shutdown(host: Host, args: list[str]) -> CommandResult:
    if args in (["/?"], ["-?"]):
        return _ok(_USAGE_2003 if host.os is OsFamily.WS2003 else _USAGE)
    _, switches = parse_switches(args, prefixes="/-")
    names = [s.name for s in switches]
    if "r" not in names or any(n not in ("r", "t", "f", "c", "d") for n in names):
        return _fail(
            1,
            "Only a restart (shutdown /r [/t N] [/f]) is modelled by this simulator.\n",
        )
    system.restart(host)
    return _ok()
