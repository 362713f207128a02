"""`/?` on the tools that model a few of their commands: reg, secedit, auditpol, ntrights,
gpupdate, shutdown, type, dir and icacls print their usage, in the real tool's shape, and
exit 0 (simulator.admin.tools)."""

from __future__ import annotations

import pytest

from simulator.admin.shell import run
from simulator.factory import build_host
from simulator.host import Host
from simulator.scenario import PLATFORMS


@pytest.fixture(scope="module")
def iis6() -> Host:
    return build_host(PLATFORMS["iis6-local"])


@pytest.fixture(scope="module")
def iis10() -> Host:
    return build_host(PLATFORMS["iis10-local"])


def usage(host: Host, line: str) -> str:
    result = run(host, line)
    assert result.exit_code == 0, result
    return result.output


REG_2008 = """
REG Operation [Parameter List]

  Operation  [ QUERY   | ADD    | DELETE  | COPY    |
               SAVE    | LOAD   | UNLOAD  | RESTORE |
               COMPARE | EXPORT | IMPORT  | FLAGS ]

Return Code: (Except for REG COMPARE)

  0 - Successful
  1 - Failed

For help on a specific operation type:

  REG Operation /?

Examples:

  REG QUERY /?
  REG ADD /?
  REG DELETE /?
  REG COPY /?
  REG SAVE /?
  REG RESTORE /?
  REG LOAD /?
  REG UNLOAD /?
  REG COMPARE /?
  REG EXPORT /?
  REG IMPORT /?
  REG FLAGS /?
"""

REG_2003 = """
Console Registry Tool for Windows - version 3.0

REG Operation [Parameter List]

  Operation  [ QUERY   | ADD    | DELETE  | COPY    |
               SAVE    | LOAD   | UNLOAD  | RESTORE |
               COMPARE | EXPORT | IMPORT  ]

Return Code: (Except of REG COMPARE)

  0 - Succussful
  1 - Failed

For help on a specific operation type:

  REG Operation /?

Examples:

  REG QUERY /?
  REG ADD /?
  REG DELETE /?
  REG COPY /?
  REG SAVE /?
  REG RESTORE /?
  REG LOAD /?
  REG UNLOAD /?
  REG COMPARE /?
  REG EXPORT /?
  REG IMPORT /?
"""


def test_reg(iis6: Host, iis10: Host) -> None:
    assert usage(iis10, "reg /?") == REG_2008
    assert usage(iis6, "reg /?") == REG_2003


def test_secedit(iis6: Host, iis10: Host) -> None:
    expected = (
        "Usage:\n"
        "secedit /analyze /db filename [/cfg filename] [/log filename] [/verbose] [/quiet]\n"
        "secedit /configure /db filename [/cfg filename] [/overwrite] [/areas area1 area2...]"
        " [/log filename] [/quiet]\n"
        "secedit /export [/db filename] [/mergedpolicy] /cfg filename [/areas area1 area2...]"
        " [/log filename]\n"
        "secedit /import /db filename /cfg filename [/overwrite] [/areas area1 area2...]"
        " [/log filename] [/quiet]\n"
        "secedit /validate filename\n"
        "secedit /generaterollback /cfg filename /rbk filename [/log filename] [/quiet]\n"
    )
    assert usage(iis10, "secedit /?") == expected
    assert usage(iis6, "secedit /?") == expected


def test_auditpol_on_2008_and_later_only(iis6: Host, iis10: Host) -> None:
    assert usage(iis10, "auditpol /?") == (
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
    assert run(iis6, "auditpol /?").exit_code == 9009


def test_ntrights(iis6: Host) -> None:
    assert usage(iis6, "ntrights /?") == (
        "Grants/Revokes NT-Rights to a user/group\n"
        "\n"
        "usage: -u xxx           User/Group\n"
        "       -m \\\\xxx         machine to perform the operation on (default local machine)\n"
        "       -e xxxxx         Add xxxxx to the event log\n"
        "       -r xxx           revokes the xxx right\n"
        "       +r xxx           grants the xxx right\n"
    )


def test_gpupdate(iis6: Host, iis10: Host) -> None:
    expected = (
        "Description: Updates multiple Group Policy settings.\n"
        "\n"
        "Syntax: GPUpdate [/Target:{Computer | User}] [/Force] [/Wait:<value>]\n"
        "                  [/Logoff] [/Boot] [/Sync]\n"
    )
    assert usage(iis10, "gpupdate /?") == expected
    assert usage(iis6, "gpupdate /?") == expected


def test_shutdown_2003_dashes_and_tabs(iis6: Host) -> None:
    assert usage(iis6, "shutdown /?") == (
        "Usage: shutdown [-i | -l | -s | -r | -a] [-f] [-m \\\\computername] [-t xx]"
        ' [-c "comment"] [-d up:xx:yy]\n'
        "\n"
        "\tNo args\t\t\tDisplay this message (same as -?)\n"
        "\t-i\t\t\tDisplay GUI interface, must be the first option\n"
        "\t-l\t\t\tLog off (cannot be used with -m option)\n"
        "\t-s\t\t\tShutdown the computer\n"
        "\t-r\t\t\tShutdown and restart the computer\n"
        "\t-a\t\t\tAbort a system shutdown\n"
        "\t-m \\\\computername\tRemote computer to shutdown/restart/abort\n"
        "\t-t xx\t\t\tSet timeout for shutdown to xx seconds\n"
        '\t-c "comment"\t\tShutdown comment (maximum of 127 characters)\n'
        "\t-f\t\t\tForces running applications to close without warning\n"
        "\t-d [u][p]:xx:yy\t\tThe reason code for the shutdown\n"
        "\t\t\t\tu is the user code\n"
        "\t\t\t\tp is a planned shutdown code\n"
        "\t\t\t\txx is the major reason code (positive integer less than 256)\n"
        "\t\t\t\tyy is the minor reason code (positive integer less than 65536)\n"
    )
    assert usage(iis6, "shutdown -?") == usage(iis6, "shutdown /?")


def test_shutdown_2022(iis10: Host) -> None:
    assert usage(iis10, "shutdown /?") == (
        "Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o] [/hybrid]"
        " [/soft] [/fw] [/f]\n"
        '    [/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c "comment"]]\n'
        "\n"
        "    No args    Display help. This is the same as typing /?.\n"
        "    /?         Display help. This is the same as not typing any options.\n"
    )


def test_type(iis6: Host, iis10: Host) -> None:
    expected = "Displays the contents of a text file or files.\n\nTYPE [drive:][path]filename\n"
    assert usage(iis10, "type /?") == expected
    assert usage(iis6, "type /?") == expected


def test_dir_has_r_from_2008_on(iis6: Host, iis10: Host) -> None:
    assert usage(iis10, "dir /?") == (
        "Displays a list of files and subdirectories in a directory.\n"
        "\n"
        "DIR [drive:][path][filename] [/A[[:]attributes]] [/B] [/C] [/D] [/L] [/N]\n"
        "  [/O[[:]sortorder]] [/P] [/Q] [/R] [/S] [/T[[:]timefield]] [/W] [/X] [/4]\n"
    )
    assert usage(iis6, "dir /?") == (
        "Displays a list of files and subdirectories in a directory.\n"
        "\n"
        "DIR [drive:][path][filename] [/A[[:]attributes]] [/B] [/C] [/D] [/L] [/N]\n"
        "  [/O[[:]sortorder]] [/P] [/Q] [/S] [/T[[:]timefield]] [/W] [/X] [/4]\n"
    )


def test_icacls(iis10: Host) -> None:
    text = usage(iis10, "icacls /?")
    assert text.startswith(
        "\n"
        "ICACLS name /save aclfile [/T] [/C] [/L] [/Q]\n"
        "    stores the DACLs for the files and folders that match the name\n"
        "    into aclfile for later use with /restore. Note that SACLs,\n"
        "    owner, or integrity labels are not saved.\n"
        "\n"
        "ICACLS directory [/substitute SidOld SidNew [...]] /restore aclfile\n"
        "                 [/C] [/L] [/Q]\n"
        "    applies the stored DACLs to files in directory.\n"
        "\n"
    )
    assert text.endswith(
        "ICACLS name [/grant[:r] Sid:perm[...]]\n"
        "       [/deny Sid:perm [...]]\n"
        "       [/remove[:g|:d]] Sid[...]] [/T] [/C] [/L] [/Q]\n"
        "       [/setintegritylevel Level:policy[...]]\n"
    )
    assert text.count("\nICACLS ") == 7


def test_help_name_shows_the_same_usage(iis10: Host) -> None:
    assert usage(iis10, "help type") == usage(iis10, "type /?")
    assert usage(iis10, "help gpupdate") == usage(iis10, "gpupdate /?")


def test_the_modelled_commands_still_work(iis10: Host) -> None:
    # /? is recognised only alone: the commands around it keep their own parsing.
    assert run(iis10, "gpupdate /force").exit_code == 0
    assert run(iis10, "reg").exit_code == 1
    assert run(iis10, "type").output == "The syntax of the command is incorrect.\n"
