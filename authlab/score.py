"""`authlab score`: run any diagnostic tool over a corpus and measure it against the truth.

The tool is any command that takes a bundle directory and prints the contract's JSON (section 2)
on stdout; only ``findings[].id`` (and ``verdict``, when given) are read. Scoring is per finding
id over all bundles: a true positive is an expected id the tool gave, a false positive an id it
gave that was not expected, a false negative an expected id it did not give. Informational ids
count like the others. A bundle on which the tool fails (does not start, times out, exits with a
status the contract does not have, or prints something other than the contract's JSON) counts as
one where it found nothing, and is listed with what went wrong.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Final, NoReturn

import attrs
import click

from .corpus import EXPECTED, INDEX
from .report.safe import visible

SCHEMA = "authlab.score/1"
PLACEHOLDER = "{bundle}"
#: A day: longer than any tool needs for one bundle.
MAX_TIMEOUT: Final = 86_400.0

#: Exit statuses the contract gives `diagnose` for a bundle it could read (section 1).
NORMAL_EXITS = frozenset({0, 1, 3})


class CorpusError(Exception):
    """The corpus can not be read; the message names the file."""


@attrs.frozen
class Case:
    """One labelled bundle of the corpus."""

    name: str  # path relative to the corpus
    path: Path
    expected: tuple[str, ...]
    verdict: str | None


@attrs.frozen
class Run:
    """What the tool said about one bundle; ``problem`` says how it failed, if it did."""

    case: Case
    found: tuple[str, ...] = ()
    verdict: str | None = None
    problem: str | None = None

    @property
    def reasons(self) -> list[str]:
        """Why this bundle does not match its expected.json (empty when it does)."""
        if self.problem:
            return [self.problem]
        reasons = []
        expected, found = self.case.expected, _unique(self.found)
        missed = [i for i in expected if i not in found]
        extra = [i for i in found if i not in expected]
        if missed:
            reasons.append("missed " + ", ".join(missed))
        if extra:
            reasons.append("extra " + ", ".join(extra))
        if not missed and not extra and tuple(found) != expected:
            reasons.append(f"order {', '.join(found)} (expected {', '.join(expected)})")
        if self.verdict and self.case.verdict and self.verdict != self.case.verdict:
            reasons.append(f"verdict {self.verdict} (expected {self.case.verdict})")
        return reasons


@attrs.define
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@attrs.frozen
class Score:
    command: str
    runs: tuple[Run, ...]
    per_id: dict[str, Counts]
    micro: Counts

    @property
    def mismatches(self) -> list[Run]:
        return [r for r in self.runs if r.reasons]

    @property
    def failures(self) -> list[Run]:
        return [r for r in self.runs if r.problem]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "command": self.command,
            "bundles": len(self.runs),
            "matched": len(self.runs) - len(self.mismatches),
            "failed": len(self.failures),
            "per_id": {i: c.to_json() for i, c in self.per_id.items()},
            "micro": self.micro.to_json(),
            "mismatches": [
                {
                    "bundle": r.case.name,
                    "expected": list(r.case.expected),
                    "found": None if r.problem else list(r.found),
                    "reasons": r.reasons,
                }
                for r in self.mismatches
            ],
        }


# -- reading the corpus -------------------------------------------------------------------------


def load_corpus(root: Path) -> list[Case]:
    """The corpus's bundles: those index.json lists, or without an index every directory that
    holds an expected.json (a corpus of real bundles labelled by hand)."""
    if not root.is_dir():
        raise CorpusError(f"{root}: no such corpus directory")
    index = root / INDEX
    if index.is_file():
        data = _read_json(index)
        bundles = data.get("bundles") if isinstance(data, dict) else None
        if not isinstance(bundles, list):
            raise CorpusError(f"{index}: no list of bundles")
        items = [(index, n, item) for n, item in enumerate(bundles, 1)]
        cases = [_case(root, where, n, item) for where, n, item in items]
    else:
        labels = sorted(root.rglob(EXPECTED))
        if not labels:
            raise CorpusError(f"{root}: neither {INDEX} nor any {EXPECTED}")
        cases = []
        for label in labels:
            item = _read_json(label)
            if isinstance(item, dict):
                item = {**item, "bundle": label.parent.relative_to(root).as_posix()}
            cases.append(_case(root, label, 0, item))
    return cases


def _case(root: Path, where: Path, n: int, item: object) -> Case:
    at = f"{where} (bundle {n})" if n else str(where)
    if not isinstance(item, dict):
        raise CorpusError(f"{at}: not an object")
    name, expected, verdict = item.get("bundle"), item.get("expected_findings"), item.get("verdict")
    if not isinstance(name, str) or not name:
        raise CorpusError(f"{at}: no bundle path")
    if not isinstance(expected, list) or not all(isinstance(i, str) for i in expected):
        raise CorpusError(f"{at}: expected_findings is not a list of finding ids")
    if verdict is not None and not isinstance(verdict, str):
        raise CorpusError(f"{at}: verdict is not a string")
    path = root / name
    try:
        real, top = path.resolve(), root.resolve()
        inside = real != top and top in real.parents
        is_dir = inside and path.is_dir()
    except (OSError, RuntimeError, ValueError) as exc:
        # A NUL, a lone surrogate or a loop of links: no path the file system can use.
        raise CorpusError(f"{at}: {visible(name)!r} is not a usable bundle path") from exc
    if not inside:
        raise CorpusError(f"{at}: {name} is not a bundle inside the corpus")
    if not is_dir:
        raise CorpusError(f"{at}: {path} is not a directory")
    return Case(name, path, tuple(expected), verdict)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"{path}: {exc.strerror or exc}") from exc
    except RecursionError as exc:
        raise CorpusError(f"{path}: not JSON a corpus has (nested too deeply)") from exc
    except ValueError as exc:
        # JSONDecodeError has a line; a number past the digits Python converts does not.
        line = f", line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise CorpusError(f"{path}{line}: not JSON ({exc})") from exc


# -- running the tool ---------------------------------------------------------------------------


def tool_argv(command: str, bundle: Path) -> list[str]:
    """The command line for one bundle: {bundle} replaced by the (quoted) path, then split as a
    POSIX shell would split it; nothing runs through a shell."""
    return shlex.split(command.replace(PLACEHOLDER, shlex.quote(str(bundle))))


#: More than any diagnosis prints; a tool that goes on printing is stopped here, not buffered.
OUTPUT_CAP: Final = 16 * 1024 * 1024


@attrs.frozen
class _Finished:
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False
    over_cap: bool = False


def _run_bounded(argv: list[str], timeout: float, cap: int) -> _Finished:
    """Run the tool in its own process group, keep at most ``cap`` bytes of each stream, and on
    a timeout or a flood of output kill the whole group, so no grandchild is left behind."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    buffers = {"out": bytearray(), "err": bytearray()}
    flooded = threading.Event()

    def kill() -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    def pump(stream: IO[bytes], buffer: bytearray) -> None:
        while chunk := stream.read(65536):
            room = cap - len(buffer)
            buffer += chunk[: max(room, 0)]
            if len(chunk) > room:
                flooded.set()
                kill()
                break
        stream.close()

    assert proc.stdout is not None and proc.stderr is not None
    pumps = [
        threading.Thread(target=pump, args=(proc.stdout, buffers["out"]), daemon=True),
        threading.Thread(target=pump, args=(proc.stderr, buffers["err"]), daemon=True),
    ]
    for thread in pumps:
        thread.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    # The tool may have exited and left children holding the pipes: end the group either way.
    kill()
    proc.wait()
    for thread in pumps:
        thread.join()
    return _Finished(
        proc.returncode,
        bytes(buffers["out"]),
        bytes(buffers["err"]),
        timed_out,
        flooded.is_set(),
    )


def run_tool(command: str, case: Case, timeout: float) -> Run:
    argv = tool_argv(command, case.path)
    try:
        done = _run_bounded(argv, timeout, OUTPUT_CAP)
    except OSError as exc:
        return Run(case, problem=f"could not start {argv[0]}: {exc.strerror or exc}")
    if done.timed_out:
        return Run(case, problem=f"timed out after {timeout:g} s")
    if done.over_cap:
        return Run(case, problem=f"printed more than {OUTPUT_CAP} bytes; stopped")
    if done.returncode < 0:
        return Run(case, problem=f"killed by signal {-done.returncode}")
    if done.returncode not in NORMAL_EXITS or (done.returncode and not done.stdout.strip()):
        # a status the contract does not have, or a fault status with nothing said: a crash
        return Run(case, problem=f"exit status {done.returncode}{_last_line(done.stderr)}")
    try:
        found, verdict = parse_output(done.stdout)
    except ValueError as exc:
        return Run(case, problem=f"not the contract's JSON: {exc}")
    return Run(case, found, verdict)


def parse_output(stdout: bytes) -> tuple[tuple[str, ...], str | None]:
    """The finding ids and verdict of the contract's JSON; ValueError when it is not that."""
    try:
        data = json.loads(stdout.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError("stdout is not UTF-8") from exc
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    except json.JSONDecodeError as exc:
        shown = stdout.strip().splitlines()[:1]
        start = f" (starts {shown[0][:40].decode('utf-8', 'replace')!r})" if shown else " (empty)"
        raise ValueError(f"line {exc.lineno}: {exc.msg}{start}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValueError("no findings list")
    ids = []
    for n, finding in enumerate(data["findings"], 1):
        fid = finding.get("id") if isinstance(finding, dict) else None
        if not isinstance(fid, str):
            raise ValueError(f"finding {n} has no id")
        ids.append(fid)
    verdict = data.get("verdict")
    return tuple(ids), verdict if isinstance(verdict, str) else None


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return f": {lines[-1][:200]}" if lines else ""


def run_all(
    command: str,
    cases: Sequence[Case],
    timeout: float,
    jobs: int = 1,
    advance: Callable[[], None] | None = None,
) -> list[Run]:
    """The tool over every bundle, ``jobs`` at a time; results in the corpus's order."""

    def one(case: Case) -> Run:
        run = run_tool(command, case, timeout)
        if advance is not None:
            advance()
        return run

    if jobs <= 1:
        return [one(c) for c in cases]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, cases))


# -- scoring -----------------------------------------------------------------------------------


def score(command: str, runs: Iterable[Run]) -> Score:
    runs = tuple(runs)
    per_id: dict[str, Counts] = {}
    for run in runs:
        expected, found = set(run.case.expected), set(run.found)
        for fid in expected | found:
            counts = per_id.setdefault(fid, Counts())
            if fid in expected and fid in found:
                counts.tp += 1
            elif fid in found:
                counts.fp += 1
            else:
                counts.fn += 1
    ordered = dict(sorted(per_id.items(), key=lambda item: _id_order(item[0])))
    micro = Counts(
        sum(c.tp for c in per_id.values()),
        sum(c.fp for c in per_id.values()),
        sum(c.fn for c in per_id.values()),
    )
    return Score(command, runs, ordered, micro)


def _id_order(fid: str) -> tuple[int, str]:
    """The contract's ids in its order (section 4), then any others alphabetically."""
    from simulator.faults import FAULT_IDS

    return (FAULT_IDS.index(fid) if fid in FAULT_IDS else len(FAULT_IDS)), fid


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


# -- rendering ---------------------------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_text(result: Score) -> list[object]:
    """Rich renderables: the per-id table, the totals, the mismatching bundles."""
    from rich.table import Table
    from rich.text import Text

    table = Table("finding id", "TP", "FP", "FN", "precision", "recall", "F1", title="per finding")
    for fid, c in result.per_id.items():
        table.add_row(fid, str(c.tp), str(c.fp), str(c.fn), *_figures(c))
    m = result.micro
    table.add_section()
    table.add_row("all (micro)", str(m.tp), str(m.fp), str(m.fn), *_figures(m), style="bold")
    out: list[object] = [table]
    bad = result.mismatches
    kinds = _failure_kinds(result.failures)
    out.append(
        Text(
            f"{len(result.runs)} bundles; {len(result.runs) - len(bad)} matched expected.json "
            f"exactly; the tool failed on {len(result.failures)}"
            + (f" ({kinds})" if kinds else "")
            + "."
        )
    )
    if bad:
        listing = Table("bundle", "expected", "found", "why", title="mismatching bundles")
        for run in bad:
            found = "—" if run.problem else ", ".join(_unique(run.found)) or "(none)"
            listing.add_row(
                run.case.name,
                ", ".join(run.case.expected) or "(none)",
                found,
                "; ".join(run.reasons),
            )
        out.append(listing)
    return out


def _figures(c: Counts) -> tuple[str, str, str]:
    return _figure(c.precision), _figure(c.recall), _figure(c.f1)


def _failure_kinds(failures: Sequence[Run]) -> str:
    kinds: dict[str, int] = {}
    for run in failures:
        problem = run.problem or ""
        kind = (
            "timeouts"
            if problem.startswith("timed out")
            else "bad output"
            if problem.startswith("not the contract")
            else "crashes"
        )
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in kinds.items())


class _Seconds(click.FloatRange):
    """A timeout: more than 0 seconds and at most `MAX_TIMEOUT`, and a number (a range lets
    NaN through, as no comparison with it is true)."""

    def __init__(self) -> None:
        super().__init__(min=0, max=MAX_TIMEOUT, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


def _usage(message: str) -> NoReturn:
    from .output import shown

    click.echo(f"authlab score: {shown(message)}", err=True)
    sys.exit(2)


@click.command(name="score")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--command",
    "command",
    required=True,
    help="The tool's command line; {bundle} is replaced by each bundle's path. "
    'Example: "authlab diagnose --bundle {bundle} --format json".',
)
@click.option(
    "--timeout",
    type=_Seconds(),
    default=60.0,
    show_default=True,
    help=f"Seconds the tool may take per bundle (more than 0, up to {MAX_TIMEOUT:g}).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of CPUs",
    help="Bundles diagnosed at once.",
)
def score_command(directory: Path, command: str, timeout: float, fmt: str, jobs: int) -> None:
    """Score a diagnostic tool on a corpus written by `authlab corpus`.

    Runs the tool once per bundle (no shell), reads the contract's JSON from its stdout and
    prints precision and recall per finding id, the micro-averaged totals and the bundles that
    do not match their expected.json. Exit status 0, or 2 for a usage error or a corpus that
    can not be read; a tool failing on a bundle is reported, not fatal.
    """
    from rich.console import Console
    from rich.progress import Progress

    if PLACEHOLDER not in command:
        _usage(f"--command must contain {PLACEHOLDER} (where the bundle's path goes)")
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        _usage(f"--command: {exc}")
    if not argv:
        _usage("--command is empty")
    if PLACEHOLDER not in argv[0] and shutil.which(argv[0]) is None:
        _usage(f"--command: {argv[0]}: command not found")
    try:
        cases = load_corpus(directory)
    except CorpusError as exc:
        _usage(str(exc))
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("running the tool", total=len(cases))
        runs = run_all(command, cases, timeout, jobs, lambda: progress.advance(task))
    result = score(command, runs)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    from .console import console as make_console

    console = make_console()
    for item in render_text(result):
        console.print(item)
