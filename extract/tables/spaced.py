"""A report whose numbers are all spaced apart: a missing number is a lost blank, not two glued cells.

Glued reading (glued.py) is for text whose cells ran together ('0223960',
'规章000': gen03, real crawls r05-r07).  docling flattens a CMS page's
article into one cell (issue 12): every number stays apart, but blank cells
vanish, so '行政处罚 20 1905' is previous 20, a blank change, 1905 decisions
(seed-4242 docling_html f004), and the glued search read 2|0|1905 as a guess.
Where no token of the table is a glued run, splitting a number is as
unfounded as placing a blank: a split is kept only where the row's sums are
all evaluated and hold, otherwise the row is left out with its warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from docstruct.extract.tables.align import RowRule, align_sequence, rules_hold
from docstruct.extract.tables.match import RowRead

# A token no cell prints: a number with a leading zero ('00', '0223960', '规章000') is cells run
# together; after '-', '/', ':', '.', 年 or 月 it is part of a date, a time or a fraction.
_GLUED_RUN = re.compile(r"(?<![\d.\-/:年月])0\d")
GLUED_HOW = "glued digits split"


def has_glued_run(text: str, regions: Iterable[tuple[int, int]]) -> bool:
    """Whether the text of some table region holds a token that can only be glued cells.

    Asked of the whole report, not of one table: a glued crawl glues every
    table, but its table 二 may show no leading zero ('行政规范性文件27027', gen08).
    """
    return any(_GLUED_RUN.search(text, start, end) for start, end in regions)


def confirm_spaced_splits(reads: list[RowRead], rules: Sequence[Sequence[RowRule]]) -> list[RowRead]:
    """``reads`` with the digit splits no row sum confirms dropped (for a report with no glued run).

    ``rules[k]`` are the row rules of ``reads[k]``.
    """
    out = []
    for read, row_rules in zip(reads, rules, strict=True):
        if not read.how.startswith(GLUED_HOW) or read.placed:
            out.append(read)
            continue
        kept = tuple(s for s in read.splits if rules_hold(s.values, row_rules))
        if kept:
            out.append(replace(read, splits=kept))
            continue
        out.append(_blanks_lost(read, row_rules))
    return out


def _blanks_lost(read: RowRead, rules: Sequence[RowRule]) -> RowRead:
    """A spaced row no digit split reads: fewer numbers than columns because blank cells were lost.

    Read as a sequence (align.py): blanks placed where the row sums hold, or left open for the column
    checks (blank_columns.py: docling's flattened page prints six numbers per table-三 row when the
    总计 column is blank, seed-4242 docling_html f010); never by order alone.
    """
    columns = read.hit.spec.columns
    numbers = len([c for c in read.chunks if c.text])
    how = (
        f"{numbers} numbers spaced apart for {len(columns)} columns in a report with no glued run; a blank "
        f"cell lost is as likely as two cells glued, and no row sum confirms a split"
    )
    aligned = align_sequence(read.chunks, columns, rules) if 0 < numbers < len(columns) else None
    if aligned is None:
        return replace(read, splits=(), how=how)
    return replace(
        read,
        chunks=aligned.chunks,
        splits=aligned.splits,
        how=f"numbers spaced apart in a report with no glued run: blank cells lost; {aligned.how}",
        placed=aligned.evidence,
        open=aligned.open,
    )
