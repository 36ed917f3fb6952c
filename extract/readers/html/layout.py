"""Tables used for page layout, and link lists: the structures that are not report content.

A data table's cells hold short texts: the longest cell of the national
template is table 三's note (about 40 characters), and r15's longest is the
same note.  Old portal templates lay pages out in tables instead: a banner
row, a navigation cell of links, a content cell holding the whole report
(its paragraphs and its own data tables).  Such a table is read as blocks,
never as a grid (brief step 3: 'unless the outer table is a pure layout
wrapper').
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.etree

from docstruct.extract.readers.html.rules import (
    CELL_TAGS,
    LINK_DENSITY,
    ROW_GROUP_TAGS,
    all_text,
    link_density,
    nonspace_len,
    tag_of,
)

# A cell holding more text than this is a page region, not a table cell
# (ten times the longest template cell).
LAYOUT_CELL_CHARS = 400
# A link list: at least this many links making up at least LINK_DENSITY of its text.
LINK_LIST_MIN_LINKS = 3
LINK_LIST_TAGS = frozenset({"td", "th", "ul", "ol", "dl", "menu"})


def own_cells(el: Any) -> Iterator[Any]:
    """The cells of a table, row group or row; not those of tables nested in them.

    A table's cells sit in it, in its rows, or in the rows of its row groups; a
    row group's in it or in its rows; a row's in it.  Two loops, not a generator
    per row (one frame per row was a third of is_layout_table on a 10,000-row table).
    """
    outer = tag_of(el)
    for child in el:
        tag = child.tag  # a comment's or PI's tag is no string: never a cell nor a row
        if tag in CELL_TAGS:
            yield child
        elif tag == "tr" and outer != "tr":
            yield from (cell for cell in child if cell.tag in CELL_TAGS)
        elif tag in ROW_GROUP_TAGS and outer == "table":
            for row in child:
                row_tag = row.tag
                if row_tag in CELL_TAGS:
                    yield row
                elif row_tag == "tr":
                    yield from (cell for cell in row if cell.tag in CELL_TAGS)


def _has_text(el: Any) -> bool:
    """Whether any text piece of ``el`` holds a non-space character: whether their join does."""
    text = (el.text or "") if not len(el) else all_text(el)
    return bool(text) and not text.isspace()


def cells_with_text(el: Any, limit: int) -> int:
    """How many of ``el``'s own cells hold text, counting no further than ``limit``."""
    count = 0
    for cell in own_cells(el):
        if _has_text(cell):
            count += 1
            if count >= limit:
                break
    return count


def is_layout_table(table: Any) -> bool:
    """A table laid out as page regions: text in at most one cell, or a cell holding a page's worth."""
    if cells_with_text(table, limit=2) <= 1:
        return True
    return any(nonspace_len(all_text(cell)) > LAYOUT_CELL_CHARS for cell in _LONG_CELLS(table))


def _over_layout_chars(cell: Any) -> bool:
    """More than LAYOUT_CELL_CHARS non-space characters; a text no longer than that is not counted.

    The definition _LONG_CELLS and is_layout_table follow (tests/test_hot_paths.py).
    """
    text = (cell.text or "") if not len(cell) else all_text(cell)
    return len(text) > LAYOUT_CELL_CHARS and nonspace_len(text) > LAYOUT_CELL_CHARS


# A table's own cells (own_cells, as a set) whose text is longer than LAYOUT_CELL_CHARS
# characters: libxml2 measures every cell in one call, where a loop over own_cells made
# a Python string per cell (80,000 on issue 18's 10,000-row page).  string-length counts
# characters as len() does; a cell this long is then weighed without its spaces.
_CELL_STEPS = ("td", "th", "tr/td", "tr/th")
_OWN_CELL_STEPS = (*_CELL_STEPS, *(f"{group}/{step}" for group in sorted(ROW_GROUP_TAGS) for step in _CELL_STEPS))
_LONG_CELLS = lxml.etree.XPath(f"({' | '.join(_OWN_CELL_STEPS)})[string-length() > {LAYOUT_CELL_CHARS}]")


class LayoutTables:
    """is_layout_table once per table of one page.

    Content selection asks it of the table it stops at (``enclosing``) and the
    walk asks it again of the same table; each answer reads every cell's text (a 10,000-row
    table: 80,000 cells twice).  Keys are the page's elements: lxml returns the same proxy
    for an element while one is held, and this memo holds them for the one read.
    """

    def __init__(self) -> None:
        self._known: dict[Any, bool] = {}

    def is_layout(self, table: Any) -> bool:
        """is_layout_table(table), remembered."""
        known = self._known.get(table)
        if known is None:
            known = self._known[table] = is_layout_table(table)
        return known

    def enclosing(self, el: Any) -> bool:
        """For a table, row group or row: whether its table is a layout table."""
        if tag_of(el) == "table":
            return self.is_layout(el)
        table = next(el.iterancestors("table"), None)
        return table is not None and self.is_layout(table)


def is_link_list(el: Any) -> bool:
    """A navigation cell or list: several links and little else."""
    if tag_of(el) not in LINK_LIST_TAGS:
        return False
    for links, _ in enumerate(el.iter("a"), start=1):
        if links >= LINK_LIST_MIN_LINKS:
            return link_density(el) >= LINK_DENSITY
    return False
