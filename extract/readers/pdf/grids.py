"""Found tables as grids of cell texts, and tables that continue on the next page joined.

A cell's glyphs are read as rows like any text, and the rows are joined
without spaces when they are CJK: narrow columns print header cells broken
mid-word (`商 业 企\\n业`) and group labels one character per line
(`三\\n、\\n本\\n年\\n度…`), real-world-variations.md 'PDF text'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docstruct.extract.readers.pdf.lines import glyph_rows, is_cjk, join_cell_lines, row_text
from docstruct.extract.readers.pdf.tables import BOUNDARY_TOLERANCE, TableBox

# Two parts of one table have the same outer rules within this many points.
SAME_RULE_TOLERANCE = 2.0


@dataclass
class RawCell:
    """A grid cell before normalisation: its place, spans, raw text and where it was printed."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class RawGrid:
    """A ruled table (possibly joined over pages): column rules and cells."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]
    nrows: int
    cells: list[RawCell]
    last_page: int = 0  # the page of the last part (0: same as page)
    spans_rejoined: int = 0  # merged cells cut by a page break and made whole
    rows_rejoined: int = 0  # rows broken across a page break and made whole
    found_by: str = ""  # how a grid without rules was found ("": from the page's rules)

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page


def table_to_grid(table: TableBox, page: int) -> RawGrid:
    """A found table with each cell's text read from its glyphs."""
    cells = []
    for box in table.cells:
        text = join_cell_lines([t for t in (row_text(r) for r in glyph_rows(box.glyphs)) if t])
        cells.append(RawCell(box.row, box.col, box.rowspan, box.colspan, text, page, box.bbox))
    return RawGrid(page, table.bbox, list(table.xs), len(table.ys) - 1, cells)


def _near(value: float, bounds: list[float]) -> bool:
    return any(abs(value - b) <= SAME_RULE_TOLERANCE for b in bounds)


def _union(a: list[float], b: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(a + b):
        if out and value - out[-1] <= BOUNDARY_TOLERANCE:
            continue
        out.append(value)
    return out


def continues(first: RawGrid, second: RawGrid) -> bool:
    """True when second looks like first carried over to the next page.

    The outer rules must line up and one part's column rules must all be
    rules of the other (a continuation may lack a rule that only the header
    rows had, or show one that a merged row of the first part hid).
    """
    if second.page != first.last_page + 1 or first.found_by or second.found_by:
        return False
    if abs(first.xs[0] - second.xs[0]) > SAME_RULE_TOLERANCE or abs(first.xs[-1] - second.xs[-1]) > SAME_RULE_TOLERANCE:
        return False
    return all(_near(x, first.xs) for x in second.xs) or all(_near(x, second.xs) for x in first.xs)


def _column(bounds: list[float], x: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - x))


def _remap(cell: RawCell, bounds: list[float], row_offset: int) -> RawCell:
    c0, c1 = _column(bounds, cell.bbox[0]), _column(bounds, cell.bbox[2])
    return RawCell(cell.row + row_offset, c0, cell.rowspan, max(c1 - c0, 1), cell.text, cell.page, cell.bbox)


def _is_label(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


# A row starts with its number (`三、`, `（二）`, `4.`); the rest of a row cut
# by a page break does not.
ROW_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d+\s*[.、．])")


def _split_row(first_row: list[RawCell], reaching: dict[tuple[int, int], RawCell]) -> bool:
    """True when the continuation's first row is the rest of the first part's last row.

    Word and LibreOffice let a row break across pages: the next page shows
    the rest of the cut label (`4. 无正当` / `理由大量反复申请`) in the same
    cells, the numbers having printed above.  The rest is text only: no
    digits, no row number of its own, every piece under a printed cell.
    """
    texts = [c for c in first_row if c.text]
    if not texts:
        return False
    for cell in texts:
        above = reaching.get((cell.col, cell.colspan))
        if above is None or not above.text or any(ch.isdigit() for ch in cell.text) or ROW_NUMBER.match(cell.text):
            return False
    return all((c.col, c.colspan) in reaching for c in first_row)


def join_grids(first: RawGrid, second: RawGrid) -> RawGrid:
    """One grid from a table and its continuation on the next page.

    Two cuts are mended.  A row broken across the pages (_split_row): the
    continuation's first row is merged into the first part's last row, its
    text appended to the cells above.  A vertically merged cell cut by the
    break: Word prints it as an empty cell on the next page; when the
    continuation's first row has an empty cell under a label cell that
    reached the bottom of the first part, the label's row span is extended.
    """
    bounds = _union(first.xs, second.xs)
    top = [_remap(c, bounds, 0) for c in first.cells]
    reaching = {(c.col, c.colspan): c for c in top if c.row + c.rowspan == first.nrows}
    head = [_remap(c, bounds, 0) for c in second.cells if c.row == 0]
    split = _split_row(head, reaching)
    offset = first.nrows - 1 if split else first.nrows
    rest = [_remap(c, bounds, offset) for c in second.cells]
    kept: list[RawCell] = []
    rejoined = first.spans_rejoined + second.spans_rejoined
    for cell in rest:
        above = reaching.get((cell.col, cell.colspan))
        if split and cell.row == offset and above is not None:
            above.text = join_cell_lines([t for t in (above.text, cell.text) if t])
            above.rowspan += cell.rowspan - 1
            continue
        if not split and cell.row == offset and not cell.text and above is not None and _is_label(above.text):
            above.rowspan += cell.rowspan
            rejoined += 1
            continue
        kept.append(cell)
    rows = first.nrows + second.nrows - (1 if split else 0)
    return RawGrid(first.page, first.bbox, bounds, rows, top + kept, second.page, rejoined, first.rows_rejoined + split)
