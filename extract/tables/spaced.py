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

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from docstruct.extract.tables.align import RowRule, align_sequence, rules_hold
from docstruct.extract.tables.match import RowRead

# A token no cell prints: a number with a leading zero ('00', '0223960', '规章000') is cells run
# together; after '-', '/', ':', '.', 年 or 月 it is part of a date, a time or a fraction, and after ','
# a thousands group ('1,008': seed 9696 pymupdf4llm f001 was taken for a glued crawl, and '行政处罚 55 0'
# read 5 | 5 | 0 with no warning, two wrong values).
_GLUED_RUN = re.compile(r"(?<![\d.,\-/:年月])0\d")
GLUED_HOW = "glued digits split"
BLANKS_LOST_HOW = "numbers spaced apart in a report with no glued run: blank cells lost"
# how match.read_row says a row had one number per column
COUNTED_HOW = "one value per cell"


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
    return _doubt_counted(out, rules)


def _on_one_line(read: RowRead) -> bool:
    """Whether the row's numbers stand on one line with nothing marking the cells between them."""
    filled = [c for c in read.chunks if c.text]
    return len(filled) > 1 and all(c.shares_line and not c.merged and not c.fixed for c in filled)


def _may_hide_a_cut(read: RowRead) -> bool:
    """Whether two neighbouring numbers of the row may be one number cut in two.

    The count fits with a blank lost only where a number was also cut; a lone '0' heads no number,
    so '行政许可 0 0 0' hides no cut, hence no lost blank, and its count is its reading.
    """
    filled = [c for c in read.chunks if c.text]
    return any(head.text != "0" and tail.text[:1].isdigit() for head, tail in itertools.pairwise(filled))


def _doubt_counted(reads: list[RowRead], rules: Sequence[Sequence[RowRule]]) -> list[RowRead]:
    """Rows read one number per column on a line that marks no cells, in a table whose other rows show
    that blank cells were lost there: the count fitting is no evidence then.

    docling flattens a CMS page's article into one cell; blank cells vanish and one cell's inline runs
    come apart ('<span>132</span>9' -> '132 9'), so '行政强制 0 132 9' is previous 0, a blank change and
    1329 decisions, not 0 | 132 | 9 (seed-1500 docling_html f013, its table 二 also printing '规章 0').
    Such a row is kept where no two of its numbers can be one cut in two (_may_hide_a_cut) or where its
    row sums hold; table 二 has none, and the row is left out.
    """
    lost = [r for r in reads if r.how.startswith(BLANKS_LOST_HOW) and not r.splits]
    if not lost:
        return reads
    witness = lost[0]
    numbers = len([c for c in witness.chunks if c.text])
    why = (
        "columns, but the numbers stand on one line that marks no cells, "
        f"and the table lost blank cells there ({witness.hit.spec.id}: {numbers} numbers for "
        f"{len(witness.hit.spec.columns)} columns); no row sum confirms the count"
    )
    out = []
    for read, row_rules in zip(reads, rules, strict=True):
        counted = read.how == COUNTED_HOW and len(read.splits) == 1 and _on_one_line(read) and _may_hide_a_cut(read)
        if counted and not rules_hold(read.splits[0].values, row_rules):
            filled = len([c for c in read.chunks if c.text])
            # the row's own column count: the witness may have fewer ('3 numbers for 2 columns' named
            # procurement's count for 行政处罚's three columns, seed 4242 pymupdf4llm f004)
            read = replace(read, splits=(), how=f"{filled} numbers for {len(read.hit.spec.columns)} {why}")
        out.append(read)
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
        how=f"{BLANKS_LOST_HOW}; {aligned.how}",
        placed=aligned.evidence,
        open=aligned.open,
    )
