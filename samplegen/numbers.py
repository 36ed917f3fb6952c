"""Draw the numbers of the three tables so that every 勾稽 rule holds.

Counts are mostly small with many zeros, natural persons dominate, and a few
agencies are large. Every column satisfies new + carried_over = handled +
carried_forward, handled = the sum of the result rows, every row total is the
sum of the six applicant columns, and each table 四 total is the sum of its
row. Deliberate source errors are added afterwards by samplegen.errors.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import samplegen.labels as labels
from samplegen.model import Value


@dataclass
class Entry:
    """A cell being prepared: printed text (simplified) and true value."""

    raw: str
    value: Value


Grid = dict[str, dict[str, Entry]]
Figures = dict[str, Grid]


def count(value: int) -> Entry:
    """A plain count cell."""
    return Entry(str(value), value)


def amount(raw: str) -> Entry:
    """A money cell: value parsed from the printed text (unit 元 allowed)."""
    text = raw.removesuffix("元")
    value: Value = float(text) if "." in text else int(text)
    return Entry(raw, value)


# Relative frequency of each result row (granted dominates; denials are rare).
RESULT_WEIGHTS: dict[str, float] = {
    "granted": 5.0,
    "partially_granted": 1.5,
    "denied_state_secret": 0.1,
    "denied_prohibited": 0.15,
    "denied_security": 0.1,
    "denied_third_party": 0.3,
    "denied_internal": 0.2,
    "denied_process": 0.3,
    "denied_enforcement": 0.15,
    "denied_query": 0.25,
    "unable_not_held": 2.5,
    "unable_needs_creation": 0.4,
    "unable_unclear": 0.5,
    "rejected_complaint": 0.4,
    "rejected_duplicate": 0.5,
    "rejected_publication": 0.1,
    "rejected_excessive": 0.15,
    "rejected_confirmation": 0.2,
    "other_handling": 0.6,
    "other_overdue_correction": 0.4,
    "other_unpaid_fee": 0.05,
    "other_misc": 0.3,
}

# (name, low, high, weight) of the yearly number of new applications.
SCALES: tuple[tuple[str, int, int, int], ...] = (
    ("zero", 0, 0, 8),
    ("small", 1, 30, 55),
    ("medium", 31, 300, 25),
    ("large", 301, 4000, 12),
)


def split_total(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split `total` into len(weights) non-negative parts, roughly by weight."""
    parts = [0] * len(weights)
    if total <= 0 or not any(weights):
        return parts
    if total <= 60:
        for index in rng.choices(range(len(weights)), weights=weights, k=total):
            parts[index] += 1
        return parts
    jittered = [w * rng.uniform(0.4, 1.6) for w in weights]
    scale = total / sum(jittered)
    parts = [int(w * scale) for w in jittered]
    rest = total - sum(parts)
    for index in rng.choices(range(len(weights)), weights=weights, k=rest):
        parts[index] += 1
    return parts


def draw_scale(rng: random.Random) -> str:
    """Pick the size class of an agency's application numbers."""
    names = [s[0] for s in SCALES]
    return rng.choices(names, weights=[s[3] for s in SCALES])[0]


def _new_by_column(rng: random.Random, scale: str) -> list[int]:
    low, high = next((s[1], s[2]) for s in SCALES if s[0] == scale)
    total = rng.randint(low, high)
    natural = round(total * rng.uniform(0.55, 1.0))
    others = [rng.uniform(0.3, 1.0)] + [rng.uniform(0.05, 0.4) if rng.random() < 0.3 else 0.0 for _ in range(4)]
    if not any(others):
        others[0] = 1.0
    return [natural, *split_total(rng, total - natural, others)]


def _column_flow(rng: random.Random, new: int) -> tuple[int, int]:
    """carried_over and carried_forward of one applicant column."""
    over = 0
    if rng.random() < (0.35 if new else 0.1):
        over = rng.randint(0, max(1, new // 5))
    avail = new + over
    forward = 0
    if avail and rng.random() < 0.35:
        forward = rng.randint(0, max(1, avail // 4))
    return over, min(forward, avail)


def applications(rng: random.Random, single_other_row: bool, scale: str) -> Grid:
    """Table 三 counts, all rules holding."""
    rows = [r.row_id for r in labels.application_rows(single_other_row) if r.row_id]
    results = list(labels.result_row_ids(single_other_row))
    active = [RESULT_WEIGHTS[r] if rng.random() < min(1.0, 0.2 + RESULT_WEIGHTS[r] / 2) else 0.0 for r in results]
    active[0] = max(active[0], RESULT_WEIGHTS["granted"])
    table: dict[str, dict[str, int]] = {r: {} for r in rows}
    for col, new in zip(labels.APPLICANT_COLUMNS, _new_by_column(rng, scale), strict=True):
        over, forward = _column_flow(rng, new)
        handled = new + over - forward
        table["new_received"][col] = new
        table["carried_over"][col] = over
        table["total_handled"][col] = handled
        table["carried_forward"][col] = forward
        for row, part in zip(results, split_total(rng, handled, active), strict=True):
            table[row][col] = part
    grid: Grid = {}
    for row in rows:
        cells = {c: count(table[row][c]) for c in labels.APPLICANT_COLUMNS}
        cells["total"] = count(sum(table[row].values()))
        grid[row] = cells
    return grid


def review(rng: random.Random, scale: str) -> Grid:
    """Table 四 counts: mostly zeros, totals always the row sums."""
    busy = {"zero": 0.05, "small": 0.35, "medium": 0.6, "large": 0.85}[scale]
    high = {"zero": 1, "small": 3, "medium": 8, "large": 30}[scale]
    grid: Grid = {}
    for index, row in enumerate(labels.REVIEW_ROWS):
        values = [0, 0, 0, 0]
        if rng.random() < busy * (1.0 if index == 0 else 0.6):
            values = [rng.randint(0, high) if rng.random() < p else 0 for p in (0.6, 0.25, 0.35, 0.3)]
        cells = {c: count(v) for c, v in zip(labels.REVIEW_COLUMNS[:4], values, strict=True)}
        cells["total"] = count(sum(values))
        grid[row] = cells
    return grid


def _maybe(rng: random.Random, p: float, low: int, high: int) -> int:
    return rng.randint(low, high) if rng.random() < p else 0


def _rules_row(rng: random.Random, cols: tuple[str, ...], makes_rules: bool) -> dict[str, Entry]:
    if not makes_rules:
        if rng.random() < 0.45:
            return {c: Entry("/", None) for c in cols}
        return {c: count(0) for c in cols}
    made = _maybe(rng, 0.5, 1, 6)
    if cols[0] == "issued":
        return {
            "issued": count(made),
            "repealed": count(_maybe(rng, 0.3, 1, 5)),
            "in_force": count(made + rng.randint(0, 80)),
        }
    return {"new_made": count(made), "new_published": count(made), "total_published": count(made + rng.randint(0, 80))}


# How much of table 二's ranges an agency of each size uses.
MAGNITUDE: dict[str, float] = {"zero": 0.05, "small": 0.15, "medium": 0.5, "large": 1.0}


def _scaled(high: int, magnitude: float) -> int:
    return max(1, int(high * magnitude))


def _item_row(rng: random.Random, high: int, magnitude: float, with_decisions: bool) -> dict[str, Entry]:
    """上一年项目数量, 本年增/减 (may be negative) and 处理决定数量."""
    items = _scaled(high, magnitude)
    previous = _maybe(rng, 0.7, 1, items)
    change = 0
    if rng.random() < 0.45:
        step = max(1, items // 8)
        change = rng.randint(-min(previous, step), step)
    row = {"previous": count(previous), "change": count(change)}
    if with_decisions:
        active = previous + change > 0
        row["decisions"] = count(_maybe(rng, 0.8 if active else 0.1, 1, items * 20))
    return row


def _procurement_amount(rng: random.Random, projects: int) -> Entry:
    if not projects:
        return count(0)
    style = rng.randrange(3)
    if style == 0:
        return amount(f"{rng.randint(1, 90000)}元" if projects < 3 else f"{rng.randint(1, 900) * 1000}元")
    if style == 1:
        return amount(f"{rng.randint(10000, 90000000)}.{rng.randint(1, 99):02d}元")
    return amount(f"{rng.randint(1, 9000)}.{rng.randint(1, 99):02d}")


def active_2019(rng: random.Random, makes_rules: bool, magnitude: float) -> Grid:
    """Table 二 of template 2019."""
    cols = ("new_made", "new_published", "total_published")
    made = _maybe(rng, 0.7, 1, _scaled(90, magnitude))
    published = made if rng.random() < 0.8 else rng.randint(0, made)
    grid: Grid = {
        "rules": _rules_row(rng, cols, makes_rules),
        "normative_documents": {
            "new_made": count(made),
            "new_published": count(published),
            "total_published": count(published + _maybe(rng, 0.6, 1, _scaled(400, magnitude))),
        },
        "licensing": _item_row(rng, 600, magnitude, True),
        "other_services": _item_row(rng, 60, magnitude, True),
        "penalty": _item_row(rng, 3000, magnitude, True),
        "coercion": _item_row(rng, 150, magnitude, True),
        "fees": _item_row(rng, 40, magnitude, False),
    }
    projects = _maybe(rng, 0.6, 1, _scaled(400, magnitude))
    grid["procurement"] = {"projects": count(projects), "amount": _procurement_amount(rng, projects)}
    return grid


def _fee_amount(rng: random.Random, magnitude: float) -> Entry:
    if rng.random() < 0.35:
        return count(0)
    digits = rng.choice((0, 2, 2, 4, 6, 6))
    whole = rng.randint(0, _scaled(30000, magnitude))
    if not digits:
        return count(max(whole, 1))
    frac = rng.randint(1, 10**digits - 1)
    return amount(f"{whole}.{frac:0{digits}d}")


def active_2021(rng: random.Random, makes_rules: bool, magnitude: float) -> Grid:
    """Table 二 of template 2021 (also the hybrid)."""
    issued = _maybe(rng, 0.7, 1, _scaled(100, magnitude))
    return {
        "rules": _rules_row(rng, ("issued", "repealed", "in_force"), makes_rules),
        "normative_documents": {
            "issued": count(issued),
            "repealed": count(_maybe(rng, 0.4, 1, 2 * issued + 5)),
            "in_force": count(issued + _maybe(rng, 0.8, 1, _scaled(800, magnitude))),
        },
        "licensing": {"decisions": count(_maybe(rng, 0.7, 1, _scaled(30000, magnitude)))},
        "penalty": {"decisions": count(_maybe(rng, 0.6, 1, _scaled(5000, magnitude)))},
        "coercion": {"decisions": count(_maybe(rng, 0.35, 1, _scaled(300, magnitude)))},
        "fees": {"amount": _fee_amount(rng, magnitude)},
    }


def make_figures(rng: random.Random, variant: str, makes_rules: bool) -> Figures:
    """All three tables for a template variant ("2019", "2021", "hybrid")."""
    scale = draw_scale(rng)
    # Table 二 size follows the agency's size, loosely (a busy licensing office
    # may still get few applications).
    magnitude = MAGNITUDE[rng.choice((scale, scale, draw_scale(rng)))]
    if variant == labels.TEMPLATE_2019:
        active = active_2019(rng, makes_rules, magnitude)
    else:
        active = active_2021(rng, makes_rules, magnitude)
    single = variant != labels.TEMPLATE_2021
    return {
        "active_disclosure": active,
        "applications": applications(rng, single, scale),
        "review_litigation": review(rng, scale),
    }
