"""Characters of one PDF page with their boxes: pypdfium2 first, pdfplumber as second opinion.

pypdfium2 reads a page's text layer in a few milliseconds where pdfminer (under
pdfplumber) takes tens; it also reads the CJK fonts that give pdfplumber no
characters or ``(cid:N)`` codes (real-world-variations.md 'Encodings and text
layers'), because it falls back to the font's character collection when a
ToUnicode map is missing or broken.  When pdfium's text for a page is empty or
unmapped, pdfplumber is asked for the same page; a page where neither gives
text is reported as needing OCR.

Coordinates are turned into pdfplumber's convention once, here: points from
the top-left corner of the page as displayed (rotation applied), ``top`` < ``bottom``.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

# pdfium reports these for glyphs it cannot map to Unicode.
UNMAPPED = frozenset("\ufffd\x00")
# A page whose characters are mostly unmapped is unreadable as text (a few
# odd symbols in a good page are not): fraction of the page's characters.
UNMAPPED_PAGE_SHARE = 0.3
# A page with more characters than this is cut (a hostile or broken page can
# hold millions of glyphs); real report pages hold a few thousand.
MAX_CHARS_PER_PAGE = 200_000
CID_MARK = "(cid:"
# Glyphs turned more than this many degrees off the page axes are dropped.
SLANT_DEGREES = 5.0
# A glyph's box spans this much of its size above and below the baseline
# (the CJK em box: ideographs fill it, punctuation sits inside it).
ASCENT_EM = 0.88
DESCENT_EM = 0.12


@dataclass(frozen=True, slots=True)
class Glyph:
    """One printed character: its text and box in page points (top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # the font size on the page, points

    @classmethod
    def at(cls, text: str, x0: float, top: float, x1: float, bottom: float) -> Glyph:
        """A glyph whose size is its box height."""
        return cls(text, x0, top, x1, bottom, bottom - top)


@dataclass(frozen=True)
class PageFrame:
    """How to turn PDF user space into display coordinates for one page."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int  # degrees clockwise, 0/90/180/270

    @property
    def width(self) -> float:
        """Displayed width in points."""
        return self.right - self.left if self.rotation in (0, 180) else self.top - self.bottom

    @property
    def height(self) -> float:
        """Displayed height in points."""
        return self.top - self.bottom if self.rotation in (0, 180) else self.right - self.left

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point as (x, top) on the displayed page."""
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A user-space box as (x0, top, x1, bottom) on the displayed page."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


@dataclass(frozen=True)
class PageText:
    """What one page's text layer gave, and from which library."""

    glyphs: list[Glyph]
    engine: str  # "pdfium" | "pdfplumber" | "none"
    unmapped: int = 0  # characters no library could map to Unicode
    truncated: bool = False
    slanted: int = 0  # glyphs dropped for being turned off the page axes (watermarks)


def page_frame(page: Any) -> PageFrame:
    """The page's crop box and rotation (what a viewer shows)."""
    left, bottom, right, top = page.get_cropbox()
    return PageFrame(left, bottom, right, top, page.get_rotation() % 360)


def _text_of(textpage: Any, count: int) -> str:
    """The page's characters, one per char index (bulk call; per char when it does not line up)."""
    import pypdfium2.raw as pdfium_c

    text: str = textpage.get_text_range()
    if len(text) == count:
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))


def pdfium_glyphs(page: Any, frame: PageFrame) -> PageText:
    """Every printed (not generated) character of the page with its loose box."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        truncated = count > MAX_CHARS_PER_PAGE
        count = min(count, MAX_CHARS_PER_PAGE)
        glyphs, unmapped, slanted = _glyph_loop(textpage.raw, _text_of(textpage, count), frame)
    finally:
        textpage.close()
    return PageText(glyphs, "pdfium", unmapped, truncated, slanted)


def _c_function(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A pdfium function taking and giving plain addresses (ints), not ctypes pointer objects."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value or 0)


class _CharReader:
    """Per-character pdfium calls, bound once (ctypes attribute lookups cost as much as the calls)."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as pdfium_c

        self.page = textpage
        self.address = ctypes.cast(textpage, ctypes.c_void_p).value
        self.generated = pdfium_c.FPDFText_IsGenerated
        self.matrix = pdfium_c.FPDFText_GetMatrix
        self.font_size = pdfium_c.FPDFText_GetFontSize
        self.origin = pdfium_c.FPDFText_GetCharOrigin
        void = ctypes.c_void_p
        self.text_object = _c_function(pdfium_c.FPDFText_GetTextObject, void, void, ctypes.c_int)
        self.font_of = _c_function(pdfium_c.FPDFTextObj_GetFont, void, void)
        self.glyph_width = _c_function(pdfium_c.FPDFFont_GetGlyphWidth, ctypes.c_int, void, ctypes.c_uint32,
                                       ctypes.c_float, ctypes.POINTER(ctypes.c_float))
        self.m = pdfium_c.FS_MATRIX()
        self.ox = ctypes.c_double()
        self.oy = ctypes.c_double()
        self.w = ctypes.c_float()
        self.widths: dict[tuple[int | None, str], float] = {}  # (text object, char) -> advance per point of size

    def advance(self, index: int, char: str) -> float:
        """The character's advance in text space per point of font size, from the PDF's widths.

        The width comes from the font dictionary (/W and /DW of a CID font,
        /Widths of a simple one) through pdfium's font object, never from the
        outline of the glyph drawn: for a font that is not embedded that is
        a substitute, which depends on the fonts of the machine.
        """
        obj = self.text_object(self.address, index)
        width = self.widths.get((obj, char))
        if width is None:
            ok = self.glyph_width(self.font_of(obj), ord(char), 1000.0, self.w)
            width = self.widths[(obj, char)] = self.w.value / 1000.0 if ok else 0.0
        return width


def _glyph_loop(textpage: Any, text: str, frame: PageFrame) -> tuple[list[Glyph], int, int]:
    """The hot loop: a few pdfium calls per character, nothing else per character in Python.

    Every coordinate comes from the PDF itself, so the same file gives the
    same glyphs whatever fonts the machine has: the baseline origin, the
    text matrix and font size, and the advance width of the character from
    the font dictionary (_CharReader.advance).  pdfium's own character boxes
    (tight or "loose") take in the outline of the glyph drawn, which for a
    font that is not embedded (reportlab's STSong-Light) comes from the
    font pdfium substitutes: a `2` was 9.8 points wide where its advance is
    7.4 with pdfium's built-in font, 7.9 with fonts-wqy-microhei.

    The horizontal extent is that of the glyph's em box (advance by font
    size); the vertical one runs from the baseline up and down by the size
    on the page (font size times the text matrix scale): the loose boxes of
    some embedded subset fonts were tight glyph boxes, and `、` and `，` sat
    3 points lower than their row and became rows of their own (LibreOffice
    PDFs, lo:8).
    """
    c = _CharReader(textpage)
    m, ox, oy = c.m, c.ox, c.oy
    glyphs: list[Glyph] = []
    unmapped = slanted = 0
    plain = frame.rotation == 0  # display x is user x (less the crop box)
    for i, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            char = _astral(text, i)
            if not char:
                continue
        if c.generated(textpage, i) == 1 or not c.matrix(textpage, i, m):
            continue
        if _slanted(math.atan2(m.b, m.a)):
            slanted += 1
            continue
        if char in UNMAPPED:
            unmapped += 1
        font_size = c.font_size(textpage, i)
        size = font_size * math.sqrt(abs(m.a * m.d - m.b * m.c)) or font_size
        c.origin(textpage, i, ox, oy)
        advance = c.advance(i, char) * font_size
        if plain and m.b == 0.0 and m.c == 0.0:  # upright text: origin to origin + advance
            x0 = ox.value - frame.left
            x1 = x0 + m.a * advance
            x0, x1 = min(x0, x1), max(x0, x1)
        else:
            x0, x1 = _em_span(ox.value, oy.value, m, advance, font_size, frame)
        base = frame.point(ox.value, oy.value)[1]
        if not math.isfinite(x0 + x1 + base + size):
            continue  # a text matrix of 300-digit numbers (issue 18's fuzzing) puts a glyph at infinity: off any page
        glyphs.append(Glyph(char, x0, base - ASCENT_EM * size, x1, base + DESCENT_EM * size, size))
    return glyphs, unmapped, slanted


def _em_span(x: float, y: float, m: Any, advance: float, font_size: float, frame: PageFrame) -> tuple[float, float]:
    """The displayed horizontal extent of a glyph's em box: advance wide, the font size high.

    In text space the box runs from the origin along the baseline by the
    advance, and from DESCENT_EM below to ASCENT_EM above it; the matrix
    turns it onto the page (for upright text on an unrotated page: from the
    origin to origin + advance, _glyph_loop's short cut).
    """
    lo, hi = -DESCENT_EM * font_size, ASCENT_EM * font_size
    xs = [frame.point(x + m.a * u + m.c * v, y + m.b * u + m.d * v)[0]
          for u, v in ((0.0, lo), (advance, lo), (0.0, hi), (advance, hi))]
    return min(xs), max(xs)


def _astral(text: str, i: int) -> str:
    """The character a UTF-16 surrogate at text[i] starts ('' for the low half of a pair).

    pdfium keeps a character beyond U+FFFF (CJK extension B) as two entries;
    a lone half (a broken font map) becomes U+FFFD, which opencc could not
    even encode.
    """
    char = text[i]
    if char <= "\udbff" and i + 1 < len(text) and "\udc00" <= text[i + 1] <= "\udfff":
        return (char + text[i + 1]).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    if char >= "\udc00" and i > 0 and "\ud800" <= text[i - 1] <= "\udbff":
        return ""
    return "\ufffd"


def _slanted(angle: float) -> bool:
    """True for a glyph turned off the page axes (a diagonal watermark such as `内部资料`).

    Text turned by a multiple of 90 degrees stays: rotated pages and
    rotated cell text read along their own axis.
    """
    off = math.degrees(angle) % 90.0
    return SLANT_DEGREES < off < 90.0 - SLANT_DEGREES


def text_is_usable(text: PageText) -> bool:
    """True when the page has characters and most of them mean something."""
    printed = [g for g in text.glyphs if not g.text.isspace()]
    if not printed:
        return False
    return text.unmapped <= UNMAPPED_PAGE_SHARE * len(printed)


def plumber_glyphs(plumber_page: Any) -> PageText:
    """The page's characters as pdfminer (via pdfplumber) reads them; (cid:N) counts as unmapped."""
    glyphs: list[Glyph] = []
    unmapped = 0
    for char in plumber_page.chars[:MAX_CHARS_PER_PAGE]:
        text = char["text"]
        if CID_MARK in text:
            unmapped += 1
            text = "\ufffd"
        glyphs.append(Glyph.at(text, char["x0"], char["top"], char["x1"], char["bottom"]))
    return PageText(glyphs, "pdfplumber", unmapped, len(plumber_page.chars) > MAX_CHARS_PER_PAGE)


def image_coverage(page: Any, frame: PageFrame) -> float:
    """The share of the page that its largest image covers (0.0: no image; ~1.0: a scan).

    Page-level images only, and the first object of each form XObject (where
    scanners put the page image): a stamp or a logo covers a few percent.
    """
    import pypdfium2.raw as pdfium_c

    area = max(frame.width * frame.height, 1.0)
    best = 0.0
    box = [ctypes.c_float() for _ in range(4)]
    objects = [pdfium_c.FPDFPage_GetObject(page, i) for i in range(pdfium_c.FPDFPage_CountObjects(page))]
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and pdfium_c.FPDFFormObj_CountObjects(obj) > 0:
            # the form's bounds are its content's: the scanned image it wraps
            kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFFormObj_GetObject(obj, 0))
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, *box):
            left, bottom, right, top = (v.value for v in box)
            best = max(best, (right - left) * (top - bottom) / area)
    return min(best, 1.0)
