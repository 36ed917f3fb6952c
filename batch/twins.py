"""The same report twice: documents of one agency and year whose cells mostly agree.

A CMS page and a crawl of it, a PDF and its markdown conversion: two readings
of one report.  They are grouped (``twins``, one row per document; the group
is named by its smallest sha256), every pair is measured (``twin_pairs``), and
every cell where two readings disagree is listed (``twin_disagreements``): one
of them is misread, or the sources differ.  A second reading that agrees on
every cell of a failed check is the evidence that makes its blame ``source``
(report-schema.md 'Checks'); ``check_blame`` holds every failed check's blame,
the record's own (``by = 'record'``) or upgraded by a twin (``by = 'twin'``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from docstruct.extract.blame import NARRATIVE, involved_cells

TWINS_SQL = """
CREATE TABLE IF NOT EXISTS twins (
    sha256 TEXT PRIMARY KEY,
    group_id TEXT NOT NULL         -- the smallest sha256 of the group
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS twin_pairs (
    group_id TEXT NOT NULL, sha256_a TEXT NOT NULL, sha256_b TEXT NOT NULL,
    cells_compared INTEGER NOT NULL, cells_disagreeing INTEGER NOT NULL,
    PRIMARY KEY (sha256_a, sha256_b)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS twin_disagreements (
    group_id TEXT NOT NULL, sha256_a TEXT NOT NULL, sha256_b TEXT NOT NULL,
    "table" TEXT NOT NULL, "row" TEXT NOT NULL, col TEXT NOT NULL,
    value_a, value_b, raw_a TEXT, raw_b TEXT,   -- NULL raw: the cell is absent from that reading
    PRIMARY KEY (sha256_a, sha256_b, "table", "row", col)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS check_blame (
    sha256 TEXT NOT NULL, seq INTEGER NOT NULL, rule TEXT NOT NULL,
    kind TEXT NOT NULL, reason TEXT NOT NULL,
    by TEXT NOT NULL,              -- record: the record's own blame; twin: a second reading confirmed the numbers
    PRIMARY KEY (sha256, seq)
) WITHOUT ROWID;
"""
TWIN_VIEWS = {
    "twin_groups": """
CREATE VIEW twin_groups AS
SELECT t.group_id, k.agency_key, k.year, COUNT(*) AS documents,
       (SELECT group_concat(p, ' | ') FROM (SELECT d2.path AS p FROM twins t2 JOIN documents d2
         ON d2.sha256 = t2.sha256 WHERE t2.group_id = t.group_id ORDER BY t2.sha256)) AS paths,
       (SELECT COALESCE(SUM(p.cells_disagreeing), 0) FROM twin_pairs p WHERE p.group_id = t.group_id) AS disagreements
FROM twins t JOIN report_keys k ON k.sha256 = t.sha256 GROUP BY t.group_id""",
    "failed_checks_blamed": """
CREATE VIEW failed_checks_blamed AS
SELECT d.sha256, d.path, d.title, d.agency, d.year, c.rule, c.detail, b.kind AS blame, b.reason, b.by
FROM checks c JOIN documents d ON d.sha256 = c.sha256
LEFT JOIN check_blame b ON b.sha256 = c.sha256 AND b.seq = c.seq
WHERE c.ok = 0""",
}
# Two readings are one report when this share of their cells agrees, over at least MIN_CELLS cells:
# a conversion misreads a few cells (gen samples: 0-3 of ~200), a different report differs in most.
MIN_AGREEMENT = 0.8
MIN_CELLS = 20
# Pairs grow with the square of one agency-year's documents: past this many (by sha256) the rest
# are not compared, and the summary says so (a crawl rarely holds more than 2-3 readings of one report).
MAX_READINGS = 12

CellKey = tuple[str, str, str]
Cells = dict[CellKey, tuple[int | float | None, str | None]]


@dataclass(frozen=True)
class Pair:
    """Two readings compared: how many cells, and the cells that disagree."""

    a: str
    b: str
    compared: int
    disagreeing: tuple[CellKey, ...]

    @property
    def same_report(self) -> bool:
        return self.compared >= MIN_CELLS and (self.compared - len(self.disagreeing)) >= MIN_AGREEMENT * self.compared


def compare_cells(a: str, cells_a: Cells, b: str, cells_b: Cells) -> Pair:
    """Every cell of either reading; a cell absent from one, or with another value, disagrees."""
    keys = sorted(set(cells_a) | set(cells_b))
    missing = (None, None)
    differ = tuple(k for k in keys if cells_a.get(k, missing)[0] != cells_b.get(k, missing)[0]
                   or (k in cells_a) != (k in cells_b))
    return Pair(a, b, len(keys), differ)


def load_cells(conn: sqlite3.Connection, shas: Iterable[str]) -> dict[str, Cells]:
    """The stored cells of some documents."""
    out: dict[str, Cells] = defaultdict(dict)
    for sha in shas:
        for table, row, col, value, raw in conn.execute(
            'SELECT "table", "row", col, value, raw FROM cells WHERE sha256 = ?', (sha,)
        ):
            out[sha][(table, row, col)] = (value, raw)
    return out


def _groups(pairs: list[Pair]) -> dict[str, str]:
    """sha256 -> group id (its group's smallest sha256), joining every same-report pair."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for p in pairs:
        if p.same_report:
            ra, rb = find(p.a), find(p.b)
            parent[max(ra, rb)] = min(ra, rb)
    return {sha: find(sha) for sha in parent}


def find_twins(conn: sqlite3.Connection) -> tuple[dict[str, str], list[Pair], dict[str, Cells]]:
    """Group the documents of each agency and year that read as one report."""
    candidates: dict[tuple[str, int], list[str]] = defaultdict(list)
    for sha, key, year in conn.execute("SELECT sha256, agency_key, year FROM report_keys WHERE agency_key IS NOT "
                                       "NULL AND year IS NOT NULL ORDER BY sha256"):
        candidates[(key, year)].append(sha)
    pairs: list[Pair] = []
    cells: dict[str, Cells] = {}
    for found in candidates.values():
        shas = found[:MAX_READINGS]
        if len(shas) < 2:
            continue
        cells.update(load_cells(conn, shas))
        for i, a in enumerate(shas):
            for b in shas[i + 1:]:
                pairs.append(compare_cells(a, cells.get(a, {}), b, cells.get(b, {})))
    return _groups(pairs), [p for p in pairs if p.same_report], cells


def refresh_twins(conn: sqlite3.Connection) -> None:
    """Rebuild twins, twin_pairs, twin_disagreements and check_blame (inside the caller's transaction)."""
    groups, pairs, cells = find_twins(conn)
    for table in ("twins", "twin_pairs", "twin_disagreements", "check_blame"):
        conn.execute(f"DELETE FROM {table}")
    conn.executemany("INSERT INTO twins VALUES (?, ?)", sorted(groups.items()))
    missing: tuple[None, None] = (None, None)
    for p in pairs:
        group = groups[p.a]
        conn.execute("INSERT INTO twin_pairs VALUES (?, ?, ?, ?, ?)", (group, p.a, p.b, p.compared, len(p.disagreeing)))
        conn.executemany(
            "INSERT INTO twin_disagreements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(group, p.a, p.b, *k, cells[p.a].get(k, missing)[0], cells[p.b].get(k, missing)[0],
              cells[p.a].get(k, missing)[1], cells[p.b].get(k, missing)[1]) for k in p.disagreeing],
        )
    conn.executemany("INSERT INTO check_blame VALUES (?, ?, ?, ?, ?, ?)", blame_rows(conn, groups, cells))


def _twin_confirms(sha: str, twins: list[str], involved: list[CellKey], cells: dict[str, Cells],
                   paths: dict[str, str]) -> str | None:
    """The reason a second reading confirms every involved cell's printed number, or None."""
    mine = cells.get(sha, {})
    values = [mine.get(c, (None, None))[0] for c in involved]
    if not involved or any(v is None for v in values):
        return None
    for twin in twins:
        theirs = cells.get(twin, {})
        if all(theirs.get(c, (None, None))[0] == v for c, v in zip(involved, values, strict=True)):
            return (f"a second reading of the same report ({twin[:8]} {paths.get(twin, '?')}) gives the same "
                    f"printed numbers for all {len(involved)} involved cells")
    return None


def blame_rows(conn: sqlite3.Connection, groups: dict[str, str], cells: dict[str, Cells]) -> list[tuple[object, ...]]:
    """Every failed check's blame: the record's, or 'source' where a twin confirms an 'unknown' one."""
    members: dict[str, list[str]] = defaultdict(list)
    for sha, group in sorted(groups.items()):
        members[group].append(sha)
    paths = dict(conn.execute("SELECT sha256, path FROM documents"))
    out: list[tuple[object, ...]] = []
    sql = ("SELECT sha256, template, record FROM documents WHERE checks_failed > 0 AND record IS NOT NULL "
           "ORDER BY sha256")
    for sha, template, text in conn.execute(sql).fetchall():
        checks = json.loads(text).get("checks", [])
        twins = [t for t in members.get(groups.get(sha, ""), []) if t != sha]
        rows: dict[str, list[str]] = defaultdict(list)
        for table, row, _col in cells.get(sha, {}):
            rows[table].append(row)
        for seq, check in enumerate(checks):
            blame = check.get("blame")
            if check.get("ok") is not False or not isinstance(blame, dict):
                continue
            kind, reason, by = blame.get("kind", "unknown"), blame.get("reason", ""), "record"
            # a narrative figure is read by the same code from the same words in every reading: no second reading
            if kind == "unknown" and twins and not check["rule"].startswith(NARRATIVE):
                involved = involved_cells(template, {t: sorted(set(r)) for t, r in rows.items()}, check["rule"])
                confirmed = _twin_confirms(sha, twins, involved, cells, paths)
                if confirmed:
                    kind, reason, by = "source", confirmed, "twin"
            out.append((sha, seq, check["rule"], kind, reason, by))
    return out
