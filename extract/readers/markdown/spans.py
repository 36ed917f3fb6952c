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

# A value: a number, or the dash or slash a report prints for 'none' ('/', '—')
_VALUE = re.compile(r"^(?:[-+]?[\d.,\s]+|[/／\\\-—–－~～]+)$")
_ZERO = re.compile(r"^[-+]?0*(?:\.0*)?$")
# Up to this many rows under a header (a table-二 block: one or two rows), equal cells
# under a repeated header are taken as merged even when they are 0.
SHORT_SECTION = 3


def _is_header(texts: Sequence[str]) -> bool:
    """A row of labels only: no cell is a value."""
    return not any(t and _VALUE.match(t) for t in texts)


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


def collapse_merged(rows: list[list[T]], text: Callable[[T], str]) -> tuple[list[list[T]], int]:
    """The rows with each merged span that a header repeats collapsed to one cell; and how many were.

    Rows are sections: a header row and the rows of values under it up to the
    next header row; a header with no rows under it (a caption '第二十条第(一)项'
    repeated across, a labels-only table) stays as it is.
    """
    texts = [[text(c).strip() for c in row] for row in rows]
    out = [list(row) for row in rows]
    collapsed = 0
    headers = [k for k, t in enumerate(texts) if _is_header(t)]
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
                collapsed += 1
    return out, collapsed


def _label_span(texts: Sequence[str]) -> int:
    """How many blank cells pad the header's first cell ('申请人情况 | | | 自然人'): 0 if none."""
    k = 1
    while k < len(texts) and not texts[k]:
        k += 1
    return k - 1 if texts[0] and k < len(texts) else 0


def drop_label_padding(rows: list[list[T]], text: Callable[[T], str]) -> tuple[list[list[T]], int]:
    """The rows without the blank cells under the header's label span; and how many rows lost some.

    markitdown writes a merged cell as its text and one empty cell per
    further column it spans, and drops a cell merged down.  Under a header
    '申请人情况 | | | 自然人 | …' the row '四、结转下年度继续办理 | | | 0 | 1 | …' then
    holds two blanks before its values, and where the total column is left
    blank they read as values (issue 12, markitdown from DOCX).  The header
    says those columns are the label's: blank cells there are dropped (in a
    row narrower than the header by d cells merged down, the first span - d
    columns); a cell with text there stays.
    """
    texts = [[text(c).strip() for c in row] for row in rows]
    # the first header with a padded label cell; a note row across the table ('（本列数据的勾稽关系为…）'
    # then blanks) has nothing after its blanks and is passed over
    header = next((k for k, t in enumerate(texts) if t and _is_header(t) and _label_span(t)), None)
    if header is None:
        return rows, 0
    span = _label_span(texts[header])
    width = len(texts[header])
    out = [list(row) for row in rows]
    dropped = 0
    for k in range(header + 1, len(rows)):
        # only a row led by its label: under '行政复议 | | | |' (table 四) the span holds values
        if _is_header(texts[k]) or not texts[k][0] or _VALUE.match(texts[k][0]):
            continue
        # a row narrower by d lost d cells merged down from above ('三、本年度办理结果'), all in the label span
        own = span - (width - len(texts[k]))
        keep = [c for j, c in enumerate(out[k]) if not (1 <= j <= own and not texts[k][j])]
        dropped += len(keep) < len(out[k])
        out[k] = keep
    return out, dropped
