"""A font of the bench's own for rendering samplegen PDFs to images: never a font installed on the machine.

samplegen's PDFs name STSong-Light without embedding it, so pdfium substitutes
a font when it renders them.  Its own lookup would take whatever CJK font the
machine has (or none, and draw no Chinese at all), so the scans would differ
from machine to machine.  Here pdfium's system-font lookup answers every
non-standard font with one font read from a folder the bench is given (an
unpacked Debian package, ``apt-get download fonts-arphic-uming`` then
``dpkg-deb -x``, issue 13), never from the system.  The package ships a
TrueType collection (.ttc); pdfium is handed its first face as a plain
TrueType font, cut out below (the tables are copied, their checksums kept).
"""

from __future__ import annotations

import ctypes
import struct
from pathlib import Path
from typing import Any

from docstruct.extract.readers.pdf.fonts import GB2312_CHARSET, is_standard_font

DEFAULT_FONT_DIR = Path("/work/fonts-uming")
FONT_NAME = b"DocstructScanFont"


def first_face(data: bytes) -> bytes:
    """A TrueType collection's first face as one TrueType font (a plain font is returned as it is)."""
    if data[:4] != b"ttcf":
        return data
    (offset,) = struct.unpack(">I", data[12:16])
    _, count = struct.unpack(">IH", data[offset:offset + 6])
    records = [struct.unpack(">4sIII", data[offset + 12 + 16 * i: offset + 28 + 16 * i]) for i in range(count)]
    head = data[offset:offset + 12]
    body = b""
    table_dir = b""
    start = 12 + 16 * count
    for tag, checksum, at, length in records:
        table_dir += struct.pack(">4sIII", tag, checksum, start + len(body), length)
        body += data[at:at + length] + b"\0" * (-length % 4)
    return head + table_dir + body


def find_font(folder: Path) -> Path:
    """The first .ttf/.ttc/.otf under folder (sorted, so the same every run)."""
    fonts = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".ttc", ".otf"))
    if not fonts:
        raise SystemExit(f"no font under {folder}: apt-get download fonts-arphic-uming && dpkg-deb -x <deb> {folder}")
    return fonts[0]


class _ScanFonts:
    """pdfium's system-font callbacks: the one font for every non-standard name, nothing from the system."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2.raw as pdfium_c

        self.data = data
        self.name = ctypes.c_char_p(FONT_NAME)
        self.handle: int = ctypes.cast(self.name, ctypes.c_void_p).value or 0
        self.raw = pdfium_c.FPDF_SYSFONTINFO()
        self.raw.version = 1
        callbacks = {"Release": lambda _: None, "EnumFonts": lambda _, __: None, "MapFont": self.map_font,
                     "GetFont": lambda _, __: None, "GetFontData": self.get_font_data,
                     "GetFaceName": self.get_face_name, "GetFontCharset": lambda _, __: GB2312_CHARSET,
                     "DeleteFont": lambda _, __: None}
        for name, function in callbacks.items():
            setattr(self.raw, name, type(getattr(self.raw, name))(function))

    def map_font(self, _: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any) -> Any:
        return None if is_standard_font(ctypes.cast(face, ctypes.c_char_p).value or b"") else self.handle

    def get_font_data(self, _: Any, font: int | None, table: int, buffer: Any, size: int) -> int:
        if font != self.handle or table != 0:
            return 0
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.data, len(self.data))
        return len(self.data)

    def get_face_name(self, _: Any, font: int | None, buffer: Any, size: int) -> int:
        name = FONT_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)


_INSTALLED: list[_ScanFonts] = []


def use_font_folder(folder: Path = DEFAULT_FONT_DIR) -> Path:
    """From now on this process's pdfium renders every non-embedded font with the folder's font."""
    import pypdfium2.raw as pdfium_c

    path = find_font(folder)
    if not _INSTALLED:
        lookup = _ScanFonts(first_face(path.read_bytes()))
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(lookup.raw))
        _INSTALLED.append(lookup)
    return path
