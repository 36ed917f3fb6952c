"""Links between the record's cells and the source as the reader saw it.

Every cell (and fact) has a key (``applications.granted.total``, ``fact.3``);
every place in the source that can be highlighted has an anchor id: a line or
grid block (``b12``), a span inside a line (``b12s40-43``), a grid cell
(``b12c5``), a box on a PDF page (``p2k7``).  ``Links`` maps both ways, so the
page can highlight a cell's source and the cells a source line gave.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from docstruct.extract.checks import check_cells
from docstruct.extract.model import Check, Source
from docstruct.view.record_shape import RecordShape
from docstruct.view.source_shape import BlockShape

Bbox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Mark:
    """A highlighted span of a line's clean text (character offsets)."""

    start: int
    end: int
    anchor: str


@dataclass(frozen=True)
class Box:
    """A box drawn over a PDF page image, in PDF points (x0, top, x1, bottom)."""

    page: int
    bbox: Bbox
    anchor: str
    kind: str  # "cell" (a cell was read here) or "line" (a line of text)


@dataclass
class Links:
    """Both directions of the cell <-> source map, plus what the page draws."""

    cell_anchors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    anchor_cells: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    marks: dict[int, list[Mark]] = field(default_factory=lambda: defaultdict(list))
    boxes: dict[int, list[Box]] = field(default_factory=lambda: defaultdict(list))
    failed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def link(self, key: str, anchor: str) -> None:
        if anchor not in self.cell_anchors[key]:
            self.cell_anchors[key].append(anchor)
        if key not in self.anchor_cells[anchor]:
            self.anchor_cells[anchor].append(key)


def cells_of(record: RecordShape) -> list[tuple[str, Source]]:
    """Every cell and fact of a record with its key and its source, in record order."""
    out: list[tuple[str, Source]] = []
    for table, rows in record.tables.items():
        for row, cols in rows.items():
            out.extend((f"{table}.{row}.{col}", cell.source) for col, cell in cols.items())
    for i, fact in enumerate(record.facts):
        out.append((f"fact.{i}", fact.source))
    for t, generic in enumerate(record.generic_tables):
        for r, grow in enumerate(generic.rows):
            out.extend((f"generic.{t}.{r}.{c}", cell.source) for c, cell in enumerate(grow.cells) if cell)
    return out


def clean_range(block: BlockShape, span: tuple[int, int]) -> tuple[int, int] | None:
    """The clean-text range of a span given in the original line's offsets (via the origin runs)."""
    if not block.origin:
        return None
    a, b = span
    lo, hi = None, None
    for clean, orig, length in block.origin:
        s, e = max(orig, a), min(orig + length, b)
        if s < e:
            lo = clean + s - orig if lo is None else min(lo, clean + s - orig)
            hi = clean + e - orig if hi is None else max(hi, clean + e - orig)
    return None if lo is None or hi is None else (lo, hi)


def _overlaps(a: Bbox, b: Bbox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Index:
    """Blocks looked up by line number, element path and page."""

    def __init__(self, blocks: Sequence[BlockShape]) -> None:
        self.by_line: dict[int, list[BlockShape]] = defaultdict(list)
        self.by_path: dict[str, list[str]] = defaultdict(list)
        self.line_by_path: dict[str, list[BlockShape]] = defaultdict(list)
        self.pdf_lines: dict[int, list[BlockShape]] = defaultdict(list)
        for block in blocks:
            src = block.source
            if block.kind == "grid":
                for k, cell in enumerate(block.cells):
                    if cell.source.path:
                        self.by_path[cell.source.path].append(f"b{block.index}c{k}")
                continue
            if src.line is not None:
                self.by_line[src.line].append(block)
            if src.path is not None:
                self.line_by_path[src.path].append(block)
            if src.page is not None and src.bbox is not None:
                self.pdf_lines[src.page].append(block)


def _link_text(links: Links, key: str, lines: list[BlockShape], span: tuple[int, int] | None) -> None:
    for block in lines:
        links.link(key, f"b{block.index}")
        rng = clean_range(block, span) if span is not None else None
        if rng is not None:
            anchor = f"b{block.index}s{rng[0]}-{rng[1]}"
            if all(m.anchor != anchor for m in links.marks[block.index]):
                links.marks[block.index].append(Mark(rng[0], rng[1], anchor))
            links.link(key, anchor)


def _link_pdf(links: Links, index: _Index, key: str, page: int, bbox: Bbox, boxes: dict[tuple[int, Bbox], str]) -> None:
    anchor = boxes.get((page, bbox))
    if anchor is None:
        anchor = boxes[(page, bbox)] = f"p{page}k{len(boxes)}"
        links.boxes[page].append(Box(page, bbox, anchor, "cell"))
    links.link(key, anchor)
    for block in index.pdf_lines.get(page, []):
        if block.source.bbox is not None and _overlaps(bbox, block.source.bbox):
            links.link(key, f"b{block.index}")


def record_links(record: RecordShape, blocks: Sequence[BlockShape]) -> Links:
    """Link every cell and fact of the record to the blocks it was read from."""
    links = Links()
    index = _Index(blocks)
    boxes: dict[tuple[int, Bbox], str] = {}
    for key, src in cells_of(record):
        if src.page is not None and src.bbox is not None:
            _link_pdf(links, index, key, int(src.page), src.bbox, boxes)
        elif src.line is not None:
            _link_text(links, key, index.by_line.get(src.line, []), src.span)
        elif src.path is not None:
            for anchor in index.by_path.get(src.path, []):
                links.link(key, anchor)
            _link_text(links, key, index.line_by_path.get(src.path, []), src.span)
    for block in blocks:
        page, bbox = block.source.page, block.source.bbox
        if block.kind == "line" and page is not None and bbox is not None:
            links.boxes[page].append(Box(page, bbox, f"b{block.index}", "line"))
    _mark_failed(record, links)
    return links


def _mark_failed(record: RecordShape, links: Links) -> None:
    for check in record.checks:
        if check.ok is False:
            for key in failed_check_cells(record, check):
                links.failed[key].append(f"{check.rule}: {check.detail}")


def failed_check_cells(record: RecordShape, check: Check) -> list[str]:
    """The keys of the cells one check adds up."""
    template = record.metadata.template
    table = check.rule.split(".", 1)[0]
    present = list(record.tables.get(table, {}))
    return [f"{t}.{r}.{c}" for t, r, c in check_cells(str(template) if template is not None else None, check.rule,
                                                      present)]
