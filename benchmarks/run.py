"""Speed and size figures of the simulator.

    python benchmarks/run.py [NAME ...] [--seconds S] [--inline] [--list]

Runs the named benchmarks (all of them by default) and prints one JSON object per line,
``{"benchmark": NAME, ...figures}``. Nothing is asserted: a figure that misses its target says so
in its ``met`` field and the exit status stays 0. An unknown name is an error (exit status 2).

Each benchmark runs in a fresh interpreter pinned to one CPU, so one benchmark's garbage does not
slow the next and a peak-memory figure is that benchmark's own (``--inline`` runs them in this
process instead, for a profiler or a debugger).

A new benchmark is a function ``(Options) -> dict`` registered with ``@benchmark("name")``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator import registry as reg
from simulator.clock import DEFAULT_START
from simulator.factory import HostSpec, build_host
from simulator.population import generate_domain
from simulator.sam import Sam
from simulator.token import build_token
from winfacts.secret import Secret
from winfacts.sid import Sid

Figures = dict[str, object]


@dataclass(frozen=True)
class Options:
    seconds: float = 2.0  # how long each throughput benchmark runs


Benchmark = Callable[[Options], Figures]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    def register(function: Benchmark) -> Benchmark:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} is registered twice")
        BENCHMARKS[name] = function
        return function

    return register


# -- request throughput ---------------------------------------------------------------------------
def _throughput(name: str, target: int, *, cached: bool, options: Options) -> Figures:
    host = build_host(HostSpec())
    if not cached:
        host.registry.set(reg.INETINFO, "UserTokenTTL", reg.RegType.REG_DWORD, 0)
    request = host.iis.request
    first, second = request("/"), request("/")
    if first.code != "200" or second.code != "200" or second.from_cache is not cached:
        raise RuntimeError(
            f"{name}: the healthy host answered {first.code}/{second.code} "
            f"(second from cache: {second.from_cache}), not 200 {'from' if cached else 'past'} "
            "the token cache"
        )
    for _ in range(2000):  # warm up: caches, the Security log's first records
        request("/")
    batch = 1000
    count = 0
    gc.collect()
    start = time.perf_counter()
    deadline = start + options.seconds
    while True:
        for _ in range(batch):
            request("/")
        count += batch
        now = time.perf_counter()
        if now >= deadline:
            break
    seconds = now - start
    rate = count / seconds
    return {
        "benchmark": name,
        "requests": count,
        "seconds": round(seconds, 3),
        "per_second": round(rate),
        "target": target,
        "met": rate >= target,
    }


@benchmark("requests_cached")
def requests_cached(options: Options) -> Figures:
    """Anonymous GET / on a healthy IIS 6 host, the anonymous token served from IIS's cache."""
    return _throughput("requests_cached", 50_000, cached=True, options=options)


@benchmark("requests_uncached")
def requests_uncached(options: Options) -> Figures:
    """The same with UserTokenTTL = 0: LogonUser and a Security audit on every request."""
    return _throughput("requests_uncached", 20_000, cached=False, options=options)


# -- a large domain -------------------------------------------------------------------------------
@benchmark("token_expansion")
def token_expansion(options: Options) -> Figures:
    """Build a 100,000-user, 20,000-group domain nested 10 deep, then expand the probe's token."""
    users, groups, depth = 100_000, 20_000, 10
    gc.collect()
    start = time.perf_counter()
    domain, probe = generate_domain(users, groups, depth, seed=1)
    build_seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    if sys.platform == "darwin":
        peak_mb /= 1024  # macOS reports bytes
    sam = Sam(
        "WEB01",
        Sid(5, (21, 1004336348, 1177238915, 682003330)),
        legacy=True,
        administrator_password=Secret("benchmark"),
        created=DEFAULT_START,
    )
    # A member server: joining the domain put Domain Users in Users.
    sam.add_member(sam.group("Users"), domain.domain_users.sid)
    start = time.perf_counter()
    token = build_token(probe, 8, sam, domain)
    cold_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(500):
        start = time.perf_counter()
        build_token(probe, 8, sam, domain)
        timings.append(time.perf_counter() - start)
    median_ms = statistics.median(timings) * 1000
    met = build_seconds < 30 and peak_mb < 1024 and cold_ms < 5
    return {
        "benchmark": "token_expansion",
        "users": users,
        "groups": groups,
        "depth": depth,
        "build_seconds": round(build_seconds, 3),
        "build_target_seconds": 30,
        "peak_memory_mb": round(peak_mb, 1),
        "memory_target_mb": 1024,
        "token_sids": len(token.sids),
        "cold_ms": round(cold_ms, 3),
        "cold_target_ms": 5,
        "median_ms": round(median_ms, 3),
        "repeats": len(timings),
        "met": met,
    }


# -- evidence readers -----------------------------------------------------------------------------
#: Generated inputs live here (gitignored); each name carries a version so a changed generator
#: writes a new file instead of reusing a stale one.
DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".data")


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return peak / 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def _cached(name: str, write: Callable[[str], None]) -> tuple[str, float]:
    """The path of a generated data file (written once) and the seconds generating it took."""
    os.makedirs(DATA_DIR, exist_ok=True)
    path = os.path.join(DATA_DIR, name)
    if os.path.exists(path):
        return path, 0.0
    start = time.perf_counter()
    partial = path + ".partial"
    write(partial)
    os.replace(partial, path)
    return path, time.perf_counter() - start


def _warm(path: str) -> None:
    """Read the file once so the timed passes measure the readers, not the disk: this VM's page
    cache does not keep a 1.3 GB file between runs."""
    with open(path, "rb") as handle:
        while handle.read(8 << 20):
            pass


def _security_templates() -> dict[str, str]:
    """%-format templates of real renderings (simulator.render_events), with slots for the
    record id, the time and the target user."""
    from datetime import UTC, datetime

    from simulator.events import LogonEvent, OsFamily
    from simulator.render_events import security_event_xml
    from winfacts.ntstatus import Outcome

    moment = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    stamp = "2026-01-02T03:04:05.6789010Z"
    record = 987654321
    base = {
        "record_id": record,
        "time": moment,
        "computer": "WEB01",
        "target_user": "@@USER@@",
        "target_domain": "CONTOSO",
        "target_sid": Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1113"),
        "logon_type": 3,
        "logon_process": "NtLmSsp",
        "auth_package": "NTLM",
        "workstation": "CLIENT07",
        "process_id": 0,
        "process_name": "",
        "ip_address": "10.0.4.17",
        "ip_port": "50412",
    }
    anon = dict(
        base,
        target_domain="WEB01",
        logon_type=8,
        logon_process="Advapi",
        auth_package="Negotiate",
        workstation="WEB01",
        process_id=0xBDC,
        process_name="C:\\Windows\\System32\\inetsrv\\w3wp.exe",
        ip_address="-",
        ip_port="-",
    )
    rendered = {
        "4624": security_event_xml(LogonEvent(outcome=Outcome.SUCCESS, **base), OsFamily.WS2022),
        "4625": security_event_xml(
            LogonEvent(outcome=Outcome.WRONG_PASSWORD, **base), OsFamily.WS2022
        ),
        "anon4624": security_event_xml(
            LogonEvent(outcome=Outcome.SUCCESS, **anon), OsFamily.WS2022
        ),
        "anon4625": security_event_xml(
            LogonEvent(outcome=Outcome.ACCOUNT_DISABLED, **anon), OsFamily.WS2022
        ),
    }
    # 4672 (special privileges) and 4634 (logoff): the other events a busy log is full of.
    head, _, _ = rendered["4624"].partition("<EventData>")
    rendered["4672"] = (
        head.replace(
            "<EventID>4624</EventID><Version>2</Version>",
            "<EventID>4672</EventID><Version>0</Version>",
        ).replace("<Task>12544</Task>", "<Task>12548</Task>")
        + "<EventData><Data Name='SubjectUserSid'>S-1-5-18</Data>"
        "<Data Name='SubjectUserName'>@@USER@@</Data><Data Name='SubjectDomainName'>CONTOSO</Data>"
        "<Data Name='SubjectLogonId'>0x3e7</Data>"
        "<Data Name='PrivilegeList'>SeAssignPrimaryTokenPrivilege"
        "\n\t\t\tSeTcbPrivilege\n\t\t\tSeSecurityPrivilege\n\t\t\tSeTakeOwnershipPrivilege</Data>"
        "</EventData></Event>"
    )
    rendered["4634"] = (
        head.replace(
            "<EventID>4624</EventID><Version>2</Version>",
            "<EventID>4634</EventID><Version>0</Version>",
        ).replace("<Task>12544</Task>", "<Task>12545</Task>")
        + "<EventData>"
        "<Data Name='TargetUserSid'>S-1-5-21-1004336348-1177238915-682003330-1113</Data>"
        "<Data Name='TargetUserName'>@@USER@@</Data><Data Name='TargetDomainName'>CONTOSO</Data>"
        "<Data Name='TargetLogonId'>0x8a3f2e1</Data><Data Name='LogonType'>3</Data>"
        "</EventData></Event>"
    )
    templates = {}
    for name, text in rendered.items():
        if text.count(stamp) != 1 or text.count(f">{record}<") != 1:
            raise RuntimeError(f"the {name} template does not hold its slots exactly once")
        templates[name] = (
            text.replace("%", "%%")
            .replace(stamp, "%(time)s")
            .replace(f">{record}<", ">%(rid)d<")
            .replace("@@USER@@", "%(user)s")
        )
    return templates


SECURITY_EVENTS = 1_000_000
ANONYMOUS_EVENTS = 4_000  # 3,000 failures and 1,000 successes of the anonymous account


def _write_security_xml(path: str) -> None:
    """1,000,000 events as wevtutil prints them, most about 800 other accounts."""
    import random

    templates = _security_templates()
    rng = random.Random(5)
    others = [f"user{i:04d}" for i in range(800)] + ["WEB01$", "svc_backup", "SQLSERVICE"]
    anonymous = set(rng.sample(range(SECURITY_EVENTS), ANONYMOUS_EVENTS))
    spellings = ["IUSR_WEB01", "iusr_web01", "IUSR_web01"]
    kinds = ["4624"] * 45 + ["4625"] * 15 + ["4672"] * 20 + ["4634"] * 20
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        batch: list[str] = []
        for index in range(SECURITY_EVENTS):
            seconds, frac = divmod(index * 37, 1000)
            minutes, sec = divmod(seconds, 60)
            hours, minute = divmod(minutes, 60)
            day = 2 + hours // 24
            stamp = f"2026-01-{day:02d}T{hours % 24:02d}:{minute:02d}:{sec:02d}.{frac:03d}0000Z"
            if index in anonymous:
                kind = "anon4625" if index % 4 else "anon4624"
                user = spellings[index % 3]
            else:
                kind = kinds[index % 100]
                user = others[rng.randrange(len(others))]
            batch.append(templates[kind] % {"time": stamp, "rid": 1000 + index, "user": user})
            if len(batch) == 20_000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")


class _Rooted:
    """A file object that reads ``<Events>``, the file, ``</Events>``: the rootless wevtutil
    output made one document, as lxml needs it."""

    def __init__(self, path: str) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._head = b"<Events>"
        self._tail = b"</Events>"

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head
        data = self._file.read(size if size > 0 else 1 << 20)
        if data:
            return data
        tail, self._tail = self._tail, b""
        return tail

    def close(self) -> None:
        self._file.close()


def _lxml_pass(path: str) -> int:
    """A bare lxml iterparse over every event (elements cleared as they end)."""
    from lxml import etree

    tag = "{http://schemas.microsoft.com/win/2004/08/events/event}Event"
    source = _Rooted(path)
    count = 0
    try:
        for _, element in etree.iterparse(
            source, events=("end",), tag=tag, resolve_entities=False, no_network=True
        ):
            count += 1
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    finally:
        source.close()
    return count


@benchmark("security_xml_scan")
def security_xml_scan(options: Options) -> Figures:
    """iter_security_xml over a 1,000,000-event Security.xml (anonymous account filter) against
    a bare lxml iterparse of the same file (page cache warmed first, for both)."""
    from checks.readers.security_xml import ScanStats, iter_security_xml

    path, generated = _cached("security-1m-v1.xml", _write_security_xml)
    size_mb = os.path.getsize(path) / 1e6
    _warm(path)
    gc.collect()
    stats = ScanStats()
    start = time.perf_counter()
    found = sum(1 for _ in iter_security_xml(path, accounts=["WEB01\\IUSR_WEB01"], stats=stats))
    ours = time.perf_counter() - start
    ours_peak = _peak_mb()
    start = time.perf_counter()
    bare_events = _lxml_pass(path)
    bare = time.perf_counter() - start
    rate = stats.events / ours
    bare_rate = bare_events / bare
    ratio = rate / bare_rate
    if found != ANONYMOUS_EVENTS or stats.events != SECURITY_EVENTS or bare_events != stats.events:
        raise RuntimeError(
            f"security_xml_scan: found {found} of {ANONYMOUS_EVENTS} anonymous events, saw "
            f"{stats.events} events (lxml {bare_events}) of {SECURITY_EVENTS}"
        )
    return {
        "benchmark": "security_xml_scan",
        "events": stats.events,
        "file_mb": round(size_mb, 1),
        "generate_seconds": round(generated, 2),
        "records_found": found,
        "events_parsed_by_lxml": stats.parsed,
        "seconds": round(ours, 3),
        "events_per_second": round(rate),
        "mb_per_second": round(size_mb / ours, 1),
        "target_events_per_second": 200_000,
        "lxml_iterparse_seconds": round(bare, 3),
        "lxml_iterparse_events_per_second": round(bare_rate),
        "ratio": round(ratio, 2),
        "target_ratio": 3,
        "peak_memory_mb": round(ours_peak, 1),
        "peak_memory_mb_after_lxml": round(_peak_mb(), 1),
        "memory_target_mb": 500,
        "met": rate >= 200_000 and ratio >= 3 and ours_peak < 500,
    }


W3C_LINES = 1_000_000


def _write_w3c(path: str) -> None:
    """1,000,000 entries as IIS 10 writes them (W3cLogWriter), the fields changing halfway."""
    import random
    from datetime import UTC, datetime, timedelta

    from simulator.w3c import IIS10_DEFAULT_FIELDS, W3cLogWriter, W3cRecord

    rng = random.Random(9)
    writer = W3cLogWriter("10.0")
    urls = [
        "/",
        "/default.htm",
        "/images/logo.png",
        "/css/site.css",
        "/app/login.aspx",
        "/api/orders",
        "/Default.htm",
        "/docs/My Report.pdf",
    ]
    agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Safari/537.36",
        "curl/8.4.0",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
    ]
    # (share in 1000, username, status, substatus, win32)
    mix = [
        (850, "", 200, 0, 0),
        (50, "CONTOSO\\alice", 200, 0, 0),
        (20, "", 401, 2, 5),
        (15, "", 401, 1, 2148074254),
        (5, "", 401, 2, 2148074254),
        (20, "", 401, 1, 1326),
        (30, "", 304, 0, 0),
        (10, "", 404, 0, 2),
    ]
    table = [row for row in mix for _ in range(row[0])]
    start = datetime(2026, 1, 2, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("".join(f"{h}\r\n" for h in writer.header(start)))
        batch: list[str] = []
        for index in range(W3C_LINES):
            if index == W3C_LINES // 2:
                out.write("".join(batch))
                batch.clear()
                writer.set_fields((*IIS10_DEFAULT_FIELDS, "cs-host"))
                moment = start + timedelta(milliseconds=index * 40)
                out.write("".join(f"{h}\r\n" for h in writer.header(moment)))
            _, user, status, sub, win32 = table[rng.randrange(1000)]
            url = urls[0] if status == 401 and win32 == 1326 else urls[rng.randrange(len(urls))]
            record = W3cRecord(
                time=start + timedelta(milliseconds=index * 40),
                server_ip="10.0.0.5",
                uri_stem=url,
                uri_query="id=7" if url.startswith("/api") else "",
                username=user,
                client_ip=f"10.0.{rng.randrange(8)}.{rng.randrange(1, 250)}",
                user_agent=agents[rng.randrange(len(agents))],
                status=status,
                substatus=sub,
                win32_status=win32,
                time_taken_ms=rng.randrange(1, 400),
                host="www.contoso.com",
            )
            batch.append(writer.format_line(record) + "\r\n")
            if len(batch) == 50_000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))


@benchmark("w3c_scan")
def w3c_scan(options: Options) -> Figures:
    """summarize_w3c over a 1,000,000-line IIS 10 W3C log."""
    from checks.readers.w3c import summarize_w3c

    path, generated = _cached("w3c-1m-v1.log", _write_w3c)
    _warm(path)
    gc.collect()
    start = time.perf_counter()
    summary = summarize_w3c([path])
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    for_root = summarize_w3c([path], url="/")
    url_seconds = time.perf_counter() - start
    rate = summary.lines / seconds
    if summary.lines != W3C_LINES:
        raise RuntimeError(f"w3c_scan: read {summary.lines} lines of {W3C_LINES}")
    return {
        "benchmark": "w3c_scan",
        "lines": summary.lines,
        "file_mb": round(os.path.getsize(path) / 1e6, 1),
        "generate_seconds": round(generated, 2),
        "seconds": round(seconds, 3),
        "lines_per_second": round(rate),
        "url_filter_lines_per_second": round(summary.lines / url_seconds),
        "target_lines_per_second": 500_000,
        "anonymous_401_1_1326_at_root": for_root.count(401, 1, 1326),
        "handshakes_excluded": sum(b.count for b in summary.handshakes.values()),
        "handshake_like": sum(b.count for b in summary.handshake_like.values()),
        "peak_memory_mb": round(_peak_mb(), 1),
        "met": rate >= 500_000,
    }


def _bundle_with(name: str, files: dict[str, str]) -> Path:
    """A simulated healthy WS2022 host's bundle in DATA_DIR/name, with ``files`` (bundle path:
    generated file) in place of its own Security.xml and W3C logs.

    Hard links, not copies: the benchmarks measure reading, not a copy of a gigabyte. (A
    symbolic link would lead out of the bundle, which the diagnosis refuses.)"""
    import shutil

    from simulator.bundle import write_bundle
    from simulator.events import OsFamily
    from simulator.factory import HostSpec, build_host

    folder = Path(DATA_DIR) / name
    shutil.rmtree(folder, ignore_errors=True)
    host = build_host(
        HostSpec(os=OsFamily.WS2022, computer_name="WEB01", custom_account="IUSR_WEB01")
    )
    host.iis.request("/")
    write_bundle(host, folder)
    for old in folder.glob("W3SVC1/*.log"):
        if any(target.startswith("W3SVC1/") for target in files):
            old.unlink()
    for target, source in files.items():
        (folder / target).unlink(missing_ok=True)
        os.link(source, folder / target)
    return folder


@benchmark("diagnose_bundle")
def diagnose_bundle(options: Options) -> Figures:
    """`authlab diagnose` end to end on a bundle holding the 1,000,000-event Security.xml and
    the 1,000,000-line W3C log beside a simulated host's other files."""
    from checks.bundle import BundleEvidence
    from checks.engine import diagnose

    xml, _ = _cached("security-1m-v1.xml", _write_security_xml)
    log, _ = _cached("w3c-1m-v1.log", _write_w3c)
    folder = _bundle_with("bundle-1m", {"Security.xml": xml, "W3SVC1/u_ex261124.log": log})
    _warm(xml)
    _warm(log)
    gc.collect()
    start = time.perf_counter()
    result = diagnose(BundleEvidence(folder))
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    events_rate = SECURITY_EVENTS / seconds
    budget = SECURITY_EVENTS / 200_000 + W3C_LINES / 500_000
    return {
        "benchmark": "diagnose_bundle",
        "events": SECURITY_EVENTS,
        "w3c_lines": W3C_LINES,
        "seconds": round(seconds, 3),
        "events_per_second_end_to_end": round(events_rate),
        "verdict": result.verdict.value,
        "findings": [f.id for f in result.findings],
        "peak_memory_mb": round(peak, 1),
        "memory_target_mb": 500,
        # The budget: the events at 200,000/s plus the log lines at 500,000/s.
        "target_seconds": budget,
        "met": peak < 500 and seconds <= budget,
    }


MATCHING_MB = 500


def _write_matching_security_xml(path: str) -> None:
    """About 500 MB of events as wevtutil prints them, every one a logon of the anonymous
    account (three failures to a success), so that the account filter keeps them all."""
    templates = _security_templates()
    spellings = ["IUSR_WEB01", "iusr_web01", "IUSR_web01"]
    limit = MATCHING_MB * 1_000_000
    written = 0
    index = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while written < limit:
            batch = []
            for _ in range(20_000):
                seconds, frac = divmod(index * 37, 1000)
                minutes, sec = divmod(seconds, 60)
                hours, minute = divmod(minutes, 60)
                day = 2 + hours // 24
                stamp = f"2026-01-{day:02d}T{hours % 24:02d}:{minute:02d}:{sec:02d}.{frac:03d}0000Z"
                kind = "anon4625" if index % 4 else "anon4624"
                user = spellings[index % 3]
                batch.append(templates[kind] % {"time": stamp, "rid": 1000 + index, "user": user})
                index += 1
            text = "\n".join(batch) + "\n"
            out.write(text)
            written += len(text)


@benchmark("security_xml_all_matching")
def security_xml_all_matching(options: Options) -> Figures:
    """`authlab diagnose` on a bundle whose 500 MB Security.xml names the anonymous account in
    every event: memory must not grow with the matching events (counts and bounded samples)."""
    from checks.bundle import BundleEvidence
    from checks.engine import diagnose

    xml, generated = _cached("security-matching-500mb-v1.xml", _write_matching_security_xml)
    folder = _bundle_with("bundle-matching", {"Security.xml": xml})
    _warm(xml)
    gc.collect()
    before = _peak_mb()
    start = time.perf_counter()
    result = diagnose(BundleEvidence(folder))
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    return {
        "benchmark": "security_xml_all_matching",
        "file_mb": round(os.path.getsize(xml) / 1e6, 1),
        "generate_seconds": round(generated, 2),
        "seconds": round(seconds, 3),
        "target_seconds": 15,
        "verdict": result.verdict.value,
        "findings": [f.id for f in result.findings],
        "peak_memory_mb_before": round(before, 1),
        "peak_memory_mb": round(peak, 1),
        "memory_target_mb": 200,
        "met": peak < 200 and seconds < 15,
    }


@benchmark("samba_logons")
def samba_logons(options: Options) -> Figures:
    """The same 1,000 logon decisions (a healthy account, right and wrong password in turn) on
    the simulator and on a real Samba AD DC: LDAPS simple binds on one reused connection, and
    SMB session setups with smbclient, a new connection each (what a diagnostic tool pays; 100
    of them, the rate scaled). Also the seconds to provision and start the DC."""
    import ssl

    import ldap3

    from authlab.samba_dc import SambaDC, SambaUnavailable, unavailable
    from simulator.events import OsFamily
    from simulator.logon import Caller, logon_user

    address = "127.0.0.240"
    reason = unavailable(address)
    if reason is not None:
        return {"benchmark": "samba_logons", "skipped": reason, "met": False}
    decisions = 1000
    host = build_host(
        HostSpec(os=OsFamily.WS2022, computer_name="WEB01", custom_account="IUSR_WEB01")
    )
    settings = host.iis.settings_for("/")
    user, _ = settings.split_user()
    right = settings.password
    assert right is not None
    wrong = Secret("not-the-password")
    caller = Caller(r"C:\Windows\System32\inetsrv\w3wp.exe", 2212)
    start = time.perf_counter()
    for index in range(decisions):
        logon_user(host.logon_machine, user, None, right if index % 2 else wrong, 8, caller)
    simulator_seconds = time.perf_counter() - start
    dc = SambaDC(address)
    start = time.perf_counter()
    try:
        dc.start()
    except SambaUnavailable as exc:
        return {"benchmark": "samba_logons", "skipped": str(exc), "met": False}
    try:
        startup = time.perf_counter() - start
        password = Secret("Bench-Pass-2026!")
        dc.samba_tool("user", "create", "iusr_bench", password.reveal())
        principal = f"iusr_bench@{dc.spec.realm}"
        server = ldap3.Server(
            address, port=636, use_ssl=True, tls=ldap3.Tls(validate=ssl.CERT_NONE)
        )
        connection = ldap3.Connection(server, user=principal, password=password.reveal())
        connection.open()
        start = time.perf_counter()
        for index in range(decisions):
            connection.rebind(principal, password.reveal() if index % 2 else wrong.reveal())
        reused = time.perf_counter() - start
        connection.unbind()
        fresh_count = 100
        start = time.perf_counter()
        for index in range(fresh_count):
            dc.logon("iusr_bench", password if index % 2 else wrong)
        fresh = (time.perf_counter() - start) * decisions / fresh_count
    finally:
        dc.close()
    ratio_reused = reused / simulator_seconds
    return {
        "benchmark": "samba_logons",
        "decisions": decisions,
        "simulator_seconds": round(simulator_seconds, 3),
        "samba_ldaps_reused_connection_seconds": round(reused, 3),
        "samba_smb_new_connection_seconds_scaled": round(fresh, 1),
        "ratio_reused": round(ratio_reused, 1),
        "ratio_new_connection": round(fresh / simulator_seconds, 1),
        "target_ratio_reused": 100,
        "dc_provision_and_start_seconds": round(startup, 1),
        "met": ratio_reused >= 100,
    }


@benchmark("samba_backend")
def samba_backend(options: Options) -> Figures:
    """What a domain scenario costs on the samba backend against the simulator: starting a
    healthy IIS 10 server in the domain (the DC's scenario OU emptied and the domain written)
    and one anonymous request whose logon the DC decides (iisreset first, so IIS's token cache
    does not answer), each over 10 scenarios."""
    from authlab.backends.samba import SambaBackend
    from authlab.backends.simulator import SimulatorBackend
    from authlab.samba_dc import SambaDC, SambaUnavailable, unavailable

    address = "127.0.0.241"
    reason = unavailable(address)
    if reason is not None:
        return {"benchmark": "samba_backend", "skipped": reason, "met": False}
    rounds = 10

    def measure(backend: SimulatorBackend) -> tuple[float, float]:
        starting = requesting = 0.0
        for seed in range(1, rounds + 1):
            began = time.perf_counter()
            backend.start("iis10-domain", seed=seed)
            starting += time.perf_counter() - began
            backend.run("iisreset")
            began = time.perf_counter()
            assert backend.request("/").status == 200
            requesting += time.perf_counter() - began
            backend.close()
        return starting / rounds, requesting / rounds

    simulated = measure(SimulatorBackend())
    dc = SambaDC(address)
    try:
        dc.start()
    except SambaUnavailable as exc:
        return {"benchmark": "samba_backend", "skipped": str(exc), "met": False}
    try:
        real = measure(SambaBackend(dc))
    finally:
        dc.close()
    return {
        "benchmark": "samba_backend",
        "scenarios": rounds,
        "simulator_start_seconds": round(simulated[0], 4),
        "samba_start_seconds": round(real[0], 3),
        "simulator_request_seconds": round(simulated[1], 5),
        "samba_request_seconds": round(real[1], 3),
    }


@benchmark("feature_suite")
def feature_suite(options: Options) -> Figures:
    """The whole Gherkin feature suite with pytest-xdist on two cores (the machine's size)."""
    import re

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cores = {0, 1} & set(range(os.cpu_count() or 1)) or {0}

    def both_cores() -> None:  # undo this runner's one-core pin for the child only
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, cores)

    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_features.py",
        "-n",
        str(len(cores)),
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, preexec_fn=both_cores
    )
    seconds = time.perf_counter() - start
    found = re.search(r"(\d+) passed", done.stdout)
    passed = int(found.group(1)) if found else 0
    failed = re.search(r"(\d+) failed", done.stdout)
    return {
        "benchmark": "feature_suite",
        "scenarios_passed": passed,
        "scenarios_failed": int(failed.group(1)) if failed else 0,
        "cores": len(cores),
        "seconds": round(seconds, 2),
        "target_seconds": 60,
        "target_scenarios": 150,
        "met": done.returncode == 0 and passed >= 150 and seconds < 60,
    }


# -- running --------------------------------------------------------------------------------------
@benchmark("lab_resume")
def lab_resume(options: Options) -> Figures:
    """A lab workspace of 500 commands saved after each one, then resumed (the transcript
    replayed on a fresh server): the save's and the resume's time, and the file's size."""
    import io
    import tempfile

    from rich.console import Console

    from authlab.labs.catalogue import lab_named
    from authlab.labs.session import LabSession

    commands = ["browse", "net user IUSR_WEB18", "events 1", "hint", "check"] * 100
    with tempfile.TemporaryDirectory(prefix="authlab-bench-") as folder:
        path = Path(folder) / "lab.json"
        quiet = Console(file=io.StringIO())
        session = LabSession.start(lab_named("disabled-account"), "iis6-local", 1, path, quiet)
        started = time.perf_counter()
        for line in commands:
            session.execute(line)
        typed = time.perf_counter() - started
        size = path.stat().st_size
        started = time.perf_counter()
        LabSession.resume(path, quiet)
        resumed = time.perf_counter() - started
    return {
        "commands": len(commands),
        "ms_per_command_with_save": round(typed / len(commands) * 1000, 2),
        "resume_seconds": round(resumed, 2),
        "workspace_kib": round(size / 1024, 1),
    }


def _pin_to_one_cpu() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})


def _run_inline(names: list[str], options: Options) -> int:
    _pin_to_one_cpu()
    for name in names:
        print(json.dumps(BENCHMARKS[name](options)), flush=True)
    return 0


def _run_isolated(names: list[str], options: Options) -> int:
    status = 0
    for name in names:
        done = subprocess.run(
            [sys.executable, __file__, "--inline", "--seconds", str(options.seconds), name],
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
        if done.returncode != 0:
            print(
                f"run.py: benchmark {name} failed (exit status {done.returncode})", file=sys.stderr
            )
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    parser.add_argument(
        "--seconds",
        type=float,
        default=Options.seconds,
        help="how long each throughput benchmark runs (default: %(default)s)",
    )
    parser.add_argument(
        "--inline",
        action="store_true",
        help="run in this process instead of one fresh process per benchmark",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, function in BENCHMARKS.items():
            print(f"{name}: {(function.__doc__ or '').strip()}")
        return 0
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        print(
            f"run.py: unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    if args.seconds <= 0:
        parser.error("--seconds must be positive")
    names = list(dict.fromkeys(args.names)) or list(BENCHMARKS)
    options = Options(seconds=args.seconds)
    return _run_inline(names, options) if args.inline else _run_isolated(names, options)


if __name__ == "__main__":
    sys.exit(main())
