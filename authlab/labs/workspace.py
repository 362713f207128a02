"""The workspace file: one lab session, saved after every command so it survives a kill.

It holds what rebuilds the session (the lab, platform and seed, the faults made, the key of the
password stand-ins) and the transcript: each entry the server's time, the command as shown
(passwords as asterisks), the command as replayed (passwords as stand-ins), what it printed,
and for hints and checks what they said. The server itself is not stored: the simulator is
deterministic, so replaying the transcript on the same seed rebuilds it exactly.

A file that is not a workspace (not JSON, another program's JSON, a newer format) is an error
that names the file (and the line, for JSON that does not parse), and it is never written over.
Saving writes a new file beside the old and renames it over, so a kill leaves either.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs

FORMAT = "authlab-lab-workspace"
VERSION = 1
DEFAULT_NAME = "authlab-lab.json"


class WorkspaceError(Exception):
    """A workspace file that can not be used; the message names the file and why."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@attrs.define
class Entry:
    kind: str  # "command", "hint", "check", "solution", "reset", "ticket"
    at: str  # the server's local time when it was typed, ISO 8601
    command: str  # as shown: passwords as asterisks
    replay: str = attrs.field(repr=False)  # as replayed: passwords as stand-ins
    output: str = ""
    exit_code: int = 0
    solved: bool | None = None  # for a check
    unsafe: int = 0  # for a check: how many shortcuts it refused

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.define
class Workspace:
    lab: str
    platform: str
    seed: int
    key: str = attrs.field(repr=False)  # hex: the key of the password stand-ins
    entries: list[Entry] = attrs.Factory(list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "lab": self.lab,
            "platform": self.platform,
            "seed": self.seed,
            "key": self.key,
            "entries": [e.to_json() for e in self.entries],
        }


_ENTRY_FIELDS = {
    "kind": str,
    "at": str,
    "command": str,
    "replay": str,
    "output": str,
}


def _entry(path: Path, index: int, raw: object) -> Entry:
    if not isinstance(raw, dict):
        raise WorkspaceError(path, f"entry {index + 1} is not an object")
    values: dict[str, Any] = {}
    for name, kind in _ENTRY_FIELDS.items():
        value = raw.get(name)
        if not isinstance(value, kind):
            raise WorkspaceError(path, f"entry {index + 1} has no text field {name!r}")
        values[name] = value
    solved = raw.get("solved")
    unsafe = raw.get("unsafe", 0)
    exit_code = raw.get("exit_code", 0)
    if not isinstance(exit_code, int) or isinstance(exit_code, bool):
        raise WorkspaceError(path, f"entry {index + 1}: 'exit_code' is not a number")
    if solved is not None and not isinstance(solved, bool):
        raise WorkspaceError(path, f"entry {index + 1}: 'solved' is not true or false")
    if not isinstance(unsafe, int) or isinstance(unsafe, bool) or unsafe < 0:
        raise WorkspaceError(path, f"entry {index + 1}: 'unsafe' is not a count")
    return Entry(solved=solved, unsafe=unsafe, exit_code=exit_code, **values)


def load(path: Path) -> Workspace:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkspaceError(
            path, "there is no workspace here (authlab lab start ID makes one)"
        ) from None
    except OSError as exc:
        raise WorkspaceError(path, f"can not be read ({exc.strerror or exc})") from exc
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise WorkspaceError(path, "is not an authlab lab workspace (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise WorkspaceError(
            path, f"is not an authlab lab workspace (not JSON: {exc.msg})", exc.lineno
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise WorkspaceError(path, "is not an authlab lab workspace (another program's file?)")
    if raw.get("version") != VERSION:
        raise WorkspaceError(
            path,
            f"is a workspace of format version {raw.get('version')!r}; this authlab "
            f"reads version {VERSION}",
        )
    for name, kind in (("lab", str), ("platform", str), ("key", str), ("seed", int)):
        if not isinstance(raw.get(name), kind) or isinstance(raw.get(name), bool):
            raise WorkspaceError(path, f"the workspace has no valid {name!r}")
    entries = raw.get("entries")
    if not isinstance(entries, list):
        raise WorkspaceError(path, "the workspace has no list of entries")
    return Workspace(
        raw["lab"],
        raw["platform"],
        raw["seed"],
        raw["key"],
        [_entry(path, i, e) for i, e in enumerate(entries)],
    )


def save(path: Path, workspace: Workspace) -> None:
    """Write atomically: a new file in the same folder, renamed over the old one."""
    text = json.dumps(workspace.to_json(), indent=1, ensure_ascii=False) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def may_create(path: Path) -> None:
    """Refuse to start a lab over a file that is there: a workspace (resume or reset it) or
    anything else (it is not ours to overwrite)."""
    if not path.exists():
        return
    try:
        found = load(path)
    except WorkspaceError as exc:
        raise WorkspaceError(path, f"{exc.reason}; it is left as it is", exc.line) from None
    raise WorkspaceError(
        path,
        f"already holds the lab {found.lab!r} (authlab lab resume continues it, authlab lab "
        "reset starts it again; --workspace names another file)",
    )
