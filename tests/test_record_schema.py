"""Every record validates against the shipped JSON Schema (issue 7, item 2), so pipelines can rely on it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from docstruct.extract import extract_file
from docstruct.extract.record_schema import SCHEMA_FILE, record_schema
from docstruct.extract.templates import load_data

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a dev dependency (pip install -e .[dev])")

ROOT = Path(__file__).resolve().parent.parent
SHARED_REAL = ROOT.parent / "shared" / "real"
SUFFIXES = (".txt", ".html", ".pdf", ".docx")
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in SUFFIXES)


def _validator() -> Any:
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(record: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(record)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_record_validates(path: Path) -> None:
    record = extract_file(path).to_json()
    assert _errors(record) == []


def test_real_records_validate() -> None:
    if not SHARED_REAL.is_dir():
        pytest.skip(f"{SHARED_REAL} is absent (../shared sits beside the clone in CI, not in a user's fresh clone)")
    files = sorted(p for p in SHARED_REAL.iterdir() if p.suffix in SUFFIXES)
    assert files
    bad = {p.name: errs[:3] for p in files if (errs := _errors(extract_file(p).to_json()))}
    assert bad == {}


def test_schema_rejects_what_the_spec_forbids() -> None:
    """The schema is not a rubber stamp: unknown row ids, a string value, a missing list all fail."""
    record = extract_file(ROOT / "samples" / "gen02_2021_glued_crawler.txt").to_json()
    assert _errors(record) == []
    broken = []
    r = copy.deepcopy(record)
    r["tables"]["applications"]["invented_row"] = {}
    broken.append(r)
    r = copy.deepcopy(record)
    r["tables"]["applications"]["granted"]["total"]["value"] = "30"
    broken.append(r)
    r = copy.deepcopy(record)
    del r["facts"]
    broken.append(r)
    r = copy.deepcopy(record)
    r["checks"].append({"rule": "applications.balance[total]", "ok": "yes", "detail": ""})
    broken.append(r)
    r = copy.deepcopy(record)
    r["facts"].append({"key": None, "subject": "x", "value": 3, "unit": "件", "raw": "3件", "sentence": "s"})
    broken.append(r)
    for r in broken:
        assert _errors(r), json.dumps(r, ensure_ascii=False)[:200]


def test_schema_row_ids_follow_the_templates() -> None:
    """Every row and column id the templates can emit is allowed, and no other."""
    tables = record_schema()["properties"]["tables"]["properties"]
    ad = {r["id"]: set(r["columns"]) for v in ("t2019", "t2021") for r in load_data(v)["active_disclosure"]["rows"]}
    for row, cols in ad.items():
        assert cols <= set(tables["active_disclosure"]["properties"][row]["properties"])
    apps = [r["id"] for r in load_data("applications")["rows"] if not r.get("heading")]
    assert list(tables["applications"]["properties"]) == apps
    assert SCHEMA_FILE.name == "record.schema.json"
