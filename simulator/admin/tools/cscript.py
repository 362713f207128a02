"""cscript, and the two scripts it runs here: adsutil.vbs (IIS 6's metabase) and
eventquery.vbs (Windows Server 2003's event log query).

- adsutil prints SECURE properties (AnonymousUserPass, WAMUserPass) as asterisks, as the real
  script does; a password is never printed.
- eventquery.vbs: see `_eventquery` (the script's own column and message texts).
- "Input Error: Can not find script file "PATH"." when the script is not there.

- cscript's banner: "Microsoft (R) Windows Script Host Version 5.6" and "Copyright (C)
  Microsoft Corporation 1996-2001. All rights reserved." on Windows Server 2003; "Version
  5.812" (the last WSH release, Wikipedia's Windows Script Host article) and "Copyright (C)
  Microsoft Corporation. All rights reserved." on 2016 and later; a blank line follows.
- adsutil ENUM /P lists only the child paths; ENUM_ALL walks the key and every key below it.

Chosen without confirmation: the banner's year-less copyright line on 2016+, ENUM_ALL's layout
(each key after the first introduced by a blank line and its [/path]), and the usage texts.
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

_WSH_BANNER_2003 = (
    "Microsoft (R) Windows Script Host Version 5.6\n"
    "Copyright (C) Microsoft Corporation 1996-2001. All rights reserved.\n\n"
)
_WSH_BANNER = (
    "Microsoft (R) Windows Script Host Version 5.812\n"
    "Copyright (C) Microsoft Corporation. All rights reserved.\n\n"
)
_CSCRIPT_USAGE = (
    "Usage: CScript scriptname.extension [option...] [arguments...]\n\n"
    "Options:\n"
    " //B         Batch mode: Suppresses script errors and prompts from displaying\n"
    " //D         Enable Active Debugging\n"
    " //E:engine  Use engine for executing script\n"
    " //H:CScript Changes the default script host to CScript.exe\n"
    " //H:WScript Changes the default script host to WScript.exe (default)\n"
    " //I         Interactive mode (default, opposite of //B)\n"
    " //Job:xxxx  Execute a WSF job\n"
    " //Logo      Display logo (default)\n"
    " //Nologo    Prevent logo display: No banner will be shown at execution time\n"
    " //S         Save current command line options for this user\n"
    " //T:nn      Time out in seconds:  Maximum time a script is permitted to run\n"
    " //X         Execute script in debugger\n"
    " //U         Use Unicode for redirected I/O from the console\n"
)
_ADSUTIL_USAGE = (
    "Usage:\n"
    "      ADSUTIL.VBS [-s:server] CMD [param param]\n\n"
    "Supported Commands:\n"
    "  GET, SET, ENUM, ENUM_ALL, DELETE, CREATE_VDIR, FIND\n"
)


def banner(host: Host) -> str:
    return _WSH_BANNER_2003 if host.os is OsFamily.WS2003 else _WSH_BANNER


@register("cscript", "Runs scripts with the console Windows Script Host.")
def _cscript(host: Host, args: list[str]) -> CommandResult:
    options = [a for a in args if a.startswith("//")]
    rest = [a for a in args if not a.startswith("//")]
    shown = "" if any(o.lower() == "//nologo" for o in options) else banner(host)
    if any(o == "//?" for o in options) or (rest and rest[0] == "/?"):
        return _ok(shown + _CSCRIPT_USAGE)
    if not rest:
        return _fail(1, shown + _CSCRIPT_USAGE)
    script = rest[0]
    if tool_name(script) == "eventquery.vbs" and host.os is OsFamily.WS2003:
        result = _eventquery(host, rest[1:])
        return CommandResult(result.exit_code, shown + result.output)
    if tool_name(script) != "adsutil.vbs" or not host.iis.legacy:
        where = (
            script if ("\\" in script or ":" in script) else f"C:\\Inetpub\\AdminScripts\\{script}"
        )
        return _fail(1, shown + f'Input Error: Can not find script file "{where}".\n')
    result = _adsutil(host, rest[1:])
    return CommandResult(result.exit_code, shown + result.output)


def _adsutil(host: Host, args: list[str]) -> CommandResult:
    words = [a for a in args if not a.lower().startswith("-s:")]
    for server in (a[3:] for a in args if a.lower().startswith("-s:")):
        if server.strip("\\").upper() not in (host.computer_name, "LOCALHOST"):
            return _fail(1, f"Error trying to reach the metabase on {server}: not modelled.\n")
    if not words:
        return _fail(1, _ADSUTIL_USAGE)
    if words[0].lower() in ("/?", "help", "-?"):
        return _ok(_ADSUTIL_USAGE)
    verb = words[0].upper()
    if verb in ("ENUM", "ENUM_ALL"):
        return _adsutil_enum(host, verb, words[1:])
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


def _adsutil_enum(host: Host, verb: str, args: list[str]) -> CommandResult:
    """ENUM [/P] [PATH] and ENUM_ALL [/P] [PATH]: /P prints the paths only."""
    paths_only = any(a.lower() == "/p" for a in args)
    rest = [a for a in args if a.lower() != "/p"]
    if len(rest) > 1:
        return _fail(1, f"wrong number of arguments for adsutil {verb}\n")
    path = rest[0].strip("/") if rest else ""
    # The metabase's own ENUM answers a missing path with the script's error text.
    first = adsutil_ops.adsutil(host, "ENUM", *rest)
    if first.exit_code != 0:
        return CommandResult(first.exit_code, first.output + "\n")
    metabase = adsutil_ops.metabase(host)
    lines: list[str] = []

    def walk(key_path: str, top: bool) -> None:
        listing = metabase.enum(key_path)
        if not top:
            lines.append(f"[/{key_path}]")
        if not paths_only:
            lines.extend(render_property(n, v) for n, v in listing.key.properties.items())
            if not top or listing.key.properties:
                lines.append("")
        children = [f"{key_path}/{child}".strip("/") for child in listing.children]
        if verb == "ENUM":
            lines.extend(f"[/{child}]" for child in children)
            return
        for child in children:
            walk(child, False)

    walk(path, True)
    return _ok("\n".join(lines).rstrip("\n") + "\n")


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
