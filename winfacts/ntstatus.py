"""The codes one logon outcome carries in every rendering (reference WL 1, the cause table).

One row per outcome: NTSTATUS Status and SubStatus, the Windows Server 2003 event ID, the 4625
FailureReason insertion string, the Win32 error LogonUser and IIS's sc-win32-status report, the
LDAP bind ``data`` code, and the Win32 message text (which W3SVC event 100 quotes).
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

from . import assumptions as A

STATUS_SUCCESS: Final = 0x00000000
STATUS_LOGON_FAILURE: Final = 0xC000006D
STATUS_ACCOUNT_RESTRICTION: Final = 0xC000006E
STATUS_NO_SUCH_USER: Final = 0xC0000064
STATUS_WRONG_PASSWORD: Final = 0xC000006A
STATUS_INVALID_LOGON_HOURS: Final = 0xC000006F
STATUS_INVALID_WORKSTATION: Final = 0xC0000070
STATUS_PASSWORD_EXPIRED: Final = 0xC0000071
STATUS_ACCOUNT_DISABLED: Final = 0xC0000072
STATUS_ACCOUNT_EXPIRED: Final = 0xC0000193
STATUS_LOGON_TYPE_NOT_GRANTED: Final = 0xC000015B
STATUS_PASSWORD_MUST_CHANGE: Final = 0xC0000224
STATUS_ACCOUNT_LOCKED_OUT: Final = 0xC0000234
STATUS_AUDIT_FAILED: Final = 0xC0000244

_MUST_CHANGE = A.MUST_CHANGE_EVENT.value
_CAF = A.CRASH_ON_AUDIT_FAIL_DENIAL.value
_RESTRICTION = A.RESTRICTION_STATUS_PAIRING.value
_BLANK = A.BLANK_PASSWORD_RESTRICTION.value


@attrs.frozen
class Codes:
    status: int
    substatus: int
    event_2003: int | None
    reason: str | None  # 4625 FailureReason, e.g. "%%2313"
    win32: int
    ldap_data: str | None
    message: str  # the Win32 error text, as FormatMessage printed it on Windows Server 2003


class Outcome(enum.Enum):
    """Why a logon ended as it did. ``value.codes`` has every rendering of it."""

    SUCCESS = Codes(STATUS_SUCCESS, 0, None, None, 0, None, "The operation completed successfully.")
    NO_SUCH_USER = Codes(
        STATUS_LOGON_FAILURE,
        STATUS_NO_SUCH_USER,
        529,
        "%%2313",
        1326,
        "52e",
        "Logon failure: unknown user name or bad password.",
    )
    WRONG_PASSWORD = Codes(
        STATUS_LOGON_FAILURE,
        STATUS_WRONG_PASSWORD,
        529,
        "%%2313",
        1326,
        "52e",
        "Logon failure: unknown user name or bad password.",
    )
    ACCOUNT_DISABLED = Codes(
        _RESTRICTION,
        STATUS_ACCOUNT_DISABLED,
        531,
        "%%2310",
        1331,
        "533",
        "Logon failure: account currently disabled.",
    )
    LOCKED_OUT = Codes(
        STATUS_ACCOUNT_LOCKED_OUT,
        0,
        539,
        "%%2307",
        1909,
        "775",
        "The referenced account is currently locked out and may not be logged on to.",
    )
    ACCOUNT_EXPIRED = Codes(
        STATUS_ACCOUNT_EXPIRED,
        A.EXPIRED_SUBSTATUS.value,
        532,
        "%%2305",
        1793,
        "701",
        "Logon failure: user account has expired.",
    )
    MUST_CHANGE = Codes(
        _MUST_CHANGE["status"],
        _MUST_CHANGE["substatus"],
        _MUST_CHANGE["event_2003"],
        _MUST_CHANGE["reason"],
        1907,
        "773",
        "The user's password must be changed before logging on the first time.",
    )
    PASSWORD_EXPIRED = Codes(
        _RESTRICTION,
        STATUS_PASSWORD_EXPIRED,
        535,
        "%%2309",
        1330,
        "532",
        "Logon failure: the specified account password has expired.",
    )
    WORKSTATION = Codes(
        _RESTRICTION,
        STATUS_INVALID_WORKSTATION,
        533,
        "%%2312",
        1329,
        "531",
        "Logon failure: user not allowed to log on to this computer.",
    )
    LOGON_HOURS = Codes(
        _RESTRICTION,
        STATUS_INVALID_LOGON_HOURS,
        530,
        "%%2311",
        1328,
        "530",
        "Logon failure: account logon time restriction violation.",
    )
    LOGON_TYPE_NOT_GRANTED = Codes(
        STATUS_LOGON_TYPE_NOT_GRANTED,
        0,
        534,
        "%%2308",
        1385,
        None,
        "Logon failure: the user has not been granted the requested logon type at this computer.",
    )
    BLANK_PASSWORD = Codes(
        _BLANK["status"],
        _BLANK["substatus"],
        _BLANK["event_2003"],
        _BLANK["reason"],
        _BLANK["win32"],
        None,
        "Logon failure: user account restriction.  Possible reasons are blank passwords not "
        "allowed, logon hour restrictions, or a policy restriction has been enforced.",
    )
    CRASH_ON_AUDIT_FAIL = Codes(
        _CAF["status"],
        _CAF["substatus"],
        None,
        None,
        _CAF["win32"],
        None,
        "Logon failure: user not allowed to log on to this computer.",
    )

    @property
    def codes(self) -> Codes:
        value: Codes = self.value
        return value

    @property
    def ok(self) -> bool:
        return self is Outcome.SUCCESS


#: 4625 FailureReason insertion strings and their msobjs.dll texts.
FAILURE_REASON_TEXT: Final = {
    "%%2305": "The specified user account has expired.",
    "%%2307": "Account locked out.",
    "%%2308": "The user has not been granted the requested logon type at this machine.",
    "%%2309": "The specified account's password has expired.",
    "%%2310": "Account currently disabled.",
    "%%2311": "Account logon time restriction violation.",
    "%%2312": "User not allowed to logon at this computer.",
    "%%2313": "Unknown user name or bad password.",
}

#: Windows Server 2003 event IDs and their "Reason:" texts (msaudite.dll).
EVENT_2003_REASON: Final = {
    529: "Unknown user name or bad password",
    530: "Account logon time restriction violation",
    531: "Account currently disabled",
    532: "The specified user account has expired",
    533: "User not allowed to logon at this computer",
    534: "The user has not been granted the requested logon type at this machine",
    535: "The specified account's password has expired",
    539: "Account locked out",
}

#: Win32 error -> Outcome, for readers that only see sc-win32-status or a probe's error.
BY_WIN32: Final = {o.codes.win32: o for o in Outcome if o is not Outcome.CRASH_ON_AUDIT_FAIL}

ERROR_ACCESS_DENIED: Final = 5


def hexstatus(value: int) -> str:
    """NTSTATUS as the Security log prints it (0xc000006d in 4625 XML)."""
    return f"0x{value:x}" if value else "0x0"
