"""One place that parses untrusted XML: no DTD-declared entities, no external resources,
no network, a size limit. Every XML reader goes through here."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import BundleError
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
        return etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise BundleError(path, f"is not well-formed XML ({exc.msg})", exc.lineno or None) from exc
