"""Issue 12: a table-四 cell's words and its number split by markitdown (seed 3737 markitdown_pdf f007).

The unruled PDF printed 其他结果 as '驳回' / '28' in one cell.  markitdown kept '驳回' in the grid
row, in one cell with the next column's 0, and put 28 on a line of its own after the row.  Read as
printed the row had sixteen numbers and every sum failed, so table 四 was left out.  Read from
the committed fixture tests/converted/markitdown_pdf/s3737_f007_2019_unruled_cid.md.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from docstruct import extract_file
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "converted" / "markitdown_pdf" / "s3737_f007_2019_unruled_cid.md"
ROW = "| 0 0   | 驳回 0  | 28  | 0   | 17       | 0   | 0     | 17 5 | 0   | 10    | 0   | 15  |\n"


def _text(lone: str) -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    assert ROW + "28\n" in text
    return text.replace(ROW + "28\n", ROW + lone)


def _record(text: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.md"
        path.write_text(text, encoding="utf-8")
        return extract_file(path).to_json()


def _review(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows = record["tables"]["review_litigation"]
    return {rid: {col: cell["value"] for col, cell in cols.items()} for rid, cols in rows.items()}


def test_a_lone_number_after_the_row_is_the_words_own_number_where_the_sums_hold() -> None:
    record = _record(_text("28\n"))
    assert _review(record) == {
        "review": {"upheld": 0, "corrected": 0, "other": 28, "pending": 0, "total": 28},
        "litigation_direct": {"upheld": 0, "corrected": 17, "other": 0, "pending": 0, "total": 17},
        "litigation_after_review": {"upheld": 5, "corrected": 0, "other": 10, "pending": 0, "total": 15},
    }
    other = record["tables"]["review_litigation"]["review"]["other"]
    assert other["raw"] == "28" and other["source"]["line"] == 100  # read where it stands: the lone line
    warning = [w for w in record["warnings"] if w.startswith("review_litigation")]
    assert warning and "'驳回 0'" in warning[0] and "驳回28" in warning[0]
    assert "check it against the source" in warning[0]
    assert all(c["ok"] is not False for c in record["checks"] if c["rule"].startswith("review_litigation"))


def test_a_lone_number_the_sums_do_not_take_leaves_the_row_out() -> None:
    # 27 as the words' number: review 0+0+27+0 ≠ 28, so no reading is confirmed and nothing is placed
    record = _record(_text("27\n"))
    assert record["tables"].get("review_litigation", {}) == {}
    assert any(w.startswith("review_litigation") and "left out" in w for w in record["warnings"])
