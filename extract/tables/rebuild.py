"""Read one template table from the stream: labels -> rows -> chosen cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from docstruct.extract.checks import column_scorer, expected_rows
from docstruct.extract.model import Cell
from docstruct.extract.stream import CELL, ROW, Stream
from docstruct.extract.tables.blank_columns import place_blank_columns
from docstruct.extract.tables.bounds import check_bounds
from docstruct.extract.tables.columns import anchor_columns, anchor_sequence
from docstruct.extract.tables.empty_lines import doubt_empty_lines
from docstruct.extract.tables.footers import doubt_footer, drop_surplus_footer
from docstruct.extract.tables.gaps import blank_rows, fill_gaps
from docstruct.extract.tables.glued import Split
from docstruct.extract.tables.guesses import Guess
from docstruct.extract.tables.header_cells import read_by_header
from docstruct.extract.tables.match import (
    Hit,
    RowRead,
    cached_row_rules,
    find_hits,
    read_row,
    region_chunks,
    region_has_values,
    stream_chunks,
)
from docstruct.extract.tables.pairing import pair_regions
from docstruct.extract.tables.resolve import (
    DEFAULT_RANKING,
    Choice,
    Ranking,
    candidates_text,
    choose_joint,
    choose_plain,
    fmt,
    plausible,
    ratio_ranking,
    smallest_largest,
)
from docstruct.extract.tables.siblings import place_by_siblings
from docstruct.extract.tables.spaced import confirm_spaced_splits
from docstruct.extract.tables.stages import Region, RowStage, TableReport
from docstruct.extract.tables.values import to_number
from docstruct.extract.tables.wrapped import rewrap_words
from docstruct.extract.templates import RowSpec, TableSpec, canonical

Rows = dict[str, dict[str, Cell]]
# Table 四 is read only under its own header: one word ('总计') also labels
# table 三's rows, so at least two distinct header words (行政复议, 结果维持 …).
MIN_HEADER_WORDS = 2


@dataclass(frozen=True)
class TableResult:
    """A template table as read, with how each row was found and chosen."""

    name: str
    rows: Rows
    report: TableReport = field(default_factory=lambda: TableReport(None))
    warnings: tuple[str, ...] = ()
    # the rows read with less than certainty (extract/tables/guesses.py): blame's evidence
    guesses: tuple[Guess, ...] = ()


def _alternatives(hits: list[Hit], text: str, spec: TableSpec, stop: int) -> list[Hit]:
    """Keep one of a row and its alternative group (（六）其他处理: a row in 2019, a heading in 2021)."""
    out = list(hits)
    for i, hit in enumerate(hits):
        alt = hit.spec.alternative
        if not alt:
            continue
        end = hits[i + 1].start if i + 1 < len(hits) else stop
        has_values = region_has_values(text, hit.end, end, spec.noise)
        group_hit = any(h.spec.group == alt for h in hits)
        if has_values and group_hit and i > 0 and hits[i - 1].spec.id is not None:
            # the row before found no numbers: a labels-only table whose numbers follow (pairing)
            has_values = region_has_values(text, hits[i - 1].end, hit.start, spec.noise)
        if not has_values and group_hit:
            # a heading now: it still ends the previous row's values
            heading = RowSpec(None, hit.spec.pattern, ())
            out = [Hit(heading, h.start, h.end) if h is hit else h for h in out]
        else:
            out = [h for h in out if h.spec.group != alt]
    return out


def _reads(
    stream: Stream, spec: TableSpec, hits: list[Hit], end: int, glued: bool
) -> tuple[list[RowRead], list[Guess]]:
    data = [h for h in hits if h.spec.id is not None]
    reads = []
    guesses = []
    regions = pair_regions(stream, hits, end, spec.noise)
    for hit, region in zip(data, regions, strict=True):
        chunks, units = stream_chunks(stream, region.start, region.stop, spec.noise)
        read = read_row(hit, chunks, units, spec, hit.spec.columns)
        row_id = hit.spec.id or ""
        if region.paired:
            why = "label and numbers printed in separate tables; paired by row order (as many number rows as labels)"
            read = replace(read, how=f"{read.how}; label and numbers in separate tables, paired by row order")
            read = replace(read, placed="; ".join(p for p in (read.placed, why) if p))
        guesses += _lossy(stream, row_id, hit.start, region.stop)
        reads.append(read)
    reads = blank_rows(fill_gaps(stream, spec, reads, regions))
    out = []
    for r in reads:
        rules = cached_row_rules(spec, r.hit.spec.columns)
        r = doubt_empty_lines(stream, r, rules) or r
        r = read_by_header(stream.text, spec, r, rules) or anchor_columns(stream.text, spec, r, rules) or r
        r = rewrap_words(stream, r, rules) or drop_surplus_footer(stream, r, rules) or r
        out.append(doubt_footer(stream, r, rules) or r)
    out = place_by_siblings(stream.text, out)
    if glued:
        return out, guesses
    return confirm_spaced_splits(out, [cached_row_rules(spec, r.hit.spec.columns) for r in out]), guesses


def _lossy(stream: Stream, row_id: str, start: int, stop: int) -> list[Guess]:
    """A row whose text holds U+FFFD: a lossy repair or decoding lost characters there (normalize/mojibake.py)."""
    if "\ufffd" not in stream.text[start:stop]:
        return []
    return [Guess(row_id, "lossy_repair", "the row's text holds characters a lossy encoding repair could not recover")]


def _values(split: Split, columns: Sequence[str]) -> dict[str, int | float | None]:
    return dict(zip(columns, split.values, strict=False))


def _cells(stream: Stream, read: RowRead, split: Split, columns: Sequence[str]) -> dict[str, Cell]:
    units = dict(read.units)
    fixed = {c.start: c for c in read.chunks if c.fixed}
    out: dict[str, Cell] = {}
    # the row's provenance looked up at once (Stream.sources_of): its cells mostly share a piece
    spans = split.spans[: len(columns)]
    sources = stream.sources_of([(a, max(b, a + 1)) for a, b in spans])
    for col, value, (a, b), source in zip(columns, split.values, spans, sources, strict=False):
        chunk = fixed.get(a)
        raw = chunk.text if chunk is not None else stream.text[a:b] + units.get(b, "")
        out[col] = Cell(value, raw, source)
    return out


def _narrative_filters(spec: TableSpec, read: RowRead, narrative: str) -> list[tuple[str, list[Split]]]:
    filters = []
    row_id = read.hit.spec.id
    cols = list(read.hit.spec.columns)
    for nrow, ncol, pattern in spec.narrative:
        if nrow != row_id or ncol not in cols:
            continue
        found = {to_number(m.group(1)) for m in pattern.finditer(narrative)}  # no int() on 5000 digits
        if found:
            kept = [s for s in read.splits if s.values[cols.index(ncol)] in found]
            filters.append((f"the narrative ({ncol} {'/'.join(map(str, sorted(found)))})", kept))
    return filters


@dataclass
class _Out:
    rows: Rows = field(default_factory=dict)
    how: dict[str, RowStage] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)


def _stage(stream: Stream, read: RowRead, choice: Choice) -> RowStage:
    """How one row was read, for the debug view: label found, value text, readings, choice."""
    label = stream.text[read.hit.start : read.hit.end].replace(CELL, " ").replace(ROW, " ")
    return RowStage(
        label=" ".join(label.split()),
        label_source=stream.source_of(read.hit.start, max(read.hit.end, read.hit.start + 1)),
        values=" ".join(c.text or "·" for c in read.chunks),
        readings=len(read.splits),
        how=choice.reason,
    )


def _choose_rows(stream: Stream, spec: TableSpec, reads: list[RowRead], narrative: str, out: _Out) -> None:
    """Table 二 and any table without column checks: one row at a time."""
    rules = spec.plausible
    for read in reads:
        row_id = read.hit.spec.id or ""
        cols = list(read.hit.spec.columns)
        if read.placed and len(read.splits) > 1:
            _apply(stream, spec, read, _unconfirmed(spec, read, read.splits), out)
            continue
        filters = _narrative_filters(spec, read, narrative)
        filters.append(("plausibility (" + "; ".join(rules) + ")", plausible(read.splits, cols, rules)))
        choice = choose_plain(f"{spec.name}.{row_id}", read, filters, _ranking(spec, row_id, cols))
        _apply(stream, spec, read, choice, out)


def _ranking(spec: TableSpec, row_id: str, columns: list[str]) -> Ranking:
    """The template's ratio prior for this row, if it states one (t2019.json 'ratios')."""
    for rule in spec.ratios:
        if rule["row"] == row_id and rule["numerator"] in columns and rule["denominator"] in columns:
            return ratio_ranking(columns, rule["numerator"], rule["denominator"], float(rule["typical_log10"]))
    return DEFAULT_RANKING


def _word_warnings(name: str, row_id: str, read: RowRead, split: Split) -> list[str]:
    """One warning per cell whose text is words holding a digit (issue 12 shape 8: '见附件3')."""
    if not any(c.words or c.no_value for c in read.chunks):
        return []  # no such cell in the row (nearly every row): no lookup tables built
    words = {c.start: c.text for c in read.chunks if c.words}
    blank = {c.start: c.text for c in read.chunks if c.no_value}
    out = [
        f"{name}.{row_id}.{col}: '{words[a]}' is words holding a digit, not a value; read as null, raw text kept"
        for col, (a, _) in zip(read.hit.spec.columns, split.spans, strict=False)
        if a in words
    ]
    return out + [
        f"{name}.{row_id}.{col}: the grid cell holds '{blank[a]}', no value (a misread number?); read as null in "
        f"its own column, raw text kept"
        for col, (a, _) in zip(read.hit.spec.columns, split.spans, strict=False)
        if a in blank
    ]


def _unconfirmed(spec: TableSpec, read: RowRead, splits: Sequence[Split]) -> Choice:
    """A row placed by order whose sums leave several readings: never guessed (issue 12)."""
    warning = (
        f"{spec.name}.{read.hit.spec.id}: {read.how}; {len(splits)} readings ({candidates_text(splits)}) "
        "and the sums do not confirm one; cells left out"
    )
    return Choice(None, f"{read.how}; not confirmed", warning)


def _apply(stream: Stream, spec: TableSpec, read: RowRead, choice: Choice, out: _Out) -> None:
    row_id = read.hit.spec.id or ""
    out.how[row_id] = _stage(stream, read, choice)
    if choice.warning:
        out.warnings.append(choice.warning)
    if read.placed and choice.split is not None:
        # issue 12: every placement a label did not force is a warning
        out.warnings.append(f"{spec.name}.{row_id}: {read.placed}; check it against the source")
    if choice.split is not None:
        cells, bounded = check_bounds(spec, row_id, _cells(stream, read, choice.split, read.hit.spec.columns))
        out.rows[row_id] = cells
        out.warnings.extend(bounded)
        out.warnings.extend(_word_warnings(spec.name, row_id, read, choice.split))
        out.guesses += _split_guesses(row_id, read, choice)
        if read.placed:
            # paired, split by count, anchored by the header or placed between anchors (issue 12)
            out.guesses.append(Guess(row_id, "paired_by_order", read.placed))


def _split_guesses(row_id: str, read: RowRead, choice: Choice) -> list[Guess]:
    """A chosen reading among several: guessed when the choice warned, else narrowed by evidence."""
    if len(read.splits) <= 1:
        return []
    if choice.warning:
        return [Guess(row_id, "glued_split", f"{len(read.splits)} readings; {choice.reason}")]
    return [Guess(row_id, "resolved_split", f"{len(read.splits)} readings; {choice.reason}")]


def _choose_joint(stream: Stream, spec: TableSpec, reads: list[RowRead], out: _Out) -> None:
    """Table 三: rows with several readings are settled by the column checks together."""
    reads = place_blank_columns(spec, reads)
    fixed = {r.hit.spec.id or "": r.splits[0] for r in reads if len(r.splits) == 1}
    ambiguous = {r.hit.spec.id or "": smallest_largest(list(r.splits)) for r in reads if len(r.splits) > 1}

    scorer = column_scorer(spec, [r.hit.spec.id or "" for r in reads])

    fixed_grid = {rid: _values(s, spec.columns) for rid, s in fixed.items()}  # once, not per combination

    def score(picks: dict[str, Split]) -> int:
        return scorer({**fixed_grid, **{rid: _values(s, spec.columns) for rid, s in picks.items()}})

    joint = choose_joint(ambiguous, score) if ambiguous else None
    for read in reads:
        rid = read.hit.spec.id or ""
        if rid not in ambiguous:
            _apply(stream, spec, read, choose_plain(f"{spec.name}.{rid}", read, []), out)
            continue
        if joint is not None and joint.unique:
            _apply(stream, spec, read, Choice(joint.picks[rid], f"{read.how}; resolved by the column checks"), out)
            continue
        if read.placed:
            _apply(stream, spec, read, _unconfirmed(spec, read, ambiguous[rid]), out)
            continue
        pick = joint.picks[rid] if joint is not None else ambiguous[rid][0]
        why = "the column checks leave several" if joint is not None else "too many combinations to test"
        warning = (
            f"{spec.name}.{rid}: '{' '.join(c.text for c in read.chunks)}' has {len(read.splits)} readings "
            f"({candidates_text(ambiguous[rid])}); {why}; chose {fmt(pick.values)}; check it against the source"
        )
        _apply(stream, spec, read, Choice(pick, f"{read.how}; guessed", warning), out)


def read_table(
    stream: Stream, spec: TableSpec, start: int, end: int, narrative: str = "", glued: bool = True
) -> TableResult:
    """Read ``spec`` from stream.text[start:end]; ``glued`` False: the report shows no glued run (spaced.py)."""
    if spec.sequence:
        return _read_sequence(stream, spec, start, end)
    hits = _alternatives(find_hits(stream.text, spec, start, end), stream.text, spec, end)
    if not any(h.spec.id for h in hits):
        note = f"{spec.name}: no row labels found; table left out"
        return TableResult(spec.name, {}, TableReport(_region(stream, start, end), rows_found=0), (note,))
    reads, guesses = _reads(stream, spec, hits, end, glued)
    confusions, label_guesses = _confusion_warnings(stream, spec, hits)
    if reads and not any(c.text for r in reads for c in r.chunks):
        # real-world-variations.md: 'Some reports print every label and no numbers at all'
        note = f"{spec.name}: the table prints its {len(reads)} row labels without any numbers; no cells read"
        report = TableReport(_region(stream, start, end), rows_found=len(reads), numbers=0)
        return TableResult(spec.name, {}, report, (note,))
    out = _Out(warnings=confusions, guesses=guesses + label_guesses)
    has_column_checks = any(rule["over"] == "columns" for rule in spec.checks)
    if has_column_checks:
        _choose_joint(stream, spec, reads, out)
    else:
        _choose_rows(stream, spec, reads, narrative, out)
    found = [h.spec.id for h in hits if h.spec.id]
    read_ids = {r.hit.spec.id for r in reads}  # rows placed by order (gaps.py) were read, unlabelled
    missing = [r for r in expected_rows(spec, found) if r not in read_ids]
    for row_id in missing:
        out.warnings.append(f"{spec.name}.{row_id}: row label not found; row left out")
    report = TableReport(_region(stream, start, end), rows_found=len(found), rows_missing=tuple(missing), how=out.how)
    return TableResult(spec.name, out.rows, report, tuple(out.warnings), tuple(out.guesses))


def _confusion_warnings(stream: Stream, spec: TableSpec, hits: list[Hit]) -> tuple[list[str], list[Guess]]:
    """One warning (and guess) per row label matched only through an OCR confusion (templates/ocr_confusions.json)."""
    out = []
    guesses = []
    for hit in hits:
        exact = hit.spec.exact
        if exact is None or exact.fullmatch(stream.text, hit.start, hit.end):
            continue
        read = " ".join(stream.text[hit.start : hit.end].replace(CELL, " ").replace(ROW, " ").split())
        pairs = sorted({f"{ch}→{canonical(ch)}" for ch in read if canonical(ch) != ch and ch not in hit.spec.label})
        name = f"{spec.name}.{hit.spec.id}" if hit.spec.id else f"{spec.name} heading"
        out.append(
            f"{name}: label read as '{read}' and taken for '{hit.spec.label}' (OCR confusion {', '.join(pairs)})"
        )
        if hit.spec.id:  # a heading's confusion places no cell
            guesses.append(Guess(hit.spec.id, "ocr_label", f"label read as '{read}' ({', '.join(pairs)})"))
    return out, guesses


def _region(stream: Stream, start: int, end: int) -> Region | None:
    """Where the table was looked for, as provenance of its first and last characters."""
    if not stream.pieces or end <= start:
        return None
    return Region(stream.source_of(start, start + 1), stream.source_of(end - 1, end))


def _sequence_header(stream: Stream, spec: TableSpec, start: int, end: int) -> tuple[int, int, set[str]]:
    """Where table 四's header ends, where its values start, and the header words seen."""
    header_end = start
    words: set[str] = set()
    for m in spec.header.finditer(stream.text, start, end):
        if words and region_has_values(stream.text, header_end, m.start(), spec.noise):
            break  # header words after the values: a note under the table ('注：行政复议…含上年度结转数量')
        header_end = m.end()
        words.add("".join(m.group().split()))
    values_start = header_end
    row_end = stream.text.find(ROW, header_end, end)
    if row_end >= 0 and not region_has_values(stream.text, header_end, row_end, spec.noise):
        values_start = row_end  # the header row's own empty cells are not values (a markdown header row)
    return header_end, values_start, words


def _read_sequence(stream: Stream, spec: TableSpec, start: int, end: int) -> TableResult:
    """Table 四: the header jumble, then 15 values running row by row."""
    header_end, values_start, words = _sequence_header(stream, spec, start, end)
    if len(words) < MIN_HEADER_WORDS:
        note = f"{spec.name}: table header not found ({len(words)} of its words); table left out"
        return TableResult(spec.name, {}, TableReport(_region(stream, start, end), found=False), (note,))
    row_ids = [r.id or "" for r in spec.rows]
    columns = [f"{rid}.{col}" for rid in row_ids for col in spec.columns]
    blanks = (stream.soft_blanks, stream.hard_blanks)
    chunks, units = region_chunks(stream.text, values_start, end, spec.noise, blanks, stream.ocr_cells)
    fake = Hit(RowSpec("sequence", spec.rows[0].pattern, tuple(columns)), header_end, header_end)
    read = read_row(fake, chunks, units, spec, columns)
    read = rewrap_words(stream, read, cached_row_rules(spec, columns)) or read
    read = doubt_footer(stream, read, cached_row_rules(spec, columns)) or read
    read = anchor_sequence(stream.text, spec, read) or read
    out = _Out()
    choice = choose_plain(spec.name, read, [])
    out.how["sequence"] = _stage(stream, read, choice)
    if choice.warning:
        out.warnings.append(choice.warning)
    if choice.split is not None:
        for key, cell in _cells(stream, read, choice.split, columns).items():
            rid, col = key.split(".")
            out.rows.setdefault(rid, {})[col] = cell
        for rid, cells in list(out.rows.items()):
            out.rows[rid], bounded = check_bounds(spec, rid, cells)
            out.warnings.extend(bounded)
        # the 15 values are one run: a guess or a loss in it touches every row
        for rid in row_ids:
            out.guesses += _split_guesses(rid, read, choice) + _lossy(stream, rid, values_start, end)
            out.guesses += [Guess(rid, "paired_by_order", read.placed)] if read.placed else []
        if read.placed:  # merged cells split by the count (align.py): warned like any row
            out.warnings.append(f"{spec.name}: {read.placed}; check it against the source")
    report = TableReport(_region(stream, start, end), how=out.how)
    return TableResult(spec.name, out.rows, report, tuple(out.warnings), tuple(out.guesses))
