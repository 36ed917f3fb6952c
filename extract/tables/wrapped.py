"""A cell's words whose number wrapped out of the row: '驳回' above the grid row, '28' below it.

markitdown over an unruled PDF's table 四 whose 其他结果 cell holds two lines
('驳回' / '28'): the words stay in the grid row and share a cell with the next
column's number ('| 驳回 0 |'), and the 28 comes out on a line of its own after
the row (seed 3737 markitdown_pdf f007_2019_unruled_cid).  Read as printed,
'驳回 0' is 驳回0 (values.PREFIXED), the lone 28 becomes a sixteenth number at
the end, and every row sum fails (footers.py then leaves the row out).

The words and the lone line are the anchors, the order of the rest is kept,
and the sums decide: the lone number is taken as the words' own (驳回28) and
the number after the words as the next column's, only where the count then
fits exactly, every row sum is evaluated and holds, and no other pairing of
such words and lone lines does too.  The placement is a warning naming both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from docstruct.extract.stream import ROW, Stream
from docstruct.extract.tables.align import RowRule, place, rule_text, rules_hold
from docstruct.extract.tables.footers import lone_chunks
from docstruct.extract.tables.glued import Chunk
from docstruct.extract.tables.match import RowRead
from docstruct.extract.tables.values import DIGITS, to_number

# Words, a space, then a number: two cells' text in one, the words' own number gone ('驳回 0').
_WORDS_THEN_NUMBER = re.compile(r"^([\u4e00-\u9fff]{1,6})\s+(\d{1,15})$")


def _rewrapped(chunks: Sequence[Chunk], words: Chunk, lone: Chunk) -> list[Chunk] | None:
    """The row's numbers with ``lone`` moved into the words' cell and the words' number after it."""
    m = _WORDS_THEN_NUMBER.match(words.text)
    if m is None:
        return None
    own = Chunk(lone.text, lone.start)
    after = Chunk(m.group(2), words.start + m.start(2))
    out: list[Chunk] = []
    for c in chunks:
        if c is words:
            out += [own, after]
        elif c is not lone and c.text:
            out.append(c)
    return out


def _values(chunks: Sequence[Chunk]) -> list[int | float | None]:
    return [c.value if c.fixed else to_number(c.text) for c in chunks]


def rewrap_words(stream: Stream, read: RowRead, rules: Sequence[RowRule]) -> RowRead | None:
    """``read`` with a lone number line put back under the words it wrapped from, where only that holds."""
    n = len(read.hit.spec.columns)
    # most rows hold no such words: looked for first, before any sum (this runs for every row)
    words = [c for c in read.chunks if c.fixed and c.text and _WORDS_THEN_NUMBER.match(c.text)]
    if not words or len(read.splits) != 1 or rules_hold(read.splits[0].values, rules):
        return None
    lone = [c for c in lone_chunks(stream, read) if DIGITS.match(c.text)]
    found: list[tuple[Chunk, Chunk, list[Chunk]]] = []
    for w in words:
        for q in lone:
            chunks = _rewrapped(read.chunks, w, q) if q.start > w.start else None
            if chunks is not None and len(chunks) == n and rules_hold(_values(chunks), rules):
                found.append((w, q, chunks))
    if len(found) != 1:
        return None
    w, q, chunks = found[0]
    values = _values(chunks)
    split = place(chunks, values, range(n), n)
    word = _WORDS_THEN_NUMBER.match(w.text)
    assert word is not None
    columns = list(read.hit.spec.columns)
    line = stream.text[stream.text.rfind(ROW, 0, q.start) + 1 : q.start + len(q.text)].strip()
    why = (
        f"'{w.text}' holds the words of one cell and the number of the next, and the lone line "
        f"'{line}' after the row is the words' own number ({word.group(1)}{q.text}); "
        f"the row sums hold so read ({rule_text(values, rules, columns)}) and not as printed"
    )
    # what the row's reading as printed said of its sums no longer holds; how its cells were split does
    placed = "; ".join(p for p in (read.placed.split("; ")[0], why) if p)
    return replace(read, chunks=tuple(chunks), splits=(split,), how=f"{read.how}; {why}", placed=placed)
