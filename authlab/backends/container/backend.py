"""`ContainerBackend`: the Backend protocol on a real Windows Server Core IIS in a Windows
container, driven only through an `ExecTransport` (argv lists, each with a timeout).

What each method does on the real server, and why:

- ``start``: a fresh container (the launcher: engine probe, image tag, the harness's label,
  testcontainers `DockerContainer` with Ryuk off and an HTTP wait), then the anonymous account
  ``IUSR_AUTHLAB`` (`faults.create_account`), the capability probes, and the baseline
  `snapshot`. Anything failing after the container exists removes it before raising.
- ``run``: ``cmd.exe /d /c LINE``, the line as the one argument after /c: the only place a line
  is passed whole, for cmd.exe to parse as typed. The engine turns argv into a Windows command
  line by escaping each argument (moby daemon/exec_windows.go: ``escapeArgs``), which writes a
  ``"`` as ``\\"``; cmd.exe knows no backslash escape, so a line holding ``"`` goes through
  PowerShell instead, which starts cmd.exe with the line verbatim in its command line
  (ProcessStartInfo.Arguments, as the collector's Invoke-Cmd does) and the same handles.
- ``request``: a GET from inside the container (remote clients get generic error pages under
  httpErrors DetailedLocalOnly), then ``netsh http flush logbuffer`` and the W3C log read back:
  the sub-status and Win32 status come from the log line of that request, read with
  `checks.readers.w3c` (its ``#Fields:``). Invoke-WebRequest's own status is the fallback when
  no line is found.
- ``console``: "Password never expires" with ``Set-LocalUser -PasswordNeverExpires``; "Audit
  logon events" of the local policy with a secedit template ([Event Audit]); a GPO action is
  `UnavailableBackend` (the container is in no domain).
- ``wait`` and ``fill_security_log`` are `UnavailableBackend`; ``restart`` recycles the pool
  (``iisreset`` would end the container, whose ServiceMonitor.exe exits with W3SVC).
- ``collect``: the project's collector written in (`powershell.write_file`), run with
  ``powershell -File``, and each bundle file read back as base64 of its bytes.
- ``close``: removes the container; safe to call twice.

Capabilities no public source confirms for a container are probed at start and recorded in
`ContainerBackend.capabilities` (`report` says them): whether a failed logon writes 4625,
whether ``net user /workstations:`` and ``/expires:`` refuse IIS's logon. A probe that can not
run records None; none of them fails ``start``. Faults that need one are `UnavailableBackend`
where it does not hold.
"""

from __future__ import annotations

import base64
import re
import secrets
import string
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final, Protocol

import attrs

from checks.bundle_files import accepted
from checks.readers.security_xml import iter_security_xml
from checks.readers.w3c import W3cEntry, iter_w3c
from winfacts.secret import Secret

from ..base import (
    AuditLogonEvents,
    ConsoleAction,
    GpoRight,
    HttpResult,
    PasswordNeverExpires,
    RefusedAction,
    ServerInfo,
    UnavailableBackend,
)
from . import faults as F
from . import snapshot as S
from .faults import Command, mask, run
from .powershell import encoded, quoted, write_file
from .transport import ExecResult, ExecTransport, TransportError

PLATFORM: Final = "iis10-local"
LOG_DIR: Final = r"C:\inetpub\logs\LogFiles\W3SVC1"
NETSH: Final = F.SYSTEM32 + r"\netsh.exe"
WEVTUTIL: Final = F.SYSTEM32 + r"\wevtutil.exe"
HOSTNAME: Final = F.SYSTEM32 + r"\hostname.exe"
CMD: Final = F.SYSTEM32 + r"\cmd.exe"
COLLECTOR: Final = Path(__file__).resolve().parents[3] / "collector" / "Collect-AuthlabBundle.ps1"
COLLECTOR_IN: Final = F.WORK + r"\Collect-AuthlabBundle.ps1"
#: The collector exports up to 200,000 events and every log: minutes on a busy server.
COLLECT_TIMEOUT: Final = 900.0
#: A name no account has: its failed logon is the 4625 probe's.
PROBE_USER: Final = "authlab-probe-nobody"
#: Files of the bundle that describe accounts (BundleOptions.evidence_only leaves them out).
ACCOUNT_FILES: Final = ("net-user-", "net-localgroup-", "ad.ldif")
_BEGIN, _END = "AUTHLAB-BYTES-BEGIN", "AUTHLAB-BYTES-END"
_LOCAL_CLIENTS: Final = ("::1", "127.0.0.1")


class ContainerError(RuntimeError):
    """A command in the container failed; the message names it, passwords masked."""


class Launched(Protocol):
    """A running container: its transport, and how to remove it."""

    @property
    def transport(self) -> ExecTransport: ...

    def remove(self) -> None: ...


Launcher = Callable[[], Launched]


@attrs.frozen
class Capability:
    name: str
    holds: bool | None  # None: the probe could not run
    evidence: str

    def __str__(self) -> str:
        state = {True: "yes", False: "no", None: "unknown"}[self.holds]
        return f"{self.name}: {state} ({self.evidence})"


def new_password() -> Secret:
    """A password for the harness's account: 14 characters at most (net user asks "Do you
    want to continue this operation? (Y/N)" for a longer one, and nothing answers it),
    upper, lower, digit and a hyphen (complexity's categories), nothing a command line quotes."""
    alphabet = string.ascii_letters + string.digits
    return Secret("Aa1-" + "".join(secrets.choice(alphabet) for _ in range(10)))


class ContainerBackend:
    name = "container"

    def __init__(
        self,
        launch: Launcher | None = None,
        *,
        password: Secret | None = None,
        other_password: Secret | None = None,
    ) -> None:
        self._launch = launch or launch_container
        self._password = password or new_password()
        self._other = other_password or new_password()
        self._launched: Launched | None = None
        self._computer = ""
        self.baseline: S.Snapshot | None = None
        self.capabilities: dict[str, Capability] = {}
        self._bundles = 0

    # -- the protocol ------------------------------------------------------------------------

    @property
    def transport(self) -> ExecTransport:
        if self._launched is None:
            raise UnavailableBackend("no container has been started")
        return self._launched.transport

    def start(
        self,
        platform: str,
        *,
        seed: int = 1,
        timezone: str | None = None,
        start: datetime | None = None,
        population: int | None = None,
    ) -> ServerInfo:
        if platform != PLATFORM:
            raise UnavailableBackend(
                f"{platform}: the container is Windows Server Core with IIS 10 and a local "
                f"anonymous account ({PLATFORM}); IIS 6 and domains it can not be"
            )
        if start is not None:
            raise UnavailableBackend("a real server's clock can not be set to a chosen start")
        if timezone is not None:
            raise UnavailableBackend(
                "the container's time zone is not the harness's to choose (tzutil in a "
                "container is not known to hold)"
            )
        if population is not None:
            raise UnavailableBackend("a generated population of accounts is the simulator's")
        self.close()
        self._launched = self._launch()
        try:
            self._setup()
            self.probe()
            self.baseline = S.take(self.transport, self._password)
        except BaseException:
            self.close()
            raise
        return ServerInfo(self._computer, None, False, F.ACCOUNT, self._computer)

    def run(self, command_line: str) -> tuple[int, str]:
        if '"' in command_line:
            argv = encoded(_verbatim_cmd(command_line))
        else:
            argv = [CMD, "/d", "/c", command_line]
        result = self._exec(Command(argv))
        return result.exit_code, _text(result.output)

    def request(self, url: str = "/") -> HttpResult:
        if not url.startswith("/"):
            url = "/" + url
        result = self._exec(Command(encoded(_request_script(url)), timeout=90.0))
        said = dict(line.split("=", 1) for line in _text(result.output).splitlines() if "=" in line)
        status = int(said["status"]) if said.get("status", "").isdigit() else None
        logged = self._logged(url, said.get("started", ""), said.get("log", ""))
        if logged is not None:
            return logged
        return HttpResult(status)

    def console(self, action: ConsoleAction) -> None:
        if isinstance(action, PasswordNeverExpires):
            if action.domain:
                raise UnavailableBackend("the container is in no domain: no AD account to edit")
            command = F.powershell(
                f"Set-LocalUser -Name {quoted(action.account)} -PasswordNeverExpires "
                + ("$true" if action.value else "$false")
            )
            result = self._exec(command)
            if result.exit_code != 0:
                raise RefusedAction(_text(result.output).strip())
        elif isinstance(action, AuditLogonEvents):
            if action.gpo is not None:
                raise UnavailableBackend(
                    f"{action.gpo!r} is a domain group policy; the container is in no domain"
                )
            value = (1 if action.success else 0) | (2 if action.failure else 0)
            for command in audit_template(value):
                self._check(command)
        elif isinstance(action, GpoRight):
            raise UnavailableBackend(
                f"{action.gpo!r} is a domain group policy; the container is in no domain"
            )
        else:
            raise UnavailableBackend(f"the container backend has no console action {action!r}")

    def wait(self, delta: timedelta) -> None:
        raise UnavailableBackend("a real server's clock can not be moved")

    def local_time(self) -> datetime:
        script = (
            "[DateTimeOffset]::Now.ToString('yyyy-MM-ddTHH:mm:ss.ffffffzzz', "
            "[Globalization.CultureInfo]::InvariantCulture)"
        )
        text = self._check(F.powershell(script))
        return datetime.fromisoformat(text.strip())

    def fill_security_log(self) -> None:
        raise UnavailableBackend(
            "a full Security log matters through CrashOnAuditFail, which is never set on a "
            "kernel the container shares with the host"
        )

    def restart(self) -> None:
        """The application pool recycled: a new worker process, new tokens; configuration
        stays. The container itself can not restart without ending (ServiceMonitor.exe)."""
        self._check(F.recycle())

    def collect(self, directory: Path, *, evidence_only: bool = False) -> None:
        try:
            self._collect(directory, evidence_only)
        except (ContainerError, TransportError) as exc:
            raise AssertionError(f"the bundle could not be collected: {exc}") from exc

    def close(self) -> None:
        launched, self._launched = self._launched, None
        self.baseline = None
        if launched is not None:
            launched.remove()

    # -- faults --------------------------------------------------------------------------------

    def context(self) -> F.Context:
        if self.baseline is None:
            raise UnavailableBackend("no container has been started")
        holds = {name: c.holds for name, c in self.capabilities.items()}
        today = self.local_time().date()
        return self.baseline.context(self._password, self._other, today, holds)

    def inject(self, label: str) -> None:
        for command in F.make(label, self.context()):
            self._check(command)

    def repair(self, label: str) -> None:
        """Repair the fault, then verify the repair against the baseline snapshot: anything
        not put back is an AssertionError naming it."""
        for command in F.repair(label, self.context()):
            self._check(command)
        differences = self.verify()
        if differences:
            listed = "; ".join(str(d) for d in differences)
            raise AssertionError(f"the repair of {label} left differences: {listed}")

    def verify(self) -> list[S.Difference]:
        if self.baseline is None:
            raise UnavailableBackend("no container has been started")
        return S.compare(self.baseline, S.take(self.transport, self._password))

    def report(self) -> list[str]:
        """The capabilities probed at start, one line each, and what they take away."""
        lines = [str(c) for c in self.capabilities.values()]
        audit = self.capabilities.get(F.FAILURE_AUDIT)
        if audit is not None and not audit.holds:
            lines.append(
                "evidence source unavailable here: the Security log (no 4625 seen); "
                "logon-audit-disabled is not held"
            )
        for name, needs in ((F.WORKSTATIONS, "workstation-restriction"), (F.EXPIRY, "expired")):
            found = self.capabilities.get(name)
            if found is not None and not found.holds:
                lines.append(f"fault unavailable here: account {needs} ({name} not confirmed)")
        return lines

    # -- start -------------------------------------------------------------------------------

    def _setup(self) -> None:
        self._computer = self._check(run(HOSTNAME)).strip()
        self._check(
            F.powershell(f"New-Item -ItemType Directory -Force -Path {quoted(F.WORK)} | Out-Null")
        )
        for command in F.create_account(self._password):
            self._check(command)
        self._check(F.recycle())
        answer = self.request("/")
        if answer.status != 200:
            raise ContainerError(
                f"the fresh server answers {answer.code} to an anonymous GET /, not 200"
            )

    def probe(self) -> dict[str, Capability]:
        """The capability probes; each restores what it changed."""
        self.capabilities = {}
        self.capabilities[F.FAILURE_AUDIT] = self._probe_audit()
        yesterday = self.local_time().date() - timedelta(days=1)
        self.capabilities[F.WORKSTATIONS] = self._probe_refusal(
            F.WORKSTATIONS, "/workstations:AUTHLABNOWHERE", "/workstations:*"
        )
        self.capabilities[F.EXPIRY] = self._probe_refusal(
            F.EXPIRY, f"/expires:{F.net_date(yesterday)}", "/expires:never"
        )
        return self.capabilities

    def _probe_audit(self) -> Capability:
        try:
            self._exec(
                F.powershell(
                    "Add-Type -AssemblyName System.DirectoryServices.AccountManagement\n"
                    "$context = New-Object "
                    "System.DirectoryServices.AccountManagement.PrincipalContext('Machine')\n"
                    f"[void]$context.ValidateCredentials({quoted(PROBE_USER)}, 'not-a-password')"
                )
            )
            found = self._check(run(*security_query()), raw=True)
            seen = _events_4625(found.encode("utf-8"), PROBE_USER)
        except (ContainerError, TransportError, ValueError) as exc:
            return Capability(F.FAILURE_AUDIT, None, f"the probe failed: {exc}")
        if seen:
            return Capability(F.FAILURE_AUDIT, True, f"a failed logon of {PROBE_USER} wrote 4625")
        return Capability(F.FAILURE_AUDIT, False, f"a failed logon of {PROBE_USER} wrote no 4625")

    def _probe_refusal(self, name: str, make: str, undo: str) -> Capability:
        try:
            self._check(F.net_user(make))
        except (ContainerError, TransportError) as exc:
            return Capability(name, None, f"net user {make} failed: {exc}")
        try:
            self._check(F.recycle())
            answer = self.request("/")
        except (ContainerError, TransportError) as exc:
            answer = None
            note = f"the request failed: {exc}"
        finally:
            # Put back before anything else: the baseline is read after the probes.
            self._check(F.net_user(undo))
            self._check(F.recycle())
        if answer is None:
            return Capability(name, None, note)
        holds = answer.status == 401 and answer.substatus == 1
        return Capability(name, holds, f"net user {make}: GET / answered {answer.code}")

    # -- commands ------------------------------------------------------------------------------

    def _exec(self, command: Command) -> ExecResult:
        try:
            return self.transport.exec(list(command.argv), timeout=command.timeout)
        except TransportError as exc:
            message = f"{' '.join(command.shown)}: {mask(str(exc), command.secrets)}"
            if command.secrets:
                raise ContainerError(message) from None
            raise ContainerError(message) from exc

    def _check(self, command: Command, *, raw: bool = False) -> str:
        """Run ``command``; its output as text, or `ContainerError` when its exit code is not
        one it allows."""
        result = self._exec(command)
        text = result.output.decode("utf-8", errors="replace") if raw else _text(result.output)
        if result.exit_code not in command.ok:
            shown = mask(text.strip(), command.secrets)[:500]
            raise ContainerError(
                f"{' '.join(command.shown)} exited {result.exit_code}: {shown or '(no output)'}"
            )
        return text

    def _logged(self, url: str, started: str, log: str) -> HttpResult | None:
        """The request's own line in the W3C log: the newest anonymous GET of that path from
        inside the container, no earlier than the second the request started."""
        if not re.fullmatch(r"u_ex\d{6}\.log", log):
            return None
        try:
            self._check(run(NETSH, "http", "flush", "logbuffer"))
            data = read_bytes(self.transport, LOG_DIR + "\\" + log, timeout=F.TIMEOUT)
        except (ContainerError, TransportError):
            return None
        stem = url.split("?", 1)[0]
        try:
            since = datetime.fromisoformat(started + "+00:00")
        except ValueError:
            return None
        match = None
        for entry in _w3c_entries(data):
            if (
                entry.anonymous
                and entry.uri_stem.lower() == stem.lower()
                and entry.client_ip in _LOCAL_CLIENTS
                and entry.time >= since
                and entry.status is not None
            ):
                match = entry
        if match is None or match.status is None:
            return None
        return HttpResult(match.status, match.substatus or 0, match.win32_status or 0)

    def _collect(self, directory: Path, evidence_only: bool) -> None:
        self._bundles += 1
        inside = f"{F.WORK}\\bundle-{self._bundles}"
        write_file(self.transport, COLLECTOR_IN, COLLECTOR.read_bytes(), timeout=F.TIMEOUT)
        collector = Command(
            [
                "powershell.exe",
                "-NoProfile",
                "-NonInteractive",
                "-ExecutionPolicy",
                "Bypass",
                "-File",
                COLLECTOR_IN,
                "-OutputPath",
                inside,
            ],
            timeout=COLLECT_TIMEOUT,
        )
        said = self._check(collector)
        listing = self._check(
            F.powershell(
                f"$root = {quoted(inside)}\n"
                "Get-ChildItem -LiteralPath $root -Recurse -File | "
                "ForEach-Object { $_.FullName.Substring($root.Length + 1) }"
            )
        )
        names = [n.strip().replace("\\", "/") for n in listing.splitlines() if n.strip()]
        wanted = [n for n in names if accepted(n)]
        if evidence_only:
            wanted = [n for n in wanted if not n.lower().startswith(ACCOUNT_FILES)]
        if not wanted:
            raise ContainerError(f"the collector wrote no bundle file: {said.strip()[-500:]}")
        directory.mkdir(parents=True, exist_ok=True)
        for name in wanted:
            data = read_bytes(
                self.transport, inside + "\\" + name.replace("/", "\\"), timeout=F.SLOW
            )
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


# -- small pieces ------------------------------------------------------------------------------


def security_query() -> list[str]:
    """The newest failed logons, as wevtutil prints them (no blank or quote in any argument)."""
    return [
        WEVTUTIL,
        "qe",
        "Security",
        "/q:*[System[(EventID=4625)]]",
        "/c:20",
        "/rd:true",
        "/f:xml",
    ]


def audit_template(value: int) -> list[Command]:
    """ "Audit logon events" in the local policy (0 none, 1 success, 2 failure, 3 both): a
    template with only [Event Audit], applied to the security policy area."""
    lines = [
        "[Unicode]",
        "Unicode=yes",
        "[Version]",
        'signature="$CHICAGO$"',
        "Revision=1",
        "[Event Audit]",
        f"AuditLogonEvents = {value}",
    ]
    body = ", ".join(quoted(line) for line in lines)
    path = F.WORK + r"\audit.inf"
    return [
        F.powershell(f"Set-Content -LiteralPath {quoted(path)} -Encoding Unicode -Value @({body})"),
        run(
            F.SECEDIT,
            "/configure",
            "/db",
            F.WORK + r"\audit.sdb",
            "/cfg",
            path,
            "/overwrite",
            "/areas",
            "SECURITYPOLICY",
            "/quiet",
            timeout=F.SLOW,
        ),
    ]


def read_bytes(transport: ExecTransport, path: str, *, timeout: float) -> bytes:
    """The bytes of a file in the container, as base64 between two markers (a bundle file is
    copied as it is: `powershell.read_file` gives text, decoded)."""
    script = (
        "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'\n"
        f"$b = [Convert]::ToBase64String([IO.File]::ReadAllBytes({quoted(path)}))\n"
        f"[Console]::Out.Write('{_BEGIN}' + $b + '{_END}')"
    )
    result = transport.exec(encoded(script), timeout=timeout)
    output = result.output.decode("ascii", errors="replace")
    found = re.search(f"{_BEGIN}([A-Za-z0-9+/=\\s]*){_END}", output)
    if result.exit_code != 0 or found is None:
        raise TransportError(f"reading {path} failed (exit {result.exit_code}): {output[:300]}")
    return base64.b64decode("".join(found.group(1).split()), validate=True)


def _verbatim_cmd(line: str) -> str:
    arguments = '/d /s /c "' + line + '"'
    return (
        "$info = New-Object Diagnostics.ProcessStartInfo\n"
        f"$info.FileName = {quoted(CMD)}\n"
        f"$info.Arguments = {quoted(arguments)}\n"
        "$info.UseShellExecute = $false\n"
        "$process = [Diagnostics.Process]::Start($info)\n"
        "$process.WaitForExit()\n"
        "exit $process.ExitCode"
    )


def _request_script(url: str) -> str:
    return (
        "$ProgressPreference = 'SilentlyContinue'\n"
        "$started = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss')\n"
        "$status = 'none'\n"
        "try {\n"
        "    $response = Invoke-WebRequest -UseBasicParsing -TimeoutSec 30 "
        f"-Uri {quoted('http://localhost' + url)}\n"
        "    $status = [int]$response.StatusCode\n"
        "} catch {\n"
        "    if ($_.Exception.Response) { $status = [int]$_.Exception.Response.StatusCode }\n"
        "}\n"
        "'started=' + $started\n"
        "'status=' + $status\n"
        "'log=u_ex' + [DateTime]::UtcNow.ToString('yyMMdd') + '.log'"
    )


def _text(data: bytes) -> str:
    """Console output as text with "\\n" line ends: UTF-8 when it is, else the en-US image's
    OEM code page (437), which is what cmd.exe's tools write to a pipe."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp437")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _scratch(data: bytes, name: str) -> Iterator[Path]:
    # The readers read files (they stream and cite lines); the output goes through one.
    with tempfile.TemporaryDirectory(prefix="authlab-container-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _w3c_entries(data: bytes) -> list[W3cEntry]:
    with _scratch(data, "u_ex.log") as path:
        return list(iter_w3c(path))


def _events_4625(data: bytes, user: str) -> bool:
    with _scratch(data, "Security.xml") as path:
        return any(True for _ in iter_security_xml(path, accounts=[user], event_ids={4625}))


@attrs.frozen
class Exercise:
    """What `exercise` saw: the answer with the fault, after the repair, and the probes."""

    broken: HttpResult
    repaired: HttpResult
    capabilities: tuple[str, ...]


def exercise(backend: ContainerBackend, label: str, bundle: Path) -> Exercise:
    """One fault from start to close: make it, request, collect the bundle, repair (verified
    against the baseline), request again. The container is removed however a step ends."""
    try:
        backend.start(PLATFORM)
        backend.inject(label)
        broken = backend.request("/")
        backend.collect(bundle)
        backend.repair(label)
        repaired = backend.request("/")
        return Exercise(broken, repaired, tuple(backend.report()))
    finally:
        backend.close()


# -- the real engine ---------------------------------------------------------------------------


@attrs.frozen
class _Running:
    container: object
    transport: ExecTransport
    remove: Callable[[], None]


#: How long IIS may take to answer its first GET / in a new container.
HTTP_WAIT: Final = 300


def launch_container() -> Launched:
    """A new container of the image the engine runs, labelled for this session, once IIS
    answers GET / with 200; `UnavailableBackend` when there is no engine for it here."""
    from . import engine

    found = engine.probe_once()
    if isinstance(found, engine.Unavailable):
        raise UnavailableBackend(found.reason)
    engine.disable_ryuk()
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.wait_strategies import HttpWaitStrategy

    from .docker_transport import DockerExecTransport

    client = engine.connect()
    container = (
        DockerContainer(
            engine.image_for(found), docker_client_kw={"timeout": engine.CLIENT_TIMEOUT}
        )
        .with_exposed_ports(80)
        .with_kwargs(labels=engine.labels())
        .waiting_for(HttpWaitStrategy(80).for_status_code(200).with_startup_timeout(HTTP_WAIT))
    )
    container.start()
    try:
        wrapped = container.get_wrapped_container()
        transport = DockerExecTransport(wrapped, client)
    except BaseException:
        container.stop()
        raise

    def remove() -> None:
        try:
            container.stop()
        finally:
            client.close()

    return _Running(container, transport, remove)
