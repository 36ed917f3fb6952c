"""Page images for ``bench.fuzz``: a base corpus of scanned reports and the mutations of image files.

The base corpus is samplegen PDFs rendered by pdfium with the bench's own CJK
font (bench/scan_fonts.py, an unpacked ``fonts-arphic-uming``, never a machine
font): PNG and JPEG hold a report's first page, TIFF its first pages as one
multi-page file (the OCR reader reads every frame).  Pages are rendered at
BASE_DPI, below a real scan's 200 dpi, so that one mutant's OCR costs a second
or two and a run holds a few hundred mutants.

A mutant is a pure function of (seed, format, index), as for the text formats.
Besides bench.fuzz_mutate's byte operations (flips, spans, truncation,
splices), an image mutant may have its header damaged (bytes flipped in its
first HEADER_BYTES), its declared size rewritten (PNG IHDR with a valid CRC,
JPEG SOF, TIFF ImageWidth/ImageLength) to 0, 1 or far past the pixel bound, or
be replaced by a valid blank image whose size is just past the bound (a
decompression bomb: it must be refused at once by the limits, with a reason).
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

from bench.fuzz_mutate import IMAGE_FORMATS, OPS

__all__ = ["IMAGE_FORMATS", "image_mutant", "render_base"]
BASE_DPI = 100.0
BASE_COUNT = 4            # generated reports rendered per image format
TIFF_PAGES = 2            # pages per TIFF base file
HEADER_BYTES = 64
# declared sizes tried: nothing, a dot, and far past extract/readers/ocr/images.py's MAX_PIXELS (60 M)
SIZES = (0, 1, 9_000, 65_535, 2**31 - 1)
# the blank "bomb" images: pixels just past the 60 M bound, and past twice it (PIL's own refusal)
BOMB_PIXELS = (61_000_000, 125_000_000)
# share of PNG mutants whose chunk checksums are made right after the damage (png_checksums)
PNG_RECHECKSUM = 0.7
IMAGE_WEIGHTS = {"flip": 3, "header": 3, "size": 3, "truncate": 2, "delete": 1, "duplicate": 1, "insert": 1,
                 "splice": 1, "bomb": 1}


def render_base(folder: Path, fmt: str, count: int, seed: int) -> None:
    """COUNT samplegen reports rendered to FORMAT page images under folder."""
    import pypdfium2 as pdfium

    from bench.scan_fonts import use_font_folder
    from samplegen.formats import write_format_batch

    use_font_folder()
    for pdf_path in write_format_batch(folder / "pdf", "pdf", count, seed):
        pdf = pdfium.PdfDocument(str(pdf_path))
        pages = []
        try:
            for index in range(min(len(pdf), TIFF_PAGES if fmt == "tiff" else 1)):
                bitmap = pdf[index].render(scale=BASE_DPI / 72.0, grayscale=True)
                pages.append(bitmap.to_pil().convert("L"))
        finally:
            pdf.close()
        out = io.BytesIO()
        if fmt == "tiff":
            pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate",
                          dpi=(BASE_DPI, BASE_DPI))
        else:
            pages[0].save(out, "PNG" if fmt == "png" else "JPEG", dpi=(BASE_DPI, BASE_DPI), quality=85)
        (folder / f"{pdf_path.stem}.{fmt}").write_bytes(out.getvalue())


def header(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if out:
            out[rng.randrange(min(len(out), HEADER_BYTES))] = rng.randrange(256)
    return bytes(out)


def _png_size(data: bytes, width: int, height: int) -> bytes:
    at = data.find(b"IHDR")
    if at < 4:
        return data
    body = struct.pack(">II", width, height) + data[at + 12: at + 17]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + body))
    return data[:at + 4] + body + crc + data[at + 21:]


def _jpeg_size(data: bytes, width: int, height: int) -> bytes:
    for marker in (b"\xff\xc0", b"\xff\xc2", b"\xff\xc1"):
        at = data.find(marker)
        if at >= 0:
            return data[:at + 5] + struct.pack(">HH", height & 0xFFFF, width & 0xFFFF) + data[at + 9:]
    return data


def _tiff_size(data: bytes, width: int, height: int) -> bytes:
    """ImageWidth (256) and ImageLength (257) of the first IFD set to LONG values."""
    order = "<" if data[:2] == b"II" else ">"
    try:
        (ifd,) = struct.unpack(order + "I", data[4:8])
        (count,) = struct.unpack(order + "H", data[ifd:ifd + 2])
    except struct.error:
        return data
    out = bytearray(data)
    for k in range(min(count, 64)):
        at = ifd + 2 + 12 * k
        if at + 12 > len(out):
            break
        (tag,) = struct.unpack(order + "H", out[at:at + 2])
        if tag in (256, 257):
            value = width if tag == 256 else height
            out[at + 2:at + 12] = struct.pack(order + "HII", 4, 1, value & 0xFFFFFFFF)
    return bytes(out)


def size(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    """The declared width and height rewritten, the pixel data left as it was."""
    width, height = rng.choice(SIZES), rng.choice(SIZES)
    if data.startswith(b"\x89PNG"):
        return _png_size(data, width, height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data, width, height)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return _tiff_size(data, width, height)
    return data


def bomb(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    """A valid blank image of the base's type, just past the pixel bound (a decompression bomb)."""
    pixels = rng.choice(BOMB_PIXELS)
    width = rng.choice((10_000, 20_000, 4_000))
    height = pixels // width + 1
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        from PIL import Image

        out = io.BytesIO()
        Image.new("1", (width, height), 1).save(out, "TIFF", compression="group4")
        return out.getvalue()
    # a PNG (also behind a JPEG's name: the reader sniffs the content); rows of white, deflated
    row = b"\x00" + b"\xff" * width
    body = zlib.compressobj(9)
    idat = b"".join(body.compress(row) for _ in range(height)) + body.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


IMAGE_OPS = {**{name: OPS[name] for name in ("flip", "truncate", "delete", "duplicate", "insert", "splice")},
             "header": header, "size": size, "bomb": bomb}


def png_checksums(data: bytes) -> bytes:
    """Every PNG chunk's CRC made right again, so that damage inside a chunk reaches the decoder.

    Without it Pillow stops at the first bad CRC: the first 100 PNG mutants (seed 1) were all
    'unreadable' and none reached the OCR.
    """
    out = bytearray(data)
    at = 8
    while at + 12 <= len(out):
        (length,) = struct.unpack(">I", out[at:at + 4])
        end = at + 8 + length
        if end + 4 > len(out):
            break
        out[end:end + 4] = struct.pack(">I", zlib.crc32(bytes(out[at + 4:end])))
        at = end + 4
    return bytes(out)


def image_mutant(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, list[str]]:
    """One to three image operations applied in turn (a damaged PNG's checksums mostly made right again)."""
    names = rng.choices(list(IMAGE_WEIGHTS), weights=list(IMAGE_WEIGHTS.values()), k=rng.randint(1, 3))
    for name in names:
        data = IMAGE_OPS[name](rng, data, pool)
    if data.startswith(b"\x89PNG") and rng.random() < PNG_RECHECKSUM:
        data = png_checksums(data)
        names.append("checksums")
    return data, names
