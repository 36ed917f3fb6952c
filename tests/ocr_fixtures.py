"""The box fixtures of tests/fixtures/ocr/ read into records without the engine (test_ocr_boxes, test_ocr_digits)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import document_to_record
from docstruct.extract.readers.ocr.pages import page_from_fixture
from docstruct.extract.readers.ocr.reader import images_to_document
from tests.records import truth_misses

FIXTURES = Path(__file__).parent / "fixtures" / "ocr"


def fixture_pages(name: str) -> list[dict[str, Any]]:
    """The pages of one captured scan (NAME.p1.json, NAME.p2.json, …), as JSON."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob(f"{name}.p*.json"))]


def fixture_record(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """The record of those pages, read through the same layout, stream, template and checks as a scan."""
    doc = images_to_document([page_from_fixture(p) for p in pages], b"fixture", ReadOptions(path="scan.png"), "png")
    return document_to_record(doc).to_json()


def fixture_misses(record: dict[str, Any], name: str) -> dict[tuple[str, str, str], Any]:
    """The cells of fixture NAME's truth the record does not hold, as (wanted, got)."""
    return truth_misses(record, FIXTURES / f"{name}.truth.json")
