"""The batch store: one SQLite file in the output folder (``OUT/docstruct.sqlite``), WAL, one writer.

``documents`` has one row per distinct content (sha256): its status, error, the
record as the exact JSON ``extract --compact`` prints; ``paths`` every name the
same bytes were found under; ``cells``, ``checks``, ``warnings`` and ``facts``
the record flattened for SQL.  Views: ``report_wide`` (one row per report, a
column per ``table.row.col`` of every template) and ``failed_checks`` (with
the report's title and agency).  The cross-report tables and views
(``report_keys``, ``reports``, ``cross_checks``, ``twins`` …) are batch/cross.py's.

Every document is written in one transaction, so a process killed at any
moment leaves either the whole document or none of it; a rerun skips what is
stored and completes the rest.  Only ``documents.seconds`` varies between runs;
``dump_store`` gives everything else as text, in key order, for comparisons.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docstruct.batch.cross import create_cross_schema
from docstruct.batch.rows import record_rows
from docstruct.extract.record import TABLE_ORDER

STORE_NAME = "docstruct.sqlite"
SCHEMA_VERSION = "1"

TABLES_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,            -- the name the record was made from (its source.path)
    format TEXT,                   -- pdf | docx | html | txt
    bytes INTEGER,
    status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    error_code TEXT,               -- failed only: unreadable unsupported timeout memory crashed internal
    error TEXT,                    -- failed only: one line
    seconds REAL,                  -- extraction time: the one column that varies between runs
    template TEXT, title TEXT, agency TEXT, year INTEGER,
    checks_failed INTEGER,
    record TEXT                    -- the record, one line of JSON as `extract --compact` prints it
);
CREATE TABLE IF NOT EXISTS paths (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    path TEXT NOT NULL,
    PRIMARY KEY (sha256, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cells (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    "table" TEXT NOT NULL, "row" TEXT NOT NULL, col TEXT NOT NULL,
    seq INTEGER NOT NULL,          -- order in the record
    value,                         -- integer, real or NULL, as in the record
    raw TEXT, source TEXT,         -- source: provenance as JSON
    PRIMARY KEY (sha256, "table", "row", col)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checks (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, rule TEXT NOT NULL,
    ok INTEGER,                    -- 1, 0, or NULL when it could not be evaluated
    detail TEXT,
    PRIMARY KEY (sha256, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS warnings (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (sha256, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS facts (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    key TEXT, subject TEXT, value, unit TEXT, raw TEXT, sentence TEXT, section TEXT, source TEXT,
    PRIMARY KEY (sha256, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paths_by_path ON paths (path);
"""

FAILED_CHECKS_VIEW = """
CREATE VIEW failed_checks AS
SELECT d.sha256, d.path, d.title, d.agency, d.year, d.template, c.rule, c.detail
FROM checks c JOIN documents d ON d.sha256 = c.sha256
WHERE c.ok = 0
"""
# the tables documents' rows are spread over, child tables first (deletes) / all (dumps)
CHILD_TABLES = ("paths", "cells", "checks", "warnings", "facts")
DUMP_ORDER = {
    "documents": "sha256",
    "paths": "sha256, path",
    "cells": 'sha256, "table", "row", col',
    "checks": "sha256, seq",
    "warnings": "sha256, seq",
    "facts": "sha256, seq",
}
# documents.seconds varies from run to run; every other column is the same for the same input
VARYING_COLUMNS = frozenset({("documents", "seconds")})
DOCUMENT_COLUMNS = ("sha256", "path", "format", "bytes", "status", "error_code", "error", "seconds", "template",
                    "title", "agency", "year", "checks_failed", "record")


@cache
def wide_columns() -> tuple[tuple[str, str, str], ...]:
    """Every (table, row, col) of every template, in table order, then template and row order."""
    from docstruct.extract.templates import all_templates

    seen: dict[tuple[str, str, str], None] = {}
    for name in TABLE_ORDER:
        for template in all_templates():
            for row in template.tables[name].rows:
                for col in row.columns if row.id else ():
                    seen[(name, row.id or "", col)] = None
    return tuple(seen)


def wide_column_name(table: str, row: str, col: str) -> str:
    """The wide view's column name of a cell."""
    return f"{table}.{row}.{col}"


def _wide_view_sql() -> str:
    parts = [
        f"MAX(CASE WHEN c.\"table\" = '{t}' AND c.\"row\" = '{r}' AND c.col = '{k}' THEN c.value END) "
        f'AS "{wide_column_name(t, r, k)}"'
        for t, r, k in wide_columns()
    ]
    return (
        "CREATE VIEW report_wide AS SELECT d.sha256, d.path, d.title, d.agency, d.year, d.template, d.status, "
        + ", ".join(parts)
        + " FROM documents d LEFT JOIN cells c ON c.sha256 = d.sha256 WHERE d.status != 'failed' GROUP BY d.sha256"
    )


@dataclass(frozen=True)
class StoredDocument:
    """One document as the driver writes it: its content id, names, and how extraction ended."""

    sha256: str
    path: str
    paths: tuple[str, ...]
    format: str | None
    bytes: int | None
    status: str
    error_code: str | None
    error: str | None
    seconds: float
    record: dict[str, Any] | None


class Store:
    """The SQLite store of one output folder; the batch driver is its only writer."""

    def __init__(self, out_dir: str | Path) -> None:
        self.path = Path(out_dir) / STORE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a killed process never loses a committed transaction (only a power cut could)
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(TABLES_SQL)  # each statement IF NOT EXISTS: safe to repeat
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            # views are derived: rebuilt from the templates on every open
            self.conn.execute("DROP VIEW IF EXISTS report_wide")
            self.conn.execute("DROP VIEW IF EXISTS failed_checks")
            self.conn.execute(_wide_view_sql())
            self.conn.execute(FAILED_CHECKS_VIEW)
        create_cross_schema(self.conn)  # the cross-report tables and views (batch/cross.py)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def statuses(self) -> dict[str, str]:
        """sha256 -> status of every stored document."""
        return dict(self.conn.execute("SELECT sha256, status FROM documents").fetchall())

    def outline(self, sha256: str) -> tuple[str | None, str | None, int]:
        """A stored document's error code, one-line error and number of failed checks."""
        row = self.conn.execute(
            "SELECT error_code, error, checks_failed FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return (row[0], row[1], row[2] or 0) if row else (None, None, 0)

    def add_paths(self, sha256: str, paths: tuple[str, ...] | list[str]) -> None:
        """Record more names for stored bytes (idempotent)."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO paths VALUES (?, ?)", [(sha256, p) for p in paths])

    def write(self, doc: StoredDocument, rows: dict[str, Any] | None = None, replace: bool = False) -> None:
        """Store one document and its record's rows (``record_rows``; computed here when not given),
        in one transaction. replace: the document may be stored already (its paths stay)."""
        if rows is None and doc.record is not None:
            rows = record_rows(doc.record)
        sha = doc.sha256
        with self.transaction() as conn:
            for table in CHILD_TABLES if replace else ():
                if table != "paths":  # every name these bytes were ever found under stays
                    conn.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,))
            meta = rows["meta"] if rows else (None, None, None, None, None)
            conn.execute(
                f"INSERT INTO documents VALUES ({', '.join('?' * 14)}) ON CONFLICT (sha256) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in DOCUMENT_COLUMNS[1:]),
                (sha, doc.path, doc.format, doc.bytes, doc.status, doc.error_code, doc.error,
                 round(doc.seconds, 3), *meta, rows["text"] if rows else None),
            )
            conn.executemany("INSERT OR IGNORE INTO paths VALUES (?, ?)", [(sha, p) for p in doc.paths])
            if rows is None:
                return
            conn.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(sha, *r) for r in rows["cells"]])
            conn.executemany("INSERT INTO checks VALUES (?, ?, ?, ?, ?)", [(sha, *r) for r in rows["checks"]])
            conn.executemany("INSERT INTO warnings VALUES (?, ?, ?)", [(sha, *r) for r in rows["warnings"]])
            conn.executemany(
                "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(sha, *r) for r in rows["facts"]]
            )

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.conn.close()


def open_readonly(out_dir: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing store (exports, tests)."""
    path = Path(out_dir) / STORE_NAME
    if not path.is_file():
        raise FileNotFoundError(f"no store in {out_dir} (expected {path}): run `docstruct batch … -o {out_dir}` first")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def dump_store(conn: sqlite3.Connection) -> str:
    """Every row of every table, in key order, without the run-dependent columns, as text.

    Two stores made from the same input by any sequence of runs (interrupted,
    resumed, one engine or another) give the same dump.
    """
    lines: list[str] = []
    for table, order in DUMP_ORDER.items():
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        keep = [c for c in columns if (table, c) not in VARYING_COLUMNS]
        select = ", ".join(f'"{c}"' for c in keep)
        lines.append(f"## {table} ({', '.join(keep)})")
        for row in conn.execute(f"SELECT {select} FROM {table} ORDER BY {order}"):
            lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"
