"""The simulator's LogonUser against a real Samba AD DC, state by state.

`authlab.fidelity.states` generates the account states (every restriction alone, in pairs and
triples, lockout sequences around the threshold, names and UPNs, times just before and after,
userWorkstations spellings, earlier passwords after changes and resets). Each part below makes
its share on the session's DC and in the simulator and runs the same steps on both; the
expectation is the DC's answer (LDAP ``data`` code, SMB NT_STATUS, badPwdCount and lockout read
back), never the simulator's. Where Samba is known not to be Windows, the DC must answer as
the documented divergence says. docs/fidelity.md is the report of the same comparison.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from authlab.fidelity import compare, report, run
from authlab.fidelity.states import Age, Change, Logon, chunk, generate
from authlab.samba_dc import SambaDC

#: Parts of the state list, so pytest-xdist spreads them over its workers' DCs.
PARTS = 8
STATES = generate()
DOC = Path(__file__).resolve().parent.parent / "docs" / "fidelity.md"


@pytest.mark.parametrize("part", range(PARTS))
def test_the_simulator_answers_as_the_dc(authlab_samba_dc: SambaDC, part: int) -> None:
    results = run.on_dc(authlab_samba_dc, chunk(STATES, part, PARTS))
    assert len(results) == len(chunk(STATES, part, PARTS))
    problems = [problem for r in results if (problem := compare.judge(r)) is not None]
    assert problems == []


def _pick(family: str, *steps: object) -> list:
    return [s for s in STATES if s.family == family and s.rules == () and s.steps == steps]


def test_the_dc_takes_the_previous_password_for_an_hour(authlab_samba_dc: SambaDC) -> None:
    """Literal answers of the DC itself for the earlier-password rules over SMB (the per-part
    tests compare them with the simulator; these pin what the DC says)."""
    smb = "smb"
    within = _pick(
        "history",
        Change("change"),
        Logon("n1", smb, "netbios", "WEB01"),
        Logon("current", smb, "netbios", "WEB01"),
        Logon("wrong", smb, "netbios", "WEB01"),
    )
    later = _pick("history", Change("reset"), Age(61 * 60), Logon("n1", smb, "netbios", "WEB01"))
    spared = _pick(
        "history",
        Change("change"),
        Change("reset"),
        *[Logon("n2", smb, "netbios", "WEB01")] * 4,
        Logon("current", smb, "netbios", "WEB01"),
    )
    counted = _pick(
        "history",
        *[Change("reset")] * 3,
        *[Logon("n3", smb, "netbios", "WEB01")] * 4,
        Logon("current", smb, "netbios", "WEB01"),
    )
    assert len(within) == len(later) == len(spared) == len(counted) == 1
    results = run.on_dc(authlab_samba_dc, within + later + spared + counted)
    real = [(r.real.answers, r.real.bad_count, r.real.locked) for r in results]
    assert real == [
        (("NT_STATUS_OK", "NT_STATUS_OK", "NT_STATUS_LOGON_FAILURE"), 1, False),
        # after the hour the previous password is refused, and still not counted (N-1)
        (("NT_STATUS_LOGON_FAILURE",), 0, False),
        (("NT_STATUS_LOGON_FAILURE",) * 4 + ("NT_STATUS_OK",), 0, False),
        # a password three changes old counts like any wrong one: locked after the third
        (("NT_STATUS_LOGON_FAILURE",) * 3 + ("NT_STATUS_ACCOUNT_LOCKED_OUT",) * 2, 3, True),
    ]


def test_the_states_are_many_and_fixed() -> None:
    assert len(STATES) == 2087
    assert generate() == STATES
    families = Counter(s.family for s in STATES)
    assert families == {
        "restrictions": 1736,
        "lockout": 39,
        "names": 96,
        "times": 76,
        "workstations": 68,
        "history": 72,
    }
    assert sum(len(chunk(STATES, part, PARTS)) for part in range(PARTS)) == 2087


def test_the_report_is_current() -> None:
    assert DOC.exists(), (
        "docs/fidelity.md is missing: run `authlab fidelity --write docs/fidelity.md`"
    )
    expected = report.render(run.without_dc(STATES))
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/fidelity.md is stale: run `authlab fidelity --write docs/fidelity.md`"
    )


def test_a_state_outside_every_class_is_reported() -> None:
    state = STATES[0]
    agreed = compare.Answers(("0",), 0, False)
    result = compare.Result(state, compare.Answers(("533",), 0, False), agreed)
    assert compare.judge(result) == (
        "fid0000 [none]: ldap logon (netbios) with the current password: DC 533, simulator 0"
    )
    assert compare.judge(compare.Result(state, agreed, agreed)) is None


def test_the_command_tells_a_stale_report(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from authlab.cli import main

    current = CliRunner().invoke(main, ["fidelity", "--check", "--write", str(DOC)])
    assert (current.exit_code, current.output) == (0, f"{DOC} is current\n")
    stale = tmp_path / "fidelity.md"
    stale.write_text("# an old report\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["fidelity", "--check", "--write", str(stale)])
    assert refused.exit_code == 1
    assert f"{stale} is stale: run `authlab fidelity --write {stale}`" in refused.output
