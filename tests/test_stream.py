"""The cell stream built from native grids: merged cells and blank cells."""

from __future__ import annotations

from docstruct.extract.model import Block, Document, Grid, GridCell, Line, Source, SourceInfo
from docstruct.extract.pipeline import document_to_record
from docstruct.extract.stream import CELL, blocks_to_stream

INFO = SourceInfo(path="x.html", sha256="0" * 64, format="html", bytes=0)


def _cell(row: int, col: int, text: str, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(row, col, text, Source(path=f"td[{row}][{col}]"), rowspan, colspan)


def test_cell_merged_down_into_a_data_row_is_an_empty_cell_there() -> None:
    # '总计' printed over two rows reaches into the data row whose total is blank
    grid = Grid((_cell(0, 0, "信息内容"), _cell(0, 3, "总计", rowspan=2), _cell(1, 0, "规章"),
                 _cell(1, 1, "1"), _cell(1, 2, "2")), Source(path="table"), "test")
    stream = blocks_to_stream((Block(grid=grid),))
    assert stream.text.split("\n")[1] == CELL.join(["规章", "1", "2", ""])


def test_merged_down_total_reads_as_null_not_as_a_shifted_row() -> None:
    grid = Grid(
        (
            _cell(0, 0, "信息内容"), _cell(0, 1, "本年制发件数"), _cell(0, 2, "本年废止件数"),
            _cell(0, 3, "现行有效件数", rowspan=2),
            _cell(1, 0, "规章"), _cell(1, 1, "3"), _cell(1, 2, "1"),
            _cell(2, 0, "行政规范性文件"), _cell(2, 1, "5"), _cell(2, 2, "0"), _cell(2, 3, "40"),
        ),
        Source(path="table"),
        "test",
    )
    doc = Document(
        (Block(line=Line("某局2022年政府信息公开工作年度报告", Source(path="h1"))),
         Block(line=Line("二、主动公开政府信息情况", Source(path="p"))), Block(grid=grid)),
        INFO,
    )
    record = document_to_record(doc).to_json()
    rules = record["tables"]["active_disclosure"]["rules"]
    assert [rules[c]["value"] for c in ("issued", "repealed", "in_force")] == [3, 1, None]
    docs = record["tables"]["active_disclosure"]["normative_documents"]
    assert [docs[c]["value"] for c in ("issued", "repealed", "in_force")] == [5, 0, 40]
