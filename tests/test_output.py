"""`--output`: the report is written atomically, never inside the bundle; `-` is stdout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlab.cli import main
from authlab.output import OutputError, write_atomically

REAL = Path(__file__).parent / "fixtures" / "real"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diagnose", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_the_report_replaces_the_file_whole(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("the old report", encoding="utf-8")
    code, out, _ = _run("--bundle", str(bundle), "--format", "json", "--output", str(target))
    assert code == 3 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["verdict"] == "inconclusive"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "report.json"]


def test_a_target_inside_the_bundle_is_refused_and_nothing_changes(bundle: Path) -> None:
    before = (bundle / "lsa.reg").read_bytes()
    for target in (bundle / "lsa.reg", bundle / "report.json"):
        code, out, err = _run("--bundle", str(bundle), "--output", str(target))
        assert code == 2 and out == ""
        assert err == (
            f"authlab diagnose: --output {target}: is inside the bundle {bundle}; write it "
            "elsewhere\n"
        )
    assert (bundle / "lsa.reg").read_bytes() == before
    assert sorted(p.name for p in bundle.iterdir()) == ["lsa.reg"]


def test_a_link_to_a_bundle_file_is_refused(bundle: Path, tmp_path: Path) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to(bundle / "lsa.reg")
    code, _, err = _run("--bundle", str(bundle), "--output", str(link))
    assert code == 2 and "is inside the bundle" in err


def test_a_missing_directory_is_exit_2(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "report.txt"
    code, _, err = _run("--bundle", str(bundle), "--output", str(target))
    assert code == 2
    assert err == f"authlab diagnose: --output {target}: no such directory {target.parent}\n"


def test_dash_is_standard_output(bundle: Path) -> None:
    code, out, _ = _run("--bundle", str(bundle), "--format", "json", "--output", "-")
    assert code == 3 and json.loads(out)["schema"] == "authlab.diagnosis/1"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="can not be written"):
        write_atomically(target, "half a report \udcff")  # a lone surrogate can not be encoded
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    with pytest.raises(OutputError, match="no such directory"):
        write_atomically(tmp_path / "missing" / "r.txt", "x")


@pytest.mark.parametrize("encoding", ["cp437", "cp1252", "ascii"])
def test_a_legacy_console_encoding_prints_with_replacement(tmp_path: Path, encoding: str) -> None:
    import os
    import subprocess
    import sys

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copyfile(
        REAL / "metabase" / "v54-default-site-numeric-authflags.xml", bundle / "MetaBase.xml"
    )
    (bundle / "net-user-IUSR_WEB01.txt").write_text(
        "User name                    IUSR_WEB01\r\n"
        "Full Name                    \u0132 \u2603 \uc624\ud6c4\r\n"
        "Account active               No\r\n"
        "The command completed successfully.\r\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONIOENCODING": f"{encoding}:strict"}
    done = subprocess.run(
        [sys.executable, "-m", "authlab", "diagnose", "--bundle", str(bundle)],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    assert b"account-disabled" in done.stdout
