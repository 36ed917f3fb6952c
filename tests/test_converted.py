"""What real converters wrote, read against its truth: committed bytes, so no converter is needed here.

tests/converted/<converter>_<format>/ holds markdown that bench/converters.py
had markitdown, pymupdf4llm, pandoc and docling write from generated PDF, DOCX
and HTML reports (seed 1200; tests/converted/README.md), each beside the
generator's truth.  Each folder meets its floors (bench/floors.json
'converted_<folder>', floors only go up; 'wrong_values' is a ceiling), and
each file's cells, failed checks and warnings match its golden in
tests/golden/converted/ (DOCSTRUCT_REGEN_GOLDEN=1 rewrites them; read every diff).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from bench.accuracy import below_floors, score, summarize, truth_pairs
from bench.converters import COMBOS
from docstruct.extract import ReadOptions, extract_bytes
from tests.conftest import ROOT

CONVERTED = ROOT / "tests" / "converted"
GOLDEN = ROOT / "tests" / "golden" / "converted"
FLOORS = ROOT / "bench" / "floors.json"
REGEN = os.environ.get("DOCSTRUCT_REGEN_GOLDEN") == "1"
MIN_FILES = 8  # per converter and source format (issue 12)


def _folders() -> list[str]:
    return sorted(f"{c.converter}_{c.fmt}" for c in COMBOS)


def _fixtures() -> list[Path]:
    return [doc for folder in _folders() for doc, _ in truth_pairs([CONVERTED / folder])]


def test_every_converter_and_format_has_its_fixtures() -> None:
    present = sorted(p.name for p in CONVERTED.iterdir() if p.is_dir())
    assert present == _folders()
    for folder in present:
        pairs = truth_pairs([CONVERTED / folder])
        assert len(pairs) >= MIN_FILES, folder
        assert {json.loads(t.read_text(encoding="utf-8"))["converter"] for _, t in pairs} == {folder.split("_")[0]}


@pytest.mark.parametrize("folder", _folders())
def test_converted_fixtures_meet_their_floors(folder: str) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    group = f"converted_{folder}"
    assert group in floors, f"bench/floors.json has no floors for {group}"
    summary = summarize([score(doc, truth) for doc, truth in truth_pairs([CONVERTED / folder])])
    assert summary["by_class"] == {folder.split("_")[0]: summary["cell_accuracy"]}
    assert below_floors(summary, floors, group) == []


def _digest(path: Path) -> dict[str, Any]:
    """The cells, failed checks and warnings of a fixture's record: what a reader change may move."""
    record = extract_bytes(path.read_bytes(), ReadOptions(path=path.name)).to_json()
    tables = {
        table: {row: {col: cell["value"] for col, cell in cols.items()} for row, cols in rows.items()}
        for table, rows in record["tables"].items()
    }
    failed = sorted(c["rule"] for c in record["checks"] if c["ok"] is False)
    return {"tables": tables, "checks_failed": failed, "warnings": record["warnings"]}


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_converted_fixture_matches_its_golden(path: Path) -> None:
    golden = GOLDEN / path.parent.name / f"{path.stem}.json"
    got = json.dumps(_digest(path), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"missing golden {golden.relative_to(ROOT)}: regenerate on purpose (module doc)"
    assert got == golden.read_text(encoding="utf-8")
