"""One world per scenario: the backend, the server it started, and what the last request saw."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from authlab.backends import (
    AuditView,
    Backend,
    HttpResult,
    ServerInfo,
    UnavailableBackend,
    backend_named,
)

#: The platforms features name, in the words a web administrator uses.
PLATFORM_NAMES: dict[str, str] = {
    "IIS 6 with a local account": "iis6-local",
    "IIS 6 with a domain account": "iis6-domain",
    "IIS 6 on a domain controller": "iis6-dc",
    "IIS 10 with a local account": "iis10-local",
    "IIS 10 with a domain account": "iis10-domain",
}


@attrs.define
class World:
    backend: Backend
    tmp: Path
    server: ServerInfo | None = None
    response: HttpResult | None = None
    audit_mark: AuditView | None = None  # the newest logon audit before the last request
    last_output: str = ""
    last_exit: int = 0
    diagnosis: object | None = None
    bundles: int = 0

    @property
    def info(self) -> ServerInfo:
        assert self.server is not None, "start with 'Given a healthy web server running ...'"
        return self.server

    @property
    def domain_account(self) -> bool:
        info = self.info
        return info.anonymous_authority.upper() != info.computer.upper()

    def expand(self, text: str) -> str:
        """Placeholders in commands: {account}, {qualified}, {computer}, {domain}, {/domain}."""
        info = self.info
        return (
            text.replace("{account}", info.anonymous_user)
            .replace("{qualified}", f"{info.anonymous_authority}\\{info.anonymous_user}")
            .replace("{computer}", info.computer)
            .replace("{domain}", info.domain or info.computer)
            .replace("{/domain}", "/domain" if self.domain_account else "")
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        default=None,
        choices=("simulator", "samba", "container"),
        help="what the scenarios in features/ run against (default: AUTHLAB_BACKEND, else "
        "the simulator); samba joins the simulated server to a real Samba AD DC",
    )


def backend_choice(config: pytest.Config) -> str:
    """--backend, else AUTHLAB_BACKEND, else the simulator."""
    chosen = config.getoption("backend", default=None)
    return str(chosen or os.environ.get("AUTHLAB_BACKEND") or "simulator")


@pytest.fixture
def backend_name(request: pytest.FixtureRequest) -> str:
    """The backend this module's scenarios run against; a test module may override it."""
    return backend_choice(request.config)


@pytest.fixture
def world(request: pytest.FixtureRequest, backend_name: str, tmp_path: Path) -> Iterator[World]:
    try:
        backend = backend_named(
            backend_name, domain_controller=lambda: request.getfixturevalue("authlab_samba_dc")
        )
    except UnavailableBackend as exc:
        pytest.skip(str(exc))
    yield World(backend, tmp_path)
    backend.close()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> object:
    """A backend that can not do what a step asks (a platform it does not hold, an action it can
    not perform) says why with `UnavailableBackend`: the scenario skips with that sentence."""
    try:
        return (yield)
    except UnavailableBackend as exc:
        # pytest-bdd's steps ask for the world themselves: it is among the item's fixtures
        # only once requested, so the name comes from the fixture that chose the backend.
        try:
            name = str(pyfuncitem._request.getfixturevalue("backend_name"))
        except pytest.FixtureLookupError:
            name = backend_choice(pyfuncitem.config)
        pytest.skip(f"the {name} backend: {exc}")
