"""SARIF 2.1.0: one rule per check, one result per finding, evidence files as locations."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from authlab import __version__
from checks.catalogue import CHECKS
from checks.findings import Diagnosis, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: "secedit.inf line 12", "net-user-Web Anon.txt", "MetaBase.xml line 42 (/LM/W3SVC)": the
#: bundle file is the text up to its extension (account names may hold spaces).
_LINE = re.compile(
    r"^(?P<file>[^:]+?\.(?:xml|config|inf|reg|txt|ldif|evtx|csv|json|log))"
    r"(?: line (?P<line>\d+))?(?:\W|$)",
    re.IGNORECASE,
)


def _location(source: str) -> dict[str, Any] | None:
    match = _LINE.match(source)
    if match is None or source.startswith("/LM"):
        return None
    # A bundle file's name as a relative URI reference: RFC 3986 percent-encoding, "/" kept.
    uri = quote(match.group("file"), safe="/", errors="surrogateescape")
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if match.group("line"):
        physical["region"] = {"startLine": int(match.group("line"))}
    return {"physicalLocation": physical}


def render_sarif(diagnosis: Diagnosis) -> str:
    index = {c.id: i for i, c in enumerate(CHECKS)}
    rules = [
        {
            "id": c.id,
            "name": "".join(part.title() for part in c.id.split("-")),
            "shortDescription": {"text": c.title},
            "defaultConfiguration": {"level": _LEVEL[c.severity]},
            "properties": {"references": list(c.references), "needs": c.needs},
        }
        for c in CHECKS
    ]
    results = []
    for finding in diagnosis.findings:
        locations = [loc for e in finding.evidence if (loc := _location(e.source)) is not None]
        results.append(
            {
                "ruleId": finding.id,
                "ruleIndex": index[finding.id],
                "level": _LEVEL[finding.severity],
                "message": {"text": f"{finding.title} ({finding.account or diagnosis.host})"},
                "locations": locations[:1],
                "relatedLocations": [
                    {**loc, "id": i, "message": {"text": e.detail}}
                    for i, (e, loc) in enumerate((e, _location(e.source)) for e in finding.evidence)
                    if loc is not None
                ],
                "properties": {
                    "account": finding.account,
                    "evidence": [e.to_json() for e in finding.evidence],
                    "remedy": [r.to_json() for r in finding.remedy],
                    "references": list(finding.references),
                },
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "authlab",
                        "version": __version__,
                        "informationUri": "https://support.microsoft.com/kb/909887",
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {"level": "note", "message": {"text": f"{m.check} needs {m.needs}"}}
                            for m in diagnosis.missing
                        ],
                    }
                ],
                "results": results,
                "properties": {
                    "host": diagnosis.host,
                    "url": diagnosis.url,
                    "verdict": diagnosis.verdict.value,
                },
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
