"""Lines between the fragments of one pipe table, as markitdown writes a ruled PDF's table.

pdfminer cuts a ruled table wherever a cell holds two lines, so markitdown
starts a ``| --- |`` rule every row or two and leaves the rest of a wrapped
label as a plain line between two fragments, often after its number row,
sometimes the label's head before a row whose label cells are blank; the
vertical group label '三、本年度办理结果' comes out one character per line, and
the page number as a lone '1' (issue 12, shape 1).  Read as text, the label
is cut (its row is not found, and the row above reads on into the next
values) and the page number is a value.  Here each line between two
fragments is placed: a label's rest joins its row's label cell, a group
piece and a page number are dropped, a blank line is nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docstruct.extract.readers.markdown.spans import VALUE

# Longest line taken as a label's rest between fragments (the longest template label is ~40 characters).
MAX_LABEL_REST = 40
# Longest rest of a cut group label ('（六）其他处' + '理'; the longest group label, '（三）不予公开', is 7).
MAX_GROUP_REST = 3
_DIGIT = re.compile(r"\d")
_PAGE = re.compile(r"^\s*\d{1,3}\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s")
# A label that starts a row, outline-numbered: '(二)部分公开…', '5、要求…', '1.本机关…', 'a) …'
NUMBERED = re.compile(r"^[\s(（]*(?:[一二三四五六七八九十]+|\d+|[a-zA-Z])\s*[、.．)）]")
# A group label cut at the cell's edge, with its first sub-row beside it: '（四）无法提' | '1、本机关…'
_GROUP = re.compile(r"^[\s(（]*[一二三四五六七八九十]+\s*[)）]")
# A table 二 caption citing the regulation's article ('第二十条第（八）项'): no template row label cites an
# article, so the line heads the next table.  Taken as a label's rest, seed 8484 markitdown f002 joined
# '行政强制' and the caption after it into '行政处罚', and 行政处罚's 228 went to 行政强制 (a wrong value).
_CAPTION = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")

BLANK, PAGE, PIECE, LABEL = "blank", "page", "piece", "label"


def between_kind(line: str) -> str | None:
    """What a plain line may be between two table fragments; None when it ends the table."""
    text = "".join(line.split())
    if not text:
        return BLANK
    if _PAGE.match(line):
        return PAGE
    # a list item ('- 四、 政府信息公开行政复议…', docling's heading) is no label's rest
    if _BULLET.match(line) or _CAPTION.match(text) or "|" in text or (_DIGIT.search(text) and not NUMBERED.match(text)):
        return None
    if len(text) > MAX_LABEL_REST:
        return None
    return PIECE if len(text) == 1 else LABEL


def _label_cells(texts: Sequence[str]) -> list[int]:
    """The indexes of a row's label cells: those before its first value."""
    first_value = next((j for j, t in enumerate(texts) if t and VALUE.match(t)), len(texts))
    return list(range(first_value))


def piece_target(prev: Sequence[str]) -> int | None:
    """The cell a one-character line continues: a cut group label in the row above ('（四）无法提' + '供').

    Any other lone character is a piece of a vertical group label ('本', '年'): None.
    """
    cells = _label_cells(prev)
    filled = [j for j in cells if prev[j]]
    # beside its first sub-row, or a row of its own (printed between its sub-rows)
    alone = len(prev) == 1
    if (len(filled) >= 2 or alone) and filled[:1] == [0] and _GROUP.match(prev[0]):
        return 0
    return None


def label_target(prev: Sequence[str] | None, line: str, nxt: Sequence[str]) -> tuple[str, int] | None:
    """Where a label's rest goes: ('next', cell) for the head of the next row's label when that row's
    label cells are blank, else ('prev', cell), the last label cell of the row above; None if neither."""
    text = "".join(line.split())
    next_cells = _label_cells(nxt)
    if NUMBERED.match(text) and next_cells and not any(nxt[j] for j in next_cells):
        return "next", next_cells[0]
    if prev is None or NUMBERED.match(text):
        return None  # a numbered line is a label's head or a heading, never the rest of the row above
    filled = [j for j in _label_cells(prev) if prev[j]]
    return ("prev", filled[-1]) if filled else None


def group_rests(prev: Sequence[str], line: str) -> list[tuple[int, str]] | None:
    """A line holding two rests side by side, parted by the column gap: the cut group label's and its
    sub-row label's ('理 正、行政机关不再处理其政府信' under '| （六）其他处 | 1、申请人无正当理由逾期不补 |',
    seed 2121 markitdown f011).  Joined whole to the sub-row's cell, '理' cut the label ('…逾期不补理正、')
    and both sub-rows of （六） were lost.  (cell, rest) for each, or None."""
    parts = line.split()
    filled = [j for j in _label_cells(prev) if prev[j]]
    if len(parts) != 2 or len(filled) != 2 or filled[0] != 0 or not _GROUP.match(prev[0]):
        return None
    if len(parts[0]) > MAX_GROUP_REST or NUMBERED.match(parts[1]):
        return None
    return [(filled[0], parts[0]), (filled[1], parts[1])]
