"""OUT/summary.html: the closing summary of ``docstruct batch`` as one self-contained page with charts.

Made from the store (every document of every run into OUT), so the same store
gives the same page; this run's terminal summary (timings) and the seconds
chart sit between ``view.store_pages``' varying marks, which a comparison
leaves out (``without_varying``).
"""

from __future__ import annotations

from pathlib import Path

from docstruct.batch.store import open_readonly
from docstruct.batch.store_query import failed_checks, failures_by_reason, store_stats
from docstruct.view.store_pages import render_summary

SUMMARY_NAME = "summary.html"
RULE_REPORTS = 10   # reports listed under each failed rule (the page has no links to the rest)


def write_summary_html(out_dir: str | Path, run_lines: list[str]) -> Path:
    """Write OUT/summary.html from the store in ``out_dir``; returns its path."""
    conn = open_readonly(out_dir)
    try:
        html = render_summary(store_stats(conn), failed_checks(conn, RULE_REPORTS), failures_by_reason(conn),
                              run_lines)
    finally:
        conn.close()
    path = Path(out_dir) / SUMMARY_NAME
    path.write_text(html, encoding="utf-8", newline="\n")
    return path
