"""The README's lab session is what the console prints for the same input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lab_session_is_what_the_lab_prints(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("    $ python3 -m authlab lab start disabled-account\n")
    block = text[start:].split("\n\n", 1)[0].splitlines()
    shown = [line.removeprefix("    ") for line in block[1:]]
    typed = [line.split("C:\\> ", 1)[1] for line in shown if line.startswith("C:\\> ")]
    result = subprocess.run(
        [sys.executable, "-m", "authlab", "lab", "start", "disabled-account", "--script", "-"],
        input="".join(f"{line}\n" for line in typed),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "80"},
        check=True,
    )
    assert result.stdout.splitlines() == shown
