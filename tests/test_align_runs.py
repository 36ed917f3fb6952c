"""align._run_readings: the readings of a row whose numbers repeat a spanned cell, counted per state.

Listing every cut of a run of equal numbers blew up: a table-四 sequence of 30 zeros has C(29, 14)
cuts into 15 runs, and a 10 KB mutant took 32 s (bench.fuzz --seed 9, md mutant 293; a timeout in a
batch).  The readings must be those of the listing, and the work polynomial.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from docstruct.extract.tables.align import _run_readings
from docstruct.extract.tables.glued import Chunk


def _listed(texts: Sequence[str], n: int, apart: set[int]) -> dict[tuple[int, ...], tuple[int, ...]]:
    """Every cut into n runs of one printed value listed, runs never across a boundary in ``apart``."""
    out: dict[tuple[int, ...], tuple[int, ...]] = {}
    size = len(texts)
    for inner in itertools.combinations(range(1, size), n - 1):
        firsts = (0, *inner)
        bounds = zip(firsts, (*inner, size), strict=True)
        if all(len(set(texts[a:b])) == 1 and not any(a < k < b for k in apart) for a, b in bounds):
            out.setdefault(tuple(int(texts[i]) for i in firsts), firsts)
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["0", "1", "7"]), min_size=1, max_size=9),
    st.integers(1, 5),
    st.sets(st.integers(1, 8), max_size=3),
)
def test_the_readings_are_those_of_every_cut_listed(texts: list[str], n: int, apart: set[int]) -> None:
    chunks = [Chunk(t, 2 * i) for i, t in enumerate(texts)]
    values = [int(t) for t in texts]

    def together(a: int, b: int) -> bool:
        return not any(a < k < b for k in apart)

    got = _run_readings(chunks, values, n, together)
    listed = _listed(texts, n, apart)
    if len(listed) <= 1:
        assert dict(got) == listed  # the same reading, and the first cut that gives it
    else:
        assert len(got) == 2 and all(r in listed for r, _ in got)


def test_thirty_equal_numbers_into_fifteen_runs_take_few_steps() -> None:
    chunks = [Chunk("0", 2 * i) for i in range(30)]
    calls = 0

    def together(a: int, b: int) -> bool:
        nonlocal calls
        calls += 1
        return True

    got = _run_readings(chunks, [0] * 30, 15, together)
    assert [r for r, _ in got] == [(0,) * 15]
    # the listing made C(29, 14) = 77,558,760 cuts; per state it is at most 30 * 15 * 30 questions
    assert calls <= 30 * 15 * 30
