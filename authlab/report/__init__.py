"""Renderings of a `checks.findings.Diagnosis`: text (rich), json, junit, sarif (contract 1)."""

from __future__ import annotations

from collections.abc import Callable

from checks.findings import Diagnosis

from .jsonout import render_json
from .junit import render_junit
from .sarif import render_sarif
from .text import render_text

FORMATS: dict[str, Callable[[Diagnosis], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
}

__all__ = ["FORMATS", "render_json", "render_junit", "render_sarif", "render_text"]
