"""Merged cells that a converter wrote out once per column they span.

A pipe table cannot say that a cell spans columns, so docling repeats a
merged cell's text in every column it covers: the header
``| 信息内容 | 上一年项目数量 | 本年增/减 | 本年增/减 |`` over the row
``| 行政事业性收费 | 3 | 0 | 0 |`` (issue 12, shape 4), and the value then
reads as two.  The header is the grid's word that the columns are one: a
run of equal header cells is collapsed to its first column, in the header
and in every row under it, but only where each of those rows holds one text
across the whole run too.  A row that differs inside the run (the columns
are really apart there) leaves the run as it is, so no value is dropped.
A long section of zeros proves nothing (a group label '法人或其他组织' over
five columns of 0, its sub-header lost): there a run is collapsed only when
some row repeats a value other than 0 across it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# A value: a number, or the dash or slash a report prints for 'none' ('/', '—'), or the
# word 无 (none, read as 0: tables/values.py ZERO_MARKS).  Without 无, docling's
# '| 行政强制 | 无 | 无 | 无 |' under a header spanning three columns reads as a header
# row of its own and the span is never collapsed (seed-4242 docling_docx f006, issue 12).
# A number may carry its unit ('56973762.94元', seed 8585 docling_docx f022): read as a header, that row
# cut its section off, its span was never collapsed, and the amount went to 采购项目数量 (a wrong value).
VALUE = re.compile(r"^(?:[-+]?[\d.,\s]+(?:万元|元|件|个|项|条|次|人次|家|起)?|[/／\\\-—–－~～]+|无)$")
_ZERO = re.compile(r"^(?:[-+]?0*(?:\.0*)?|无)$")
# Up to this many rows under a header (a table-二 block: one or two rows), equal cells
# under a repeated header are taken as merged even when they are 0.
SHORT_SECTION = 3


def _is_header(texts: Sequence[str]) -> bool:
    """A row of labels only: no cell is a value."""
    return not any(t and VALUE.match(t) for t in texts)


def merged_runs(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Runs (first, last) of two or more adjacent equal texts holding words."""
    runs: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(texts) + 1):
        if k < len(texts) and texts[k] == texts[start]:
            continue
        if k - start > 1 and any(ch.isalpha() for ch in texts[start]):
            runs.append((start, k - 1))
        start = k
    return runs


def _uniform(texts: Sequence[str], first: int, last: int) -> bool:
    return len(set(texts[first : last + 1])) == 1


def collapse_merged(
    rows: list[list[T]], text: Callable[[T], str]
) -> tuple[list[list[T]], int, list[tuple[int, int]]]:
    """The rows with each merged span that a header repeats collapsed to one cell; how many were; and the
    (row, column) of each value cell so collapsed (one cell of the source, however many columns it spans).

    Rows are sections: a header row and the rows of values under it up to the
    next header row; a header with no rows under it (a caption '第二十条第(一)项'
    repeated across, a labels-only table) stays as it is.
    """
    texts = [[text(c).strip() for c in row] for row in rows]
    out = [list(row) for row in rows]
    collapsed = 0
    spanned: list[tuple[int, int]] = []
    # a label over blank cells ('| 行政处罚 | | | |') is a row whose values are blank, not a header: as a
    # header it cut the section, and '| 行政强制 | 0 | 0 | 0 |' under it was never collapsed (seed-1500
    # docling_docx f002)
    headers = [k for k, t in enumerate(texts) if _is_header(t) and not (t[0] and not any(t[1:]))]
    for n, h in enumerate(headers):
        end = headers[n + 1] if n + 1 < len(headers) else len(rows)
        section = list(range(h + 1, end))
        if not section or any(len(texts[k]) != len(texts[h]) for k in section):
            continue
        for first, last in reversed(merged_runs(texts[h])):
            if not all(_uniform(texts[k], first, last) for k in section):
                continue
            if len(section) <= SHORT_SECTION or any(not _ZERO.match(texts[k][first]) for k in section):
                for k in (h, *section):
                    del out[k][first + 1 : last + 1]
                # a run left of a cell already recorded in this section moves it left
                spanned = [(k, j - (last - first) if k in section and j > first else j) for k, j in spanned]
                spanned += [(k, first) for k in section]
                collapsed += 1
    return out, collapsed, sorted(set(spanned))


def _label_end(texts: Sequence[str]) -> int:
    """Where a header's label columns end: after its first label and the blanks padding it; 0 if none.

    '申请人情况 | | | 自然人' -> 3; ' | 申请人情况 | 自然人' -> 2 (pymupdf4llm); a note row
    across the table ('（本列数据的勾稽关系为…） | | |') has nothing after its blanks -> 0.
    """
    first = next((j for j, t in enumerate(texts) if t), len(texts))
    k = first + 1
    while k < len(texts) and not texts[k]:
        k += 1
    return k if k < len(texts) else 0


def _led_by_label(texts: Sequence[str]) -> bool:
    """A row of values led by its label, maybe after a blank group column ('| | 1、本机关不掌握… | | 25');
    under '行政复议 | | | |' (table 四) the first cells are values."""
    first = next((t for t in texts if t), "")
    return not _is_header(texts) and bool(first) and not VALUE.match(first)


def _fits(texts: list[list[str]], header: int, end: int) -> bool:
    """Whether no row under the header holds a value in its label columns (the header reads right)."""
    width = len(texts[header])
    for row in texts[header + 1 :]:
        own = end - (width - len(row))
        if _led_by_label(row) and any(t and VALUE.match(t) for t in row[:own]):
            return False
    return True


# Rows of a grid with no header row needed to tell its label columns by their cells alone.
MIN_BODY_ROWS = 5


def _label_columns(texts: list[list[str]]) -> int:
    """How many leading columns of a grid with no header row are labels': no row holds a value there, and
    every row of the grid's width holds a value past them; 0 where that is not so.

    pymupdf4llm reads an unruled PDF's table 三 into a grid of three label columns and the value columns,
    its header line left as text: '|三<br>|（一）予以公开||４|3|1|0|0|0|' (seed 6363 f005_2021_unruled_cid).
    The third label column is empty there, and read as a cell it took 自然人's place: every value moved
    one column right, and with the 总计 column blank the count of seven still fitted (8 wrong values).
    """
    width = max(map(len, texts), default=0)
    full = [t for t in texts if len(t) == width]
    if len(full) < MIN_BODY_ROWS:
        return 0
    end = 0
    while end < width and not any(t[end] and VALUE.match(t[end]) for t in full):
        end += 1
    if end == width or not any(t[j] for t in full for j in range(end)):
        return 0
    return end


def drop_label_padding(rows: list[list[T]], text: Callable[[T], str]) -> tuple[list[list[T]], int]:
    """The rows without the blank cells in the header's label columns; and how many rows lost some.

    markitdown writes a merged cell as its text and one empty cell per
    further column it spans, and drops a cell merged down; pymupdf4llm
    leaves a label column blank.  Under a header '申请人情况 | | | 自然人 | …'
    the row '四、结转下年度继续办理 | | | 0 | 1 | …' then holds two blanks before
    its values, and where the total column is left blank they read as values
    (issue 12, markitdown from DOCX).  The first header whose label columns
    hold no value in any row under it says which columns are the label's:
    blank cells there are dropped (in a row narrower than the header by d
    cells merged down, the first end - d columns); a cell with text stays.
    """
    texts = [[text(c).strip() for c in row] for row in rows]
    heads = [(k, _label_end(t)) for k, t in enumerate(texts) if t and _is_header(t)]
    header, end = next(((k, e) for k, e in heads if e and _fits(texts, k, e)), (-1, 0))
    if header < 0:
        header, end = -1, _label_columns(texts)
        if not end:
            return rows, 0
    width = len(texts[header]) if header >= 0 else max(map(len, texts))
    out = [list(row) for row in rows]
    dropped = 0
    for k in range(header + 1, len(rows)):
        if not _led_by_label(texts[k]):
            continue
        own = end - (width - len(texts[k]))
        # a blank group column before the label too: read as a cell it ends the row above with a blank
        keep = [c for j, c in enumerate(out[k]) if not (j < own and not texts[k][j])]
        dropped += len(keep) < len(out[k])
        out[k] = keep
    return out, dropped
