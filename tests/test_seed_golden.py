"""The seed report's record, pinned: every byte of it but the section texts.

The seed lives in ../shared (the project does not copy real reports), so its
golden keeps each section's text as a hash and a length, not the text.
Regenerate on purpose only: DOCSTRUCT_REGEN_GOLDEN=1.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from docstruct.extract import ReadOptions, extract_bytes
from docstruct.extract.writers.json import record_to_json
from tests.conftest import ROOT, shared_path

GOLDEN = ROOT / "tests" / "golden" / "shared" / "seed.json"


def pinned(record: dict[str, Any]) -> dict[str, Any]:
    """The record with section texts and fact sentences replaced by their hash and length."""
    for section in record["sections"]:
        text = section.pop("text")
        section["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        section["text_chars"] = len(text)
    for fact in record["facts"]:  # a fact's sentence is the seed's text too
        sentence = fact.pop("sentence")
        fact["sentence_sha256"] = hashlib.sha256(sentence.encode("utf-8")).hexdigest()
        fact["sentence_chars"] = len(sentence)
    return record


def test_seed_record_matches_golden() -> None:
    seed = sorted(shared_path("seeds").glob("*.txt"))[0]
    record = extract_bytes(seed.read_bytes(), ReadOptions(path=f"../shared/seeds/{seed.name}")).to_json()
    got = record_to_json(pinned(record)) + "\n"
    if os.environ.get("DOCSTRUCT_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert GOLDEN.exists(), "missing golden tests/golden/shared/seed.json"
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json.loads(got) == want
    assert got == GOLDEN.read_text(encoding="utf-8")
    assert record["metadata"]["template"] == "2019"
    assert all(check["ok"] is True for check in record["checks"])
    assert record["tables"]["review_litigation"]["review"]["other"]["raw"] == "驳回1"
