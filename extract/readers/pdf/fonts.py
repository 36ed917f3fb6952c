"""The fonts pdfium may use for a PDF's fonts that are not embedded: the same on every machine.

A PDF may name a font without carrying it (reportlab's STSong-Light, a CID
font with Chinese widths and no outlines).  pdfium then substitutes one: a
CJK font installed on the machine when there is one, else a built-in Latin
font without Chinese glyphs.  Its text page depends on the choice: a text
object of one CJK character whose glyph the substitute lacks has an empty
box, and pdfium drops it from the text (the second line `业` of a header
cell wrapped as `商业企`/`业` was lost on a machine without a CJK font, kept
on one with fonts-wqy-microhei; 11 characters of one generated report).

While the reader reads a PDF (``fixed_fonts``), pdfium's lookup of system
fonts answers from here instead: a standard 14 font (or a name for one,
Arial for Helvetica) gets no font, so pdfium uses its built-in one with the
standard metrics; any other font gets EM_BOX, a TrueType font built below
whose every character is one full em box, so no glyph is missing and no box
is empty (a non-embedded `SimSun` with Identity-H lost its one-character
objects with pdfium's built-in Latin fallback on every machine without
SimSun).  No font installed on the machine is ever used, so the same file
gives the same text page everywhere.  Glyph widths come from the PDF itself
all the same (the font's /W or /Widths, pdf_chars).

Outside ``fixed_fonts`` every call goes to pdfium's own lookup, so a
program that also renders PDFs with pypdfium2 sees its usual fonts.  The
lookup is installed once per process, on the first PDF read.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

EM_BOX_NAME = b"DocstructEmBox"
UNITS_PER_EM = 1000
GB2312_CHARSET = 134  # fpdf_sysfontinfo.h FXFONT_GB2312_CHARSET
# The standard 14 fonts and the names PDFs give them (Arial for Helvetica...):
# pdfium has them built in, with their metrics; any other font a PDF does not
# embed gets the box font while reading.
STANDARD_FONTS = re.compile(rb"^(helvetica|arial|times|courier|symbol|zapfdingbats)", re.IGNORECASE)
# OS/2 ulCodePageRange1 bits: JIS, GB2312, Korean Wansung, Big5.
CJK_CODE_PAGES = (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20)


@dataclass(frozen=True)
class BoxFont:
    """A TrueType font whose every character is one box: its name and box in font units (1000 an em)."""

    name: bytes
    width: int  # the advance and the box's width
    top: int  # above the baseline
    bottom: int  # below the baseline (negative)


# The em box: 880 units above the baseline, 120 below (the CJK em box;
# pdf_chars.ASCENT_EM and DESCENT_EM).
EM_BOX = BoxFont(EM_BOX_NAME, UNITS_PER_EM, 880, -120)


def _table_checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def _box_glyph(box: BoxFont) -> bytes:
    """One contour, four on-curve points: the box (coordinates as deltas)."""
    header = struct.pack(">hhhhh", 1, 0, box.bottom, box.width, box.top)
    height = box.top - box.bottom
    points = struct.pack(">HH4B", 3, 0, 1, 1, 1, 1)  # last point index, no instructions, on-curve flags
    xs = struct.pack(">4h", 0, 0, box.width, 0)
    ys = struct.pack(">4h", box.bottom, height, 0, -height)
    glyph = header + points + xs + ys
    return glyph + b"\0" * (-len(glyph) % 4)


def _name_table(name: bytes) -> bytes:
    names = {1: name, 2: b"Regular", 4: name, 6: name}
    records, strings = b"", b""
    for name_id, text in names.items():
        encoded = text.decode("ascii").encode("utf-16-be")
        records += struct.pack(">6H", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    return struct.pack(">3H", 0, len(names), 6 + len(records)) + records + strings


def _cmap_table() -> bytes:
    """Every Unicode code point to glyph 1 (format 13, many-to-one), for the Unicode and Windows platforms."""
    subtable = struct.pack(">HHIIIIII", 13, 0, 28, 0, 1, 0, 0x10FFFF, 1)
    return struct.pack(">HHHHIHHI", 0, 2, 0, 4, 20, 3, 10, 20) + subtable


def _os2_table(box: BoxFont) -> bytes:
    """OS/2 version 1: weight 400, the box's ascent and descent, the CJK code pages."""
    return struct.pack(
        ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHII",
        1, box.width, 400, 5, 0, 650, 700, 0, 140, 650, 700, 0, 480, 50, 250, 0,
        b"\0" * 10, 0, 0, 0, 0, b"NONE", 0x40, 0x20, 0xFFFF, box.top, box.bottom, 0,
        box.top, -box.bottom, CJK_CODE_PAGES, 0,
    )


def _tables(box: BoxFont) -> dict[bytes, bytes]:
    glyph = _box_glyph(box)
    return {
        b"OS/2": _os2_table(box),
        b"cmap": _cmap_table(),
        b"glyf": glyph + glyph,  # .notdef is the box too: a lookup that fails still draws one
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS_PER_EM,
                             0, 0, 0, box.bottom, box.width, box.top, 0, 8, 2, 0, 0),
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, box.top, box.bottom, 0, box.width, 0, 0,
                             box.width, 1, 0, 0, 0, 0, 0, 0, 0, 2),
        b"hmtx": struct.pack(">HhHh", box.width, 0, box.width, 0),
        b"loca": struct.pack(">3H", 0, len(glyph) // 2, len(glyph)),  # short offsets: half the byte offset
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": _name_table(box.name),
        b"post": struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }


@cache
def box_font(box: BoxFont) -> bytes:
    """The TrueType file of a box font (about 700 bytes; the same bytes every time).

    EM_BOX is the one pdfium gets while reading; the tests make others to
    stand in for a CJK font installed on the machine.
    """
    tables = _tables(box)
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, (count - power) * 16)
    offset = len(header) + 16 * count
    directory, body, head = b"", b"", 0
    for tag in sorted(tables):
        data = tables[tag]
        if tag == b"head":
            head = offset + len(body)
        directory += struct.pack(">4sIII", tag, _table_checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    struct.pack_into(">I", font, head + 8, (0xB1B0AFBA - _table_checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def em_box_font() -> bytes:
    """The font pdfium substitutes for a CJK font that is not embedded, while reading (EM_BOX)."""
    return box_font(EM_BOX)


def is_standard_font(face: bytes) -> bool:
    """True for a standard 14 font or a name for one (`Helvetica`, `Arial,Bold`, `Times New Roman`)."""
    return bool(STANDARD_FONTS.match(re.sub(rb"[\s_-]", b"", face)))


class _FontLookup:
    """pdfium's system-font callbacks: fixed answers while reading, pdfium's own lookup's otherwise."""

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c

        self.reading = 0
        default = pdfium_c.FPDF_GetDefaultSystemFontInfo()  # pdfium's own lookup (NULL where it has none)
        self.default: Any = default.contents if default else None
        self.data = em_box_font()
        self.box = ctypes.c_char_p(EM_BOX_NAME)  # the handle of the box font: an address no other font has
        self.handle: int = ctypes.cast(self.box, ctypes.c_void_p).value or 0
        self.raw = pdfium_c.FPDF_SYSFONTINFO()
        self.raw.version = self.default.version if self.default is not None else 2
        callbacks = {"Release": self.release, "MapFont": self.map_font, "GetFont": self.get_font,
                     "GetFontData": self.get_font_data, "GetFaceName": self.get_face_name,
                     "GetFontCharset": self.get_font_charset, "DeleteFont": self.delete_font}
        if self.raw.version == 1:
            callbacks["EnumFonts"] = self.enum_fonts
        for name, function in callbacks.items():
            setattr(self.raw, name, type(getattr(self.raw, name))(function))

    def _own(self, name: str, *args: Any) -> Any:
        """pdfium's own answer (None where it has no lookup)."""
        if self.default is None:
            return None
        return getattr(self.default, name)(ctypes.byref(self.default), *args)

    def release(self, _: Any) -> None:
        """pdfium lets go of this lookup (at exit): pdfium's own one is kept for the process."""

    def enum_fonts(self, _: Any, mapper: Any) -> None:
        self._own("EnumFonts", mapper)  # names only: while reading, no system font is handed out

    def map_font(self, _: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any) -> Any:
        if self.reading:
            return None if is_standard_font(ctypes.cast(face, ctypes.c_char_p).value or b"") else self.handle
        return self._own("MapFont", weight, italic, charset, pitch, face, exact)

    def get_font(self, _: Any, face: Any) -> Any:
        return None if self.reading else self._own("GetFont", face)

    def get_font_data(self, _: Any, font: int | None, table: int, buffer: Any, size: int) -> int:
        if font != self.handle:
            return int(self._own("GetFontData", font, table, buffer, size) or 0)
        if table != 0:  # one font, not a collection: pdfium reads its tables from the whole file (table 0)
            return 0
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.data, len(self.data))
        return len(self.data)

    def get_face_name(self, _: Any, font: int | None, buffer: Any, size: int) -> int:
        if font != self.handle:
            return int(self._own("GetFaceName", font, buffer, size) or 0)
        name = EM_BOX_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def get_font_charset(self, _: Any, font: int | None) -> int:
        if font == self.handle:
            return GB2312_CHARSET
        return int(self._own("GetFontCharset", font) or 0)

    def delete_font(self, _: Any, font: int | None) -> None:
        if font != self.handle:
            self._own("DeleteFont", font)


_LOOKUP: list[_FontLookup] = []


def _lookup() -> _FontLookup:
    if not _LOOKUP:
        import pypdfium2.raw as pdfium_c

        lookup = _FontLookup()
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(lookup.raw))
        _LOOKUP.append(lookup)
    return _LOOKUP[0]


@contextlib.contextmanager
def fixed_fonts() -> Iterator[None]:
    """Inside this block pdfium puts in only EM_BOX or its built-in fonts for fonts a PDF does not embed.

    Not for threads: pdfium's font lookup is one per process (pypdfium2 is
    not thread-safe either), so a page rendered by another thread meanwhile
    would get the same substitutes.
    """
    lookup = _lookup()
    lookup.reading += 1
    try:
        yield
    finally:
        lookup.reading -= 1
