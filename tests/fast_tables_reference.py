"""The tables stage's code as it was before its hot paths were reshaped (main at 2873c77), the long way.

tests/test_fast_tables.py compares the shortcuts with these: the same splits found after the same
search nodes, the same chunks, the same checks.  Kept as the base commit wrote them, names aside;
nothing in the package imports this.  Pure helpers the change left as they were (`_whole`, `_cell`)
are imported; a function whose body is unchanged but calls a changed one (`_closes_with`,
`check_table`) stays here, bound to the old callee.
"""
# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from docstruct.extract.checks import TOLERANCE, _cell, expected_result_rows, format_number
from docstruct.extract.model import Check
from docstruct.extract.stream import ROW
from docstruct.extract.tables.glued import (
    CLOSE_PARTS,
    MAX_CANDIDATES,
    MAX_CHARS_PER_VALUE,
    MAX_NODES,
    _POW10,
    Chunk,
    ColumnKind,
    Number,
    Prune,
    Split,
    SumRule,
    _digits,
    _number_ends,
    _whole,
)
from docstruct.extract.tables.match import _cell_bounded, _iter_pieces, _piece_chunks, _sentence_line
from docstruct.extract.tables.values import MAX_INT_DIGITS
from docstruct.extract.templates import TableSpec

Grid = Mapping[str, Mapping[str, Number | None]]


def _sums_to(digits: str, parts: int, need: int) -> bool:
    """Whether ``digits`` splits into ``parts`` (0 to 2) whole numbers adding up to ``need``."""
    if need < 0:
        return False
    if parts == 0:
        return digits == "" and need == 0
    if parts == 1:
        return _whole(digits) and int(digits) == need
    return any(
        _whole(digits[:cut]) and _whole(digits[cut:]) and int(digits[:cut]) + int(digits[cut:]) == need
        for cut in range(1, len(digits))
    )


class _Search:
    def __init__(
        self, chunks: Sequence[Chunk], kinds: Sequence[ColumnKind], prune: Prune, sums: Sequence[SumRule] = ()
    ) -> None:
        self.chunks = chunks
        self.kinds = kinds
        self.prune = prune
        # only rules whose parts are one run of values just before their total
        self.sums = [r for r in sums if r.parts and r.parts == tuple(range(r.parts[0], r.total))]
        # most values each chunk can still yield (a fixed chunk exactly one)
        caps = [1 if c.fixed else len(c.text) for c in chunks]
        self.after = [sum(caps[i + 1 :]) for i in range(len(chunks))]
        self.width = len(kinds)
        # the rules _room weighs with n values placed: those with parts[0] < n <= total, once per row
        self.sums_at = [[r for r in self.sums if r.parts[0] < n <= r.total] for n in range(self.width + 1)]
        # rules closing the row on whole numbers: checked exactly near their end (_closes)
        self.closing = [
            r
            for r in self.sums
            if r.total == self.width - 1 and all(kinds[i] == ColumnKind() for i in (*r.parts, r.total))
        ]
        self.found: list[Split] = []
        self.closes_known: dict[tuple[str, int, int], bool] = {}
        self.nodes = 0
        self.values: list[Number | None] = []
        self.spans: list[tuple[int, int]] = []

    def run(self, ci: int, pos: int) -> None:
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
        if not self._room(n, chunk, ci, pos):
            return
        if chunk.fixed:
            self.step(chunk.value, (chunk.start, chunk.start + len(chunk.text)), ci + 1, 0)
            return
        text, start = chunk.text, chunk.start
        size = len(text)
        spans, prune = self.spans, self.prune
        # self.step inlined (the search's innermost loop): the same order of values, prunes and visits
        for end in _number_ends(text, pos, self.kinds[n], n == width - 1):
            piece = text[pos:end]
            # a piece _number_ends cut: digits, at most a sign and a point, never a comma nor
            # MAX_READ_DIGITS long, so to_number's int/float is read directly
            values.append(float(piece) if "." in piece else int(piece))
            spans.append((start + pos, start + end))
            if prune(values):
                if end == size:
                    self.run(ci + 1, 0)
                else:
                    self.run(ci, end)
            values.pop()
            spans.pop()

    def _room(self, n: int, chunk: Chunk, ci: int, pos: int) -> bool:
        """Whether the characters left can still hold the values left."""
        left = (1 if chunk.fixed else len(chunk.text) - pos) + self.after[ci]
        needed = self.width - n
        if left < needed or left > needed * MAX_CHARS_PER_VALUE:
            return False
        for rule in self.sums_at[n]:
            placed = [v for v in self.values[rule.parts[0] : n] if v is not None]
            # the total is at most this many digits: what is left after one
            # character for each value still to place before it
            room = left - (rule.total - n)
            if sum(placed) >= (_POW10[room] if room < len(_POW10) else 10**room):
                return False
            # with no negative part, a sum under 10**room has no part longer than room digits:
            # the parts' lengths are read only when one is negative
            if placed and min(placed) < 0 and room < max(map(_digits, placed)):
                return False
        if self.closing and ci == len(self.chunks) - 1 and not chunk.fixed:
            return all(self._closes(rule, n, chunk.text[pos:]) for rule in self.closing)
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
        if not all(type(v) is int for v in placed):
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
    """Whether the digits ``rest`` split into k whole parts and then a total equal to done + the parts."""
    size = len(rest)
    for width in range(1, min(size - k, MAX_INT_DIGITS) + 1):
        total = rest[size - width :]
        if _whole(total) and _sums_to(rest[: size - width], k, int(total) - done):
            return True
    return False




def split_chunks(chunks, kinds, prune=None, sums=()):
    """The plain search: (splits, complete, nodes visited)."""
    search = _Search(chunks, kinds, prune or (lambda _values: True), sums)
    if chunks:
        search.run(0, 0)
    complete = search.nodes <= MAX_NODES and len(search.found) < MAX_CANDIDATES
    return search.found, complete, search.nodes


def _without_noise(ptext: str, noise: re.Pattern[str]) -> str:
    return noise.sub(lambda m: " " * len(m.group()), ptext)


def region_chunks(
    text: str,
    start: int,
    end: int,
    noise: re.Pattern[str],
    blanks: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
    ocr_cells: frozenset[int] = frozenset(),
) -> tuple[list[Chunk], list[tuple[int, str]]]:
    """The value tokens of text[start:end]: cells, numbers, glued runs, blanks.

    Header words (信息内容, 本年增/减 …) are dropped first; an empty piece
    between two cell boundaries is a blank cell, but the leftovers of the
    label's own cell at either end are not.  An OCR-read grid cell after the
    row's first value, in the same grid row, that reads as no value is a null
    cell of its own.
    """
    pieces = list(_iter_pieces(text, start, end))
    chunks: list[Chunk] = []
    units: list[tuple[int, str]] = []
    last = len(pieces) - 1
    for idx, (ptext, pstart) in enumerate(pieces):
        if _sentence_line(text, ptext, pstart):
            continue  # narrative between a table's rows is no row's values (issue 12 shape 7)
        clean = _without_noise(ptext, noise)
        if not clean.strip():
            if not ptext.strip() and 0 < idx < last:
                soft_set, hard_set = blanks
                sure = pstart in hard_set or (_cell_bounded(text, pstart, len(ptext)) and pstart not in soft_set)
                soft = not sure
                chunks.append(Chunk("", pstart, fixed=True, value=None, soft=soft))
            continue
        before = len(chunks)
        _piece_chunks(clean, pstart, chunks, units)
        if len(chunks) == before and chunks and idx < last and pstart in ocr_cells \
                and ROW not in text[chunks[0].start:pstart]:
            # an OCR grid cell after the row's first value that reads as no value is still that column's cell:
            # dropped, every later value would move one column left with no warning (seed 1313 f012, noisy
            # 200 dpi scan: OCR read the '1' of 商业企业 as '一', and the total landed under 其他)
            chunks.append(Chunk(" ".join(clean.split()), pstart, fixed=True, value=None, no_value=True))
            continue
        if len(chunks) - before > 1 and _cell_bounded(text, pstart, len(ptext)):
            # several numbers in one grid cell: merged columns (align.py)
            chunks[before:] = [replace(c, merged=" ".join(ptext.split())) for c in chunks[before:]]
        elif len(chunks) - before > 1:
            chunks[before:] = [replace(c, shares_line=True) for c in chunks[before:]]
    return chunks, units



def _equation(rule: str, lhs: list[tuple[str, Number | None]], rhs: list[tuple[str, Number | None]]) -> Check:
    missing = [name for name, v in lhs + rhs if v is None]
    names = " + ".join(n for n, _ in lhs) + " = " + " + ".join(n for n, _ in rhs)
    if missing:
        return Check(rule, None, f"skipped: {', '.join(missing)} missing or blank ({names})")
    left = sum(v for _, v in lhs if v is not None)
    right = sum(v for _, v in rhs if v is not None)
    ok = abs(left - right) <= TOLERANCE
    sign = "=" if ok else "≠"
    expr = " + ".join(format_number(v) for _, v in lhs if v is not None) + f" {sign} " + " + ".join(
        format_number(v) for _, v in rhs if v is not None
    )
    detail = expr if ok else f"{expr} ({names}: {format_number(left)} ≠ {format_number(right)})"
    return Check(rule, ok, detail)


def _rule_checks(spec: TableSpec, rule: Mapping[str, Any], grid: Grid) -> list[Check]:
    present = list(grid)
    out: list[Check] = []
    if rule["over"] == "columns":
        rhs_rows = expected_result_rows(spec, present) if rule["rhs"] == "@result" else rule["rhs"]
        for col in spec.columns:
            lhs = [(r, _cell(grid, r, col)) for r in rule["lhs"]]
            rhs = [(r, _cell(grid, r, col)) for r in rhs_rows]
            out.append(_equation(rule["rule"].format(col=col), lhs, rhs))
        return out
    for row in spec.rows:
        if row.id is None or row.id not in grid:
            continue
        if not all(c in row.columns for c in rule["lhs"] + rule["rhs"]):
            continue
        lhs = [(c, _cell(grid, row.id, c)) for c in rule["lhs"]]
        rhs = [(c, _cell(grid, row.id, c)) for c in rule["rhs"]]
        out.append(_equation(rule["rule"].format(row=row.id), lhs, rhs))
    return out


def check_table(spec: TableSpec, grid: Grid) -> list[Check]:
    """Every rule of ``spec`` evaluated on ``grid`` (row -> column -> value)."""
    if not grid:
        return []
    out: list[Check] = []
    for rule in spec.checks:
        try:
            out.extend(_rule_checks(spec, rule, grid))
        except (KeyError, TypeError, ValueError) as exc:  # a malformed rule is data, not a crash
            out.append(Check(str(rule.get("rule", "?")), None, f"skipped: rule could not be evaluated ({exc})"))
    return out


def column_scorer(spec: TableSpec, present: Sequence[str]) -> Callable[[Grid], int]:
    """How many column-wise equations hold on a grid: the evidence for joint resolution.

    The rules are turned into row lists once; scoring is plain arithmetic,
    since it runs for every combination of ambiguous rows.
    """
    rules: list[tuple[list[str], list[str]]] = []
    for rule in spec.checks:
        if rule["over"] == "columns":
            rhs = expected_result_rows(spec, present) if rule["rhs"] == "@result" else list(rule["rhs"])
            rules.append((list(rule["lhs"]), rhs))
    columns = spec.columns

    def score(grid: Grid) -> int:
        held = 0
        for lhs, rhs in rules:
            for col in columns:
                left = [_cell(grid, r, col) for r in lhs]
                right = [_cell(grid, r, col) for r in rhs]
                if None in left or None in right:
                    continue
                if abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) <= TOLERANCE:
                    held += 1
        return held

    return score
