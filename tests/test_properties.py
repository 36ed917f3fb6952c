"""Invariants: checks never raise, no source text lands in two cells, any text gives a record or an error."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from docstruct.extract import DocstructError, extract_bytes, extract_file
from docstruct.extract.checks import check_table
from docstruct.extract.templates import all_templates
from tests.conftest import shared_path

NUMBERS = st.one_of(st.none(), st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False, width=32))


@st.composite
def grids(draw: st.DrawFn) -> tuple[str, str, dict[str, dict[str, object]]]:
    template = draw(st.sampled_from(all_templates()))
    name = draw(st.sampled_from(sorted(template.tables)))
    spec = template.tables[name]
    rows = [r for r in spec.rows if r.id]
    chosen = draw(st.lists(st.sampled_from(rows), unique_by=lambda r: r.id, max_size=len(rows)))
    grid = {r.id: {c: draw(NUMBERS) for c in r.columns if draw(st.booleans())} for r in chosen}
    return template.id, name, grid


@given(grids())
@settings(max_examples=300, deadline=None)
def test_checks_never_raise(case: tuple[str, str, dict[str, dict[str, object]]]) -> None:
    version, name, grid = case
    spec = next(t for t in all_templates() if t.id == version).tables[name]
    for check in check_table(spec, grid):  # type: ignore[arg-type]
        assert check.ok in (True, False, None)
        assert check.detail
        if check.ok is None:
            assert check.detail.startswith("skipped")


def _cell_spans(record: dict[str, object]) -> list[tuple[int, int, int]]:
    spans = []
    for rows in record["tables"].values():  # type: ignore[attr-defined]
        for cells in rows.values():
            for cell in cells.values():
                src = cell["source"]
                if "line" in src and "span" in src:
                    spans.append((src["line"], src["span"][0], src["span"][1]))
    return spans


def _assert_disjoint(spans: list[tuple[int, int, int]]) -> None:
    spans.sort()
    for (la, a0, a1), (lb, b0, b1) in itertools.pairwise(spans):
        if la == lb:
            assert a1 <= b0, f"line {la}: spans {a0}-{a1} and {b0}-{b1} overlap"


def test_no_source_text_lands_in_two_cells() -> None:
    paths = sorted(shared_path("real").glob("r*.txt")) + sorted(shared_path("seeds").glob("*.txt"))
    for path in paths:
        record = extract_file(path).to_json()
        _assert_disjoint(_cell_spans(record))


@given(st.text(min_size=1, max_size=400))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_a_record_or_a_library_error(text: str) -> None:
    try:
        record = extract_bytes(text.encode("utf-8")).to_json()
    except DocstructError:
        return
    json.dumps(record, ensure_ascii=False, allow_nan=False)
    for check in record["checks"]:
        assert check["ok"] in (True, False, None)
