"""Every scenario in features/, run through the steps in steps/ against the chosen backend
(AUTHLAB_BACKEND, the simulator by default)."""

from pytest_bdd import scenarios

scenarios(".")
