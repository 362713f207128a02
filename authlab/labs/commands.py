"""`authlab lab`: the console on a broken server, and the catalogue of labs around it.

`authlab lab --fault ID` opens a console on a server with that fault (free play, nothing
saved). `authlab lab start ID` opens a lab of the catalogue and saves it to a workspace file
after every command; `resume` continues it, and `hint`, `check`, `solution`, `reset`, `score`
and `report` work on the workspace without a console (a trainer grading a classroom, a
script). `check` exits 0 when the lab is solved and 1 when it is not.
"""

from __future__ import annotations

import io
import json
import random
import secrets
import sys
from pathlib import Path
from typing import BinaryIO, NoReturn

import attrs
import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from simulator.factory import HostSpec
from simulator.faults import Fault, variants
from simulator.scenario import PLATFORMS, applicable
from winfacts.errors import ModelError

from ..corpus import SEED
from ..output import reason, shown
from . import workspace as ws
from .catalogue import LABS, lab_named
from .report import report_json, report_text

WORKSPACE = click.option(
    "--workspace",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=ws.DEFAULT_NAME,
    show_default=True,
    help="The lab's workspace file.",
)
SCRIPT = click.option(
    "--script",
    type=click.File("rb"),
    default=None,
    help="Read commands from this UTF-8 file (- for standard input) instead of the keyboard.",
)


class LabRefused(click.ClickException):
    """What the lab can not do with the arguments given: the user's to change (exit 2)."""

    exit_code = 2


def _fail(message: str) -> NoReturn:
    raise LabRefused(message)


@click.group("lab", invoke_without_command=True)
@click.option(
    "--platform", type=click.Choice(sorted(PLATFORMS)), default="iis6-local", show_default=True
)
@click.option(
    "--seed",
    type=SEED,
    default=None,
    help="The seed of the server and of any random choice (default 1; with --fault random, a "
    "fresh one, printed so the lab can be replayed).",
)
@click.option(
    "--fault",
    "fault_ids",
    multiple=True,
    help="Break the server with this fault (repeat for several; an id, a variant as "
    "`authlab faults` lists it, or random for one drawn from the catalogue); it is not named.",
)
@SCRIPT
@click.pass_context
def lab_group(
    ctx: click.Context,
    platform: str,
    seed: int | None,
    fault_ids: tuple[str, ...],
    script: BinaryIO | None,
) -> None:
    """A console on a simulated server, for trainees: find and fix why visitors get 401.

    Without a command: free play on a server broken by --fault (nothing is saved). With one:
    the labs of the catalogue (list, start, resume, hint, check, solution, reset, score,
    report). Leave a console with exit, at the end of the input (Ctrl-D) or with Ctrl-C
    (exit status 130).
    """
    if ctx.invoked_subcommand is not None:
        return
    from simulator.factory import build_host

    from .console import Lab

    drawn = seed is None and any(f.strip().lower() == "random" for f in fault_ids)
    if seed is None:
        # A random lab asks for chance, so the seed is drawn here (never from the clock) and
        # printed: the same seed replays the same lab.
        seed = secrets.randbelow(2**31) if drawn else 1
    spec = attrs.evolve(PLATFORMS[platform], seed=seed)
    choices = [
        fault_choices(spec, platform, None if f.strip().lower() == "random" else f)
        for f in fault_ids
    ]
    lines = None if script is None else script_lines(script)
    chance = random.Random(seed)
    try:
        host = build_host(spec)
        for options in choices:
            chance.choice(options).inject(host)
        if choices and host.running:
            host.iis.iisreset()
    except ModelError as exc:
        _fail(str(exc))
    console = Console()
    if drawn:
        console.print(f"Seed {seed}: replay this lab with --seed {seed}.", markup=False)
    _banner(console, host.computer_name, host.os.value, host.iis.version)
    _loop(Lab(host, console).loop, lines)


def _banner(console: Console, name: str, os_name: str, iis: object) -> None:
    console.print(f"Connected to {name} ({os_name}, IIS {iis}).", markup=False, highlight=False)
    console.print("Type help for the lab commands, exit to leave.", markup=False, highlight=False)


def _loop(loop: object, lines: list[str] | None) -> NoReturn:
    from .console import LabInputError

    try:
        status = loop(lines)  # type: ignore[operator]
    except LabInputError as exc:
        click.echo(f"authlab lab: {exc}", err=True)
        sys.exit(2)
    except ws.WorkspaceError as exc:
        click.echo(f"authlab lab: {exc}", err=True)
        sys.exit(2)
    sys.exit(status)


def script_lines(script: BinaryIO) -> list[str]:
    """A lab script's lines, read whole before the session starts, so a file that is not text
    runs nothing; the error names the file and the line."""
    name = shown(getattr(script, "name", "-"))
    try:
        data = script.read()
    except OSError as exc:
        raise click.BadParameter(
            f"{name} can not be read ({reason(exc)})", param_hint="'--script'"
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise click.BadParameter(
            f"{name}, line {line}: is not UTF-8 text", param_hint="'--script'"
        ) from exc
    return list(io.StringIO(text, newline=None))


def fault_choices(spec: HostSpec, platform: str, fault_id: str | None) -> list[Fault]:
    """The variants of a fault that can be made on the platform (every fault's for None); a
    fault that does not exist or can not be made there is a usage error naming it."""
    try:
        choices = applicable(spec, variants(fault_id))
    except ModelError as exc:
        raise click.BadParameter(str(exc), param_hint="'--fault'") from exc
    if not choices:
        raise click.BadParameter(
            f"{fault_id or 'no fault'} can not be made on {platform}", param_hint="'--fault'"
        )
    return choices


# -- the catalogue ------------------------------------------------------------------------------


@lab_group.command("list")
@click.option(
    "--faults", "with_faults", is_flag=True, help="Name each lab's faults (for the trainer)."
)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def list_labs(with_faults: bool, as_json: bool) -> None:
    """The labs: id, difficulty, platforms and title (with --faults, what breaks each)."""
    if as_json:
        rows = [
            {
                "id": lab.id,
                "title": lab.title,
                "difficulty": lab.difficulty,
                "platforms": list(lab.platforms),
                **({"faults": list(lab.faults)} if with_faults else {}),
            }
            for lab in LABS
        ]
        click.echo(json.dumps(rows, indent=1))
        return
    from ..console import console as make_console

    table = Table("id", "difficulty", "platforms", "title", *(["faults"] if with_faults else []))
    for lab in LABS:
        cells = [lab.id, lab.difficulty, " ".join(lab.platforms), lab.title]
        if with_faults:
            cells.append(" ".join(lab.faults))
        table.add_row(*(Text(c) for c in cells))
    console = make_console()
    console.print(table)
    console.print(f"{len(LABS)} labs. authlab lab start ID opens one.", markup=False)


@lab_group.command("start")
@click.argument("lab_id")
@click.option("--platform", default=None, help="One of the lab's platforms (default: its first).")
@click.option("--seed", type=SEED, default=None, help="The server's seed (default 1).")
@WORKSPACE
@SCRIPT
def start(
    lab_id: str, platform: str | None, seed: int | None, path: Path, script: BinaryIO | None
) -> None:
    """Open lab LAB_ID (or random: a lab, platform and seed drawn at random, and printed)."""
    from .session import LabSession

    lines = None if script is None else script_lines(script)
    console = Console()
    if lab_id.strip().lower() == "random":
        chance = random.Random(secrets.randbits(64))
        spec = chance.choice(LABS)
        platform = platform or chance.choice(spec.platforms)
        seed = seed if seed is not None else chance.randrange(2**31)
        console.print(
            f"Lab {spec.id} on {platform}, seed {seed}: replay it with authlab lab start "
            f"{spec.id} --platform {platform} --seed {seed}.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    else:
        try:
            spec = lab_named(lab_id)
        except ModelError as exc:
            raise click.BadParameter(str(exc), param_hint="'LAB_ID'") from exc
    platform = platform or spec.platforms[0]
    if platform not in spec.platforms:
        raise click.BadParameter(
            f"the lab {spec.id} is for {', '.join(spec.platforms)}", param_hint="'--platform'"
        )
    try:
        session = LabSession.start(spec, platform, 1 if seed is None else seed, path, console)
    except ws.WorkspaceError as exc:
        _fail(str(exc))
    host = session.host
    _banner(console, host.computer_name, host.os.value, host.iis.version)
    console.print(session.ticket(), markup=False, highlight=False, soft_wrap=True)
    console.print(f"The lab is saved to {path} after every command.", markup=False, soft_wrap=True)
    _loop(session.loop, lines)


def _session(path: Path, console: Console) -> object:
    from .session import LabSession

    try:
        session = LabSession.resume(path, console)
    except ws.WorkspaceError as exc:
        _fail(str(exc))
    if session.diverged is not None:
        click.echo(
            f"authlab lab: warning: replaying {path} gave different output from entry "
            f"{session.diverged} on (was it made by another version of authlab?)",
            err=True,
        )
    return session


@lab_group.command("resume")
@WORKSPACE
@SCRIPT
def resume(path: Path, script: BinaryIO | None) -> None:
    """Continue the lab in the workspace where it was left."""
    lines = None if script is None else script_lines(script)
    console = Console()
    session = _session(path, console)
    host = session.host  # type: ignore[attr-defined]
    _banner(console, host.computer_name, host.os.value, host.iis.version)
    console.print(session.ticket(), markup=False, highlight=False, soft_wrap=True)  # type: ignore[attr-defined]
    _loop(session.loop, lines)  # type: ignore[attr-defined]


def _one(word: str, path: Path) -> object:
    console = Console()
    session = _session(path, console)
    session.execute(word)  # type: ignore[attr-defined]
    return session


@lab_group.command("hint")
@WORKSPACE
def hint(path: Path) -> None:
    """The next hint (it counts in the score)."""
    _one("hint", path)


@lab_group.command("check")
@WORKSPACE
def check(path: Path) -> None:
    """Is the lab solved? Exit status 0 when it is, 1 when it is not."""
    session = _one("check", path)
    entry = session.workspace.entries[-1]  # type: ignore[attr-defined]
    sys.exit(0 if entry.solved else 1)


@lab_group.command("solution")
@WORKSPACE
def solution(path: Path) -> None:
    """The solution (it costs half the score)."""
    _one("solution", path)


@lab_group.command("reset")
@WORKSPACE
def reset(path: Path) -> None:
    """Put the server back as the lab began (hints and checks so far still count)."""
    _one("reset", path)


@lab_group.command("score")
@WORKSPACE
def score(path: Path) -> None:
    """Hints, checks, wrong fixes and the score so far."""
    _one("score", path)


@lab_group.command("report")
@WORKSPACE
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report here (default: standard output).",
)
def report(path: Path, fmt: str, output: Path | None) -> None:
    """The transcript and score for the trainer (text or JSON); passwords never appear."""
    try:
        workspace = ws.load(path)
        spec = lab_named(workspace.lab)
    except ws.WorkspaceError as exc:
        _fail(str(exc))
    except ModelError as exc:
        _fail(f"{path}: names a lab this authlab does not have ({exc})")
    text = (
        json.dumps(report_json(spec, workspace), indent=1) + "\n"
        if fmt == "json"
        else report_text(spec, workspace)
    )
    if output is None:
        click.echo(text, nl=False)
        return
    from ..output import write_atomically

    write_atomically(output, text, label="--output")
