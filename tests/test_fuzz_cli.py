"""Whole simulated bundles of every platform, mutated, through the real command line.

Each example copies one base bundle (written by the simulator: Windows Server 2003 / IIS 6 and
2016, 2019, 2022 / IIS 10, local, domain and domain-controller accounts, healthy and with a few
faults, one with Security.evtx), mutates it (bytes, lines, encodings, file names, file types,
values), runs `authlab diagnose` in-process for every format and once more with ``--output``
over an existing file, and holds the contract:

- the exit status is 0, 1, 2 or 3, the same in every format, and never a traceback;
- exit 2 prints nothing on standard output and its message names a bundle file (the one a
  mutation made unreadable, where one did);
- no output (any format, standard error, the --output file) shows a password the host holds,
  the password planted in an IIS log's query string, or the bundle's encrypted password values;
- the bundle (and a file a link leads out to) is byte for byte and entry for entry the same;
- each report is well formed: JSON and SARIF parse (SARIF is ASCII), JUnit parses as XML, text
  holds no raw control character, and all four name the same findings;
- with --output: exit 2 leaves the old file as it was, a diagnosis replaces it with the whole
  report (the one standard output shows) and leaves no temporary file;
- each run ends within TIME_LIMIT seconds and allocates at most MEMORY_LIMIT bytes (tracemalloc
  peak: Python allocations; a hang is released and fails instead of blocking).

Tests run as root in CI containers, where chmod 000 does not stop reading: a file without
permissions then is either read (a diagnosis) or refused (exit 2); as any other user it must be
refused (exit 2 naming it).

Profiles: AUTHLAB_FUZZ unset (or ci) is the CI profile (a fixed number of examples per family,
derandomized); AUTHLAB_FUZZ=long draws many more, at random. AUTHLAB_FUZZ_EXAMPLES overrides
the number per family. The cases checked per invariant are printed at the end of the session,
and written as JSON to the file AUTHLAB_FUZZ_COUNTS names, when set (`tox -e fuzz`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from defusedxml import ElementTree as SafeET
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from checks.bundle_files import accepted
from checks.catalogue import CHECKS
from tests.support.fuzz_cli import (
    BASES,
    PLANTED,
    Base,
    Run,
    build_base,
    invoke,
    remove,
    snapshot,
)
from tests.support.fuzzing import edited

FORMATS = ("text", "json", "junit", "sarif")
VERDICT = {0: "healthy", 1: "faulty", 3: "inconclusive"}
TIME_LIMIT = 20.0  # seconds per run: loose on purpose, a hang or a blow-up, not a benchmark
MEMORY_LIMIT = 300 * 1024 * 1024
SENTINEL = "authlab-fuzz sentinel: the report that was here before\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LONG = os.environ.get("AUTHLAB_FUZZ") == "long"

settings.register_profile(
    "authlab-fuzz-ci",
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "authlab-fuzz-long",
    max_examples=1000,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_PROFILE = settings.get_profile("authlab-fuzz-long" if LONG else "authlab-fuzz-ci")
if os.environ.get("AUTHLAB_FUZZ_EXAMPLES"):
    _PROFILE = settings(_PROFILE, max_examples=int(os.environ["AUTHLAB_FUZZ_EXAMPLES"]))

#: Cases checked, per invariant, over the session.
COUNTS: Counter[str] = Counter()


def check(invariant: str, holds: bool, message: object = "") -> None:
    COUNTS[invariant] += 1
    assert holds, f"{invariant}: {message}"


class _Summary:
    """Prints the counts at the end of the session (and writes them where asked)."""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not COUNTS:
            return
        terminalreporter.section("authlab CLI fuzz: cases per invariant")
        for invariant, count in sorted(COUNTS.items()):
            terminalreporter.write_line(f"{count:8d}  {invariant}")
        target = os.environ.get("AUTHLAB_FUZZ_COUNTS")
        if target:
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(dict(sorted(COUNTS.items())), indent=2) + "\n")


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest) -> None:
    manager = request.config.pluginmanager
    if not manager.has_plugin("authlab-fuzz-cli-summary"):
        manager.register(_Summary(), "authlab-fuzz-cli-summary")


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Base]:
    """Every base bundle, written once per module."""
    root = tmp_path_factory.mktemp("fuzz-cli-bases")
    return {b.name: build_base(b, root / b.name) for b in BASES}


# --- the file set of a bundle being mutated ------------------------------------------------------


def _files(bundle: Path) -> list[str]:
    """The regular files (not through links) a mutation may touch, by relative posix name."""
    found: list[str] = []
    for folder, dirs, names in os.walk(bundle):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path.relative_to(bundle).as_posix())
    return found


def _bundle_files(bundle: Path) -> list[str]:
    return [f for f in _files(bundle) if accepted(f)]


def _text_files(bundle: Path) -> list[str]:
    return [f for f in _bundle_files(bundle) if not f.lower().endswith(".evtx")]


def _decode(data: bytes) -> tuple[str, str]:
    """(codec, text), faithful both ways: UTF-16LE with BOM, else UTF-8 with escapes."""
    if data.startswith(b"\xff\xfe") and len(data) % 2 == 0:
        try:
            return "utf-16-le", data.decode("utf-16-le", "surrogatepass")
        except UnicodeDecodeError:
            pass
    return "utf-8", data.decode("utf-8", "surrogateescape")


def _encode(text: str, codec: str) -> bytes:
    for errors in ("surrogateescape", "surrogatepass", "replace"):
        try:
            return text.encode(codec, errors)
        except UnicodeError:
            continue
    raise AssertionError("unreachable")


def _edit_text(path: Path, change: Callable[[str], str]) -> None:
    codec, text = _decode(path.read_bytes())
    path.write_bytes(_encode(change(text), codec))


# --- mutations -----------------------------------------------------------------------------------


@attrs.define
class Example:
    """One mutated bundle and what the mutations demand of the run."""

    root: Path
    bundle: Path
    outside: Path
    out: Path
    base: Base
    done: list[str] = attrs.field(factory=list)
    #: Files a mutation made unreadable: exit 2 must follow and name one of them.
    refused: list[str] = attrs.field(factory=list)
    #: Refused where permissions count (not as root): exit 2 naming one, or a diagnosis.
    maybe_refused: list[str] = attrs.field(factory=list)


Draw = Callable[[st.SearchStrategy[Any]], Any]


def _pick(draw: Draw, names: list[str]) -> str | None:
    return draw(st.sampled_from(names)) if names else None


def m_bytes(draw: Draw, ex: Example) -> None:
    name = _pick(draw, _bundle_files(ex.bundle))
    if name is None:
        return
    path = ex.bundle / name
    data = bytearray(path.read_bytes())
    op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "edits"]))
    at = draw(st.integers(0, max(len(data), 0)))
    if op == "flip" and data:
        at = min(at, len(data) - 1)
        data[at] ^= 1 << draw(st.integers(0, 7))
    elif op == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=16))
    elif op == "delete":
        del data[at : at + draw(st.integers(1, 64))]
    elif op == "truncate":
        del data[at:]
    elif op == "edits":
        data = bytearray(edited(draw, bytes(data)))
    path.write_bytes(bytes(data))
    ex.done.append(f"bytes {op} at {at} of {name}")


#: Sizes of a huge line, lines repeated, and a file filled up to near its reader's cap. The CI
#: profile keeps them small enough for its time budget; the long one goes to the caps.
HUGE = (70_000, 1_100_000, 2_500_000) if LONG else (70_000, 1_100_000)
REPEAT = (100, 5_000, 40_000) if LONG else (100, 2_000)
FILL = (1_048_576 - 4096, 4 * 1_048_576 - 4096, 16 * 1_048_576 - 4096) if LONG else ()


def m_lines(draw: Draw, ex: Example) -> None:
    name = _pick(draw, _text_files(ex.bundle))
    if name is None:
        return
    ops = ["drop", "duplicate", "swap", "huge", "repeat", *(["fill"] if FILL else [])]
    op = draw(st.sampled_from(ops))
    i = draw(st.integers(0, 10_000))
    j = draw(st.integers(0, 10_000))
    size = draw(st.sampled_from(HUGE))
    char = draw(st.sampled_from(["A", "é", " ", ",", "<", "\t", "9"]))
    times = draw(st.sampled_from(REPEAT))
    fill = draw(st.sampled_from(FILL)) if op == "fill" else 0

    def change(text: str) -> str:
        lines = text.splitlines(keepends=True) or [""]
        a, b = i % len(lines), j % len(lines)
        if op == "drop":
            del lines[a]
        elif op == "duplicate":
            lines.insert(a, lines[a])
        elif op == "swap":
            lines[a], lines[b] = lines[b], lines[a]
        elif op == "huge":
            lines.insert(a, char * size + "\r\n")
        elif op == "repeat":
            lines[a:a] = [lines[a]] * times
        else:  # fill: the line repeated until the file is about ``fill`` bytes
            lines[a:a] = [lines[a]] * (fill // max(len(lines[a].encode()), 1))
        return "".join(lines)

    _edit_text(ex.bundle / name, change)
    shown = {"huge": f"{size} x {char!r}", "repeat": f"x{times}", "fill": f"to {fill} bytes"}
    ex.done.append(f"lines {op} at {i} {shown.get(op, '')} of {name}")


ENCODINGS = (
    "utf-16-le+bom",
    "utf-16-le",
    "utf-16-be+bom",
    "utf-8+bom",
    "cp1252",
    "cp437",
    "invalid-utf-8",
)
INVALID_UTF8 = (b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82")


def m_encoding(draw: Draw, ex: Example) -> None:
    name = _pick(draw, _text_files(ex.bundle))
    if name is None:
        return
    path = ex.bundle / name
    _, text = _decode(path.read_bytes())
    text = text.removeprefix("\ufeff")
    target = draw(st.sampled_from(ENCODINGS))
    if target == "utf-16-le+bom":
        data = _encode("\ufeff" + text, "utf-16-le")
    elif target == "utf-16-le":
        data = _encode(text, "utf-16-le")
    elif target == "utf-16-be+bom":
        data = _encode("\ufeff" + text, "utf-16-be")
    elif target == "utf-8+bom":
        data = _encode("\ufeff" + text, "utf-8")
    elif target in ("cp1252", "cp437"):
        data = text.encode(target, "replace")
    else:
        data = bytearray(_encode(text, "utf-8"))
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.sampled_from(INVALID_UTF8))
        data = bytes(data)
    path.write_bytes(data)
    ex.done.append(f"encoding {target} of {name}")


def _swapcase(name: str) -> str:
    head, _, tail = name.rpartition("/")
    return f"{head}/{tail.swapcase()}" if head else tail.swapcase()


#: Names that are not UTF-8, or that carry control characters and escape sequences.
ODD = (b"\xff", b"\xfe\xfe", b"\xc3(", b"\x1b[2J", b"\x07", b"\xe2\x80\xae", b"\x85")


def m_names(draw: Draw, ex: Example) -> None:
    """Renames that leave a readable bundle (a different one): case changes, names the bundle
    does not know, names that are not UTF-8, logs moved into nested folders."""
    files = _bundle_files(ex.bundle)
    name = _pick(draw, files)
    if name is None:
        return
    op = draw(
        st.sampled_from(
            ["case", "away", "odd-log", "odd-name", "odd-extra", "nested", "site-folder"]
        )
    )
    path = ex.bundle / name
    odd = draw(st.sampled_from(ODD))
    if op == "case":
        new = _swapcase(name)
        if new.lower() != name.lower() or (ex.bundle / new).exists():
            return
        path.rename(ex.bundle / new)
    elif op == "away":
        new = name + draw(st.sampled_from([".bak", "~", " (1)", ".txt"]))
        path.rename(ex.bundle / new)
    elif op == "odd-log":
        logs = [f for f in files if "/" in f]
        if not logs:
            return
        name = draw(st.sampled_from(logs))
        folder = name.partition("/")[0]
        new_bytes = os.fsencode(ex.bundle / folder) + b"/u_ex26" + odd + b".log"
        os.rename(os.fsencode(ex.bundle / name), new_bytes)
        new = os.fsdecode(new_bytes)
    elif op == "odd-name":
        # net-user-<odd>.txt and the like still match the contract's patterns.
        stem, dot, extension = name.rpartition(".")
        new_bytes = os.fsencode(ex.bundle / stem) + odd + os.fsencode(dot + extension)
        os.rename(os.fsencode(path), new_bytes)
        new = os.fsdecode(new_bytes)
    elif op == "odd-extra":
        new_bytes = os.fsencode(ex.bundle) + b"/net-user-" + odd + b".txt"
        if not os.path.lexists(new_bytes):
            with open(new_bytes, "wb") as handle:
                handle.write(path.read_bytes())
        new = os.fsdecode(new_bytes)
    elif op == "nested":
        inner = draw(st.sampled_from(["W3SVC1/W3SVC2", "W3SVC1/old", "W3SVC7/W3SVC1", "logs"]))
        (ex.bundle / inner).mkdir(parents=True, exist_ok=True)
        new = f"{inner}/{path.name}"
        if draw(st.booleans()):
            shutil.copyfile(path, ex.bundle / new)
        else:
            path.rename(ex.bundle / new)
    else:
        folders = [p for p in ex.bundle.iterdir() if p.is_dir() and p.name.upper() == "W3SVC1"]
        if not folders:
            return
        name = folders[0].name
        new = draw(st.sampled_from(["W3SVC2", "W3SVC01", "w3svc18446744073709551617", "W3SVC"]))
        if (ex.bundle / new).exists():
            return
        folders[0].rename(ex.bundle / new)
    ex.done.append(f"names {op}: {name!r} -> {new!r}")


def m_clash(draw: Draw, ex: Example) -> None:
    """A copy under a name that differs only in case: exit 2 naming the pair."""
    files = [f for f in _bundle_files(ex.bundle) if f.split("/")[-1].swapcase() != f]
    name = _pick(draw, files)
    if name is None:
        return
    if "/" in name and draw(st.booleans()):
        folder = name.split("/")[0]
        twin = folder.swapcase()
        if (ex.bundle / twin).exists():
            return
        shutil.copytree(ex.bundle / folder, ex.bundle / twin, symlinks=True)
        ex.done.append(f"clash: folder {folder} and {twin}")
        ex.refused.append(name.split("/")[-1])
        return
    twin = _swapcase(name)
    shutil.copyfile(ex.bundle / name, ex.bundle / twin)
    ex.done.append(f"clash: {name} and {twin}")
    ex.refused.append(name.split("/")[-1])


TYPES = (
    "directory",
    "fifo",
    "link-out",
    "link-out-relative",
    "link-loop",
    "self-link",
    "dangling",
    "chmod-000",
    "link-inside",
    "folder-link-out",
    "folder-fifo",
    "folder-file",
    "folder-chmod-000",
    "stray-fifo",
)


def m_types(draw: Draw, ex: Example) -> None:
    """A bundle file, or the log folder, replaced by something that is not a readable file."""
    op = draw(st.sampled_from(TYPES))
    if op.startswith("folder-"):
        _folder_type(ex, op)
        return
    if op == "stray-fifo":
        where = draw(st.sampled_from(["notes.txt", "logs/Security.xml", "W3SVC1/old/u_ex.log"]))
        (ex.bundle / where).parent.mkdir(parents=True, exist_ok=True)
        if not (ex.bundle / where).exists():
            os.mkfifo(ex.bundle / where)
        ex.done.append(f"types: a FIFO at {where}, outside the contract's names")
        return
    name = _pick(draw, _bundle_files(ex.bundle))
    if name is None:
        return
    path = ex.bundle / name
    base = path.name
    ex.done.append(f"types {op}: {name}")
    if op != "link-inside":  # a link that stays inside the bundle is followed
        (ex.maybe_refused if op == "chmod-000" and IS_ROOT else ex.refused).append(base)
    if op == "directory":
        path.unlink()
        path.mkdir()
        (path / "inside.txt").write_bytes(b"a file in a folder under a bundle file's name\n")
    elif op == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif op in ("link-out", "link-out-relative"):
        # What the link leads to holds the file and a password: it must never be read.
        secret = ex.outside / base
        secret.write_bytes(path.read_bytes() + f"\r\npassword={PLANTED}\r\n".encode())
        path.unlink()
        target = secret if op == "link-out" else Path(os.path.relpath(secret, path.parent))
        path.symlink_to(target)
    elif op == "link-loop":
        path.unlink()
        path.symlink_to(f"{base}.loop")
        (path.parent / f"{base}.loop").symlink_to(base)
    elif op == "self-link":
        path.unlink()
        path.symlink_to(base)
    elif op == "dangling":
        path.unlink()
        path.symlink_to(f"gone-{base}")
    elif op == "chmod-000":
        path.chmod(0)
    else:
        store = ex.bundle / ".store"
        store.mkdir(exist_ok=True)
        shutil.move(path, store / base)
        path.symlink_to(Path(os.path.relpath(store / base, path.parent)))


def _folder_type(ex: Example, op: str) -> None:
    folders = [p for p in ex.bundle.iterdir() if p.is_dir() and p.name.upper() == "W3SVC1"]
    if not folders or os.path.islink(folders[0]):
        return
    folder = folders[0]
    ex.done.append(f"types {op}: {folder.name}")
    if op == "folder-link-out":
        shutil.move(folder, ex.outside / folder.name)
        folder.symlink_to(ex.outside / folder.name)
        ex.refused.append(folder.name)
    elif op == "folder-fifo":  # not a folder, and W3SVC1 alone is no bundle file: not read
        shutil.rmtree(folder)
        os.mkfifo(folder)
    elif op == "folder-file":
        shutil.rmtree(folder)
        folder.write_bytes(b"not a folder\r\n")
    else:
        folder.chmod(0)
        (ex.maybe_refused if IS_ROOT else ex.refused).append(folder.name)


#: Values at the ends of what their fields hold.
EXTREME_TIMES = (
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59.999999-14:00",
    "2026-11-24T09:30:00+24:00",
    "",
)
EXTREME_NUMBERS = (
    "18446744073709551616",
    "340282366920938463463374607431768211457",
    "-9223372036854775809",
    "-9223372036854775808",
    "-9223372036854775807",
    "9223372036854775807",
    "-1",
    "-0",
    "",
    "0",
    "9" * 5000,
    "1e400",
    "１２",
)
EXTREME_JSON = (
    *EXTREME_NUMBERS[:5],
    '""',
    "null",
    "[]",
    "{}",
    "9" * 5000,
    "1e400",
    "-1e400",
    '"9999-12-31T23:59:59-14:00"',
    '"\\ud800"',
)
EXTREME_DATES = ("0001-01-01", "9999-12-31", "1/1/0001", "12/31/9999", "0000-00-00", "2/30/2026")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")
_NUMBER = re.compile(r"-?\b\d+\b")
_VALUE = re.compile(r'(="[^"\r\n]*")|(= ?[^\r\n"]+)|(: [^\r\n]+)')


def _replace_nth(pattern: re.Pattern[str], text: str, n: int, new: Callable[[str], str]) -> str:
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    m = matches[n % len(matches)]
    return text[: m.start()] + new(m.group()) + text[m.end() :]


def m_values(draw: Draw, ex: Example) -> None:
    op = draw(st.sampled_from(["collected_at", "json-key", "number", "date", "empty"]))
    n = draw(st.integers(0, 5_000))
    if op in ("collected_at", "json-key"):
        jsons = [f for f in _bundle_files(ex.bundle) if f.lower().endswith(".json")]
        name = _pick(draw, jsons)
        if name is None:
            return
        path = ex.bundle / name
        codec, text = _decode(path.read_bytes())
        if op == "collected_at":
            value = json.dumps(draw(st.sampled_from(EXTREME_TIMES)))
            key = "collected_at"
        else:
            value = draw(st.sampled_from(EXTREME_JSON))
            keys = re.findall(r'"([a-z_]+)":', text)
            if not keys:
                return
            key = keys[n % len(keys)]
        pattern = re.compile(rf'"{key}": [^,\r\n}}]*')
        if pattern.search(text):
            text = pattern.sub(lambda _: f'"{key}": {value}', text, count=1)
        else:
            text = text.replace("{", f'{{"{key}": {value}, ', 1)
        path.write_bytes(_encode(text, codec))
        ex.done.append(f"values {key} = {value[:40]} in {name}")
        return
    name = _pick(draw, _text_files(ex.bundle))
    if name is None:
        return
    if op == "number":
        value = draw(st.sampled_from(EXTREME_NUMBERS))
        _edit_text(ex.bundle / name, lambda t: _replace_nth(_NUMBER, t, n, lambda _: value))
    elif op == "date":
        value = draw(st.sampled_from(EXTREME_DATES))
        _edit_text(ex.bundle / name, lambda t: _replace_nth(_DATE, t, n, lambda _: value))
    else:
        value = ""

        def empty(match: str) -> str:
            return '=""' if match.startswith('="') else match[0]

        _edit_text(ex.bundle / name, lambda t: _replace_nth(_VALUE, t, n, empty))
    ex.done.append(f"values {op} #{n} = {value[:40]!r} in {name}")


CONTENT: dict[str, Callable[[Draw, Example], None]] = {
    "bytes": m_bytes,
    "lines": m_lines,
    "encodings": m_encoding,
    "names": m_names,
    "values": m_values,
}
FINAL: dict[str, Callable[[Draw, Example], None]] = {"clash": m_clash, "types": m_types}
FAMILIES = ("bytes", "lines", "encodings", "names", "types", "values", "mixed")


def mutate(draw: Draw, ex: Example, family: str) -> None:
    if family in CONTENT:
        for _ in range(draw(st.integers(1, 3))):
            CONTENT[family](draw, ex)
    elif family == "types":
        if draw(st.booleans()):
            m_bytes(draw, ex)
        m_types(draw, ex)
        if draw(st.integers(0, 3)) == 0:
            m_clash(draw, ex)
    else:
        for _ in range(draw(st.integers(1, 3))):
            CONTENT[draw(st.sampled_from(sorted(CONTENT)))](draw, ex)
        final = draw(st.sampled_from([None, "clash", "types"]))
        if final is not None:
            FINAL[final](draw, ex)


# --- the invariants ------------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SQUASH = re.compile(r"[\s│─╭╮╰╯]+")
#: A time of day as reports print it (rich may wrap a line between date and time).
_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}")


def _needles(base: Base) -> list[tuple[str, str]]:
    found = [("password", s) for s in sorted(base.secrets)]
    for value in sorted(base.encrypted):
        found.append(("encrypted password", value))
        core = value.split(":")[2] if value.startswith("[enc:") else value[8:]
        found.append(("encrypted password", core[:24]))
    return found


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _no_leak(ex: Example, where: str, text: str, document: object = None) -> None:
    squashed = _SQUASH.sub("", text)
    decoded = "".join(_strings(document)) if document is not None else ""
    for kind in ("password", "encrypted password"):
        shown = [
            needle
            for k, needle in _needles(ex.base)
            if k == kind
            and (needle in text or _SQUASH.sub("", needle) in squashed or needle in decoded)
        ]
        check(f"no {kind} in any output", not shown, f"{shown} in {where}")


def _spellings(text: str) -> set[str]:
    """A name as an error message may spell it: as it is, or with "?" or "\\xNN" for what is
    not UTF-8 (lone surrogates) or not printable."""
    names = {text, text.encode("utf-8", "replace").decode("utf-8"), _CONTROL.sub("?", text)}
    names.add(_CONTROL.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", text))
    return names


def _names_for_messages(bundle: Path) -> set[str]:
    """Each entry's name, in every spelling a message may give it."""
    names: set[str] = set()
    for _, dirs, files in os.walk(os.fsencode(bundle)):
        for raw in [*dirs, *files]:
            names |= _spellings(os.fsdecode(raw)) | {raw.decode("utf-8", "replace")}
    return {n for n in names if n}


def _report(fmt: str, code: int, text: str) -> tuple[list[str], object]:
    """Checks one report of a diagnosis; its error finding ids and its parsed document."""
    if fmt == "json":
        doc = json.loads(text)
        check("json: the contract's shape", doc["schema"] == "authlab.diagnosis/1", doc)
        check("json: verdict is the exit status", doc["verdict"] == VERDICT[code], doc)
        ids = [f["id"] for f in doc["findings"] if f["severity"] != "info"]
        return sorted(ids), doc
    if fmt == "sarif":
        check("sarif: ASCII only", text.isascii())
        doc = json.loads(text)
        run = doc["runs"][0]
        check("sarif: version 2.1.0", doc["version"] == "2.1.0")
        check("sarif: verdict is the exit status", run["properties"]["verdict"] == VERDICT[code])
        ids = [r["ruleId"] for r in run["results"] if r["level"] != "note"]
        return sorted(ids), doc
    if fmt == "junit":
        root = SafeET.fromstring(text.encode("utf-8"))
        check("junit: well-formed XML", root.tag == "testsuites")
        suite = root.find("testsuite")
        assert suite is not None
        check("junit: one case per check", suite.get("tests") == str(len(CHECKS)))
        failing = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
        failures = int(suite.get("failures", "-1"))
        check("junit: failures counted", failures == len(failing))
        consistent = (code != 1 or failures > 0) and not (code == 0 and failures > 0)
        check("junit: exit 1 has a failure, exit 0 none", consistent, failures)
        return sorted(str(f) for f in failing), None
    check("text: no raw control characters", _CONTROL.search(text) is None, repr(text[:300]))
    first = text.split("\n", 1)[0]
    check("text: first line says the verdict", VERDICT[code].upper() in first, first)
    return [], None


def hold(ex: Example, output_format: str, sentinel_exists: bool) -> None:
    bundle_before = snapshot(ex.bundle)
    outside_before = snapshot(ex.outside)
    names = _names_for_messages(ex.bundle)
    runs: dict[str, Run] = {}
    for fmt in FORMATS:
        args = ["diagnose", "--bundle", str(ex.bundle), "--format", fmt]
        runs[fmt] = invoke(args, timeout=TIME_LIMIT, unblock=ex.root)
    target = ex.out / f"report.{output_format}"
    if sentinel_exists:
        target.write_text(SENTINEL)
    args = ["diagnose", "--bundle", str(ex.bundle), "--format", output_format]
    written = invoke([*args, "--output", str(target)], timeout=TIME_LIMIT, unblock=ex.root)
    all_runs = [*runs.values(), written]

    for run in all_runs:
        if currently_in_test_context():
            note(f"{' '.join(run.args[3:])}: exit {run.code}; stderr {run.stderr[:500]!r}")
        exc = run.result.exception
        check("no traceback", exc is None or isinstance(exc, SystemExit), repr(exc))
        if exc is not None and not isinstance(exc, SystemExit):
            raise exc
        check("no traceback", "Traceback" not in run.result.output, run.result.output[-2000:])
        check("exit status is 0, 1, 2 or 3", run.code in (0, 1, 2, 3), run.code)
        check(f"each run within {TIME_LIMIT:.0f} s", run.seconds < TIME_LIMIT, run.seconds)
        check("each run within 300 MB", run.peak_growth < MEMORY_LIMIT, run.peak_growth)
        check(
            "messages show control characters as escapes",
            _CONTROL.search(run.stderr) is None,
            repr(run.stderr[:300]),
        )
        _no_leak(ex, f"{run.args[3:]} stderr", run.stderr)
    codes = {run.code for run in all_runs}
    check("the same exit status in every format and with --output", len(codes) == 1, codes)
    code = written.code

    if code == 2:
        for run in all_runs:
            message = run.stderr
            check("exit 2: nothing on standard output", run.stdout == "", run.stdout[:300])
            check(
                "exit 2: the message names a bundle file",
                message.startswith("authlab diagnose: ") and any(n in message for n in names),
                message,
            )
        if ex.refused:
            check(
                "exit 2 names the file a mutation made unreadable",
                any(n in written.stderr for name in ex.refused for n in _spellings(name)),
                (ex.refused, written.stderr),
            )
        if sentinel_exists:
            check("--output: exit 2 keeps the old file", target.read_text() == SENTINEL)
        else:
            check("--output: exit 2 writes no file", not target.exists())
    else:
        check(
            "a mutation that makes a file unreadable is exit 2",
            not ex.refused,
            (ex.refused, code),
        )
        ids: set[tuple[str, ...]] = set()
        docs: dict[str, object] = {}
        for fmt, run in runs.items():
            found, docs[fmt] = _report(fmt, code, run.stdout)
            if fmt != "text":
                ids.add(tuple(found))
        check("json, sarif and junit name the same errors", len(ids) == 1, ids)
        for fmt, run in runs.items():
            _no_leak(ex, f"{fmt} report", run.stdout, docs[fmt])
        check("--output: nothing on standard output", written.stdout == "", written.stdout[:300])
        report = target.read_text(encoding="utf-8")
        expected = runs[output_format].stdout
        if "tool's clock" in _SQUASH.sub(" ", expected):  # judged at each run's own time
            report, expected = _CLOCK.sub("", report), _CLOCK.sub("", expected)
        check("--output: the whole report replaces the old file", report == expected)
    leftovers = sorted(p.name for p in ex.out.iterdir())
    wanted = [target.name] if (sentinel_exists or code != 2) else []
    check("--output: no temporary file left", leftovers == wanted, leftovers)
    check("the bundle is unchanged", snapshot(ex.bundle) == bundle_before)
    check("what a link leads out to is unchanged", snapshot(ex.outside) == outside_before)


def _run_example(bases: dict[str, Base], root: Path, family: str, data: st.DataObject) -> None:
    base = bases[data.draw(st.sampled_from(sorted(bases)), label="base")]
    ex = Example(root, root / "bundle", root / "outside", root / "out", base)
    shutil.copytree(base.path, ex.bundle)
    ex.outside.mkdir()
    ex.out.mkdir()
    try:
        mutate(data.draw, ex, family)
        note(f"mutations: {ex.done}")
        output_format = data.draw(st.sampled_from(FORMATS), label="--format with --output")
        hold(ex, output_format, data.draw(st.booleans(), label="output file exists"))
    finally:
        remove(root)


@pytest.mark.parametrize("family", FAMILIES)
@_PROFILE
@given(data=st.data())
def test_mutated_simulated_bundles_hold_the_contract(
    bases: dict[str, Base],
    tmp_path_factory: pytest.TempPathFactory,
    family: str,
    data: st.DataObject,
) -> None:
    _run_example(bases, tmp_path_factory.mktemp("fuzz-cli"), family, data)


# --- what each base bundle is, and what each file type gives, with literal expectations ---------

BASE_DIAGNOSES = {
    "ws2003-local": (0, []),
    "ws2003-domain-locked": (1, ["account-locked-out"]),
    "ws2003-dc-mismatch": (1, ["password-mismatch"]),
    "ws2016-local-disabled": (1, ["account-disabled"]),
    "ws2019-domain-evtx": (0, []),
    "ws2019-local-denied": (1, ["logon-right-denied"]),
    "ws2022-domain-hours": (1, ["logon-hours"]),
    "ws2022-local": (0, []),
}


@pytest.mark.parametrize("name", sorted(BASE_DIAGNOSES))
def test_each_base_bundle_is_its_diagnosis_and_holds_the_contract(
    bases: dict[str, Base], tmp_path: Path, name: str
) -> None:
    base = bases[name]
    ex = Example(tmp_path, tmp_path / "bundle", tmp_path / "outside", tmp_path / "out", base)
    shutil.copytree(base.path, ex.bundle)
    ex.outside.mkdir()
    ex.out.mkdir()
    run = invoke(
        ["diagnose", "--bundle", str(ex.bundle), "--format", "json"],
        timeout=TIME_LIMIT,
        unblock=tmp_path,
    )
    doc = json.loads(run.stdout)
    assert (run.code, [f["id"] for f in doc["findings"]]) == BASE_DIAGNOSES[name]
    assert doc["missing"] == []
    hold(ex, "json", sentinel_exists=True)


def _example(bases: dict[str, Base], root: Path, name: str = "ws2022-local") -> Example:
    base = bases[name]
    ex = Example(root, root / "bundle", root / "outside", root / "out", base)
    shutil.copytree(base.path, ex.bundle)
    ex.outside.mkdir()
    ex.out.mkdir()
    return ex


def _diagnose_json(ex: Example) -> Run:
    args = ["diagnose", "--bundle", str(ex.bundle), "--format", "json"]
    return invoke(args, timeout=TIME_LIMIT, unblock=ex.root)


def _make_directory(path: Path, ex: Example) -> None:
    path.unlink()
    path.mkdir()


def _make_fifo(path: Path, ex: Example) -> None:
    path.unlink()
    os.mkfifo(path)


def _make_link_out(path: Path, ex: Example) -> None:
    (ex.outside / path.name).write_bytes(path.read_bytes() + f"password={PLANTED}\r\n".encode())
    path.unlink()
    path.symlink_to(ex.outside / path.name)


def _make_loop(path: Path, ex: Example) -> None:
    path.unlink()
    path.symlink_to(f"{path.name}.loop")
    (path.parent / f"{path.name}.loop").symlink_to(path.name)


def _make_dangling(path: Path, ex: Example) -> None:
    path.unlink()
    path.symlink_to("gone")


def _make_clash(path: Path, ex: Example) -> None:
    shutil.copyfile(path, path.parent / path.name.upper())


FILE_TYPES = {
    "directory": (_make_directory, "secedit.inf: is a directory, not the file the bundle's name"),
    "fifo": (_make_fifo, "secedit.inf: is not a regular file, not the file the bundle's name"),
    "link-out": (_make_link_out, "secedit.inf: is a link that leads out of the bundle (to "),
    "loop": (_make_loop, "secedit.inf: can not be resolved (Symlink loop from "),
    "dangling": (_make_dangling, "secedit.inf: can not be resolved ([Errno 2] No such file"),
    "case-clash": (_make_clash, "secedit.inf: and SECEDIT.INF differ only in case; keep one"),
}


@pytest.mark.parametrize("kind", sorted(FILE_TYPES))
def test_a_bundle_file_that_is_not_a_readable_file_is_exit_2_naming_it(
    bases: dict[str, Base], tmp_path: Path, kind: str
) -> None:
    ex = _example(bases, tmp_path)
    make, message = FILE_TYPES[kind]
    make(ex.bundle / "secedit.inf", ex)
    run = _diagnose_json(ex)
    assert run.code == 2
    assert run.stderr.startswith(f"authlab diagnose: {ex.bundle}/")
    assert message in run.stderr
    ex.refused.append("secedit.inf")
    hold(ex, "sarif", sentinel_exists=True)


def test_a_bundle_file_without_permissions_is_refused_unless_root_can_read_it(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    """As root (CI containers) chmod 000 does not stop reading: the file is read and the
    bundle is what it was (healthy). As anyone else it is exit 2 naming it."""
    ex = _example(bases, tmp_path)
    (ex.bundle / "secedit.inf").chmod(0)
    run = _diagnose_json(ex)
    if IS_ROOT:
        assert (run.code, run.stderr) == (0, "")
        ex.maybe_refused.append("secedit.inf")
    else:
        assert run.code == 2
        assert "secedit.inf: can not be read (permission denied)" in run.stderr
        ex.refused.append("secedit.inf")
    try:
        hold(ex, "junit", sentinel_exists=True)
    finally:
        remove(tmp_path / "bundle")


def test_a_fifo_outside_the_contracts_names_is_never_opened(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    ex = _example(bases, tmp_path)
    os.mkfifo(ex.bundle / "notes.txt")
    (ex.bundle / "W3SVC1" / "old").mkdir()
    os.mkfifo(ex.bundle / "W3SVC1" / "old" / "u_ex261123.log")
    run = _diagnose_json(ex)
    assert (run.code, run.stderr) == (0, "")
    hold(ex, "text", sentinel_exists=True)


# --- regressions: fixed here ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collected_at", "timestamp"),
    [
        ("0001-01-01T00:00:00+14:00", None),  # 0000-12-31T10:00:00 UTC: before year 1
        ("9999-12-31T23:59:59-14:00", None),  # 10000-01-01T13:59:59 UTC: after year 9999
        ("0001-01-01T14:00:00+14:00", "0001-01-01T00:00:00"),
        ("9999-12-31T09:59:59-14:00", "9999-12-31T23:59:59"),
    ],
)
def test_junit_at_the_ends_of_the_calendar_is_a_report_not_a_traceback(
    bases: dict[str, Base], tmp_path: Path, collected_at: str, timestamp: str | None
) -> None:
    """Found by this fuzzer: host.json's collected_at in year 1 at +14:00 made render_junit
    raise OverflowError (converting to UTC left the calendar); the timestamp is now left out."""
    ex = _example(bases, tmp_path, "ws2003-dc-mismatch")
    host = json.loads((ex.bundle / "host.json").read_text())
    host["collected_at"] = collected_at
    (ex.bundle / "host.json").write_text(json.dumps(host))
    args = ["diagnose", "--bundle", str(ex.bundle), "--format", "junit"]
    run = invoke(args, timeout=TIME_LIMIT, unblock=tmp_path)
    assert (run.code, run.result.exception.__class__) == (1, SystemExit)
    suite = SafeET.fromstring(run.stdout.encode("utf-8")).find("testsuite")
    assert suite is not None
    assert (suite.get("hostname"), suite.get("failures"), suite.get("timestamp")) == (
        "DC05",
        "1",
        timestamp,
    )
    hold(ex, "junit", sentinel_exists=True)


def test_render_junit_leaves_out_a_timestamp_the_calendar_can_not_hold() -> None:
    from datetime import datetime, timedelta, timezone

    from authlab.report import render_junit
    from checks.findings import Diagnosis

    east, west = timezone(timedelta(hours=14)), timezone(timedelta(hours=-14))
    for moment, stamp in [
        (datetime(1, 1, 1, 0, 0, tzinfo=east), None),
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=west), None),
        (datetime(1, 1, 1, 14, 0, tzinfo=east), "0001-01-01T00:00:00"),
    ]:
        xml = render_junit(Diagnosis("WEB01", "/", (), (), collected_at=moment))
        suite = SafeET.fromstring(xml.encode("utf-8")).find("testsuite")
        assert suite is not None
        assert (suite.get("hostname"), suite.get("timestamp")) == ("WEB01", stamp)


# --- regressions: found by this fuzzer, fixed by their owners (F2-F7) --------------------------


def test_a_query_string_under_a_misspelled_field_name_is_still_withheld(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    """F2, found by this fuzzer (one flipped bit: cs-uri-query -> bs-uri-query quoted the
    planted password in the evidence), fixed in f54c184: samples show known fields only."""
    ex = _example(bases, tmp_path, "ws2003-dc-mismatch")
    log = ex.bundle / "W3SVC1" / "ex261124.log"
    log.write_bytes(log.read_bytes().replace(b" cs-uri-query ", b" bs-uri-query ", 1))
    args = ["diagnose", "--bundle", str(ex.bundle), "--format", "text"]
    run = invoke(args, timeout=TIME_LIMIT, unblock=tmp_path)
    assert run.code == 1
    assert "password-mismatch" in run.stdout
    assert PLANTED not in run.stdout


@pytest.mark.parametrize("collected_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_logon_hours_at_the_ends_of_the_calendar_are_a_diagnosis(
    bases: dict[str, Base], tmp_path: Path, collected_at: str
) -> None:
    """F4, found by this fuzzer (week_position's astimezone(UTC) overflowed; the CLI's net made
    it exit 2 naming no file), fixed in f54c184."""
    ex = _example(bases, tmp_path, "ws2022-domain-hours")
    host = json.loads((ex.bundle / "host.json").read_text())
    host["collected_at"] = collected_at
    (ex.bundle / "host.json").write_text(json.dumps(host))
    run = _diagnose_json(ex)
    assert (run.code, run.stderr) == (1, "")
    assert [f["id"] for f in json.loads(run.stdout)["findings"]] == ["logon-hours"]


# F3 (found by this fuzzer, fixed in a1f06d5): checks/readers/icacls.py parse_icacls is quadratic
# in the paths listed (_next_indent slices lines[index + 1:] for every path line): a 4 MiB
# icacls.txt of one-entry listings takes over a minute, past the 20 s bound
def test_an_icacls_listing_at_its_size_cap_is_read_within_the_time_bound(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    import subprocess
    import sys

    ex = _example(bases, tmp_path)
    path = ex.bundle / "icacls.txt"
    line = b"C:\\inetpub\\wwwroot\\iisstart.htm BUILTIN\\Administrators:(I)(F)\r\n"
    data = path.read_bytes()
    path.write_bytes(data + line * ((4 * 1_048_576 - len(data) - 100) // len(line)))
    command = [sys.executable, "-m", "authlab", "diagnose", "--bundle", str(ex.bundle)]
    try:  # a child process, so that the bound can stop it
        done = subprocess.run(command, capture_output=True, timeout=TIME_LIMIT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"not done within {TIME_LIMIT} s") from exc
    assert done.returncode == 1, done.stderr


# F5 (found by this fuzzer, fixed in a1f06d5): checks/readers/w3c.py _date (and _time) catch
# ValueError but not the OverflowError of datetime(18446744073709551616, 11, 24);
# checks/bundle.py's net then names 'the W3SVC logs', not the file and line
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"#Date: 2026-11-24", b"#Date: 18446744073709551616-11-24"),
        (b"\n2026-11-24 08:30:00", b"\n9223372036854775807-11-24 08:30:00"),
        (b"\n2026-11-24 08:30:00", b"\n2026-11-24 -9223372036854775807:30:00"),
    ],
)
def test_a_w3c_date_beyond_a_c_long_is_exit_2_naming_the_log_and_line(
    bases: dict[str, Base], tmp_path: Path, old: bytes, new: bytes
) -> None:
    ex = _example(bases, tmp_path, "ws2016-local-disabled")
    log = ex.bundle / "W3SVC1" / "u_ex261124.log"
    log.write_bytes(log.read_bytes().replace(old, new, 1))
    run = _diagnose_json(ex)
    assert run.code == 2
    assert f"{log}:" in run.stderr


# F6 (found by this fuzzer, fixed in a1f06d5): a metabase site key over 4,300 digits
# (/LM/W3SVC/999...9) makes winfacts/metabase.py sites() raise int()'s ValueError; the CLI's net
# names the bundle directory, not MetaBase.xml
def test_a_metabase_site_id_of_5000_digits_is_exit_2_naming_the_metabase(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    ex = _example(bases, tmp_path, "ws2003-local")
    path = ex.bundle / "MetaBase.xml"
    site = b'Location ="/LM/W3SVC/' + b"9" * 5000 + b'"'
    path.write_bytes(path.read_bytes().replace(b'Location ="/LM/W3SVC/1"', site, 1))
    run = _diagnose_json(ex)
    assert run.code == 2
    assert f"{path}" in run.stderr


# F7 (found by this fuzzer, fixed in a1f06d5): ad.ldif lockoutDuration -9223372036854775807 (one
# tick short of 'forever', 29,227 years) makes lockoutTime + lockoutDuration overflow in
# checks/rules/account.py _locked; the CLI's net makes it exit 2 naming no file, where the account
# is locked out
def test_a_lockout_that_ends_after_year_9999_is_a_lockout(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    ex = _example(bases, tmp_path, "ws2003-domain-locked")
    path = ex.bundle / "ad.ldif"
    text = path.read_bytes()
    path.write_bytes(
        text.replace(
            b"lockoutDuration: -18000000000", b"lockoutDuration: " + b"-9223372036854775807", 1
        )
    )
    run = _diagnose_json(ex)
    assert (run.code, run.stderr) == (1, "")
    assert [f["id"] for f in json.loads(run.stdout)["findings"]] == ["account-locked-out"]


def test_names_that_differ_only_in_case_and_are_not_utf8_are_named_as_escapes(
    bases: dict[str, Base], tmp_path: Path
) -> None:
    ex = _example(bases, tmp_path, "ws2003-dc-mismatch")
    data = (ex.bundle / "net-localgroup-Administrators.txt").read_bytes()
    for name in (
        b"net-localgroup-Administrators\xff.txt",
        b"NET-LOCALGROUP-ADMINISTRATORS\xff.TXT",
    ):
        with open(os.fsencode(ex.bundle) + b"/" + name, "wb") as handle:
            handle.write(data)
    run = _diagnose_json(ex)
    assert run.code == 2
    assert run.stderr == (
        f"authlab diagnose: {ex.bundle}/net-localgroup-Administrators\\xff.txt: and "
        "NET-LOCALGROUP-ADMINISTRATORS\\xff.TXT differ only in case; keep one of them in the "
        "bundle\n"
    )
    ex.refused.append(os.fsdecode(b"net-localgroup-Administrators\xff.txt"))
    hold(ex, "json", sentinel_exists=True)
