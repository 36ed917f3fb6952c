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

from docstruct.extract.tables.match import Hit, region_chunks
from docstruct.extract.tables.stream import ROW, Stream

# A run is at least two labels: one label alone followed by one row of
# numbers is the ordinary layout.
MIN_RUN = 2


@dataclass(frozen=True)
class Region:
    """Where one row's values are read: stream offsets [start, stop)."""

    start: int
    stop: int
    paired: bool = False


def _has_values(stream: Stream, start: int, stop: int, noise: re.Pattern[str]) -> bool:
    chunks, _ = region_chunks(stream.text, start, stop, noise, (stream.soft_blanks, stream.hard_blanks))
    return any(c.text for c in chunks)


def _rows(stream: Stream, start: int, stop: int, noise: re.Pattern[str]) -> tuple[list[Region], list[Region]]:
    """The stream rows of [start, stop): those holding a value, and all that hold a cell at all."""
    filled: list[Region] = []
    cells: list[Region] = []
    pos = start
    while pos < stop:
        end = stream.text.find(ROW, pos, stop)
        end = stop if end < 0 else end
        chunks, _ = region_chunks(stream.text, pos, end, noise, (stream.soft_blanks, stream.hard_blanks))
        if any(c.text for c in chunks):
            filled.append(Region(pos, end, True))
            cells.append(Region(pos, end, True))
        elif chunks:
            cells.append(Region(pos, end, True))
        pos = end + 1
    return filled, cells


def pair_regions(stream: Stream, hits: Sequence[Hit], regions: list[Region], noise: re.Pattern[str]) -> list[Region]:
    """``regions`` (one per data hit) with label-only runs paired to the number rows after them."""
    out = list(regions)
    empty = [not _has_values(stream, r.start, r.stop, noise) for r in regions]
    i = 0
    while i < len(regions):
        j = i
        while j < len(regions) and empty[j]:
            j += 1
        if j >= len(regions):
            break
        size = j - i + 1
        if size >= MIN_RUN:
            filled, cells = _rows(stream, regions[j].start, regions[j].stop, noise)
            rows = filled if len(filled) == size else cells if len(cells) == size else None
            if rows is not None and _ordered(hits, i, j):
                out[i : j + 1] = rows
        i = j + 1
    return out


def _ordered(hits: Sequence[Hit], i: int, j: int) -> bool:
    """The run's labels come one after another (no row of the run found out of order)."""
    return all(hits[k].end <= hits[k + 1].start for k in range(i, j))
