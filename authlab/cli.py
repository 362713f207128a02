"""The `authlab` command line."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import click
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.text import Text

from simulator.faults import CATALOGUE, variants
from simulator.host import Host
from simulator.scenario import PLATFORMS, FaultRun, applicable, run_fault
from winfacts.errors import ModelError

from . import __version__
from .console import console as make_console
from .corpus import SEED, corpus
from .docs import DOCS, render_all
from .fidelity.command import fidelity_command
from .labs.commands import fault_choices, lab_group
from .output import OutputError, new_directory, read_bytes_if_any, reason, shown, write_atomically
from .present import runs_table
from .score import score_command

if TYPE_CHECKING:
    from checks.live_directory import LiveDirectory


class _Refused(click.ClickException):
    """What the simulator refuses to make of the arguments (faults that can not be combined, a
    host stopped by its fault): the user's to change, so a usage error."""

    exit_code = 2


class _Authlab(click.Group):
    """The command group, with the net under every command: an operating-system error that no
    command turned into its own message (a full disk under standard output, a file-size limit)
    ends as exit 2 with one sentence naming the path, never as a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Text still buffered for standard output fails here, inside the net, rather
                # than at interpreter exit where no one can say which stream it was.
                sys.stdout.flush()
        except OutputError as exc:
            _fail(ctx, str(exc))
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # click ends a closed pipe quietly
            if isinstance(exc.filename, str):
                _fail(ctx, f"{shown(exc.filename)}: {reason(exc)}")
            if exc.errno in _STREAM_ERRORS:
                # Every file a command writes is named in its own message; an error that names
                # no file and says the device is full came from a write to standard output.
                _silence_stdout()
                _fail(ctx, f"standard output: can not be written ({reason(exc)})")
            _fail(ctx, reason(exc))


#: What a write to a full, limited or failing stream raises.
_STREAM_ERRORS = frozenset(
    {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}
)


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what is
    still buffered does not fail a second time, with a traceback, after the message."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _fail(ctx: click.Context, message: str) -> NoReturn:
    name = ctx.invoked_subcommand or ctx.info_name or "authlab"
    with contextlib.suppress(OSError):
        click.echo(f"authlab {name}: {message}", err=True)
    sys.exit(2)


@click.group(cls=_Authlab)
@click.version_option(__version__, prog_name="authlab")
def main() -> None:
    """A simulated Windows server for IIS's anonymous "401.1 Logon failed" (KB 909887)."""
    # A legacy console (cp437, cp1252) can not show every character a report or a bundle
    # holds: print a replacement character rather than fail half way through a report.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    # Past a file-size limit (ulimit -f) the kernel's default is to kill the process; ignored,
    # the write fails with EFBIG and is reported like a full disk, the old file kept.
    if hasattr(signal, "SIGXFSZ"):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


@main.command()
@click.option("--seed", type=SEED, default=1, show_default=True, help="Seed for the healthy hosts.")
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
    console = make_console()
    chosen = platforms or tuple(PLATFORMS)
    mismatches = 0
    try:
        plans = []
        for name in chosen:
            spec = attrs.evolve(PLATFORMS[name], seed=seed)
            faults = [f for fid in (fault_ids or [None]) for f in variants(fid)]
            plans.append((name, spec, applicable(spec, faults)))
        total = sum(len(faults) for _, _, faults in plans)
        results: list[tuple[str, list[FaultRun]]] = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("running scenarios", total=total)
            for name, spec, faults in plans:
                runs = []
                for fault in faults:
                    runs.append(run_fault(spec, fault, while_broken=_diagnose_host))
                    progress.advance(task)
                results.append((name, runs))
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    for name, runs in results:
        host = runs[0].host if runs else None
        title = f"{name}: {host!r}" if host else name
        console.print(runs_table(title, runs))
        mismatches += sum(
            not (
                run.matches
                and run.repaired.response.code == "200"
                and run.inspected == run.fault.id
            )
            for run in runs
        )
    count = sum(len(runs) for _, runs in results)
    console.print(
        f"{count} scenarios on {len(results)} platform{'' if len(results) == 1 else 's'}; "
        f"{count - mismatches} showed exactly the catalogued symptoms, were diagnosed from their "
        "bundle as that fault, and were repaired.\n"
        "Every symptom in every rendering: docs/symptoms.md."
    )
    if mismatches:
        sys.exit(1)


def _diagnose_host(host: Host) -> str:
    """The first finding `authlab diagnose` makes of the host's bundle: the harness end to end."""
    import tempfile

    from checks.bundle import BundleEvidence
    from checks.engine import diagnose as run_checks
    from simulator.bundle import write_bundle

    with tempfile.TemporaryDirectory(prefix="authlab-demo-") as folder:
        write_bundle(host, Path(folder))
        result = run_checks(BundleEvidence(Path(folder)))
    return result.findings[0].id if result.findings else result.verdict.value


@main.command()
def faults() -> None:
    """List the fault catalogue."""
    console = make_console()
    from rich.table import Table

    table = Table("id", "severity", "title", "variants")
    for cls in CATALOGUE:
        labels = ", ".join(f.label for f in variants(cls.id))
        # As plain text: a label such as password-mismatch[where=iis] is not rich markup.
        table.add_row(Text(cls.id), Text(cls.severity), Text(cls.title), Text(labels))
    console.print(table)


def _live_directory(
    url: str | None,
    bind_user: str | None,
    ca_file: Path | None,
    insecure: bool,
    account: str | None,
) -> LiveDirectory | None:
    from checks.live_directory import LdapOptions, LiveDirectory
    from winfacts.secret import Secret

    if url is None:
        for name, given in (
            ("--bind", bind_user),
            ("--ca-file", ca_file),
            ("--insecure", insecure),
            ("--account", account),
        ):
            if given:
                _usage_error(f"{name} reads a live directory: give --ldap too")
        return None
    if ca_file is not None and insecure:
        _usage_error("--ca-file and --insecure: choose one")
    if account is not None and not (_is_text(account) and account.strip()):
        _usage_error(f"--account {shown(account)}: is not an account name")
    password = None
    if bind_user is not None:
        text = os.environ.get("AUTHLAB_LDAP_PASSWORD")
        if text is None:
            text = click.prompt(f"Password for {bind_user}", hide_input=True, err=True)
        password = Secret(text)
    options = LdapOptions(
        url, bind_user, password, ca_file, insecure, account.strip() if account else None
    )
    return LiveDirectory(options)


@main.command()
@click.option(
    "--bundle",
    "bundle_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="An evidence bundle directory (contract section 3); without it, --ldap and --account "
    "diagnose what the directory alone shows.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "junit", "sarif"]), default="text"
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write the report here (atomically; never inside the bundle); - is standard output.",
)
@click.option("--url", default="/", show_default=True, help="The URL path to diagnose.")
@click.option(
    "--site",
    default=None,
    help="The web site, by id or name (default: site 1, else the only site).",
)
@click.option(
    "--ldap",
    "ldap_url",
    default=None,
    metavar="ldaps://HOST",
    help="Read the domain account, its groups and the domain's policy from this live "
    "directory in place of the bundle's ad.ldif.",
)
@click.option(
    "--bind",
    "bind_user",
    default=None,
    help="The account to bind to --ldap as (user@domain); its password comes from "
    "AUTHLAB_LDAP_PASSWORD or a prompt, never from an argument.",
)
@click.option(
    "--ca-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The CA certificate that vouches for the --ldap server's certificate.",
)
@click.option("--insecure", is_flag=True, help="Read --ldap without verifying its certificate.")
@click.option(
    "--account",
    default=None,
    help="Without --bundle: the anonymous account to read from --ldap (user, DOMAIN\\user or "
    "user@domain), which a bundle's IIS configuration would name.",
)
def diagnose(
    bundle_dir: Path | None,
    fmt: str,
    output: Path | None,
    url: str,
    site: str | None,
    ldap_url: str | None,
    bind_user: str | None,
    ca_file: Path | None,
    insecure: bool,
    account: str | None,
) -> None:
    """Say why anonymous requests to URL fail, from an evidence bundle, a live directory, or
    both.

    Exit status: 0 healthy, 1 fault found, 3 inconclusive, 2 unreadable input.
    """
    from checks.bundle import BundleEvidence
    from checks.engine import diagnose as run_checks
    from checks.errors import BundleError, scrub_quoted
    from winfacts.apphost import url_segments

    from .output import check_target
    from .report import FORMATS
    from .report.text import renderables

    if bundle_dir is None:
        if ldap_url is None or account is None:
            _usage_error("give --bundle DIR, or --ldap with --account to read the directory alone")
    elif account is not None:
        _usage_error(
            "--account is for --ldap without --bundle: the bundle's IIS configuration "
            "names the anonymous account"
        )
    elif not bundle_dir.is_dir():
        _usage_error(f"{shown(bundle_dir)}: no such bundle directory")
    for option, value in (("--url", url), ("--site", site)):
        if value is not None and not _is_text(value):
            _usage_error(f"{option} {shown(value)}: is not UTF-8 text")
    if output is not None and str(output) == "-":
        output = None
    if output is not None and bundle_dir is not None:
        try:
            check_target(output, bundle_dir)
        except OutputError as exc:
            _usage_error(str(exc))
    try:
        url_segments(url)
    except ModelError as exc:
        _usage_error(f"--url: {exc}")
    live = _live_directory(ldap_url, bind_user, ca_file, insecure, account)
    source = f"{bundle_dir}: a bundle file" if bundle_dir is not None else f"{ldap_url}: it"
    try:
        with _bundle_or_none(bundle_dir) as folder:
            evidence = BundleEvidence(folder, progress=_scan_progress(), site=site, live=live)
            result = run_checks(evidence, url)
    except BundleError as exc:
        _usage_error(str(exc))
    except (ModelError, ValueError, OverflowError) as exc:
        # Every reader maps its own errors to BundleError naming file and line; this is the
        # net under them, so that no input ends in a traceback or in exit 1.
        # The message may quote file text: it goes through the same rule as the readers'.
        _usage_error(f"{source} could not be read ({scrub_quoted(str(exc))})")
    if output is not None:
        try:
            write_atomically(output, FORMATS[fmt](result))
        except OutputError as exc:
            _usage_error(str(exc))
    elif fmt == "text" and Console().is_terminal:
        console = Console()
        for item in renderables(result):
            console.print(item)
    else:
        click.echo(FORMATS[fmt](result), nl=False)
    sys.exit(result.verdict.exit_code)


@contextlib.contextmanager
def _bundle_or_none(bundle_dir: Path | None) -> Iterator[Path]:
    """The bundle, or for the directory alone an empty one: every file absent, so every check
    that needs one lands in `missing` and none fires on what is not there."""
    if bundle_dir is not None:
        yield bundle_dir
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="authlab-no-bundle-") as empty:
        yield Path(empty)


def _is_text(value: str) -> bool:
    """Whether an argument is text (bytes that are not UTF-8 arrive as lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _usage_error(message: str) -> NoReturn:
    click.echo(f"authlab diagnose: {shown(message)}", err=True)
    sys.exit(2)


def _scan_progress() -> Callable[[str, int, int], None] | None:
    """A rich progress bar for large log scans, shown only to a person at a terminal."""
    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(name: str, done: int, total: int) -> None:
        if name not in tasks:
            if not progress.live.is_started:
                progress.start()
            tasks[name] = progress.add_task(f"reading {name}", total=total)
        progress.update(tasks[name], completed=done)
        if done >= total:
            progress.remove_task(tasks.pop(name))
            if not tasks:
                progress.stop()

    return update


@main.command(name="checks")
def checks_cmd() -> None:
    """List the checks: finding ids, severities, what they read, references."""
    from rich.table import Table

    from checks.catalogue import CHECKS

    table = Table("id", "severity", "meaning", "reads", "references")
    for check in CHECKS:
        table.add_row(
            check.id, check.severity.value, check.title, check.needs, ", ".join(check.references)
        )
    make_console().print(table)


#: More anonymous requests than any log needs; a larger count would only make a huge log.
MAX_REQUESTS = 10_000


@main.command()
@click.option(
    "--platform", type=click.Choice(sorted(PLATFORMS)), default="iis6-local", show_default=True
)
@click.option("--seed", type=SEED, default=1, show_default=True)
@click.option("--fault", "fault_ids", multiple=True, help="Faults to make first (repeatable).")
@click.option(
    "--requests",
    type=click.IntRange(0, MAX_REQUESTS),
    default=3,
    show_default=True,
    help="Anonymous requests to send before collecting, so the logs hold evidence.",
)
@click.option(
    "--evidence-only",
    is_flag=True,
    help="Leave out the account files (net user, net localgroup, ad.ldif).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The bundle directory: new (missing parents are made) or empty; see --force.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an earlier bundle in --out. Only a directory holding nothing but bundle "
    "files is replaced; anything else there is refused and left as it was.",
)
def bundle(
    platform: str,
    seed: int,
    fault_ids: tuple[str, ...],
    requests: int,
    evidence_only: bool,
    out: Path,
    force: bool,
) -> None:
    """Write an evidence bundle from a simulated server (as the collector would on a real one).

    The bundle is built in a hidden staging directory and moved into --out only when whole: a
    failed run (a full disk, a file-size limit, Ctrl-C) leaves --out as it was. Exit status 0,
    or 2 for a usage error or a directory that can not be written.
    """
    from checks.bundle_files import accepted
    from simulator.bundle import BundleOptions, write_bundle
    from simulator.factory import build_host

    spec = attrs.evolve(PLATFORMS[platform], seed=seed)
    faults = [fault_choices(spec, platform, fault_id)[0] for fault_id in fault_ids]
    try:
        # The target is checked first, so a refused one costs no simulation.
        with new_directory(out, "--out", "bundle", force=force, ours=accepted) as staging:
            host = build_host(spec)
            for fault in faults:
                fault.inject(host)
            if host.running:
                host.iis.iisreset()
            for _ in range(requests):
                host.iis.request("/")
            names = write_bundle(host, staging, BundleOptions(evidence_only=evidence_only))
    except ModelError as exc:
        raise _Refused(str(exc)) from exc
    click.echo(f"wrote {len(names)} files to {shown(out)}: {', '.join(names)}")


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if a generated document is out of date.")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    help="The project's checkout (default: the current directory).",
)
def docs(check: bool, root: Path) -> None:
    """Write the generated documents (docs/symptoms.md, docs/assumptions.md).

    Each is replaced atomically, and only when its text changed. Exit status 0, 1 with --check
    when one is out of date, 2 when one can not be read or written.
    """
    stale = []
    for name, text in render_all().items():
        path = root / name
        if read_bytes_if_any(path) != text.encode("utf-8"):
            stale.append(name)
            if not check:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise OutputError(f"{shown(path)}: can not be written ({reason(exc)})") from exc
                write_atomically(path, text, label="")
    if check and stale:
        raise click.ClickException(
            f"out of date: {', '.join(stale)} (run `authlab docs` to regenerate)"
        )
    click.echo(("checked " if check else "wrote ") + ", ".join(DOCS))


main.add_command(corpus)
main.add_command(score_command)
main.add_command(fidelity_command)
main.add_command(lab_group)
