"""Rows whose blank cells the row sums cannot place, placed together by the column checks.

A report that leaves a column blank in every row ('a 总计 column left blank',
real-world-variations.md 'The source itself is often wrong') prints six
numbers for table 三's seven columns.  When a converter has lost the cell
boundaries (pymupdf4llm reflows a one-cell-per-line PDF: '3' / '1' / '- 0' …,
tests/converted/pymupdf4llm_pdf), nothing in the row says which column is
blank, and the row sum cannot say either: with a blank anywhere in it, it is
not evaluated (align.py keeps such placements as ``open``).

The columns can.  Every row left open is tried with the same blank columns,
one choice for the whole table; a choice is taken only when

- every open row has a placement with exactly those blank columns,
- the table's checks then hold more often than without the open rows, and
  fail no more often,
- and no other choice does as well.

Each row so placed carries a warning naming the blank columns and the checks.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docstruct.extract.checks import check_table
from docstruct.extract.tables.glued import Split
from docstruct.extract.tables.match import RowRead
from docstruct.extract.templates import TableSpec

Pattern = tuple[int, ...]
# Readings tried for one choice of blank columns (the open rows' readings multiplied: a row with a
# possible page footer has one per lone line); beyond it that choice is not tried.
MAX_COMBINATIONS = 20_000


@dataclass(frozen=True)
class _Choice:
    held: int
    pattern: Pattern
    picks: dict[str, Split]


def _pattern(split: Split) -> Pattern:
    return tuple(i for i, v in enumerate(split.values) if v is None)


def _tally(spec: TableSpec, splits: dict[str, Split]) -> tuple[int, int]:
    """(checks that hold, checks that fail) of the table with these rows."""
    grid = {rid: dict(zip(spec.columns, s.values, strict=False)) for rid, s in splits.items()}
    checks = check_table(spec, grid)
    return sum(c.ok is True for c in checks), sum(c.ok is False for c in checks)


def _choices(spec: TableSpec, open_rows: Sequence[RowRead], fixed: dict[str, Split]) -> list[_Choice]:
    """Every choice of blank columns every open row allows, each row's reading within it, that adds evidence."""
    by_row: list[dict[Pattern, list[Split]]] = []
    for r in open_rows:
        rows: dict[Pattern, list[Split]] = {}
        seen: set[tuple[int | float | None, ...]] = set()
        for split in r.open:
            # the same values from another lone line dropped (two lone '0' lines): one reading
            if split.values not in seen:
                seen.add(split.values)
                rows.setdefault(_pattern(split), []).append(split)
        by_row.append(rows)
    common = set(by_row[0]).intersection(*by_row[1:])
    base_held, base_failed = _tally(spec, fixed)
    ids = [r.hit.spec.id or "" for r in open_rows]
    out = []
    for pattern in sorted(common):
        options = [rows[pattern] for rows in by_row]
        if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
            continue
        for combo in itertools.product(*options):
            picks = dict(zip(ids, combo, strict=True))
            held, failed = _tally(spec, {**fixed, **picks})
            if held > base_held and failed <= base_failed:
                out.append(_Choice(held, pattern, picks))
    return sorted(out, key=lambda c: -c.held)


def place_blank_columns(spec: TableSpec, reads: Sequence[RowRead]) -> list[RowRead]:
    """``reads`` with the open rows placed by one choice of blank columns, where the checks single it out."""
    open_rows = [r for r in reads if not r.splits and r.open]
    if not open_rows or any(tuple(r.hit.spec.columns) != tuple(spec.columns) for r in open_rows):
        return list(reads)
    fixed = {r.hit.spec.id or "": r.splits[0] for r in reads if len(r.splits) == 1}
    choices = _choices(spec, open_rows, fixed)
    if not choices or (len(choices) > 1 and choices[1].held == choices[0].held):
        return list(reads)
    best = choices[0]
    blank = ", ".join(spec.columns[i] for i in best.pattern) or "none"
    runner = f", the next best {choices[1].held}" if len(choices) > 1 else ""
    base_held, _ = _tally(spec, fixed)
    why = (
        f"the row sums cannot place its cells; {len(open_rows)} such rows placed together with the "
        f"column(s) {blank} blank, the one reading under which the table's checks hold most "
        f"({best.held} hold, {base_held} without these rows{runner}) and none more fails"
    )
    return [
        replace(r, splits=(best.picks[r.hit.spec.id or ""],), how=f"{r.how}; placed by the column checks", placed=why)
        if (r.hit.spec.id or "") in best.picks and not r.splits
        else r
        for r in reads
    ]
