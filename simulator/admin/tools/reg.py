"""reg add, reg delete and reg query over the host's registry.

- Windows Server 2003's reg.exe 3.0 prints "! REG.EXE VERSION 3.0", a blank line, the key, and
  tab-separated values (Microsoft's PowerShell docs show it); later versions print the key and
  values separated by four spaces, with no banner.
- `reg /?` (2008+): a blank line, "REG Operation [Parameter List]", the operation list QUERY ...
  FLAGS in three rows, "Return Code: (Except for REG COMPARE)", "0 - Successful", "1 - Failed",
  "For help on a specific operation type:", "REG Operation /?" and one "REG OP /?" example a
  line (several `reg /?` transcripts in the search index agree). Windows Server 2003's reg.exe
  3.0 has no FLAGS and reads "(Except of REG COMPARE)" and "Succussful" (a transcript of it in
  a batch file's comments, behind its banner "Console Registry Tool for Windows - version
  3.0"); that version's line breaks and indentation are chosen without confirmation.
"""

from __future__ import annotations

from winfacts.errors import ModelError

from ...events import OsFamily
from ...host import Host
from ...registry import RegValue, normalize_key
from .. import system
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_REG_OK = "The operation completed successfully.\n"
_REG_MISSING = "ERROR: The system was unable to find the specified registry key or value.\n"
_REG_OPERATIONS = (
    "QUERY",
    "ADD",
    "DELETE",
    "COPY",
    "SAVE",
    "RESTORE",
    "LOAD",
    "UNLOAD",
    "COMPARE",
    "EXPORT",
    "IMPORT",
)
_REG_USAGE = (
    "\n"
    "REG Operation [Parameter List]\n"
    "\n"
    "  Operation  [ QUERY   | ADD    | DELETE  | COPY    |\n"
    "               SAVE    | LOAD   | UNLOAD  | RESTORE |\n"
    "               COMPARE | EXPORT | IMPORT  | FLAGS ]\n"
    "\n"
    "Return Code: (Except for REG COMPARE)\n"
    "\n"
    "  0 - Successful\n"
    "  1 - Failed\n"
    "\n"
    "For help on a specific operation type:\n"
    "\n"
    "  REG Operation /?\n"
    "\n"
    "Examples:\n"
    "\n" + "".join(f"  REG {op} /?\n" for op in (*_REG_OPERATIONS, "FLAGS"))
)
_REG3_USAGE = (
    "\n"
    "Console Registry Tool for Windows - version 3.0\n"
    "\n"
    "REG Operation [Parameter List]\n"
    "\n"
    "  Operation  [ QUERY   | ADD    | DELETE  | COPY    |\n"
    "               SAVE    | LOAD   | UNLOAD  | RESTORE |\n"
    "               COMPARE | EXPORT | IMPORT  ]\n"
    "\n"
    "Return Code: (Except of REG COMPARE)\n"
    "\n"
    "  0 - Succussful\n"
    "  1 - Failed\n"
    "\n"
    "For help on a specific operation type:\n"
    "\n"
    "  REG Operation /?\n"
    "\n"
    "Examples:\n"
    "\n" + "".join(f"  REG {op} /?\n" for op in _REG_OPERATIONS)
)


@register("reg", "Reads, sets or deletes registry values.")
def _reg(host: Host, args: list[str]) -> CommandResult:
    if not args:
        return _fail(1, 'ERROR: Invalid syntax.\nType "REG /?" for usage.\n')
    if args == ["/?"]:
        return _ok(_REG3_USAGE if host.os is OsFamily.WS2003 else _REG_USAGE)
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
