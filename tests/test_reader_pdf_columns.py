"""Blank cells of text-only (unruled) PDF tables: kept in their column (extract/readers/pdf/columns.py).

In tests/test_reader_pdf.py's company but a file of its own: that module is
at the 500-line bound.
"""

from __future__ import annotations

import io
from typing import Any

from docstruct.extract import extract_bytes
from docstruct.extract.model import Grid
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.pdf.chars import Glyph
from docstruct.extract.readers.pdf.columns import FOUND_BY
from docstruct.extract.readers.pdf.lines import is_cjk, rows_to_lines
from docstruct.extract.readers.pdf.reader import read_pdf
from samplegen import ReportSpec, build_report
from samplegen.render_pdf import draw_style, render_pdf
from samplegen.truth import truth_tables

A4 = (595.28, 841.89)
# (label, values) rows under a header; None is a blank cell (nothing printed)
ROWS: list[tuple[str, list[str | None]]] = [
    ("行政许可", ["12", "3", "40"]),
    ("其他对外管理服务事项", ["21", None, "273"]),
    ("行政处罚", ["7", "0", None]),
]
COLUMN_X = (250.0, 350.0, 450.0)  # centre of each value column, points


def _song_canvas(buf: io.BytesIO) -> Any:
    """A reportlab A4 canvas writing into ``buf``, with the STSong-Light CID font registered."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return canvas.Canvas(buf, pagesize=A4, invariant=1)


def _unruled_pdf(rows: list[tuple[str, list[str | None]]] = ROWS) -> bytes:
    """A text-only table: a header line and rows, values centred in their columns, no rules."""
    buf = io.BytesIO()
    c = _song_canvas(buf)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "二、主动公开政府信息情况")
    c.setFont("STSong-Light", 9)
    y = 730.0
    c.drawString(80, y, "信息内容")
    for x, head in zip(COLUMN_X, ("上一年项目数量", "本年增/减", "处理决定数量"), strict=True):
        c.drawCentredString(x, y, head)
    for label, values in rows:
        y -= 18
        c.drawString(75, y, label)
        for x, value in zip(COLUMN_X, values, strict=True):
            if value is not None:
                c.drawCentredString(x, y, value)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text_grids(data: bytes) -> list[Grid]:
    doc = read_pdf(data, ReadOptions(path="t.pdf"))
    return [b.grid for b in doc.blocks if b.grid is not None and b.grid.found_by == FOUND_BY]


def _rows(grid: Grid) -> list[list[str]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for cell in grid.cells:
        out.setdefault(cell.row, []).append((cell.col, cell.text))
    return [[t for _, t in sorted(cells)] for _, cells in sorted(out.items())]


def test_blank_cell_becomes_an_empty_cell_in_its_column() -> None:
    grids = _text_grids(_unruled_pdf())
    assert len(grids) == 1
    assert _rows(grids[0]) == [
        ["行政许可", "12", "3", "40"],
        ["其他对外管理服务事项", "21", "", "273"],
        ["行政处罚", "7", "0", ""],
    ]
    blank = next(c for c in grids[0].cells if c.row == 1 and not c.text)
    assert blank.source.page == 1 and blank.source.bbox is not None
    x0, _, x1, _ = blank.source.bbox
    assert x0 <= COLUMN_X[1] <= x1  # the blank sits under its own column


def test_full_table_stays_lines() -> None:
    """Nothing blank, nothing to keep: the table reads as lines, as before."""
    full: list[tuple[str, list[str | None]]] = [(label, ["1", "2", "3"]) for label, _ in ROWS]
    assert _text_grids(_unruled_pdf(full)) == []


def test_value_across_two_columns_is_no_table() -> None:
    """A value reaching under two columns joins them, and two values of a row would share one: lines stay."""
    rows: list[tuple[str, list[str | None]]] = [*ROWS, ("行政强制", [None, "1234567890" * 6, None])]
    assert _text_grids(_unruled_pdf(rows)) == []


def _cell(record: dict[str, Any], path: str) -> dict[str, Any]:
    table, row, col = path.split(".")
    cell: dict[str, Any] = record["tables"][table][row][col]
    return cell


def test_blank_total_column_is_null_in_the_record() -> None:
    """samplegen pdf:3:28 (2021): table 四's total columns printed blank, unruled.

    The data row prints 12 values for 15 columns; each blank total must be
    null with raw "" and the values after it stay in their own columns.
    """
    spec = ReportSpec("2021", "cell_per_line", "utf-8", "pdf:3:28")
    report = build_report(spec)
    data = render_pdf(report, draw_style(spec.seed, "unruled", "cid")).data
    record = extract_bytes(data, ReadOptions(path="report.pdf")).to_json()
    truth = truth_tables(report)[0]
    for row in ("review", "litigation_direct", "litigation_after_review"):
        assert truth["review_litigation"][row]["total"] is None
        total = _cell(record, f"review_litigation.{row}.total")
        assert (total["value"], total["raw"]) == (None, "")
    values = {t: {r: {c: v["value"] for c, v in cols.items()} for r, cols in rows.items()}
              for t, rows in record["tables"].items()}
    assert values == truth


def _header_ends_page_pdf(first: str) -> bytes:
    """Table 二's fees part split by a page break: its header line ends page 1, its row (`previous`
    left blank) opens page 2 after ``first`` (a line over it, or nothing), then the next part's title and header."""
    buf = io.BytesIO()
    c = _song_canvas(buf)
    c.setFont("STSong-Light", 9)
    c.drawString(75, 110, "第二十条第（八）项")
    c.drawString(80, 92, "信息内容")
    for x, head in zip(COLUMN_X[:2], ("上一年项目数量", "本年增/减"), strict=True):
        c.drawCentredString(x, 92, head)
    c.showPage()
    c.setFont("STSong-Light", 9)
    y = 760.0
    if first:
        c.drawString(72, y, first)
        y -= 18
    c.drawString(75, y, "行政事业性收费")
    c.drawCentredString(COLUMN_X[1], y, "0")
    c.drawString(75, y - 18, "第二十条第（九）项")
    c.drawString(80, y - 36, "信息内容")
    for x, head in zip(COLUMN_X[:2], ("采购项目数量", "采购总金额"), strict=True):
        c.drawCentredString(x, y - 36, head)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_header_at_the_foot_of_a_page_names_the_columns_of_the_next() -> None:
    """samplegen pdf:0:27 (2019, unruled): the header ends page 1 and the fees row, `previous` blank,
    opens page 2 printing only `0`; the header over the page break tells which column it is in."""
    grids = _text_grids(_header_ends_page_pdf(""))
    assert len(grids) == 1
    assert _rows(grids[0]) == [["行政事业性收费", "", "0"]]
    blank, zero = sorted((c for c in grids[0].cells if c.col > 0), key=lambda c: c.col)
    assert blank.source.page == 2 and blank.source.bbox is not None
    assert blank.source.bbox[0] <= COLUMN_X[0] <= blank.source.bbox[2]
    assert zero.source.page == 2


def test_header_is_forgotten_after_other_text() -> None:
    """A line of other text between the page's foot header and the row: the row stays a line."""
    assert _text_grids(_header_ends_page_pdf("（续表说明文字，不是表格的一行）")) == []


def test_fees_row_after_a_page_break_reads_in_the_record() -> None:
    """samplegen pdf:0:27 (2019, unruled): `previous` of the fees row is null, `change` 0, no warning."""
    spec = ReportSpec("2019", "cell_per_line", "utf-8", "pdf:0:27", meta_variants=True, facts=True)
    report = build_report(spec)
    data = render_pdf(report, draw_style(spec.seed, "unruled", "cid")).data
    record = extract_bytes(data, ReadOptions(path="report.pdf")).to_json()
    previous = _cell(record, "active_disclosure.fees.previous")
    change = _cell(record, "active_disclosure.fees.change")
    assert (previous["value"], previous["raw"], change["value"]) == (None, "", 0)
    assert not [w for w in record["warnings"] if "fees" in str(w)]
    values = {t: {r: {c: v["value"] for c, v in cols.items()} for r, cols in rows.items()}
              for t, rows in record["tables"].items()}
    assert values == truth_tables(report)[0]


# --- a value wrapped inside its narrow column (extract/readers/pdf/lines.py _Row._tail_of) ---

EM = 9.0  # font size of the synthetic table rows, points
PITCH = 11.25  # a wrapped cell's line pitch: line height plus a 0.25 em gap


def _piece(text: str, x0: float, top: float) -> list[Glyph]:
    """Glyphs of one printed piece: CJK a full em wide, anything else half an em."""
    out = []
    for char in text:
        width = EM if is_cjk(char) else EM / 2
        out.append(Glyph.at(char, x0, top, x0 + width, top + EM))
        x0 += width
    return out


def _lines(*rows: list[tuple[str, float]]) -> list[str]:
    """rows_to_lines over rows of (text, x0) pieces, each row one wrapped-cell pitch below the last."""
    glyph_rows = [[g for text, x0 in row for g in _piece(text, x0, 100.0 + i * PITCH)] for i, row in enumerate(rows)]
    return [line.text for line in rows_to_lines(glyph_rows)[0]]


# table 四's first value columns, 30 pt apart (samplegen pdf:2:4, `其他结果` is 2 em wide)
VALUES = [("20", 83.0), ("0", 115.0), ("驳回", 138.0), ("0", 175.0), ("39", 203.0)]


def test_number_under_bohui_continues_it() -> None:
    assert _lines(VALUES, [("19", 143.0)]) == ["20 0 驳回19 0 39"]


def test_number_under_a_number_is_a_row_of_its_own() -> None:
    """`12` is whole: the `3` under it (a one-value row without label) stays a line."""
    values = [("20", 83.0), ("12", 113.0), ("0", 175.0)]
    assert _lines(values, [("3", 115.0)]) == ["20 12 0", "3"]


def test_row_of_values_under_text_cells_is_never_merged() -> None:
    """Two value pieces under two text cells (a header) are a row, not two tails, even at wrap pitch."""
    header = [("项目", 75.0), ("驳回", 138.0), ("其中", 168.0), ("总计", 198.0)]
    assert _lines(header, [("19", 143.0), ("7", 173.0)]) == ["项目 驳回 其中 总计", "19 7"]


def test_number_outside_the_cell_or_far_below_is_no_tail() -> None:
    assert _lines(VALUES, [("19", 158.0)]) == ["20 0 驳回 0 39", "19"]  # starts past 驳回's right edge
    rows = ((VALUES, 100.0), ([("19", 143.0)], 118.0))
    far = [[g for text, x0 in row for g in _piece(text, x0, top)] for row, top in rows]
    assert [line.text for line in rows_to_lines(far)[0]] == ["20 0 驳回 0 39", "19"]  # a table row's pitch


def test_wrapped_bohui_reads_whole_in_the_record() -> None:
    """samplegen pdf:2:4 (2021), unruled: `驳回19` wraps in table 四's narrow `其他结果` column."""
    spec = ReportSpec("2021", "cell_per_line", "utf-8", "pdf:2:4")
    report = build_report(spec)
    data = render_pdf(report, draw_style(spec.seed, "unruled", "cid")).data
    record = extract_bytes(data, ReadOptions(path="report.pdf")).to_json()
    other = _cell(record, "review_litigation.review.other")
    assert (other["value"], other["raw"]) == (19, "驳回19")
    values = {t: {r: {c: v["value"] for c, v in cols.items()} for r, cols in rows.items()}
              for t, rows in record["tables"].items()}
    assert values == truth_tables(report)[0]
