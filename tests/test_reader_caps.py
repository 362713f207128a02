"""Line caps hold wherever the long line falls: first, in the middle, or last."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from checks.errors import BundleError
from checks.readers.security_csv import iter_security_csv

REAL = Path(__file__).parent / "fixtures" / "real" / "security-csv" / "2003-en-US-multiline.csv"


@pytest.mark.parametrize(
    ("where", "line"), [("first", 1), ("after the rows", 34), ("inside a quoted message", 3)]
)
def test_a_long_security_csv_line_is_refused_wherever_it_falls(
    tmp_path: Path, where: str, line: int
) -> None:
    real = REAL.read_bytes().decode("ascii")
    long_line = "x" * (2 * 1024 * 1024)
    if where == "first":
        text = long_line + "\r\n" + real
    elif where == "after the rows":
        text = real + long_line + "\r\n"
    else:
        lines = real.split("\r\n")
        text = "\r\n".join([*lines[:2], " \t" + long_line, *lines[2:]])
    path = tmp_path / "Security.csv"
    path.write_text(text, encoding="ascii", newline="")
    with pytest.raises(BundleError) as refused:
        list(iter_security_csv(path, tz=UTC))
    assert str(refused.value) == f"{path}:{line}: a line longer than 1048576 characters"


def test_a_line_just_under_the_cap_is_read(tmp_path: Path) -> None:
    real = REAL.read_bytes().decode("ascii")
    lines = real.split("\r\n")
    # a long value inside the first message: the line is long but under both caps
    text = "\r\n".join([*lines[:2], " \tReason:\t" + "y" * 100_000, *lines[2:]])
    path = tmp_path / "Security.csv"
    path.write_text(text, encoding="ascii", newline="")
    assert len(list(iter_security_csv(path, tz=UTC))) == len(list(iter_security_csv(REAL, tz=UTC)))
