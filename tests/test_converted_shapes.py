"""Issue 12: shapes the converters wrote on a fresh seed (8484) that the readers took wrongly.

Written by hand after markitdown, docling and pymupdf4llm output (the seed's converted files are
not committed; each test holds the lines that matter):

- markitdown leaves a table 二 row label with no number ('行政强制') and the next table's caption
  ('第二十条第（八）项') as plain lines after a fragment; joined to the row above as a wrapped
  label's rest, they moved 行政处罚's 228 to 行政强制: a wrong value;
- a Word cell wrapped as '(六) 其' / '他' comes out '(六) 其  他' (markitdown and docling DOCX):
  the 2019 single （六）其他处理 row of a hybrid report was not found;
- markitdown prints table 二's first grid a cell off its header, '规章' with a '/' in each of its
  cells: those cells are the columns' cells for '行政规范性文件 | 无 | 9' below it;
- a row doubted because another row of its table lost blank cells names its own column count, not
  the witness row's (seed 4242 pymupdf4llm f004 said '3 numbers for 2 columns' for 行政处罚);
- a label printed blank in its own grid row ('| 行政许可 | |') before a label with its number on its
  own line ('| 行政强制 | 0 |') is a blank row, not a label whose numbers went to another table
  (seed 9191 markitdown DOCX f015 and PDF f008: the 0 was paired to the first label);
- '277 3 3 084' is 277 | 3 | 3084 (a number cut in two, '084' no cell's value), not a repeated 3
  and 84 (seed 9191 docling HTML f022);
- pymupdf4llm keeps a PDF's spaced title heading '# 三台县 人民政府': the agency was lost.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from docstruct import extract_file

# Table 二 as markitdown 0.1.9 wrote a one-table-per-item unruled PDF (seed 8484 f002).
TABLE_TWO = """潍坊市卫生健康委员会
2022年度政府信息公开年度报告
二、主动公开政府信息情况
第二十条第（一）项
|         | 信息内容 |     | 本年制发件数 |     | 本年废止件数 |     |     | 现行有效件数 |     |     |
| ------- | ---- | --- | ------ | --- | ------ | --- | --- | ------ | --- | --- |
| 规章      |      |     | /      |     |        | /   |     |        | /   |     |
| 行政规范性文件 |      |     |        |     |        | 无   |     |        | 9   |     |
第二十条第（五）项
|     | 信息内容 |     |     |     | 本年处理决定数量 |     |     |     |     |     |
| --- | ---- | --- | --- | --- | -------- | --- | --- | --- | --- | --- |
行政许可
第二十条第（六）项
|      | 信息内容 |     |     |     | 本年处理决定数量 |     |     |     |     |     |
| ---- | ---- | --- | --- | --- | -------- | --- | --- | --- | --- | --- |
| 行政处罚 |      |     |     |     |          | 228 |     |     |     |     |
行政强制
第二十条第（八）项
|         | 信息内容 |     |     |     | 本年收费金额（单位：万元） |     |     |     |     |     |
| ------- | ---- | --- | --- | --- | ------------- | --- | --- | --- | --- | --- |
| 行政事业性收费 |      |     |     |     |               | 0   |     |     |     |     |
三、收到和处理政府信息公开申请情况
"""


# Table 三 as markitdown 0.1.9 wrote a hybrid report's DOCX (seed 8484 f006): '(六) 其  他'.
TABLE_THREE = """三、收到和处理政府信息公开申请情况

（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）

|  |  |  |  |  |  |  |  |  |  |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 申请人情况 | | | 自然人 | 法人或其他组织 | | | | | 总计 |
| 商业企业 | 科研机构 | 社会  公益组织 | 法律服务机构 | 其他 |
|
| 一、本年新收政府信息公开申请数量 | | | 1856 | 1064 | 128 | 0 | 0 | 0 | 3048 |
| 二、上年结转政府信息公开申请数量 | | | 0 | 40 | 11 | 0 | 0 | 0 | 51 |
| 三、本年度办理结果 | （一）予以公开 | | 390 | 361 | 88 | 0 | 0 | 0 | 839 |
| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 255 | 163 | 18 | 0 | 0 | 0 | 436 |
| （三）不予公开 | 1.属于国家秘密 | 17 | 7 | 0 | 0 | 0 | 0 | 24 |
| 2.其他法律行政法规禁止公开 | 43 | 11 | 1 | 0 | 0 | 0 | 55 |
| 3.危及“三安全一稳定” | 19 | 11 | 1 | 0 | 0 | 0 | 31 |
| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.属于三类内部事务信息 | 18 | 12 | 2 | 0 | 0 | 0 | 32 |
| 6.属于四类过  程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 7.属于行政执法案卷 | 33 | 27 | 1 | 0 | 0 | 0 | 61 |
| 8.属于行政查询事项 | 36 | 46 | 4 | 0 | 0 | 0 | 86 |
| （四）无法提供 | 1.本机关不掌握相关政府信息 | 626 | 367 | 16 | 0 | 0 | 0 | 1009 |
| 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （五）不予处理 | 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.重复申请 | 60 | 99 | 8 | 0 | 0 | 0 | 167 |
| 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| (六) 其  他 | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | | 1497 | 1104 | 139 | 0 | 0 | 0 | 2740 |
| 四、结转下年度继续办理 | | | 359 | 0 | 0 | 0 | 0 | 0 | 359 |

"""


def _record(text: str, suffix: str = ".md") -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report{suffix}"
        path.write_text(text, encoding="utf-8")
        return extract_file(path).to_json()


def _value(record: dict[str, Any], table: str, row: str, col: str) -> Any:
    return record["tables"][table].get(row, {}).get(col, {}).get("value", "<missing>")


def test_a_caption_between_fragments_heads_the_next_table_and_is_no_label_rest() -> None:
    record = _record(TABLE_TWO)
    assert _value(record, "active_disclosure", "penalty", "decisions") == 228
    assert _value(record, "active_disclosure", "coercion", "decisions") is None
    assert _value(record, "active_disclosure", "fees", "amount") == 0


def test_a_row_of_blank_marks_gives_the_columns_cells_of_its_grid() -> None:
    record = _record(TABLE_TWO)
    row = {c: _value(record, "active_disclosure", "normative_documents", c) for c in ("issued", "repealed", "in_force")}
    assert row == {"issued": None, "repealed": 0, "in_force": 9}
    placed = [w for w in record["warnings"] if w.startswith("active_disclosure.normative_documents")]
    assert placed and "'rules'" in placed[0] and "check it against the source" in placed[0]


def test_the_short_other_label_wrapped_in_its_cell_is_the_2019_single_row() -> None:
    record = _record("某市某局\n2024年度政府信息公开工作年度报告\n\n" + TABLE_THREE + "\n")
    other = record["tables"]["applications"].get("other_handling")
    assert other is not None, [w for w in record["warnings"] if "other" in w]
    assert {c["value"] for c in other.values()} == {0}
    assert "other_misc" not in record["tables"]["applications"]
    assert record["diagnostics"]["template_variant"] == "hybrid"


def test_a_doubted_row_names_its_own_column_count() -> None:
    text = (
        "诸暨市人民政府\n2019年政府信息公开工作年度报告\n二、主动公开政府信息情况 第二十条第（六）项 信息内容 "
        "上一年项目数量 本年增/减 处理决定数量 行政处罚 377 0 1830 行政强制 10 0 84 第二十条第（九）项 "
        "信息内容 采购项目数量 采购总金额 政府集中采购 0\n三、收到和处理政府信息公开申请情况\n"
    )
    record = _record(text, ".txt")
    doubted = [w for w in record["warnings"] if w.startswith("active_disclosure.penalty")]
    assert doubted and "3 numbers for 3 columns, but" in doubted[0], doubted
    assert "(procurement: 1 numbers for 2 columns)" in doubted[0]


DOCX_TABLE_TWO = """某县人民政府
2023年政府信息公开工作年度报告
二、主动公开政府信息情况

|  |  |  |  |
| --- | --- | --- | --- |
| 第二十条  第（五）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政许可 |  | | |
| 第二十条  第（六）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政处罚 |  | | |
| 行政强制 | 0 | | |
| 第二十条第（八）项 | | | |
| 信息内容 | 本年收费金额（单位：万元） | | |
| 行政事业性收费 | 3462.3788 | | |

三、收到和处理政府信息公开申请情况
"""


def test_labels_printed_blank_in_their_own_grid_rows_are_not_paired_to_a_later_number() -> None:
    record = _record(DOCX_TABLE_TWO)
    got = {r: _value(record, "active_disclosure", r, "decisions") for r in ("licensing", "penalty", "coercion")}
    assert got == {"licensing": None, "penalty": None, "coercion": 0}
    assert not [w for w in record["warnings"] if "paired by row order" in w]


def test_labels_run_into_a_heading_whose_line_holds_their_numbers_are_still_paired() -> None:
    # markitdown f010 (seed 9191) after the reader joined the wrapped labels: four labels, then the
    # heading (三)不予公开 on the line of the first number row; the rows are paired in order, with a warning
    text = (
        "某县人民政府\n2019年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "| 一、本年新收政府信息公开申请数量 | | |\n| 二、上年结转政府信息公开申请数量 | | |\n"
        "| (一)予以公开 | | |\n| (二)部分公开(区分处理的，只计这一情形，不计其他情形) | | |\n"
        "| (三)不予公开 | 1 2 3 4 5 6 21 |\n| | 0 0 0 0 0 0 0 |\n| | 1 2 3 4 5 6 21 |\n"
        "| | 0 0 0 0 0 0 0 |\n| 1.属于国家秘密 | 0 0 0 0 0 0 0 |\n四、政府信息公开行政复议、行政诉讼情况\n"
    )
    record = _record(text)
    assert _value(record, "applications", "new_received", "total") == 21
    assert _value(record, "applications", "granted", "total") == 21
    assert _value(record, "applications", "partially_granted", "natural_person") == 0


def test_a_leading_zero_piece_is_a_cut_number_not_a_repeated_cell() -> None:
    text = (
        "某县人民政府\n2019年政府信息公开工作年度报告\n二、主动公开政府信息情况 第二十条第（六）项 信息内容 "
        "上一年项目数量 本年增/减 处理决定数量 行政处罚 277 3 3 084 第二十条第（八）项\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    record = _record(text, ".txt")
    row = {c: _value(record, "active_disclosure", "penalty", c) for c in ("previous", "change", "decisions")}
    assert row == {"previous": 277, "change": 3, "decisions": 3084}, record["warnings"]


def test_a_spaced_agency_heading_above_the_title_names_the_agency() -> None:
    text = (
        "# 三台县 人民政府 \n\n# 2019年度政府信息公开工作年度报告 \n\n"
        "一、总体情况\n\n2019年，我县深入贯彻落实《条例》。\n"
    )
    meta = _record(text)["metadata"]
    assert meta["agency"] == "三台县人民政府"
    assert meta["title"] == "三台县人民政府2019年度政府信息公开工作年度报告"
