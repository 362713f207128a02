"""The report a person reads: the verdict, then each finding with its evidence and fix, in the
order the failures will be met."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from checks.findings import Diagnosis, Finding, Severity, Verdict

from .safe import visible

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_VERDICT = {Verdict.HEALTHY: "green", Verdict.FAULTY: "bold red", Verdict.INCONCLUSIVE: "yellow"}


def _finding(number: int, finding: Finding, first: bool) -> Panel:
    parts: list[Text] = []
    head = Text()
    head.append(f"{finding.severity.value.upper()} ", style=_STYLE[finding.severity])
    head.append(visible(finding.title))
    if finding.account:
        head.append(f"  ({visible(finding.account)})", style="dim")
    parts.append(head)
    if first and finding.severity is not Severity.INFO:
        parts.append(Text("This is what visitors meet now.", style="italic"))
    parts.append(Text("Evidence:", style="bold"))
    for item in finding.evidence:
        parts.append(Text(visible(f"  - {item.source}: {item.detail}")))
    for item in finding.contradicted_by:
        text = visible(f"  ! contradicted by {item.source}: {item.detail}")
        parts.append(Text(text, style="yellow"))
    if finding.remedy:
        parts.append(Text("Fix:", style="bold"))
        for step in finding.remedy:
            parts.append(Text(visible(f"  - {step.summary}")))
            if step.command:
                parts.append(Text(visible(f"      {step.command}"), style="green"))
    parts.append(Text(f"References: {', '.join(finding.references)}", style="dim"))
    return Panel(Group(*parts), title=f"{number}. {escape(finding.id)}", title_align="left")


def renderables(diagnosis: Diagnosis) -> list[RenderableType]:
    out: list[RenderableType] = []
    verdict = diagnosis.verdict
    header = Text()
    header.append(visible(f"{diagnosis.host or 'unknown host'} {diagnosis.url}: "), style="bold")
    header.append(verdict.value.upper(), style=_VERDICT[verdict])
    out.append(header)
    errors = diagnosis.errors
    if errors:
        out.append(
            Text(
                f"{len(errors)} cause(s) stop anonymous requests; fix them in this order "
                "(each appears as the one before it is fixed)."
            )
        )
    elif verdict is Verdict.HEALTHY:
        out.append(Text("Nothing in the bundle stops anonymous requests to this URL."))
    for number, finding in enumerate(diagnosis.findings, 1):
        out.append(_finding(number, finding, number == 1))
    if diagnosis.missing:
        out.append(Text("Not checked, for want of evidence:", style="bold"))
        for item in diagnosis.missing:
            out.append(Text(visible(f"  - {item.check}: needs {item.needs}")))
    for note in diagnosis.notes:
        out.append(Text(visible(f"Note: {note}"), style="dim"))
    return out


def render_text(diagnosis: Diagnosis, width: int = 100) -> str:
    """Plain text (no colour codes), for files and pipes."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, no_color=True)
    for item in renderables(diagnosis):
        console.print(item)
    return buffer.getvalue()
