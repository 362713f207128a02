"""cmd.exe's own commands and the small console tools an administrator types while looking
around: echo, set, ver, hostname, cd, whoami, ipconfig, more, findstr.

The console user is the built-in Administrator: the machine's own on a member or workgroup
server, the domain's on a domain controller (`console_user`). `more` and `findstr` read the
files the shell can read: the IIS logs under `iis_log_root` and the files commands wrote
(`exported_files`, today secedit's exports).

Output texts and their sources (facts only, nothing copied):

- ver: a blank line, then "Microsoft Windows [Version 5.2.3790]" on Windows Server 2003 and
  "Microsoft Windows [Version 10.0.BUILD.REVISION]" on 2016+ (transcripts of `ver` and of
  systeminfo's "OS Version: 10.0.17763 N/A Build 17763"); the revision (the update level) is
  chosen without confirmation: it differs from server to server.
- whoami: the name in lower case, "domain\\user" (many transcripts). whoami /groups: a blank
  line, "GROUP INFORMATION", a line of dashes as long, a blank line, then the columns Group
  Name, Type, SID, Attributes, each as wide as its widest entry (Attributes: as wide as
  "Mandatory group, Enabled by default, Enabled group, Group owner"), separated by one space
  and underlined with "="; types "Well-known group", "Alias", "Group", "Label"; the
  Administrators row adds "Group owner"; the label row has no attributes (whoami /all
  transcripts of a local administrator on Windows Server 2019 and of domain administrators,
  public CTF write-ups in the search index). The set of well-known groups for a console logon
  (INTERACTIVE, CONSOLE LOGON, Local account, NTLM Authentication for a local account,
  Authentication authority asserted identity for a domain one) follows those transcripts.
- ipconfig: "Windows IP Configuration", two blank lines, "Ethernet adapter NAME:", a blank
  line, then "DNS Suffix", address, mask and gateway lines with dotted leaders to column 39;
  2003 names the adapter "Local Area Connection", indents 8 spaces and says "IP Address";
  2008+ names it "Ethernet0", indents 3 and says "IPv4 Address" (from memory of both; chosen
  without confirmation). The address is 192.0.2.x (RFC 5737's documentation range), x the
  host's own last octet, so it is deterministic; IPv6 is not modelled.
- set: NAME=value lines sorted by name, as cmd.exe prints them; only the variables
  `cmdline.environment` knows (ComputerName, SystemRoot, ...), names in Windows' usual case.
- findstr: matching lines as they are, case-sensitive unless /I, exit 1 when nothing matched
  (findstr /? and common use). more: the file's lines.
- "The system cannot find the file specified." / "The system cannot find the path specified."
  as for `type`. findstr's missing file: "FINDSTR: Cannot open NAME" (from memory; chosen
  without confirmation).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from winfacts import wellknown as wk
from winfacts.sid import Sid

from ...accounts import Account
from ...events import OsFamily
from ...host import Host
from ..cmdline import environment, windows_dir
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from .files import iis_log_root
from .secedit import exported_files

#: The update revision `ver` shows after the build (chosen without confirmation).
VER_REVISION: Final = {
    OsFamily.WS2016: "14393.693",
    OsFamily.WS2019: "17763.1879",
    OsFamily.WS2022: "20348.2340",
}


def modern(host: Host) -> bool:
    return host.os is not OsFamily.WS2003


# -- echo, set, ver, hostname, cd -----------------------------------------------------------------


@register("echo", "Displays messages.")
def _echo(host: Host, args: list[str]) -> CommandResult:
    """`echo TEXT`; bare `echo` reports the echo state (an interactive prompt has it on). The
    shell has already removed quotes, which cmd.exe's echo would print (not modelled)."""
    if not args:
        return _ok("ECHO is on.\n")
    return _ok(" ".join(args) + "\n")


_ENV_NAMES: Final = {
    "computername": "COMPUTERNAME",
    "programfiles": "ProgramFiles",
    "systemdrive": "SystemDrive",
    "systemroot": "SystemRoot",
    "userdomain": "USERDOMAIN",
    "windir": "windir",
}


@register("set", "Displays cmd.exe environment variables.")
def _set(host: Host, args: list[str]) -> CommandResult:
    """`set` lists the variables, `set PREFIX` those whose name starts with PREFIX; setting a
    variable (`set NAME=value`) is not modelled."""
    env = {_ENV_NAMES.get(k, k): v for k, v in environment(host).items()}
    if any("=" in a for a in args):
        return _fail(1, "Setting an environment variable is not modelled by this simulator.")
    prefix = " ".join(args).lower()
    names = sorted((n for n in env if n.lower().startswith(prefix)), key=str.lower)
    if not names:
        return _fail(1, f"Environment variable {' '.join(args)} not defined")
    return _ok("".join(f"{n}={env[n]}\n" for n in names))


@register("ver", "Displays the Windows version.")
def _ver(host: Host, args: list[str]) -> CommandResult:
    if host.os is OsFamily.WS2003:
        return _ok("\nMicrosoft Windows [Version 5.2.3790]\n")
    return _ok(f"\nMicrosoft Windows [Version 10.0.{VER_REVISION[host.os]}]\n")


@register("hostname", "Prints the name of the current host.")
def _hostname(host: Host, args: list[str]) -> CommandResult:
    if args:
        return _fail(1, "sethostname: Use the Network Control Panel Applet to set hostname.")
    return _ok(host.computer_name + "\n")


@register("cd", "Displays the name of the current directory.")
def _cd(host: Host, args: list[str]) -> CommandResult:
    """`cd` prints the prompt's folder, %windir%\\system32 (an administrator's prompt); `cd PATH`
    is accepted and changes nothing, since the simulated prompt has no current folder to keep."""
    if args:
        return _ok()
    return _ok(windows_dir(host) + r"\system32" + "\n")


# -- whoami ---------------------------------------------------------------------------------------


def console_user(host: Host) -> Account:
    """Who is at the console: the domain's Administrator on a DC, else the machine's."""
    if host.is_dc and host.domain is not None:
        return host.domain.user("Administrator")
    return host.sam.user("Administrator")


_LOCAL_ADMIN_MEMBER: Final = Sid.parse("S-1-5-114")
_LOCAL_ACCOUNT: Final = Sid.parse("S-1-5-113")
_CONSOLE_LOGON: Final = Sid.parse("S-1-2-1")
_NTLM: Final = Sid.parse("S-1-5-64-10")
_ASSERTED: Final = Sid.parse("S-1-18-1")
_HIGH: Final = Sid.parse("S-1-16-12288")
_ATTRS: Final = "Mandatory group, Enabled by default, Enabled group"
_ATTRS_WIDTH: Final = len(_ATTRS + ", Group owner")


def token_groups(host: Host) -> list[tuple[str, str, Sid, str]]:
    """The console user's groups as whoami lists them: (name, type, SID, attributes)."""
    user = console_user(host)
    domain = host.domain if user.is_domain else None
    domain_groups = sorted(domain.token_groups(user) - {user.sid}, key=str) if domain else []
    base = {user.sid, wk.INTERACTIVE, wk.AUTHENTICATED_USERS, wk.EVERYONE, *domain_groups}
    aliases = [g for g in host.sam.groups() if g.authority == "BUILTIN" and g.members & base]
    if host.is_dc and all(g.sid != wk.ADMINISTRATORS for g in aliases):
        # A DC's Administrators alias holds Domain Admins (the model leaves it empty there).
        aliases.insert(0, host.sam.group("Administrators"))
    aliases.sort(key=lambda g: g.sid != wk.ADMINISTRATORS)
    rows: list[tuple[str, str, Sid, str]] = [("Everyone", "Well-known group", wk.EVERYONE, _ATTRS)]
    if domain is None:
        rows.append(
            (
                "NT AUTHORITY\\Local account and member of Administrators group",
                "Well-known group",
                _LOCAL_ADMIN_MEMBER,
                _ATTRS,
            )
        )
    for alias in aliases:
        owner = ", Group owner" if alias.sid == wk.ADMINISTRATORS else ""
        rows.append((alias.qualified, "Alias", alias.sid, _ATTRS + owner))
    rows += [
        ("NT AUTHORITY\\INTERACTIVE", "Well-known group", wk.INTERACTIVE, _ATTRS),
        ("CONSOLE LOGON", "Well-known group", _CONSOLE_LOGON, _ATTRS),
        ("NT AUTHORITY\\Authenticated Users", "Well-known group", wk.AUTHENTICATED_USERS, _ATTRS),
        ("NT AUTHORITY\\This Organization", "Well-known group", wk.THIS_ORGANIZATION, _ATTRS),
    ]
    if domain is None:
        rows.append(("NT AUTHORITY\\Local account", "Well-known group", _LOCAL_ACCOUNT, _ATTRS))
    rows.append(("LOCAL", "Well-known group", wk.LOCAL, _ATTRS))
    if domain is None:
        rows.append(("NT AUTHORITY\\NTLM Authentication", "Well-known group", _NTLM, _ATTRS))
    else:
        for sid in domain_groups:
            group = domain.by_sid(sid)
            if group is not None:
                rows.append((group.qualified, "Group", sid, _ATTRS))
        rows.append(
            ("Authentication authority asserted identity", "Well-known group", _ASSERTED, _ATTRS)
        )
    rows.append(("Mandatory Label\\High Mandatory Level", "Label", _HIGH, ""))
    return rows


def _table(headers: tuple[str, ...], rows: Iterable[tuple[str, ...]], last: int) -> list[str]:
    rows = list(rows)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers[:-1])]
    widths.append(last)
    lines = [" ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append(" ".join("=" * w for w in widths))
    lines += [" ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines


@register("whoami", "Displays who is logged on.", available=modern)
def _whoami(host: Host, args: list[str]) -> CommandResult:
    """`whoami` and `whoami /groups`; /priv, /all, /user and /fo are not modelled."""
    user = console_user(host)
    words = [a.lower() for a in args]
    if not words:
        return _ok(user.qualified.lower() + "\n")
    if words != ["/groups"]:
        return _fail(1, f"whoami {' '.join(args)} is not modelled by this simulator.")
    rows = [(n, t, str(s), a) for n, t, s, a in token_groups(host)]
    table = _table(("Group Name", "Type", "SID", "Attributes"), rows, _ATTRS_WIDTH)
    return _ok("\nGROUP INFORMATION\n-----------------\n\n" + "\n".join(table) + "\n")


# -- ipconfig -------------------------------------------------------------------------------------


def documentation_address(host: Host) -> str:
    """The server's address as ipconfig shows it: 192.0.2.x, x the model's own last octet."""
    return "192.0.2." + host.ip_address.rsplit(".", 1)[-1]


_IPCONFIG_LABELS: Final = {
    True: (  # Windows Server 2003
        " " * 8,
        "Local Area Connection",
        (
            "Connection-specific DNS Suffix  . : ",
            "IP Address. . . . . . . . . . . . : ",
            "Subnet Mask . . . . . . . . . . . : ",
            "Default Gateway . . . . . . . . . : ",
        ),
    ),
    False: (
        " " * 3,
        "Ethernet0",
        (
            "Connection-specific DNS Suffix  . : ",
            "IPv4 Address. . . . . . . . . . . : ",
            "Subnet Mask . . . . . . . . . . . : ",
            "Default Gateway . . . . . . . . . : ",
        ),
    ),
}


@register("ipconfig", "Displays the IP configuration.")
def _ipconfig(host: Host, args: list[str]) -> CommandResult:
    """Plain `ipconfig`: one adapter, a static address. /all, /release, /renew, /flushdns and
    the rest are real switches the simulator does not model (the shell's 9009 answer)."""
    if args:
        return _fail(
            9009, "'ipconfig' is a real Windows command, but this simulator does not model it."
        )
    indent, adapter, (suffix, address, mask, gateway) = _IPCONFIG_LABELS[host.os is OsFamily.WS2003]
    lines = [
        "",
        "Windows IP Configuration",
        "",
        "",
        f"Ethernet adapter {adapter}:",
        "",
        indent + suffix,
        indent + address + documentation_address(host),
        indent + mask + "255.255.255.0",
        indent + gateway + "192.0.2.1",
    ]
    return _ok("\n".join(lines) + "\n")


# -- more and findstr -----------------------------------------------------------------------------


def _full_path(host: Host, path: str) -> str:
    text = path.replace("/", "\\").rstrip("\\")
    if not (len(text) >= 2 and text[1] == ":"):
        text = windows_dir(host) + r"\system32" + ("\\" + text if text else "")
    return text


def read_text(host: Host, path: str) -> list[str] | None:
    """The lines of a file the shell can read, or None when there is no such file."""
    full = _full_path(host, path).lower()
    root = iis_log_root(host)
    for site, files in host.iis.log_files().items():
        for name, lines in files.items():
            if f"{root}\\{site}\\{name}".lower() == full:
                return list(lines)
    for typed, text in exported_files(host).items():
        if _full_path(host, typed).lower() == full:
            return text.replace("\r\n", "\n").removesuffix("\n").split("\n")
    return None


@register("more", "Displays output one screen at a time.")
def _more(host: Host, args: list[str]) -> CommandResult:
    """`more FILE`: the whole file (the simulated console does not page)."""
    files = [a for a in args if not a.startswith("/")]
    if len(files) != 1 or len(files) != len(args):
        return _fail(1, "Only more FILE is modelled by this simulator.")
    lines = read_text(host, files[0])
    if lines is None:
        return _fail(1, f"Cannot access file {_full_path(host, files[0])}")
    return _ok("".join(line + "\n" for line in lines))


@register("findstr", "Searches for strings in files.")
def _findstr(host: Host, args: list[str]) -> CommandResult:
    """`findstr [/I] [/V] [/C:"text"] "text" FILE`: a plain (literal) match on each line;
    space-separated words without /C: match any of them, as findstr does. Regular
    expressions and several files are not modelled."""
    ignore_case = invert = False
    literal: str | None = None
    rest: list[str] = []
    for arg in args:
        low = arg.lower()
        if low == "/i":
            ignore_case = True
        elif low == "/v":
            invert = True
        elif low.startswith("/c:"):
            literal = arg[3:]
        elif arg.startswith("/"):
            return _fail(1, f"findstr {arg} is not modelled by this simulator.")
        else:
            rest.append(arg)
    if literal is None:
        if len(rest) != 2:
            return _fail(2, "FINDSTR: Bad command line")
        needles, path = rest[0].split(), rest[1]
    else:
        if len(rest) != 1:
            return _fail(2, "FINDSTR: Bad command line")
        needles, path = [literal], rest[0]
    lines = read_text(host, path)
    if lines is None:
        return _fail(1, f"FINDSTR: Cannot open {path}")

    def matches(line: str) -> bool:
        hay = line.lower() if ignore_case else line
        return any((n.lower() if ignore_case else n) in hay for n in needles)

    found = [line for line in lines if matches(line) != invert]
    if not found:
        return CommandResult(1, "")
    return _ok("".join(line + "\n" for line in found))
