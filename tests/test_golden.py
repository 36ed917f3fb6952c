"""Golden records: one expected record per sample; a missing golden fails.

Regenerate on purpose only: DOCSTRUCT_REGEN_GOLDEN=1 (CI never sets it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docstruct.extract import ReadOptions, extract_bytes
from docstruct.extract.formats import SUFFIXES
from docstruct.extract.writers.json import record_to_json
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"
REGEN = os.environ.get("DOCSTRUCT_REGEN_GOLDEN") == "1"


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SUFFIXES and p.name != "README.md")


def record_text(path: Path) -> str:
    """The record as the CLI prints it, with the path relative to the project."""
    rel = path.relative_to(ROOT).as_posix()
    return record_to_json(extract_bytes(path.read_bytes(), ReadOptions(path=rel)).to_json()) + "\n"


def test_there_are_samples() -> None:
    assert sample_files(), "samples/ holds no sample reports"


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_sample_matches_golden(path: Path) -> None:
    golden = GOLDEN / f"{path.name}.json"
    got = record_text(path)
    if REGEN:
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"missing golden {golden.relative_to(ROOT)}: regenerate on purpose (see module doc)"
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = _first_difference(json.loads(want), json.loads(got))
        pytest.fail(f"{path.name} differs from its golden at {diff}")


def _first_difference(want: object, got: object, where: str = "") -> str:
    if isinstance(want, dict) and isinstance(got, dict):
        for key in list(want) + [k for k in got if k not in want]:
            if want.get(key) != got.get(key):
                return _first_difference(want.get(key), got.get(key), f"{where}.{key}")
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{i}]")
    return f"{where or '<root>'}: want {want!r:.200}, got {got!r:.200}"


def test_no_orphan_goldens() -> None:
    names = {f"{p.name}.json" for p in sample_files()}
    orphans = [g.name for g in GOLDEN.glob("*.json") if g.name not in names]
    assert not orphans, f"goldens without a sample: {orphans}"
