"""Why a real backend can not run here: said once, as a skip reason."""

from __future__ import annotations

import importlib


def container_reason() -> str | None:
    """Why the container backend can not run here, or None when the engine here fits: the
    probe's sentence (`authlab.container.engine.probe_once`, asked once per process, so a run
    of many scenarios decides once)."""
    # By name, not by a static import: authlab.container implements this package's protocol
    # (it imports authlab.backends.base), and import-linter keeps the sibling packages acyclic.
    engine = importlib.import_module("authlab.container.engine")
    probed = engine.probe_once()
    if isinstance(probed, engine.Unavailable):
        return f"the container backend can not run here: {probed.reason}"
    return None


def unavailable(name: str) -> str:
    if name == "container":
        return container_reason() or (
            "the container backend can not run here: the Docker engine fits, but "
            "authlab.container.backend is not installed"
        )
    return (
        "the samba backend joins a Samba AD DC the test run starts: run the scenarios under "
        "pytest (--backend=samba), whose authlab_samba_dc fixture provides it"
    )
