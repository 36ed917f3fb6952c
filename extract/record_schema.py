"""The record's JSON Schema (report-schema.md as a machine-checkable contract), shipped in the package."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "record.schema.json"


@cache
def _schema_text() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


def record_schema() -> dict[str, Any]:
    """The JSON Schema every record validates against (a fresh copy: callers may change it)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
