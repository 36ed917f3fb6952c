"""Read an image file (PNG, JPEG, TIFF with one or more pages) as a scanned report, by OCR.

Each page image goes through the same stages as a scanned PDF page
(pages.read_image_page), then the PDF reader's own page layout and document
assembly (pdf/reader.py layout_page, pages_to_document), so the tables come
out of the same grid model, stream, templates and checks.  The record's
source format is `pdf` (report-schema.md allows pdf|docx|html|txt; the
provenance is a page and a box in points, as for a PDF, at 72 points to the
image's inch) and a normalization step names the image type.
"""

from __future__ import annotations

import time
from dataclasses import replace

from docstruct.extract.errors import UnreadableInput
from docstruct.extract.formats import image_kind
from docstruct.extract.limits import Deadline
from docstruct.extract.model import Document
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.ocr import engine
from docstruct.extract.readers.ocr.images import MAX_FRAMES, image_frames
from docstruct.extract.readers.ocr.pages import ImagePage, OcrLog, read_image_page
from docstruct.extract.readers.pdf.reader import PageResult, layout_page, pages_to_document
from docstruct.normalize import Step


def read_image(data: bytes, options: ReadOptions) -> Document:
    """Read an image file's pages by OCR into a Document of lines and grids (page/bbox/confidence provenance)."""
    kind = image_kind(data) or "image"
    engine.require(f"a {kind.upper()} image has no text layer")
    deadline = Deadline(options.max_seconds)
    read: list[ImagePage] = []
    seconds: list[float] = []
    for index, (grey, dpi) in enumerate(image_frames(data)):
        deadline.check(f"OCR of the image (stopped at page {index + 1})")
        start = time.perf_counter()
        read.append(read_image_page(grey, dpi))
        seconds.append(time.perf_counter() - start)
    return images_to_document(read, data, options, kind, seconds)


def images_to_document(read: list[ImagePage], data: bytes, options: ReadOptions, kind: str = "image",
                       seconds: list[float] | None = None) -> Document:
    """Page images read by OCR (or box fixtures) through the PDF reader's page layout and assembly."""
    if not any(page.ocr.lines for page in read):
        # said here: the PDF reader's 'no text layer; needs OCR' would be wrong once OCR has run (fuzz jpg 8)
        notes = sorted({page.note for page in read if page.note})
        raise UnreadableInput(f"no text: OCR found none on the {len(read)} page image(s) of the {kind.upper()} file"
                              + "".join(f"; {note}" for note in notes))
    log = OcrLog()
    pages: list[PageResult] = []
    for index, page in enumerate(read):
        warnings: list[str] = []
        log.add(index + 1, page, seconds[index] if seconds else 0.0, warnings, what=f"a {kind.upper()} page image")
        size = (page.ocr.width * page.ocr.scale, page.ocr.height * page.ocr.scale)
        pages.append(layout_page(index + 1, page.text, page.edges, size, warnings))
    notes = [f"read the first {MAX_FRAMES} pages of the image (the page bound)"] if len(pages) >= MAX_FRAMES else []
    doc = pages_to_document(pages, len(pages), notes, data, options)
    what = f"a {kind.upper()} image file, read page by page by OCR (recorded as format pdf)"
    step = Step("ocr_image_input", len(pages), what)
    return log.document(replace(doc, steps=(step, *doc.steps)))
