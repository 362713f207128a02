"""User rights and the logon types that need them (reference WL 3)."""

from __future__ import annotations

from typing import Final

from .errors import ModelError

LOGON32_LOGON_INTERACTIVE: Final = 2
LOGON32_LOGON_NETWORK: Final = 3
LOGON32_LOGON_BATCH: Final = 4
LOGON32_LOGON_SERVICE: Final = 5
LOGON32_LOGON_NETWORK_CLEARTEXT: Final = 8

#: logon type -> (allow right, deny right)
LOGON_RIGHTS: Final[dict[int, tuple[str, str]]] = {
    2: ("SeInteractiveLogonRight", "SeDenyInteractiveLogonRight"),
    3: ("SeNetworkLogonRight", "SeDenyNetworkLogonRight"),
    4: ("SeBatchLogonRight", "SeDenyBatchLogonRight"),
    5: ("SeServiceLogonRight", "SeDenyServiceLogonRight"),
    8: ("SeNetworkLogonRight", "SeDenyNetworkLogonRight"),
}

LOGON_TYPE_NAMES: Final = {
    2: "Interactive",
    3: "Network",
    4: "Batch",
    5: "Service",
    8: "NetworkCleartext",
}

#: The policy names the Local Security Policy editor shows, for remedies and reports.
RIGHT_DISPLAY: Final = {
    "SeNetworkLogonRight": "Access this computer from the network",
    "SeDenyNetworkLogonRight": "Deny access to this computer from the network",
    "SeInteractiveLogonRight": "Allow log on locally",
    "SeDenyInteractiveLogonRight": "Deny log on locally",
    "SeBatchLogonRight": "Log on as a batch job",
    "SeDenyBatchLogonRight": "Deny log on as a batch job",
    "SeServiceLogonRight": "Log on as a service",
    "SeDenyServiceLogonRight": "Deny log on as a service",
}

KNOWN_RIGHTS: Final = frozenset(RIGHT_DISPLAY)


def rights_for(logon_type: int) -> tuple[str, str]:
    try:
        return LOGON_RIGHTS[logon_type]
    except KeyError:
        raise ModelError(
            f"logon type {logon_type} is not one LogonUser accepts (2, 3, 4, 5 or 8)"
        ) from None


def check_right_name(name: str) -> str:
    """Rights are case-sensitive constants in secedit; accept any case, return the real one."""
    for right in KNOWN_RIGHTS:
        if right.lower() == name.lower():
            return right
    if name.startswith("Se") and (name.endswith("Right") or name.endswith("Privilege")):
        return name  # a privilege the model does not evaluate, kept as written
    raise ModelError(f"{name!r} is not a user right or privilege name", subject=name)
