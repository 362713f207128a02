"""The seam between the container backend and a container: one call that runs a program.

`ExecTransport.exec(argv, timeout=...)` runs ``argv`` inside the container and returns what
it printed and its exit code; its contract:

- ``argv`` is a list of strings, the program first, never one string: docker-py splits a
  string command with `shlex`, which strips every backslash of a Windows path. A string (or
  anything that is not a sequence of strings) raises `TypeError` before anything runs.
- ``timeout`` (seconds) bounds the call; past it the transport raises `ExecTimeout` naming
  the command's program and the timeout. Nothing waits for ever.
- The output is stdout and stderr together, as bytes (the caller decodes: cmd.exe's output is
  the console code page, a file read through `read_file` is the file's own encoding).
- A non-zero exit code is not an error of the transport: the caller decides what it means.
  A container that is gone, or an engine that stops answering, is `TransportError`.

`DockerExecTransport` (`docker_transport.py`) is the implementation on a real engine; tests
use a fake that replays recorded outputs and records each argv.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs


class TransportError(RuntimeError):
    """The container could not be reached or the command could not be started."""


class ExecTimeout(TransportError):
    """A command ran past its timeout."""

    def __init__(self, program: str, timeout: float) -> None:
        super().__init__(f"{program} did not finish within {timeout:g} s")
        self.program = program
        self.timeout = timeout


@attrs.frozen
class ExecResult:
    exit_code: int
    output: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")


def checked_argv(argv: object) -> list[str]:
    """``argv`` as a list of strings, or `TypeError`: a string command is refused (docker-py
    would split it with shlex and eat the backslashes of every Windows path in it)."""
    if isinstance(argv, (str, bytes)):
        raise TypeError(
            "a command is a list of arguments, never one string: docker-py would split it with "
            "shlex and strip the backslashes of Windows paths"
        )
    if not isinstance(argv, Sequence) or not argv or not all(isinstance(a, str) for a in argv):
        raise TypeError("a command is a non-empty list of strings")
    return list(argv)


class ExecTransport(Protocol):
    """Runs programs inside one container; the contract is in the module docstring."""

    def exec(self, argv: Sequence[str], *, timeout: float) -> ExecResult: ...
