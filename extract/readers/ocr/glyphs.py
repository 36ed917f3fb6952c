"""OCR lines to the PDF reader's glyphs: one glyph per character, in points, with its score kept aside.

The engine boxes a Chinese character alone and a run of digits or letters as
one word; a word's box is shared out evenly among its characters (printed
digits have one width), so the PDF reader's gap rules (an em of space splits
cells, pdf/lines.py) see what a text layer would give.  A space inside a
word is no glyph: it leaves its gap.  Where the engine gave no word boxes
the line's box is shared out the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docstruct.extract.readers.ocr.boxes import Box, OcrChar, OcrLine, OcrPage
from docstruct.extract.readers.pdf.chars import Glyph, PageText
from docstruct.extract.readers.pdf.lines import is_cjk

ENGINE = "ocr"
# A gap between two characters of one OCR line wider than this many line heights is kept (see _closed).
CELL_GAP_EM = 1.0
# A line box this many times taller than wide is a label printed one character under another.
VERTICAL_RATIO = 2.0
# A line with no CJK character on a page with none: its type size is this share of its box's height.
BOX_EM = 0.7
# The ink of a CJK character is this share of its em: the engine's boxes hug the ink, a text layer's glyph is
# the whole em (samplegen 9 pt table cells: 8.28 pt of ink in the seed-1313 f004 noisy 200 dpi scan).  Read
# as the em, every gap in ems came out about 9% wider than the text layer's, and the tail of a wrapped value
# cell (`驳回` / `10`, table 四) fell past the reader's stacking gap (pdf/lines.py STACK_GAP_EM).
CJK_INK_EM = 0.92


@dataclass(frozen=True)
class Scored:
    """One character's box in points and the engine's score for it (its word's, its line's)."""

    box: Box
    score: float
    # what OCR read for this character when the page image showed another (reread.py), else ""
    read: str = ""


def _share(text: str, box: Box, scale: float, em: float) -> list[Glyph]:
    """The text's characters side by side in box, each one em tall about the box's middle (points)."""
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    step = (x1 - x0) / max(1, len(text))
    return [Glyph.at(ch, (x0 + i * step) * scale, (middle - em / 2) * scale, (x0 + (i + 1) * step) * scale,
                     (middle + em / 2) * scale)
            for i, ch in enumerate(text) if not ch.isspace()]


def _stacked(line: OcrLine, scale: float) -> list[Glyph]:
    """A vertical line (a group label printed one character under another): one square glyph per character."""
    x0, top, x1, bottom = line.box
    text = [ch for ch in line.text if not ch.isspace()]
    step = (bottom - top) / len(text)
    em = min(step, x1 - x0)
    middle = (x0 + x1) / 2
    return [Glyph.at(ch, (middle - em / 2) * scale, (top + i * step + (step - em) / 2) * scale,
                     (middle + em / 2) * scale, (top + i * step + (step + em) / 2) * scale)
            for i, ch in enumerate(text)]


def _is_vertical(line: OcrLine) -> bool:
    x0, top, x1, bottom = line.box
    return len(line.text.strip()) >= 2 and bottom - top > VERTICAL_RATIO * (x1 - x0)


def _cjk_widths(line: OcrLine) -> list[float]:
    """The em of each lone CJK character of the line, from the width of its ink (CJK_INK_EM)."""
    return [(c.box[2] - c.box[0]) / CJK_INK_EM for c in line.chars if len(c.text) == 1 and is_cjk(c.text)]


def _em(line: OcrLine, page_em: float) -> float:
    """The line's type size in pixels: its CJK characters' width (they are square), else the page's."""
    widths = sorted(_cjk_widths(line))
    height = line.box[3] - line.box[1]
    if len(widths) >= 2:
        return min(widths[len(widths) // 2], height)
    return min(page_em, height) if page_em else height * BOX_EM


def _closed(chars: tuple[OcrChar, ...], height: float) -> list[OcrChar]:
    """The characters of one line with the gaps between them closed, but for gaps of a cell's width.

    The engine's character boxes hug the ink, so a narrow character (`关`,
    `1`) leaves gaps that the PDF reader's space rule (0.3 em) would read as
    spaces (`本机 关 不 掌 握`); a gap of CELL_GAP_EM line heights is a real one
    (two cells of a text-only table read as one line).
    """
    out = list(chars)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if 0 < b.box[0] - a.box[2] < CELL_GAP_EM * height:
            out[i] = replace(a, box=(a.box[0], a.box[1], b.box[0], a.box[3]))
    return out


def _line_glyphs(line: OcrLine, scale: float, page_em: float) -> list[tuple[Glyph, float, str]]:
    """The line's glyphs in points, with their scores and what OCR read for a character read again.

    The engine's boxes are padded (a 10.5 pt line's box is about 1.5 em
    tall), so boxes of adjacent lines would overlap; each glyph is made one
    em tall about its line's middle, as a text layer's glyph is, for the PDF
    reader's gap rules (wrapped cells, stacked labels, rows).
    """
    if _is_vertical(line):
        return [(g, line.score, "") for g in _stacked(line, scale)]
    em = _em(line, page_em)
    if not line.chars:
        return [(g, line.score, "") for g in _share(line.text, line.box, scale, em)]
    out: list[tuple[Glyph, float, str]] = []
    for char in _closed(line.chars, line.box[3] - line.box[1]):
        box = (char.box[0], line.box[1], char.box[2], line.box[3])
        out += [(g, min(char.score, line.score), char.read) for g in _share(char.text, box, scale, em)]
    return out


def page_glyphs(page: OcrPage) -> tuple[PageText, list[Scored]]:
    """The page's characters as glyphs (points, top-left origin) and their scores."""
    widths = sorted(w for line in page.lines if not _is_vertical(line) for w in _cjk_widths(line))
    page_em = widths[len(widths) // 2] if widths else 0.0
    glyphs: list[Glyph] = []
    scores: list[Scored] = []
    for line in page.lines:
        for glyph, score, read in _line_glyphs(line, page.scale, page_em):
            glyphs.append(glyph)
            scores.append(Scored((glyph.x0, glyph.top, glyph.x1, glyph.bottom), score, read))
    return PageText(glyphs, ENGINE), scores


def scored_in(scores: list[Scored], bbox: Box) -> list[Scored]:
    """The characters whose centres lie in bbox."""
    x0, top, x1, bottom = bbox
    return [s for s in scores if x0 <= (s.box[0] + s.box[2]) / 2 <= x1 and top <= (s.box[1] + s.box[3]) / 2 <= bottom]


def lowest_score(scores: list[Scored], bbox: Box) -> float | None:
    """The lowest score of the characters whose centres lie in bbox (None when none does)."""
    inside = [s.score for s in scored_in(scores, bbox)]
    return min(inside) if inside else None
