"""What the cross-report checks show a person: the batch summary's lines and ``docstruct check OUT``."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any, TextIO

from docstruct.batch.cross import RESULT_COLUMNS, TWIN_COLUMNS, refresh_cross
from docstruct.batch.report import printable
from docstruct.batch.twins import MAX_READINGS

LIST_AT_MOST = 10
STATE = {1: "ok", 0: "FAILED", None: "skipped"}


def results(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every cross-report result, in order, as plain data."""
    sql = f"SELECT {', '.join(RESULT_COLUMNS)} FROM cross_check_results ORDER BY seq"
    return [dict(zip(RESULT_COLUMNS, row, strict=True)) for row in conn.execute(sql)]


def disagreements(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every cell where two readings of one report disagree."""
    sql = (f"SELECT {', '.join(f'{chr(34)}{c}{chr(34)}' for c in TWIN_COLUMNS)} FROM twin_disagreements "
           'ORDER BY sha256_a, sha256_b, "table", "row", col')
    return [dict(zip(TWIN_COLUMNS, row, strict=True)) for row in conn.execute(sql)]


def summary(conn: sqlite3.Connection) -> list[str]:
    """Counts and the failures: continuity, years missing, reports read twice, blame from twins, key notes."""
    rows = results(conn)
    pairs = [r for r in rows if r["cell_a"] is not None]
    gaps = [r for r in rows if r["year_b"] - r["year_a"] > 1]
    failed = [r for r in pairs if r["ok"] == 0]
    n_ok = sum(1 for r in pairs if r["ok"] == 1)
    groups, docs, cells = conn.execute(
        "SELECT COUNT(DISTINCT group_id), COUNT(*), (SELECT COUNT(*) FROM twin_disagreements) FROM twins").fetchone()
    unplaced = conn.execute("SELECT COUNT(*) FROM report_keys WHERE agency_key IS NULL OR year IS NULL").fetchone()[0]
    lines = [f"  cross-report checks: continuity {len(pairs)} ({n_ok} ok, {len(failed)} failed, "
             f"{len(pairs) - n_ok - len(failed)} skipped), {len(gaps)} years missing in a series; "
             f"{groups} reports read twice or more ({docs} documents, {cells} cells disagree)"]
    crowded = conn.execute("SELECT COUNT(*) FROM reports WHERE documents > ?", (MAX_READINGS,)).fetchone()[0]
    if crowded:
        lines.append(f"    {crowded} agency-years hold more than {MAX_READINGS} documents: only the first "
                     f"{MAX_READINGS} by sha256 were compared as readings of one report")
    if unplaced:
        lines.append(f"    {unplaced} reports state no agency or no year: in no series")
    lines += [f"    {r['agency_key']} {r['rule']}: {printable(r['detail'])}" for r in failed[:LIST_AT_MOST]]
    lines += [f"    … and {len(failed) - LIST_AT_MOST} more"] if len(failed) > LIST_AT_MOST else []
    twin = conn.execute("SELECT COUNT(*) FROM check_blame WHERE by = 'twin'").fetchone()[0]
    if twin:
        lines.append(f"    {twin} failed checks blamed on the source: a second reading confirms the printed numbers")
    notes = [n for (n,) in conn.execute("SELECT DISTINCT note FROM report_keys WHERE note IS NOT NULL ORDER BY note")]
    lines += [f"    warning: {printable(n)}" for n in notes[:LIST_AT_MOST]]
    return lines


def refresh_and_summarise(conn: sqlite3.Connection) -> list[str]:
    """Rebuild the cross-report tables after a batch; a failure is a summary line, not a crash (errors are data)."""
    try:
        refresh_cross(conn)
        return summary(conn)
    except sqlite3.Error as exc:
        return [f"  cross-report checks: not computed ({printable(str(exc))})"]


def _text(conn: sqlite3.Connection, out: TextIO) -> None:
    for r in results(conn):
        print(f"{STATE[r['ok']]:7} {r['agency_key']} {r['rule']} {printable(r['detail'])}", file=out)
    for d in disagreements(conn):
        print(f"DIFFERS {d['sha256_a'][:8]} ≠ {d['sha256_b'][:8]} {d['table']}.{d['row']}.{d['col']}: "
              f"{printable(str(d['raw_a']))} ≠ {printable(str(d['raw_b']))}", file=out)
    for line in summary(conn):
        print(line.strip() if line.startswith("  cross") else line, file=out)


def check_command(out_dir: str, as_json: bool = False, out: TextIO | None = None) -> int:
    """``docstruct check OUT``: rebuild the cross-report checks of a store and print them.

    Exit status 0 when no cross-report check failed and no two readings disagree, 1 otherwise, 2 without a store.
    """
    out = out or sys.stdout
    from docstruct.batch.store import STORE_NAME

    path = Path(out_dir) / STORE_NAME
    if not path.is_file():
        print(f"docstruct: error: no store in {out_dir} (expected {path})", file=sys.stderr)
        return 2
    from docstruct.batch.store import Store

    store = Store(out_dir)
    try:
        refresh_cross(store.conn)
        rows, diffs = results(store.conn), disagreements(store.conn)
        if as_json:
            json.dump({"cross_checks": rows, "twin_disagreements": diffs}, out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            _text(store.conn, out)
    finally:
        store.close()
    return 1 if any(r["ok"] == 0 for r in rows) or diffs else 0
