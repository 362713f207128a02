"""Writing a report where the user asked: atomically, never over the evidence.

A report goes to a temporary file beside the target and is renamed over it only when whole, so a
failed run (a full disk, an interruption) leaves an existing file as it was. A target inside the
bundle, or a link to a file in it, is refused: the report must never replace what it was made
from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """A report that can not be written where asked; the message names the path."""


def check_target(target: Path, bundle: Path) -> None:
    """Refuse a target inside the bundle (by its real path, so links count)."""
    real = target.resolve()
    root = bundle.resolve()
    if real == root or root in real.parents:
        raise OutputError(f"--output {target}: is inside the bundle {bundle}; write it elsewhere")


def write_atomically(target: Path, text: str) -> None:
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"--output {target}: no such directory {directory}")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except (OSError, UnicodeEncodeError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise OutputError(f"--output {target}: can not be written ({why})") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
