"""An HTML <table> as a cell-position grid: rowspan/colspan placed as a browser does.

Brief step 3: each merged cell appears once, at its top-left position, with
its spans; ``&nbsp;``, ``<o:p> </o:p>`` and empty cells are empty text (blank
cells).  A table nested in a cell is part of that cell's text; a table whose
text all sits in one cell is a layout wrapper, read as blocks instead
(``is_layout_table``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docstruct.extract.errors import LimitExceeded
from docstruct.extract.readers.blocks import CellPlace, RawCells
from docstruct.extract.readers.html.rules import (
    BLOCK_TAGS,
    CELL_TAGS,
    ROW_GROUP_TAGS,
    all_text,
    child_steps,
    hard_skip,
    hidden_by,
    inline_text,
    is_element,
    is_hidden,
    tag_of,
)

# The HTML table model caps colspan at 1000 and rowspan at 65534; a table
# wider than this many columns is not a report table but a hostile page.
MAX_COLSPAN = 1000
MAX_GRID_COLUMNS = 4000


# Joins a table's raw cell texts for one inline_text pass: neither whitespace, a
# control nor an East Asian wide character, so no rule of inline_text matches
# across it (a text holding it is read one by one).
_CELL_JOIN = "\uffff"


@dataclass(frozen=True)
class RawGrid(RawCells):
    """A table before normalisation: its cells' texts (inline, stripped) and places, its caption."""

    caption: str = ""


def _rows(table: Any, path: str) -> list[list[tuple[Any, str, list[str]]]]:
    """Each row's shown (cell, cell path) of this table, not of nested ones.

    Rows sit directly in the table or in thead/tbody/tfoot; cells placed
    straight in a <table> (libxml2 keeps them there) form one implicit row.
    """
    rows: list[list[tuple[Any, str, list[str]]]] = []
    loose: list[tuple[Any, str, list[str]]] = []
    for child, step in child_steps(table):
        tag = tag_of(child)
        if tag == "tr" and _shown(child):
            rows.append(_cells(child, f"{path}/{step}"))
        elif tag in ROW_GROUP_TAGS:
            for row, row_step in child_steps(child):
                if tag_of(row) == "tr" and _shown(row):
                    rows.append(_cells(row, f"{path}/{step}/{row_step}"))
        elif tag in CELL_TAGS and not is_hidden(child):
            loose.append((child, f"{path}/{step}", child.keys()))
    if loose:
        rows.append(loose)
    return rows


def _shown(row: Any) -> bool:
    """Not a hidden row, nor Word's zero-height row that only sets column widths.

    Word HTML ends tables with ``<![if !supportMisalignedColumns]><tr height=0>``
    and one empty cell per column; read as a row it would be a row of blank cells.
    """
    return not is_hidden(row) and (row.get("height") or "").strip() != "0"


def _cells(row: Any, path: str) -> list[tuple[Any, str, list[str]]]:
    """The row's shown cells with their paths and attribute names: child_steps' steps,
    counted only for td and th.

    A row holds cells (and rarely anything else): one tag list and two counts
    number them, where child_steps built a dict and a tuple per child.
    """
    tags = [child.tag for child in row]
    tds, ths = tags.count("td"), tags.count("th")
    seen_td = seen_th = 0
    out: list[tuple[Any, str, list[str]]] = []
    for child, tag in zip(row, tags, strict=True):
        if tag == "td":
            seen_td += 1
            step = f"td[{seen_td}]" if tds > 1 else "td"
        elif tag == "th":
            seen_th += 1
            step = f"th[{seen_th}]" if ths > 1 else "th"
        else:
            continue
        names = child.keys()  # spans and hiding read from one keys() call (rules.hidden_by)
        if not hidden_by(child, names):
            out.append((child, f"{path}/{step}", names))
    return out


def _span(cell: Any, name: str, limit: int, zero: int) -> int:
    """A span attribute as the HTML table model reads it: leading digits, clamped.

    ``rowspan="0"`` runs to the end of the table (``zero`` = rows left);
    ``colspan="0"`` is 1.
    """
    raw = cell.get(name)
    if raw is None:  # most cells: no span attribute at all
        return 1
    value = raw.strip()
    digits = ""
    for ch in value:
        if not ch.isdecimal():  # int() reads decimal digits only, not "³" (fuzz seed 8 html 5266)
            break
        digits += ch
    if not digits:
        return 1
    n = int(digits[:6])
    if n == 0:
        return zero
    return max(1, min(n, limit))


def cell_text(cell: Any) -> str:
    """A cell's text on one line: blocks, <br> and nested table cells become spaces."""
    if hard_skip(cell):
        # what the walk below has always given for a skipped element (a hidden <caption>): its tail
        return inline_text(cell.tail or "").strip()
    return inline_text(_raw_text(cell)).strip()


def _raw_text(cell: Any) -> str:
    """A shown cell's text before inline_text: block boundaries and <br> as spaces.

    The spaces around the cell's own text are left out where a shortcut gives
    it: inline_text and the strip after it give the same either way (the break
    and control rules need a character beyond a space; tests/test_hot_paths_readers.py).
    """
    if not len(cell):
        # a cell with no child node (most generated and many crawled cells, '<td>2</td>')
        return cell.text or ""
    shallow = _shallow_text(cell, 0)
    return shallow if shallow is not None else _walk_text(cell)


def _shallow_text(el: Any, depth: int) -> str | None:
    """_walk_text's text for the usual shapes of cells, or None for the walk.

    Inline children of inline content ('<td><span>信息内容<o:p/></span></td>', Word),
    <br>, and blocks of those ('<td><p align=center>本年新<br/>制作数量</p></td>', the
    generator and Word): a subtree with only inline elements inside is read by
    libxml2 in one call (all_text), a block between spaces, a <br> as a space.
    Two levels deep at most; anything skipped, a comment (the walk drops it with
    its tail) or a deeper block takes the walk.
    """
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or hard_skip(child):
            return None
        if tag == "br" and not len(child):
            parts.append(f"{child.text or ''} ")
        elif _inline_inside(child):
            text = all_text(child)
            parts.append(f" {text} " if tag in BLOCK_TAGS else text)
        elif depth == 0 and tag in BLOCK_TAGS:
            inner = _shallow_text(child, 1)
            if inner is None:
                return None
            parts.append(f" {inner} ")
        else:
            return None
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _inline_inside(el: Any) -> bool:
    """Whether every node inside ``el`` is an element that is neither a block, nor a <br>, nor skipped."""
    for inner in el.iterdescendants():
        tag = inner.tag
        if not isinstance(tag, str) or tag in BLOCK_TAGS or tag == "br" or hard_skip(inner):
            return False
    return True


def _walk_text(cell: Any) -> str:
    """The cell's text, walked: a block adds a space before and after it, a <br> after it.

    Iterative (the walk is bounded by the page's depth, never by Python's stack).
    """
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(cell, False)]
    while stack:
        el, done = stack.pop()
        if done:
            if tag_of(el) in BLOCK_TAGS or tag_of(el) == "br":
                parts.append(" ")
            if el is not cell and el.tail:
                parts.append(el.tail)
            continue
        if hard_skip(el):
            if el.tail:
                parts.append(el.tail)
            continue
        if tag_of(el) in BLOCK_TAGS:
            parts.append(" ")
        stack.append((el, True))
        if el.text:
            parts.append(el.text)
        stack.extend((child, False) for child in reversed(el) if is_element(child))
    return "".join(parts)


def inline_texts(raws: list[str]) -> list[str]:
    """``[inline_text(t).strip() for t in raws]`` with one pass of inline_text's rules for all."""
    joined = _CELL_JOIN.join(raws)
    if joined.count(_CELL_JOIN) != len(raws) - 1:  # a text holds the joiner itself
        return [inline_text(t).strip() for t in raws]
    return [t.strip() for t in inline_text(joined).split(_CELL_JOIN)] if raws else []


def _inline_only(cell: Any) -> bool:
    """Whether cell_text's walk would only gather text: the cell is read, and every node
    inside is an element (the walk drops a comment with its tail) that is neither a block,
    nor a <br>, nor skipped."""
    return not hard_skip(cell) and _inline_inside(cell)


def table_to_grid(table: Any, path: str) -> RawGrid:
    """The table's cells placed on the grid, each merged cell once at its top-left."""
    rows = _rows(table, path)
    busy: dict[int, int] = {}  # column -> last row it is covered to (rowspans)
    raws: list[str] = []
    places: list[CellPlace] = []
    for r, row_cells in enumerate(rows):
        col = 0
        left = len(rows) - r
        for cell, cell_path, names in row_cells:
            while busy.get(col, -1) >= r:
                col += 1
            # a span attribute not among the names is 1, as _span reads a missing one
            rowspan = _span(cell, "rowspan", left, left) if "rowspan" in names else 1
            colspan = _span(cell, "colspan", MAX_COLSPAN, 1) if "colspan" in names else 1
            if col + colspan > MAX_GRID_COLUMNS:
                raise LimitExceeded(f"html: table {path} is wider than {MAX_GRID_COLUMNS} columns")
            raws.append(_raw_text(cell))
            places.append((r, col, rowspan, colspan, cell_path))
            for c in range(col, col + colspan):
                busy[c] = r + rowspan - 1
            col += colspan
    caption = next((cell_text(c) for c in table if is_element(c) and tag_of(c) == "caption"), "")
    return RawGrid(tuple(inline_texts(raws)), tuple(places), path, caption)
