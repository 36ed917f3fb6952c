"""The source as the view reads it: the reader's blocks and the page images, typed, built once from JSON.

The worker pool hands the view its payload as JSON data (view/data.py,
``extract.view_data.document_blocks``); this is where it is read, once, so the
source pane, the links and the terminal view read attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docstruct.extract.model import Source
from docstruct.view.record_shape import json_to_source

# one run of Line.origin: (clean_start, original_start, length), both advancing together (view_data._origin_runs)
OriginRun = tuple[int, int, int]


@dataclass(frozen=True)
class GridCellShape:
    """A cell of a reader's grid (an HTML or DOCX table), where it sits and where it was read."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    source: Source


@dataclass(frozen=True)
class BlockShape:
    """One block of the Document as the reader saw it: a line of text, or a grid with its cells.

    index: the block's place in reading order (its anchor is ``b<index>``);
    origin: the clean text's map to the original line (only for a line read with a span).
    """

    index: int
    kind: str  # "line" or "grid"
    text: str
    source: Source
    origin: tuple[OriginRun, ...] = ()
    found_by: str = ""
    cells: tuple[GridCellShape, ...] = ()


@dataclass(frozen=True)
class PageShape:
    """One rendered PDF page: its size in PDF points (the unit of every bbox) and its PNG as base64."""

    page: int
    width: float
    height: float
    png: str


def _grid_cell(cell: Mapping[str, Any]) -> GridCellShape:
    return GridCellShape(int(cell["row"]), int(cell.get("col", 0)), int(cell.get("rowspan", 1)),
                         int(cell.get("colspan", 1)), str(cell.get("text", "")), json_to_source(cell.get("source")))


def json_to_block(block: Mapping[str, Any]) -> BlockShape:
    """A block of ``document_blocks`` as a BlockShape."""
    origin = tuple((int(a), int(b), int(n)) for a, b, n in block.get("origin") or ())
    return BlockShape(int(block["index"]), str(block["kind"]), str(block.get("text", "")),
                      json_to_source(block.get("source")), origin, str(block.get("found_by", "")),
                      tuple(_grid_cell(c) for c in block.get("cells", [])))


def json_to_page(page: Mapping[str, Any]) -> PageShape:
    """A page of ``view_payload`` as a PageShape."""
    return PageShape(int(page["page"]), float(page["width"]), float(page["height"]), str(page["png"]))
