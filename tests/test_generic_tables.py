"""Generic tables: the old statistics table of reports before 2019 (report-schema.md 'generic_tables')."""

from __future__ import annotations

import json

import pytest

from docstruct.extract import extract_file
from docstruct.extract.generic_tables import splits, stream_to_generic_tables
from docstruct.extract.model import Block, Line, Source
from docstruct.extract.stream import blocks_to_stream
from tests.conftest import shared_path


def _tables(text: str):  # type: ignore[no-untyped-def]
    lines = tuple(
        Block(line=Line(t, Source(line=i + 1, span=(0, len(t))), tuple(range(len(t)))))
        for i, t in enumerate(text.split("\n"))
    )
    return stream_to_generic_tables(blocks_to_stream(lines))


def test_splits_have_no_leading_zeros() -> None:
    assert splits("00", 2) == [(0, 0)]
    assert splits("01", 2) == [(0, 1)]
    assert splits("206", 2) == [(20, 6)]  # '2|06' would print a leading zero
    assert splits("1234", 2) == [(1, 234), (12, 34), (123, 4)]
    assert splits("105", 2) == [(10, 5)]  # '1|05' would print a leading zero


GLUED = (
    "全年主动公开政府信息2069条。六、政府信息公开情况统计表指标名称计量单位2018年度历年累计"
    "主动公开文件数条206912106其中：1.政府网站公开数条2069121062.政府公报公开数条00"
    "受理依申请公开信息总数条728其中：1.当面申请数条3162.网上申请数条412行政复议数件00"
)


def test_glued_rows_split_by_narrative_sums_and_order() -> None:
    found = _tables(GLUED)
    assert len(found.tables) == 1
    table = found.tables[0]
    assert table.title == "六、政府信息公开情况统计表"
    assert table.columns == ("指标名称", "计量单位", "2018年度", "历年累计")
    rows = {r.label: [c.value for c in r.cells] for r in table.rows}
    assert rows["主动公开文件数"] == [2069, 12106]  # the narrative states 2069条
    assert rows["其中：1.政府网站公开数"] == [2069, 12106]  # the 其中 rows add up
    assert rows["2.政府公报公开数"] == [0, 0]
    assert rows["受理依申请公开信息总数"] == [7, 28]  # 72|8 would put the year above the total
    assert rows["其中：1.当面申请数"] == [3, 16]
    assert rows["2.网上申请数"] == [4, 12]
    assert rows["行政复议数"] == [0, 0]
    assert [r.unit for r in table.rows][-1] == "件"
    assert found.warnings == ()
    cell = table.rows[0].cells[1]
    assert cell.raw == "12106" and cell.source.line == 1 and cell.source.span is not None
    assert GLUED[cell.source.span[0] : cell.source.span[1]] == "12106"


def test_ambiguous_pair_stays_null_with_its_candidates() -> None:
    found = _tables("统计表指标名称计量单位2013年度历年累计主动公开信息数条17135017行政复议数条00")
    row = found.tables[0].rows[0]
    assert [c.value for c in row.cells] == [None, None]
    assert row.cells[0].raw == "17135017"
    assert len(found.warnings) == 1
    assert "1713 | 5017" in found.warnings[0] and "values left null" in found.warnings[0]


def test_grid_cells_are_read_as_printed() -> None:
    found = _tables("统计指标\x1f单位\x1f统计数\n主动公开信息数\x1f条\x1f312\n政府信息公开收费金额\x1f万元\x1f1.25")
    rows = found.tables[0].rows
    assert found.tables[0].columns == ("统计指标", "单位", "统计数")
    assert [(r.label, r.unit, r.cells[0].value) for r in rows] == [
        ("主动公开信息数", "条", 312),
        ("政府信息公开收费金额", "万元", 1.25),
    ]


@pytest.mark.parametrize(
    ("name", "first"),
    [("r16", [2069, 12106]), ("r17", [2122, 10037]), ("r18", [3460, 85376]), ("r19", [1853, 5395]),
     ("r21", [2949, 81916])],
)
def test_real_pre2019_statistics_tables(name: str, first: list[int]) -> None:
    path = shared_path("real", f"{name}.txt")
    record = extract_file(path).to_json()
    truth = json.loads(path.with_name(f"{name}.truth.json").read_text(encoding="utf-8"))
    assert record["metadata"]["template"] is None and record["tables"] == {} == truth["tables"]
    (table,) = record["generic_tables"]
    assert table["columns"][0] == "指标名称" and table["columns"][-1] == "历年累计"
    assert [c["value"] for c in table["rows"][0]["cells"]] == first
    assert len(table["rows"]) >= 15
    nulls = [r["label"] for r in table["rows"] if any(c["value"] is None for c in r["cells"])]
    warned = [w for w in record["warnings"] if w.startswith("generic_tables")]
    assert len(nulls) == len(warned)  # every unread pair says so


def test_real_report_without_statistics_table() -> None:
    record = extract_file(shared_path("real", "r20.txt")).to_json()
    assert record["generic_tables"] == []


def test_templated_reports_have_no_generic_tables() -> None:
    record = extract_file(shared_path("real", "r05.txt")).to_json()
    assert record["metadata"]["template"] == "2021" and record["generic_tables"] == []
