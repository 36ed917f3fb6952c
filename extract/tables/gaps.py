"""Rows whose labels were not found, placed by order between the rows that were.

A converter wraps a long label around its number row ('5、要求行政机关确认或重新出'
/ the row / '具已获取信息', markitdown from a ruled PDF, issue 12 shape 1), so the
label is never matched and the row's numbers land in the region of the label
found before it.  Read as a sequence between two anchors (rows whose labels
did match), the region's number rows are placed in template order, but only
when the count fits exactly (one row for the anchor and one for each row the
template expects in the gap) and every placed row's sums are evaluated and
hold.  Each row so placed, the anchor's included, carries a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from docstruct.extract.checks import expected_rows
from docstruct.extract.stream import CELL, Stream
from docstruct.extract.tables.align import rules_hold
from docstruct.extract.tables.glued import Split
from docstruct.extract.tables.match import Hit, RowRead, cached_row_rules, read_row, region_chunks
from docstruct.extract.tables.pairing import Region, value_rows
from docstruct.extract.templates import TableSpec

# A wrapped label's own line, its numbering read as a number ('5.要求行政机关确认或重新出具'):
# no number row.
_LABEL_CELL = re.compile(r"(?<!\d)\d{1,2}\s*[.、．]\s*[\u4e00-\u9fff][^\x1f\n]*")
_LONE_NUMBER = re.compile(r"\d{1,3}")
_NUMBERING = re.compile(r"(?<!\d)\d{1,2}\s*[.、．]\s*(?=[\u4e00-\u9fff])")


def _label_line(text: str) -> bool:
    """A row whose only digits are a label's numbering ('度 | 5. 要求行政机关确认或重新出具')."""
    return not any(map(str.isdigit, _NUMBERING.sub("", text)))  # map: no Python frame per character


def _gap(order: Sequence[str], anchor: str, nxt: str | None, found: set[str]) -> list[str] | None:
    """The expected rows after ``anchor`` and before ``nxt`` (the end), all missing; None if one is found."""
    if anchor not in order:
        return None
    after = list(order[order.index(anchor) + 1 :])
    gap = after[: after.index(nxt)] if nxt in after else after
    if nxt is not None and nxt not in after:
        return None
    return None if any(r in found for r in gap) else gap


def _place(stream: Stream, spec: TableSpec, read: RowRead, gap: list[str], rows: list[Region]) -> list[RowRead] | None:
    """The anchor's and the gap's rows read from ``rows`` in order, or None unless every sum holds."""
    noise, blanks = spec.noise, (stream.soft_blanks, stream.hard_blanks)
    out: list[RowRead] = []
    ids = [read.hit.spec.id or "", *gap]
    for rid, row in zip(ids, rows, strict=True):
        hit = read.hit if rid == ids[0] else Hit(spec.row(rid), row.start, row.start)
        # the unmatched label's own cell ('5.要求行政机关确认或重新出具' before its numbers) holds no value
        label = _LABEL_CELL.search(stream.text, row.start, row.stop)
        start = label.end() if label is not None else row.start
        chunks, units = region_chunks(stream.text, start, row.stop, noise, blanks, stream.ocr_cells)
        got = read_row(hit, chunks, units, spec, hit.spec.columns)
        if len(got.splits) != 1 or not rules_hold(got.splits[0].values, cached_row_rules(spec, hit.spec.columns)):
            return None
        why = (
            f"row {ids.index(rid) + 1} of {len(ids)} number rows after the label '{ids[0]}', "
            f"where the template expects {', '.join(ids)} and only '{ids[0]}' is labelled; its row sums hold"
        )
        out.append(replace(got, how=f"{got.how}; placed by order between labelled rows", placed=why))
    return out


def _page_number(text: str) -> bool:
    """A lone number on a line of its own: a page footer a converter left inside the table.

    pymupdf4llm and markitdown keep a generated PDF's footer ('2') between two
    table rows (issue 12); the cell-per-line layouts print every value so, which
    is why only a region whose other rows are grid rows drops it.
    """
    return CELL not in text and _LONE_NUMBER.fullmatch(text.strip()) is not None


def _anchor_alone(
    stream: Stream, spec: TableSpec, read: RowRead, row: Region, dropped: list[str]
) -> list[RowRead] | None:
    """The anchor's own grid row read without the page numbers after it."""
    chunks, units = region_chunks(
        stream.text, row.start, row.stop, spec.noise, (stream.soft_blanks, stream.hard_blanks), stream.ocr_cells
    )
    got = read_row(read.hit, chunks, units, spec, read.hit.spec.columns)
    if len(got.splits) != 1:
        return None
    why = (
        f"the lone number line {', '.join(repr(d) for d in dropped)} after the row taken for a page footer, not a value"
    )
    return [replace(got, how=f"{got.how}; page footer dropped", placed="; ".join(p for p in (got.placed, why) if p))]


def fill_gaps(stream: Stream, spec: TableSpec, reads: list[RowRead], regions: list[Region]) -> list[RowRead]:
    """``reads`` with each unreadable anchor's region split over the missing rows after it, where it fits."""
    found = {r.hit.spec.id or "" for r in reads}
    order = expected_rows(spec, sorted(found))
    out: list[RowRead] = []
    for i, (read, region) in enumerate(zip(reads, regions, strict=True)):
        if read.splits:
            out.append(read)
            continue
        nxt = reads[i + 1].hit.spec.id if i + 1 < len(reads) else None
        gap = _gap(order, read.hit.spec.id or "", nxt, found) or []
        rows, _ = value_rows(stream, region.start, region.stop, spec.noise)
        rows = [r for r in rows if not _label_line(stream.text[r.start : r.stop])]
        texts = [stream.text[r.start : r.stop] for r in rows]
        kept = [r for r, t in zip(rows, texts, strict=True) if not _page_number(t)]
        dropped = [t.strip() for t in texts if _page_number(t)]
        grid = all(CELL in stream.text[r.start : r.stop] for r in kept)
        placed = None
        if len(kept) == 1 + len(gap) and gap:
            placed = _place(stream, spec, read, gap, kept)
        elif len(kept) == 1 and dropped and grid:
            placed = _anchor_alone(stream, spec, read, kept[0], dropped)
        out.extend(placed if placed is not None else [read])
    return out


def blank_rows(reads: list[RowRead]) -> list[RowRead]:
    """``reads`` with each row that prints no number at all read as blank cells.

    pymupdf4llm and markitdown write a row whose cells are blank as its label alone ('行政强制' then
    the next heading, seed 6161's markitdown f003_hybrid_ruled_cid): no cell is printed, so every
    cell is blank, as an empty grid cell is.  Not when the row before holds more numbers than
    columns: this row's numbers may have landed there (a label wrapped after its number row).
    """
    out: list[RowRead] = []
    for i, read in enumerate(reads):
        before = reads[i - 1] if i > 0 else None
        crowded = before is not None and sum(1 for c in before.chunks if c.text) > len(before.hit.spec.columns)
        if read.splits or any(c.text for c in read.chunks) or crowded:
            out.append(read)
            continue
        n = len(read.hit.spec.columns)
        at = read.hit.end
        split = Split((None,) * n, ((at, at),) * n)
        why = "the row prints no number (its label stands alone before the next one); its cells read as blank"
        out.append(replace(read, splits=(split,), how=f"{read.how}; no number printed: blank cells", placed=why))
    return out
