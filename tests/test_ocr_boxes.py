"""The grid rebuild from OCR boxes, without the engine: JSON box fixtures captured from rapidocr (issue 13).

tests/fixtures/ocr/ruled.p*.json are the pages of a samplegen report printed to
a 200 dpi scan (bench/scans.py make), read by the engine and captured with
`python -m bench.scans capture`: the engine's line and character boxes and
the rules found in the image.  They go through the same page layout, grid
model, stream, template and checks as a text PDF.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.ocr.cells import fix_digits
from tests.ocr_fixtures import FIXTURES
from tests.ocr_fixtures import fixture_pages as _pages
from tests.ocr_fixtures import fixture_record as _record


def _truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))
    return data


def _cells(record: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    return {(t, r, c): cell["value"] for t, rows in record["tables"].items() for r, cols in rows.items()
            for c, cell in cols.items()}


def _find_char(pages: list[dict[str, Any]], line_text: str) -> tuple[dict[str, Any], list[Any]]:
    for page in pages:
        for line in page["ocr"]["lines"]:
            if line["text"] == line_text:
                return line, line["chars"]
    raise AssertionError(f"no OCR line {line_text!r} in the fixture")


@pytest.fixture(scope="module")
def ruled() -> dict[str, Any]:
    return _record(_pages("ruled"))


def test_ruled_scan_reads_every_cell_of_the_truth(ruled: dict[str, Any]) -> None:
    truth = _truth("ruled")
    got = _cells(ruled)
    want = {(t, r, c): v for t, rows in truth["tables"].items() for r, cols in rows.items() for c, v in cols.items()}
    wrong = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
    assert not wrong
    assert ruled["metadata"]["template"] == truth["metadata"]["template"]
    assert ruled["metadata"]["title"] == truth["metadata"]["title"]
    failed = [c["rule"] for c in ruled["checks"] if c["ok"] is False and not c["rule"].startswith("narrative.")]
    assert failed == truth.get("checks_failed", [])


def test_cells_carry_page_box_and_confidence(ruled: dict[str, Any]) -> None:
    cell = ruled["tables"]["applications"]["new_received"]["natural_person"]
    source = cell["source"]
    assert source["page"] >= 1 and len(source["bbox"]) == 4
    assert 0.0 < source["confidence"] <= 1.0
    steps = {s["name"] for s in ruled["normalization"]["steps"]}
    assert {"ocr_pages", "ocr_image_input"} <= steps


def test_vertical_group_labels_do_not_merge_rows(ruled: dict[str, Any]) -> None:
    # 本年度办理结果 and (三)不予公开 stand vertically beside the rows they group (real-world-variations.md 'Scans')
    rows = ruled["tables"]["applications"]
    truth = _truth("ruled")["tables"]["applications"]
    assert set(truth) <= set(rows)


def test_an_edited_digit_fails_its_sum_and_the_record_says_so() -> None:
    pages = copy.deepcopy(_pages("ruled"))
    truth = _truth("ruled")["tables"]["applications"]["granted"]["natural_person"]
    line, chars = _find_char(pages, str(truth))
    edited = str(truth + 10) if truth % 100 < 90 else str(truth - 10)
    line["text"] = edited
    for char in chars:
        if char[0] == str(truth):
            char[0] = edited
    record = _record(pages)
    assert record["tables"]["applications"]["granted"]["natural_person"]["value"] == int(edited)
    failed = [c for c in record["checks"] if c["ok"] is False]
    assert any("natural_person" in c["rule"] and "=" in c["detail"] for c in failed), failed


def test_a_letter_for_a_digit_is_read_as_the_digit_with_a_warning() -> None:
    pages = copy.deepcopy(_pages("ruled"))
    for name, letter in (("0", "O"), ("14", "l4")):
        line, chars = _find_char(pages, name)
        line["text"] = letter
        for char in chars:
            char[0] = char[0].replace("0", "O").replace("14", "l4")
    record = _record(pages)
    want = _truth("ruled")
    got = _cells(record)
    assert all(got.get((t, r, c)) == v for t, rows in want["tables"].items() for r, cols in rows.items()
               for c, v in cols.items())
    assert sum("OCR read 'O', taken as the number 0" in w for w in record["warnings"]) == 1
    assert sum("OCR read 'l4', taken as the number 14" in w for w in record["warnings"]) == 1


def test_low_confidence_number_is_a_warning() -> None:
    pages = copy.deepcopy(_pages("ruled"))
    truth = _truth("ruled")["tables"]["applications"]["granted"]["natural_person"]
    line, _chars = _find_char(pages, str(truth))
    line["score"] = 0.41
    record = _record(pages)
    cell = record["tables"]["applications"]["granted"]["natural_person"]
    assert cell["source"]["confidence"] == pytest.approx(0.41)
    assert any("confidence 0.41" in w and f"'{truth}'" in w for w in record["warnings"])


@pytest.mark.parametrize(("text", "fixed"), [
    ("O", "0"), ("l", "1"), ("1O5", "105"), ("I2", "12"), ("5 4 9 8", "5498"), ("12", ""), ("本年", ""),
    ("Ol", ""), ("行政l", ""), ("1,2O3", "1,203"),
])
def test_fix_digits(text: str, fixed: str) -> None:
    assert fix_digits(text) == fixed


def test_same_boxes_same_record() -> None:
    first = json.dumps(_record(_pages("ruled")), ensure_ascii=False, sort_keys=True)
    second = json.dumps(_record(_pages("ruled")), ensure_ascii=False, sort_keys=True)
    assert first == second


def _doubtful(edit: int, score: float) -> tuple[dict[str, Any], int]:
    pages = copy.deepcopy(_pages("ruled"))
    truth = _truth("ruled")["tables"]["applications"]["granted"]["natural_person"]
    line, chars = _find_char(pages, str(truth))
    edited = str(truth + edit)
    line["text"], line["score"] = edited, score
    for char in chars:
        if char[0] == str(truth):
            char[0] = edited
    return _record(pages), truth


def test_a_doubtful_digit_is_settled_by_the_sums_where_one_reading_is_left() -> None:
    record, truth = _doubtful(10, 0.41)  # one digit off, read with a low score
    cell = record["tables"]["applications"]["granted"]["natural_person"]
    assert cell["value"] == truth
    assert cell["raw"] == str(truth + 10)
    said = [w for w in record["warnings"] if "applications.granted.natural_person" in w]
    assert said and f"is {truth}: taken" in said[0]
    assert all(c["ok"] is not False for c in record["checks"] if "natural_person" in c["rule"]
               and not c["rule"].startswith("narrative."))


def test_a_doubtful_number_no_one_digit_reading_fixes_is_null_with_candidates() -> None:
    record, truth = _doubtful(111, 0.41)  # three digits off: no reading with one digit changed holds
    cell = record["tables"]["applications"]["granted"]["natural_person"]
    assert cell["value"] is None
    said = [w for w in record["warnings"] if "applications.granted.natural_person" in w]
    assert said and "left null" in said[0] and str(truth + 111) in said[0]


def test_a_confident_wrong_digit_is_kept_and_its_check_fails() -> None:
    record, truth = _doubtful(10, 0.99)  # printed (read) with a high score: never changed, the check says it
    cell = record["tables"]["applications"]["granted"]["natural_person"]
    assert cell["value"] == truth + 10
    assert any(c["ok"] is False and "natural_person" in c["rule"] for c in record["checks"])


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from docstruct.extract.errors import UnreadableInput
    from docstruct.extract.pipeline import extract_bytes
    from docstruct.extract.readers.ocr import engine

    monkeypatch.setattr(engine, "available", lambda: False)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    with pytest.raises(UnreadableInput, match=r"needs OCR: pip install 'docstruct\[ocr\]'"):
        extract_bytes(png, ReadOptions(path="scan.png"))
    pdf = (FIXTURES / "blank_scan.pdf").read_bytes()
    with pytest.raises(UnreadableInput, match=r"has a text layer.*needs OCR: pip install 'docstruct\[ocr\]'"):
        extract_bytes(pdf, ReadOptions(path="scan.pdf"))


@pytest.mark.parametrize(("head", "kind"), [
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff\xe0", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
    (b"%PDF-1.7", None), (b"GIF89a", None),
])
def test_images_are_sniffed_by_content(head: bytes, kind: str | None, tmp_path: Path) -> None:
    from docstruct.batch.discover import is_document
    from docstruct.extract.formats import image_kind
    from docstruct.extract.pipeline import sniff_format

    assert image_kind(head + b"\0" * 32) == kind
    if kind:
        assert sniff_format(head + b"\0" * 32, "scan.bin") == "pdf"
        named = tmp_path / "scan.dat"
        named.write_bytes(head + b"\0" * 32)
        assert not is_document(named)  # a folder's images are figures more often than scans: read when named


def test_unruled_scan_rows_and_columns_from_box_positions() -> None:
    # no rules in the image: the PDF reader's text-only tables (pdf/columns.py) lay the boxes out by column
    record = _record(_pages("unruled"))
    truth = _truth("unruled")
    got = _cells(record)
    want = {(t, r, c): v for t, rows in truth["tables"].items() for r, cols in rows.items() for c, v in cols.items()}
    wrong = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
    assert not wrong
    assert record["metadata"]["template"] == truth["metadata"]["template"]
