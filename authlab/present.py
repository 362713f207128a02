"""Rich renderings of simulator objects for people; the model itself never prints."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from simulator.events import OsFamily
from simulator.scenario import FaultRun, Observation

_STYLE = {"200": "green", "no response": "bold red"}


def status_text(obs: Observation) -> Text:
    code = obs.response.code
    style = _STYLE.get(code, "red" if code.startswith(("4", "5")) else "yellow")
    return Text(code, style=style)


def event_text(obs: Observation, os: OsFamily) -> str:
    """The failure audit the request left: "529", "4625 0xC000006D/0xC000006A", or "-"."""
    events = obs.failure_events
    if not events:
        return "-" if obs.host_running else "none: stopped"
    ev = events[-1]
    if os.legacy_events:
        return str(ev.event_id(os))
    codes = ev.outcome.codes
    return f"4625 {codes.status:#010x}/{codes.substatus:#x}"


def _status_fields(line: str, legacy: bool) -> str:
    """sc-status sc-substatus sc-win32-status: IIS 6 ends with them, IIS 10 adds time-taken."""
    tokens = line.split(" ")
    picked = tokens[-3:] if legacy else tokens[-4:-1]
    return " ".join(picked)


def _diagnosed(run: FaultRun) -> Text:
    """The first finding of the bundle's diagnosis, green when it names the fault."""
    found = run.inspected
    if found is None:
        return Text("-", style="dim")
    return Text(str(found), style="green" if found == run.fault.id else "bold red")


def runs_table(title: str, runs: list[FaultRun]) -> Table:
    """One row per fault: what the request showed after it, in each place a person looks."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("fault", no_wrap=True, style="bold")
    table.add_column("HTTP", no_wrap=True)
    table.add_column("Security event", no_wrap=True)
    table.add_column("IIS log", no_wrap=True)
    table.add_column("diagnosed", no_wrap=True)
    table.add_column("repaired", no_wrap=True)
    table.add_column("ok", no_wrap=True, justify="center")
    for run in runs:
        broken = run.broken
        legacy = run.host.iis.legacy
        log = _status_fields(broken.w3c_lines[-1], legacy) if broken.w3c_lines else "-"
        ok = (
            run.matches
            and run.healthy.response.code == "200"
            and run.repaired.response.code == "200"
            and run.inspected in (None, run.fault.id)
        )
        table.add_row(
            Text(run.fault.label),
            status_text(broken),
            event_text(broken, run.host.os),
            log,
            _diagnosed(run),
            status_text(run.repaired),
            Text("yes", style="green") if ok else Text("NO", style="bold red"),
        )
    return table
