"""auditpol (Windows Server 2008 and later; 2003 has no auditpol.exe): the system audit policy
of every category and subcategory (/get), their names and GUIDs (/list), and the Logon
subcategory's setting (/set, the only one the model keeps).

Output texts and their sources (facts only, nothing copied):

- "System audit policy", the header "Category/Subcategory" padded to 42 columns and "Setting",
  the category line, then the subcategory indented two spaces and padded to 42; "The command was
  successfully executed." after /set (Microsoft's own IIS troubleshooting doc in the search index
  and CIS-benchmark role docs).
- The categories, their subcategories in `/get /category:*` order, and the default setting of
  each: `auditpol /get /category:*` on default Windows Server 2016, 2019 and 2022 Standard
  installs (workgroup servers, "Computer role: SERVER", nothing configured), captured in the
  CHAPS reports github.com/cutaway-security/chaps, claude-dev/review.local/
  WinServer2016-Dev-cmd.md, WinServer2019-Dev-cmd.md and WinServer2022-Dev-cmd.md (check 30,
  "Audit Policy"; builds 10.0.14393, 10.0.17763.8511 and 10.0.20348.4893). The three agree but
  for "Access Rights" (Logon/Logoff), which the 2019 and 2022 captures list last in their
  category and the 2016 one does not have. The same 59 names and order without Access Rights
  appear in a cleared policy's `auditpol /get /category:*` on a Windows Server domain
  controller (a public "Security Logs Generated At Boot" note, search-index id 2752663642).
  Microsoft's "Audit Policy Recommendations" (learn.microsoft.com/windows-server/identity/
  ad-ds/plan/security-best-practices/audit-policy-recommendations, "Windows Default" column for
  Windows Server 2016 and earlier) agrees on Logon, Logoff, Account Lockout, Special Logon,
  Network Policy Server, Security State Change, System Integrity, Other System Events, Audit
  Policy Change, Authentication Policy Change and User Account Management; it leaves Security
  Group Management, Computer Account Management, Directory Service Access and the Kerberos and
  Credential Validation subcategories blank (or "No" for Credential Validation), where the
  captured servers audit Success: the table follows the captures.
- Neither source gives a domain controller defaults of its own, so a domain controller shows
  the member (workgroup) server's defaults here. "Logon" is the model's live setting
  (`host.lsa.audit_logon()`: local policy or the GPO that sets it); Account Lockout, which the
  model does not keep, stays at its recorded default (Success).
- GUIDs: each subcategory's {0CCE92xx-69AE-11D9-BED3-505054503030} and each category's
  {699798xx-797A-11D9-BED3-505054503030}, and the `/list` order (within a category, GUID order:
  Security State Change before Security System Extension, Credential Validation first in
  Account Logon), from a table "Edited from auditpol /list /subcategory:* /v" in
  github.com/ephos/AuditPolicyDsc, DSCResources/AuditPolicyResourceHelper/
  AuditPolicyResourceHelper.psm1; Access Rights is {0CCE924B-...}, Audit_Logon_AccessRights in
  the Windows SDK's ntsecapi.h (copies in the code index).
- `auditpol /?`: "Usage: AuditPol command [<sub-command><options>]", "Commands (only one command
  permitted per execution)", one line a command from /? to /resourceSACL, "Use AuditPol
  <command> /? for details on each command" (auditpol.exe.mui's message 0x1001, as file-info
  pages list its strings).

Chosen without confirmation: the column widths of the /? lines and of `/list ... /v` (the
GUID padded to column 42 as /get pads the setting), `/list`'s header "Category/Subcategory"
alone on its line without /v, the blank line after the usage's first line, and that an
unknown category or subcategory name gives the same 0x00000057 error as a bad switch.
"""

from __future__ import annotations

from typing import Final

from ...events import OsFamily
from ...host import Host
from .. import secpol
from ..cmdline import parse_switches
from ..registry import register, since_2008
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok

_AUDITPOL_BAD = "Error 0x00000057 occurred:\nThe parameter is incorrect.\n"

_NO: Final = "No Auditing"
_S: Final = "Success"
_SF: Final = "Success and Failure"

#: The subcategory the model keeps (its setting is the host's, not the recorded default).
LOGON: Final = "Logon"
#: Listed by the 2019 and 2022 captures, not by 2016's.
ACCESS_RIGHTS: Final = "Access Rights"

#: (category, category GUID suffix, ((subcategory, GUID suffix, default setting), ...)) in
#: `auditpol /get /category:*` order. GUIDs are "{6997984x-797A-...}" / "{0CCE92xx-69AE-...}".
CATEGORIES: Final[tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...]] = (
    (
        "System",
        "69979848",
        (
            ("Security System Extension", "0CCE9211", _NO),
            ("System Integrity", "0CCE9212", _SF),
            ("IPsec Driver", "0CCE9213", _NO),
            ("Other System Events", "0CCE9214", _SF),
            ("Security State Change", "0CCE9210", _S),
        ),
    ),
    (
        "Logon/Logoff",
        "69979849",
        (
            (LOGON, "0CCE9215", _SF),
            ("Logoff", "0CCE9216", _S),
            ("Account Lockout", "0CCE9217", _S),
            ("IPsec Main Mode", "0CCE9218", _NO),
            ("IPsec Quick Mode", "0CCE9219", _NO),
            ("IPsec Extended Mode", "0CCE921A", _NO),
            ("Special Logon", "0CCE921B", _S),
            ("Other Logon/Logoff Events", "0CCE921C", _NO),
            ("Network Policy Server", "0CCE9243", _SF),
            ("User / Device Claims", "0CCE9247", _NO),
            ("Group Membership", "0CCE9249", _NO),
            (ACCESS_RIGHTS, "0CCE924B", _NO),
        ),
    ),
    (
        "Object Access",
        "6997984A",
        (
            ("File System", "0CCE921D", _NO),
            ("Registry", "0CCE921E", _NO),
            ("Kernel Object", "0CCE921F", _NO),
            ("SAM", "0CCE9220", _NO),
            ("Certification Services", "0CCE9221", _NO),
            ("Application Generated", "0CCE9222", _NO),
            ("Handle Manipulation", "0CCE9223", _NO),
            ("File Share", "0CCE9224", _NO),
            ("Filtering Platform Packet Drop", "0CCE9225", _NO),
            ("Filtering Platform Connection", "0CCE9226", _NO),
            ("Other Object Access Events", "0CCE9227", _NO),
            ("Detailed File Share", "0CCE9244", _NO),
            ("Removable Storage", "0CCE9245", _NO),
            ("Central Policy Staging", "0CCE9246", _NO),
        ),
    ),
    (
        "Privilege Use",
        "6997984B",
        (
            ("Non Sensitive Privilege Use", "0CCE9229", _NO),
            ("Other Privilege Use Events", "0CCE922A", _NO),
            ("Sensitive Privilege Use", "0CCE9228", _NO),
        ),
    ),
    (
        "Detailed Tracking",
        "6997984C",
        (
            ("Process Creation", "0CCE922B", _NO),
            ("Process Termination", "0CCE922C", _NO),
            ("DPAPI Activity", "0CCE922D", _NO),
            ("RPC Events", "0CCE922E", _NO),
            ("Plug and Play Events", "0CCE9248", _NO),
            ("Token Right Adjusted Events", "0CCE924A", _NO),
        ),
    ),
    (
        "Policy Change",
        "6997984D",
        (
            ("Audit Policy Change", "0CCE922F", _S),
            ("Authentication Policy Change", "0CCE9230", _S),
            ("Authorization Policy Change", "0CCE9231", _NO),
            ("MPSSVC Rule-Level Policy Change", "0CCE9232", _NO),
            ("Filtering Platform Policy Change", "0CCE9233", _NO),
            ("Other Policy Change Events", "0CCE9234", _NO),
        ),
    ),
    (
        "Account Management",
        "6997984E",
        (
            ("Computer Account Management", "0CCE9236", _S),
            ("Security Group Management", "0CCE9237", _S),
            ("Distribution Group Management", "0CCE9238", _NO),
            ("Application Group Management", "0CCE9239", _NO),
            ("Other Account Management Events", "0CCE923A", _NO),
            ("User Account Management", "0CCE9235", _S),
        ),
    ),
    (
        "DS Access",
        "6997984F",
        (
            ("Directory Service Access", "0CCE923B", _S),
            ("Directory Service Changes", "0CCE923C", _NO),
            ("Directory Service Replication", "0CCE923D", _NO),
            ("Detailed Directory Service Replication", "0CCE923E", _NO),
        ),
    ),
    (
        "Account Logon",
        "69979850",
        (
            ("Kerberos Service Ticket Operations", "0CCE9240", _S),
            ("Other Account Logon Events", "0CCE9241", _NO),
            ("Kerberos Authentication Service", "0CCE9242", _S),
            ("Credential Validation", "0CCE923F", _S),
        ),
    ),
)

_USAGE: Final = (
    "Usage: AuditPol command [<sub-command><options>]\n"
    "\n"
    "Commands (only one command permitted per execution)\n"
    "  /?               Help (context-sensitive)\n"
    "  /get             Displays the current audit policy.\n"
    "  /set             Sets the audit policy.\n"
    "  /list            Displays selectable policy elements.\n"
    "  /backup          Saves the audit policy to a file.\n"
    "  /restore         Restores the audit policy from a file.\n"
    "  /clear           Clears the audit policy.\n"
    "  /remove          Removes the per-user audit policy for a user account.\n"
    "  /resourceSACL    Configure global resource SACLs\n"
    "\n"
    "Use AuditPol <command> /? for details on each command\n"
)

_Category = tuple[str, str, tuple[tuple[str, str, str], ...]]


def _category_guid(suffix: str) -> str:
    return "{" + suffix + "-797A-11D9-BED3-505054503030}"


def _subcategory_guid(suffix: str) -> str:
    return "{" + suffix + "-69AE-11D9-BED3-505054503030}"


def categories(host: Host) -> list[_Category]:
    """The categories and subcategories auditpol lists on ``host``, in /get order."""
    if host.os is not OsFamily.WS2016:
        return list(CATEGORIES)
    return [
        (name, guid, tuple(s for s in subs if s[0] != ACCESS_RIGHTS))
        for name, guid, subs in CATEGORIES
    ]


def setting(host: Host, subcategory: str, default: str) -> str:
    """What /get prints for one subcategory: the model's own for Logon, else the default."""
    if subcategory != LOGON:
        return default
    audit = host.lsa.audit_logon()
    return {
        (False, False): _NO,
        (True, False): _S,
        (False, True): "Failure",
        (True, True): _SF,
    }[(audit.success, audit.failure)]


def _names(value: str | None) -> list[str] | None:
    """A /category: or /subcategory: value: "*" as ["*"], names or {GUID}s split at commas
    (cmd.exe has already removed the quotes), None when empty."""
    parts = [p.strip() for p in (value or "").split(",") if p.strip()]
    return parts or None


def _matches(typed: str, name: str, guid: str) -> bool:
    return typed.lower() == name.lower() or typed.upper() == guid


@register("auditpol", "Displays and modifies audit policy.", since_2008)
def _auditpol(host: Host, args: list[str]) -> CommandResult:
    if not args or args == ["/?"]:
        return _ok(_USAGE)
    positional, switches = parse_switches(args)
    if positional or not switches:
        return _fail(87, _AUDITPOL_BAD)
    verb = switches[0].name
    opts = {s.name: s.value for s in switches[1:]}
    if verb == "list":
        return _list(host, opts)
    if verb == "get":
        return _get(host, opts)
    subcategory = (opts.pop("subcategory", None) or "").strip()
    if verb != "set" or subcategory.lower() != LOGON.lower():
        return _fail(87, _AUDITPOL_BAD)
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


def _not_modelled(verb: str, option: str) -> CommandResult:
    return _fail(1, f"auditpol /{verb} /{option} is not modelled by this simulator.")


def _get(host: Host, opts: dict[str, str | None]) -> CommandResult:
    """`/get /category:*|NAME[,NAME...]` or `/get /subcategory:NAME[,NAME...]`."""
    for option in ("r", "user", "option", "sd"):
        if option in opts:
            return _not_modelled("get", option)
    wanted_categories = _names(opts.pop("category", None))
    wanted_subs = _names(opts.pop("subcategory", None))
    if opts or (wanted_categories is None) == (wanted_subs is None):
        return _fail(87, _AUDITPOL_BAD)
    shown: list[tuple[str, list[tuple[str, str]]]] = []
    matched: set[str] = set()
    for name, guid, subs in categories(host):
        if wanted_categories is not None:
            hit = [
                t for t in wanted_categories if t == "*" or _matches(t, name, _category_guid(guid))
            ]
            if hit:
                matched.update(hit)
                shown.append((name, [(s, setting(host, s, d)) for s, _g, d in subs]))
            continue
        assert wanted_subs is not None
        rows = []
        for sub, sub_guid, default in subs:
            hit = [
                t for t in wanted_subs if t == "*" or _matches(t, sub, _subcategory_guid(sub_guid))
            ]
            if hit:
                matched.update(hit)
                rows.append((sub, setting(host, sub, default)))
        if rows:
            shown.append((name, rows))
    if set(wanted_categories or wanted_subs or ()) - matched:
        return _fail(87, _AUDITPOL_BAD)
    lines = ["System audit policy", f"{'Category/Subcategory':<42}Setting"]
    for name, rows in shown:
        lines.append(name)
        lines += [f"{'  ' + sub:<42}{value}" for sub, value in rows]
    return _ok("\n".join(lines) + "\n")


def _list(host: Host, opts: dict[str, str | None]) -> CommandResult:
    """`/list /category [/v]` and `/list /subcategory:*|CATEGORY[,...] [/v]`."""
    for option in ("r", "user"):
        if option in opts:
            return _not_modelled("list", option)
    verbose = "v" in opts
    if verbose and opts.pop("v") is not None:
        return _fail(87, _AUDITPOL_BAD)
    if "category" in opts and "subcategory" not in opts:
        only_categories = True
        wanted = _names(opts.pop("category")) or ["*"]
    elif "subcategory" in opts and "category" not in opts:
        only_categories = False
        wanted = _names(opts.pop("subcategory")) or []
    else:
        return _fail(87, _AUDITPOL_BAD)
    if opts or not wanted:
        return _fail(87, _AUDITPOL_BAD)

    def row(text: str, guid: str) -> str:
        return f"{text:<42}{guid}" if verbose else text

    lines = [f"{'Category/Subcategory':<42}GUID" if verbose else "Category/Subcategory"]
    matched: set[str] = set()
    for name, guid, subs in categories(host):
        hit = [t for t in wanted if t == "*" or _matches(t, name, _category_guid(guid))]
        if not hit:
            continue
        matched.update(hit)
        lines.append(row(name, _category_guid(guid)))
        if not only_categories:
            for sub, sub_guid, _default in sorted(subs, key=lambda s: s[1]):
                lines.append(row("  " + sub, _subcategory_guid(sub_guid)))
    if set(wanted) - matched:
        return _fail(87, _AUDITPOL_BAD)
    return _ok("\n".join(lines) + "\n")
