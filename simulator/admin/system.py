"""Machine-wide tools: `reg`, `wevtutil`, `gpupdate`, `shutdown /r`, `iisreset`."""

from __future__ import annotations

from typing import Any

from ..errors import ModelError
from ..eventlog import EventLog, Retention
from ..host import Host
from ..registry import RegType


def reg_add(host: Host, key: str, name: str, type_: str, data: int | str) -> None:
    try:
        reg_type = RegType(type_.upper())
    except ValueError:
        raise ModelError(f"{type_!r} is not a registry value type", subject=type_) from None
    host.registry.set(key, name, reg_type, data)


def reg_delete(host: Host, key: str, name: str) -> bool:
    return host.registry.delete(key, name)


def wevtutil_sl(
    host: Host,
    log: str,
    *,
    max_size: int | None = None,
    retention: Retention | None = None,
    retention_days: int | None = None,
    auto_backup: bool | None = None,
) -> None:
    """`wevtutil sl Security /ms:BYTES /rt:true` (2003: the log's Properties dialog)."""
    target = _log(host, log)
    settings = target.settings
    if max_size is not None:
        type(settings)(max_size)  # validates the size the way Windows does
        settings.max_size = max_size
    if retention is not None:
        settings.retention = retention
    if retention_days is not None:
        settings.retention_days = retention_days
    if auto_backup is not None:
        settings.auto_backup = auto_backup


def wevtutil_cl(host: Host, log: str, backup: str | None = None) -> int:
    return _log(host, log).clear(backup)


def _log(host: Host, log: str) -> EventLog[Any]:
    if log.lower() == "security":
        return host.security_log
    if log.lower() == "system":
        return host.system_log
    raise ModelError(f"there is no event log named {log!r}", subject=log)


def gpupdate(host: Host) -> None:
    host.gpupdate()


def restart(host: Host) -> None:
    """`shutdown /r /t 0`, or the power button after a bug check."""
    host.restart()


def iisreset(host: Host) -> None:
    host.iis.iisreset()
