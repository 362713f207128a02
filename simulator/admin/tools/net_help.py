"""`net help`, `net help COMMAND`, `net COMMAND /?` and `net helpmsg N`.

- `net helpmsg N` prints a blank line, the message's text and a blank line; an insertion (%1)
  shows as "***" (netmsg's numbering: see `netmsg`).
- `net help` lists the NET commands in three columns under "Commands available are:", after
  NET HELP's own syntax, with the NAMES, SERVICES and SYNTAX topics after (the topic names are
  those of net.hlp in Windows Server 2003's sources on git.kicker.dev).

Chosen without confirmation: the column widths of the command list, the one-paragraph
description `net help COMMAND` prints after the command's syntax (here in this simulator's own
words, not Windows'), and the answer to a number no table holds
("N is not a valid Windows network message number.").
"""

from __future__ import annotations

from winfacts.ntstatus import BY_WIN32

from . import netmsg as M

_COMMANDS = (
    "ACCOUNTS",
    "COMPUTER",
    "CONFIG",
    "CONTINUE",
    "FILE",
    "GROUP",
    "HELP",
    "HELPMSG",
    "LOCALGROUP",
    "PAUSE",
    "SESSION",
    "SHARE",
    "START",
    "STATISTICS",
    "STOP",
    "TIME",
    "USE",
    "USER",
    "VIEW",
)


def net_help_text() -> str:
    rows = (len(_COMMANDS) + 2) // 3
    columns = [_COMMANDS[i * rows : (i + 1) * rows] for i in range(3)]
    lines = [
        "The syntax of this command is:",
        "",
        "NET HELP",
        "command",
        "     -or-",
        "NET command /HELP",
        "",
        "  Commands available are:",
        "",
    ]
    for row in range(rows):
        cells = [f"NET {col[row]}" for col in columns if row < len(col)]
        lines.append(("  " + "".join(f"{cell:<25}" for cell in cells)).rstrip())
    lines += [
        "",
        "  NET HELP NAMES explains different types of names in NET HELP syntax lines.",
        "  NET HELP SERVICES lists some of the services you can start.",
        "  NET HELP SYNTAX explains how to read NET HELP syntax lines.",
        "  NET HELP command | MORE displays Help one screen at a time.",
        "",
    ]
    return "\n".join(lines) + "\n"


#: What `net help COMMAND` says after the syntax (this simulator's own summary of each).
DESCRIPTIONS = {
    "user": "NET USER adds or modifies user accounts, or displays user account information.",
    "localgroup": "NET LOCALGROUP adds, displays, or modifies local groups on computers.",
    "group": "NET GROUP adds, displays, or modifies global groups in domains.",
    "accounts": (
        "NET ACCOUNTS updates the user accounts database and modifies password and logon\n"
        "requirements for all accounts."
    ),
    "use": "NET USE connects a computer to or disconnects a computer from a shared resource.",
    "start": "NET START starts a service, or lists the started services.",
    "stop": "NET STOP stops a Windows service.",
    "helpmsg": "NET HELPMSG explains a Windows network message number.",
}

_SHORT_SYNTAX = {
    "start": "NET START\n[service]\n",
    "stop": "NET STOP\nservice\n",
    "helpmsg": "NET HELPMSG\nmessage#\n",
}


def command_help(command: str, syntax: str | None) -> str | None:
    """`net help COMMAND`: the syntax block, a blank line and the description (None: a
    command this simulator has no help for)."""
    key = command.lower()
    if syntax is None:
        short = _SHORT_SYNTAX.get(key)
        if short is None:
            return None
        syntax = "The syntax of this command is:\n\n" + short
    description = DESCRIPTIONS.get(key, "")
    return f"{syntax}\n{description}\n\n" if description else f"{syntax}\n"


def helpmsg_text(number: int, win32_text: str | None) -> str | None:
    """The text `net helpmsg N` prints for a message number, or None when it is not one."""
    if number in M.TEXT:
        return M.text(number, *(["***"] * 9))
    if win32_text is not None:
        return win32_text
    outcome = BY_WIN32.get(number)
    return outcome.codes.message if outcome is not None else None


def helpmsg(number_text: str, win32_text: str | None = None) -> tuple[int, str]:
    """(exit code, output) of `net helpmsg NUMBER_TEXT`."""
    if not number_text.isdigit():
        return 1, "The syntax of this command is:\n\nNET HELPMSG\nmessage#\n"
    number = int(number_text)
    found = helpmsg_text(number, win32_text)
    if found is None:
        return 2, (
            f"{number} is not a valid Windows network message number.\n\n{M.more_help(number)}\n"
        )
    return 0, f"\n{found}\n\n"
