"""A throwaway Samba AD domain controller on a loopback address.

`SambaDC` provisions a domain in a temporary directory (``samba-tool domain provision``, about
3 s), starts ``samba`` in the foreground in its own process group, bound to one loopback
address only, and waits until LDAPS (636) and SMB (445) answer. `close` stops exactly the
process group it started and removes the directory; it runs from a ``with`` block, a pytest
finalizer, and, should the interpreter die first, the kernel ends the DC with it
(``PR_SET_PDEATHSIG``). Facts: reference windows-logon.md section 9.

Each DC takes its own loopback address (127.0.0.10 upwards), so that several (one per
pytest-xdist worker) run side by side on the fixed ports without a clash.

`unavailable` says, in one sentence, why a DC can not run here (not root, the Debian packages
missing, a port taken); callers skip with that sentence.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import functools
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import attrs

from winfacts.secret import Secret

#: The fixed ports a DC binds on its address: Kerberos, RPC, NetBIOS, LDAP, SMB, kpasswd, LDAPS.
PORTS: Final = (88, 135, 139, 389, 445, 464, 636)
#: What must answer before the DC counts as started.
READY_PORTS: Final = (636, 445)
#: The Debian packages a DC needs (reference windows-logon.md section 9).
PACKAGES: Final = (
    "samba",
    "samba-ad-dc",
    "samba-ad-provision",
    "winbind",
    "smbclient",
    "ldb-tools",
    "krb5-user",
)
PROVISION_TIMEOUT: Final = 180.0
START_TIMEOUT: Final = 90.0
STOP_TIMEOUT: Final = 15.0
#: The marker in the directory's name; a test looks for leftovers by it.
PREFIX: Final = "authlab-samba-"
#: ldb controls for `SambaDC.ldb`: an add may carry its objectSid (relax); pwdLastSet may take
#: any moment (Samba's password-hash module bypassed, DSDB_CONTROL_BYPASS_PASSWORD_HASH_OID).
RELAX: Final = "relax:0"
BYPASS_PASSWORD_HASH: Final = "local_oid:1.3.6.1.4.1.7165.4.3.12:0"
#: Where smbd, winbindd and the RPC services keep their sockets; fixed at build time.
SAMBA_RUN: Final = "/run/samba"

_PR_SET_PDEATHSIG: Final = 1
_STATUS: Final = re.compile(r"NT_STATUS_[A-Z_]+")
_DATA: Final = re.compile(r"\bdata ([0-9a-f]+)\b")

Progress = Callable[[str], None]


class SambaUnavailable(RuntimeError):
    """A DC can not run here, or did not start; the message says why in one sentence."""


@attrs.frozen
class DomainSpec:
    """The throwaway domain: its DNS realm, NetBIOS name, the DC's host name, and the
    Administrator's password."""

    realm: str = "LAB.EXAMPLE"
    domain: str = "LAB"
    host_name: str = "dc1"
    admin_password: Secret = attrs.field(default=Secret("Adm1n-Lab-Pass!"))


def address_for(worker: str | None) -> str:
    """The loopback address of the DC for a pytest-xdist worker (``gw0``, ``gw1`` ...; None
    for a run without workers)."""
    if worker is None or not worker.startswith("gw") or not worker[2:].isdecimal():
        return "127.0.0.10"
    number = int(worker[2:])
    if number > 200:
        raise SambaUnavailable(f"no loopback address is set aside for worker {worker}")
    return f"127.0.0.{11 + number}"


def unavailable(address: str) -> str | None:
    """Why a DC on ``address`` can not run here, or None when it can."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return (
            f"a Samba AD DC needs root to provision and to bind ports {_ports()} "
            f"(this runs as uid {os.geteuid()})"
        )
    missing = [tool for tool in ("samba", "samba-tool", "smbclient") if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not found: install the Debian packages {' '.join(PACKAGES)}"
    for port in PORTS:
        taken = _taken(address, port)
        if taken:
            return f"port {port} on {address} can not be bound ({taken})"
    return None


class SambaDC:
    """One DC: `start` provisions and starts it, `close` stops it and removes its directory."""

    def __init__(
        self,
        address: str = "127.0.0.10",
        spec: DomainSpec | None = None,
        *,
        progress: Progress | None = None,
    ) -> None:
        self.address = address
        self.spec = spec if spec is not None else DomainSpec()
        self._progress = progress
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None
        self._admin: Any = None
        self._domain_sid: str | None = None

    # -- where things are -----------------------------------------------------------------------
    @property
    def smb_conf(self) -> Path:
        return self._dir / "etc" / "smb.conf"

    @property
    def sam_ldb(self) -> Path:
        return self._dir / "private" / "sam.ldb"

    @property
    def ldaps_url(self) -> str:
        return f"ldaps://{self.address}"

    @property
    def base_dn(self) -> str:
        return ",".join(f"DC={part}" for part in self.spec.realm.split("."))

    @property
    def _dir(self) -> Path:
        if self.root is None:
            raise SambaUnavailable("the DC has not been provisioned")
        return self.root

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> SambaDC:
        reason = unavailable(self.address)
        if reason is not None:
            raise SambaUnavailable(reason)
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        try:
            self._provision()
            self._launch()
            self._wait_ready()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stop the process group this DC started (if it runs) and remove its directory."""
        admin, self._admin = self._admin, None
        if admin is not None:
            with contextlib.suppress(Exception):
                admin.unbind()
        self._domain_sid = None
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(STOP_TIMEOUT)
        if process is not None:
            # children samba forked stay in its group after it ends: end them too
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        root, self.root = self.root, None
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def __enter__(self) -> SambaDC:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- commands -------------------------------------------------------------------------------
    def samba_tool(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        """``samba-tool ARGS`` against this DC's database; output as text, never raising."""
        return subprocess.run(
            ["samba-tool", *args, "-H", str(self.sam_ldb), "-s", str(self.smb_conf)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def logon(self, user: str, password: Secret, workstation: str | None = None) -> str:
        """A real NTLM network logon of ``user`` (``DOMAIN\\user``, ``user@realm`` or a bare
        name in this domain): an SMB session setup with ``smbclient``, presenting
        ``workstation`` as the client's NetBIOS name. The NTSTATUS name the DC answered,
        ``NT_STATUS_OK`` for a logon that succeeded."""
        # DOMAIN\\user and user@realm go as typed; a bare name is this domain's
        account = user if ("\\" in user or "@" in user) else f"{self.spec.domain}\\{user}"
        # NTLM only: the logon a member server passes through to its DC (NetrLogonSamLogon).
        command = [
            "smbclient",
            f"//{self.address}/IPC$",
            "-U",
            account,
            "-c",
            "exit",
            "--use-kerberos=off",
        ]
        if workstation is not None:
            command += ["--netbiosname", workstation]
        # smbclient takes the password from PASSWD: never in the arguments, where `ps` shows it
        environment = {**os.environ, "PASSWD": password.reveal()}
        done = subprocess.run(
            command,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode == 0:
            return "NT_STATUS_OK"
        found = _STATUS.search(done.stdout + done.stderr)
        if found is None:
            raise SambaUnavailable(
                f"smbclient answered no NTSTATUS: {_last_line(done.stderr, password)}"
            )
        return found.group(0)

    def ldap_bind(self, user: str, password: Secret) -> str:
        """A simple bind of ``user`` (a bare name in this domain, or a UPN) over LDAPS, as a
        diagnostic tool's credential check does it: ``"0"`` when it succeeds, else the ``data``
        code of the DC's AcceptSecurityContext message (``52e``, ``533``, ``775`` ...).

        The DC's certificate is the self-signed one Samba made at start-up, so it is not
        verified here: this is the harness talking to the DC it started itself."""
        import ssl

        import ldap3

        principal = user if "@" in user else f"{user}@{self.spec.realm}"
        tls = ldap3.Tls(validate=ssl.CERT_NONE)
        server = ldap3.Server(self.address, port=636, use_ssl=True, tls=tls, connect_timeout=10)
        connection = ldap3.Connection(server, user=principal, password=password.reveal())
        try:
            if connection.bind():
                return "0"
            message = str(connection.result.get("message", ""))
        finally:
            connection.unbind()
        found = _DATA.search(message)
        if found is None:
            raise SambaUnavailable(f"the DC refused the bind without a data code: {message[:200]}")
        return found.group(1)

    def set_attribute(self, user: str, attribute: str, value: str | bytes) -> None:
        """Replace one attribute of a user in CN=Users as stored (``ldbmodify`` on the
        database: no schema-level checks beyond Samba's own); bytes go base64-encoded, as LDIF
        writes binary values. `SambaUnavailable` when ldbmodify refuses."""
        if isinstance(value, bytes):
            line = f"{attribute}:: {base64.b64encode(value).decode('ascii')}"
        else:
            line = f"{attribute}: {value}"
        change = (
            f"dn: CN={user},CN=Users,{self.base_dn}\nchangetype: modify\n"
            f"replace: {attribute}\n{line}\n"
        )
        self._ldb_tool("ldbmodify", stdin=change)

    def ldb(self, tool: str, ldif: str, *controls: str) -> None:
        """``ldbadd`` or ``ldbmodify`` of ``ldif`` on the database, with ldb ``controls``
        (``relax:0`` lets an add carry its objectSid; the password-hash bypass lets pwdLastSet
        take any moment). The LDIF goes on stdin, so a password in it never shows in ``ps``.
        `SambaUnavailable` with the tool's last line when it refuses."""
        if tool not in ("ldbadd", "ldbmodify"):
            raise ValueError(f"not an ldb tool that reads LDIF: {tool}")
        self._ldb_tool(tool, *(f"--controls={control}" for control in controls), stdin=ldif)

    def _ldb_tool(self, tool: str, *args: str, stdin: str | None = None) -> str:
        """One ldb tool on this DC's database; its output, or `SambaUnavailable`."""
        done = subprocess.run(
            [tool, "-H", str(self.sam_ldb), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            why = _last_line(done.stderr or done.stdout, self.spec.admin_password)
            raise SambaUnavailable(f"{tool} failed: {why}")
        return done.stdout

    def expunge_deleted(self) -> int:
        """Remove every tombstone (``CN=Deleted Objects``) for good; how many there were.

        A deleted object keeps its objectSid as a tombstone, so an object made again with the
        same SID (the harness's scenarios do that) would break the DC's unique index. Only a
        throwaway DC may do this: on a real one it would break replication."""
        found = self._ldb_tool(
            "ldbsearch", "--controls=show_deleted:1", "(&(isDeleted=TRUE)(objectSid=*))", "dn"
        )
        dns = [line[4:] for line in found.splitlines() if line.startswith("dn: ")]
        if dns:
            self._ldb_tool("ldbdel", "--controls=show_deleted:1", "--controls=relax:0", *dns)
        return len(dns)

    def admin_connection(self) -> Any:
        """An ldap3 connection bound as the domain's Administrator over LDAPS, kept open for
        this DC's life (the harness's own; the certificate is the one Samba made itself)."""
        import ssl

        import ldap3

        if self._admin is None or self._admin.closed:
            tls = ldap3.Tls(validate=ssl.CERT_NONE)
            server = ldap3.Server(self.address, port=636, use_ssl=True, tls=tls)
            self._admin = ldap3.Connection(
                server,
                user=f"Administrator@{self.spec.realm}",
                password=self.spec.admin_password.reveal(),
                auto_bind=True,
                raise_exceptions=True,
            )
        return self._admin

    @property
    def domain_sid(self) -> str:
        """The domain's SID as text (S-1-5-21-...), read from the domain object once."""
        if self._domain_sid is None:
            import ldap3

            connection = self.admin_connection()
            connection.search(
                self.base_dn, "(objectClass=domain)", ldap3.BASE, attributes=["objectSid"]
            )
            self._domain_sid = str(connection.response[0]["attributes"]["objectSid"])
        return self._domain_sid

    def _provision(self) -> None:
        self._say("provisioning the domain")
        spec = self.spec
        command = [
            "samba-tool",
            "domain",
            "provision",
            f"--targetdir={self._dir}",
            f"--realm={spec.realm}",
            f"--domain={spec.domain}",
            "--server-role=dc",
            "--dns-backend=NONE",
            f"--adminpass={spec.admin_password.reveal()}",
            f"--host-name={spec.host_name}",
            f"--host-ip={self.address}",
            # Samba takes an address as an interface only with a mask that a local interface's
            # network holds: lo is 127.0.0.1/8, so every 127.x address is one of its own.
            f"--option=interfaces={self.address}/8",
            "--option=bind interfaces only=yes",
            f"--option=pid directory={self._dir / 'run'}",
            f"--option=ntp signd socket directory={self._dir / 'ntp_signd'}",
            f"--option=log file={self._dir / 'log.%m'}",
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PROVISION_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise SambaUnavailable(
                f"samba-tool domain provision did not end within {PROVISION_TIMEOUT:.0f} s"
            ) from exc
        if done.returncode != 0:
            raise SambaUnavailable(
                "samba-tool domain provision failed: "
                + _last_line(done.stderr or done.stdout, spec.admin_password)
            )

    def _launch(self) -> None:
        self._say("starting samba")
        self._log = self._dir / "samba.log"
        with open(self._log, "wb") as log:
            self.process = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: close() ends it and its children
                preexec_fn=_die_with_parent,
            )

    def _command(self) -> list[str]:
        """``samba`` in the foreground, in a mount namespace of its own where one can be made.

        smbd finds winbindd (for a user's unix id after each successful logon) at the fixed
        path /run/samba/winbindd, compiled into libwbclient and libnss_winbind; a second DC
        on the machine would take that socket over and the first would answer every good
        password with NT_STATUS_INTERNAL_ERROR. Its own /run/samba keeps each DC's to itself."""
        samba = ["samba", "-s", str(self.smb_conf), "-i", "-M", "single"]
        if not private_mounts():
            return samba
        run = self._dir / "run-samba"
        run.mkdir(exist_ok=True)
        Path(SAMBA_RUN).mkdir(parents=True, exist_ok=True)
        script = f"mount --bind {shlex.quote(str(run))} {SAMBA_RUN} && exec " + " ".join(
            shlex.quote(part) for part in samba
        )
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]

    def _wait_ready(self) -> None:
        self._say(f"waiting for LDAPS and SMB on {self.address}")
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(READY_PORTS)
        while waiting:
            process = self.process
            if process is None or process.poll() is not None:
                code = None if process is None else process.returncode
                raise SambaUnavailable(
                    f"samba ended (exit status {code}) before it answered: {self._log_tail()}"
                )
            if _answers(self.address, waiting[0]):
                waiting.pop(0)
                continue
            if time.monotonic() > deadline:
                raise SambaUnavailable(
                    f"samba did not answer on {self.address}:{waiting[0]} within "
                    f"{START_TIMEOUT:.0f} s"
                )
            time.sleep(0.2)

    def _log_tail(self) -> str:
        if self._log is None or not self._log.exists():
            return "no log"
        return _last_line(self._log.read_text(errors="replace"), self.spec.admin_password)

    def _say(self, what: str) -> None:
        if self._progress is not None:
            self._progress(what)


@contextlib.contextmanager
def running_dc(address: str, progress: Progress | None = None) -> Iterator[SambaDC]:
    """A started DC for the ``with`` block, stopped and removed after it, however it ends."""
    dc = SambaDC(address, progress=progress)
    dc.start()
    try:
        yield dc
    finally:
        dc.close()


@functools.cache
def private_mounts() -> bool:
    """Whether this machine lets root make a mount namespace (containers may not)."""
    if shutil.which("unshare") is None:
        return False
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "true"],
            capture_output=True,
            timeout=10,
            check=False,
        )
        return done.returncode == 0
    return False


def _die_with_parent() -> None:
    """In the child before exec: the kernel sends SIGTERM when the parent dies, so a DC never
    outlives a test run that was killed."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _answers(address: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((address, port), timeout=1.0):
        return True
    return False


def _taken(address: str, port: int) -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _ports() -> str:
    return ", ".join(str(port) for port in PORTS)


def _last_line(text: str, password: Secret) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = lines[-1] if lines else "no output"
    return line.replace(password.reveal(), "(withheld)")[:300]
