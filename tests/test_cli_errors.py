"""Bad arguments, bad input and operating-system errors end as exit 2 with one sentence naming the
path: never a traceback, never a file or directory of the user's lost or half replaced.

Covers `diagnose`, `bundle`, `corpus`, `score`, `lab` and `docs`. Signals and resource limits
need a real process and run the command in a subprocess; the rest runs in-process.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from authlab.cli import main

REAL = Path(__file__).parent / "fixtures" / "real"
NOT_UTF8 = os.fsdecode(b"\xff")  # a name byte that is not UTF-8, as Python passes it on
ROOT_SKIP = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="runs as root, which file modes do not stop",
)


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def refused(result: Result, *phrases: str) -> None:
    """Exit 2, each phrase in what was printed, and no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output


def run_cli(
    *args: str,
    preexec: Callable[[], None] | None = None,
    stdout: Any = subprocess.PIPE,
) -> subprocess.CompletedProcess[bytes]:
    # No bytecode is written, so a file-size limit meets only the command's own writes.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "authlab", *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,
        env=env,
        check=False,
        timeout=300,
    )


def file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (hidden ones too) and a file's bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("mine", encoding="utf-8")
    return path


@pytest.fixture
def device(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A character device, checked to be one still afterwards (put back if a regression
    replaced it with a file, which a root process can do)."""
    path = Path(request.param)
    before = os.lstat(path) if path.exists() else None
    if before is None or not stat.S_ISCHR(before.st_mode):
        pytest.skip(f"{path} is not a character device here")
    yield path
    after = os.lstat(path)
    if not stat.S_ISCHR(after.st_mode):
        os.unlink(path)
        os.mknod(path, stat.S_IFCHR | 0o666, before.st_rdev)
        os.chmod(path, stat.S_IMODE(before.st_mode))
        pytest.fail(f"{path} was replaced by a regular file")


def failing_after(calls: int, error: int = errno.ENOSPC) -> Callable[..., Any]:
    """A stand-in for a write method that works ``calls`` times, then fails as a full disk."""
    count = {"n": 0}

    def fail(original: Callable[..., Any]) -> Callable[..., Any]:
        def write(self: Path, *args: Any, **kwargs: Any) -> Any:
            count["n"] += 1
            if count["n"] > calls:
                raise OSError(error, os.strerror(error), str(self))
            return original(self, *args, **kwargs)

        return write

    return fail


# -- arguments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["bundle", "--out", "{tmp}/b", "--seed", str(2**64)], "--seed"),
        (["bundle", "--out", "{tmp}/b", "--seed", "-1"], "--seed"),
        (["bundle", "--out", "{tmp}/b", "--seed", "1" * 40], "--seed"),
        (["bundle", "--out", "{tmp}/b", "--requests", "-1"], "--requests"),
        (["bundle", "--out", "{tmp}/b", "--requests", "10001"], "--requests"),
        (["corpus", "{tmp}/c", "--seed", str(2**64)], "--seed"),
        (["corpus", "{tmp}/c", "--variety", "-1"], "--variety"),
        (["corpus", "{tmp}/c", "--variety", str(2**80)], "--variety"),
        (["lab", "--seed", str(2**64), "--script", "-"], "--seed"),
        (["demo", "--seed", "-3"], "--seed"),
        (["score", "{tmp}", "--command", "true {bundle}", "--jobs", "0"], "--jobs"),
        (["score", "{tmp}", "--command", "true {bundle}", "--jobs", "-4"], "--jobs"),
        (["score", "{tmp}", "--command", "true {bundle}", "--timeout", "0"], "--timeout"),
        (["score", "{tmp}", "--command", "true {bundle}", "--timeout", "1e400"], "--timeout"),
        (["score", "{tmp}", "--command", "true {bundle}", "--timeout", "86401"], "--timeout"),
        (["score", "{tmp}", "--command", "true {bundle}", "--timeout", "nan"], "--timeout"),
    ],
)
def test_a_value_out_of_range_is_a_usage_error(
    tmp_path: Path, args: list[str], option: str
) -> None:
    result = invoke(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    refused(result, f"Invalid value for '{option}'")
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_the_largest_seed_is_accepted(tmp_path: Path) -> None:
    result = invoke("bundle", "--out", str(tmp_path / "b"), "--seed", str(2**64 - 1))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "host.json").is_file()


@pytest.mark.parametrize("command", [["bundle", "--out", "{tmp}/b"], ["lab"]])
def test_an_unknown_fault_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = invoke(*args, "--fault", "printer-on-fire")
    refused(result, "Invalid value for '--fault': there is no fault named 'printer-on-fire'")
    assert list(tmp_path.iterdir()) == []


def test_a_url_or_site_that_is_not_text_is_a_usage_error(bundle: Path) -> None:
    result = invoke("diagnose", "--bundle", str(bundle), "--url", "/" + NOT_UTF8)
    refused(result, "authlab diagnose: --url /\\xff: is not UTF-8 text")
    result = invoke("diagnose", "--bundle", str(bundle), "--site", NOT_UTF8)
    refused(result, "authlab diagnose: --site \\xff: is not UTF-8 text")


def test_a_missing_bundle_with_a_name_that_is_not_utf8_is_named_visibly(tmp_path: Path) -> None:
    missing = tmp_path / f"b{NOT_UTF8}"
    refused(invoke("diagnose", "--bundle", str(missing)), f"{tmp_path}/b\\xff: no such bundle")


# -- diagnose --output ----------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/full"], indirect=True)
def test_a_full_device_is_exit_2_and_stays_a_device(bundle: Path, device: Path) -> None:
    result = invoke("diagnose", "--bundle", str(bundle), "--output", str(device))
    refused(result, "--output /dev/full: can not be written (No space left on device)")


@pytest.mark.parametrize("device", ["/dev/null"], indirect=True)
def test_the_null_device_is_written_to_not_replaced(bundle: Path, device: Path) -> None:
    result = invoke(
        "diagnose", "--bundle", str(bundle), "--format", "json", "--output", "/dev/null"
    )
    assert result.exit_code == 3, result.output


def test_a_fifo_is_written_to_not_replaced(bundle: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("diagnose", "--bundle", str(bundle), "--format", "json", "--output", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 3, result.output
    assert json.loads(received[0])["verdict"] == "inconclusive"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_directory_that_can_not_take_files_is_exit_2(bundle: Path) -> None:
    # /proc takes no new files, also from root
    result = invoke("diagnose", "--bundle", str(bundle), "--output", "/proc/authlab-report.txt")
    refused(result, "authlab diagnose: --output /proc/authlab-report.txt: can not be written (")


def test_a_target_under_a_file_is_exit_2(bundle: Path, a_file: Path) -> None:
    target = a_file / "report.txt"
    result = invoke("diagnose", "--bundle", str(bundle), "--output", str(target))
    refused(result, f"authlab diagnose: --output {target}: {a_file} is not a directory")
    assert a_file.read_text(encoding="utf-8") == "mine"


def test_a_read_only_report_is_left_as_it_was(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("the old report", encoding="utf-8")
    target.chmod(0o444)
    result = invoke("diagnose", "--bundle", str(bundle), "--output", str(target))
    refused(result, f"--output {target}: is read-only; it was left as it was")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "report.json"]


def test_a_full_disk_leaves_the_old_report(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("the old report", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("diagnose", "--bundle", str(bundle), "--output", str(target))
    refused(result, f"--output {target}: can not be written (No space left on device)")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "report.json"]


def test_a_report_keeps_its_mode_and_a_link_stays_a_link(bundle: Path, tmp_path: Path) -> None:
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "report.json"
    link.symlink_to(real)
    result = invoke("diagnose", "--bundle", str(bundle), "--format", "json", "--output", str(link))
    assert result.exit_code == 3, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["verdict"] == "inconclusive"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_new_report_gets_the_mode_the_umask_gives(bundle: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "new.json"
        assert invoke("diagnose", "--bundle", str(bundle), "--output", str(target)).exit_code == 3
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_standard_output_on_a_full_disk_is_exit_2(bundle: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = run_cli("diagnose", "--bundle", str(bundle), "--format", "json", stdout=full)
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stderr == (
        b"authlab diagnose: standard output: can not be written (No space left on device)\n"
    )


def test_a_file_size_limit_is_exit_2_and_keeps_the_old_report(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("the old report", encoding="utf-8")
    done = run_cli(
        "diagnose", "--bundle", str(bundle), "--format", "json", "--output", str(target),
        preexec=file_size_limit(256),
    )  # fmt: skip
    assert done.returncode == 2, done.stderr  # not killed by SIGXFSZ
    assert b"Traceback" not in done.stderr
    assert f"--output {target}: can not be written (File too large)".encode() in done.stderr
    assert target.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "report.json"]


# -- bundle and corpus: directories ---------------------------------------------------------------

DIRECTORY_COMMANDS = {
    "bundle": lambda target: ["bundle", "--out", str(target)],
    "corpus": lambda target: ["corpus", str(target), "--platform", "iis6-local"],
}
LABEL = {"bundle": "--out ", "corpus": ""}


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_a_directory_that_is_not_empty_is_refused(tmp_path: Path, command: str) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = invoke(*DIRECTORY_COMMANDS[command](target))
    refused(
        result,
        f"authlab {command}: {LABEL[command]}{target}: is not empty; choose a new or empty "
        f"directory, or pass --force to replace the {command} in it",
    )
    assert listing(target) == {"keep.txt": b"mine"}


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_force_never_deletes_what_the_tool_did_not_write(tmp_path: Path, command: str) -> None:
    target = tmp_path / "out"
    assert invoke(*DIRECTORY_COMMANDS[command](target)).exit_code == 0
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    before = listing(target)
    result = invoke(*DIRECTORY_COMMANDS[command](target), "--force")
    refused(
        result,
        f"{LABEL[command]}{target}: holds files that are not part of a {command} (notes.txt); "
        "nothing was changed",
    )
    assert listing(target) == before


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_an_empty_directory_is_filled_in_place(tmp_path: Path, command: str) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    inode = target.stat().st_ino
    result = invoke(*DIRECTORY_COMMANDS[command](target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_ino == inode  # a shell sitting in it sees the result
    names = {p.name for p in target.iterdir()}
    assert ("host.json" if command == "bundle" else "index.json") in names
    assert not [n for n in names if n.startswith(".")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_bundle_force_replaces_an_earlier_bundle_whole(tmp_path: Path) -> None:
    target = tmp_path / "b"
    assert invoke("bundle", "--out", str(target)).exit_code == 0
    assert any(p.name.startswith("net-user-") for p in target.iterdir())
    result = invoke("bundle", "--out", str(target), "--force", "--evidence-only")
    assert result.exit_code == 0, result.output
    names = {p.name for p in target.iterdir()}
    assert "host.json" in names
    assert not [n for n in names if n.startswith(("net-user-", "net-localgroup-", "."))]


def test_corpus_force_replaces_an_earlier_corpus_whole(tmp_path: Path) -> None:
    target = tmp_path / "c"
    assert invoke("corpus", str(target), "--platform", "iis6-local").exit_code == 0
    stale = target / "iis6-local" / "an-older-label"
    stale.mkdir()
    (stale / "expected.json").write_text("{}", encoding="utf-8")
    result = invoke("corpus", str(target), "--platform", "iis6-local", "--force")
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert json.loads((target / "index.json").read_text(encoding="utf-8"))["bundles"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_a_directory_under_a_file_is_exit_2(a_file: Path, command: str) -> None:
    target = a_file / "out"
    result = invoke(*DIRECTORY_COMMANDS[command](target))
    refused(result, f"authlab {command}: {LABEL[command]}{target}: {a_file} is not a directory")
    assert a_file.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_a_file_where_the_directory_goes_is_exit_2(a_file: Path, command: str) -> None:
    refused(invoke(*DIRECTORY_COMMANDS[command](a_file)), f"Directory '{a_file}' is a file.")
    assert a_file.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_a_directory_that_can_not_be_made_is_exit_2(command: str) -> None:
    result = invoke(*DIRECTORY_COMMANDS[command](Path("/proc/authlab-out")))
    refused(result, f"authlab {command}: {LABEL[command]}/proc/authlab-out: can not be written (")


def test_a_name_that_is_not_utf8_is_written_and_shown_visibly(tmp_path: Path, a_file: Path) -> None:
    target = tmp_path / f"b{NOT_UTF8}"
    result = invoke("bundle", "--out", str(target))
    assert result.exit_code == 0, result.output
    assert f"to {tmp_path}/b\\xff: host.json" in result.output
    assert (target / "host.json").is_file()
    result = invoke("bundle", "--out", str(a_file / f"x{NOT_UTF8}"))
    refused(result, f"--out {a_file}/x\\xff: {a_file} is not a directory")


@pytest.mark.parametrize(
    ("command", "empty"), [("bundle", False), ("corpus", False), ("bundle", True)]
)
def test_a_full_disk_leaves_the_target_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, empty: bool
) -> None:
    target = tmp_path / "out"
    if empty:
        target.mkdir()
    fail = failing_after(3)
    monkeypatch.setattr(Path, "write_bytes", fail(Path.write_bytes))
    monkeypatch.setattr(Path, "write_text", fail(Path.write_text))
    result = invoke(*DIRECTORY_COMMANDS[command](target))
    refused(result, f"authlab {command}: {LABEL[command]}{target}: can not be written (")
    assert "No space left on device)" in result.output
    assert ".tmp" not in result.output  # the path named is the user's, not a staging one
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out"] if empty else [])
    if empty:
        assert listing(target) == {}


def test_force_on_a_full_disk_keeps_the_earlier_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b"
    assert invoke("bundle", "--out", str(target), "--seed", "7").exit_code == 0
    before = listing(target)
    monkeypatch.setattr(Path, "write_bytes", failing_after(5)(Path.write_bytes))
    refused(invoke("bundle", "--out", str(target), "--force"), "No space left on device")
    assert listing(target) == before


def test_ctrl_c_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simulator.bundle

    def interrupted(*_args: object, **_kwargs: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(simulator.bundle, "write_bundle", interrupted)
    result = invoke("bundle", "--out", str(tmp_path / "b"))
    assert result.exit_code == 1 and "Aborted!" in result.output  # click's own end of Ctrl-C
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", sorted(DIRECTORY_COMMANDS))
def test_a_file_size_limit_is_exit_2_and_leaves_nothing(tmp_path: Path, command: str) -> None:
    target = tmp_path / "out"
    done = run_cli(*DIRECTORY_COMMANDS[command](target), preexec=file_size_limit(1000))
    assert done.returncode == 2, done.stderr  # not killed by SIGXFSZ
    assert b"Traceback" not in done.stderr
    assert b"File too large)" in done.stderr and str(target).encode() in done.stderr
    assert list(tmp_path.iterdir()) == []


@ROOT_SKIP
def test_a_directory_without_write_permission_is_exit_2(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = invoke("bundle", "--out", str(locked / "b"))
    finally:
        locked.chmod(0o755)
    refused(result, f"--out {locked / 'b'}: can not be written (Permission denied)")


# -- docs ----------------------------------------------------------------------------------------


def test_docs_root_must_exist(tmp_path: Path) -> None:
    refused(invoke("docs", "--root", str(tmp_path / "nowhere")), "Invalid value for '--root'")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("check", [[], ["--check"]])
def test_a_document_that_is_a_directory_is_exit_2(tmp_path: Path, check: list[str]) -> None:
    (tmp_path / "docs" / "symptoms.md").mkdir(parents=True)
    result = invoke("docs", "--root", str(tmp_path), *check)
    refused(result, f"authlab docs: {tmp_path}/docs/symptoms.md: is a directory")


def test_docs_under_a_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("mine", encoding="utf-8")
    result = invoke("docs", "--root", str(tmp_path))
    refused(result, f"authlab docs: {tmp_path}/docs/symptoms.md: can not be read (Not a directory)")
    assert (tmp_path / "docs").read_text(encoding="utf-8") == "mine"


def test_a_read_only_document_is_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "symptoms.md"
    doc.write_text("old", encoding="utf-8")
    doc.chmod(0o444)
    result = invoke("docs", "--root", str(tmp_path))
    refused(result, f"authlab docs: {doc}: is read-only; it was left as it was")
    assert doc.read_text(encoding="utf-8") == "old"


def test_docs_on_a_full_disk_keeps_the_old_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "symptoms.md"
    doc.write_text("old", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("docs", "--root", str(tmp_path))
    refused(result, f"authlab docs: {doc}: can not be written (No space left on device)")
    assert listing(tmp_path) == {"docs": None, "docs/symptoms.md": b"old"}


def test_a_document_that_is_not_utf8_is_stale_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "symptoms.md").write_bytes(b"\xff\xfe old")
    result = invoke("docs", "--root", str(tmp_path), "--check")
    assert result.exit_code == 1 and "out of date: docs/symptoms.md" in result.output


def test_docs_under_a_file_size_limit_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "symptoms.md"
    doc.write_text("old", encoding="utf-8")
    done = run_cli("docs", "--root", str(tmp_path), preexec=file_size_limit(512))
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    assert f"{doc}: can not be written (File too large)".encode() in done.stderr
    assert doc.read_text(encoding="utf-8") == "old"


# -- score: a corpus that can not be read ----------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "phrase"),
    [
        ('{"bundles": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"bundles": ' + "1" * 5000 + "}", "index.json: not JSON (Exceeds the limit"),
        ('{"bundles": [{"bundle": "a\\u0000b", "expected_findings": []}]}', "not a usable"),
        ('{"bundles": [{"bundle": "a\\ud800b", "expected_findings": []}]}', "not a usable"),
        ('{"bundles": [{"bundle": "loop", "expected_findings": []}]}', "not a usable"),
    ],
    ids=["deep", "huge-number", "nul", "surrogate", "link-loop"],
)
def test_an_index_that_can_not_be_used_is_exit_2(tmp_path: Path, index: str, phrase: str) -> None:
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "index.json").write_text(index, encoding="utf-8")
    result = invoke("score", str(tmp_path), "--command", "true {bundle}")
    refused(result, "authlab score: ", f"{tmp_path}/index.json", phrase)


def test_score_to_a_full_standard_output_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "expected.json").write_text('{"expected_findings": []}', encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = run_cli("score", str(tmp_path), "--command", "true {bundle}", stdout=full)
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith(
        b"authlab score: standard output: can not be written (No space left on device)\n"
    )
    assert b"Traceback" not in done.stderr


# -- lab -----------------------------------------------------------------------------------------


def test_a_script_that_is_not_utf8_runs_nothing(tmp_path: Path) -> None:
    script = tmp_path / "session.txt"
    script.write_bytes(b"browse\nnet user \xff\xfe\n")
    result = invoke("lab", "--script", str(script))
    refused(result, f"Invalid value for '--script': {script}, line 2: is not UTF-8 text")
    assert "C:\\>" not in result.output


def test_lab_input_that_is_not_utf8_is_exit_2() -> None:
    result = invoke("lab", input=b"browse\n\xff\xfe\n")
    refused(result, "C:\\> \nauthlab lab: standard input is not UTF-8 text\n")


def test_lab_survives_what_a_trainee_types(tmp_path: Path) -> None:
    script = tmp_path / "session.txt"
    script.write_text(
        "wait 99999999999999d\nwait 9999999d\nnet user [/x]\nwait [/x]\nbrowse\nexit\n",
        encoding="utf-8",
    )
    result = invoke("lab", "--script", str(script))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.output.count("the clock can not go past the year 9999") == 2
    assert "C:\\> net user [/x]" in result.output
    assert "GET /: HTTP 200 OK" in result.output  # the session went on


@pytest.mark.parametrize("typed", ["", "browse\n", "browse"])
def test_the_end_of_input_ends_the_lab(typed: str) -> None:
    result = invoke("lab", input=typed)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.output.endswith("C:\\> \n")


def test_ctrl_c_at_the_prompt_ends_the_lab(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    def interrupted(_self: Console, *_args: object, **_kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(Console, "input", interrupted)
    result = invoke("lab")
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output and "Aborted" not in result.output


def test_sigint_at_the_prompt_ends_the_lab_cleanly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "authlab", "lab"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + 120
    try:
        while not seen.endswith(b"C:\\> "):
            ready, _, _ = select.select([proc.stdout], [], [], deadline - time.monotonic())
            assert ready, f"no prompt; so far {seen!r}"
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, f"the lab ended before its prompt: {seen!r}"
            seen += chunk
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
