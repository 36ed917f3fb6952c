"""Plausibility bounds: a cell far beyond what any report prints is a misread, not a fact.

The bounds are template data (``bounds`` in each table's JSON: per column,
'*' for the rest).  A cell beyond its bound keeps its raw text and source,
its value becomes null, and a warning names it; the sum rules touching it are
then skipped with the cell named (issue 18: a 386-digit applications cell).
"""

from __future__ import annotations

import math
from dataclasses import replace

from docstruct.extract.model import Cell
from docstruct.extract.templates import TableSpec

# a warning shows this much of a long raw text; the cell keeps all of it
SHOW_RAW = 24


def bound_text(bound: int) -> str:
    """'10^9' for a power of ten, else the digits."""
    power = round(math.log10(bound)) if bound > 0 else 0
    return f"10^{power}" if bound > 0 and 10**power == bound else str(bound)


def raw_text(raw: str) -> str:
    """The raw text for a warning, cut with its length when long."""
    text = " ".join(raw.split())
    return text if len(text) <= SHOW_RAW else f"{text[:SHOW_RAW]}… ({len(text)} characters)"


def beyond(value: int | float | None, bound: int | None) -> bool:
    """Whether a value is beyond its bound (infinity and NaN always are)."""
    if value is None or bound is None:
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return True
    return abs(value) > bound


def bound_cell(cell: Cell, bound: int | None, where: str) -> tuple[Cell, str | None]:
    """The cell, with its value made null and a warning when it is beyond ``bound``."""
    if bound is None or not beyond(cell.value, bound):
        return cell, None
    warning = (
        f"{where}: '{raw_text(cell.raw)}' is beyond the plausible bound {bound_text(bound)} "
        "for this column; value left null (more likely a misread than a fact)"
    )
    return replace(cell, value=None), warning


def check_bounds(spec: TableSpec, row_id: str, cells: dict[str, Cell]) -> tuple[dict[str, Cell], list[str]]:
    """The row's cells with every value beyond its column's bound made null, and a warning for each."""
    out: dict[str, Cell] = {}
    warnings: list[str] = []
    for col, cell in cells.items():
        bound = spec.bound(col)
        if bound is None or not beyond(cell.value, bound):
            out[col] = cell  # bound_cell's own first test, before the cell's name is spelt for a warning
            continue
        out[col], warning = bound_cell(cell, bound, f"{spec.name}.{row_id}.{col}")
        if warning:
            warnings.append(warning)
    return out, warnings
