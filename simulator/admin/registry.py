"""Which command-line tools exist, on which servers: one entry per tool, registered by the
module that holds its parsing, operations and output (`simulator/admin/tools/`).

`shell.run` finds a tool here by the name cmd.exe would resolve (``net``, ``adsutil.vbs``,
``gpresult``); `help` lists the ones whose ``available`` says the server has them, so a trainee
on Windows Server 2003 never sees wevtutil offered.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..events import OsFamily
from ..host import Host
from .result import CommandResult

Handler = Callable[[Host, list[str]], CommandResult]


def everywhere(host: Host) -> bool:
    return True


def since_2008(host: Host) -> bool:
    """auditpol and wevtutil: Windows Server 2008 and later (2003 has neither)."""
    return host.os is not OsFamily.WS2003


def windows_2003(host: Host) -> bool:
    """eventquery.vbs: Windows Server 2003 only (later releases dropped the script)."""
    return host.os is OsFamily.WS2003


def iis6(host: Host) -> bool:
    """adsutil.vbs: IIS 6's metabase script, in C:\\Inetpub\\AdminScripts."""
    return host.iis.legacy


def iis7_or_later(host: Host) -> bool:
    """appcmd: IIS 7 and later (%windir%\\system32\\inetsrv)."""
    return not host.iis.legacy


@attrs.frozen
class Tool:
    name: str  # lower case, as cmd.exe resolves it: "net", "adsutil.vbs"
    run: Handler = attrs.field(repr=False)
    summary: str  # one line for `help`, as Windows' own help describes the tool
    available: Callable[[Host], bool] = attrs.field(default=everywhere, repr=False)


TOOLS: dict[str, Tool] = {}


def register(
    name: str, summary: str, available: Callable[[Host], bool] = everywhere
) -> Callable[[Handler], Handler]:
    """Register the decorated handler as the tool ``name``; a second registration of one name
    is a programming error."""

    def decorate(handler: Handler) -> Handler:
        key = name.lower()
        if key in TOOLS:
            raise ValueError(f"the tool {key!r} is registered twice")
        TOOLS[key] = Tool(key, handler, summary, available)
        return handler

    return decorate


def tools_on(host: Host) -> list[Tool]:
    """The tools ``host`` has, by name."""
    return sorted((t for t in TOOLS.values() if t.available(host)), key=lambda t: t.name)
