"""One trainee's lab: the broken server, the console on it, the lab's own commands (ticket,
hint, check, solution, reset), and the workspace written after every command.

The server is rebuilt, never stored: the lab's platform and seed give the healthy server, the
lab's faults break it the same way each time, and the transcript replayed on it gives the
state the trainee left. Scores and reports come from the transcript alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import attrs
from rich.console import Console
from rich.text import Text

from simulator.factory import build_host
from simulator.faults.base import Fault
from simulator.faults.catalogue import variants
from simulator.host import Host
from simulator.scenario import PLATFORMS
from winfacts.errors import ModelError

from . import placeholders, redact
from . import workspace as ws
from .catalogue import LabSpec, lab_named
from .console import Lab
from .grading import Grade, grade
from .solutions import fix_for

#: What each thing costs out of 100; a score never goes below 0.
HINT_COST = 10
FAILED_CHECK_COST = 5
WRONG_FIX_COST = 15
SOLUTION_COST = 50


def fault_for(label: str) -> Fault:
    """The fault a lab names: a variant's label, or an id with one variant."""
    found = variants(label)
    if len(found) != 1:
        raise ModelError(f"the fault {label!r} has several variants: name one", subject=label)
    return found[0]


def build_lab_host(spec: LabSpec, platform: str, seed: int) -> tuple[Host, Host]:
    """(the broken server, the same server healthy) for ``spec`` on ``platform``."""
    if platform not in spec.platforms:
        raise ModelError(
            f"the lab {spec.id} is for {', '.join(spec.platforms)}, not {platform}",
            subject=platform,
        )
    host_spec = attrs.evolve(PLATFORMS[platform], seed=seed)
    baseline = build_host(host_spec)
    host = build_host(host_spec)
    if spec.warm_cache:
        host.iis.request("/")  # a visitor before the change: IIS caches the token
    for label in spec.faults:
        fault = fault_for(label)
        if not fault.applies_to(host):
            raise ModelError(f"the fault {label} can not be made on {platform}", subject=label)
        fault.inject(host)
    if host.running and not spec.warm_cache:
        host.iis.iisreset()
    if spec.after_minutes:
        host.clock.advance(timedelta(minutes=spec.after_minutes))
    return host, baseline


def solution_lines(
    spec: LabSpec, baseline: Host, password: str = placeholders.PASSWORD_SHOWN
) -> list[str]:
    """The lab's solution for this server, as command lines."""
    platform = placeholders.platform_of(baseline)
    values = placeholders.values(baseline, password)
    lines: list[str] = []
    for label in spec.faults:
        for step in fix_for(label):
            if step.applies(platform):
                line = step.command.format(**values)
                if line not in lines or line.startswith("gpupdate"):
                    lines.append(line)
    return lines


@attrs.frozen
class Score:
    hints: int
    checks: int
    failed_checks: int
    wrong_fixes: int
    solution_shown: bool
    solved: bool

    @property
    def points(self) -> int:
        lost = (
            HINT_COST * self.hints
            + FAILED_CHECK_COST * self.failed_checks
            + WRONG_FIX_COST * self.wrong_fixes
            + (SOLUTION_COST if self.solution_shown else 0)
        )
        return max(0, 100 - lost) if self.solved else 0


def score_of(entries: list[ws.Entry]) -> Score:
    checks = [e for e in entries if e.kind == "check"]
    return Score(
        hints=sum(1 for e in entries if e.kind == "hint"),
        checks=len(checks),
        failed_checks=sum(1 for e in checks if not e.solved),
        wrong_fixes=sum(1 for e in checks if e.unsafe),
        solution_shown=any(e.kind == "solution" for e in entries),
        solved=any(e.solved for e in checks),
    )


class LabSession:
    def __init__(self, spec: LabSpec, workspace: ws.Workspace, path: Path | None, console: Console):
        self.spec = spec
        self.workspace = workspace
        self.path = path
        self.console = console
        self._replaying = False
        self._last_grade: Grade | None = None
        self._build()

    # -- making and remaking the server -------------------------------------------------------
    @classmethod
    def start(
        cls, spec: LabSpec, platform: str, seed: int, path: Path | None, console: Console
    ) -> LabSession:
        if path is not None:
            ws.may_create(path)
        workspace = ws.Workspace(spec.id, platform, seed, secrets.token_hex(16))
        session = cls(spec, workspace, path, console)
        session._save()
        return session

    @classmethod
    def resume(cls, path: Path, console: Console) -> LabSession:
        workspace = ws.load(path)
        try:
            spec = lab_named(workspace.lab)
        except ModelError as exc:
            raise ws.WorkspaceError(
                path, f"names a lab this authlab does not have ({exc})"
            ) from None
        if workspace.platform not in spec.platforms:
            raise ws.WorkspaceError(
                path, f"names a platform the lab is not for: {workspace.platform}"
            )
        entries = workspace.entries
        session = cls(
            spec,
            ws.Workspace(spec.id, workspace.platform, workspace.seed, workspace.key),
            path,
            console,
        )
        session.diverged = session._replay(entries)
        return session

    diverged: int | None = None  # the first replayed entry whose output differed from the record

    def _build(self) -> None:
        self.host, self.baseline = build_lab_host(
            self.spec, self.workspace.platform, self.workspace.seed
        )
        self.values = placeholders.values(self.baseline)
        self.lab = Lab(self.host, self.console, extra=self._commands(), extra_help=LAB_HELP)

    def loop(self, lines: list[str] | None = None) -> int:
        """The console (`Lab.loop`), each line recorded and saved."""
        self.lab.on_line = self.execute
        return self.lab.loop(lines)

    def _replay(self, entries: list[ws.Entry]) -> int | None:
        diverged = None
        self._replaying = True
        try:
            for number, entry in enumerate(entries, 1):
                output = self._run(entry.replay, quiet=True, shown=entry.command)[1]
                if output != entry.output and diverged is None:
                    diverged = number
        finally:
            self._replaying = False
        return diverged

    # -- running a line -----------------------------------------------------------------------
    def execute(self, line: str) -> bool:
        """Run one line the trainee typed, record it and save the workspace; False when they
        asked to leave."""
        key = bytes.fromhex(self.workspace.key)
        typed = line.strip()
        keep, _ = self._run(redact.for_replay(typed, key), quiet=False, shown=redact.masked(typed))
        return keep

    def _run(self, replay: str, *, quiet: bool, shown: str | None = None) -> tuple[bool, str]:
        at = self.host.clock.local_now().isoformat(timespec="seconds")
        word = replay.strip().split(maxsplit=1)[0].lower() if replay.strip() else ""
        self._last_grade = None
        with self.console.capture() as captured:
            keep = self.lab.execute(replay)
        output = Text.from_ansi(captured.get()).plain
        if not quiet:
            self.console.file.write(captured.get())
            self.console.file.flush()
        if replay.strip() and keep:
            kind = word if word in _LAB_WORDS else "command"
            entry = ws.Entry(
                kind,
                at,
                shown if shown is not None else replay,
                replay,
                output,
                self.lab.last_exit,
            )
            graded = self._graded()
            if graded is not None:
                entry.solved = graded.solved
                entry.unsafe = len(graded.unsafe)
            self.workspace.entries.append(entry)
            if kind == "reset":
                self._build()
            if not quiet:
                self._save()
        return keep, output

    def _graded(self) -> Grade | None:
        """The grade the line just run gave, if it was a check."""
        return self._last_grade

    def _save(self) -> None:
        if self.path is not None and not self._replaying:
            ws.save(self.path, self.workspace)

    @property
    def score(self) -> Score:
        return score_of(self.workspace.entries)

    # -- the lab's own commands ---------------------------------------------------------------
    def _commands(self) -> dict[str, Callable[[list[str]], None]]:
        return {
            "ticket": lambda _args: self.lab.say(self.ticket()),
            "hint": lambda _args: self.lab.say(self._hint()),
            "check": lambda _args: self.lab.say(self._check()),
            "solution": lambda _args: self.lab.say(self._solution()),
            "reset": lambda _args: self.lab.say(
                f"{self.spec.id}: the server is back as the lab began (hints and checks so far "
                "still count)."
            ),
            "score": lambda _args: self.lab.say(self._score_text()),
        }

    def ticket(self) -> str:
        text = self.spec.ticket.format(**self.values)
        return f"{self.spec.id}: {self.spec.title} ({self.spec.difficulty})\nTicket: {text}"

    def hints(self) -> list[str]:
        shown = [h.format(**self.values) for h in self.spec.hints]
        steps = "\n".join(f"  {line}" for line in solution_lines(self.spec, self.baseline))
        return [*shown, f"The commands:\n{steps}"]

    def _hint(self) -> str:
        given = sum(1 for e in self.workspace.entries if e.kind == "hint")
        hints = self.hints()
        index = min(given, len(hints) - 1)
        return f"Hint {index + 1} of {len(hints)}: {hints[index]}"

    def _check(self) -> str:
        result = grade(self.host, self.baseline, self.spec)
        self._last_grade = result
        return "\n".join(result.lines())

    def _solution(self) -> str:
        lines = solution_lines(self.spec, self.baseline)
        text = "\n".join(f"  {line}" for line in lines)
        lesson = f"\n{self.spec.lesson}" if self.spec.lesson else ""
        return f"Solution of {self.spec.id} on {self.workspace.platform}:\n{text}{lesson}"

    def _score_text(self) -> str:
        s = self.score
        state = "solved" if s.solved else "not solved yet"
        return (
            f"{self.spec.id}: {state}; hints {s.hints}, checks {s.checks} ({s.failed_checks} "
            f"failed), wrong fixes {s.wrong_fixes}, solution shown: "
            f"{'yes' if s.solution_shown else 'no'}; score {s.points}/100"
        )


_LAB_WORDS = ("ticket", "hint", "check", "solution", "reset", "score")

LAB_HELP = """\
The lab:
  ticket           the ticket again
  hint             the next hint (each one costs points)
  check            is it solved? (the site, the diagnosis, and no unsafe shortcut)
  solution         the solution (costs half the points)
  reset            the server back as the lab began
  score            hints, checks, wrong fixes and the score so far"""
