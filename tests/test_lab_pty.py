"""Every lab of the catalogue driven through a pseudo-terminal, as a trainee drives it: the
first half of the solution typed, the console killed (SIGKILL: no chance to save anything
more), the lab resumed from its workspace, the rest typed, and `check` saying it is solved.
Wrong fixes are refused with the reason, at the same prompt."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from authlab.labs.catalogue import LABS, lab_named
from authlab.labs.session import LabSession, solution_lines

PROMPT = r"C:\\>"
PASSWORD = "Pty-Passw0rd-2026"
SOLVED = "Solved: the site answers anonymous visitors"


def _environment() -> dict[str, str]:
    found = {**os.environ, "TERM": "xterm", "COLUMNS": "160", "LINES": "50"}
    found["PROMPT_TOOLKIT_NO_CPR"] = "1"  # nothing here answers prompt_toolkit's cursor query
    return found


def _spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "authlab", "lab", *args],
        env=_environment(),
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 160),
    )


@pytest.fixture
def children() -> Iterator[list[pexpect.spawn]]:
    started: list[pexpect.spawn] = []
    yield started
    for child in started:
        child.close(force=True)


def _entries(workspace: Path) -> int:
    try:
        return len(json.loads(workspace.read_text(encoding="utf-8"))["entries"])
    except (FileNotFoundError, ValueError):
        return -1  # not written yet (the rename makes a half-written file impossible)


def _type(child: pexpect.spawn, line: str, workspace: Path) -> None:
    """Type a line and wait until the workspace holds it: the console's own echo redraws the
    prompt, so the prompt alone does not say the command has run."""
    before = _entries(workspace)
    child.sendline(line)
    deadline = time.monotonic() + 60
    while _entries(workspace) <= before:
        assert child.isalive(), child.before
        assert time.monotonic() < deadline, f"{line!r} was not saved within 60 s"
        time.sleep(0.02)


@pytest.mark.parametrize("lab_id", [lab.id for lab in LABS])
def test_each_lab_is_solved_through_a_terminal_across_a_kill(
    lab_id: str, tmp_path: Path, children: list[pexpect.spawn]
) -> None:
    spec = lab_named(lab_id)
    platform = spec.platforms[-1]
    probe = LabSession.start(spec, platform, 3, None, Console(file=io.StringIO()))
    lines = solution_lines(spec, probe.baseline, PASSWORD)
    half = len(lines) // 2
    workspace = tmp_path / "lab.json"

    first = _spawn(
        "start", lab_id, "--platform", platform, "--seed", "3", "--workspace", str(workspace)
    )
    children.append(first)
    first.expect("Ticket: ")
    first.expect(PROMPT)
    for line in lines[:half]:
        _type(first, line, workspace)
    first.kill(signal.SIGKILL)
    first.expect(pexpect.EOF)
    assert _entries(workspace) == half

    second = _spawn("resume", "--workspace", str(workspace))
    children.append(second)
    second.expect("Ticket: ")
    second.expect(PROMPT)
    for line in lines[half:]:
        _type(second, line, workspace)
    second.sendline("check")
    second.expect(SOLVED)
    second.expect(PROMPT)
    second.sendline("exit")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0
    assert PASSWORD not in workspace.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lab_id", "platform", "lines", "told"),
    [
        (
            "disabled-account",
            "iis6-local",
            ["net user {user} /active:yes", "net localgroup Administrators {user} /add"],
            "refused: the anonymous account {qualified} was made a member of Administrators",
        ),
        (
            "password-expired",
            "iis6-local",
            [
                "net user {user} {password}",
                "{adsutil} set {pass_path}/AnonymousUserPass {password}",
            ],
            "refused: the password of {user} will expire again on",
        ),
        (
            "crashed-full-log",
            "iis6-local",
            ["reg add {lsa} /v CrashOnAuditFail /t REG_DWORD /d 0 /f", "shutdown /r /t 0"],
            "refused: CrashOnAuditFail is 0 while the Security log is full",
        ),
    ],
)
def test_a_wrong_fix_is_refused_with_the_reason_at_the_terminal(
    lab_id: str,
    platform: str,
    lines: list[str],
    told: str,
    tmp_path: Path,
    children: list[pexpect.spawn],
) -> None:
    probe = LabSession.start(lab_named(lab_id), platform, 1, None, Console(file=io.StringIO()))
    values = {**probe.values, "password": PASSWORD}
    workspace = tmp_path / "w.json"
    child = _spawn("start", lab_id, "--platform", platform, "--workspace", str(workspace))
    children.append(child)
    child.expect(PROMPT)
    for line in lines:
        _type(child, line.format(**values), workspace)
    child.sendline("check")
    child.expect("Not solved yet:")
    child.expect_exact(told.format(**values))
    child.expect(PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)
