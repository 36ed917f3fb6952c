"""The glued-digit splitter on the cases real-world-variations.md documents."""

from __future__ import annotations

from docstruct.extract.tables.glued import MAX_CANDIDATES, Chunk, ColumnKind, split_chunks
from docstruct.extract.tables.match import row_prune
from docstruct.extract.templates import load_template

APPS = load_template("2021").tables["applications"]
REVIEW = load_template("2021").tables["review_litigation"]
SEVEN = [ColumnKind()] * 7


def _values(chunks: list[Chunk], kinds: list[ColumnKind], prune=None) -> list[tuple]:
    return [s.values for s in split_chunks(chunks, kinds, prune)[0]]


def test_new_received_row_has_one_reading():
    prune = row_prune(APPS, APPS.columns)
    assert _values([Chunk("801000081", 0)], SEVEN, prune) == [(80, 1, 0, 0, 0, 0, 81)]


def test_sub_item_row_before_its_numbering():
    # '…本机关不掌握相关政府信息2200003252.没有…' -> 22,0,0,0,0,3,25 (the '2.' is the next label)
    prune = row_prune(APPS, APPS.columns)
    # alone it has two readings under the row total; the column checks settle it (rebuild)
    assert sorted(_values([Chunk("220000325", 0)], SEVEN, prune)) == [(2, 20, 0, 0, 0, 3, 25), (22, 0, 0, 0, 0, 3, 25)]


def test_spaces_are_cell_boundaries():
    prune = row_prune(APPS, APPS.columns)
    got = _values([Chunk("200", 0), Chunk("000121", 4)], SEVEN, prune)
    assert got == [(20, 0, 0, 0, 0, 1, 21)]


def test_review_string_decodes_under_row_totals():
    columns = [f"{r.id}.{c}" for r in REVIEW.rows for c in REVIEW.columns]
    prune = row_prune(REVIEW, columns)
    got = _values([Chunk("21317000001324019", 0)], [ColumnKind()] * 15, prune)
    assert got == [(2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)]


def test_no_leading_zeros_and_signs_only_where_allowed():
    kinds = [ColumnKind(), ColumnKind(signed=True), ColumnKind()]
    got = _values([Chunk("2648-18538", 0)], kinds)
    assert (2648, -18, 538) in got and (2648, -185, 38) in got
    assert all(v[0] == 2648 for v in got)
    assert _values([Chunk("2648-18538", 0)], [ColumnKind()] * 3) == []


def test_decimal_amount_last():
    got = _values([Chunk("39573802895.90", 0)], [ColumnKind(), ColumnKind(decimal=True)])
    assert (395, 73802895.9) in got
    assert all(isinstance(v[1], float) for v in got)


def test_fixed_chunks_are_never_split():
    got = _values([Chunk("10", 0), Chunk("/", 3, fixed=True, value=None), Chunk("0", 5)], [ColumnKind()] * 4)
    assert got == [(1, 0, None, 0)]


def test_search_is_bounded_on_hostile_input():
    # 400 digits into 60 numbers has astronomically many splits: the bound must cut it
    found, complete = split_chunks([Chunk("1" * 400, 0)], [ColumnKind()] * 60)
    assert complete is False
    assert len(found) <= MAX_CANDIDATES
