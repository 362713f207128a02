"""One module per command-line tool, each registering itself in `simulator.admin.registry`.

Importing this package registers them all; `shell.run` imports it before it looks a tool up.
"""

from __future__ import annotations

from . import (  # noqa: F401
    appcmd,
    auditpol,
    cscript,
    files,
    gpupdate,
    help,
    icacls,
    iisreset,
    net,
    ntrights,
    reg,
    secedit,
    shutdown,
    wevtutil,
    wmic,
)
from . import cmdbuiltins  # noqa: F401
from . import powershell  # noqa: F401
from . import gpresult  # noqa: F401
from . import cacls  # noqa: F401
