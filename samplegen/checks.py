"""The 勾稽 rules of report-schema.md, evaluated on truth tables.

The generator evaluates its own numbers with these to write checks_failed;
a check that touches a null or missing cell is skipped (ok None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import samplegen.labels as labels

TruthTables = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class CheckResult:
    """One rule: its name as in report-schema.md and whether it held."""

    rule: str
    ok: bool | None


def _sum_or_none(values: list[Any]) -> Any:
    if any(v is None for v in values):
        return None
    return sum(values)


def _equal(left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    return bool(left == right)


def _get(table: dict[str, dict[str, Any]], row: str, col: str) -> Any:
    return table.get(row, {}).get(col)


def check_applications(table: dict[str, dict[str, Any]]) -> list[CheckResult]:
    """balance, handled_sum per column, then row_total per row."""
    single = "other_handling" in table
    results = labels.result_row_ids(single)
    out: list[CheckResult] = []
    for col in labels.APPLICATION_COLUMNS:

        def cell(row: str, col: str = col) -> Any:
            return _get(table, row, col)

        left = _sum_or_none([cell("new_received"), cell("carried_over")])
        right = _sum_or_none([cell("total_handled"), cell("carried_forward")])
        out.append(CheckResult(f"applications.balance[{col}]", _equal(left, right)))
        parts = _sum_or_none([cell(r) for r in results])
        out.append(CheckResult(f"applications.handled_sum[{col}]", _equal(cell("total_handled"), parts)))
    for row, cells in table.items():
        parts = _sum_or_none([cells.get(c) for c in labels.APPLICANT_COLUMNS])
        out.append(CheckResult(f"applications.row_total[{row}]", _equal(cells.get("total"), parts)))
    return out


def check_review(table: dict[str, dict[str, Any]]) -> list[CheckResult]:
    """total = upheld + corrected + other + pending, per row."""
    out: list[CheckResult] = []
    for row in labels.REVIEW_ROWS:
        parts = _sum_or_none([_get(table, row, c) for c in labels.REVIEW_COLUMNS[:4]])
        out.append(CheckResult(f"review_litigation.total[{row}]", _equal(_get(table, row, "total"), parts)))
    return out


def check_tables(tables: TruthTables) -> list[CheckResult]:
    """Every check of a truth record's tables."""
    return check_applications(tables.get("applications", {})) + check_review(tables.get("review_litigation", {}))


def failed_rules(tables: TruthTables) -> list[str]:
    """Names of the checks that fail (ok is False), in evaluation order."""
    return [c.rule for c in check_tables(tables) if c.ok is False]
