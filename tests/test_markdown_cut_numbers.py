"""Issue 12: numbers docling cut in two inside one table cell (readers/markdown/runs.py), and pandoc's escapes.

docling writes an HTML cell's inline runs apart with a space, and marks a bold or linked run:
'**382** 2', '[2406.9](#) 657'; plain runs give '805.  2308' and '13,3 61' (seed 3737 docling_html
f003, f014, f018, f008).  Each was two numbers for one column, and the row was left out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docstruct.extract import ReadOptions, extract_bytes
from docstruct.extract.readers.markdown.inline import blank_markers
from docstruct.extract.readers.markdown.runs import join_cut_numbers, join_spanned_pieces
from tests.conftest import ROOT

DOCLING = ROOT / "tests" / "converted" / "docling_html"


@pytest.mark.parametrize(
    ("cell", "joined"),
    [
        (" **382** 2      ", "3822"),
        (" __25__ 45 ", "2545"),
        (" [2406.9](#) 657  ", "2406.9657"),
        (" 805.  2308 ", "805.2308"),
        (" 13,3 61 ", "13,361"),
        (" **2,** 997 ", "2,997"),
        (" **3265** 4090.30元 ", "32654090.30"),
        ("行政许可 2 ,505 第二十条", "2,505"),  # seed 5252 docling_html f003, a flattened page
        (" **598** .59 ", "598.59"),  # seed 7474 docling_html f021
        (" [322](#) .815314 ", "322.815314"),  # seed 1010 docling_html f023
        (" [1594.](#)9978 ", "1594.9978"),  # seed 8585 pandoc_html f003: no space after the link
        (" **382**2 ", "3822"),
        ("业性收费 16 06.320383  三", "1606.320383"),  # seed 7474 docling_html f006
        (" 277 3 3 084 ", "3084"),  # seed 9191 docling_html f022 (the tables stage read it so too)
    ],
)
def test_a_number_cut_where_the_text_shows_it_is_joined_in_place(cell: str, joined: str) -> None:
    text, cuts = join_cut_numbers(cell)
    assert len(text) == len(cell)  # offsets after it still index the line
    assert [whole for _, whole in cuts] == [joined]
    assert joined in text


@pytest.mark.parametrize(
    "cell",
    [
        " 4 300 ",  # a space alone proves nothing: two cells, or one cut
        " 0 0 ",
        " 95 0 ",  # markitdown's two columns in one cell
        " 12,345 ",
        " 1. 属于国家秘密 ",
        " 1. 2023年，我局 ",  # a list's own number before a year, on a flattened page
        " 13,361 2 ",  # a whole number, then another
        " 13,3 612 ",  # the group would get four digits
        " **382** ",
        " **行政许可** 2 ",
        " 2019.12.31 ",
        " 1 ,2345 ",  # no thousands group
        " 0 05 ",  # no number opens on 0 before a digit
        " 2023 05 ",  # a two-digit tail may be a date's month: left to the row sums (tables/align.py)
        " 11 03 ",
        " 材料 ,505 ",
    ],
)
def test_a_space_between_numbers_that_shows_no_cut_is_left_alone(cell: str) -> None:
    assert join_cut_numbers(cell) == (cell, [])


def _cells(path: Path) -> dict[str, dict[str, object]]:
    record = extract_bytes(path.read_bytes(), ReadOptions(path=path.name)).to_json()
    return {
        f"{t}.{r}": {c: cell["value"] for c, cell in cols.items()} | {"warnings": record["warnings"]}
        for t, rows in record["tables"].items()
        for r, cols in rows.items()
    }


@pytest.mark.parametrize(
    ("name", "row", "col"),
    [
        ("s3737_f003_hybrid_table", "active_disclosure.licensing", "decisions"),  # '**382** 2'
        ("s3737_f003_hybrid_table", "active_disclosure.fees", "amount"),  # '**621.** 24'
        ("s3737_f014_2021_table", "active_disclosure.fees", "amount"),  # '[2406.9](#) 657'
        ("s3737_f018_hybrid_table", "active_disclosure.fees", "amount"),  # '805.  2308'
        ("s5252_f003_hybrid_table", "active_disclosure.licensing", "decisions"),  # '2 ,505' on a flattened page
        ("s5252_f002_2021_table", "active_disclosure.fees", "amount"),  # '| 4 486 | 4 486 | 4 486 |' under a span
        ("s5252_f023_2021_table", "active_disclosure.licensing", "decisions"),  # '| 1003 3 | 1003 3 | 1003 3 |'
        ("s1010_f019_2019_table", "active_disclosure.procurement", "amount"),  # '| 4872.6 8 | 4872.6 8 |'
        ("s1010_f023_2021_table", "active_disclosure.fees", "amount"),  # '[322](#) .815314' across a span
    ],
)
def test_docling_cells_cut_by_runs_read_their_true_number_with_a_warning(name: str, row: str, col: str) -> None:
    assert any("read as one number" in w for w in _true_value_and_warnings(name, row, col))


def _true_value_and_warnings(name: str, row: str, col: str) -> list[str]:
    """The fixture's cell is its truth; the record's warnings."""
    truth = json.loads((DOCLING / f"{name}.truth.json").read_text(encoding="utf-8"))
    table, rid = row.split(".")
    got = _cells(DOCLING / f"{name}.md")
    assert got[row][col] == truth["tables"][table][rid][col]
    warnings = got[row]["warnings"]
    assert isinstance(warnings, list)
    return [str(w) for w in warnings]


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        (r" 1\. 属于国家秘密 ", " 1.  属于国家秘密 "),  # pandoc's escaped list number: a label's own numbering
        (r"首页 \> 政务公开", "首页 >  政务公开"),
        (r"C:\path", r"C:\path"),  # a backslash before a letter is no escape: left alone
    ],
)
def test_a_backslash_escape_is_the_punctuation_it_escapes_in_place(raw: str, read: str) -> None:
    assert blank_markers(raw, links=True) == read


def test_pandoc_escaped_row_numbering_is_no_value() -> None:
    """seed 5252 pandoc_docx f015: '| 1\\. 属于国家秘密 | 0 | … |' read 8 values for 7 columns."""
    path = ROOT / "tests" / "converted" / "pandoc_docx" / "s5252_f015_hybrid_tables.md"
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    record = extract_bytes(path.read_bytes(), ReadOptions(path=path.name)).to_json()
    want = truth["tables"]["applications"]
    got = {r: {c: cell["value"] for c, cell in cols.items()} for r, cols in record["tables"]["applications"].items()}
    assert got == want


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        (" 4 486 ", "  4486 "),
        ("1003 3", " 10033"),
        (" 1 003 3.5 ", "   10033.5 "),
        (" 4872.6 8 ", "  4872.68 "),  # seed 1010 docling_html f019: cut after the decimal point
        (" 4872. 68 ", "  4872.68 "),
        (" 4 .5 ", "  4.5 "),
    ],
)
def test_a_merged_cells_numbers_parted_by_spaces_are_its_one_value(cell: str, read: str) -> None:
    assert join_spanned_pieces(cell)[0] == read


@pytest.mark.parametrize("cell", [" 4486 ", " 0 ", "4 ,486", " 无 ", " 4 / 5 ", " 4.5 6.7 ", " 0 5 ", " 4. .5 "])
def test_a_merged_cell_without_space_parted_numbers_is_left_alone(cell: str) -> None:
    assert join_spanned_pieces(cell) == (cell, [])


def test_numbers_parted_in_cells_that_no_header_spans_stay_apart() -> None:
    """markitdown puts two columns in one cell ('| 0 0 | 0 0 |'): no header spans them, nothing is joined."""
    text = (
        "| 申请人情况 | 自然人 | 商业企业 |\n| --- | --- | --- |\n"
        "| 一、本年新收政府信息公开申请数量 | 12 3 | 12 3 |\n"
    )
    record = extract_bytes(text.encode("utf-8"), ReadOptions(path="t.md")).to_json()
    assert not any("read as one number" in w for w in record["warnings"])


def test_a_value_with_its_unit_is_no_header_cell() -> None:
    """docling DOCX (seed 8585 f022): '| 政府集中采购 | | 56973762.94元 | 56973762.94元 |' under '| 信息内容 |
    采购项目数量 | 采购总金额 | 采购总金额 |' read as a header row, so the span was never collapsed and the
    amount went to 采购项目数量: a wrong value."""
    path = ROOT / "tests" / "converted" / "docling_docx" / "s8585_f022_2019_tables.md"
    record = extract_bytes(path.read_bytes(), ReadOptions(path=path.name)).to_json()
    procurement = record["tables"]["active_disclosure"]["procurement"]
    assert {c: cell["value"] for c, cell in procurement.items()} == {"projects": None, "amount": 56973762.94}


@pytest.mark.parametrize(
    ("name", "row", "col"),
    [
        ("s4343_f017_2021_table", "active_disclosure.fees", "amount"),  # '3 404.09'
        ("s4343_f024_hybrid_table", "active_disclosure.fees", "amount"),  # '59 12'
        ("s4343_f006_hybrid_table", "active_disclosure.fees", "amount"),  # '1200.1 43783'
    ],
)
def test_two_numbers_in_a_one_column_row_are_one_number_cut_in_two(name: str, row: str, col: str) -> None:
    """docling's flattened page: '行政事业性收费 3 404.09', one space between, for one column (tables/align.py
    _one_column); table 二 has no row sum, and the row was left out."""
    warnings = _true_value_and_warnings(name, row, col)
    assert any(w.startswith(f"{row}: ") and "one column holds one number" in w for w in warnings)


def _one_column_row(text: str) -> object:
    from docstruct.extract.tables.align import align_surplus
    from docstruct.extract.tables.glued import Chunk, ColumnKind

    chunks, pos = [], 0
    for word in text.split(" "):
        if word:
            chunks.append(Chunk(word, pos, shares_line=True))
        pos += len(word) + 1
    return align_surplus(chunks, ["amount"], [], [ColumnKind(decimal=True)])


def test_a_one_column_join_needs_one_space_and_one_number_of_the_columns_kind() -> None:
    assert _one_column_row("3 404.09") is not None
    assert _one_column_row("1594  9978") is None  # a wider gap may hide a dropped point ('[1594.](#)9978')
    assert _one_column_row("0 5") is None  # no number opens on 0 before a digit
    assert _one_column_row("1.5 2.5") is None  # two points: two numbers
    assert _one_column_row("12 34 56") is None  # three pieces: not one cut
