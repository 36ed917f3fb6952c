"""Choose one reading per row where the glued digits allow several.

Order of evidence, strongest first: the template's column checks (table 三:
real-world-variations.md says 5 of 125 glued rows needed them), the report's
own narrative (r09: '现行有效行政规范性文件698件'), plausibility rules from
the template, and last the reading whose largest value is smallest.  Every
choice that is not forced is a warning naming the candidates.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from docstruct.extract.checks import format_number
from docstruct.extract.tables.glued import Split
from docstruct.extract.tables.match import RowRead

# Joint search over ambiguous rows stops after this many combinations (about
# 0.3 s of plain arithmetic); real glued tables need a handful (r05: 4).
MAX_COMBINATIONS = 50_000
# Candidates shown in a warning.
SHOW_CANDIDATES = 6

Values = tuple[int | float | None, ...]
ScoreFn = Callable[[dict[str, Split]], int]


@dataclass(frozen=True)
class Choice:
    """The reading chosen for a row and why."""

    split: Split | None
    reason: str
    warning: str | None = None


def fmt(values: Values) -> str:
    """'80|1|0' for a warning."""
    return "|".join("·" if v is None else format_number(v) for v in values)


def candidates_text(splits: Sequence[Split]) -> str:
    """The first few candidates, for a warning."""
    shown = ", ".join(fmt(s.values) for s in splits[:SHOW_CANDIDATES])
    more = len(splits) - SHOW_CANDIDATES
    return shown + (f" and {more} more" if more > 0 else "")


def smallest_largest(splits: Sequence[Split]) -> list[Split]:
    """Candidates ordered most zero cells first, then by largest value, then sum.

    Zero is the commonest value in these tables (r06's table 二: 3960181 is
    396|0|181, 100153 is 10|0|153); past that, the reading whose largest value
    is smallest keeps digit counts balanced (r07: 396442278 is 396|442|278).
    """

    return sorted(splits, key=lambda s: (*_zeros_then_smallest(s), fmt(s.values)))


@dataclass(frozen=True)
class Ranking:
    """How the last step orders the readings left, and how a warning says it."""

    key: Callable[[Split], tuple[float, ...]]
    says: str


def _zeros_then_smallest(s: Split) -> tuple[float, ...]:
    known = [abs(v) for v in s.values if v is not None] or [0]
    return (-sum(1 for v in s.values if v == 0), max(known), sum(known))


DEFAULT_RANKING = Ranking(_zeros_then_smallest, "the reading with the most zeros and the smallest largest value")


def ratio_ranking(columns: Sequence[str], numerator: str, denominator: str, typical_log10: float) -> Ranking:
    """Readings ordered by how close numerator/denominator is to a typical ratio.

    For 政府集中采购 the amount per project: r06 '13575394432.52元' is 135
    projects for 75394432.52 元 (10^5.7 per project), r07 395 for 73802895.90
    (10^5.3), r15 6 for 251000 (10^4.6); the smallest-largest rule would split
    both glued rows in the middle (135753 | 94432.52).
    """
    num, den = columns.index(numerator), columns.index(denominator)

    def key(s: Split) -> tuple[float, ...]:
        a, b = s.values[num], s.values[den]
        if a is None or b is None or a <= 0 or b <= 0:
            return (float("inf"), *_zeros_then_smallest(s))
        return (abs(math.log10(a / b) - typical_log10), *_zeros_then_smallest(s))

    return Ranking(key, f"the reading whose {numerator} per {denominator} is closest to 10^{typical_log10:g}")


def choose_plain(
    name: str, read: RowRead, filters: Sequence[tuple[str, list[Split]]], ranking: Ranking = DEFAULT_RANKING
) -> Choice:
    """Pick among one row's candidates using ``filters``, then ``ranking``.

    Each filter is (what it is, the candidates it keeps); a filter that keeps
    none is ignored (the narrative can disagree with the table, as in r05).
    """
    splits = list(read.splits)
    if not splits:
        return Choice(None, read.how, f"{name}: could not read the row ({read.how}); cells left out")
    if len(splits) == 1:
        return Choice(splits[0], read.how)
    used = []
    for what, kept in filters:
        narrowed = [s for s in splits if s in kept]
        if narrowed and len(narrowed) < len(splits):
            splits = narrowed
            used.append(what)
    if len(splits) == 1:
        return Choice(splits[0], f"{read.how}; resolved by {', '.join(used)}")
    ordered = sorted(splits, key=lambda s: (*ranking.key(s), fmt(s.values)))
    best = ordered[0]
    raw = " ".join(c.text for c in read.chunks)
    warning = (
        f"{name}: '{raw}' has {len(read.splits)} readings ({candidates_text(smallest_largest(list(read.splits)))}); "
        f"chose {fmt(best.values)}"
        + (f" after {', '.join(used)}" if used else "")
        + f" as {ranking.says}; check it against the source"
    )
    return Choice(best, f"{read.how}; guessed", warning)


def plausible(splits: Sequence[Split], columns: Sequence[str], rules: Sequence[str]) -> list[Split]:
    """The candidates that satisfy every 'a >= b' rule whose columns are in the row."""
    out = []
    for s in splits:
        ok = True
        for rule in rules:
            m = re.fullmatch(r"\s*(\w+)\s*>=\s*(\w+)\s*", rule)
            if not m or m.group(1) not in columns or m.group(2) not in columns:
                continue
            a = s.values[columns.index(m.group(1))]
            b = s.values[columns.index(m.group(2))]
            if a is not None and b is not None and a < b:
                ok = False
        if ok:
            out.append(s)
    return out


@dataclass(frozen=True)
class Joint:
    """A joint choice for several ambiguous rows."""

    picks: dict[str, Split]
    score: int
    unique: bool


def choose_joint(
    ambiguous: Mapping[str, Sequence[Split]],
    score: ScoreFn,
) -> Joint | None:
    """The combination of candidates that satisfies the most column checks."""
    names = sorted(ambiguous)
    sizes = 1
    for n in names:
        sizes *= len(ambiguous[n])
    if not names or sizes > MAX_COMBINATIONS:
        return None
    best: list[dict[str, Split]] = []
    best_score = -1
    for combo in itertools.product(*(ambiguous[n] for n in names)):
        picks = dict(zip(names, combo, strict=False))
        sc = score(picks)
        if sc > best_score:
            best, best_score = [picks], sc
        elif sc == best_score:
            best.append(picks)
    return Joint(best[0], best_score, len(best) == 1)
