"""A doubtful OCR digit settled by the sum rules, only where exactly one reading is left (issue 13).

A number cell whose OCR confidence is low (source.confidence below
LOW_CONFIDENCE, readers/ocr/marks.py) may hold a misread digit.  When the
template's rules that involve the cell fail as printed, the readings that
differ from it in one digit are tried against those same rules
(checks.check_table, as the record's checks):
  - exactly one reading satisfies them all: it is taken, with a warning that
    names the cell, what OCR read and why;
  - none or several do: the cell is null, with a warning naming the candidates.
A reading the rules accept, or a cell no rule involves, stays as printed (the
low-confidence warning already says to check it).  So does a cell that one of
its rules confirms while another fails: the doubt is confined to the rules
that fail with the cell alone, and a rule that holds with the cell as read
says the misread is elsewhere (a warning names both).  Never a silent number.

A thousands comma read as a point (`1.449` for `1,449`; the bench's noisy
scans, bench/scans.py seed 1313, f001 at 200 and 150 dpi) is settled the same
way: in a column that holds counts (not the template's ``decimal`` columns)
a fraction is no reading at all, so the comma reading is the one candidate
and is taken, with a warning, where the rules that involve the cell hold
with it (or none involves it), else the cell is null with the candidates.
In a decimal column (amounts) both readings are candidates and the rules
decide; where they cannot, the cell stays as printed with the reader's
warning (an amount of 1.449 万元 is printed so).

A '1' read as the CJK one ('一', STROKE_READINGS) is a null cell as read;
it is taken as 1 only where the rules that involve it are evaluated and hold
with 1, with a warning; otherwise it stays null.
"""

from __future__ import annotations

from dataclasses import replace

from docstruct.extract.checks import check_table
from docstruct.extract.model import Cell
from docstruct.extract.readers.ocr.marks import LOW_CONFIDENCE, POINT_OR_COMMA
from docstruct.extract.tables.rebuild import TableResult
from docstruct.extract.templates import TableSpec, Template

Grid = dict[str, dict[str, int | float | None]]
Reading = int | float
# What OCR reads for a printed '1' in a number cell that is no number as read: the CJK one (seed 1313 f012,
# noisy 200 dpi scan, table 三's 商业企业 column).  A dash printed for "no number" reads so too, so it is
# taken only where the rules that involve the cell hold with the digit (match.region_chunks keeps the cell
# in its column, null, with a warning).
STROKE_READINGS = {"一": 1}
# At most this many doubtful cells are settled per table (a page of low scores is a bad scan, said by its warnings).
MAX_DOUBTFUL = 12


def one_digit_readings(value: int) -> list[int]:
    """Every number that differs from value in one digit (no leading zero), value itself left out."""
    text = str(value)
    out = set()
    for i, digit in enumerate(text):
        for other in "0123456789":
            if other == digit or (i == 0 and other == "0" and len(text) > 1):
                continue
            out.add(int(text[:i] + other + text[i + 1 :]))
    return sorted(out)


def _grid(result: TableResult) -> Grid:
    return {row: {col: cell.value for col, cell in cells.items()} for row, cells in result.rows.items()}


def _failed(spec: TableSpec, grid: Grid, rules: set[str]) -> set[str]:
    return {c.rule for c in check_table(spec, grid) if c.rule in rules and c.ok is False}


def _involved(spec: TableSpec, grid: Grid, row: str, col: str) -> set[str]:
    """The rules that judge the cell: evaluated with it, skipped without it."""
    judged = {c.rule for c in check_table(spec, grid) if c.ok is not None}
    without = {r: dict(cols) for r, cols in grid.items()}
    without[row][col] = None
    return judged - {c.rule for c in check_table(spec, without) if c.ok is not None}


def _holding(spec: TableSpec, grid: Grid, row: str, col: str, readings: list[Reading],
             rules: set[str]) -> list[Reading]:
    """The readings with which none of the rules fails (the grid's cell is left at the last one tried)."""
    left: list[Reading] = []
    for reading in readings:
        grid[row][col] = reading
        if not _failed(spec, grid, rules):
            left.append(reading)
    return left


def _is_point_for_comma(cell: Cell) -> bool:
    return isinstance(cell.value, float) and POINT_OR_COMMA.match(cell.raw.strip()) is not None


def _settle_point(spec: TableSpec, grid: Grid, row: str, col: str, cell: Cell, where: str) -> tuple[Cell, str | None]:
    """A '1.449' that may be '1,449': settled by the column's kind and the rules (see the module's docstring)."""
    raw = cell.raw.strip()
    comma = int(raw.replace(".", ""))
    readings: list[Reading] = [cell.value, comma] if col in spec.decimal and cell.value is not None else [comma]
    rules = _involved(spec, grid, row, col)
    left = _holding(spec, grid, row, col, readings, rules) if rules else readings
    said = f"{where}: OCR read '{raw}', a decimal point or a thousands separator read as one ({raw.replace('.', ',')})"
    if len(left) == 1:
        grid[row][col] = left[0]
        kind = "" if col in spec.decimal else "the column holds counts, not fractions; "
        judged = f"{', '.join(sorted(rules))} hold with {left[0]} alone" if rules else "no rule involves it"
        return replace(cell, value=left[0]), f"{said}; {kind}{judged}: taken as {left[0]} " \
                                             f"(check it against the page image)"
    if left:  # an amount either way and no rule tells: as printed, the reader's warning says both
        grid[row][col] = cell.value
        return cell, None
    grid[row][col] = None
    shown = ", ".join(map(str, readings))
    return replace(cell, value=None), f"{said}; {', '.join(sorted(rules))} fail with every reading; left null " \
                                      f"(candidates {shown})"


def _is_stroke_for_one(cell: Cell) -> bool:
    return cell.value is None and cell.raw.strip() in STROKE_READINGS


def _settle_stroke(spec: TableSpec, grid: Grid, row: str, col: str, cell: Cell, where: str) -> tuple[Cell, str | None]:
    """A '一' in a number cell: the '1' the sums confirm, else null (a dash printed for no number reads so too)."""
    raw = cell.raw.strip()
    reading = STROKE_READINGS[raw]
    grid[row][col] = reading
    rules = _involved(spec, grid, row, col)
    if rules and not _failed(spec, grid, rules):
        return replace(cell, value=reading), (
            f"{where}: OCR read '{raw}' in a number cell, a {reading} or a dash for no number; "
            f"{', '.join(sorted(rules))} hold with {reading}: taken as {reading} (check it against the page image)")
    grid[row][col] = None
    return cell, None


def _settle(spec: TableSpec, grid: Grid, row: str, col: str, cell: Cell, where: str) -> tuple[Cell, str | None]:
    value = cell.value
    if _is_stroke_for_one(cell):
        return _settle_stroke(spec, grid, row, col, cell, where)
    if _is_point_for_comma(cell):
        return _settle_point(spec, grid, row, col, cell, where)
    if not isinstance(value, int) or isinstance(value, bool):
        return cell, None
    rules = _involved(spec, grid, row, col)
    failing = _failed(spec, grid, rules) if rules else set()
    if not failing:
        return cell, None
    score = f"{cell.source.confidence:.2f}" if cell.source.confidence is not None else "?"
    if rules - failing:
        # a rule that judges the cell holds with it as read: the cell is confirmed, and the failing rules point
        # at another of their cells (a correct low-score 0 was made null when its row already failed elsewhere)
        return cell, (f"{where}: OCR read '{cell.raw}' (confidence {score}); {', '.join(sorted(failing))} fail, "
                      f"but {', '.join(sorted(rules - failing))} hold with it: kept as read")
    left = _holding(spec, grid, row, col, list(one_digit_readings(value)), rules)
    said = f"{where}: OCR read '{cell.raw}' (confidence {score}) and {', '.join(sorted(rules))} fail"
    if len(left) == 1:
        grid[row][col] = left[0]
        return (
            replace(cell, value=left[0]),
            f"{said}; the one reading with one digit changed that holds is "
            f"{left[0]}: taken (check it against the page image)",
        )
    grid[row][col] = None
    shown = ", ".join(map(str, left)) if left else "none holds"
    return (
        replace(cell, value=None),
        f"{said}; readings with one digit changed: {shown}; left null "
        f"(candidates {value}{', ' if left else ''}{', '.join(map(str, left))})",
    )


def settle_doubtful(template: Template | None, tables: dict[str, TableResult]) -> dict[str, TableResult]:
    """The tables with each doubtful OCR number settled by the sum rules, or made null; warnings added."""
    if template is None:
        return tables
    out = dict(tables)
    for name, result in tables.items():
        doubtful = [
            (r, c)
            for r, cols in result.rows.items()
            for c, cell in cols.items()
            if cell.source.confidence is not None
            and (cell.source.confidence < LOW_CONFIDENCE or _is_point_for_comma(cell) or _is_stroke_for_one(cell))
        ]
        if not doubtful:
            continue
        spec, grid = template.tables[name], _grid(result)
        rows = {r: dict(cols) for r, cols in result.rows.items()}
        warnings = list(result.warnings)
        for row, col in doubtful[:MAX_DOUBTFUL]:
            rows[row][col], warning = _settle(spec, grid, row, col, rows[row][col], f"{name}.{row}.{col}")
            if warning:
                warnings.append(warning)
        out[name] = replace(result, rows=rows, warnings=tuple(warnings))
    return out
