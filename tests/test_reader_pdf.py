"""The PDF reader: generated reports read as PDF give the record their text form gives.

Reports come from samplegen and are printed by samplegen.render_pdf (ruled
grids, text-only tables without rules, one cell per line; CID and embedded
TrueType fonts; text layers that defeat pdfplumber).  Bad inputs must give a
one-line UnreadableInput, scanned pages a warning, and footers never data.
"""

from __future__ import annotations

import io
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from docstruct.extract import extract_bytes, extract_file
from docstruct.extract.errors import LimitExceeded, UnreadableInput
from docstruct.extract.model import Document
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.pdf import reader as pdf_reader
from docstruct.extract.readers.pdf.chars import Glyph, PageText
from docstruct.extract.readers.pdf.lines import TextLine, glyph_rows, is_footer, row_text
from docstruct.extract.readers.pdf.reader import read_pdf, read_pdf_with
from samplegen import ReportSpec, build_report, render
from samplegen.model import Report
from samplegen.render_pdf import draw_style, find_cjk_ttf, render_pdf
from samplegen.truth import truth_tables

TEMPLATES = ("2019", "2021", "hybrid")
# The text layout the PDF record is compared with: one cell per line, where an
# empty line is a blank cell, as an empty grid cell is in a ruled PDF.
TEXT_LAYOUT = "cell_per_line"
REPORTS = 9  # three of each template
FOOTER_RE = re.compile(r"^[-—]\s*\d+\s*[-—]$")
A4 = (595.28, 841.89)


def _spec(index: int, tables: str) -> ReportSpec:
    # Ruled grids show an empty cell; text without rules cannot, so those
    # reports are drawn without blank cells (samplegen's BLANK_OK_LAYOUTS).
    layout = "cell_per_line" if tables == "ruled" else "cell_per_line_blank"
    return ReportSpec(TEMPLATES[index % 3], layout, "utf-8", f"pdftest:{index}")


@cache
def _report(index: int, tables: str) -> Report:
    return build_report(_spec(index, tables))


@cache
def _pdf(index: int, tables: str = "ruled", font: str = "cid", quirk: str = "") -> bytes:
    return render_pdf(_report(index, tables), draw_style(_spec(index, tables).seed, tables, font, quirk)).data


def _key(record: dict[str, Any]) -> tuple[Any, ...]:
    """What must agree between formats: metadata, every cell's value and raw, failed checks."""
    cells = {
        f"{t}.{r}.{c}": (v["value"], v["raw"])
        for t, rows in record["tables"].items()
        for r, cols in rows.items()
        for c, v in cols.items()
    }
    failed = sorted(c["rule"] for c in record["checks"] if c["ok"] is False)
    return record["metadata"], cells, failed


@cache
def _pdf_record(index: int, tables: str = "ruled", font: str = "cid", quirk: str = "") -> dict[str, Any]:
    return extract_bytes(_pdf(index, tables, font, quirk), ReadOptions(path="report.pdf")).to_json()


def _text_record(index: int, tables: str) -> dict[str, Any]:
    text = render(_report(index, tables), TEXT_LAYOUT, _spec(index, tables).seed).text
    return extract_bytes(text.encode("utf-8"), ReadOptions(path="report.txt")).to_json()


def _truth_values(index: int, tables: str) -> dict[str, Any]:
    return truth_tables(_report(index, tables))[0]


def _values(record: dict[str, Any]) -> dict[str, Any]:
    return {t: {r: {c: v["value"] for c, v in cols.items()} for r, cols in rows.items()}
            for t, rows in record["tables"].items()}


STYLES = [("ruled", "cid", ""), ("unruled", "cid", ""), ("flat", "cid", "")]


@pytest.mark.parametrize("index", range(REPORTS))
@pytest.mark.parametrize(("tables", "font", "quirk"), STYLES)
def test_pdf_record_equals_text_record(index: int, tables: str, font: str, quirk: str) -> None:
    pdf = _pdf_record(index, tables, font, quirk)
    assert _key(pdf) == _key(_text_record(index, tables))
    assert _values(pdf) == _truth_values(index, tables)
    assert pdf["source"]["format"] == "pdf" and pdf["source"]["pages"] >= 2


@pytest.mark.parametrize("index", range(3))
def test_embedded_truetype_font(index: int) -> None:
    if find_cjk_ttf() is None:
        pytest.skip("no CJK TrueType font on this machine (apt-get install fonts-wqy-microhei)")
    assert _key(_pdf_record(index, "ruled", "ttf")) == _key(_pdf_record(index, "ruled", "cid"))


@pytest.mark.parametrize("quirk", ["broken_tounicode", "form_without_bbox"])
def test_text_layers_that_defeat_pdfplumber(quirk: str) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(_pdf(0, "ruled", "cid", quirk))) as pdf:
        chars = pdf.pages[0].chars
        if quirk == "broken_tounicode":  # the fixture really gives (cid:N) codes...
            assert chars and all(c["text"].startswith("(cid:") for c in chars)
        else:  # ...or really gives no characters at all
            assert chars == []
    assert _key(_pdf_record(0, "ruled", "cid", quirk)) == _key(_pdf_record(0))


def _doc(index: int = 0, tables: str = "ruled", **kw: str) -> Document:
    return read_pdf(_pdf(index, tables, **kw), ReadOptions(path="report.pdf"))


@pytest.mark.parametrize("tables", ["ruled", "unruled", "flat"])
def test_footers_never_become_cells_or_lines(tables: str) -> None:
    for index in range(3):
        doc = _doc(index, tables)
        texts = [line.text for line in doc.lines]
        texts += [c.text for b in doc.blocks if b.grid for c in b.grid.cells]
        assert not [t for t in texts if FOOTER_RE.match(t)]
        pages = doc.info.pages or 0
        dropped = {s["name"]: s["count"] for s in doc.normalization["steps"]}["pdf_page_footers_dropped"]
        assert dropped == pages
        bottom_lines = [ln for ln in doc.lines if ln.source.bbox and ln.source.bbox[1] > A4[1] - 60]
        assert bottom_lines == []


def test_provenance_is_within_the_page() -> None:
    for tables in ("ruled", "flat"):
        doc = _doc(1, tables)
        pages = doc.info.pages or 0
        sources = [ln.source for ln in doc.lines]
        sources += [c.source for b in doc.blocks if b.grid for c in b.grid.cells]
        for src in sources:
            assert src.page is not None and 1 <= src.page <= pages
            assert src.bbox is not None
            x0, top, x1, bottom = src.bbox
            assert 0 <= x0 <= x1 <= A4[0] and 0 <= top <= bottom <= A4[1]
    record = _pdf_record(1)
    for rows in record["tables"].values():
        for cols in rows.values():
            for cell in cols.values():
                assert set(cell["source"]) == {"page", "bbox"}


def _grid_with(doc: Document, label: str) -> Any:
    for block in doc.blocks:
        if block.grid and any(label in c.text for c in block.grid.cells):
            return block.grid
    raise AssertionError(f"no grid holds {label}")


def test_table_split_across_pages_is_one_grid() -> None:
    index = next(i for i in range(REPORTS) if "table_split_across_pages:applications" in
                 render_pdf(_report(i, "ruled"), draw_style(_spec(i, "ruled").seed, "ruled", "cid")).variants)
    doc = _doc(index)
    grid = _grid_with(doc, "本年新收")
    pages = {c.source.page for c in grid.cells}
    assert len(pages) >= 2
    assert sum("总计" in c.text for c in grid.cells) >= 2  # header 总计 and （七）总计 in one grid
    assert sum("申请人情况" in c.text for c in grid.cells) == 1


def test_merged_cells_get_spans_and_whole_text() -> None:
    grid = _grid_with(_doc(0), "本年新收")
    by_text = {c.text: c for c in grid.cells}
    assert by_text["申请人情况"].colspan == 3
    assert by_text["法人或其他组织"].colspan == 5
    # printed one character per line and `商业企` / `业`, read whole:
    assert by_text["三、本年度办理结果"].rowspan >= 20
    assert {"商业企业", "社会公益组织", "法律服务机构"} <= set(by_text)
    # text inside cells is never also a line
    lines = [ln.text for ln in _doc(0).lines]
    assert not [t for t in lines if "本年新收" in t or "属于国家秘密" in t or t in ("商业企", "业")]


def test_merged_cell_cut_by_a_page_break_is_rejoined() -> None:
    # pdf:50 (hybrid) breaks table 三 inside both group labels; the next page
    # shows their cells empty, as Word does.
    spec = ReportSpec("hybrid", "cell_per_line", "utf-8", "pdf:50")
    data = render_pdf(build_report(spec), draw_style(spec.seed, "ruled", "cid")).data
    doc = read_pdf(data, ReadOptions())
    grid = _grid_with(doc, "本年新收")
    steps = {s["name"]: s["count"] for s in doc.normalization["steps"]}
    assert steps["pdf_merged_cells_rejoined"] == 2
    assert all(c.text for c in grid.cells if c.col == 0)
    group = next(c for c in grid.cells if "不予公开" in c.text)
    assert group.rowspan == 8


def test_vertical_label_and_wrapped_cells_outside_grids() -> None:
    doc = _doc(0, "unruled")
    assert not [b for b in doc.blocks if b.grid]
    texts = [line.text for line in doc.lines]
    label = texts.index("三、本年度办理结果")
    assert texts[label + 1].startswith("(一)予以公开")
    assert any(t.startswith("(二)部分公开(区分处理的,只计这一情形,不计其他情形) ") for t in texts)
    assert any(t.startswith("商业企业 科研机构 社会公益组织 法律服务机构") for t in texts)
    steps = {s["name"] for s in doc.normalization["steps"]}
    assert {"pdf_vertical_labels_joined", "pdf_wrapped_cells_joined"} <= steps


def test_pdfium_and_pdfplumber_rules_give_the_same_grids() -> None:
    for index in range(3):
        data = _pdf(index)
        fast = read_pdf_with(data, ReadOptions(), "pdfium")
        ref = read_pdf_with(data, ReadOptions(), "pdfplumber")
        assert _layout(fast) == _layout(ref)


def _layout(doc: Document) -> list[Any]:
    out: list[Any] = []
    for block in doc.blocks:
        if block.line is not None:
            out.append(block.line.text)
        elif block.grid is not None:
            out.append([(c.row, c.col, c.rowspan, c.colspan, c.text) for c in block.grid.cells])
    return out


def test_intersections_to_cells_matches_pdfplumber() -> None:
    import pdfplumber
    from pdfplumber.table import edges_to_intersections, intersections_to_cells, merge_edges

    from docstruct.extract.readers.pdf.tables import intersections_to_cells as fast_cells

    with pdfplumber.open(io.BytesIO(_pdf(2))) as pdf:
        for page in pdf.pages:
            edges = merge_edges(page.edges, 3, 3, 3, 3)
            points = edges_to_intersections(edges, 3, 3)
            assert fast_cells(points) == intersections_to_cells(points)


def test_same_input_same_output() -> None:
    assert _pdf(3) == render_pdf(_report(3, "ruled"), draw_style(_spec(3, "ruled").seed, "ruled", "cid")).data
    first = extract_bytes(_pdf(3), ReadOptions(path="a.pdf")).to_json()
    assert first == extract_bytes(_pdf(3), ReadOptions(path="a.pdf")).to_json()


def test_pdfium_text_unusable_falls_back_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pdf_reader.pdfium_glyphs  # type: ignore[attr-defined]
    calls = []

    def blind_on_page_two(page: Any, frame: Any) -> PageText:
        calls.append(1)
        return PageText([], "pdfium") if len(calls) == 2 else real(page, frame)

    monkeypatch.setattr(pdf_reader, "pdfium_glyphs", blind_on_page_two)
    doc = read_pdf(_pdf(4), ReadOptions())
    assert any(w.startswith("page 2: pdfium could not map the text; read with pdfplumber") for w in doc.warnings)
    steps = {s["name"]: s["detail"] for s in doc.normalization["steps"]}
    assert "[2]" in steps["pdf_text_from_pdfplumber"]
    monkeypatch.undo()
    assert [b.line.text for b in doc.blocks if b.line] == [b.line.text for b in _doc(4).blocks if b.line]


def _canvas_pdf(pages: list[str], **kw: Any) -> bytes:
    """A small PDF, a page per entry: `text` prints a line of CJK text; `scan` a page-size
    image, `stamp` a small one, each optionally followed by `:text`."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **kw)
    rng = random.Random(7)
    img = Image.new("L", (60, 80))
    img.putdata([rng.randrange(256) for _ in range(60 * 80)])
    for content in pages:
        kind, _, text = content.partition(":") if content.startswith(("scan", "stamp")) else ("", "", content)
        if kind == "scan":
            c.drawImage(ImageReader(img), 0, 0, A4[0], A4[1])
        elif kind == "stamp":
            c.drawImage(ImageReader(img), 400, 100, 90, 90)
        if text:
            c.setFont("STSong-Light", 12)
            c.drawString(72, 700, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """As without the OCR extra (with it, tests/test_ocr_*.py read the scans)."""
    from docstruct.extract.readers.ocr import engine

    monkeypatch.setattr(engine, "available", lambda: False)


def test_scanned_page_is_reported_and_the_rest_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_ocr(monkeypatch)
    data = _canvas_pdf(["一、总体情况", "scan", "二、主动公开政府信息情况", "scan:7", "stamp:六、其他需要报告的事项"])
    doc = read_pdf(data, ReadOptions())
    assert [ln.text for ln in doc.lines] == ["一、总体情况", "二、主动公开政府信息情况", "7", "六、其他需要报告的事项"]
    assert [ln.source.page for ln in doc.lines] == [1, 3, 4, 5]
    assert [w.split(":")[0] for w in doc.warnings] == ["page 2", "page 4"]  # a stamp is no scan
    assert all("OCR" in w for w in doc.warnings)


def test_only_scans_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_ocr(monkeypatch)
    with pytest.raises(UnreadableInput, match=r"needs OCR: pip install 'docstruct\[ocr\]'"):
        read_pdf(_canvas_pdf(["scan", "scan"]), ReadOptions())


def test_diagonal_watermark_is_left_out() -> None:
    from reportlab.pdfgen import canvas

    _canvas_pdf([])  # registers the font
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 12)
    for i in range(12):
        c.drawString(72, 750 - 18 * i, f"第{i}行正文")
    c.saveState()
    c.translate(300, 500)
    c.rotate(45)
    c.setFont("STSong-Light", 60)
    c.drawCentredString(0, 0, "内部资料")
    c.restoreState()
    c.save()
    doc = read_pdf(buf.getvalue(), ReadOptions())
    assert [ln.text for ln in doc.lines] == [f"第{i}行正文" for i in range(12)]
    assert {s["name"]: s["count"] for s in doc.normalization["steps"]}["pdf_slanted_text_dropped"] == 4


def _one_line_error(path: Path) -> str:
    with pytest.raises(UnreadableInput) as info:
        extract_file(path)
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_bad_inputs_give_one_line_errors(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    good = _pdf(0)
    cases = {
        "truncated.pdf": (good[: len(good) // 2], "truncated"),
        "encrypted.pdf": (_canvas_pdf(["一、总体情况"], encrypt=StandardEncryption("user", "owner")), "encrypted"),
        "notpdf.pdf": (b"this is not a PDF at all\x00\x01\x02" * 20, "not a PDF"),
        "corrupt.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "corrupt"),
    }
    for name, (data, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert words in _one_line_error(path), name


def test_owner_password_only_is_readable() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    doc = read_pdf(_canvas_pdf(["一、总体情况"], encrypt=StandardEncryption("", "owner")), ReadOptions())
    assert [ln.text for ln in doc.lines] == ["一、总体情况"]


def test_time_and_page_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(LimitExceeded, match="page 1 of"):
        read_pdf(_pdf(0), ReadOptions(max_seconds=1e-9))
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    doc = read_pdf(_pdf(0), ReadOptions())
    assert {ln.source.page for ln in doc.lines} == {1}
    assert any(w.startswith("read the first 1 of") for w in doc.warnings)


def test_rotated_page_reads_in_display_order() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    c.setPageRotation(90)
    # Text written upright for the rotated view: x runs down the page.
    for i, text in enumerate(("第一行", "第二行")):
        c.saveState()
        c.translate(100 + 30 * i, 100)
        c.rotate(90)
        c.setFont("STSong-Light", 12)
        c.drawString(0, 0, text)
        c.restoreState()
    c.save()
    doc = read_pdf(buf.getvalue(), ReadOptions())
    assert [ln.text for ln in doc.lines] == ["第一行", "第二行"]


def _glyphs(text: str, x: float = 72.0, size: float = 10.0, gap: float = 0.0) -> list[Glyph]:
    out = []
    for ch in text:
        out.append(Glyph.at(ch, x, 100.0, x + size, 100.0 + size))
        x += size + gap
    return out


def test_row_text_spaces_only_wide_gaps() -> None:
    row = _glyphs("予以公开") + _glyphs("23", x=150) + _glyphs("0", x=190)
    assert row_text(row) == "予以公开 23 0"
    assert row_text(_glyphs("政府信息", gap=6.0)) == "政府信息"  # letter-spaced title
    doubled = [*_glyphs("总计"), Glyph.at("计", 82.4, 100.0, 92.4, 110.0)]  # bold by overprinting
    assert row_text(sorted(doubled, key=lambda g: g.x0)) == "总计"
    assert [row_text(r) for r in glyph_rows([*_glyphs("三"), Glyph.at("、", 72, 112, 82, 122)])] == ["三", "、"]


def test_footer_rule() -> None:
    width, height = A4

    def line(text: str, x0: float, top: float = 800.0) -> TextLine:
        return TextLine(text, x0, top, x0 + 10 * len(text), top + 10)

    assert is_footer(line("- 5 -", 280), True, width, height)
    assert is_footer(line("— 4 —", 500), True, width, height)  # outer-edge page number
    assert is_footer(line("7", 295), True, width, height)
    assert not is_footer(line("7", 72), True, width, height)  # a flattened table's last value
    assert not is_footer(line("- 5 -", 280), False, width, height)  # something prints below it
    assert not is_footer(line("- 5 -", 280, top=400), True, width, height)


def test_accuracy_bench_scores_pdf_samples(tmp_path: Path) -> None:
    from bench.accuracy import score, summarize, truth_pairs
    from samplegen.render_pdf import generate_pdf_sample

    layouts = ["ruled", "unruled_cid", "pdf_flat_cid", "ruled_cid_broken_tounicode"]
    for index, layout in enumerate(layouts):
        path, truth = generate_pdf_sample(_spec(index, layout.removeprefix("pdf_").split("_")[0]), layout,
                                          f"p{index}", tmp_path)
        assert path.name == f"p{index}.pdf" and truth["format"] == "pdf" and str(truth["layout"]).startswith("pdf_")
    scores = [score(doc, truth) for doc, truth in truth_pairs([tmp_path])]
    assert len(scores) == 4 and all(s.fmt == "pdf" for s in scores)
    summary = summarize(scores)
    assert summary["exact_documents"] == 100.0, [s.wrong for s in scores]


def test_docx_printed_by_libreoffice(tmp_path: Path) -> None:
    """A real producer: samplegen's DOCX tables printed to PDF by LibreOffice.

    Its PDFs carry a running header atop every page, a footer `第 N 页 共 M
    页`, subset TrueType fonts whose punctuation boxes sit off the baseline,
    and rows broken across pages (`4. 无正当` / `理由大量反复申请`).
    """
    import shutil
    import subprocess

    from samplegen.render_docx import render_docx

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    reports = {}
    for index in range(3):
        spec = ReportSpec(TEMPLATES[index], "cell_per_line", "utf-8", f"lo:{index}")
        reports[index] = build_report(spec)
        (tmp_path / f"lo{index}.docx").write_bytes(render_docx(reports[index], "tables", spec.seed).data)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *sorted(str(p) for p in tmp_path.glob("*.docx"))], capture_output=True, timeout=240, check=True)
    for index, report in reports.items():
        record = extract_file(tmp_path / f"lo{index}.pdf").to_json()
        assert _values(record) == truth_tables(report)[0]
        steps = {s["name"] for s in record["normalization"]["steps"]}
        assert {"pdf_page_headers_dropped", "pdf_page_footers_dropped", "pdf_tables_joined_across_pages"} <= steps


def test_corrupted_bytes_never_escape_as_other_errors() -> None:
    """Flipped and cut bytes (keeping %%EOF) end in a Document or a DocstructError, nothing else.

    Found this way: pdfplumber's close() parsing broken pages, lone UTF-16
    surrogates from a broken font map reaching opencc, an empty segment.
    """
    from docstruct.extract.errors import DocstructError

    for name, data in (("cid", _pdf(1)), ("form", _pdf(2, "ruled", "cid", "form_without_bbox"))):
        rng = random.Random(name)
        for _ in range(40):
            corrupt = bytearray(data)
            for _ in range(rng.choice((1, 5, 50))):
                corrupt[rng.randrange(20, len(corrupt) - 20)] = rng.randrange(256)
            if rng.random() < 0.3:
                start = rng.randrange(20, len(corrupt) // 2)
                del corrupt[start : start + rng.randrange(1, 2000)]
            try:
                assert isinstance(read_pdf(bytes(corrupt), ReadOptions()), Document)
            except DocstructError as exc:
                assert "\n" not in str(exc)


def test_characters_beyond_the_bmp() -> None:
    from docstruct.extract.readers.pdf.chars import _astral

    text = "a\ud840\udc00b\udc00"  # a CJK extension B character as pdfium's two entries, then a lone half
    assert [_astral(text, i) for i in (1, 2, 4)] == ["\U00020000", "", "\ufffd"]
