from __future__ import annotations

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
