"""The debug view without a browser: escaping, CSP hashes, links cell <-> source, the terminal view."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from docstruct.extract import extract_file
from docstruct.view.data import ViewInput, view_input, view_payload
from docstruct.view.links import cells_of, record_links
from docstruct.view.page import content_security_policy, render_page
from docstruct.view.terminal import print_view
from tests.records import hostile_report

ROOT = Path(__file__).resolve().parent.parent
GEN03 = ROOT / "samples" / "gen03_2019_partially_spaced_error.txt"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "javascript:alert(3)", "[bold red]x[/]"]


def _view(path: Path) -> ViewInput:
    record = extract_file(path)
    return view_input(record.to_json(), view_payload(record))




def test_document_text_is_escaped_everywhere(tmp_path: Path) -> None:
    html = render_page(_view(hostile_report(GEN03, HOSTILE, tmp_path)))
    assert "<script>alert" not in html and "<img" not in html
    assert html.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"<[^>]*\son\w+\s*=", html)  # no inline event handler on any tag
    assert 'href="javascript:' not in html


def test_csp_allows_exactly_the_inline_script_and_style() -> None:
    html = render_page(_view(GEN03))
    csp = content_security_policy()
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert script and style
    for body, directive in ((script[1], "script-src"), (style[1], "style-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe" not in csp
    assert f'content="{csp}"' in html.replace("&#x27;", "'")


def test_links_both_ways_and_failed_checks() -> None:
    view = _view(GEN03)
    links = record_links(view.shape, view.source)
    anchors = links.cell_anchors["applications.granted.natural_person"]
    assert "b5" in anchors and any(a.startswith("b5s") for a in anchors)
    assert "applications.granted.natural_person" in links.anchor_cells["b5"]
    failed = links.failed["applications.total_handled.natural_person"]
    assert failed and "≠" in failed[0]
    assert "applications.new_received.natural_person" not in links.failed  # balance holds


def test_failed_checks_show_their_blame() -> None:
    html = render_page(_view(GEN03))
    assert '<span class="blame blame-unknown"' in html and "blame: unknown" in html
    assert "glued split whose several readings were narrowed" in html
    console = Console(file=io.StringIO(), width=200, color_system=None)
    print_view(_view(GEN03), console)
    assert "blame: unknown" in console.file.getvalue()  # type: ignore[attr-defined]


def test_pdf_cells_become_boxes_on_page_images() -> None:
    view = _view(ROOT / "samples" / "gen15_2021_pdf_ruled.pdf")
    assert [p["page"] for p in view.pages] == [1, 2]
    assert base64.b64decode(view.pages[0]["png"]).startswith(b"\x89PNG")
    links = record_links(view.shape, view.source)
    boxes = [b for page in links.boxes.values() for b in page if b.kind == "cell"]
    cells = sum(len(r) for t in view.record["tables"].values() for r in t.values())
    assert len(boxes) >= cells * 0.9


def test_terminal_view_prints_text_as_text(tmp_path: Path) -> None:
    out = io.StringIO()
    print_view(_view(hostile_report(GEN03, HOSTILE, tmp_path)), Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "[bold red]x[/]" in text and "<script>alert(1)</script>" in text
    assert "✗ applications.handled_sum[natural_person]" in text


def test_extract_imports_no_service_or_view_library() -> None:
    code = (
        "import sys, io, contextlib; from docstruct.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['extract', {str(GEN03)!r}])\n"
        # not 'rich': spaCy's own dependencies import it when a report has narrative figures
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'multipart', 'python_multipart')"
        " if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert proc.stdout.strip() == "[]"


SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_cell_links_to_a_source_element_on_the_page(path: Path) -> None:
    view = _view(path)
    links = record_links(view.shape, view.source)
    html = render_page(view)
    keys = [k for k, _ in cells_of(view.shape)]
    assert keys
    for key in keys:
        anchors = links.cell_anchors.get(key)
        assert anchors, key
        assert all(f'id="{a}"' in html or f'id="{a}r"' in html for a in anchors), (key, anchors)
        assert f'id="c-{key}"' in html


def test_facts_and_generic_tables_are_listed_with_their_source() -> None:
    """Shapes of report-schema.md (filled by other stages): each entry links to its source like a cell."""
    view = _view(GEN03)
    record = dict(view.record)
    cell = record["tables"]["applications"]["granted"]["total"]
    record["facts"] = [{"key": "applications_granted", "subject": "予以公开", "value": 1055, "unit": "件",
                        "raw": "1055件", "sentence": "<b>予以公开</b>1055件", "section": "overview",
                        "source": cell["source"]}]
    record["generic_tables"] = [{"title": "<i>统计表</i>", "columns": ["指标名称", "2018年度"],
                                 "rows": [{"label": "主动公开", "unit": "条", "cells": [cell]}]}]
    html = render_page(ViewInput(record, view.blocks, view.pages))
    for key in ("fact.0", "generic.0.0.0"):
        m = re.search(rf'id="c-{re.escape(key)}"[^>]*data-src="([^"]+)"', html)
        assert m and "b5" in m[1].split(), key
    assert "&lt;b&gt;予以公开" in html and "&lt;i&gt;统计表" in html


def test_the_upload_form_accepts_what_the_formats_registry_reads() -> None:
    """The form kept its own list (no .markdown, .xhtml nor scans as images); it asks extract/formats.py now."""
    from docstruct.extract.formats import SUFFIX_FORMATS
    from docstruct.view.page import render_empty

    m = re.search(r'<input type="file"[^>]*accept="([^"]+)"', render_empty("/view"))
    assert m
    accepted = set(m[1].split(","))
    assert set(SUFFIX_FORMATS) <= accepted and {".png", ".jpg", ".jpeg", ".tif", ".tiff"} <= accepted
