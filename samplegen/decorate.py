"""Cell decorations seen in real reports: annotations, blanks, dashes, 无.

Each decoration changes how a cell is printed and, for blanks and dashes, its
value (None). Decorations that a glued layout cannot show unambiguously are
only applied when `glued` is False; blank cells only where the layout can
print an empty cell.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from samplegen.numbers import Entry, Figures

DASHES = ("—", "-", "－－", "--")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class DecorationPlan:
    """What the layout allows and what the numbers already carry."""

    glued: bool
    blank_ok: bool
    error_table: str | None


def _cells(figures: Figures, table: str) -> list[tuple[str, str, Entry]]:
    return [(row, col, entry) for row, cells in figures[table].items() for col, entry in cells.items()]


def _int_cells(figures: Figures, table: str) -> list[tuple[str, str, Entry]]:
    return [c for c in _cells(figures, table) if isinstance(c[2].value, int) and c[2].raw == str(c[2].value)]


def _count_at_least(entry: Entry, low: int) -> bool:
    return isinstance(entry.value, int) and entry.value >= low


def _annotate(rng: random.Random, figures: Figures) -> bool:
    grid = figures["active_disclosure"]["normative_documents"]
    options = [
        (col, text)
        for col, text in (
            ("issued", "（其中修订{m}件）"),
            ("new_made", "（其中修订{m}件）"),
            ("repealed", "（含自然失效{m}件）"),
        )
        if col in grid and _count_at_least(grid[col], 2)
    ]
    if not options:
        return False
    col, text = rng.choice(options)
    value = grid[col].value
    assert isinstance(value, int)
    grid[col] = Entry(f"{value}" + text.format(m=rng.randint(1, value - 1)), value)
    return True


def _wu_zero(rng: random.Random, figures: Figures) -> bool:
    zeros = [c for c in _int_cells(figures, "active_disclosure") if c[2].value == 0]
    for _, _, entry in rng.sample(zeros, min(len(zeros), rng.randint(1, 3))):
        entry.raw = "无"
    return bool(zeros)


def _null_cells(rng: random.Random, figures: Figures, texts: tuple[str, ...]) -> bool:
    cells = _int_cells(figures, "active_disclosure")
    for _, _, entry in rng.sample(cells, min(len(cells), rng.randint(1, 3))):
        entry.raw = rng.choice(texts)
        entry.value = None
    return bool(cells)


def _blank_column(figures: Figures, table: str, col: str) -> bool:
    for cells in figures[table].values():
        cells[col] = Entry("", None)
    return True


def _bohui(figures: Figures) -> bool:
    entry = figures["review_litigation"]["review"]["other"]
    if not isinstance(entry.value, int) or entry.value <= 0:
        return False
    entry.raw = f"驳回{entry.value}"
    return True


def _thousands(figures: Figures) -> bool:
    done = False
    for _, col, entry in _int_cells(figures, "active_disclosure"):
        if col == "decisions" and isinstance(entry.value, int) and entry.value >= 1000:
            entry.raw = f"{entry.value:,}"
            done = True
    return done


def _fullwidth(rng: random.Random, figures: Figures) -> bool:
    cells = _int_cells(figures, "applications")
    for _, _, entry in rng.sample(cells, min(len(cells), rng.randint(3, 12))):
        entry.raw = entry.raw.translate(FULLWIDTH)
    return bool(cells)


def decorate(rng: random.Random, figures: Figures, plan: DecorationPlan) -> list[str]:
    """Apply random decorations; return the variant names applied."""
    done: list[str] = []
    if not plan.glued:
        steps: tuple[tuple[str, float, Callable[[], bool]], ...] = (
            ("annotated_cell", 0.3, lambda: _annotate(rng, figures)),
            ("wu_zero", 0.2, lambda: _wu_zero(rng, figures)),
            ("dash_null", 0.15, lambda: _null_cells(rng, figures, DASHES)),
            ("bohui_other", 0.6, lambda: _bohui(figures)),
            ("thousands_separator", 0.25, lambda: _thousands(figures)),
            ("fullwidth_digits", 0.15, lambda: _fullwidth(rng, figures)),
        )
        done += [name for name, p, step in steps if rng.random() < p and step()]
    if plan.blank_ok:
        done += _blanks(rng, figures, plan)
    for row in figures["active_disclosure"].values():
        if any(e.raw == "/" for e in row.values()):
            done.append("slash_rules")
            break
    return done


def _blanks(rng: random.Random, figures: Figures, plan: DecorationPlan) -> list[str]:
    done: list[str] = []
    if rng.random() < 0.25 and _null_cells(rng, figures, ("",)):
        done.append("blank_cells")
    if plan.error_table != "review_litigation" and rng.random() < 0.1:
        _blank_column(figures, "review_litigation", "total")
        done.append("blank_review_total_column")
    if plan.error_table != "applications" and rng.random() < 0.06:
        _blank_column(figures, "applications", "total")
        done.append("blank_applications_total_column")
    return done


def error_table(kind: str | None) -> str | None:
    """Which table an error kind of samplegen.errors touches."""
    if kind is None:
        return None
    return "review_litigation" if kind.startswith("review") else "applications"
