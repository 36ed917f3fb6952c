"""The one registry of the formats docstruct reads: suffixes, magic bytes, markup tags, the sniff size.

The pipeline (``sniff_format``, ``is_markdown``), batch discovery, the service's uploads and the tests
all ask here (issue 16: each kept its own list, with 4096 and 2048 bytes of sniffing).  A format is
known by its first bytes before its name: a PDF, DOCX or DOC is read as what it is whatever it is
called (real-world-variations.md: crawled files arrive misnamed).
"""

from __future__ import annotations

import re
from pathlib import Path

from docstruct.extract.model import Format

# how many first bytes of a file the sniffing looks at (the pipeline, discovery and uploads alike)
SNIFF_BYTES = 2048
# magic bytes -> (format, the suffix a nameless file of it is given)
MAGIC: tuple[tuple[bytes, Format, str], ...] = (
    (b"%PDF", "pdf", ".pdf"),
    (b"PK\x03\x04", "docx", ".docx"),
    (b"\xd0\xcf\x11\xe0", "docx", ".doc"),  # legacy .doc (OLE); the docx reader converts or refuses it
)
# scans saved as images (issue 13): read by OCR (readers/ocr/), recorded as format 'pdf' (the schema's
# enum is binding) with a normalization step that says so; known by their first bytes only
IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
)
# what a scan saved as an image is usually called: a hint for file pickers (the debug page's upload
# form); the first bytes decide what it is (IMAGE_MAGIC), never the name
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# suffix -> format; markdown is text with pipe tables, recorded as 'txt' (report-schema.md source.format)
SUFFIX_FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".md": "txt",
    ".markdown": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "docx",
}
SUFFIXES = frozenset(SUFFIX_FORMATS)
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset(s for s, f in SUFFIX_FORMATS.items() if f == "html")
# every name a document may be uploaded under, in the registry's order (the upload form's accept list)
UPLOAD_SUFFIXES = (*SUFFIX_FORMATS, *IMAGE_SUFFIXES)
# tags that make a text HTML, wherever they stand in the first SNIFF_BYTES
MARKUP_TAGS = (b"<html", b"<!doctype html", b"<table", b"<body")
# tags that make a nameless upload HTML (a bare <table> in a text file is not enough for a name)
PAGE_TAGS = (b"<html", b"<!doctype html")
# an upload's content type -> the suffix it is read by, when its name has none
CONTENT_TYPES = {
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
}
# a '.txt' holding a table rule line ('|---|---|') is markdown too (an OCR transcription saved as text)
_MD_RULE = re.compile(rb"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*\r?$", re.MULTILINE)


def _lower_markup(head: bytes) -> bytes:
    # UTF-16 markup has NULs between the ASCII bytes of its tags
    return head.replace(b"\x00", b"").lower()


def image_kind(data: bytes) -> str | None:
    """'png', 'jpeg' or 'tiff' by the first bytes; None for anything else."""
    for magic, kind in IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def magic_format(head: bytes) -> tuple[Format, str] | None:
    """(format, suffix) by the magic bytes at the start, or None; an image is a scan, read as a PDF's pages."""
    kind = image_kind(head)
    if kind is not None:
        return "pdf", f".{kind}"
    head = head[:SNIFF_BYTES].lstrip()
    for magic, fmt, suffix in MAGIC:
        if head.startswith(magic):
            return fmt, suffix
    return None


def sniff_format(data: bytes, path: str = "") -> Format:
    """The format from magic bytes first, then the file name, then markup in the first bytes."""
    by_magic = magic_format(data)
    if by_magic is not None:
        return by_magic[0]
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "txt"  # markdown may hold <table> markup (MinerU); read_markdown reads it
    if suffix in HTML_SUFFIXES or any(t in _lower_markup(data[:SNIFF_BYTES].lstrip()) for t in MARKUP_TAGS):
        return "html"
    return SUFFIX_FORMATS.get(suffix, "txt")


def looks_like_page(head: bytes) -> bool:
    """Whether the first bytes are an HTML page (``<html`` or a doctype), NULs of UTF-16 ignored."""
    return any(tag in _lower_markup(head[:SNIFF_BYTES]) for tag in PAGE_TAGS)


def is_markdown(data: bytes, path: str = "") -> bool:
    """Text to read as markdown: a markdown file name, or a pipe-table rule line in the text."""
    if Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        return True
    # a rule line holds '---' and '|': without both (most text reports) no line can match, and the
    # pattern, anchored at line starts, is not tried at every offset of the file (0.06 ms a text report)
    return b"---" in data and b"|" in data and _MD_RULE.search(data) is not None
