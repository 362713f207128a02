"""A Windows command prompt on the simulated server: real command lines in, real tool text out.

`run(host, line)` splits the line as cmd.exe and the C runtime do (%VAR% expansion, then
CommandLineToArgvW's quote and backslash rules), finds the tool, parses its switches the way that
tool does (net's "/name:value" with unique abbreviations, reg's "/v NAME", appcmd's "-name:value"),
and calls the typed admin operations in `simulator.admin`. Faults and repairs therefore go through
the same code whether a scenario calls an operation or a trainee types the command.

Rules every tool here keeps:

- A password is never printed: not when it is set, not in an error, not by `appcmd list config`
  (the real appcmd shows a decrypted password there; this one prints ``password="********"`` for a
  non-empty password, ``password=""`` for an empty one, and nothing when none is set) and not by
  adsutil (SECURE properties print as asterisks, as the real script does).
- A model error (ModelError) becomes the tool's own error shape and a non-zero exit code; nothing
  raises out of `run`.
- Tools a server of that generation does not have answer as cmd.exe does for an unknown command
  (exit 9009): auditpol and wevtutil on Windows Server 2003, appcmd on IIS 6. adsutil.vbs is only
  on IIS 6 servers and eventquery.vbs only on Windows Server 2003 (cscript then says it can not
  find the script).
- The logs read as an administrator reads them: `wevtutil qe` and `cscript eventquery.vbs` print
  the Security and System events through `simulator.render_events` (the renderers the bundle
  export uses), `dir /b` and `type` read the IIS log folder (`iis_log_root`).

Output texts, where they were confirmed, and their sources (facts only, nothing copied):

- net: see `net_render`. "System error N has occurred." + blank line + message; the modern texts of
  1326 ("The user name or password is incorrect."), 1331 and 1909 come from `net use \\\\DC01\\ipc$`
  transcripts (HTB Academy notes in the search index); Windows Server 2003 uses the older
  FormatMessage texts the model keeps in `winfacts.ntstatus`. "The user name could not be found."
  with "NET HELPMSG 2221", 1378 "The specified account name is already a member of the group." are
  in many transcripts.
- secedit /export: a blank line, "The task has completed successfully.", "See log
  %windir%\\security\\logs\\scesrv.log for detail info." (TryHackMe write-ups).
- auditpol: "System audit policy", the header "Category/Subcategory" padded to 42 columns and
  "Setting", the category line, then the subcategory indented two spaces and padded to 42;
  "The command was successfully executed." after /set (Microsoft's own IIS troubleshooting doc in
  the search index and CIS-benchmark role docs).
- reg query: Windows Server 2003's reg.exe 3.0 prints "! REG.EXE VERSION 3.0", a blank line, the
  key, and tab-separated values (Microsoft's PowerShell docs show it); later versions print the key
  and values separated by four spaces, with no banner.
- wevtutil gl: name, enabled, type, owningPublisher, isolation, channelAccess, logging
  (logFileName, retention, autoBackup, maxSize), publishing (fileMax) (transcripts of `wevtutil gl`
  for other channels). The Security channel's isolation "Custom" and its channelAccess SDDL are
  from memory, not confirmed.
- wevtutil qe: ``<Event>`` elements with no root element, oldest first unless /rd:true, XML by
  default (Microsoft's wevtutil reference; the element shape: `simulator.render_events`).
- eventquery.vbs: see `_eventquery` (the script's own column and message texts).
- type and dir: "The system cannot find the file specified.", "The system cannot find the path
  specified.", "Access is denied." (a folder), "File Not Found" (dir /b with nothing to list):
  cmd.exe's messages as commonly transcribed.
- gpupdate: 2008+ "Updating policy..." then "Computer Policy update has completed successfully." and
  "User Policy update has completed successfully."; Windows Server 2003 "Refreshing Policy...",
  "User Policy Refresh has completed.", "Computer Policy Refresh has completed." (transcripts and a
  translated Microsoft TechNet page).
- appcmd set config: 'Applied configuration changes to section "S" for "PATH" at configuration
  commit path "MACHINE/WEBROOT/APPHOST"' (many wfastcgi-enable transcripts).

Chosen without confirmation (and easy to change): ntrights' "Granting X to NAME ... successful" /
"Revoking X from NAME ... successful"; appcmd's exit codes and the exact wording of its lock error;
wmic's "Updating property(s) of ..." / "Property(s) update successful." /
"No Instance(s) Available." texts (from memory); `net user NAME /active:yes` only enables
(sources disagree on whether it also clears a lockout; this model keeps that to `net.unlock`);
cscript's banner text; that ntrights, icacls and wmic exist on every generation; secedit
writes only the sections the model knows, omits rights nobody holds, and exports the policy in
effect (local policy merged with applied GPOs, account policy from the
SAM or the domain, registry values read from the registry).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Final

import attrs

from winfacts import assumptions as A
from winfacts import wellknown as wk
from winfacts.apphost import ANONYMOUS, SERVER_LEVEL
from winfacts.errors import ModelError
from winfacts.logon_hours import LogonHours
from winfacts.metabase import property_spec
from winfacts.ntstatus import Outcome
from winfacts.rights import check_right_name
from winfacts.secret import Secret

from ..accounts import Group
from ..apphost import AppHostConfig
from ..eventlog import EventLog, Retention
from ..events import LogonEvent, OsFamily, SystemEvent
from ..host import Host
from ..logon import Caller, logon_user
from ..metabase import render_property
from ..registry import RegValue, normalize_key
from ..render_events import (
    NEWLINE,
    legacy_csv_row,
    security_events_xml,
    system_csv_row,
    system_event_xml,
)
from . import adsutil, appcmd, net, secpol, system
from . import net_render as nr
from . import tools as _tools  # noqa: F401  (registers the tools that live in their own modules)
from .registry import TOOLS
from .result import CommandResult
from .result import fail as _fail
from .result import ok as _ok

# -- results and exported files -------------------------------------------------------------------


_EXPORTS: weakref.WeakKeyDictionary[Host, dict[str, str]] = weakref.WeakKeyDictionary()


def exported_files(host: Host) -> dict[str, str]:
    """Files commands wrote on ``host`` (today `secedit /export /cfg FILE`), path as typed ->
    decoded text with CRLF line ends (a real secedit file is UTF-16LE with a BOM)."""
    return _EXPORTS.setdefault(host, {})


# -- cmd.exe: variables, splitting, finding the tool ----------------------------------------------

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


def _tool_name(token: str) -> str:
    base = token.replace("/", "\\").rsplit("\\", 1)[-1].lower()
    for ext in (".exe", ".com"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


def _not_recognized(token: str) -> CommandResult:
    return _fail(
        9009,
        f"'{token}' is not recognized as an internal or external command,\n"
        "operable program or batch file.",
    )


#: Real Windows commands the simulator does not model, and the first Windows Server release
#: that has each in a default install ("2003" for both platforms). Telling a trainee that
#: ipconfig "is not recognized" would teach something false about Windows.
REAL_NOT_MODELLED: Final = {
    "ipconfig": "2003",
    "hostname": "2003",
    "ver": "2003",
    "echo": "2003",
    "set": "2003",
    "cd": "2003",
    "cls": "2003",
    "more": "2003",
    "findstr": "2003",
    "find": "2003",
    "tasklist": "2003",
    "taskkill": "2003",
    "netstat": "2003",
    "ping": "2003",
    "nslookup": "2003",
    "sc": "2003",
    "schtasks": "2003",
    "systeminfo": "2003",
    "gpresult": "2003",
    "runas": "2003",
    "cacls": "2003",
    "xcopy": "2003",
    "copy": "2003",
    "del": "2003",
    "notepad": "2003",
    "mmc": "2003",
    "eventvwr": "2003",
    "wmic": "2003",
    "whoami": "2008",  # Windows Server 2003 had it only in the Support Tools
    "robocopy": "2008",
    "icacls": "2008",
    "powershell": "2008",
}


def _not_modelled(host: Host, token: str) -> CommandResult | None:
    """The answer to a real command the simulator lacks, or None for one that is not real
    here. The exit status stays cmd.exe's 9009, so a script that falls back when a tool is
    missing does so here too."""
    since = REAL_NOT_MODELLED.get(_tool_name(token))
    if since is None or (since == "2008" and host.os is OsFamily.WS2003):
        return None
    return _fail(
        9009,
        f"'{token}' is a real Windows command, but this simulator does not model it.",
    )


def run(host: Host, command_line: str) -> CommandResult:
    """Run one command line on ``host`` and return what it printed and its exit code."""
    line = command_line.strip()
    if not line:
        return _ok()
    argv = split_command_line(expand_variables(host, line))
    if not argv:
        return _ok()
    if not host.running:
        code = host.stop_code or 0
        return _fail(
            1,
            f"{host.computer_name} is not running: it stopped with bug check 0x{code:08X}. "
            "Nothing can be typed at it until it is restarted (system.restart).",
        )
    tool = _tool_name(argv[0])
    registered = TOOLS.get(tool)
    if registered is not None:
        handler = registered.run if registered.available(host) else None
    else:
        handler = _TOOLS.get(tool) if _available(host, tool) else None
    if handler is None:
        return _not_modelled(host, argv[0]) or _not_recognized(argv[0])
    try:
        return handler(host, argv[1:])
    except ModelError as exc:
        # What the tool refuses; anything else is a simulator bug, which raises (a test fails
        # on it; the lab console reports it and goes on).
        return _fail(1, f"{exc}")


def _available(host: Host, tool: str) -> bool:
    if tool in ("auditpol", "wevtutil"):
        return host.os is not OsFamily.WS2003
    if tool == "appcmd":
        return not host.iis.legacy
    if tool == "adsutil.vbs":
        return host.iis.legacy
    return True


# -- switch parsing shared by the net-style tools -------------------------------------------------


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


def _resolve_switch(name: str, known: Sequence[str]) -> str | None:
    """net.exe accepts any unambiguous abbreviation of a switch ("/act:no", "/dom")."""
    if name in known:
        return name
    matches = [k for k in known if k.startswith(name)]
    return matches[0] if len(matches) == 1 else None


def _yes_no(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text and "yes".startswith(text):
        return True
    if text and "no".startswith(text):
        return False
    return None


# -- net ------------------------------------------------------------------------------------------

_NET_SYNTAX = (
    "The syntax of this command is:\n\n"
    "NET\n"
    "    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n"
    "      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\n"
    "      STATISTICS | STOP | TIME | USE | USER | VIEW ]\n"
)
_NET_USER_SYNTAX = (
    "The syntax of this command is:\n\n"
    "NET USER\n"
    "[username [password | *] [options]] [/DOMAIN]\n"
    "         username {password | *} /ADD [options] [/DOMAIN]\n"
    "         username [/DELETE] [/DOMAIN]\n"
    "         username [/TIMES:{times | ALL}]\n"
    "         username [/ACTIVE: {YES | NO}]\n"
)
_COMPLETED = nr.COMPLETED + "\n\n"


def _helpmsg(text: str, number: int, code: int = 2) -> CommandResult:
    return _fail(code, f"{text}\n\nMore help is available by typing NET HELPMSG {number}.\n")


def _system_error(code: int, text: str) -> CommandResult:
    return _fail(2, f"System error {code} has occurred.\n\n{text}\n")


def _invalid_value(exc: ModelError) -> CommandResult:
    """A value net.exe refuses; the model's reason follows the tool's own sentence."""
    return _fail(
        2,
        "You used an option with an invalid value.\n\n"
        f"{exc}\n\nMore help is available by typing NET HELPMSG 3505.\n",
    )


def _unknown_option(switch: Switch, syntax: str) -> CommandResult:
    shown = switch.raw.split(":", 1)[0].upper()
    return _fail(1, f"The option {shown} is unknown.\n\n{syntax}")


def _no_domain() -> CommandResult:
    return _system_error(
        1355, "The specified domain either does not exist or could not be contacted."
    )


def _net(host: Host, args: list[str]) -> CommandResult:
    if not args:
        return _fail(1, _NET_SYNTAX)
    sub, rest = args[0].lower(), args[1:]
    handlers: dict[str, Callable[[Host, list[str]], CommandResult]] = {
        "user": _net_user,
        "users": _net_user,
        "localgroup": _net_localgroup,
        "group": _net_group,
        "groups": _net_group,
        "accounts": _net_accounts,
        "use": _net_use,
    }
    handler = handlers.get(sub)
    if handler is None:
        return _fail(1, _NET_SYNTAX)
    return handler(host, rest)


_NET_USER_SWITCHES = (
    "active",
    "add",
    "comment",
    "countrycode",
    "delete",
    "domain",
    "expires",
    "fullname",
    "homedir",
    "logonpasswordchg",
    "passwordchg",
    "passwordreq",
    "profilepath",
    "scriptpath",
    "times",
    "usercomment",
    "workstations",
)
_NET_USER_UNMODELLED = ("countrycode", "homedir", "profilepath", "scriptpath", "usercomment")


def _collect(
    switches: list[Switch], known: Sequence[str], syntax: str
) -> tuple[dict[str, str | None], CommandResult | None]:
    found: dict[str, str | None] = {}
    for switch in switches:
        name = _resolve_switch(switch.name, known)
        if name is None:
            return {}, _unknown_option(switch, syntax)
        found[name] = switch.value
    return found, None


def _net_user(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    opts, error = _collect(switches, _NET_USER_SWITCHES, _NET_USER_SYNTAX)
    if error is not None:
        return error
    domain = "domain" in opts
    if (domain or host.is_dc) and host.domain is None:
        return _no_domain()
    banner = nr.domain_banner(host) + "\n\n" if domain and not host.is_dc else ""
    store = host.domain if (domain or host.is_dc) else host.sam
    assert store is not None
    if not positional:
        if set(opts) - {"domain"}:
            return _fail(1, _NET_USER_SYNTAX)
        server = host.computer_name
        return _ok(banner + nr.render_user_list((a.name for a in store.users()), server))
    if len(positional) > 2:
        return _fail(1, _NET_USER_SYNTAX)
    name = positional[0]
    password = positional[1] if len(positional) == 2 else None
    if password == "*":
        return _fail(
            1,
            "This simulated prompt can not ask for a password: type it on the command line "
            "(net user NAME NEWPASSWORD).",
        )
    unmodelled = [s for s in _NET_USER_UNMODELLED if s in opts]
    if unmodelled:
        return _fail(1, f"/{unmodelled[0].upper()} is not modelled by this simulator.")
    if "add" in opts and "delete" in opts:
        return _fail(1, _NET_USER_SYNTAX)
    try:
        kwargs, extras = _user_changes(host, opts)
        if "delete" in opts:
            if store.find_user(name) is None:
                return _helpmsg(banner + "The user name could not be found.", 2221)
            net.user_delete(host, name, domain=domain)
            return _ok(banner + _COMPLETED)
        if "add" in opts:
            if store.find(name) is not None:
                return _helpmsg(banner + "The account already exists.", 2224)
            net.user_add(
                host,
                name,
                Secret(password or ""),
                domain=domain,
                full_name=opts.get("fullname") or "",
                comment=opts.get("comment") or "",
            )
            password = None
        elif store.find_user(name) is None:
            return _helpmsg(banner + "The user name could not be found.", 2221)
        elif password is None and not (set(opts) - {"domain"}):
            account = store.user(name)
            return _ok(nr.render_net_user(host, account, domain_request=bool(banner)))
        net.user_set(
            host,
            name,
            domain=domain,
            password=None if password is None else Secret(password),
            **kwargs,  # type: ignore[arg-type]
        )
        account = store.user(name)
        for attribute, value in extras.items():
            setattr(account, attribute, value)
    except ModelError as exc:
        return _invalid_value(exc)
    return _ok(banner + _COMPLETED)


def _user_changes(
    host: Host, opts: dict[str, str | None]
) -> tuple[dict[str, object], dict[str, object]]:
    """net user switches as `net.user_set` arguments, plus account attributes it does not take.

    Every value is checked here, before anything changes, as net.exe refuses a command line with
    one bad value without applying the rest.
    """
    kwargs: dict[str, object] = {}
    extras: dict[str, object] = {}
    for flag, attribute in (
        ("active", "active"),
        ("logonpasswordchg", "logonpasswordchg"),
        ("passwordchg", "user_may_change_password"),
        ("passwordreq", "password_required"),
    ):
        if flag in opts:
            value = _yes_no(opts[flag])
            if value is None:
                raise ModelError(
                    f"{(opts[flag] or '').upper()} is not a valid value for the /{flag.upper()} "
                    "option; use YES or NO"
                )
            (kwargs if flag in ("active", "logonpasswordchg") else extras)[attribute] = value
    if "expires" in opts:
        expires = _net_date(opts["expires"] or "")
        if expires != "never":
            month, day, year = _date_parts(expires)
            host.clock.local(year, month, day)  # raises for an impossible date
        kwargs["expires"] = expires
    if "times" in opts:
        times = opts["times"] or ""
        LogonHours.from_net_times(times, host.clock.tz)  # raises for a bad day or hour
        kwargs["times"] = times
    if "workstations" in opts:
        names = [n for n in (opts["workstations"] or "*").split(",") if n.strip()]
        if len(names) > net.MAX_WORKSTATIONS:
            raise ModelError("net user /workstations: takes at most eight computer names")
        kwargs["workstations"] = opts["workstations"] or "*"
    if "fullname" in opts:
        kwargs["full_name"] = opts["fullname"] or ""
    if "comment" in opts:
        extras["description"] = opts["comment"] or ""
    return kwargs, extras


def _date_parts(text: str) -> tuple[int, int, int]:
    parts = text.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ModelError(f"{text!r} is not a date net user accepts (mm/dd/yyyy)", subject=text)
    month, day, year = (int(p) for p in parts)
    return month, day, year


def _net_date(text: str) -> str:
    """net user /expires: mm/dd/yy[yy] (en-US) or NEVER; a two-digit year is 19xx from 50."""
    value = text.strip()
    if value.lower() == "never":
        return "never"
    parts = re.split(r"[/,.-]", value)
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 2:
        year = int(parts[2])
        parts[2] = str(2000 + year if year < 50 else 1900 + year)
        return "/".join(parts)
    return value.replace(",", "/").replace(".", "/")


def _net_localgroup(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    syntax = (
        "The syntax of this command is:\n\n"
        "NET LOCALGROUP\n"
        '[groupname [/COMMENT:"text"]] [/DOMAIN]\n'
        '              groupname {/ADD [/COMMENT:"text"] | /DELETE}  [/DOMAIN]\n'
        "              groupname name [...] {/ADD | /DELETE} [/DOMAIN]\n"
    )
    opts, error = _collect(switches, ("add", "delete", "domain", "comment"), syntax)
    if error is not None:
        return error
    if "domain" in opts:
        return _fail(1, "net localgroup /domain is not modelled by this simulator.")
    if not positional:
        names = sorted((g.name for g in host.sam.groups()), key=str.lower)
        lines = ["", f"Aliases for \\\\{host.computer_name}", "", nr.DASHES]
        lines += [f"*{n}" for n in names] + [nr.COMPLETED, ""]
        return _ok("\n".join(lines) + "\n")
    group = host.sam.find_group(positional[0])
    if group is None:
        return _system_error(1376, "The specified local group does not exist.")
    members = positional[1:]
    if not members:
        if "add" in opts or "delete" in opts:
            return _fail(1, "Creating or deleting local groups is not modelled by this simulator.")
        return _ok(nr.render_net_localgroup(host, group))
    if ("add" in opts) == ("delete" in opts):
        return _fail(1, syntax)
    for member in members:
        if host.resolve(member) is None:
            return _system_error(
                1332, "No mapping between account names and security IDs was done."
            )
        if "add" in opts:
            if not net.localgroup_add(host, group.name, member):
                return _system_error(
                    1378, "The specified account name is already a member of the group."
                )
        elif not net.localgroup_delete(host, group.name, member):
            return _system_error(1377, "The specified account name is not a member of the group.")
    return _ok(_COMPLETED)


def _net_group(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    syntax = (
        "The syntax of this command is:\n\n"
        "NET GROUP\n"
        '[groupname [/COMMENT:"text"]] [/DOMAIN]\n'
        '         groupname {/ADD [/COMMENT:"text"] | /DELETE}  [/DOMAIN]\n'
        "         groupname username [...] {/ADD | /DELETE} [/DOMAIN]\n"
    )
    opts, error = _collect(switches, ("add", "delete", "domain", "comment"), syntax)
    if error is not None:
        return error
    if not ("domain" in opts or host.is_dc):
        return _helpmsg("This command can be used only on a Windows Domain Controller.", 3515)
    domain = host.domain
    if domain is None:
        return _no_domain()
    banner = nr.domain_banner(host) + "\n\n" if not host.is_dc else ""
    if not positional:
        return _fail(1, "Listing every domain group is not modelled by this simulator.")
    group = domain.find_group(positional[0])
    if group is None:
        return _helpmsg(banner + "The group name could not be found.", 2220)
    members = positional[1:]
    if not members:
        return _ok(banner + _render_net_group(host, group))
    if ("add" in opts) == ("delete" in opts):
        return _fail(1, syntax)
    for member in members:
        if domain.find(member.rpartition("\\")[2]) is None:
            return _helpmsg(banner + "The user name could not be found.", 2221)
        if "add" in opts:
            if not net.group_add_member(host, group.name, _qualified(host, member)):
                return _helpmsg(banner + "The user already belongs to this group.", 2236)
        elif not _group_remove_member(host, group, member):
            return _helpmsg(banner + "The user does not belong to this group.", 2237)
    return _ok(banner + _COMPLETED)


def _qualified(host: Host, member: str) -> str:
    """A name typed to `net group ... /domain` always means the domain's account."""
    assert host.domain is not None
    return member if "\\" in member else f"{host.domain.authority}\\{member}"


def _group_remove_member(host: Host, group: Group, member: str) -> bool:
    """`net group GROUP NAME /delete /domain` (no typed operation exists for it yet)."""
    assert host.domain is not None
    found = host.domain.find(member.rpartition("\\")[2])
    return found is not None and host.domain.remove_member(group, found.sid)


def _render_net_group(host: Host, group: Group) -> str:
    names = sorted(
        (nr.member_name(host, sid).rpartition("\\")[2] for sid in group.members), key=str.lower
    )
    rows = ["".join(f"{n:<25}" for n in names[i : i + 3]) for i in range(0, len(names), 3)]
    lines = [
        f"{'Group name':<15}{group.name}",
        f"{'Comment':<15}{group.description}",
        "",
        "Members",
        "",
        nr.DASHES,
        *rows,
        nr.COMPLETED,
        "",
    ]
    return "\n".join(lines) + "\n"


_NET_ACCOUNTS_SWITCHES = (
    "domain",
    "forcelogoff",
    "lockoutduration",
    "lockoutthreshold",
    "lockoutwindow",
    "maxpwage",
    "minpwage",
    "minpwlen",
    "uniquepw",
)


def _net_accounts(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    syntax = (
        "The syntax of this command is:\n\n"
        "NET ACCOUNTS\n"
        "[/FORCELOGOFF:{minutes | NO}] [/MINPWLEN:length]\n"
        "              [/MAXPWAGE:{days | UNLIMITED}] [/MINPWAGE:days]\n"
        "              [/UNIQUEPW:number] [/DOMAIN]\n"
    )
    opts, error = _collect(switches, _NET_ACCOUNTS_SWITCHES, syntax)
    if error is not None:
        return error
    if positional:
        return _fail(1, syntax)
    domain = "domain" in opts
    if (domain or host.is_dc) and host.domain is None:
        return _no_domain()
    banner = domain and not host.is_dc
    policy = host.domain.policy if (domain or host.is_dc) and host.domain else host.sam.policy
    changes = {k: v for k, v in opts.items() if k != "domain"}
    if not changes:
        return _ok(nr.render_net_accounts(host, policy, domain_request=banner))
    if "forcelogoff" in changes and (changes["forcelogoff"] or "").lower() != "no":
        return _fail(1, "/FORCELOGOFF with a time is not modelled by this simulator.")
    try:
        numbers = {
            k: _whole_number(k, v)
            for k, v in changes.items()
            if k not in ("forcelogoff", "maxpwage")
        }
        maxpwage: int | str | None = None
        if "maxpwage" in changes:
            text = (changes["maxpwage"] or "").strip().lower()
            maxpwage = "unlimited" if text == "unlimited" else _whole_number("maxpwage", text)
        before = (policy.min_password_age, policy.min_password_length, policy.password_history)
        try:
            if "minpwage" in numbers:
                policy.min_password_age = timedelta(days=numbers["minpwage"])
            if "minpwlen" in numbers:
                policy.min_password_length = numbers["minpwlen"]
            if "uniquepw" in numbers:
                policy.password_history = numbers["uniquepw"]
            net.accounts(
                host,
                domain=domain,
                lockoutthreshold=numbers.get("lockoutthreshold"),
                lockoutduration=numbers.get("lockoutduration"),
                lockoutwindow=numbers.get("lockoutwindow"),
                maxpwage=maxpwage,
            )
        except ModelError:
            policy.min_password_age, policy.min_password_length, policy.password_history = before
            raise
    except ModelError as exc:
        return _fail(
            2, f"System error 87 has occurred.\n\nThe parameter is incorrect.\n\n({exc})\n"
        )
    prefix = nr.domain_banner(host) + "\n\n" if banner else ""
    return _ok(prefix + _COMPLETED)


def _whole_number(switch: str, value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdigit():
        raise ModelError(f"/{switch.upper()} takes a whole number")
    return int(text)


#: Modern FormatMessage texts where they differ from Windows Server 2003's (net use transcripts).
_MODERN_TEXT = {
    1326: "The user name or password is incorrect.",
    1331: "This user can't sign in because this account is currently disabled.",
}


def win32_text(host: Host, outcome: Outcome) -> str:
    codes = outcome.codes
    if host.os is not OsFamily.WS2003 and codes.win32 in _MODERN_TEXT:
        return _MODERN_TEXT[codes.win32]
    return codes.message


def _net_use(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    syntax = (
        "The syntax of this command is:\n\n"
        "NET USE\n"
        "[devicename | *] [\\\\computername\\sharename[\\volume] [password | *]]\n"
        "        [/USER:[domainname\\]username]\n"
        "        [/DELETE]\n"
    )
    opts, error = _collect(switches, ("user", "delete", "persistent"), syntax)
    if error is not None:
        return error
    if not positional:
        return _ok("New connections will be remembered.\n\nThere are no entries in the list.\n\n")
    target = positional[0]
    if "delete" in opts:
        return _ok(f"{target} was deleted successfully.\n\n")
    match = re.fullmatch(r"\\\\([^\\]+)\\[^\\]+.*", target)
    if match is None or len(positional) > 2:
        return _fail(1, syntax)
    server = match.group(1).lower()
    names = {host.computer_name.lower(), host.ip_address, "localhost", "127.0.0.1"}
    if host.fqdn:
        names.add(host.fqdn)
    if server not in names:
        return _system_error(53, "The network path was not found.")
    if "user" not in opts or not opts["user"]:
        return _fail(
            1,
            "This simulated prompt can not ask for credentials: give /USER:DOMAIN\\NAME and the "
            "password on the command line.",
        )
    password = positional[1] if len(positional) == 2 else None
    if password is None or password == "*":
        return _fail(
            1, "This simulated prompt can not ask for a password: type it after the share."
        )
    user = opts["user"] or ""
    authority: str | None = None
    if "\\" in user:
        authority, user = user.split("\\", 1)
    client_ip = "127.0.0.1" if server in ("localhost", "127.0.0.1") else host.ip_address
    caller = Caller("-", 0, wk.NULL, "", "", 0)
    result = logon_user(
        host.logon_machine,
        user,
        authority,
        Secret(password),
        3,
        caller,
        workstation=host.computer_name,
        ip_address=client_ip,
    )
    if result.stopped_host:
        return _system_error(64, "The specified network name is no longer available.")
    if result.outcome.ok:
        return _ok(_COMPLETED)
    return _system_error(result.win32, win32_text(host, result.outcome))


# -- ntrights (Windows Server 2003 Resource Kit) --------------------------------------------------


def _ntrights(host: Host, args: list[str]) -> CommandResult:
    usage = "Usage: ntrights {-r Right | +r Right} -u UserOrGroup [-m \\\\Computer] [-e Entry]\n"
    principal: str | None = None
    actions: list[tuple[bool, str]] = []
    i = 0
    while i < len(args):
        flag = args[i].lower()
        value = args[i + 1] if i + 1 < len(args) else None
        if flag in ("-u", "+r", "-r", "-m", "-e") and value is None:
            return _fail(1, usage)
        if flag == "-u":
            principal = value
        elif flag in ("+r", "-r"):
            assert value is not None
            actions.append((flag == "+r", value))
        elif flag == "-m":
            if (value or "").strip("\\").upper() != host.computer_name:
                return _fail(53, "The network path was not found.")
        elif flag != "-e":
            return _fail(1, usage)
        i += 2
    if principal is None or not actions:
        return _fail(1, usage)
    lines: list[str] = []
    for grant, typed_right in actions:
        try:
            right = check_right_name(typed_right)
        except ModelError as exc:
            return _fail(1, "\n".join([*lines, f"{exc}"]))
        verb = f"Granting {right} to" if grant else f"Revoking {right} from"
        if host.resolve(principal) is None:
            lines.append(f"{verb} {principal} ... failed: no such account (error 1332)")
            return _fail(1332, "\n".join(lines))
        secpol.ntrights(host, principal, right, grant=grant)
        lines.append(f"{verb} {principal} ... successful")
    return _ok("\n".join(lines) + "\n")


# -- secedit --------------------------------------------------------------------------------------

_SECEDIT_DONE = (
    "\nThe task has completed successfully.\n"
    "See log %windir%\\security\\logs\\scesrv.log for detail info.\n"
)
_AREAS = ("SECURITYPOLICY", "GROUP_MGMT", "USER_RIGHTS", "REGKEYS", "FILESTORE", "SERVICES")


def _secedit(host: Host, args: list[str]) -> CommandResult:
    usage = (
        "Usage: secedit /export [/db filename] [/mergedpolicy] /cfg filename "
        "[/areas area1 area2...] [/log filename] [/quiet]\n"
    )
    if not args:
        return _fail(1, usage)
    verb = args[0].lower()
    if verb != "/export":
        return _fail(1, f"secedit {args[0]} is not modelled by this simulator.\n{usage}")
    cfg: str | None = None
    areas: set[str] = set()
    i = 1
    while i < len(args):
        flag = args[i].lower()
        if flag in ("/cfg", "/db", "/log"):
            if i + 1 >= len(args):
                return _fail(1, usage)
            if flag == "/cfg":
                cfg = args[i + 1]
            i += 2
        elif flag == "/areas":
            i += 1
            while i < len(args) and not args[i].startswith("/"):
                area = args[i].upper()
                if area not in _AREAS:
                    return _fail(1, f"{args[i]} is not a security area.\n{usage}")
                areas.add(area)
                i += 1
        elif flag in ("/mergedpolicy", "/quiet", "/verbose"):
            i += 1
        else:
            return _fail(1, usage)
    if cfg is None:
        return _fail(1, usage)
    exported_files(host)[cfg] = render_secedit(host, areas or None)
    return _ok(_SECEDIT_DONE)


def export_principal(host: Host, principal: str) -> str:
    """A right's holder as `secedit /export` writes it: the machine's own accounts and groups
    by name, every other principal it can map as ``*SID`` (see secedit_export_names)."""
    sid = host.resolve(principal)
    if sid is None:
        return principal
    if sid.domain == host.sam.authority_sid and not host.is_dc:
        found = host.sam.by_sid(sid)
        if found is not None:
            return found.name
    return f"*{sid}"


#: The order `secedit /export` writes [System Access] in (real exports: password ages, length,
#: complexity and history, then the lockout keys, then the rest).
_SYSTEM_ACCESS_ORDER: Final = (
    "MinimumPasswordAge",
    "MaximumPasswordAge",
    "MinimumPasswordLength",
    "PasswordComplexity",
    "PasswordHistorySize",
    "LockoutBadCount",
    "ResetLockoutCount",
    "LockoutDuration",
    "RequireLogonToChangePassword",
    "ForceLogoffWhenHourExpire",
    "NewAdministratorName",
    "NewGuestName",
    "ClearTextPassword",
    "LSAAnonymousNameLookup",
    "EnableAdminAccount",
    "EnableGuestAccount",
)


def render_secedit(host: Host, areas: set[str] | None = None) -> str:
    """The policy in effect as `secedit /export` writes it (decoded, CRLF line ends)."""
    wanted = set(_AREAS) if areas is None else areas
    template = host.lsa.effective()
    lines = ["[Unicode]", "Unicode=yes"]
    if "SECURITYPOLICY" in wanted:
        policy = host.domain.policy if (host.is_dc and host.domain) else host.sam.policy
        access: dict[str, int] = dict(template.system_access)
        access["MinimumPasswordAge"] = policy.min_password_age.days
        access["MaximumPasswordAge"] = (
            -1 if policy.max_password_age is None else policy.max_password_age.days
        )
        access["MinimumPasswordLength"] = policy.min_password_length
        access["PasswordHistorySize"] = policy.password_history
        access["LockoutBadCount"] = policy.lockout_threshold
        if policy.lockout_threshold:
            access["ResetLockoutCount"] = int(policy.lockout_window.total_seconds() // 60)
            access["LockoutDuration"] = (
                -1
                if policy.lockout_duration is None
                else int(policy.lockout_duration.total_seconds() // 60)
            )
        lines.append("[System Access]")
        order = {key: index for index, key in enumerate(_SYSTEM_ACCESS_ORDER)}
        ordered = sorted(access.items(), key=lambda kv: order.get(kv[0], len(order)))
        lines += [f"{key} = {value}" for key, value in ordered]
        lines.append("[Event Audit]")
        audit = dict(template.event_audit)
        if not host.os.legacy_events:
            # Since 2008 the local audit policy is the subcategory policy (auditpol.csv);
            # secedit's legacy categories show only what a GPO sets there.
            audit = {key: A.LEGACY_AUDIT_EXPORT.value for key in audit}
            for _, gpo in host.lsa.applied:
                audit.update(gpo.event_audit)
        lines += [f"{key} = {value}" for key, value in audit.items()]
        lines.append("[Registry Values]")
        for path, (kind, value) in template.registry_values.items():
            key, _, name = path.rpartition("\\")
            live = host.registry.get(key, name)
            shown = str(live.data) if live is not None else value
            lines.append(f"{path}={kind},{shown}")
    if "USER_RIGHTS" in wanted:
        lines.append("[Privilege Rights]")
        lines += [
            f"{right} = {','.join(export_principal(host, h) for h in holders)}"
            for right, holders in template.privilege_rights.items()
            if holders
        ]
    lines += ["[Version]", 'signature="$CHICAGO$"', "Revision=1"]
    return "\r\n".join(lines) + "\r\n"


# -- auditpol (Windows Server 2008 and later) -----------------------------------------------------

_AUDITPOL_BAD = "Error 0x00000057 occurred:\nThe parameter is incorrect.\n"


def _auditpol(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    if positional or not switches:
        return _fail(87, _AUDITPOL_BAD)
    verb = switches[0].name
    opts = {s.name: s.value for s in switches[1:]}
    subcategory = (opts.pop("subcategory", None) or "").strip()
    if verb not in ("set", "get") or subcategory.lower() != "logon":
        return _fail(87, _AUDITPOL_BAD)
    if verb == "get":
        if opts:
            return _fail(87, _AUDITPOL_BAD)
        setting = host.lsa.audit_logon()
        text = {
            (False, False): "No Auditing",
            (True, False): "Success",
            (False, True): "Failure",
            (True, True): "Success and Failure",
        }[(setting.success, setting.failure)]
        lines = [
            "System audit policy",
            f"{'Category/Subcategory':<42}Setting",
            "Logon/Logoff",
            f"{'  Logon':<42}{text}",
            "",
        ]
        return _ok("\n".join(lines))
    values: dict[str, bool] = {}
    for name, value in opts.items():
        choice = (value or "").lower()
        if name not in ("success", "failure") or choice not in ("enable", "disable"):
            return _fail(87, _AUDITPOL_BAD)
        values[name] = choice == "enable"
    if not values:
        return _fail(87, _AUDITPOL_BAD)
    secpol.auditpol_logon(host, success=values.get("success"), failure=values.get("failure"))
    return _ok("The command was successfully executed.\n")


# -- reg ------------------------------------------------------------------------------------------

_REG_OK = "The operation completed successfully.\n"
_REG_MISSING = "ERROR: The system was unable to find the specified registry key or value.\n"


def _reg(host: Host, args: list[str]) -> CommandResult:
    if not args:
        return _fail(1, 'ERROR: Invalid syntax.\nType "REG /?" for usage.\n')
    verb = args[0].lower()
    if verb not in ("add", "delete", "query"):
        return _fail(1, f"REG {args[0].upper()} is not modelled by this simulator.\n")
    usage = f'ERROR: Invalid syntax.\nType "REG {verb.upper()} /?" for usage.\n'
    key: str | None = None
    values: dict[str, str] = {}
    flags: set[str] = set()
    i = 1
    while i < len(args):
        token = args[i]
        low = token.lower()
        if low in ("/v", "/t", "/d", "/s"):
            if i + 1 >= len(args):
                return _fail(1, usage)
            values[low] = args[i + 1]
            i += 2
        elif low in ("/f", "/ve", "/va"):
            flags.add(low)
            i += 1
        elif low.startswith("/"):
            return _fail(1, usage)
        elif key is None:
            key = token
            i += 1
        else:
            return _fail(1, usage)
    if key is None:
        return _fail(1, usage)
    try:
        normalize_key(key)
    except ModelError:
        return _fail(1, f'ERROR: Invalid key name.\nType "REG {verb.upper()} /?" for usage.\n')
    if verb == "query":
        return _reg_query(host, key, values.get("/v"))
    name = values.get("/v")
    if name is None or "/ve" in flags or "/va" in flags:
        return _fail(1, "Only named values (/v NAME) are modelled by this simulator.\n")
    exists = host.registry.get(key, name) is not None
    if verb == "delete":
        if not exists:
            return _fail(1, _REG_MISSING)
        if "/f" not in flags:
            return _fail(1, _no_prompt("delete"))
        system.reg_delete(host, key, name)
        return _ok(_REG_OK)
    if exists and "/f" not in flags:
        return _fail(1, _no_prompt("overwrite"))
    type_name = values.get("/t", "REG_SZ").upper()
    data_text = values.get("/d", "")
    data: int | str
    if type_name == "REG_DWORD":
        try:
            data = (
                int(data_text, 16) if data_text.lower().startswith("0x") else int(data_text or "0")
            )
        except ValueError:
            return _fail(1, usage)
    elif type_name in ("REG_SZ", "REG_EXPAND_SZ"):
        data = data_text
    else:
        return _fail(1, f"{type_name} values are not modelled by this simulator.\n")
    try:
        system.reg_add(host, key, name, type_name, data)
    except ModelError:
        return _fail(1, usage)
    return _ok(_REG_OK)


def _no_prompt(what: str) -> str:
    return (
        f"ERROR: reg would ask before it does the {what}, and this simulated prompt can not "
        "answer; add /f.\n"
    )


def _reg_data(value: RegValue) -> str:
    data = value.data
    if isinstance(data, (bool, int)):
        return f"0x{int(data):x}"
    if isinstance(data, bytes):
        return data.hex().upper()
    if isinstance(data, tuple):
        return "\\0".join(data)
    return data


def _reg_query(host: Host, key: str, name: str | None) -> CommandResult:
    registry = host.registry
    normal = normalize_key(key)
    shown = "HKEY_LOCAL_MACHINE" + normal[len("HKLM") :]
    values = registry.values(key)
    depth = normal.count("\\") + 1
    children = [k for k in registry.subkeys(key) if k.count("\\") == depth]
    if name is not None:
        found = registry.get(key, name)
        if found is None:
            return _fail(1, _REG_MISSING)
        values = [found]
        children = []
    elif not values and not registry.subkeys(key):
        return _fail(1, _REG_MISSING)
    legacy = host.os is OsFamily.WS2003
    lines = [""]
    if legacy:
        lines += ["! REG.EXE VERSION 3.0", ""]
    lines.append(shown)
    for value in values:
        if legacy:
            lines.append(f"    {value.name}\t{value.type.value}\t{_reg_data(value)}")
        else:
            lines.append(f"    {value.name}    {value.type.value}    {_reg_data(value)}")
    if children:
        lines.append("")
        lines += ["HKEY_LOCAL_MACHINE" + child[len("HKLM") :] for child in children]
    lines.append("")
    return _ok("\n".join(lines) + "\n")


# -- wevtutil (Windows Server 2008 and later) -----------------------------------------------------

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


def _wevtutil(host: Host, args: list[str]) -> CommandResult:
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
    (XML is wevtutil's default format). /q, /e, /lf and the text formats are not modelled."""
    wanted: dict[str, str] = {}
    for name, value in opts.items():
        key = _QE_SWITCHES.get(name)
        if key is None:
            return _fail(1, f"wevtutil qe /{name} is not modelled by this simulator.")
        if value is None:
            return _fail(87, "The parameter is incorrect.\n")
        wanted[key] = value.strip().lower()
    if wanted.get("f", "xml") != "xml":
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
        return _ok(security_events_xml(chosen, host.os))
    records: list[SystemEvent] = list(host.system_log.records())
    picked = (records[::-1] if newest_first else records)[:count]
    return _ok("".join(system_event_xml(ev, host.os) + "\n" for ev in picked))


def _bool_word(text: str | None) -> bool | None:
    if text is None:
        return None
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(text)


# -- gpupdate, iisreset, shutdown -----------------------------------------------------------------


def _gpupdate(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    target = "both"
    for switch in switches:
        if switch.name == "force" and switch.value is None:
            continue
        if switch.name == "target" and (switch.value or "").lower() in ("computer", "user"):
            target = (switch.value or "").lower()
            continue
        if switch.name in ("wait", "boot", "logoff", "sync"):
            continue
        return _fail(1, "Invalid Syntax. Type GPUPDATE /? for usage.\n")
    if positional:
        return _fail(1, "Invalid Syntax. Type GPUPDATE /? for usage.\n")
    system.gpupdate(host)
    if host.os is OsFamily.WS2003:
        done = {
            "user": "User Policy Refresh has completed.",
            "computer": "Computer Policy Refresh has completed.",
        }
        order = ["user", "computer"]
        head = "Refreshing Policy..."
        tail = ["", "To check for errors in policy processing, review the event log."]
    else:
        done = {
            "computer": "Computer Policy update has completed successfully.",
            "user": "User Policy update has completed successfully.",
        }
        order = ["computer", "user"]
        head = "Updating policy..."
        tail = []
    lines = [head, "", *(done[t] for t in order if target in (t, "both")), *tail, ""]
    return _ok("\n".join(lines) + "\n")


def _iisreset(host: Host, args: list[str]) -> CommandResult:
    _, switches = parse_switches(args)
    for switch in switches:
        if switch.name not in ("restart", "noforce", "timeout"):
            return _fail(1, f"iisreset {switch.raw} is not modelled by this simulator.\n")
    system.iisreset(host)
    return _ok(
        "\nAttempting stop...\nInternet services successfully stopped\n"
        "Attempting start...\nInternet services successfully restarted\n\n"
    )


def _shutdown(host: Host, args: list[str]) -> CommandResult:
    _, switches = parse_switches(args, prefixes="/-")
    names = [s.name for s in switches]
    if "r" not in names or any(n not in ("r", "t", "f", "c", "d") for n in names):
        return _fail(
            1,
            "Only a restart (shutdown /r [/t N] [/f]) is modelled by this simulator.\n",
        )
    system.restart(host)
    return _ok()


# -- cscript adsutil.vbs --------------------------------------------------------------------------

_WSH_BANNER = (
    "Microsoft (R) Windows Script Host Version 5.6\n"
    "Copyright (C) Microsoft Corporation 1996-2001. All rights reserved.\n\n"
)


def _cscript(host: Host, args: list[str]) -> CommandResult:
    options = [a for a in args if a.startswith("//")]
    rest = [a for a in args if not a.startswith("//")]
    banner = "" if any(o.lower() == "//nologo" for o in options) else _WSH_BANNER
    if not rest:
        return _fail(1, banner + "Usage: CScript scriptname.extension [option...] [arguments...]\n")
    script = rest[0]
    if _tool_name(script) == "eventquery.vbs" and host.os is OsFamily.WS2003:
        result = _eventquery(host, rest[1:])
        return CommandResult(result.exit_code, banner + result.output)
    if _tool_name(script) != "adsutil.vbs" or not host.iis.legacy:
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
                metabase = adsutil.metabase(host)
                adsutil.set_property(host, path, spec.name, Secret(words[2]))
                stored = metabase.get(path, spec.name)
                return _ok(render_property(spec, stored) + "\n")
        result = adsutil.adsutil(host, *words)
    except ModelError as exc:
        return _fail(1, f"{exc}")
    return CommandResult(result.exit_code, result.output + "\n" if result.output else "")


def _adsutil_bare(host: Host, args: list[str]) -> CommandResult:
    """`adsutil.vbs ...` with cscript as the default script host: as //nologo."""
    return _adsutil(host, args)


# -- cscript eventquery.vbs (Windows Server 2003) ----------------------------------------------

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


# -- appcmd (IIS 7 and later) ---------------------------------------------------------------------

#: The schema order appcmd writes anonymousAuthentication's attributes in.
_ANONYMOUS_ORDER = ("enabled", "userName", "password", "defaultLogonDomain", "logonMethod")
_LOCK_ERROR = (
    "ERROR ( message:This configuration section cannot be used at this path. This happens when "
    "the section is locked at a parent level. Locking is either by default "
    '(overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" '
    'or the legacy allowOverride="false". Add /commit:apphost to write it to '
    "applicationHost.config. )\n"
)


def _appcmd_error(text: str, code: int = 13) -> CommandResult:
    return _fail(code, f"ERROR ( message:{text} )\n")


def _section_name(text: str) -> str:
    """A section as appcmd accepts it (full path or the last element) -> its full path."""
    full = {
        "anonymousauthentication": ANONYMOUS,
        "windowsauthentication": ANONYMOUS.rsplit("/", 1)[0] + "/windowsAuthentication",
        "basicauthentication": ANONYMOUS.rsplit("/", 1)[0] + "/basicAuthentication",
    }
    found = full.get(text.rsplit("/", 1)[-1].lower())
    if found is None:
        raise ModelError(f'Unknown config section "{text}".')
    return found


def _appcmd(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args, prefixes="/-")
    if len(positional) < 2 or positional[1].lower() != "config":
        return _appcmd_error(
            "Only 'set config' and 'list config' are modelled by this simulator.", 1
        )
    verb = positional[0].lower()
    location = positional[2] if len(positional) > 2 else None
    if len(positional) > 3 or verb not in ("set", "list"):
        return _appcmd_error(
            "Only 'set config' and 'list config' are modelled by this simulator.", 1
        )
    opts: dict[str, str] = {}
    for switch in switches:
        raw_name = switch.raw[1:].partition(":")[0]
        opts[raw_name] = switch.value or ""
    section_text = next((v for k, v in opts.items() if k.lower() == "section"), None)
    commit = next((v for k, v in opts.items() if k.lower() == "commit"), None)
    attributes = {k: v for k, v in opts.items() if k.lower() not in ("section", "commit", "config")}
    if section_text is None:
        return _appcmd_error("Give the section with -section:NAME.", 1)
    try:
        section = _section_name(section_text)
        config = appcmd.apphost(host)
        if location is not None:
            location = location.strip("/") or None
        if verb == "list":
            show_all = any(k.lower() == "config" and v == "*" for k, v in opts.items())
            if attributes:
                return _appcmd_error("list config takes no attributes in this simulator.", 1)
            return _ok(_render_list_config(config, section, location, show_all))
        if not attributes:
            return _appcmd_error("Give at least one attribute to set (/name:value).", 1)
        if location is not None and (commit or "").lower() not in ("apphost", SERVER_LEVEL.lower()):
            return _fail(33, _LOCK_ERROR)
        typed = {name: _appcmd_value(name, value) for name, value in attributes.items()}
        if section == ANONYMOUS:
            appcmd.set_anonymous(host, location, **typed)
        else:
            config.set_section(section, location, **typed)
    except ModelError as exc:
        return _appcmd_error(_appcmd_message(exc))
    target = SERVER_LEVEL if location is None else f"{SERVER_LEVEL}/{location}"
    return _ok(
        f'Applied configuration changes to section "{section}" for "{target}" at configuration '
        f'commit path "{SERVER_LEVEL}"\n'
    )


def _appcmd_message(exc: ModelError) -> str:
    text = str(exc)
    if text.startswith("'") and "is not an attribute of" in text:
        return f'Unknown attribute "{exc.subject}".  Replace with -? for help.'
    return text


def _appcmd_value(name: str, value: str) -> object:
    low = name.lower()
    if low == "enabled":
        if value.lower() not in ("true", "false"):
            raise ModelError(f'The value "{value}" is not valid for enabled (true or false).')
        return value.lower() == "true"
    if low == "password":
        return Secret(value)
    return value


def _render_list_config(
    config: AppHostConfig, section: str, location: str | None, show_all: bool
) -> str:
    """`appcmd list config [LOCATION] -section:...`: the section as it applies there, wrapped in
    its parent elements, two spaces a level. Only attributes set at some level are shown unless
    /config:* asks for the defaults too. A password is never shown (see the module doc)."""
    if location is None:
        values = _server_values(config, section)
        found = {attr: (values.get(attr), attr in values) for attr in _attributes(section)}
    else:
        site, _, rest = location.partition("/")
        url = "/" + rest
        found = {}
        for attr in _attributes(section):
            effective = config.effective(section, site, url, attr)
            found[attr] = (effective.value, effective.set_at is not None)
    parts: list[str] = []
    for attr, (value, is_set) in found.items():
        if not (is_set or show_all):
            continue
        parts.append(f'{attr}="{_xml_value(attr, value)}"')
    path = section.split("/")
    lines = [f"{'  ' * depth}<{name}>" for depth, name in enumerate(path[:-1])]
    attributes = (" " + " ".join(parts)) if parts else ""
    lines.append(f"{'  ' * (len(path) - 1)}<{path[-1]}{attributes} />")
    lines += [f"{'  ' * depth}</{name}>" for depth, name in reversed(list(enumerate(path[:-1])))]
    return "\n".join(lines) + "\n"


def _attributes(section: str) -> tuple[str, ...]:
    return _ANONYMOUS_ORDER if section == ANONYMOUS else ("enabled",)


def _server_values(config: AppHostConfig, section: str) -> dict[str, object]:
    """What the server level itself sets. AppHostConfig has no public reader for one level yet,
    so this reads its table directly (reported to the lead: a `values_at(section, location)`
    accessor would replace it)."""
    block = config._sections[section].get("")
    return {} if block is None else dict(block.values)


def _xml_value(attr: str, value: object) -> str:
    if attr == "password":
        if isinstance(value, Secret) and not value.is_empty:
            return "********"
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = ""
    else:
        text = str(value)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# -- icacls ---------------------------------------------------------------------------------------


def _icacls(host: Host, args: list[str]) -> CommandResult:
    from . import icacls_tool  # the icacls model is written separately; load it only when used

    try:
        code, output = icacls_tool.icacls(host, args)
    except ModelError as exc:
        return _fail(87, f"{exc}")
    return CommandResult(code, output)


# -- type and dir: the files an administrator reads (today the IIS logs) -------------------------


def iis_log_root(host: Host) -> str:
    """Where IIS writes its W3C logs by default: %windir%\\system32\\LogFiles on IIS 6,
    %SystemDrive%\\inetpub\\logs\\LogFiles on IIS 7 and later, one W3SVC<site id> folder
    a site."""
    if host.iis.legacy:
        return windows_dir(host) + r"\system32\LogFiles"
    return r"C:\inetpub\logs\LogFiles"


def _disk(host: Host) -> dict[str, dict[str, list[str] | None]]:
    """The folders commands can read, lower-cased full path -> entry name -> the file's lines
    (None for a folder). A site's folder appears with its first log file, as IIS creates it."""
    root = iis_log_root(host)
    folders: dict[str, dict[str, list[str] | None]] = {root.lower(): {}}
    for site, files in host.iis.log_files().items():
        folders[root.lower()][site] = None
        folders[f"{root}\\{site}".lower()] = dict(files)
    return folders


def _full_path(host: Host, path: str) -> str:
    """A path as cmd.exe resolves it: "/" as "\\", relative to an administrator's prompt
    (%windir%\\system32), no trailing backslash."""
    text = path.replace("/", "\\").rstrip("\\")
    if not (len(text) >= 2 and text[1] == ":"):
        text = windows_dir(host) + r"\system32" + ("\\" + text if text else "")
    return text


def _type(host: Host, args: list[str]) -> CommandResult:
    """`type FILE`: the file's text as it is stored (one file; wildcards are not modelled)."""
    if len(args) != 1 or args[0].startswith("/"):
        return _fail(1, "The syntax of the command is incorrect.")
    folder, _, name = _full_path(host, args[0]).rpartition("\\")
    entries = _disk(host).get(folder.lower())
    if entries is None:
        return _fail(1, "The system cannot find the path specified.")
    found = {key.lower(): lines for key, lines in entries.items()}
    if name.lower() not in found:
        return _fail(1, "The system cannot find the file specified.")
    lines = found[name.lower()]
    if lines is None:
        return _fail(1, "Access is denied.")
    return _ok("".join(line + "\n" for line in lines))


def _dir(host: Host, args: list[str]) -> CommandResult:
    """`dir /b [/o:n|/o:d|/o:-n|/o:-d] FOLDER`: the entry names, one a line. IIS log names
    carry their date (exYYMMDD, u_exYYMMDD), so date order is name order here. Without /b
    (dates and sizes) is not modelled."""
    paths = [a for a in args if not a.startswith("/")]
    switches = [a.lower().replace(":", "") for a in args if a.startswith("/")]
    if "/b" not in switches or len(paths) > 1:
        return _fail(1, "Only dir /b [/o:n|/o:d|/o:-n|/o:-d] FOLDER is modelled by this simulator.")
    newest_last = True
    for switch in switches:
        if switch in ("/on", "/od", "/o"):
            newest_last = True
        elif switch in ("/o-n", "/o-d"):
            newest_last = False
        elif switch != "/b":
            return _fail(1, f"dir {switch} is not modelled by this simulator.")
    folder = _full_path(host, paths[0] if paths else "")
    entries = _disk(host).get(folder.lower())
    if not entries:
        return _fail(1, "File Not Found")
    names = sorted(entries, key=str.lower, reverse=not newest_last)
    return _ok("".join(name + "\n" for name in names))


# -- the table of tools ---------------------------------------------------------------------------

_TOOLS: dict[str, Callable[[Host, list[str]], CommandResult]] = {
    "net": _net,
    "ntrights": _ntrights,
    "secedit": _secedit,
    "auditpol": _auditpol,
    "reg": _reg,
    "wevtutil": _wevtutil,
    "gpupdate": _gpupdate,
    "iisreset": _iisreset,
    "shutdown": _shutdown,
    "cscript": _cscript,
    "adsutil.vbs": _adsutil_bare,
    "appcmd": _appcmd,
    "icacls": _icacls,
    "type": _type,
    "dir": _dir,
}
