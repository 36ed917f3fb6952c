"""Render a Report as a DOCX with python-docx: real merged tables, or one cell per paragraph.

Layouts:
  tables     the national template's tables with their merges: gridSpan for
             header spans and label columns, vMerge for 申请人情况, the vertical
             三、本年度办理结果 / （三）不予公开 group labels and table 四's header;
  flattened  one cell per paragraph in row-major order (blank cell: empty
             paragraph), as web-to-Word copies print it; its text twin is
             the `cell_per_line` text layout.
Both carry text that must never be read as body text: a header and a footer
(agency name, page fields), a comment, and randomly a tracked deletion and a
field code; RenderedDocx.distractors lists marker strings of that text.
Random variants (RenderedDocx.variants): title and date in one paragraph
split by w:br, headings numbered by Word (w:numPr, chineseCounting), a
content control around the preamble, numbers split across runs, header cells
broken across paragraphs (`商业企` + `业`), the table 三 note as a table row.
Output is deterministic: fixed core properties, comment date and zip dates.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samplegen.build import ReportSpec, build_report
from samplegen.labels import TEMPLATES
from samplegen.model import EncodedText, MetaPrint, RenderedText, Report, Table, TableRow
from samplegen.render_text import document_items, flat_table
from samplegen.splits import Ambiguity
from samplegen.truth import GeneratedFile, build_truth, truth_json

DOCX_LAYOUTS: tuple[str, ...] = ("tables", "flattened")
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
NUM_ID = "90"  # our own numbering definition; the template's own ids are small
HEADER_MARK = "政府信息公开专栏"
FOOTER_MARK = "页 共"
COMMENT_MARK = "审核意见"
DELETED_MARK = "此段已删除"
FIELD_MARK = "HYPERLINK"
_HEADING_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class RenderedDocx:
    """A DOCX rendering: bytes, layout, variants drawn, and text that must not be read."""

    data: bytes
    layout: str
    variants: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """One (merged) cell of a table grid."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class _Ctx:
    """What one rendering draws and records as it goes."""

    rng: random.Random
    variants: list[str] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)

    def draw(self, name: str, p: float) -> bool:
        """Draw a variant with probability p, recording it once when drawn."""
        hit = self.rng.random() < p
        if hit and name not in self.variants:
            self.variants.append(name)
        return hit


def _el(xml: str) -> Any:
    """An element from markup built with _w (the namespace is declared on its root only)."""
    from docx.oxml import parse_xml

    return parse_xml(xml.replace(">", f' xmlns:w="{_W_NS}">', 1))


def _w(tag: str, inner: str = "", **attrs: str) -> str:
    attr = "".join(f' w:{k}="{v}"' for k, v in attrs.items())
    return f"<w:{tag}{attr}>{inner}</w:{tag}>"


# ---------------------------------------------------------------- table grids


def _place_header(rows: list[TableRow], top: int) -> tuple[list[Place], int]:
    """Header cells placed on the grid by their spans; returns places and height."""
    occupied: set[tuple[int, int]] = set()
    places: list[Place] = []
    height = 0
    for i, row in enumerate(rows):
        col = 0
        for h in row.header:
            while (top + i, col) in occupied:
                col += 1
            places.append(Place(top + i, col, h.text, h.rowspan, h.colspan, True))
            occupied |= {(top + i + dr, col + dc) for dr in range(h.rowspan) for dc in range(h.colspan)}
            col += h.colspan
            height = max(height, i + h.rowspan)
    return places, height


def _spread(row: int, texts: list[str], width: int, header: bool = False) -> list[Place]:
    """Cells left to right; the last one spans what is left of the row (table 二's short rows)."""
    places = [Place(row, c, t, header=header) for c, t in enumerate(texts)]
    if places and len(texts) < width:
        last = places[-1]
        places[-1] = Place(last.row, last.col, last.text, 1, width - len(texts) + 1, header)
    return places


def active_grid(table: Table) -> tuple[list[Place], int, int]:
    """Table 二: sub-heading rows across, header and data rows of up to four cells."""
    width = 4
    places: list[Place] = []
    for r, row in enumerate(table.rows):
        if row.kind == "subheading":
            places.append(Place(r, 0, row.label, 1, width, True))
        elif row.kind == "header":
            places += _spread(r, [h.text for h in row.header], width, True)
        else:
            places += _spread(r, [row.label] + [c.raw for c in row.cells], width)
    return places, len(table.rows), width


@dataclass
class _Group:
    row: int
    level: int
    label: str
    rows: int = 1


def applications_grid(table: Table, note_row: bool) -> tuple[list[Place], int, int]:
    """Table 三: merged header, vertical group labels spanning their children's rows."""
    width, label_cols = 10, 3
    top = 1 if note_row else 0
    places = [Place(0, 0, table.note, 1, width, True)] if note_row else []
    header, height = _place_header([r for r in table.rows if r.kind == "header"], top)
    places += header
    r = top + height
    pending: dict[int, str] = {}
    open_: dict[int, _Group] = {}
    groups: list[_Group] = []
    for row in table.rows:
        if row.kind == "header":
            continue
        for level in [lv for lv in open_ if lv >= row.level]:
            del open_[level]
        if row.kind == "group":
            pending = {lv: t for lv, t in pending.items() if lv < row.level}
            pending[row.level] = row.label
            continue
        for level in range(row.level):
            if level in pending:
                open_[level] = _Group(r, level, pending.pop(level))
                groups.append(open_[level])
            elif level in open_:
                open_[level].rows += 1
            else:
                places.append(Place(r, level, ""))
        places.append(Place(r, row.level, row.label, 1, label_cols - row.level))
        places += [Place(r, label_cols + j, c.raw) for j, c in enumerate(row.cells)]
        r += 1
    places += [Place(g.row, g.level, g.label, g.rows, 1) for g in groups]
    return places, r, width


def review_grid(table: Table) -> tuple[list[Place], int, int]:
    """Table 四: three header rows of spans, one data row of fifteen cells."""
    header, height = _place_header([r for r in table.rows if r.kind == "header"], 0)
    places = list(header)
    r = height
    for row in table.rows:
        if row.kind == "data":
            lead = [row.label] if row.label else []
            places += [Place(r, c, t) for c, t in enumerate(lead + [c.raw for c in row.cells])]
            r += 1
    return places, r, max(p.col + p.colspan for p in places)


# ------------------------------------------------------------- docx writing


def _cjk_splits(text: str) -> list[int]:
    """Offsets where both neighbours are Han characters (a reader joins those with '')."""
    return [i for i in range(1, len(text)) if "\u4e00" <= text[i - 1] <= "\u9fff" and "\u4e00" <= text[i] <= "\u9fff"]


def _fill_cell(ctx: _Ctx, cell: Any, place: Place) -> None:
    text = place.text
    paragraph = cell.paragraphs[0]
    splits = _cjk_splits(text) if len(text) >= 4 else []
    if splits and ctx.draw("cell_text_across_paragraphs", 0.25 if place.header else 0.05):
        cut = ctx.rng.choice(splits)
        paragraph.add_run(text[:cut])
        cell.add_paragraph().add_run(text[cut:])
        return
    if len(text) >= 2 and text.isdigit() and ctx.draw("number_split_across_runs", 0.2):
        cut = ctx.rng.randint(1, len(text) - 1)
        paragraph.add_run(text[:cut])
        paragraph.add_run(text[cut:])
        return
    if text:
        paragraph.add_run(text)


def _write_grid(ctx: _Ctx, doc: Any, grid: tuple[list[Place], int, int]) -> None:
    places, nrows, ncols = grid
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    cells = [list(row.cells) for row in table.rows]  # before merging: one _Cell per w:tc
    for place in sorted(places, key=lambda p: (p.row, p.col)):
        cell = cells[place.row][place.col]
        if place.rowspan > 1 or place.colspan > 1:
            cell = cell.merge(cells[place.row + place.rowspan - 1][place.col + place.colspan - 1])
        _fill_cell(ctx, cell, place)


def _table(ctx: _Ctx, doc: Any, table: Table) -> None:
    if table.table_id == "active_disclosure":
        _write_grid(ctx, doc, active_grid(table))
    elif table.table_id == "applications":
        note_row = bool(table.note) and ctx.draw("note_row_in_table", 0.5)
        if table.note and not note_row:
            doc.add_paragraph(table.note)
        _write_grid(ctx, doc, applications_grid(table, note_row))
    else:
        _write_grid(ctx, doc, review_grid(table))


def _flattened(doc: Any, table: Table) -> None:
    for _, text in flat_table(table):
        doc.add_paragraph(text)


def _numbering(doc: Any) -> None:
    """Add a chineseCounting '%1、' list (Word's 一、 headings) to numbering.xml."""
    numbering = doc.part.numbering_part.element
    lvl = _w("lvl", _w("start", val="1") + _w("numFmt", val="chineseCounting") + _w("lvlText", val="%1、")
             + _w("lvlJc", val="left"), ilvl="0")
    abstract = _el(_w("abstractNum", _w("multiLevelType", val="singleLevel") + lvl, abstractNumId=NUM_ID))
    first_num = numbering.find(f"{{{_W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: every abstractNum before any num
    else:
        numbering.append(abstract)
    numbering.append(_el(_w("num", _w("abstractNumId", val=NUM_ID), numId=NUM_ID)))


def _heading(doc: Any, text: str, auto: bool) -> None:
    match = _HEADING_NUMBER.match(text)
    if not (auto and match):
        doc.add_paragraph(text)
        return
    paragraph = doc.add_paragraph(text[match.end():])
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(NUM_ID)


def _title(ctx: _Ctx, doc: Any, printed: MetaPrint) -> None:
    """The title, one paragraph per printed line, then the head lines (a date, 发布机构)."""
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(printed.title_lines[0])
    last = paragraph
    for line in printed.title_lines[1:]:
        last = doc.add_paragraph(line)
    if ctx.draw("title_and_date_split_by_br", 0.4):
        for line in printed.head:
            last.runs[-1].add_break()
            last.add_run(line)
    else:
        for line in printed.head:
            doc.add_paragraph(line)
    comment = doc.add_comment(run, text=f"{COMMENT_MARK}：请核对表三数据", author="审核人", initials="SH")
    comment._comment_elm.date = FIXED_TIME  # python-docx stamps now(); output must not depend on the clock
    ctx.distractors.append(COMMENT_MARK)
    if ctx.draw("empty_paragraphs", 0.5):
        doc.add_paragraph()


def _tracked_change(ctx: _Ctx, paragraph: Any) -> None:
    """A deleted run (w:del, both w:delText and a stray w:t) and the kept text as w:ins."""
    attrs = {"id": "901", "author": "审核人", "date": "2024-01-01T00:00:00Z"}
    deleted = _el(_w("del", _w("r", _w("delText", f"（{DELETED_MARK}）")), **attrs))
    stray = _el(_w("del", _w("r", _w("t", f"{DELETED_MARK}的旧数据12")), **{**attrs, "id": "902"}))
    p = paragraph._p
    runs = p.findall(f"{{{_W_NS}}}r")
    inserted = _el(_w("ins", "", **{**attrs, "id": "903"}))
    runs[0].addprevious(deleted)
    runs[0].addprevious(inserted)
    for run in runs:
        inserted.append(run)
    inserted.addnext(stray)
    ctx.distractors.append(DELETED_MARK)


def _field(ctx: _Ctx, paragraph: Any) -> None:
    """Wrap the paragraph's text in a HYPERLINK field: the code must not be read, the result must."""
    runs = paragraph._p.findall(f"{{{_W_NS}}}r")
    begin = _el(_w("r", _w("fldChar", fldCharType="begin")))
    instr = _el(_w("r", _w("instrText", f' {FIELD_MARK} "http://www.example.gov.cn/xxgk" ')))
    sep = _el(_w("r", _w("fldChar", fldCharType="separate")))
    end = _el(_w("r", _w("fldChar", fldCharType="end")))
    runs[0].addprevious(begin)
    runs[0].addprevious(instr)
    runs[0].addprevious(sep)
    runs[-1].addnext(end)
    ctx.distractors.append(FIELD_MARK)


def _wrap_in_sdt(paragraphs: list[Any]) -> None:
    """Move paragraphs into one block-level content control (w:sdt)."""
    sdt = _el(_w("sdt", _w("sdtPr", _w("alias", val="前言")) + _w("sdtContent")))
    paragraphs[0]._p.addprevious(sdt)
    content = sdt.find(f"{{{_W_NS}}}sdtContent")
    for paragraph in paragraphs:
        content.append(paragraph._p)


def _page_furniture(ctx: _Ctx, doc: Any, agency: str) -> None:
    """Header and footer text that a reader must not take for body text."""
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"{agency}{HEADER_MARK}"
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    for code, result in (("PAGE", "1"), ("NUMPAGES", "3")):
        footer._p.append(_el(_w("fldSimple", _w("r", _w("t", result)), instr=f" {code} ")))
        footer.add_run(" 页 共 " if code == "PAGE" else " 页")
    ctx.distractors += [HEADER_MARK, FOOTER_MARK]


def _body(ctx: _Ctx, doc: Any, report: Report, layout: str) -> None:
    auto_numbers = ctx.draw("headings_auto_numbered", 0.35)
    if auto_numbers:
        _numbering(doc)
    indent = ctx.draw("paragraph_indent_tab", 0.3)
    preamble: list[Any] = []
    narrative: list[Any] = []
    seen_heading = False
    for kind, content in document_items(report):
        if kind == "sign":
            doc.add_paragraph(str(content)).alignment = 2  # WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "heading":
            _heading(doc, str(content), auto_numbers)
            seen_heading = True
        elif kind == "para":
            paragraph = doc.add_paragraph()
            if indent:
                paragraph.add_run().add_tab()
            paragraph.add_run(str(content))
            (narrative if seen_heading else preamble).append(paragraph)
        elif isinstance(content, Table):
            if layout == "tables":
                _table(ctx, doc, content)
            else:
                _flattened(doc, content)
    if preamble and ctx.draw("preamble_in_content_control", 0.3):
        _wrap_in_sdt(preamble)
    targets = ctx.rng.sample(narrative, min(2, len(narrative)))  # a field and a change never share a paragraph
    if targets and ctx.draw("tracked_changes", 0.4):
        _tracked_change(ctx, targets[0])
    if len(targets) > 1 and ctx.draw("field_code", 0.4):
        _field(ctx, targets[1])


def _core_properties(doc: Any, title: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = "samplegen"
    props.last_modified_by = "samplegen"
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and attributes (same content, same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(report: Report, layout: str, seed: str) -> RenderedDocx:
    """Render a report as DOCX bytes in a layout of DOCX_LAYOUTS (deterministic per seed)."""
    import docx

    if layout not in DOCX_LAYOUTS:
        raise ValueError(f"unknown DOCX layout {layout!r}; expected one of {DOCX_LAYOUTS}")
    ctx = _Ctx(random.Random(f"docx:{seed}"))
    doc = docx.Document()
    _core_properties(doc, report.metadata.title)
    _page_furniture(ctx, doc, report.metadata.agency)
    _title(ctx, doc, report.metadata.print_style())
    _body(ctx, doc, report, layout)
    buffer = io.BytesIO()
    doc.save(buffer)
    return RenderedDocx(deterministic_zip(buffer.getvalue()), layout, tuple(ctx.variants), tuple(ctx.distractors))


# ------------------------------------------------------------------ batches

# The text layout each DOCX layout mirrors: its report draws the same decorations
# and its text form holds the same lines (flattened) or the same cells (tables).
TEXT_TWINS: dict[str, str] = {"tables": "pipe_cells", "flattened": "cell_per_line"}


@dataclass(frozen=True)
class GeneratedDocx:
    """One generated DOCX sample: stem, spec, rendering and truth JSON."""

    stem: str
    spec: ReportSpec
    rendered: RenderedDocx
    truth: str

    def write(self, outdir: Path) -> Path:
        """Write `<stem>.docx` and `<stem>.truth.json` into outdir; return the DOCX path."""
        return GeneratedFile(self.stem, self.rendered.data, self.truth, "docx").write(outdir)[0]


def generate_docx(spec: ReportSpec, layout: str, stem: str) -> GeneratedDocx:
    """Build a report from spec and render it as DOCX, with its truth file."""
    report = build_report(spec)
    rendered = render_docx(report, layout, spec.seed)
    text = RenderedText("", f"docx_{layout}", variants=rendered.variants)
    truth = build_truth(report, text, EncodedText(b"", "utf-8"), f"{stem}.docx", Ambiguity((), ()))
    truth.update({"format": "docx", "encoding": None})
    return GeneratedDocx(stem, spec, rendered, truth_json(truth))


def docx_batch(count: int, seed: int) -> list[tuple[str, ReportSpec, str]]:
    """(stem, spec, docx layout) of a batch cycling templates and layouts: d001_2019_tables …"""
    out: list[tuple[str, ReportSpec, str]] = []
    for index in range(count):
        template = TEMPLATES[index % len(TEMPLATES)]
        layout = DOCX_LAYOUTS[(index // len(TEMPLATES)) % len(DOCX_LAYOUTS)]
        spec = ReportSpec(template, TEXT_TWINS[layout], "utf-8", f"docx{seed}:{index}")
        out.append((f"d{index + 1:03d}_{template}_{layout}", spec, layout))
    return out


def write_docx_batch(outdir: Path, count: int, seed: int) -> list[Path]:
    """Generate and write a batch of DOCX samples with truth files."""
    return [generate_docx(spec, layout, stem).write(outdir) for stem, spec, layout in docx_batch(count, seed)]
