"""``docstruct compare A B``: which two records, then batch/compare.py, JSON on stdout, HTML on request.

A and B are two files (extracted here under the usual limits), two stored
documents by sha256 prefix (``--store OUT``), or ``--store OUT --agency K
--years 2023,2024`` (the agency by printed name or key: batch/agency.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

from docstruct.batch.agency import agency_key
from docstruct.batch.compare import compare_records


class CompareError(Exception):
    """Arguments that name no two records; the message is the one-line error."""


def _stored(conn: sqlite3.Connection, prefix: str) -> dict[str, Any]:
    if not re.fullmatch(r"[0-9a-fA-F]{4,64}", prefix):
        raise CompareError(f"{prefix!r} is no sha256 prefix (4 to 64 hex digits)")
    rows = conn.execute("SELECT record FROM documents WHERE sha256 LIKE ? AND record IS NOT NULL ORDER BY sha256",
                        (prefix.lower() + "%",)).fetchall()
    if len(rows) != 1:
        raise CompareError(f"{len(rows)} stored records have a sha256 starting {prefix!r} (need exactly one)")
    record: dict[str, Any] = json.loads(rows[0][0])
    return record


def _by_year(conn: sqlite3.Connection, agency: str, year: int, notes: list[str]) -> dict[str, Any]:
    key = agency_key(agency)
    rows = conn.execute(
        "SELECT d.record, d.sha256, d.path FROM report_keys k JOIN documents d ON d.sha256 = k.sha256 "
        "WHERE k.agency_key = ? AND k.year = ? AND d.record IS NOT NULL ORDER BY d.sha256",
        (key.key if key else agency, year),
    ).fetchall()
    if not rows:
        raise CompareError(f"no stored report of {agency!r} for {year}")
    if len(rows) > 1:  # said, not chosen silently: `docstruct check` lists where the readings disagree
        others = ", ".join(f"{sha[:8]} {path}" for _, sha, path in rows[1:])
        notes.append(f"{year}: {len(rows)} stored readings; compared the first by sha256 ({rows[0][1][:8]} "
                     f"{rows[0][2]}), not {others}")
    record: dict[str, Any] = json.loads(rows[0][0])
    return record


def _extract(path: str, args: argparse.Namespace) -> dict[str, Any]:
    from docstruct.extract import ReadOptions, extract_file
    from docstruct.extract.limits import bounded

    with bounded(args.max_seconds, args.max_memory_mb):
        return extract_file(path, ReadOptions(path=path, max_seconds=args.max_seconds)).to_json()


def resolve(args: argparse.Namespace, notes: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two records the arguments name; ``notes`` gets what was chosen where there was a choice."""
    if args.store is None:
        if len(args.reports) != 2:
            raise CompareError("give two files, or --store OUT with two sha256 prefixes or --agency and --years")
        return _extract(args.reports[0], args), _extract(args.reports[1], args)
    from docstruct.batch.cross import refresh_cross
    from docstruct.batch.store import STORE_NAME, Store

    if not (Path(args.store) / STORE_NAME).is_file():
        raise CompareError(f"no store in {args.store}")
    store = Store(args.store)
    try:
        if args.agency or args.years:
            years = [int(y) for y in str(args.years or "").split(",") if y.strip()]
            if not args.agency or len(years) != 2:
                raise CompareError("--agency K --years Y1,Y2 names one agency and two years")
            refresh_cross(store.conn)  # the keys of what is stored now
            return (_by_year(store.conn, args.agency, years[0], notes),
                    _by_year(store.conn, args.agency, years[1], notes))
        if len(args.reports) != 2:
            raise CompareError("with --store give two sha256 prefixes, or --agency and --years")
        return _stored(store.conn, args.reports[0]), _stored(store.conn, args.reports[1])
    finally:
        store.close()


def compare_command(args: argparse.Namespace) -> int:
    """Print the comparison as JSON; with --html also write the page. 2 with a one-line error."""
    from docstruct.extract import DocstructError

    notes: list[str] = []
    try:
        a, b = resolve(args, notes)
    except (CompareError, DocstructError, ValueError) as exc:
        print(f"docstruct: error: compare: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    result = {**compare_records(a, b), "notes": notes}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    if args.html:
        from docstruct.view.compare_page import render_compare

        Path(args.html).write_text(render_compare(result), encoding="utf-8")
    return 0
