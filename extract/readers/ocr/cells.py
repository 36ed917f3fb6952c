"""What OCR adds to a Document read from page images: each cell's confidence, digits read as digits.

Runs on the normalised blocks (NFKC has made full-width digits ASCII), so a
fix is made on the text the record shows and each is a warning naming the
page, the table cell and what was printed (house rule: never a silent
number).  The fixes are those real-world-variations.md 'Scans' lists: `0`
read as `o`/`O` and `1` as `l`/`I` in a cell that is otherwise a number or
stands alone, and digits split by spaces (`5 4 9 8`).  A cell whose lowest
character score is under LOW_CONFIDENCE is a warning too when it holds a number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docstruct.extract.model import Block, Document, Grid, GridCell, Source
from docstruct.extract.readers.ocr.glyphs import Scored, lowest_score, scored_in
from docstruct.extract.readers.ocr.marks import LOW_CONFIDENCE, POINT_OR_COMMA
from docstruct.normalize import Step

# Letters OCR gives for a digit in a number cell.
DIGIT_FOR = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "|": "1"})
# A cell that is a number but for those letters, or a lone such letter.
CONFUSED = re.compile(r"^(?=.*[oODlI|])(?:[0-9oOlI|,.]*[0-9][0-9oOlI|,.]*|[oOlI|])$")
# A cell holding a number (labels are read tolerantly; a doubtful number is what matters).
NUMBER = re.compile(r"^[^\u4e00-\u9fff]*\d[^\u4e00-\u9fff]*$")
# Digits split by single spaces: '5 4 9 8', '1 2'.
SPLIT_DIGITS = re.compile(r"^\d(?: \d)+$")


def fix_digits(text: str) -> str:
    """The cell text with confused letters read as digits and split digits joined ('' when nothing to fix)."""
    if CONFUSED.match(text):
        return text.translate(DIGIT_FOR)
    if SPLIT_DIGITS.match(text):
        return text.replace(" ", "")
    return ""


def _with_confidence(source: Source, scores: dict[int, list[Scored]]) -> Source:
    if source.page not in scores or source.bbox is None:
        return source
    return replace(source, confidence=lowest_score(scores[source.page], source.bbox))


def _cell(cell: GridCell, scores: dict[int, list[Scored]], warnings: list[str]) -> GridCell:
    source = _with_confidence(cell.source, scores)
    if source is cell.source:
        return cell
    where = f"page {source.page}, table cell (row {cell.row + 1}, column {cell.col + 1})"
    text = cell.text
    inside = scored_in(scores.get(source.page or 0, []), source.bbox) if source.bbox else []
    reread = [s.read for s in inside if s.read]
    if reread:
        warnings.append(f"{where}: OCR read '{reread[0]}' where the ink leans as a '/' does (reread.py): taken "
                        f"as '{text}', no number; the other reading is {reread[0]}")
    fixed = fix_digits(text)
    if fixed:
        warnings.append(f"{where}: OCR read '{text}', taken as the number {fixed}")
        text = fixed
    if POINT_OR_COMMA.match(text):
        warnings.append(f"{where}: OCR read '{text}': a decimal point, or a thousands separator read as one "
                        f"({text.replace('.', ',')})? check it against the page image")
    if source.confidence is not None and source.confidence < LOW_CONFIDENCE and NUMBER.search(text):
        warnings.append(f"{where}: OCR confidence {source.confidence:.2f} for '{text}' "
                        f"(below {LOW_CONFIDENCE}); check it against the page image")
    return replace(cell, text=text, source=source)


def _block(block: Block, scores: dict[int, list[Scored]], warnings: list[str]) -> Block:
    if block.line is not None:
        return replace(block, line=replace(block.line, source=_with_confidence(block.line.source, scores)))
    if block.grid is None:
        return block
    grid = block.grid
    cells = tuple(_cell(c, scores, warnings) for c in grid.cells)
    return Block(grid=Grid(cells, grid.source, grid.found_by))


def with_ocr(doc: Document, scores: dict[int, list[Scored]], steps: list[dict[str, object]]) -> Document:
    """The document with confidence on every OCR-read source, digit fixes and their warnings, and the steps."""
    if not scores:
        return doc
    warnings: list[str] = []
    blocks = tuple(_block(b, scores, warnings) for b in doc.blocks)
    fixes = sum(1 for w in warnings if "taken as the number" in w)
    new = [Step(str(s["name"]), int(str(s["count"])), str(s.get("detail", ""))) for s in steps]
    if fixes:
        why = "letters read for digits (o/O->0, l/I/|->1) or digits split by spaces"
        new.append(Step("ocr_digits_fixed", fixes, why))
    return replace(doc, blocks=blocks, warnings=(*doc.warnings, *warnings), steps=(*new, *doc.steps))
