"""The core data model: frozen dataclasses that flow through the pipeline.

bytes -> reader -> Document (lines and native grids with provenance) -> cell
stream -> template tables -> record -> checks -> writers.  This module imports
nothing else from ``extract`` so every stage can depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from docstruct.normalize import Step

Format = Literal["pdf", "docx", "html", "txt"]
# Source.with_span makes its instance without __init__ and sets the fields that hold a value
_new_object = object.__new__
_set_attribute = object.__setattr__


def steps_to_json(steps: Sequence[Step]) -> list[dict[str, object]]:
    """Normaliser steps as JSON objects, in the order they were applied."""
    return [{"name": step.name, "count": step.count, "detail": step.detail} for step in steps]


class Status(StrEnum):
    """How a document ended: a record (ok, or partial when something was guessed or not found), or failed.

    A str, so it compares, prints, serialises and stores as its value ('ok').
    """

    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True)
class Source:
    """Where a piece of text was read: native to each format.

    txt: ``line`` (1-based) and ``span`` (character offsets in that original,
    decoded line).  pdf: ``page`` (1-based) and ``bbox`` (x0, top, x1, bottom
    in PDF points).  docx: ``path`` such as ``body[12]/tbl/tr[3]/tc[2]/p[0]``.
    html: ``path``, an element path such as ``body/div[2]/table/tr[4]/td[1]``.
    """

    line: int | None = None
    span: tuple[int, int] | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    path: str | None = None
    confidence: float | None = None  # OCR: the engine's lowest character score in the box (0-1)

    def with_span(self, first: int, last: int) -> Source:
        """The same source with another span.

        Built directly, not with ``dataclasses.replace``, which reads the fields on every
        call, nor with ``__init__``, which sets all six through ``object.__setattr__`` (a
        frozen dataclass): provenance is looked up once per cell and row label, ~190 times a
        document over the text bench.  Only the fields that hold a value are set; a field
        left unset reads its default, None, which the dataclass keeps as a class attribute,
        so the source equals, hashes, prints and pickles as ``dataclasses.replace`` makes it
        (tests/test_hot_paths.py, tests/test_fast_tables.py).  A field added to Source is
        added here too.  (Assigning a whole ``__dict__`` was tried: every Source then carries
        a dict the collector tracks, and the text bench ran full collections twice as often.)
        """
        new = _new_object(Source)
        if self.line is not None:
            _set_attribute(new, "line", self.line)
        _set_attribute(new, "span", (first, last))
        if self.page is not None:
            _set_attribute(new, "page", self.page)
        if self.bbox is not None:
            _set_attribute(new, "bbox", self.bbox)
        if self.path is not None:
            _set_attribute(new, "path", self.path)
        if self.confidence is not None:
            _set_attribute(new, "confidence", self.confidence)
        return new

    def to_json(self) -> dict[str, Any]:
        """The provenance as a JSON object, omitting what does not apply."""
        out: dict[str, Any] = {}
        if self.line is not None:
            out["line"] = self.line
        if self.span is not None:
            out["span"] = list(self.span)
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        if self.path is not None:
            out["path"] = self.path
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass(frozen=True)
class Line:
    """One line of normalised text, with the map back to its original."""

    text: str
    source: Source
    # origin[i] is the offset in the original line of text[i]; len == len(text)
    origin: tuple[int, ...] = ()

    def source_of(self, start: int, end: int) -> Source:
        """Provenance of text[start:end] in the original line."""
        if not self.origin or start >= end:
            return self.source
        return _span_source(self.source, self.origin[start], self.origin[end - 1] + 1)


def text_line(text: str, number: int, width: int, origin: tuple[int, ...]) -> Line:
    """``Line(text, Source(line=number, span=(0, width)), origin)``, built without the two ``__init__``.

    A text or markdown report makes one per line of its file (130 a document over the text bench),
    and a frozen dataclass's ``__init__`` sets every field through ``object.__setattr__``, Source's
    six included.  Only the fields given are set; the others read their default, None, from the
    class, as in Source.with_span, so the line equals, hashes, prints and pickles as the
    constructors make it (tests/test_hot_paths_read.py).
    """
    source = _new_object(Source)
    _set_attribute(source, "line", number)
    _set_attribute(source, "span", (0, width))
    return new_line(text, source, origin)


def new_line(text: str, source: Source, origin: tuple[int, ...]) -> Line:
    """``Line(text, source, origin)``, built without ``__init__`` (see text_line)."""
    line = _new_object(Line)
    _set_attribute(line, "text", text)
    _set_attribute(line, "source", source)
    _set_attribute(line, "origin", origin)
    return line


def _span_source(src: Source, first: int, last: int) -> Source:
    if src.span is None:
        return src
    return src.with_span(first, last)


@dataclass(frozen=True)
class GridCell:
    """One cell of a native table (HTML, DOCX, ruled PDF), merged cells once."""

    row: int
    col: int
    text: str
    source: Source
    rowspan: int = 1
    colspan: int = 1

    def with_text(self, text: str) -> GridCell:
        """The same cell with other text (built without ``__init__``: see text_line)."""
        return _grid_cell(self.row, self.col, text, self.source, self.rowspan, self.colspan)


def _grid_cell(row: int, col: int, text: str, source: Source, rowspan: int, colspan: int) -> GridCell:
    """``GridCell(row, col, text, source, rowspan, colspan)`` without ``__init__`` (see text_line)."""
    cell = _new_object(GridCell)
    _set_attribute(cell, "row", row)
    _set_attribute(cell, "col", col)
    _set_attribute(cell, "text", text)
    _set_attribute(cell, "source", source)
    _set_attribute(cell, "rowspan", rowspan)
    _set_attribute(cell, "colspan", colspan)
    return cell


def path_source(path: str) -> Source:
    """``Source(path=path)``, built without ``__init__`` (see text_line): one per HTML or DOCX line and cell."""
    source = _new_object(Source)
    _set_attribute(source, "path", path)
    return source


def path_cell(row: int, col: int, text: str, path: str, rowspan: int, colspan: int) -> GridCell:
    """``GridCell(row, col, text, Source(path=path), rowspan, colspan)`` without the two ``__init__``
    (see text_line): an HTML or DOCX table makes one per cell, 200 a page over the HTML bench."""
    return _grid_cell(row, col, text, path_source(path), rowspan, colspan)


@dataclass(frozen=True)
class Grid:
    """A native table as the format gave it: cells with their spans."""

    cells: tuple[GridCell, ...]
    source: Source
    found_by: str  # e.g. "html <table>", "docx w:tbl", "pdfplumber lines"


def grid_rows(cells: Sequence[GridCell]) -> list[list[tuple[str, Source]]]:
    """Each grid row's (text, source) left to right; a cell merged down from above is an empty cell here.

    A header cell that reaches down into a data row (总计 over a blank total
    cell whose top rule was not drawn) leaves that row one cell short; the
    empty cell keeps the row's values in their columns.  Cells merged across
    columns stay one cell (r15: '行政许可 | 0 (colspan 2) | 0 | 0').
    """
    rows: dict[int, list[tuple[int, str, Source]]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append((cell.col, cell.text, cell.source))
        for below in range(cell.row + 1, cell.row + cell.rowspan):
            rows.setdefault(below, []).append((cell.col, "", cell.source))
    return [[(t, s) for _, t, s in sorted(row, key=lambda c: c[0])] for _, row in sorted(rows.items())]


@dataclass(frozen=True)
class Block:
    """A run of document content in reading order: a line or a native grid."""

    line: Line | None = None
    grid: Grid | None = None


def line_block(line: Line) -> Block:
    """``Block(line=line)``, built without ``__init__`` (see text_line): one per line of a text report."""
    block = _new_object(Block)
    _set_attribute(block, "line", line)
    return block


@dataclass(frozen=True)
class SourceInfo:
    """The ``source`` object of the record."""

    path: str
    sha256: str
    format: Format
    bytes: int
    encoding: str | None = None
    pages: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "bytes": self.bytes,
        }
        if self.encoding is not None:
            out["encoding"] = self.encoding
        if self.pages is not None:
            out["pages"] = self.pages
        return out


# The MetaTag names a Document carries for each metadata field, in order of preference: the HTML
# reader keeps these tags, metadata.py reads them (one home for both; issue 16: the reader imported
# metadata's lists).
AGENCY_TAGS = ("contentsource", "source", "dc.publisher", "dc.creator", "author")
TITLE_TAGS = ("articletitle", "og:title", "dc.title", "title")
DATE_TAGS = (
    "pubdate", "publishdate", "pubtime", "publishtime", "firstpublishedtime", "releasedate",
    "article:published_time", "dc.date", "dc.date.created", "dcterms.created",
)  # fmt: skip


@dataclass(frozen=True)
class MetaTag:
    """A document property outside the text: an HTML ``<meta>`` tag or the ``<title>``.

    ``name`` is lower-cased as the format names it (``pubdate``,
    ``contentsource``, ``title``); ``content`` is normalised text.
    """

    name: str
    content: str
    source: Source


@dataclass(frozen=True)
class Document:
    """What a reader produces: content blocks in reading order plus what was repaired."""

    blocks: tuple[Block, ...]
    info: SourceInfo
    # what the reader and the normaliser repaired or left out, in order, typed until the record is
    # written (Record.to_json; issue 16)
    steps: tuple[Step, ...] = ()
    warnings: tuple[str, ...] = ()
    # properties the format keeps beside the text (HTML <meta> and <title>)
    meta_tags: tuple[MetaTag, ...] = ()
    # page footers the reader told by their form ('— 6 —', '第 3 页') and dropped: the report prints
    # its page numbers so, and a bare number standing alone is then no footer (tables/footers.py)
    page_footers: int = 0

    @property
    def normalization(self) -> dict[str, Any]:
        """The steps as the record writes them: ``{"steps": [{"name", "count", "detail"}, …]}``."""
        return {"steps": steps_to_json(self.steps)}

    @property
    def lines(self) -> tuple[Line, ...]:
        """All text lines, grids left out."""
        return tuple(b.line for b in self.blocks if b.line is not None)


@dataclass(frozen=True)
class Cell:
    """One template cell of the record."""

    value: int | float | None
    raw: str
    source: Source

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "raw": self.raw, "source": self.source.to_json()}


BlameKind = Literal["source", "extraction", "unknown"]


@dataclass(frozen=True)
class Blame:
    """Who a failed check is to blame on, and why (report-schema.md 'Checks'; extract/blame.py)."""

    kind: BlameKind
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class Check:
    """One 勾稽关系 rule evaluated on the record's numbers; a failed one carries its blame."""

    rule: str
    ok: bool | None
    detail: str
    blame: Blame | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "ok": self.ok, "detail": self.detail}
        if self.blame is not None:
            out["blame"] = self.blame.to_json()
        return out


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "heading": self.heading, "text": self.text}
