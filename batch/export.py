"""``docstruct export``: the store as JSONL, CSV (long, wide, facts, cross-report) or Parquet, in sha256 order.

``csv-cross`` and ``csv-twins`` are the cross-report results (batch/cross.py),
in their own order (series, then year; the pair of readings, then the cell).

Exports hold records only: failed documents stay in the store and the batch
summary.  The order is by content (sha256), and nothing that varies between
runs (extraction time) is written, so the same store gives the same bytes.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from docstruct.batch.cross import RESULT_COLUMNS, TWIN_COLUMNS
from docstruct.batch.store import wide_column_name, wide_columns

FORMATS = ("jsonl", "csv-long", "csv-wide", "csv-facts", "csv-cross", "csv-twins", "parquet")
DOC_COLUMNS = ("sha256", "path", "title", "agency", "year", "template", "status")
LONG_COLUMNS = (*DOC_COLUMNS[:6], "table", "row", "col", "value", "raw", "source")
FACT_COLUMNS = (*DOC_COLUMNS[:6], "key", "subject", "value", "unit", "raw", "sentence", "section", "source")
RECORDS = "FROM documents d WHERE d.status != 'failed' AND d.record IS NOT NULL"


def write_jsonl(conn: sqlite3.Connection, out: TextIO) -> int:
    """One record per line, exactly as ``docstruct extract --compact`` prints it."""
    n = 0
    for (text,) in conn.execute(f"SELECT d.record {RECORDS} ORDER BY d.sha256"):
        out.write(text)
        out.write("\n")
        n += 1
    return n


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    yield from conn.execute(sql)


def long_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """One row per cell: the report's identity, then table, row, col, value, raw, source."""
    return _rows(conn, 'SELECT d.sha256, d.path, d.title, d.agency, d.year, d.template, c."table", c."row", c.col, '
                       'c.value, c.raw, c.source FROM cells c JOIN documents d ON d.sha256 = c.sha256 '
                       "WHERE d.status != 'failed' ORDER BY c.sha256, c.seq")


def wide_header() -> tuple[str, ...]:
    """The wide table's columns: the report's identity, then one per table.row.col."""
    return (*DOC_COLUMNS, *(wide_column_name(*c) for c in wide_columns()))


def wide_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """One row per report (the report_wide view)."""
    columns = ", ".join(f'"{c}"' for c in wide_header())
    return _rows(conn, f"SELECT {columns} FROM report_wide ORDER BY sha256")


def fact_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """One row per narrative fact (the record's top-level facts)."""
    return _rows(conn, "SELECT d.sha256, d.path, d.title, d.agency, d.year, d.template, f.key, f.subject, f.value, "
                       "f.unit, f.raw, f.sentence, f.section, f.source FROM facts f JOIN documents d "
                       "ON d.sha256 = f.sha256 WHERE d.status != 'failed' ORDER BY f.sha256, f.seq")


def cross_rows(conn: sqlite3.Connection, view: str, columns: tuple[str, ...], order: str) -> Iterator[tuple[Any, ...]]:
    """The cross-report results (batch/cross.py), as the last batch or `docstruct check` left them."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (view,)).fetchone() is None:
        raise RuntimeError(f"the store has no {view}: run `docstruct check OUT` first")
    return _rows(conn, f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {view} ORDER BY {order}")


def write_csv(header: tuple[str, ...], rows: Iterator[tuple[Any, ...]], out: TextIO) -> int:
    """CSV rows (the caller opens ``out`` with the BOM or without)."""
    writer = csv.writer(out)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_parquet(conn: sqlite3.Connection, path: Path) -> int:
    """The wide table (one row per report) as Parquet; needs pyarrow (``pip install 'docstruct[parquet]'``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError("parquet export needs pyarrow: pip install 'docstruct[parquet]'") from exc
    header = wide_header()
    rows = list(wide_rows(conn))
    columns = {name: [r[i] for r in rows] for i, name in enumerate(header)}
    arrays = {}
    for i, name in enumerate(header):
        values = columns[name]
        if i >= len(DOC_COLUMNS):
            # counts and amounts: one numeric type per column (float when any value has a fraction)
            kind = pa.float64() if any(isinstance(v, float) for v in values) else pa.int64()
        else:
            kind = pa.int64() if name == "year" else pa.string()
        arrays[name] = pa.array(values, type=kind)
    pq.write_table(pa.table(arrays), path)
    return len(rows)


def export_store(conn: sqlite3.Connection, fmt: str, out: TextIO | Path) -> int:
    """Write one export; returns how many rows (records, cells or facts) it holds."""
    if fmt == "parquet":
        assert isinstance(out, Path)
        return write_parquet(conn, out)
    assert not isinstance(out, Path)
    if fmt == "jsonl":
        return write_jsonl(conn, out)
    if fmt == "csv-long":
        return write_csv(LONG_COLUMNS, long_rows(conn), out)
    if fmt == "csv-wide":
        return write_csv(wide_header(), wide_rows(conn), out)
    if fmt == "csv-facts":
        return write_csv(FACT_COLUMNS, fact_rows(conn), out)
    if fmt == "csv-cross":
        return write_csv(RESULT_COLUMNS, cross_rows(conn, "cross_check_results", RESULT_COLUMNS, "seq"), out)
    if fmt == "csv-twins":
        order = 'sha256_a, sha256_b, "table", "row", col'
        return write_csv(TWIN_COLUMNS, cross_rows(conn, "twin_disagreements", TWIN_COLUMNS, order), out)
    raise ValueError(f"unknown export format {fmt!r} ({', '.join(FORMATS)})")


def records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every stored record, in sha256 order."""
    for (text,) in conn.execute(f"SELECT d.record {RECORDS} ORDER BY d.sha256"):
        yield json.loads(text)
