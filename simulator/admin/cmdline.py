"""cmd.exe's side of a command line: %VAR% expansion, CommandLineToArgvW's splitting, the name
cmd.exe resolves a tool by, and the ``/name[:value]`` switch parsing the net-style tools share.

Every tool module parses its own arguments from what `split_command_line` gives; the rules here
are the ones cmd.exe and the C runtime apply before any tool sees its arguments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..events import OsFamily
from ..host import Host

_VARIABLE = re.compile(r"%([^%\s]+)%")


def windows_dir(host: Host) -> str:
    return r"C:\WINDOWS" if host.os is OsFamily.WS2003 else r"C:\Windows"


def environment(host: Host) -> dict[str, str]:
    """The variables cmd.exe would expand on this server (names compared case-insensitively)."""
    windir = windows_dir(host)
    domain = host.domain.authority if host.domain is not None else host.computer_name
    return {
        "windir": windir,
        "systemroot": windir,
        "systemdrive": "C:",
        "computername": host.computer_name,
        "userdomain": domain,
        "programfiles": r"C:\Program Files",
    }


def expand_variables(host: Host, line: str) -> str:
    """%NAME% as cmd.exe expands it; an undefined variable stays as typed."""
    env = environment(host)
    return _VARIABLE.sub(lambda m: env.get(m.group(1).lower(), m.group(0)), line)


def split_command_line(line: str) -> list[str]:
    """Arguments as CommandLineToArgvW and the C runtime split them.

    Whitespace outside quotes separates; quotes group and are removed (also mid-token, so
    ``/fullname:"Web Guest"`` gives ``/fullname:Web Guest``); ``""`` inside quotes is one quote;
    2n backslashes before a quote give n backslashes and a quote that toggles quoting, 2n+1 give n
    backslashes and a literal quote; other backslashes are literal (``\\\\SERVER\\IPC$``).
    """
    args: list[str] = []
    buf: list[str] = []
    in_quotes = False
    have_token = False
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            j = i
            while j < n and line[j] == "\\":
                j += 1
            count = j - i
            if j < n and line[j] == '"':
                buf.append("\\" * (count // 2))
                if count % 2:
                    buf.append('"')
                    j += 1
            else:
                buf.append("\\" * count)
            have_token = True
            i = j
            continue
        if c == '"':
            if in_quotes and i + 1 < n and line[i + 1] == '"':
                buf.append('"')
                i += 2
            else:
                in_quotes = not in_quotes
                i += 1
            have_token = True
            continue
        if c in " \t" and not in_quotes:
            if have_token:
                args.append("".join(buf))
                buf = []
                have_token = False
            i += 1
            continue
        buf.append(c)
        have_token = True
        i += 1
    if have_token:
        args.append("".join(buf))
    return args


def tool_name(token: str) -> str:
    base = token.replace("/", "\\").rsplit("\\", 1)[-1].lower()
    for ext in (".exe", ".com"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


@attrs.frozen
class Switch:
    name: str  # as typed, without the leading "/" or "-", lower case
    value: str | None  # after the first ":", or None when there was no ":"
    raw: str


def parse_switches(args: Sequence[str], prefixes: str = "/") -> tuple[list[str], list[Switch]]:
    """Positional arguments and ``/name[:value]`` switches, in order."""
    positional: list[str] = []
    switches: list[Switch] = []
    for arg in args:
        if len(arg) > 1 and arg[0] in prefixes:
            name, sep, value = arg[1:].partition(":")
            switches.append(Switch(name.lower(), value if sep else None, arg))
        else:
            positional.append(arg)
    return positional, switches


def resolve_switch(name: str, known: Sequence[str]) -> str | None:
    """net.exe accepts any unambiguous abbreviation of a switch ("/act:no", "/dom")."""
    if name in known:
        return name
    matches = [k for k in known if k.startswith(name)]
    return matches[0] if len(matches) == 1 else None


def yes_no(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text and "yes".startswith(text):
        return True
    if text and "no".startswith(text):
        return False
    return None
