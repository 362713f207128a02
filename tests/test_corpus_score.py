"""`authlab corpus` writes labelled bundles; `authlab score` measures any tool against them."""

from __future__ import annotations

import json
import os
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from authlab.cli import main
from authlab.score import Case, Counts, parse_output, tool_argv
from simulator.factory import build_host
from simulator.faults import variants
from simulator.scenario import PLATFORMS, applicable

PLATFORM = "iis6-local"
DIAGNOSE = f"{sys.executable} -m authlab diagnose --bundle {{bundle}} --format json"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "c"
    code, out = invoke("corpus", str(root), "--platform", PLATFORM, "--seed", "1")
    assert code == 0, out
    return root


def index(root: Path) -> list[dict[str, Any]]:
    data = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert data["schema"] == "authlab.corpus/1"
    bundles: list[dict[str, Any]] = data["bundles"]
    return bundles


def score_json(root: Path, command: str, *more: str) -> dict[str, Any]:
    code, out = invoke("score", str(root), "--command", command, "--format", "json", *more)
    assert code == 0, out
    result: dict[str, Any] = json.loads(out)
    return result


def fake_tool(tmp: Path, body: str) -> str:
    script = tmp / "tool.py"
    script.write_text("import json, sys, time\nbundle = sys.argv[1]\n" + textwrap.dedent(body))
    return f"{sys.executable} {script} {{bundle}}"


# -- the corpus ---------------------------------------------------------------------------------


def test_every_scenario_of_the_platform_is_a_labelled_bundle(corpus: Path) -> None:
    faults = applicable(PLATFORMS[PLATFORM], variants())
    entries = index(corpus)
    assert [e["bundle"] for e in entries] == [f"{PLATFORM}/healthy"] + [
        f"{PLATFORM}/{f.label}" for f in faults
    ]
    for entry in entries:
        folder = corpus / str(entry["bundle"])
        assert (folder / "host.json").is_file() and (folder / "secedit.inf").is_file()
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        assert expected == {k: v for k, v in entry.items() if k != "bundle"}
    healthy, *_ = entries
    assert healthy["faults"] == healthy["expected_findings"] == []
    assert healthy["verdict"] == "healthy"
    by_label = {str(e["bundle"]).split("/", 1)[1]: e for e in entries}
    denied = by_label["logon-right-denied[via=guests,layer=local]"]
    assert denied["faults"] == denied["expected_findings"] == ["logon-right-denied"]
    assert denied["verdict"] == "faulty" and denied["platform"] == PLATFORM
    assert by_label["logon-audit-disabled"]["verdict"] == "healthy"  # an info finding only


def test_the_corpus_holds_no_password(corpus: Path) -> None:
    secrets: set[str] = set()
    for fault in [None, *applicable(PLATFORMS[PLATFORM], variants())]:
        host = build_host(PLATFORMS[PLATFORM])
        if fault is not None:
            fault.inject(host)  # some faults set a new password
        secrets |= {a.password.reveal() for a in host.sam.users()}
        configured = host.iis.settings_for("/").password
        if configured is not None:
            secrets.add(configured.reveal())
    secrets = {s for s in secrets if len(s) >= 4}
    assert secrets
    for path in corpus.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode("utf-8") not in data, path
                assert secret.encode("utf-16-le") not in data, path


def test_the_same_seed_writes_the_same_corpus(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert invoke("corpus", str(again), "--platform", PLATFORM)[0] == 0

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.*")}

    assert tree(again) == tree(corpus)


def test_corpus_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    code, out = invoke("corpus", str(tmp_path), "--platform", PLATFORM)
    assert code == 2 and "not empty" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_pairs_come_in_the_order_windows_meets_them(tmp_path: Path) -> None:
    code, out = invoke("corpus", str(tmp_path / "p"), "--platform", PLATFORM, "--pairs")
    assert code == 0, out
    entries = index(tmp_path / "p")
    pairs = {tuple(e["faults"]): e for e in entries if len(e["faults"]) == 2}
    assert ("password-mismatch", "account-locked-out") not in pairs  # a hidden pair
    assert ("password-must-change", "password-expired") not in pairs
    # LogonUser checks a disabled account before logon rights, whichever was broken first
    assert pairs[("account-disabled", "logon-right-denied")]["expected_findings"] == [
        "account-disabled",
        "logon-right-denied",
    ]
    audit = pairs[("account-disabled", "logon-audit-disabled")]
    assert audit["expected_findings"] == ["account-disabled", "logon-audit-disabled"]
    # AnonymousPasswordSync leaves the password failing, so both are expected; behind a
    # lockout nothing tries the password, so the mismatch is not.
    sync = pairs[("password-sync-unusable", "account-disabled")]["expected_findings"]
    assert sync == ["password-sync-unusable", "password-mismatch", "account-disabled"]
    locked = pairs[("password-sync-unusable", "account-locked-out")]["expected_findings"]
    assert locked == ["account-locked-out", "password-sync-unusable"]
    assert audit["verdict"] == "faulty"
    name = "account-disabled+logon-right-denied[via=guests,layer=local]"
    assert (tmp_path / "p" / PLATFORM / name / "expected.json").is_file()
    assert f"{len(pairs)} pairs" in out


# -- scoring -----------------------------------------------------------------------------------


def test_the_projects_own_diagnose_scores_one(corpus: Path) -> None:
    result = score_json(corpus, DIAGNOSE)
    micro = result["micro"]
    assert micro["precision"] == micro["recall"] == 1.0 and micro["fp"] == micro["fn"] == 0
    per_id = result["per_id"]
    assert all(c["precision"] == c["recall"] == 1.0 for c in per_id.values())
    assert result["mismatches"] == [] and result["failed"] == 0
    assert result["bundles"] == result["matched"] == len(index(corpus))


def test_a_tool_that_always_blames_a_disabled_account(corpus: Path, tmp_path: Path) -> None:
    tool = fake_tool(tmp_path, 'print(json.dumps({"findings": [{"id": "account-disabled"}]}))\n')
    result = score_json(corpus, tool)
    entries = index(corpus)
    expected_total = sum(len(e["expected_findings"]) for e in entries)
    per_id = result["per_id"]
    # right once, wrong on every other bundle, healthy included
    assert per_id["account-disabled"] == Counts(1, len(entries) - 1, 0).to_json()
    assert per_id["account-disabled"]["precision"] == pytest.approx(1 / len(entries))
    assert per_id["account-disabled"]["recall"] == 1.0
    locked = per_id["account-locked-out"]
    assert (locked["tp"], locked["fp"], locked["fn"]) == (0, 0, 2)  # two variants
    assert locked["precision"] is None and locked["recall"] == 0.0
    micro = result["micro"]
    assert micro == Counts(1, len(entries) - 1, expected_total - 1).to_json()
    assert len(result["mismatches"]) == len(entries) - 1


def test_text_output_is_a_table_with_the_mismatches(corpus: Path, tmp_path: Path) -> None:
    tool = fake_tool(tmp_path, 'print(json.dumps({"findings": [{"id": "account-disabled"}]}))\n')
    code, out = invoke("score", str(corpus), "--command", tool)
    assert code == 0
    assert "account-disabled" in out and "all (micro)" in out
    assert "mismatching bundles" in out and "extra account-disabled" in out
    assert f"{len(index(corpus))} bundles; 1 matched expected.json exactly" in out


def hand_labelled(tmp: Path) -> Path:
    """A corpus without index.json: every directory with an expected.json is a bundle."""
    root = tmp / "hand"
    for name, findings in {
        "ok": [],
        "crash": ["account-disabled"],
        "slow": ["account-expired"],
        "garbled": ["logon-hours"],
        "reordered": ["account-disabled", "logon-right-denied"],
    }.items():
        (root / name).mkdir(parents=True)
        label = {"expected_findings": findings, "verdict": "faulty" if findings else "healthy"}
        (root / name / "expected.json").write_text(json.dumps(label))
    return root


def test_a_tool_failing_on_some_bundles_is_reported_not_fatal(tmp_path: Path) -> None:
    tool = fake_tool(
        tmp_path,
        """
        if bundle.endswith("crash"):
            raise SystemExit("boom: the tool fell over")  # exit status 1, nothing on stdout
        if bundle.endswith("slow"):
            time.sleep(60)
        if bundle.endswith("garbled"):
            print("Findings: logon-hours")
        elif bundle.endswith("reordered"):
            ids = ["logon-right-denied", "account-disabled"]
            print(json.dumps({"verdict": "faulty", "findings": [{"id": i} for i in ids]}))
        else:
            print(json.dumps({"verdict": "healthy", "findings": []}))
        """,
    )
    result = score_json(hand_labelled(tmp_path), tool, "--timeout", "5")
    reasons = {m["bundle"]: m["reasons"] for m in result["mismatches"]}
    assert reasons.keys() == {"crash", "slow", "garbled", "reordered"}
    assert reasons["crash"] == ["exit status 1: boom: the tool fell over"]
    assert reasons["slow"] == ["timed out after 5 s"]
    assert reasons["garbled"][0].startswith("not the contract's JSON: line 1")
    assert reasons["reordered"] == [
        "order logon-right-denied, account-disabled (expected account-disabled, logon-right-denied)"
    ]
    assert result["failed"] == 3 and result["matched"] == 1
    micro = result["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (2, 0, 3)  # a failure found nothing


def test_usage_errors_and_unreadable_corpora_exit_2(corpus: Path, tmp_path: Path) -> None:
    assert invoke("score", str(corpus), "--command", "authlab diagnose")[0] == 2
    code, out = invoke("score", str(corpus), "--command", "no-such-tool-xyz {bundle}")
    assert code == 2 and "command not found" in out
    code, out = invoke("score", str(tmp_path / "nowhere"), "--command", DIAGNOSE)
    assert code == 2 and "no such corpus" in out
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "index.json").write_text('{"bundles": [\n  {"bundle": "x",}\n]}')
    code, out = invoke("score", str(broken), "--command", DIAGNOSE)
    assert code == 2 and "index.json, line 2" in out
    (broken / "index.json").write_text('{"bundles": [{"bundle": "x", "expected_findings": []}]}')
    code, out = invoke("score", str(broken), "--command", DIAGNOSE)
    assert code == 2 and "is not a directory" in out


def test_the_command_line_is_split_without_a_shell(tmp_path: Path) -> None:
    bundle = tmp_path / "a dir; rm -rf ~" / "logon-right-denied[via=guests]"
    argv = tool_argv("tool --bundle {bundle} --format 'json out'", bundle)
    assert argv == ["tool", "--bundle", str(bundle), "--format", "json out"]


def test_parse_output_reads_only_the_contracts_ids() -> None:
    out = {"schema": "x", "verdict": "faulty", "findings": [{"id": "a"}, {"id": "b", "z": 1}]}
    assert parse_output(json.dumps(out).encode()) == (("a", "b"), "faulty")
    for bad in (b"", b"[]", b'{"findings": [{"title": "no id"}]}', b"\xff"):
        with pytest.raises(ValueError):
            parse_output(bad)


def test_counts_arithmetic() -> None:
    assert Counts(3, 1, 2).to_json() == {
        "tp": 3,
        "fp": 1,
        "fn": 2,
        "precision": 0.75,
        "recall": 0.6,
        "f1": pytest.approx(2 * 0.75 * 0.6 / 1.35),
    }
    assert Counts().precision is None and Counts().recall is None and Counts().f1 is None
    assert Counts(0, 2, 1).f1 == 0.0
    assert Case("x", Path("x"), (), None).expected == ()


# -- a hostile tool and a hostile index ----------------------------------------------------------


def _one_bundle(tmp: Path) -> Path:
    root = tmp / "one"
    (root / "b").mkdir(parents=True)
    (root / "b" / "expected.json").write_text(json.dumps({"expected_findings": []}))
    return root


def test_a_tool_that_prints_forever_is_stopped_at_the_cap(tmp_path: Path) -> None:
    tool = fake_tool(tmp_path, "while True:\n    sys.stdout.write('x' * 65536)\n")
    result = score_json(_one_bundle(tmp_path), tool, "--timeout", "60")
    (mismatch,) = result["mismatches"]
    assert mismatch["reasons"] == ["printed more than 16777216 bytes; stopped"]


def test_on_timeout_the_whole_process_group_goes(tmp_path: Path) -> None:
    marker = tmp_path / "grandchild.pid"
    tool = fake_tool(
        tmp_path,
        f"""
        import subprocess
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        open({str(marker)!r}, "w").write(str(child.pid))
        time.sleep(120)
        """,
    )
    result = score_json(_one_bundle(tmp_path), tool, "--timeout", "3")
    assert result["mismatches"][0]["reasons"] == ["timed out after 3 s"]
    pid = int(marker.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the tool's child {pid} outlived the timeout")


def test_deep_json_is_refused_not_a_crash(tmp_path: Path) -> None:
    tool = fake_tool(tmp_path, "print('[' * 100000 + ']' * 100000)\n")
    result = score_json(_one_bundle(tmp_path), tool, "--timeout", "30")
    assert result["mismatches"][0]["reasons"] == ["not the contract's JSON: nested too deeply"]


def test_index_paths_must_stay_inside_the_corpus(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (tmp_path / "outside").mkdir()
    entry = {"bundle": "../outside", "expected_findings": []}
    (root / "index.json").write_text(json.dumps({"bundles": [entry]}))
    code, out = invoke("score", str(root), "--command", "true {bundle}")
    assert code == 2
    assert "index.json (bundle 1): ../outside is not a bundle inside the corpus" in out


@pytest.mark.parametrize("timeout", ["nan", "inf", "0", "-1", "100000"])
def test_the_timeout_is_validated(tmp_path: Path, timeout: str) -> None:
    bundle = str(_one_bundle(tmp_path))
    code, out = invoke("score", bundle, "--command", "true {bundle}", "--timeout", timeout)
    assert code == 2 and "Invalid value for '--timeout'" in out and "Traceback" not in out
