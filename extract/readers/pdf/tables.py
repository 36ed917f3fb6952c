"""Ruled tables: page rules -> edges -> pdfplumber's intersections and cells -> grids with spans.

Edges come from pdfium's path objects (every straight segment of a stroked or
filled path, a few milliseconds a page) or, as a cross-check, from
pdfplumber's own page parse (``plumber_edges``); both feed pdfplumber's table
finder stages (merge_edges, edges_to_intersections, intersections_to_cells,
cells_to_tables), so every stage stays inspectable as in debug_tablefinder.
pdfplumber returns None for the positions a merged cell covers; here the
spans are computed from the cell boxes against the table's distinct column
and row rules instead.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.limits import check_deadline
from docstruct.extract.readers.pdf.chars import Glyph, PageFrame

# pdfplumber's TableSettings defaults (points): snap/join rules this close,
# drop edges shorter than EDGE_MIN_LENGTH, intersect within INTERSECTION_TOLERANCE.
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
INTERSECTION_TOLERANCE = 3.0
# A segment is a rule when it runs this close to horizontal or vertical (points).
AXIS_TOLERANCE = 0.5
# Rules of one table closer than this are one column/row boundary (points).
BOUNDARY_TOLERANCE = 1.5
# A hostile page can hold millions of path segments; tables need a few hundred.
MAX_SEGMENTS_PER_PAGE = 100_000
# intersection points looked at between two looks at the clock
CLOCK_EVERY = 256
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class CellBox:
    """One cell of a found table: position, spans and box (display points)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass
class TableBox:
    """A ruled table on one page: its rules (column xs, row ys) and cells."""

    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[CellBox]
    at: dict[tuple[int, int], CellBox] = field(default_factory=dict)

    def cell_at(self, x: float, y: float) -> CellBox | None:
        """The cell whose area holds the point, if any."""
        col = bisect_right(self.xs, x) - 1
        row = bisect_right(self.ys, y) - 1
        if col < 0 or row < 0 or col >= len(self.xs) - 1 or row >= len(self.ys) - 1:
            return None
        return self.at.get((row, col))


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def rule_edge(p: tuple[float, float], q: tuple[float, float]) -> dict[str, Any] | None:
    """A segment from p to q as a pdfplumber edge when it runs along an axis (a table rule), else None."""
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) <= AXIS_TOLERANCE and abs(y0 - y1) > 0:
        top, bottom = min(y0, y1), max(y0, y1)
        x = (x0 + x1) / 2
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top, "width": 0.0,
                "height": bottom - top, "orientation": "v"}
    if abs(y0 - y1) <= AXIS_TOLERANCE and abs(x0 - x1) > 0:
        left, right = min(x0, x1), max(x0, x1)
        y = (y0 + y1) / 2
        return {"x0": left, "x1": right, "top": y, "bottom": y, "doctop": y, "width": right - left,
                "height": 0.0, "orientation": "h"}
    return None


class _PathReader:
    """Walks a page's objects (into form XObjects) and collects straight rules."""

    def __init__(self, frame: PageFrame) -> None:
        import pypdfium2.raw as pdfium_c

        self.c = pdfium_c
        self.frame = frame
        self.edges: list[dict[str, Any]] = []
        self.segments = 0
        self.x = ctypes.c_float()
        self.y = ctypes.c_float()

    def matrix(self, obj: Any) -> Matrix:
        m = self.c.FS_MATRIX()
        if not self.c.FPDFPageObj_GetMatrix(obj, m):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def visit(self, obj: Any, outer: Matrix) -> None:
        kind = self.c.FPDFPageObj_GetType(obj)
        if kind == self.c.FPDF_PAGEOBJ_FORM:
            inner = _compose(self.matrix(obj), outer)
            for j in range(self.c.FPDFFormObj_CountObjects(obj)):
                self.visit(self.c.FPDFFormObj_GetObject(obj, j), inner)
        elif kind == self.c.FPDF_PAGEOBJ_PATH and self.segments < MAX_SEGMENTS_PER_PAGE:
            self.path(obj, _compose(self.matrix(obj), outer))

    def _painted(self, obj: Any) -> bool:
        fill = ctypes.c_int()
        stroke = ctypes.c_int()
        if not self.c.FPDFPath_GetDrawMode(obj, fill, stroke):
            return True
        return bool(fill.value or stroke.value)

    def path(self, obj: Any, m: Matrix) -> None:
        if not self._painted(obj):
            return
        c = self.c
        count = c.FPDFPath_CountSegments(obj)
        self.segments += count
        start = current = None
        for i in range(count):
            seg = c.FPDFPath_GetPathSegment(obj, i)
            c.FPDFPathSegment_GetPoint(seg, self.x, self.y)
            x, y = self.x.value, self.y.value
            point = self.frame.point(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
            kind = c.FPDFPathSegment_GetType(seg)
            if kind == c.FPDF_SEGMENT_LINETO and current is not None:
                self._add(current, point)
            if kind == c.FPDF_SEGMENT_MOVETO:
                start = point
            current = point
            if c.FPDFPathSegment_GetClose(seg) and start is not None:
                self._add(current, start)
                current = start

    def _add(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        edge = rule_edge(p, q)
        if edge is not None:
            self.edges.append(edge)


def pdfium_edges(page: Any, frame: PageFrame) -> tuple[list[dict[str, Any]], bool]:
    """Every horizontal and vertical rule the page paints, and whether the segment bound cut it short."""
    import pypdfium2.raw as pdfium_c

    reader = _PathReader(frame)
    handle = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(handle)):
        reader.visit(pdfium_c.FPDFPage_GetObject(handle, i), IDENTITY)
    return reader.edges, reader.segments >= MAX_SEGMENTS_PER_PAGE


def plumber_edges(plumber_page: Any) -> list[dict[str, Any]]:
    """The same rules as pdfplumber parses them (a full pdfminer pass over the page)."""
    return list(plumber_page.edges)


def _boundaries(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= BOUNDARY_TOLERANCE:
            continue
        out.append(value)
    return out


def _index(bounds: list[float], value: float) -> int:
    """The index of the boundary nearest to value (bounds sorted)."""
    i = bisect_right(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds) or value - bounds[i - 1] <= bounds[i] - value:
        return i - 1
    return i


def cells_to_table(boxes: list[tuple[float, float, float, float]]) -> TableBox:
    """A table's cell boxes as a grid: merged cells get the spans their boxes cover."""
    xs = _boundaries([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _boundaries([b[1] for b in boxes] + [b[3] for b in boxes])
    cells: list[CellBox] = []
    at: dict[tuple[int, int], CellBox] = {}
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0 or (r0, c0) in at:
            continue
        cell = CellBox(r0, c0, r1 - r0, c1 - c0, box)
        cells.append(cell)
        for r in range(r0, r1):
            for c in range(c0, c1):
                at.setdefault((r, c), cell)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return TableBox(bbox, xs, ys, cells, at)


Point = tuple[float, float]
Box = tuple[float, float, float, float]


def _bbox(edge: dict[str, Any]) -> Box:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def intersections_to_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """pdfplumber.table.intersections_to_cells, same result, without its quadratic rescans.

    pdfplumber rebuilds the edge sets of both points on every connection test
    and filters all later points for each point; here the sets are built once
    and the points are indexed by column and row (a 30-row table 三 drops
    from ~8 ms to ~1 ms).
    """
    points = sorted(intersections)
    v_sets = {p: {_bbox(e) for e in intersections[p]["v"]} for p in points}
    h_sets = {p: {_bbox(e) for e in intersections[p]["h"]} for p in points}
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for p in points:
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    cells: list[Box] = []
    for i, pt in enumerate(points):
        if i % CLOCK_EVERY == 0:
            check_deadline("finding the cells of a PDF table")  # 30,000 random rules: many points (issue 16)
        below = [q for q in by_x[pt[0]] if q > pt and connects(pt, q)]
        right = [q for q in by_y[pt[1]] if q > pt and connects(pt, q)]
        cell = _smallest(pt, below, right, v_sets, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(pt: Point, below: list[Point], right: list[Point], known: dict[Point, Any], connects: Any) -> Box | None:
    for below_pt in below:
        for right_pt in right:
            corner = (right_pt[0], below_pt[1])
            if corner in known and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


def _bands(edges: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Edges split into vertically separate groups (one per table or stack of touching tables).

    pdfplumber snaps rules page-wide: table 二's column rule at x=421.3 and
    table 三's at x=424.2, a page apart in y, were averaged to 422.8 and no
    longer lined up with the next page's part of table 三.
    """
    bands: list[list[dict[str, Any]]] = []
    bottom = float("-inf")
    for edge in sorted(edges, key=lambda e: e["top"]):
        if not bands or edge["top"] > bottom + JOIN_TOLERANCE:
            bands.append([])
        bands[-1].append(edge)
        bottom = max(bottom, edge["bottom"]) if len(bands[-1]) > 1 else edge["bottom"]
    return bands


def edges_to_tables(edges: list[dict[str, Any]]) -> list[TableBox]:
    """pdfplumber's table finder on a page's rules, band by band; one-cell boxes are frames, not tables."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges

    tables: list[TableBox] = []
    for band in _bands(edges):
        if len(band) < 4:
            continue
        merged = merge_edges(band, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
        long_enough = [e for e in merged if _length(e) >= EDGE_MIN_LENGTH]
        points = edges_to_intersections(long_enough, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
        tables += [cells_to_table(group) for group in cells_to_tables(intersections_to_cells(points))]
    return tables


def _length(edge: dict[str, Any]) -> float:
    return float(edge["x1"] - edge["x0"] if edge["orientation"] == "h" else edge["bottom"] - edge["top"])


def assign_glyphs(glyphs: list[Glyph], tables: list[TableBox]) -> list[Glyph]:
    """Put each glyph whose centre lies in a table cell into that cell; return the others."""
    if not tables:
        return glyphs
    outside: list[Glyph] = []
    for glyph in glyphs:
        x = (glyph.x0 + glyph.x1) / 2
        y = (glyph.top + glyph.bottom) / 2
        for table in tables:
            x0, top, x1, bottom = table.bbox
            if x0 <= x <= x1 and top <= y <= bottom:
                cell = table.cell_at(x, y)
                if cell is not None:
                    cell.glyphs.append(glyph)
                    break
        else:
            outside.append(glyph)
    return outside
