"""The DOCX reader: same record as the text form, real merged cells, ignored page furniture, safe on hostile zips."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from typing import Any

import pytest

from docstruct.extract.errors import DocstructError, LimitExceeded, UnreadableInput, UnsupportedFormat
from docstruct.extract.model import Document, Grid, GridCell
from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import extract_bytes
from docstruct.extract.readers.docx import package as docx_zip
from docstruct.extract.readers.docx import reader as docx_reader
from docstruct.extract.readers.docx.numbering import chinese_number, format_number
from docstruct.extract.readers.docx.reader import read_docx
from samplegen import ReportSpec, build_report, render
from samplegen.labels import result_row_ids
from samplegen.render_docx import ZIP_DATE, render_docx
from samplegen.truth import truth_tables
from tests.records import essence, text_record

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OPTS = ReadOptions(path="x.docx")
# A hostile input must be refused at once; generous for a slow CI machine.
QUICK_SECONDS = 2.0

# (template, seed) of the generated reports compared with their text form:
# every template, and seeds whose drawn variants cover every DOCX variant.
REPORTS = [(t, f"docx-test:{i}") for i in range(8) for t in ("2019", "2021", "hybrid")][:12]



def docx_record(data: bytes) -> dict[str, Any]:
    return extract_bytes(data, OPTS).to_json()


def make_zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def make_docx(body: str, **parts: bytes) -> bytes:
    files = {"word/document.xml": document_xml(body)}
    files.update({f"word/{name}.xml": data for name, data in parts.items()})
    return make_zip(files)


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def tc(text: str = "", props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(r(text)) if text else p()}</w:tc>"


def line_texts(doc: Document) -> list[str]:
    return [b.line.text for b in doc.blocks if b.line is not None]


def grids(doc: Document) -> list[Grid]:
    return [b.grid for b in doc.blocks if b.grid is not None]


def all_texts(doc: Document) -> list[str]:
    out = line_texts(doc)
    for grid in grids(doc):
        out += [c.text for c in grid.cells]
    return out


def refused(data: bytes, options: ReadOptions = OPTS, seconds: float = QUICK_SECONDS) -> DocstructError:
    """The error read_docx raises, checked to be one line and quick."""
    start = time.perf_counter()
    with pytest.raises(DocstructError) as info:
        read_docx(data, options)
    assert time.perf_counter() - start < seconds
    message = str(info.value)
    assert message and "\n" not in message
    return info.value


def patch_sizes(data: bytes, name: str, size: int) -> bytes:
    """Make the local and central headers of one entry claim another uncompressed size."""
    out = bytearray(data)
    raw = name.encode()
    for sig, name_len_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        i = out.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", out, i + name_len_at)[0]
            if out[i + name_at : i + name_at + n] == raw:
                struct.pack_into("<I", out, i + size_at, size)
            i = out.find(sig, i + 4)
    return bytes(out)



@pytest.mark.parametrize(("template", "seed"), REPORTS)
def test_tables_layout_equals_text_form(template: str, seed: str) -> None:
    # cell_per_line_blank draws no blank cells, which every text layout can show
    report = build_report(ReportSpec(template, "cell_per_line_blank", "utf-8", seed))
    rendered = render_docx(report, "tables", seed)
    assert essence(docx_record(rendered.data)) == essence(text_record(render(report, "pipe_cells", seed).text))


@pytest.mark.parametrize(("template", "seed"), REPORTS)
def test_flattened_layout_equals_text_form(template: str, seed: str) -> None:
    report = build_report(ReportSpec(template, "cell_per_line", "utf-8", seed))
    rendered = render_docx(report, "flattened", seed)
    assert essence(docx_record(rendered.data)) == essence(text_record(render(report, "cell_per_line", seed).text))


def test_the_compared_reports_cover_every_docx_variant() -> None:
    drawn: set[str] = set()
    for template, seed in REPORTS:
        for layout, twin in (("tables", "cell_per_line_blank"), ("flattened", "cell_per_line")):
            drawn |= set(render_docx(build_report(ReportSpec(template, twin, "utf-8", seed)), layout, seed).variants)
    assert drawn >= {
        "title_and_date_split_by_br", "headings_auto_numbered", "preamble_in_content_control",
        "cell_text_across_paragraphs", "number_split_across_runs", "note_row_in_table",
        "tracked_changes", "field_code", "paragraph_indent_tab", "empty_paragraphs",
    }


@pytest.mark.parametrize("seed", [f"docx-blank:{i}" for i in range(6)])
def test_grids_keep_blank_cells_that_text_forms_lose(seed: str) -> None:
    # pipe_cells draws blank cells: a grid keeps each in its column, so every value is right
    report = build_report(ReportSpec(("2019", "2021", "hybrid")[int(seed[-1]) % 3], "pipe_cells", "utf-8", seed))
    record = docx_record(render_docx(report, "tables", seed).data)
    truth, _ = truth_tables(report)
    got = {t: {r: {c: cell["value"] for c, cell in cols.items()} for r, cols in rows.items()}
           for t, rows in record["tables"].items()}
    assert got == truth



def _cells_named(grid: Grid, text: str) -> list[GridCell]:
    return [c for c in grid.cells if c.text == text]


def test_merged_cells_appear_once_with_their_spans() -> None:
    seed = "docx-merge:0"
    report = build_report(ReportSpec("2021", "cell_per_line_blank", "utf-8", seed))
    doc = read_docx(render_docx(report, "tables", seed).data, OPTS)
    apps = next(g for g in grids(doc) if any("申请人情况" in c.text for c in g.cells))
    (applicant,) = [c for c in apps.cells if "申请人情况" in c.text]
    assert (applicant.rowspan, applicant.colspan, applicant.col) == (3, 3, 0)
    (legal,) = [c for c in apps.cells if "法人或其他组织" in c.text]
    assert (legal.colspan, legal.col) == (5, 4)
    # the vertical group label spans every result row, (一) to (七)总计 (twice if a page break repeats it)
    results = _cells_named(apps, "三、本年度办理结果")
    assert sum(c.rowspan for c in results) == len(result_row_ids(single_other_row=False)) + 1
    assert all(c.col == 0 and c.colspan == 1 for c in results)
    (denied,) = [c for c in apps.cells if c.col == 1 and c.text.replace(" ", "").endswith("不予公开")]
    assert denied.rowspan == 8
    review = next(g for g in grids(doc) if _cells_named(g, "行政复议"))
    assert [(c.col, c.colspan) for c in _cells_named(review, "行政复议")] == [(0, 5)]
    assert [(c.col, c.colspan) for c in _cells_named(review, "行政诉讼")] == [(5, 10)]
    assert len(review.cells) == 2 + 7 + 10 + 15  # header cells once each, fifteen data cells


def test_header_cell_broken_across_paragraphs_reads_as_one_word() -> None:
    broken = f"<w:tc>{p(r('商业企'))}{p(r('业'))}</w:tc>"
    annotated = f"<w:tc>{p(r('22'))}{p(r('（其中修订3件）'))}</w:tc>"
    body = f"<w:tbl><w:tr>{broken}{annotated}</w:tr></w:tbl>"
    (grid,) = grids(read_docx(make_docx(body), OPTS))
    assert [c.text for c in grid.cells] == ["商业企业", "22 (其中修订3件)"]


def test_grid_spans_from_gridspan_vmerge_gridbefore_and_hmerge() -> None:
    span2 = '<w:gridSpan w:val="2"/>'
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    h_restart, h_cont = '<w:hMerge w:val="restart"/>', "<w:hMerge/>"
    rows = [
        f"<w:tr>{tc('A', restart)}{tc('B', span2)}{tc('C')}</w:tr>",
        f"<w:tr>{tc('', cont)}{tc('D')}{tc('E')}{tc('F')}</w:tr>",
        f'<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>{tc("G")}{tc("H")}</w:tr>',
        f"<w:tr>{tc('I', h_restart)}{tc('', h_cont)}{tc('J')}{tc('K')}</w:tr>",
    ]
    (grid,) = grids(read_docx(make_docx("<w:tbl>" + "".join(rows) + "</w:tbl>"), OPTS))
    got = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in grid.cells}
    assert got == {
        "A": (0, 0, 2, 1), "B": (0, 1, 1, 2), "C": (0, 3, 1, 1),
        "D": (1, 1, 1, 1), "E": (1, 2, 1, 1), "F": (1, 3, 1, 1),
        "G": (2, 2, 1, 1), "H": (2, 3, 1, 1),
        "I": (3, 0, 1, 2), "J": (3, 2, 1, 1), "K": (3, 3, 1, 1),
    }
    assert grid.found_by == "docx w:tbl"


def test_nested_table_is_flattened_into_its_cell_and_one_column_tables_unwrapped() -> None:
    nested = f"<w:tbl><w:tr>{tc('甲')}{tc('乙')}</w:tr><w:tr>{tc('1')}{tc('2')}</w:tr></w:tbl>"
    inner = f"<w:tbl><w:tr><w:tc>{p(r('外'))}{nested}</w:tc>{tc('右')}</w:tr></w:tbl>"
    wrapper = f"<w:tbl><w:tr><w:tc>{p(r('包在表格里的正文'))}{inner}</w:tc></w:tr></w:tbl>"
    doc = read_docx(make_docx(wrapper), OPTS)
    assert line_texts(doc) == ["包在表格里的正文"]
    (grid,) = grids(doc)
    assert [c.text for c in grid.cells] == ["外甲乙 1 2", "右"]



def test_paragraph_text_rules() -> None:
    deleted = (
        '<w:del w:id="1" w:author="a"><w:r><w:delText>删掉</w:delText></w:r></w:del>'
        '<w:del w:id="2" w:author="a"><w:r><w:t>也删掉</w:t></w:r></w:del>'
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("链接文字")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    ruby = (
        "<w:r><w:ruby><w:rt><w:r><w:t>gōng</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>公</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    alternate = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>选</w:t></mc:Choice>'
        "<mc:Fallback><w:r><w:t>备用</w:t></w:r></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = (
        p(r("一"), "<w:r><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t></w:r>")
        + p(r("保留"), deleted, f'<w:ins w:id="3" w:author="a">{r("插入")}</w:ins>')
        + p(field)
        + p(ruby, alternate)
        + '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:hyperlink>'
        + r("超链接") + "</w:hyperlink></w:p>"
        + f'<w:sdt><w:sdtPr/><w:sdtContent>{p(r("控件内"))}</w:sdtContent></w:sdt>'
    )
    doc = read_docx(make_docx(body), OPTS)
    assert line_texts(doc) == ["一 二", "三", "保留插入", "链接文字", "公", "超链接", "控件内"]
    paths = [b.line.source.path for b in doc.blocks if b.line is not None]
    assert paths == ["body[0]/p", "body[0]/p", "body[1]/p", "body[2]/p", "body[3]/p", "body[4]/p", "body[5]/sdt/p[0]"]


def test_cell_provenance_paths() -> None:
    table = f"<w:tbl><w:tr>{tc('标签')}<w:tc>{p()}{p(r('7'))}</w:tc></w:tr></w:tbl>"
    (grid,) = grids(read_docx(make_docx(p(r("前文")) + table), OPTS))
    assert grid.source.path == "body[1]/tbl"
    assert [c.source.path for c in grid.cells] == ["body[1]/tbl/tr[0]/tc[0]/p[0]", "body[1]/tbl/tr[0]/tc[1]/p[1]"]


def test_headers_footers_and_comments_are_not_body_text() -> None:
    for layout in ("tables", "flattened"):
        seed = "docx-furniture:1"
        rendered = render_docx(build_report(ReportSpec("2019", "pipe_cells", "utf-8", seed)), layout, seed)
        with zipfile.ZipFile(io.BytesIO(rendered.data)) as z:
            elsewhere = "".join(z.read(n).decode() for n in z.namelist()
                                if n.startswith(("word/header", "word/footer", "word/comments")))
        assert {"政府信息公开专栏", "页 共", "审核意见"} <= set(rendered.distractors)
        for mark in ("政府信息公开专栏", "审核意见"):
            assert mark in elsewhere  # the text is in the file, so its absence below means something
        texts = "\n".join(all_texts(read_docx(rendered.data, OPTS)))
        for mark in rendered.distractors:
            assert mark not in texts



def test_chinese_counting() -> None:
    numbers = (1, 6, 10, 11, 20, 21, 105)
    assert [chinese_number(n) for n in numbers] == ["一", "六", "十", "十一", "二十", "二十一", "一百零五"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(2, "ideographTraditional") == "乙"


def test_automatic_numbering_is_written_back() -> None:
    numbering = f"""<w:numbering xmlns:w="{W_NS}">
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/>
          <w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>""".encode()
    styles = f"""<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr>
      <w:numId w:val="5"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>""".encode()

    def num(ilvl: int) -> str:
        return f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="5"/></w:numPr></w:pPr>'

    body = (p(r("总体情况"), ppr=num(0)) + p(r("予以公开"), ppr=num(1)) + p(r("国家秘密"), ppr=num(2))
            + p(r("第二项"), ppr=num(2)) + p(r("部分公开"), ppr=num(1))
            + p(r("主动公开"), ppr='<w:pPr><w:pStyle w:val="H1b"/></w:pPr>') + p(r("不编号")))
    doc = read_docx(make_docx(body, numbering=numbering, styles=styles), OPTS)
    assert line_texts(doc) == ["一、总体情况", "(一)予以公开", "1.国家秘密", "2.第二项", "(二)部分公开",
                               "二、主动公开", "不编号"]
    assert {"name": "list_numbering_rebuilt", "count": 6,
            "detail": "automatic numbers (w:numPr) written into the paragraph text"} in doc.normalization["steps"]



def test_random_bytes_named_docx() -> None:
    err = refused(bytes(range(256)) * 40)
    assert isinstance(err, UnreadableInput) and str(err).startswith("not a DOCX: not a zip archive")
    with pytest.raises(UnreadableInput, match="not a zip archive"):
        extract_bytes(bytes(range(256)) * 40, ReadOptions(path="report.docx"))


def test_zip_that_is_not_a_docx() -> None:
    err = refused(make_zip({"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis.opendocument.text"}))
    assert isinstance(err, UnreadableInput) and str(err) == "a zip, but not a DOCX: no word/document.xml"


def _zeros_docx() -> bytes:
    """50 MB of XML that deflates to ~50 KB."""
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    return make_zip({"word/document.xml": head + b"0" * (50 * 1024 * 1024) + tail})


def test_expansion_bomb_refused_before_inflating() -> None:
    data = _zeros_docx()
    assert len(data) < 200_000
    err = refused(data, ReadOptions(path="x.docx", max_expanded_bytes=1024 * 1024))
    assert isinstance(err, LimitExceeded) and "max_expanded_bytes" in str(err)
    err = refused(data)  # within the default budget, but a 1000:1 ratio is a bomb
    assert isinstance(err, LimitExceeded) and "zip bomb" in str(err)


def test_header_claiming_gigabytes_is_refused_from_the_header() -> None:
    data = patch_sizes(make_docx(p(r("正文"))), "word/document.xml", 0xFFFFFFF0)
    err = refused(data)
    assert isinstance(err, LimitExceeded) and "4294967280" in str(err)


def test_header_lying_small_cannot_make_us_inflate_more() -> None:
    data = patch_sizes(make_docx(p(r("x" * 5_000_000))), "word/document.xml", 1000)
    err = refused(data)
    assert isinstance(err, UnreadableInput) and "lies about its size" in str(err)


def test_byte_cap_holds_even_if_the_zip_library_over_delivers(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_docx(p(r("正文")))
    real_open = zipfile.ZipFile.open

    def generous(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, name, *args, **kwargs)
        handle.read()
        return io.BytesIO(b"x" * (3 * docx_zip.READ_CHUNK_BYTES))

    monkeypatch.setattr(zipfile.ZipFile, "open", generous)
    err = refused(data)
    assert isinstance(err, LimitExceeded) and "inflates past" in str(err)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10)).replace("&lol1;", "&lol;")
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_is_refused(encoding: str) -> None:
    xml = BILLION_LAUGHS
    if encoding == "utf-16":
        xml = xml.replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    err = refused(make_zip({"word/document.xml": xml.encode(encoding)}))
    assert isinstance(err, UnreadableInput) and "DTD" in str(err)


def test_billion_laughs_safe_even_without_the_prolog_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # defence in depth: the parser itself expands nothing, and the DTD is still refused after parsing
    monkeypatch.setattr(docx_zip, "_has_doctype", lambda data: False)
    err = refused(make_zip({"word/document.xml": BILLION_LAUGHS.encode()}))
    assert "DTD" in str(err) or "entity expansion" in str(err)


def test_deep_nesting_is_bounded() -> None:
    deep = "<w:sdt><w:sdtContent>" * 20 + p(r("深")) + "</w:sdtContent></w:sdt>" * 20
    assert line_texts(read_docx(make_docx(deep), OPTS)) == ["深"]
    err = refused(make_docx(deep), ReadOptions(path="x.docx", max_depth=30))
    assert isinstance(err, LimitExceeded) and "max_depth" in str(err)
    deeper = "<w:sdt><w:sdtContent>" * 200 + p(r("深")) + "</w:sdtContent></w:sdt>" * 200
    assert isinstance(refused(make_docx(deeper)), LimitExceeded)  # libxml2's own 256-level cap


def test_reading_is_bounded_in_time() -> None:
    err = refused(make_docx(p(r("段")) * 200), ReadOptions(path="x.docx", max_seconds=0))
    assert isinstance(err, LimitExceeded) and "longer than" in str(err)


@pytest.mark.parametrize(("data", "message"), [
    (make_zip({"word/document.xml": b"<w:document"}), "not well-formed XML"),
    (make_zip({"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'.encode()}), "no w:body"),
    (make_docx(p()), "no text"),
])
def test_broken_documents(data: bytes, message: str) -> None:
    err = refused(data)
    assert isinstance(err, UnreadableInput) and message in str(err)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def test_doc_without_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "find_soffice", lambda: None)
    err = refused(OLE2)
    assert isinstance(err, UnsupportedFormat) and "apt-get install libreoffice-writer" in str(err)


needs_soffice = pytest.mark.skipif(docx_reader.find_soffice() is None, reason="LibreOffice (soffice) is not installed")


@needs_soffice
def test_doc_is_converted_with_libreoffice(tmp_path: Any) -> None:
    import subprocess

    seed = "docx-legacy:0"
    rendered = render_docx(build_report(ReportSpec("2021", "cell_per_line_blank", "utf-8", seed)), "tables", seed)
    (tmp_path / "r.docx").write_bytes(rendered.data)
    subprocess.run([str(docx_reader.find_soffice()), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "r.docx")],
                   check=True, capture_output=True, timeout=120)
    doc_bytes = (tmp_path / "r.doc").read_bytes()
    assert doc_bytes.startswith(OLE2[:8])
    record = extract_bytes(doc_bytes, ReadOptions(path="r.doc")).to_json()
    assert essence(record) == essence(docx_record(rendered.data))
    assert record["normalization"]["steps"][0]["name"] == "doc_converted"


@needs_soffice
def test_doc_that_libreoffice_cannot_convert() -> None:
    err = refused(OLE2, ReadOptions(path="x.doc", max_seconds=60), seconds=60)
    assert isinstance(err, (UnreadableInput, LimitExceeded))


@needs_soffice
def test_doc_conversion_is_bounded_in_time() -> None:
    err = refused(OLE2, ReadOptions(path="x.doc", max_seconds=0.05), seconds=QUICK_SECONDS + 5)
    assert isinstance(err, LimitExceeded) and "longer than" in str(err)



def test_same_seed_same_bytes_and_same_record() -> None:
    seed = "docx-det:3"
    report = build_report(ReportSpec("hybrid", "pipe_cells", "utf-8", seed))
    first, second = render_docx(report, "tables", seed), render_docx(report, "tables", seed)
    assert first.data == second.data
    with zipfile.ZipFile(io.BytesIO(first.data)) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_DATE}
        assert b"2024-01-01T00:00:00Z" in z.read("docProps/core.xml")
    assert docx_record(first.data) == docx_record(second.data)


def test_text_box_is_read_once_after_its_paragraph() -> None:
    box = f"<w:txbxContent>{p(r('文本框'))}</w:txbxContent>"
    anchor = (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    doc = read_docx(make_docx(p(r("正文"), anchor) + p(r("下一段"))), OPTS)
    assert line_texts(doc) == ["正文", "文本框", "下一段"]
    assert doc.blocks[1].line is not None and doc.blocks[1].line.source.path == "body[0]/p/txbx[0]/p[0]"


def test_strict_ooxml_namespace_is_read() -> None:
    strict = document_xml(p(r("严格格式"))).replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    assert line_texts(read_docx(make_zip({"word/document.xml": strict}), OPTS)) == ["严格格式"]
