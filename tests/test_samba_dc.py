"""The real Samba AD domain controller: started and stopped by the harness, and its account
rules as a real DC answers them over SMB (reference windows-logon.md section 9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from authlab import samba_dc
from authlab.samba_dc import SambaDC, address_for, unavailable
from winfacts.secret import Secret

PASSWORD = Secret("Iusr-Pass-2026!")


@pytest.fixture(scope="module")
def dc(authlab_samba_dc: SambaDC) -> SambaDC:
    return authlab_samba_dc


def _user(dc: SambaDC, name: str, *extra: str) -> str:
    done = dc.samba_tool("user", "create", name, PASSWORD.reveal(), *extra)
    assert done.returncode == 0, done.stderr
    return name


def test_a_healthy_account_logs_on(dc: SambaDC) -> None:
    assert dc.logon(_user(dc, "iusr_ok"), PASSWORD) == "NT_STATUS_OK"


def test_a_wrong_password_and_an_unknown_user_are_both_logon_failure(dc: SambaDC) -> None:
    _user(dc, "iusr_wrong")
    assert dc.logon("iusr_wrong", Secret("not-the-password")) == "NT_STATUS_LOGON_FAILURE"
    assert dc.logon("nobody_here", PASSWORD) == "NT_STATUS_LOGON_FAILURE"


def test_a_disabled_account(dc: SambaDC) -> None:
    _user(dc, "iusr_off")
    assert dc.samba_tool("user", "disable", "iusr_off").returncode == 0
    assert dc.logon("iusr_off", PASSWORD) == "NT_STATUS_ACCOUNT_DISABLED"
    # a wrong password is checked first: the state of the account does not show
    assert dc.logon("iusr_off", Secret("not-the-password")) == "NT_STATUS_LOGON_FAILURE"


def test_an_expired_account(dc: SambaDC) -> None:
    _user(dc, "iusr_old")
    assert dc.samba_tool("user", "setexpiry", "iusr_old", "--days=0").returncode == 0
    time.sleep(1)  # expiry is "now": the next second is past it
    assert dc.logon("iusr_old", PASSWORD) == "NT_STATUS_ACCOUNT_EXPIRED"


def test_workstations_are_checked_against_the_name_the_client_presents(dc: SambaDC) -> None:
    dc.set_attribute(_user(dc, "iusr_ws"), "userWorkstations", "WEB01")
    assert dc.logon("iusr_ws", PASSWORD, workstation="WEB01") == "NT_STATUS_OK"
    assert dc.logon("iusr_ws", PASSWORD, workstation="OTHERPC") == ("NT_STATUS_INVALID_WORKSTATION")


def test_no_logon_hours(dc: SambaDC) -> None:
    dc.set_attribute(_user(dc, "iusr_hours"), "logonHours", bytes(21))
    assert dc.logon("iusr_hours", PASSWORD) == "NT_STATUS_INVALID_LOGON_HOURS"


def test_a_password_that_must_be_changed(dc: SambaDC) -> None:
    dc.set_attribute(_user(dc, "iusr_must"), "pwdLastSet", "0")
    assert dc.logon("iusr_must", PASSWORD) == "NT_STATUS_PASSWORD_MUST_CHANGE"


def test_three_bad_passwords_lock_the_account_out(dc: SambaDC) -> None:
    _user(dc, "iusr_lock")
    policy = ("domain", "passwordsettings", "set")
    assert dc.samba_tool(*policy, "--account-lockout-threshold=3").returncode == 0
    try:
        wrong = Secret("not-the-password")
        outcomes = [dc.logon("iusr_lock", wrong) for _ in range(3)]
        assert outcomes == ["NT_STATUS_LOGON_FAILURE"] * 3
        # from the fourth attempt on, the right password is refused too
        assert dc.logon("iusr_lock", PASSWORD) == "NT_STATUS_ACCOUNT_LOCKED_OUT"
    finally:
        assert dc.samba_tool(*policy, "--account-lockout-threshold=0").returncode == 0


def test_ldaps_binds_answer_with_the_data_codes_of_the_reference(dc: SambaDC) -> None:
    _user(dc, "iusr_ldap")
    _user(dc, "iusr_ldap_off")
    assert dc.samba_tool("user", "disable", "iusr_ldap_off").returncode == 0
    assert dc.ldap_bind("iusr_ldap", PASSWORD) == "0"
    assert dc.ldap_bind("iusr_ldap", Secret("not-the-password")) == "52e"
    assert dc.ldap_bind("iusr_ldap_off", PASSWORD) == "533"
    assert dc.ldap_bind("nobody_here", PASSWORD) == "52e"


def test_addresses_per_worker() -> None:
    assert [address_for(w) for w in (None, "gw0", "gw1", "gw7", "master")] == [
        "127.0.0.10",
        "127.0.0.11",
        "127.0.0.12",
        "127.0.0.18",
        "127.0.0.10",
    ]


def test_the_reason_when_samba_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(samba_dc.shutil, "which", lambda tool: None)
    monkeypatch.setattr(samba_dc.os, "geteuid", lambda: 0)
    assert unavailable("127.0.0.10") == (
        "samba, samba-tool, smbclient not found: install the Debian packages samba "
        "samba-ad-dc samba-ad-provision winbind smbclient ldb-tools krb5-user"
    )


def test_the_reason_when_not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(samba_dc.os, "geteuid", lambda: 1000)
    assert unavailable("127.0.0.10") == (
        "a Samba AD DC needs root to provision and to bind ports 88, 135, 139, 389, 445, 464, "
        "636 (this runs as uid 1000)"
    )


_INTERRUPTED = textwrap.dedent(
    """
    import os, time
    from pathlib import Path

    def test_waits(authlab_samba_dc):
        Path(os.environ["AUTHLAB_MARK"]).write_text(
            f"{authlab_samba_dc.process.pid} {authlab_samba_dc.root}"
        )
        time.sleep(600)
    """
)


def test_an_interrupted_run_leaves_no_process_and_no_directory(tmp_path: Path, dc: SambaDC) -> None:
    # Needs a DC to be possible here (the module's fixture skips otherwise); the inner run
    # starts its own on another address.
    (tmp_path / "test_inner.py").write_text(_INTERRUPTED)
    mark = tmp_path / "mark"
    env = {**os.environ, "AUTHLAB_SAMBA_ADDRESS": "127.0.0.250", "AUTHLAB_MARK": str(mark)}
    env.pop("PYTEST_XDIST_WORKER", None)
    inner = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_inner.py"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 240
        while not mark.exists() and inner.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert mark.exists(), (inner.stdout.read() if inner.stdout else b"").decode()
        pid_text, root = mark.read_text().split(" ", 1)
        pid = int(pid_text)
        assert _alive(pid) and Path(root).is_dir()
        inner.send_signal(signal.SIGINT)  # Ctrl-C
        inner.wait(120)
    finally:
        if inner.poll() is None:
            inner.kill()
            inner.wait()
    assert not _alive(pid)
    assert not Path(root).exists()
    assert not [p for p in Path("/proc").glob("[0-9]*") if _runs_from(p, root)]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _runs_from(proc: Path, root: str) -> bool:
    try:
        return root.encode() in (proc / "cmdline").read_bytes()
    except OSError:
        return False
