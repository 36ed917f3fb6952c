"""Record helpers shared by the format tests: what must be equal across formats."""

from __future__ import annotations

from typing import Any

from docstruct.extract import ReadOptions, extract_bytes


def essence(record: dict[str, Any]) -> tuple[Any, Any, Any]:
    """A record without provenance: metadata, every cell's value and raw, failed checks."""
    tables = {
        name: {row: {col: (cell["value"], cell["raw"]) for col, cell in cols.items()} for row, cols in rows.items()}
        for name, rows in record["tables"].items()
    }
    failed = sorted(c["rule"] for c in record["checks"] if c["ok"] is False)
    return record["metadata"], tables, failed


def text_record(text: str) -> dict[str, Any]:
    """The record of a text form given as a string."""
    return extract_bytes(text.encode("utf-8"), ReadOptions(path="x.txt"), fmt="txt").to_json()
