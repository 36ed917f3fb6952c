"""Issue 12: converted PDFs whose page footers and header cells do not line up with the template.

- pymupdf4llm reflows a page footer ('1') into a row: the lone numbers that run 1, 2, 3 … down the
  document are the footers (extract/readers/markdown/pages.py);
- pymupdf4llm puts two columns in one header cell, or cuts a header word and its number over two
  cells (extract/tables/header_cells.py).

The seeds of the accuracy runs (4242, 6161) are used by no test: the shapes are written by hand
into a sample, or taken from seed 1300 (tests/cases/converted_pdf/README.md).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from docstruct import extract_file
from docstruct.extract.readers.markdown.pages import page_number_lines
from docstruct.extract.tables.align import increasing_slots
from docstruct.extract.tables.header_cells import read_by_header
from docstruct.extract.tables.match import Hit, read_row, region_chunks, row_rules
from docstruct.extract.templates import load_template
from tests.conftest import ROOT
from tests.records import truth_misses

SAMPLE = ROOT / "samples" / "gen21_2021_md_converter.md"
DECORATED = re.compile(r"^[-—] ?\d+ ?[-—]$", re.MULTILINE)
CASES = ROOT / "tests" / "cases" / "converted_pdf"
TABLE_TWO_START = "| 第二十条  第（一）项 |"
TABLE_TWO_END = "## 四、收到和处理政府信息公开申请情况"
# Table 二 as pymupdf4llm reflows a one-cell-per-line PDF, the page break inside a row.
REFLOWED = (
    "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 / / / 行政规范性文件\n\n"
    "{footer}\n\n"
    "7 0 54 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 4320 第二十条第（六）项 信息内容 "
    "本年处理决定数量 行政处罚 0 行政强制 0 第二十条第（八）项 信息内容 本年收费金额（单位：万元） "
    "行政事业性收费 2660.40\n\n"
)


def _record(text: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.md"
        path.write_text(text, encoding="utf-8")
        return extract_file(path).to_json()


def _values(record: dict[str, Any], table: str, row: str) -> dict[str, Any]:
    return {col: cell["value"] for col, cell in record["tables"][table].get(row, {}).items()}


def _reflowed(footer: str, later: tuple[str, ...], decorated: bool = False) -> dict[str, Any]:
    """The sample with table 二 reflowed around ``footer`` and the ``later`` page numbers after sections.

    The sample's own footers ('- 6 -', '—7—') are kept only with ``decorated``.
    """
    text = SAMPLE.read_text(encoding="utf-8")
    if not decorated:
        text = DECORATED.sub("", text)
    start, end = text.index(TABLE_TWO_START), text.index(TABLE_TWO_END)
    text = text[:start] + REFLOWED.format(footer=footer) + text[end:]
    for page, heading in zip(later, ("## 五、", "## 六、"), strict=False):
        text = text.replace(heading, f"{page}\n\n{heading}", 1)
    return _record(text)


def test_page_chain_takes_the_one_place_each_page_number_can_be() -> None:
    lines = ["a", "1", "x", "2", "3", "0", "3", "4", "- 5", "5"]
    # page 3 stands alone twice between pages 2 and 4: neither is told; '- 5' is a list item
    assert page_number_lines(lines) == {1: 1, 3: 2, 7: 4, 9: 5}


def test_page_chain_needs_three_pages() -> None:
    assert page_number_lines(["1", "x", "2"]) == {}
    assert page_number_lines(["2", "3", "4"]) == {}


def test_a_page_footer_inside_a_reflowed_row_is_dropped_by_the_page_chain() -> None:
    """'行政规范性文件' / '1' / '7 0 54 …': with pages 2 and 3 alone further down, the '1' is page 1's footer."""
    record = _reflowed("1", ("2", "3"))
    assert _values(record, "active_disclosure", "normative_documents") == {"issued": 7, "repealed": 0, "in_force": 54}
    (warning,) = [w for w in record["warnings"] if "'1' stands alone" in w]
    assert "page footer" in warning


def test_no_page_chain_where_the_footers_have_a_form_of_their_own() -> None:
    """The same lone 1, 2, 3 in a report whose footers read '- 6 -': a bare number is no footer there."""
    record = _reflowed("1", ("2", "3"), decorated=True)
    assert _values(record, "active_disclosure", "normative_documents") == {}
    assert not any("page footer, not a value" in w for w in record["warnings"])


def test_a_lone_number_with_no_page_chain_stays_a_value() -> None:
    """The same '1' with no other page number: nothing tells it from a value, the row is left out."""
    record = _reflowed("1", ())
    assert _values(record, "active_disclosure", "normative_documents") == {}
    assert not any("page footer" in w for w in record["warnings"])


def test_one_number_under_a_header_cell_of_two_columns_is_left_out() -> None:
    """pymupdf4llm: '|信息内容|本年制发件数<br>本年废止件数|现行有效件数|' over '|行政规范性文件|0|-|'.

    Read cell by cell the 0 went to 本年制发件数 (the truth has it under 本年废止件数): a wrong value.
    One number in a cell of two columns does not say which is blank; '/<br>/' says both are.
    """
    doc = CASES / "pymupdf4llm_s1300_f003_hybrid_ruled_cid.md"
    record = extract_file(doc).to_json()
    assert _values(record, "active_disclosure", "normative_documents") == {}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.normative_documents:")]
    assert "'本年制发件数' '本年废止件数' stands over 1 number(s): which one is blank" in warning
    assert _values(record, "active_disclosure", "rules") == {"issued": None, "repealed": None, "in_force": None}
    assert truth_misses(record, doc.with_name(doc.stem + ".truth.json"), wrong_only=True) == {}


def test_a_number_cut_with_its_header_word_is_joined() -> None:
    """pymupdf4llm: '|采购|总金额|' over '|362|3.75|' (seed 4242); here '本年收费金额（单位|：万元）' / '266|0.40'."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("| 信息内容 | 本年收费金额（单位：万元） |", "| 信息内容 | 本年收费金额（单位 | ：万元） |", 1)
    record = _record(text.replace("| 行政事业性收费 | 2660.40 |", "| 行政事业性收费 | 266 | 0.40 |", 1))
    assert _values(record, "active_disclosure", "fees") == {"amount": 2660.4}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.fees:")]
    assert "cut over 2 cells, its number '266|0.40' read as 2660.4" in warning
    assert record["tables"]["active_disclosure"]["fees"]["amount"]["raw"] == "266|0.40"


def test_two_numbers_in_a_header_cell_of_two_columns_go_in_order() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    old = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
    text = text.replace(old, "| 信息内容 | 本年制发件数 本年废止件数 | 现行有效件数 |", 1)
    record = _record(text.replace("| 行政规范性文件 | 7 | 0 | 54 |", "| 行政规范性文件 | 7 0 | 54 |", 1))
    assert _values(record, "active_disclosure", "normative_documents") == {"issued": 7, "repealed": 0, "in_force": 54}


def test_a_row_that_prints_no_number_reads_as_blank_cells() -> None:
    """'行政强制' followed at once by the next heading (markitdown, pymupdf4llm): its cell is blank, with a warning."""
    text = SAMPLE.read_text(encoding="utf-8")
    start, end = text.index(TABLE_TWO_START), text.index(TABLE_TWO_END)
    table = REFLOWED.format(footer="").replace("行政强制 0 ", "行政强制 ")
    record = _record(text[:start] + table + text[end:])
    assert _values(record, "active_disclosure", "coercion") == {"decisions": None}
    assert _values(record, "active_disclosure", "penalty") == {"decisions": 0}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.coercion:")]
    assert "prints no number" in warning


HEADER = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
PADDED = "|  | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |  |"


def _padded_rows(rules: str, normative: str) -> dict[str, Any]:
    text = SAMPLE.read_text(encoding="utf-8").replace(HEADER, PADDED, 1)
    text = text.replace("| 规章 | / | / | / |", rules, 1)
    return _record(text.replace("| 行政规范性文件 | 7 | 0 | 54 |", normative, 1))


def test_a_short_grid_row_is_placed_by_the_cells_of_a_full_row_of_its_grid() -> None:
    """markitdown (seed 4242 f004_2019_unruled): the header a cell off its numbers, '行政处罚' full, '行政强制' not."""
    record = _padded_rows("| 规章 |  | 1 | 2 |  | 3 |", "| 行政规范性文件 |  |  | 0 |  | 54 |")
    got = _values(record, "active_disclosure", "normative_documents")
    assert got == {"issued": None, "repealed": 0, "in_force": 54}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.normative_documents:")]
    assert "the full row(s) 'rules' of the same grid put the columns in cells 3, 4, 6" in warning


def test_a_short_grid_row_beside_the_full_rows_cells_is_placed_where_one_order_fits() -> None:
    """markitdown over an unruled PDF (seed 2121 f002, seed 5252 f011): a number lands a cell off its column's
    cell in the full row; cell 5 lies between the cells of 本年制发件数 (3) and 现行有效件数 (6), and cell 6 can
    only be 现行有效件数, so cell 5 is 本年废止件数."""
    record = _padded_rows("| 规章 |  | 1 | 2 |  | 3 |", "| 行政规范性文件 |  |  |  | 0 | 54 |")
    got = _values(record, "active_disclosure", "normative_documents")
    assert got == {"issued": None, "repealed": 0, "in_force": 54}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.normative_documents:")]
    assert "cells 5, 6, each between the cells of the columns beside the one it is read as" in warning


@pytest.mark.parametrize(
    ("full", "mine", "slots"),
    [
        ([2, 3, 5], [2, 3, 5], [0, 1, 2]),  # the full row's own cells: as before
        ([2, 3, 5], [3, 5], [1, 2]),
        ([2, 3, 5], [4, 5], [1, 2]),  # 4 is 1 or 2; 5 only 2
        ([3, 5, 8], [6, 8], [1, 2]),  # seed 2121 markitdown f002
        ([4, 7, 9], [3, 9], [0, 2]),  # seed 5252 markitdown f011
        ([2, 3, 5], [2, 4], None),  # 4 may be 1 or 2: two orders fit
        ([3, 5, 8], [4, 8], None),
        ([2, 3, 5], [4], None),
        ([2, 3, 5], [5, 4], None),  # out of order
    ],
)
def test_a_short_rows_cells_take_the_one_increasing_order_of_columns_that_fits(
    full: list[int], mine: list[int], slots: list[int] | None
) -> None:
    assert increasing_slots(full, mine) == slots


def test_a_short_grid_row_whose_numbers_share_a_cell_is_left_out() -> None:
    """'0 54' in one cell: the full row's cells do not say which of its columns each is."""
    record = _padded_rows("| 规章 |  | 1 | 2 |  | 3 |", "| 行政规范性文件 |  |  | 0 54 |  |  |")
    assert _values(record, "active_disclosure", "normative_documents") == {}


def test_a_converted_report_whose_amount_is_cut_with_its_header_word_reads_exactly() -> None:
    """pymupdf4llm (seed 1300 f004_2019_ruled): '|采购|总金额|' over '|16|77550|375.24元|'."""
    doc = CASES / "pymupdf4llm_s1300_f004_2019_ruled_cid.md"
    record = extract_file(doc).to_json()
    amount = record["tables"]["active_disclosure"]["procurement"]["amount"]
    assert (amount["value"], amount["raw"]) == (77550375.24, "77550|375.24元")
    assert truth_misses(record, doc.with_name(doc.stem + ".truth.json")) == {}


def _reflowed_three(footer_line: str) -> dict[str, Any]:
    """Table 三's first row reflowed: '105 43 0 0 0' / '2' / '0', its sum failing as printed."""
    text = DECORATED.sub("", SAMPLE.read_text(encoding="utf-8"))
    start, end = text.index("## 四、收到和处理政府信息公开申请情况"), text.index("## 五、")
    table = (
        "## 四、收到和处理政府信息公开申请情况\n\n"
        "一、本年新收政府信息公开申请数量 105 43 0 0 0\n\n2\n\n0\n\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n\n"
    )
    return _record(text[:start] + table + footer_line + text[end:])


def test_a_lone_line_is_no_page_footer_where_the_footers_have_a_form_of_their_own() -> None:
    """With '— 9 —' in the report, the lone '2' is a value: the row is read as printed, its failed sum the source's."""
    assert _values(_reflowed_three(""), "applications", "new_received") == {}
    got = _values(_reflowed_three("— 9 —\n\n"), "applications", "new_received")
    assert list(got.values()) == [105, 43, 0, 0, 0, 2, 0]


def test_a_reading_the_row_sums_confirm_is_kept_whatever_the_header_cells() -> None:
    """'商业企业 科研机构' in one header cell over '3', but the row prints all 7 numbers and total 8 = 5+3+0+0+0+0."""
    spec = load_template("2021").tables["applications"]
    text = (
        "申请人情况\x1f自然人\x1f商业企业 科研机构\x1f社会公益组织\x1f法律服务机构\x1f其他\x1f总计\n"
        "一、本年新收政府信息公开申请数量\x1f5\x1f3\x1f0 0\x1f0\x1f0\x1f8\n"
    )
    label = "一、本年新收政府信息公开申请数量"
    start = text.index(label)
    hit = Hit(spec.row("new_received"), start, start + len(label))
    chunks, units = region_chunks(text, hit.end, len(text), spec.noise)
    read = read_row(hit, chunks, units, spec, spec.columns)
    rules = row_rules(spec, spec.columns)
    assert [s.values for s in read.splits] == [(5, 3, 0, 0, 0, 0, 8)]
    assert read_by_header(text, spec, read, rules) is None
    left_out = read_by_header(text, spec, read)  # without the sums the header cell's one number is doubted
    assert left_out is not None and left_out.splits == ()


def test_two_numbers_in_one_cell_of_one_column_are_not_joined() -> None:
    """'266 1' in one of the two cells of a cut header word: two numbers, not a piece of one; never joined."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("| 信息内容 | 本年收费金额（单位：万元） |", "| 信息内容 | 本年收费金额（单位 | ：万元） |", 1)
    record = _record(text.replace("| 行政事业性收费 | 2660.40 |", "| 行政事业性收费 | 266 1 | 0.40 |", 1))
    assert _values(record, "active_disclosure", "fees") == {}


def test_a_minus_sign_cut_from_its_number_with_the_header_word_is_joined() -> None:
    """pymupdf4llm (seed 5252 f001): '|本年|增/减|' over '|行政事业性收费|1|-|1|': the change is -1."""
    doc = CASES / "pymupdf4llm_s5252_f001_2019_ruled_cid.md"
    record = extract_file(doc).to_json()
    assert _values(record, "active_disclosure", "fees") == {"previous": 1, "change": -1}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.fees:")]
    assert "'本年增/减' cut over 2 cells, its number '-|1' read as -1" in warning


def test_a_blank_mark_before_a_number_under_a_cut_header_word_is_no_sign() -> None:
    text = (CASES / "pymupdf4llm_s5252_f001_2019_ruled_cid.md").read_text(encoding="utf-8")
    record = _record(text.replace("|行政事业性收费|1|-|1|", "|行政事业性收费|1|/|1|"))
    assert _values(record, "active_disclosure", "fees") == {}


def test_an_empty_label_column_cell_of_a_headerless_grid_is_no_value_cell() -> None:
    """pymupdf4llm (seed 6363 f005): '|三<br>|（一）予以公开||４|3|1|0|0|0|' under a header left as text; the
    empty third label column took 自然人's place and, the 总计 column blank, the count still fitted: 8 values
    one column off, unwarned.  Now the label columns are told by the grid (no row holds a value there)."""
    doc = CASES / "pymupdf4llm_s6363_f005_2021_unruled_cid.md"
    record = extract_file(doc).to_json()
    assert truth_misses(record, doc.with_name(doc.stem + ".truth.json"), wrong_only=True) == {}
    assert _values(record, "applications", "granted") == {
        "natural_person": 4, "commercial": 3, "research": 1, "nonprofit": 0, "legal_services": 0, "other_org": 0,
        "total": None,
    }
    (warning,) = [w for w in record["warnings"] if w.startswith("applications.granted:")]
    assert "placed together with the column(s) total blank" in warning


def test_label_columns_of_a_headerless_grid_hold_no_value_in_any_row() -> None:
    from docstruct.extract.readers.markdown.spans import _label_columns

    rows = [["一、", "本年新收", "", "7", "5"], ["", "（一）予以公开", "", "4", "3"]] * 3
    assert _label_columns(rows) == 3
    assert _label_columns(rows[:4]) == 0  # too few rows to tell
    assert _label_columns([*rows, ["", "（二）", "9", "1", "1"]]) == 2  # a value in the third column


def test_a_lone_footer_after_a_row_with_one_number_too_many_is_dropped_where_the_sums_hold() -> None:
    """pymupdf4llm (seed 6363 f003): '一、本年新收… 14 1 0 0 0 0 15' / '' / '1': eight numbers for seven columns."""
    doc = CASES / "pymupdf4llm_s6363_f003_hybrid_unruled_cid.md"
    text = doc.read_text(encoding="utf-8")
    record = _record(text)
    assert _values(record, "applications", "new_received") == {
        "natural_person": 14, "commercial": 1, "research": 0, "nonprofit": 0, "legal_services": 0, "other_org": 0,
        "total": 15,
    }
    (warning,) = [w for w in record["warnings"] if w.startswith("applications.new_received:")]
    assert "the lone line '1' among them read as a page footer" in warning and "total 15 = 14+1+0+0+0+0 ✓" in warning
    # a total the row does not sum to: no number alone explains the surplus, and the row is left out
    record = _record(text.replace("14 1 0 0 0 0 15 ", "14 1 0 0 0 0 16 ", 1))
    assert _values(record, "applications", "new_received") == {}


def test_a_row_label_beside_an_empty_cell_is_no_piece_of_a_group_label() -> None:
    """markitdown (seed 8585 f010): '| 一、本年新收政府信息公开申请数量 | | 2 0 | 0 0 | 0 0 | 2 |' and the two rows
    under it were taken for a vertical group label cut into pieces: their labels joined into one, and the
    three rows' 21 values read as blank cells."""
    doc = CASES / "markitdown_s8585_f010_2019_ruled_cid.md"
    record = extract_file(doc).to_json()
    assert _values(record, "applications", "new_received") == {
        "natural_person": 2, "commercial": 0, "research": 0, "nonprofit": 0, "legal_services": 0, "other_org": 0,
        "total": 2,
    }
    assert truth_misses(record, doc.with_name(doc.stem + ".truth.json"), wrong_only=True) == {}


def test_a_thousands_group_is_no_glued_run() -> None:
    """pymupdf4llm (seed 9696 f001): '1,008' made the report a glued crawl (',008' a leading zero), and
    '行政处罚 55 0' was split 5 | 5 | 0 with no warning: two wrong values."""
    doc = CASES / "pymupdf4llm_s9696_f001_2019_flat_cid.md"
    record = extract_file(doc).to_json()
    assert truth_misses(record, doc.with_name(doc.stem + ".truth.json"), wrong_only=True) == {}
    assert _values(record, "active_disclosure", "penalty") == {}
    assert any(w.startswith("active_disclosure.penalty:") for w in record["warnings"])
