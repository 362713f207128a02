"""Machine-wide tools: `reg`, `wevtutil`, `gpupdate`, `shutdown /r`, `iisreset`, `net stop|start
w3svc`."""

from __future__ import annotations

from typing import Any

from winfacts.errors import ModelError

from ..eventlog import EventLog, Retention
from ..host import Host
from ..registry import EVENTLOG, RegType, normalize_key

#: Windows Server 2003 keeps a log's capacity in the registry (Eventlog\<log>: MaxSize in bytes,
#: Retention in seconds: 0 overwrite as needed, 0xFFFFFFFF never); the Event Viewer dialog and
#: `reg add` both change it there, and the Event Log service reads it from there.
RETENTION_NEVER = 0xFFFFFFFF


def reg_add(host: Host, key: str, name: str, type_: str, data: int | str) -> None:
    try:
        reg_type = RegType(type_.upper())
    except ValueError:
        raise ModelError(f"{type_!r} is not a registry value type", subject=type_) from None
    host.registry.set(key, name, reg_type, data)
    _registry_to_log(host, key)


def reg_delete(host: Host, key: str, name: str) -> bool:
    deleted = host.registry.delete(key, name)
    _registry_to_log(host, key)
    return deleted


def _registry_to_log(host: Host, key: str) -> None:
    if not host.os.legacy_events:
        return
    normalized = normalize_key(key).lower()
    for log in ("Security", "System"):
        if normalized == f"{EVENTLOG}\\{log}".lower():
            settings = _log(host, log).settings
            size = host.registry.dword(key, "MaxSize", settings.max_size)
            type(settings)(size)  # the service refuses sizes that are not 64 KB multiples
            settings.max_size = size
            seconds = host.registry.dword(key, "Retention", 0)
            if seconds == 0:
                settings.retention = Retention.OVERWRITE_AS_NEEDED
            elif seconds == RETENTION_NEVER:
                settings.retention = Retention.DO_NOT_OVERWRITE
            else:
                settings.retention = Retention.OVERWRITE_OLDER_THAN
                settings.retention_days = max(1, seconds // 86_400)
            settings.auto_backup = host.registry.dword(key, "AutoBackupLogFiles", 0) == 1


def log_to_registry(host: Host, log: str) -> None:
    """Write a 2003 log's capacity into its Eventlog key (what the Properties dialog does)."""
    settings = _log(host, log).settings
    key = f"{EVENTLOG}\\{log.capitalize()}"
    retention = {
        Retention.OVERWRITE_AS_NEEDED: 0,
        Retention.DO_NOT_OVERWRITE: RETENTION_NEVER,
        Retention.OVERWRITE_OLDER_THAN: settings.retention_days * 86_400,
    }[settings.retention]
    host.registry.set(key, "MaxSize", RegType.REG_DWORD, settings.max_size)
    host.registry.set(key, "Retention", RegType.REG_DWORD, retention)
    host.registry.set(key, "AutoBackupLogFiles", RegType.REG_DWORD, int(settings.auto_backup))


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
    if host.os.legacy_events:
        log_to_registry(host, log)


def wevtutil_cl(host: Host, log: str, backup: str | None = None) -> int:
    """`wevtutil cl LOG [/bu:FILE]`, Event Viewer's Clear Log, or Win32_NTEventlogFile's
    ClearEventlog (`wmic nteventlog ... call ClearEventlog`): how many records were removed."""
    return _log(host, log).clear(backup)


def eventlog_backup(host: Host, log: str, backup: str) -> None:
    """Win32_NTEventlogFile's BackupEventlog / Event Viewer's Save Log File As: a copy of the
    log in ``backup``, the log itself unchanged. The backup API refuses a file that exists."""
    target = _log(host, log)
    if any(name.lower() == backup.lower() for name in target.archives):
        raise ModelError(f"the backup file {backup} already exists", subject=backup)
    target.archives.append(backup)


def eventlog_archives(host: Host, log: str) -> list[str]:
    """The backup files written from ``log`` (wevtutil /bu:, BackupEventlog, ClearEventlog)."""
    return list(_log(host, log).archives)


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


def w3svc_stop(host: Host) -> None:
    """`net stop w3svc`: the World Wide Web Publishing Service stops, and its worker processes
    with it (their cached anonymous tokens go)."""
    host.iis.stop_w3svc()


def w3svc_start(host: Host) -> None:
    """`net start w3svc`: the service starts; a new worker process logs the anonymous account
    on afresh."""
    host.iis.start_w3svc()
