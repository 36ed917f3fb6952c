"""Read markdown (.md): pipe tables as grids, headings and emphasis stripped, line provenance.

Converted reports (MinerU, marker, docling, pandoc, an LLM) and OCR
transcriptions arrive as markdown (real-world-variations.md 'Converted and
transcribed reports').  Read as plain text, a table's ``|---|`` rule reads as
a row of blank cells and a page footer's number as a value; here a pipe
table becomes a Grid (the model HTML and DOCX use), its rule is dropped, a
placeholder header row (``数据1 … 数据6``, ``-``) is dropped, and a wrapped
label's continuation row is joined to the row it continues.  The record's
``source.format`` stays ``txt`` (report-schema.md allows pdf|docx|html|txt);
a ``markdown`` normalisation step says it was read as markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docstruct.extract.limits import check_deadline
from docstruct.extract.model import Block, Document, Grid, GridCell, Line, Source, line_block, text_line
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.blocks import normalize_blocks
from docstruct.extract.readers.markdown.fragments import (
    BLANK,
    LABEL,
    NUMBERED,
    PAGE,
    PIECE,
    between_kind,
    group_rests,
    label_target,
    piece_target,
)
from docstruct.extract.readers.markdown.html_tables import TABLE_CLOSE, TABLE_OPEN, html_table_rows
from docstruct.extract.readers.markdown.inline import HEADING, blank_list_marker, blank_markers, blank_tag_lines
from docstruct.extract.readers.markdown.pages import page_number_lines, page_number_warnings
from docstruct.extract.readers.markdown.printed_title import PrintedTitle
from docstruct.extract.readers.markdown.runs import (
    IN_SPAN,
    IN_TEXT,
    cut_warnings,
    join_cut_numbers,
    join_spanned_pieces,
)
from docstruct.extract.readers.markdown.spans import collapse_merged, drop_label_padding
from docstruct.extract.readers.text import decode_text_file
from docstruct.normalize import Step

_RULE_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_WHOLE_BOLD = re.compile(r"^\s*(\*\*|__).+(\*\*|__)\s*$")
# Between two pieces of one table only short lines stand (a footer, '（续表）', a
# caption, a running header); a paragraph means the tables are apart.
MAX_BETWEEN_CHARS = 60
# Page footers a converter leaves between the pieces of a table: '— 4 —',
# '- 5 -', '第 3 页', '3/12' (real-world-variations.md 'How tables arrive flattened').
_FOOTER = re.compile(
    r"^\s*(?:[-—–－~]+\s*\d{1,4}\s*[-—–－~]+|第\s*\d{1,4}\s*页(?:(?:\s*[,，])?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
# A converter's or transcriber's placeholder header: '数据1', '列2', 'Column 3', '项目', '-'
_PLACEHOLDER = re.compile(r"^(?:数据\s*\d+|列\s*\d+|col(?:umn)?\s*\d+|项目|-+)?$", re.IGNORECASE)
_NUMBERING_ONLY = re.compile(r"^[一二三四五六七八九十]+\s*、$")
_NUMBERED_PLACEHOLDER = re.compile(r"^(?:数据|列|col(?:umn)?)\s*\d+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# An HTML table left open this many lines is not closed at all: read what was gathered.
MAX_HTML_TABLE_LINES = 5000
_NUMBERISH = re.compile(r"^[-+]?[\d.,\s]+$")
# lines read between two looks at the clock
CLOCK_EVERY = 256


@dataclass(frozen=True)
class _RawCell:
    text: str
    line: int
    span: tuple[int, int]
    path: str | None = None  # an HTML table's cell (MinerU)


@dataclass
class _Table:
    rows: list[list[_RawCell]] = field(default_factory=list)
    first_line: int = 0


@dataclass
class _Counts:
    tables: int = 0
    footers: int = 0
    decorated: int = 0  # of them, told by their form ('— 4 —', '第 3 页'): _FOOTER
    placeholders: int = 0
    joined: int = 0
    group_columns: int = 0
    html_tables: int = 0
    stray: int = 0
    layout_tables: int = 0
    merged: int = 0
    padded: int = 0
    rests: int = 0
    page_numbers: list[tuple[int, str]] = field(default_factory=list)  # (line, text) read as page numbers
    # lone lines the page chain 1, 2, 3 … singles out (pages.py): (line, page)
    page_chain: list[tuple[int, int]] = field(default_factory=list)
    pieces: int = 0
    cut_numbers: list[tuple[int, str, str, str]] = field(default_factory=list)


def _joined(cell: _RawCell, text: str, after: bool) -> _RawCell:
    """``cell`` with a label's rest from a line between fragments, after or before its text."""
    joined = cell.text.rstrip() + text if after else text + cell.text.strip()
    return _RawCell(joined, cell.line, cell.span, cell.path)


def _split_row(text: str, number: int, counts: _Counts) -> list[_RawCell]:
    """The cells of one pipe row with their character spans in the line; numbers cut in two joined."""
    cells: list[_RawCell] = []
    inner = text.strip()
    lead = text.index(inner[0]) if inner else 0
    if inner.startswith("|"):
        inner, lead = inner[1:], lead + 1
    if inner.endswith("|"):
        inner = inner[:-1]
    pos = lead
    for part in inner.split("|"):
        joined, cuts = join_cut_numbers(part)
        counts.cut_numbers += [(number, shown, whole, IN_TEXT) for shown, whole in cuts]
        cells.append(_RawCell(blank_markers(joined, links=True), number, (pos, pos + len(part))))
        pos += len(part) + 1
    return cells


def _is_rule(cells: list[_RawCell]) -> bool:
    return all(_RULE_CELL.match(c.text) for c in cells)


def _is_placeholder(rows: list[list[_RawCell]]) -> bool:
    """A header row of placeholders: '数据1 … 数据6', or dashes over a labelled row."""
    if len(rows) < 2:
        return False
    texts = [c.text.strip() for c in rows[0]]
    # '类别 | 数据1 | … | 数据6 | 总计' (an LLM transcription): numbered placeholders among header words
    numbered = sum(bool(_NUMBERED_PLACEHOLDER.match(t)) for t in texts)
    if numbered >= 2 and not any(_NUMBERISH.match(t) for t in texts if t):
        return True
    if not all(_PLACEHOLDER.match(t) for t in texts):
        return False
    if any(t and t[0] in "数列cC" for t in texts):
        return True
    first = rows[1][0].text.strip() if rows[1] else ""
    return any(texts) and bool(first) and not _NUMBERISH.match(first)


def _continues(prev: list[_RawCell], row: list[_RawCell]) -> bool:
    """A wrapped label's next printed row: label text only, unnumbered, under a row with values."""
    texts = [c.text.strip() for c in row]
    if not any(texts) or any(_DIGIT.search(t) or NUMBERED.match(t) for t in texts if t):
        return False
    # only an outline-numbered label ('1.本机关不掌握相') wraps: an unnumbered
    # label row with blank values ('行政强制 |  |') is a row of its own
    numbered = any(NUMBERED.match(c.text.strip()) for c in prev)
    return numbered and any(_DIGIT.search(c.text) for c in prev) and len(prev) == len(row)


def _join_wrapped(rows: list[list[_RawCell]], counts: _Counts) -> list[list[_RawCell]]:
    out: list[list[_RawCell]] = []
    for row in rows:
        if out and _continues(out[-1], row):
            counts.joined += 1
            out[-1] = [
                _RawCell(p.text.rstrip() + c.text.strip(), p.line, p.span, p.path) if c.text.strip() else p
                for p, c in zip(out[-1], row, strict=True)
            ]
            continue
        out.append(row)
    return out


def _join_split_numbering(rows: list[list[_RawCell]]) -> list[list[_RawCell]]:
    """A label's numbering cut into the first cell ('一、' | '本年新收政府信' | '息公开申请数量', pymupdf4llm)
    joined to the label, its cell left blank: it is no piece of a vertical group label."""
    out = []
    for row in rows:
        if len(row) > 1 and _NUMBERING_ONLY.match(row[0].text.strip()) and row[1].text.strip():
            first, label = row[0], row[1]
            row = [
                _RawCell("", first.line, first.span, first.path),
                _joined(label, first.text.strip(), after=False),
                *row[2:],
            ]
        out.append(row)
    return out


def _is_group_column(rows: list[list[_RawCell]]) -> bool:
    """A first column holding only a vertical group label cut into pieces ('三、本年' / '度办理结' / '果').

    Its pieces sit beside the row labels and break a wrapped label apart
    (real-world-variations.md 'Vertical group labels … are cut into pieces').
    """
    if len(rows) < 3 or any(len(r) < 2 for r in rows):
        return False
    first = [r[0].text.strip() for r in rows]
    second = [r[1].text.strip() for r in rows]
    if any(_DIGIT.search(t) for t in first) or any(_NUMBERISH.match(t) for t in second if t):
        return False
    filled = sum(1 for t in first if t)
    # a first cell beside an empty second one in a row that holds values is that row's own label, not a
    # piece ('| 一、本年新收政府信息公开申请数量 | | 2 0 | …', markitdown, seed 8585 f010_2019_ruled_cid: joined
    # as pieces, three rows' labels became one and their 21 values were read as blank)
    for f, s, row in zip(first, second, rows, strict=True):
        if f and not s and any(_NUMBERISH.match(c.text.strip()) for c in row[2:]):
            return False
    return 0 < filled * 2 < len(rows) and sum(1 for t in second if t) > filled


def _lift_group_column(rows: list[list[_RawCell]]) -> list[list[_RawCell]]:
    """The rows without the group column; each run of its pieces, joined, leads the label where the run starts.

    '三、本年' / '度办理结' / '果' beside '（一）予以公开' becomes
    '三、本年度办理结果（一）予以公开': the heading back in document order.
    """
    out = [r[1:] for r in rows]
    run: list[int] = []
    for k in range(len(rows) + 1):
        if k < len(rows) and rows[k][0].text.strip():
            run.append(k)
            continue
        if run:
            text = "".join(rows[m][0].text.strip() for m in run)
            target = out[run[0]][0]
            out[run[0]][0] = _RawCell(text + target.text.strip(), target.line, target.span, target.path)
            run = []
    return out


def _join_spanned(rows: list[list[_RawCell]], spanned: list[tuple[int, int]], counts: _Counts) -> None:
    """Each merged cell's numbers parted by spaces joined into its one value (runs.join_spanned_pieces)."""
    for r, c in spanned:
        cell = rows[r][c]
        text, cuts = join_spanned_pieces(cell.text)
        counts.cut_numbers += [(cell.line, shown, whole, IN_SPAN) for shown, whole in cuts]
        rows[r][c] = _RawCell(text, cell.line, cell.span, cell.path)


def _table_blocks(table: _Table, counts: _Counts) -> list[Block]:
    rows = table.rows
    if _is_placeholder(rows):
        counts.placeholders += 1
        rows = rows[1:]
    rows, merged, spanned = collapse_merged(rows, lambda c: c.text)
    counts.merged += merged
    _join_spanned(rows, spanned, counts)
    rows = _join_wrapped(_join_split_numbering(rows), counts)
    if _is_group_column(rows):
        counts.group_columns += 1
        rows = _lift_group_column(rows)
    # after the joins: a wrapped label's rest row and a cut group column line up by width
    rows, padded = drop_label_padding(rows, lambda c: c.text)
    counts.padded += padded
    cells = tuple(
        GridCell(r, c, cell.text, Source(line=cell.line, span=cell.span, path=cell.path))
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
    )
    counts.tables += 1
    return [Block(grid=Grid(cells, Source(line=table.first_line), "markdown pipe table"))]


def _html_table(lines: list[str], first: int, counts: _Counts) -> list[Block] | None:
    """An HTML table spread over ``lines`` (the first is line ``first``) as blocks; None if unreadable."""
    rows = html_table_rows("\n".join(lines))
    if not rows:
        return None
    counts.html_tables += 1
    span = (0, len(lines[0]))
    table = _Table([[_RawCell(t, first, span, p) for t, p in row] for row in rows], first)
    return _table_blocks(table, counts)


class _Reader:
    """Lines in, blocks out: pipe tables and HTML tables gathered, footers dropped."""

    def __init__(self, counts: _Counts, pages: dict[int, int] | None = None) -> None:
        self.counts = counts
        self.pages = pages or {}  # line number -> page, of the lone page-number lines (pages.py)
        self.blocks: list[Block] = []
        self.table: _Table | None = None
        self.html: list[str] = []
        self.html_first = 0
        self.title = PrintedTitle()
        self.captions: set[int] = set()  # heading lines and title repeats (block indexes)
        self.layouts = 0  # layout tables open around the lines read
        self.tag_open = False  # an HTML tag wrapped onto the next line (pandoc)
        self.pending: list[tuple[str, int]] = []  # plain lines after the open table's last row

    def flush(self) -> None:
        if self.table is not None and self.table.rows:
            self.blocks += _table_blocks(self.table, self.counts)
        self.table = None
        pending, self.pending = self.pending, []
        for raw, number in pending:  # the table ended: the lines after it are text
            self.text_line(raw, number)

    def hold(self, raw: str) -> bool:
        """Whether a plain line may stand between two fragments of the open table (markitdown:
        no blank line between; a blank only after a page number)."""
        if self.table is None or not self.table.rows or HEADING.match(raw) or _WHOLE_BOLD.match(raw):
            return False
        kind = between_kind(raw)
        if kind == BLANK:
            return bool(self.pending) and between_kind(self.pending[-1][0]) in (PAGE, BLANK)
        return kind is not None

    def absorb(self, row: list[_RawCell]) -> None:
        """Place the lines held between the open table's last row and ``row`` (fragments.py)."""
        assert self.table is not None
        for raw, number in self.pending:
            kind, prev, text = between_kind(raw), self.table.rows[-1], "".join(raw.split())
            prev_texts = [c.text.strip() for c in prev]
            if kind == PAGE:  # a guess, so a warning: a lone number between two pieces of one table
                self.counts.footers += 1
                self.counts.page_numbers.append((number, text))
            elif kind == PIECE:
                j = piece_target(prev_texts)
                if j is None:
                    self.counts.pieces += 1
                else:
                    prev[j] = _joined(prev[j], text, after=True)
                    self.counts.rests += 1
            elif kind == LABEL and (rests := group_rests(prev_texts, raw)):
                for j, rest in rests:
                    prev[j] = _joined(prev[j], rest, after=True)
                self.counts.rests += 1
            elif kind == LABEL:
                target = label_target(prev_texts, raw, [c.text.strip() for c in row])
                if target is None:  # a group label printed between its sub-rows ('（三）不予公'): a row of its own
                    self.table.rows.append([_RawCell(raw, number, (0, len(raw)))])
                    continue
                where, j = target
                if where == "next":
                    row[j] = _joined(row[j], text, after=False)
                else:
                    prev[j] = _joined(prev[j], text, after=True)
                self.counts.rests += 1
        self.pending = []

    def html_line(self, raw: str, number: int) -> None:
        if self.html and TABLE_OPEN.search(raw):
            self.open_layout()
        if not self.html:
            self.html_first = number
        self.html.append(raw)
        if TABLE_CLOSE.search(raw) or len(self.html) > MAX_HTML_TABLE_LINES:
            self.close_html()

    def open_layout(self) -> None:
        """A table opened inside the one being gathered: the outer one lays out the page (pandoc
        keeps a CMS page's layout table around the report's tables), so its lines so far are text."""
        self.layouts += 1
        self.counts.layout_tables += 1
        gathered, first = self.html, self.html_first
        self.html = []
        for i, text in enumerate(gathered):
            self.text_line(text, first + i)

    def close_html(self) -> None:
        got = _html_table(self.html, self.html_first, self.counts)
        if got is None:  # not a table after all: its lines as text
            got = [Block(line=Line(t, Source(line=self.html_first + i))) for i, t in enumerate(self.html)]
        self.blocks += got
        self.html = []

    def line(self, raw: str, number: int) -> None:
        if self.html or TABLE_OPEN.search(raw):
            self.flush()
            self.html_line(raw, number)
        elif raw.strip().startswith("|"):
            cells = _split_row(raw, number, self.counts)
            if self.table is None:
                self.table = _Table(first_line=number)
            if not _is_rule(cells):
                self.absorb(cells)
                self.table.rows.append(cells)
            self.title.close()
        elif self.hold(raw):
            self.pending.append((raw, number))
        elif number in self.pages:
            self.counts.footers += 1
            self.counts.page_chain.append((number, self.pages[number]))
        else:
            self.flush()
            if self.layouts and TABLE_CLOSE.search(raw):
                self.layouts -= 1
            self.text_line(raw, number)

    def text_line(self, raw: str, number: int) -> None:
        raw, self.tag_open = blank_tag_lines(raw, self.tag_open)
        if _FOOTER.match(raw):
            self.counts.footers += 1
            self.counts.decorated += 1
            return
        raw = blank_list_marker(raw)
        heading = bool(HEADING.match(raw) or _WHOLE_BOLD.match(raw))
        bare = _bare(raw)
        if heading or self.title.repeats(bare):
            self.captions.add(len(self.blocks))
        self.title.add(bare, heading)
        self.blocks.append(line_block(text_line(blank_markers(raw), number, len(raw), ())))


def _blocks(text: str, counts: _Counts) -> list[Block]:
    lines = text.split("\n")
    # a report whose footers have a form of their own ('— 6 —') prints no bare page number
    decorated = any(_FOOTER.match(line) for line in lines)
    pages = {} if decorated else {i + 1: page for i, page in page_number_lines(lines).items()}
    reader = _Reader(counts, pages)
    for number, raw in enumerate(lines, start=1):
        if number % CLOCK_EVERY == 0:
            check_deadline("reading the markdown")
        reader.line(raw, number)
    reader.flush()
    if reader.html:
        reader.close_html()
    return _drop_stray(reader.blocks, reader.captions, counts)


def _drop_stray(blocks: list[Block], captions: set[int], counts: _Counts) -> list[Block]:
    """Drop a heading or running title with digits between two pieces of a table ('### 表3（续）').

    Its digits would read as cells; a section heading has none and stays.
    """
    grids = [i for i, b in enumerate(blocks) if b.grid is not None]
    drop: set[int] = set()
    for i in captions:
        line = blocks[i].line
        text = line.text if line is not None else ""
        before = [g for g in grids if g < i]
        after = [g for g in grids if g > i]
        # a numbered heading ('### 1.属于国家秘密', an LLM transcription) is a row's label over its
        # own table of values, not a caption: it stays
        if not _DIGIT.search(text) or not before or not after or NUMBERED.match(text.strip()):
            continue
        between = [b.line.text for b in blocks[before[-1] + 1 : after[0]] if b.line is not None]
        if all(len(t.strip()) <= MAX_BETWEEN_CHARS for t in between):
            drop.add(i)
    counts.stray += len(drop)
    return [b for i, b in enumerate(blocks) if i not in drop]


def _bare(raw: str) -> str:
    return "".join(blank_markers(raw).split())


def read_markdown(data: bytes, options: ReadOptions) -> Document:
    """Read a markdown report into a Document of lines and grids with line provenance."""
    read = decode_text_file(data, options)
    original, decoded, info = read.text, read.decoded, read.info
    counts = _Counts()
    blocks, steps = normalize_blocks(_blocks(original, counts))
    detail = (
        f"read as markdown: {counts.tables} tables ({counts.html_tables} in HTML), "
        f"{counts.footers} page footers dropped, "
        f"{counts.placeholders} placeholder header rows dropped, {counts.joined} wrapped label rows joined, "
        f"{counts.group_columns} cut group-label columns joined, "
        f"{counts.stray} stray headings between table pieces dropped, "
        f"{counts.layout_tables} layout tables read as text, "
        f"{counts.merged} merged cells written once per column collapsed, "
        f"{counts.padded} rows' blank cells under a label span dropped, "
        f"{counts.rests} label rests between table fragments joined, "
        f"{counts.pieces} vertical group-label pieces between fragments dropped"
    )
    md_step = Step("markdown", counts.tables, detail)
    return Document(
        blocks=blocks,
        info=info,
        steps=(md_step, *decoded.steps, *steps),
        warnings=(
            *decoded.warnings,
            *page_number_warnings(counts.page_numbers, counts.page_chain),
            *cut_warnings(counts.cut_numbers),
        ),
        page_footers=counts.decorated,
    )
