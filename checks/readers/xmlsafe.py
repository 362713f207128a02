"""One place that parses untrusted XML: no DTD-declared entities, no external resources,
no network, a size limit. Every XML reader goes through here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from ..errors import BundleError, parser_detail
from .text import read_bytes

MAX_XML_BYTES = 256 * 1024 * 1024


def parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        recover=recover,
    )


def parse_file(path: Path, limit: int = MAX_XML_BYTES) -> etree._Element:
    data = read_bytes(path, limit)
    return parse_bytes(data, path)


def parse_bytes(data: bytes, path: Path) -> etree._Element:
    _refuse_wide_dtd(data, path)
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        # Real MetaBase.xml and applicationHost.config never carry a DTD; one here is an attack
        # or a mistake, and refusing it outright is simpler than proving it harmless.
        line = (
            data[: max(data.upper().find(b"<!ENTITY"), data.upper().find(b"<!DOCTYPE"))].count(
                b"\n"
            )
            + 1
        )
        raise BundleError(path, "declares a DTD or entities, which this file never has", line)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        at = exc.lineno or None
        detail = parser_detail(exc.msg or "not well-formed", lines_near(data, at))
        raise BundleError(path, f"is not well-formed XML ({detail})", at) from exc
    # The byte scan above can not see a DTD in an encoding that is not ASCII-compatible (an
    # encoding declaration may name one); whatever got through, the parsed tree still tells.
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise BundleError(path, "declares a DTD or entities, which this file never has", 1)
    return root


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _refuse_wide_dtd(data: bytes, path: Path) -> None:
    """The DTD check for UTF-16/UTF-32 input, where b"<!DOCTYPE" never appears as bytes: internal
    entities would otherwise be declared, and expanded inside attribute values, before any check
    after parsing could refuse them."""
    encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is None and len(data) >= 4 and b"\x00" in data[:4]:
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    if encoding is None:
        return
    text = data.decode(encoding, errors="replace").upper()
    at = max(text.find("<!DOCTYPE"), text.find("<!ENTITY"))
    if at >= 0:
        line = text[:at].count("\n") + 1
        raise BundleError(path, "declares a DTD or entities, which this file never has", line)


#: Lines before the error that `lines_near` takes in: libxml2 reports an error in an attribute
#: value on the line where it notices it, and a start tag (MetaBase.xml puts one attribute on a
#: line) may begin a little above.
CONTEXT_LINES = 3


def lines_near(data: bytes, line: int | None) -> list[str]:
    """The text of the error's line and the `CONTEXT_LINES` before it (all of the first lines
    when the parser gives no line), decoded leniently: what a parser's message may quote from."""
    encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is None and len(data) >= 4 and b"\x00" in data[:4]:
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    text = data.decode(encoding or "utf-8", errors="replace")
    lines = text.split("\n")
    if line is None:
        return lines[: CONTEXT_LINES + 1]
    return lines[max(0, line - 1 - CONTEXT_LINES) : line]


def line_of(element: etree._Element) -> int | None:
    """lxml's ``sourceline`` as an int: the line where the element's start tag ends (see
    `start_line`), None when unknown. The lxml stubs leave its type out."""
    line: object = element.sourceline
    return line if isinstance(line, int) and line > 0 else None


def start_line(element: etree._Element, lines: Sequence[str]) -> int | None:
    """The line an element's start tag begins on.

    libxml2 records an element's line when its start tag is complete, so for a start tag spread
    over several lines (MetaBase.xml writes one attribute per line) ``sourceline`` is the line of
    its ">". This walks back through the decoded text (``lines``, split on "\\n") to the "<name".
    """
    end = line_of(element)
    if end is None:
        return None
    name = element.tag if isinstance(element.tag, str) else ""
    local = name.rsplit("}", 1)[-1]
    pattern = re.compile(r"<(?:[\w.-]+:)?" + re.escape(local) + r"(?=[\s/>]|$)")
    for index in range(min(end, len(lines)) - 1, -1, -1):
        if pattern.search(lines[index]):
            return index + 1
    return end
