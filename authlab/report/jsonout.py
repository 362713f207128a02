"""The contract's JSON (section 2), exactly its shape."""

from __future__ import annotations

import json
import re

from checks.findings import Diagnosis

_SURROGATE = re.compile("[\ud800-\udfff]")


def render_json(diagnosis: Diagnosis) -> str:
    text = json.dumps(diagnosis.to_json(), indent=2, ensure_ascii=False)
    # A file name that is not UTF-8 reaches here as lone surrogates: JSON escapes keep them
    # exact, and the text stays encodable.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
