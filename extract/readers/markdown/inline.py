"""Inline markup in converted markdown, blanked to spaces of equal width so offsets still index the line.

pandoc (``-t gfm``) keeps Word's ``<span style="font-family:宋体;font-size:10.5pt">``
inside pipe cells and paragraphs, and wraps a long tag over two lines
(``<span`` / ``style="…">text</span>``); docling and pandoc write a
hyperlink as ``[text](#)`` (issue 12, shape 3).  Read as text, the 10.5 of
the style is a value and the link's brackets split a label; here the markup
becomes spaces and only the text stays.
"""

from __future__ import annotations

import re

HEADING = re.compile(r"^(\s*#{1,6}\s)")
_EMPHASIS = re.compile(r"\*\*|__")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A whole tag on one line: '<span style="…">', '</td>', '<col style="width: 25%" />'.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
# A tag left open at the end of the line: its attributes go on in the next line.
_OPEN_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?$")
# The rest of a tag opened on an earlier line: attributes up to its '>'.
_TAG_REST = re.compile(r"^[^<>]*>")
_ATTRIBUTES = re.compile(r"^\s*[a-zA-Z][\w:-]*=")
# A list item's marker: pymupdf4llm writes each line of a one-cell-per-line PDF as '- 0'
# (issue 12, shape 2); read as text the '-' is a dash cell beside the 0.
# pandoc and markitdown write Word's auto-numbered headings as an ordered list
# ('4.  政府信息公开行政复议、行政诉讼情况', '1. 存在的主要问题及改进情况'): the number is the
# list's, and read as text it is a value of the table above.  A report's own numbering
# before a row label ('1. 属于国家秘密') is optional in every label pattern
# (templates._numbering), so the label is found without it.
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]\s+(?=\S)|\d{1,2}[.)]\s+(?=[^\d\s]))")
# '[text](url)': the brackets and the address go, the text stays.
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
# A backslash escape: the punctuation stands for itself.  pandoc (-t gfm) escapes a row label's
# own numbering, '1\\. 属于国家秘密', lest it start a list; read as text, the '1' was a value of the
# row (seed 5252 pandoc_docx f015: table 三's sub-rows read 8 values for 7 columns).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A character every pattern blank_markers applies needs: '#' (HEADING), '*' or '_'
# (_EMPHASIS), '<' (_BREAK, _TAG), '[' (_LINK), '\\' (_ESCAPE).
_MARKUP_CHARS = re.compile(r"[#*_<\[\\]")


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _unescaped(match: re.Match[str]) -> str:
    return match.group(1) + " "  # the backslash's place becomes a space after it: offsets stay


def _link_text(match: re.Match[str]) -> str:
    text = match.group(1)
    return " " + text + " " * (len(match.group()) - len(text) - 1)


def blank_markers(text: str, links: bool = False) -> str:
    """Headings, emphasis, line breaks and tags (and with ``links`` link markup) as spaces; the text in place.

    Links are blanked in table cells only: a list of links to other years'
    reports under the page ('相关阅读') would read as the title once bare.
    """
    if not _MARKUP_CHARS.search(text):
        return text  # most lines and cells: no pattern below can match (each needs one of these)
    text = _ESCAPE.sub(_unescaped, text)
    text = HEADING.sub(_spaces, text)
    text = _EMPHASIS.sub(_spaces, text)
    text = _BREAK.sub(_spaces, text)
    text = _TAG.sub(_spaces, text)
    return _LINK.sub(_link_text, text) if links else text


def blank_list_marker(text: str) -> str:
    """A text line without its list marker ('- 0' -> '  0'); a page footer ('- 5 -') is read before this."""
    return _LIST_ITEM.sub(_spaces, text)


def blank_tag_lines(text: str, inside: bool) -> tuple[str, bool]:
    """``text`` with a tag carried over from the previous line (``inside``) and one left open blanked.

    Returns the line and whether a tag is still open at its end.
    """
    if inside:
        rest = _TAG_REST.match(text)
        if rest is not None:
            text = " " * rest.end() + text[rest.end() :]
        elif _ATTRIBUTES.match(text):
            return " " * len(text), True
    opened = _OPEN_TAG.search(text)
    if opened is not None:
        return text[: opened.start()] + " " * (len(text) - opened.start()), True
    return text, False
