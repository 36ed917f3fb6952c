"""markitdown's label rests between table fragments when a group label and its first sub-row's label are
both cut at their cells' edges (readers/markdown/fragments.py group_rests; issue 12, seed 2121 f011)."""

from __future__ import annotations

from tests.test_reader_markdown import ROWS_2021, _doc, _md_row, _numbers
from tests.test_reader_markdown_converters import _record, _values


def _group_cut_beside_its_sub_rows(rests: str) -> str:
    """Table 三 with two label columns, as markitdown writes an unruled PDF's: the group label cut at its
    cell's edge beside the first sub-row's cut label, and both rests on one line after the row (seed 2121
    markitdown f011)."""
    rule = "|---" * 9 + "|\n"
    out = "| 申请人情况 | | 自然人 | 法人或其他组织 | | | | | 总计 |\n" + rule
    for label, values in ROWS_2021:
        if values is None or label.startswith(("2.申请人逾期", "3.其他")):
            continue  # group labels, and the sub-rows written below
        if label.startswith("1.申请人无正当理由"):
            out += _md_row(["（六）其他处", "1.申请人无正当理由逾期不补", *_numbers(OVERDUE)]) + rule + rests
            out += _md_row(["", "2.申请人逾期未按收费通知要", *_numbers([0] * 7)]) + rule
            out += "求缴纳费用、行政机关不再处理\n其政府信息公开申请\n"
            out += _md_row(["", "3.其他", *_numbers(OTHER)])
            continue
        out += _md_row(["", label, *_numbers(values)])
    return out


OVERDUE = [2, 1, 0, 0, 0, 0, 3]
OTHER = [2, 0, 0, 0, 0, 0, 2]


def test_a_cut_group_label_and_its_sub_row_label_rest_on_one_line_each_join_its_own_cell() -> None:
    record = _record(_doc(_group_cut_beside_its_sub_rows("理 正、行政机关不再处理其政府信\n息公开申请\n")))
    assert _values(record, "other_overdue_correction") == OVERDUE
    assert _values(record, "other_unpaid_fee") == [0] * 7
    assert _values(record, "other_misc") == OTHER
    assert not [w for w in record["warnings"] if w.startswith("applications")]
