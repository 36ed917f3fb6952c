"""Text renderers that keep cells apart: one cell per line, or pipes.

Layouts:
  cell_per_line_blank  one cell per line, blank lines between, stray spaces (the seed)
  cell_per_line        one cell per line, no blank lines; a blank cell is an empty line
  pipe_cells           one cell per line ended by `|`; `||`/`|||` where a cell was merged
  pipe_rows            one row per line, cells joined by ` | `, markdown-ish rows
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from samplegen.model import RenderedText, Report, Table, TableRow


def _header_texts(row: TableRow) -> list[str]:
    return [h.text for h in row.header]


def flat_table(table: Table) -> Iterator[tuple[str, str]]:
    """Flatten a table row-major into (kind, text): kind is label or value."""
    if table.note:
        yield "label", table.note
    for row in table.rows:
        if row.kind == "header":
            for text in _header_texts(row):
                yield "label", text
            continue
        if row.label:
            yield "label", row.label
        for cell in row.cells:
            yield "value", cell.raw


def document_items(report: Report) -> Iterator[tuple[str, object]]:
    """The report as a stream of (kind, content): title, meta, para, heading, table, sign.

    title: one line of the title (1-3); meta: a head line (date, 发布机构);
    sign: a line of the closing signature (agency, date).
    """
    printed = report.metadata.print_style()
    for line in printed.title_lines:
        yield "title", line
    for line in printed.head:
        yield "meta", line
    for paragraph in report.preamble:
        yield "para", paragraph
    for section in report.sections:
        yield "heading", section.heading
        for paragraph in section.paragraphs:
            yield "para", paragraph
        if section.table is not None:
            yield "table", section.table
    for line in printed.signature:
        yield "sign", line


def text_items(report: Report) -> Iterator[tuple[str, object]]:
    """document_items for a text file: a blank line between title lines where the title is set so."""
    gap = report.metadata.print_style().title_gap
    previous = ""
    for kind, content in document_items(report):
        if gap and kind == "title" and previous == "title":
            yield "gap", ""
        previous = kind
        yield kind, content


def _stray(rng: random.Random, text: str) -> str:
    return " " * rng.choice((0, 0, 1, 1, 2)) + text + " " * rng.choice((0, 0, 0, 1))


def _cell_lines(report: Report, cell: Callable[[str, str], list[str]]) -> list[str]:
    lines: list[str] = []
    for kind, content in text_items(report):
        if kind == "table":
            assert isinstance(content, Table)
            for cell_kind, text in flat_table(content):
                lines += cell(cell_kind, text)
        else:
            lines.append(str(content))
    return lines


def render_cell_per_line_blank(report: Report, rng: random.Random) -> RenderedText:
    """The seed's layout: blank line between cells, stray spaces on values."""

    def cell(kind: str, text: str) -> list[str]:
        return [_stray(rng, text) if kind == "value" else text]

    lines = _cell_lines(report, cell)
    gap = "\n\n\n" if rng.random() < 0.3 else "\n\n"
    head, rest = lines[:2], lines[2:]
    text = "\n\n".join(head) + gap + "\n\n".join(rest)
    return RenderedText(text + "\n", "cell_per_line_blank")


def render_cell_per_line(report: Report, rng: random.Random) -> RenderedText:
    """One cell per line, no blank lines; an empty line is a blank cell."""

    def cell(kind: str, text: str) -> list[str]:
        if kind == "value" and text and rng.random() < 0.15:
            return [_stray(rng, text)]
        return [text]

    return RenderedText("\n".join(_cell_lines(report, cell)) + "\n", "cell_per_line")


def render_pipe_cells(report: Report, rng: random.Random) -> RenderedText:
    """One cell per line ended by `|`; spacer lines where a merged cell was."""
    lines: list[str] = []
    for kind, content in text_items(report):
        if kind != "table":
            lines.append(str(content))
            continue
        assert isinstance(content, Table)
        if content.note:
            lines.append(content.note + "|")
        for row in content.rows:
            lines += _pipe_cell_row(rng, row)
    return RenderedText("\n".join(lines) + "\n", "pipe_cells")


def _pipe_cell_row(rng: random.Random, row: TableRow) -> list[str]:
    out: list[str] = []
    if row.kind == "header":
        for header in row.header:
            out.append(header.text + "|")
            if header.colspan > 1:
                out.append("|" * rng.choice((2, 3)))
        return out
    if row.label:
        out.append(row.label + "|")
    if row.kind == "subheading":
        out.append("|" * rng.choice((2, 3)))
    out += [cell.raw + "|" for cell in row.cells]
    return out


def _pad(rng: random.Random, text: str) -> str:
    if rng.random() < 0.1:
        return f"  {text}  "
    return f" {text} "


def _pipe_row(rng: random.Random, cells: list[str], markdown: bool) -> str:
    inner = "|".join(_pad(rng, c) if c else " " for c in cells)
    if markdown:
        return f"|{inner}|"
    return " | ".join(cells)


def _pipe_table_lines(rng: random.Random, table: Table, style: tuple[bool, bool]) -> list[str]:
    markdown, group_column = style
    lines: list[str] = []
    if table.note:
        lines.append(_pipe_row(rng, [table.note], markdown))
    for row in table.rows:
        if row.kind == "header":
            lines.append(_pipe_row(rng, _header_texts(row), markdown))
        elif row.kind == "subheading":
            if lines and rng.random() < 0.5:
                lines.append(rng.choice(("||", "|||")))
            lines.append(f"| {row.label} | |||" if markdown else f"{row.label} |")
        elif row.kind == "group":
            trail = [""] * rng.choice((0, 2, 7)) if markdown else []
            lines.append(_pipe_row(rng, [""] * (row.level if group_column else 0) + [row.label] + trail, markdown))
        else:
            lead = [""] * (row.level if group_column else 0)
            label = [row.label] if row.label else []
            lines.append(_pipe_row(rng, lead + label + [c.raw for c in row.cells], markdown))
    return lines


def render_pipe_rows(report: Report, rng: random.Random) -> RenderedText:
    """One row per line, cells joined with ` | `, markdown-ish rows."""
    markdown = rng.random() < 0.7
    group_column = markdown and rng.random() < 0.3
    lines: list[str] = []
    for kind, content in text_items(report):
        if kind == "table":
            assert isinstance(content, Table)
            lines += _pipe_table_lines(rng, content, (markdown, group_column))
        else:
            lines.append(str(content))
            if kind in ("title", "heading") and rng.random() < 0.5:
                lines.append("")
    variants = ["markdown_rows"] if markdown else ["plain_pipe_rows"]
    if group_column:
        variants.append("group_column_cells")
    return RenderedText("\n".join(lines) + "\n", "pipe_rows", variants=tuple(variants))


RENDERERS: dict[str, Callable[[Report, random.Random], RenderedText]] = {
    "cell_per_line_blank": render_cell_per_line_blank,
    "cell_per_line": render_cell_per_line,
    "pipe_cells": render_pipe_cells,
    "pipe_rows": render_pipe_rows,
}
