"""The hot paths' shortcuts (issue 16 part 1) give what the long way gives, and are taken.

Speed itself is measured by the bench.speed_* benches, never here: these tests pin that
each shortcut returns the same value as the code it replaces, and that the work it
saves is not done (a counter, not a clock).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import lxml.etree
import pytest

from docstruct.extract.model import Block, GridCell, Line, Source
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.html import grid as html_grid
from docstruct.extract.readers.html import layout as html_layout
from docstruct.extract.readers.html import select as html_select
from docstruct.extract.readers.html.reader import read_html
from docstruct.extract.stream import Stream, blocks_to_stream
from docstruct.extract.tables import match
from docstruct.extract.templates import all_templates
from docstruct.normalize import charsets

FULL = Source(line=3, span=(1, 4), page=2, bbox=(1.0, 2.0, 3.0, 4.0), path="body/p[2]", confidence=0.5)


def test_with_span_keeps_every_other_field_as_replace_does() -> None:
    # a field added to Source must be added to with_span too: this compares them all
    assert {f.name for f in dataclasses.fields(Source)} == {"line", "span", "page", "bbox", "path", "confidence"}
    assert FULL.with_span(7, 9) == dataclasses.replace(FULL, span=(7, 9))


def test_with_text_keeps_every_other_field_as_replace_does() -> None:
    cell = GridCell(1, 2, "raw", FULL, rowspan=2, colspan=3)
    assert {f.name for f in dataclasses.fields(GridCell)} == {"row", "col", "text", "source", "rowspan", "colspan"}
    assert cell.with_text("clean") == dataclasses.replace(cell, text="clean")


def test_line_source_of_maps_the_span() -> None:
    line = Line("ab", Source(line=1, span=(0, 5)), origin=(2, 4))
    assert line.source_of(0, 2) == Source(line=1, span=(2, 5))


def _stream() -> Stream:
    lines = ["一、本年新收政府信息公开申请数量 | 80 | 1 | 0 | | 81", "二、上年结转 | 801000081"]
    return blocks_to_stream(
        tuple(Block(line=Line(t, Source(line=i + 1, span=(0, len(t))))) for i, t in enumerate(lines))
    )


def test_stream_chunks_tokenises_a_region_once(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _stream()
    noise = re.compile("本年新收")
    want = match.region_chunks(stream.text, 0, len(stream.text), noise, (stream.soft_blanks, stream.hard_blanks))
    calls: list[Any] = []
    real = match.region_chunks

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(match, "region_chunks", counting)
    first = match.stream_chunks(stream, 0, len(stream.text), noise)
    first[0].clear()  # a caller's list is its own
    second = match.stream_chunks(stream, 0, len(stream.text), noise)
    assert second == want and len(calls) == 1
    row2 = stream.text.index("二")
    assert match.stream_chunks(stream, row2, len(stream.text), noise) != want and len(calls) == 2


def test_stream_memo_is_not_shared_by_a_replaced_stream() -> None:
    stream = _stream()
    match.stream_chunks(stream, 0, len(stream.text), re.compile("x"))
    other = dataclasses.replace(stream, text=stream.text.replace("80", "90"))
    assert stream.memo and not other.memo
    assert other == dataclasses.replace(other)  # the memo is no part of equality


@pytest.mark.parametrize(
    "cell",
    [
        "<td>12</td>",
        "<td> 本年新\n  制作数量 </td>",
        "<td>a\tb\x01c</td>",
        "<td></td>",
        "<td>x<!-- c --></td>",
        "<td><p>本年新<br/>制作数量</p></td>",
        '<td style="display:none">hidden</td>',
    ],
)
def test_cell_text_leaf_shortcut_reads_as_the_walk(cell: str) -> None:
    el = lxml.etree.fromstring(f"<table><tr>{cell}</tr></table>", lxml.etree.HTMLParser()).find(".//td")
    wrapper = lxml.etree.fromstring(f"<table><tr>{cell}</tr></table>", lxml.etree.HTMLParser()).find(".//td")
    wrapper.append(lxml.etree.Comment("forces the walk"))  # a child node: the long way
    assert html_grid.cell_text(el) == html_grid.cell_text(wrapper)


def test_select_content_weighs_the_dominant_child_once(monkeypatch: pytest.MonkeyPatch) -> None:
    body = lxml.etree.fromstring(
        "<html><body><div><div><p>" + "报告正文" * 50 + "</p><p>一、总体情况</p></div></div><p>x</p></body></html>",
        lxml.etree.HTMLParser(),
    ).find("body")
    weighed: list[Any] = []
    real = html_select.text_weight

    def counting(el: Any) -> int:
        weighed.append(el)
        return real(el)

    monkeypatch.setattr(html_select, "text_weight", counting)
    chosen = html_select.select_content(body, max_depth=10)
    assert chosen.container.tag == "div"
    assert len(weighed) == len({id(el) for el in weighed})  # no element weighed twice


INLINE_CELLS = [
    '<td><span style="font-family:仿宋">信息内容<o:p></o:p></span></td>',
    "<td><b>行政</b>处罚\n决定</td>",
    '<td><a href="#">信</a>息 内容 </td>',
]


@pytest.mark.parametrize("cell", INLINE_CELLS)
def test_inline_cell_shortcut_reads_as_the_walk(cell: str) -> None:
    el = lxml.etree.fromstring(f"<table><tr>{cell}</tr></table>", lxml.etree.HTMLParser()).find(".//td")
    wrapper = lxml.etree.fromstring(f"<table><tr>{cell}</tr></table>", lxml.etree.HTMLParser()).find(".//td")
    wrapper.append(lxml.etree.Comment("forces the walk"))  # a comment node: the long way
    assert html_grid._inline_only(el) and not html_grid._inline_only(wrapper)
    assert html_grid.cell_text(el) == html_grid.cell_text(wrapper)


@pytest.mark.parametrize(
    "cell", ["<td><p>a</p><p>b</p></td>", "<td>a<br>b</td>", '<td>a<span style="display:none">x</span></td>']
)
def test_blocks_breaks_and_hidden_text_take_the_walk(cell: str) -> None:
    el = lxml.etree.fromstring(f"<table><tr>{cell}</tr></table>", lxml.etree.HTMLParser()).find(".//td")
    assert not html_grid._inline_only(el)


def _own_cells_recursive(el: Any) -> list[Any]:
    """own_cells as it was written before (one generator per row): the definition."""
    out = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("td", "th"):
            out.append(child)
        elif (child.tag == "tr" and el.tag != "tr") or (child.tag in ("thead", "tbody", "tfoot") and el.tag == "table"):
            out.extend(_own_cells_recursive(child))
    return out


def test_own_cells_are_the_recursive_definition() -> None:
    page = (
        "<table><caption>c</caption><td>loose</td><!-- x --><tr><td>1</td><th>2</th><tr><td>in tr</td></tr></tr>"
        "<tbody><td>in body</td><tr><td>3<table><tr><td>nested</td></tr></table></td></tr>"
        "<tbody><tr><td>body in body</td></tr></tbody></tbody><tfoot><tr><th>f</th></tr></tfoot></table>"
    )
    root = lxml.etree.fromstring(page, lxml.etree.HTMLParser())
    for el in root.iter("table", "tr", "tbody", "tfoot"):
        assert list(html_layout.own_cells(el)) == _own_cells_recursive(el)


def test_a_table_is_asked_whether_it_is_layout_once_per_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # the content selection stops at the table holding the page's text and the walk then reads it
    rows = "".join(f"<tr><td>行政许可{i}</td><td>{i}</td><td>0</td></tr>" for i in range(40))
    page = f"<html><body><div><table>{rows}</table></div></body></html>".encode()
    asked: list[Any] = []
    real = html_layout.cells_with_text  # the first thing is_layout_table does, looked up in its module

    def counting(table: Any, limit: int) -> int:
        asked.append(table)
        return real(table, limit)

    monkeypatch.setattr(html_layout, "cells_with_text", counting)
    read_html(page, ReadOptions(path="t.html"))
    assert asked and len(asked) == len(set(asked))


def test_row_rules_and_bounds_are_made_once_per_template_table() -> None:
    spec = all_templates()[0].tables["applications"]
    columns = spec.rows[0].columns
    assert match.cached_row_rules(spec, columns) is match.cached_row_rules(spec, list(columns))
    assert list(match.cached_row_rules(spec, columns)) == match.row_rules(spec, columns)
    found = dict(spec.bounds)
    for col in (*spec.columns, "no such column"):
        assert spec.bound(col) == found.get(col, found.get("*"))


@pytest.mark.parametrize(
    "text", ["", "abc", "信息公开 2021年\ufffd", "繁體字與简体字𠀀𫠝", "㐀䶿一鿿豈﫿\u2e80ä", "本年新收\x1f80\n1"]
)
def test_ideographs_taken_in_one_pass_are_those_findall_gives(text: str) -> None:
    assert charsets._NOT_CJK_RE.sub("", text) == "".join(charsets.CJK_RE.findall(text))
