"""cmd.exe's HELP: the tools this server has, one a line, name padded to 15 columns and the
tool's one-line summary; `help NAME` shows what `NAME /?` shows.

- The first line "For more information on a specific command, type HELP command-name" and the
  last "For more information on tools see the command-line reference in the online help." are
  cmd.exe's (Windows Server 2003's cmd.exe message table, base/ploc/lcs/cmd.exe.lc in its
  sources, holds the HELP texts; transcripts of HELP on Windows Server 2008+ show both lines).

Chosen without confirmation: the 15-column name width. Only the tools this simulator models
are listed (cmd.exe lists its own built-ins and a fixed set of tools).
"""

from __future__ import annotations

from ...host import Host
from ..registry import TOOLS, register, tools_on
from ..result import CommandResult
from ..result import ok as _ok

FIRST = "For more information on a specific command, type HELP command-name"
LAST = "For more information on tools see the command-line reference in the online help."


@register("help", "Provides Help information for Windows commands.")
def _help(host: Host, args: list[str]) -> CommandResult:
    if args:
        tool = TOOLS.get(args[0].lower())
        if tool is not None and tool.name != "help" and tool.available(host):
            return tool.run(host, ["/?"])
        return _ok(f'This command is not supported by the help utility.  Try "{args[0]} /?".\n')
    lines = [FIRST]
    lines += [f"{tool.name.upper():<15}{tool.summary}" for tool in tools_on(host)]
    lines += ["", LAST, ""]
    return _ok("\n".join(lines))
