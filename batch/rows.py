"""A record flattened into the store's rows, computed where the record is made (in the worker).

The driver is the store's only writer and a serial step; everything per cell
that can be done beforehand is done here, in parallel, so the driver only
inserts.  Rows carry no sha256: the driver adds its key.
"""

from __future__ import annotations

import json
from typing import Any

from docstruct.extract.writers.json import record_to_json

FACT_FIELDS = ("key", "subject", "value", "unit", "raw", "sentence", "section")
# one encoder for every provenance object (json.dumps would build one per call)
_encode_source = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


# SQLite INTEGER is 64-bit signed; a larger int goes in as TEXT (its exact decimal digits)
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def sql_number(value: Any) -> Any:
    """A record value as the store keeps it: INTEGER when it fits 64 bits, else TEXT of its exact digits
    (issue 18: a 386-digit cell was an OverflowError); floats (REAL) and None as they are.

    ``typeof(value) = 'text'`` in SQL marks such a value; exports write the same digits."""
    if isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
        return str(value)
    return value


def source_text(source: Any) -> str:
    """Provenance as JSON text, keys sorted."""
    return _encode_source(source)


def record_rows(record: dict[str, Any]) -> dict[str, Any]:
    """The record's JSON line (as ``extract --compact`` prints it), metadata, cells, checks, warnings, facts."""
    meta = record.get("metadata") or {}
    checks = record.get("checks", [])
    cells: list[tuple[Any, ...]] = []
    for table, rows in record.get("tables", {}).items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                cells.append((table, row, col, len(cells), sql_number(cell.get("value")), cell.get("raw"),
                              _encode_source(cell.get("source"))))
    return {
        "text": record_to_json(record, indent=None),
        "meta": (meta.get("template"), meta.get("title"), meta.get("agency"), meta.get("year"),
                 sum(1 for c in checks if c.get("ok") is False)),
        "cells": cells,
        "checks": [(i, c.get("rule"), c.get("ok"), c.get("detail")) for i, c in enumerate(checks)],
        "warnings": list(enumerate(record.get("warnings", []))),
        "facts": [(i, *(sql_number(f.get(k)) for k in FACT_FIELDS), _encode_source(f.get("source")))
                  for i, f in enumerate(record.get("facts", []))],
    }
