"""Finding the bundle's files in a directory, as the contract (section 3) allows them and no
more: the files directly in it, and the ``.log`` files directly in a ``W3SVC<n>`` folder.

The walk never enters any other folder, so ``--bundle /`` costs a directory listing, and it
stops at a bound on the entries it looks at. Names are matched without regard to case; two that
differ only in case are an error naming both, since choosing one would silently drop the
other. A bundle file that is not a regular file (a directory, a FIFO, a device), a symlink that
leads out of the bundle and one that loops are errors naming it: present but unreadable is never
"missing".
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Final

from .bundle_files import accepted
from .errors import BundleError

#: Far more entries than a collector writes (a busy site's logs included); past it the directory
#: is not a bundle.
MAX_ENTRIES: Final = 20_000

_LOG_FOLDER: Final = re.compile(r"W3SVC[0-9]+", re.IGNORECASE)


def bundle_files(directory: Path, *, limit: int = MAX_ENTRIES) -> dict[str, Path]:
    """Bundle files by lower-cased relative name (``w3svc1/u_ex261124.log``)."""
    found: dict[str, Path] = {}
    seen = 0
    root = _real(directory, directory)

    def visit(folder: Path, prefix: str) -> None:
        nonlocal seen
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise BundleError(folder, f"can not be listed ({exc.strerror or exc})") from exc
        for entry in entries:
            seen += 1
            if seen > limit:
                raise BundleError(
                    directory, f"holds more than {limit} entries; it is not an evidence bundle"
                )
            relative = f"{prefix}{entry.name}"
            path = Path(entry.path)
            if not prefix and _LOG_FOLDER.fullmatch(entry.name) and _is_dir(path, root):
                visit(path, relative + "/")
                continue
            if not accepted(relative):
                continue
            _check_file(path, root)
            key = relative.lower()
            if key in found:
                other = found[key].relative_to(directory).as_posix()
                raise BundleError(
                    path, f"and {other} differ only in case; keep one of them in the bundle"
                )
            found[key] = path

    visit(directory, "")
    return found


def _real(path: Path, directory: Path) -> Path:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        raise BundleError(path, f"can not be resolved ({exc})") from exc


def _inside(path: Path, root: Path) -> Path:
    real = _real(path, root)
    if real != root and root not in real.parents:
        raise BundleError(path, f"is a link that leads out of the bundle (to {real})")
    return real


def _is_dir(path: Path, root: Path) -> bool:
    return _inside(path, root).is_dir()


def _check_file(path: Path, root: Path) -> None:
    real = _inside(path, root)
    try:
        mode = real.stat().st_mode
    except OSError as exc:
        raise BundleError(path, f"can not be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise BundleError(path, f"is {kind}, not the file the bundle's name stands for")
    if not os.access(real, os.R_OK):
        raise BundleError(path, "can not be read (permission denied)")
