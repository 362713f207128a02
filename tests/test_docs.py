"""The generated documents in docs/ match what the code generates now."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlab.docs import render_all

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(render_all()))
def test_checked_in_document_is_current(name: str) -> None:
    path = ROOT / name
    assert path.exists(), f"{name} is missing: run `authlab docs`"
    assert path.read_text(encoding="utf-8") == render_all()[name], (
        f"{name} is stale: run `authlab docs`"
    )
