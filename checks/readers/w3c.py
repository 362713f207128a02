"""W3C extended logs of IIS (``W3SVC<n>/*.log``): every entry, or a fast summary for the checks.

Format (reference iis.md 4; "W3C Extended Log File Format (IIS 6.0)", learn.microsoft.com
cc786596): directive lines start with ``#``; ``#Fields:`` names the space-separated values of
the lines after it and may change mid-file (the latest one holds); ``#Date:`` is the UTC time
the block was started; values are ``-`` when empty and have their blanks written as ``+``;
times are UTC. IIS 6 writes ``#Fields:`` with one trailing blank; IIS 7.5+ files are UTF-8,
IIS 6 files ANSI; lines end in CRLF. Unknown fields are skipped; a line whose number of values
differs from its ``#Fields:`` is an error naming the line.

Two ways in:

* `iter_w3c` yields a `W3cEntry` per request (for evidence and tests);
* `summarize_w3c` counts anonymous requests (``cs-username`` ``-``) by (sc-status,
  sc-substatus, sc-win32-status), for one URL or all, with first/last time and sample lines.
  It splits each line once and looks only at the fields it needs.

Windows-authentication handshakes (David Wang, "HOWTO: Diagnose 401.x HTTP errors on IIS";
KB 907273; reference iis.md 4) also log anonymous-looking 401 lines:

* ``401 1 2148074254`` and ``401 2 2148074254`` (0x8009030E, SEC_E_NO_CREDENTIALS): the
  negotiation's own round trips, never an anonymous failure; counted apart in
  ``W3cSummary.handshakes`` and left out of ``anonymous``;
* ``401 2 5``: the first, credential-less request when Windows authentication is offered; but
  it is also exactly what an anonymous request gets when anonymous authentication is off.
  Counted apart in ``W3cSummary.handshake_like`` so the checks can decide with the site's
  configuration.

Assumption w3c_plus_decoding (this module): ``+`` is read as a blank in every text value except
``cs-uri-query``, which keeps the query string's own encoding.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO, Final

import attrs

from ..errors import WITHHELD, BundleError, quote

BLOCK_BYTES: Final = 8 * 1024 * 1024
#: No real W3C line is this long (IIS truncates long values); a longer one is not a log line.
MAX_LINE_BYTES: Final = 64 * 1024
#: Sample lines kept per (status, substatus, win32) in a summary.
SAMPLES: Final = 3

#: 0x8009030E, SEC_E_NO_CREDENTIALS: the Negotiate/NTLM handshake's 401s.
WIN32_HANDSHAKE: Final = 2148074254
ERROR_ACCESS_DENIED: Final = 5

Progress = Callable[[int, int], None]
Key = tuple[int | None, int | None, int | None]

_TEXT_FIELDS: Final = {
    "s-sitename": "site",
    "s-ip": "server_ip",
    "cs-method": "method",
    "cs-uri-stem": "uri_stem",
    "cs-uri-query": "uri_query",
    "cs-username": "username",
    "c-ip": "client_ip",
    "cs(user-agent)": "user_agent",
}
_NUMBER_FIELDS: Final = {
    "s-port": "port",
    "sc-status": "status",
    "sc-substatus": "substatus",
    "sc-win32-status": "win32_status",
}


@attrs.frozen(slots=True, kw_only=True)
class W3cEntry:
    """One logged request. Text values are ``""`` where the log has ``-`` or lacks the field;
    numbers are None there. ``username`` is ``""`` for an anonymous request."""

    time: datetime
    site: str = ""
    server_ip: str = ""
    method: str = ""
    uri_stem: str = ""
    uri_query: str = ""
    port: int | None = None
    username: str = ""
    client_ip: str = ""
    user_agent: str = ""
    status: int | None = None
    substatus: int | None = None
    win32_status: int | None = None
    line: int
    source: str

    @property
    def anonymous(self) -> bool:
        return self.username == ""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@attrs.frozen(slots=True)
class W3cSample:
    source: str
    line: int
    text: str


@attrs.frozen(slots=True, kw_only=True)
class W3cBucket:
    """Anonymous requests that ended with one (status, substatus, win32) triple."""

    status: int | None
    substatus: int | None
    win32_status: int | None
    count: int
    first: datetime | None
    last: datetime | None
    samples: tuple[W3cSample, ...]

    @property
    def key(self) -> Key:
        return (self.status, self.substatus, self.win32_status)

    @property
    def code(self) -> str:
        """``401.1`` style, with the win32 status: ``401.1 (1326)``."""
        head = "-" if self.status is None else str(self.status)
        if self.substatus is not None:
            head += f".{self.substatus}"
        return head if self.win32_status is None else f"{head} ({self.win32_status})"


def _frozen_map(value: Mapping[Key, W3cBucket]) -> Mapping[Key, W3cBucket]:
    return MappingProxyType(dict(value))


@attrs.frozen(slots=True, kw_only=True)
class W3cSummary:
    """What the logs say about anonymous requests (to ``url``, or to any URL when None).

    ``anonymous``: every anonymous request except the handshake lines below, by key.
    ``handshake_like``: anonymous ``401 2 5`` (a handshake's first leg, or anonymous disabled).
    ``handshakes``: anonymous ``401 1|2 2148074254`` (Windows-auth round trips; not failures).
    ``authenticated``: requests with a user name, to any URL (``url`` narrows the anonymous
    counts only). ``unjudged``: lines logged without
    cs-username or sc-status, which can not be classified (their field names are in
    ``missing_fields``).
    """

    url: str | None
    files: tuple[str, ...]
    lines: int
    authenticated: int
    unjudged: int
    missing_fields: frozenset[str]
    anonymous: Mapping[Key, W3cBucket] = attrs.field(converter=_frozen_map)
    handshake_like: Mapping[Key, W3cBucket] = attrs.field(converter=_frozen_map)
    handshakes: Mapping[Key, W3cBucket] = attrs.field(converter=_frozen_map)

    def count(
        self, status: int, substatus: int | None = None, win32_status: int | None = None
    ) -> int:
        """Anonymous requests (``anonymous`` only) matching the given codes."""
        return sum(
            bucket.count
            for bucket in self.anonymous.values()
            if bucket.status == status
            and (substatus is None or bucket.substatus == substatus)
            and (win32_status is None or bucket.win32_status == win32_status)
        )

    def failures(self) -> list[W3cBucket]:
        """Anonymous 4xx/5xx buckets, most frequent first."""
        found = [b for b in self.anonymous.values() if b.status is not None and b.status >= 400]
        return sorted(found, key=lambda b: (-b.count, *_key_sort(b)))

    @property
    def anonymous_requests(self) -> int:
        return sum(b.count for b in self.anonymous.values())


def _key_sort(bucket: W3cBucket) -> tuple[int, int, int]:
    status, substatus, win32 = bucket.key
    return (
        -1 if status is None else status,
        -1 if substatus is None else substatus,
        -1 if win32 is None else win32,
    )


# --- shared bits --------------------------------------------------------------------------------


def _open(path: Path) -> tuple[BinaryIO, int]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the callers close it
        return handle, os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise BundleError(path, f"can not be read ({exc.strerror or exc})") from exc


def _lines(handle: BinaryIO, path: Path) -> Iterator[tuple[list[bytes], int]]:
    """Lists of raw lines (without their LF) and the bytes read so far; the BOM dropped."""
    rest = b""
    done = 0
    first = True
    seen = 0  # lines yielded so far, to name the long one
    while True:
        try:
            block = handle.read(BLOCK_BYTES)
        except OSError as exc:
            raise BundleError(path, f"can not be read ({exc.strerror or exc})") from exc
        done += len(block)
        if first:
            first = False
            if block.startswith(b"\xef\xbb\xbf"):
                block = block[3:]
            elif block.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise BundleError(path, "is UTF-16; IIS writes W3C logs in UTF-8 or ANSI", 1)
        if not block:
            if rest:
                yield [rest], done
            return
        data = rest + block if rest else block
        lines = data.split(b"\n")
        rest = lines.pop()
        # The cap holds wherever a line falls: inside a block as at its end.
        if lines and max(map(len, lines)) > MAX_LINE_BYTES:
            long = next(i for i, text in enumerate(lines) if len(text) > MAX_LINE_BYTES)
            raise BundleError(path, f"a line longer than {MAX_LINE_BYTES} bytes", seen + long + 1)
        if len(rest) > MAX_LINE_BYTES:
            raise BundleError(
                path, f"a line longer than {MAX_LINE_BYTES} bytes", seen + len(lines) + 1
            )
        seen += len(lines)
        yield lines, done


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # IIS 6 writes the ANSI code page


def _date(raw: bytes, path: Path, line: int) -> tuple[int, int, int]:
    try:
        year, month, day = (int(part) for part in raw.split(b"-"))
        datetime(year, month, day)
    except (ValueError, OverflowError) as exc:  # a year beyond a C long overflows
        raise BundleError(path, f"{quote(_text(raw))} is not a date (YYYY-MM-DD)", line) from exc
    return year, month, day


def _time(day: tuple[int, int, int], raw: bytes, path: Path, line: int) -> datetime:
    try:
        head, _, fraction = raw.partition(b".")
        hour, minute, second = (int(part) for part in head.split(b":"))
        micro = int((fraction.decode("ascii") + "000000")[:6]) if fraction else 0
        return datetime(*day, hour, minute, second, micro, tzinfo=UTC)
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError) as exc:
        raise BundleError(path, f"{quote(_text(raw))} is not a time (HH:MM:SS)", line) from exc


def _directive_date(raw: bytes, path: Path, line: int) -> tuple[int, int, int]:
    value = raw[6:].strip()  # "#Date: 2005-05-21 05:39:27"
    return _date(value.split()[0] if value else b"", path, line)


def _fields(raw: bytes) -> tuple[str, ...]:
    return tuple(_text(name).lower() for name in raw[8:].split())


# --- every entry -------------------------------------------------------------------------------


def iter_w3c(
    path: str | os.PathLike[str], *, progress: Progress | None = None
) -> Iterator[W3cEntry]:
    """Every request in one W3C log file, honouring the latest ``#Fields:``."""
    file = Path(path)
    handle, total = _open(file)
    with handle:
        fields: tuple[str, ...] | None = None
        index: dict[str, int] = {}
        day: tuple[int, int, int] | None = None
        number = 0
        for lines, done in _lines(handle, file):
            for raw in lines:
                number += 1
                if raw[:1] == b"#":
                    if raw.startswith(b"#Fields:"):
                        fields = _fields(raw)
                        if not fields:
                            raise BundleError(
                                file, "a #Fields: directive that names no field", number
                            )
                        index = {name: i for i, name in enumerate(fields)}
                    elif raw.startswith(b"#Date:"):
                        day = _directive_date(raw, file, number)
                    continue
                tokens = raw.split()
                if not tokens:
                    continue
                if fields is None:
                    raise BundleError(file, "a log line before any #Fields: directive", number)
                if len(tokens) != len(fields):
                    raise BundleError(
                        file,
                        f"{len(tokens)} values where #Fields: names {len(fields)}",
                        number,
                    )
                yield _entry(tokens, index, day, file, number)
            if progress is not None:
                progress(done, total)


def _entry(
    tokens: list[bytes],
    index: dict[str, int],
    day: tuple[int, int, int] | None,
    path: Path,
    line: int,
) -> W3cEntry:
    values: dict[str, object] = {}
    for name, attribute in _TEXT_FIELDS.items():
        at = index.get(name)
        if at is None:
            continue
        raw = tokens[at]
        if raw == b"-":
            continue
        text = _text(raw)
        values[attribute] = text if name == "cs-uri-query" else text.replace("+", " ")
    for name, attribute in _NUMBER_FIELDS.items():
        at = index.get(name)
        if at is None or tokens[at] == b"-":
            continue
        try:
            values[attribute] = int(tokens[at])
        except ValueError as exc:
            shown = quote(_text(tokens[at]), name=name)
            raise BundleError(path, f"{name} {shown} is not a number", line) from exc
    at_date = index.get("date")
    if at_date is not None and tokens[at_date] != b"-":
        day = _date(tokens[at_date], path, line)
    at_time = index.get("time")
    if day is None or at_time is None or tokens[at_time] == b"-":
        raise BundleError(
            path, "a line without a date and time (no date/time field or #Date:)", line
        )
    moment = _time(day, tokens[at_time], path, line)
    return W3cEntry(time=moment, line=line, source=path.name, **values)  # type: ignore[arg-type]


# --- the fast summary --------------------------------------------------------------------------


class _Acc:
    """Running counts of one key: count, earliest and latest stamp, samples."""

    __slots__ = ("count", "first", "last", "samples")

    def __init__(self, stamp: bytes, sample: tuple[str, int, bytes]) -> None:
        self.count = 1
        self.first = stamp
        self.last = stamp
        self.samples = [sample]


def summarize_w3c(
    paths: Iterable[str | os.PathLike[str]],
    *,
    url: str | None = None,
    progress: Progress | None = None,
) -> W3cSummary:
    """Count anonymous requests in these log files (see the module docs and `W3cSummary`).

    ``url`` is compared with cs-uri-stem case-insensitively (IIS URLs are); None counts all.
    """
    files = [Path(p) for p in paths]
    totals = []
    for file in files:
        try:
            totals.append(file.stat().st_size)
        except OSError as exc:
            raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc
    grand_total = sum(totals)
    wanted = None if url is None else url.replace(" ", "+").encode("utf-8").lower()
    acc: dict[tuple[bytes, bytes, bytes], _Acc] = {}
    counters = [0, 0, 0]  # data lines, authenticated, unjudged
    missing: set[str] = set()
    base = 0
    for file, size in zip(files, totals, strict=True):
        handle, _ = _open(file)
        with handle:
            _summarize_file(
                handle, file, wanted, acc, counters, missing, base, grand_total, progress
            )
        base += size
    return _summary(url, files, acc, counters, missing)


def _summarize_file(
    handle: BinaryIO,
    path: Path,
    wanted: bytes | None,
    acc: dict[tuple[bytes, bytes, bytes], _Acc],
    counters: list[int],
    missing: set[str],
    base: int,
    total: int,
    progress: Progress | None,
) -> None:
    name = str(path)  # samples keep the full path: an error found later must name it
    number = 0
    width = -1  # values per line under the current #Fields: (-1: none yet)
    usable = False
    i_user = i_stem = i_status = i_sub = i_win = i_date = i_time = i_query = -1
    i_secret: tuple[int, ...] = ()
    day_prefix = b""
    data_lines = authenticated = unjudged = 0
    get = acc.get
    for lines, done in _lines(handle, path):
        for raw in lines:
            number += 1
            if raw[:1] == b"#":
                if raw.startswith(b"#Fields:"):
                    fields = _fields(raw)
                    if not fields:
                        raise BundleError(path, "a #Fields: directive that names no field", number)
                    width = len(fields)
                    where = {f: i for i, f in enumerate(fields)}
                    i_user = where.get("cs-username", -1)
                    i_status = where.get("sc-status", -1)
                    i_sub = where.get("sc-substatus", -1)
                    i_win = where.get("sc-win32-status", -1)
                    i_stem = where.get("cs-uri-stem", -1)
                    i_date = where.get("date", -1)
                    i_time = where.get("time", -1)
                    i_query = where.get("cs-uri-query", -1)
                    i_secret = tuple(i for i, f in enumerate(fields) if f not in SAMPLE_FIELDS)
                    usable = i_user >= 0 and i_status >= 0 and (i_stem >= 0 or wanted is None)
                    if not usable:
                        needed = ["cs-username", "sc-status"] + (["cs-uri-stem"] if wanted else [])
                        missing.update(n for n in needed if n not in where)
                elif raw.startswith(b"#Date:"):
                    y, m, d = _directive_date(raw, path, number)
                    day_prefix = f"{y:04d}-{m:02d}-{d:02d}".encode()
                continue
            tokens = raw.split()
            if len(tokens) != width:
                if not tokens:
                    continue
                if width < 0:
                    raise BundleError(path, "a log line before any #Fields: directive", number)
                raise BundleError(
                    path, f"{len(tokens)} values where #Fields: names {width}", number
                )
            data_lines += 1
            if not usable:
                unjudged += 1
                continue
            if tokens[i_user] != b"-":
                authenticated += 1
                continue
            if wanted is not None and tokens[i_stem].lower() != wanted:
                continue
            key = (
                tokens[i_status],
                tokens[i_sub] if i_sub >= 0 else b"-",
                tokens[i_win] if i_win >= 0 else b"-",
            )
            if i_date >= 0 and i_time >= 0:
                stamp = tokens[i_date] + b" " + tokens[i_time]
            elif day_prefix:
                stamp = day_prefix + b" " + tokens[i_time] if i_time >= 0 else day_prefix
            else:
                stamp = b""
            bucket = get(key)
            if bucket is None:
                acc[key] = _Acc(stamp, (name, number, _withheld(raw, tokens, i_secret, i_query)))
            else:
                bucket.count += 1
                if stamp < bucket.first:
                    bucket.first = stamp
                elif stamp > bucket.last:
                    bucket.last = stamp
                if len(bucket.samples) < SAMPLES:
                    bucket.samples.append((name, number, _withheld(raw, tokens, i_secret, i_query)))
        if progress is not None:
            progress(base + done, total)
    counters[0] += data_lines
    counters[1] += authenticated
    counters[2] += unjudged


#: The fields a sample line shows as logged: the ones IIS writes whose values can not carry a
#: password. Every other field (the query string, a cookie, a referring URL: the
#: `checks.errors.SECRET_FIELDS`; a field this reader does not know, such as one whose name a
#: damaged file misspells) is withheld, so a misspelled cs-uri-query still never shows.
SAMPLE_FIELDS: Final = frozenset(
    {
        "date",
        "time",
        "s-sitename",
        "s-computername",
        "s-ip",
        "cs-method",
        "cs-uri-stem",
        "s-port",
        "cs-username",
        "c-ip",
        "cs-version",
        "cs(user-agent)",
        "cs-host",
        "sc-status",
        "sc-substatus",
        "sc-win32-status",
        "sc-bytes",
        "cs-bytes",
        "time-taken",
    }
)

#: What a sample line shows in place of a query string.
QUERY_WITHHELD: Final = b"(query-withheld)"

#: What it shows in place of a cookie or a referring URL.
FIELD_WITHHELD: Final = WITHHELD.encode()


def _withheld(raw: bytes, tokens: list[bytes], at: tuple[int, ...], query: int) -> bytes:
    """The line as evidence may quote it: a query string can carry a password
    (``?user=x&password=y``), and so can a cookie or a referring URL with its own query string
    (`checks.errors.SECRET_FIELDS`), and so can a field this reader does not know: the fields at
    ``at`` (all but `SAMPLE_FIELDS`) are never copied into a report."""
    hidden = {i for i in at if tokens[i] != b"-"}
    if not hidden:
        return raw
    return b" ".join(
        (QUERY_WITHHELD if i == query else FIELD_WITHHELD) if i in hidden else token
        for i, token in enumerate(tokens)
    )


def _number(raw: bytes, sample: tuple[str, int, bytes], what: str) -> int | None:
    if raw == b"-":
        return None
    try:
        return int(raw)
    except ValueError as exc:
        shown = quote(_text(raw), name=what)
        raise BundleError(sample[0], f"{what} {shown} is not a number", sample[1]) from exc


def _stamp(raw: bytes, sample: tuple[str, int, bytes]) -> datetime | None:
    if not raw:
        return None
    day_raw, _, time_raw = raw.partition(b" ")
    path = Path(sample[0])
    day = _date(day_raw, path, sample[1])
    if not time_raw:
        return datetime(*day, tzinfo=UTC)
    return _time(day, time_raw, path, sample[1])


def _summary(
    url: str | None,
    files: list[Path],
    acc: dict[tuple[bytes, bytes, bytes], _Acc],
    counters: list[int],
    missing: set[str],
) -> W3cSummary:
    anonymous: dict[Key, W3cBucket] = {}
    handshake_like: dict[Key, W3cBucket] = {}
    handshakes: dict[Key, W3cBucket] = {}
    for (status_raw, sub_raw, win_raw), running in acc.items():
        first_sample = running.samples[0]
        status = _number(status_raw, first_sample, "sc-status")
        substatus = _number(sub_raw, first_sample, "sc-substatus")
        win32 = _number(win_raw, first_sample, "sc-win32-status")
        key = (status, substatus, win32)
        previous = anonymous.get(key) or handshake_like.get(key) or handshakes.get(key)
        bucket = W3cBucket(
            status=status,
            substatus=substatus,
            win32_status=win32,
            count=running.count,
            first=_stamp(running.first, first_sample),
            last=_stamp(running.last, first_sample),
            samples=tuple(
                W3cSample(Path(s).name, n, _text(r).rstrip("\r")) for s, n, r in running.samples
            ),
        )
        if previous is not None:  # "0401" and "401" are one key once read as numbers
            bucket = _merge(previous, bucket)
        if status == 401 and substatus in (1, 2) and win32 == WIN32_HANDSHAKE:
            handshakes[key] = bucket
        elif status == 401 and substatus == 2 and win32 == ERROR_ACCESS_DENIED:
            handshake_like[key] = bucket
        else:
            anonymous[key] = bucket
    return W3cSummary(
        url=url,
        files=tuple(str(f) for f in files),
        lines=counters[0],
        authenticated=counters[1],
        unjudged=counters[2],
        missing_fields=frozenset(missing),
        anonymous=anonymous,
        handshake_like=handshake_like,
        handshakes=handshakes,
    )


def _merge(a: W3cBucket, b: W3cBucket) -> W3cBucket:
    firsts = [t for t in (a.first, b.first) if t is not None]
    lasts = [t for t in (a.last, b.last) if t is not None]
    return attrs.evolve(
        a,
        count=a.count + b.count,
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        samples=(a.samples + b.samples)[:SAMPLES],
    )


__all__ = [
    "SAMPLES",
    "WIN32_HANDSHAKE",
    "Key",
    "W3cBucket",
    "W3cEntry",
    "W3cSample",
    "W3cSummary",
    "iter_w3c",
    "summarize_w3c",
]
