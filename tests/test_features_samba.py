"""The domain-account scenarios of features/ once more, on the simulated web server joined to a
real Samba AD domain controller (`authlab.backends.samba`): the same steps and expectations,
with the DC deciding every domain logon. Scenarios without the ``domain`` tag are left out at
collection (tests/conftest.py): nothing in them is the DC's. Where no DC can run here, each
skips with the reason."""

import pytest
from pytest_bdd import scenarios

scenarios("../features")


@pytest.fixture
def backend_name() -> str:
    return "samba"
