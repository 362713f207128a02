"""The contract's JSON (section 2), exactly its shape."""

from __future__ import annotations

import json

from checks.findings import Diagnosis


def render_json(diagnosis: Diagnosis) -> str:
    return json.dumps(diagnosis.to_json(), indent=2, ensure_ascii=False) + "\n"
