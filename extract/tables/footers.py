"""A row whose sum fails because a page number was read as one of its values.

pymupdf4llm reflows a one-cell-per-line PDF: some of a row's values come out
on one line ('105 43 0 0 0'), the rest one per line, and the page footer of
the page break inside the row ('2') stands on its own line among them
(tests/converted/pymupdf4llm_pdf/f005_2019_flat_cid.md, issue 12 shape 2).
Read in order, the footer is a value: the row has one number too many, the
numbers shift by a column and the row sum fails.  Nothing but the failed sum
tells the footer from a value, and without the footer the row has fewer numbers
than columns, so neither reading is confirmed: the row is left out, with a
warning naming both.

Only a row whose numbers come from several lines, one of them holding several
numbers and another a lone number, is doubted so: a report printed one row per
line (every number on the label's line) or one cell per line (every number
alone) keeps its failed sum as printed (real-world-variations.md 'The source
itself is often wrong').
"""

from __future__ import annotations

from dataclasses import replace

from docstruct.extract.stream import ROW, Stream
from docstruct.extract.tables.align import RowRule, rule_text, rules_hold
from docstruct.extract.tables.match import RowRead


def _lines(stream: Stream, read: RowRead) -> dict[int, list[str]]:
    """The row's numbers by the stream line (its start offset) they stand on."""
    out: dict[int, list[str]] = {}
    for chunk in read.chunks:
        if chunk.text:
            out.setdefault(stream.text.rfind(ROW, 0, chunk.start) + 1, []).append(chunk.text)
    return out


def _lone(stream: Stream, start: int, numbers: list[str]) -> bool:
    """A line holding one number and nothing else (a list marker aside)."""
    end = stream.text.find(ROW, start)
    line = stream.text[start : len(stream.text) if end < 0 else end]
    return len(numbers) == 1 and line.strip().lstrip("-*+ ").strip() == numbers[0]


def doubt_footer(stream: Stream, read: RowRead, rules: list[RowRule]) -> RowRead | None:
    """``read`` without a reading when a lone number line among its values may be a page footer, else None."""
    if len(read.splits) != 1 or read.placed:
        return None
    values = read.splits[0].values
    evaluated = [r for r in rules if all(values[i] is not None for i in r[0] + r[1])]
    if not evaluated or rules_hold(values, evaluated):
        return None
    lines = _lines(stream, read)
    lone = [nums[0] for start, nums in lines.items() if _lone(stream, start, nums)]
    if not lone or not any(len(nums) > 1 for nums in lines.values()):
        return None
    columns = list(read.hit.spec.columns)
    why = (
        f"the row sum fails as read ({rule_text(values, evaluated, columns)}) and its numbers come from "
        f"several lines, the lone line {' / '.join(repr(n) for n in lone)} among them: a page footer there "
        f"would shift every later value; neither reading is confirmed"
    )
    return replace(read, splits=(), how=f"{read.how}; {why}")
