"""What a command line gives back: its text and its exit code, as cmd.exe's caller sees them."""

from __future__ import annotations

import attrs


@attrs.frozen
class CommandResult:
    """What the command printed (stdout and stderr together, "\\n" line ends) and its exit code."""

    exit_code: int
    output: str


def ok(text: str = "") -> CommandResult:
    return CommandResult(0, text)


def fail(code: int, text: str) -> CommandResult:
    return CommandResult(code, text if text.endswith("\n") else text + "\n")
