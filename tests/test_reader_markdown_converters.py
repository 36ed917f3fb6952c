"""What real converters and transcribers write, by hand: issue 12's shapes 1-5 at the reader level.

Each input imitates one converter's output on a table (markitdown from a ruled
PDF, pymupdf4llm from a one-cell-per-line PDF, pandoc from Word-style HTML,
docling and markitdown from DOCX, an LLM transcription); the committed
converter output itself is read in tests/test_converted.py.
"""

from __future__ import annotations

from typing import Any

from tests.test_reader_markdown import (
    HEAD,
    HEADER_3,
    REVIEW,
    ROWS_2021,
    SECTION_3,
    TABLE_2,
    _doc,
    _joined_table,
    _md_row,
    _numbers,
)

# Distinct figures, so a value read on the wrong row or column cannot pass.
PARTIAL = [4, 1, 0, 0, 0, 0, 5]
CONFIRM = [1, 0, 0, 2, 0, 0, 3]


def _record(text: str) -> dict[str, Any]:
    from docstruct.extract import ReadOptions, extract_bytes

    return extract_bytes(text.encode("utf-8"), ReadOptions(path="r.md")).to_json()


def _values(record: dict[str, Any], row: str) -> list[Any]:
    cells = record["tables"]["applications"][row]
    cols = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")
    return [cells[c]["value"] for c in cols]


def _rows(overrides: dict[str, list[int]]) -> list[tuple[str, list[int] | None]]:
    def pick(label: str, values: list[int] | None) -> list[int] | None:
        return next((v for prefix, v in overrides.items() if label.startswith(prefix)), values)

    return [(label, pick(label, values)) for label, values in ROWS_2021]


def _markitdown_fragments() -> str:
    """Table 三 as markitdown writes a ruled PDF's: a rule every row or two, label rests between fragments."""
    rule = "|---" * 8 + "|\n"
    out = HEADER_3
    for k, (label, values) in enumerate(_rows({"（二）部分": PARTIAL, "5.要求": CONFIRM})):
        if values is None:
            out += "".join(f"{ch}\n" for ch in label[:2])  # a group label cut one character per line
            continue
        if label.startswith("（二）"):  # the label's head before its row, its rest after
            out += "（二）部分公开（区分处理的，只计这一情形，\n" + _md_row(["", *_numbers(values)]) + rule
            out += "本\n不计其他情形）\n年\n"
            continue
        if label.startswith("5.要求"):  # cut at the cell's edge; the rest after the row; then a page number
            out += _md_row(["5.要求行政机关确认或重新出", *_numbers(values)]) + rule + "具已获取信息\n1\n\n"
            continue
        out += _md_row([label, *_numbers(values)]) + (rule if k % 2 else "")
    return out


def test_markitdown_label_rests_between_fragments_join_their_rows() -> None:
    record = _record(_doc(_markitdown_fragments()))
    assert _values(record, "partially_granted") == PARTIAL
    assert _values(record, "rejected_confirmation") == CONFIRM
    assert _values(record, "other_misc") == [0] * 7  # the page number '1' is no value of the next row
    assert _values(record, "total_handled") == [3, 0, 0, 0, 0, 0, 3]
    assert not [w for w in record["warnings"] if w.startswith("applications")]
    # dropping a number is a guess: a warning names it
    assert [w for w in record["warnings"] if "page number" in w] == [
        "markdown: line 76 '1' stands alone between two pieces of one table; read as a page number, not a value"
    ]


def test_a_heading_between_tables_is_no_label_rest() -> None:
    """docling writes a heading as a list item right under a table: it ends the table."""
    text = (
        HEAD
        + TABLE_2
        + SECTION_3
        + HEADER_3
        + "".join(_md_row([label, *_numbers(v)]) for label, v in ROWS_2021)
        + "- "
        + REVIEW.removeprefix("## ")
    )
    record = _record(text)
    assert _values(record, "carried_forward") == [0] * 7
    assert record["tables"]["review_litigation"]["review"]["upheld"]["value"] == 1


def _pymupdf_bullets() -> str:
    """One cell per line as pymupdf4llm writes a flat PDF: '- 0' list items, a page footer inside a row."""
    out = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\n"
    out += "申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n\n"
    for label, values in _rows({"（二）部分": PARTIAL}):
        out += f"{label} \n\n"
        for i, v in enumerate(_numbers(values) if values is not None else []):
            out += f"- {v} \n\n" + ("— 3 — \n\n" if label.startswith("（二）") and i == 2 else "")
    return out


def test_pymupdf4llm_bullet_items_are_values_and_footers_are_not() -> None:
    record = _record(_doc(_pymupdf_bullets()))
    assert _values(record, "partially_granted") == PARTIAL
    assert _values(record, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert not [w for w in record["warnings"] if w.startswith("applications")]


PANDOC_HTML = """<table width="100%">
<tbody>
<tr class="odd">
<td
data-valign="top"><h2 id="三">三、收到和处理政府信息公开申请情况</h2>
<p><span style="font-family:宋体">全年收到申请3件，办结3件。</span></p>
<table data-border="1">
<tbody>
<tr class="odd">
<td colspan="8"><span style="font-family:宋体;font-size:10.5pt">申请人情况</span></td>
</tr>
{head}</tbody>
</table>
<p>（续表）</p>
<table data-border="1">
<tbody>
{rows}</tbody>
</table>
</td>
</tr>
</tbody>
</table>
"""


def test_pandoc_styles_and_layout_tables_leave_only_the_cells() -> None:
    """pandoc keeps Word's font-size:10.5pt inside cells and a page's layout table around the report's."""
    rows = ""
    for label, values in _rows({"（二）部分": PARTIAL}):
        cells = "".join(
            f'<td><span style="font-family:宋体;font-size:10.5pt">{v}</span></td>\n' for v in _numbers(values)
        )
        wrapped = f'<td colspan="1"><span\nstyle="font-size:10.5pt">{label}</span></td>\n'  # pandoc wraps a tag
        rows += f'<tr class="even">\n{wrapped}{cells}</tr>\n'
    # the report's table in two pieces inside the page's layout table
    cut = rows.index("<tr", rows.index("（二）"))
    cut = rows.rindex("<tr", 0, cut)
    page = PANDOC_HTML.format(head=rows[:cut], rows=rows[cut:])
    record = _record(HEAD + TABLE_2 + page + "\n" + REVIEW)
    assert _values(record, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert _values(record, "partially_granted") == PARTIAL
    text = str(record["tables"])
    assert "10.5" not in text
    assert not [w for w in record["warnings"] if w.startswith("applications")]


def test_pandoc_span_inside_a_pipe_cell_is_not_a_value() -> None:
    span = '<span style="font-family:宋体;font-size:10.5pt">'
    table = HEADER_3 + "".join(
        _md_row([f"{span}{label}</span>", *[f"{span}{v}</span>" for v in _numbers(values)]])
        for label, values in _rows({"（二）部分": PARTIAL})
    )
    record = _record(_doc(table))
    assert _values(record, "partially_granted") == PARTIAL
    assert not [w for w in record["warnings"] if w.startswith("applications")]


DOCLING_TABLE_2 = """## 二、主动公开政府信息情况

| 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 1 | 40 |
| 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 |
| 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |
| 行政许可 | 17 | 17 | 17 |
| 第二十条第（六）项 | 第二十条第（六）项 | 第二十条第（六）项 | 第二十条第（六）项 |
| 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |
| 行政处罚 | 7 | 9 | 7 |
| 行政强制 | 0 | 0 | 0 |
| 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 |
| 信息内容 | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） |
| 行政事业性收费 | 3.5 | 3.5 | 3.5 |

"""


def test_docling_repeats_a_merged_value_only_where_the_header_spans() -> None:
    record = _record(
        HEAD
        + DOCLING_TABLE_2
        + SECTION_3
        + HEADER_3
        + "".join(_md_row([label, *_numbers(v)]) for label, v in ROWS_2021)
        + "\n"
        + REVIEW
    )
    active = record["tables"]["active_disclosure"]
    assert active["licensing"]["decisions"]["value"] == 17
    assert active["fees"]["amount"]["value"] == 3.5
    assert active["normative_documents"]["in_force"]["value"] == 40
    # '7 | 9 | 7' differs inside the span: the columns are not one there, and no 7 is chosen
    assert "penalty" not in active
    assert any(w.startswith("active_disclosure.penalty") for w in record["warnings"])


def test_markitdown_docx_span_padding_is_no_blank_value() -> None:
    """markitdown pads a merged label cell with blank cells; with the total column left blank they
    would read as a leading blank value and shift every figure one column right."""
    head = "| 申请人情况 | | | 自然人 | 法人或其他组织 | | | | | 总计 |\n" + "|---" * 10 + "|\n"
    head += "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
    rows = ""
    for label, values in _rows({"（二）部分": PARTIAL}):
        numbers = [*_numbers(values)[:6], ""]  # the total column left blank
        rows += _md_row([label, "", "", *numbers]) if values is not None else _md_row([label, "", ""] + [""] * 7)
    record = _record(_doc(head + rows))
    assert _values(record, "partially_granted") == [*PARTIAL[:6], None]
    assert _values(record, "granted") == [2, 0, 0, 0, 0, 0, None]


def _transcription(group_heading: str) -> str:
    """An LLM's transcription: each row's label a heading over a table with a placeholder header."""
    header = ["类别", *[f"数据{i}" for i in range(1, 7)], "总计"]
    out = ""
    for label, values in _rows({"（二）部分": PARTIAL}):
        if values is None:
            out += f"{group_heading}{'(六) 其他' if label.startswith('（六）') else label}\n\n"
            continue
        out += f"### {label}\n\n" + _md_row(header) + "|---" * 8 + "|\n" + _md_row(["数量", *_numbers(values)]) + "\n"
    return out


def test_transcription_placeholder_header_digits_are_not_values() -> None:
    record = _record(_doc(_transcription("### ")))
    assert _values(record, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert _values(record, "partially_granted") == PARTIAL
    assert not [w for w in record["warnings"] if w.startswith("applications")]


def test_transcription_other_heading_over_sub_rows_is_not_the_2019_single_row() -> None:
    record = _record(_doc(_transcription("### ")))
    apps = record["tables"]["applications"]
    assert "other_handling" not in apps
    assert {"other_overdue_correction", "other_unpaid_fee", "other_misc"} <= set(apps)
    assert _values(record, "other_misc") == [0] * 7


def _list_numbered(text: str) -> str:
    """The document with its section headings as pandoc and markitdown write Word's auto-numbered
    headings: an ordered list item ('4.  政府信息公开行政复议、行政诉讼情况'), no 一、 left."""
    numerals = "一二三四五六"
    for k, numeral in enumerate(numerals, start=1):
        text = text.replace(f"## {numeral}、", f"{k}.  ", 1)
    return text


def test_list_numbered_section_headings_bound_their_tables() -> None:
    """Without its heading, table 四's region ran to the end of the report and read the
    years and dates of 五 and 六 as its values (seed-4242 pandoc_docx and markitdown_docx, issue 12)."""
    text = _list_numbered(_doc(_joined_table()))
    assert "## 四、" not in text and "4.  政府信息公开行政复议、行政诉讼情况" in text
    record = _record(text)
    keys = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"]
    assert record["diagnostics"]["sections_found"] == keys
    assert record["tables"]["review_litigation"]["review"]["upheld"]["value"] == 1
    assert not [w for w in record["warnings"] if w.startswith("review_litigation")]


def test_a_numbered_narrative_item_is_no_section_heading() -> None:
    """An arabic-numbered heading stands on a line of its own; '1.主动公开方面。全年…' is the overview's item."""
    text = _doc(_joined_table()).replace("本机关认真落实。", "1.主动公开方面。全年主动公开政府信息12条。")
    record = _record(text)
    sections = {s["key"]: s for s in record["sections"]}
    assert "主动公开方面" in sections["overview"]["text"]
    assert sections["active_disclosure"]["heading"].startswith("二、")


def test_docling_repeated_none_word_is_collapsed_like_a_number() -> None:
    """'| 行政强制 | 无 | 无 | 无 |' under a header spanning three columns: 无 (none, 0) is a value,
    so the row is no header of its own and the span collapses (seed-4242 docling_docx f006)."""
    table = DOCLING_TABLE_2.replace("| 行政处罚 | 7 | 9 | 7 |", "| 行政处罚 | 7 | 7 | 7 |")
    table = table.replace("| 行政强制 | 0 | 0 | 0 |", "| 行政强制 | 无 | 无 | 无 |")
    table = table.replace("| 行政事业性收费 | 3.5 | 3.5 | 3.5 |", "| 行政事业性收费 | 无 | 无 | 无 |")
    record = _record(HEAD + table + SECTION_3 + _joined_table() + "\n" + REVIEW)
    active = record["tables"]["active_disclosure"]
    assert active["coercion"]["decisions"]["value"] == 0
    assert active["fees"]["amount"]["value"] == 0
    assert active["coercion"]["decisions"]["raw"] == "无"


def test_a_split_the_row_sums_deny_is_no_reading() -> None:
    """docling flattens a CMS page's article into one cell and drops its blank cells:
    '本年新收… 18 3 0 0 0 0' (total blank) was split 1|8|3|0|0|0|0 against its own total,
    silently (seed-4242 docling_html f010).  Left out with a warning, never read so."""
    rows = "".join(
        (label + " " + " ".join(_numbers(values)[:6]) + " " if values is not None else label + " ")
        for label, values in _rows({"一、本年新收": [18, 3, 0, 0, 0, 0, 21]})
    )
    record = _record(_doc("申请人情况 自然人 法人或其他组织 总计 " + rows + "\n"))
    # The table may be absent as a whole: every other row of this one-line table is left out too
    # (carried_forward's blank cell has no confirmed place: merge of convdocx with convpdf).
    assert "new_received" not in record["tables"].get("applications", {})
    assert any(w.startswith("applications.new_received: could not read the row") for w in record["warnings"])


def _flat_table_2(rules: str) -> str:
    """Table 二 as docling flattens a CMS page's article: one line, every number apart, blank cells gone."""
    return (
        "## 二、主动公开政府信息情况\n\n第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
        f"规章 {rules} 行政规范性文件 20 1905 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 12 "
        "行政处罚 7 行政强制 0 第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 0\n\n"
    )


def test_spaced_numbers_with_a_blank_lost_are_not_split_as_glued() -> None:
    """'行政规范性文件 20 1905' (a blank repealed cell lost) read 2|0|1905 as the glued guess
    with the most zeros (seed-4242 docling_html f004): with no glued run in the report, a split
    no row sum confirms is no reading; the row is left out with its warning."""
    record = _record(HEAD + _flat_table_2("0 0 0") + SECTION_3 + _joined_table() + "\n" + REVIEW)
    active = record["tables"]["active_disclosure"]
    assert "normative_documents" not in active
    assert active["licensing"]["decisions"]["value"] == 12
    warning = next(w for w in record["warnings"] if w.startswith("active_disclosure.normative_documents"))
    assert "no glued run" in warning and "cells left out" in warning


def test_a_glued_report_still_splits_its_runs() -> None:
    """'规章 000' shows the report's cells run together: there the glued reading stays (with its warning)."""
    record = _record(HEAD + _flat_table_2("000") + SECTION_3 + _joined_table() + "\n" + REVIEW)
    active = record["tables"]["active_disclosure"]
    assert active["rules"]["issued"]["value"] == 0
    assert "normative_documents" in active
    assert any("has 3 readings" in w for w in record["warnings"] if w.startswith("active_disclosure.normative"))


def _flat_table_3(cut: int) -> str:
    """Table 三 on one line as docling flattens a CMS page: every number apart, the first ``cut`` per row."""
    rows = "".join(
        (label + " " + " ".join(_numbers(values)[:cut]) + " " if values is not None else label + " ")
        for label, values in ROWS_2021
    )
    return _doc("申请人情况 自然人 法人或其他组织 总计 " + rows + "\n")


def test_flattened_rows_with_a_blank_total_column_are_placed_by_the_column_checks() -> None:
    """docling drops the blank cells of a page whose 总计 column is blank: six numbers per row
    (seed-4242 docling_html f010, 183 cells left out).  The row sums cannot place the blank, the
    column checks can: every row's blank in 总计, with a warning naming the columns and checks."""
    record = _record(_flat_table_3(6))
    assert _values(record, "new_received") == [3, 0, 0, 0, 0, 0, None]
    assert _values(record, "granted") == [2, 0, 0, 0, 0, 0, None]
    warning = next(w for w in record["warnings"] if w.startswith("applications.new_received:"))
    assert "column(s) total blank" in warning and "check it against the source" in warning


def test_flattened_rows_whose_column_checks_do_not_hold_stay_out() -> None:
    """The same six numbers per row with granted printed 5 (the columns no longer add up): no reading."""
    text = _flat_table_3(6).replace("（一）予以公开 2 0", "（一）予以公开 5 0", 1)
    record = _record(text)
    assert "granted" not in record["tables"].get("applications", {})
    assert "new_received" not in record["tables"].get("applications", {})


def _flat_2021_table_2(licensing: str, penalty: str, fees: str) -> str:
    """Table 二 (2021) flattened into one line by docling: a one-column row's cell spans three columns,
    and docling writes a spanned cell's text once per column it covers."""
    span = "本年处理决定数量 本年处理决定数量 本年处理决定数量"
    return (
        "## 二、主动公开政府信息情况\n\n第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
        f"规章 0 0 0 行政规范性文件 2 0 19 第二十条第（五）项 信息内容 {span} 行政许可 {licensing} "
        f"第二十条第（六）项 信息内容 {span} 行政处罚 {penalty} 行政强制 0 0 0 "
        f"第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 {fees}\n\n"
    )


def _active(licensing: str, penalty: str, fees: str) -> dict[str, Any]:
    return _record(HEAD + _flat_2021_table_2(licensing, penalty, fees) + SECTION_3 + _joined_table() + "\n" + REVIEW)


def test_a_spanned_value_repeated_on_a_flattened_line_is_read_once() -> None:
    """'行政处罚 159 159 159' under one column (seed-4242 docling_html f003): read once, with a warning."""
    record = _active("12 12 12", "159 159 159", "3.5 3.5 3.5")
    active = record["tables"]["active_disclosure"]
    assert active["penalty"]["decisions"]["value"] == 159
    assert active["licensing"]["decisions"]["value"] == 12
    assert active["coercion"]["decisions"]["value"] == 0
    assert active["fees"]["amount"]["value"] == 3.5
    warning = next(w for w in record["warnings"] if w.startswith("active_disclosure.penalty:"))
    assert "'159 159 159'" in warning and "repeated" in warning


def test_numbers_that_are_no_repeat_are_not_collapsed() -> None:
    record = _active("12 13 12", "159 159 160", "3.5 3.5 3.5")
    active = record["tables"]["active_disclosure"]
    assert "licensing" not in active and "penalty" not in active


def test_a_number_cut_in_two_is_joined_only_where_the_tail_cannot_be_a_cell() -> None:
    """docling puts a space between the inline runs of one cell ('<font>13</font>08' -> '13 08',
    seed-4242 docling_html f004): '08' is no cell of its own, so 1308.  '28 73' (seed-4242 f006) was
    left out as 'maybe two cells'; but 行政处罚 has one column here, which holds one number, so the two
    one space apart are one number cut in two (tables/align.py _one_column; over ten converted seeds
    every such join read its true value: seed 4343 f006, f017, f024, seed 9696 f017)."""
    record = _active("13 08", "28 73", "0")
    active = record["tables"]["active_disclosure"]
    assert active["licensing"]["decisions"]["value"] == 1308
    assert active["penalty"]["decisions"]["value"] == 2873
    warning = next(w for w in record["warnings"] if w.startswith("active_disclosure.licensing:"))
    assert "'13 08' read as 1308" in warning and "leading zero" in warning
    warning = next(w for w in record["warnings"] if w.startswith("active_disclosure.penalty:"))
    assert "'28 73'" in warning and "one column holds one number" in warning


def test_a_number_cut_in_two_is_joined_where_the_row_sum_holds_only_so() -> None:
    """'937 53 58 0 15 40 11 03' is eight numbers for seven columns (seed-4242 docling_html f009);
    here with no leading zero ('11 66'): only 11|66 joined gives a total the parts add up to."""
    values = [937, 53, 58, 0, 15, 103, 1166]
    table = HEADER_3 + "".join(
        _md_row([label, *_numbers(values if label.startswith("一、") else v)])
        .replace("| 1166 |", "| 11 66 |")
        for label, v in ROWS_2021
    )
    record = _record(_doc(table))
    assert _values(record, "new_received") == values
    warning = next(w for w in record["warnings"] if w.startswith("applications.new_received:"))
    assert "'11 66' read as 1166" in warning and "✓" in warning


def _flat_2019_table_2(coercion: str) -> str:
    """Table 二 (2019) flattened by docling, '行政处罚 20 1905' showing a blank cell lost in this table."""
    return (
        "## 二、主动公开政府信息情况\n\n第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 "
        "规章 6 6 48 规范性文件 0 0 0 第二十条第（五）项 信息内容 上一年项目数量 本年增/减 处理决定数量 "
        "行政许可 0 0 0 其他对外管理服务事项 0 0 0 第二十条第（六）项 信息内容 上一年项目数量 本年增/减 处理决定数量 "
        f"行政处罚 20 1905 行政强制 {coercion} 第二十条第（八）项 信息内容 上一年项目数量 本年增/减 "
        "行政事业性收费 0 0 第二十条第（九）项 信息内容 采购项目数量 采购总金额 政府集中采购 0 0\n\n"
    )


def test_a_count_that_fits_is_no_reading_where_the_table_lost_blanks_and_a_number_may_be_cut() -> None:
    """'行政强制 0 132 9' is 0 | blank | 1329: a blank cell lost and '<span>132</span>9' cut in two, so the
    count fits by chance (seed-1500 docling_html f013, 2 wrong values).  In a table that lost a blank
    elsewhere ('行政处罚 20 1905'), a row on a line that marks no cells is read by its count only where no
    two neighbours can be one number cut in two ('0 0 0'); table 二 has no row sum to confirm the rest."""
    record = _record(HEAD + _flat_2019_table_2("0 132 9") + SECTION_3 + _joined_table() + "\n" + REVIEW)
    active = record["tables"]["active_disclosure"]
    assert "coercion" not in active and "rules" not in active and "penalty" not in active
    assert active["licensing"]["decisions"]["value"] == 0
    assert active["normative_documents"]["total_published"]["value"] == 0
    warning = next(w for w in record["warnings"] if w.startswith("active_disclosure.coercion:"))
    assert "lost blank cells there (penalty: 2 numbers for 3 columns)" in warning


def test_a_count_that_fits_stays_read_where_no_blank_was_lost() -> None:
    text = _flat_2019_table_2("0 132 9").replace("行政处罚 20 1905", "行政处罚 20 0 1905")
    record = _record(HEAD + text + SECTION_3 + _joined_table() + "\n" + REVIEW)
    active = record["tables"]["active_disclosure"]
    assert [active["coercion"][c]["value"] for c in ("previous", "change", "decisions")] == [0, 132, 9]
    assert active["rules"]["total_published"]["value"] == 48


def test_pieces_with_a_leading_zero_join_the_number_before_them_beside_a_blank_mark() -> None:
    """'行政许可 5 - 1 084' (seed-6161 docling_html f001): '084' is no cell, so 1084; '-' stays a blank."""
    text = _flat_2019_table_2("0 0 0").replace("行政许可 0 0 0", "行政许可 5 - 1 084")
    record = _record(HEAD + text + SECTION_3 + _joined_table() + "\n" + REVIEW)
    licensing = record["tables"]["active_disclosure"]["licensing"]
    assert [licensing[c]["value"] for c in ("previous", "change", "decisions")] == [5, None, 1084]


def test_two_cuts_in_one_row_join_by_a_leading_zero_and_by_the_row_sum() -> None:
    """'1 055 377 0 0 0 0 14 32' (seed-6161 docling_html f012): 1055 by its leading zero, then 1432 the
    only join whose total the parts add up to."""
    values = [1055, 377, 0, 0, 0, 0, 1432]
    table = HEADER_3 + "".join(
        _md_row([label, *_numbers(values if label.startswith("一、") else v)]) for label, v in ROWS_2021
    )
    table = table.replace("| 1055 | 377 | 0 | 0 | 0 | 0 | 1432 |", "| 1 055 377 0 0 0 0 14 32 |")
    record = _record(_doc(table))
    assert _values(record, "new_received") == values
    warning = next(w for w in record["warnings"] if w.startswith("applications.new_received:"))
    assert "'14 32' read as 1432" in warning
    # the leading zero tells the first cut in the text itself: the markdown reader joins it (runs.py)
    assert any("'1 055' read as one number 1055" in w for w in record["warnings"])


def test_a_label_over_blank_cells_does_not_cut_the_span_below_it() -> None:
    """'| 行政处罚 | | | |' then '| 行政强制 | 0 | 0 | 0 |' under a header spanning three columns: the
    blank row is a row, not a header, so the span still collapses (seed-1500 docling_docx f002)."""
    table = DOCLING_TABLE_2.replace("| 行政处罚 | 7 | 9 | 7 |", "| 行政处罚 |  |  |  |")
    record = _record(HEAD + table + SECTION_3 + _joined_table() + "\n" + REVIEW)
    active = record["tables"]["active_disclosure"]
    assert active["coercion"]["decisions"]["value"] == 0
    assert active.get("penalty", {}).get("decisions", {}).get("value") is None

