"""The `authlab` command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import attrs
import click
from rich.console import Console
from rich.progress import Progress

from simulator.errors import ModelError
from simulator.faults import CATALOGUE, variants
from simulator.scenario import PLATFORMS, FaultRun, applicable, run_fault

from . import __version__
from .docs import DOCS, render_all
from .present import runs_table


@click.group()
@click.version_option(__version__, prog_name="authlab")
def main() -> None:
    """A simulated Windows server for IIS's anonymous "401.1 Logon failed" (KB 909887)."""


@main.command()
@click.option("--seed", default=1, show_default=True, help="Seed for the healthy hosts.")
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(sorted(PLATFORMS)),
    help="Platform(s) to run on (default: all).",
)
@click.option("--fault", "fault_ids", multiple=True, help="Only these fault ids.")
def demo(seed: int, platforms: tuple[str, ...], fault_ids: tuple[str, ...]) -> None:
    """Inject every built-in fault into a healthy host, request, and show the symptoms."""
    console = _console()
    chosen = platforms or tuple(PLATFORMS)
    mismatches = 0
    try:
        plans = []
        for name in chosen:
            spec = attrs.evolve(PLATFORMS[name], seed=seed)
            faults = [f for fid in (fault_ids or [None]) for f in variants(fid)]  # type: ignore[arg-type]
            plans.append((name, spec, applicable(spec, faults)))
        total = sum(len(faults) for _, _, faults in plans)
        results: list[tuple[str, list[FaultRun]]] = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("running scenarios", total=total)
            for name, spec, faults in plans:
                runs = []
                for fault in faults:
                    runs.append(run_fault(spec, fault))
                    progress.advance(task)
                results.append((name, runs))
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    for name, runs in results:
        host = runs[0].host if runs else None
        title = f"{name}: {host!r}" if host else name
        console.print(runs_table(title, runs))
        mismatches += sum(not (run.matches and run.repaired.response.code == "200") for run in runs)
    count = sum(len(runs) for _, runs in results)
    console.print(
        f"{count} scenarios on {len(results)} platform{'' if len(results) == 1 else 's'}; "
        f"{count - mismatches} showed exactly the catalogued symptoms and were repaired.\n"
        "Every symptom in every rendering: docs/symptoms.md."
    )
    if mismatches:
        sys.exit(1)


def _console() -> Console:
    """Rich's own width in a terminal; wide enough for a row per fault when piped."""
    probe = Console()
    return probe if probe.is_terminal else Console(width=120)


@main.command()
def faults() -> None:
    """List the fault catalogue."""
    console = _console()
    from rich.table import Table

    table = Table("id", "severity", "title", "variants")
    for cls in CATALOGUE:
        labels = ", ".join(f.label for f in variants(cls.id))
        table.add_row(cls.id, cls.severity, cls.title, labels)
    console.print(table)


@main.command()
@click.option(
    "--platform", type=click.Choice(sorted(PLATFORMS)), default="iis6-local", show_default=True
)
@click.option("--seed", default=1, show_default=True)
@click.option(
    "--fault",
    "fault_id",
    default=None,
    help="Break the server with this fault "
    "(a random one from the catalogue with --fault random); it is not named.",
)
@click.option(
    "--script",
    type=click.File("r"),
    default=None,
    help="Read commands from this file instead of the keyboard.",
)
def lab(platform: str, seed: int, fault_id: str | None, script: TextIO | None) -> None:
    """A console on a simulated server, for trainees: find and fix why visitors get 401."""
    import random

    from simulator.factory import build_host

    from .lab import Lab

    spec = attrs.evolve(PLATFORMS[platform], seed=seed)
    try:
        host = build_host(spec)
        if fault_id:
            choices = applicable(spec, variants(None if fault_id == "random" else fault_id))
            if not choices:
                raise click.ClickException(f"{fault_id} can not be made on {platform}")
            fault = random.Random(seed).choice(choices)
            fault.inject(host)
            if host.running:
                host.iis.iisreset()
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    console = Console()
    console.print(f"Connected to {host.computer_name} ({host.os.value}, IIS {host.iis.version}).")
    console.print("Type help for the lab commands, exit to leave.")
    Lab(host, console).loop(script)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if a generated document is out of date.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def docs(check: bool, root: Path) -> None:
    """Write the generated documents (docs/symptoms.md, docs/assumptions.md)."""
    stale = []
    for name, text in render_all().items():
        path = root / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        raise click.ClickException(
            f"out of date: {', '.join(stale)} (run `authlab docs` to regenerate)"
        )
    click.echo(("checked " if check else "wrote ") + ", ".join(DOCS))
