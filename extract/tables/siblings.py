"""A grid row with blank cells placed by the cells of a full row of the same grid.

markitdown over an unruled PDF leaves blank cells where no column is and
prints the header one cell off its numbers (seed 4242's markitdown
f004_2019_unruled_cid):

    |      | 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |     |
    | 行政处罚 |      | 0       | 0     |        | 0   |
    | 行政强制 |      |         | 0     |        | 0   |

行政强制 has two numbers for three columns and the header words do not stand
over them; the row sum cannot say which is blank (table 二 has none).  The row
above can: it fills every column, one number per cell, in cells 3, 4 and 6 (the
label's is cell 1), so
those are the columns' cells in this grid.  行政强制's numbers stand in cells 4
and 6: 上一年项目数量 is blank.

Taken only when the full row and this one have the same columns, lie in one
run of grid lines of the same cell count, every full row of that run puts the
columns in the same cells, and each of this row's numbers stands alone in one
of those cells, or beside one where a single increasing order of columns fits
(increasing_slots).  Each row so placed carries a warning naming the full row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docstruct.extract.stream import CELL, ROW, Span, cell_spans
from docstruct.extract.tables.align import increasing_slots, place
from docstruct.extract.tables.glued import Chunk
from docstruct.extract.tables.match import RowRead
from docstruct.extract.tables.values import DIGITS, to_number


def _line(text: str, at: int) -> Span:
    start = text.rfind(ROW, 0, at) + 1
    end = text.find(ROW, at)
    return start, len(text) if end < 0 else end


def _numbers(read: RowRead) -> list[Chunk]:
    return [c for c in read.chunks if c.text]


def _cell_of(cells: Sequence[Span], chunks: Sequence[Chunk]) -> list[int] | None:
    """The cell index of each chunk, or None when two share a cell."""
    out = [next((i for i, (a, b) in enumerate(cells) if a <= c.start < b), -1) for c in chunks]
    return out if -1 not in out and len(set(out)) == len(out) else None


def _grid_row(text: str, read: RowRead) -> tuple[Span, list[Span]] | None:
    """The row's one grid line and its cells, when its label and numbers are all on it."""
    line = _line(text, read.hit.start)
    if text.find(CELL, *line) < 0 or not all(line[0] <= c.start < line[1] for c in _numbers(read)):
        return None
    return line, cell_spans(text, *line)


def _same_grid(text: str, a: Span, b: Span, width: int) -> bool:
    """Every line from a to b is a grid line of ``width`` cells, or empty (between two fragments of one table)."""
    lo, hi = min(a[0], b[0]), max(a[1], b[1])
    lines = text[lo:hi].split(ROW)
    return all(line.count(CELL) + 1 == width or not line.strip() for line in lines)


def _column_cells(
    text: str, reads: Sequence[RowRead], row: RowRead, line: Span, width: int
) -> list[tuple[str, list[int]]]:
    """(label, cell of each column) of every full row in ``row``'s grid with its columns, one number per cell."""
    out = []
    for other in reads:
        numbers = _numbers(other)
        if other is row or other.hit.spec.columns != row.hit.spec.columns or len(other.splits) != 1:
            continue
        # a blank mark ('/', '-') fills its cell as a number does: its place is the column's cell, though its
        # value is null (seed 8484 markitdown f002: '规章 | / | / | /' places '行政规范性文件 | 无 | 9')
        if len(numbers) != len(row.hit.spec.columns):
            continue
        got = _grid_row(text, other)
        if got is None or len(got[1]) != width or not _same_grid(text, line, got[0], width):
            continue
        cells = _cell_of(got[1], numbers)
        if cells is not None:
            out.append((other.hit.spec.id or "", cells))
    return out


def place_by_siblings(text: str, reads: list[RowRead]) -> list[RowRead]:
    """``reads`` with each short grid row placed by its full sibling rows' cells (module doc)."""
    out = []
    for read in reads:
        out.append(_placed(text, reads, read) or read)
    return out


def _placed(text: str, reads: Sequence[RowRead], read: RowRead) -> RowRead | None:
    numbers = _numbers(read)
    n = len(read.hit.spec.columns)
    if read.splits or not 0 < len(numbers) < n or not all(c.fixed or DIGITS.match(c.text) for c in numbers):
        return None
    got = _grid_row(text, read)
    if got is None:
        return None
    line, cells = got
    full = _column_cells(text, reads, read, line, len(cells))
    if not full or any(cols != full[0][1] for _, cols in full):
        return None
    columns = full[0][1]
    mine = _cell_of(cells, numbers)
    if mine is None:
        return None
    slots = increasing_slots(columns, mine)
    if slots is None:
        return None
    values = [c.value if c.fixed else to_number(c.text) for c in numbers]
    split = place(numbers, values, slots, n)
    names = ", ".join(f"'{label}'" for label, _ in full)
    blank = ", ".join(read.hit.spec.columns[i] for i in range(n) if i not in slots)
    between = "" if all(c in columns for c in mine) else (
        ", each between the cells of the columns beside the one it is read as, in the one order that fits"
    )
    why = (
        f"{len(numbers)} numbers for {n} columns; the full row(s) {names} of the same grid put the columns in "
        f"cells {', '.join(str(c + 1) for c in columns)}, and this row's numbers stand in cells "
        f"{', '.join(str(c + 1) for c in mine)}{between}: {blank} blank"
    )
    return replace(read, splits=(split,), how=f"{read.how}; placed by the cells of a full row", placed=why)

