"""Why a real backend can not run here: said once, as a skip reason."""

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
        "the samba backend joins a Samba AD DC the test run starts: run the scenarios under "
        "pytest (--backend=samba), whose authlab_samba_dc fixture provides it"
    )
