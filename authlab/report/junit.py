"""JUnit XML: one test case per check; a failing case per fault, a skipped case per check that
lacked its evidence, so CI dashboards show the diagnosis as a test run."""

from __future__ import annotations

from datetime import UTC
from xml.etree import ElementTree as ET

from checks.catalogue import CHECKS
from checks.findings import Diagnosis, Finding, Severity

from .safe import visible


def _body(finding: Finding) -> str:
    lines = [finding.title]
    lines += [f"evidence: {e.source}: {e.detail}" for e in finding.evidence]
    lines += [
        f"remedy: {r.summary}" + (f" -> {r.command}" if r.command else "") for r in finding.remedy
    ]
    return visible("\n".join(lines))


def _utc_stamp(diagnosis: Diagnosis) -> str | None:
    """The collection time in UTC without an offset, as JUnit's ``timestamp`` is written; None
    where host.json has none, or where that instant falls outside the years 1 to 9999 (year 1
    at +14:00, year 9999 at -14:00): no such timestamp can be written."""
    if diagnosis.collected_at is None:
        return None
    try:
        stamp = diagnosis.collected_at.astimezone(UTC)
    except OverflowError:
        return None
    return stamp.replace(tzinfo=None).isoformat(timespec="seconds")


def render_junit(diagnosis: Diagnosis) -> str:
    by_id = {f.id: f for f in diagnosis.findings}
    missing = {m.check: m for m in diagnosis.missing}
    host = visible(diagnosis.host or "")
    suite = ET.Element("testsuite", name=f"authlab diagnose {host}".strip())
    failures = skipped = 0
    for check in CHECKS:
        case = ET.SubElement(
            suite, "testcase", classname=f"authlab.{host or 'host'}", name=check.id
        )
        finding = by_id.get(check.id)
        if finding is not None and finding.severity is not Severity.INFO:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=visible(finding.title), type=finding.severity.value
            )
            failure.text = _body(finding)
        elif finding is not None:
            out = ET.SubElement(case, "system-out")
            out.text = _body(finding)
        elif check.id in missing:
            skipped += 1
            ET.SubElement(case, "skipped", message=visible(f"needs {missing[check.id].needs}"))
    # What common JUnit consumers read besides the counts: the host, a duration (a diagnosis
    # reads files; it times nothing) and, where the bundle says, when it was collected.
    suite.set("hostname", host or "unknown")
    suite.set("time", "0")
    stamp = _utc_stamp(diagnosis)
    if stamp is not None:
        suite.set("timestamp", stamp)
    suite.set("tests", str(len(CHECKS)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
