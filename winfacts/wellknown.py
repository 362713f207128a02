"""Well-known and builtin SIDs the anonymous logon case touches (reference: windows-logon.md 3).

Names are the English display names Windows prints ("NT AUTHORITY\\NETWORK", "BUILTIN\\Guests"), so
rights exports and `net localgroup` renderings read like the real ones.
"""

from __future__ import annotations

from typing import Final

from .sid import Sid

NULL: Final = Sid.parse("S-1-0-0")
EVERYONE: Final = Sid.parse("S-1-1-0")
LOCAL: Final = Sid.parse("S-1-2-0")
CREATOR_OWNER: Final = Sid.parse("S-1-3-0")
NETWORK: Final = Sid.parse("S-1-5-2")
BATCH: Final = Sid.parse("S-1-5-3")
INTERACTIVE: Final = Sid.parse("S-1-5-4")
SERVICE: Final = Sid.parse("S-1-5-6")
ANONYMOUS_LOGON: Final = Sid.parse("S-1-5-7")
ENTERPRISE_DOMAIN_CONTROLLERS: Final = Sid.parse("S-1-5-9")
AUTHENTICATED_USERS: Final = Sid.parse("S-1-5-11")
THIS_ORGANIZATION: Final = Sid.parse("S-1-5-15")
IUSR_BUILTIN: Final = Sid.parse("S-1-5-17")  # IIS 7+ built-in anonymous identity, no password
LOCAL_SYSTEM: Final = Sid.parse("S-1-5-18")
LOCAL_SERVICE: Final = Sid.parse("S-1-5-19")
NETWORK_SERVICE: Final = Sid.parse("S-1-5-20")

ADMINISTRATORS: Final = Sid.parse("S-1-5-32-544")
USERS: Final = Sid.parse("S-1-5-32-545")
GUESTS: Final = Sid.parse("S-1-5-32-546")
POWER_USERS: Final = Sid.parse("S-1-5-32-547")
ACCOUNT_OPERATORS: Final = Sid.parse("S-1-5-32-548")
SERVER_OPERATORS: Final = Sid.parse("S-1-5-32-549")
PRINT_OPERATORS: Final = Sid.parse("S-1-5-32-550")
BACKUP_OPERATORS: Final = Sid.parse("S-1-5-32-551")
PRE_WINDOWS_2000: Final = Sid.parse("S-1-5-32-554")
PERFORMANCE_LOG_USERS: Final = Sid.parse("S-1-5-32-559")
IIS_IUSRS: Final = Sid.parse("S-1-5-32-568")
#: NT SERVICE\TrustedInstaller: a service SID (S-1-5-80 + SHA-1 of the service name).
TRUSTED_INSTALLER: Final = Sid.parse(
    "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
)

# Relative identifiers inside a machine or domain SID.
RID_ADMINISTRATOR: Final = 500
RID_GUEST: Final = 501
RID_KRBTGT: Final = 502
RID_DOMAIN_ADMINS: Final = 512
RID_DOMAIN_USERS: Final = 513
RID_DOMAIN_GUESTS: Final = 514
RID_DOMAIN_COMPUTERS: Final = 515
RID_DOMAIN_CONTROLLERS: Final = 516
RID_FIRST_USER: Final = 1000  # local SAM accounts start here; AD's first user RID is 1103+

#: (authority, display name) for every SID above, as LookupAccountSid prints them.
NAMES: Final[dict[Sid, tuple[str, str]]] = {
    NULL: ("", "NULL SID"),
    EVERYONE: ("", "Everyone"),
    LOCAL: ("", "LOCAL"),
    CREATOR_OWNER: ("", "CREATOR OWNER"),
    NETWORK: ("NT AUTHORITY", "NETWORK"),
    BATCH: ("NT AUTHORITY", "BATCH"),
    INTERACTIVE: ("NT AUTHORITY", "INTERACTIVE"),
    SERVICE: ("NT AUTHORITY", "SERVICE"),
    ANONYMOUS_LOGON: ("NT AUTHORITY", "ANONYMOUS LOGON"),
    ENTERPRISE_DOMAIN_CONTROLLERS: ("NT AUTHORITY", "ENTERPRISE DOMAIN CONTROLLERS"),
    AUTHENTICATED_USERS: ("NT AUTHORITY", "Authenticated Users"),
    THIS_ORGANIZATION: ("NT AUTHORITY", "This Organization"),
    IUSR_BUILTIN: ("NT AUTHORITY", "IUSR"),
    LOCAL_SYSTEM: ("NT AUTHORITY", "SYSTEM"),
    LOCAL_SERVICE: ("NT AUTHORITY", "LOCAL SERVICE"),
    NETWORK_SERVICE: ("NT AUTHORITY", "NETWORK SERVICE"),
    ADMINISTRATORS: ("BUILTIN", "Administrators"),
    USERS: ("BUILTIN", "Users"),
    GUESTS: ("BUILTIN", "Guests"),
    POWER_USERS: ("BUILTIN", "Power Users"),
    ACCOUNT_OPERATORS: ("BUILTIN", "Account Operators"),
    SERVER_OPERATORS: ("BUILTIN", "Server Operators"),
    PRINT_OPERATORS: ("BUILTIN", "Print Operators"),
    BACKUP_OPERATORS: ("BUILTIN", "Backup Operators"),
    PRE_WINDOWS_2000: ("BUILTIN", "Pre-Windows 2000 Compatible Access"),
    PERFORMANCE_LOG_USERS: ("BUILTIN", "Performance Log Users"),
    IIS_IUSRS: ("BUILTIN", "IIS_IUSRS"),
    TRUSTED_INSTALLER: ("NT SERVICE", "TrustedInstaller"),
}

#: Builtin local groups a Windows server has, by SID.
BUILTIN_GROUPS: Final = (
    ADMINISTRATORS,
    USERS,
    GUESTS,
    POWER_USERS,
    BACKUP_OPERATORS,
    PERFORMANCE_LOG_USERS,
)


def display_name(sid: Sid) -> str | None:
    """``AUTHORITY\\Name`` (or the bare name for authority-less SIDs) for a well-known SID."""
    entry = NAMES.get(sid)
    if entry is None:
        return None
    authority, name = entry
    return f"{authority}\\{name}" if authority else name


def _names_index() -> dict[str, Sid]:
    index: dict[str, Sid] = {}
    for sid, (authority, short) in NAMES.items():
        index.setdefault(short.lower(), sid)
        if authority:
            index.setdefault(f"{authority}\\{short}".lower(), sid)
    return index


_BY_NAME: Final = _names_index()


def lookup_name(name: str) -> Sid | None:
    """Resolve a well-known name, with or without its authority, case-insensitively."""
    return _BY_NAME.get(name.strip().lower())
