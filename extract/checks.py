"""The 勾稽关系 rules, evaluated as data and never raising.

Rules live in the template JSON (``checks``); each is 'sum of lhs = sum of
rhs', either for every column (lhs/rhs are row ids) or for every row (lhs/rhs
are column ids).  A rule touching a missing or null cell is skipped with
``ok: null`` (report-schema.md 'Checks').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docstruct.extract.model import Check
from docstruct.extract.templates import TableSpec, load_template

Number = int | float
Grid = Mapping[str, Mapping[str, Number | None]]
# Amounts carry up to six decimals (real-world-variations.md); sums of counts are exact.
TOLERANCE = 1e-6
# A check's rule as the record names it: 'applications.balance[natural_person]'.
_RULE = re.compile(r"^(?P<table>[a-z_]+)\.(?P<name>[a-z_]+)\[(?P<arg>[a-z_]+)\]$")


def expected_rows(spec: TableSpec, present: Sequence[str]) -> list[str]:
    """The rows of the variant this report uses (2019 single （六） or 2021 sub-rows)."""
    unused: set[str] = set()
    for row in spec.rows:
        if row.alternative and row.id is not None:
            if row.id in present:
                unused.add(row.alternative)
            else:
                unused.add(row.id)
    return [r.id for r in spec.rows if r.id is not None and r.id not in unused and (r.group or "") not in unused]


def expected_result_rows(spec: TableSpec, present: Sequence[str]) -> list[str]:
    """The result rows (granted … other) that handled_sum adds up."""
    return [r for r in expected_rows(spec, present) if spec.row(r).result]


def format_number(v: Number) -> str:
    """30 for 30.0, 24252.311082 as is: numbers in an equation as printed."""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _equation(
    rule: str, names: tuple[list[str], list[str], str], lhs: list[Number | None], rhs: list[Number | None]
) -> Check:
    """One equation: ``names`` are the lhs and rhs names and their 'a + b = c' text, the same for
    every column of a column rule and every row of a row rule, so made once per rule (_names)."""
    if None in lhs or None in rhs:
        missing = [n for n, v in zip(names[0] + names[1], lhs + rhs, strict=True) if v is None]
        return Check(rule, None, f"skipped: {', '.join(missing)} missing or blank ({names[2]})")
    left = sum(lhs)  # type: ignore[arg-type]
    right = sum(rhs)  # type: ignore[arg-type]
    ok = abs(left - right) <= TOLERANCE
    sign = "=" if ok else "≠"
    expr = " + ".join(map(format_number, lhs)) + f" {sign} " + " + ".join(map(format_number, rhs))  # type: ignore
    detail = expr if ok else f"{expr} ({names[2]}: {format_number(left)} ≠ {format_number(right)})"
    return Check(rule, ok, detail)


def _names(lhs: list[str], rhs: list[str]) -> tuple[list[str], list[str], str]:
    return lhs, rhs, " + ".join(lhs) + " = " + " + ".join(rhs)


def _cell(grid: Grid, row: str, col: str) -> Number | None:
    cells = grid.get(row)
    return None if cells is None else cells.get(col)


def _rule_checks(spec: TableSpec, rule: Mapping[str, Any], grid: Grid) -> list[Check]:
    present = list(grid)
    out: list[Check] = []
    if rule["over"] == "columns":
        rhs_rows = expected_result_rows(spec, present) if rule["rhs"] == "@result" else rule["rhs"]
        names = _names(list(rule["lhs"]), list(rhs_rows))
        lhs_cells = [grid.get(r) for r in names[0]]
        rhs_cells = [grid.get(r) for r in names[1]]
        for col in spec.columns:
            lhs = [None if cells is None else cells.get(col) for cells in lhs_cells]
            rhs = [None if cells is None else cells.get(col) for cells in rhs_cells]
            out.append(_equation(rule["rule"].format(col=col), names, lhs, rhs))
        return out
    names = _names(list(rule["lhs"]), list(rule["rhs"]))
    for row in spec.rows:
        if row.id is None or row.id not in grid:
            continue
        if not all(c in row.columns for c in rule["lhs"] + rule["rhs"]):
            continue
        lhs = [_cell(grid, row.id, c) for c in rule["lhs"]]
        rhs = [_cell(grid, row.id, c) for c in rule["rhs"]]
        out.append(_equation(rule["rule"].format(row=row.id), names, lhs, rhs))
    return out


def check_table(spec: TableSpec, grid: Grid) -> list[Check]:
    """Every rule of ``spec`` evaluated on ``grid`` (row -> column -> value)."""
    if not grid:
        return []
    out: list[Check] = []
    for rule in spec.checks:
        try:
            out.extend(_rule_checks(spec, rule, grid))
        except (KeyError, TypeError, ValueError) as exc:  # a malformed rule is data, not a crash
            out.append(Check(str(rule.get("rule", "?")), None, f"skipped: rule could not be evaluated ({exc})"))
    return out


def column_scorer(spec: TableSpec, present: Sequence[str]) -> Callable[[Grid], int]:
    """How many column-wise equations hold on a grid: the evidence for joint resolution.

    The rules are turned into row lists once; scoring is plain arithmetic,
    since it runs for every combination of ambiguous rows.
    """
    rules: list[tuple[list[str], list[str]]] = []
    for rule in spec.checks:
        if rule["over"] == "columns":
            rhs = expected_result_rows(spec, present) if rule["rhs"] == "@result" else list(rule["rhs"])
            rules.append((list(rule["lhs"]), rhs))
    columns = spec.columns

    def score(grid: Grid) -> int:
        held = 0
        for lhs, rhs in rules:
            # each row's cells looked up once per rule, not once per column (the score runs per combination)
            lhs_cells = [grid.get(r) for r in lhs]
            rhs_cells = [grid.get(r) for r in rhs]
            for col in columns:
                left = [None if cells is None else cells.get(col) for cells in lhs_cells]
                right = [None if cells is None else cells.get(col) for cells in rhs_cells]
                if None in left or None in right:
                    continue
                if abs(sum(left) - sum(right)) <= TOLERANCE:  # type: ignore[arg-type]
                    held += 1
        return held

    return score


def _rule_spec(spec: TableSpec, name: str) -> dict[str, Any] | None:
    for rule in spec.checks:
        pattern = str(rule.get("rule", ""))
        if pattern.split(".", 1)[-1].split("[", 1)[0] == name:
            return rule
    return None


def check_cells(template: str | None, rule: str, present_rows: list[str]) -> list[tuple[str, str, str]]:
    """The cells (table, row, column) a 勾稽关系 check adds up, from the template's rule.

    ``present_rows``: the row ids the record's table holds (they decide the
    result rows of handled_sum, expected_result_rows).  A rule the template
    does not define (a narrative cross-check, say) gives no cells.  Used by
    blame and by the debug view's links.
    """
    m = _RULE.match(rule)
    if template is None or m is None:
        return []
    try:
        spec = load_template(template).tables[m["table"]]
    except (KeyError, FileNotFoundError):
        return []
    found = _rule_spec(spec, m["name"])
    if found is None:
        return []
    table, arg = m["table"], m["arg"]
    if found["over"] == "columns":
        rhs = expected_result_rows(spec, present_rows) if found["rhs"] == "@result" else list(found["rhs"])
        return [(table, row, arg) for row in [*found["lhs"], *rhs]]
    return [(table, arg, col) for col in [*found["lhs"], *found["rhs"]]]
