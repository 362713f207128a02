"""cscript, and the two scripts it runs here: adsutil.vbs (IIS 6's metabase) and
eventquery.vbs (Windows Server 2003's event log query).

- adsutil prints SECURE properties (AnonymousUserPass, WAMUserPass) as asterisks, as the real
  script does; a password is never printed.
- eventquery.vbs: see `_eventquery` (the script's own column and message texts).
- "Input Error: Can not find script file "PATH"." when the script is not there.

Chosen without confirmation: cscript's banner text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from winfacts.errors import ModelError
from winfacts.metabase import property_spec
from winfacts.secret import Secret

from ...events import OsFamily
from ...host import Host
from ...metabase import render_property
from ...render_events import (
    NEWLINE,
    legacy_csv_row,
    system_csv_row,
)
from .. import adsutil as adsutil_ops
from ..cmdline import tool_name
from ..registry import iis6, register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_WSH_BANNER = (
    "Microsoft (R) Windows Script Host Version 5.6\n"
    "Copyright (C) Microsoft Corporation 1996-2001. All rights reserved.\n\n"
)


@register("cscript", "Runs scripts with the console Windows Script Host.")
def _cscript(host: Host, args: list[str]) -> CommandResult:
    options = [a for a in args if a.startswith("//")]
    rest = [a for a in args if not a.startswith("//")]
    banner = "" if any(o.lower() == "//nologo" for o in options) else _WSH_BANNER
    if not rest:
        return _fail(1, banner + "Usage: CScript scriptname.extension [option...] [arguments...]\n")
    script = rest[0]
    if tool_name(script) == "eventquery.vbs" and host.os is OsFamily.WS2003:
        result = _eventquery(host, rest[1:])
        return CommandResult(result.exit_code, banner + result.output)
    if tool_name(script) != "adsutil.vbs" or not host.iis.legacy:
        where = (
            script if ("\\" in script or ":" in script) else f"C:\\Inetpub\\AdminScripts\\{script}"
        )
        return _fail(1, banner + f'Input Error: Can not find script file "{where}".\n')
    result = _adsutil(host, rest[1:])
    return CommandResult(result.exit_code, banner + result.output)


def _adsutil(host: Host, args: list[str]) -> CommandResult:
    words = [a for a in args if not a.lower().startswith("-s:")]
    for server in (a[3:] for a in args if a.lower().startswith("-s:")):
        if server.strip("\\").upper() not in (host.computer_name, "LOCALHOST"):
            return _fail(1, f"Error trying to reach the metabase on {server}: not modelled.\n")
    if not words:
        return _fail(1, "Usage: ADSUTIL.VBS CMD [param param]\n")
    try:
        if words[0].upper() == "SET" and len(words) >= 3:
            path, _, prop = words[1].rstrip("/").rpartition("/")
            spec = property_spec(prop)
            if spec.secure:
                if len(words) != 3:
                    raise ModelError(f"{spec.name} takes one value, got {len(words) - 2}")
                metabase = adsutil_ops.metabase(host)
                adsutil_ops.set_property(host, path, spec.name, Secret(words[2]))
                stored = metabase.get(path, spec.name)
                return _ok(render_property(spec, stored) + "\n")
        result = adsutil_ops.adsutil(host, *words)
    except ModelError as exc:
        return _fail(1, f"{exc}")
    return CommandResult(result.exit_code, result.output + "\n" if result.output else "")


@register("adsutil.vbs", "Administers the IIS 6 metabase (run by cscript).", iis6)
def _adsutil_bare(host: Host, args: list[str]) -> CommandResult:
    """`adsutil.vbs ...` with cscript as the default script host: as //nologo."""
    return _adsutil(host, args)


#: Win32_NTLogEvent.Type as WMI names an Event Viewer type (the text eventquery.vbs prints).
_WMI_TYPE = {
    "Error": "error",
    "Warning": "warning",
    "Information": "information",
    "Success Audit": "audit success",
    "Failure Audit": "audit failure",
}
_EVENTQUERY_COLUMNS = ("Type", "Event", "Date Time", "Source", "ComputerName")
_EVENTQUERY_VERBOSE = ("Category", "User", "Description")
_EVENTQUERY_USAGE = 'Type "eventquery.vbs /?" for usage.'
_RANGE = re.compile(r"(-?\d+)|(\d+)-(\d+)")


def _eventquery(host: Host, args: list[str]) -> CommandResult:
    """`eventquery.vbs /l LOG /fo csv [/v] [/r RANGE] [/nh]`: the log's events newest first.

    Facts from the script itself (Windows Server 2003's eventquery.vbs, read in a public copy):
    the columns Type, Event, Date Time, Source, ComputerName and, with /v, Category, User and
    Description; /r N lists the N most recent events, -N the N oldest, N1-N2 the events N1 to
    N2; CSV prints neither the blank line nor the "Listing the events in ..." banner the table
    format starts with; a Description has its line breaks replaced by blanks and is trimmed;
    "INFO: No records available for the 'LOG' log." (with "with the specified criteria." when
    /r or /fi narrowed it). Chosen without a confirmed transcript: every CSV field in double
    quotes (cmdlib.wsc's CSV, as tasklist /fo csv prints it), the date and time as Event Viewer
    prints them, and WMI's lower-case type names ("audit failure"). TABLE, LIST, /fi and /s
    are not modelled."""
    logs: list[str] = []
    fmt, span, verbose, header = "table", None, False, True
    words = iter(args)
    for word in words:
        switch = word.lower()
        if switch in ("/l", "/fo", "/r"):
            value = next(words, None)
            if value is None:
                return _fail(1, f"ERROR: Invalid Syntax.\n{_EVENTQUERY_USAGE}")
            if switch == "/l":
                logs.append(value.lower())
            elif switch == "/fo":
                fmt = value.lower()
            else:
                span = value
        elif switch == "/v":
            verbose = True
        elif switch == "/nh":
            header = False
        else:
            return _fail(1, f"eventquery.vbs {word} is not modelled by this simulator.")
    if fmt != "csv" or len(logs) != 1:
        return _fail(1, "Only eventquery.vbs /l LOG /fo csv [/v] [/r RANGE] [/nh] is modelled.")
    log = logs[0]
    if log not in ("security", "system"):
        return _fail(254, f"ERROR: The log file '{log}' does not exist.")
    match = None if span is None else _RANGE.fullmatch(span.strip())
    if span is not None and match is None:
        return _fail(1, f"ERROR: Invalid 'RANGE' '{span}' specified.\n{_EVENTQUERY_USAGE}")
    tz = host.clock.tz
    rows = (
        [legacy_csv_row(ev, tz) for ev in host.security_log.records()]
        if log == "security"
        else [system_csv_row(ev, tz) for ev in host.system_log.records()]
    )
    if not rows:
        return _ok(f"INFO: No records available for the '{log}' log.\n")
    chosen = rows[::-1]
    if match is not None:
        if match.group(1) is not None:
            n = int(match.group(1))
            chosen = chosen[:n] if n >= 0 else rows[:-n][::-1]
        else:
            first, last = int(match.group(2)), int(match.group(3))
            chosen = rows[max(first, 1) - 1 : last][::-1]
        if not chosen:
            return _ok(
                f"INFO: No records available for the '{log}' log with the specified criteria.\n"
            )
    columns = _EVENTQUERY_COLUMNS + (_EVENTQUERY_VERBOSE if verbose else ())
    lines = [_csv_quoted(columns)] if header else []
    for date, time, source, kind, category, event, user, computer, text in chosen:
        fields = [_WMI_TYPE.get(kind, kind.lower()), event, f"{date} {time}", source, computer]
        if verbose:
            fields += [category, user, text.replace(NEWLINE, " ").strip()]
        lines.append(_csv_quoted(fields))
    return _ok("\n".join(lines) + "\n")


def _csv_quoted(fields: Sequence[str]) -> str:
    return ",".join('"' + field.replace('"', '""') + '"' for field in fields)
