"""``docstruct show FILE [--html OUT]``: one file extracted in this process, then shown."""

from __future__ import annotations

import sys
from pathlib import Path

from docstruct.extract import DocstructError, ReadOptions, extract_file
from docstruct.extract.limits import bounded
from docstruct.view.data import ViewInput, view_input, view_payload

PROG = "docstruct"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def file_view(path: str, max_seconds: float, max_memory_mb: int) -> ViewInput:
    """Extract ``path`` under the per-file limits and gather what the view shows (page images too)."""
    with bounded(max_seconds, max_memory_mb):
        record = extract_file(path, ReadOptions(path=path, max_seconds=max_seconds))
        return view_input(record.to_json(), view_payload(record))


def show_command(path: str, html_out: str | None, max_seconds: float, max_memory_mb: int) -> int:
    """Write the HTML view to ``html_out``, or print the terminal view; 2 for an unreadable file."""
    try:
        view = file_view(path, max_seconds, max_memory_mb)
    except DocstructError as exc:
        print(f"{PROG}: error: {path}: {_one_line(exc)}", file=sys.stderr)
        return 2
    if html_out:
        from docstruct.view.page import render_page

        Path(html_out).write_text(render_page(view), encoding="utf-8")
        print(f"{PROG}: wrote {html_out}", file=sys.stderr)
        return 0
    from docstruct.view.terminal import print_view

    print_view(view)
    return 0
