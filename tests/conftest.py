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
