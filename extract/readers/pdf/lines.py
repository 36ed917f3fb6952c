"""Glyphs to lines: rows by vertical position, spaces at wide gaps, vertical labels, footers.

A PDF has no lines, only positioned glyphs.  Glyphs whose vertical centres
agree form a row (glyph_rows); a row reads left to right, and a gap wider
than a fraction of the font size becomes a space, because spaces are the
only cell boundaries a text-only table keeps (real-world-variations.md:
`230 000023`); CJK text never gets spaces between adjacent glyphs.  Then
what print cut apart is put back: labels printed one character per line
(vertical_labels) and cells wrapped inside the columns of a text-only table
(rows_to_lines); is_footer tells the page number at the foot of a page.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docstruct.extract.readers.pdf.chars import Glyph

Box = tuple[float, float, float, float]

# Glyphs belong to one row when their vertical centres differ by less than
# this fraction of the smaller font size (sub/superscripts stay in the row).
ROW_CENTRE_TOLERANCE = 0.45
# A gap wider than this many ems is a space; a Latin word space is
# ~0.25-0.33 em, CJK glyphs touch.
SPACE_GAP_EM = 0.3
# ...except in letter-spaced CJK (distributed titles `政 府 信 息`): a row of at
# least LETTER_SPACED_MIN CJK glyphs whose gaps are all alike (the widest at
# most this ratio of the narrowest, plus 0.1 em) keeps no spaces.
LETTER_SPACED_RATIO = 1.5
LETTER_SPACED_MIN = 3
# Some producers print bold by drawing a glyph twice a hair apart: a repeat
# of the same character shifted by less than this fraction of its width is
# the same glyph ('ll' in 'hello' is two glyphs a full width apart).
DUPLICATE_SHIFT = 0.3
# Vertical labels (real-world-variations.md `三\n、\n本\n年\n度…`): a glyph is
# alone on its row when nothing is within this many ems on either side...
LONE_GAP_EM = 0.5
# ...and lone glyphs stack into one label when their centres are this close
# in x and the vertical gap between them is below STACK_GAP_EM: a label's
# pitch is its line leading (gap ~0.3 em); rows of a text-only table are
# further apart, so a column of `无` cells does not stack.
STACK_X_EM = 0.3
STACK_GAP_EM = 0.5
MIN_STACK = 3
# A wrapped value's tail (`驳回` / `19`): at most this many characters, and
# within this many ems of the x-range of the cell it sits under.
TAIL_MAX_CHARS = 8
TAIL_INSIDE_EM = 0.3
# Page footers sit below everything else, in the bottom part of the page.
FOOTER_ZONE = 0.15  # fraction of the page height
FOOTER_CENTRED = 0.1  # |line centre - page centre| below this fraction of the width
FOOTER_RE = re.compile(
    r"^\s*(?:[-—–－―‐·•~\s]*\d{1,4}[-—–－―‐·•~\s]*"  # - 5 -, — 4 —, 7
    r"|第\s*\d{1,4}\s*页(?:(?:\s*[,，/])?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共9页
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"  # 3/9
)
DECORATED_RE = re.compile(r"[-—–－―‐·•~第/]")


@dataclass
class TextLine:
    """A line of raw (not yet normalised) text with its box on the page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int = 0
    # the cells the line was built from (text, box): what a gap wider than
    # SPACE_GAP_EM separated, wrapped continuations joined (pdf_columns reads them)
    cells: tuple[tuple[str, Box], ...] = ()


def is_cjk(char: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation (no spaces between these)."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
        or code in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026)
    )


def glyph_rows(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into rows (top to bottom), each row sorted left to right."""
    ordered = sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2)
    rows: list[list[Glyph]] = []
    centre = size = 0.0
    for glyph in ordered:
        mid = (glyph.top + glyph.bottom) / 2
        if rows and abs(mid - centre) <= ROW_CENTRE_TOLERANCE * min(size, glyph.size or size):
            rows[-1].append(glyph)
            continue
        rows.append([glyph])
        centre, size = mid, glyph.size
    for row in rows:
        row.sort(key=lambda g: g.x0)
    return rows


def _letter_spaced(row: list[Glyph]) -> float:
    """The even gap of a letter-spaced CJK row (0.0 when the row is not one)."""
    solid = [g for g in row if not g.text.isspace()]
    if len(solid) < LETTER_SPACED_MIN or not all(is_cjk(g.text) for g in solid):
        return 0.0
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(solid)]
    em = max(g.size for g in solid)
    low, high = min(gaps), max(gaps)
    if low > SPACE_GAP_EM * em and high <= LETTER_SPACED_RATIO * low + 0.1 * em:
        return high
    return 0.0


def row_segments(row: list[Glyph], bridge: bool = False, usual: float | None = None) -> list[list[Glyph]]:
    """A row cut where the gap is wider than SPACE_GAP_EM (beyond a letter-spaced row's usual gap).

    Doubled glyphs are dropped.  A printed space cuts too, unless bridge is
    set: then it counts as a glyph when measuring gaps and stays in the
    piece, which finds the cells of a text-only table row (`5. 要求…` is one
    cell, `（三）不予公  1.属于…` two).
    """
    usual = _letter_spaced(row) if usual is None else usual
    segments: list[list[Glyph]] = []
    prev: Glyph | None = None
    cut = True
    for glyph in row:
        if glyph.text.isspace() and not bridge:
            cut = True
            continue
        if prev is not None:
            if glyph.text == prev.text and abs(glyph.x0 - prev.x0) < DUPLICATE_SHIFT * (prev.x1 - prev.x0):
                continue
            if glyph.x0 - prev.x1 > usual + SPACE_GAP_EM * max(prev.size, glyph.size, 1.0):
                cut = True
        if cut:
            if segments and segments[-1] and segments[-1][-1].text.isspace():
                segments[-1].pop()
            segments.append([])
            cut = False
        if glyph.text.isspace() and not segments[-1]:
            continue
        segments[-1].append(glyph)
        prev = glyph
    return [s for s in segments if s]


def row_text(row: list[Glyph]) -> str:
    """A row's text: duplicates dropped, one space where the gap is wide."""
    return " ".join("".join(g.text for g in seg) for seg in row_segments(row))


def _box(glyphs: list[Glyph]) -> tuple[float, float, float, float]:
    return (
        min(g.x0 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.x1 for g in glyphs),
        max(g.bottom for g in glyphs),
    )


@dataclass
class _Row:
    """A line being built from cells, so that wrapped cells can be continued."""

    line: TextLine
    texts: list[str]
    boxes: list[tuple[float, float, float, float]]  # each cell's box, grown as it continues

    def slots(self, cells: list[list[Glyph]]) -> list[int] | None:
        """For each cell of a following row, the cell of this row it continues (None: not a continuation).

        A text-only table wraps long labels inside their columns while the
        numbers stay on the first line (`（二）部分公开（区分处理的，…  0 0 0` /
        `不计其他情形）`, and header cells `商业企` / `业`): every text piece
        must start within one of this row's columns and end before the next
        column, and follow that cell at line pitch (STACK_GAP_EM).  A narrow
        value column wraps `驳回19` as `驳回` / `19` (samplegen pdf:2:4, table
        四): one short piece without CJK may continue the cell it sits under
        (_tail_of).  Two or more such pieces are a row of values of its own.
        """
        if len(self.boxes) < 2 or len(cells) >= len(self.boxes):
            return None
        if sum(1 for cell in cells if not _has_cjk(cell)) > 1:
            return None
        out: list[int] = []
        for cell in cells:
            j = self._head_of(cell, out) if _has_cjk(cell) else self._tail_of(cell, out)
            if j is None:
                return None
            out.append(j)
        return out

    def _head_of(self, cell: list[Glyph], taken: list[int]) -> int | None:
        """The column a wrapped text piece continues: it starts within the column, ends before the next."""
        x0, top, x1, _ = _box(cell)
        em = max(g.size for g in cell)
        for j, box in enumerate(self.boxes[:-1]):
            right = self.boxes[j + 1][0] - SPACE_GAP_EM * em
            if j not in taken and box[0] - em <= x0 and x1 <= right and 0 <= top - box[3] <= STACK_GAP_EM * em:
                return j
        return None

    def _tail_of(self, cell: list[Glyph], taken: list[int]) -> int | None:
        """The cell a short piece without CJK continues: it lies within that cell's x-range, right below it.

        Only a cell that cannot be a whole number by itself takes a tail: a
        CJK-prefixed value (`驳回`, `其中…`) or text ending without a digit;
        under `12` a `3` is the next row's value, not the rest of `12`.
        """
        text = _cell_text(cell)
        x0, top, x1, _ = _box(cell)
        em = max(g.size for g in cell)
        slack = TAIL_INSIDE_EM * em
        if len(text) > TAIL_MAX_CHARS:
            return None
        for j, box in enumerate(self.boxes):
            above = self.texts[j]
            open_end = bool(above) and _has_cjk_text(above) and (is_cjk(above[0]) or not above[-1].isdigit())
            inside = box[0] - slack <= x0 and x1 <= box[2] + slack
            if j not in taken and open_end and inside and 0 <= top - box[3] <= STACK_GAP_EM * em:
                return j
        return None

    def extend(self, cells: list[list[Glyph]], slots: list[int]) -> None:
        """Append each piece to the cell it continues; the line's text and box follow."""
        for cell, j in zip(cells, slots, strict=True):
            self.texts[j] = join_cell_lines([self.texts[j], _cell_text(cell)])
            x0, top, x1, _bottom = self.boxes[j]
            box = _box(cell)
            self.boxes[j] = (min(x0, box[0]), top, max(x1, box[2]), box[3])
            self.line.x0, self.line.x1 = min(self.line.x0, box[0]), max(self.line.x1, box[2])
            self.line.bottom = max(self.line.bottom, box[3])
        self.line.text = " ".join(self.texts)


def _has_cjk_text(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def _has_cjk(cell: list[Glyph]) -> bool:
    return any(is_cjk(g.text) for g in cell)


def _cell_text(cell: list[Glyph]) -> str:
    """A bridged cell's text: its glyphs, printed spaces kept (one), no wide gaps inside by construction."""
    return " ".join("".join(g.text for g in cell).split())


def rows_to_lines(rows: list[list[Glyph]]) -> tuple[list[TextLine], int]:
    """One TextLine per non-blank row, wrapped cells joined back; how many rows were joined."""
    out: list[_Row] = []
    joined = 0
    for row in rows:
        usual = _letter_spaced(row)
        cells = row_segments(row, bridge=True, usual=usual)
        if not cells:
            continue
        slots = out[-1].slots(cells) if out else None
        if slots is not None:
            out[-1].extend(cells, slots)
            joined += 1
            continue
        texts = [_cell_text(c) for c in cells]
        line = TextLine(" ".join(texts), *_box([g for cell in cells for g in cell]))
        out.append(_Row(line, texts, [_box(c) for c in cells]))
    for r in out:
        r.line.cells = tuple(zip(r.texts, r.boxes, strict=True))
    return [r.line for r in out], joined


def _lone(row: list[Glyph]) -> list[Glyph]:
    """Glyphs standing alone on their row: CJK, nothing printed near them on either side."""
    solid = [g for g in row if not g.text.isspace()]
    out = []
    for i, glyph in enumerate(solid):
        if not is_cjk(glyph.text):
            continue
        em = glyph.size or 1.0
        left_ok = i == 0 or glyph.x0 - solid[i - 1].x1 >= LONE_GAP_EM * em
        right_ok = i == len(solid) - 1 or solid[i + 1].x0 - glyph.x1 >= LONE_GAP_EM * em
        if left_ok and right_ok:
            out.append(glyph)
    return out


def _stacks(lone: list[Glyph]) -> list[list[Glyph]]:
    """Lone glyphs chained top to bottom at one x position."""
    stacks: list[list[Glyph]] = []
    for glyph in sorted(lone, key=lambda g: (g.top, g.x0)):
        em = glyph.size or 1.0
        mid = (glyph.x0 + glyph.x1) / 2
        for stack in stacks:
            last = stack[-1]
            same_x = abs((last.x0 + last.x1) / 2 - mid) <= STACK_X_EM * em
            if same_x and glyph.top - last.top >= 0 and glyph.top - last.bottom <= STACK_GAP_EM * em:
                stack.append(glyph)
                break
        else:
            stacks.append([glyph])
    return [s for s in stacks if len(s) >= MIN_STACK]


def vertical_labels(rows: list[list[Glyph]]) -> tuple[list[list[Glyph]], list[TextLine]]:
    """Take labels printed one character per line out of the rows; each becomes one line.

    real-world-variations.md: a vertical group label printed one character
    per line (`三\\n、\\n本\\n年\\n度…`) belongs together, at its first character.
    A label labels something: at least one of its characters shares its row
    with other text (the rows it groups).  A column of one-character cells
    in a flattened table (`无\\n无\\n无`, each line alone) is not a label.
    """
    lone = [g for row in rows for g in _lone(row)]
    accompanied = {id(g) for row in rows if len(row) > 1 for g in row}
    stacks = [s for s in _stacks(lone) if any(id(g) in accompanied for g in s)] if len(lone) >= MIN_STACK else []
    if not stacks:
        return rows, []
    taken = {id(g) for stack in stacks for g in stack}
    kept = [[g for g in row if id(g) not in taken] for row in rows]
    labels = [TextLine("".join(g.text for g in stack), *_box(stack)) for stack in stacks]
    return [row for row in kept if row], labels


@dataclass
class PageLines:
    """A page's lines in reading order and what was put back together."""

    lines: list[TextLine]
    vertical_labels: int
    wrapped_cells: int


def glyphs_to_lines(glyphs: list[Glyph]) -> PageLines:
    """Lines in reading order (top to bottom, left to right), vertical labels and wrapped cells joined."""
    rows, labels = vertical_labels(glyph_rows(glyphs))
    lines, wrapped = rows_to_lines(rows)
    return PageLines(reading_order(lines + labels), len(labels), wrapped)


def reading_order(lines: list[TextLine]) -> list[TextLine]:
    """Top to bottom; lines on one row (tops within the row tolerance) left to right.

    Loose glyph boxes differ in their tops by a fraction of a point, so a
    sort on the top alone could put a vertical label after the row it starts
    (tops, not centres: a vertical label's centre is halfway down its stack).
    """
    ordered = sorted(lines, key=lambda line: line.top)
    out: list[TextLine] = []
    row: list[TextLine] = []
    for line in ordered:
        if row:
            first = row[0]
            size = min(first.bottom - first.top, line.bottom - line.top)
            if line.top - first.top > ROW_CENTRE_TOLERANCE * size:
                out += sorted(row, key=lambda it: it.x0)
                row = []
        row.append(line)
    return out + sorted(row, key=lambda it: it.x0)


def join_cell_lines(texts: list[str]) -> str:
    """A grid cell's lines as one text: no space where either side is CJK or a digit run was cut.

    Narrow columns break header cells mid-word (`商业企` / `业`) and numbers
    (`驳回1` / `2` never happens in print, but a digit never starts a word).
    """
    out = ""
    for text in texts:
        if not out:
            out = text
        elif is_cjk(out[-1]) or is_cjk(text[0]) or (out[-1].isdigit() and text[0].isdigit()):
            out += text
        else:
            out += " " + text
    return out


def is_footer(line: TextLine, lowest: bool, page_width: float, page_height: float) -> bool:
    """A page number at the foot of the page (`- 5 -`, `— 4 —`, a bare `7`, `第3页`).

    Only the lowest line of a page in its bottom part qualifies, and a bare
    number must be centred: a flattened table's last value can sit low on a
    page too, but at the left margin.
    """
    if not lowest or line.top < page_height * (1 - FOOTER_ZONE):
        return False
    if not FOOTER_RE.match(line.text):
        return False
    centred = abs((line.x0 + line.x1) / 2 - page_width / 2) <= FOOTER_CENTRED * page_width
    return centred or bool(DECORATED_RE.search(line.text))
