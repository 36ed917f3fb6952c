"""Empty lines taken as blank cells in a report that sets an empty line after most of its lines.

In a layout with no separators (samplegen's cell_per_line) an empty line is a
blank cell, and the row reader takes it so when the count needs it
(match._fit_blanks).  pymupdf4llm writes a one-cell-per-line PDF as
paragraphs, an empty line after each, and a page break inside a row leaves
'行政许可' / '' / '— 1 —' / '' / '88' / '': with its footer gone the row has one
number and two empty lines for three columns, and 88 was read as 处理决定数量
with no warning, where the PDF printed it as 上一年项目数量 (seed 5252
pymupdf4llm f004, a wrong value).  There an empty line may as well only part
two paragraphs, so which columns are blank is a guess: the reading is kept,
as a warned placement, only where the row's sums are all evaluated and hold;
otherwise the row is left out with its warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from docstruct.extract.stream import ROW, Stream
from docstruct.extract.tables.align import RowRule, rule_text, rules_hold
from docstruct.extract.tables.match import RowRead
from docstruct.extract.tables.spaced import COUNTED_HOW

# Share of a report's text lines followed by an empty line above which empty lines part paragraphs.
GAPPED_SHARE = 0.6
# Fewer text lines than this say nothing of a layout.
MIN_LINES = 20


@lru_cache(maxsize=4)  # asked once per table of one report; a str's hash is kept, so the lookup is cheap
def _gapped(text: str) -> bool:
    lines = text.split(ROW)
    filled = [i for i in range(len(lines) - 1) if lines[i].strip()]
    gaps = sum(1 for i in filled if not lines[i + 1].strip())
    return len(filled) >= MIN_LINES and gaps >= GAPPED_SHARE * len(filled)


def doubt_empty_lines(stream: Stream, read: RowRead, rules: Sequence[RowRule]) -> RowRead | None:
    """``read`` doubted when it took empty lines as blank cells in a gapped report, else None."""
    if read.how != COUNTED_HOW or len(read.splits) != 1:
        return None  # most rows: checked first, as this runs for every row
    taken = sum(1 for c in read.chunks if c.soft)
    placed = any(c.text for c in read.chunks)  # a row printing no number is blank however it is read
    if not taken or not placed:
        return None
    if not _gapped(stream.text):
        return None
    why = (
        f"{taken} empty line{'s' if taken > 1 else ''} read as blank cells, but the report sets an empty line "
        "after most of its lines, where an empty line may only part two paragraphs: which cells are blank "
        "is not certain"
    )
    if rules_hold(read.splits[0].values, rules):
        why += f"; the row sums hold ({rule_text(read.splits[0].values, rules, read.hit.spec.columns)})"
        return replace(read, how=f"{read.how}; {why}", placed="; ".join(p for p in (read.placed, why) if p))
    return replace(read, splits=(), how=f"{read.how}; {why}, and no row sum confirms it")
