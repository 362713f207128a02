"""Why the real backends can not run on this machine: said once, as a skip reason."""

from __future__ import annotations

import shutil


def unavailable(name: str) -> str:
    if name == "container":
        if shutil.which("docker") is None:
            return "the container backend needs a Docker engine with Windows containers; none here"
        return (
            "the container backend needs a Windows host (mcr.microsoft.com/windows/servercore/iis "
            "runs only on a Windows Docker engine); this machine is Linux"
        )
    return (
        "the Samba backend (a real AD DC on loopback for account rules) is not built yet; "
        "see docs/ARCHITECTURE.md, 'A new backend'"
    )
