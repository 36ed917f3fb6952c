"""The terminal view: source and tables side by side with rich, failed checks and warnings marked.

Document text goes into rich ``Text`` objects, never into console markup, so a
report holding ``[bold]`` or escape sequences prints as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from docstruct.extract.view_data import LayoutRow, template_layout
from docstruct.view.data import ViewInput
from docstruct.view.html_tables import TITLES
from docstruct.view.links import Links, record_links
from docstruct.view.record_shape import RecordShape

# source lines wider than this are cut in the left column (the tables need the room)
MAX_LINE_CHARS = 400


def _safe(text: str) -> str:
    """Text without control characters (a hostile report could move the cursor or clear the screen)."""
    return "".join(ch if ch.isprintable() or ch == "\n" else "\ufffd" for ch in text)


def _source(view: ViewInput, links: Links) -> Text:
    out = Text()
    for block in view.source:
        src = block.source
        where = str(src.line or (f"p{src.page}" if src.page is not None else ""))
        if block.kind == "grid":
            out.append(f"{where:>5} ", style="dim")
            out.append(f"[grid: {len(block.cells)} cells, {_safe(block.found_by)}]\n", style="cyan")
            continue
        text = _safe(block.text)[:MAX_LINE_CHARS]
        line = Text(text)
        for mark in links.marks.get(block.index, []):
            keys = links.anchor_cells.get(mark.anchor, [])
            bad = any(k in links.failed for k in keys)
            line.stylize("bold red" if bad else "bold", mark.start, min(mark.end, len(text)))
        out.append(f"{where:>5} ", style="dim")
        out.append(line)
        out.append("\n")
    return out


def _table(name: str, rows_spec: Sequence[LayoutRow], columns: tuple[str, ...], labels: dict[str, str],
           record: RecordShape, links: Links) -> Table:
    rows = record.tables.get(name, {})
    table = Table(title=TITLES[name], show_lines=False, expand=False)
    table.add_column("")
    for col in columns:
        table.add_column(labels.get(col, col), justify="right")
    for spec in rows_spec:
        if spec.id is None:
            table.add_row(Text(spec.label, style="bold"))
            continue
        if spec.id not in rows:
            continue
        cells: list[Text] = []
        for col in columns:
            cell = rows[spec.id].get(col)
            key = f"{name}.{spec.id}.{col}"
            value = "" if cell is None else ("—" if cell.value is None else str(cell.value))
            cells.append(Text(value + (" ✗" if key in links.failed else ""),
                              style="bold red" if key in links.failed else ""))
        table.add_row(Text(spec.label), *cells)
    return table


def _structure(view: ViewInput, links: Links) -> Group:
    record = view.shape
    meta = record.metadata
    parts: list[Any] = [Text(f"agency: {meta.agency} · year: {meta.year} · template: {meta.template}")]
    template = meta.template
    if isinstance(template, str) and template in ("2019", "2021"):
        for layout in template_layout(template):
            if record.tables.get(layout.name):
                parts.append(_table(layout.name, layout.rows, layout.columns, layout.column_labels, record, links))
    for check in (c for c in record.checks if c.ok is False):
        parts.append(Text(f"✗ {check.rule}: {_safe(check.detail)}", style="red"))
        if check.blame is not None:
            parts.append(Text(f"  blame: {_safe(check.blame.kind)}: {_safe(check.blame.reason)}", style="red"))
    for warning in record.warnings:
        parts.append(Text(f"! {_safe(warning)}", style="yellow"))
    return Group(*parts)


def print_view(view: ViewInput, console: Console | None = None) -> None:
    """Print the source (left) and the structure (right)."""
    console = console or Console()
    links = record_links(view.shape, view.source)
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=2)
    grid.add_column(ratio=3)
    path = _safe("" if view.shape.source.path is None else str(view.shape.source.path))
    grid.add_row(Panel(_source(view, links), title=Text(path)), Panel(_structure(view, links), title="structure"))
    console.print(grid)
