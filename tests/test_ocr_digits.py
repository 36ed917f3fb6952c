"""Digits the page image or the template contradicts (issue 13), from box fixtures: no engine needed.

slashes.p*.json: samplegen seed 1313 report f002 as a noisy 200 dpi scan (bench/scans.py), whose 规章 row
prints `/ / /` and which PP-OCR read as `1 1 1` (the ink's lean read them again, readers/ocr/reread.py).
comma.p*.json: f001 of the same seed, noisy 200 dpi, where OCR read the coercion decisions `1,449` as `1.449`.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from docstruct.extract.readers.ocr.boxes import OcrChar, OcrLine, OcrPage
from tests.ocr_fixtures import fixture_misses as _wrong
from tests.ocr_fixtures import fixture_pages as _pages
from tests.ocr_fixtures import fixture_record as _record


def test_slashes_read_as_ones_are_null_with_both_readings_said() -> None:
    record = _record(_pages("slashes"))
    assert not _wrong(record, "slashes")
    rules = record["tables"]["active_disclosure"]["rules"]
    assert [rules[c]["value"] for c in ("issued", "repealed", "in_force")] == [None, None, None]
    said = [w for w in record["warnings"] if "OCR read '1' where the ink leans as a '/' does" in w]
    assert len(said) == 3 and all("the other reading is 1" in w for w in said)


def test_a_thousands_comma_read_as_a_point_in_a_count_column_is_taken_with_a_warning() -> None:
    record = _record(_pages("comma"))
    assert not _wrong(record, "comma")
    cell = record["tables"]["active_disclosure"]["coercion"]["decisions"]
    assert (cell["value"], cell["raw"]) == (1449, "1.449")
    said = [w for w in record["warnings"] if w.startswith("active_disclosure.coercion.decisions:")]
    assert said and "thousands separator" in said[0] and "taken as 1449" in said[0]


def _ruled_with(text: str) -> dict[str, Any]:
    """The ruled fixture with applications.new_received.natural_person (1667, the first 1667 printed) as text."""
    pages = copy.deepcopy(_pages("ruled"))
    line = next(ln for page in pages for ln in page["ocr"]["lines"] if ln["text"] == "1667")
    line["text"] = text
    for char in line["chars"]:
        char[0] = char[0].replace("1667", text)
    return _record(pages)


def test_a_point_for_a_comma_in_a_summed_cell_is_taken_where_the_sums_hold() -> None:
    cell = _ruled_with("1.667")["tables"]["applications"]["new_received"]["natural_person"]
    assert cell["value"] == 1667


def test_a_point_for_a_comma_whose_reading_fails_the_sums_is_null_with_the_candidates() -> None:
    record = _ruled_with("1.676")
    cell = record["tables"]["applications"]["new_received"]["natural_person"]
    assert cell["value"] is None
    said = [w for w in record["warnings"] if w.startswith("applications.new_received.natural_person:")]
    assert said and "left null (candidates 1676)" in said[0]


def test_the_lean_of_the_ink_tells_a_slash_from_a_one() -> None:
    np = pytest.importorskip("numpy")
    cv2 = pytest.importorskip("cv2", reason="OpenCV comes with the OCR extra: pip install 'docstruct[ocr]'")
    from docstruct.extract.readers.ocr.reread import reread_slashes

    image = np.full((100, 300), 210, dtype=np.uint8)
    cv2.line(image, (30, 80), (42, 40), 30, 3)  # '/': its top to the right
    cv2.line(image, (100, 80), (100, 40), 30, 3)  # '1': a stem with a flag and a foot
    cv2.line(image, (100, 40), (94, 46), 30, 2)
    cv2.line(image, (94, 80), (106, 80), 30, 2)
    cv2.line(image, (200, 80), (212, 40), 30, 3)  # a leaning '1' inside a number is never looked at

    def line(text: str, x0: float) -> OcrLine:
        box = (x0, 36.0, x0 + 20.0, 84.0)
        return OcrLine(text, box, 0.6, (OcrChar(text, box, 0.6),))

    page = OcrPage(300, 100, 200.0, (line("1", 26.0), line("1", 90.0), line("13", 196.0)))
    again = reread_slashes(page, image)
    assert [(ln.text, ln.chars[0].text, ln.chars[0].read) for ln in again.lines] == [
        ("/", "/", "1"), ("1", "1", ""), ("13", "13", "")]
    assert reread_slashes(OcrPage(300, 100, 200.0, (line("1", 90.0),)), image).lines[0].text == "1"
