"""Render a Report as PDF with reportlab: ruled tables, or one cell per line.

Layouts (PdfStyle.tables):
  ruled  the national template's grids drawn with rules: merged header cells,
         table 三's group labels as narrow vertical cells (one character per
         line, `三\\n、\\n本…`), header cells broken mid-word by narrow columns
         (`商业企\\n业`), a table split across pages without its header;
  unruled  the same grids placed the same way but without rules (a text-only
         table: cells apart only by the gaps between them, text top-aligned);
  flat   every cell on a line of its own, no rules (real-world-variations.md
         'one cell per line').
Fonts (PdfStyle.font): ``cid`` is reportlab's built-in STSong-Light (a CID
font that is not embedded); ``ttf`` embeds a CJK TrueType font found on the
machine (find_cjk_ttf; None when there is none). Every page has a footer
(`- N -`, `— N —` or a bare `N`). Output is byte-for-byte deterministic
(reportlab invariant mode).

Quirks (PdfStyle.quirk) reproduce text layers that defeat pdfplumber while
pdfium reads them (real-world-variations.md 'Encodings and text layers'):
  broken_tounicode   the CID font carries a ToUnicode CMap that maps none of
                     its codes: pdfminer trusts it and prints `(cid:N)`;
  form_without_bbox  each page is drawn inside a form XObject whose /BBox
                     key is missing: pdfminer skips the form silently and the
                     page has zero characters.
"""

from __future__ import annotations

import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from samplegen.build import ReportSpec, build_report
from samplegen.model import EncodedText, RenderedText, Report, Table, TableRow
from samplegen.render_text import document_items, flat_table
from samplegen.splits import Ambiguity
from samplegen.truth import GeneratedFile, build_truth, truth_json

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN_X = 72.0
MARGIN_TOP = 72.0
MARGIN_BOTTOM = 72.0
FOOTER_Y = 40.0  # baseline of the page footer, points above the page bottom
CONTENT_W = PAGE_W - 2 * MARGIN_X
TITLE_SIZE, HEADING_SIZE, BODY_SIZE, TABLE_SIZE = 16.0, 12.0, 10.5, 9.0
LEADING = 1.4  # line pitch as a multiple of the font size (body text)
CELL_LEADING = 1.25  # line pitch inside table cells
CELL_PAD = 3.0  # points between a cell's rule and its text
MIN_ROW_H = 16.0  # points
ASCENT = 0.86  # baseline below a line's top, as a fraction of the font size
FOOTERS = ("- {n} -", "— {n} —", "{n}")
CID_FONT = "STSong-Light"
BROKEN_MAP_FONT = "STSong-Light-BrokenMap"
TTF_NAME = "CJKEmbedded"
# A valid ToUnicode CMap that maps only code 0: every real code is unmapped.
BROKEN_CMAP = "\n".join((
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CMapName /BrokenMap def /CMapType 2 def",
    "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    "1 beginbfchar <0000> <FFFD> endbfchar",
    "endcmap CMapName currentdict /CMap defineresource pop end end",
))
# Debian's WenQuanYi packages are TrueType (reportlab cannot embed the CFF
# outlines of fonts-noto-cjk), so they are tried first.
TTF_CANDIDATES = tuple(f"/usr/share/fonts/truetype/{name}" for name in (
    "wqy/wqy-microhei.ttc", "wqy/wqy-zenhei.ttc", "droid/DroidSansFallbackFull.ttf", "arphic/uming.ttc"))
_TOKEN = re.compile(r"[A-Za-z0-9０-９.,%/+\-]+|\s+|.", re.S)


@dataclass(frozen=True)
class PdfStyle:
    """How to print a report: ruled or flat tables, CID or embedded TrueType font."""

    tables: str = "ruled"
    font: str = "cid"
    footer: str = "- {n} -"
    quirk: str = ""

    @property
    def layout(self) -> str:
        """The layout name for truth files: pdf_ruled_cid, pdf_flat_ttf, pdf_ruled_cid_broken_tounicode..."""
        return f"pdf_{self.tables}_{self.font}" + (f"_{self.quirk}" if self.quirk else "")


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF rendering: the bytes, the page count and what the renderer did."""

    data: bytes
    layout: str
    pages: int
    variants: tuple[str, ...] = ()


@dataclass
class _Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    align: str = "center"


@dataclass
class _Grid:
    widths: tuple[float, ...]
    cells: list[_Cell] = field(default_factory=list)
    nrows: int = 0
    breaks: set[int] = field(default_factory=set)  # rows that must start a page


def find_cjk_ttf() -> Path | None:
    """A CJK TrueType font on this machine that reportlab can embed, or None."""
    for name in TTF_CANDIDATES:
        path = Path(name)
        if path.is_file():
            return path
    return None


def _broken_map_font() -> object:
    """STSong-Light with a ToUnicode CMap that maps none of its codes."""
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.pdfdoc import PDFStream

    class BrokenMapFont(UnicodeCIDFont):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(CID_FONT)
            self.name = self.fontName = BROKEN_MAP_FONT

        def addObjects(self, doc: object) -> None:
            super().addObjects(doc)
            internal = doc.fontMapping[self.name][1:]  # type: ignore[attr-defined]
            font = doc.idToObject[internal]  # type: ignore[attr-defined]
            font.dict["ToUnicode"] = doc.Reference(PDFStream(content=BROKEN_CMAP))  # type: ignore[attr-defined]

    return BrokenMapFont()


def _font_name(font: str, quirk: str = "") -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if quirk == "broken_tounicode":
        if BROKEN_MAP_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_broken_map_font())
        return BROKEN_MAP_FONT
    if font == "cid":
        if CID_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        return CID_FONT
    if TTF_NAME not in pdfmetrics.getRegisteredFontNames():
        path = find_cjk_ttf()
        if path is None:
            raise FileNotFoundError("no CJK TrueType font found (apt-get install fonts-wqy-microhei)")
        pdfmetrics.registerFont(TTFont(TTF_NAME, str(path), subfontIndex=0))
    return TTF_NAME


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than width; CJK breaks anywhere, digit runs never."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(text):
        if current and stringWidth(current + token, font, size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


class _Writer:
    """A canvas with a text cursor, page footers and page breaks."""

    def __init__(self, font: str, footer: str, in_forms: bool = False) -> None:
        from reportlab.pdfgen import canvas

        self.buf = io.BytesIO()
        self.canvas = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
        self.font = font
        self.footer = footer
        self.in_forms = in_forms
        self.rules = True
        self.page = 1
        self.y = PAGE_H - MARGIN_TOP
        self._begin()

    def _begin(self) -> None:
        if self.in_forms:
            self.canvas.beginForm(f"page{self.page}")

    def _close_page(self) -> None:
        c = self.canvas
        c.setFont(self.font, BODY_SIZE)
        c.drawCentredString(PAGE_W / 2, FOOTER_Y, self.footer.format(n=self.page))
        if self.in_forms:
            c.endForm()
            c.doForm(f"page{self.page}")
        c.showPage()

    def new_page(self) -> None:
        """Finish the page with its footer and start the next."""
        self._close_page()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP
        self._begin()

    def room(self) -> float:
        """Points left above the bottom margin."""
        return self.y - MARGIN_BOTTOM

    def paragraph(self, text: str, size: float, indent: float = 0.0, centred: bool = False) -> None:
        """Print wrapped text; a title is shrunk to fit one line."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if centred:
            while size > BODY_SIZE and stringWidth(text, self.font, size) > CONTENT_W:
                size -= 1
        lead = size * LEADING
        for i, line in enumerate(wrap_text(text, self.font, size, CONTENT_W - indent)):
            if self.room() < lead:
                self.new_page()
            self.canvas.setFont(self.font, size)
            base = self.y - size * ASCENT
            if centred:
                self.canvas.drawCentredString(PAGE_W / 2, base, line)
            else:
                self.canvas.drawString(MARGIN_X + (indent if i == 0 else 0.0), base, line)
            self.y -= lead

    def finish(self) -> bytes:
        """Close the last page and return the PDF bytes."""
        self._close_page()
        self.canvas.save()
        data = self.buf.getvalue()
        # Same length, so the xref offsets stay right: the key is just unknown.
        return data.replace(b"/BBox", b"/BBoy") if self.in_forms else data


def _place_header(grid: _Grid, rows: list[TableRow], first_col: int = 0) -> None:
    """Lay header rows into the grid, skipping positions that spans cover."""
    taken: set[tuple[int, int]] = set()
    for row in rows:
        r = grid.nrows
        col = first_col
        for head in row.header:
            while (r, col) in taken:
                col += 1
            grid.cells.append(_Cell(r, col, head.text, head.rowspan, head.colspan))
            taken.update((r + dr, col + dc) for dr in range(head.rowspan) for dc in range(head.colspan))
            col += head.colspan
        grid.nrows += 1
    grid.nrows = max([grid.nrows] + [c.row + c.rowspan for c in grid.cells])


def _fill_row(grid: _Grid, texts: list[str], first: int, align_first: str = "left") -> None:
    """One grid row: the last text spans whatever columns remain."""
    ncols = len(grid.widths)
    for i, text in enumerate(texts):
        col = first + i
        span = ncols - col if i == len(texts) - 1 else 1
        grid.cells.append(_Cell(grid.nrows, col, text, 1, span, align_first if i == 0 else "center"))
    grid.nrows += 1


def active_grid(table: Table) -> _Grid:
    """Table 二: four columns; a sub-heading spans them all, short rows span the rest."""
    grid = _Grid((CONTENT_W - 304.0, 100.0, 102.0, 102.0))
    for row in table.rows:
        if row.kind == "subheading":
            _fill_row(grid, [row.label], 0)
        elif row.kind == "header":
            _fill_row(grid, [h.text for h in row.header], 0, "center")
        else:
            _fill_row(grid, [row.label] + [c.raw for c in row.cells], 0)
    return grid


# Table 三's label area is three columns: a narrow one for the vertical group
# label (三、本年度办理结果), one for （一）…（七）, one for the numbered items.
APP_LABEL_WIDTHS = (20.0, 66.0, 134.0)


def applications_grid(table: Table) -> _Grid:
    """Table 三 as the national template draws it, group labels as row spans."""
    value_w = (CONTENT_W - sum(APP_LABEL_WIDTHS)) / 7
    grid = _Grid((*APP_LABEL_WIDTHS, *(value_w,) * 7))
    _place_header(grid, [r for r in table.rows if r.kind == "header"])
    open_groups: dict[int, _Cell] = {}
    for row in table.rows:
        if row.kind == "header":
            continue
        for level in [lv for lv in open_groups if lv >= row.level]:
            del open_groups[level]
        if row.kind == "group":
            open_groups[row.level] = _Cell(grid.nrows, row.level, row.label, 0, 1, "center")
            if row.level == 0 and any(c.col == 0 and c.text == row.label for c in grid.cells):
                grid.breaks.add(grid.nrows)  # a label printed twice: the page broke here
            grid.cells.append(open_groups[row.level])
            continue
        for group in open_groups.values():
            group.rowspan += 1
        grid.cells.append(_Cell(grid.nrows, row.level, row.label, 1, 3 - row.level, "left"))
        for i, value in enumerate(row.cells):
            grid.cells.append(_Cell(grid.nrows, 3 + i, value.raw))
        grid.nrows += 1
    for placed in grid.cells:
        placed.rowspan = max(placed.rowspan, 1)
    return grid


def review_grid(table: Table) -> _Grid:
    """Table 四: fifteen columns under a three-row header, one row of values."""
    grid = _Grid((CONTENT_W / 15,) * 15)
    _place_header(grid, [r for r in table.rows if r.kind == "header"])
    for row in table.rows:
        if row.kind == "data":
            _fill_row(grid, [c.raw for c in row.cells], 0, "center")
    return grid


def _cell_width(grid: _Grid, cell: _Cell) -> float:
    return sum(grid.widths[cell.col : cell.col + cell.colspan])


def _cell_lines(grid: _Grid, cell: _Cell, font: str) -> list[str]:
    return wrap_text(cell.text, font, TABLE_SIZE, _cell_width(grid, cell) - 2 * CELL_PAD)


def _text_height(lines: list[str]) -> float:
    return len(lines) * TABLE_SIZE * CELL_LEADING + 2 * CELL_PAD


def _row_heights(grid: _Grid, font: str) -> list[float]:
    heights = [MIN_ROW_H] * grid.nrows
    for cell in grid.cells:
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], _text_height(_cell_lines(grid, cell, font)))
    for cell in grid.cells:
        end = cell.row + cell.rowspan
        short = _text_height(_cell_lines(grid, cell, font)) - sum(heights[cell.row : end])
        if short > 0:
            heights[end - 1] += short
    return heights


def _safe_break(grid: _Grid, heights: list[float], start: int, end: int, font: str) -> int:
    """Move a page break up so that no spanning label is cut too short to print."""
    moved = True
    while moved:
        moved = False
        for cell in grid.cells:
            if start < cell.row < end < cell.row + cell.rowspan:
                need = _text_height(_cell_lines(grid, cell, font))
                if need > sum(heights[cell.row : end]):
                    end, moved = cell.row, True
    return end


def _draw_text(w: _Writer, lines: list[str], box: tuple[float, float, float, float], align: str) -> None:
    x0, top, width, height = box
    lead = TABLE_SIZE * CELL_LEADING
    # Without rules a row is only its vertical position: text starts at the
    # cell's top so that a row's label and numbers share a line.
    y = top - (height - len(lines) * lead) / 2 if w.rules else top - CELL_PAD
    w.canvas.setFont(w.font, TABLE_SIZE)
    for line in lines:
        base = y - (lead - TABLE_SIZE) / 2 - TABLE_SIZE * ASCENT
        if align == "left":
            w.canvas.drawString(x0 + CELL_PAD, base, line)
        else:
            w.canvas.drawCentredString(x0 + width / 2, base, line)
        y -= lead


def _draw_part(w: _Writer, grid: _Grid, heights: list[float], rows: tuple[int, int]) -> None:
    """Draw rows [start, end) at the cursor: rules and text; spans are cut at the part's edges."""
    start, end = rows
    tops = [w.y]
    for h in heights[start:end]:
        tops.append(tops[-1] - h)
    xs = [MARGIN_X]
    for width in grid.widths:
        xs.append(xs[-1] + width)
    w.canvas.setLineWidth(0.6)
    for cell in grid.cells:
        first, last = max(cell.row, start), min(cell.row + cell.rowspan, end)
        if first >= last:
            continue
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        top, bottom = tops[first - start], tops[last - start]
        if w.rules:
            w.canvas.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
        if cell.row == first and cell.text:
            _draw_text(w, _cell_lines(grid, cell, w.font), (x0, top, x1 - x0, top - bottom), cell.align)
    w.y = tops[-1]


def draw_grid(w: _Writer, grid: _Grid) -> int:
    """Draw a grid, breaking pages between rows; returns how many page breaks it took."""
    heights = _row_heights(grid, w.font)
    start, row, used, breaks = 0, 0, 0.0, 0
    while row < grid.nrows:
        forced = row in grid.breaks and row > start
        if forced or (used + heights[row] > w.room() and row > start):
            cut = _safe_break(grid, heights, start, row, w.font) if not forced else row
            cut = cut if cut > start else row
            _draw_part(w, grid, heights, (start, cut))
            w.new_page()
            breaks += 1
            start, row, used = cut, cut, 0.0
            continue
        used += heights[row]
        row += 1
    _draw_part(w, grid, heights, (start, grid.nrows))
    return breaks


GRID_BUILDERS = {"active_disclosure": active_grid, "applications": applications_grid, "review_litigation": review_grid}


def _ruled_table(w: _Writer, table: Table) -> int:
    if table.note:
        w.paragraph(table.note, TABLE_SIZE)
    grid = GRID_BUILDERS[table.table_id](table)
    if w.room() < 3 * MIN_ROW_H:
        w.new_page()
    breaks = draw_grid(w, grid)
    w.y -= BODY_SIZE
    return breaks


def render_pdf(report: Report, style: PdfStyle) -> RenderedPdf:
    """Print a report as PDF in the given style (deterministic bytes)."""
    w = _Writer(_font_name(style.font, style.quirk), style.footer, style.quirk == "form_without_bbox")
    split: list[str] = []
    for kind, content in document_items(report):
        if kind == "title":
            w.paragraph(str(content), TITLE_SIZE, centred=True)
        elif kind == "meta":
            w.paragraph(str(content), BODY_SIZE, centred=True)
        elif kind == "sign":
            w.paragraph(str(content), BODY_SIZE, indent=CONTENT_W / 2)
        elif kind == "heading":
            w.paragraph(str(content), HEADING_SIZE)
        elif kind == "para":
            w.paragraph(str(content), BODY_SIZE, indent=2 * BODY_SIZE)
        elif isinstance(content, Table):
            if style.tables in ("ruled", "unruled"):
                w.rules = style.tables == "ruled"
                if _ruled_table(w, content):
                    split.append(f"table_split_across_pages:{content.table_id}")
            else:
                for _, text in flat_table(content):
                    w.paragraph(text, BODY_SIZE)
    pages = w.page
    return RenderedPdf(w.finish(), style.layout, pages, (f"footer:{style.footer.format(n='N')}", *split))


def pdf_truth(report: Report, rendered: RenderedPdf, source_file: str) -> str:
    """The truth file of a PDF rendering, as for text (seed-expected.json form), format "pdf"."""
    plain = RenderedText("", rendered.layout, variants=rendered.variants)
    truth = build_truth(report, plain, EncodedText(b"", "pdf"), source_file, Ambiguity((), ()))
    truth["format"] = "pdf"
    del truth["encoding"]
    return truth_json(truth)


def draw_style(seed: str, tables: str, font: str, quirk: str = "") -> PdfStyle:
    """A style with the footer drawn from the seed."""
    rng = random.Random(f"pdf:{seed}")
    return PdfStyle(tables, font, rng.choice(FOOTERS), quirk)


def generate_pdf_sample(spec: ReportSpec, layout: str, stem: str, outdir: Path) -> tuple[Path, dict[str, object]]:
    """Write `<stem>.pdf` and its truth into outdir; layout is `ruled`, `flat_ttf`, `pdf_ruled_cid_<quirk>`...

    Returns the PDF's path and the truth record.
    """
    tables, _, rest = layout.removeprefix("pdf_").partition("_")
    font, _, quirk = rest.partition("_") if rest.startswith(("cid", "ttf")) else ("cid", "", rest)
    report = build_report(spec)
    rendered = render_pdf(report, draw_style(spec.seed, tables, font, quirk))
    truth = pdf_truth(report, rendered, f"{stem}.pdf")
    path, _ = GeneratedFile(stem, rendered.data, truth, "pdf").write(outdir)
    return path, json.loads(truth)
