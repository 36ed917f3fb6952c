"""Find the main content of a page: the article container and what must stay beside it.

Brief step 2: when one element holds most of the page's text it is the
article; what lies beside it is mostly site chrome (link lists, copyright
lines, 'related reports').  Descending blindly would also lose the report's
own title, date line or a short last section printed outside the container,
so siblings along the way are kept when they look like report content
(a title, a date, a numbered heading, a table) and are not link lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docstruct.extract.readers.html.layout import LayoutTables
from docstruct.extract.readers.html.rules import (
    BLOCK_TAGS,
    LINK_DENSITY,
    SECTION_HEADING_RE,
    TITLE_RE,
    all_text,
    hard_skip,
    is_chrome,
    is_element,
    link_density,
    nonspace_len,
    tag_of,
    text_weight,
)

# A child holding this share of its parent's text is the article container
# (descend into it).  Chrome that is not marked up as such is rarely more
# than a tenth of a report page; 0.85 leaves room for a title block and a
# short closing section printed outside the container.
ARTICLE_SHARE = 0.85
# A sibling beside the container is report content when it holds a table, or
# when it is this short and looks like a title, a date line or a heading; never
# when it is mostly link text (LINK_DENSITY).
HEAD_KEEP_CHARS = 300
# Text of a node outside its children, beyond this many characters, is content
# of that node: the descent stops there.
BARE_TEXT_MAX_CHARS = 20
# A container is never a table's row group or row: a data table holding most
# of a page's text is read whole, with the text around it.
TABLE_INNER_TAGS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})

_MARKER_RE = re.compile(
    "|".join(
        (
            TITLE_RE.pattern,
            r"(?:发布|发文|成文|印发|更新)?(?:时间|日期)(?:\s*[:：])?\s*\d{4}",
            # a head field naming the agency ('发布机构：兰考县财政局' beside the article; issue 17)
            r"(?:发布机构|发布单位|发文机关|发布部门|信息来源)\s*[:：]",
            r"\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}",
            SECTION_HEADING_RE.pattern,
            r"[(（][一二三四五六七八九十]{1,2}[)）]",
        )
    )
)


@dataclass(frozen=True)
class Selection:
    """The elements to read, in document order, and why."""

    roots: tuple[Any, ...]
    container: Any
    page_weight: int


def _keep_beside(el: Any, page_weight: int) -> bool:
    """Whether a sibling of the container is report content."""
    if hard_skip(el) or is_chrome(el, page_weight):
        return False
    text = all_text(el)
    if not text.strip():
        return False
    if link_density(el) >= LINK_DENSITY:
        return False
    if el.find(".//table") is not None or tag_of(el) == "table":
        return True
    return nonspace_len(text) <= HEAD_KEEP_CHARS and _MARKER_RE.search(text) is not None


def _bare_text_blocks(node: Any) -> bool:
    """Whether the node's own text (not its children's) is report content.

    Old pages leave <font> tags unclosed, so paragraphs end up as bare text
    of a wrapper; descending past it would lose them.  Separators such as
    ' | ' between chrome links are short and do not count.
    """
    pieces = [node.text or ""] + [c.tail or "" for c in node]
    if sum(nonspace_len(p) for p in pieces) > BARE_TEXT_MAX_CHARS:
        return True
    return any(p.strip() and _MARKER_RE.search(p) for p in pieces)


def _dominant_child(node: Any, weight: int, page_weight: int) -> tuple[Any, int] | None:
    """The child holding ARTICLE_SHARE of ``node``'s text, if one does, and its weight.

    Stops as soon as the answer is known: a page of 200 000 sibling
    paragraphs is not weighed paragraph by paragraph to the end.  The weight
    goes back with the child so the next level does not weigh it again.
    """
    need = ARTICLE_SHARE * weight
    seen = 0
    for child in node:
        if not is_element(child) or hard_skip(child) or is_chrome(child, page_weight):
            continue
        w = text_weight(child) if len(child) or child.text else 0
        if w >= need and w > 0:
            return (child, w) if _holds_blocks(child) else None
        seen += w + nonspace_len(child.tail or "")
        if weight - seen < need:
            return None
    return None


def _holds_blocks(el: Any) -> bool:
    """A container of blocks (div, section, layout cell), not a heading or a paragraph."""
    return any(is_element(c) and tag_of(c) in BLOCK_TAGS for c in el)


def select_content(body: Any, max_depth: int, layout: LayoutTables | None = None) -> Selection:
    """The article container and the report content kept beside it (at most max_depth levels down)."""
    layout = layout or LayoutTables()
    page_weight = text_weight(body)
    node, weight = body, page_weight
    before: list[Any] = []
    after: list[Any] = []
    for _level in range(max_depth):
        if not weight or _bare_text_blocks(node):
            break
        dominant = _dominant_child(node, weight, page_weight)
        if dominant is None:
            break
        child, child_weight = dominant
        if tag_of(child) in TABLE_INNER_TAGS and not layout.enclosing(child):
            break
        siblings = [c for c in node if is_element(c)]
        at = siblings.index(child)
        before += [s for s in siblings[:at] if _keep_beside(s, page_weight)]
        after = [s for s in siblings[at + 1 :] if _keep_beside(s, page_weight)] + after
        node, weight = child, child_weight
    return Selection((*before, node, *after), node, page_weight)
