"""Why a real backend can not run here: said once, as a skip reason."""

from __future__ import annotations


def container_reason() -> str | None:
    """Why the container backend can not run here, or None when the engine here fits: the
    probe's sentence (`container.engine.probe_once`, asked once per process, so a run of many
    scenarios decides once)."""
    from .container.engine import Unavailable, probe_once

    probed = probe_once()
    if isinstance(probed, Unavailable):
        return f"the container backend can not run here: {probed.reason}"
    return None


def unavailable(name: str) -> str:
    if name == "container":
        return container_reason() or (
            "the container backend can not run here: the Docker engine fits, but "
            "authlab.backends.container.backend is not installed"
        )
    return (
        "the samba backend joins a Samba AD DC the test run starts: run the scenarios under "
        "pytest (--backend=samba), whose authlab_samba_dc fixture provides it"
    )
