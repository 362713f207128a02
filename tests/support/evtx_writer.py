"""Write a minimal, valid Windows XML Event Log (.evtx) file from Event XML strings.

No tool on this machine writes .evtx and none can be downloaded, so the tests of
`checks.readers.security_evtx` make their own. Only what a reader needs is written:

* a 4096-byte file header ("ElfFile\\0", format version 3.1, chunk count, CRC32 of its first
  120 bytes at offset 124);
* 64 KiB chunks ("ElfChnk\\0", first/last record number and identifier, offset of the last
  record, free-space offset, CRC32 of the record data at 52, CRC32 of header bytes 0-120 and
  128-512 at 124; empty common-string and template tables);
* event records (signature 0x00002a2a, size, record identifier, FILETIME written time, the
  event as binary XML, a copy of the size);
* binary XML made of plain tokens only: fragment header, open-start-element (0x01/0x41) with
  the element name stored inline, attributes (0x06/0x46) with inline names, Unicode value text
  (0x05, type 0x01), close-start (0x02), close-empty (0x03), end-element (0x04) and end of
  stream (0x00). No templates and no substitutions: real Windows writes every record as a
  template instance, so these files are valid but not byte-for-byte what Windows writes.

Layout facts: libyal/libevtx "Windows XML Event Log (EVTX).asciidoc" (file header, chunk
header, event record, binary XML tokens, value types; CRC32 as in RFC 1952) and MS-EVEN6's
BinXml grammar as quoted by the omerbenamram/evtx parser (name hash: the low 16 bits of
``hash = hash * 65599 + code unit`` over the UTF-16 name). Whether an element start inside a
record carries the 2-byte dependency identifier is not settled by those documents for
elements outside templates (libevtx: absent inside a BinXml substitution value; present in
template definitions). `DEPENDENCY_ID` records what the `evtx` parser (pyevtx-rs 0.14.0)
accepts: elements written straight into a record have none; with one, it stops at the first
record ("buffer too small"), which `tests/test_readers_events.py` uses as a broken file. The
files it accepts pass its checksum validation (``validate_checksums=True``) too.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from lxml import etree

FILE_HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
RECORD_SIGNATURE = b"\x2a\x2a\x00\x00"
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

#: Whether open-start-element tokens of a record's own elements carry a dependency identifier.
DEPENDENCY_ID = False

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

# Binary XML tokens (libevtx "Token types").
_EOF = 0x00
_OPEN_START = 0x01
_CLOSE_START = 0x02
_CLOSE_EMPTY = 0x03
_END_ELEMENT = 0x04
_VALUE = 0x05
_ATTRIBUTE = 0x06
_MORE = 0x40  # "has more data" flag: attributes follow (0x41) / another attribute (0x46)
_FRAGMENT = 0x0F
_STRING_TYPE = 0x01


def name_hash(name: str) -> int:
    """MS-EVEN6 NameHash: low 16 bits of hash = hash * 65599 + each UTF-16 code unit."""
    value = 0
    units = name.encode("utf-16-le")
    for index in range(0, len(units), 2):
        value = (value * 65599 + int.from_bytes(units[index : index + 2], "little")) & 0xFFFFFFFF
    return value & 0xFFFF


class _Encoder:
    """Binary XML of one record; ``base`` is the chunk offset of its first byte."""

    def __init__(self, base: int, dependency_id: bool) -> None:
        self.base = base
        self.out = bytearray()
        self.dependency_id = dependency_id

    def _name(self, name: str) -> None:
        # The name offset points just past itself: the name is stored inline, right here.
        here = self.base + len(self.out) + 4
        units = name.encode("utf-16-le")
        self.out += struct.pack("<I", here)
        self.out += struct.pack("<IHH", 0, name_hash(name), len(units) // 2)
        self.out += units + b"\x00\x00"

    def _text(self, token: int, text: str) -> None:
        units = text.encode("utf-16-le")
        if len(units) // 2 > 0xFFFF:
            raise ValueError("a value text longer than 65535 characters")
        self.out += bytes((token, _STRING_TYPE)) + struct.pack("<H", len(units) // 2) + units

    def element(self, element: etree._Element, parent_ns: str | None) -> None:
        qname = etree.QName(element)
        attributes: list[tuple[str, str]] = []
        if qname.namespace is not None and qname.namespace != parent_ns:
            attributes.append(("xmlns", qname.namespace))
        for key, value in element.items():
            text = value if isinstance(value, str) else value.decode("utf-8")
            attributes.append((etree.QName(key).localname, text))
        self.out.append(_OPEN_START | (_MORE if attributes else 0))
        if self.dependency_id:
            self.out += b"\xff\xff"
        size_at = len(self.out)
        self.out += b"\x00\x00\x00\x00"  # element data size, patched below
        self._name(qname.localname)
        if attributes:
            list_at = len(self.out)
            self.out += b"\x00\x00\x00\x00"  # attribute list size, patched below
            for index, (key, value) in enumerate(attributes):
                last = index == len(attributes) - 1
                self.out.append(_ATTRIBUTE if last else _ATTRIBUTE | _MORE)
                self._name(key)
                self._text(_VALUE, value)
            struct.pack_into("<I", self.out, list_at, len(self.out) - list_at - 4)
        text = element.text or ""
        children = list(element)
        if not children and not text:
            self.out.append(_CLOSE_EMPTY)
        else:
            self.out.append(_CLOSE_START)
            if text and (text.strip() or not children):
                self._text(_VALUE, text)
            for child in children:
                tag: object = child.tag
                if not isinstance(tag, str):
                    continue  # comments and processing instructions are not written
                self.element(child, qname.namespace)
                tail = child.tail or ""
                if tail.strip():
                    self._text(_VALUE, tail)
            self.out.append(_END_ELEMENT)
        struct.pack_into("<I", self.out, size_at, len(self.out) - size_at - 4)


def binxml(event_xml: str | bytes, base: int, *, dependency_id: bool = DEPENDENCY_ID) -> bytes:
    """The binary XML of one ``<Event>`` document, for a record whose data starts at ``base``."""
    data = event_xml.encode("utf-8") if isinstance(event_xml, str) else event_xml
    root = etree.fromstring(data, _PARSER)
    encoder = _Encoder(base, dependency_id)
    encoder.out += bytes((_FRAGMENT, 1, 1, 0))
    encoder.element(root, None)
    encoder.out.append(_EOF)
    return bytes(encoder.out)


def _filetime(moment: datetime) -> int:
    delta = moment.astimezone(UTC) - FILETIME_EPOCH
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _written_time(event_xml: str | bytes) -> datetime:
    data = event_xml.encode("utf-8") if isinstance(event_xml, str) else event_xml
    root = etree.fromstring(data, _PARSER)
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "TimeCreated":
            text = element.get("SystemTime", "")
            head = text[:19]
            if head:
                return datetime.fromisoformat(head).replace(tzinfo=UTC)
    return datetime(2024, 1, 1, tzinfo=UTC)


def _record(record_id: int, event_xml: str | bytes, offset: int, dependency_id: bool) -> bytes:
    body = binxml(event_xml, offset + 24, dependency_id=dependency_id)
    size = 24 + len(body) + 4
    padding = (-size) % 8
    size += padding
    head = RECORD_SIGNATURE + struct.pack(
        "<IQQ", size, record_id, _filetime(_written_time(event_xml))
    )
    return head + body + b"\x00" * padding + struct.pack("<I", size)


def _chunk(records: Sequence[tuple[int, bytes, int]], number_base: int) -> bytes:
    """One chunk from (record id, record bytes, chunk offset) in order."""
    data = bytearray(CHUNK_SIZE)
    data[0:8] = b"ElfChnk\x00"
    for _record_id, raw, offset in records:
        data[offset : offset + len(raw)] = raw
    free = records[-1][2] + len(records[-1][1]) if records else CHUNK_HEADER_SIZE
    first_id = records[0][0] if records else 0
    last_id = records[-1][0] if records else 0
    struct.pack_into(
        "<QQQQIIII",
        data,
        8,
        number_base + 1,
        number_base + len(records),
        first_id,
        last_id,
        128,
        records[-1][2] if records else 0,
        free,
        zlib.crc32(bytes(data[CHUNK_HEADER_SIZE:free])),
    )
    header_crc = zlib.crc32(bytes(data[:120]) + bytes(data[128:CHUNK_HEADER_SIZE]))
    struct.pack_into("<I", data, 124, header_crc)
    return bytes(data)


def evtx_bytes(
    events: Iterable[str | bytes],
    *,
    first_record_id: int = 1,
    dependency_id: bool = DEPENDENCY_ID,
) -> bytes:
    """A complete .evtx file holding these ``<Event>`` documents as records 1, 2, ..."""
    chunks: list[bytes] = []
    pending: list[tuple[int, bytes, int]] = []
    offset = CHUNK_HEADER_SIZE
    record_id = first_record_id
    number_base = 0
    for event in events:
        raw = _record(record_id, event, offset, dependency_id)
        if offset + len(raw) > CHUNK_SIZE:
            if not pending:
                raise ValueError(f"record {record_id} does not fit in one 64 KiB chunk")
            chunks.append(_chunk(pending, number_base))
            number_base += len(pending)
            pending = []
            offset = CHUNK_HEADER_SIZE
            raw = _record(record_id, event, offset, dependency_id)
            if offset + len(raw) > CHUNK_SIZE:
                raise ValueError(f"record {record_id} does not fit in one 64 KiB chunk")
        pending.append((record_id, raw, offset))
        offset += len(raw)
        record_id += 1
    if pending or not chunks:
        chunks.append(_chunk(pending, number_base))
    header = bytearray(FILE_HEADER_SIZE)
    header[0:8] = b"ElfFile\x00"
    struct.pack_into(
        "<QQQIHHHH",
        header,
        8,
        0,
        len(chunks) - 1,
        record_id,
        128,
        1,  # minor version
        3,  # major version
        FILE_HEADER_SIZE,
        len(chunks),
    )
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])))
    return bytes(header) + b"".join(chunks)


def write_evtx(path: str, events: Iterable[str | bytes], **options: object) -> None:
    """Write `evtx_bytes` of these events to ``path``."""
    dependency_id = bool(options.get("dependency_id", DEPENDENCY_ID))
    first = options.get("first_record_id", 1)
    if not isinstance(first, int):
        raise TypeError("first_record_id must be an int")
    with open(path, "wb") as handle:
        handle.write(evtx_bytes(events, first_record_id=first, dependency_id=dependency_id))
