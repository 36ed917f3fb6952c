"""A PDF gives the same record whatever fonts the machine has (issue 8, "a bare machine").

The PDFs samplegen prints name reportlab's STSong-Light without embedding it,
so pdfium puts in a substitute; before the fix the glyph boxes came from its
outlines and pdfium's text page dropped one-character text objects whose
glyph it lacked, so a machine without a CJK font read other cells than one
with fonts-wqy-microhei.  Here every PDF style is read in worker processes
whose pdfium sees only one font folder: an empty one (a bare machine); one
holding a stand-in for an installed CJK font (a box for every character,
made by pdf_fonts.box_font, so nothing is dropped); one holding a font that
claims the GB2312 character set without CJK glyphs (reportlab's Vera,
patched: other outlines for the digits); a real CJK font when the machine
has one; and the machine's own folders.  pdfium substitutes each folder's
font for STSong-Light outside the reader (checked), and the records must be
identical byte for byte.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from docstruct.extract.readers.pdf import chars as pdf_chars
from docstruct.extract.readers.pdf import fonts as pdf_fonts
from samplegen import ReportSpec
from samplegen.render_pdf import find_cjk_ttf, generate_pdf_sample
from tests.conftest import ROOT

TEMPLATES = ("2019", "2021", "hybrid")
# Every PDF style samplegen prints in the CID font; the TrueType ones join where a CJK TTF is installed.
CID_LAYOUTS = ("pdf_ruled_cid", "pdf_unruled_cid", "pdf_flat_cid", "pdf_ruled_cid_broken_tounicode",
               "pdf_ruled_cid_form_without_bbox")
TTF_LAYOUTS = ("pdf_ruled_ttf", "pdf_unruled_ttf", "pdf_flat_ttf")
GB2312_CODEPAGE_BIT = 18  # OS/2 ulCodePageRange1: the font covers GB2312
STAND_IN = pdf_fonts.BoxFont(b"StandInCJK", 900, 800, -150)
# What pdfium substitutes for STSong-Light (outside the reader) when a folder holds only that font.
SUBSTITUTES = {"a font with a glyph for every character": "StandInCJK",
               "a font claiming GB2312 without CJK glyphs": "Bitstream Vera Sans"}
WORKER_SECONDS = 300


def _layouts() -> tuple[str, ...]:
    return CID_LAYOUTS + (TTF_LAYOUTS if find_cjk_ttf() else ())


@cache
def _pdfs(folder: Path) -> list[Path]:
    """The bundled PDF samples and one generated report per template and style."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = sorted((ROOT / "samples").glob("*.pdf"))
    for i, layout in enumerate(_layouts()):
        for template in TEMPLATES:
            spec = ReportSpec(template, "cell_per_line", "utf-8", f"fonts:{i}:{template}")
            paths.append(generate_pdf_sample(spec, layout, f"{template}_{layout}", folder)[0])
    return paths


def _gb2312_font(folder: Path) -> Path:
    """reportlab's Vera Sans with the GB2312 code page claimed in its OS/2 table (no CJK glyphs)."""
    import reportlab

    data = bytearray((Path(reportlab.__file__).parent / "fonts" / "Vera.ttf").read_bytes())
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"OS/2":
            pages = struct.unpack(">I", data[offset + 78 : offset + 82])[0]
            struct.pack_into(">I", data, offset + 78, pages | 1 << GB2312_CODEPAGE_BIT)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gb2312-claiming-vera.ttf"
    path.write_bytes(bytes(data))
    return path


def _read(fonts: str, pdfs: list[Path], out: Path) -> dict[str, object]:
    """The worker's answer: pdfium's substitute for the first PDF's font, and every record."""
    subprocess.run([sys.executable, "-m", "tests.pdf_font_worker", fonts, str(out), *map(str, pdfs)],
                   cwd=ROOT, check=True, timeout=WORKER_SECONDS)
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _first_difference(want: dict[str, str], got: dict[str, str]) -> str:
    for name, record in want.items():
        if got.get(name) != record:
            lines = zip(record.splitlines(), got.get(name, "").splitlines(), strict=False)
            line = next((f"{a.strip()} != {b.strip()}" for a, b in lines if a != b), "length")
            return f"{name}: {line}"
    return ""


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, object]]:
    # the worker initialises pdfium through pypdfium2's raw bindings package (pypdfium2 >= 5)
    pytest.importorskip("pypdfium2_raw", reason="pypdfium2 < 5 has no separate raw bindings package")
    tmp = tmp_path_factory.mktemp("fonts")
    empty = tmp / "no-fonts"
    empty.mkdir()
    pdfs = _pdfs(tmp / "pdfs")
    return pdfs, _read(str(empty), pdfs, tmp / "bare.json")


def _cjk_font(folder: Path) -> Path:
    """A stand-in for an installed CJK font: every character a box, narrower than the em, GB2312 claimed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stand-in-cjk.ttf"
    path.write_bytes(pdf_fonts.box_font(STAND_IN))
    return path


def _folders(tmp: Path) -> dict[str, str]:
    folders = {
        "a font with a glyph for every character": str(_cjk_font(tmp / "stand-in").parent),
        "a font claiming GB2312 without CJK glyphs": str(_gb2312_font(tmp / "gb2312").parent),
        "this machine's fonts": "-",
    }
    ttf = find_cjk_ttf()
    if ttf is not None:
        folders[f"CJK font {ttf.name}"] = str(ttf.parent)
    return folders


def test_records_are_the_same_with_and_without_cjk_fonts(
        bare: tuple[list[Path], dict[str, object]], tmp_path: Path) -> None:
    pdfs, without = bare
    want = without["records"]
    assert isinstance(want, dict) and len(want) == len(pdfs)
    for label, folder in _folders(tmp_path).items():
        got = _read(folder, pdfs, tmp_path / "with.json")
        if label in SUBSTITUTES:  # the worker really changed the font pdfium puts in
            assert got["substitute"] == SUBSTITUTES[label] != without["substitute"], got["substitute"]
        records = got["records"]
        assert isinstance(records, dict)
        assert records == want, f"with {label}: {_first_difference(want, records)}"


def test_glyph_width_is_the_pdfs_advance_not_the_substitutes_outline() -> None:
    """A digit of STSong-Light is 462/1000 em wide by the PDF's /W; pdfium's built-in substitute drew it wider."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.setFont("STSong-Light", 16)
    c.drawString(100, 700, "2025年")
    c.save()
    with pdf_fonts.fixed_fonts():
        pdf = pdfium.PdfDocument(buffer.getvalue())
        page = pdf[0]
        glyphs = pdf_chars.pdfium_glyphs(page, pdf_chars.page_frame(page)).glyphs
        page.close()
        pdf.close()
    assert [g.text for g in glyphs] == list("2025年")
    digit = pdfmetrics.stringWidth("2", "STSong-Light", 16)  # 7.39: the width reportlab wrote into /W
    assert [g.x1 - g.x0 for g in glyphs] == pytest.approx([digit] * 4 + [16.0], abs=0.01)
    assert [g.x0 for g in glyphs] == pytest.approx([100 + i * digit for i in range(5)], abs=0.01)


def test_em_box_font_is_a_font_pdfium_loads() -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    data = pdf_fonts.em_box_font()
    assert data == pdf_fonts.em_box_font() and data[:4] == b"\x00\x01\x00\x00"
    doc = pdfium.PdfDocument.new()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(doc.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, 1)
    assert font
    width = ctypes.c_float()
    assert pdfium_c.FPDFFont_GetGlyphWidth(font, ord("中"), 10.0, width) and width.value == pytest.approx(10.0)
    pdfium_c.FPDFFont_Close(font)
    doc.close()


def test_fixed_fonts_only_while_reading() -> None:
    """Inside fixed_fonts STSong-Light becomes the em-box font; outside, pdfium's own choice comes back."""
    from tests.pdf_font_worker import substitute_family

    sample = ROOT / "samples" / "gen15_2021_pdf_ruled.pdf"
    with pdf_fonts.fixed_fonts():
        assert substitute_family(sample) == pdf_fonts.EM_BOX_NAME.decode()
    assert substitute_family(sample) != pdf_fonts.EM_BOX_NAME.decode()


def _identity_font_pdf() -> bytes:
    """A Word-style PDF: SimSun not embedded, Identity-H with a ToUnicode map, one-character text objects."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            b"3 beginbfchar <0010> <4E1A> <0011> <6784> <0012> <0032> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    content = (b"BT /F1 12 Tf 100 700 Td <00100011> Tj ET BT /F1 12 Tf 100 680 Td <0010> Tj ET "
               b"BT /F1 12 Tf 100 660 Td <0011> Tj ET BT /F1 12 Tf 200 660 Td <0012> Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 8 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /W [18 [500]] >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 "
        b"/Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_one_character_objects_of_a_font_not_embedded_are_kept() -> None:
    """pdfium's built-in Latin fallback has no glyph for `业`, so its one-character object had an empty box
    and pdfium's text page dropped it, on every machine without SimSun; the box font has a glyph for all."""
    import pypdfium2 as pdfium

    with pdf_fonts.fixed_fonts():
        pdf = pdfium.PdfDocument(_identity_font_pdf())
        page = pdf[0]
        glyphs = pdf_chars.pdfium_glyphs(page, pdf_chars.page_frame(page)).glyphs
        page.close()
        pdf.close()
    assert [(g.text, round(g.x0, 2), round(g.x1, 2)) for g in glyphs] == [
        ("业", 100.0, 112.0), ("构", 112.0, 124.0), ("业", 100.0, 112.0), ("构", 100.0, 112.0), ("2", 200.0, 206.0)]


def test_standard_fonts_keep_pdfiums_built_in_ones() -> None:
    names = [b"Helvetica", b"Arial,Bold", b"ArialMT", b"Times New Roman", b"Courier-Bold", b"ZapfDingbats"]
    assert all(pdf_fonts.is_standard_font(name) for name in names)
    assert not any(pdf_fonts.is_standard_font(name) for name in [b"STSong-Light", b"SimSun", b"ABCDEF+FangSong"])
