"""Where OCR boxes land in the page layout (issue 13), from box fixtures: no engine needed.

wrapped.p*.json: samplegen seed 1313 report f004 (a table printed without rules) as a noisy 200 dpi scan
(bench/scans.py make --noisy), whose table 四 prints the review's other results as `驳回` over `10` in one
narrow cell.  stroke.p*.json: f012 of the same set, where OCR read a printed '1' of table 三 as '一'.
confirmed.p*.json: f007 as a clean 150 dpi scan, a low-score 0 in a table whose sums fail as printed.
"""

from __future__ import annotations

from typing import Any

import pytest

from docstruct.extract.readers.ocr.boxes import OcrChar, OcrLine, OcrPage
from tests.ocr_fixtures import fixture_misses as _wrong
from tests.ocr_fixtures import fixture_pages as _pages
from tests.ocr_fixtures import fixture_record as _record


def test_the_tail_of_a_wrapped_value_cell_joins_its_cell_in_a_scan() -> None:
    # OCR's boxes hug the ink: read as the em, a CJK character's ink made the gap under `驳回` wider than
    # the reader's stacking gap, `10` stood as a line of its own and table 四's only row was left out
    record = _record(_pages("wrapped"))
    assert not _wrong(record, "wrapped")
    review = record["tables"]["review_litigation"]["review"]
    assert (review["other"]["value"], review["total"]["value"]) == (10, 29)


def _stroke_with(text: str) -> dict[str, Any]:
    """The stroke fixture (f012: OCR read the '1' of table 三's 商业企业 column as '一') with that cell as text."""
    pages = _pages("stroke")
    line = next(ln for page in pages for ln in page["ocr"]["lines"] if ln["text"] == "一")
    line["text"] = text
    for char in line["chars"]:
        char[0] = text
    return _record(pages)


def test_a_grid_cell_read_as_no_value_stays_in_its_column() -> None:
    # '二' is no reading of a digit: the cell is null in its own column; dropped, the row's later values
    # moved one column left and the total 5 was recorded under 其他 with no warning
    record = _stroke_with("二")
    row = record["tables"]["applications"]["denied_process"]
    assert row["commercial"]["value"] is None
    assert (row["natural_person"]["value"], row["other_org"]["value"], row["total"]["value"]) == (4, 0, 5)
    assert any(w.startswith("applications.denied_process.commercial: the grid cell holds '二', no value")
               for w in record["warnings"])
    assert not {k for k, (want, got) in _wrong(record, "stroke").items() if got is not None}


def test_a_stroke_read_for_a_one_is_taken_where_the_sums_hold_with_it() -> None:
    record = _record(_pages("stroke"))
    assert not _wrong(record, "stroke")
    said = [w for w in record["warnings"] if w.startswith("applications.denied_process.commercial: OCR read '一'")]
    assert said and "taken as 1" in said[0]


def test_a_stroke_the_sums_deny_as_a_one_stays_null() -> None:
    pages = _pages("stroke")
    # the row's natural_person 4 edited to 5: the row total 5 then fails with commercial 1
    line = next(ln for page in pages for ln in page["ocr"]["lines"] if ln["text"] == "4" and 660 < ln["box"][1] < 690)
    line["text"] = line["chars"][0][0] = "5"
    record = _record(pages)
    row = record["tables"]["applications"]["denied_process"]
    assert (row["commercial"]["value"], row["commercial"]["raw"]) == (None, "一")
    assert not any(w.startswith("applications.denied_process.commercial: OCR read '一'") for w in record["warnings"])


def _line_at(pages: list[dict[str, Any]], label: str, x: float) -> dict[str, Any]:
    """The OCR line of the cell in the row labelled ``label`` whose box starts at x (pixels)."""
    row = next(ln for page in pages for ln in page["ocr"]["lines"] if ln["text"] == label)
    middle = (row["box"][1] + row["box"][3]) / 2
    return next(ln for page in pages for ln in page["ocr"]["lines"]
                if abs((ln["box"][1] + ln["box"][3]) / 2 - middle) < 12 and abs(ln["box"][0] - x) < 3)


def test_a_doubtful_digit_one_of_its_rules_confirms_is_kept() -> None:
    # ruled fixture (seed 1313 f001 at 200 dpi), table 三's 社会公益组织 column (x 1122 px): the total
    # handled 0 read with a low score, and the carried-forward 0 under it edited to 5 (read confidently),
    # so balance[nonprofit] fails; handled_sum[nonprofit] holds with the 0, which is kept as read
    pages = _pages("ruled")
    doubtful = _line_at(pages, "(七)总计", 1122.5)
    doubtful["score"] = doubtful["chars"][0][2] = 0.5
    other = _line_at(pages, "四、结转下年度继续办理", 1122.5)
    other["text"] = other["chars"][0][0] = "5"
    record = _record(pages)
    cell = record["tables"]["applications"]["total_handled"]["nonprofit"]
    assert (cell["value"], cell["source"]["confidence"]) == (0, 0.5)
    said = [w for w in record["warnings"] if w.startswith("applications.total_handled.nonprofit:")]
    assert said and "applications.balance[nonprofit] fail" in said[0] and "kept as read" in said[0]
    assert any(c["ok"] is False and c["rule"] == "applications.balance[nonprofit]" for c in record["checks"])


def test_a_low_score_zero_in_a_report_whose_sums_fail_is_kept_where_its_row_holds() -> None:
    # confirmed.p*.json: seed 1313 f007 as a 150 dpi scan; its table 三 fails handled_sum[natural_person] as
    # printed (the truth says so), and OCR read denied_security.natural_person's 0 with a score of 0.84
    record = _record(_pages("confirmed"))
    assert not _wrong(record, "confirmed")
    said = [w for w in record["warnings"] if w.startswith("applications.denied_security.natural_person:")]
    assert said and "row_total[denied_security] hold with it: kept as read" in said[0]


def test_a_page_the_engine_reads_empty_is_read_again_cut_to_its_ink(monkeypatch: pytest.MonkeyPatch) -> None:
    # seed 2929 f011 as a clean 150 dpi scan: its last page holds only the date, which PP-OCR did not detect on
    # the whole page and read at 0.99 on the page cut to its ink; here an engine that sees text only in a cut
    np = pytest.importorskip("numpy")
    cv2 = pytest.importorskip("cv2", reason="OpenCV comes with the OCR extra: pip install 'docstruct[ocr]'")
    from docstruct.extract.readers.ocr import engine, pages

    image = np.full((2339, 1655), 255, dtype=np.uint8)
    cv2.putText(image, "2025 1 10", (830, 230), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    seen: list[tuple[int, ...]] = []

    def fake(crop: Any, dpi: float, angle: float = 0.0) -> OcrPage:
        seen.append(crop.shape)
        if crop.shape == image.shape:
            return OcrPage(crop.shape[1], crop.shape[0], dpi, (), angle)
        char = OcrChar("2025", (40.0, 30.0, 100.0, 75.0), 0.99)
        line = OcrLine("2025年1月10日", (40.0, 30.0, 230.0, 75.0), 0.99, (char,))
        return OcrPage(crop.shape[1], crop.shape[0], dpi, (line,), angle)

    monkeypatch.setattr(engine, "ocr_image", fake)
    page = pages.read_image_page(image, 200.0)
    assert len(seen) == 2 and seen[1][0] < image.shape[0] / 4
    (line,) = page.ocr.lines
    assert line.text == "2025年1月10日" and line.box[0] > 700 and 150 < line.box[1] < 250
    assert line.chars[0].box[0] == line.box[0]
