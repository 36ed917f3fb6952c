"""Text-only tables as grids: column anchors from a run of lines, blank cells kept in their column.

A table printed without rules keeps its cells apart only by the gaps between
them (pdf_lines), and a blank cell prints nothing at all: with the total
column left blank, `一、本年新收… 1316 554 0 0 127 122` holds six values for
seven columns and the row is read short (real-world-variations.md, blank
cells; samplegen decorate.py blank_*_total_column).  Here a block of lines is
read as a table when its values sit in recurring columns:

  1. a line's trailing cells that read as values (numbers, `/`, dashes, `无`,
     `驳回3`) are its values, the cells before them its labels; a line with
     values and at least two cells is a value row;
  2. the values of a run of value rows, clustered by overlapping x-ranges,
     give the columns (two values of one row in one column: not a table);
  3. the header lines just above (a cell over a value column makes a line a
     header) add the columns no row fills (a blank total column); a header
     cell over two or more cells below it is a merged header, not a column;
  4. a run without header lines (a table continued after a page break or a
     vertical label) takes the columns of the run before it when its values
     fit them;
  5. header lines that end a page with no row under them name the columns of
     the rows that open the next page (the page break fell between header
     and rows: `行政事业性收费 0` alone, `previous` blank, is then placed).
A block of at least MIN_TABLE_LINES lines (header and value rows) where some
row leaves a column empty becomes a Grid of its value rows, found_by
FOUND_BY: labels first, then one cell per column, empty text for a blank
cell (the cell stream's blank cell).  Anything less clear stays lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from docstruct.extract.readers.pdf.grids import RawCell, RawGrid
from docstruct.extract.readers.pdf.lines import Box, TextLine

FOUND_BY = "pdf text columns"
# A table needs this many lines (header lines and value rows) before its
# columns count as clear; fewer fall back to lines.
MIN_TABLE_LINES = 3
# At most this many non-value lines above a run are looked at as its header
# (the national template's table 四 has three header rows).
MAX_HEADER_LINES = 4
# A line taller than this many times the table's lowest line is no row of it
# (a vertical group label; a heading in a larger size: 12 pt over 9 pt tables).
ROW_HEIGHT_RATIO = 1.2
# What a value cell prints (decorate.py: thousands separators, full-width
# digits, `39（其中修订2件）`, `驳回3`, `/`, dashes, `无`); `1.属于国家秘密`
# starts with a digit but is a label.
VALUE_RE = re.compile(
    r"^(?:[-+－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?(?:[（(][^）)]*[）)])?"
    r"|驳回\s*[\d０-９]+|[/／]|无|[-—–－―]{1,4})$"
)
Cell = tuple[str, Box]
Span = tuple[float, float]


@dataclass
class _Row:
    """A line as its label cells and trailing value cells."""

    line: TextLine
    labels: list[Cell]
    values: list[Cell]


def _cells(line: TextLine) -> list[Cell]:
    box = (line.x0, line.top, line.x1, line.bottom)
    return list(line.cells) if line.cells else [(line.text, box)]


def split_row(line: TextLine) -> _Row:
    """The line's cells split into labels and the values that end it."""
    cells = _cells(line)
    k = len(cells)
    while k > 0 and VALUE_RE.match(cells[k - 1][0].strip()):
        k -= 1
    return _Row(line, cells[:k], cells[k:])


def _is_value_row(row: _Row) -> bool:
    return bool(row.values) and len(row.labels) + len(row.values) >= 2


def _overlap(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _span(box: Box) -> Span:
    return (box[0], box[2])


def value_columns(rows: Sequence[_Row]) -> list[Span] | None:
    """The columns the rows' values fill (x-ranges, left to right); None when two values of a row share one."""
    found = sorted((_span(box), i) for i, row in enumerate(rows) for _, box in row.values)
    columns: list[Span] = []
    members: list[set[int]] = []
    for span, i in found:
        if columns and span[0] <= columns[-1][1]:
            if i in members[-1]:
                return None
            columns[-1] = (columns[-1][0], max(columns[-1][1], span[1]))
            members[-1].add(i)
        else:
            columns.append(span)
            members.append({i})
    return columns


def _is_merged_header(cell: Cell, below: Sequence[Sequence[Cell]], columns: list[Span]) -> bool:
    """A header cell over two or more cells of a lower header line, or over two value columns."""
    span = _span(cell[1])
    if sum(_overlap(span, c) for c in columns) >= 2:
        return True
    return any(sum(_overlap(span, _span(b[1])) for b in line) >= 2 for line in below)


def _single_cells(headers: Sequence[_Row], columns: list[Span]) -> list[list[Cell]]:
    """Each header line's cells that are not merged headers (merged ones name no column of their own)."""
    lines = [h.labels for h in headers]
    return [[c for c in cells if not _is_merged_header(c, lines[i + 1:], columns)] for i, cells in enumerate(lines)]


def header_columns(headers: Sequence[_Row], rows: Sequence[_Row], columns: list[Span]) -> list[Span]:
    """Columns that only a header names (no row prints a value there), right of every label.

    `总计` over a blank total column is one; a header line's first cell over
    the labels (`信息内容`, `申请人情况`) is not, however short the labels.
    """
    labelled = any(row.labels for row in rows)
    right = max((box[2] for row in rows for _, box in row.labels), default=float("-inf"))
    extra: list[Span] = []
    for head, cells in zip(headers, _single_cells(headers, columns), strict=True):
        left = min(b[0] for _, b in head.labels)
        for _, box in cells:
            span = _span(box)
            first = labelled and box[0] <= left
            if not first and span[0] > right and not any(_overlap(span, col) for col in columns):
                extra.append(span)
    merged: list[Span] = []
    for span in sorted(extra):
        if merged and span[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return merged


def _names_columns(headers: Sequence[_Row], columns: list[Span]) -> bool:
    """True when a header line stands over the value columns (it is this table's header)."""
    singles = _single_cells(headers, columns)
    return any(_overlap(_span(c[1]), col) for cells in singles for c in cells for col in columns)


def _covers(headers: Sequence[_Row], columns: list[Span]) -> bool:
    """True when one header line has a single cell over every column (the header alone makes them clear)."""
    return any(
        all(any(_overlap(_span(c[1]), col) for c in cells) for col in columns)
        for cells in _single_cells(headers, columns)
    )


def fit(rows: Sequence[_Row], columns: list[Span]) -> list[list[int]] | None:
    """Each row's values as column indexes; None when a value is under no column, two, or a taken one."""
    out: list[list[int]] = []
    for row in rows:
        taken: list[int] = []
        for _, box in row.values:
            hits = [j for j, col in enumerate(columns) if _overlap(_span(box), col)]
            if len(hits) != 1 or hits[0] in taken:
                return None
            taken.append(hits[0])
        out.append(taken)
    return out


def _grid(rows: Sequence[_Row], columns: list[Span], slots: list[list[int]]) -> RawGrid:
    """The rows as a grid: labels, then one cell per column (empty text where nothing was printed)."""
    first = max(len(row.labels) for row in rows)
    cells: list[RawCell] = []
    page = rows[0].line.page
    for r, (row, taken) in enumerate(zip(rows, slots, strict=True)):
        line = row.line
        for c, (text, box) in enumerate(row.labels):
            cells.append(RawCell(r, c, 1, 1, text, page, box))
        printed = dict(zip(taken, row.values, strict=True))
        for j, (x0, x1) in enumerate(columns):
            text, box = printed.get(j, ("", (x0, line.top, x1, line.bottom)))
            cells.append(RawCell(r, first + j, 1, 1, text, page, box))
    lines = [row.line for row in rows]
    bbox = (min(x.x0 for x in lines), lines[0].top, max(x.x1 for x in lines), max(x.bottom for x in lines))
    xs = [columns[0][0]] + [col[1] for col in columns]
    return RawGrid(page, bbox, xs, len(rows), cells, found_by=FOUND_BY)


@dataclass
class Carry:
    """What a page leaves for the next: a table's columns, while only labels were printed since; the
    header lines that end a page with no row under them yet (the rows print on the next page)."""

    columns: list[Span] | None = None
    headers: list[_Row] = field(default_factory=list)

    def after(self, line: TextLine) -> None:
        """Forget the columns unless the line is a label left of them (a vertical group label)."""
        if self.columns and any(box[2] >= self.columns[0][0] for _, box in _cells(line)):
            self.columns = None


def table_columns(rows: Sequence[_Row], headers: Sequence[_Row], carry: Carry) -> list[Span] | None:
    """The rows' columns: their values' and their header's, or the previous table's; None when unclear."""
    columns = value_columns(rows)
    if columns is None:
        return None
    named = bool(headers) and (not columns or _names_columns(headers, columns))
    if not named and columns and carry.columns is not None and fit(rows, carry.columns) is not None:
        return carry.columns
    if not named:
        headers = []
    columns = sorted(columns + header_columns(headers, rows, columns))
    if not columns or (len(headers) + len(rows) < MIN_TABLE_LINES and not _covers(headers, columns)):
        return None
    return columns


def _label_rows(rows: list[_Row], columns: list[Span]) -> int:
    """How many leading rows to keep: up to the first row without values that reaches into the columns."""
    for k, row in enumerate(rows):
        if not row.values and any(box[2] >= columns[0][0] for _, box in row.labels):
            return k
    return len(rows)


def _flush(block: _Block, carry: Carry, out: list[TextLine | RawGrid]) -> int:
    """Append the block: its header lines, then its rows as a grid when they leave cells blank; the blanks."""
    for head in block.headers:
        out.append(head.line)
        carry.after(head.line)
    rows = block.rows
    if not rows:
        return 0
    columns = table_columns(rows, (block.carried + block.headers)[-MAX_HEADER_LINES:], carry)
    keep = _label_rows(rows, columns) if columns else 0
    slots = fit(rows[:keep], columns) if columns and keep else None
    carry.columns = columns if slots is not None else None
    blanks = sum(len(carry.columns) - len(taken) for taken in slots) if carry.columns and slots else 0
    if blanks and columns and slots:
        out.append(_grid(rows[:keep], columns, slots))
    else:  # nothing to keep or no clear columns: the lines read as before
        keep = 0
    out.extend(row.line for row in rows[keep:])
    for row in rows[keep:]:
        carry.after(row.line)
    return blanks


@dataclass
class _Block:
    """Lines that may form a text-only table: header lines, then rows (with values, or labels only)."""

    headers: list[_Row]
    rows: list[_Row]
    # header lines of the previous page's end, already out there: they name this page's first rows' columns
    carried: list[_Row] = field(default_factory=list)


def _is_header(row: _Row) -> bool:
    return not row.values and len(row.labels) >= 2


def _may_be_blank_row(rows: list[_Row | None], i: int, block: _Block) -> bool:
    """True when a one-cell line inside a table may be a row whose values are all blank (`行政许可`).

    It has the height of the table's lines (a vertical group label or a
    larger heading has not), and no header line follows it (then it titles
    the next table: `第二十条第(六)项`).  Whether it stays left of the
    columns is checked once they are known.
    """
    row = rows[i]
    lines = [r.line for r in block.headers + block.rows]
    if row is None or not lines:
        return False
    height = min(x.bottom - x.top for x in lines)
    if row.line.bottom - row.line.top > ROW_HEIGHT_RATIO * height:
        return False
    after = next((r for r in rows[i + 1:] if r is not None), None)
    return after is None or not _is_header(after)


def grid_text_tables(items: Sequence[TextLine | RawGrid], carry: Carry) -> tuple[list[TextLine | RawGrid], int]:
    """One page's items with its text-only tables that leave cells blank as grids; the blank cells kept."""
    rows = [split_row(it) if isinstance(it, TextLine) else None for it in items]
    out: list[TextLine | RawGrid] = []
    block = _Block([], [], carry.headers)
    carry.headers = []
    blanks = 0
    for i, item in enumerate(items):
        row = rows[i]
        if row is not None and _is_value_row(row):
            block.rows.append(row)
            continue
        if row is not None and _is_header(row):
            if block.rows:
                blanks += _flush(block, carry, out)
                block = _Block([], [])
            block.headers.append(row)
            continue
        if row is not None and (block.rows or block.headers) and _may_be_blank_row(rows, i, block):
            block.rows.append(row)
            continue
        blanks += _flush(block, carry, out)
        block = _Block([], [])
        out.append(item)
        if isinstance(item, TextLine):
            carry.after(item)
        else:
            carry.columns = None
    if not block.rows:  # the page ends under a header: its rows start the next page
        carry.headers = (block.carried + block.headers)[-MAX_HEADER_LINES:]
    return out, blanks + _flush(block, carry, out)
