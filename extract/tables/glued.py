"""Split runs of glued digits into cell values.

Crawled page text glues a row's numbers together with no separator
(real-world-variations.md: '一、本年新收政府信息公开申请数量801000081' is
80, 1, 0, 0, 0, 0, 81).  A run is split into numbers without leading zeros;
whitespace and cell boundaries are kept as hard boundaries ('200 000121' is
20,0 | 0,0,0,1,21).  Constraints (a row total, a table-四 row sum) prune the
search as soon as the values they involve are known, so a 15-value table-四
string is decoded without enumerating every split.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields

from docstruct.extract.tables.values import MAX_INT_DIGITS

# At most this many candidate splits are kept for one row; beyond it the row
# is reported as ambiguous without listing them all.
MAX_CANDIDATES = 2000
# Widest glued value: 15 integer digits, a point and 6 decimals, a sign.
MAX_CHARS_PER_VALUE = MAX_INT_DIGITS + 8
# Search nodes visited per row before giving up (bounds time on hostile input).
MAX_NODES = 200_000

Number = int | float
Prune = Callable[[Sequence[Number | None]], bool]


@dataclass(frozen=True)
class Chunk:
    """One whitespace- or cell-delimited run of characters, with its offset."""

    text: str
    start: int
    # a chunk already read as one cell ('驳回1', '/', an empty grid cell):
    # it yields exactly ``value`` and is never split
    fixed: bool = False
    value: Number | None = None
    # an empty line: a blank cell only when the row needs it (cell-per-line
    # layouts without separator lines); hard blanks come from '|' or grids
    soft: bool = False
    # one of several numbers in one grid cell, that cell's text: neighbouring
    # columns merged by a converter ('| 95 0 |', issue 12 shape 1); align.py reads such a row
    merged: str = ""
    # words holding a digit ('见附件3'): a blank cell whose text is kept (values.REFERENCE)
    words: bool = False
    # a grid cell between a row's values whose text reads as no value ('一' where OCR read a printed '1',
    # seed 1313 f012 noisy 200 dpi): a null cell in its own column, its text kept (match.region_chunks)
    no_value: bool = False
    # one of several numbers on one text line: the line is a row (or a reflowed piece of one),
    # not one cell per line, so the empty lines around it separate paragraphs (align.is_unaligned)
    shares_line: bool = False


# A chunk built without __init__, which sets each of Chunk's ten fields through object.__setattr__
# (a frozen dataclass): the row reader makes one per number, ~200 a document over the text bench.
# Only the fields given are set on the instance; every other one reads its default, which the
# dataclass keeps as a class attribute, so the chunk equals, hashes and prints as Chunk(...) does
# (tests/test_fast_tables.py).  Not by assigning a whole __dict__: that was tried, and every chunk
# then carries a dict of its own, which made the collector run a third more often.
_new_object = object.__new__
_set_attribute = object.__setattr__
_DEFAULTS = {f.name: f.default for f in fields(Chunk)}


def new_chunk(text: str, start: int, **given: object) -> Chunk:
    """``Chunk(text, start, **given)``."""
    chunk = _new_object(Chunk)
    _set_attribute(chunk, "text", text)
    _set_attribute(chunk, "start", start)
    for name, value in given.items():
        if name not in _DEFAULTS:
            raise TypeError(f"Chunk has no field {name!r}")
        _set_attribute(chunk, name, value)
    return chunk


def chunk_with(chunk: Chunk, **changes: object) -> Chunk:
    """``dataclasses.replace(chunk, **changes)``, for the row reader's loop."""
    new = _new_object(Chunk)
    for name, default in _DEFAULTS.items():
        value = changes[name] if name in changes else getattr(chunk, name)
        if value is not default:  # a default left to the class attribute, as new_chunk leaves it
            _set_attribute(new, name, value)
    return new


@dataclass(frozen=True)
class Split:
    """One way of reading a row: the values and each value's span in the stream."""

    values: tuple[Number | None, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ColumnKind:
    """What a column may hold: a sign (本年增/减) or decimals (amounts)."""

    signed: bool = False
    decimal: bool = False


_INT = re.compile(r"0|[1-9]\d*")
_DIGITS = re.compile(r"\d+")


def _number_ends(text: str, pos: int, kind: ColumnKind, last: bool) -> list[int]:
    """Every end offset of a number that can start at ``pos`` in ``text``."""
    i = pos
    if text.startswith("-", i):
        if not kind.signed:
            return []
        i += 1
    m = _INT.match(text, i)
    if not m:
        return []
    last_int = min(m.end(), i + MAX_INT_DIGITS)
    int_ends = [i + 1] if text[i] == "0" else list(range(i + 1, last_int + 1))
    ends: list[int] = []
    for e in int_ends:
        if kind.decimal and text.startswith(".", e):
            frac = _DIGITS.match(text, e + 1)
            if frac:
                # a decimal ends the run when it is the last value; otherwise
                # any fraction length is possible
                lengths = [len(frac.group())] if last else range(1, len(frac.group()) + 1)
                ends.extend(e + 1 + n for n in lengths)
            continue
        ends.append(e)
    return ends


@dataclass(frozen=True)
class SumRule:
    """values[total] = sum(values[parts]) with the total after all its parts.

    Lets the search stop early: a part can never be longer than what is left
    for the total (r10's 18-digit row needed 20,000 nodes without this).
    """

    total: int
    parts: tuple[int, ...]


def _digits(value: Number | None) -> int:
    return 0 if value is None else len(str(abs(int(value))))


# powers of ten for _Search._room's bound on a total (room is at most MAX_CHARS_PER_VALUE per value)
_POW10 = tuple(10**i for i in range(400))

# _Search._closes decides a sum rule outright when this many parts or fewer are left.
CLOSE_PARTS = 2
_INT_ONLY = frozenset({int})


def _whole(digits: str) -> bool:
    """A number _number_ends can read for a plain column: no leading zero, at most MAX_INT_DIGITS."""
    return 0 < len(digits) <= MAX_INT_DIGITS and (digits[0] != "0" or len(digits) == 1)


def _sums_to(digits: str, parts: int, need: int) -> bool:
    """Whether ``digits`` splits into ``parts`` (0 to 2) whole numbers adding up to ``need``."""
    if need < 0:
        return False
    if parts == 0:
        return digits == "" and need == 0
    if parts == 1:
        return _whole(digits) and int(digits) == need
    # two parts adding up to need are each at most need, so neither has more digits than need
    # (no leading zeros): only the cuts leaving both sides that short are tried
    most, size = len(str(need)), len(digits)
    for cut in range(max(1, size - most), min(size - 1, most) + 1):
        head, tail = digits[:cut], digits[cut:]
        if _whole(head) and _whole(tail) and int(head) + int(tail) == need:
            return True
    return False


@dataclass(frozen=True)
class _Rules:
    """What the search reads from the sum rules and column kinds alone, the same for every row of a table."""

    # the rules _room weighs with n values placed: those with parts[0] < n <= total
    sums_at: tuple[tuple[SumRule, ...], ...]
    # rules closing the row on whole numbers: checked exactly near their end (_closes)
    closing: tuple[SumRule, ...]
    signed: bool


def _make_rules(kinds: Sequence[ColumnKind], sums: Sequence[SumRule]) -> _Rules:
    # only rules whose parts are one run of values just before their total
    runs = [r for r in sums if r.parts and r.parts == tuple(range(r.parts[0], r.total))]
    width = len(kinds)
    closing = tuple(
        r for r in runs if r.total == width - 1 and all(kinds[i] == ColumnKind() for i in (*r.parts, r.total))
    )
    sums_at = tuple(tuple(r for r in runs if r.parts[0] < n <= r.total) for n in range(width + 1))
    return _Rules(sums_at, closing, any(k.signed for k in kinds))


# (kinds, sums) -> their _Rules, for the tuples match.py's row-rules cache hands every row of a table
# (keyed by identity, the tuples held so an id is never reused); bounded, as callers may pass new ones
_RULES_KNOWN: dict[tuple[int, int], tuple[object, object, _Rules]] = {}
RULES_KNOWN_MAX = 256


def _rules_for(kinds: Sequence[ColumnKind], sums: Sequence[SumRule]) -> _Rules:
    if not (isinstance(kinds, tuple) and isinstance(sums, tuple)):
        return _make_rules(kinds, sums)
    known = _RULES_KNOWN.get((id(kinds), id(sums)))
    if known is not None and known[0] is kinds and known[1] is sums:
        return known[2]
    if len(_RULES_KNOWN) >= RULES_KNOWN_MAX:
        _RULES_KNOWN.clear()
    rules = _RULES_KNOWN[(id(kinds), id(sums))] = (kinds, sums, _make_rules(kinds, sums))
    return rules[2]


class _Search:
    """The depth-first search over every split, one node per ``run`` call or child tested in ``_expand``
    (MAX_NODES counts them).

    The per-node work is what the search costs (11 searches a document over the text bench, ~30
    nodes each, a quarter of the tables stage): the number ends a chunk offers at a place are read
    once per search, with their values and spans (the same place is reached along many paths), and
    the bounds are tested inline.  The nodes visited (so where MAX_NODES cuts), their order and the
    splits found are those of the plain search: tests/test_fast_tables.py compares them with the
    base commit's search (tests/fast_tables_reference.py).
    """

    def __init__(
        self,
        chunks: Sequence[Chunk],
        kinds: Sequence[ColumnKind],
        prune: Prune,
        sums: Sequence[SumRule] = (),
        prune_at: Collection[int] | None = None,
    ) -> None:
        self.chunks = chunks
        self.kinds = kinds
        self.prune = prune
        # the value indices after which prune can say no; any index when not known (split_chunks)
        self.prune_at = prune_at
        self.width = len(kinds)
        rules = _rules_for(kinds, sums)
        self.sums_at, self.closing = rules.sums_at, rules.closing
        # most values each chunk can still yield (a fixed chunk exactly one)
        caps = [1 if c.fixed else len(c.text) for c in chunks]
        self.after = [sum(caps[i + 1 :]) for i in range(len(chunks))]
        # a part can be negative only in a signed column or as a fixed chunk's value: else the
        # parts' lengths never bound a total (_room)
        self.negative = rules.signed or any(c.fixed and (c.value or 0) < 0 for c in chunks)
        self.found: list[Split] = []
        self.closes_known: dict[tuple[str, int, int], bool] = {}
        # (chunk, offset, values placed) -> each (end, value, span) _number_ends allows there
        self.ends_known: dict[tuple[int, int, int], list[tuple[int, Number, tuple[int, int]]]] = {}
        self.nodes = 0
        self.values: list[Number | None] = []
        self.spans: list[tuple[int, int]] = []

    def run(self, ci: int, pos: int) -> None:
        """One node: counted, ended by a bound or a full row, else expanded (_expand)."""
        self.nodes += 1
        if self.nodes > MAX_NODES or len(self.found) >= MAX_CANDIDATES:
            return
        values = self.values
        n = len(values)
        width = self.width
        if ci == len(self.chunks):
            if n == width:
                self.found.append(Split(tuple(values), tuple(self.spans)))
            return
        if n == width:
            return
        chunk = self.chunks[ci]
        # values still needed must fit: every remaining chunk yields at least one
        if width - n < len(self.chunks) - ci:
            return
        # the characters left must hold the values left (_room's first test, here: every node asks it)
        left = (1 if chunk.fixed else len(chunk.text) - pos) + self.after[ci]
        if left < width - n or left > (width - n) * MAX_CHARS_PER_VALUE:
            return
        self._expand(ci, pos, chunk, left)

    def _expand(self, ci: int, pos: int, chunk: Chunk, left: int) -> None:
        """A node past run's bounds: the sum rules' room, then each child in the plain search's order.

        A child's own bounds (run's tests up to ``left``) are tested here, before calling it: four
        nodes in ten end there over the text bench, and each was a call.  It is counted and cut by
        MAX_NODES and MAX_CANDIDATES just as run counts it, so the nodes visited are the same.
        """
        values, spans, found, chunks = self.values, self.spans, self.found, self.chunks
        n = len(values)
        if (self.sums_at[n] or self.closing) and not self._room(n, chunk, ci, pos, left):
            return
        if chunk.fixed:
            self.step(chunk.value, (chunk.start, chunk.start + len(chunk.text)), ci + 1, 0)
            return
        size, prune, after = len(chunk.text), self.prune, self.after
        # prune asked only where it can say no: elsewhere it says yes (row_prune tests a rule when its
        # last value is placed), and not calling it is the same answer
        pruned = self.prune_at is None or n in self.prune_at
        ends = self.ends_known.get((ci, pos, n))
        if ends is None:
            ends = self.ends_known[(ci, pos, n)] = self._ends(chunk, pos, n)
        need = self.width - n - 1  # values a child still has to place
        for end, value, span in ends:  # self.step inlined, then run's tests of the child
            values.append(value)
            spans.append(span)
            if not pruned or prune(values):
                self.nodes += 1
                if self.nodes <= MAX_NODES and len(found) < MAX_CANDIDATES:
                    if end < size:  # the child reads on in this chunk
                        rest = size - end + after[ci]
                        if need and need >= len(chunks) - ci and need <= rest <= need * MAX_CHARS_PER_VALUE:
                            self._expand(ci, end, chunk, rest)
                    elif ci + 1 == len(chunks):  # the child is past the last chunk: a split, if full
                        if not need:
                            found.append(Split(tuple(values), tuple(spans)))
                    elif need and need >= len(chunks) - ci - 1:
                        following = chunks[ci + 1]
                        rest = (1 if following.fixed else len(following.text)) + after[ci + 1]
                        if need <= rest <= need * MAX_CHARS_PER_VALUE:
                            self._expand(ci + 1, 0, following, rest)
            values.pop()
            spans.pop()

    def _ends(self, chunk: Chunk, pos: int, n: int) -> list[tuple[int, Number, tuple[int, int]]]:
        """Each number that can start at ``pos`` in the chunk as the n-th value: its end, value and span."""
        text, start = chunk.text, chunk.start
        out: list[tuple[int, Number, tuple[int, int]]] = []
        for end in _number_ends(text, pos, self.kinds[n], n == self.width - 1):
            piece = text[pos:end]
            # a piece _number_ends cut: digits, at most a sign and a point, never a comma nor
            # MAX_READ_DIGITS long, so to_number's int/float is read directly
            out.append((end, float(piece) if "." in piece else int(piece), (start + pos, start + end)))
        return out

    def _room(self, n: int, chunk: Chunk, ci: int, pos: int, left: int) -> bool:
        """Whether the ``left`` characters can still hold the values left under the sum rules."""
        for rule in self.sums_at[n]:
            placed = self.values[rule.parts[0] : n]
            if None in placed:
                placed = [v for v in placed if v is not None]
            # the total is at most this many digits: what is left after one
            # character for each value still to place before it
            room = left - (rule.total - n)
            if sum(placed) >= (_POW10[room] if room < len(_POW10) else 10**room):  # type: ignore[arg-type]
                return False
            # with no negative part, a sum under 10**room has no part longer than room digits:
            # the parts' lengths are read only when one is negative
            if self.negative and placed and min(placed) < 0 and room < max(map(_digits, placed)):  # type: ignore
                return False
        if self.closing and ci == len(self.chunks) - 1 and not chunk.fixed:
            rest = chunk.text[pos:]
            for rule in self.closing:  # a loop, not all(<generator>): one frame fewer per node
                if not self._closes(rule, n, rest):
                    return False
        return True

    def _closes(self, rule: SumRule, n: int, rest: str) -> bool:
        """Whether ``rest`` (all that is left) can be the rule's last parts and then its total.

        Decided outright once at most CLOSE_PARTS parts are left, instead of
        visiting every split of them and letting the row check reject it:
        gen03's 18-digit rows took ~8,000 search nodes for their one split.
        A blank among the parts lifts the rule (row_prune skips it), so no bound then.
        """
        k = rule.total - n
        if n < rule.parts[0] or k > CLOSE_PARTS or not (rest.isascii() and rest.isdigit()):
            return True
        placed = self.values[rule.parts[0] : n]
        if not _INT_ONLY.issuperset(map(type, placed)):  # every part an int (a float or a blank lifts the bound)
            return True
        done = sum(placed)  # type: ignore[arg-type]
        # the same question recurs along the search (other splits of the earlier chunks reach
        # the last chunk at the same place with the same sum): answered once per row
        key = (rest, k, done)
        known = self.closes_known.get(key)
        if known is None:
            known = self.closes_known[key] = _closes_with(rest, k, done)
        return known

    def step(self, value: Number | None, span: tuple[int, int], ci: int, pos: int) -> None:
        self.values.append(value)
        self.spans.append(span)
        if self.prune(self.values):
            self.run(ci, pos)
        self.values.pop()
        self.spans.pop()


def _closes_with(rest: str, k: int, done: int) -> bool:
    """Whether the digits ``rest`` split into k whole parts and then a total equal to done + the parts.

    With done >= 0 the total is at least each part, so it has as many digits as the longest, which
    has at least a k-th of the parts' digits; and as the k parts (at most CLOSE_PARTS) and done add up
    to under ten times the largest of them, it has at most one digit more than that largest: only the
    total widths within both bounds are read (tests/test_glued_search.py compares the plain loop).
    """
    size = len(rest)
    longest_done = len(str(done)) if done >= 0 else MAX_INT_DIGITS
    for width in range(1, min(size - k, MAX_INT_DIGITS) + 1):
        parts = size - width
        if done >= 0 and (width * k < parts or width > max(parts - k + 1, longest_done) + 1):
            continue
        total = rest[parts:]
        if _whole(total) and _sums_to(rest[:parts], k, int(total) - done):
            return True
    return False


def split_chunks(
    chunks: Sequence[Chunk],
    kinds: Sequence[ColumnKind],
    prune: Prune | None = None,
    sums: Sequence[SumRule] = (),
    prune_at: Collection[int] | None = None,
) -> tuple[list[Split], bool]:
    """All splits of ``chunks`` into exactly ``len(kinds)`` numbers.

    Returns the splits that pass ``prune`` (called after each value with the
    values so far) and whether the search was complete (False when a bound on
    nodes or candidates cut it short).  ``prune_at``: the only indices of the
    value just placed at which ``prune`` can return False, when known.
    """
    search = _Search(chunks, kinds, prune or (lambda _values: True), sums, prune_at if prune else None)
    if chunks:
        search.run(0, 0)
    complete = search.nodes <= MAX_NODES and len(search.found) < MAX_CANDIDATES
    return search.found, complete
