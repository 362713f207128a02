"""The authlab command line: demo, faults, docs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from authlab.cli import main
from simulator.faults import FAULT_IDS


def test_demo_on_one_platform_and_fault_shows_the_symptom() -> None:
    result = CliRunner().invoke(
        main, ["demo", "--platform", "iis6-local", "--fault", "logon-right-denied"]
    )
    assert result.exit_code == 0, result.output
    assert "logon-right-denied[via=guests,layer=local]" in result.output
    assert "401 1 1385" in result.output and "534" in result.output
    assert "2 scenarios on 1 platform; 2 showed exactly" in result.output


def test_demo_rejects_an_unknown_fault() -> None:
    result = CliRunner().invoke(main, ["demo", "--fault", "printer-on-fire"])
    assert result.exit_code == 1
    assert "no fault named 'printer-on-fire'" in result.output
    assert "Traceback" not in result.output


def test_faults_lists_every_id() -> None:
    result = CliRunner().invoke(main, ["faults"])
    assert result.exit_code == 0
    for fault_id in FAULT_IDS:
        assert fault_id in result.output


def test_docs_check_reports_stale_files_without_writing(tmp_path: Path) -> None:
    runner = CliRunner()
    stale = runner.invoke(main, ["docs", "--check", "--root", str(tmp_path)])
    assert stale.exit_code == 1 and "out of date" in stale.output
    assert not (tmp_path / "docs").exists()
    wrote = runner.invoke(main, ["docs", "--root", str(tmp_path)])
    assert wrote.exit_code == 0
    assert runner.invoke(main, ["docs", "--check", "--root", str(tmp_path)]).exit_code == 0


def test_lab_lets_a_trainee_find_and_fix_a_fault(tmp_path: Path) -> None:
    script = tmp_path / "session.txt"
    script.write_text(
        "browse\nevents 1\nnet user IUSR_WEB18 /active:yes\nbrowse\nwait 15m\nfrobnicate\nexit\n"
    )
    result = CliRunner().invoke(
        main, ["lab", "--fault", "account-disabled", "--script", str(script)]
    )
    assert result.exit_code == 0, result.output
    assert "account-disabled" not in result.output  # the exercise does not name the fault
    first, second = (line for line in result.output.splitlines() if line.startswith("GET /"))
    assert first == "GET /: HTTP 401.1 Unauthorized"
    assert "Event ID 531" in result.output
    assert second == "GET /: HTTP 200 OK"
    assert "'frobnicate' is not recognized" in result.output


def test_lab_rejects_a_fault_that_does_not_apply() -> None:
    result = CliRunner().invoke(
        main, ["lab", "--platform", "iis10-local", "--fault", "password-sync-unusable"]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--fault': password-sync-unusable can not be made on iis10-local" in (
        result.output
    )


def test_faults_prints_variant_labels_as_they_are() -> None:
    """A label such as password-mismatch[where=iis] is text, not rich markup to be eaten."""
    result = CliRunner().invoke(main, ["faults"])
    assert result.exit_code == 0
    for label in (
        "password-mismatch[where=iis]",
        "password-mismatch[where=account]",
        "logon-right-denied[via=guests,layer=local]",
    ):
        assert label in result.output


def _browses(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("GET /")]


def test_lab_fault_names_are_case_insensitive_and_take_a_variant(tmp_path: Path) -> None:
    script = tmp_path / "session.txt"
    script.write_text("browse\nexit\n")
    for given in ("Account-Disabled", "PASSWORD-MISMATCH[where=iis]"):
        result = CliRunner().invoke(main, ["lab", "--fault", given, "--script", str(script)])
        assert result.exit_code == 0, result.output
        assert _browses(result.output) == ["GET /: HTTP 401.1 Unauthorized"]


def test_lab_refuses_a_variant_the_fault_does_not_have() -> None:
    result = CliRunner().invoke(main, ["lab", "--fault", "password-mismatch[where=moon]"])
    assert result.exit_code == 2
    assert "'password-mismatch[where=moon]' is not a variant of password-mismatch" in (
        result.output
    )
    assert "password-mismatch[where=iis], password-mismatch[where=account]" in result.output


TWO_FAULTS = ["--fault", "account-disabled", "--fault", "password-mismatch[where=iis]"]


def test_repeated_faults_make_a_lab_of_several(tmp_path: Path) -> None:
    """Both faults are made: enabling the account leaves the wrong password in IIS."""
    script = tmp_path / "session.txt"
    script.write_text("browse\nnet user IUSR_WEB18 /active:yes\nbrowse\nexit\n")
    result = CliRunner().invoke(main, ["lab", *TWO_FAULTS, "--script", str(script)])
    assert result.exit_code == 0, result.output
    assert _browses(result.output) == [
        "GET /: HTTP 401.1 Unauthorized",
        "GET /: HTTP 401.1 Unauthorized",
    ]
    assert (
        "Event ID 529"
        in CliRunner()
        .invoke(
            main,
            ["lab", *TWO_FAULTS, "--script", "-"],
            input="net user IUSR_WEB18 /active:yes\nbrowse\nevents 1\nexit\n",
        )
        .output
    )


def test_a_random_lab_prints_its_seed_and_replays_from_it(tmp_path: Path) -> None:
    script = tmp_path / "session.txt"
    script.write_text("browse\nevents 1\nexit\n")
    first = CliRunner().invoke(main, ["lab", "--fault", "random", "--script", str(script)])
    assert first.exit_code == 0, first.output
    head, *rest = first.output.splitlines()
    words = head.split()
    assert words[0] == "Seed" and words[1].endswith(":"), head
    seed = words[1].rstrip(":")
    assert head == f"Seed {seed}: replay this lab with --seed {seed}."
    again = CliRunner().invoke(
        main, ["lab", "--fault", "random", "--seed", seed, "--script", str(script)]
    )
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == rest


def test_power_cycle_brings_back_a_stopped_server() -> None:
    """With automatic restart off, a bug check leaves the server stopped until the trainee
    switches it off and on."""
    from rich.console import Console

    from authlab.labs.console import Lab
    from simulator import registry as reg
    from simulator.factory import HostSpec, build_host
    from winfacts.ntstatus import STATUS_AUDIT_FAILED

    host = build_host(HostSpec(seed=7))
    host.registry.set(reg.CRASH_CONTROL, "AutoReboot", reg.RegType.REG_DWORD, 0)
    host.crash(STATUS_AUDIT_FAILED)
    console = Console(record=True, width=200)
    lab = Lab(host, console)
    for line in ("browse", "wait 1d", "browse", "power cycle", "browse", "power on"):
        lab.execute(line)
    text = console.export_text()
    assert text.count("GET /: no response (the server does not answer)") == 2
    assert f"{host.computer_name} was switched off and on; it is running again." in text
    assert text.rstrip().endswith("power takes one word: power cycle")
    assert "GET /: HTTP 200 OK" in text


def test_a_script_gives_the_same_transcript_byte_for_byte_and_never_wraps(
    tmp_path: Path,
) -> None:
    long_line = "echo " + "x" * 300
    script = tmp_path / "session.txt"
    script.write_text(f"browse\n{long_line}\nevents 2\nwait 2h\ntime\nlog 3\nexit\n")
    arguments = ["lab", "--fault", "account-locked-out", "--seed", "5", "--script", str(script)]
    first = CliRunner().invoke(main, arguments, env={"COLUMNS": "40"})
    second = CliRunner().invoke(main, arguments, env={"COLUMNS": "40"})
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert f"C:\\> {long_line}\n" in first.output
