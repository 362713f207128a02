"""Bundles made of the real fixtures, whole and broken: every run of `authlab diagnose` ends in a
diagnosis (exit 0, 1 or 3, with the contract's JSON) or in exit 2 naming the file that could not
be read. Never a traceback, never exit 1 for a file it could not read.

The bundles come from tests/fixtures/real only (no simulator): each draw takes one real file per
bundle file of the contract, puts it under the contract's name, and breaks one of them with a
few byte-level edits.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authlab.cli import main

REAL = Path(__file__).parent / "fixtures" / "real"

#: Contract name -> the fixture folder that holds real files of that kind.
KINDS: dict[str, str] = {
    "MetaBase.xml": "metabase",
    "applicationHost.config": "apphost",
    "secedit.inf": "secedit",
    "lsa.reg": "reg",
    "net-user-IUSR_WEB01.txt": "net-user",
    "net-localgroup-Guests.txt": "net-localgroup",
    "ad.ldif": "ldif",
    "Security.xml": "security-xml",
    "Security.evtx": "evtx",
    "Security.csv": "security-csv",
    "Security-log.txt": "wevtutil",
    "auditpol.csv": "auditpol",
    "W3SVC1/u_ex261124.log": "w3c",
    "icacls.txt": "icacls",
    "host.json": "host-json",
}
FILES: dict[str, list[Path]] = {
    name: sorted(p for p in (REAL / folder).iterdir() if p.is_file())
    for name, folder in KINDS.items()
}
ALL = sorted(path for paths in FILES.values() for path in paths)


def _diagnose(bundle: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diagnose", "--bundle", str(bundle), "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"a traceback: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


def _holds_the_contract(bundle: Path, code: int, out: str, err: str) -> None:
    names = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()]
    if code == 2:
        assert err.startswith("authlab diagnose: "), err
        assert any(name in err for name in names), f"no bundle file named in {err!r}"
        assert out == ""
        return
    assert code in (0, 1, 3), (code, err)
    report = json.loads(out)
    assert report["schema"] == "authlab.diagnosis/1"
    assert report["verdict"] == {0: "healthy", 1: "faulty", 3: "inconclusive"}[code]


@pytest.mark.parametrize("fixture", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_real_file_alone_is_a_diagnosis_or_a_named_error(
    fixture: Path, tmp_path: Path
) -> None:
    name = next(n for n, paths in FILES.items() if fixture in paths)
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fixture, target)
    _holds_the_contract(tmp_path, *_diagnose(tmp_path))


@st.composite
def bundles(draw: st.DrawFn) -> dict[str, bytes]:
    """One real file per contract name (IIS 6 or IIS 7+, one Security log format), one of
    them broken by up to six byte edits."""
    config = draw(st.sampled_from(["MetaBase.xml", "applicationHost.config"]))
    log = draw(st.sampled_from(["Security.xml", "Security.evtx", "Security.csv"]))
    skip = {"MetaBase.xml", "applicationHost.config", "Security.xml", "Security.evtx"}
    skip |= {"Security.csv"}
    names = [config, log, *(n for n in FILES if n not in skip)]
    chosen = {n: draw(st.sampled_from(FILES[n])).read_bytes() for n in names}
    broken = draw(st.sampled_from(names))
    data = bytearray(chosen[broken])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["cut", "insert", "overwrite", "truncate"]))
        noise = draw(st.binary(min_size=1, max_size=4))
        if edit == "truncate":
            del data[at:]
        elif edit == "cut":
            del data[at : at + len(noise)]
        elif edit == "insert":
            data[at:at] = noise
        else:
            data[at : at + len(noise)] = noise
    chosen[broken] = bytes(data)
    return chosen


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bundles())
def test_broken_real_bundles_end_in_a_diagnosis_or_a_named_error(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, bytes]
) -> None:
    bundle = tmp_path_factory.mktemp("bundle")
    for name, data in files.items():
        target = bundle / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _holds_the_contract(bundle, *_diagnose(bundle))
