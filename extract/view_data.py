"""What a view of a record needs from the pipeline: source blocks, page images, the cells of a check.

Small typed functions any use can call (the debug page, ``docstruct show``, a
notebook); the pipeline itself never calls them.  Everything returned is plain
JSON data or bytes, so it crosses a process boundary (the worker pool) as is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docstruct.extract.formats import image_kind
from docstruct.extract.model import Block, Document, Line
from docstruct.extract.readers.ocr import engine as ocr_engine
from docstruct.extract.readers.ocr.images import image_frames, render_page, view_png

# Page images: 1.5 x 72 dpi = 108 dpi, enough to read a table cell, ~150 KB a page as PNG.
PAGE_SCALE = 1.5
# A view of a 300-page PDF renders the first pages only; the tables sit in the first ten
# in every sample and real report (real/README.md), the rest is narrative.
MAX_PAGES = 40
# A page larger than this (points, either side) is not rendered: a hostile MediaBox
# would otherwise ask for a gigapixel bitmap.
MAX_PAGE_POINTS = 3000.0

@dataclass(frozen=True)
class PageImage:
    """One rendered PDF page: its size in PDF points (the unit of every bbox) and a PNG."""

    page: int
    width: float
    height: float
    png: bytes


def _origin_runs(line: Line) -> list[list[int]]:
    """Line.origin as runs [clean_start, original_start, length] where both advance together."""
    runs: list[list[int]] = []
    for i, o in enumerate(line.origin):
        if runs and runs[-1][1] + runs[-1][2] == o and runs[-1][0] + runs[-1][2] == i:
            runs[-1][2] += 1
        else:
            runs.append([i, o, 1])
    return runs


def block_to_json(index: int, block: Block) -> dict[str, Any]:
    """One Document block as the reader saw it: a line (with its map to the original) or a grid."""
    if block.line is not None:
        line = block.line
        out: dict[str, Any] = {"index": index, "kind": "line", "text": line.text, "source": line.source.to_json()}
        if line.source.span is not None and line.origin:
            out["origin"] = _origin_runs(line)
        return out
    grid = block.grid
    assert grid is not None
    return {
        "index": index,
        "kind": "grid",
        "source": grid.source.to_json(),
        "found_by": grid.found_by,
        "cells": [
            {"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan, "text": c.text,
             "source": c.source.to_json()}
            for c in grid.cells
        ],
    }


def document_blocks(document: Document) -> list[dict[str, Any]]:
    """Every block of the Document in reading order, as JSON data."""
    return [block_to_json(i, b) for i, b in enumerate(document.blocks)]


def page_images(data: bytes, scale: float = PAGE_SCALE, max_pages: int = MAX_PAGES) -> list[PageImage]:
    """The first ``max_pages`` pages of a PDF rendered with pdfium, as PNG.

    Rendering is as deterministic as pdfium: no system fonts are asked for
    beyond pdfium's own fallbacks.  Run it where the extraction ran (a worker
    process under the per-file limits), never in a long-lived host.
    """
    import pypdfium2 as pdfium

    if image_kind(data):
        return _image_file_pages(data, scale, max_pages)
    pdf = pdfium.PdfDocument(data)
    out: list[PageImage] = []
    try:
        for n in range(min(len(pdf), max_pages)):
            page = pdf[n]
            width, height = page.get_size()
            if max(width, height) <= MAX_PAGE_POINTS:
                out.append(PageImage(n + 1, float(width), float(height), _page_png(page, width, height, scale)))
            page.close()
    finally:
        pdf.close()
    return out


def _page_png(page: Any, width: float, height: float, scale: float) -> bytes:
    """The page as PNG; a scanned page (no text layer) levelled as the OCR reader read it, boxes line up."""
    textpage = page.get_textpage()
    scanned = textpage.count_chars() == 0 and ocr_engine.available()
    textpage.close()
    if scanned:
        return view_png(render_page(page), width, height, scale)
    image = page.render(scale=scale).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _image_file_pages(data: bytes, scale: float, max_pages: int) -> list[PageImage]:
    """An image file's pages (PNG, JPEG, TIFF), levelled, in points at the image's dpi."""
    out: list[PageImage] = []
    for n, (grey, dpi) in enumerate(image_frames(data)):
        if n >= max_pages:
            break
        width, height = grey.shape[1] * 72.0 / dpi, grey.shape[0] * 72.0 / dpi
        if max(width, height) <= MAX_PAGE_POINTS:
            out.append(PageImage(n + 1, width, height, view_png(grey, width, height, scale)))
    return out


@dataclass(frozen=True)
class LayoutRow:
    """One row of a template table as printed: an id (None for a heading-only row) and its label."""

    id: str | None
    label: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class TableLayout:
    """A template table as the template lays it out: rows in order, column labels."""

    name: str
    rows: tuple[LayoutRow, ...]
    columns: tuple[str, ...]
    column_labels: dict[str, str]


def _layout(name: str, raw: dict[str, Any]) -> TableLayout:
    default = tuple(raw.get("columns", ()))
    rows = tuple(
        LayoutRow(
            None if r.get("heading") else r["id"],
            str(r.get("num", "")) + str(r["labels"][0]),
            () if r.get("heading") else tuple(r.get("columns", default)),
        )
        for r in raw["rows"]
    )
    columns = default or tuple(dict.fromkeys(c for r in rows for c in r.columns))
    return TableLayout(name, rows, columns, dict(raw.get("column_labels", {})))


def template_layout(template: str) -> tuple[TableLayout, ...]:
    """The three tables of a template version ('2019' or '2021'), labels from extract/templates/*.json."""
    from docstruct.extract.templates import load_data

    return (
        _layout("active_disclosure", load_data(f"t{template}")["active_disclosure"]),
        _layout("applications", load_data("applications")),
        _layout("review_litigation", load_data("review_litigation")),
    )
