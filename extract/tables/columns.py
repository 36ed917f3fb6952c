"""Columns anchored by their header words when a row's cells do not line up.

A converter that adds blank cells where no column is (markitdown over a
ruled PDF, issue 12 shape 1) leaves a row with fewer numbers than columns and
no telling which column is blank.  The same grid often still prints the header
in cells of the same count: '总计' above the row's blank last cell, '自然人'
above its first number.  A column whose header word stands as a whole cell is
anchored there; a blank cell under it makes that column blank, and the other
numbers go to the other columns in order, only when

- the numbers are exactly as many as the columns left,
- every anchored column over a number receives that very number, and at
  least one does (the header and the row line up),
- the row sums, where no blank leaves them open, hold.

Each row so read carries a warning naming the header cells it relied on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from docstruct.extract.stream import CELL, ROW
from docstruct.extract.tables.align import RowRule, place, rules_hold
from docstruct.extract.tables.match import RowRead
from docstruct.extract.tables.values import DIGITS, to_number
from docstruct.extract.templates import TableSpec, spaced

# Stream rows looked at above a row for its header: table 三's 28 rows and its header's 4.
MAX_HEADER_ROWS = 40

Span = tuple[int, int]


def _cells(text: str, start: int, end: int) -> list[Span]:
    """The cell spans of the stream row text[start:end]."""
    out, pos = [], start
    while True:
        cut = text.find(CELL, pos, end)
        if cut < 0:
            out.append((pos, end))
            return out
        out.append((pos, cut))
        pos = cut + 1


@cache
def _whole(word: str) -> re.Pattern[str]:
    return re.compile(spaced(word))


def _header(
    text: str, spec: TableSpec, columns: Sequence[str], row_start: int, width: int, right: bool = False
) -> dict[str, int]:
    """Column -> cell index, from the nearest rows above of ``width`` cells that print its header word whole.

    With ``right``, wider header rows count too, lined up by their last cell: a
    converter starts a new piece of the table with the label columns merged
    ('| 4、保护第三方合法权益 |  | … | 3 | 1 | … |' under a 12-cell header, markitdown)
    while the value columns keep their right edge.
    """
    labels = dict(spec.column_labels)
    found: dict[str, int] = {}
    end = row_start - 1
    for _ in range(MAX_HEADER_ROWS):
        if end < 0:
            break
        start = text.rfind(ROW, 0, end) + 1
        cells = _cells(text, start, end)
        shift = len(cells) - width
        if shift == 0 or (right and shift > 0):
            for col in columns:
                word = labels.get(col)
                if col in found or word is None:
                    continue
                at = [i for i, (a, b) in enumerate(cells) if _whole(word).fullmatch(text[a:b].strip())]
                if len(at) == 1 and at[0] >= shift:
                    found[col] = at[0] - shift
        end = start - 1
    return found


def anchor_columns(text: str, spec: TableSpec, read: RowRead, rules: Sequence[RowRule]) -> RowRead | None:
    """``read`` with its numbers placed under the header, or None where the header does not settle it.

    Also for a row read cell by cell that has more cells than columns: the
    first cells are then not surely the columns ('| 其他对外管理服务事项 |  | 0 | 0 |  |  |'
    under '| | 信息内容 | 上一年项目数量 | 本年增/减 | | 处理决定数量 |', markitdown).
    """
    columns = list(read.hit.spec.columns)
    numbers = [c for c in read.chunks if c.text]
    if len(read.splits) > 1 or not numbers or len(numbers) >= len(columns):
        return None
    if not all(c.fixed or DIGITS.match(c.text) for c in numbers):
        return None
    row_start = text.rfind(ROW, 0, numbers[0].start) + 1
    row_end = text.find(ROW, numbers[-1].start)
    row_end = len(text) if row_end < 0 else row_end
    if text.find(ROW, numbers[0].start, numbers[-1].start) >= 0 or not row_start <= read.hit.end <= row_end:
        return None  # numbers on several lines, or not on the label's: no one row of cells
    cells = _cells(text, row_start, row_end)
    after_label = [c for c in cells if c[0] >= read.hit.end]
    if read.splits and len(after_label) <= len(columns):
        return None  # read cell by cell, and no more cells than columns: the cells are the columns
    anchors = _header(text, spec, columns, row_start, len(cells))
    edge = "" if anchors else " by its right edge"
    anchors = anchors or _header(text, spec, columns, row_start, len(cells), right=True)
    blank = {col for col, i in anchors.items() if not text[cells[i][0] : cells[i][1]].strip()}
    free = [i for i, col in enumerate(columns) if col not in blank]
    if len(free) != len(numbers):
        return _contradicted(read, spec, blank)
    for col, i in anchors.items():
        if col in blank:
            continue
        chunk = numbers[free.index(columns.index(col))]
        if not cells[i][0] <= chunk.start < cells[i][1]:
            return None
    if len(blank) == len(anchors):
        return None  # no number under a header word: nothing says the header and the row line up
    values = [c.value if c.fixed else to_number(c.text) for c in numbers]
    split = place(numbers, values, free, len(columns))
    if any(v is not None for v in split.values) and rules and not _sums_ok(split.values, rules):
        return None
    if read.splits and read.splits[0].values == split.values:
        return None  # the cells' own positions said the same
    labels = dict(spec.column_labels)
    shown = ", ".join(f"'{labels[c]}' over {'a blank' if c in blank else 'a number'}" for c in columns if c in anchors)
    why = f"header words{edge} place the columns ({shown}); {len(numbers)} numbers for the other columns in order"
    return replace(read, splits=(split,), how=f"{read.how}; columns anchored by the header", placed=why)


def _contradicted(read: RowRead, spec: TableSpec, blank: set[str]) -> RowRead | None:
    """``read`` without its reading when that gives a number to a column whose header word stands over
    a blank cell; else None.

    markitdown from a generated ruled PDF prints '| 政府集中采购 |  |  | 0 |  |  |  |' under
    '|  | 信息内容 | 采购项目数量 |  |  | 采购总金额 |  |' (tests/test_align.py writes the shape by hand):
    both header words stand over blanks, so the header and the row do not line up, and taking the
    row's first cells as its columns put the 0 under 采购总金额.  Nothing says which column the 0 is
    in: the row is left out.
    """
    if len(read.splits) != 1:
        return None
    columns = list(read.hit.spec.columns)
    values = dict(zip(columns, read.splits[0].values, strict=False))
    wrong = [c for c in columns if c in blank and values.get(c) is not None]
    if not wrong:
        return None
    labels = dict(spec.column_labels)
    shown = ", ".join(f"'{labels[c]}' over a blank, read as {values[c]}" for c in wrong)
    return replace(read, splits=(), how=f"{read.how}; the header contradicts the cells taken as columns ({shown})")


def _sums_ok(values: Sequence[int | float | None], rules: Sequence[RowRule]) -> bool:
    """Every row sum with no blank in it holds (a blank total leaves its sum open)."""
    open_rules = [r for r in rules if all(values[i] is not None for i in r[0] + r[1])]
    return rules_hold(values, open_rules) if open_rules else True


def _total_cells(text: str, spec: TableSpec, row_start: int, width: int) -> set[int]:
    """The cells of the rows above, ``width`` cells wide, where a group's total word ('总计') stands whole."""
    word = dict(spec.column_labels).get(spec.columns[-1], "")
    found: set[int] = set()
    end = row_start - 1
    for _ in range(MAX_HEADER_ROWS):
        if end < 0 or not word:
            break
        start = text.rfind(ROW, 0, end) + 1
        cells = _cells(text, start, end)
        if len(cells) == width:
            found |= {i for i, (a, b) in enumerate(cells) if _whole(word).fullmatch(text[a:b].strip())}
        end = start - 1
    return found


def anchor_sequence(text: str, spec: TableSpec, read: RowRead) -> RowRead | None:
    """Table 四's run placed under its header when every group's total word stands over a blank cell.

    markitdown over a ruled PDF whose 总计 cells are blank: '| 0 0 | 0 0 |  | 0 | 0 | 0 0 |  | … |  |'
    under header rows of the same twelve cells holding '总计' in cells 2, 6 and 11 (seed 4242's
    f002_2021_unruled_cid; tests/test_align.py writes the shape by hand).  Taken only when there is
    one such cell per group, each over a blank, and the numbers between them are exactly one
    group's other columns.
    """
    numbers = [c for c in read.chunks if c.text]
    group = len(spec.columns)
    groups = len(read.hit.spec.columns) // group
    if read.splits or not numbers or not all(c.fixed or DIGITS.match(c.text) for c in numbers):
        return None
    row_start = text.rfind(ROW, 0, numbers[0].start) + 1
    row_end = text.find(ROW, numbers[-1].start)
    if text.find(ROW, numbers[0].start, numbers[-1].start) >= 0:
        return None  # numbers on several lines: no one row of cells
    cells = _cells(text, row_start, len(text) if row_end < 0 else row_end)
    totals = sorted(_total_cells(text, spec, row_start, len(cells)))
    if len(totals) != groups or any(text[cells[i][0] : cells[i][1]].strip() for i in totals):
        return None
    edges = [row_start] + [cells[i][1] for i in totals[:-1]]
    per_group = [[c for c in numbers if edges[g] <= c.start < cells[totals[g]][0]] for g in range(groups)]
    if any(len(p) != group - 1 for p in per_group) or sum(map(len, per_group)) != len(numbers):
        return None
    slots = [g * group + k for g in range(groups) for k in range(group - 1)]
    values = [c.value if c.fixed else to_number(c.text) for c in numbers]
    split = place(numbers, values, slots, len(read.hit.spec.columns))
    why = (
        f"'{dict(spec.column_labels)[spec.columns[-1]]}' stands over a blank cell in each of the {groups} groups "
        f"(header cells {', '.join(map(str, totals))}); {group - 1} numbers between each, read in order"
    )
    return replace(read, splits=(split,), how=f"{read.how}; columns anchored by the header", placed=why)
