"""`authlab corpus`: every scenario the simulator knows, written as labelled evidence bundles.

A corpus is a directory any diagnostic tool can be scored on (`authlab score`) without running
the simulator: one bundle per scenario, each with the answer beside it.

    DIR/index.json                       every bundle, its path and its expected.json
    DIR/<platform>/healthy/              the healthy host
    DIR/<platform>/<fault label>/        one fault variant: injected, iisreset, exported
    DIR/<platform>/<label>+<label>/      with --pairs: two faults (simulator.pairs)

``expected.json`` holds the ground truth: the platform, the injected fault ids, the finding ids a
diagnosis must give in Windows' order (errors and the informational finding alike) and the
verdict. The same seed writes the same corpus, byte for byte.

With ``--variety SEED`` every bundle also gets its own seeded real-world variety
(simulator.variety: the account's spelling, regional date patterns, site ids and key case, LDIF
style, gl-only Security-log.txt, inherit-only ACL entries, a hand-edited secedit export), and
expected.json and the index record it as ``variety`` (what differs from a plain host). Two
choices are held back where the bundle could not show the fault: a gl-only Security-log.txt for
security-log-full (without gli's fileSize nothing shows the log is full) and a UPN for a
misspelt account name (the typo lands in the DNS suffix).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from simulator.scenario import PLATFORMS

if TYPE_CHECKING:
    from simulator.factory import HostSpec
    from simulator.faults import Fault
    from simulator.host import Host
    from simulator.variety import Variety

SCHEMA = "authlab.corpus/1"
INDEX = "index.json"
EXPECTED = "expected.json"
HEALTHY = "healthy"


@attrs.frozen
class Expected:
    """The ground truth of one bundle (its expected.json)."""

    platform: str
    faults: tuple[str, ...]
    expected_findings: tuple[str, ...]
    verdict: str  # "faulty" or "healthy"
    variety: dict[str, Any] | None = attrs.field(default=None, eq=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "platform": self.platform,
            "faults": list(self.faults),
            "expected_findings": list(self.expected_findings),
            "verdict": self.verdict,
        }
        if self.variety is not None:
            data["variety"] = self.variety
        return data


@attrs.frozen
class Entry:
    """One bundle of the corpus: its path relative to the corpus and its ground truth."""

    bundle: str  # POSIX path relative to the corpus directory
    expected: Expected

    def to_json(self) -> dict[str, Any]:
        return {"bundle": self.bundle, **self.expected.to_json()}


def verdict_of(fault_ids: Sequence[str]) -> str:
    """What a correct diagnosis concludes: faulty when any injected fault is an error."""
    from simulator.faults import fault_class

    return "faulty" if any(fault_class(i).severity != "info" for i in fault_ids) else "healthy"


@attrs.frozen
class Scenario:
    """A scenario to write: a healthy host, one fault variant, or a pair of fault ids."""

    platform: str
    spec: HostSpec
    kind: str  # "healthy", "fault" or "pair"
    fault: Fault | None = None  # for "fault": a fresh variant that applies to the platform
    pair: tuple[str, str] | None = None

    def write(self, root: Path) -> Entry | None:
        """Make the host, export its bundle, write expected.json; None for a pair that can not
        be made on this platform."""
        from simulator.bundle import write_bundle
        from simulator.factory import build_host
        from simulator.pairs import make_pair, windows_order

        host: Host
        ids: tuple[str, ...]
        findings: tuple[str, ...] = ()
        spec = self.spec
        variety = spec.variety
        if self.kind == HEALTHY:
            host = build_host(spec)
            host.iis.request("/")
            name, ids = HEALTHY, ()
        elif self.kind == "fault":
            fault = self.fault
            assert fault is not None
            host = build_host(spec)
            host.iis.request("/")  # the site worked before it broke
            fault.inject(host)
            if host.running:
                host.iis.iisreset()
            name, ids, findings = fault.label, (fault.id,), fault.findings
        else:
            assert self.pair is not None
            made = make_pair(spec, *self.pair)
            if made is None:
                return None
            host = made.host
            name = "+".join(f.label for f in made.faults)
            ids = self.pair
        bundle = f"{self.platform}/{name}"
        directory = root / self.platform / name
        write_bundle(host, directory)
        if self.kind == "pair":
            assert self.pair is not None
            findings = tuple(windows_order(host, self.pair))  # a request: after the export
        shown = None if variety is None else variety.to_json()
        expected = Expected(self.platform, tuple(ids), tuple(findings), verdict_of(ids), shown)
        _write_json(directory / EXPECTED, expected.to_json())
        return Entry(bundle, expected)


def scenario_variety(variety_seed: int, scenario: Scenario) -> Variety:
    """The variety of one bundle: drawn from the corpus's variety seed, the platform and the
    scenario's label, less the two choices that would hide its fault (module doc)."""
    from simulator.variety import Variety

    if scenario.fault is not None:
        label, ids = scenario.fault.label, {scenario.fault.id}
    elif scenario.pair is not None:
        label, ids = "+".join(scenario.pair), set(scenario.pair)
    else:
        label, ids = scenario.kind, set()
    spec = scenario.spec
    drawn = Variety.seeded(
        f"{variety_seed}|{scenario.platform}|{label}",
        legacy=spec.os.legacy_events,
        domain=spec.in_domain,
    )
    if "security-log-full" in ids and not drawn.gli:
        drawn = attrs.evolve(drawn, gli=True)
    if "account-not-found" in ids and drawn.account_form == "upn":
        drawn = attrs.evolve(drawn, account_form="netbios")
    return drawn


def plan(
    seed: int, platforms: Sequence[str], pairs: bool, variety: int | None = None
) -> list[Scenario]:
    """Every scenario of the corpus, in the order it is written; ``variety``: the seed of each
    bundle's real-world variety (none without it)."""
    from simulator.faults import variants
    from simulator.pairs import candidate_pairs
    from simulator.scenario import applicable

    scenarios: list[Scenario] = []
    for platform in platforms:
        spec = attrs.evolve(PLATFORMS[platform], seed=seed)
        scenarios.append(Scenario(platform, spec, HEALTHY))
        scenarios += [
            Scenario(platform, spec, "fault", fault=f) for f in applicable(spec, variants())
        ]
        if pairs:
            scenarios += [Scenario(platform, spec, "pair", pair=p) for p in candidate_pairs()]
    if variety is None:
        return scenarios
    return [
        attrs.evolve(s, spec=attrs.evolve(s.spec, variety=scenario_variety(variety, s)))
        for s in scenarios
    ]


def write_corpus(
    root: Path,
    seed: int = 1,
    platforms: Sequence[str] | None = None,
    pairs: bool = False,
    *,
    variety: int | None = None,
    advance: Callable[[int], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> list[Entry]:
    """Write the corpus into ``root`` (created if need be); returns its entries, as listed in
    index.json. ``variety`` seeds each bundle's real-world variety (simulator.variety).
    ``on_plan`` is told how many scenarios there are, ``advance`` each one done."""
    chosen = list(platforms or PLATFORMS)
    scenarios = plan(seed, chosen, pairs, variety)
    if on_plan is not None:
        on_plan(len(scenarios))
    root.mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []
    for scenario in scenarios:
        entry = scenario.write(root)
        if entry is not None:
            entries.append(entry)
        if advance is not None:
            advance(1)
    index = {
        "schema": SCHEMA,
        "seed": seed,
        "platforms": chosen,
        "pairs": pairs,
        **({"variety": variety} if variety is not None else {}),
        "bundles": [e.to_json() for e in entries],
    }
    _write_json(root / INDEX, index)
    return entries


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _summary(entries: Sequence[Entry]) -> Iterator[str]:
    kinds = {"healthy": 0, "single faults": 0, "pairs": 0}
    for entry in entries:
        count = len(entry.expected.faults)
        kinds[("healthy", "single faults", "pairs")[min(count, 2)]] += 1
    yield from (f"{n} {kind}" for kind, n in kinds.items() if n)


def corpus_file(name: str) -> bool:
    """Whether a path relative to a corpus (``iis6-local/healthy/host.json``) is one a corpus
    holds: the index, or a bundle's expected.json or bundle file under ``<platform>/<label>/``."""
    from checks.bundle_files import accepted

    if name == INDEX:
        return True
    platform, _, rest = name.partition("/")
    _label, _, inside = rest.partition("/")
    return platform in PLATFORMS and bool(inside) and (inside == EXPECTED or accepted(inside))


#: Seeds on the command line are 64-bit: a larger number would only alias a smaller one.
SEED = click.IntRange(0, 2**64 - 1)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=SEED, default=1, show_default=True, help="Seed for the healthy hosts.")
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(sorted(PLATFORMS)),
    help="Platform(s) to write (default: all).",
)
@click.option("--pairs", is_flag=True, help="Also every pair of faults a diagnosis can be held to.")
@click.option(
    "--variety",
    type=SEED,
    default=None,
    metavar="SEED",
    help="Give each bundle seeded real-world variety (site ids, account spellings, date "
    "formats, LDIF styles, ...), recorded in expected.json and the index.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an earlier corpus in DIRECTORY. Only a directory holding nothing but a "
    "corpus's files is replaced; anything else there is refused and left as it was.",
)
def corpus(
    directory: Path,
    seed: int,
    platforms: tuple[str, ...],
    pairs: bool,
    variety: int | None,
    force: bool,
) -> None:
    """Write every scenario as a labelled evidence bundle, for scoring tools with `score`.

    DIRECTORY must be new or empty (missing parents are made), or hold an earlier corpus and
    --force be given. Each bundle has an expected.json beside its files (platform, injected
    faults, the findings a diagnosis must give in Windows' order, the verdict) and
    DIRECTORY/index.json lists them all. The corpus is built in a hidden staging directory and
    moved into DIRECTORY only when whole: a failed run (a full disk, a file-size limit, Ctrl-C)
    leaves DIRECTORY as it was. Exit status 0, or 2 for a usage error or a directory that can
    not be written.
    """
    from rich.console import Console
    from rich.progress import Progress

    from winfacts.errors import ModelError

    from .output import OutputError, new_directory, shown

    chosen = [p for p in PLATFORMS if p in platforms] if platforms else list(PLATFORMS)
    try:
        with (
            new_directory(directory, "", "corpus", force=force, ours=corpus_file) as staging,
            Progress(console=Console(stderr=True), transient=True) as progress,
        ):
            task = progress.add_task("writing bundles", total=None)
            entries = write_corpus(
                staging,
                seed,
                chosen,
                pairs,
                variety=variety,
                on_plan=lambda n: progress.update(task, total=n),
                advance=lambda n: progress.advance(task, n),
            )
    except OutputError as exc:
        click.echo(f"authlab corpus: {exc}", err=True)
        sys.exit(2)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    plural = "" if len(chosen) == 1 else "s"
    click.echo(
        f"wrote {len(entries)} bundles ({', '.join(_summary(entries))}) for {len(chosen)} "
        f"platform{plural} to {shown(directory)}"
    )
