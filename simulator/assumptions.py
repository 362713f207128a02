"""Every point the reference marks unconfirmed, as one named assumption, in one place.

The model reads each choice from here (``ASSUMPTIONS.<name>.value`` or the module constants) and
`docs/assumptions.md` is generated from this list, so a better source changes one line here and
the docs follow. Sources are keys into ``../shared/reference`` (windows-logon.md = WL, iis.md = IIS).
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
    "Under which MSV1_0 value is iissuba.dll registered?",
    "any Auth<N> value with N >= 1 whose data names iissuba (IIS 5 setup writes Auth132)",
    "iissuba",
    "Auth0 is reserved for the domain controller filter; the exact N is not documented.",
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

ALL: Final[tuple[Assumption, ...]] = tuple(
    value for value in list(globals().values()) if isinstance(value, Assumption)
)


def render_markdown() -> str:
    """docs/assumptions.md: the list, as a table a reviewer can check against new sources."""
    lines = [
        "# Named assumptions",
        "",
        "Generated by `authlab docs` from `simulator/assumptions.py`; do not edit by hand.",
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
