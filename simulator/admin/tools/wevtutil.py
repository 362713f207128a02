"""wevtutil (Windows Server 2008 and later): gl, sl, cl and qe on the Security and System logs.

- wevtutil gl: name, enabled, type, owningPublisher, isolation, channelAccess, logging
  (logFileName, retention, autoBackup, maxSize), publishing (fileMax) (transcripts of
  `wevtutil gl` for other channels). The Security channel's isolation "Custom" and its
  channelAccess SDDL are chosen without confirmation (from memory).
- wevtutil el lists one channel name a line; the usage text's first lines "Windows Events
  Command Line Utility." and the el/gl/sl/qe/cl command names (Microsoft's wevtutil reference).
  Chosen without confirmation: which channels besides Application, Security, Setup and System
  a default install lists.
- wevtutil qe: ``<Event>`` elements with no root element, oldest first unless /rd:true, XML by
  default (Microsoft's wevtutil reference; the element shape: `simulator.render_events`).
"""

from __future__ import annotations

from winfacts.errors import ModelError

from ...eventlog import EventLog, Retention
from ...events import LogonEvent, SystemEvent
from ...host import Host
from ...render_events import (
    security_events_xml,
    system_event_xml,
)
from .. import system
from ..cmdline import parse_switches
from ..registry import register, since_2008
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from .wevtutil_text import security_events_text, system_events_text

#: Channel facts `wevtutil gl` prints that the model does not keep (from memory; see module doc).
_CHANNELS = {
    "security": (
        "Security",
        "Custom",
        "O:BAG:SYD:(A;;0xf0005;;;SY)(A;;0x5;;;BA)(A;;0x1;;;S-1-5-32-573)",
    ),
    "system": (
        "System",
        "System",
        "O:BAG:SYD:(A;;0xf0007;;;SY)(A;;0x7;;;BA)(A;;0x3;;;BO)(A;;0x5;;;SO)(A;;0x1;;;IU)"
        "(A;;0x3;;;SU)(A;;0x1;;;S-1-5-3)(A;;0x2;;;S-1-5-33)(A;;0x1;;;S-1-5-32-573)",
    ),
}
_BAD = "The parameter is incorrect.\n"

#: `wevtutil el`: the channels a default install has, as el lists them (sorted, case-blind);
#: only Security and System can be read or configured here.
LOGS = (
    "Application",
    "HardwareEvents",
    "Internet Explorer",
    "Key Management Service",
    "Microsoft-IIS-Configuration/Operational",
    "Microsoft-Windows-GroupPolicy/Operational",
    "Microsoft-Windows-Security-Auditing/Operational",
    "Microsoft-Windows-TaskScheduler/Operational",
    "Microsoft-Windows-WAS/Operational",
    "Security",
    "Setup",
    "System",
    "Windows PowerShell",
)

USAGE = (
    "Windows Events Command Line Utility.\n\n"
    "Enables you to retrieve information about event logs and publishers, install\n"
    "and uninstall event manifests, run queries, and export, archive and clear logs.\n\n"
    "Usage:\n\n"
    "You can use either the short (for example, ep /uni) or long (for example,\n"
    "enum-publishers /unicode) version of the command and option names. Commands,\n"
    "options and option values are not case-sensitive.\n\n"
    "wevtutil COMMAND [ARGUMENT [ARGUMENT] ...] [/OPTION:VALUE [/OPTION:VALUE] ...]\n\n"
    "Commands:\n\n"
    "el | enum-logs          List log names.\n"
    "gl | get-log            Get log configuration information.\n"
    "sl | set-log            Modify configuration of a log.\n"
    "qe | query-events       Query events from a log or log file.\n"
    "cl | clear-log          Clear a log.\n"
)

_WEVTUTIL_VERBS = {
    "gl": "gl",
    "get-log": "gl",
    "sl": "sl",
    "set-log": "sl",
    "cl": "cl",
    "clear-log": "cl",
    "qe": "qe",
    "query-events": "qe",
}


def _event_log(host: Host, name: str) -> EventLog[object] | None:
    if name.lower() == "security":
        return host.security_log  # type: ignore[return-value]
    if name.lower() == "system":
        return host.system_log  # type: ignore[return-value]
    return None


def render_wevtutil_gl(host: Host, log_name: str) -> str:
    """`wevtutil gl Security` (the bundle's Security-log.txt)."""
    log = _event_log(host, log_name)
    if log is None:
        raise ModelError(f"there is no event log named {log_name!r}", subject=log_name)
    name, isolation, access = _CHANNELS[log_name.lower()]
    settings = log.settings
    retention = settings.retention is not Retention.OVERWRITE_AS_NEEDED
    lines = [
        f"name: {name}",
        "enabled: true",
        "type: Admin",
        "owningPublisher:",
        f"isolation: {isolation}",
        f"channelAccess: {access}",
        "logging:",
        f"  logFileName: %SystemRoot%\\System32\\Winevt\\Logs\\{name}.evtx",
        f"  retention: {str(retention).lower()}",
        f"  autoBackup: {str(settings.auto_backup).lower()}",
        f"  maxSize: {settings.max_size}",
        "publishing:",
        "  fileMax: 1",
        "",
    ]
    return "\n".join(lines)


@register("wevtutil", "Retrieves information about event logs and publishers.", since_2008)
def _wevtutil(host: Host, args: list[str]) -> CommandResult:
    if args and args[0] in ("/?", "-?"):
        return _ok(USAGE)
    if args and args[0].lower() in ("el", "enum-logs"):
        return _ok("".join(name + "\n" for name in LOGS)) if len(args) == 1 else _fail(87, _BAD)
    if len(args) < 2 or args[0].lower() not in _WEVTUTIL_VERBS:
        return _fail(87, "The parameter is incorrect.\n")
    verb = _WEVTUTIL_VERBS[args[0].lower()]
    log_name = args[1]
    positional, switches = parse_switches(args[2:])
    if positional:
        return _fail(87, "The parameter is incorrect.\n")
    if _event_log(host, log_name) is None:
        what = "read configuration for" if verb == "gl" else "open"
        return _fail(
            15007, f"Failed to {what} log {log_name}. The specified channel could not be found.\n"
        )
    opts = {s.name: s.value for s in switches}
    if verb == "qe":
        return _wevtutil_qe(host, log_name, opts)
    if verb == "gl":
        return (
            _ok(render_wevtutil_gl(host, log_name))
            if not opts
            else _fail(87, "The parameter is incorrect.\n")
        )
    if verb == "cl":
        backup = opts.pop("bu", opts.pop("backup", None))
        if opts:
            return _fail(87, "The parameter is incorrect.\n")
        system.wevtutil_cl(host, log_name, backup)
        return _ok()
    failed = (
        f"Failed to save configuration or activate log {log_name}. The parameter is incorrect.\n"
    )
    names = {
        "ms": "ms",
        "maxsize": "ms",
        "rt": "rt",
        "retention": "rt",
        "ab": "ab",
        "autobackup": "ab",
    }
    settings: dict[str, str] = {}
    for key, value in opts.items():
        if key not in names or value is None:
            return _fail(87, failed)
        settings[names[key]] = value.strip().lower()
    try:
        max_size = int(settings["ms"]) if "ms" in settings else None
        retention = _bool_word(settings.get("rt"))
        auto_backup = _bool_word(settings.get("ab"))
        system.wevtutil_sl(
            host,
            log_name,
            max_size=max_size,
            retention=None
            if retention is None
            else (Retention.DO_NOT_OVERWRITE if retention else Retention.OVERWRITE_AS_NEEDED),
            auto_backup=auto_backup,
        )
    except (ModelError, ValueError):
        return _fail(87, failed)
    return _ok()


_QE_SWITCHES = {
    "c": "c",
    "count": "c",
    "rd": "rd",
    "reversedirection": "rd",
    "f": "f",
    "format": "f",
}


def _wevtutil_qe(host: Host, log_name: str, opts: dict[str, str | None]) -> CommandResult:
    """`wevtutil qe LOG [/c:N] [/rd:true] [/f:xml]`: the events oldest first (newest first with
    /rd:true), the first N of them, each ``<Event>`` as `simulator.render_events` renders it
    (XML is wevtutil's default format; /f:text is Event Viewer's general text, see
    `wevtutil_text`). /q, /e and /lf are not modelled."""
    wanted: dict[str, str] = {}
    for name, value in opts.items():
        key = _QE_SWITCHES.get(name)
        if key is None:
            return _fail(1, f"wevtutil qe /{name} is not modelled by this simulator.")
        if value is None:
            return _fail(87, "The parameter is incorrect.\n")
        wanted[key] = value.strip().lower()
    fmt = wanted.get("f", "xml")
    if fmt not in ("xml", "text"):
        return _fail(1, f"wevtutil qe /f:{wanted['f']} is not modelled by this simulator.")
    try:
        newest_first = bool(_bool_word(wanted.get("rd", "false")))
        count = int(wanted["c"]) if "c" in wanted else None
    except ValueError:
        return _fail(87, "The parameter is incorrect.\n")
    if count is not None and count < 1:
        return _fail(87, "The parameter is incorrect.\n")
    if log_name.lower() == "security":
        events: list[LogonEvent] = list(host.security_log.records())
        chosen = (events[::-1] if newest_first else events)[:count]
        if fmt == "text":
            return _ok(security_events_text(chosen, host.clock.tz))
        return _ok(security_events_xml(chosen, host.os))
    records: list[SystemEvent] = list(host.system_log.records())
    picked = (records[::-1] if newest_first else records)[:count]
    if fmt == "text":
        return _ok(system_events_text(picked, host.clock.tz))
    return _ok("".join(system_event_xml(ev, host.os) + "\n" for ev in picked))


def _bool_word(text: str | None) -> bool | None:
    if text is None:
        return None
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(text)
