"""Every point the reference marks unconfirmed, as one named assumption, in one place.

The model reads each choice from here (``ASSUMPTIONS.<name>.value`` or the module constants) and
`docs/assumptions.md` is generated from this list, so a better source changes one line here and
the docs follow. Sources are keys into ``../shared/reference`` (windows-logon.md = WL,
iis.md = IIS).
"""

from __future__ import annotations

from typing import Any, Final

import attrs


@attrs.frozen
class Assumption:
    name: str
    question: str
    choice: str
    value: Any
    why: str
    reference: str


def _a(name: str, question: str, choice: str, value: Any, why: str, reference: str) -> Assumption:
    return Assumption(name, question, choice, value, why, reference)


RESTRICTION_ORDER: Final = _a(
    "restriction_order",
    "In which order does Windows test account restrictions once the password is right?",
    "disabled, account expired, must change password, password expired, workstation, logon hours",
    ("disabled", "expired", "must_change", "password_expired", "workstation", "logon_hours"),
    "Samba's AD DC (source4 authsam_account_ok) is written against Windows torture tests.",
    "WL 2",
)
CLEARTEXT_LOGON_GROUP: Final = _a(
    "cleartext_logon_group",
    "Which logon-type group SID does a type 8 (network cleartext) token carry?",
    "NETWORK (S-1-5-2), as for type 3",
    "S-1-5-2",
    "Type 8 is a network logon that kept the password; NETWORK is the natural group.",
    "WL 3",
)
EXPIRED_SUBSTATUS: Final = _a(
    "expired_substatus",
    "Which SubStatus accompanies 0xC0000193 (account expired) in 4625?",
    "0x0",
    0x0,
    "The 4625 table lists 0xC0000193 as a Status; no sample shows a SubStatus.",
    "WL 1",
)
MUST_CHANGE_EVENT: Final = _a(
    "must_change_event",
    "How is 'must change password' (0xC0000224) rendered in the Security log?",
    "4625 Status 0xC0000224, SubStatus 0x0, FailureReason %%2309; Windows Server 2003 event 535",
    {"status": 0xC0000224, "substatus": 0x0, "reason": "%%2309", "event_2003": 535},
    "It is a password-age condition: the closest documented texts are those of password expiry.",
    "WL 1",
)
RESTRICTION_STATUS_PAIRING: Final = _a(
    "restriction_status_pairing",
    "Do hours, workstation, password-expired and disabled failures log Status 0xC000006E?",
    "Status 0xC000006E (account restriction) with the specific SubStatus",
    0xC000006E,
    "LsaLogonUser's SubStatus documentation and one captured disabled-account sample.",
    "WL 1",
)
CRASH_ON_AUDIT_FAIL_DENIAL: Final = _a(
    "crash_on_audit_fail_denial",
    "What does a non-administrator's logon return while CrashOnAuditFail = 2?",
    "Status 0xC000006E / SubStatus 0xC0000070, Win32 1329, and no audit event is written",
    {"status": 0xC000006E, "substatus": 0xC0000070, "win32": 1329, "event": False},
    "KB 832981 shows the text of Win32 1329; the LSA refuses before any audit is generated.",
    "WL 1, WL 6",
)
TYPE8_SUCCESS_EVENT_2003: Final = _a(
    "type8_success_event_2003",
    "Does Windows Server 2003 log a successful type 8 logon as 528 or 540?",
    "540 (successful network logon)",
    540,
    "Sources conflict; type 8 is a network logon variant.",
    "WL 1",
)
LOGON_PROCESS: Final = _a(
    "logon_process",
    "Which Logon Process / Authentication Package do IIS anonymous logons show?",
    "Advapi / Negotiate (process 'w3wp.exe' or 'inetinfo.exe')",
    ("Advapi", "Negotiate"),
    "KB 909887's own event examples; KB 922730 shows 'IIS' for a type 2 logon.",
    "WL 1",
)
SUBAUTH_REGISTRATION: Final = _a(
    "subauth_registration",
    "What registers iissuba.dll with MSV1_0?",
    "the value Auth132 under Lsa\\MSV1_0 whose data names iissuba",
    ("Auth132", "iissuba"),
    "132 is MSV1_0_SUBAUTHENTICATION_DLL_IIS in the Windows SDK (windows-sys docs); that "
    "the data is the bare DLL name 'iissuba' is not documented.",
    "IIS 3",
)
SUBAUTH_CHECKS: Final = _a(
    "subauth_checks",
    "What does a subauthentication logon still check, and which logon type is it?",
    "everything but the password, as a type 3 network logon",
    3,
    "MSV1_0 subauthentication replaces the password check only; restrictions still apply.",
    "IIS 3",
)
WORKSTATION_NAME: Final = _a(
    "workstation_name",
    "Which workstation name does IIS's LogonUser present for userWorkstations?",
    "the web server's own computer name",
    "computer_name",
    "LogonUser runs on the web server; no other name is available to it.",
    "WL 5",
)
BUILTIN_IUSR: Final = _a(
    "builtin_iusr",
    "Do rights, lockout, hours and the other account rules apply to IIS 7+'s built-in IUSR?",
    "no: S-1-5-17 has no SAM entry and no password, so no account rule or logon right applies",
    False,
    "IUSR is a built-in identity; the KB 909887 causes need a custom anonymous account.",
    "IIS 5",
)
ANONYMOUS_DISABLED_WIN32: Final = _a(
    "anonymous_disabled_win32",
    "Which sc-win32-status does an anonymous request refused with 401.2 log?",
    "5 (access denied), whether or not another method is offered",
    5,
    "David Wang's 401.x guide shows '401 2 5' for the first leg of a handshake.",
    "IIS 4",
)
GPO_REFRESH: Final = _a(
    "gpo_refresh",
    "When does a member server apply a changed domain GPO by itself?",
    "90 minutes after the last refresh (the random 0-30 minute offset is left out)",
    90,
    "A reproducible model can not draw the offset; gpupdate and restarts apply at once.",
    "WL 4",
)
EVENT_RECORD_SIZE: Final = _a(
    "event_record_size",
    "How many bytes of the Security log does one logon event take?",
    "512 bytes on Windows Server 2003 (.evt), 1024 bytes on 2008+ (.evtx)",
    {"2003": 512, "2008": 1024},
    "Typical record sizes; only the point at which the log fills depends on it.",
    "WL 6",
)
FAILED_LOGONS_CACHED: Final = _a(
    "failed_logons_cached",
    "Does IIS's anonymous token cache keep failures?",
    "no: only tokens are cached; every failing request calls LogonUser again",
    False,
    "The cache holds tokens (KB 152526); a failure has none.",
    "WL 5",
)
W3SVC_EVENT_EVERY_FAILURE: Final = _a(
    "w3svc_event_every_failure",
    "Does IIS 6 write System event 100 (W3SVC) for every failed anonymous logon?",
    "yes, one per failed LogonUser",
    True,
    "KB 922730 describes the event without a throttle.",
    "WL 1",
)
RIGHTS_2003_DEFAULTS: Final = _a(
    "rights_2003_defaults",
    "What are Windows Server 2003's default logon rights besides the network right?",
    "those of Server 2016 plus IUSR_<machine> for log on locally and batch (IIS 6 setup)",
    None,
    "Only SeNetworkLogonRight's 2003 default is documented.",
    "WL 4",
)
APPPOOL_ID_INHERIT: Final = _a(
    "apppool_id_inherit",
    "Are AppPoolId and DefaultLogonDomain inherited down the metabase?",
    "yes, both",
    True,
    "Marked unconfirmed in the reference; every IIS 6 sample sets AppPoolId on ROOT.",
    "IIS 1",
)
CRASH_DEFAULT_AUDIT: Final = _a(
    "healthy_audit_policy",
    "What does a healthy generated host audit?",
    "logon success and failure (Windows Server 2003's default audits success only)",
    (True, True),
    "Diagnosis needs failure events; 'logon-audit-disabled' exists for hosts that do not.",
    "WL 1",
)

ISOLATION_MODE_DEFAULT: Final = _a(
    "isolation_mode_default",
    "Which isolation mode applies when /LM/W3SVC does not set IIs5IsolationModeEnabled?",
    "worker process isolation (FALSE)",
    False,
    "Worker process isolation is IIS 6's own mode and clean installs write FALSE; the reference "
    "does not say what IIS does when the line is missing.",
    "IIS 1",
)
METABASE_FLAG_ORDER: Final = _a(
    "metabase_flag_order",
    "In which order does MetaBase.xml list the names in a flags value?",
    "ascending bit value ('AuthAnonymous | AuthNTLM'); names are read in any order",
    "ascending",
    "Public samples disagree ('AccessExecute | AccessRead | AccessScript' is not bit order); IIS "
    "reads any order, so only rendered text depends on the choice.",
    "IIS 1",
)
CLEAN_INSTALL_AUTHFLAGS: Final = _a(
    "clean_install_authflags",
    "Where does a clean IIS 6 install write AuthFlags?",
    "'AuthAnonymous' at /LM/W3SVC and 'AuthAnonymous | AuthNTLM' at /LM/W3SVC/1/ROOT",
    {"/LM/W3SVC": 0x1, "/LM/W3SVC/1/ROOT": 0x5},
    "Public MetaBase.xml samples show these values at these keys; the reference gives only the "
    "schema default (AuthAnonymous) and the internal default (AuthAnonymous | AuthNTLM).",
    "IIS 1",
)
WAM_UNC_INHERIT: Final = _a(
    "wam_unc_inherit",
    "Are WAMUserName/WAMUserPass and UNCUserName/UNCPassword inherited down the metabase?",
    "yes, all four",
    True,
    "The reference does not say; inheriting lets a directory below a UNC vdir use its credentials.",
    "IIS 1",
)
ADSUTIL_FIND_PATHS: Final = _a(
    "adsutil_find_paths",
    "How does adsutil FIND print the keys where a property is set?",
    "one '  W3SVC/1/ROOT' line per key: relative to the machine, no leading slash, stored case",
    "relative",
    "The reference gives only '  path'; ENUM's '[/W3SVC/1/ROOT]' lines are the nearest sample.",
    "IIS 2",
)
AUTH_SCHEMA_DEFAULTS: Final = _a(
    "apphost_auth_schema_defaults",
    "What applies when no level of applicationHost.config sets an authentication attribute?",
    "anonymous enabled=false, userName 'IUSR', no password, logonMethod ClearText, "
    "defaultLogonDomain ''; windows and basic enabled=false",
    {"anonymous_enabled": False, "windows_enabled": False, "basic_enabled": False},
    "A clean install writes anonymous enabled='true' at the server level, so only a config that "
    "lost that line depends on the schema default; IIS's schema makes 'enabled' opt-in.",
    "IIS 5",
)

EVENT_XML_BUILD_SHAPE: Final = _a(
    "event_xml_build_shape",
    "How do 2016/2019 and 2022 differ in wevtutil's XML (GUID case, TimeCreated digits)?",
    "2016 and 2019: upper-case provider GUID and 9 fraction digits; 2022: lower case and 7",
    {"WS2016": ("upper", 9), "WS2019": ("upper", 9), "WS2022": ("lower", 7)},
    "Dated public captures show the two shapes; none dates the change on 2019.",
    "WL 1",
)
EXECUTION_IDS: Final = _a(
    "execution_ids",
    "Which ProcessID/ThreadID does a Security event's Execution element carry?",
    "lsass.exe's PID 652; a ThreadID derived from the record id",
    652,
    "The model keeps no lsass process; any stable value serves a reader.",
    "WL 1",
)
LOGON_PROCESS_PADDING: Final = _a(
    "logon_process_padding",
    "Are logon process names printed with the blanks LSA registers them with?",
    "yes: 'Advapi  ', 'User32 ', 'NtLmSsp ' in 4624/4625 and in the 2003 text",
    True,
    "Public 4625 captures and a copied 2003 event show the padding.",
    "WL 1",
)
EMPTY_SUBJECT: Final = _a(
    "empty_subject",
    "How is an empty subject (caller) user or domain printed?",
    "'-'",
    "-",
    "4625 prints '-' for every other empty string field.",
    "WL 1",
)
ANONYMOUS_TOKEN_FLAGS: Final = _a(
    "anonymous_token_flags",
    "Which 4624 token fields does a successful anonymous logon print?",
    "ImpersonationLevel %%1833, VirtualAccount %%1843, ElevatedToken %%1843, a zero LogonGuid",
    ("%%1833", "%%1843", "%%1843"),
    "An NTLM, non-administrator logon; 2003's Logon GUID line reads '-'.",
    "WL 1",
)
UNKNOWN_FAILURE_REASON: Final = _a(
    "unknown_failure_reason",
    "Which FailureReason does a 4625 carry for an outcome without one?",
    "%%2304 ('An Error occured during Logon.')",
    "%%2304",
    "The generic text 537 uses; only CrashOnAuditFail has no reason, and it normally logs nothing.",
    "WL 1",
)
LEGACY_CSV_SHAPE: Final = _a(
    "legacy_csv_shape",
    "How does Windows Server 2003's Event Viewer write 'Save Log File As' CSV?",
    "no header, CRLF rows, quotes only where needed, Description line breaks kept inside quotes",
    "minimal",
    "No public sample shows the quoting; the column order is documented (cc780824).",
    "IIS 8",
)
W3SVC_EVENT_XML: Final = _a(
    "w3svc_event_xml",
    "How does W3SVC event 100 look in 2016+ XML?",
    "a classic event: Provider W3SVC, Qualifiers 32768, Level 3, two Data values, the Win32 code "
    "as a little-endian DWORD in Binary",
    "classic",
    "Classic-source captures; whether IIS 7+ still writes event 100 is unconfirmed.",
    "WL 1",
)
W3C_FIELD_CHANGE_HEADER: Final = _a(
    "w3c_field_change_header",
    "What does IIS write when the logged fields change mid-file?",
    "a whole header block (#Software, #Version, #Date, #Fields) before the next entry",
    "block",
    "Public IIS 10 logs show full blocks mid-file after a restart; a reader honours the latest "
    "#Fields either way.",
    "IIS 4",
)
W3C_ESCAPING: Final = _a(
    "w3c_escaping",
    "Which characters inside a W3C value become '+'?",
    "every whitespace and control character",
    "+",
    "Keeps exactly one token per field; the reference names only spaces.",
    "IIS 4",
)
W3C_LINE_END: Final = _a(
    "w3c_line_end",
    "Line ends and file names of W3C logs",
    "CRLF; daily files on the UTC day; IIS 6 'exYYMMDD.log', IIS 7.5+ 'u_exYYMMDD.log'",
    "\r\n",
    "IIS's default rollover uses UTC; 'u_ex' marks UTF-8 files from 7.5 on.",
    "IIS 4",
)
SECURITY_LOG_DEFAULTS: Final = _a(
    "security_log_defaults",
    "What maximum size and retention does a healthy Security log have?",
    "16 MB on Windows Server 2003, 20 MB on 2008+, overwrite as needed",
    {"2003": 16 * 1024 * 1024, "2008": 20 * 1024 * 1024},
    "20 MB (20480 KB) is the documented 2008+ default; the 2003 figure varies by service pack.",
    "WL 6",
)
BARE_NAME_DOMAIN: Final = _a(
    "bare_name_domain",
    "Where does LogonUser look for an anonymous user name without a domain?",
    "the local SAM (the domain on a DC), unless DefaultLogonDomain names a domain",
    "local",
    "LogonUser with no domain searches the local accounts first; IIS passes DefaultLogonDomain.",
    "IIS 1",
)

BLANK_PASSWORD_RESTRICTION: Final = _a(
    "blank_password_restriction",
    "How does a non-console logon of a local account with a blank password fail while "
    "LimitBlankPasswordUse = 1, and where in the order?",
    "right after the password check: Status 0xC000006E, SubStatus 0x0, Win32 1327; logged as "
    "2003 event 537 and 4625 with FailureReason %%2304",
    {"status": 0xC000006E, "substatus": 0x0, "win32": 1327, "event_2003": 537, "reason": "%%2304"},
    "The policy's documented effect is 'user account restriction' (1327); the audit rendering "
    "of it is not documented.",
    "WL 8",
)

SECEDIT_EXPORT_NAMES: Final = _a(
    "secedit_export_names",
    "How does `secedit /export` write the holders of a right?",
    "the machine's own accounts and groups by name (Guest, IUSR_WEB01); builtin, well-known "
    "and domain principals as *SID",
    "names for local accounts",
    "Published exports show 'Guest,*S-1-5-32-544,...'; GPO templates written by the domain "
    "tools use *SID throughout.",
    "IIS 7",
)

READER_INVALID_VALUES_FATAL: Final = _a(
    "reader_invalid_values_fatal",
    "What does a reader do with a value the real tool never writes (an unknown flag name, "
    "LogonMethod 7, a duplicated key or Location)?",
    "refuse the file with its name and line (exit 2) rather than guess",
    True,
    "A configuration IIS itself could not run is no basis for a diagnosis; the cost is that such "
    "a misconfiguration is reported as unreadable input, not as a finding.",
    "contract 1",
)
NET_USER_TRUNCATION: Final = _a(
    "net_user_truncation",
    "How does `net user` print group names longer than its 21-character cell?",
    "cut to 21 characters, so entries may run together; names of 20-21 characters are treated "
    "as possibly cut",
    21,
    "Real outputs show '*Remote Management Use*Users'; a cut name ending in a space reads as 20.",
    "IIS 8",
)
NET_USER_HOUR_RANGES: Final = _a(
    "net_user_hour_ranges",
    "How does `net user` print restricted logon hours?",
    "one 'Day h:mm AM - h:mm PM' line per range in the server's local time; 'None' for no hour",
    "ranges",
    "'None' is seen in published output; the range layout is not.",
    "IIS 8",
)
LDIF_COMPUTED_UAC: Final = _a(
    "ldif_computed_uac",
    "Does the simulator's LDIF export include msDS-User-Account-Control-Computed?",
    "yes, with LOCKOUT (MS-ADTS) and PASSWORD_EXPIRED for must-change accounts",
    True,
    "The diagnosis judges lockout from lockoutTime and the domain's duration instead.",
    "WL 5",
)
HOST_JSON_COLLECTED_AT: Final = _a(
    "host_json_collected_at",
    "May host.json leave out collected_at?",
    "yes (or null): the diagnosis then judges time against its own clock and says so",
    "optional",
    "The contract describes that case; every other host.json field is required.",
    "contract 3",
)
PROBE_SAFETY: Final = _a(
    "probe_safety",
    "When does the collector skip the credential probe?",
    "when CrashOnAuditFail is 1 and the Security log is full and may not overwrite: the probe's "
    "audit would stop the server",
    True,
    "Diagnosing must never crash a host; KB 832981 describes the stop.",
    "WL 6",
)
LOG_FULL_MARGIN: Final = _a(
    "log_full_margin",
    "When does a Security log count as full from `wevtutil gli`'s fileSize?",
    "when it is within one 64 KB allocation unit of maxSize",
    64 * 1024,
    "Log files grow in 64 KB chunks; gli does not report free space inside the last one.",
    "WL 6",
)

W3C_URL_MATCH: Final = _a(
    "w3c_url_match",
    "Which IIS log lines count as requests for the URL diagnosed?",
    "cs-uri-stem equal to the URL, case-insensitively ('/' does not match '/Default.htm')",
    "exact",
    "IIS logs the URL as requested for a default document; a rewritten stem is not mapped back.",
    "IIS 4",
)
LEGACY_EVENT_FIELD_POSITIONS: Final = _a(
    "legacy_event_field_positions",
    "Where are the fields of 528-540 in their insertion strings when exported as XML?",
    "the order of the Description text (User Name, Domain, Logon Type, ...); 537's Status and "
    "Substatus at 7 and 8",
    "positional",
    "msaudite.dll's message table gives the order; only 537's positions are seen in samples.",
    "WL 1",
)

ADVANCED_AUDIT_DEFAULTS: Final = _a(
    "advanced_audit_defaults",
    "What does the advanced audit policy of a Windows Server 2008+ member server audit, besides "
    "the Logon subcategory, when nobody changed it?",
    "Logoff: Success; Account Lockout: Success; Credential Validation: No Auditing",
    {"Logoff": 1, "Account Lockout": 1, "Credential Validation": 0},
    "Microsoft's audit policy recommendations list these as the Windows Server defaults; only "
    "Logon matters for the diagnosis.",
    "WL 1",
)
LEGACY_AUDIT_EXPORT: Final = _a(
    "legacy_audit_export",
    "What does `secedit /export` show in [Event Audit] on Windows Server 2008 and later?",
    "0 for every category the local policy sets through auditpol; only GPO-set legacy categories "
    "show their values",
    0,
    "Public secedit exports from audited 2008+ servers show AuditLogonEvents = 0: the advanced "
    "(subcategory) policy is kept apart from the legacy categories secedit reports.",
    "WL 1",
)

SECEDIT_DUPLICATE_KEY: Final = _a(
    "secedit_duplicate_key",
    "Of two lines that set the same key in one section of a secedit file (compared without "
    "case), which is in effect?",
    "the later one; the reader warns, naming both lines",
    "last",
    "SetupFindFirstLine, the documented INF lookup, finds the first line, while a tool that "
    "applies each entry in turn ends with the last; hardening scripts append their lines.",
    "WL 4",
)
LEGACY_CSV_DEFAULT_DATES: Final = _a(
    "legacy_csv_default_dates",
    "How are the dates of a 2003 Event Viewer CSV read when host.json gives no patterns?",
    "M/d/yyyy (en-US), d.M.yyyy (day first with dots) or yyyy-M-d; times h:mm:ss tt or H:mm:ss",
    (("M/d/yyyy", "d.M.yyyy", "yyyy-M-d"), ("h:mm:ss tt", "H:mm:ss")),
    "Event Viewer writes the server's short date; slashes are en-US on the servers seen, dots "
    "are day-first everywhere, ISO order is unambiguous.",
    "WL 1",
)

OLD_PASSWORD_AFTER_RESET: Final = _a(
    "old_password_after_reset",
    "Does the previous password keep logging a domain account on over NTLM for the "
    "OldPasswordAllowedPeriod after an administrator resets the password, as after the user's "
    "own change?",
    "yes: a reset is treated as a change (the period runs from pwdLastSet; a reset with 'must "
    "change password at next logon' ends it at once)",
    True,
    "KB 906305 describes only a user's change, and advises a reset with 'must change at next "
    "logon' to invalidate the old password as soon as possible; a Samba AD DC accepts the "
    "previous password after a reset as after a change.",
    "KB 906305, docs/fidelity.md",
)

REBOOT_AFTER_BUG_CHECK: Final = _a(
    "reboot_after_bug_check",
    'How long after a bug check does a server with "Automatically restart" answer again?',
    "3 minutes (writing the memory dump, then a boot)",
    180,
    'KB 307973 and Microsoft\'s "Configure system failure and recovery options in Windows" '
    "say the server restarts itself (CrashControl\\AutoReboot, on by default) but give no "
    "time; a few minutes is what a server of the period takes.",
    "KB 307973",
)

AD_MODULE_ON_MEMBER: Final = _a(
    "ad_module_on_member",
    "Does a Windows Server 2016+ member server have the ActiveDirectory PowerShell module "
    "(Set-ADUser, Unlock-ADAccount)?",
    "yes: the administrator has installed RSAT's AD PowerShell feature (a domain controller "
    "has it with its role; a workgroup server has no domain and no module)",
    True,
    "The module is not in a default member-server install (RSAT-AD-PowerShell is an optional "
    "feature); a server managed from its own console for AD accounts normally has it, and the "
    "repair steps type Set-ADUser there.",
    "docs/fidelity.md",
)

ALL: Final[tuple[Assumption, ...]] = tuple(
    value for value in list(globals().values()) if isinstance(value, Assumption)
)


def render_markdown() -> str:
    """docs/assumptions.md: the list, as a table a reviewer can check against new sources."""
    lines = [
        "# Named assumptions",
        "",
        "Generated by `authlab docs` from `winfacts/assumptions.py`; do not edit by hand.",
        "Each row is a point the reference (`../shared/reference`) marks unconfirmed, and the",
        "choice the simulator makes. A better source changes the one line in that module.",
        "",
        "| name | question | choice | why | reference |",
        "|---|---|---|---|---|",
    ]
    for item in ALL:
        lines.append(
            f"| `{item.name}` | {item.question} | {item.choice} | {item.why} | {item.reference} |"
        )
    return "\n".join(lines) + "\n"
