"""HTML bytes to an lxml tree: the declared charset, decoding, parsing, limits.

Order of evidence (brief, step 1): a byte-order mark; the charset a
``<meta charset>``, ``<meta http-equiv content="...; charset=...">`` or XML
declaration names in the head; then detection.  ``normalize.decode_bytes``
implements that order (BOM, valid UTF-8, the declaration when it decodes the
bytes strictly and plausibly, then chardet) and warns when the declaration
does not fit the bytes: GBK pages that declare utf-8 exist, and
``decode_bytes(data, declared="utf-8")`` on them falls through to detection
with the warning ``declared encoding 'utf-8' does not fit the bytes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docstruct.extract.errors import LimitExceeded, UnreadableInput
from docstruct.normalize import Step, UndecodableError, decode_bytes

# The HTML spec's prescan reads 1024 bytes; Word-exported and CMS pages put
# long comments and <style> blocks first, so look a little further.
META_SCAN_BYTES = 8192
# libxml2 stops building the tree at this nesting depth even with huge_tree
# (XML_PARSE_HUGE), and silently drops everything after it: measured with
# lxml 6.1 / libxml2 2.14 (without huge_tree the limit is 256).
PARSER_DEPTH_LIMIT = 2048

_META_RE = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=(?:\s*["'])?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# An XML declaration in a str makes lxml refuse it; the text is re-encoded as
# UTF-8 for the parser anyway, so the declaration is dropped.
_XML_DECL_TEXT_RE = re.compile(r"^\s*<\?xml\b[^>]*\?>")


@dataclass(frozen=True)
class DecodedHtml:
    """The page as text plus what decoding did."""

    text: str
    encoding: str
    declared: str | None
    steps: tuple[Step, ...]
    warnings: tuple[str, ...]


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first META_SCAN_BYTES, if any."""
    head = data[:META_SCAN_BYTES]
    m = _XML_DECL_RE.match(head) or _META_RE.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def decode_html(data: bytes) -> DecodedHtml:
    """Decode the page's bytes; UnreadableInput when they are not text."""
    declared = declared_charset(data)
    try:
        decoded = decode_bytes(data, declared=declared)
    except UndecodableError as exc:
        raise UnreadableInput(f"html: {exc}") from exc
    warnings = tuple(f"html: {w}" for w in decoded.warnings)
    return DecodedHtml(decoded.text, decoded.encoding, declared, decoded.steps, warnings)


def _depth_error(log: Any) -> bool:
    return any("Excessive depth" in entry.message for entry in log)


def parse_html(text: str) -> Any:
    """Parse decoded page text with lxml's HTML parser into the root ``<html>`` element.

    Comments are removed by the parser, so Word's conditional-comment debris
    (``<!--[if !supportLists]-->7、<!--[endif]-->``) leaves only its text
    (``7、``), joined to what follows.  ``huge_tree`` lifts libxml2's 10 MB
    text-node and 256-level limits (a 20 MB page of text is legal); past
    PARSER_DEPTH_LIMIT levels libxml2 drops the rest of the page, which is
    refused with LimitExceeded rather than returned half-read.  Plain
    lxml.etree elements are used: lxml.html's element classes cost a lookup
    per element and add nothing here.
    """
    import lxml.etree

    cleaned = _XML_DECL_TEXT_RE.sub("", text, count=1)
    parser = lxml.etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, default_doctype=False
    )
    try:
        root = lxml.etree.fromstring(cleaned.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.LxmlError, ValueError) as exc:  # LxmlError: ParserError, XMLSyntaxError and the rest
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableInput(f"html: no document could be parsed ({reason})") from exc
    if root is None:
        raise UnreadableInput("html: the page holds no markup or text")
    if _depth_error(parser.error_log):
        raise LimitExceeded(
            f"html: elements nested deeper than {PARSER_DEPTH_LIMIT} levels; the parser cannot read past them"
        )
    return root
