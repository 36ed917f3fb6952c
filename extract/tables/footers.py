"""A row whose sum fails because a page number was read as one of its values.

pymupdf4llm reflows a one-cell-per-line PDF: some of a row's values come out
on one line ('105 43 0 0 0'), the rest one per line, and the page footer of
the page break inside the row ('2') stands on its own line among them
(tests/cases/converted_pdf/pymupdf4llm_s1300_f004_2019_flat_cid.md, issue 12 shape 2).
Read in order, the footer is a value: the row has one number too many, the
numbers shift by a column and the row sum fails.  Nothing but the failed sum
tells the footer from a value, and without the footer the row has fewer numbers
than columns, so neither reading is confirmed: the row is left out, with a
warning naming both, unless the column checks place it (its readings without
each lone line are kept as ``open`` for blank_columns.py).  Where no lone line
taken out leaves sums that can hold ('总计 0' beside parts 0, 0, 0, 8 before
any lone line), the failed sum is the source's own and the row stays as printed.

markitdown does the same to a ruled PDF's table 四 whose cell holds two lines
('驳回' / '28'): the words go above the grid row, the number below it, and the
count of fifteen still fits (tests/cases/converted_pdf/markitdown_s1300_…).

A report whose page footers have a form of their own ('— 6 —', dropped by the
markdown reader) prints no bare page number: there a row of text lines is not
doubted (seed 5151's pymupdf4llm f003_hybrid_flat_cid: table 四's own failed
sum, '总计 5' beside four 0s, was left out).

Only a row whose numbers come from several lines, one of them holding several
numbers and another a lone number, is doubted so: a report printed one row per
line (every number on the label's line) or one cell per line (every number
alone) keeps its failed sum as printed (real-world-variations.md 'The source
itself is often wrong').
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import replace

from docstruct.extract.stream import CELL, ROW, Stream
from docstruct.extract.tables.align import RowRule, fails, place, rule_text, rules_hold
from docstruct.extract.tables.glued import Chunk, Split
from docstruct.extract.tables.match import RowRead
from docstruct.extract.tables.values import DIGITS, to_number

# Digits of a page number (reports run to tens of pages; '2', '— 14 —'); a longer lone number is a value.
MAX_PAGE_DIGITS = 3


def _lines(stream: Stream, read: RowRead) -> dict[int, list[str]]:
    """The row's numbers by the stream line (its start offset) they stand on."""
    out: dict[int, list[str]] = {}
    for chunk in read.chunks:
        if chunk.text:
            out.setdefault(stream.text.rfind(ROW, 0, chunk.start) + 1, []).append(chunk.text)
    return out


def _line(stream: Stream, start: int) -> str:
    end = stream.text.find(ROW, start)
    return stream.text[start : len(stream.text) if end < 0 else end]


def _lone(stream: Stream, start: int, numbers: list[str]) -> bool:
    """A line holding one number and nothing else (a list marker aside)."""
    return len(numbers) == 1 and _line(stream, start).strip().lstrip("-*+ ").strip() == numbers[0]


def lone_chunks(stream: Stream, read: RowRead) -> list[Chunk]:
    """The row's numbers that stand alone on a line of their own."""
    lines = _lines(stream, read)
    out = []
    for chunk in read.chunks:
        if chunk.text:
            start = stream.text.rfind(ROW, 0, chunk.start) + 1
            if _lone(stream, start, lines[start]):
                out.append(chunk)
    return out


def _page_number(text: str) -> bool:
    """A number a page footer can print: a whole number from 1 (a lone '0' is a value)."""
    return text.isdecimal() and int(text[: MAX_PAGE_DIGITS + 1]) >= 1 and len(text) <= MAX_PAGE_DIGITS


def doubt_footer(stream: Stream, read: RowRead, rules: Sequence[RowRule]) -> RowRead | None:
    """``read`` without a reading when a lone number line among its values may be a page footer, else None."""
    if len(read.splits) != 1:
        return None
    values = read.splits[0].values
    evaluated = [r for r in rules if all(values[i] is not None for i in r[0] + r[1])]
    if not evaluated or rules_hold(values, evaluated):
        return None
    lines = _lines(stream, read)
    lone = [nums[0] for start, nums in lines.items() if _lone(stream, start, nums)]
    if not lone or not any(len(nums) > 1 for nums in lines.values()):
        return None
    if stream.decorated_footers and not any(CELL in _line(stream, start) for start in lines):
        return None  # the report's footers read '— 6 —': a bare lone number in text lines is a value
    columns = list(read.hit.spec.columns)
    why = (
        f"the row sum fails as read ({rule_text(values, evaluated, columns)}) and its numbers come from "
        f"several lines, the lone line {' / '.join(repr(n) for n in lone)} among them: a page footer or a "
        f"cell's number printed outside its row there shifts every later value; neither reading is confirmed"
    )
    consistent = _without_footer(stream, read, rules)
    if not consistent:
        return None  # no lone line taken out leaves sums that can hold: the source's own failed sum
    return replace(read, splits=(), how=f"{read.how}; {why}", open=consistent)


def _without_each_footer(
    stream: Stream, read: RowRead
) -> Iterator[tuple[Chunk, list[Chunk], list[int | float | None]]]:
    """For each of the row's numbers on a lone line that a page footer can print: that number, and the row's
    other numbers with their values."""
    filled = [c for c in read.chunks if c.text]
    lone = {c.start for c in lone_chunks(stream, read)}
    for k, chunk in enumerate(filled):
        if chunk.start in lone and _page_number(chunk.text):
            rest = filled[:k] + filled[k + 1 :]
            yield chunk, rest, [c.value if c.fixed else to_number(c.text) for c in rest]


def _without_footer(stream: Stream, read: RowRead, rules: Sequence[RowRule]) -> tuple[Split, ...]:
    """The row's placements with one lone number line dropped under which no row sum fails."""
    n = len(read.hit.spec.columns)
    out: list[Split] = []
    for _, rest, values in _without_each_footer(stream, read):
        for slots in itertools.combinations(range(n), len(rest)):
            split = place(rest, values, slots, n)
            if not fails(split.values, rules):
                out.append(split)
    return tuple(out)


def drop_surplus_footer(stream: Stream, read: RowRead, rules: Sequence[RowRule]) -> RowRead | None:
    """A row with one number too many, one of them a lone line a page footer can print: read without it where
    then every row sum is evaluated and holds, for that line alone; else None.

    pymupdf4llm puts a page's footer after the row the page ended on: '一、本年新收… 14 1 0 0 0 0 15' / '' /
    '1' (seed 6363 f003_hybrid_unruled_cid): eight numbers for seven columns, and the row was left out.
    """
    if read.splits:
        return None  # most rows: read already
    n = len(read.hit.spec.columns)
    filled = [c for c in read.chunks if c.text]
    if len(filled) != n + 1 or not all(c.fixed or DIGITS.match(c.text) for c in filled):
        return None
    found = []
    for chunk, rest, values in _without_each_footer(stream, read):
        split = place(rest, values, range(n), n)
        if rules_hold(split.values, rules):
            found.append((chunk, rest, split))
    if len(found) != 1:
        return None
    chunk, rest, split = found[0]
    sums = rule_text(split.values, rules, list(read.hit.spec.columns))
    why = (
        f"{n + 1} numbers for {n} columns; the lone line '{chunk.text}' among them read as a page footer, "
        f"the one number without which the row sums hold ({sums})"
    )
    return replace(read, chunks=tuple(rest), splits=(split,), how=f"{read.how}; {why}", placed=why)
