"""The HTML and DOCX readers' shortcuts (issue 16 part 1) give what the long way gives.

Each shortcut is compared with the code it replaced, written out here as the
definition, over the bundled pages, generated pages in every HTML layout and
pages built to hit the edges (comments, controls, hidden cells, nested tables).
Speed is measured by bench.speed_html / bench.speed_docx, never here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import lxml.etree
import pytest

from docstruct.extract.model import Block, Grid, GridCell, Line, Source
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers import blocks
from docstruct.extract.readers.docx import body as docx_body
from docstruct.extract.readers.docx import reader as docx_reader
from docstruct.extract.readers.docx.numbering import NUMBER_PROPS, PARAGRAPH_PROPS, first_children
from docstruct.extract.readers.docx.reader import read_docx
from docstruct.extract.readers.html import grid as html_grid
from docstruct.extract.readers.html import layout as html_layout
from docstruct.extract.readers.html import rules as html_rules
from docstruct.extract.readers.html.decode import decode_html, parse_html
from docstruct.normalize import normalize_text
from samplegen import ReportSpec, build_report
from samplegen.render_docx import write_docx_batch
from samplegen.render_html import HTML_LAYOUTS, render_html

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

EDGE_PAGES = [
    # comments and PIs inside text (remove_comments is the reader's choice, not lxml's default)
    "<html><body><div>x<p>a<!--c-->b<?pi q?>c</p>tail<script>var a=1&&2;</script></div>after</body></html>",
    # controls the XML world refuses, kept by libxml2's HTML parser
    "<html><body><p>a\x0bb&#11;c&#x1c;d\x0ce\x85f\u3000g\uffffh</p></body></html>",
    '<html><body><table><caption style="display:none">cap</caption>tail<tr><td>a</td><th>1</th>'
    "<td>2</td></tr><tr><td>b<br>c</td><td><p>p1</p><p>p2</p></td></tr></table></body></html>",
    "<html><body><table><td>loose</td><thead><tr><th>h</th><th>h2</th></tr></thead><tbody><tr><td>1</td>"
    '<td hidden>2</td><td style="DISPLAY : none">3</td><foo>x</foo><td>4</td></tr></tbody><tfoot><tr>'
    "<td>f<table><tr><td>nested</td></tr></table></td></tr></tfoot></table></body></html>",
    "<html><body><table><tr><td>nav</td><td>" + "<p>报告正文内容很长。</p>" * 60 + "</td></tr></table>"
    "<table><tr><td>" + " \u3000" * 300 + "报告</td><td>y</td></tr></table>"
    "<table><tr><td>" + "报告 正文" * 120 + "</td><td>x</td></tr></table></body></html>",
    "<html><body><table><tr><td>本年新\n制作</td><td>a\t\x01b</td><td>\uffff</td><td>&nbsp;</td><td></td>"
    "</tr></table></body></html>",
    '<html><body><div id="topnav" class="x">n</div><span class="share">s</span><p hidden>h</p><nav>v</nav>'
    '<p style="">e</p><p STYLE="Display:None">d</p><td rowspan="">r</td><div class="">c</div></body></html>',
    # cell shapes around the shallow reading: blocks in blocks, breaks in inline elements, skipped parts
    "<html><body><table><tr><td><div><p>x</p>\n中</div>\n文</td><td>a<span>b<br>c</span>d</td>"
    "<td><p>x</p>tail<br>t2<b>y</b></td><td><br></td><td>\n<p>中\n</p>\n文<br>\n字</td></tr>"
    '<tr><td><p style="display:none">h</p>v</td><td><div><div><p>deep</p></div></div></td>'
    "<td><span><o:p>&nbsp;</o:p></span></td><td><p><script>s</script>t</p></td><td> <p>a</p> <p>b</p> </td></tr>"
    "</table></body></html>",
]


def _pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted(SAMPLES.glob("*.html"))]
    for i, template in enumerate(("2019", "2021", "hybrid")):
        spec = ReportSpec(template, "cell_per_line", "utf-8", f"hot-paths-readers:{i}")
        report = build_report(spec)
        pages += [render_html(report, layout, spec.seed).data for layout in HTML_LAYOUTS]
    return pages + [page.encode("utf-8") for page in EDGE_PAGES]


def _roots() -> list[Any]:
    roots = [parse_html(decode_html(page).text) for page in _pages()]
    # lxml's own parser keeps comments and PIs: the shortcut must read as itertext there too
    roots += [lxml.etree.fromstring(page, lxml.etree.HTMLParser()) for page in EDGE_PAGES]
    return roots


ROOTS = _roots()


def _elements() -> list[Any]:
    return [el for root in ROOTS for el in root.iter() if isinstance(el.tag, str)]


def _tables() -> list[Any]:
    return [table for root in ROOTS for table in root.iter("table")]


def test_all_text_is_itertext_joined() -> None:
    elements = _elements()
    assert len(elements) > 1000
    for el in elements:
        assert html_rules.all_text(el) == "".join(el.itertext())


def test_has_text_is_any_piece_with_text() -> None:
    for el in _elements():
        assert html_layout._has_text(el) == any(piece.strip() for piece in el.itertext())


def test_long_cells_find_what_every_own_cell_measured_finds() -> None:
    tables = _tables()
    layout = [html_layout.is_layout_table(t) for t in tables]
    assert any(layout) and not all(layout)
    for table in tables:
        definition = html_layout.cells_with_text(table, limit=2) <= 1 or any(
            html_layout._over_layout_chars(cell) for cell in html_layout.own_cells(table)
        )
        assert html_layout.is_layout_table(table) == definition
        assert set(html_layout._LONG_CELLS(table)) <= set(html_layout.own_cells(table))


def _cells_by_child_steps(row: Any, path: str) -> list[tuple[Any, str]]:
    """grid._cells as it was written (child_steps): the definition."""
    return [
        (cell, f"{path}/{step}")
        for cell, step in html_rules.child_steps(row)
        if cell.tag in html_rules.CELL_TAGS and not html_rules.is_hidden(cell)
    ]


def test_row_cells_are_numbered_as_child_steps_numbers_them() -> None:
    rows = [row for root in ROOTS for row in root.iter("tr")]
    assert len(rows) > 100
    for row in rows:
        cells = html_grid._cells(row, "t/tr")
        assert [(cell, path) for cell, path, _names in cells] == _cells_by_child_steps(row, "t/tr")
        assert all(names == cell.keys() for cell, _path, names in cells)


def test_attribute_names_answer_as_the_lookups() -> None:
    elements = _elements()
    assert any(el.keys() for el in elements) and not all(el.keys() for el in elements)
    for el in elements:
        names = el.keys()
        assert html_rules.hidden_by(el, names) == html_rules.is_hidden(el)
        assert html_rules.chrome_by(el, el.tag, names) == html_rules.looks_like_chrome(el)
        assert html_rules.is_chrome_by(el, el.tag, names, 1000) == html_rules.is_chrome(el, 1000)
        for name in ("rowspan", "colspan"):
            assert (name in names) == (el.get(name) is not None)


@pytest.mark.parametrize(
    "raws",
    [
        [],
        ["", " a ", "本年新\n  制作", "\n数量", "x\t\ty", "\x01\x7f", "中\n", "文"],
        ["a\uffffb", "本年新\n制作"],  # a text holding the joiner: read one by one
        ["中", "\n文", "中\n", "\uffff", "文"],
    ],
)
def test_inline_texts_is_inline_text_per_cell(raws: list[str]) -> None:
    assert html_grid.inline_texts(raws) == [html_rules.inline_text(t).strip() for t in raws]


def test_table_cells_read_as_cell_text_reads_them() -> None:
    for table in _tables():
        grid = html_grid.table_to_grid(table, "t")
        cells = [cell for row in html_grid._rows(table, "t") for cell, _path, _names in row]
        assert list(grid.texts) == [html_grid.cell_text(cell) for cell in cells]
        assert [c.text for c in grid.cells] == list(grid.texts)


def test_cell_shortcuts_read_as_the_walk() -> None:
    cells = [cell for root in ROOTS for cell in root.iter("td", "th") if not html_rules.hard_skip(cell)]
    shallow = [cell for cell in cells if len(cell) and html_grid._shallow_text(cell, 0) is not None]
    assert len(shallow) > 100 and len(shallow) < len([cell for cell in cells if len(cell)])  # both ways taken
    for cell in cells:
        want = html_rules.inline_text(html_grid._walk_text(cell)).strip()
        assert html_rules.inline_text(html_grid._raw_text(cell)).strip() == want


def _origins_one_by_one(texts: list[str]) -> list[tuple[int, ...]]:
    """blocks._clean's origin maps as they were computed (every text, one loop): the definition."""
    flat = [t.replace("\r", " ").replace("\n", " ") for t in texts]
    normalized = normalize_text("\n".join(flat))
    out: list[tuple[int, ...]] = []
    raw_start = clean_start = 0
    for raw, text in zip(flat, normalized.text.split("\n"), strict=True):
        out.append(tuple(i - raw_start for i in normalized.origin[clean_start : clean_start + len(text)]))
        raw_start += len(raw) + 1
        clean_start += len(text) + 1
    return out


def test_clean_texts_maps_the_lines_it_is_asked_for() -> None:
    texts = ["二〇二〇年 （一） 主動公開", "", " 本年新\n制作 ", "ｆｕｌｌ　ｗｉｄｔｈ", "qián(乾)隆", "行政許可 80"]
    lines = [True, False, True, False, True, True]
    clean, origins, _steps = blocks.clean_texts(texts, lines)
    want = _origins_one_by_one(texts)
    assert origins == [w if line else () for w, line in zip(want, lines, strict=True)]
    assert clean == normalize_text("\n".join(t.replace("\n", " ") for t in texts)).text.split("\n")


def test_normalize_raw_is_normalize_blocks_of_the_raw_blocks() -> None:
    places = ((0, 0, 1, 2, "t/tr[1]/td[1]"), (1, 0, 1, 1, "t/tr[2]/td[1]"), (1, 1, 2, 1, "t/tr[2]/td[2]"))
    raw: list[blocks.RawText | blocks.RawCells] = [
        blocks.RawText(" 二〇二〇年 （一） 主動公開 ", "body/p[1]"),
        blocks.RawCells(("行政許可", " ８０ ", ""), places, "body/table"),
        blocks.RawText("", "body/p[2]"),
        html_grid.RawGrid(("ｆｕｌｌ",), ((0, 0, 1, 1, "x/td"),), "body/div/table", caption="c"),
    ]
    built = []
    for item in raw:
        if isinstance(item, blocks.RawText):
            built.append(Block(line=Line(item.text, Source(path=item.path))))
        else:
            pairs = zip(item.places, item.texts, strict=True)
            cells = tuple(GridCell(r, c, t, Source(path=p), rs, cs) for (r, c, rs, cs, p), t in pairs)
            built.append(Block(grid=Grid(cells, Source(path=item.path), "found")))
    want_blocks, want_steps = blocks.normalize_blocks(built)
    got_blocks, got_steps = blocks.normalize_raw(raw, "found")
    assert tuple(got_blocks) == want_blocks and got_steps == want_steps


def test_docx_local_names_are_the_tag_tails() -> None:
    for tag in (docx_body.P, docx_body.TBL, "{urn:x}a}b", "plain", docx_body.P):
        assert docx_body._local(tag) == str(tag).rsplit("}", 1)[-1]


def test_numbering_without_lists_numbers_nothing_as_resolving_finds() -> None:
    w = docx_body.W
    ppr = lxml.etree.fromstring(
        f'<w:pPr xmlns:w="{w[1:-1]}"><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/>'
        '<w:numId w:val="1"/></w:numPr></w:pPr>'
    )
    empty = docx_body.Numbering()
    num_id, _ilvl = empty._resolve(ppr)
    assert num_id == "1" and num_id not in empty.levels  # the long way ends in '' as well
    assert empty.prefix(ppr) == "" and empty.prefix(None) == "" and not empty.counters

def _docx_parts(folder: Path) -> list[Any]:
    write_docx_batch(folder, 6, 16)  # both templates' tables and flattened layouts
    roots = []
    for path in sorted(SAMPLES.glob("*.docx")) + sorted(folder.glob("*.docx")):
        roots.append(lxml.etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")))
    return roots


def test_docx_property_lookups_are_finds(tmp_path: Path) -> None:
    tags = [docx_body.PPR, docx_body.TRPR, docx_body.TCPR, docx_body.GRID_SPAN, docx_body.VMERGE]
    roots = _docx_parts(tmp_path)
    elements = [el for root in roots for el in root.iter(docx_body.P, docx_body.TR, docx_body.TC)]
    property_tags = (docx_body.TCPR, docx_body.TRPR, docx_body.PPR, f"{docx_body.W}numPr")
    props = [el for root in roots for el in root.iter(*property_tags)]
    assert len(elements) > 500 and len(props) > 100
    for el in elements + props:
        for tag in tags:
            assert docx_body._child(el, tag) is el.find(tag)
        found = docx_body.first_children(el, docx_body.CELL_PROPS)
        assert all(found.get(tag) is el.find(tag) for tag in docx_body.CELL_PROPS)
        numbering = first_children(el, PARAGRAPH_PROPS | NUMBER_PROPS)
        assert all(numbering.get(tag) is el.find(tag) for tag in PARAGRAPH_PROPS | NUMBER_PROPS)


def test_a_part_may_hold_what_its_bytes_spell_or_any_when_not_ascii_like() -> None:
    xml = '<?xml version="1.0"?><w:document><w:body><w:p/></w:body></w:document>'
    assert not docx_reader.may_hold(xml.encode(), b"txbxContent")
    assert not docx_reader.may_hold(b"\xef\xbb\xbf \n" + xml.encode(), b"txbxContent")
    assert docx_reader.may_hold(xml.replace("<w:p/>", "<w:txbxContent/>").encode(), b"txbxContent")
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):  # spelled in other bytes
        assert docx_reader.may_hold(xml.encode(encoding), b"txbxContent")


def test_text_boxes_skipped_only_where_none_can_be(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write_docx_batch(tmp_path, 4, 23)
    w = docx_body.W[1:-1]
    box = (
        "<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></w:r></w:p>"
    )
    body = f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p>{box}</w:body></w:document>'
    datas = [path.read_bytes() for path in sorted(tmp_path.glob("*.docx"))]
    for part in (body.encode(), ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("word/document.xml", part)
        datas.append(buffer.getvalue())
    fast = [read_docx(data, ReadOptions(path="d.docx")) for data in datas]
    assert ["文本框" in [b.line.text for b in doc.blocks if b.line] for doc in fast[-2:]] == [True, True]
    monkeypatch.setattr(docx_reader, "may_hold", lambda part, name: True)
    assert fast == [read_docx(data, ReadOptions(path="d.docx")) for data in datas]


# ------------------------------------------------------------------ cells and sources built without __init__


@pytest.mark.parametrize(
    ("row", "col", "text", "path", "rowspan", "colspan"),
    [
        (0, 0, "", "body/table/tr[0]/td[0]", 1, 1),
        (3, 5, "规章 0", "body[2]/tbl/tr[3]/tc[5]", 2, 3),
        (1, 1, "x", "", 1, 4),
    ],
)
def test_path_cells_and_sources_are_the_constructors(
    row: int, col: int, text: str, path: str, rowspan: int, colspan: int
) -> None:
    import copy
    import pickle

    from docstruct.extract.model import path_cell, path_source

    slow = GridCell(row, col, text, Source(path=path), rowspan, colspan)
    for fast in (path_cell(row, col, text, path, rowspan, colspan), slow.with_text("y").with_text(text)):
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert pickle.loads(pickle.dumps(fast)) == slow and copy.deepcopy(fast) == slow
    assert path_source(path) == Source(path=path) and repr(path_source(path)) == repr(Source(path=path))


def test_raw_cells_are_made_as_the_constructors_make_them() -> None:
    raw = blocks.RawCells(("规章", "0"), ((0, 0, 1, 1, "tr[0]/td[0]"), (0, 1, 2, 1, "tr[0]/td[1]")), "table")
    assert raw.cells == (
        GridCell(0, 0, "规章", Source(path="tr[0]/td[0]"), 1, 1),
        GridCell(0, 1, "0", Source(path="tr[0]/td[1]"), 2, 1),
    )
