"""Read a PDF into a Document of lines and ruled-table grids, with page and bbox provenance.

Stages, per page (each page is parsed once, by pdfium; pdfplumber's pdfminer
parse, several times slower, runs only when pdfium cannot map a page's text):
  1. glyphs: pypdfium2's text page, every printed character with its box
     (pdf_chars).  pdfium also reads the CJK fonts that give pdfplumber no
     characters or `(cid:N)` codes; when pdfium's own text for a page is
     empty or unmapped, pdfplumber reads that page; a page neither can read
     is reported as needing OCR, the rest of the document is still read.
     Glyph boxes come from the PDF's own widths, and while reading pdfium
     substitutes only fixed fonts for the ones a PDF does not embed
     (pdf_fonts), so the record does not depend on the fonts installed;
  2. rules: the page's painted straight segments (pdfium path objects) go
     through pdfplumber's table finder stages to cells, and cells get spans
     from their boxes (pdf_tables);
  3. text: glyphs inside a cell make that cell's text (pdf_grids); the rest
     become lines in reading order, vertical one-character labels and cells
     wrapped in text-only tables joined, the page footer (`- 5 -`) dropped
     (pdf_lines).
Then over the document: running page headers are dropped; a text-only
table whose rows leave a column blank becomes a grid of its value rows, by
the columns its values and header line up in (pdf_columns); a table continued
at the top of the next page with the same column rules joins the first part
(a merged cell or a row cut by the break made whole); every line and cell
is normalised in ONE normalize_text call.

Bounds: ``options.max_seconds`` is checked between pages and raises
LimitExceeded (a record cut short would look complete); after MAX_PAGES
pages reading stops with a warning (the report is in the first pages); a
page's glyphs and path segments are capped (pdf_chars, pdf_tables).
Encrypted (user password), truncated and corrupt files, and non-PDF bytes,
raise UnreadableInput with a one-line message.  Every pdfium page and text
page, the pdfium document and the pdfplumber document are closed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.errors import LimitExceeded, UnreadableInput
from docstruct.extract.limits import Deadline, check_deadline
from docstruct.extract.model import Block, Document, Grid, GridCell, Line, Source, SourceInfo
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.blocks import normalize_blocks
from docstruct.extract.readers.pdf.chars import (
    PageFrame,
    PageText,
    image_coverage,
    page_frame,
    pdfium_glyphs,
    plumber_glyphs,
    text_is_usable,
)
from docstruct.extract.readers.pdf.columns import Carry, grid_text_tables
from docstruct.extract.readers.pdf.fonts import fixed_fonts
from docstruct.extract.readers.pdf.grids import RawGrid, continues, join_grids, table_to_grid
from docstruct.extract.readers.pdf.lines import TextLine, glyphs_to_lines, is_footer
from docstruct.extract.readers.pdf.tables import assign_glyphs, edges_to_tables, pdfium_edges, plumber_edges
from docstruct.normalize import Step

# Reading stops (with a warning) after this many pages: a report runs to
# tens of pages, a hostile file to millions.
MAX_PAGES = 2000
# The spec says %%EOF ends the file; viewers look for it in the last KiB.
EOF_WINDOW = 1024
# A page whose largest image covers at least SCAN_COVERAGE of it and that has
# fewer than SCAN_TEXT_MAX characters is a scan with a stray text line (a page
# number); a stamp or a logo covers far less.
SCAN_COVERAGE = 0.5
SCAN_TEXT_MAX = 40
# A running header opens at least this many pages, inside the top
# HEADER_ZONE of the page (a fraction of its height).
RUNNING_HEADER_PAGES = 2
HEADER_ZONE = 0.12
# ...set off from the body below by at least this many of its line heights.
HEADER_GAP = 1.0
# Where the table rules come from: "pdfium" (path objects, fast) or
# "pdfplumber" (pdfminer's parse of the page; the reference, several times slower).
GEOMETRY = "pdfium"
FOUND_BY = {"pdfium": "pdf rules (pdfium paths, pdfplumber table finder)",
            "pdfplumber": "pdf rules (pdfplumber edges and table finder)"}
Item = TextLine | RawGrid
# Reads one page that has no text layer from its image (page index, pdfium page, warnings): its glyphs, rules
# and whether the rules were cut (readers/ocr/pages.py; None without the OCR extra).
PageOcr = Callable[[int, Any, list[str]], tuple[PageText, list[dict[str, Any]], bool]]


@dataclass
class PageResult:
    """One page read: its items in reading order and what was done to it."""

    number: int
    items: list[Item]
    footers: int = 0
    vertical_labels: int = 0
    wrapped_cells: int = 0
    slanted: int = 0
    engine: str = "pdfium"
    warnings: list[str] = field(default_factory=list)
    height: float = 0.0
    headers: int = 0
    blank_cells: int = 0


def _check_bytes(data: bytes) -> None:
    if b"%PDF-" not in data[:1024]:
        raise UnreadableInput("not a PDF: no %PDF- header in the first KiB")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise UnreadableInput(f"truncated PDF: no %%EOF in the last {EOF_WINDOW} bytes ({len(data)} bytes in all)")


def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        found = re.search(r"PDFium: ([^)]*)", str(exc))
        reason = (found.group(1) if found else str(exc) or exc.__class__.__name__).strip().rstrip(".").lower()
        if "password" in reason:
            raise UnreadableInput("encrypted PDF: it needs a password to open") from exc
        raise UnreadableInput(f"corrupt PDF: pdfium cannot open it ({reason})") from exc


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """Silence pdfminer's log lines about a broken file for one call (the warnings say what matters)."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Reader:
    """Reads the pages of one open PDF; opens pdfplumber only when a page needs it."""

    def __init__(self, data: bytes, pdf: Any, geometry: str, ocr: PageOcr | None = None) -> None:
        self.data = data
        self.pdf = pdf
        self.geometry = geometry
        self.ocr = ocr  # reads a page with no text layer from its image (the OCR extra installed)
        self._plumber: Any = None

    def plumber_page(self, index: int) -> Any:
        import pdfplumber

        if self._plumber is None:
            self._plumber = pdfplumber.open(io.BytesIO(self.data))
        return self._plumber.pages[index]

    def plumber_edges(self, index: int) -> list[dict[str, Any]]:
        """The page's rules as pdfplumber parses them; none when pdfminer fails on the page."""
        try:
            with _quiet_pdfminer():
                return plumber_edges(self.plumber_page(index))
        except LimitExceeded:
            raise  # out of time: a timeout, never a page without rules
        except Exception:  # as plumber_text
            return []

    def close(self) -> None:
        """Close pdfplumber's document; its close() walks every page and can fail on a broken file."""
        if self._plumber is not None:
            try:
                with _quiet_pdfminer():
                    self._plumber.close()
            except LimitExceeded:
                raise
            except Exception:  # as plumber_text; only an in-memory stream is left to the collector
                pass

    def plumber_text(self, index: int) -> PageText:
        """pdfplumber's reading of a page; nothing when pdfminer fails on it."""
        try:
            with _quiet_pdfminer():
                return plumber_glyphs(self.plumber_page(index))
        except LimitExceeded:
            raise  # out of time (the alarm lands anywhere): a timeout, never 'no text… needs OCR' (issue 16)
        except Exception:  # pdfminer raises a zoo of types on malformed input
            return PageText([], "pdfplumber")

    def text(self, index: int, page: Any, frame: PageFrame, warnings: list[str]) -> PageText:
        """The page's glyphs from pdfium, else pdfplumber; what needs OCR is said in warnings."""
        number = index + 1
        text = pdfium_glyphs(page, frame)
        if not text_is_usable(text):
            other = self.plumber_text(index)
            if text_is_usable(other):
                warnings.append(f"page {number}: pdfium could not map the text; read with pdfplumber")
                text = other
            elif text.glyphs or other.glyphs:
                warnings.append(f"page {number}: the text has no Unicode mapping ((cid:N) codes): needs OCR")
                return PageText([], "none")
            elif image_coverage(page, frame) > 0:
                warnings.append(f"page {number}: no text layer (an image only, a scan?): needs OCR")
        elif len(text.glyphs) < SCAN_TEXT_MAX and image_coverage(page, frame) >= SCAN_COVERAGE:
            warnings.append(f"page {number}: a page-size image with only {len(text.glyphs)} characters of text "
                            "(a scan?): may need OCR")
        if text.truncated:
            warnings.append(f"page {number}: more characters than the per-page bound; the rest were skipped")
        return text

    def page(self, index: int) -> PageResult:
        """One page read: glyphs, rules, tables, lines, items in reading order."""
        import pypdfium2 as pdfium

        try:
            page = self.pdf[index]
        except pdfium.PdfiumError:
            return PageResult(index + 1, [], warnings=[f"page {index + 1}: cannot be loaded (corrupt page); skipped"])
        try:
            frame = page_frame(page)
            warnings: list[str] = []
            text = self.text(index, page, frame, warnings)
            check_deadline(f"reading the text of PDF page {index + 1}")
            if not text.glyphs and self.ocr is not None and image_coverage(page, frame) > 0:
                text, edges, cut = self.ocr(index, page, warnings)  # a scan: readers/ocr/pages.py
            elif self.geometry == "pdfplumber":
                edges, cut = self.plumber_edges(index), False
            else:
                edges, cut = pdfium_edges(page, frame)
            if cut:
                warnings.append(f"page {index + 1}: more path segments than the per-page bound; some rules ignored")
        finally:
            page.close()
        check_deadline(f"reading the rules of PDF page {index + 1}")
        return layout_page(index + 1, text, edges, (frame.width, frame.height), warnings)


def layout_page(number: int, text: PageText, edges: list[dict[str, Any]], size: tuple[float, float],
                warnings: list[str]) -> PageResult:
    """A page's glyphs and rules (from the text layer, or from OCR of its image) to items in reading order."""
    tables = edges_to_tables(edges)
    check_deadline(f"finding the tables of page {number}")
    outside = assign_glyphs(text.glyphs, tables)
    lines = glyphs_to_lines(outside)
    for line in lines.lines:
        line.page = number
    grids = [table_to_grid(t, number) for t in tables]
    result = PageResult(number, [], 0, lines.vertical_labels, lines.wrapped_cells, text.slanted, text.engine, warnings)
    result.items, result.footers = _order(lines.lines, grids, size[0], size[1])
    result.height = size[1]
    return result


def _order(lines: list[TextLine], grids: list[RawGrid], width: float, height: float) -> tuple[list[Item], int]:
    """Grids merged by their tops into the lines (already in reading order); the page footer dropped."""
    items: list[Item] = []
    pending = sorted(grids, key=lambda g: (g.bbox[1], g.bbox[0]))
    for line in lines:
        while pending and pending[0].bbox[1] <= line.top:
            items.append(pending.pop(0))
        items.append(line)
    items += pending
    if not items or not isinstance(items[-1], TextLine):
        return items, 0
    last = items[-1]
    lowest = all(last.top >= (it.bottom if isinstance(it, TextLine) else it.bbox[3]) - 1.0 for it in items[:-1])
    if is_footer(last, lowest, width, height):
        return items[:-1], 1
    return items, 0


def read_pages(data: bytes, options: ReadOptions, geometry: str = GEOMETRY,
               ocr: PageOcr | None = None) -> tuple[list[PageResult], int, list[str]]:
    """Every page read (up to MAX_PAGES), the page count and document-level warnings."""
    _check_bytes(data)
    deadline = Deadline(options.max_seconds)
    with fixed_fonts():  # the fonts pdfium substitutes do not depend on the machine (pdf_fonts)
        pdf = _open(data)
        reader = _Reader(data, pdf, geometry, ocr)
        try:
            count = len(pdf)
            warnings = []
            if count > MAX_PAGES:
                warnings.append(f"read the first {MAX_PAGES} of {count} pages (the page bound); the rest were skipped")
            pages = []
            for index in range(min(count, MAX_PAGES)):
                deadline.check(f"reading the PDF (stopped at page {index + 1} of {count})")
                pages.append(reader.page(index))
        finally:
            reader.close()
            pdf.close()
    return pages, count, warnings


def _header_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _top_lines(page: PageResult) -> list[TextLine]:
    """The lines that open the page inside its header zone, each set off from what follows.

    A running header sits in the top margin, a gap of at least HEADER_GAP
    line heights above the body; the first lines of a flattened table that a
    page break carried over follow each other at line pitch.
    """
    out: list[TextLine] = []
    for i, item in enumerate(page.items):
        after = page.items[i + 1] if i + 1 < len(page.items) else None
        if not isinstance(item, TextLine) or item.top > page.height * HEADER_ZONE:
            break
        below = after.top if isinstance(after, TextLine) else after.bbox[1] if after is not None else page.height
        if below - item.bottom < HEADER_GAP * (item.bottom - item.top):
            break
        out.append(item)
    return out


def drop_running_headers(pages: list[PageResult]) -> None:
    """Drop the running header (`XX局政府信息公开专栏`, `第 3 页 共 9 页`) printed atop several pages.

    A line counts when it opens its page inside the header zone, set off from
    the body, holds words (not just a number: a value of a flattened table
    can open a page too) and the same text (digits aside) opens at least
    RUNNING_HEADER_PAGES pages.  Left in, it would cut every table that runs
    over a page break (docx printed to PDF by LibreOffice has one).
    """
    seen: dict[str, int] = {}
    for page in pages:
        for key in {_header_key(line.text) for line in _top_lines(page)}:
            seen[key] = seen.get(key, 0) + 1
    for page in pages:
        drop = {id(line) for line in _top_lines(page)
                if seen[_header_key(line.text)] >= RUNNING_HEADER_PAGES and re.search(r"[^\W\d_]", line.text)}
        page.items = [it for it in page.items if id(it) not in drop]
        page.headers = len(drop)


def join_pages(pages: list[PageResult]) -> list[Item]:
    """All items in reading order; a table whose next page starts with its continuation becomes one grid."""
    out: list[Item] = []
    for page in pages:
        for i, item in enumerate(page.items):
            prev = out[-1] if out else None
            if i == 0 and isinstance(item, RawGrid) and isinstance(prev, RawGrid) and continues(prev, item):
                out[-1] = join_grids(prev, item)
            else:
                out.append(item)
    return out


def _normalise(items: list[Item], geometry: str) -> tuple[tuple[Block, ...], tuple[Step, ...]]:
    """Blocks with normalised text: one normalize_text call for the whole document (readers/blocks.py)."""
    raw: list[Block] = []
    for item in items:
        if isinstance(item, TextLine):
            source = Source(page=item.page, bbox=(item.x0, item.top, item.x1, item.bottom))
            raw.append(Block(line=Line(item.text, source)))
            continue
        cells = tuple(
            GridCell(c.row, c.col, c.text, Source(page=c.page, bbox=c.bbox), c.rowspan, c.colspan)
            for c in sorted(item.cells, key=lambda c: (c.row, c.col))
        )
        found_by = item.found_by or FOUND_BY[geometry]
        raw.append(Block(grid=Grid(cells, Source(page=item.page, bbox=item.bbox), found_by)))
    return normalize_blocks(raw)


def read_pdf_with(data: bytes, options: ReadOptions, geometry: str = GEOMETRY) -> Document:
    """read_pdf with a choice of where the table rules come from ("pdfium" or "pdfplumber")."""
    from docstruct.extract.readers.ocr.pages import PdfOcr  # engine imported only for a scanned page

    ocr = PdfOcr.if_installed()
    pages, count, warnings = read_pages(data, options, geometry, ocr)
    doc = pages_to_document(pages, count, warnings, data, options, geometry)
    return ocr.document(doc) if ocr is not None else doc


def pages_to_document(pages: list[PageResult], count: int, warnings: list[str], data: bytes, options: ReadOptions,
                      geometry: str = GEOMETRY) -> Document:
    """The pages joined into one Document: headers dropped, text-only tables gridded, continuations joined."""
    drop_running_headers(pages)
    carry = Carry()  # a text-only table's columns, for its rest after a page break
    for page in pages:
        page.items, page.blank_cells = grid_text_tables(page.items, carry)
        warnings.extend(page.warnings)
    items = join_pages(pages)
    if not items:
        raise UnreadableInput(f"no text: none of the {count} pages has a text layer (scanned images?); needs OCR: "
                              "pip install 'docstruct[ocr]'")
    blocks, steps = _normalise(items, geometry)
    steps = (*_pdf_steps(pages, items), *steps)
    info = SourceInfo(path=options.path, sha256=hashlib.sha256(data).hexdigest(), format="pdf", bytes=len(data),
                      pages=count)
    return Document(blocks=blocks, info=info, steps=steps, warnings=tuple(warnings))


def _pdf_steps(pages: list[PageResult], items: list[Item]) -> list[Step]:
    """What the reader repaired or left out, as normalization steps (name, count, detail)."""
    grids = [it for it in items if isinstance(it, RawGrid)]
    fallback = [p.number for p in pages if p.engine == "pdfplumber"]
    counts = (
        ("pdf_page_footers_dropped", sum(p.footers for p in pages),
         "page numbers at the foot of the page ('- 5 -', '— 4 —', a bare number)"),
        ("pdf_page_headers_dropped", sum(p.headers for p in pages),
         "a running header repeated atop the pages (or a page number there), dropped"),
        ("pdf_vertical_labels_joined", sum(p.vertical_labels for p in pages),
         "labels printed one character per line joined into one line"),
        ("pdf_wrapped_cells_joined", sum(p.wrapped_cells for p in pages),
         "a text-only table's cells wrapped inside their columns joined to their first line"),
        ("pdf_text_table_blank_cells", sum(p.blank_cells for p in pages),
         "blank cells of a text-only table kept in their column (the table read as a grid by its columns)"),
        ("pdf_slanted_text_dropped", sum(p.slanted for p in pages),
         "glyphs turned off the page axes (a diagonal watermark) left out"),
        ("pdf_tables_joined_across_pages", sum(1 for g in grids if g.last_page != g.page),
         "a table continued on the next page without its header joined to its first part"),
        ("pdf_merged_cells_rejoined", sum(g.spans_rejoined for g in grids),
         "a merged cell cut by a page break (empty on the next page) made whole again"),
        ("pdf_split_rows_rejoined", sum(g.rows_rejoined for g in grids),
         "a table row broken across a page break joined back into one row"),
        ("pdf_text_from_pdfplumber", len(fallback),
         f"pdfium could not map the text of pages {fallback}; pdfplumber read them"),
    )
    return [Step(name, count, detail) for name, count, detail in counts if count]


def read_pdf(data: bytes, options: ReadOptions) -> Document:
    """Read a PDF report into a Document of lines and grids with page/bbox provenance."""
    return read_pdf_with(data, options, GEOMETRY)
