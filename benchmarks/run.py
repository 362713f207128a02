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

from simulator import registry as reg
from simulator.clock import DEFAULT_START
from simulator.factory import HostSpec, build_host
from simulator.population import generate_domain
from simulator.sam import Sam
from simulator.secret import Secret
from simulator.sid import Sid
from simulator.token import build_token

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


# -- running --------------------------------------------------------------------------------------
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
