"""`authlab diagnose --ldap`: a live directory (the Samba DC) in place of the bundle's ad.ldif."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from authlab.cli import main
from authlab.samba_dc import SambaDC
from simulator.bundle import write_bundle
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host

ADMIN = "Administrator@LAB.EXAMPLE"


@pytest.fixture(scope="module")
def dc(authlab_samba_dc: SambaDC) -> SambaDC:
    return authlab_samba_dc


def _bundle(tmp_path: Path) -> tuple[Path, str]:
    """A member server whose anonymous user is a domain account, with only its configuration
    and accounts: no logs or probe to say how logons went, so the directory decides."""
    host = build_host(HostSpec(os=OsFamily.WS2022, account="domain"))
    host.iis.request("/")
    folder = tmp_path / "bundle"
    write_bundle(host, folder)
    for name in ("ad.ldif", "probe.json", "Security.xml"):
        (folder / name).unlink(missing_ok=True)
    for log in folder.glob("W3SVC*/*.log"):
        log.unlink()
    user, _ = host.iis.settings_for("/").split_user()
    return folder, user


def _diagnose(
    dc: SambaDC, folder: Path, *extra: str, password: str | None = None
) -> tuple[int, str, str]:
    env = {"AUTHLAB_LDAP_PASSWORD": password or dc.spec.admin_password.reveal()}
    result = CliRunner().invoke(
        main,
        ["diagnose", "--bundle", str(folder), "--format", "json", "--ldap", dc.ldaps_url, *extra],
        env=env,
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_disabled_account_in_the_live_directory(dc: SambaDC, tmp_path: Path) -> None:
    folder, user = _bundle(tmp_path)
    assert dc.samba_tool("user", "create", user, "Live-Pass-2026!").returncode == 0
    assert dc.samba_tool("user", "disable", user).returncode == 0
    code, out, err = _diagnose(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert '"id": "account-disabled"' in out
    assert f"{dc.ldaps_url}" in out


def test_an_account_that_is_not_there(dc: SambaDC, tmp_path: Path) -> None:
    folder, user = _bundle(tmp_path)
    dc.samba_tool("user", "delete", user)  # another test may have made it
    code, out, err = _diagnose(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, out) == (2, "")
    assert err == f"authlab diagnose: {dc.ldaps_url}: has no account {user!r}\n"


def test_a_wrong_bind_password(dc: SambaDC, tmp_path: Path) -> None:
    folder, _ = _bundle(tmp_path)
    code, out, err = _diagnose(dc, folder, "--bind", ADMIN, "--insecure", password="wrong")
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: refused the bind as {ADMIN!r} ('invalidCredentials')\n"
    )


def test_a_certificate_that_does_not_verify(dc: SambaDC, tmp_path: Path) -> None:
    folder, _ = _bundle(tmp_path)
    code, out, err = _diagnose(dc, folder, "--bind", ADMIN)
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: presents a certificate that does not verify; give "
        "the CA with --ca-file, or --insecure to read it anyway\n"
    )


def test_a_host_that_does_not_answer(dc: SambaDC, tmp_path: Path) -> None:
    folder, _ = _bundle(tmp_path)
    result = CliRunner().invoke(
        main,
        ["diagnose", "--bundle", str(folder), "--ldap", "ldaps://127.0.0.249", "--insecure"],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("authlab diagnose: ldaps://127.0.0.249: does not answer (")
