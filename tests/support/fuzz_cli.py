"""Pieces of the whole-bundle CLI fuzzer (tests/test_fuzz_cli.py): simulated base bundles with a
planted password, a snapshot of a directory that never follows a link or opens a FIFO, and a
run of `authlab diagnose` in-process that a hang fails instead of blocking.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import resource
import shutil
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
from click.testing import CliRunner, Result

from authlab.cli import main
from simulator.admin import anonymous as anon
from simulator.admin import net
from simulator.bundle import write_bundle
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.faults import Fault, anonymous_account, variants
from simulator.render_events import security_event_xml
from tests.support.evtx_writer import evtx_bytes
from tests.support.hosts import secrets
from winfacts.secret import Secret

#: The password planted for the anonymous account (in SAM or AD and in IIS), and, in clear, in
#: an IIS log line's query string: no report may ever show it.
PLANTED = "Fuzz-Pl4nted-Secret-7Qz"
QUERY = f"user=anon&password={PLANTED}"


@attrs.frozen
class BaseSpec:
    """One base bundle: a platform, a fault or none, and the finding ids the whole bundle gives."""

    name: str
    spec: HostSpec
    fault: str | None = None
    variant: dict[str, object] = attrs.field(factory=dict)
    evtx: bool = False  # write Security.evtx instead of Security.xml (2008+)


BASES: tuple[BaseSpec, ...] = (
    BaseSpec("ws2003-local", HostSpec(seed=3, os=OsFamily.WS2003, account="local")),
    BaseSpec(
        "ws2003-domain-locked",
        HostSpec(seed=4, os=OsFamily.WS2003, account="domain"),
        "account-locked-out",
    ),
    BaseSpec(
        "ws2003-dc-mismatch",
        HostSpec(seed=5, os=OsFamily.WS2003, account="domain", domain_controller=True),
        "password-mismatch",
        {"where": "iis"},
    ),
    BaseSpec(
        "ws2016-local-disabled",
        HostSpec(seed=6, os=OsFamily.WS2016, account="local"),
        "account-disabled",
    ),
    BaseSpec(
        "ws2019-domain-evtx",
        HostSpec(seed=7, os=OsFamily.WS2019, account="domain"),
        evtx=True,
    ),
    BaseSpec(
        "ws2019-local-denied",
        HostSpec(seed=8, os=OsFamily.WS2019, account="local"),
        "logon-right-denied",
        {"via": "account", "layer": "local"},
    ),
    BaseSpec(
        "ws2022-domain-hours",
        HostSpec(seed=9, os=OsFamily.WS2022, account="domain"),
        "logon-hours",
    ),
    BaseSpec("ws2022-local", HostSpec(seed=10, os=OsFamily.WS2022, account="local")),
)


@attrs.frozen
class Base:
    """A base bundle on disk, and what must never leave it."""

    name: str
    path: Path = attrs.field(repr=False)
    files: tuple[str, ...] = attrs.field(repr=False)  # relative posix names, sorted
    secrets: frozenset[str] = attrs.field(repr=False)  # passwords in clear
    #: The bundle's encrypted password values, as they are written.
    encrypted: frozenset[str] = attrs.field(repr=False)


def _fault(base: BaseSpec) -> Fault | None:
    if base.fault is None:
        return None
    for fault in variants(base.fault):
        if all(getattr(fault, k) == v for k, v in base.variant.items()):
            return fault
    raise AssertionError(f"no variant {base.variant} of {base.fault}")


def _plant(host: object) -> None:
    """The anonymous account's password becomes PLANTED, in the account and in IIS alike."""
    from simulator.host import Host

    assert isinstance(host, Host)
    account, _, _ = anonymous_account(host)
    assert account is not None
    net.user_set(host, account.name, domain=account.is_domain, password=Secret(PLANTED))
    anon.set_password(host, Secret(PLANTED))


def _plant_query(log: Path) -> None:
    """Append a copy of the log's last request line whose cs-uri-query carries PLANTED."""
    lines = log.read_bytes().decode("utf-8").split("\r\n")
    fields = next(line for line in lines if line.startswith("#Fields:")).split()[1:]
    data = [line for line in lines if line and not line.startswith("#")]
    words = data[-1].split(" ")
    words[fields.index("cs-uri-query")] = QUERY
    log.write_bytes(log.read_bytes() + (" ".join(words) + "\r\n").encode("utf-8"))


_ENCRYPTED = (
    re.compile(rb"\[enc:[A-Za-z]+:[A-Za-z0-9+/=]+:enc\]"),
    # MetaBase.xml SECURE values (the writer's prefix 49634462, then a SHA-512 in hex).
    re.compile(rb"49634462[0-9a-f]{128}"),
)


def build_base(base: BaseSpec, directory: Path) -> Base:
    host = build_host(base.spec)
    _plant(host)
    host.iis.request("/")
    fault = _fault(base)
    if fault is not None:
        assert fault.applies_to(host), (base.name, fault.label)
        fault.inject(host)
    host.iis.iisreset()
    host.iis.request("/")
    write_bundle(host, directory)
    if base.evtx:
        xml = directory / "Security.xml"
        events = [security_event_xml(e, host.os) for e in host.security_log.records()]
        (directory / "Security.evtx").write_bytes(evtx_bytes(events))
        xml.unlink()
    logs = sorted((directory / "W3SVC1").glob("*.log"))
    _plant_query(logs[-1])
    files = tuple(sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")))
    files = tuple(f for f in files if (directory / f).is_file())
    encrypted: set[str] = set()
    for name in files:
        data = (directory / name).read_bytes()
        for pattern in _ENCRYPTED:
            encrypted |= {m.decode("ascii") for m in pattern.findall(data)}
        if not name.startswith("W3SVC"):
            for form in (PLANTED.encode("utf-8"), PLANTED.encode("utf-16-le")):
                assert form not in data, f"the simulator wrote the password into {name}"
    return Base(
        base.name,
        directory,
        files,
        frozenset(secrets(host) | {PLANTED}),
        frozenset(encrypted),
    )


# --- snapshots -------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[bytes, tuple[object, ...]]:
    """Every entry under ``root`` by its relative name in bytes: type, mode, size, mtime and
    the content's SHA-256 (regular files it may read) or the link's target. Links are not
    followed and FIFOs never opened."""
    found: dict[bytes, tuple[object, ...]] = {}
    top = os.fsencode(root)

    def visit(folder: bytes) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = entry.path
            info = os.lstat(path)
            relative = os.path.relpath(path, top)
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                found[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(mode):
                found[relative] = ("dir", stat.S_IMODE(mode), info.st_mtime_ns)
                if os.access(path, os.R_OK | os.X_OK):
                    visit(path)
            elif stat.S_ISREG(mode):
                digest: str | None = None
                if os.access(path, os.R_OK):
                    digest = hashlib.sha256(Path(os.fsdecode(path)).read_bytes()).hexdigest()
                found[relative] = ("file", stat.S_IMODE(mode), info.st_size, info.st_mtime_ns)
                found[relative] += (digest,)
            else:
                found[relative] = ("other", mode, info.st_mtime_ns)

    visit(top)
    return found


def fifos(root: Path) -> Iterator[bytes]:
    for folder, dirs, names in os.walk(os.fsencode(root)):
        for name in [*dirs, *names]:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                if stat.S_ISFIFO(os.lstat(path).st_mode):
                    yield path


def remove(root: Path) -> None:
    """Delete an example's folder, first giving back the permissions a mutation took."""
    for folder, dirs, names in os.walk(os.fsencode(root)):
        for name in [*dirs, *names]:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                if not stat.S_ISLNK(os.lstat(path).st_mode):
                    os.chmod(path, 0o700)
    with contextlib.suppress(OSError):
        os.chmod(root, 0o700)
    shutil.rmtree(root, ignore_errors=True)


# --- running the CLI -----------------------------------------------------------------------------


class Hang(AssertionError):
    """The run did not end within its time bound."""


@attrs.frozen
class Run:
    args: tuple[str, ...]
    result: Result
    seconds: float
    #: How far the run raised the process's peak resident set (getrusage ru_maxrss): zero when
    #: it stayed under an earlier peak, so it can miss a run but never blames one wrongly.
    peak_growth: int

    @property
    def code(self) -> int:
        return self.result.exit_code

    @property
    def stdout(self) -> str:
        return self.result.stdout

    @property
    def stderr(self) -> str:
        return self.result.stderr


def invoke(args: list[str], *, timeout: float, unblock: Path) -> Run:
    """`authlab <args>` in-process, in a thread joined with ``timeout``: a run that blocks (on a
    FIFO under ``unblock``, say) is released by opening the FIFO's other end, and fails."""
    box: dict[str, Result] = {}

    def target() -> None:
        box["result"] = CliRunner().invoke(main, args)

    peak_before = _max_rss()
    started = time.perf_counter()
    thread = threading.Thread(target=target, name="authlab-fuzz-run", daemon=True)
    thread.start()
    thread.join(timeout)
    seconds = time.perf_counter() - started
    if thread.is_alive():
        for path in fifos(unblock):  # a reader blocked in open() or read() gets EOF
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))
        thread.join(5)
        raise Hang(f"authlab {' '.join(args)} did not end within {timeout} s")
    return Run(tuple(args), box["result"], seconds, _max_rss() - peak_before)


def _max_rss() -> int:
    """The process's peak resident set in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
