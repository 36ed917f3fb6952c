"""Table rules found in a page image: long thin runs of ink, as the PDF reader's edges (in points).

A ruled table's lines are the reliable grid of a scan (real-world-variations.md
'Scans'): the ink is opened with a long horizontal (vertical) stroke, which
keeps only runs longer than any stroke of a character, and each run left
becomes one edge, in the shape pdfium_edges gives for a text PDF's vector
rules, so the same table finder (pdf/tables.py) builds the same grid model.
The page is levelled first (images.level), so rules run along pixel rows.
"""

from __future__ import annotations

from typing import Any

from docstruct.extract.readers.pdf.tables import rule_edge

# A rule is a run of ink at least this long (inches): longer than any stroke
# of body or heading text (a 16 pt character is 0.22 in), shorter than one
# table row (0.3 in in the reports seen).
MIN_RULE_INCHES = 0.2
# ...and at most this thick (inches): a filled block is no rule.
MAX_RULE_INCHES = 0.04
# Gaps this long (inches) in a rule are bridged first (JPEG noise, a faint scan).
BRIDGE_INCHES = 0.015
# Most rules a page may give (a photo's texture could give thousands).
MAX_RULES = 2000


def _runs(ink: Any, horizontal: bool, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the ink runs along one axis."""
    import cv2

    length = max(8, round(MIN_RULE_INCHES * dpi))
    bridge = max(1, round(BRIDGE_INCHES * dpi))
    along = (length, 1) if horizontal else (1, length)
    close = (bridge, 1) if horizontal else (1, bridge)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close))
    opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))
    count, _, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    return [tuple(int(v) for v in stats[i][:4]) for i in range(1, count)]  # type: ignore[misc]


def image_rules(grey: Any, dpi: float) -> tuple[list[dict[str, Any]], bool]:
    """The page's horizontal and vertical rules as edges in points, and whether MAX_RULES cut them."""
    import cv2

    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    scale = 72.0 / dpi
    thick = MAX_RULE_INCHES * dpi
    edges: list[dict[str, Any]] = []
    for horizontal in (True, False):
        for x, y, w, h in sorted(_runs(ink, horizontal, dpi)):
            if (h if horizontal else w) > thick:
                continue
            if horizontal:
                p, q = (x * scale, (y + h / 2) * scale), ((x + w) * scale, (y + h / 2) * scale)
            else:
                p, q = ((x + w / 2) * scale, y * scale), ((x + w / 2) * scale, (y + h) * scale)
            edge = rule_edge(p, q)
            if edge is not None:
                edges.append(edge)
    return edges[:MAX_RULES], len(edges) > MAX_RULES
