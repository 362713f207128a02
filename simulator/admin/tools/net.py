"""net: user, localgroup, group, accounts and use, over the typed operations in
`simulator.admin.net`; the account and policy texts are `simulator.admin.net_render`'s.

Output texts and their sources (facts only, nothing copied):

- "System error N has occurred." + blank line + message; the modern texts of 1326 ("The user
  name or password is incorrect."), 1331 and 1909 come from `net use \\\\DC01\\ipc$` transcripts
  (HTB Academy notes in the search index); Windows Server 2003 uses the older FormatMessage texts
  the model keeps in `winfacts.ntstatus`. "The user name could not be found." with
  "NET HELPMSG 2221", 1378 "The specified account name is already a member of the group." are in
  many transcripts.

Chosen without confirmation: `net user NAME /active:yes` only enables (sources disagree on whether
it also clears a lockout; this model keeps that to `net.unlock`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta

from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.logon_hours import LogonHours
from winfacts.ntstatus import BY_WIN32, Outcome
from winfacts.secret import Secret

from ...accounts import Group
from ...events import OsFamily
from ...host import Host
from ...logon import Caller, logon_user
from .. import net as net_ops
from .. import net_render as nr
from ..cmdline import Switch, parse_switches, resolve_switch, yes_no
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from . import net_help, net_services
from . import netmsg as M

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
_NET_LOCALGROUP_SYNTAX = (
    "The syntax of this command is:\n\n"
    "NET LOCALGROUP\n"
    '[groupname [/COMMENT:"text"]] [/DOMAIN]\n'
    '              groupname {/ADD [/COMMENT:"text"] | /DELETE}  [/DOMAIN]\n'
    "              groupname name [...] {/ADD | /DELETE} [/DOMAIN]\n"
)
_NET_GROUP_SYNTAX = (
    "The syntax of this command is:\n\n"
    "NET GROUP\n"
    '[groupname [/COMMENT:"text"]] [/DOMAIN]\n'
    '         groupname {/ADD [/COMMENT:"text"] | /DELETE}  [/DOMAIN]\n'
    "         groupname username [...] {/ADD | /DELETE} [/DOMAIN]\n"
)
_NET_ACCOUNTS_SYNTAX = (
    "The syntax of this command is:\n\n"
    "NET ACCOUNTS\n"
    "[/FORCELOGOFF:{minutes | NO}] [/MINPWLEN:length]\n"
    "              [/MAXPWAGE:{days | UNLIMITED}] [/MINPWAGE:days]\n"
    "              [/UNIQUEPW:number] [/DOMAIN]\n"
)
_NET_USE_SYNTAX = (
    "The syntax of this command is:\n\n"
    "NET USE\n"
    "[devicename | *] [\\\\computername\\sharename[\\volume] [password | *]]\n"
    "        [/USER:[domainname\\]username]\n"
    "        [/DELETE]\n"
)
_COMPLETED = nr.COMPLETED + "\n\n"


def _helpmsg(number: int, banner: str = "", *insertions: str) -> CommandResult:
    """A NET message and the pointer to NET HELPMSG that follows it (exit status 2)."""
    return _fail(2, f"{banner}{M.text(number, *insertions)}\n\n{M.more_help(number)}\n")


def _system_error(code: int, text: str | None = None) -> CommandResult:
    shown = M.text(code) if text is None else text
    return _fail(2, f"System error {code} has occurred.\n\n{shown}\n")


def _invalid_value(exc: ModelError) -> CommandResult:
    """A value net.exe refuses; the model's reason follows the tool's own sentence."""
    return _fail(
        2,
        f"{M.text(M.APE_INVALID_SWITCH_ARG)}\n\n{exc}\n\n{M.more_help(M.APE_INVALID_SWITCH_ARG)}\n",
    )


def _unknown_option(switch: Switch, syntax: str) -> CommandResult:
    shown = switch.raw.split(":", 1)[0].upper()
    unknown = M.text(M.APE_SWITCH_UNKNOWN, shown)
    return _fail(1, f"{unknown}\n\n{syntax}\n{M.more_help(M.APE_SWITCH_UNKNOWN)}\n")


def _no_domain() -> CommandResult:
    return _system_error(M.ERROR_NO_SUCH_DOMAIN)


@register("net", "Manages users, groups, account policy, services and network connections.")
def _net(host: Host, args: list[str]) -> CommandResult:
    if not args or args[0] in ("/?", "/help", "/HELP"):
        return _fail(1, _NET_SYNTAX)
    sub, rest = args[0].lower(), args[1:]
    if sub == "help":
        return _net_help(rest)
    if sub == "helpmsg":
        if len(rest) != 1:
            return _fail(1, "The syntax of this command is:\n\nNET HELPMSG\nmessage#\n")
        code, text = net_help.helpmsg(rest[0], _win32_help(host, rest[0]))
        return CommandResult(code, text)
    if any(a.lower() in ("/?", "/help") for a in rest):
        return _net_help([sub])
    handlers: dict[str, Callable[[Host, list[str]], CommandResult]] = {
        "user": _net_user,
        "users": _net_user,
        "localgroup": _net_localgroup,
        "group": _net_group,
        "groups": _net_group,
        "accounts": _net_accounts,
        "use": _net_use,
        "start": net_services.net_start,
        "stop": net_services.net_stop,
    }
    handler = handlers.get(sub)
    if handler is None:
        return _fail(1, _NET_SYNTAX)
    return handler(host, rest)


_SYNTAX_OF = {
    "user": _NET_USER_SYNTAX,
    "users": _NET_USER_SYNTAX,
    "localgroup": _NET_LOCALGROUP_SYNTAX,
    "group": _NET_GROUP_SYNTAX,
    "groups": _NET_GROUP_SYNTAX,
    "accounts": _NET_ACCOUNTS_SYNTAX,
    "use": _NET_USE_SYNTAX,
}


def _net_help(rest: list[str]) -> CommandResult:
    """`net help`, `net help COMMAND` and `net COMMAND /?`."""
    if not rest:
        return _ok(net_help.net_help_text())
    command = rest[0].lower()
    text = net_help.command_help(command, _SYNTAX_OF.get(command))
    if text is None:
        return _fail(1, f"NET HELP {rest[0].upper()} is not modelled by this simulator.")
    return _ok(text)


def _win32_help(host: Host, number_text: str) -> str | None:
    """The server's own wording of a Win32 error for `net helpmsg` (2003's texts differ)."""
    if not number_text.isdigit():
        return None
    outcome = BY_WIN32.get(int(number_text))
    return None if outcome is None else win32_text(host, outcome)


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
        name = resolve_switch(switch.name, known)
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
        # Asked of the domain from a member, the list is the DC's: "User accounts for
        # \\DC01.corp.com" (transcripts of net user /domain); on the DC itself its own name.
        server = host.computer_name
        if banner and host.domain is not None:
            server = f"{host.domain.controller}.{host.domain.dns_name}"
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
                return _helpmsg(M.NERR_USER_NOT_FOUND, banner)
            net_ops.user_delete(host, name, domain=domain)
            return _ok(banner + _COMPLETED)
        if "add" in opts:
            if store.find(name) is not None:
                return _helpmsg(M.NERR_USER_EXISTS, banner)
            net_ops.user_add(
                host,
                name,
                Secret(password or ""),
                domain=domain,
                full_name=opts.get("fullname") or "",
                comment=opts.get("comment") or "",
            )
            password = None
        elif store.find_user(name) is None:
            return _helpmsg(M.NERR_USER_NOT_FOUND, banner)
        elif password is None and not (set(opts) - {"domain"}):
            account = store.user(name)
            return _ok(nr.render_net_user(host, account, domain_request=bool(banner)))
        net_ops.user_set(
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
            # "/ACTIVE:{YES | NO} ... The default is YES" (net help user): a bare /active enables.
            value = True if flag == "active" and opts[flag] is None else yes_no(opts[flag])
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
        if len(names) > net_ops.MAX_WORKSTATIONS:
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
    opts, error = _collect(switches, ("add", "delete", "domain", "comment"), _NET_LOCALGROUP_SYNTAX)
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
        return _system_error(M.ERROR_NO_SUCH_ALIAS)
    members = positional[1:]
    if not members:
        if "add" in opts or "delete" in opts:
            return _fail(1, "Creating or deleting local groups is not modelled by this simulator.")
        return _ok(nr.render_net_localgroup(host, group))
    if ("add" in opts) == ("delete" in opts):
        return _fail(1, _NET_LOCALGROUP_SYNTAX)
    for member in members:
        if host.resolve(member) is None:
            return _system_error(M.ERROR_NONE_MAPPED)
        if "add" in opts:
            if not net_ops.localgroup_add(host, group.name, member):
                return _system_error(M.ERROR_MEMBER_IN_ALIAS)
        elif not net_ops.localgroup_delete(host, group.name, member):
            return _system_error(M.ERROR_MEMBER_NOT_IN_ALIAS)
    return _ok(_COMPLETED)


def _net_group(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args)
    opts, error = _collect(switches, ("add", "delete", "domain", "comment"), _NET_GROUP_SYNTAX)
    if error is not None:
        return error
    if not ("domain" in opts or host.is_dc):
        return _helpmsg(M.APE_DC_ONLY)
    domain = host.domain
    if domain is None:
        return _no_domain()
    banner = nr.domain_banner(host) + "\n\n" if not host.is_dc else ""
    if not positional:
        return _fail(1, "Listing every domain group is not modelled by this simulator.")
    group = domain.find_group(positional[0])
    if group is None:
        return _helpmsg(M.NERR_GROUP_NOT_FOUND, banner)
    members = positional[1:]
    if not members:
        return _ok(banner + _render_net_group(host, group))
    if ("add" in opts) == ("delete" in opts):
        return _fail(1, _NET_GROUP_SYNTAX)
    for member in members:
        if domain.find(member.rpartition("\\")[2]) is None:
            return _helpmsg(M.NERR_USER_NOT_FOUND, banner)
        if "add" in opts:
            if not net_ops.group_add_member(host, group.name, _qualified(host, member)):
                return _helpmsg(M.NERR_USER_IN_GROUP, banner)
        elif not _group_remove_member(host, group, member):
            return _helpmsg(M.NERR_USER_NOT_IN_GROUP, banner)
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
    opts, error = _collect(switches, _NET_ACCOUNTS_SWITCHES, _NET_ACCOUNTS_SYNTAX)
    if error is not None:
        return error
    if positional:
        return _fail(1, _NET_ACCOUNTS_SYNTAX)
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
            net_ops.accounts(
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
    opts, error = _collect(switches, ("user", "delete", "persistent"), _NET_USE_SYNTAX)
    if error is not None:
        return error
    if not positional:
        return _ok("New connections will be remembered.\n\nThere are no entries in the list.\n\n")
    target = positional[0]
    if "delete" in opts:
        return _ok(f"{target} was deleted successfully.\n\n")
    match = re.fullmatch(r"\\\\([^\\]+)\\[^\\]+.*", target)
    if match is None or len(positional) > 2:
        return _fail(1, _NET_USE_SYNTAX)
    server = match.group(1).lower()
    names = {host.computer_name.lower(), host.ip_address, "localhost", "127.0.0.1"}
    if host.fqdn:
        names.add(host.fqdn)
    if server not in names:
        return _system_error(M.ERROR_BAD_NETPATH)
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
        return _system_error(M.ERROR_NETNAME_DELETED)
    if result.outcome.ok:
        return _ok(_COMPLETED)
    return _system_error(result.win32, win32_text(host, result.outcome))
