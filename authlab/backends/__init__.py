"""Backends: what scenarios drive. The simulator today; a Samba AD domain controller and a
Windows Server Core IIS container are the real systems the same features can run against."""

from .base import AuditView, Backend, HttpResult, ServerInfo, UnavailableBackend
from .simulator import SimulatorBackend

__all__ = [
    "AuditView",
    "Backend",
    "HttpResult",
    "ServerInfo",
    "SimulatorBackend",
    "UnavailableBackend",
    "backend_named",
]


def backend_named(name: str) -> Backend:
    """The backend a run asks for (AUTHLAB_BACKEND); real ones say why they can not start."""
    if name == "simulator":
        return SimulatorBackend()
    if name in ("samba", "container"):
        from .real import unavailable

        raise UnavailableBackend(unavailable(name))
    raise UnavailableBackend(f"there is no backend named {name!r} (simulator, samba, container)")
