"""Find a template table's row labels in the stream and read each row's values.

Rows are found by their labels, in template order, never by counting numbers
(real-world-variations.md 'Hybrid': counting 175 = 25x7 shifts every later row
when a report mixes versions).  Each found row yields its candidate splits;
choosing among several is left to ``resolve``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from docstruct.extract.checks import TOLERANCE
from docstruct.extract.stream import CELL, ROW, Stream
from docstruct.extract.tables.align import RowRule, align_sequence, align_surplus, is_unaligned
from docstruct.extract.tables.glued import Chunk, ColumnKind, Prune, Split, SumRule, chunk_with, new_chunk, split_chunks
from docstruct.extract.tables.noise import without_noise
from docstruct.extract.tables.values import DIGITS, parse_cell, to_number
from docstruct.extract.templates import RowSpec, TableSpec

# A later row whose label is at least this long and is found before an earlier
# row's match means the earlier row is absent: short labels ('其他', '总计',
# '规章') also occur in headers and narrative (applications.json '其他').
LOOKAHEAD_ROWS = 3
STRONG_LABEL_CHARS = 4
# A row with this many distinct header words is a header row (商业企业 | 科研机构 | … | 其他 | 总计).
MIN_HEADER_ROW_WORDS = 3
# Longest header word of a template table ('未经复议直接起诉', '法人或其他组织'), with slack for spaces.
MAX_HEADER_WORD_CHARS = 16
_SEPS = re.compile(f"[{CELL}{ROW}]")
# A glued run with a unit after it: '39573802895.90元' (r07, 政府集中采购)
_GLUED = re.compile(r"^(-?[\d.,-]*\d)(万元|元)?$")
_RUN = re.compile(r"(-?\d[\d.]*\d|\d)(万元|元)?")
# A word, or a number with its annotation riding along, spaces inside the
# brackets and all ('22(其中修订 16 件)', real-world-variations.md 'Cell values')
_WORD = re.compile(r"[^\s(]*\([^()]*\)\S*|\S+")
_SLASHES = re.compile(r"^/{2,}$")
# A label's number in a sentence: up to a few words, the number, a count word ('处理决定3956件')
_COUNTED = re.compile(r"[\u4e00-\u9fff]{0,6}?\s*\d+\s*(?:件|个|项|条|篇|次|人次)")
# Shorter lines are labels or notes, not sentences ('共3件', '其中：').
MIN_SENTENCE_CHARS = 8
_SENTENCE_PUNCT = re.compile(r"[，。；,;]")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True)
class Hit:
    """Where a row label was found in the stream."""

    spec: RowSpec
    start: int
    end: int


@dataclass(frozen=True)
class RowRead:
    """One row as read: its label hit, tokens, candidate splits, and how."""

    hit: Hit
    chunks: tuple[Chunk, ...]
    splits: tuple[Split, ...]
    how: str
    complete: bool = True
    units: tuple[tuple[int, str], ...] = ()  # (chunk end, unit) for raw text
    # a placement no label forced (align.py, pairing.py): the evidence, for a
    # warning; such a row is never guessed among several readings
    placed: str = ""
    # placements no row sum judges, for the column checks to settle (align.py, blank_columns.py)
    open: tuple[Split, ...] = ()


def find_hits(text: str, spec: TableSpec, start: int, end: int) -> list[Hit]:
    """Every row label of ``spec`` in text[start:end], in template order."""
    hits: list[Hit] = []
    cursor = start
    rows = spec.rows
    for i, row in enumerate(rows):
        m = row.pattern.search(text, cursor, end)
        while m is not None and (
            _header_cell(text, spec, m.start(), m.end())
            or _in_label(text, spec, row, m)
            or (in_sentence(text, m.start(), m.end()) and _table_row_after(text, row, m.end(), end))
        ):
            m = row.pattern.search(text, m.end(), end)
        if m is None:
            continue
        if _overtaken(text, rows[i + 1 : i + 1 + LOOKAHEAD_ROWS], cursor, end, m.start()):
            continue
        hits.append(Hit(row, m.start(), m.end()))
        cursor = m.end()
    return hits


def in_sentence(text: str, start: int, end: int) -> bool:
    """Whether the label at text[start:end] is named in a sentence, not a table row.

    '本年度制发行政规范性文件0件，废止0件，现行有效12件' (issue 12 shape 7): the
    number after the label carries a count word (件, 个 …), the line holds no
    cell boundary, and it has a sentence's punctuation.  A table row prints
    bare numbers in cells ('行政规范性文件 | 7 | 0 | 54').
    """
    row_start = text.rfind(ROW, 0, start) + 1
    row_end = text.find(ROW, end)
    line = text[row_start : len(text) if row_end < 0 else row_end]
    if CELL in line or not _SENTENCE_PUNCT.search(line):
        return False
    return _COUNTED.match(text, end, len(text) if row_end < 0 else row_end) is not None


def _table_row_after(text: str, row: RowSpec, start: int, end: int) -> bool:
    """A later match of ``row`` that is no sentence: the table's row wins over the narrative's."""
    return any(not in_sentence(text, m.start(), m.end()) for m in row.pattern.finditer(text, start, end))


def _header_cell(text: str, spec: TableSpec, start: int, end: int) -> bool:
    """A short label ('其他', '总计') inside a header word, or standing as a whole cell in a row of header words.

    A page's numbers table repeats the column header after the labels table
    (markdown from a converter); its '其他' and '总计' are no row labels.
    """
    if end - start >= STRONG_LABEL_CHARS or any(ch.isdigit() or ch in "()" for ch in text[start:end]):
        return False
    lo = max(0, start - MAX_HEADER_WORD_CHARS)
    for m in spec.header.finditer(text, lo, min(len(text), end + MAX_HEADER_WORD_CHARS)):
        if m.start() <= start and end <= m.end() and m.end() - m.start() > end - start:
            return True  # inside a longer header word ('法人或其他组织')
    before = text[start - 1] if start > 0 else ROW
    after = text[end] if end < len(text) else ROW
    if before not in (CELL, ROW) or after not in (CELL, ROW):
        return False
    row_start = text.rfind(ROW, 0, start) + 1
    row_end = text.find(ROW, end)
    row_end = len(text) if row_end < 0 else row_end
    words = {m.group() for m in spec.header.finditer(text, row_start, row_end)}
    return len(words) >= MIN_HEADER_ROW_WORDS


def _in_label(text: str, spec: TableSpec, row: RowSpec, m: re.Match[str]) -> bool:
    """A short label inside another row's longer label ('其他' in '(六)其他处理', repeated by docling)."""
    start, end = m.start(), m.end()
    if end - start >= STRONG_LABEL_CHARS:
        return False
    lo, hi = max(0, start - MAX_HEADER_WORD_CHARS), min(len(text), end + MAX_HEADER_WORD_CHARS)
    for other in spec.rows:
        if other is row:
            continue
        for o in other.pattern.finditer(text, lo, hi):
            if o.start() <= start and end <= o.end() and o.end() - o.start() > end - start:
                return True
    return False


def _overtaken(text: str, later: Sequence[RowSpec], cursor: int, end: int, pos: int) -> bool:
    """A later row's strong label before ``pos``, other than in the same cell.

    A converter joins a vertical group label into the first row's cell
    ('一、二、三、本年度办理结果本年新收政府信息公开申请数量', pymupdf4llm, issue 12):
    the heading there does not mean the row before it is absent, nor does a
    label named in a sentence before the table.
    """
    for row in later:
        for m in row.pattern.finditer(text, cursor, pos):
            strong = m.end() - m.start() >= STRONG_LABEL_CHARS
            if strong and _SEPS.search(text, m.end(), pos) and not in_sentence(text, m.start(), m.end()):
                return True
    return False


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
    pieces = _pieces(text, start, end)
    chunks: list[Chunk] = []
    units: list[tuple[int, str]] = []
    last = len(pieces) - 1
    for idx, (ptext, pstart) in enumerate(pieces):
        # (a piece shorter than a sentence is none: _sentence_line's first test, before the call)
        if len(ptext) >= MIN_SENTENCE_CHARS and _sentence_line(text, ptext, pstart):
            continue  # narrative between a table's rows is no row's values (issue 12 shape 7)
        clean = without_noise(ptext, noise)
        stripped = clean.strip()
        if not stripped:
            if not ptext.strip() and 0 < idx < last:
                chunks.append(_blank_cell(text, ptext, pstart, blanks))
            continue
        if stripped.isascii() and stripped.isdigit():
            # _piece_chunks' first case (most pieces): one chunk, so none of the tests below applies
            chunks.append(new_chunk(stripped, pstart + len(clean) - len(clean.lstrip())))
            continue
        before = len(chunks)
        _piece_chunks(clean, pstart, chunks, units)
        if len(chunks) == before and chunks and idx < last and pstart in ocr_cells \
                and ROW not in text[chunks[0].start:pstart]:
            # an OCR grid cell after the row's first value that reads as no value is still that column's cell:
            # dropped, every later value would move one column left with no warning (seed 1313 f012, noisy
            # 200 dpi scan: OCR read the '1' of 商业企业 as '一', and the total landed under 其他)
            chunks.append(new_chunk(" ".join(clean.split()), pstart, fixed=True, value=None, no_value=True))
            continue
        if len(chunks) - before > 1 and _cell_bounded(text, pstart, len(ptext)):
            # several numbers in one grid cell: merged columns (align.py)
            merged = " ".join(ptext.split())
            chunks[before:] = [chunk_with(c, merged=merged) for c in chunks[before:]]
        elif len(chunks) - before > 1:
            chunks[before:] = [chunk_with(c, shares_line=True) for c in chunks[before:]]
    return chunks, units


def _blank_cell(text: str, ptext: str, pstart: int, blanks: tuple[frozenset[int], frozenset[int]]) -> Chunk:
    soft_set, hard_set = blanks
    sure = pstart in hard_set or (_cell_bounded(text, pstart, len(ptext)) and pstart not in soft_set)
    return new_chunk("", pstart, fixed=True, value=None, soft=not sure)


_Chunked = tuple[re.Pattern[str], tuple[Chunk, ...], tuple[tuple[int, str], ...]]


def stream_chunks(
    stream: Stream, start: int, end: int, noise: re.Pattern[str]
) -> tuple[list[Chunk], list[tuple[int, str]]]:
    """region_chunks of stream.text[start:end] with the stream's blanks, remembered for this stream.

    Pairing asks whether each row region holds a value and the row read then
    tokenises the same region again (twice per row over the speed benches):
    the second time is a lookup.  The memo lives on the Stream, so it ends
    with the document; Chunk is frozen, and each caller gets its own lists.
    """
    # the pattern by identity (hashing one hashes its whole code) and held, so its id is never another's
    key = ("region_chunks", start, end, id(noise))
    got = cast(_Chunked | None, stream.memo.get(key))
    if got is None or got[0] is not noise:
        chunks, units = region_chunks(
            stream.text, start, end, noise, (stream.soft_blanks, stream.hard_blanks), stream.ocr_cells
        )
        got = stream.memo[key] = (noise, tuple(chunks), tuple(units))
    return list(got[1]), list(got[2])


def region_has_values(text: str, start: int, end: int, noise: re.Pattern[str]) -> bool:
    """Whether region_chunks(text, start, end, noise) holds a token with text, read up to the first one.

    The same pieces and tests as region_chunks, stopped early: a row's region can run over every
    line up to the next label (10,000 copies of one table row, html fuzz mutant 698, issue 18), and
    asking whether it holds a value read all of it, 60 times over for one table.
    """
    for ptext, pstart in _iter_pieces(text, start, end):
        if _sentence_line(text, ptext, pstart):
            continue
        clean = without_noise(ptext, noise)
        stripped = clean.strip()
        if not stripped:
            continue
        if stripped.isascii() and stripped.isdigit():
            return True  # _piece_chunks' first case: one chunk, this text
        chunks: list[Chunk] = []
        _piece_chunks(clean, pstart, chunks, [])
        if any(c.text for c in chunks):
            return True
    return False


def _sentence_line(text: str, ptext: str, pstart: int) -> bool:
    """A whole text line that is a sentence: it starts with a word, has a sentence's
    punctuation and a count word after a number ('本年度制发行政规范性文件0件，废止0件')."""
    t = ptext.strip()
    if len(t) < MIN_SENTENCE_CHARS or not "\u4e00" <= t[0] <= "\u9fff" or _cell_bounded(text, pstart, len(ptext)):
        return False
    return _SENTENCE_PUNCT.search(t) is not None and _COUNTED.search(t) is not None


def _cell_bounded(text: str, pstart: int, size: int) -> bool:
    """A blank piece next to '|' or a grid cell boundary is surely a cell."""
    before = text[pstart - 1] if pstart > 0 else ROW
    after = text[pstart + size] if pstart + size < len(text) else ROW
    return CELL in (before, after)


def _pieces(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """_iter_pieces as a list, cut by one split (the marks are one character each): region_chunks reads all."""
    out = []
    pos = start
    for piece in _SEPS.split(text[start:end]):
        out.append((piece, pos))
        pos += len(piece) + 1
    return out


def _iter_pieces(text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """text[start:end] cut at cell and row boundaries, lazily: (piece, its offset)."""
    pos = start
    for m in _SEPS.finditer(text, start, end):
        yield text[pos : m.start()], pos
        pos = m.end()
    yield text[pos:end], pos


def _piece_chunks(clean: str, pstart: int, chunks: list[Chunk], units: list[tuple[int, str]]) -> None:
    stripped = clean.strip()
    lead = pstart + len(clean) - len(clean.lstrip())
    if stripped.isascii() and stripped.isdigit():
        # most pieces (29,650 of 31,005 over the samples, real reports and generated pages): one
        # run of digits, a cell or a glued row, read just as the word loop below reads it
        chunks.append(new_chunk(stripped, lead))
        return
    whole = parse_cell(stripped)
    if whole.ok and not _GLUED.match(stripped):
        chunks.append(Chunk(stripped, lead, fixed=True, value=whole.value, words=whole.words))
        return
    for m in _WORD.finditer(clean):
        part, pos = m.group(), pstart + m.start()
        g = _GLUED.match(part)
        if g and ("," not in part or _THOUSANDS.match(g.group(1))):
            digits = g.group(1).replace(",", "")
            chunks.append(new_chunk(digits, pos))
            if g.group(2):
                units.append((pos + len(digits), g.group(2)))
            continue
        parsed = parse_cell(part)
        if parsed.ok:
            chunks.append(Chunk(part, pos, fixed=True, value=parsed.value, words=parsed.words))
            continue
        if _SLASHES.match(part):
            # '规章///': glued '/' cells of a town without rule-making power
            chunks.extend(Chunk("/", pos + i, fixed=True, value=None) for i in range(len(part)))
            continue
        # digits glued to leftover label text ('0000000(六)其他处理'): the
        # digit runs are the cells, the words are not
        for run in _RUN.finditer(part):
            digits = run.group(1).replace(",", "") if _THOUSANDS.match(run.group(1)) else run.group(1)
            chunks.append(new_chunk(digits, pos + run.start()))
            if run.group(2):
                units.append((pos + run.start() + len(digits), run.group(2)))


def row_rules(spec: TableSpec, columns: Sequence[str]) -> list[RowRule]:
    """The table's row-wise checks as index lists into ``columns``."""
    rules: list[RowRule] = []
    width = len(spec.columns) if spec.sequence else len(columns)
    for rule in spec.checks:
        if rule["over"] != "rows":
            continue
        for base in range(0, len(columns), width):
            # sequence tables name their columns 'row.col'
            block = [c.rsplit(".", 1)[-1] for c in columns[base : base + width]]
            if not all(c in block for c in rule["lhs"] + rule["rhs"]):
                continue
            lhs = [base + block.index(c) for c in rule["lhs"]]
            rhs = [base + block.index(c) for c in rule["rhs"]]
            rules.append((lhs, rhs))
    return rules


def row_prune(spec: TableSpec, columns: Sequence[str]) -> Prune:
    """A pruning test from the table's row-wise checks (total = sum of parts).

    The same check data that ``checks`` evaluates drives the glued-digit
    search, so a template's rules are stated once.
    """
    rules = row_rules(spec, columns)
    # each rule is tested once, when its last value is placed
    due: dict[int, list[tuple[list[int], list[int]]]] = {}
    for lhs, rhs in rules:
        due.setdefault(max(lhs + rhs), []).append((lhs, rhs))

    def prune(values: Sequence[int | float | None]) -> bool:
        for lhs, rhs in due.get(len(values) - 1, ()):
            left = [values[i] for i in lhs]
            right = [values[i] for i in rhs]
            if None in left or None in right:
                continue
            if abs(sum(v for v in left if v is not None) - sum(v for v in right if v is not None)) > TOLERANCE:
                return False
        return True

    return prune


def row_sums(spec: TableSpec, columns: Sequence[str]) -> list[SumRule]:
    """The row rules shaped 'total = sum of parts', as search hints."""
    out = []
    width = len(spec.columns) if spec.sequence else len(columns)
    for rule in spec.checks:
        if rule["over"] != "rows" or len(rule["lhs"]) != 1:
            continue
        for base in range(0, len(columns), width):
            block = [c.rsplit(".", 1)[-1] for c in columns[base : base + width]]
            if all(c in block for c in rule["lhs"] + rule["rhs"]):
                parts = tuple(base + block.index(c) for c in rule["rhs"])
                out.append(SumRule(base + block.index(rule["lhs"][0]), parts))
    return out


@dataclass(frozen=True)
class _RowRules:
    kinds: tuple[ColumnKind, ...]
    prune: Prune
    prune_at: frozenset[int]  # where prune tests a rule: the index of each rule's last value
    sums: tuple[SumRule, ...]
    rules: tuple[RowRule, ...]
    # held so that the id the cache is keyed by can never be reused by another spec
    spec: TableSpec


# per (template table, columns): built once per process, not once per row
_RULES: dict[tuple[int, tuple[str, ...]], _RowRules] = {}


def _row_rules(spec: TableSpec, columns: tuple[str, ...]) -> _RowRules:
    key = (id(spec), columns)
    if key not in _RULES:
        kinds = tuple(kinds_for(spec, columns))
        rules = tuple(row_rules(spec, columns))
        prune_at = frozenset(max(lhs + rhs) for lhs, rhs in rules)  # row_prune's 'due' indices
        _RULES[key] = _RowRules(kinds, row_prune(spec, columns), prune_at, tuple(row_sums(spec, columns)), rules, spec)
    return _RULES[key]


def cached_row_rules(spec: TableSpec, columns: Sequence[str]) -> tuple[RowRule, ...]:
    """row_rules, made once per (template table, columns) in the process, not once per row and document."""
    return _row_rules(spec, tuple(columns)).rules


def kinds_for(spec: TableSpec, columns: Sequence[str]) -> list[ColumnKind]:
    """Sign and decimal permissions of each column."""
    return [ColumnKind(signed=c in spec.signed, decimal=c in spec.decimal) for c in columns]


def read_row(
    hit: Hit, chunks: list[Chunk], units: list[tuple[int, str]], spec: TableSpec, columns: Sequence[str]
) -> RowRead:
    """The candidate readings of one row's tokens against ``columns``."""
    n = len(columns)
    if sum(1 for c in chunks if c.text != "") > n:
        # more numbers than columns: read only where one reading alone explains the surplus (align.py)
        rules = _row_rules(spec, tuple(columns))
        surplus = align_surplus(chunks, columns, rules.rules, rules.kinds)
        if surplus is not None:
            return RowRead(hit, surplus.chunks, surplus.splits, surplus.how, True, tuple(units), surplus.evidence)
    if is_unaligned(chunks, n):
        aligned = align_sequence(chunks, columns, _row_rules(spec, tuple(columns)).rules)
        if aligned is not None:
            return RowRead(
                hit, aligned.chunks, aligned.splits, aligned.how, True, tuple(units), aligned.evidence, aligned.open
            )
    chunks = _fit_blanks(chunks, n)
    if len(chunks) == n and all(c.fixed or DIGITS.match(c.text) for c in chunks):
        split = Split(
            tuple(c.value if c.fixed else to_number(c.text) for c in chunks),
            tuple((c.start, c.start + len(c.text)) for c in chunks),
        )
        return RowRead(hit, tuple(chunks), (split,), "one value per cell", True, tuple(units))
    if len(chunks) > n:
        return RowRead(hit, tuple(chunks), (), f"{len(chunks)} values for {n} columns", True, tuple(units))
    rules = _row_rules(spec, tuple(columns))
    splits, complete = split_chunks(chunks, rules.kinds, rules.prune, rules.sums, rules.prune_at)
    how = "glued digits split"
    if not splits:
        # Every split is contradicted by the row's own sums: splitting a number further is
        # then a guess the sums deny, never a reading.  docling's flattened CMS page
        # ('本年新收… 18 3 0 0 0 0', a blank total lost) split 18 into 1|8 and read
        # 1|8|3|0|0|0|0 with no warning (seed-4242 docling_html f010, issue 12).
        how = "glued digits split; no split satisfies the row total"
    return RowRead(hit, tuple(chunks), tuple(splits), how, complete, tuple(units))


def _fit_blanks(chunks: list[Chunk], n: int) -> list[Chunk]:
    """Which blank pieces are cells: none if the values fill the row, else hard
    blanks ('|', grids), else empty lines too (cell-per-line without separators).

    With more pieces than columns, trailing spacer cells ('| 规章 | 0 | 0 | 0 | | |')
    are dropped by taking the first n.
    """
    filled = [c for c in chunks if c.text != ""]
    hard = [c for c in chunks if not c.soft]
    if len(filled) >= n:
        return filled
    for option in (hard, chunks):
        if len(option) >= n:
            return option[:n]
    return hard
