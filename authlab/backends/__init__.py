"""Backends: what scenarios drive. The simulator today; a Samba AD domain controller and a
Windows Server Core IIS container are the real systems the same features can run against."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .base import AuditView, Backend, HttpResult, ServerInfo, UnavailableBackend
from .simulator import SimulatorBackend

if TYPE_CHECKING:
    from authlab.samba_dc import SambaDC

__all__ = [
    "AuditView",
    "Backend",
    "HttpResult",
    "ServerInfo",
    "SimulatorBackend",
    "UnavailableBackend",
    "backend_named",
]


def backend_named(name: str, *, domain_controller: Callable[[], SambaDC] | None = None) -> Backend:
    """The backend a run asks for (``--backend`` or AUTHLAB_BACKEND); real ones say why they
    can not start. ``domain_controller`` gives the running Samba DC the samba backend joins
    (the ``authlab_samba_dc`` fixture); it is asked for only when that backend is chosen."""
    if name == "simulator":
        return SimulatorBackend()
    if name == "samba" and domain_controller is not None:
        from .samba import SambaBackend

        return SambaBackend(domain_controller())
    if name == "container":
        return _container_backend()
    if name == "samba":
        from .real import unavailable

        raise UnavailableBackend(unavailable(name))
    raise UnavailableBackend(f"there is no backend named {name!r} (simulator, samba, container)")


def _container_backend() -> Backend:
    """The container backend when the engine here fits; else `UnavailableBackend` with the
    probe's reason, decided once per process (`authlab.backends.real.container_reason`)."""
    from .real import container_reason, unavailable

    reason = container_reason()
    if reason is not None:
        raise UnavailableBackend(reason)
    try:
        from .container.backend import ContainerBackend  # docker-py is imported only here
    except ImportError as exc:  # an install without the module: say so, as for a missing engine
        if exc.name != "authlab.backends.container.backend":
            raise
        raise UnavailableBackend(unavailable("container")) from exc
    return ContainerBackend()
