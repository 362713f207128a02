"""powershell.exe -Command with the few cmdlets an administrator uses to repair KB 909887's
account causes: Set-LocalUser and Set-ADUser -PasswordNeverExpires, Enable-LocalUser,
Disable-LocalUser and Unlock-ADAccount.

Windows Server 2003 has no PowerShell in a default install (the shell answers "not
recognized"). The local-account cmdlets (Microsoft.PowerShell.LocalAccounts) ship with
Windows Server 2016 and later. The ActiveDirectory module is on a domain controller and, on a
member server, only with RSAT's AD PowerShell feature: the simulator assumes it is installed
(`winfacts.assumptions.AD_MODULE_ON_MEMBER`); a workgroup server has no domain and no module.
On a domain controller the local-account cmdlets see the domain's accounts, as SAM calls do
there (chosen without confirmation).

Output texts and their sources (facts only, nothing copied):

- A cmdlet that succeeds prints nothing and powershell exits 0; one that writes an error makes
  `powershell -Command` exit 1. The error record: "CMDLET : MESSAGE", "At line:1 char:1",
  "+ " and the command, "+ " and a "~" run under it, then "    + CategoryInfo          : ..."
  and "    + FullyQualifiedErrorId : ..." (Windows PowerShell 5.1 transcripts).
- Set-LocalUser/Enable-LocalUser/Disable-LocalUser on an unknown name: "User NAME was not
  found.", CategoryInfo "ObjectNotFound: (NAME:String) [CMDLET], UserNotFoundException",
  FullyQualifiedErrorId "UserNotFound,Microsoft.PowerShell.Commands.CMDLETCommand" (Microsoft's
  LocalAccounts documentation and transcripts; the error id's exact spelling is from memory).
- Set-ADUser/Unlock-ADAccount on an unknown identity: "Cannot find an object with identity:
  'NAME' under: 'DC=...'." with ADIdentityNotFoundException (transcripts; chosen without
  confirmation for the FullyQualifiedErrorId).
- A name PowerShell does not know: "The term 'NAME' is not recognized as the name of a
  cmdlet, function, script file, or operable program. Check the spelling of the name, or if a
  path was included, verify that the path is correct and try again." with CategoryInfo
  "ObjectNotFound: (NAME:String) [], CommandNotFoundException" and FullyQualifiedErrorId
  "CommandNotFoundException" (many transcripts).
- A real cmdlet this simulator lacks says so, with exit 9009 as the shell does for real
  commands it lacks, so a script that falls back to a console action still does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from winfacts import assumptions as A
from winfacts.errors import ModelError

from ...accounts import Account
from ...events import OsFamily
from ...host import Host
from .. import net
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

#: Real cmdlets an administrator might type here that the simulator does not model.
REAL_NOT_MODELLED: Final = frozenset(
    name.lower()
    for name in (
        "Get-LocalUser",
        "New-LocalUser",
        "Remove-LocalUser",
        "Get-LocalGroup",
        "Get-LocalGroupMember",
        "Add-LocalGroupMember",
        "Remove-LocalGroupMember",
        "Get-ADUser",
        "Search-ADAccount",
        "Set-ADAccountPassword",
        "Enable-ADAccount",
        "Disable-ADAccount",
        "Get-ADGroupMember",
        "Get-GPResultantSetOfPolicy",
        "Get-GPO",
        "Get-Acl",
        "Set-Acl",
        "Get-WinEvent",
        "Get-EventLog",
        "Clear-EventLog",
        "Get-Service",
        "Restart-Service",
        "Get-Process",
        "Get-ChildItem",
        "Get-Content",
        "Get-Item",
        "Get-ItemProperty",
        "Set-ItemProperty",
        "Get-WebConfiguration",
        "Get-WebConfigurationProperty",
        "Set-WebConfigurationProperty",
        "Restart-Computer",
        "Format-List",
        "Format-Table",
        "Select-Object",
        "Where-Object",
        "Write-Output",
        "Write-Host",
    )
)


def _has_powershell(host: Host) -> bool:
    return host.os is not OsFamily.WS2003


def _has_ad_module(host: Host) -> bool:
    return host.domain is not None and (host.is_dc or bool(A.AD_MODULE_ON_MEMBER.value))


class _Error(Exception):
    """A PowerShell error record: the cmdlet, its message, category, target and error id."""

    def __init__(self, cmdlet: str, message: str, category: str, error_id: str) -> None:
        super().__init__(message)
        self.cmdlet = cmdlet
        self.message = message
        self.category = category
        self.error_id = error_id


def _record(error: _Error, line: str) -> str:
    head = f"{error.cmdlet} : " if error.cmdlet else ""
    return (
        f"{head}{error.message}\n"
        "At line:1 char:1\n"
        f"+ {line}\n"
        f"+ {'~' * len(line.split(' | ')[0])}\n"
        f"    + CategoryInfo          : {error.category}\n"
        f"    + FullyQualifiedErrorId : {error.error_id}\n"
        "\n"
    )


# -- the command line -----------------------------------------------------------------------------


def _tokens(text: str) -> list[str | None]:
    """PowerShell words: 'single' and "double" quoted strings lose their quotes; a bare ``|``
    (outside quotes) is None."""
    words: list[str | None] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == "|":
            words.append(None)
            i += 1
            continue
        buf: list[str] = []
        while i < n and not text[i].isspace() and text[i] != "|":
            if text[i] in "'\"":
                quote = text[i]
                end = text.find(quote, i + 1)
                if end < 0:
                    raise _Error(
                        "",
                        f"The string is missing the terminator: {quote}.",
                        "ParserError: (:) [], ParentContainsErrorRecordException",
                        "TerminatorExpectedAtEndOfString",
                    )
                buf.append(text[i + 1 : end])
                i = end + 1
            else:
                buf.append(text[i])
                i += 1
        words.append("".join(buf))
    return words


def _bind(cmdlet: str, words: list[str], known: tuple[str, ...], positional: str) -> dict[str, str]:
    """``-Name value`` / ``-Name:value`` pairs, a unique prefix naming a parameter, the first
    bare word binding to ``positional``."""
    bound: dict[str, str] = {}
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("-") and len(word) > 1:
            name, sep, value = word[1:].partition(":")
            matches = [k for k in known if k.lower().startswith(name.lower())]
            exact = [k for k in known if k.lower() == name.lower()]
            if not matches:
                raise _Error(
                    cmdlet,
                    f"A parameter cannot be found that matches parameter name '{name}'.",
                    f"InvalidArgument: (:) [{cmdlet}], ParameterBindingException",
                    f"NamedParameterNotFound,{_command_class(cmdlet)}",
                )
            key = exact[0] if exact else matches[0]
            if not sep:
                if i + 1 >= len(words):
                    raise _Error(
                        cmdlet,
                        f"Missing an argument for parameter '{key}'. Specify a parameter of "
                        "the type required and try again.",
                        f"InvalidArgument: (:) [{cmdlet}], ParameterBindingException",
                        f"MissingArgument,{_command_class(cmdlet)}",
                    )
                value = words[i + 1]
                i += 1
            bound[key] = value
        elif positional not in bound:
            bound[positional] = word
        else:
            raise _Error(
                cmdlet,
                f"A positional parameter cannot be found that accepts argument '{word}'.",
                f"InvalidArgument: (:) [{cmdlet}], ParameterBindingException",
                f"PositionalParameterNotFound,{_command_class(cmdlet)}",
            )
        i += 1
    return bound


def _command_class(cmdlet: str) -> str:
    verb, _, noun = cmdlet.partition("-")
    if noun.startswith("AD"):
        return f"Microsoft.ActiveDirectory.Management.Commands.{verb}{noun}"
    return f"Microsoft.PowerShell.Commands.{verb}{noun}Command"


def _bool(cmdlet: str, parameter: str, value: str) -> bool:
    text = value.strip().lower()
    if text in ("$true", "1"):
        return True
    if text in ("$false", "0"):
        return False
    raise _Error(
        cmdlet,
        f"Cannot process argument transformation on parameter '{parameter}'. Cannot convert "
        f'value "System.String" to type "System.Boolean". Boolean parameters accept only '
        "Boolean values and numbers, such as $True, $False, 1 or 0.",
        f"InvalidData: (:) [{cmdlet}], ParameterBindingArgumentTransformationException",
        f"ParameterArgumentTransformationError,{_command_class(cmdlet)}",
    )


def _required(cmdlet: str, bound: dict[str, str], name: str) -> str:
    value = bound.get(name)
    if value is None:
        # powershell -Command is non-interactive: a missing mandatory parameter is an error.
        raise _Error(
            cmdlet,
            f"Cannot process command because of one or more missing mandatory parameters: {name}.",
            f"InvalidArgument: (:) [{cmdlet}], ParameterBindingException",
            f"MissingMandatoryParameter,{_command_class(cmdlet)}",
        )
    return value


# -- the cmdlets ----------------------------------------------------------------------------------


def _local_user(host: Host, cmdlet: str, name: str) -> Account:
    store = host.domain if host.is_dc and host.domain is not None else host.sam
    account = store.find_user(name)
    if account is None:
        raise _Error(
            cmdlet,
            f"User {name} was not found.",
            f"ObjectNotFound: ({name}:String) [{cmdlet}], UserNotFoundException",
            f"UserNotFound,{_command_class(cmdlet)}",
        )
    return account


def _ad_user(host: Host, cmdlet: str, identity: str) -> Account:
    assert host.domain is not None
    domain = host.domain
    account = domain.find_user(identity)
    if account is None:
        account = next((a for a in domain.users() if str(a.sid) == identity.upper()), None)
    if account is None:
        dn = ",".join(f"DC={part}" for part in domain.dns_name.split("."))
        raise _Error(
            cmdlet,
            f"Cannot find an object with identity: '{identity}' under: '{dn}'.",
            f"ObjectNotFound: ({identity}:ADUser) [{cmdlet}], ADIdentityNotFoundException",
            "ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management."
            f"ADIdentityNotFoundException,{_command_class(cmdlet)}",
        )
    return account


def _set_local_user(host: Host, words: list[str]) -> None:
    cmdlet = "Set-LocalUser"
    bound = _bind(cmdlet, words, ("Name", "PasswordNeverExpires"), "Name")
    account = _local_user(host, cmdlet, _required(cmdlet, bound, "Name"))
    if "PasswordNeverExpires" in bound:
        value = _bool(cmdlet, "PasswordNeverExpires", bound["PasswordNeverExpires"])
        net.set_password_never_expires(host, account.name, value, domain=host.is_dc)


def _enable_local_user(host: Host, words: list[str], *, enable: bool) -> None:
    cmdlet = "Enable-LocalUser" if enable else "Disable-LocalUser"
    bound = _bind(cmdlet, words, ("Name",), "Name")
    account = _local_user(host, cmdlet, _required(cmdlet, bound, "Name"))
    net.user_set(host, account.name, active=enable, domain=host.is_dc)


def _set_ad_user(host: Host, words: list[str]) -> None:
    cmdlet = "Set-ADUser"
    bound = _bind(cmdlet, words, ("Identity", "PasswordNeverExpires"), "Identity")
    account = _ad_user(host, cmdlet, _required(cmdlet, bound, "Identity"))
    if "PasswordNeverExpires" in bound:
        value = _bool(cmdlet, "PasswordNeverExpires", bound["PasswordNeverExpires"])
        net.set_password_never_expires(host, account.name, value, domain=True)


def _unlock_ad_account(host: Host, words: list[str]) -> None:
    cmdlet = "Unlock-ADAccount"
    bound = _bind(cmdlet, words, ("Identity",), "Identity")
    account = _ad_user(host, cmdlet, _required(cmdlet, bound, "Identity"))
    net.unlock(host, account.name, domain=True)


_LOCAL: Final[dict[str, Callable[[Host, list[str]], None]]] = {
    "set-localuser": _set_local_user,
    "enable-localuser": lambda host, words: _enable_local_user(host, words, enable=True),
    "disable-localuser": lambda host, words: _enable_local_user(host, words, enable=False),
}
_AD: Final[dict[str, Callable[[Host, list[str]], None]]] = {
    "set-aduser": _set_ad_user,
    "unlock-adaccount": _unlock_ad_account,
}


def run_command(host: Host, text: str) -> CommandResult:
    """One -Command line: a single cmdlet (a pipeline is not modelled)."""
    line = text.strip()
    try:
        words = _tokens(line)
        if not words:
            return _ok()
        if None in words:
            return _fail(1, "Pipelines are not modelled by this simulator.")
        plain = [w for w in words if w is not None]
        name, rest = plain[0], plain[1:]
        key = name.lower()
        handler = _LOCAL.get(key) or (_AD.get(key) if _has_ad_module(host) else None)
        if handler is None:
            if key in REAL_NOT_MODELLED or (key in _AD and _has_ad_module(host)):
                return _fail(
                    9009,
                    f"'{name}' is a real PowerShell cmdlet, but this simulator does not model it.",
                )
            raise _Error(
                name,
                f"The term '{name}' is not recognized as the name of a cmdlet, function, script "
                "file, or operable program. Check the spelling of the name, or if a path was "
                "included, verify that the path is correct and try again.",
                f"ObjectNotFound: ({name}:String) [], CommandNotFoundException",
                "CommandNotFoundException",
            )
        handler(host, rest)
    except _Error as error:
        return _fail(1, _record(error, line))
    except ModelError as exc:
        return _fail(1, f"{exc}")
    return _ok()


_USAGE: Final = (
    'Only powershell [-NoProfile] [-NonInteractive] -Command "CMDLET ..." is modelled by this '
    "simulator."
)


@register("powershell", "Windows PowerShell.", available=_has_powershell)
def _powershell(host: Host, args: list[str]) -> CommandResult:
    """`powershell [-NoProfile] [-NonInteractive] [-ExecutionPolicy X] -Command TEXT...`: the
    words after -Command, joined by spaces, are the command, as powershell.exe joins them."""
    i = 0
    while i < len(args):
        switch = args[i].lower()
        if switch in ("-noprofile", "-nop", "-noninteractive", "-nologo"):
            i += 1
        elif switch in ("-executionpolicy", "-ep") and i + 1 < len(args):
            i += 2
        elif switch in ("-command", "-c"):
            return run_command(host, " ".join(args[i + 1 :]))
        else:
            return _fail(1, _USAGE)
    return _fail(1, _USAGE)
