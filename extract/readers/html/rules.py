"""What the HTML reader keeps, drops and breaks lines on: tag sets, chrome rules, paths.

Shared by content selection (html_select), the block walk (html_walk) and
the table reader (html_grid).  Elements here are lxml.etree elements from
its HTML parser.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree

# Never content: code, styling, embedded objects, form controls, the head.
HARD_SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe",
        "frame", "object", "embed", "applet", "svg", "math", "canvas", "audio", "video",
        "map", "select", "option", "button", "input", "textarea", "datalist", "base",
    }
)  # fmt: skip
# Site chrome by tag (brief step 2); dropped unless they hold the report (see is_chrome).
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
# Site chrome by id/class (brief step 2): substrings, so 'topnav', 'bdsharebuttonbox'
# (Baidu's share bar on gov sites), 'breadcrumbs' and 'page-footer' all match.
CHROME_CLASS_RE = re.compile(r"nav|breadcrumb|crumb|footer|share|menu|sidebar|header|toolbar")
# A chrome element is kept when it holds this share of the page's text: ASP.NET
# pages wrap the whole body in <form id="form1">, some CMS the article in <header>.
CHROME_MAX_SHARE = 0.3
# A chrome-looking block this short that names the report or a section is the
# article's own title or heading, not chrome.
HEAD_MARKER_CHARS = 300
# Link text making up this share of a block's text makes it navigation.
LINK_DENSITY = 0.6
# Hidden by its style or attribute: never rendered, often SEO keyword stuffing.
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
        "main", "menu", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul", "frameset", "noframes",
    }
)  # fmt: skip
# Text inside these keeps its line breaks (and markup-looking text stays text).
PRE_TAGS = frozenset({"pre", "listing", "plaintext", "xmp"})
ROW_GROUP_TAGS = frozenset({"thead", "tbody", "tfoot"})
CELL_TAGS = frozenset({"td", "th"})

# A report title ('…2020年政府信息公开工作年度报告'), as metadata.py looks for it;
# it is matched before normalisation, so traditional mirrors' 公開/報告 count too.
TITLE_RE = re.compile(r"\d{4}\s*年度?.{0,12}?(?:信息|資訊|资讯)公[开開].{0,8}?[报報]告")

# A numbered section heading: 一、总体情况, 六、其他需要报告的事项.
SECTION_HEADING_RE = re.compile(r"(?:^|\s)[一二三四五六七八九十]{1,2}\s*[、.．]")

# CSS Text 3 'segment break transformation': a source line break between two
# East Asian wide characters is removed, elsewhere it is a space.  Crawled pages
# wrap long Chinese lines in the source ('本年新\n制作数量' is one label).
_WIDE = "\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_BREAK_RE = re.compile(f"(?<=[{_WIDE}])[ \t\r]*\n[ \t\r\n]*(?=[{_WIDE}])")
_BREAK_RE = re.compile(r"[\t\r\n]+")
# C0 controls (other than \t \n \r) and DEL: the cell stream uses U+001F as its
# separator, so a stray one in a page must not reach it.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_element(node: Any) -> bool:
    """True for an element (lxml gives comments and PIs a non-string tag)."""
    return isinstance(node.tag, str)


def tag_of(el: Any) -> str:
    """The element's tag (libxml2's HTML parser lower-cases element names)."""
    return el.tag  # type: ignore[no-any-return]


def is_hidden(el: Any) -> bool:
    """Hidden by an attribute or inline style."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and HIDDEN_STYLE_RE.search(style) is not None


def hidden_by(el: Any, names: list[str]) -> bool:
    """is_hidden(el) given ``el.keys()``: an attribute not among them is not looked up.

    One keys() call answers for the elements that carry no attribute at all (most
    <p>, <span>, <td> of generated and many crawled pages) where is_hidden and
    looks_like_chrome made four lookups; get(name) is None exactly when the name
    is not among the keys (tests/test_hot_paths_readers.py).
    """
    if not names:
        return False
    if "hidden" in names:
        return True
    return "style" in names and is_hidden(el)


def hard_skip(el: Any) -> bool:
    """Never content: scripts, styles, embedded objects, hidden elements."""
    return tag_of(el) in HARD_SKIP_TAGS or is_hidden(el)


def looks_like_chrome(el: Any) -> bool:
    """A chrome tag, or an id/class that names navigation, share bars, footers."""
    if tag_of(el) in CHROME_TAGS:
        return True
    names = f"{el.get('id') or ''} {el.get('class') or ''}".lower()
    return CHROME_CLASS_RE.search(names) is not None


def chrome_by(el: Any, tag: str, names: list[str]) -> bool:
    """looks_like_chrome(el) given its tag and ``el.keys()`` (see hidden_by): no id nor
    class, only the tag can make it chrome (' ' matches no chrome word)."""
    if tag in CHROME_TAGS:
        return True
    return ("id" in names or "class" in names) and looks_like_chrome(el)


def all_text(el: Any) -> str:
    """``"".join(el.itertext())``, gathered by libxml2 in one call.

    Both are the element's string value: the text and tails of every
    descendant, comments' and PIs' own text left out, the element's own tail
    too (tests/test_hot_paths.py compares them).  ``itertext`` makes a Python
    string per text node: on a report page's body 0.2 ms against 0.02 ms here,
    and the selection weighs the body's text two or three times.
    """
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)  # type: ignore[no-any-return]


def nonspace_len(text: str) -> int:
    """Characters of ``text`` that are not whitespace."""
    return len("".join(text.split()))


def text_weight(el: Any) -> int:
    """Non-whitespace characters of the element's text, script and style excluded."""
    total = nonspace_len(all_text(el))
    for skipped in el.iter("script", "style", "noscript", "template"):
        if skipped is not el:
            total -= nonspace_len(all_text(skipped))
    return max(total, 0)


def link_density(el: Any) -> float:
    """Share of the element's text that is link text."""
    total = nonspace_len(all_text(el))
    if not total:
        return 0.0
    links = sum(nonspace_len(all_text(a)) for a in el.iter("a"))
    return links / total


def holds_report(el: Any, page_weight: int) -> bool:
    """Whether a chrome-looking element actually holds report content.

    Kept when it holds a table, a large share of the page's text (the <form>
    wrapping a whole ASP.NET page), or is a short block naming the report or
    a numbered section (``<div class="header"><p>某局2020年…报告</p>``,
    ``<p class="header">一、总体情况</p>``) that is not a list of links (a
    sidebar of other years' reports).
    """
    if tag_of(el) == "table" or el.find(".//table") is not None:
        return True
    if link_density(el) >= LINK_DENSITY:
        return False
    weight = text_weight(el)
    if weight >= CHROME_MAX_SHARE * page_weight:
        return True
    text = all_text(el)
    marked = TITLE_RE.search(text) is not None or SECTION_HEADING_RE.search(text) is not None
    return weight <= HEAD_MARKER_CHARS and marked


def is_chrome(el: Any, page_weight: int) -> bool:
    """Site chrome to drop: looks like chrome and does not hold the report."""
    return looks_like_chrome(el) and not holds_report(el, page_weight)


def is_chrome_by(el: Any, tag: str, names: list[str], page_weight: int) -> bool:
    """is_chrome(el, page_weight) given its tag and ``el.keys()`` (see hidden_by)."""
    return chrome_by(el, tag, names) and not holds_report(el, page_weight)


def inline_text(raw: str) -> str:
    """Source text as rendered inline: segment breaks folded, controls removed."""
    if "\n" in raw:
        raw = _CJK_BREAK_RE.sub("", raw)
    raw = _BREAK_RE.sub(" ", raw)
    return _CONTROL_RE.sub(" ", raw)


def child_steps(el: Any) -> list[tuple[Any, str]]:
    """Each element child with its path step: ``tag`` or ``tag[n]``.

    n is 1-based among same-tag siblings and is left out when the tag is
    unique among them, as libxml2's getpath and browsers' 'Copy XPath' write it.
    """
    if not len(el):
        return []
    children = [c for c in el if isinstance(c.tag, str)]
    counts: dict[str, int] = {}
    for child in children:
        counts[child.tag] = counts.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for child in children:
        tag = child.tag
        if counts[tag] == 1:
            out.append((child, tag))
        else:
            seen[tag] = seen.get(tag, 0) + 1
            out.append((child, f"{tag}[{seen[tag]}]"))
    return out


def element_path(el: Any) -> str:
    """The element's path from below <html>, e.g. ``body/div[2]/table``."""
    path = str(el.getroottree().getpath(el))
    return path[len("/html/") :] if path.startswith("/html/") else path.lstrip("/")
