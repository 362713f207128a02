"""`authlab fidelity`: the comparison against a Samba AD DC this command starts, and its report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from authlab.samba_dc import SambaUnavailable, address_for, running_dc

from . import compare, report, run
from .states import generate


@click.command(name="fidelity")
@click.option(
    "--write",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report there (docs/fidelity.md) instead of standard output.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Render from the simulator alone (no DC) and fail when the --write file differs.",
)
@click.option("--address", default=None, help="The DC's loopback address (127.0.0.10).")
@click.option("--workers", default=4, show_default=True, help="States run at once on the DC.")
def fidelity_command(target: Path | None, check: bool, address: str | None, workers: int) -> None:
    """Compare the simulator's LogonUser with a real Samba AD DC on every generated account
    state and report the agreement (exit 1 when a state disagrees outside the documented
    divergences). Needs root and the Samba packages; the DC is started and removed here."""
    states = generate()
    if check:
        if target is None:
            raise click.UsageError("--check needs --write FILE to compare with")
        expected = report.render(run.without_dc(states))
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != expected:
            raise click.ClickException(
                f"{target} is stale: run `authlab fidelity --write {target}`"
            )
        click.echo(f"{target} is current")
        return
    try:
        progress = lambda what: click.echo(what, err=True)  # noqa: E731
        with running_dc(address or address_for(None), progress) as dc:
            click.echo(f"running {len(states)} states", err=True)
            results = run.on_dc(dc, states, workers)
    except SambaUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    text = report.render(results)
    if target is None:
        sys.stdout.write(text)
    else:
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {target}", err=True)
    problems = [p for r in results if (p := compare.judge(r)) is not None]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
