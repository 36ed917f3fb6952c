"""A PDF whose text matrix holds 300-digit numbers (issue 18's fuzzing, on the merged main): a glyph at
infinity is off any page, so no infinite coordinate reaches the record (it was an `internal` failure:
'Out of range float values are not JSON compliant')."""

from __future__ import annotations

import json
import math

from docstruct.extract import extract_bytes
from docstruct.extract.writers.json import record_to_json
from tests.conftest import ROOT

NINES = ROOT / "tests" / "fuzz" / "pdf_text_matrix_nines.pdf"


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def test_a_glyph_at_infinity_never_reaches_the_record() -> None:
    record = extract_bytes(NINES.read_bytes()).to_json()
    assert _finite(record)
    json.loads(record_to_json(record))  # the writer refuses inf: this raised before the fix
