"""A fake `ExecTransport` for the container backend: answers each argv from a table of recorded
outputs, records every call, and can be told to fail or time out.

A rule matches an argv by one of:

- a tuple: the argv itself;
- a string: a piece of the PowerShell script an ``-EncodedCommand`` argv carries (decoded
  here), or of the argv joined by blanks for any other program;
- a callable taking the argv.

The newest rule that matches answers. Its answers are used in turn and the last one repeats;
an answer is an `ExecResult`, an exception to raise (`ExecTimeout`, `TransportError`), or a
callable of the argv giving either. An argv no rule matches fails the test, naming it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from authlab.backends.container.transport import (
    ExecResult,
    ExecTimeout,
    TransportError,
    checked_argv,
)

Match = tuple[str, ...] | str | Callable[[list[str]], bool]
Answer = ExecResult | BaseException | Callable[[list[str]], "ExecResult | BaseException"]

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
CONTAINER = REAL / "container"


def script_of(argv: Sequence[str]) -> str | None:
    """The PowerShell script of an ``-EncodedCommand`` argv (base64 of UTF-16LE), else None."""
    for index, arg in enumerate(argv[:-1]):
        if arg.lower() == "-encodedcommand":
            try:
                return base64.b64decode(argv[index + 1], validate=True).decode("utf-16-le")
            except (binascii.Error, UnicodeDecodeError):
                return None
    return None


def ok(output: bytes | str = b"", exit_code: int = 0) -> ExecResult:
    data = output.encode("utf-8") if isinstance(output, str) else output
    return ExecResult(exit_code, data)


def file_bytes(data: bytes, begin: str = "AUTHLAB-BASE64-BEGIN", end: str = "AUTHLAB-BASE64-END"):
    """What the read-file scripts print for a file holding ``data``."""
    text = begin + base64.b64encode(data).decode("ascii") + end
    return ok(text.encode("ascii"))


@attrs.define
class Call:
    argv: list[str]
    timeout: float

    @property
    def script(self) -> str | None:
        return script_of(self.argv)


@attrs.define
class _Rule:
    match: Match
    answers: list[Answer]
    used: int = 0

    def matches(self, argv: list[str]) -> bool:
        if isinstance(self.match, tuple):
            return tuple(argv) == self.match
        if isinstance(self.match, str):
            script = script_of(argv)
            return self.match in (script if script is not None else " ".join(argv))
        return self.match(argv)

    def next(self) -> Answer:
        answer = self.answers[min(self.used, len(self.answers) - 1)]
        self.used += 1
        return answer


class FakeTransport:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._rules: list[_Rule] = []

    def on(self, match: Match, *answers: Answer) -> FakeTransport:
        self._rules.append(_Rule(match, list(answers) or [ok()]))
        return self

    def time_out(self, match: Match) -> FakeTransport:
        return self.on(match, lambda argv: ExecTimeout(argv[0].rpartition("\\")[2], 1.0))

    def fail(self, match: Match, message: str = "the container is gone") -> FakeTransport:
        return self.on(match, TransportError(message))

    def exec(self, argv: Sequence[str], *, timeout: float) -> ExecResult:
        command = checked_argv(argv)
        assert timeout > 0, f"an exec without a timeout: {command}"
        self.calls.append(Call(command, timeout))
        for rule in reversed(self._rules):
            if rule.matches(command):
                answer = rule.next()
                if callable(answer) and not isinstance(answer, BaseException):
                    answer = answer(command)
                if isinstance(answer, BaseException):
                    raise answer
                return answer
        shown = script_of(command)
        raise AssertionError(f"no recorded answer for {command if shown is None else shown!r}")

    # -- what was run ------------------------------------------------------------------------

    @property
    def argvs(self) -> list[list[str]]:
        return [call.argv for call in self.calls]

    @property
    def scripts(self) -> list[str]:
        return [s for s in (call.script for call in self.calls) if s is not None]


@attrs.define
class FakeLaunched:
    """What a fake launcher returns: the transport, and a record of the removal."""

    transport: FakeTransport
    removed: int = 0

    def remove(self) -> None:
        self.removed += 1
