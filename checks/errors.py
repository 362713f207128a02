"""The error every reader raises for input it can not use.

Contract section 1: unreadable input is exit status 2 with a message naming the file and, where
there is one, the line. Readers raise this one type; the command line prints ``str(error)``.
"""

from __future__ import annotations

from pathlib import Path


class BundleError(ValueError):
    """A bundle file that can not be read: ``<file>:<line>: <what is wrong>``."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
