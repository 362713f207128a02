"""icacls on the host's file system, through `simulator.icacls` (loaded only when used).

Chosen without confirmation: that icacls exists on every generation.
"""

from __future__ import annotations

from winfacts.errors import ModelError

from ...host import Host
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail


@register("icacls", "Displays or modifies access control lists of files.")
def _icacls(host: Host, args: list[str]) -> CommandResult:
    from .. import icacls_tool  # the icacls model is written separately; load it only when used

    try:
        code, output = icacls_tool.icacls(host, args)
    except ModelError as exc:
        return _fail(87, f"{exc}")
    return CommandResult(code, output)
