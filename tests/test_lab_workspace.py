"""`authlab lab` over a workspace, as a trainee and a trainer use it from the command line:
start, resume, check's exit status, the report, and files that are not workspaces (refused
with the file and line named, and never written over)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from authlab.cli import main

PASSWORD = "Tr41nee-Secret"


def lab(tmp_path: Path, *args: str, script: str | None = None) -> Result:
    runner = CliRunner()
    if script is not None and args[0] in ("start", "resume"):
        (tmp_path / "script.txt").write_text(script, encoding="utf-8")
        args = (*args, "--script", str(tmp_path / "script.txt"))
    return runner.invoke(main, ["lab", *args], catch_exceptions=False)


def workspace_args(tmp_path: Path) -> tuple[str, str]:
    return ("--workspace", str(tmp_path / "lab.json"))


def test_a_trainee_starts_fixes_in_two_sittings_and_the_trainer_reads_the_report(
    tmp_path: Path,
) -> None:
    where = workspace_args(tmp_path)
    first = lab(tmp_path, "start", "typo-in-iis", *where, script="browse\nhint\n")
    assert first.exit_code == 0
    assert "C:\\> browse\nGET /: HTTP 401.1 Unauthorized\n" in first.output
    assert lab(tmp_path, "check", *where).exit_code == 1
    fix = (
        f"net user IUSR_WEB18 {PASSWORD}\n"
        r"cscript %SystemDrive%\Inetpub\AdminScripts\adsutil.vbs set "
        f"W3SVC/AnonymousUserPass {PASSWORD}\n"
        "check\n"
    )
    second = lab(tmp_path, "resume", *where, script=fix)
    assert second.exit_code == 0
    assert "C:\\> net user IUSR_WEB18 ********\nThe command completed successfully.\n" in (
        second.output
    )
    assert "Solved: the site answers anonymous visitors (HTTP 200)" in second.output
    assert lab(tmp_path, "check", *where).exit_code == 0
    text = lab(tmp_path, "report", *where).output
    assert text.splitlines()[:4] == [
        "Lab typo-in-iis: A password typed twice (intermediate)",
        "Platform iis6-local, seed 1",
        "Result: solved; score 85/100",
        "Hints 1 (-10 each), failed checks 1 (-5 each), wrong fixes 0 (-15 each), solution "
        "shown: no (-50)",
    ]
    report = json.loads(lab(tmp_path, "report", *where, "--format", "json").output)
    assert (report["solved"], report["score"], report["checks"]) == (True, 85, 3)
    assert [e["kind"] for e in report["transcript"]] == [
        "command", "hint", "check", "command", "command", "check", "check"
    ]  # fmt: skip
    for text in (first.output, second.output, (tmp_path / "lab.json").read_text(), str(report)):
        assert PASSWORD not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab.json", "script.txt"]


def test_the_same_seed_and_script_give_the_same_transcript(tmp_path: Path) -> None:
    script = "browse\nevents 1\nnet user IUSR_WEB18 /active:yes\nbrowse\ncheck\n"
    outputs = []
    for name in ("a.json", "b.json"):
        result = lab(
            tmp_path, "start", "disabled-account", "--workspace", str(tmp_path / name),
            "--seed", "7", script=script,
        )  # fmt: skip
        outputs.append(result.output.replace(name, "X"))
    assert outputs[0] == outputs[1]
    saved = [json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json")]
    assert [e["output"] for e in saved[0]["entries"]] == [e["output"] for e in saved[1]["entries"]]


def test_start_random_prints_how_to_replay_it(tmp_path: Path) -> None:
    result = lab(tmp_path, "start", "random", *workspace_args(tmp_path), script="exit\n")
    first = result.output.splitlines()[0]
    assert first.startswith("Lab ")
    replay = first.split("replay it with authlab lab start ", 1)[1].rstrip(".").split()
    again = lab(tmp_path, "start", *replay, "--workspace", str(tmp_path / "b.json"),
                script="exit\n")  # fmt: skip
    assert again.output.splitlines()[:4] == result.output.splitlines()[1:5]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": ', "lab.json, line 1: is not an authlab lab workspace (not JSON: "),
        (b'{"name": "my notes"}\n', "lab.json: is not an authlab lab workspace (another "),
        (b"\xff\xfe\x00", "lab.json: is not an authlab lab workspace (not UTF-8 text)"),
        (
            b'{"format": "authlab-lab-workspace", "version": 9}',
            "lab.json: is a workspace of format version 9; this authlab reads version 1",
        ),
        (
            b'{"format": "authlab-lab-workspace", "version": 1, "lab": "x", "platform": '
            b'"iis6-local", "seed": 1, "key": "00", "entries": [7]}',
            "lab.json: entry 1 is not an object",
        ),
    ],
)
@pytest.mark.parametrize("command", ["resume", "check", "hint", "report", "reset", "start"])
def test_a_file_that_is_not_a_workspace_is_refused_and_left_as_it_is(
    tmp_path: Path, content: bytes, message: str, command: str
) -> None:
    target = tmp_path / "lab.json"
    target.write_bytes(content)
    args = [command, "disabled-account"] if command == "start" else [command]
    result = lab(tmp_path, *args, *workspace_args(tmp_path), script="exit\n")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == content


def test_a_lab_is_not_started_over_another_one(tmp_path: Path) -> None:
    where = workspace_args(tmp_path)
    assert lab(tmp_path, "start", "disabled-account", *where, script="exit\n").exit_code == 0
    before = (tmp_path / "lab.json").read_bytes()
    result = lab(tmp_path, "start", "log-on-to", *where, script="exit\n")
    assert result.exit_code == 2
    assert "lab.json: already holds the lab 'disabled-account'" in result.output
    assert (tmp_path / "lab.json").read_bytes() == before


def test_list_shows_forty_labs_and_the_trainer_sees_their_faults(tmp_path: Path) -> None:
    listed = lab(tmp_path, "list")
    assert "40 labs. authlab lab start ID opens one." in listed.output
    assert "account-disabled" not in listed.output  # the trainee's list names no fault
    rows = json.loads(lab(tmp_path, "list", "--faults", "--json").output)
    assert len(rows) == 40
    assert rows[0] == {
        "id": "disabled-account",
        "title": "The account nobody uses",
        "difficulty": "beginner",
        "platforms": ["iis6-local", "iis6-domain", "iis6-dc", "iis10-local", "iis10-domain"],
        "faults": ["account-disabled"],
    }


def test_an_unknown_lab_and_a_platform_it_is_not_for_are_usage_errors(tmp_path: Path) -> None:
    result = lab(tmp_path, "start", "no-such-lab", *workspace_args(tmp_path))
    assert result.exit_code == 2
    assert "there is no lab 'no-such-lab' (authlab lab list shows them)" in result.output
    result = lab(tmp_path, "start", "iis5-upgrade", "--platform", "iis10-local",
                 *workspace_args(tmp_path))  # fmt: skip
    assert result.exit_code == 2
    assert "the lab iis5-upgrade is for iis6-local, iis6-domain" in result.output
    assert not (tmp_path / "lab.json").exists()
