"""Findings and the diagnosis: structured evidence plus one human sentence each.

The JSON shape is the contract's (section 2); renderers for text, JUnit and SARIF live in
`authlab.report` and read these objects, which know nothing of any output format.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Final

import attrs

from winfacts.finding_ids import Severity as Severity  # re-exported: findings carry it

SCHEMA = "authlab.diagnosis/1"


class Verdict(enum.Enum):
    HEALTHY = "healthy"
    FAULTY = "faulty"
    INCONCLUSIVE = "inconclusive"

    @property
    def exit_code(self) -> int:
        return {Verdict.HEALTHY: 0, Verdict.FAULTY: 1, Verdict.INCONCLUSIVE: 3}[self]


#: Longer than any real evidence sentence; what a bundle puts past it (a 5 MB account name) is
#: cut, so a report stays the size of its findings.
MAX_TEXT: Final = 2000


def bounded(text: str) -> str:
    """``text``, cut at `MAX_TEXT` characters with a note of how much was left out."""
    if len(text) <= MAX_TEXT:
        return text
    return f"{text[:MAX_TEXT]}... ({len(text) - MAX_TEXT} more characters)"


def _bounded_or_none(text: str | None) -> str | None:
    return None if text is None else bounded(text)


@attrs.frozen
class EvidenceItem:
    source: str = attrs.field(converter=bounded)  # the file (and line) the fact came from
    detail: str = attrs.field(converter=bounded)  # one sentence of what it shows

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "detail": self.detail}


@attrs.frozen
class Remedy:
    summary: str = attrs.field(converter=bounded)
    command: str | None = attrs.field(default=None, converter=_bounded_or_none)

    def to_json(self) -> dict[str, str | None]:
        # The contract's two keys always; null where the step is done in a console, not typed.
        return {"summary": self.summary, "command": self.command or None}


@attrs.frozen
class Finding:
    id: str
    severity: Severity
    title: str = attrs.field(converter=bounded)
    account: str | None = attrs.field(converter=_bounded_or_none)
    evidence: tuple[EvidenceItem, ...] = attrs.field()
    remedy: tuple[Remedy, ...]
    references: tuple[str, ...]
    #: Evidence that disagrees with the finding (a stale event, a probe that passed).
    contradicted_by: tuple[EvidenceItem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        # The contract fixes the keys; evidence that disagrees is still evidence, marked so.
        contrary = [
            {"source": e.source, "detail": f"contradicts this finding: {e.detail}"}
            for e in self.contradicted_by
        ]
        return {
            "id": self.id,
            "severity": self.severity.value,
            "title": self.title,
            "account": self.account,
            "evidence": [e.to_json() for e in self.evidence] + contrary,
            "remedy": [r.to_json() for r in self.remedy],
            "references": list(self.references),
        }


@attrs.frozen
class Missing:
    check: str
    needs: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "needs": self.needs}


@attrs.frozen
class Diagnosis:
    host: str | None
    url: str
    findings: tuple[Finding, ...]
    missing: tuple[Missing, ...]
    notes: tuple[str, ...] = ()  # e.g. "judged against the tool's own clock"
    checks_run: tuple[str, ...] = ()
    collected_at: datetime | None = None  # host.json's collected_at, when the bundle has it

    @property
    def verdict(self) -> Verdict:
        """Faulty only on an error no current evidence contradicts. An error that the bundle's
        own current evidence contradicts (the credential probe logged on at collection time)
        is still listed, with that evidence, but it is not a confident fault: inconclusive."""
        errors = [f for f in self.findings if f.severity is not Severity.INFO]
        if any(not f.contradicted_by for f in errors):
            return Verdict.FAULTY
        if errors or self.missing:
            return Verdict.INCONCLUSIVE
        return Verdict.HEALTHY

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is not Severity.INFO)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "host": self.host,
            "url": self.url,
            "verdict": self.verdict.value,
            "findings": [f.to_json() for f in self.findings],
            "missing": [m.to_json() for m in self.missing],
        }
