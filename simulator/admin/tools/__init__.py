"""One module per command-line tool, each registering itself in `simulator.admin.registry`.

Importing this package registers them all; `shell.run` imports it before it looks a tool up.
"""

from __future__ import annotations

from . import (  # noqa: F401
    appcmd,
    auditpol,
    cacls,
    cmdbuiltins,
    cscript,
    files,
    gpresult,
    gpupdate,
    help,
    icacls,
    iisreset,
    net,
    ntrights,
    powershell,
    reg,
    secedit,
    shutdown,
    wevtutil,
    wmic,
)
