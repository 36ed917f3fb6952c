"""Read-only questions to the batch store: the report list, failed checks by rule, the charts' figures.

Every answer is plain JSON data (the JSON API sends it as is, ``docstruct.view``
renders the same dict as a page).  Every query is SQL with a LIMIT or a GROUP BY
over an index (``store_schema.INDEXES``): the store is never read into memory,
so the pages stay fast on 100,000 documents (``bench/store_pages.py``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from docstruct.batch.store_schema import SORT_COLUMNS
from docstruct.extract.version import PARSER_VERSION

STATUSES = ("ok", "partial", "failed")
LIST_COLUMNS = ("sha256", "status", "format", "template", "agency", "year", "checks_failed", "warning_count",
                "seconds", "title", "path", "parser_version")
PER_PAGE = 50
SEARCHED = ("title", "agency", "path")  # the list's search; store_schema's documents_search covers them
MAX_PER_PAGE = 500
REPORTS_PER_RULE = 20      # the checks page lists this many reports under each rule (the list has them all)
CROSS_COLUMNS = ("rule", "agency_key", "detail", "year_a", "path_a", "sha256_a", "year_b", "path_b", "sha256_b")
CROSS_ROWS = 200           # failed cross-report checks listed on the checks page
TOP_RULES = 30             # the chart of failed checks shows the most frequent rules
# seconds per document: fixed bin edges (s), so two stores' histograms compare bin by bin
SECOND_EDGES = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
# cells read (non-null values) per table and document: bin edges
CELL_EDGES = (1, 10, 20, 40, 80, 120, 140, 160, 180)


@dataclass(frozen=True)
class ListQuery:
    """A page of the report list: filters (None: any), search, sort and page (from 1)."""

    status: str | None = None
    template: str | None = None
    year: int | None = None
    rule: str | None = None           # a check rule that failed
    warnings: bool | None = None      # has warnings (True) or none (False)
    q: str | None = None              # a substring of the title, agency or path
    sort: str = "path"
    desc: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status: one of {', '.join(STATUSES)}")
        if self.sort not in SORT_COLUMNS:
            raise ValueError(f"sort: one of {', '.join(SORT_COLUMNS)}")
        if self.page < 1 or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"page from 1, per_page from 1 to {MAX_PER_PAGE}")

    def params(self) -> dict[str, Any]:
        """The query as URL parameters (yes/no, true), defaults left out."""
        default = ListQuery()
        out = {k: v for k, v in asdict(self).items() if v is not None and v != getattr(default, k)}
        if "warnings" in out:
            out["warnings"] = "yes" if self.warnings else "no"
        if "desc" in out:
            out["desc"] = "true"
        return out


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(query: ListQuery, walk: bool = False) -> tuple[str, list[Any]]:
    """The filters as SQL.  walk: the rows are visited one by one along the sort index anyway, so the
    search is tested on each visited row instead of scanning documents_search for every match."""
    clauses: list[str] = []
    args: list[Any] = []
    for column in ("status", "template", "year"):
        value = getattr(query, column)
        if value is not None:
            clauses.append(f"d.{column} = ?")
            args.append(value)
    if query.rule is not None:
        clauses.append("d.sha256 IN (SELECT sha256 FROM checks WHERE rule = ? AND ok = 0)")
        args.append(query.rule)
    if query.warnings is not None:
        clauses.append("d.warning_count > 0" if query.warnings else "coalesce(d.warning_count, 0) = 0")
    if query.q:
        match = "(" + " OR ".join(f"{'d.' if walk else ''}{c} LIKE ? ESCAPE '\\'" for c in SEARCHED) + ")"
        # else matched in the covering index documents_search, not in the table's rows (a record's JSON each)
        clauses.append(match if walk else f"d.rowid IN (SELECT rowid FROM documents WHERE {match})")
        args += [_like(query.q)] * len(SEARCHED)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def _walk(conn: sqlite3.Connection, query: ListQuery, matching: int) -> bool:
    """Walk the sort column's index (and test the filters row by row) when that reads fewer rows than
    fetching every match and sorting it: about (offset + limit) * documents / matching rows against
    ``matching``.  SQLite's planner, without statistics, takes the filter's index and sorts (measured
    in bench/store_pages.py: 500 ms for a filter half the store matches, at 100,000 rows)."""
    documents = conn.execute("SELECT max(rowid) FROM documents").fetchone()[0] or 0  # an upper bound, O(1)
    walked = query.page * query.per_page * documents / max(matching, 1)
    return walked < matching


def list_reports(conn: sqlite3.Connection, query: ListQuery) -> dict[str, Any]:
    """One page of the list: total matching, the rows, and the query that made it."""
    where, args = _where(query)
    if query.rule is not None and where == _where(ListQuery(rule=query.rule))[0]:
        # the rule alone: counted in the index checks_by_rule (every checks row has its document)
        total = conn.execute("SELECT count(DISTINCT sha256) FROM checks WHERE rule = ? AND ok = 0",
                             (query.rule,)).fetchone()[0]
    else:
        total = conn.execute(f"SELECT count(*) FROM documents d{where}", args).fetchone()[0]
    order = "DESC" if query.desc else "ASC"
    walk = _walk(conn, query, total)
    if walk:
        where, args = _where(query, walk=True)
    index = f" INDEXED BY documents_by_{query.sort}" if walk else ""
    sql = (f"SELECT {', '.join('d.' + c for c in LIST_COLUMNS)} FROM documents d{index}{where} "
           f"ORDER BY d.{query.sort} {order}, d.sha256 {order} LIMIT ? OFFSET ?")
    rows = conn.execute(sql, [*args, query.per_page, (query.page - 1) * query.per_page]).fetchall()
    return {
        "query": query.params(),
        "total": total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": max(1, -(-total // query.per_page)),
        "reports": [dict(zip(LIST_COLUMNS, row, strict=True)) for row in rows],
    }


def distinct(conn: sqlite3.Connection, table: str, column: str, extra: str = "") -> list[Any]:
    """The distinct non-null values of an indexed column, by seeking the index once per value.

    A skip-scan by hand: ``SELECT DISTINCT`` would read every row of the index.
    """
    values: list[Any] = []
    sql = f"SELECT min({column}) FROM {table} WHERE {column} > ?{extra}"
    value = conn.execute(f"SELECT min({column}) FROM {table} WHERE {column} IS NOT NULL{extra}").fetchone()[0]
    while value is not None:
        values.append(value)
        value = conn.execute(sql, (value,)).fetchone()[0]
    return values


def facets(conn: sqlite3.Connection) -> dict[str, list[Any]]:
    """The values the list's filters offer: statuses, templates, years and the rules that failed somewhere."""
    rules = [r for r in distinct(conn, "checks", "rule")
             if conn.execute("SELECT 1 FROM checks WHERE rule = ? AND ok = 0 LIMIT 1", (r,)).fetchone()]
    return {"status": list(STATUSES), "template": distinct(conn, "documents", "template"),
            "year": distinct(conn, "documents", "year"), "rule": rules}


def report_row(conn: sqlite3.Connection, sha256: str) -> dict[str, Any] | None:
    """One stored document: its list columns, bytes, error, record (JSON text) and every path it was found under."""
    cols = (*LIST_COLUMNS, "bytes", "error_code", "error", "record")
    row = conn.execute(f"SELECT {', '.join(cols)} FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        return None
    out = dict(zip(cols, row, strict=True))
    out["paths"] = [p for (p,) in conn.execute("SELECT path FROM paths WHERE sha256 = ? ORDER BY path LIMIT 100",
                                                (sha256,))]
    return out


def failed_checks(conn: sqlite3.Connection, per_rule: int = REPORTS_PER_RULE) -> dict[str, Any]:
    """Failed checks grouped by rule (most failures first), each with its first reports and their equations."""
    groups = []
    sql = ("SELECT rule, count(*), count(DISTINCT sha256) FROM checks WHERE ok = 0 GROUP BY rule "
           "ORDER BY count(*) DESC, rule")
    for rule, failures, reports in conn.execute(sql).fetchall():
        first = conn.execute(
            "SELECT d.sha256, d.title, d.agency, d.year, d.path, c.detail FROM checks c JOIN documents d "
            "ON d.sha256 = c.sha256 WHERE c.rule = ? AND c.ok = 0 ORDER BY d.path, d.sha256, c.seq LIMIT ?",
            (rule, per_rule),
        ).fetchall()
        keys = ("sha256", "title", "agency", "year", "path", "detail")
        groups.append({"rule": rule, "failures": failures, "reports": reports,
                       "first": [dict(zip(keys, r, strict=True)) for r in first]})
    return {"rules": groups, "cross_checks": cross_checks(conn)}


def cross_checks(conn: sqlite3.Connection, limit: int = CROSS_ROWS) -> dict[str, Any] | None:
    """The cross-report checks (batch/cross.py: one agency across the years) that failed, by rule and
    the first of them with both documents; how many could not be evaluated; None in a store without them."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'cross_check_results' AND type = 'view'")
    if found.fetchone() is None:
        return None
    by_rule = [list(r) for r in conn.execute("SELECT rule, count(*) FROM cross_checks WHERE ok = 0 GROUP BY rule "
                                             "ORDER BY 2 DESC, 1")]
    sql = (f"SELECT {', '.join(CROSS_COLUMNS)} FROM cross_check_results WHERE ok = 0 "
           "ORDER BY agency_key, year_a, seq LIMIT ?")
    failed = [dict(zip(CROSS_COLUMNS, r, strict=True)) for r in conn.execute(sql, (limit,))]
    unknown = conn.execute("SELECT count(*) FROM cross_checks WHERE ok IS NULL").fetchone()[0]
    return {"by_rule": by_rule, "failed": failed, "not_evaluated": unknown}


def _bins(edges: tuple[float, ...], unit: str) -> list[str]:
    labels = [f"< {edges[0]:g} {unit}"]
    labels += [f"{lo:g}–{hi:g} {unit}" for lo, hi in pairwise(edges)]
    return [*labels, f"≥ {edges[-1]:g} {unit}"]


def _bin_case(column: str, edges: tuple[float, ...]) -> str:
    whens = " ".join(f"WHEN {column} < {edge!r} THEN {i}" for i, edge in enumerate(edges))
    return f"CASE {whens} ELSE {len(edges)} END"


def _histogram(conn: sqlite3.Connection, sql: str, edges: tuple[float, ...], unit: str) -> list[list[Any]]:
    counts = dict(conn.execute(sql).fetchall())
    return [[label, counts.get(i, 0)] for i, label in enumerate(_bins(edges, unit))]


def _cells_per_table(conn: sqlite3.Connection) -> dict[str, list[list[Any]]]:
    case = _bin_case("n", CELL_EDGES)
    sql = (f'SELECT "table", {case} AS bin, count(*) FROM (SELECT sha256, "table", count(value) AS n FROM cells '
           'GROUP BY sha256, "table") GROUP BY "table", bin ORDER BY "table", bin')
    out: dict[str, dict[int, int]] = {}
    for table, b, n in conn.execute(sql):
        out.setdefault(table, {})[b] = n
    labels = _bins(CELL_EDGES, "cells")
    return {t: [[label, bins.get(i, 0)] for i, label in enumerate(labels)] for t, bins in out.items()}


def store_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """The figures of the charts: documents by status and format, failed checks by rule, reports per
    year and template, seconds per document, cells read per table; and how many rows are stale."""
    def pairs(sql: str) -> list[list[Any]]:
        return [list(r) for r in conn.execute(sql)]

    by_status = dict(conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    seconds = f"SELECT {_bin_case('seconds', SECOND_EDGES)} AS bin, count(*) FROM documents GROUP BY bin"
    return {
        "documents": sum(by_status.values()),
        "by_status": [[s, by_status.get(s, 0)] for s in STATUSES],
        "by_format": pairs("SELECT coalesce(format, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"),
        "failed_by_rule": pairs(f"SELECT rule, count(*) FROM checks WHERE ok = 0 GROUP BY rule "
                                f"ORDER BY 2 DESC, 1 LIMIT {TOP_RULES}"),
        "by_year_template": pairs("SELECT coalesce(year, '?') || ' · ' || coalesce('template ' || template, "
                                  "'no template'), "
                                  "count(*) FROM documents WHERE status != 'failed' GROUP BY year, template "
                                  "ORDER BY year, template"),
        "seconds": _histogram(conn, seconds, SECOND_EDGES, "s"),
        "cells_per_table": _cells_per_table(conn),
        "stale": conn.execute("SELECT count(*) FROM documents WHERE parser_version IS NOT ?",
                              (PARSER_VERSION,)).fetchone()[0],
        "parser_version": PARSER_VERSION,
    }


def failures_by_reason(conn: sqlite3.Connection, per_reason: int = 10) -> list[dict[str, Any]]:
    """Failed documents grouped by error code, each with its first paths and one-line errors."""
    out = []
    for code, n in conn.execute("SELECT coalesce(error_code, 'unknown'), count(*) FROM documents "
                                "WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1").fetchall():
        first = conn.execute("SELECT path, error FROM documents WHERE status = 'failed' AND "
                             "coalesce(error_code, 'unknown') = ? ORDER BY path, sha256 LIMIT ?",
                             (code, per_reason)).fetchall()
        out.append({"reason": code, "documents": n, "first": [{"path": p, "error": e} for p, e in first]})
    return out
