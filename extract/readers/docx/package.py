"""Open a DOCX container safely: a zip whose parts are bounded before they are inflated.

A DOCX is a zip of XML parts.  Hostile or broken files are refused with a
one-line error before any large part is decompressed: the claimed sizes of
the parts we read must fit ``ReadOptions.max_expanded_bytes``, no large part
may claim an extreme compression ratio (zip bombs), and every part is read
through a byte cap so that a header lying about its size cannot make us
inflate more than we budgeted.  XML is parsed without DTDs, entities or
network access (billion laughs, XXE).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import Any

from docstruct.extract.errors import LimitExceeded, UnreadableInput
from docstruct.extract.options import MIB, ReadOptions

MAIN_PART = "word/document.xml"
NUMBERING_PART = "word/numbering.xml"
STYLES_PART = "word/styles.xml"

# What zipfile raises on a broken or lying archive, its directory or a member while it is
# inflated: zlib.error (bad deflate data), NotImplementedError ('zip file version 10.2',
# compression type 99, strong encryption: issue 18), RuntimeError (encrypted member),
# struct.error and IndexError (truncated records), UnicodeDecodeError (a ValueError: bad names).
_BROKEN_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
               NotImplementedError, struct.error, IndexError, KeyError, TypeError, OverflowError)

# Deflate peaks near 1032:1 on runs of one byte.  Real report XML compresses
# 4-12x (generated reports: ~8x; Word's own files are similar), and even very
# repetitive table XML stays far under 100x, so a large part claiming more is a bomb.
MAX_COMPRESSION_RATIO = 200
# Small parts may legitimately compress oddly (a 2 KB part of spaces); the ratio
# bound only matters for parts big enough to hurt.
RATIO_MIN_BYTES = 1 * MIB
# Parts are inflated in chunks of this many bytes so the cap is checked as we go.
READ_CHUNK_BYTES = 1 * MIB
# How far into a part we look for a DOCTYPE before the root element (bytes).
PROLOG_SCAN_BYTES = 64 * 1024
_ROOT_START = re.compile(rb"<[A-Za-z_]")


class DocxPackage:
    """The parts of one DOCX zip, read under the size and ratio bounds."""

    def __init__(self, data: bytes, options: ReadOptions) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _BROKEN_ZIP as exc:
            what = "not a zip archive" if isinstance(exc, zipfile.BadZipFile) else "a zip archive it cannot open"
            raise UnreadableInput(f"not a DOCX: {what} ({_one_line(exc)})") from exc
        # The last entry of a name wins, as in zipfile's own lookup.
        self._infos = {info.filename: info for info in infos}
        if MAIN_PART not in self._infos:
            raise UnreadableInput(f"a zip, but not a DOCX: no {MAIN_PART}")
        self._budget = options.max_expanded_bytes
        self._used = 0

    def has(self, name: str) -> bool:
        """Whether the package holds a part of this name."""
        return name in self._infos

    def reserve(self, names: list[str]) -> None:
        """Refuse before inflating anything when the parts' claimed sizes break a bound."""
        present = [self._infos[n] for n in names if n in self._infos]
        total = sum(info.file_size for info in present)
        if total > self._budget:
            raise LimitExceeded(
                f"DOCX parts {', '.join(i.filename for i in present)} claim {total} bytes uncompressed, "
                f"over the limit of {self._budget} (max_expanded_bytes)"
            )
        for info in present:
            _check_ratio(info)

    def read(self, name: str) -> bytes | None:
        """A part's bytes (None when absent), inflating at most what the budget allows."""
        info = self._infos.get(name)
        if info is None:
            return None
        _check_ratio(info)
        cap = min(info.file_size, self._budget - self._used)
        if info.file_size > cap:
            raise LimitExceeded(
                f"DOCX part {name} expands to {info.file_size} bytes, over what is left of "
                f"the limit of {self._budget} (max_expanded_bytes)"
            )
        data = self._read_capped(info, cap)
        self._used += len(data)
        return data

    def _read_capped(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        """Inflate one part chunk by chunk; more bytes than its header claims is a lie."""
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while True:
                    chunk = handle.read(READ_CHUNK_BYTES)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap:
                        raise LimitExceeded(
                            f"DOCX part {info.filename} inflates past the {info.file_size} bytes its header "
                            f"claims (read stopped at {cap} bytes)"
                        )
                    chunks.append(chunk)
        except LimitExceeded:
            raise
        except _BROKEN_ZIP as exc:
            # zipfile stops at the claimed size and then fails the CRC: a lying header lands here
            raise UnreadableInput(
                f"DOCX part {info.filename} is corrupt or its header lies about its size: {_one_line(exc)}"
            ) from exc
        return b"".join(chunks)


def _check_ratio(info: zipfile.ZipInfo) -> None:
    if info.file_size < RATIO_MIN_BYTES:
        return
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > MAX_COMPRESSION_RATIO:
        raise LimitExceeded(
            f"DOCX part {info.filename} claims {info.file_size} bytes from {info.compress_size} "
            f"(ratio {ratio:.0f}:1, over {MAX_COMPRESSION_RATIO}:1): refused as a zip bomb"
        )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def _has_doctype(data: bytes) -> bool:
    """Whether the prolog (before the root element) declares a DTD.

    OOXML parts never carry a DTD (ECMA-376 Part 2 forbids it), so any DOCTYPE
    is refused outright: that is where entity-expansion attacks live.
    """
    head = data[:PROLOG_SCAN_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return False
    match = _ROOT_START.search(head)
    prolog = head[: match.start()] if match else head
    return b"<!DOCTYPE" in prolog.upper()


def parse_part(name: str, data: bytes) -> Any:
    """Parse one XML part with lxml, safely: no DTD, no entities, no network, libxml2's depth cap."""
    from lxml import etree

    if _has_doctype(data):
        raise UnreadableInput(f"DOCX part {name} declares a DTD, which OOXML never does (entity expansion refused)")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,  # keeps libxml2's own bounds: 256 levels of nesting, 10 MB text nodes
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = _one_line(exc)
        lower = message.lower()
        if "depth" in lower or "huge" in lower:
            raise LimitExceeded(f"DOCX part {name} nests or grows too deep to parse safely: {message}") from exc
        if "amplification" in lower or "entity" in lower:
            raise LimitExceeded(f"DOCX part {name} tries entity expansion (refused): {message}") from exc
        raise UnreadableInput(f"DOCX part {name} is not well-formed XML: {message}") from exc
    except (ValueError, MemoryError, etree.LxmlError) as exc:
        raise UnreadableInput(f"DOCX part {name} cannot be parsed: {_one_line(exc)}") from exc
    if root is None:
        raise UnreadableInput(f"DOCX part {name} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnreadableInput(f"DOCX part {name} declares a DTD, which OOXML never does (entity expansion refused)")
    return root
