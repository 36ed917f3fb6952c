"""Where OCR boxes land in the page layout (issue 13), from box fixtures: no engine needed.

wrapped.p*.json: samplegen seed 1313 report f004 (a table printed without rules) as a noisy 200 dpi scan
(bench/scans.py make --noisy), whose table 四 prints the review's other results as `驳回` over `10` in one
narrow cell.
"""

from __future__ import annotations

import json
from typing import Any

from tests.ocr_fixtures import FIXTURES
from tests.ocr_fixtures import fixture_pages as _pages
from tests.ocr_fixtures import fixture_record as _record


def _wrong(record: dict[str, Any], name: str) -> dict[tuple[str, str, str], Any]:
    """The truth's cells the record does not hold as (wanted, got)."""
    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))
    got = {(t, r, c): cell["value"] for t, rows in record["tables"].items() for r, cols in rows.items()
           for c, cell in cols.items()}
    return {(t, r, c): (v, got.get((t, r, c))) for t, rows in truth["tables"].items() for r, cols in rows.items()
            for c, v in cols.items() if got.get((t, r, c)) != v}


def test_the_tail_of_a_wrapped_value_cell_joins_its_cell_in_a_scan() -> None:
    # OCR's boxes hug the ink: read as the em, a CJK character's ink made the gap under `驳回` wider than
    # the reader's stacking gap, `10` stood as a line of its own and table 四's only row was left out
    record = _record(_pages("wrapped"))
    assert not _wrong(record, "wrapped")
    review = record["tables"]["review_litigation"]["review"]
    assert (review["other"]["value"], review["total"]["value"]) == (10, 29)
