"""A row of one blank cell, then one cell holding the other columns' numbers ('|  | 0 940 |').

Columns collapse (real-world-variations.md, 'Converted and transcribed reports': three values in
two cells); the generated md_converter/md_ocr batches of bench/accuracy.py print it for table 二
(f073, f082, f150 of the 162-report batches).  The cells account for every column exactly, so the
blank is the first column, with a warning; every other shape of blank cells beside merged numbers
stays left out unless the row sums place it (28052b7: markitdown adds blank cells where no column is).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from docstruct import extract_file
from docstruct.extract.tables.align import align_sequence, is_unaligned, lead_blank
from docstruct.extract.tables.glued import Chunk
from docstruct.extract.tables.match import row_rules
from docstruct.extract.templates import load_template
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "gen21_2021_md_converter.md"
ROW = "| 行政规范性文件 | 7 | 0 | 54 |"
APPLICATIONS = load_template("2021").tables["applications"]
THREE = ("issued", "repealed", "in_force")


def _chunks(cells: list[str], end_line: bool = False) -> list[Chunk]:
    """Chunks as region_chunks makes them from '|  | 0 940 |' cells; ``end_line`` adds the empty line after."""
    out, pos = [], 0
    for cell in cells:
        parts = cell.split()
        for part in parts or [""]:
            merged = " ".join(parts) if len(parts) > 1 else ""
            out.append(Chunk(part, pos, fixed=part == "", value=None, merged=merged))
            pos += len(part) + 1
    if end_line:
        out.append(Chunk("", pos, fixed=True, value=None, soft=True))
    return out


def _record(row: str) -> dict[str, Any]:
    text = SAMPLE.read_text(encoding="utf-8")
    assert ROW in text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.md"
        path.write_text(text.replace(ROW, row, 1), encoding="utf-8")
        return extract_file(path).to_json()


def _values(record: dict[str, Any]) -> dict[str, Any]:
    row = record["tables"]["active_disclosure"].get("normative_documents", {})
    return {col: cell["value"] for col, cell in row.items()}


@pytest.mark.parametrize(
    "cells",
    [["", "0 940"], ["", "0 940", ""]],
    ids=["own-table", "padded-to-the-grid"],
)
def test_one_blank_cell_and_one_cell_of_the_other_numbers_is_read(cells: list[str]) -> None:
    chunks = _chunks(cells, end_line=True)
    assert is_unaligned(chunks, 3)
    split = lead_blank(chunks, 3)
    assert split is not None and split.values == (None, 0, 940)
    aligned = align_sequence(chunks, THREE, [])
    assert aligned is not None and [s.values for s in aligned.splits] == [(None, 0, 940)]
    assert "blank cells placed by the cells" in aligned.how
    assert "the blank read as column 'issued'" in aligned.evidence


@pytest.mark.parametrize(
    "cells",
    [
        ["", "", "0 940"],  # two blank cells: which one is a column is unknown
        ["0 940", ""],  # the blank after the numbers: (0, 940, ·) or a padding cell
        ["", "0 940", "", ""],  # more cells than columns: blank cells where no column is
        ["", "0 940 5"],  # as many numbers as columns: read by the count, not here
        ["", "0", "940"],  # no merged cell
    ],
)
def test_other_blank_cells_beside_merged_numbers_are_not_placed_by_the_cells(cells: list[str]) -> None:
    assert lead_blank(_chunks(cells, end_line=True), 3) is None


def test_two_cells_alike_are_not_one_cell() -> None:
    """'|  | 0 0 | 0 0 |' under five columns: four numbers, but in two cells."""
    assert lead_blank(_chunks(["", "0 0", "0 0"]), 5) is None


def test_a_number_on_a_later_line_is_no_part_of_the_row_line() -> None:
    chunks = [*_chunks(["", "0"]), Chunk("", 9, fixed=True, soft=True), Chunk("940", 10)]
    assert lead_blank(chunks, 3) is None


def test_row_sums_that_fail_for_the_cells_reading_leave_the_row_out() -> None:
    """Table 三, six numbers in one cell: 总计 4 below the parts 5+1 fails whatever the blank first part holds."""
    rules = row_rules(APPLICATIONS, APPLICATIONS.columns)
    chunks = _chunks(["", "5 1 0 0 0 4"], end_line=True)
    aligned = align_sequence(chunks, APPLICATIONS.columns, rules)
    assert aligned is not None and aligned.splits == ()


def test_a_collapsed_table_two_row_is_read_with_a_warning() -> None:
    record = _record("| 行政规范性文件 |  | 0 54 |")
    assert _values(record) == {"issued": None, "repealed": 0, "in_force": 54}
    (warning,) = [w for w in record["warnings"] if w.startswith("active_disclosure.normative_documents:")]
    assert "'|  | 0 54 |'" in warning and "no label or row sum confirms it" in warning
    assert "check it against the source" in warning


def test_a_blank_cell_where_no_column_is_still_leaves_the_row_out() -> None:
    """28052b7's rule stands: '|  | 7 |  | 54 |' (more cells than columns) is not placed."""
    assert _values(_record("| 行政规范性文件 |  | 7 |  | 54 |")) == {}


def test_an_annotation_riding_in_the_merged_cell_keeps_its_number() -> None:
    """'|  | 5 752（其中新制定544件） |  |' (generated md_converter seed 11 f039): the annotated number is a cell's."""
    record = _record("| 行政规范性文件 |  | 0 54（其中修订2件） |")
    assert _values(record) == {"issued": None, "repealed": 0, "in_force": 54}
