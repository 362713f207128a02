"""Writing where the user asked: atomically, never over the evidence or over their own files.

A report goes to a temporary file beside the target and is renamed over it only when whole, so a
failed run (a full disk, a file-size limit, an interruption) leaves an existing file as it was. A
target inside the bundle, or a link to a file in it, is refused: the report must never replace
what it was made from. A target that is not a regular file (``/dev/null``, a FIFO, a terminal) is
written to as it is, since renaming over it would replace the device with a file.

A directory the commands write (a bundle, a corpus) is built in a hidden staging directory and
put in place only when whole. An existing directory must be empty, or with ``--force`` hold only
what an earlier run wrote; anything else there is never deleted.

Every failure is an `OutputError` whose message names the path the user gave, not a temporary.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

from .report.safe import visible

#: Entries looked at to decide whether an existing directory holds only an earlier run's files.
MAX_ENTRIES = 100_000


class OutputError(Exception):
    """Something that can not be written (or read) where asked; the message names the path."""


def shown(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: bytes that are not UTF-8 as ``\\xNN`` (a name that is not
    UTF-8 arrives as lone surrogates) and control characters escaped, so it can not repaint the
    terminal and still points at the file."""
    text = re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", os.fspath(path))
    return visible(text)


def reason(exc: OSError) -> str:
    """The operating system's sentence for an error ("No space left on device")."""
    return exc.strerror or str(exc)


def _why(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return reason(exc)
    if isinstance(exc, RuntimeError):  # pathlib's resolve() on a loop of links
        return "a loop of links"
    return str(exc)


def check_target(target: Path, bundle: Path) -> None:
    """Refuse a target inside the bundle (by its real path, so links count)."""
    try:
        real = target.resolve()
        root = bundle.resolve()
    except (OSError, RuntimeError) as exc:
        raise OutputError(f"--output {shown(target)}: can not be written ({_why(exc)})") from exc
    if real == root or root in real.parents:
        raise OutputError(f"--output {target}: is inside the bundle {bundle}; write it elsewhere")


def write_atomically(target: Path, text: str, label: str = "--output") -> None:
    """Write ``text`` (UTF-8) to ``target``: whole or not at all. ``label`` starts the message
    (the option that named the target; empty for none)."""
    place = f"{label} {shown(target)}" if label else shown(target)
    try:
        if target.is_symlink():
            # Write where the link points, as a shell's `>` would, and keep the link.
            target = target.resolve()
        info: os.stat_result | None = target.stat()
    except (FileNotFoundError, NotADirectoryError):
        info = None  # the directory's check below says which
    except (OSError, RuntimeError) as exc:
        raise OutputError(f"{place}: can not be written ({_why(exc)})") from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{place}: is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(target, text, place)
        return
    if info is not None and not (info.st_mode & 0o222 and os.access(target, os.W_OK)):
        raise OutputError(f"{place}: is read-only; it was left as it was")
    directory = target.parent
    if not directory.is_dir():
        _no_directory(place, directory)
    temporary: Path | None = None
    try:
        temporary, handle = _temporary_file(directory, target.name)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            if info is not None:
                os.fchmod(stream.fileno(), stat.S_IMODE(info.st_mode))
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except (OSError, UnicodeEncodeError) as exc:
        _remove(temporary)
        raise OutputError(f"{place}: can not be written ({_why(exc)})") from exc
    except BaseException:
        _remove(temporary)
        raise


def _no_directory(place: str, directory: Path) -> NoReturn:
    """Say why ``directory`` can not hold the target: it is missing, or it (or a folder above it)
    is a file."""
    _refuse_a_file_above(place, directory)
    raise OutputError(f"{place}: no such directory {shown(directory)}")


def _refuse_a_file_above(place: str, directory: Path) -> None:
    """Refuse when the nearest existing one of ``directory`` and its parents is not a directory
    (``report.txt/out``): making the missing folders could only fail."""
    for folder in (directory, *directory.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                raise OutputError(f"{place}: {shown(folder)} is not a directory")
            return


def _write_in_place(target: Path, text: str, place: str) -> None:
    """A device or FIFO: written to as a shell's ``>`` would, never replaced."""
    try:
        with open(target, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except (OSError, UnicodeEncodeError) as exc:
        raise OutputError(f"{place}: can not be written ({_why(exc)})") from exc


def _temporary_file(directory: Path, name: str) -> tuple[Path, int]:
    """A new hidden file beside the target, created with the mode a plain ``open`` gives (the
    umask applies), so the renamed report is not left private by accident."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        path = directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return path, os.open(path, flags, 0o666)
        except FileExistsError:
            continue


def _remove(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)


# -- directories --------------------------------------------------------------------------------


def foreign_files(root: Path, ours: Callable[[str], bool]) -> list[str]:
    """The entries under ``root`` an earlier run did not write: files whose relative POSIX path
    ``ours`` does not accept, links, devices, FIFOs. Empty directories count as ours. Past
    `MAX_ENTRIES` the rest is reported as one foreign entry (a directory that large was not
    written by this tool)."""
    foreign: list[str] = []
    seen = 0
    stack = [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                seen += 1
                if seen > MAX_ENTRIES:
                    return [*foreign, f"more than {MAX_ENTRIES} entries"]
                name = Path(entry.path).relative_to(root).as_posix()
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif not (entry.is_file(follow_symlinks=False) and ours(name)):
                    foreign.append(name)
    return sorted(foreign)


@contextlib.contextmanager
def new_directory(
    target: Path,
    label: str,
    kind: str,
    *,
    force: bool = False,
    ours: Callable[[str], bool] | None = None,
) -> Iterator[Path]:
    """A staging directory to write into; when the block ends normally it becomes ``target``.

    ``target`` must not exist (its missing parents are made), or be an empty directory, or with
    ``force`` hold only files ``ours`` accepts (an earlier ``kind``: they are replaced and
    nothing else is touched). An existing directory keeps its inode and mode: its entries are
    swapped, so a shell sitting in it still sees the result. If the block fails, the staging
    directory is removed and ``target`` is as it was."""
    place = f"{label} {shown(target)}" if label else shown(target)

    def failed(exc: OSError, staging: Path | None = None) -> OutputError:
        where = exc.filename if isinstance(exc.filename, str) else None
        inner = ""
        if where is not None and staging is not None:
            with contextlib.suppress(ValueError):
                inner = f"{shown(Path(where).relative_to(staging).as_posix())}: "
        return OutputError(f"{place}: can not be written ({inner}{reason(exc)})")

    try:
        exists = target.is_dir()
        if not exists and (target.exists() or target.is_symlink()):
            what = "a link to nowhere" if not target.exists() else "not a directory"
            raise OutputError(f"{place}: is {what}")
        before = os.listdir(target) if exists else []
        if before and not force:
            raise OutputError(
                f"{place}: is not empty; choose a new or empty directory, or pass --force to "
                f"replace the {kind} in it"
            )
        if before:
            foreign = foreign_files(target, ours or (lambda _name: False))
            if foreign:
                shown_names = ", ".join(shown(n) for n in foreign[:3])
                more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
                raise OutputError(
                    f"{place}: holds files that are not part of a {kind} ({shown_names}{more}); "
                    "nothing was changed"
                )
        if not exists:
            _refuse_a_file_above(place, target.parent)
            target.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging(target if exists else target.parent, target.name or "out")
    except OSError as exc:
        raise failed(exc) from exc
    try:
        yield staging
        if exists:
            _swap_into(target, staging, replace=bool(before))
        else:
            os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise failed(exc, staging) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _staging(parent: Path, name: str) -> Path:
    """A new hidden directory in ``parent``, made with the mode ``mkdir`` gives (umask)."""
    while True:
        path = parent / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            os.mkdir(path, 0o777)
            return path
        except FileExistsError:
            continue


def _swap_into(target: Path, staging: Path, *, replace: bool) -> None:
    """Move the staging directory's entries into ``target``; with ``replace``, first set the
    earlier run's entries aside, and put them back if the move fails."""
    old = _staging(target, "old") if replace else None
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        if old is not None:
            for name in os.listdir(target):
                if target / name not in (staging, old):
                    os.rename(target / name, old / name)
                    moved_out.append(name)
        for name in os.listdir(staging):
            os.rename(staging / name, target / name)
            moved_in.append(name)
        os.rmdir(staging)
    except OSError:
        for name in moved_in:
            with contextlib.suppress(OSError):
                os.rename(target / name, staging / name)
        if old is not None:
            for name in moved_out:
                with contextlib.suppress(OSError):
                    os.rename(old / name, target / name)
            with contextlib.suppress(OSError):
                os.rmdir(old)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_bytes_if_any(path: Path, label: str = "") -> bytes | None:
    """The file's bytes, or None when there is none; any other failure (a directory, no
    permission, an I/O error) is an `OutputError` naming the path."""
    place = f"{label} {shown(path)}" if label else shown(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise OutputError(f"{place}: is a directory") from exc
        raise OutputError(f"{place}: can not be read ({reason(exc)})") from exc
