"""Pair row labels with their numbers when a table prints them apart.

A PDF table turned into markdown often holds a page's row labels in one
table and their numbers in the next (real-world-variations.md 'Converted and
transcribed reports').  Read in stream order, every label but the last then
finds no value after it, and the last finds all the page's number rows.
Such a run is paired back row by row, but only when the count proves it: the
labelled rows of the run and the number rows after its last label must be as
many.  Nothing is paired on a guess; a run whose counts differ stays as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docstruct.extract.stream import ROW, Stream
from docstruct.extract.tables.match import Hit, region_chunks, region_has_values, stream_chunks

# A run is at least two hits (a label and the next label or heading): one
# label alone followed by its numbers is the ordinary layout.
MIN_RUN = 2


@dataclass(frozen=True)
class Region:
    """Where one row's values are read: stream offsets [start, stop)."""

    start: int
    stop: int
    paired: bool = False


def _has_values(stream: Stream, start: int, stop: int, noise: re.Pattern[str], data: bool) -> bool:
    """Whether the region holds a value (region_has_values).

    A data row's region is tokenised by the row read anyway (rebuild._reads, from the stream's
    memo): it is tokenised here, once, and asked; the same answer, since a token with text other
    than an OCR cell read as no value is what region_has_values looks for (tests/test_fast_tables.py).
    A heading's region is never read: it is scanned up to its first value only.
    """
    if data:
        chunks, _ = stream_chunks(stream, start, stop, noise)
        return any(c.text and not c.no_value for c in chunks)
    return region_has_values(stream.text, start, stop, noise)


def value_rows(stream: Stream, start: int, stop: int, noise: re.Pattern[str]) -> tuple[list[Region], list[Region]]:
    """The stream rows of [start, stop): those holding a value, and all that hold a cell at all."""
    filled: list[Region] = []
    cells: list[Region] = []
    pos = start
    while pos < stop:
        end = stream.text.find(ROW, pos, stop)
        end = stop if end < 0 else end
        chunks, _ = region_chunks(
            stream.text, pos, end, noise, (stream.soft_blanks, stream.hard_blanks), stream.ocr_cells
        )
        # the row with its ROW mark, so a blank last cell is still a cell
        row = Region(pos, min(end + 1, stop), True)
        if any(c.text for c in chunks):
            filled.append(row)
            cells.append(row)
        elif chunks:
            cells.append(row)
        pos = end + 1
    return filled, cells


def pair_regions(stream: Stream, hits: Sequence[Hit], end: int, noise: re.Pattern[str]) -> list[Region]:
    """The value region of each data hit, label-only runs paired to the number rows after them.

    A run is consecutive hits (heading-only rows included: a page's label
    table may end on one) whose regions hold no value, ended by the first hit
    whose region does.  Its number rows go to its data rows in order when they
    are as many; with empty rows kept for the headings, to every hit in order.
    """
    regions = [Region(h.end, hits[i + 1].start if i + 1 < len(hits) else end) for i, h in enumerate(hits)]
    out = list(regions)
    labelled = [h.spec.id is not None for h in hits]
    empty = [not _has_values(stream, r.start, r.stop, noise, d) for r, d in zip(regions, labelled, strict=True)]
    i = 0
    while i < len(regions):
        j = i
        while j < len(regions) and empty[j]:
            j += 1
        if j >= len(regions):
            break
        run = list(range(i, j + 1))
        data = [k for k in run if hits[k].spec.id is not None]
        # some data label in the run lost its numbers (the last one, unless a heading ends the run)
        stranded = [k for k in data if k != j or hits[j].spec.id is None]
        own = hits[j].spec.id is not None and _own_line_filled(stream, regions[j], noise)
        if len(run) >= MIN_RUN and data and stranded and not own:
            filled, cells = value_rows(stream, regions[j].start, regions[j].stop, noise)
            if len(filled) == len(data):
                out = _assign(out, data, filled)
            elif len(cells) == len(run):
                out = _assign(out, run, cells)
        i = j + 1
    return [r for h, r in zip(hits, out, strict=True) if h.spec.id is not None]


def _own_line_filled(stream: Stream, region: Region, noise: re.Pattern[str]) -> bool:
    """Whether the run's last label prints a value right after it on its own line, with nothing but cell
    marks between: then its numbers are its own, and the labels before it are rows printed blank, not
    labels whose numbers went to another table.

    Seed 9191: markitdown DOCX '| 行政许可 | |' / '| 行政处罚 | |' / '| 行政强制 | 0 |' (f015), and
    markitdown PDF '行政处罚' / '| 行政强制 | … | 0 |' (f008, f012), paired 0 to the first label.  Words
    between the label and the numbers are a heading the reader could not match ('…(二)部分公开…度 (三)
    不予公办 开|247 6|…', tests/converted markitdown_pdf f001): those numbers are the run's.
    """
    line_end = stream.text.find(ROW, region.start, region.stop)
    stop = region.stop if line_end < 0 else line_end
    chunks, _ = region_chunks(
        stream.text, region.start, stop, noise, (stream.soft_blanks, stream.hard_blanks), stream.ocr_cells
    )
    first = next((c for c in chunks if c.text), None)
    return first is not None and not any(ch.isalpha() for ch in stream.text[region.start : first.start])


def _assign(out: list[Region], targets: list[int], rows: list[Region]) -> list[Region]:
    new = list(out)
    for k, row in zip(targets, rows, strict=True):
        new[k] = row
    return new
