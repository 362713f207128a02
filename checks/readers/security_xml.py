"""``Security.xml``: the Security log as ``wevtutil qe Security /f:xml`` prints it.

The file is a sequence of ``<Event xmlns=...>`` elements with no root element (reference
windows-logon.md; contract section 3), usually one per line. Real copies differ in small ways,
all accepted here: a UTF-8 byte-order mark, CRLF or LF, blank lines or none between events,
single- or double-quoted attributes, pretty-printed events, an XML declaration, an ``<Events>``
wrapper (``wevtutil qe ... /e:Events``), and UTF-16 (what PowerShell's ``>`` writes).

A busy server's log holds millions of events, almost all about other accounts, so the reader
does not parse every event. It reads the file in large binary blocks (memory stays flat) and
finds each event's end: first as the line break after it (``bytes.find`` of one byte, a memchr;
wevtutil writes one event a line) with ``</Event>`` just before it, else by searching for
``</Event>``. It reads the EventID and, for logon events, the TargetUserName straight from the
bytes, and hands only the events that survive those filters to lxml, with the safe parser
settings of `checks.readers.xmlsafe`. An event whose layout the byte-level look can not vouch
for (an entity in the name, an extra attribute, CDATA ...) is parsed in full instead, so the
shortcut never drops an event the full parse would keep (a property test checks exactly
that). Line numbers are kept as the scan moves, counting only the line breaks of gaps and of
events that span lines.

What is checked on every event: that it starts with ``<Event``, ends with ``</Event>`` within
`MAX_EVENT_BYTES`, has an EventID, and that nothing but whitespace lies between events (a DTD
or an entity declaration there is refused). The rest of an event that is filtered out is not
validated; events that are kept are parsed strictly.

The log: the first event's ``<Channel>`` is read from its bytes whether or not the event is
wanted, and every parsed event's in full, so a System or Application export saved as
Security.xml is refused with the line of the event that shows it (see
`checks.readers.events.check_channel`), not read as a Security log in which nothing failed.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Final

import attrs
from lxml import etree

from ..errors import BundleError, without_quotations
from . import xmlsafe
from .events import (
    DEFAULT_EVENT_IDS,
    LOGON_IDS,
    RENDERING_XML,
    LogonIdentity,
    SecurityEventRecord,
    account_keys,
    check_channel,
    keep,
    matches_keys,
    parse_int,
    parse_system_time,
    record_from_element,
    wanted_ids,
)

#: Bytes read at a time. Memory stays flat whatever the file's size. (Not Final: the tests
#: shrink it to cut events and line breaks at every place.)
BLOCK_BYTES: int = 8 * 1024 * 1024
#: No real event comes near this; a bigger one is an attack or a broken file.
MAX_EVENT_BYTES: Final = 1024 * 1024

Progress = Callable[[int, int], None]

_END: Final = b"</Event>"
_START: Final = b"<Event"
_ID: Final = b"<EventID"
_TARGET: Final = b"TargetUserName"
_QUOTES: Final = (b"'", b'"')
_CHANNEL: Final = b"<Channel>"
_CHANNEL_END: Final = b"</Channel>"
#: What usually lies between two events, and the line breaks in it.
_GAP_LINES: Final = {b"": 0, b"\n": 1, b"\r\n": 1, b"\r": 0, b" ": 0, b"\t": 0, b"\n\n": 2}
_NAME_END: Final = (ord(" "), ord(">"), ord("\t"), ord("\r"), ord("\n"), ord("/"))
#: How far the line-break shortcut looks for the end of an event's line.
_LINE_WINDOW: Final = 64 * 1024
#: After this many line-break searches that ran past their event (a file whose events share
#: lines), the shortcut is dropped for the rest of the file.
_FAR_MISSES: Final = 32
_WRAPPER_END: Final = (b">", b" ", b"\t", b"\r", b"\n")


_TIME_CREATED: Final = b"<TimeCreated SystemTime="
_LOGON_TYPE: Final = (b"Name='LogonType'>", b'Name="LogonType">')


@attrs.frozen(slots=True, kw_only=True)
class PendingEvent(LogonIdentity):
    """A logon event of a wanted account read from its bytes only as far as choosing it needs
    (ID, target, time, logon type); `parsed` reads it in full.

    A log whose every event names the anonymous account would otherwise be parsed event by
    event, although the diagnosis keeps a few of each kind (`checks.event_digest`). Only plain
    events are pending: one TargetUserName, one TimeCreated, one named LogonType, no entity,
    CDATA or comment, so their text is their bytes. `parsed` still checks that the full parse
    reads what the bytes said."""

    event_id: int
    target_user: str
    time: datetime
    logon_type: int | None
    line: int
    path: Path
    data: bytes = attrs.field(repr=False)

    def parsed(self) -> SecurityEventRecord:
        record = parse_event(self.data, self.path, self.line)
        if (record.event_id, record.target_user, record.time, record.logon_type) != (
            self.event_id,
            self.target_user,
            self.time,
            self.logon_type,
        ):
            raise BundleError(self.path, "an event whose text is not what its bytes say", self.line)
        return record


def parse_event(
    data: bytes, path: Path, line: int, parser: etree.XMLParser | None = None
) -> SecurityEventRecord:
    """One ``<Event>`` of the file parsed in full with the safe settings; `BundleError` naming
    the line when it is not well-formed or not an event."""
    try:
        root = etree.fromstring(data, parser if parser is not None else xmlsafe.parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax(path, exc, line) from exc
    return record_from_element(
        root, rendering=RENDERING_XML, source=path.name, line=line, path=str(path)
    )


def _syntax(path: Path, exc: etree.XMLSyntaxError, line: int) -> BundleError:
    """The parser's message without what it quotes: lxml names entities and tags from the
    text, and a password typed into a user-name field is what such a name would be."""
    offset = (exc.lineno or 1) - 1
    message = without_quotations(exc.msg or "not well-formed")
    if "entity" in message.lower():
        message = f"{message} (entities are never expanded)"
    return BundleError(path, f"is not well-formed XML ({message})", line + offset)


class ScanStats:
    """Counts of one scan, filled in as it goes (for a progress display or a benchmark)."""

    __slots__ = ("bytes_done", "bytes_total", "events", "parsed", "yielded")

    def __init__(self) -> None:
        self.bytes_done = 0
        self.bytes_total = 0
        self.events = 0  # events seen
        self.parsed = 0  # events handed to lxml
        self.yielded = 0  # records yielded


def iter_security_xml(
    path: str | os.PathLike[str],
    *,
    accounts: Collection[str] | None = None,
    event_ids: Collection[int] = DEFAULT_EVENT_IDS,
    progress: Progress | None = None,
    stats: ScanStats | None = None,
) -> Iterator[SecurityEventRecord]:
    """The events of a ``wevtutil qe Security /f:xml`` file whose ID is in ``event_ids`` and,
    for logon events, whose target account is one of ``accounts`` (``DOMAIN\\user``,
    ``user@domain`` or ``user``, compared case-insensitively on the user name; None keeps all).

    ``progress(bytes_done, bytes_total)`` is called after each block; ``stats`` is filled in.
    Anything malformed raises `BundleError` with the file and the line of the event.
    """
    for event in _scan(path, accounts, event_ids, progress, stats, lazy=False):
        yield event if isinstance(event, SecurityEventRecord) else event.parsed()


def iter_security_xml_lazy(
    path: str | os.PathLike[str],
    *,
    accounts: Collection[str],
    event_ids: Collection[int] = DEFAULT_EVENT_IDS,
    progress: Progress | None = None,
    stats: ScanStats | None = None,
) -> Iterator[SecurityEventRecord | PendingEvent]:
    """`iter_security_xml`, with the plain logon events of ``accounts`` yielded as
    `PendingEvent`s, parsed only when their ``parsed()`` is called."""
    return _scan(path, accounts, event_ids, progress, stats, lazy=True)


def _scan(
    path: str | os.PathLike[str],
    accounts: Collection[str] | None,
    event_ids: Collection[int],
    progress: Progress | None,
    stats: ScanStats | None,
    *,
    lazy: bool,
) -> Iterator[SecurityEventRecord | PendingEvent]:
    file = Path(path)
    try:
        handle = open(file, "rb")  # noqa: SIM115 - closed by the with below, after a stat
    except OSError as exc:
        raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc
    with handle:
        scanner = _Scanner(file, wanted_ids(event_ids), account_keys(accounts), stats, lazy)
        try:
            total = os.fstat(handle.fileno()).st_size
            scanner.stats.bytes_total = total
            yield from scanner.run(_blocks(handle, file), total, progress)
        except OSError as exc:
            raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc


# --- input blocks ------------------------------------------------------------------------------


def _blocks(handle: BinaryIO, path: Path) -> Iterator[tuple[bytes, int]]:
    """UTF-8 blocks of the file and the number of file bytes read so far (BOM dropped; UTF-16
    transcoded)."""
    first = handle.read(max(BLOCK_BYTES, 4))  # enough to see any byte-order mark
    done = len(first)
    if first.startswith(codecs.BOM_UTF8):
        first = first[3:]
    elif first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(first) >= 4 and first[1] == 0 and first[3] == 0 and first[0] != 0
    ):
        yield from _utf16_blocks(handle, path, first)
        return
    while first:
        yield first, done
        first = handle.read(BLOCK_BYTES)
        done += len(first)


def _utf16_blocks(handle: BinaryIO, path: Path, first: bytes) -> Iterator[tuple[bytes, int]]:
    if first.startswith(codecs.BOM_UTF16_BE):
        encoding, first = "utf-16-be", first[2:]
        done = 2
    else:
        encoding = "utf-16-le"
        done = 0
        if first.startswith(codecs.BOM_UTF16_LE):
            first, done = first[2:], 2
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    block = first
    lines = 1
    while True:
        done += len(block)
        final = not block
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            raise BundleError(path, f"is not valid {encoding.upper()}", lines) from exc
        data = text.encode("utf-8", "surrogatepass")
        lines += data.count(b"\n")
        if data:
            yield data, done
        if final:
            return
        block = handle.read(BLOCK_BYTES)


# --- the scan ----------------------------------------------------------------------------------


class _Scanner:
    def __init__(
        self,
        path: Path,
        ids: frozenset[int],
        keys: frozenset[str] | None,
        stats: ScanStats | None,
        lazy: bool,
    ) -> None:
        self.lazy = lazy
        self.path = path
        self.name = path.name
        self.ids = ids
        self.keys = keys
        self.stats = stats if stats is not None else ScanStats()
        self.parser = xmlsafe.parser()
        #: EventID text -> (id, is a logon event whose account must be checked)
        self.by_text: dict[bytes, tuple[int, bool]] = {
            str(i).encode(): (i, keys is not None and i in LOGON_IDS) for i in ids
        }
        self.wrapped = False  # inside an <Events> wrapper
        self.channel_seen = False  # the first event's Channel has been checked

    def run(
        self, blocks: Iterator[tuple[bytes, int]], total: int, progress: Progress | None
    ) -> Iterator[SecurityEventRecord | PendingEvent]:
        stats = self.stats
        buf = b""
        pos = 0  # where the next event is looked for
        line = 1  # the line of buf[pos]: kept up to date without counting every line break
        by_text = self.by_text
        gaps = _GAP_LINES
        keys = self.keys if self.keys is not None else frozenset()
        far_misses = 0  # line-break searches that ran past their event (see _FAR_MISSES)
        for block, done in blocks:
            buf = buf[pos:] + block if pos < len(buf) else block
            pos = 0
            find = buf.find
            events = 0
            while True:
                # The next event's start tag: normally right after a line break.
                start = find(_START, pos)
                if start < 0 or start + 7 > len(buf):
                    if len(buf) - pos > MAX_EVENT_BYTES:
                        self._too_big(buf, pos, line)
                    break
                gap_lines = gaps.get(buf[pos:start])
                if gap_lines is None or buf[start + 6] not in _NAME_END:
                    end = find(_END, pos)
                    if end < 0:
                        if len(buf) - pos > MAX_EVENT_BYTES:
                            self._too_big(buf, pos, line)
                        break
                    start = self._gap(buf, pos, end, line, stats.events + events == 0)
                    gap_lines = buf.count(b"\n", pos, start)
                at = line + gap_lines  # the event's first line
                # Its end: wevtutil writes one event a line, so the line break (memchr) is
                # found first and "</Event>" checked just before it; anything else (an event
                # over several lines, a line break inside a value) falls back to a search.
                end = nl = -1
                inner = 0  # line breaks inside the event
                if far_misses < _FAR_MISSES:
                    nl = find(b"\n", start, start + _LINE_WINDOW)
                    if nl > 0 and buf[nl - 8 : nl] == _END:
                        end = nl - 8
                    elif nl > 0 and buf[nl - 9 : nl - 1] == _END:
                        end = nl - 9
                if end < 0:
                    end = find(_END, start)
                    if end < 0:
                        if len(buf) - start > MAX_EVENT_BYTES:
                            self._too_big(buf, start, at)
                        break
                    inner = buf.count(b"\n", start, end)
                    if far_misses < _FAR_MISSES and (nl < 0 or nl > end + 10):
                        far_misses += 1  # the line went on past the event: events share lines
                if end - start > MAX_EVENT_BYTES:
                    self._too_big(buf, start, at)
                stop = end + 8
                events += 1
                if not self.channel_seen:
                    self._first_channel(buf, start, end, at)
                head = find(_ID, start, end)
                close = find(b">", head + 8, end)
                text_end = find(b"<", close, end)
                if head < 0 or close < 0 or text_end < 0:
                    raise self._malformed(buf, start, stop, at)
                wanted = by_text.get(buf[close + 1 : text_end])
                if wanted is None:
                    wanted = self._odd_id(buf[close + 1 : text_end], at)
                    if wanted is None:
                        pos, line = stop, at + inner
                        continue
                if wanted[1]:
                    name = quick_target(buf, close, end)
                    if name is not None and not matches_keys(name, keys):
                        pos, line = stop, at + inner
                        continue
                    if name is not None and self.lazy:
                        pending = self._pending(buf[start:stop], wanted[0], name, at)
                        if pending is not None:
                            pos, line = stop, at + inner
                            stats.yielded += 1
                            yield pending
                            continue
                record = self._parse(buf[start:stop], at)
                pos, line = stop, at + inner
                if keep(record, self.ids, self.keys):
                    stats.yielded += 1
                    yield record
            stats.events += events
            stats.bytes_done = done
            if progress is not None:
                progress(done, total)
        # the end of the file: only whitespace (or the wrapper's end tag) may remain
        if buf[pos:].strip():
            self._tail(buf, pos, line, stats.events == 0)

    # -- slow paths, all rare --------------------------------------------------------------------

    def _gap(self, buf: bytes, pos: int, end: int, line: int, first: bool) -> int:
        """Text between two events (or before the first): whitespace, an XML declaration at the
        start and the ``<Events>`` wrapper are allowed; return the start of the next ``<Event``."""
        start = buf.find(_START, pos, end)
        while start >= 0 and buf[start + 6] not in _NAME_END:  # "<Events", "<EventID" ...
            start = buf.find(_START, start + 6, end)
        if start < 0:
            self._check_gap(buf[pos:end], line, first)
            raise BundleError(self.path, "text that is not an <Event> element", line)
        self._check_gap(buf[pos:start], line, first)
        return start

    def _check_gap(self, gap: bytes, line: int, first: bool) -> None:
        rest = gap.strip()
        upper = gap.upper()
        at = max(upper.find(b"<!DOCTYPE"), upper.find(b"<!ENTITY"))
        if at >= 0:
            where = line + gap[:at].count(b"\n")
            raise BundleError(
                self.path, "declares a DTD or entities, which wevtutil never writes", where
            )
        if first and rest.startswith(b"<?xml"):
            close = rest.find(b"?>")
            if close < 0:
                raise BundleError(self.path, "an unterminated XML declaration", line)
            rest = rest[close + 2 :].strip()
        if not self.wrapped and rest.startswith(b"<Events") and rest[7:8] in _WRAPPER_END:
            close = rest.find(b">")
            if close > 0 and rest[close - 1 : close] != b"/":
                self.wrapped = True
                rest = rest[close + 1 :].strip()
        if rest:
            offset = gap.find(rest[:1])
            where = line + gap[: max(offset, 0)].count(b"\n")
            raise BundleError(self.path, "text outside any <Event> element", where)

    def _tail(self, buf: bytes, pos: int, line: int, first: bool) -> None:
        rest = buf[pos:].strip()
        if self.wrapped and rest == b"</Events>":
            return
        at = buf.find(_START, pos)
        if at >= 0 and buf[at + 6 : at + 7] in (b" ", b">", b"\t", b"\r", b"\n", b"/"):
            where = line + buf[pos:at].count(b"\n")
            raise BundleError(self.path, "an <Event> that never ends (no </Event>)", where)
        self._check_gap(buf[pos:], line, first)

    def _first_channel(self, buf: bytes, start: int, end: int, line: int) -> None:
        """Check the Channel of the file's first event, read from its bytes (an event with an
        odd Channel layout is checked when it is parsed, like every parsed event)."""
        self.channel_seen = True
        check_channel(quick_channel(buf, start, end), str(self.path), "its first event", line)

    def _too_big(self, buf: bytes, pos: int, line: int) -> None:
        start = buf.find(_START, pos, pos + MAX_EVENT_BYTES)
        if start < 0:
            upper = buf[pos : pos + 4096].upper()
            if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
                raise BundleError(
                    self.path, "declares a DTD or entities, which wevtutil never writes", line
                )
            raise BundleError(self.path, "is not a sequence of <Event> elements", line)
        line += buf.count(b"\n", pos, start)
        raise BundleError(
            self.path, f"an event longer than {MAX_EVENT_BYTES} bytes; no real event is", line
        )

    def _malformed(self, buf: bytes, start: int, stop: int, line: int) -> BundleError:
        try:
            root = etree.fromstring(buf[start:stop], self.parser)
        except etree.XMLSyntaxError as exc:
            return _syntax(self.path, exc, line)
        del root
        return BundleError(self.path, "an <Event> without an <EventID>", line)

    def _odd_id(self, text: bytes, line: int) -> tuple[int, bool] | None:
        """EventID text that is not a wanted ID verbatim: an unwanted ID (the common case),
        one with leading zeros or blanks around it, or not a number at all (an error)."""
        if text.isdigit():
            return self.by_text.get(text.lstrip(b"0") or b"0") if text[:1] == b"0" else None
        stripped = text.strip()
        if stripped.isdigit():
            return self.by_text.get(stripped.lstrip(b"0") or b"0")
        raise BundleError(self.path, "an <EventID> that is not a number", line)

    def _parse(self, data: bytes, line: int) -> SecurityEventRecord:
        self.stats.parsed += 1
        return parse_event(data, self.path, line, self.parser)

    def _pending(self, data: bytes, event_id: int, name: str, line: int) -> PendingEvent | None:
        """The event as a `PendingEvent`, or None when its bytes can not vouch for the time
        and logon type (it is then parsed at once)."""
        if b"&" in data or b"<!" in data:  # entities, CDATA, comments: the text is not the bytes
            return None
        if data.count(_TARGET) != 1 or data.count(_TIME_CREATED) != 1:
            return None
        at = data.find(_TIME_CREATED) + len(_TIME_CREATED)
        quote = data[at : at + 1]
        close = data.find(quote, at + 1) if quote in _QUOTES else -1
        if close < 0:
            return None
        try:
            moment = parse_system_time(data[at + 1 : close].decode("ascii"))
        except (UnicodeDecodeError, ValueError, OverflowError):
            return None
        single, double = (data.count(mark) for mark in _LOGON_TYPE)
        if single + double != 1:
            return None
        mark = _LOGON_TYPE[0] if single else _LOGON_TYPE[1]
        begin = data.find(mark) + len(mark)
        stop = data.find(b"<", begin)
        if stop < 0:
            return None
        try:
            text = data[begin:stop].decode("utf-8")
        except UnicodeDecodeError:
            return None
        return PendingEvent(
            event_id=event_id,
            target_user=name,
            time=moment,
            logon_type=parse_int(text),
            line=line,
            path=self.path,
            data=data,
        )


def quick_channel(buf: bytes, begin: int, end: int) -> str | None:
    """The ``<Channel>`` text of the event in ``buf[begin:end]`` read from the bytes; None when
    there is none or its layout is not the plain one (an entity, an attribute ...)."""
    at = buf.find(_CHANNEL, begin, end)
    if at < 0:
        return None
    close = buf.find(_CHANNEL_END, at, end)
    raw = buf[at + len(_CHANNEL) : close] if close > 0 else b""
    if close < 0 or b"<" in raw or b"&" in raw:
        return None
    return raw.decode("utf-8", "replace")


def quick_target(buf: bytes, begin: int, end: int) -> str | None:
    """The TargetUserName of the event in ``buf[begin:end]``, read from the bytes, or None when
    the bytes can not vouch for it (no such field, an extra attribute, an entity, CDATA, not
    UTF-8 ...): the caller then parses the event in full."""
    at = buf.find(_TARGET, begin, end)
    if at < 0:
        return None
    quote = buf[at - 1 : at]
    gt = at + len(_TARGET)
    if quote not in _QUOTES or buf[gt : gt + 2] != quote + b">":
        return None
    lt = buf.find(b"<", gt + 2, end)
    if lt < 0 or buf[lt + 1 : lt + 2] != b"/":
        return None
    raw = buf[gt + 2 : lt]
    if b"&" in raw:
        return None
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None


__all__ = [
    "BLOCK_BYTES",
    "MAX_EVENT_BYTES",
    "PendingEvent",
    "ScanStats",
    "iter_security_xml",
    "iter_security_xml_lazy",
    "parse_event",
    "quick_channel",
    "quick_target",
]
