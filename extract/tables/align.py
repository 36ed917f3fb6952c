"""Place a row's numbers when the grid's cells do not say which column each is.

Converters that rebuild a ruled PDF's table from text positions (markitdown,
over pdfminer) put two neighbouring columns in one cell ('| 95 0 | 0 0 | 95 |')
and add blank cells where no column is (issue 12, shape 1).  The row's
numbers are still in reading order, so they are read as a sequence:

- as many numbers as the template has columns: each goes to its column in
  order, and the warning says which cells were split;
- fewer numbers: the blank cells' places are unknown.  Every way of putting
  the blanks back is tried, and only readings whose row sums are all
  evaluated and hold are kept.  Never by order alone: with no reading so
  confirmed the row is left out, and several are settled by the column checks
  or left out too (rebuild.py).

Every placement made here carries a warning naming the row and the evidence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from docstruct.extract.checks import TOLERANCE, format_number
from docstruct.extract.tables.glued import Chunk, ColumnKind, Split
from docstruct.extract.tables.values import DIGITS, to_number

# Index lists of one row rule: values[lhs] summed equals values[rhs] summed.
RowRule = tuple[list[int], list[int]]
# Ways of putting the blanks back that are tried for one row (C(15, 7) = 6435
# for table 四's 15 values; table 三's 7 columns need at most 35).
MAX_PLACEMENTS = 10_000


@dataclass(frozen=True)
class Aligned:
    """A row read as a sequence: its candidate readings, how, and what to warn."""

    chunks: tuple[Chunk, ...]
    splits: tuple[Split, ...]
    how: str
    evidence: str
    # placements no row sum judges (a blank in every rule): blank_columns.py may settle them
    open: tuple[Split, ...] = ()


def _value(chunk: Chunk) -> int | float | None:
    return chunk.value if chunk.fixed else to_number(chunk.text)


def rules_hold(values: Sequence[int | float | None], rules: Sequence[RowRule]) -> bool:
    """Every row rule is evaluated (no blank in it) and holds."""
    if not rules:
        return False
    for lhs, rhs in rules:
        left = [values[i] for i in lhs]
        right = [values[i] for i in rhs]
        if any(v is None for v in left + right):
            return False
        if abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) > TOLERANCE:
            return False
    return True


def fails(values: Sequence[int | float | None], rules: Sequence[RowRule]) -> bool:
    """Some row rule fails: with no blank in it, it does not hold; with blanks on one side only, the
    other side is already smaller than the known part of this one.

    A blank cell hides a count, never a negative one: the row rules are totals of counts (tables 三
    and 四, whose columns are unsigned), so '总计 0' beside parts 105 and 43 fails whatever the blank
    holds, while a blank 总计 leaves the rule open.
    """
    for lhs, rhs in rules:
        left = [values[i] for i in lhs]
        right = [values[i] for i in rhs]
        if None not in left and None not in right:
            if not rules_hold(values, [(lhs, rhs)]):
                return True
            continue
        for whole, part in ((left, right), (right, left)):
            if None not in whole and None in part:
                known = sum(v for v in part if v is not None)
                if sum(v for v in whole if v is not None) < known - TOLERANCE:
                    return True
    return False


def rule_text(values: Sequence[int | float | None], rules: Sequence[RowRule], columns: Sequence[str]) -> str:
    """'total 148 = 105+43+0+0+0+0' for each rule, with ✓ or ✗."""
    out = []
    for lhs, rhs in rules:
        left = [values[i] for i in lhs]
        right = [values[i] for i in rhs]
        if any(v is None for v in left + right):
            continue
        ok = abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) <= TOLERANCE
        names = "+".join(columns[i] for i in lhs)
        lsum = "+".join(format_number(v) for v in left if v is not None)
        rsum = "+".join(format_number(v) for v in right if v is not None)
        out.append(f"{names} {lsum} = {rsum} {'✓' if ok else '✗'}")
    return "; ".join(out)


def place(chunks: Sequence[Chunk], values: Sequence[int | float | None], slots: Sequence[int], n: int) -> Split:
    """A reading with the numbers in ``slots`` and blank cells elsewhere (spans at the next number)."""
    spans: list[tuple[int, int]] = []
    full: list[int | float | None] = [None] * n
    taken = dict(zip(slots, range(len(chunks)), strict=True))
    anchor = chunks[0].start if chunks else 0
    for col in range(n):
        k = taken.get(col)
        if k is None:
            spans.append((anchor, anchor))
            continue
        full[col] = values[k]
        anchor = chunks[k].start
        spans.append((anchor, anchor + len(chunks[k].text)))
    return Split(tuple(full), tuple(spans))


def is_unaligned(chunks: Sequence[Chunk], n: int) -> bool:
    """Whether the row's cells cannot be taken as its columns.

    A cell holding several numbers (merged columns), or more cells (or
    empty lines) than columns with a number among those past the last
    column (blank cells where no column is: taking the first n would drop a
    number).
    """
    filled = [c for c in chunks if c.text != ""]
    if any(c.merged for c in filled):
        return True
    hard = [c for c in chunks if not c.soft]
    if len(filled) < n <= len(hard):
        return any(c.text != "" for c in hard[n:])
    if not len(filled) < n <= len(chunks):
        return False
    # Empty lines taken as blank cells.  pymupdf4llm writes a one-cell-per-line PDF as paragraphs,
    # an empty line after each, some values reflowed onto one line ('5、要求…' / '' / '1 0 0 0 0 0' / '',
    # '3' / '' / '1' / '' / '- 0', tests/converted/pymupdf4llm_pdf): the empty lines separate
    # paragraphs, and taking the first n as cells would drop numbers or put a blank in the first
    # column.  Only where every value stands alone on its line may an empty line be a cell.
    return any(c.text != "" for c in chunks[n:]) or any(c.shares_line for c in filled)


def align_sequence(chunks: Sequence[Chunk], columns: Sequence[str], rules: Sequence[RowRule]) -> Aligned | None:
    """The readings of an unaligned row: its numbers in order, blanks placed only where the sums say.

    None for a row holding a glued run ('801000081'): the digit search reads it.
    """
    n = len(columns)
    filled = tuple(c for c in chunks if c.text != "")
    if not all(c.fixed or DIGITS.match(c.text) for c in filled):
        return None
    values = [_value(c) for c in filled]
    merged = sorted({c.merged for c in filled if c.merged})
    shown = " ".join(c.text for c in filled)
    what = f"cells do not line up with the {n} columns" if not merged else "neighbouring columns share a cell"
    if len(filled) > n:
        return Aligned(filled, (), f"{what}; {len(filled)} numbers for {n} columns", "")
    if len(filled) == n:
        split = place(filled, values, range(n), n)
        check = rule_text(split.values, rules, columns)
        cells = ", ".join(f"'{m}'" for m in merged)
        where = f" ({cells})" if cells else ""
        evidence = f"{what}{where}; '{shown}' read in order: {n} numbers for {n} columns"
        evidence += f"; {check}" if check else ""
        return Aligned(filled, (split,), f"{what}; split by the column count", evidence)
    found, unjudged = [], []
    for slots in itertools.islice(itertools.combinations(range(n), len(filled)), MAX_PLACEMENTS):
        split = place(filled, values, slots, n)
        if rules_hold(split.values, rules):
            found.append(split)
        elif not fails(split.values, rules):
            unjudged.append(split)
    how = f"{what}; {len(filled)} numbers for {n} columns"
    if not found and (lead := lead_blank(chunks, n)) is not None and not fails(lead.values, rules):
        evidence = f"{what}; '{lead_shape(chunks)}': {LEAD_BLANK_WHY.format(k=len(filled), n=n, col=columns[0])}"
        check = rule_text(lead.values, rules, columns)
        evidence += f" ({check})" if check else ""
        placed = f"{how}; blank cells placed by the cells: one blank, one of {len(filled)}"
        return Aligned(filled, (lead,), placed, evidence)
    if not found:
        why = f"{how}; no placement of the blank cells is confirmed by the row sums"
        return Aligned(filled, (), why, "", tuple(unjudged))
    evidence = f"{what}; '{shown}': {len(filled)} numbers for {n} columns, blank cells placed where the row sums hold"
    if len(found) == 1:
        evidence += f" ({rule_text(found[0].values, rules, columns)})"
    return Aligned(filled, tuple(found), f"{how}; blank cells placed by the row sums", evidence)


LEAD_BLANK_WHY = (
    "one blank cell, then one cell whose {k} numbers fill the other {k} of the {n} columns exactly: "
    "the blank read as column {col!r}, no label or row sum confirms it"
)


def _row_line(chunks: Sequence[Chunk]) -> list[Chunk] | None:
    """The grid cells of the row's own line: from its first cell to the empty line after its numbers."""
    rest = list(itertools.dropwhile(lambda c: c.soft, chunks))
    if not rest or rest[0].soft:
        return None
    line = list(itertools.takewhile(lambda c: not c.soft, rest))
    tail = rest[len(line) :]
    return line if all(c.text == "" for c in tail) else None


def lead_blank(chunks: Sequence[Chunk], n: int) -> Split | None:
    """The reading of a row whose line is one blank cell, then one cell holding n-1 numbers ('|  | 0 940 |').

    Columns collapse: a converter or an OCR transcription writes the last two values in one cell
    (real-world-variations.md 'Converted and transcribed reports': three values in two cells; generated
    md_converter/md_ocr f073, f082, f150).  A blank cell before merged numbers is no proof by itself
    that the first column is blank (markitdown adds blank cells where no column is, 28052b7:
    '|  | 29 0 | 0 0 | 0 0 | 29 |', tests/converted/markitdown_pdf), but those rows hold more cells than
    columns.  Here the cells account for every column exactly: the blank cell one, the merged cell the
    other n-1, in order; a blank taken as no column would leave a column with neither a cell nor a
    number.  A blank cell after the merged one, the line still no wider than the columns, is the cell the
    second number spilled into (a pipe table pads a short row at its end: '| 行政许可 |  | 0 940 |  |').
    Any other shape (a blank between the numbers, more cells than columns, a number on another line)
    is None: the row sums or nothing place it.
    """
    line = _row_line(chunks)
    if n < 3 or line is None or len(line) > n + 1:
        return None
    head, body = line[0], line[1:]
    numbers = [c for c in body if c.text != ""]
    if head.text != "" or not head.fixed or len(numbers) != n - 1 or body[: n - 1] != numbers:
        return None
    cell = numbers[0].merged  # one cell's text: its pieces are exactly these numbers, not two cells alike
    if len(cell.split()) != n - 1 or any(c.merged != cell for c in numbers):
        return None
    cells = 2 + sum(1 for c in body[n - 1 :])
    if cells > n:
        return None
    return place(numbers, [_value(c) for c in numbers], range(1, n), n)


def lead_shape(chunks: Sequence[Chunk]) -> str:
    """The row's line as cells, for the warning ('|  | 0 940 |')."""
    line = _row_line(chunks) or []
    cells, seen = [], set()
    for c in line:
        if c.merged and c.merged in seen:
            continue
        seen.add(c.merged)
        cells.append(c.merged or c.text)
    return "| " + " | ".join(cells) + " |"


# Numbers one row may hold for the repeat search below (a span over table 四's 15 columns at most).
MAX_REPEAT_NUMBERS = 30
# A part of a number cut off by a converter: digits with a leading zero ('11 03', '13 08'), which
# no cell prints on its own (spaced.py reads the same shape as glued cells).
_CUT_TAIL = re.compile(r"^0\d+$")


Reading = tuple[int | float | None, ...]


def _run_readings(
    filled: Sequence[Chunk], values: Sequence[int | float | None], n: int, together: Callable[[int, int], bool]
) -> list[tuple[Reading, tuple[int, ...]]]:
    """The readings of every cut of ``filled`` into ``n`` runs of one printed value, each run standing
    together; with the first cut (runs' first indexes) that gives each.  At most two readings: a second
    one is enough to refuse.

    Counted per (position, runs used), not per cut: a table-四 sequence of 30 zeros has C(29, 14) cuts
    into 15 runs, and listing them took 32 s on a 10 KB page (bench.fuzz --seed 9 md mutant 293).
    """
    size = len(filled)

    @cache
    def readings(at: int, k: int) -> tuple[tuple[Reading, tuple[int, ...]], ...]:
        if k == n:
            return (((), ()),) if at == size else ()
        found: dict[Reading, tuple[int, ...]] = {}
        end = at + 1
        while True:
            if together(at, end):
                for rest, firsts in readings(end, k + 1):
                    found.setdefault((values[at], *rest), (at, *firsts))
                    if len(found) > 1:
                        return tuple(found.items())
            if end >= size or filled[end].text != filled[at].text:
                return tuple(found.items())
            end += 1

    return list(readings(0, 0))


def _repeated(
    chunks: Sequence[Chunk],
    filled: Sequence[Chunk],
    values: Sequence[int | float | None],
    columns: Sequence[str],
    rules: Sequence[RowRule],
) -> Aligned | None:
    """More numbers than columns, each column's number printed over again: a spanned cell written once per
    column it covers (docling repeats a merged cell's text, issue 12 shape 4; a flattened page keeps the
    copies: '行政处罚 159 159 159' under one 本年处理决定数量 column, seed-4242 docling_html f003)."""
    n = len(columns)
    # a piece with a leading zero is no value of its own but the tail of a cut number (_cut): '277 3 3 084'
    # is 277 | 3 | 3084, not 277 | 3 | 84 with the 3 repeated (seed 9191 docling_html f022, a wrong value)
    if len(filled) > MAX_REPEAT_NUMBERS or any(_CUT_TAIL.match(c.text) for c in filled):
        return None
    together = cache(lambda a, b: _together(chunks, filled[a:b]))
    found = _run_readings(filled, values, n, together)
    if len(found) != 1:
        return None
    cut = found[0][1]
    split = place([filled[i] for i in cut], [values[i] for i in cut], range(n), n)
    if fails(split.values, rules):
        return None
    shown = " ".join(c.text for c in filled)
    evidence = (
        f"'{shown}': {len(filled)} numbers for {n} columns, each column's number repeated as a converter "
        "writes a merged cell once per column it spans; read once per column"
    )
    check = rule_text(split.values, rules, columns)
    return Aligned(
        tuple(filled),
        (split,),
        "a spanned cell's value repeated; read once",
        evidence + (f"; {check}" if check else ""),
    )


_HEAD = re.compile(r"^-?[1-9]\d*$")


def _group_split(groups: Sequence[Sequence[Chunk]], n: int) -> Split:
    """The reading that takes each group of pieces (one number, or one cut in pieces) as one cell."""
    values: list[int | float | None] = []
    spans: list[tuple[int, int]] = []
    for group in groups:
        first, last = group[0], group[-1]
        values.append(_value(first) if len(group) == 1 else to_number("".join(c.text for c in group)))
        spans.append((first.start, last.start + len(last.text)))
    return Split(tuple(values), tuple(spans)) if len(values) == n else Split((), ())


def _joinable(chunks: Sequence[Chunk], head: Sequence[Chunk], tail: Chunk) -> bool:
    """Whether ``tail`` may continue the number whose pieces are ``head``: digits after an integer, together."""
    text = "".join(c.text for c in head)
    return (
        not tail.fixed
        and not any(c.fixed for c in head)
        and bool(_HEAD.match(text))
        and DIGITS.match(text + tail.text) is not None
        and _together(chunks, [*head, tail])
    )


def _cut(
    chunks: Sequence[Chunk], filled: Sequence[Chunk], columns: Sequence[str], rules: Sequence[RowRule]
) -> Aligned | None:
    """More numbers than columns because numbers were cut in two by a converter ('11 03': docling puts a
    space between the inline runs of one cell, '<span>11</span>03').  A piece with a leading zero ('03',
    '084') is no cell of its own and joins the number before it; one more cut is joined only where the row
    sums then hold, and hold for no other join (seed-4242 docling_html f009: total 1103; seed-6161 f012:
    '1 055 … 14 32', 1055 and 1432)."""
    n = len(columns)
    groups: list[list[Chunk]] = []
    whys: list[str] = []
    for chunk in filled:
        if groups and _CUT_TAIL.match(chunk.text) and _joinable(chunks, groups[-1], chunk):
            whys.append(f"'{chunk.text}' has a leading zero no cell prints")
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    if len(groups) == n + 1:
        found = []
        for i in range(n):
            if not _joinable(chunks, groups[i], groups[i + 1][0]) or len(groups[i + 1]) > 1:
                continue
            trial = [*groups[:i], groups[i] + groups[i + 1], *groups[i + 2 :]]
            split = _group_split(trial, n)
            if rules_hold(split.values, rules):
                found.append((trial, rule_text(split.values, rules, columns)))
        if len(found) != 1:
            return None
        groups = found[0][0]
        whys.append(f"the row sums hold for this join alone ({found[0][1]})")
    if len(groups) != n or not whys:
        return None
    split = _group_split(groups, n)
    if fails(split.values, rules):
        return None
    joins = ", ".join(
        f"'{' '.join(c.text for c in g)}' read as {''.join(c.text for c in g)}" for g in groups if len(g) > 1
    )
    shown = " ".join(c.text for c in filled)
    evidence = f"'{shown}': {len(filled)} numbers for {n} columns, numbers cut in pieces; {joins}: {'; '.join(whys)}"
    return Aligned(tuple(filled), (split,), "a number cut in two; joined", evidence)


def align_surplus(
    chunks: Sequence[Chunk], columns: Sequence[str], rules: Sequence[RowRule], kinds: Sequence[ColumnKind] = ()
) -> Aligned | None:
    """A row with more numbers than columns, read where one reading alone explains the surplus: a spanned
    cell's value repeated, or one number cut in two.  None otherwise (the row is left out).  ``kinds``:
    what each column may hold (a sign, decimals); without them a one-column row is not joined."""
    filled = [c for c in chunks if c.text != ""]
    if len(filled) <= len(columns) or not all(c.fixed or DIGITS.match(c.text) for c in filled):
        return None
    values = [_value(c) for c in filled]
    return (
        _repeated(chunks, filled, values, columns, rules)
        or _cut(chunks, filled, columns, rules)
        or _one_column(chunks, filled, columns, kinds)
    )


# One number as a cell prints it: no leading zero before a digit, one decimal point at most.
_ONE_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _one_column(
    chunks: Sequence[Chunk], filled: Sequence[Chunk], columns: Sequence[str], kinds: Sequence[ColumnKind]
) -> Aligned | None:
    """A row of one column holding two numbers side by side, in one cell or on one line with nothing
    between: one column holds one number, so they are one number a converter cut at an inline run.

    docling's page flattened into one cell prints '行政事业性收费 1200.1 43783' for 1200.143783 and '行政许可
    2 6870' for 26870 (seed 4343 docling_html f006, f008, f014, f017, f024; seed 9696 f017): with no
    row sum in table 二 the cut was left out.  Taken only when the join reads as one number of the
    column's kind (a point only in an amount), the two stand one space apart (pandoc's '[1594.](#)9978'
    came to the tables as '1594' and '9978', the point a word's tail, seed 8585 f003), and a repeated value
    does not explain the pair (_repeated, tried first: '0 0' is a merged cell written twice).
    """
    if len(columns) != 1 or len(kinds) != 1 or len(filled) != 2 or any(c.fixed for c in filled):
        return None
    if not _together(chunks, filled):
        return None
    head, tail = filled
    if tail.start != head.start + len(head.text) + 1:
        return None  # one space between, as a converter joins two runs: a wider gap may hide a dropped '.'
    joined = head.text + tail.text
    kind = kinds[0]
    if tail.text.startswith("-") or not _ONE_NUMBER.fullmatch(joined):
        return None
    if ("." in joined and not kind.decimal) or (joined.startswith("-") and not kind.signed):
        return None
    split = Split((to_number(joined),), ((head.start, tail.start + len(tail.text)),))
    evidence = (
        f"'{head.text} {tail.text}': 2 numbers for the one column {columns[0]}, side by side; one column holds "
        f"one number, so they are one number cut in two: read as {joined}"
    )
    return Aligned(tuple(filled), (split,), "a number cut in two; joined", evidence)


def _together(chunks: Sequence[Chunk], part: Sequence[Chunk]) -> bool:
    """Whether the numbers ``part`` stand together on one line or in one cell.

    A blank cell or a line of its own between them is a cell boundary ('|政府集中采购|0||0|', then a
    page footer '1' on its own line, pymupdf4llm, tests/test_align.py): no repeat and no cut there.
    """
    if len(part) < 2:
        return True
    lo, hi = part[0].start, part[-1].start
    if any(c.text == "" and lo <= c.start <= hi for c in chunks):
        return False
    if all(c.merged and c.merged == part[0].merged for c in part):
        return True
    return all(c.shares_line and not c.merged for c in part)


def increasing_slots(columns: Sequence[int], mine: Sequence[int]) -> list[int] | None:
    """The column of each of a row's cells ``mine``, given the cells ``columns`` that a full row of the same
    grid puts the columns in: the one increasing choice, or None.

    A cell may be column k when it lies strictly between the full row's cells of columns k-1 and k+1 (its
    own cell, or a cell beside it); markitdown places a number by its x position, so over an unruled PDF a
    narrow '0' and a wide '2（含自然失效1件）' of one column land one cell apart (seed 2121 markitdown
    f002: 规章's '0 | 0' in cells 7 and 9 under a full row's 4, 6 and 9; seed 5252 f011).  A cell that
    is a full row's own cell can be only its column, so exact rows read as before; where two orders fit,
    nothing is placed.  Not for the header words' cells: tried there (a row with no full sibling, seed 4343
    markitdown f010) it put 59 wrong values on pymupdf4llm's seeds 6363 and 4343, a header word being wide
    and centred where a number is not.
    """
    edges = [-1, *columns, max(columns[-1], *mine) + 1]

    def may(cell: int, k: int) -> bool:
        return edges[k] < cell < edges[k + 2]

    fits = [
        list(pick)
        for pick in itertools.combinations(range(len(columns)), len(mine))
        if all(may(cell, k) for cell, k in zip(mine, pick, strict=True))
    ]
    return fits[0] if len(fits) == 1 else None
