"""The left pane: the source as the reader saw it, every piece of document text escaped.

text: numbered lines; PDF: page images with the boxes of the cells read (and of
every text line, faint) drawn over them as SVG; HTML and DOCX: their lines and
table grids.  Each highlightable element carries its anchor id and, in
``data-cells``, the keys of the cells it gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from docstruct.extract.model import Source
from docstruct.view.links import Box, Links, Mark
from docstruct.view.source_shape import BlockShape, PageShape


def attr(value: object) -> str:
    """An attribute value, escaped (quotes included)."""
    return escape(str(value), quote=True)


def _cells_attr(links: Links, anchor: str) -> str:
    keys = links.anchor_cells.get(anchor)
    return f' data-cells="{attr(" ".join(keys))}"' if keys else ""


def _segments(text: str, marks: list[Mark], links: Links) -> str:
    """A line's text with its cell spans wrapped in <mark>; overlapping spans nest by start."""
    out: list[str] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < pos:
            continue  # overlaps the previous mark: the line itself still links both cells
        out.append(escape(text[pos : mark.start]))
        out.append(
            f'<mark class="seg" id="{attr(mark.anchor)}"{_cells_attr(links, mark.anchor)}>'
            f"{escape(text[mark.start : mark.end])}</mark>"
        )
        pos = mark.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _where(src: Source) -> str:
    if src.line is not None:
        return str(src.line)
    if src.page is not None:
        return f"p{src.page}"
    return ""


def _line(block: BlockShape, links: Links) -> str:
    anchor = f"b{block.index}"
    src = block.source
    title = f' title="{attr(src.path)}"' if src.path else ""
    body = _segments(block.text, links.marks.get(block.index, []), links)
    return (
        f'<div class="line" id="{anchor}"{_cells_attr(links, anchor)}{title}>'
        f'<span class="no">{escape(_where(src))}</span><span class="text">{body}</span></div>'
    )


def _grid(block: BlockShape, links: Links) -> str:
    rows: dict[int, list[str]] = {}
    for k, cell in enumerate(block.cells):
        anchor = f"b{block.index}c{k}"
        span = ""
        if cell.rowspan > 1:
            span += f' rowspan="{cell.rowspan}"'
        if cell.colspan > 1:
            span += f' colspan="{cell.colspan}"'
        rows.setdefault(cell.row, []).append(
            f'<td class="gcell" id="{anchor}"{span}{_cells_attr(links, anchor)} title="{attr(cell.source.path or "")}">'
            f"{escape(cell.text)}</td>"
        )
    body = "".join(f"<tr>{''.join(cells)}</tr>" for _, cells in sorted(rows.items()))
    found = escape(block.found_by)
    anchor = f"b{block.index}"
    return f'<div class="grid" id="{anchor}"><div class="found">{found}</div><table>{body}</table></div>'


def _box(box: Box, links: Links) -> str:
    x0, top, x1, bottom = box.bbox
    return (
        f'<rect class="box {box.kind}" id="{attr(box.anchor) if box.kind == "cell" else attr(box.anchor + "r")}"'
        f' x="{x0:.2f}" y="{top:.2f}" width="{max(x1 - x0, 1):.2f}" height="{max(bottom - top, 1):.2f}"'
        f"{_cells_attr(links, box.anchor)}></rect>"
    )


def _page(page: PageShape, links: Links) -> str:
    n, w, h = page.page, page.width, page.height
    # line boxes first so cell boxes sit on top and take the click
    boxes = sorted(links.boxes.get(n, []), key=lambda b: b.kind != "line")
    rects = "".join(_box(b, links) for b in boxes)
    return (
        f'<figure class="page" id="page{n}"><figcaption>page {n}</figcaption>'
        f'<svg viewBox="0 0 {w:.2f} {h:.2f}" xmlns="http://www.w3.org/2000/svg" role="img">'
        f'<image href="data:image/png;base64,{attr(page.png)}" x="0" y="0" width="{w:.2f}" height="{h:.2f}"></image>'
        f"{rects}</svg></figure>"
    )


def render_source(fmt: str, blocks: Sequence[BlockShape], pages: Sequence[PageShape], links: Links) -> str:
    """The left pane's HTML."""
    parts: list[str] = []
    if pages:
        parts.append('<div class="pages">' + "".join(_page(p, links) for p in pages) + "</div>")
        parts.append('<details class="pdf-lines"><summary>text lines as read</summary>')
    for block in blocks:
        parts.append(_line(block, links) if block.kind == "line" else _grid(block, links))
    if pages:
        parts.append("</details>")
    kind = {"txt": "lines", "pdf": "pages", "html": "blocks and grids", "docx": "blocks and grids"}.get(fmt, "")
    return f'<h2>Source <small>{escape(fmt)} · {escape(kind)}</small></h2>' + "".join(parts)
