"""Deliberate source errors: numbers the agency itself printed wrong.

Real reports publish inconsistent numbers (sub-rows summing to 26 under a
（七）总计 of 20, table 四 totals of 0 beside non-zero results). The truth
keeps such numbers as printed and lists the failing rules; which rules fail is
computed afterwards by samplegen.checks, never assumed here.
"""

from __future__ import annotations

import random

import samplegen.labels as labels
from samplegen.numbers import Figures, count

# Errors that keep every row sum intact, so glued rows still decode.
GLUED_SAFE = ("handled_sum", "balance", "total_handled_off")
ALL_KINDS = (*GLUED_SAFE, "row_total", "review_total", "review_total_zero")


def _shift(figures: Figures, row: str, col: str, delta: int, with_total: bool) -> None:
    grid = figures["applications"]
    cell = grid[row][col]
    assert isinstance(cell.value, int)
    new = max(0, cell.value + delta)
    real_delta = new - cell.value
    grid[row][col] = count(new)
    if with_total:
        total = grid[row]["total"].value
        assert isinstance(total, int)
        grid[row]["total"] = count(total + real_delta)


def _pick_delta(rng: random.Random, current: int) -> int:
    delta = rng.randint(1, 6)
    if current >= delta and rng.random() < 0.5:
        return -delta
    return delta


def _result_rows(figures: Figures) -> list[str]:
    single = "other_handling" in figures["applications"]
    return list(labels.result_row_ids(single))


def _value(figures: Figures, table: str, row: str, col: str) -> int:
    value = figures[table][row][col].value
    assert isinstance(value, int)
    return value


def inject_error(rng: random.Random, figures: Figures, glued: bool) -> str:
    """Alter the numbers in one realistic way; return the kind applied."""
    kind = rng.choice(GLUED_SAFE if glued else ALL_KINDS)
    col = "natural_person" if rng.random() < 0.8 else rng.choice(labels.APPLICANT_COLUMNS)
    if kind == "handled_sum":
        row = rng.choice([*_result_rows(figures)[:3], "unable_not_held", "rejected_duplicate"])
        _shift(figures, row, col, _pick_delta(rng, _value(figures, "applications", row, col)), True)
    elif kind == "balance":
        row = "carried_forward"
        _shift(figures, row, col, rng.randint(1, 5), True)
    elif kind == "total_handled_off":
        row = "total_handled"
        _shift(figures, row, col, _pick_delta(rng, _value(figures, "applications", row, col)), True)
    elif kind == "row_total":
        row = rng.choice(["new_received", "granted", "total_handled", "unable_not_held"])
        total = _value(figures, "applications", row, "total")
        figures["applications"][row]["total"] = count(total + _pick_delta(rng, total))
    else:
        _review_error(rng, figures, kind)
    return kind


def _review_error(rng: random.Random, figures: Figures, kind: str) -> None:
    grid = figures["review_litigation"]
    row = rng.choice(labels.REVIEW_ROWS)
    total = _value(figures, "review_litigation", row, "total")
    if kind == "review_total_zero":
        if total == 0:
            grid[row]["upheld"] = count(rng.randint(1, 3))
        grid[row]["total"] = count(0)
        return
    grid[row]["total"] = count(total + _pick_delta(rng, total))
