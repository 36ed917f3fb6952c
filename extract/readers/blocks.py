"""Normalise a reader's blocks in one call: every line and grid cell together.

HTML, DOCX and PDF readers build Blocks with the text as the format gave it;
this turns them into normalised Blocks with one ``normalize_text`` call per
document (one OpenCC pass and one traditional/simplified decision for the
whole report, and far faster than a call per cell).  Each line keeps the map
from its clean text back to its raw text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, compress

from docstruct.extract.model import Block, Grid, GridCell, Line, Source, line_block, new_line, path_cell, path_source
from docstruct.extract.readers.text import relative_origin
from docstruct.normalize import Step, normalize_text

# (row, col, rowspan, colspan, element path) of one native table cell
CellPlace = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class RawText:
    """A line as the format gave it (HTML, DOCX), with its element path."""

    text: str
    path: str


@dataclass(frozen=True)
class RawCells:
    """A native table as the format gave it: its cells' texts and places, two columns.

    Not GridCells: normalize_raw makes each GridCell once, with its clean text,
    where a raw GridCell and a ``with_text`` copy cost two per cell.
    """

    texts: tuple[str, ...]
    places: tuple[CellPlace, ...]
    path: str

    @property
    def cells(self) -> tuple[GridCell, ...]:
        """The cells with their raw text."""
        return self.with_texts(self.texts)

    def with_texts(self, texts: Sequence[str]) -> tuple[GridCell, ...]:
        """The cells with these texts (one per place, in order)."""
        return tuple(  # GridCell(r, c, text, Source(path=path), rowspan, colspan) each
            path_cell(r, c, text, path, rowspan, colspan)
            for (r, c, rowspan, colspan, path), text in zip(self.places, texts, strict=True)
        )


def _texts(blocks: Sequence[Block]) -> tuple[list[str], list[bool]]:
    """Every line's and cell's text, and whether it is a line (only lines keep an origin map)."""
    out: list[str] = []
    lines: list[bool] = []
    for block in blocks:
        if block.line is not None:
            out.append(block.line.text)
            lines.append(True)
        elif block.grid is not None:
            out.extend(cell.text for cell in block.grid.cells)
            lines.extend([False] * len(block.grid.cells))
    return out, lines


def clean_texts(
    texts: list[str], with_origin: Sequence[bool]
) -> tuple[list[str], list[tuple[int, ...]], tuple[Step, ...]]:
    """Clean texts in one normalize_text call, the origin maps asked for, and the steps.

    ``origins[k]`` maps ``clean[k]`` back to ``texts[k]`` where ``with_origin[k]``,
    and is ``()`` elsewhere: a grid cell keeps no map (GridCell has none), and
    building one tuple per cell was a sixth of this function on a 10,000-row table.
    """
    # a '\n' inside one text would shift every later text: join on '\n' only
    # what holds none (cells with line breaks are flattened to spaces first)
    flat = [t.replace("\r", " ").replace("\n", " ") for t in texts]
    normalized = normalize_text("\n".join(flat))
    clean = normalized.text.split("\n")
    if len(clean) != len(flat):  # normalize_text keeps every '\n' (its contract); stay correct anyway
        singles = [normalize_text(t) for t in flat]
        maps = [s.origin if want else () for s, want in zip(singles, with_origin, strict=True)]
        return [s.text for s in singles], maps, tuple(x for s in singles for x in s.steps)
    # where text k starts in the joined raw and clean texts: the lengths before it plus one '\n' each
    raw_starts = list(accumulate(map(len, flat), initial=0))
    clean_starts = list(accumulate(map(len, clean), initial=0))
    origins: list[tuple[int, ...]] = [()] * len(flat)
    for k in compress(range(len(flat)), with_origin):
        raw_start, clean_start = raw_starts[k] + k, clean_starts[k] + k
        origins[k] = relative_origin(normalized, clean_start, clean_start + len(clean[k]), raw_start)
    return clean, origins, normalized.steps


def _clean_line(clean: str, source: Source, origin: tuple[int, ...]) -> Line:
    """The line of a clean text (stripped), with its origin map trimmed to match."""
    return new_line(clean.strip(), source, _trimmed(clean, origin))  # Line(…), one per line of the document


def normalize_raw(raw: Sequence[RawText | RawCells], found_by: str) -> tuple[list[Block], tuple[Step, ...]]:
    """Blocks of normalised lines and grids from raw ones, and the steps: normalize_blocks
    of the same blocks built raw (tests/test_hot_paths.py), without building them raw."""
    texts: list[str] = []
    lines: list[bool] = []
    for item in raw:
        if isinstance(item, RawText):
            texts.append(item.text)
            lines.append(True)
        else:
            texts.extend(item.texts)
            lines.extend([False] * len(item.texts))
    clean, origins, steps = clean_texts(texts, lines)
    out: list[Block] = []
    k = 0
    for item in raw:
        if isinstance(item, RawText):
            out.append(line_block(_clean_line(clean[k], path_source(item.path), origins[k])))
            k += 1
            continue
        n = len(item.texts)
        cells = item.with_texts([text.strip() for text in clean[k : k + n]])
        out.append(Block(grid=Grid(cells, Source(path=item.path), found_by)))
        k += n
    return out, steps


def normalize_blocks(blocks: Sequence[Block]) -> tuple[tuple[Block, ...], tuple[Step, ...]]:
    """The same blocks with normalised text, and the steps the normaliser applied."""
    clean, origins, steps = clean_texts(*_texts(blocks))
    out: list[Block] = []
    k = 0
    for block in blocks:
        if block.line is not None:
            out.append(line_block(_clean_line(clean[k], block.line.source, origins[k])))
            k += 1
        elif block.grid is not None:
            n = len(block.grid.cells)
            cells = tuple(c.with_text(clean[k + i].strip()) for i, c in enumerate(block.grid.cells))
            out.append(Block(grid=Grid(cells, block.grid.source, block.grid.found_by)))
            k += n
    return tuple(out), steps


def _trimmed(text: str, origin: tuple[int, ...]) -> tuple[int, ...]:
    """The origin map of ``text.strip()``."""
    lead = len(text) - len(text.lstrip())
    return origin[lead : lead + len(text.strip())]
