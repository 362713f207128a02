"""A Windows command prompt on the simulated server: real command lines in, real tool text out.

`run(host, line)` splits the line as cmd.exe and the C runtime do (`simulator.admin.cmdline`),
finds the tool in `simulator.admin.registry` (each tool lives in `simulator.admin.tools`, with
its own parsing, the typed admin operations it calls and its output), and runs it. Faults and
repairs therefore go through the same code whether a scenario calls an operation or a trainee
types the command.

Rules every tool keeps:

- A password is never printed: not when it is set, not in an error, not by `appcmd list config`
  and not by adsutil (see those modules).
- A model error (ModelError) becomes the tool's own error shape and a non-zero exit code; any
  other exception is a simulator bug and raises out of `run`.
- A tool a server of that generation does not have answers as cmd.exe does for an unknown command
  (exit 9009): each tool's registration says where it exists. A real Windows command the
  simulator does not model says so, with the same 9009 (`REAL_NOT_MODELLED`).
- 'NAME' is not recognized as an internal or external command, operable program or batch file.
  is cmd.exe's text for a command it can not find (many transcripts).

The names other code imports from here (renderers the bundle export uses, `exported_files`,
`split_command_line`, ...) are re-exported from the modules that hold them.
"""

from __future__ import annotations

from typing import Final

from winfacts.errors import ModelError

from ..events import OsFamily
from ..host import Host
from . import tools as _tools  # noqa: F401  (importing the package registers every tool)
from .cmdline import (
    Switch,
    environment,
    expand_variables,
    parse_switches,
    split_command_line,
    tool_name,
    windows_dir,
)
from .registry import TOOLS
from .result import CommandResult
from .result import fail as _fail
from .result import ok as _ok
from .tools.files import iis_log_root
from .tools.net import win32_text
from .tools.secedit import export_principal, exported_files, render_secedit
from .tools.wevtutil import render_wevtutil_gl

__all__ = [
    "REAL_NOT_MODELLED",
    "CommandResult",
    "Switch",
    "environment",
    "expand_variables",
    "export_principal",
    "exported_files",
    "iis_log_root",
    "parse_switches",
    "render_secedit",
    "render_wevtutil_gl",
    "run",
    "split_command_line",
    "win32_text",
    "windows_dir",
]


def _not_recognized(token: str) -> CommandResult:
    return _fail(
        9009,
        f"'{token}' is not recognized as an internal or external command,\n"
        "operable program or batch file.",
    )


#: Real Windows commands the simulator does not model, and the first Windows Server release
#: that has each in a default install ("2003" for both platforms). Telling a trainee that
#: ipconfig "is not recognized" would teach something false about Windows.
REAL_NOT_MODELLED: Final = {
    "ipconfig": "2003",
    "hostname": "2003",
    "ver": "2003",
    "echo": "2003",
    "set": "2003",
    "cd": "2003",
    "cls": "2003",
    "more": "2003",
    "findstr": "2003",
    "find": "2003",
    "tasklist": "2003",
    "taskkill": "2003",
    "netstat": "2003",
    "ping": "2003",
    "nslookup": "2003",
    "sc": "2003",
    "schtasks": "2003",
    "systeminfo": "2003",
    "gpresult": "2003",
    "runas": "2003",
    "cacls": "2003",
    "xcopy": "2003",
    "copy": "2003",
    "del": "2003",
    "notepad": "2003",
    "mmc": "2003",
    "eventvwr": "2003",
    "wmic": "2003",
    "whoami": "2008",  # Windows Server 2003 had it only in the Support Tools
    "robocopy": "2008",
    "icacls": "2008",
    "powershell": "2008",
}


def _not_modelled(host: Host, token: str) -> CommandResult | None:
    """The answer to a real command the simulator lacks, or None for one that is not real
    here. The exit status stays cmd.exe's 9009, so a script that falls back when a tool is
    missing does so here too."""
    since = REAL_NOT_MODELLED.get(tool_name(token))
    if since is None or (since == "2008" and host.os is OsFamily.WS2003):
        return None
    return _fail(
        9009,
        f"'{token}' is a real Windows command, but this simulator does not model it.",
    )


def run(host: Host, command_line: str) -> CommandResult:
    """Run one command line on ``host`` and return what it printed and its exit code."""
    line = command_line.strip()
    if not line:
        return _ok()
    argv = split_command_line(expand_variables(host, line))
    if not argv:
        return _ok()
    if not host.running:
        code = host.stop_code or 0
        return _fail(
            1,
            f"{host.computer_name} is not running: it stopped with bug check 0x{code:08X}. "
            "Nothing can be typed at it until it restarts.",
        )
    # A registered tool wins over REAL_NOT_MODELLED: the list names real commands, some of
    # which other tool modules model.
    registered = TOOLS.get(tool_name(argv[0]))
    if registered is None or not registered.available(host):
        return _not_modelled(host, argv[0]) or _not_recognized(argv[0])
    try:
        return registered.run(host, argv[1:])
    except ModelError as exc:
        # What the tool refuses; anything else is a simulator bug, which raises (a test fails
        # on it; the lab console reports it and goes on).
        return _fail(1, f"{exc}")
