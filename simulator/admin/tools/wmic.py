"""wmic: `useraccount where name='NAME' set PasswordExpires=TRUE|FALSE` and the Security and
System logs' methods, `nteventlog where "LogFileName='Security'" call ClearEventlog [FILE]`
and `... call BackupEventlog FILE` (Win32_NTEventlogFile).

The nteventlog form is how Windows Server 2003 clears or saves the Security log from a command
line: 2003 has no wevtutil (it came with Windows Server 2008) and its Resource Kit offers
dumpel/elogdump, which read a log but do not clear it; Microsoft's Windows 2000 Scripting
Guide ("Backing Up and Clearing Event Logs") does it through WMI's Win32_NTEventlogFile, the
same class wmic's nteventlog alias names.

Output texts and their sources (facts only, nothing copied):

- A method call: "Executing (PATH)->METHOD()" with the method as typed, "Method execution
  successful.", "Out Parameters:", "instance of __PARAMETERS", "{", a tab and
  "ReturnValue = N;", "};" (many `wmic process call create` and `wmic shadowcopy call create`
  transcripts); with a where filter the path is the instance's, "\\\\HOST\\ROOT\\CIMV2:CLASS.KEY=
  "VALUE"" (a `wmic process where ... call terminate` transcript; the doubled backslashes of
  the Name key are WMI's escaping in object paths).
- Win32_NTEventlogFile's key Name is the log file's path: %windir%\\system32\\config\\
  SecEvent.Evt (SysEvent.Evt) on Windows Server 2003 (a VB.NET WMI sample names
  AppEvent.Evt there), %windir%\\System32\\Winevt\\Logs\\Security.evtx on 2008+.
- ClearEventLog(ArchiveFileName) and BackupEventLog(ArchiveFileName) return 0 on success, 8
  for a missing privilege, 21 for an invalid parameter (Microsoft Learn, "ClearEventLog method
  of the Win32_NTEventlogFile class"); the backup fails when the file exists (ClearEventLog
  API): ReturnValue 183 (ERROR_ALREADY_EXISTS) for that is chosen without confirmation.

Chosen without confirmation (from memory): the useraccount texts,
"Updating property(s) of '\\\\HOST\\ROOT\\CIMV2:Win32_UserAccount.Domain="D",Name="N"'" and
"Property(s) update successful." after `set`, and "No Instance(s) Available." when the where
filter finds no account (also printed for a log nteventlog does not model); "Invalid query"
for a where clause this module can not read; "Invalid format." with its "Hint:" line.
"""

from __future__ import annotations

import re
from typing import Final

from winfacts.errors import ModelError

from ...events import OsFamily
from ...host import Host
from .. import net, system
from ..cmdline import windows_dir
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_WMIC_WHERE = re.compile(r"""\s*name\s*=\s*'([^']+)'\s*""", re.IGNORECASE)
_LOG_WHERE = re.compile(r"""\s*logfilename\s*=\s*['"]([^'"]+)['"]\s*""", re.IGNORECASE)
_WMIC_BAD = "Invalid query\n"
_NO_INSTANCES = "No Instance(s) Available.\n"
_METHODS: Final = ("cleareventlog", "backupeventlog")
_ALREADY_EXISTS: Final = 183
_INVALID_PARAMETER: Final = 21
_ONLY: Final = (
    "Only \"wmic useraccount where name='NAME' set PasswordExpires=TRUE|FALSE\" and "
    '"wmic nteventlog where "LogFileName=\'Security\'" call ClearEventlog|BackupEventlog '
    '[FILE]" are modelled by this simulator.'
)


@register("wmic", "Windows Management Instrumentation command-line.")
def _wmic(host: Host, args: list[str]) -> CommandResult:
    words = [a.lower() for a in args]
    if len(words) >= 5 and words[0] == "nteventlog" and words[1] == "where" and words[3] == "call":
        return _nteventlog_call(host, args[2], args[4], args[5:])
    if len(args) == 5 and words[0] == "useraccount" and words[1] == "where" and words[3] == "set":
        return _useraccount_set(host, args[2], args[4])
    return _fail(1, _ONLY)


def _useraccount_set(host: Host, where: str, assignment: str) -> CommandResult:
    """`wmic useraccount where name='NAME' set PasswordExpires=false` (Win32_UserAccount's
    writable PasswordExpires, "Password never expires" inverted). Only that alias, that
    filter and that property are modelled; the account is the machine's own (on a domain
    controller, the domain's), as Win32_UserAccount's local instances are."""
    match = _WMIC_WHERE.fullmatch(where)
    if match is None:
        return _fail(1, _WMIC_BAD)
    prop, sep, value = assignment.partition("=")
    if not sep or prop.strip().lower() != "passwordexpires":
        return _fail(1, "Only the PasswordExpires property is modelled by this simulator.")
    if value.strip().lower() not in ("true", "false"):
        return _fail(1, "Invalid format.\nHint: PasswordExpires takes TRUE or FALSE.\n")
    name = match.group(1)
    store = host.domain if host.is_dc else host.sam
    account = store.find_user(name) if store is not None else None
    if account is None:
        return _ok(_NO_INSTANCES)
    net.set_password_never_expires(
        host, account.name, value.strip().lower() == "false", domain=host.is_dc
    )
    authority = host.domain.authority if host.is_dc and host.domain else host.computer_name
    return _ok(
        f"Updating property(s) of '\\\\{host.computer_name}\\ROOT\\CIMV2:Win32_UserAccount."
        f'Domain="{authority}",Name="{account.name}"\'\nProperty(s) update successful.\n'
    )


def log_file_name(host: Host, log: str) -> str:
    """Win32_NTEventlogFile.Name: the log's file on disk."""
    if host.os is OsFamily.WS2003:
        stem = {"security": "SecEvent", "system": "SysEvent"}[log.lower()]
        return windows_dir(host) + rf"\system32\config\{stem}.Evt"
    return windows_dir(host) + rf"\System32\Winevt\Logs\{log.capitalize()}.evtx"


def _nteventlog_call(host: Host, where: str, method: str, params: list[str]) -> CommandResult:
    """`call ClearEventlog [FILE]` (back up to FILE first, then clear) and `call
    BackupEventlog FILE`; the parameter positional or as ArchiveFileName=FILE. Only the
    Security and System logs are modelled, so another name finds no instance."""
    match = _LOG_WHERE.fullmatch(where)
    if match is None:
        return _fail(1, _WMIC_BAD)
    if method.lower() not in _METHODS:
        return _fail(1, f"wmic nteventlog call {method} is not modelled by this simulator.")
    log = match.group(1)
    if log.lower() not in ("security", "system"):
        return _ok(_NO_INSTANCES)
    if len(params) > 1:
        return _fail(1, "Invalid method Parameter(s).\n")
    archive = params[0] if params else None
    if archive is not None and archive.lower().startswith("archivefilename="):
        archive = archive.split("=", 1)[1].strip("\"'")
    path = log_file_name(host, log).replace("\\", "\\\\")
    head = (
        f'Executing (\\\\{host.computer_name}\\ROOT\\CIMV2:Win32_NTEventlogFile.Name="{path}")'
        f"->{method}()\n"
    )
    code = 0
    if method.lower() == "backupeventlog" and not archive:
        code = _INVALID_PARAMETER
    else:
        try:
            if archive is not None:
                system.eventlog_backup(host, log, archive)
            if method.lower() == "cleareventlog":
                system.wevtutil_cl(host, log)
        except ModelError:
            code = _ALREADY_EXISTS
    return _ok(
        head + "Method execution successful.\nOut Parameters:\ninstance of __PARAMETERS\n{\n"
        f"\tReturnValue = {code};\n}};\n\n"
    )
