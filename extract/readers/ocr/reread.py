"""Characters the page image contradicts, read again from the ink: a '/' that OCR read as '1'.

Reports print '/' for "no such item" (samplegen numbers.py: the 规章 row of
table 二 is `/ / /` for an agency that makes no rules).  PP-OCR reads that
slash as `1` (scored 0.52-0.92 on the bench's scans, bench/scans.py seed
1313: 15 of the 15 lone slashes of f001/f002 in the four sets), which would
put a silent 1 where the report says there is no number.  The ink tells them
apart: the lean of a character is the least-squares slope of its ink
pixels' x against their y inside its box (pixels across per pixel down).
A '1' stands (+0.02 to +0.07 on the same pages: its flag and foot), a '/'
leans (-0.32 to -0.35: its top is to the right).  Only value characters are
looked at: a line of nothing but '1', '/' and spaces (a value cell, or a
text-only table's run of them), never a `1` inside a number or a sentence.
The character read again keeps what OCR read (``OcrChar.read``), so the
cell that holds it says both readings (cells.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from docstruct.extract.readers.ocr.boxes import Box, OcrChar, OcrLine, OcrPage

# A lone '1' whose ink leans further than this (pixels across per pixel down; negative: top to the right) is
# a '/': halfway between the steepest '1' and the least leaning '/' measured (see above), well clear of both.
SLASH_LEAN = -0.15
# A box needs this many ink pixels for its lean to mean anything (a 150 dpi slash gave 23).
MIN_INK_PIXELS = 12
# Lines that hold only what a value cell of slashes and ones prints.
ONES_AND_SLASHES = re.compile(r"^[1/\s]+$")


def ink_lean(image: Any, box: Box) -> float | None:
    """The slope of the ink's x against its y in box (image pixels), or None when there is too little ink."""
    import numpy as np

    height, width = image.shape[:2]
    x0, top, x1, bottom = (max(0, round(v)) for v in box)
    crop = image[top:min(bottom, height), x0:min(x1, width)].astype(np.float64)
    if crop.size == 0:
        return None
    # ink is darker than the midpoint between the box's paper and its darkest stroke (grey paper, JPEG noise)
    ys, xs = np.nonzero(crop < (float(crop.max()) + float(crop.min())) / 2)
    if len(ys) < MIN_INK_PIXELS or float(ys.var()) == 0.0:
        return None
    return float(((xs - xs.mean()) * (ys - ys.mean())).mean() / ys.var())


def _reread(char: OcrChar, image: Any) -> OcrChar:
    if char.text != "1":
        return char
    lean = ink_lean(image, char.box)
    return replace(char, text="/", read="1") if lean is not None and lean < SLASH_LEAN else char


def _line(line: OcrLine, image: Any) -> OcrLine:
    if not ONES_AND_SLASHES.match(line.text):
        return line
    chars = line.chars or ((OcrChar(line.text.strip(), line.box, line.score),) if line.text.strip() == "1" else ())
    again = tuple(_reread(c, image) for c in chars)
    if all(a is c for a, c in zip(again, chars, strict=True)):
        return line
    return replace(line, text=" ".join(c.text for c in again), chars=again)


def reread_slashes(page: OcrPage, image: Any) -> OcrPage:
    """The page with each lone '1' whose ink leans read as '/' (what OCR read kept on the character)."""
    lines = tuple(_line(line, image) for line in page.lines)
    if all(a is b for a, b in zip(lines, page.lines, strict=True)):
        return page
    return replace(page, lines=lines)
