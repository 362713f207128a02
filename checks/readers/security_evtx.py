"""``Security.evtx``: the Security log file itself, read with the Rust-backed `evtx` package.

``evtx.PyEvtxParser(path).records()`` yields one dict per record whose ``"data"`` is the
record rendered as XML (an XML declaration, then ``<Event xmlns=...>`` pretty-printed with
double-quoted attributes). Each record goes through the same steps as a ``Security.xml`` event:
the EventID and, for logon events, the TargetUserName are read from the text first; only the
records that pass are parsed with lxml (safe settings, `checks.readers.xmlsafe`) and turned
into a `SecurityEventRecord` by `checks.readers.events.record_from_element`.

Whatever the parser refuses (not an .evtx file, a broken chunk or record) is a `BundleError`
naming the file. Records have no line; ``record_id`` locates them. A file whose records belong
to another log (their ``Channel``: System, Application ...) is refused by name, checked on the
first record and on every record parsed (`checks.readers.events.check_channel`).

Progress: ``progress(bytes_done, bytes_total)`` is estimated from the records read against the
record counts of the chunk headers (read once, 24 bytes a chunk), since the parser reports no
file offsets.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Final

from lxml import etree

from ..errors import BundleError, parser_detail
from . import xmlsafe
from .events import (
    DEFAULT_EVENT_IDS,
    LOGON_IDS,
    RENDERING_EVTX,
    SecurityEventRecord,
    account_keys,
    check_channel,
    keep,
    matches_keys,
    record_from_element,
    wanted_ids,
)
from .security_xml import quick_channel, quick_target

Progress = Callable[[int, int], None]

FILE_HEADER_BYTES: Final = 4096
CHUNK_BYTES: Final = 65536
#: Report progress every this many records.
PROGRESS_EVERY: Final = 4096
#: No real record comes near this; the parser's own limit is the 64 KiB chunk anyway.
MAX_RECORD_CHARS: Final = 1024 * 1024


def iter_security_evtx(
    path: str | os.PathLike[str],
    *,
    accounts: Collection[str] | None = None,
    event_ids: Collection[int] = DEFAULT_EVENT_IDS,
    progress: Progress | None = None,
) -> Iterator[SecurityEventRecord]:
    """The records of a Security .evtx file, filtered as `iter_security_xml` filters."""
    import evtx  # the optional native dependency is only needed here

    file = Path(path)
    ids = wanted_ids(event_ids)
    keys = account_keys(accounts)
    by_text = {str(i).encode(): i for i in ids}
    parser = xmlsafe.parser()
    total, expected = _layout(file) if progress is not None else (0, 0)
    try:
        records = evtx.PyEvtxParser(str(file)).records()
    except (RuntimeError, OSError, ValueError) as exc:
        raise BundleError(file, f"is not a readable .evtx file ({_message(exc)})") from exc
    seen = 0
    while True:
        try:
            item = next(records)
        except StopIteration:
            break
        except (RuntimeError, OSError, ValueError) as exc:
            raise BundleError(
                file, f"is not a readable .evtx file after {seen} records ({_message(exc)})"
            ) from exc
        seen += 1
        if progress is not None and seen % PROGRESS_EVERY == 0 and expected:
            progress(min(total, total * seen // expected), total)
        text = item.get("data") if isinstance(item, dict) else None
        if not isinstance(text, str):
            raise BundleError(file, f"record {seen} has no XML rendering")
        if len(text) > MAX_RECORD_CHARS:
            raise BundleError(file, f"record {seen} is longer than {MAX_RECORD_CHARS} characters")
        data = text.encode("utf-8", "surrogatepass")
        if seen == 1:
            # the first record names the log whether or not it is wanted: a System or
            # Application log saved as Security.evtx is refused, not read as "nothing failed"
            check_channel(quick_channel(data, 0, len(data)), str(file), "record 1", None)
        event_id = _quick_id(data, by_text)
        if event_id is False:
            continue
        if keys is not None and event_id in LOGON_IDS:
            name = quick_target(data, 0, len(data))
            if name is not None and not matches_keys(name, keys):
                continue
        record = _record(data, file, parser, seen)
        if keep(record, ids, keys):
            yield record
    if progress is not None:
        progress(total, total)


def _quick_id(data: bytes, by_text: dict[bytes, int]) -> int | bool | None:
    """The wanted ID of the record, False when it is certainly not wanted, None when the text
    does not say plainly (the record is then parsed)."""
    head = data.find(b"<EventID")
    if head < 0:
        return None
    close = data.find(b">", head + 8)
    end = data.find(b"<", close + 1) if close >= 0 else -1
    if end < 0:
        return None
    text = data[close + 1 : end].strip()
    if not text.isdigit():
        return None
    found = by_text.get(text.lstrip(b"0") or b"0")
    return False if found is None else found


def _record(data: bytes, file: Path, parser: etree.XMLParser, seen: int) -> SecurityEventRecord:
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        # libxml2's own message can quote text from the record, and a record's user-name field
        # can hold a password typed in the wrong box, which nothing near it names: the record
        # is machine-rendered, so the error's kind and place say enough.
        line, column = exc.position
        code: object = getattr(exc, "code", None)  # the lxml stubs leave it out
        kind = etree.ErrorTypes._getName(code) if isinstance(code, int) else None
        kind = kind or "not well-formed"
        raise BundleError(
            file, f"record {seen} is not well-formed XML ({kind} at line {line}, column {column})"
        ) from exc
    return record_from_element(
        root, rendering=RENDERING_EVTX, source=file.name, line=None, path=str(file)
    )


def _layout(file: Path) -> tuple[int, int]:
    """(file size, records the chunk headers announce), for the progress estimate."""
    try:
        size = file.stat().st_size
        expected = 0
        with open(file, "rb") as handle:
            for offset in range(FILE_HEADER_BYTES, size, CHUNK_BYTES):
                handle.seek(offset)
                head = handle.read(24)
                if len(head) < 24 or not head.startswith(b"ElfChnk\x00"):
                    continue
                first, last = struct.unpack_from("<QQ", head, 8)
                if last >= first:
                    expected += last - first + 1
        return size, expected
    except OSError as exc:
        raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc


def _message(exc: BaseException) -> str:
    """The evtx library's message, as `checks.errors.parser_detail` lets a message show it."""
    return parser_detail(str(exc).strip() or type(exc).__name__)


__all__ = ["iter_security_evtx"]
