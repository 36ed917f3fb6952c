"""The cell stream: every block of a document as one searchable string.

Text lines are joined with '\\n'; the pieces of a ``|``-separated row and the
cells of a native grid are joined with ``CELL`` so that a grid and a flattened
table look alike to the label matcher.  Each piece keeps how to map an offset
back to its provenance.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from docstruct.extract.limits import check_deadline
from docstruct.extract.model import Block, Grid, Line, Source, grid_rows

_START, _END = -(2**63), 2**63  # bounds past any stream offset (Stream.sources_of)
CELL = "\x1f"  # unit separator: a hard cell boundary inside one row
ROW = "\n"
Span = tuple[int, int]
# blocks joined between two looks at the clock
CLOCK_EVERY = 256


class Piece(NamedTuple):
    """A stretch of the stream that comes from one line part or one grid cell.

    A named tuple, not a frozen dataclass: one is made per line part and grid cell of every
    document (190 a document over the text bench) and a dataclass's ``__init__`` sets each field
    through ``object.__setattr__``; a tuple is as immutable and never leaves the stream.
    """

    start: int  # offset in the stream
    text: str
    source: Source
    line: Line | None = None
    line_offset: int = 0  # where ``text`` starts inside ``line.text``

    def source_of(self, start: int, end: int) -> Source:
        """Provenance of stream offsets [start, end) inside this piece."""
        if self.line is None:
            return self.source
        a = start - self.start + self.line_offset
        b = end - self.start + self.line_offset
        return self.line.source_of(max(a, 0), min(b, len(self.line.text)))


@dataclass(frozen=True)
class Stream:
    """The joined text and its pieces, ordered by offset."""

    text: str
    pieces: tuple[Piece, ...]
    starts: tuple[int, ...]
    # offsets of empty pieces that may be a terminator rather than a blank cell
    soft_blanks: frozenset[int] = frozenset()
    # offsets of empty pieces that surely are a blank cell (a lone '|' line)
    hard_blanks: frozenset[int] = frozenset()
    # the report's page footers have a form of their own ('— 6 —'): a lone bare number is no footer
    decorated_footers: bool = False
    # offsets of grid cells read from a page image by OCR (their source has a confidence): a cell there
    # that reads as no value is still its column's cell (tables.match.region_chunks)
    ocr_cells: frozenset[int] = frozenset()
    # values derived from this stream and asked for more than once (tables.match.stream_chunks);
    # not part of the stream's identity, never copied by dataclasses.replace, and gone with it
    memo: dict[object, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    def piece_at(self, offset: int) -> Piece:
        """The piece holding stream offset ``offset``."""
        idx = max(bisect_right(self.starts, offset) - 1, 0)
        return self.pieces[idx]

    def source_of(self, start: int, end: int) -> Source:
        """Provenance of the stream text [start, end): ``piece_at(start).source_of(start, end)``.

        Piece.source_of, Line.source_of and the span lookup inlined: it runs for every cell and
        row label of the record (190 times a document over the text bench), and the five calls
        deep cost more than the lookup itself.  tests/test_fast_tables.py compares it with the
        long way at every offset.
        """
        return self.sources_of(((start, end),))[0]

    def sources_of(self, spans: Iterable[Span]) -> list[Source]:
        """``source_of`` of each (start, end): a row's cells at once, the piece found once per piece."""
        out = []
        starts, pieces = self.starts, self.pieces
        lo = hi = 0  # the stream offsets [lo, hi) of the piece last found
        piece: Piece | None = None
        for start, end in spans:
            if piece is None or not lo <= start < hi:
                idx = max(bisect_right(starts, start) - 1, 0)
                piece = pieces[idx]
                lo, hi = (starts[idx], starts[idx + 1]) if idx + 1 < len(starts) else (starts[idx], _END)
                if idx == 0:
                    lo = _START  # offsets before the first piece are looked up in it too
            piece_start, _, source, line, line_offset = piece
            if line is None:
                out.append(source)
                continue
            shift = line_offset - piece_start
            first, last = max(start + shift, 0), min(end + shift, len(line.text))
            origin = line.origin
            if not origin or first >= last or line.source.span is None:
                out.append(line.source)
            else:
                out.append(line.source.with_span(origin[first], origin[last - 1] + 1))
        return out


def _line_pieces(line: Line) -> tuple[list[tuple[str, int]], bool | None]:
    """Split a text line on '|'; returns the pieces and how sure a blank last piece is.

    The flag is True when the last piece is a soft blank, None when the line
    is a lone '|' (one sure blank cell), False otherwise.

    real-world-variations.md: rows joined with ' | ', '|' terminators, and
    '||' / '|||' spacer lines where a merged cell was.  A leading pipe frames
    the row; a trailing one is a terminator or a blank last cell ('行政处罚 |'
    with the cell left empty): which one is decided by the count (a soft
    blank).  A lone '|' is one blank cell; a line of pipes only is a spacer.
    """
    text = line.text
    if "|" not in text:
        return [(text, 0)], False
    bare = text.replace(" ", "")
    if bare == "|":
        return [("", text.index("|"))], None
    if not bare.strip("|"):
        return [], False
    out: list[tuple[str, int]] = []
    pos = 0
    for part in text.split("|"):
        lead = len(part) - len(part.lstrip())
        out.append((part.strip(), pos + lead))
        pos += len(part) + 1
    if out and not out[0][0] and text.lstrip().startswith("|"):
        out = out[1:]
    soft_last = bool(out) and not out[-1][0] and text.rstrip().endswith("|")
    return out, soft_last


# Piece's tuple made directly, without the named tuple's keyword-reading __new__
_new_piece = tuple.__new__


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.size = 0
        self.soft: set[int] = set()
        self.hard: set[int] = set()
        self.ocr: set[int] = set()

    def add(self, text: str, source: Source, line: Line | None = None, offset: int = 0) -> None:
        self.pieces.append(_new_piece(Piece, (self.size, text, source, line, offset)))
        self.parts.append(text)
        self.size += len(text)

    def sep(self, mark: str) -> None:
        self.parts.append(mark)
        self.size += len(mark)

    def line(self, line: Line) -> None:
        text = line.text
        if "|" not in text:
            # most lines: one piece, no blank cell, then the row mark (what the loop below does for them)
            self.pieces.append(_new_piece(Piece, (self.size, text, line.source, line, 0)))
            self.parts += (text, ROW)
            self.size += len(text) + 1
            return
        pieces, soft_last = _line_pieces(line)
        for i, (text, offset) in enumerate(pieces):
            if i:
                self.sep(CELL)
            if soft_last and i == len(pieces) - 1:
                self.soft.add(self.size)
            if soft_last is None:
                self.hard.add(self.size)
            self.add(text, line.source, line, offset)
        self.sep(ROW)

    def grid(self, grid: Grid) -> None:
        for row in grid_rows(grid.cells):
            for i, (text, source) in enumerate(row):
                if i:
                    self.sep(CELL)
                if source.confidence is not None:
                    self.ocr.add(self.size)
                self.add(text.replace("|", " "), source)
            self.sep(ROW)


def blocks_to_stream(blocks: tuple[Block, ...], decorated_footers: bool = False) -> Stream:
    """Join a document's blocks into one stream; a blank line stays an empty row.

    Blank lines separate cells in the seed's one-cell-per-line layout, but in
    a layout without separators a blank line is a blank cell; the row reader
    decides which from the count (match.read_row).
    """
    b = _Builder()
    for i, block in enumerate(blocks):
        if i % CLOCK_EVERY == 0:
            check_deadline("joining the text")
        if block.line is not None:
            b.line(block.line)
        elif block.grid is not None:
            b.grid(block.grid)
    text = "".join(b.parts)
    starts = tuple(p.start for p in b.pieces)
    return Stream(text, tuple(b.pieces), starts, frozenset(b.soft), frozenset(b.hard),
                  decorated_footers=decorated_footers, ocr_cells=frozenset(b.ocr))


def cell_spans(text: str, start: int, end: int) -> list[Span]:
    """The (start, end) of each cell of text[start:end], cut at CELL (one span where the line marks none)."""
    out, pos = [], start
    while (cut := text.find(CELL, pos, end)) >= 0:
        out.append((pos, cut))
        pos = cut + 1
    out.append((pos, end))
    return out
