"""Checks across reports, at store level: one agency's reports year after year (report-schema.md 'Checks').

After every batch and on demand (``docstruct check OUT``) the derived tables
are rebuilt from the documents, so they always match what is stored:

- ``report_keys``: each document's agency key (batch/agency.py) and year, with
  the note when a known confusion was applied; the view ``reports`` lists
  agency key, year and the document(s);
- ``cross_checks``: ``continuity.carried_over[<col>]``, carried_forward of
  year N = carried_over of year N+1 per column and in total, naming both
  documents and cells with the equation; a year missing between two stored
  years is said (ok NULL), never bridged;
- ``twins`` and ``twin_disagreements``, ``check_blame``: batch/twins.py.

The tables are additive (CREATE … IF NOT EXISTS) and hold nothing that varies
between runs, in a fixed order, so the same store gives the same rows.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from docstruct.batch.agency import agency_key
from docstruct.extract.checks import format_number

CROSS_SQL = """
CREATE TABLE IF NOT EXISTS report_keys (
    sha256 TEXT PRIMARY KEY,
    agency_key TEXT,               -- batch/agency.py; NULL when the report names no agency
    year INTEGER,                  -- the reported year (documents.year)
    note TEXT                      -- a known confusion applied to the printed name, or NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cross_checks (
    seq INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,            -- continuity.carried_over[<col>]
    agency_key TEXT NOT NULL,
    year_a INTEGER, sha256_a TEXT, cell_a TEXT, value_a,
    year_b INTEGER, sha256_b TEXT, cell_b TEXT, value_b,
    ok INTEGER,                    -- 1, 0, or NULL when it could not be evaluated (a year or a cell missing)
    detail TEXT NOT NULL
);
"""
VIEWS = {
    "reports": """
CREATE VIEW reports AS
SELECT k.agency_key, k.year, COUNT(*) AS documents,
       (SELECT group_concat(s, ' ') FROM (SELECT k2.sha256 AS s FROM report_keys k2
         WHERE k2.agency_key = k.agency_key AND k2.year = k.year ORDER BY k2.sha256)) AS sha256s,
       (SELECT group_concat(p, ' | ') FROM (SELECT d2.path AS p FROM report_keys k2 JOIN documents d2
         ON d2.sha256 = k2.sha256 WHERE k2.agency_key = k.agency_key AND k2.year = k.year ORDER BY k2.sha256)) AS paths,
       (SELECT group_concat(DISTINCT d3.agency) FROM report_keys k3 JOIN documents d3 ON d3.sha256 = k3.sha256
         WHERE k3.agency_key = k.agency_key AND k3.year = k.year) AS printed_agencies
FROM report_keys k WHERE k.agency_key IS NOT NULL AND k.year IS NOT NULL
GROUP BY k.agency_key, k.year""",
    "cross_check_results": """
CREATE VIEW cross_check_results AS
SELECT x.seq, x.rule, x.agency_key, x.ok, x.detail, x.year_a, da.path AS path_a, x.cell_a, x.value_a,
       x.year_b, db.path AS path_b, x.cell_b, x.value_b, x.sha256_a, x.sha256_b
FROM cross_checks x LEFT JOIN documents da ON da.sha256 = x.sha256_a
LEFT JOIN documents db ON db.sha256 = x.sha256_b""",
}
# the columns `docstruct check --json` and `docstruct export --format csv-cross / csv-twins` give
RESULT_COLUMNS = ("rule", "agency_key", "ok", "detail", "year_a", "path_a", "cell_a", "value_a", "year_b", "path_b",
                  "cell_b", "value_b", "sha256_a", "sha256_b")
TWIN_COLUMNS = ("group_id", "sha256_a", "sha256_b", "table", "row", "col", "value_a", "value_b", "raw_a", "raw_b")
COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")
FORWARD, OVER = "applications.carried_forward", "applications.carried_over"


def create_cross_schema(conn: sqlite3.Connection) -> None:
    """The cross-report tables (IF NOT EXISTS) and their views (rebuilt: they are derived)."""
    from docstruct.batch.twins import TWIN_VIEWS, TWINS_SQL

    conn.executescript(CROSS_SQL + TWINS_SQL)
    for name, sql in {**VIEWS, **TWIN_VIEWS}.items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(sql)


@dataclass(frozen=True)
class CrossCheck:
    """One cross-report result: both documents and cells, the equation, ok (None: not evaluated)."""

    rule: str
    agency_key: str
    year_a: int | None
    sha256_a: str | None
    cell_a: str | None
    value_a: int | float | None
    year_b: int | None
    sha256_b: str | None
    cell_b: str | None
    value_b: int | float | None
    ok: bool | None
    detail: str


def refresh_keys(conn: sqlite3.Connection) -> None:
    """Rebuild ``report_keys`` from the documents that were read."""
    rows = []
    for sha, agency, year in conn.execute("SELECT sha256, agency, year FROM documents WHERE status != 'failed'"):
        key = agency_key(agency)
        rows.append((sha, key.key if key else None, year, key.note if key else None))
    conn.execute("DELETE FROM report_keys")
    conn.executemany("INSERT INTO report_keys VALUES (?, ?, ?, ?)", rows)


Carry = dict[str, dict[str, int | float | None]]  # sha256 -> 'forward.col' / 'over.col' -> value


def _carries(conn: sqlite3.Connection) -> Carry:
    out: Carry = defaultdict(dict)
    sql = ("SELECT c.sha256, c.\"row\", c.col, c.value FROM cells c JOIN report_keys k ON k.sha256 = c.sha256 "
           "WHERE c.\"table\" = 'applications' AND c.\"row\" IN ('carried_forward', 'carried_over') "
           "AND k.agency_key IS NOT NULL AND k.year IS NOT NULL")
    for sha, row, col, value in conn.execute(sql):
        out[sha][f"{row}.{col}"] = value
    return out


def _name(sha: str, year: int, paths: dict[str, str]) -> str:
    return f"{year} {sha[:8]} {paths.get(sha, '?')}"


def continuity_pair(key: str, a: tuple[int, str], b: tuple[int, str], carry: Carry,
                    paths: dict[str, str]) -> list[CrossCheck]:
    """carried_forward of report a (year N) = carried_over of report b (year N+1), per column and in total."""
    (year_a, sha_a), (year_b, sha_b) = a, b
    where = f"({_name(sha_a, year_a, paths)} → {_name(sha_b, year_b, paths)})"
    if not carry.get(sha_a) and not carry.get(sha_b):  # before 2019: no template table 三 (real/README.md)
        return [CrossCheck("continuity.carried_over", key, year_a, sha_a, None, None, year_b, sha_b, None, None, None,
                           f"skipped: neither report has the applications table's carried rows {where}")]
    out = []
    for col in COLUMNS:
        cell_a, cell_b = f"{FORWARD}.{col}", f"{OVER}.{col}"
        va, vb = carry.get(sha_a, {}).get(f"carried_forward.{col}"), carry.get(sha_b, {}).get(f"carried_over.{col}")
        names = f"carried_forward.{col} {year_a} = carried_over.{col} {year_b}"
        if va is None or vb is None:
            missing = [c for c, v in ((f"carried_forward.{col} {year_a}", va), (f"carried_over.{col} {year_b}", vb))
                       if v is None]
            detail, ok = f"skipped: {', '.join(missing)} missing or blank ({names}) {where}", None
        else:
            ok = va == vb
            sign = "=" if ok else "≠"
            detail = f"{format_number(va)} {sign} {format_number(vb)} ({names}) {where}"
        out.append(CrossCheck(f"continuity.carried_over[{col}]", key, year_a, sha_a, cell_a, va, year_b, sha_b,
                              cell_b, vb, ok, detail))
    return out


def missing_year(key: str, a: tuple[int, str], b: tuple[int, str], paths: dict[str, str]) -> CrossCheck:
    """Two stored years with a gap: said, not bridged."""
    (year_a, sha_a), (year_b, sha_b) = a, b
    gap = ", ".join(str(y) for y in range(year_a + 1, year_b))
    detail = (f"skipped: no report for {gap} in the store; {year_a} ({sha_a[:8]} {paths.get(sha_a, '?')}) and "
              f"{year_b} ({sha_b[:8]} {paths.get(sha_b, '?')}) are not consecutive")
    return CrossCheck("continuity.carried_over", key, year_a, sha_a, None, None, year_b, sha_b, None, None, None,
                      detail)


def continuity_checks(conn: sqlite3.Connection) -> list[CrossCheck]:
    """Every consecutive pair of every agency's series, and every gap, in key and year order."""
    series: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sha, key, year in conn.execute("SELECT sha256, agency_key, year FROM report_keys WHERE agency_key IS NOT "
                                       "NULL AND year IS NOT NULL ORDER BY agency_key, year, sha256"):
        series[key][year].append(sha)
    carry = _carries(conn)
    paths = dict(conn.execute("SELECT sha256, path FROM documents"))
    out: list[CrossCheck] = []
    for key, years in sorted(series.items()):
        ordered = sorted(years)
        for year_a, year_b in itertools.pairwise(ordered):
            for sha_a in years[year_a]:
                for sha_b in years[year_b]:
                    if year_b == year_a + 1:
                        out += continuity_pair(key, (year_a, sha_a), (year_b, sha_b), carry, paths)
                    else:
                        out.append(missing_year(key, (year_a, sha_a), (year_b, sha_b), paths))
    return out


# the derived tables and their order, for dumps (store.dump_store covers the documents' own tables)
CROSS_DUMP = {
    "report_keys": "sha256",
    "cross_checks": "seq",
    "twins": "sha256",
    "twin_pairs": "sha256_a, sha256_b",
    "twin_disagreements": 'sha256_a, sha256_b, "table", "row", col',
    "check_blame": "sha256, seq",
}


def dump_cross(conn: sqlite3.Connection) -> str:
    """Every row of the cross-report tables, in key order, as text: the same store gives the same dump."""
    lines = []
    for table, order in CROSS_DUMP.items():
        lines.append(f"## {table}")
        lines += [repr(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
    return "\n".join(lines) + "\n"


def refresh_cross(conn: sqlite3.Connection) -> list[CrossCheck]:
    """Rebuild every cross-report table in one transaction; returns the continuity results."""
    from docstruct.batch.twins import refresh_twins

    create_cross_schema(conn)  # executescript commits first: outside the transaction
    conn.execute("BEGIN IMMEDIATE")
    try:
        refresh_keys(conn)
        checks = continuity_checks(conn)
        conn.execute("DELETE FROM cross_checks")
        conn.executemany(
            "INSERT INTO cross_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, c.rule, c.agency_key, c.year_a, c.sha256_a, c.cell_a, c.value_a, c.year_b, c.sha256_b, c.cell_b,
              c.value_b, c.ok, c.detail) for i, c in enumerate(checks)],
        )
        refresh_twins(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return checks
