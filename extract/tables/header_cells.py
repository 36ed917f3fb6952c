"""A grid row read through its header row's cells when a header cell is not one column.

pymupdf4llm rebuilds a ruled PDF's table from its lines, and where the PDF's
header cell is merged or its ruling is faint the header and the rows share
the converter's cells, not the template's columns (issue 12):

- two columns in one cell: '|信息内容|本年制发件数<br>本年废止件数|现行有效件数|' over
  '|行政规范性文件|0|-|' (seed 1300's pymupdf4llm f003_hybrid_ruled_cid): read cell
  by cell, the 0 went to 本年制发件数, the '-' to 本年废止件数 and the next row's
  blank to 现行有效件数, while the source printed the 0 under 本年废止件数 (a
  wrong value).  One number in a cell of two columns does not say which;
- one column over two cells: '|信息内容|采购项目数量|采购|总金额|' over
  '|政府集中采购|79|362|3.75|' (seed 4242's pymupdf4llm f001_2019_ruled_cid): the
  converter cut the header word and the number at the same place.

So when the row's line and a header row above it have the same cells and the
header's words name every column, in template order, each cell gets the
columns whose words stand in it:

- a cell of several columns takes as many numbers, in order, or none (all
  blank: empty, or blank marks only such as '/ /'); any other count leaves the
  row out, with the header cell named;
- a column over several cells takes their numbers joined as one number, when
  the join reads as a number of that column's kind;
- a cell under no column word must be empty.

Each row so read carries a warning naming the header cells it relied on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docstruct.extract.stream import CELL, ROW, Span, cell_spans
from docstruct.extract.tables.align import RowRule, rules_hold
from docstruct.extract.tables.glued import Chunk, Split
from docstruct.extract.tables.match import RowRead
from docstruct.extract.tables.values import DIGITS, to_number
from docstruct.extract.templates import TableSpec

# Stream rows looked at above a row for its header (table 二's pieces are a few rows each).
MAX_HEADER_ROWS = 12



@dataclass(frozen=True)
class _Group:
    """Header cells (indexes among the value cells) and the columns whose words stand in them."""

    cells: tuple[int, ...]
    columns: tuple[str, ...]


def _bare(text: str) -> str:
    """``text`` without whitespace, full-width forms folded ('（单位：万元）' as the stream prints '(单位:万元)')."""
    return "".join(unicodedata.normalize("NFKC", ch) for ch in text if not ch.isspace())


def _groups(texts: Sequence[str], columns: Sequence[str], labels: dict[str, str]) -> list[_Group] | None:
    """Each column's header word found once, in order, in the cells ``texts``; columns sharing a cell grouped."""
    joined, owner = "", []
    for i, t in enumerate(texts):
        bare = _bare(t)
        joined += bare
        owner += [i] * len(bare)
    groups: list[_Group] = []
    pos = 0
    for col in columns:
        word = _bare(labels.get(col, ""))
        at = joined.find(word, pos) if word else -1
        if at < 0 or joined.find(word, at + 1) >= 0:
            return None
        cells = tuple(range(owner[at], owner[at + len(word) - 1] + 1))
        pos = at + len(word)
        if groups and groups[-1].cells[-1] >= cells[0]:
            last = groups.pop()
            cells = tuple(sorted(set(last.cells) | set(cells)))
            groups.append(_Group(cells, (*last.columns, col)))
        else:
            groups.append(_Group(cells, (col,)))
    return groups


def _header_groups(text: str, spec: TableSpec, read: RowRead, row_start: int, width: int) -> list[_Group] | None:
    """The groups of the nearest row above with ``width`` cells whose words name every column."""
    labels = dict(spec.column_labels)
    columns = list(read.hit.spec.columns)
    end = row_start - 1
    for _ in range(MAX_HEADER_ROWS):
        if end < 0:
            return None
        start = text.rfind(ROW, 0, end) + 1
        cells = cell_spans(text, start, end)
        if len(cells) == width:
            groups = _groups([text[a:b] for a, b in cells[1:]], columns, labels)
            if groups is not None:
                return groups
        end = start - 1
    return None


# A minus sign alone in its cell, cut from its number with the header word over them: '本年' | '增/减' over
# '-' | '1' (seed 5252 pymupdf4llm f001_2019_ruled_cid, 行政事业性收费's change -1; read alone '-' is a blank).
_MINUS = frozenset({"-", "－", "−"})


def _joined(chunks: Sequence[Chunk], decimal: bool, signed: bool = False) -> int | float | None:
    """The number a converter cut over cells ('362' | '3.75', '-' | '1' in a signed column), or None when the
    join is no number."""
    sign = ""
    if signed and len(chunks) > 1 and chunks[0].fixed and chunks[0].text in _MINUS:
        sign, chunks = "-", chunks[1:]
    if not all(not c.fixed and DIGITS.match(c.text) for c in chunks):
        return None
    text = sign + "".join(c.text for c in chunks)
    if not DIGITS.fullmatch(text) or (not decimal and "." in text):
        return None
    return to_number(text)


def _value(chunk: Chunk) -> int | float | None:
    return chunk.value if chunk.fixed else to_number(chunk.text)


def read_by_header(text: str, spec: TableSpec, read: RowRead, rules: Sequence[RowRule] = ()) -> RowRead | None:
    """``read`` with its cells taken through the header's cells (module doc), or None where they are the columns.

    A reading whose row sums are all evaluated and hold is kept as it is: the sums confirm it.
    """
    if len(read.splits) == 1 and rules_hold(read.splits[0].values, rules):
        return None
    row_start = text.rfind(ROW, 0, read.hit.start) + 1
    row_end = text.find(ROW, read.hit.end)
    row_end = len(text) if row_end < 0 else row_end
    if text.find(CELL, row_start, row_end) < 0:
        return None
    cells = cell_spans(text, row_start, row_end)
    if read.hit.end > cells[0][1]:
        return None  # the label is not the row's first cell
    filled = [c for c in read.chunks if c.text]
    if any(not cells[0][1] < c.start < row_end for c in filled):
        return None  # a value outside the row's line: no one row of cells
    groups = _header_groups(text, spec, read, row_start, len(cells))
    if groups is None or all(len(g.cells) == 1 and len(g.columns) == 1 for g in groups):
        return None
    inside = {i: [c for c in filled if a <= c.start < b] for i, (a, b) in enumerate(cells[1:])}
    if any(inside[i] for i in inside if not any(i in g.cells for g in groups)):
        return None  # a number under no column word
    return _place(spec, read, groups, inside)


# column -> (value, span in the stream or None for a blank cell, a joined chunk for its raw text)
_Got = dict[str, tuple[int | float | None, Span | None, Chunk | None]]


def _place(spec: TableSpec, read: RowRead, groups: list[_Group], inside: dict[int, list[Chunk]]) -> RowRead | None:
    labels = dict(spec.column_labels)
    got: _Got = {}
    shown = []
    for g in groups:
        chunks = [c for i in g.cells for c in inside[i]]
        words = "' '".join(labels[c] for c in g.columns)
        if len(g.columns) > 1 and len(g.cells) > 1:
            return None
        if all(c.fixed and c.value is None for c in chunks):  # no number under these words ('/ /', '-')
            got.update({col: (None, None, None) for col in g.columns})
        elif len(g.columns) > 1 and len(chunks) == len(g.columns):
            pairs = zip(g.columns, chunks, strict=True)
            got.update({col: (_value(c), (c.start, c.start + len(c.text)), None) for col, c in pairs})
            shown.append(f"'{words}' in one cell over {len(chunks)} numbers")
        elif len(g.columns) > 1:
            why = (
                f"the header cell holding '{words}' stands over {len(chunks)} number(s): which one is blank is unknown"
            )
            return replace(read, splits=(), how=f"{read.how}; {why}", placed="")
        elif len(chunks) == 1:
            got[g.columns[0]] = (_value(chunks[0]), (chunks[0].start, chunks[0].start + len(chunks[0].text)), None)
        else:
            if any(len(inside[i]) > 1 for i in g.cells):
                return None  # two numbers in one cell of one column: merged columns, no cut number
            value = _joined(chunks, g.columns[0] in spec.decimal, g.columns[0] in spec.signed)
            if value is None:
                return None
            unit = dict(read.units).get(chunks[-1].start + len(chunks[-1].text), "")  # '77550|375.24元'
            joined = Chunk("|".join(c.text for c in chunks) + unit, chunks[0].start, fixed=True, value=value)
            got[g.columns[0]] = (value, (chunks[0].start, chunks[-1].start + len(chunks[-1].text)), joined)
            shown.append(f"'{words}' cut over {len(g.cells)} cells, its number '{joined.text}' read as {value}")
    return _read(read, got, shown)


def _read(read: RowRead, got: _Got, shown: list[str]) -> RowRead | None:
    """The row with the reading ``got``; None when it is the one the cells gave already."""
    columns = list(read.hit.spec.columns)
    anchor = next((span[0] for _, span, _ in got.values() if span is not None), read.hit.end)
    spans = []
    for col in columns:
        span = got[col][1]
        anchor = span[0] if span is not None else anchor
        spans.append(span if span is not None else (anchor, anchor))
    split = Split(tuple(got[c][0] for c in columns), tuple(spans))
    if read.splits and read.splits[0] == split:
        return None
    extra = [c for _, _, c in got.values() if c is not None]
    covered = [(e.start, split.spans[columns.index(col)][1]) for col, (_, _, e) in got.items() if e is not None]
    kept = [c for c in read.chunks if not any(a <= c.start < b for a, b in covered)]
    chunks = tuple(sorted(kept + extra, key=lambda c: c.start))
    why = f"the header row's cells are not its columns ({'; '.join(shown) or 'blank cells only'}); read through them"
    return replace(read, chunks=chunks, splits=(split,), how=f"{read.how}; cells read through the header", placed=why)
