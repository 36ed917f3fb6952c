"""Markdown as converters and OCR transcriptions hand reports over.

Layouts:
  md_converter  a PDF turned into markdown (MinerU / marker / docling style):
                table 三 cut at page breaks into several pipe tables, page
                footers between them, row labels in one table and the numbers
                in the next, long labels wrapped over rows, a vertical group
                label cut into pieces, header cells broken mid-word, a number
                row promoted to the header row above its rule; table 二 items
                as small tables, annotated cells, collapsed columns; table 四's
                fifteen values as one row under its header table, with a note.
  md_ocr        an OCR transcription typed as markdown: each table-三 row its
                own table under placeholder headers, rows renamed, a bogus
                header row over the last rows, labels with OCR confusions.

What the converters do is described in shared/spec/real-world-variations.md
('Converted and transcribed reports'); docling repeats a spanned header cell
in every column it covers, marker leaves the covered cells empty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from samplegen.build import ReportSpec, build_report
from samplegen.model import Cell, EncodedText, RenderedText, Report, Table, TableRow
from samplegen.render_text import document_items
from samplegen.splits import Ambiguity
from samplegen.truth import GeneratedFile, build_truth, truth_json

# Wrapped label width in characters, drawn per report (a narrow label column).
WRAP_WIDTHS = (9, 11, 13)
# OCR confusions printed into labels: what the true character is misread as.
OCR_MISREADS = {"已": "己", "予": "子", "沭": "沐"}
ANNOTATIONS = ("（其中修订{n}件）", "（含自然失效 {n} 件）", "（其中修订 {n} 件）", "（其中新制定{n}件）")
REVIEW_NOTE = "注：行政复议、行政诉讼数量含上年度结转数量。"
OWN_OUTLINE = "一、工作机制保障"


def md_row(cells: list[str]) -> str:
    """One pipe-table row."""
    return "| " + " | ".join(cells) + " |"


def html_table(rows: list[list[str]], head: int = 0) -> list[str]:
    """MinerU's table: one line of <table> markup; in the first ``head`` rows equal neighbours merge (colspan)."""
    out = ["<table>"]
    for r, row in enumerate(rows):
        cells: list[tuple[str, int]] = []
        for text in row:
            if r < head and cells and text and cells[-1][0] == text:
                cells[-1] = (text, cells[-1][1] + 1)
            else:
                cells.append((text, 1))
        tds = "".join(f'<td colspan="{n}">{t}</td>' if n > 1 else f"<td>{t}</td>" for t, n in cells)
        out.append(f"<tr>{tds}</tr>")
    return ["".join([*out, "</table>"])]


def _tab(style: _Style, rows: list[list[str]], head: int = 0) -> list[str]:
    return html_table(rows, head) if style.html else md_table(rows)


def md_table(rows: list[list[str]]) -> list[str]:
    """A pipe table: the first row is the header row, above its rule."""
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    return [md_row(padded[0]), md_row(["---"] * width), *(md_row(r) for r in padded[1:])]


@dataclass(frozen=True)
class _Style:
    heading: str  # '##', '**' or '#'
    docling_spans: bool  # repeat a spanned header cell in every column
    wrap: int
    values_first: bool  # a wrapped label's values on its first (else last) line
    group_column: bool
    split_labels: float  # chance a table-三 page puts labels and numbers in separate tables
    empty_heading_rows: bool  # the numbers table keeps an empty row for a heading-only label
    own_outline: bool
    html: bool = False  # MinerU: every table as <table> markup, spanned header cells as colspan
    running: str = ""  # the running header a page break leaves (the title)
    docling_grid: bool = False  # table 三 with three label columns, spanned labels repeated


def _draw_style(rng: random.Random) -> _Style:
    style = _Style(
        heading=rng.choice(("##", "**", "#")),
        docling_spans=rng.random() < 0.5,
        wrap=rng.choice(WRAP_WIDTHS),
        values_first=rng.random() < 0.5,
        group_column=rng.random() < 0.5,
        split_labels=rng.choice((0.5, 0.8, 1.0)),
        empty_heading_rows=rng.random() < 0.5,
        own_outline=rng.random() < 0.4,
        html=rng.random() < 0.35,
    )
    if style.docling_spans and not style.group_column and rng.random() < 0.5:
        style = replace(style, docling_grid=True, split_labels=0.0)
    return style


def annotate_report(report: Report, rng: random.Random) -> Report:
    """Table 二's document counts with annotations riding in the cell ('22（其中修订16件）')."""
    sections = []
    for section in report.sections:
        table = section.table
        if table is None or table.table_id != "active_disclosure":
            sections.append(section)
            continue
        rows = tuple(_annotate_row(row, rng) for row in table.rows)
        sections.append(replace(section, table=replace(table, rows=rows)))
    return replace(report, sections=tuple(sections), variants=(*report.variants, "annotated_cells"))


def _annotate_row(row: TableRow, rng: random.Random) -> TableRow:
    if row.kind != "data" or not row.cells:
        return row
    cells = []
    for cell in row.cells:
        annotate = isinstance(cell.value, int) and cell.value > 1 and cell.raw == str(cell.value)
        if annotate and cell.row_id in ("rules", "normative_documents") and rng.random() < 0.5:
            n = rng.randint(1, int(cell.value or 1))
            cell = replace(cell, raw=cell.raw + rng.choice(ANNOTATIONS).format(n=n))
        cells.append(cell)
    return replace(row, cells=tuple(cells))


def _heading(style: _Style, text: str) -> str:
    return f"**{text}**" if style.heading == "**" else f"{style.heading} {text}"


def _renumber(heading: str, shift: int) -> str:
    numerals = "一二三四五六七八九十"
    if shift and heading[:1] in numerals and heading[1:2] == "、":
        return numerals[numerals.index(heading[0]) + shift] + heading[1:]
    return heading


def _footer(rng: random.Random, page: int) -> str:
    return rng.choice((f"— {page} —", f"- {page} -", f"—{page}—"))


def _values(cells: tuple[Cell, ...]) -> list[str]:
    return [c.raw for c in cells]


def _collapse(rng: random.Random, values: list[str]) -> list[str]:
    """Three values in two cells: the last two share one ('0 55')."""
    plain = all(v and v.split("（")[0].lstrip("-").isdigit() for v in values[-2:])
    if len(values) == 3 and plain and rng.random() < 0.35:
        return [values[0], f"{values[1]} {values[2]}"]
    return values


def _header_rows(row: TableRow, style: _Style, lead: int) -> list[str]:
    out = [""] * lead
    for h in row.header:
        out.append(h.text)
        out += [h.text if style.docling_spans else ""] * (h.colspan - 1)
    return out


def _active_lines(table: Table, style: _Style, rng: random.Random) -> list[str]:
    """Table 二: one small table per 第二十条 group, or a label line over a numbers-only table per item."""
    lines: list[str] = []
    # one table per 第二十条 group, or per item: a label line over a numbers table, or a one-row table
    per_item = rng.choice(("group", "label_line", "small_table"))
    group: list[list[str]] = []
    for row in table.rows:
        if row.kind == "subheading":
            if group:
                lines += [*_tab(style, group, 2), ""]
            group = [[row.label]]
        elif row.kind == "header":
            group.append(_header_rows(row, style, 0))
        elif per_item == "label_line":
            lines += [*_tab(style, group, 2), "", row.label, ""] if group else ["", row.label, ""]
            group = []
            lines += [*_tab(style, [_collapse(rng, _values(row.cells))]), ""]
        elif per_item == "small_table":
            lines += [*_tab(style, group, 2), ""] if group else []
            group = []
            lines += [*_tab(style, [[row.label, *_collapse(rng, _values(row.cells))]]), ""]
        else:
            group.append([row.label, *_collapse(rng, _values(row.cells))])
    if group:
        lines += [*_tab(style, group, 2), ""]
    return lines


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


@dataclass
class _Body:
    """Table 三's body as printed rows: label cells, value cells, and whether a row holds data."""

    labels: list[list[str]]
    values: list[list[str]]
    data: list[bool]
    heading: bool = False


def _docling_body(table: Table) -> list[_Body]:
    """docling's grid: three label columns, a spanned cell's text repeated in every cell it covers.

    '三、本年度办理结果' fills column 1 of every result row, '（三）不予公开'
    column 2 of its items, and a label spanning columns repeats across them.
    """
    out: list[_Body] = []
    groups = ["", ""]
    for row in table.rows:
        if row.kind == "header" or (row.kind == "group" and row.level == 0 and groups[0]):
            continue
        if row.kind == "group":
            groups[row.level] = row.label
            groups[1] = "" if row.level == 0 else groups[1]
            continue
        if row.level == 0:
            groups = ["", ""]
        labels = [row.label] * 3 if row.level == 0 else [groups[0]] + [row.label] * 2
        if row.level == 2:
            labels = [groups[0], groups[1], row.label]
        out.append(_Body([labels], [_values(row.cells)], [True]))
    return out


def _apps_body(table: Table, style: _Style) -> list[_Body]:
    """One _Body per logical row (a wrapped label is several printed rows)."""
    if style.docling_grid:
        return _docling_body(table)
    out: list[_Body] = []
    pieces: list[str] = []
    for row in table.rows:
        if row.kind == "header":
            continue
        if row.kind == "group" and row.level == 0 and style.group_column and row.label.startswith("三"):
            pieces = _wrap(row.label, 4)
            continue
        lines = _wrap(row.label, style.wrap)
        width = len(row.cells) or 7
        blank = [""] * width
        at = 0 if style.values_first else len(lines) - 1
        body = _Body([], [], [], heading=not row.cells)
        for i, part in enumerate(lines):
            group = pieces.pop(0) if pieces else ""
            body.labels.append([group, part] if style.group_column else [part])
            body.values.append(_values(row.cells) if i == at and row.cells else blank)
            body.data.append(bool(row.cells) and i == at)
        out.append(body)
    return out


def _apps_header(table: Table, style: _Style, rng: random.Random) -> list[list[str]]:
    lead = 3 if style.docling_grid else 2 if style.group_column else 1
    rows = [_header_rows(r, style, 0) for r in table.rows if r.kind == "header"]
    first = rows[0][:1] * lead + rows[0][3:]  # 申请人情况 spans the label columns
    second = [""] * lead + [""] + rows[1][:5] + [""]
    out = [first, second]
    if rng.random() < 0.6:  # a header cell broken mid-word spills into a fake header row
        k = rng.randrange(1, 6)
        word = second[lead + k]
        cut = max(1, len(word) - 1)
        second[lead + k] = word[:cut]
        out.append([""] * (lead + k) + [word[cut:]] + [""] * (6 - k))
    return out


def _apps_lines(table: Table, style: _Style, rng: random.Random, page: int) -> list[str]:
    """Table 三 cut into pages; each page one table or a labels table then a numbers table."""
    bodies = _apps_body(table, style)
    cuts = sorted(rng.sample(range(3, len(bodies) - 2), rng.randint(1, 3)))
    lines = ["", table.note, ""] if table.note else [""]
    header = _apps_header(table, style, rng)
    for n, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(bodies)], strict=True)):
        if n:
            lines += ["", _footer(rng, page + n), ""]
            if rng.random() < 0.3:
                lines += ["（续表）", ""]
            if rng.random() < 0.3:  # a caption or the running header between the pieces
                lines += [rng.choice(("### 表3 政府信息公开申请情况（续）", "**表 3（续）**", style.running)), ""]
        part = bodies[a:b]
        split = rng.random() < style.split_labels
        head = header if n == 0 else []
        lines += [*_apps_page(part, head, split, style), ""]
    return lines


def _apps_page(part: list[_Body], head: list[list[str]], split: bool, style: _Style) -> list[str]:
    labels = [lab for body in part for lab in body.labels]
    values = [v for body in part for v in body.values]
    data = [d for body in part for d in body.data]
    # a heading-only label's first printed row (not a wrapped continuation)
    heads = [body.heading and i == 0 for body in part for i in range(len(body.labels))]
    if not split:
        rows = [lab + val for lab, val in zip(labels, values, strict=True)]
        return _tab(style, head + rows, len(head))
    lead = len(labels[0])
    label_head = [h[:lead] for h in head]
    numbers_head = [h[lead:] for h in head]
    keep = [i for i, d in enumerate(data) if d or (style.empty_heading_rows and heads[i])]
    numbers = [values[i] for i in keep]
    labels_table = _tab(style, label_head + labels, len(head))
    if not numbers_head + numbers:
        # a continuation holding only heading-only labels prints no numbers table at all (md_converter
        # seed 11 report 131 tried to print an empty one: 'max() arg is an empty sequence')
        return labels_table
    # no header in a continuation: the first row is promoted above the rule
    return [*labels_table, "", *_tab(style, numbers_head + numbers, len(head))]


def _review_lines(table: Table, style: _Style, rng: random.Random) -> list[str]:
    header = [_header_rows(r, style, 0) for r in table.rows if r.kind == "header"]
    values = [c.raw for r in table.rows if r.kind == "data" for c in r.cells]
    lines = [*_tab(style, header, len(header)), "", *_tab(style, [values]), ""]
    if rng.random() < 0.7:
        lines += [REVIEW_NOTE, ""]
    return lines


def render_md_converter(report: Report, rng: random.Random) -> RenderedText:
    """A converter's markdown of the report (see the module docstring)."""
    style = replace(_draw_style(rng), running=report.metadata.title)
    lines: list[str] = []
    page = 1
    shift = 1 if style.own_outline else 0
    for kind, content in document_items(report):
        if kind == "title":
            lines += [f"# {content}", ""]
        elif kind == "heading":
            text = str(content)
            if shift and text.startswith("一、"):
                lines += [_heading(style, OWN_OUTLINE), "", "本机关明确专人负责政府信息公开工作。", ""]
            lines += [_heading(style, _renumber(text, shift)), ""]
        elif kind == "table":
            assert isinstance(content, Table)
            page += 1
            lines += _table_lines(content, style, rng, page)
            page += 2
        else:
            lines += [str(content), ""]
    variants = ["converter_markdown", f"headings_{'bold' if style.heading == '**' else 'hash'}"]
    variants += ["own_outline_first"] if style.own_outline else []
    variants += ["group_column_cut"] if style.group_column else []
    variants += ["html_tables"] if style.html else []
    variants += ["docling_repeated_spans"] if style.docling_grid else []
    return RenderedText("\n".join(lines) + "\n", "md_converter", variants=tuple(variants))


def _table_lines(table: Table, style: _Style, rng: random.Random, page: int) -> list[str]:
    if table.table_id == "active_disclosure":
        return _active_lines(table, style, rng)
    if table.table_id == "applications":
        return _apps_lines(table, style, rng, page)
    return _review_lines(table, style, rng)


def _misread(text: str, rng: random.Random) -> str:
    return "".join(OCR_MISREADS[ch] if ch in OCR_MISREADS and rng.random() < 0.7 else ch for ch in text)


def _ocr_label(label: str, rng: random.Random) -> str:
    if label == "（六）其他处理" and rng.random() < 0.6:
        return "(六) 其他"
    return _misread(label, rng)


def _ocr_apps(table: Table, rng: random.Random) -> list[str]:
    """Each table-三 row its own table under placeholder headers; a bogus header over the last rows."""
    lines: list[str] = ["", table.note, ""] if table.note else [""]
    numbered = rng.random() < 0.6
    headers = [r for r in table.rows if r.kind == "header"]
    lines += md_table([_header_rows(h, _Style("#", True, 99, True, False, 0, False, False), 0) for h in headers])
    lines.append("")
    body = [r for r in table.rows if r.kind != "header"]
    bogus = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    tail: list[list[str]] = [bogus]
    for row in body:
        label = _ocr_label(row.label, rng)
        if row.kind == "group":
            lines += [label, ""]
            continue
        cells = [label, *_values(row.cells)]
        if row.cells and row.cells[0].row_id in ("total_handled", "carried_forward"):
            tail.append(cells)
            continue
        placeholder = [f"数据{i}" for i in range(1, len(cells))] if numbered else ["-"] * (len(cells) - 1)
        lines += [*md_table([["项目" if numbered else "-", *placeholder], cells]), ""]
    return lines + md_table(tail) + [""]


def render_md_ocr(report: Report, rng: random.Random) -> RenderedText:
    """An OCR transcription typed as markdown (see the module docstring)."""
    style = _Style("#", True, 99, True, False, 0.0, False, False)
    lines: list[str] = []
    for kind, content in document_items(report):
        if kind == "table":
            assert isinstance(content, Table)
            if content.table_id == "applications":
                lines += _ocr_apps(content, rng)
            elif content.table_id == "active_disclosure":
                lines += _active_lines(content, style, rng)
            else:
                lines += _review_lines(content, style, rng)
        elif kind in ("title", "heading"):
            lines += [f"{'#' if kind == 'title' else '##'} {content}", ""]
        else:
            lines += [str(content), ""]
    return RenderedText("\n".join(lines) + "\n", "md_ocr", variants=("ocr_markdown", "ocr_confusions"))


MD_RENDERERS = {"md_converter": render_md_converter, "md_ocr": render_md_ocr}


def generate_markdown(spec: ReportSpec, stem: str, layout: str) -> GeneratedFile:
    """Build a report, render it as converter or OCR markdown, and describe it in a truth file."""
    report = build_report(spec)
    rng = random.Random(f"render:{spec.seed}")
    if layout == "md_converter":
        report = annotate_report(report, rng)
    rendered = MD_RENDERERS[layout](report, rng)
    data = rendered.text.encode("utf-8")
    truth = build_truth(report, rendered, EncodedText(data, "utf-8"), f"{stem}.md", Ambiguity((), ()))
    truth["format"] = "md"
    return GeneratedFile(stem, data, truth_json(truth), "md")
