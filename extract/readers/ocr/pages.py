"""One page image read by OCR: levelled, its rules found, its text read; the same for PDF pages and image files.

``PdfOcr`` is the PDF reader's hook for a page with no text layer (pdf/reader.py
``PageOcr``): it renders the page at RENDER_DPI and hands back glyphs and rules
in the page's points, so the rest of the page (tables, lines, vertical labels,
footers) goes through the PDF reader's own stages.  It keeps each page's
character scores for the cells' confidence (cells.py) and the seconds spent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from docstruct.extract.model import Document
from docstruct.extract.readers.ocr import engine
from docstruct.extract.readers.ocr.boxes import Box, OcrLine, OcrPage, page_from_json, page_to_json
from docstruct.extract.readers.ocr.cells import with_ocr
from docstruct.extract.readers.ocr.glyphs import Scored, page_glyphs
from docstruct.extract.readers.ocr.images import RENDER_DPI, ink_box, level, render_page
from docstruct.extract.readers.ocr.reread import reread_slashes
from docstruct.extract.readers.ocr.rules import image_rules
from docstruct.extract.readers.pdf.chars import PageText

Edges = list[dict[str, Any]]


@dataclass
class ImagePage:
    """What one page image gave: the OCR boxes, glyphs, rules, character scores, the levelling angle."""

    ocr: OcrPage
    text: PageText
    edges: Edges
    cut: bool
    scores: list[Scored]
    note: str = ""  # why the page was not read (engine.unreadable_shape), for its warnings

    @property
    def angle(self) -> float:
        """Degrees the image was turned to level it."""
        return self.ocr.angle


def boxes_to_page(ocr: OcrPage, edges: Edges, cut: bool = False) -> ImagePage:
    """The OCR boxes and the image's rules as the PDF reader's glyphs and edges (a box fixture's way in)."""
    text, scores = page_glyphs(ocr)
    return ImagePage(ocr, text, edges, cut, scores)


def _shifted(line: OcrLine, dx: float, dy: float) -> OcrLine:
    def move(box: Box) -> Box:
        return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

    return replace(line, box=move(line.box), chars=tuple(replace(c, box=move(c.box)) for c in line.chars))


def _ocr(levelled: Any, dpi: float, angle: float) -> OcrPage:
    """The engine's reading of the page; a page it finds no text on is read again from its inked part.

    PP-OCR's detector scales the whole page to its input size: on a page that holds one short line
    (the date under a signature, alone on the last page: seed 2929 f011 as a clean 150 dpi scan,
    bench/scans.py) the line came out too faint to detect and the page read empty; cut to the box of
    its ink, the same line reads at 0.99.
    """
    page = engine.ocr_image(levelled, dpi, angle)
    inked = ink_box(levelled, dpi)
    if page.lines or inked is None:
        return page
    x0, top, x1, bottom = inked
    crop = engine.ocr_image(levelled[top:bottom, x0:x1].copy(), dpi, angle)
    return replace(page, lines=tuple(_shifted(line, x0, top) for line in crop.lines))


def read_image_page(grey: Any, dpi: float) -> ImagePage:
    """A grey page image levelled, its rules found and its text read (coordinates in points)."""
    height, width = grey.shape[:2]
    note = engine.unreadable_shape(height, width)
    if note:
        return replace(boxes_to_page(OcrPage(width, height, dpi, (), 0.0), []), note=note)
    levelled, angle = level(grey)
    edges, cut = image_rules(levelled, dpi)
    return boxes_to_page(reread_slashes(_ocr(levelled, dpi, angle), levelled), edges, cut)


def page_fixture(page: ImagePage) -> dict[str, Any]:
    """The page's OCR boxes and rules as JSON: a test fixture that rebuilds the page without the engine."""
    return {"ocr": page_to_json(page.ocr), "edges": page.edges}


def page_from_fixture(data: dict[str, Any]) -> ImagePage:
    """The page back from ``page_fixture``."""
    return boxes_to_page(page_from_json(data["ocr"]), list(data["edges"]))


@dataclass
class OcrLog:
    """The pages read by OCR in one document: scores per page, angles, seconds."""

    scores: dict[int, list[Scored]] = field(default_factory=dict)
    angles: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, number: int, page: ImagePage, seconds: float, warnings: list[str],
            what: str = "no text layer") -> None:
        """Record a page read; say so in the page's warnings (replacing its 'needs OCR')."""
        self.scores[number] = page.scores
        self.angles[number] = page.angle
        self.seconds += seconds
        warnings[:] = [w for w in warnings if "needs OCR" not in w]
        turned = f", levelled by {page.angle:+.1f}°" if page.angle else ""
        if page.note:
            warnings.append(f"page {number}: {what}; {page.note}")
            return
        warnings.append(f"page {number}: {what}; read by OCR (rapidocr){turned}")

    def steps(self) -> list[dict[str, object]]:
        """The OCR as normalization steps."""
        pages = sorted(self.scores)
        out: list[dict[str, object]] = [{"name": "ocr_pages", "count": len(pages),
                                         "detail": f"pages read from their image by OCR: {pages}"}]
        turned = [n for n in pages if self.angles.get(n)]
        if turned:
            out.append({"name": "ocr_pages_levelled", "count": len(turned),
                        "detail": "scans turned level before OCR: "
                                  + ", ".join(f"page {n} by {self.angles[n]:+.1f}°" for n in turned)})
        return out

    def document(self, doc: Document) -> Document:
        """The document with the OCR's confidences, digit fixes and steps (unchanged when no page was OCRed)."""
        return with_ocr(doc, self.scores, self.steps()) if self.scores else doc


class PdfOcr(OcrLog):
    """The PDF reader's hook for pages with no text layer."""

    @classmethod
    def if_installed(cls) -> PdfOcr | None:
        """A hook when the OCR extra is installed, else None (the reader then says the page needs OCR)."""
        return cls() if engine.available() else None

    def __call__(self, index: int, page: Any, warnings: list[str]) -> tuple[PageText, Edges, bool]:
        start = time.perf_counter()
        read = read_image_page(render_page(page, RENDER_DPI), RENDER_DPI)
        self.add(index + 1, read, time.perf_counter() - start, warnings)
        return read.text, read.edges, read.cut
