from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host


@pytest.fixture
def iis6() -> Host:
    return build_host(HostSpec(seed=7, os=OsFamily.WS2003))


@pytest.fixture
def iis6_domain() -> Host:
    return build_host(HostSpec(seed=7, os=OsFamily.WS2003, account="domain"))


@pytest.fixture
def iis10() -> Host:
    return build_host(HostSpec(seed=7, os=OsFamily.WS2022))


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A bundle of one real file (a Windows Server 2016 lsa.reg), for the command line tests."""
    directory = tmp_path / "bundle"
    directory.mkdir()
    real = Path(__file__).parent / "fixtures" / "real"
    shutil.copyfile(real / "reg" / "lsa-ws2016.reg", directory / "lsa.reg")
    return directory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """test_features_samba.py runs the domain-account scenarios only; the rest are local
    accounts, which the samba backend leaves to the simulator."""
    kept = [
        item
        for item in items
        if not item.nodeid.startswith("tests/test_features_samba.py")
        or item.get_closest_marker("domain") is not None
    ]
    if len(kept) != len(items):
        staying = {id(item) for item in kept}
        dropped = [item for item in items if id(item) not in staying]
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
