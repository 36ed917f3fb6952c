"""The tables stage's shortcuts (issue 16 part 1) give what the long way gives.

Each reshaped hot path is compared with the code it replaced (tests/fast_tables_reference.py, the
base commit's own code): the glued search finds the same splits after visiting the same nodes (so
MAX_NODES cuts it at the same place), a region reads as the same chunks, the checks read the same.
Speed is shown by the bench scripts, never here.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docstruct.extract.checks import check_table, column_scorer
from docstruct.extract.model import Block, Line, Source
from docstruct.extract.stream import CELL, ROW, Piece, blocks_to_stream
from docstruct.extract.tables import glued, match, noise
from docstruct.extract.tables.glued import Chunk, ColumnKind, SumRule, chunk_with, new_chunk, split_chunks
from docstruct.extract.tables.match import row_prune, row_sums
from docstruct.extract.templates import load_template

sys.path.insert(0, str(Path(__file__).parent))
import fast_tables_reference as ref

T2021 = load_template("2021")
T2019 = load_template("2019")
APPS = T2021.tables["applications"]
ACTIVE = T2019.tables["active_disclosure"]
REVIEW = T2021.tables["review_litigation"]
REVIEW_COLUMNS = [f"{r.id}.{c}" for r in REVIEW.rows for c in REVIEW.columns]


def _same_search(chunks: list[Chunk], kinds: Any, prune: Any, sums: Any, prune_at: Any = None) -> None:
    want, want_complete, want_nodes = ref.split_chunks(chunks, kinds, prune, sums)
    for at in (prune_at, None):  # prune asked only where a rule is due, and everywhere
        search = glued._Search(chunks, kinds, prune or (lambda _values: True), sums, at if prune else None)
        if chunks:
            search.run(0, 0)
        assert search.found == want and search.nodes == want_nodes
        assert split_chunks(chunks, kinds, prune, sums, at) == (want, want_complete)


def _row(spec: Any, columns: list[str]) -> tuple[Any, Any, Any, Any]:
    rules = match._row_rules(spec, tuple(columns))
    return rules.kinds, rules.prune, rules.sums, rules.prune_at


digit_runs = st.lists(st.text("0123456789", min_size=1, max_size=9), min_size=1, max_size=4)


@settings(max_examples=120, deadline=None)
@given(digit_runs)
def test_search_visits_the_same_nodes_for_a_table_three_row(runs: list[str]) -> None:
    chunks = [Chunk(text, 20 * i) for i, text in enumerate(runs)]
    _same_search(chunks, *_row(APPS, list(APPS.columns)))


def test_search_tests_a_childs_bounds_without_calling_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # gen03's 18-digit row: the same nodes as the reference, most of them ended in _expand, not by a run call
    chunks = [Chunk("191725616339002375", 0)]
    calls = []
    run = glued._Search.run

    def counted(search: glued._Search, ci: int, pos: int) -> None:
        calls.append((ci, pos))
        run(search, ci, pos)

    monkeypatch.setattr(glued._Search, "run", counted)
    kinds, prune, sums, prune_at = _row(APPS, list(APPS.columns))
    search = glued._Search(chunks, kinds, prune, sums, prune_at)
    search.run(0, 0)
    assert search.nodes == ref.split_chunks(chunks, kinds, prune, sums)[2] > 100 and len(calls) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 99), min_size=15, max_size=15), st.integers(5, 8))
def test_search_visits_the_same_nodes_for_table_four_run(values: list[int], pieces: int) -> None:
    # table 四's 15 values glued into runs of a few values each, under its row sums (the sequence search;
    # one long run makes the plain search visit up to MAX_NODES, minutes of test time for nothing new)
    digits = "".join(map(str, values))
    cut = max(1, len(digits) // pieces)
    chunks = [Chunk(digits[i : i + cut], i) for i in range(0, len(digits), cut)]
    _same_search(chunks, *_row(REVIEW, REVIEW_COLUMNS))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["12", "-3", "0.5", "4.25", "100", "7", "-", "/"]), min_size=1, max_size=5))
def test_search_visits_the_same_nodes_with_signs_decimals_and_fixed_cells(parts: list[str]) -> None:
    # table 二 of 2019: a signed column (本年增/减) and a decimal one (amounts); '/' and '-' are fixed cells
    chunks = [
        Chunk(p, 10 * i, fixed=True, value=None) if p in ("-", "/") else Chunk(p, 10 * i) for i, p in enumerate(parts)
    ]
    for row in ACTIVE.rows:
        if row.id is not None:
            _same_search(chunks, *_row(ACTIVE, list(row.columns)))


def test_search_visits_the_same_nodes_with_a_negative_fixed_part() -> None:
    chunks = [Chunk("-185", 0, fixed=True, value=-185), Chunk("2003", 10), Chunk("18", 20)]
    _same_search(chunks, *_row(APPS, list(APPS.columns)))


def test_search_is_cut_at_the_same_node_on_hostile_input() -> None:
    chunks = [Chunk("1" * 400, 0)]
    kinds = (ColumnKind(),) * 60
    _same_search(chunks, kinds, None, ())
    assert split_chunks(chunks, kinds)[1] is False


def test_search_rules_are_read_once_per_table_and_match_a_fresh_read() -> None:
    kinds, _, sums, _ = _row(APPS, list(APPS.columns))
    assert glued._rules_for(kinds, sums) is glued._rules_for(kinds, sums)
    assert glued._rules_for(kinds, sums) == glued._make_rules(list(kinds), list(sums))
    for i in range(glued.RULES_KNOWN_MAX + 5):  # new tuples each time: the memo stays bounded
        glued._rules_for((ColumnKind(),) * 3, (SumRule(2, (0, 1)),) * (i % 2 + 1))
    assert len(glued._RULES_KNOWN) <= glued.RULES_KNOWN_MAX


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789", max_size=12), st.integers(0, 2), st.integers(-5, 10**6))
def test_two_part_sum_tries_fewer_cuts_for_the_same_answer(digits: str, parts: int, need: int) -> None:
    assert glued._sums_to(digits, parts, need) == ref._sums_to(digits, parts, need)


@settings(max_examples=120, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=14), st.integers(0, 2), st.integers(-50, 5000))
def test_closing_rule_answers_as_before(rest: str, k: int, done: int) -> None:
    assert glued._closes_with(rest, k, done) == ref._closes_with(rest, k, done)


@st.composite
def _closing(draw: st.DrawFn) -> tuple[str, int, int]:
    """A closing question whose answer is often yes: k parts and done, then their total, glued."""
    k = draw(st.integers(0, 2))
    parts = draw(st.lists(st.integers(0, 10**draw(st.integers(1, 6))), min_size=k, max_size=k))
    done = draw(st.integers(-50, 10**7))
    total = sum(parts) + done + draw(st.sampled_from([0, 0, 0, 1, -1, 10]))
    rest = "".join(map(str, parts)) + str(max(total, 0)) + draw(st.sampled_from(["", "", "0", "7"]))
    return rest, k, done


@settings(max_examples=600, deadline=None)
@given(_closing())
def test_closing_rule_answers_as_before_on_rows_that_close(question: tuple[str, int, int]) -> None:
    assert glued._closes_with(*question) == ref._closes_with(*question)


def test_closing_rule_reads_only_the_total_widths_its_bounds_allow(monkeypatch: pytest.MonkeyPatch) -> None:
    # one part of 7 digits and a total of 7 or 8: the 13 other widths were each cut and summed
    asked: list[str] = []
    sums_to = glued._sums_to

    def counted(digits: str, parts: int, need: int) -> bool:
        asked.append(digits)
        return sums_to(digits, parts, need)

    monkeypatch.setattr(glued, "_sums_to", counted)
    assert glued._closes_with("12345671234568", 1, 1) and ref._closes_with("12345671234568", 1, 1)
    assert len(asked) <= 2


# ---- chunks, cells and sources built without __init__ -------------------------------------------


def test_fast_chunks_equal_the_constructor_and_replace() -> None:
    # every field but text and start has a default the class holds, which a fast chunk reads
    for f in dataclasses.fields(Chunk)[2:]:
        assert f.default is not dataclasses.MISSING and getattr(Chunk, f.name) == f.default
    cases = [((("12", 5)), {}), (("", 3), {"fixed": True, "value": None, "soft": True}), (("x", 1), {"no_value": True})]
    for args, fields_given in cases:
        fast, slow = new_chunk(*args, **fields_given), Chunk(*args, **fields_given)  # type: ignore[arg-type]
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert all(getattr(fast, f.name) == getattr(slow, f.name) for f in dataclasses.fields(Chunk))
        assert pickle.loads(pickle.dumps(fast)) == slow
    chunk = Chunk("7", 2, words=True)
    for changes in ({"merged": "7 8"}, {"shares_line": True}, {"words": False}):
        fast, slow = chunk_with(chunk, **changes), dataclasses.replace(chunk, **changes)  # type: ignore[arg-type]
        assert fast == slow and repr(fast) == repr(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        new_chunk("1", 0).text = "2"  # type: ignore[misc]
    with pytest.raises(TypeError):
        new_chunk("1", 0, fixd=True)


@pytest.mark.parametrize(
    "source",
    [Source(line=3, span=(0, 9)), Source(page=2, bbox=(1.0, 2.0, 3.0, 4.0)), Source(path="body/p[1]", confidence=0.5),
     Source(line=1, span=(0, 1), page=1, bbox=(0.0, 0.0, 1.0, 1.0), path="p", confidence=0.25), Source()],
)
def test_with_span_sets_only_what_holds_a_value_and_reads_as_replace(source: Source) -> None:
    for f in dataclasses.fields(Source):  # an unset field reads the class's default
        assert f.default is None and getattr(Source, f.name) is None
    fast, slow = source.with_span(4, 7), dataclasses.replace(source, span=(4, 7))
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert fast.to_json() == slow.to_json() and dataclasses.asdict(fast) == dataclasses.asdict(slow)
    # records cross processes (batch pool): a source made so survives pickling and copying
    assert pickle.loads(pickle.dumps(fast)) == slow and copy.deepcopy(fast) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.line = 9  # type: ignore[misc]


def _lines_stream() -> Any:
    texts = ["一、本年新收 | 80 | 1 | | 0", "", "|", "规章  12  ３ 4", "||", "行政许可 | 0 |", "x"]
    blocks = []
    for i, text in enumerate(texts):
        origin = tuple(range(2, 2 + 2 * len(text), 2))  # the normaliser dropped every other character
        blocks.append(Block(line=Line(text, Source(line=i + 1, span=(0, 2 * len(text))), origin)))
    blocks.append(Block(line=Line("no span", Source(line=9))))
    return blocks_to_stream(tuple(blocks))


def test_stream_source_of_is_the_piece_lookup_at_every_offset() -> None:
    stream = _lines_stream()
    size = len(stream.text)
    spans = [(start, end) for start in range(size) for end in range(start, min(size, start + 12) + 1)]
    for start, end in spans:
        assert stream.source_of(start, end) == stream.piece_at(start).source_of(start, end)
    want = [stream.piece_at(a).source_of(a, b) for a, b in spans]
    assert stream.sources_of(spans) == want
    assert stream.sources_of(spans[::-1]) == want[::-1]  # a row's spans in any order
    assert stream.sources_of([(-3, 1), (size + 5, size + 6)]) == [
        stream.piece_at(-3).source_of(-3, 1), stream.piece_at(size + 5).source_of(size + 5, size + 6)]


def test_stream_pieces_are_built_as_before() -> None:
    stream = _lines_stream()
    assert all(isinstance(p, Piece) for p in stream.pieces)
    for piece in stream.pieces:
        assert stream.text[piece.start : piece.start + len(piece.text)] == piece.text
    assert stream.text.split(ROW)[0].split(CELL) == ["一、本年新收", "80", "1", "", "0"]


# ---- header words skipped on ASCII pieces ---------------------------------------------------------


def test_every_template_noise_pattern_misses_ascii() -> None:
    for template in (T2019, T2021):
        for spec in template.tables.values():
            assert noise.misses_ascii(spec.noise)


@pytest.mark.parametrize(
    ("pattern", "misses"),
    [
        (r"中\s*文", True),
        (r"[中文]+", True),
        (r"(?:\(\s*三\s*\)\s*)?(?:不\s*[予子]\s*公\s*开)", True),
        (r"N/A|中", False),
        (r"中?x", False),
        (r"中*", False),
        (r"[^a]", False),
        (r"(?i)\u212a", False),  # KELVIN SIGN matches 'k' when case is ignored
        (r"(?i:\u212a)", False),
        (r"\w+", False),
    ],
)
def test_misses_ascii_is_proved_from_the_pattern(pattern: str, misses: bool) -> None:
    assert noise.misses_ascii(re.compile(pattern)) is misses


@settings(max_examples=120, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=20))
def test_an_ascii_piece_is_as_the_scan_leaves_it(piece: str) -> None:
    for spec in APPS, ACTIVE, REVIEW:
        assert noise.without_noise(piece, spec.noise) == ref._without_noise(piece, spec.noise)
        assert spec.noise.search(piece) is None


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from([*"0123 .,-/|\n其他总计商业企业本年增减元件", CELL]), max_size=40))
def test_region_chunks_read_as_the_long_way(text: str) -> None:
    for spec in APPS, ACTIVE:
        soft, hard = frozenset({0, 3}), frozenset({5})
        got = match.region_chunks(text, 0, len(text), spec.noise, (soft, hard), frozenset({2, 6}))
        want = ref.region_chunks(text, 0, len(text), spec.noise, (soft, hard), frozenset({2, 6}))
        assert got == want
        has = any(c.text and not c.no_value for c in want[0])
        assert match.region_has_values(text, 0, len(text), spec.noise) == has


def test_stream_memo_keys_a_pattern_by_identity() -> None:
    stream = _lines_stream()
    a, b = re.compile("本年"), re.compile("80")  # b blanks the '80' cell out
    first = match.stream_chunks(stream, 0, len(stream.text), a)
    assert match.stream_chunks(stream, 0, len(stream.text), b) != first
    assert match.stream_chunks(stream, 0, len(stream.text), a) == first
    assert first == ref.region_chunks(stream.text, 0, len(stream.text), a, (stream.soft_blanks, stream.hard_blanks))


# ---- checks ----------------------------------------------------------------------------------------

cell_values = st.one_of(st.none(), st.integers(0, 500), st.sampled_from([0.5, 30.0, 24252.311082, 1e-7]))


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_checks_read_as_the_long_way(data: st.DataObject) -> None:
    for spec in APPS, REVIEW, ACTIVE:
        rows = [r for r in spec.rows if r.id is not None]
        chosen = data.draw(st.lists(st.sampled_from(rows), unique_by=lambda r: r.id, max_size=len(rows)))
        grid = {r.id: {c: data.draw(cell_values) for c in r.columns if data.draw(st.booleans())} for r in chosen}
        assert check_table(spec, grid) == ref.check_table(spec, grid)
        present = list(grid)
        assert column_scorer(spec, present)(grid) == ref.column_scorer(spec, present)(grid)


def test_a_malformed_rule_is_still_skipped_as_before() -> None:
    bad = dataclasses.replace(APPS, checks=({"rule": "x.{row}", "over": "columns", "lhs": ["a"], "rhs": ["b"]},))
    grid = {"a": {c: 1 for c in APPS.columns}}
    assert check_table(bad, grid) == ref.check_table(bad, grid)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 30)), min_size=1, max_size=15))
def test_prune_says_no_only_where_a_rule_is_due(values: list[int | None]) -> None:
    for spec, columns in ((APPS, list(APPS.columns)), (REVIEW, REVIEW_COLUMNS), (ACTIVE, ["previous", "new"])):
        rules = match._row_rules(spec, tuple(columns))
        if len(values) - 1 not in rules.prune_at:
            assert rules.prune(values) is True
        assert rules.prune(values) == row_prune(spec, columns)(values)
        assert list(rules.sums) == row_sums(spec, columns)
