"""The glued-digit search's sum-rule bounds cut only dead branches: the same splits, in the same order.

_Search._closes decides a row total outright near the end of a row instead of visiting
every split of the last parts (issue 16: gen03's 18-digit rows). Compared here with the
search that has no hints (no SumRule), whose splits the row check then filters.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docstruct.extract.tables.glued import Chunk, ColumnKind, Split, split_chunks
from docstruct.extract.tables.match import row_prune, row_sums
from docstruct.extract.templates import load_template

APPS = load_template("2021").tables["applications"]
REVIEW = load_template("2021").tables["review_litigation"]
REVIEW_COLUMNS = [f"{r.id}.{c}" for r in REVIEW.rows for c in REVIEW.columns]


def _with_hints(chunks: list[Chunk], columns: list[str], spec=APPS) -> list[Split]:  # type: ignore[no-untyped-def]
    kinds = [ColumnKind()] * len(columns)
    return split_chunks(chunks, kinds, row_prune(spec, columns), row_sums(spec, columns))[0]


def _without_hints(chunks: list[Chunk], columns: list[str], spec=APPS) -> list[Split]:  # type: ignore[no-untyped-def]
    kinds = [ColumnKind()] * len(columns)
    return split_chunks(chunks, kinds, row_prune(spec, columns))[0]


def test_gen03_row_keeps_its_one_split() -> None:
    chunks = [Chunk("191725616339002375", 0)]
    got = _with_hints(chunks, list(APPS.columns))
    assert [s.values for s in got] == [(1917, 256, 163, 39, 0, 0, 2375)]
    assert got == _without_hints(chunks, list(APPS.columns))


# a row total made to hold, glued: the rule has at least one split to find
@st.composite
def _summed_rows(draw: st.DrawFn) -> list[Chunk]:
    parts = draw(st.lists(st.integers(0, 400), min_size=6, max_size=6))
    digits = "".join(map(str, parts)) + str(sum(parts))
    cut = draw(st.integers(0, len(digits) - 1))  # a space somewhere, or none (cut 0)
    if cut == 0:
        return [Chunk(digits, 0)]
    return [Chunk(digits[:cut], 0), Chunk(digits[cut:], cut + 1)]


@settings(max_examples=150, deadline=None)
@given(_summed_rows())
def test_hints_change_no_split_of_a_summed_row(chunks: list[Chunk]) -> None:
    assert _with_hints(chunks, list(APPS.columns)) == _without_hints(chunks, list(APPS.columns))


@settings(max_examples=150, deadline=None)
@given(st.text("0123456789", min_size=7, max_size=16))
def test_hints_change_no_split_of_any_digits(digits: str) -> None:
    chunks = [Chunk(digits, 0)]
    assert _with_hints(chunks, list(APPS.columns)) == _without_hints(chunks, list(APPS.columns))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=12, max_size=12))
def test_hints_change_no_split_of_a_review_row(values: list[int]) -> None:
    # table 四: three totals (4, 9, 14), the last closing the row
    groups = [values[0:4], values[4:8], values[8:12]]
    digits = "".join("".join(map(str, g)) + str(sum(g)) for g in groups)
    chunks = [Chunk(digits, 0)]
    assert _with_hints(chunks, REVIEW_COLUMNS, REVIEW) == _without_hints(chunks, REVIEW_COLUMNS, REVIEW)
