"""Which command-line tools exist, on which servers: one entry per tool, registered by the
module that holds its parsing, operations and output (`simulator/admin/tools/`).

`shell.run` finds a tool here by the name cmd.exe would resolve (``net``, ``adsutil.vbs``,
``gpresult``); `help` lists the ones whose ``available`` says the server has them, so a trainee
on Windows Server 2003 never sees wevtutil offered.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..host import Host
from .result import CommandResult

Handler = Callable[[Host, list[str]], CommandResult]


def everywhere(host: Host) -> bool:
    return True


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
