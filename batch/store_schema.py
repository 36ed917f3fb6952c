"""Additive upgrades of the batch store, applied on every open (issue 15).

A store written by an older docstruct opens and is brought up to date here:
columns are only ever added (``ALTER TABLE … ADD COLUMN``, so a fresh store and
an upgraded one have the same columns in the same order), indexes only created,
and the new counts back-filled from the rows already stored.  Nothing is dropped
or rewritten, so other additions to the store (cross-report tables, another
encoding of ``cells.value``) live beside these.
"""

from __future__ import annotations

import sqlite3

from docstruct.extract.version import PARSER_VERSION, docstruct_version

# (table, column, type): added at the end of the table when missing
ADDED_COLUMNS = (
    ("documents", "parser_version", "INTEGER"),  # extract.version.PARSER_VERSION of the code that made the row
    ("documents", "warning_count", "INTEGER"),   # len(record.warnings); NULL for a failed document
)
# The store pages sort and filter 100,000 documents with these (bench/store_pages.py); sha256
# last in each, so a sort's ties are broken by the index itself, not by a second sort.
SORT_COLUMNS = ("status", "format", "template", "agency", "year", "checks_failed", "warning_count", "seconds",
                "title", "path")
INDEXES = (
    *(f"CREATE INDEX IF NOT EXISTS documents_by_{c} ON documents ({c}, sha256)" for c in SORT_COLUMNS),
    "CREATE INDEX IF NOT EXISTS checks_by_rule ON checks (rule, ok, sha256)",
    # the list's search (LIKE on all three) scans this instead of the table, whose every row holds a
    # record's JSON (a page or more each)
    "CREATE INDEX IF NOT EXISTS documents_search ON documents (title, agency, path)",
)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def upgrade_store(conn: sqlite3.Connection) -> None:
    """Add what an older store lacks (inside the caller's transaction); idempotent."""
    for table, column, kind in ADDED_COLUMNS:
        if column not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    # rows stored before warning_count existed: counted once from their warnings
    conn.execute("UPDATE documents SET warning_count = (SELECT count(*) FROM warnings w WHERE w.sha256 = "
                 "documents.sha256) WHERE warning_count IS NULL AND record IS NOT NULL")
    for sql in INDEXES:
        conn.execute(sql)


def record_versions(conn: sqlite3.Connection) -> None:
    """The writer's versions in ``meta`` (the rows say which parser version made each of them)."""
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     [("docstruct_version", docstruct_version()), ("parser_version", str(PARSER_VERSION))])
