"""The record as JSON text: UTF-8, keys in record order, same input same bytes."""

from __future__ import annotations

import json
from typing import Any, TextIO


def record_to_json(record: dict[str, Any], indent: int | None = 1) -> str:
    """Serialise one record; ``indent=None`` gives one line (JSONL)."""
    sep = (",", ":") if indent is None else (",", ": ")
    return json.dumps(record, ensure_ascii=False, indent=indent, separators=sep, allow_nan=False)


def write_json(record: dict[str, Any], out: TextIO, indent: int | None = 1) -> None:
    """Write one record followed by a newline."""
    out.write(record_to_json(record, indent))
    out.write("\n")
