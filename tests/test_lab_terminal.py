"""The lab console at a terminal, driven through a pseudo-terminal as a person drives it: line
editing with a history, Ctrl-C cancelling the line without ending the lab, Ctrl-D leaving."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pexpect
import pytest

PROMPT = r"C:\\>"  # C:\> as a regular expression; the line editor draws the space itself


@pytest.fixture
def lab() -> Iterator[pexpect.spawn]:
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    # prompt_toolkit asks the terminal where its cursor is; nothing answers that here
    environment["PROMPT_TOOLKIT_NO_CPR"] = "1"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "authlab", "lab", "--fault", "account-disabled"],
        env=environment,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 120),
    )
    try:
        child.expect("Type help for the lab commands")
        child.expect(PROMPT)
        yield child
    finally:
        child.close(force=True)


def test_ctrl_c_cancels_the_line_and_the_lab_goes_on(lab: pexpect.spawn) -> None:
    lab.send("net user IUSR_WEB18 /active:")  # typed, then thought better of
    lab.sendintr()
    lab.expect(r"\^C")
    lab.expect(PROMPT)
    lab.sendline("browse")
    lab.expect("GET /: HTTP 401.1 Unauthorized")
    lab.expect(PROMPT)
    assert lab.isalive()


def test_the_up_arrow_recalls_the_last_command_and_ctrl_d_leaves(lab: pexpect.spawn) -> None:
    lab.sendline("browse")
    lab.expect("GET /: HTTP 401.1 Unauthorized")
    lab.expect(PROMPT)
    lab.sendline("net user IUSR_WEB18 /active:yes")
    lab.expect("The command completed successfully.")
    lab.expect(PROMPT)
    lab.send("\x1b[A\x1b[A")  # up twice: browse
    lab.send("\r")
    lab.expect("GET /: HTTP 200 OK")
    lab.expect(PROMPT)
    lab.sendeof()
    lab.expect(pexpect.EOF)
    lab.close()
    assert lab.exitstatus == 0
