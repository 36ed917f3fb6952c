"""Walk the selected content in reading order: block elements become lines, tables grids.

Brief steps 3-5.  Block elements (p, div, h1-h6, li, td outside a table …)
and <br> end a line; inline elements (span, font, b, a, o:p) never do, so a
page printing every cell as its own <p> or <div> gives one line per cell for
the text pipeline's flattened-table rebuild.  Each line's provenance is the
path of the block element its first text sat in.

The walk is iterative with an explicit stack.  Elements nested deeper than
``ReadOptions.max_depth`` are not walked: their text is read as inline text
of the line in progress (flattened), with one warning.  The parser itself
refuses pages past libxml2's limit (html_decode.parse_html).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from docstruct.extract.errors import TimeLimitExceeded
from docstruct.extract.readers.blocks import RawText
from docstruct.extract.readers.html.grid import RawGrid, table_to_grid
from docstruct.extract.readers.html.layout import LayoutTables, is_link_list
from docstruct.extract.readers.html.rules import (
    BLOCK_TAGS,
    HARD_SKIP_TAGS,
    PRE_TAGS,
    all_text,
    child_steps,
    hidden_by,
    inline_text,
    is_chrome_by,
    tag_of,
)

# Empty leaf blocks of these kinds give an empty line: in a page printing one
# cell per <p> or <div>, ``<p>&nbsp;</p>`` is a blank cell, as an empty line is
# in the text layouts (extract/stream.py keeps blank lines as empty rows).
# Not td/th: the empty cells of a layout table are spacers (``<td width=10>``).
EMPTY_LINE_TAGS = frozenset({"p", "div", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"})
# How many elements to visit between two looks at the clock.
CLOCK_EVERY = 64

_ENTER, _EXIT, _TAIL = 0, 1, 2


RawLine = RawText  # a line before normalisation, with the path of its block element
RawBlock = RawLine | RawGrid


class _Node:
    """An element's place in the tree; its path string is built only when asked for."""

    __slots__ = ("_path", "parent", "step")

    def __init__(self, parent: _Node | None, step: str, path: str | None = None) -> None:
        self.parent = parent
        self.step = step
        self._path = path

    def path(self) -> str:
        """The element path, e.g. ``body/div[2]/table/tbody/tr[4]/td[2]``."""
        chain: list[_Node] = []
        node: _Node | None = self
        while node is not None and node._path is None:
            chain.append(node)
            node = node.parent
        base = node._path if node is not None and node._path is not None else ""
        for item in reversed(chain):
            base = f"{base}/{item.step}" if base else item.step
            item._path = base
        return base


@dataclass(frozen=True)
class WalkLimits:
    """Bounds on one walk: nesting depth and a wall-clock deadline (perf_counter)."""

    max_depth: int
    deadline: float
    max_seconds: float


class BlockWalker:
    """Turns selected elements into RawLine and RawGrid blocks, in order."""

    def __init__(self, page_weight: int, limits: WalkLimits, layout: LayoutTables | None = None) -> None:
        self.blocks: list[RawBlock] = []
        self._layout = layout or LayoutTables()
        self.warnings: list[str] = []
        self._page_weight = page_weight
        self._limits = limits
        self._parts: list[str] = []
        self._owner: _Node | None = None
        self._open: list[_Node] = []
        # per open block: how many blocks existed when it opened, -1 once it holds a block
        self._leaf: list[int] = []
        self._visited = 0

    def walk(self, root: Any, path: str) -> None:
        """Read ``root`` (whose own tail is not part of it) into blocks."""
        node = _Node(None, "", path)
        depth = path.count("/") + 2  # html, body, ...
        self._open.append(node)
        stack: list[tuple[int, Any, _Node, int]] = [(_ENTER, root, node, depth)]
        while stack:
            kind, el, at, level = stack.pop()
            if kind == _TAIL:
                self._text(el.tail)
            elif kind == _EXIT:
                self._close(el, at)
            elif self._enter(el, at, level, root):
                if tag_of(el) in BLOCK_TAGS:
                    self.flush()
                    self._open.append(at)
                    self._leaf.append(len(self.blocks))
                    if len(self._leaf) > 1:
                        self._leaf[-2] = -1  # the parent holds a block: not a leaf
                    stack.append((_EXIT, el, at, level))
                self._text(el.text)
                for child, step in reversed(list(child_steps(el))):
                    stack.append((_TAIL, child, at, level))
                    stack.append((_ENTER, child, _Node(at, step), level + 1))
        self.flush()
        self._open.pop()

    def _enter(self, el: Any, at: _Node, level: int, root: Any) -> bool:
        """Handle what is not walked into; True when the element's content is walked."""
        self._tick()
        tag = tag_of(el)
        names = el.keys()  # hard_skip and is_chrome without a lookup per attribute they might read
        if tag in HARD_SKIP_TAGS or hidden_by(el, names):
            return False
        if el is not root and (is_chrome_by(el, tag, names, self._page_weight) or is_link_list(el)):
            return False
        if level > self._limits.max_depth:
            self._flatten(el)
            return False
        if tag == "br":
            self.flush()
            return False
        if tag in PRE_TAGS:
            self._pre(el, at)
            return False
        if tag == "table" and not self._layout.is_layout(el):
            self._table(el, at)
            return False
        return True

    def _close(self, el: Any, at: _Node) -> None:
        """End a block; an empty leaf block is an empty line (a blank cell of a flattened table)."""
        self.flush()
        self._open.pop()
        start = self._leaf.pop()
        if start == len(self.blocks) and tag_of(el) in EMPTY_LINE_TAGS:
            self.blocks.append(RawLine("", at.path()))

    def _tick(self) -> None:
        self._visited += 1
        if self._visited % CLOCK_EVERY == 0 and time.perf_counter() > self._limits.deadline:
            raise TimeLimitExceeded(f"html: reading took longer than {self._limits.max_seconds:g} s")

    def _text(self, text: str | None) -> None:
        if not text:
            return
        self._parts.append(text)
        if self._owner is None and text.strip():
            self._owner = self._open[-1]

    def flush(self) -> None:
        """End the line in progress (a block boundary or <br>)."""
        if self._owner is not None:
            text = inline_text("".join(self._parts))
            if text.strip():
                self.blocks.append(RawLine(text, self._owner.path()))
        self._parts = []
        self._owner = None

    def _flatten(self, el: Any) -> None:
        """Too deep to walk: the subtree's text joins the line in progress."""
        message = f"html: content nested deeper than {self._limits.max_depth} elements was read as plain text"
        if message not in self.warnings:
            self.warnings.append(message)
        self._text(all_text(el))

    def _pre(self, el: Any, at: _Node) -> None:
        """Preformatted text keeps its line breaks; markup-looking text stays text."""
        self.flush()
        for raw in all_text(el).split("\n"):
            text = inline_text(raw)
            if text.strip():
                self.blocks.append(RawLine(text, at.path()))

    def _table(self, el: Any, at: _Node) -> None:
        self.flush()
        grid = table_to_grid(el, at.path())
        if grid.caption:
            self.blocks.append(RawLine(grid.caption, f"{grid.path}/caption"))
        if any(grid.texts):
            self.blocks.append(grid)
