"""The message numbers net.exe prints and `NET HELPMSG` explains, and the Win32 error codes the
tools report, each with its English text, in one table.

net.exe takes its texts from netmsg.dll (NERR_* 2100-2999 and the net command's own 3500-3999)
and from the system's FormatMessage table for a Win32 error ("System error N has occurred.");
`NET HELPMSG N` prints the text of either kind.

Sources (facts only): the numbers and texts of 2182, 2220, 2221, 2224, 2236, 2237, 2245, 3505,
3506, 3514, 3521-3524 and 3527-3529 are those of the netmsg message table in ReactOS
(sdk/include/reactos/mc/netmsg*.mc), which follows Windows' numbering. Where Windows' own wording
differs from that table, Windows' is kept: 3515 "This command can be used only on a Windows
Domain Controller." and 3520 "These Windows services are started:" (transcripts of Windows
Server 2008+). Win32 texts: `winfacts.ntstatus` and the net use transcripts noted in
`tools.net`. Chosen without confirmation: 2185's text as printed by net (from memory).
"""

from __future__ import annotations

from typing import Final

# -- NET message numbers (netmsg.dll) -------------------------------------------------------------
NERR_SERVICE_INSTALLED: Final = 2182  # the service is already started
NERR_BAD_SERVICE_NAME: Final = 2185
NERR_GROUP_NOT_FOUND: Final = 2220
NERR_USER_NOT_FOUND: Final = 2221
NERR_USER_EXISTS: Final = 2224
NERR_USER_IN_GROUP: Final = 2236
NERR_USER_NOT_IN_GROUP: Final = 2237
NERR_PASSWORD_TOO_SHORT: Final = 2245  # any password-policy refusal
APE_INVALID_SWITCH_ARG: Final = 3505
APE_SWITCH_UNKNOWN: Final = 3506
APE_MORE_HELP: Final = 3514
APE_DC_ONLY: Final = 3515
APE_STARTED_SERVICES: Final = 3520
APE_NOT_STARTED: Final = 3521
APE_STARTING: Final = 3522
APE_START_OK: Final = 3524
APE_STOPPING: Final = 3527
APE_STOP_OK: Final = 3529

# -- Win32 error codes the tools print ("System error N has occurred.", exit codes) -----------
ERROR_BAD_NETPATH: Final = 53
ERROR_NETNAME_DELETED: Final = 64
ERROR_INVALID_PARAMETER: Final = 87
ERROR_NONE_MAPPED: Final = 1332
ERROR_NO_SUCH_DOMAIN: Final = 1355
ERROR_NO_SUCH_ALIAS: Final = 1376
ERROR_MEMBER_NOT_IN_ALIAS: Final = 1377
ERROR_MEMBER_IN_ALIAS: Final = 1378
ERROR_EVT_CHANNEL_NOT_FOUND: Final = 15007

TEXT: Final[dict[int, str]] = {
    NERR_SERVICE_INSTALLED: "The requested service has already been started.",
    NERR_BAD_SERVICE_NAME: "The service name is invalid.",
    NERR_GROUP_NOT_FOUND: "The group name could not be found.",
    NERR_USER_NOT_FOUND: "The user name could not be found.",
    NERR_USER_EXISTS: "The account already exists.",
    NERR_USER_IN_GROUP: "The user already belongs to this group.",
    NERR_USER_NOT_IN_GROUP: "The user does not belong to this group.",
    NERR_PASSWORD_TOO_SHORT: (
        "The password does not meet the password policy requirements. Check the minimum "
        "password length, password complexity and password history requirements."
    ),
    APE_INVALID_SWITCH_ARG: "You used an option with an invalid value.",
    APE_SWITCH_UNKNOWN: "The option %1 is unknown.",
    APE_MORE_HELP: "More help is available by typing NET HELPMSG %1.",
    APE_DC_ONLY: "This command can be used only on a Windows Domain Controller.",
    APE_STARTED_SERVICES: "These Windows services are started:",
    APE_NOT_STARTED: "The %1 service is not started.",
    APE_STARTING: "The %1 service is starting.",
    APE_START_OK: "The %1 service was started successfully.",
    APE_STOPPING: "The %1 service is stopping.",
    APE_STOP_OK: "The %1 service was stopped successfully.",
    ERROR_BAD_NETPATH: "The network path was not found.",
    ERROR_NETNAME_DELETED: "The specified network name is no longer available.",
    ERROR_INVALID_PARAMETER: "The parameter is incorrect.",
    ERROR_NONE_MAPPED: "No mapping between account names and security IDs was done.",
    ERROR_NO_SUCH_DOMAIN: "The specified domain either does not exist or could not be contacted.",
    ERROR_NO_SUCH_ALIAS: "The specified local group does not exist.",
    ERROR_MEMBER_NOT_IN_ALIAS: "The specified account name is not a member of the group.",
    ERROR_MEMBER_IN_ALIAS: "The specified account name is already a member of the group.",
    ERROR_EVT_CHANNEL_NOT_FOUND: "The specified channel could not be found.",
}


def text(number: int, *insertions: str) -> str:
    """The message's text with %1, %2 ... filled in."""
    message = TEXT[number]
    for index in range(len(insertions), 0, -1):
        message = message.replace(f"%{index}", insertions[index - 1])
    return message


def more_help(number: int) -> str:
    return text(APE_MORE_HELP, str(number))
