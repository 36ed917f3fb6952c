"""Issue 12: empty lines read as blank cells in a report that sets an empty line after most lines.

pymupdf4llm wrote seed 5252's f004 (a one-cell-per-line PDF) as paragraphs, an empty line after each;
a page break inside table 二's 行政许可 row left '行政许可' / '' / '— 1 —' / '' / '88' / '', and the two
empty lines were read as blank cells: 88 became 处理决定数量 with no warning, where the PDF printed it
as 上一年项目数量 (a wrong value).  tables/empty_lines.py.
"""

from __future__ import annotations

import re
from typing import Any

from docstruct.extract import ReadOptions, extract_bytes
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "cases" / "converted_pdf" / "pymupdf4llm_s5252_f004_2019_flat_cid.md"


def _record(text: str) -> dict[str, Any]:
    return extract_bytes(text.encode("utf-8"), ReadOptions(path="report.md")).to_json()


def test_empty_lines_of_a_gapped_report_place_no_number_unconfirmed() -> None:
    record = _record(FIXTURE.read_text(encoding="utf-8"))
    assert "licensing" not in record["tables"]["active_disclosure"]
    warning = [w for w in record["warnings"] if w.startswith("active_disclosure.licensing")]
    assert warning and "2 empty lines read as blank cells" in warning[0] and "cells left out" in warning[0]
    wrong = [
        (row, col)
        for row, cols in record["tables"]["active_disclosure"].items()
        for col, cell in cols.items()
        if row == "licensing" and cell["value"] == 88 and col != "previous"
    ]
    assert wrong == []


def test_a_report_without_paragraph_gaps_keeps_its_empty_lines_as_cells() -> None:
    # the same report with the paragraph gaps closed, but for the two around the 88: now an empty line
    # is a blank cell (samplegen's cell_per_line), and the count reads the row as before, unwarned
    text = FIXTURE.read_text(encoding="utf-8")
    head, sep, tail = text.partition("行政许可 \n\n— 1 — \n\n88 \n\n")
    assert sep
    closed = re.sub(r"\n\n+", "\n", head) + sep + re.sub(r"\n\n+", "\n", tail)
    record = _record(closed)
    licensing = record["tables"]["active_disclosure"]["licensing"]
    assert licensing["decisions"]["value"] == 88
    assert not any("empty line" in w for w in record["warnings"])
