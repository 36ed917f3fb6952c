"""The debug page in a real headless Chromium (Debian's ``chromium``, driven by playwright; no browser download).

On a running ``docstruct serve``: upload a sample, click a table cell and see
its source line (or PDF box) highlighted, see a failed check marked on its
cells; screenshots go to ``out/test-artifacts/``.  Also opens the
``docstruct show --html`` file of a report whose text holds
``<script>alert(1)</script>``: no dialog opens and the text is shown.
CI installs the browser with ``.ci/install-browser``; without it these skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.live_server import ROOT, running_server
from tests.records import hostile_report

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("DOCSTRUCT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "out" / "test-artifacts"
GEN03 = ROOT / "samples" / "gen03_2019_partially_spaced_error.txt"
PDF = ROOT / "samples" / "gen15_2021_pdf_ruled.pdf"
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)"]


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (dev dependency: pip install -e .[dev])")
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip(f"no chromium at {CHROMIUM}: run .ci/install-browser (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _playwright()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                              args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--workers", "1") as base:
        yield base


def _page(browser: Any) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    dialogs: list[str] = []
    console: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: console.append(m.text))
    return page, dialogs, console


def _upload(page: Any, base: str, path: Path) -> None:
    page.goto(base + "/")
    with page.expect_navigation():
        page.set_input_files("#file", str(path))  # the page submits on change
    assert page.url.endswith("/view")


def _highlighted(page: Any, cell_id: str) -> list[str]:
    """Click a cell; the anchors of its source that are highlighted."""
    cell = page.locator(f'[id="{cell_id}"]')
    cell.click()
    assert "hl" in (cell.get_attribute("class") or "")
    anchors = (cell.get_attribute("data-src") or "").split()
    assert anchors, cell_id
    return [a for a in anchors if "hl" in (page.locator(f'[id="{a}"]').get_attribute("class") or "")]


def test_text_upload_cell_to_line_and_failed_check(browser: Any, server: str) -> None:
    page, dialogs, console = _page(browser)
    _upload(page, server, GEN03)
    lit = _highlighted(page, "c-applications.granted.natural_person")
    line = page.locator(f'[id="{lit[0]}"]')
    assert line.get_attribute("class") == "line hl" and line.is_visible()
    assert "886" in page.locator("mark.seg.hl").inner_text()  # the cell's own digits within the line
    # the reverse: a source span shows the cells it gave
    page.locator("mark.seg.hl").first.click()
    assert "hl" in (page.locator('[id="c-applications.granted.natural_person"]').get_attribute("class") or "")
    # the deliberate source error: handled_sum[natural_person] fails, marked on the cells it adds up
    total = page.locator('[id="c-applications.total_handled.natural_person"]')
    assert "failed" in (total.get_attribute("class") or "")
    assert "≠" in (total.get_attribute("title") or "")
    assert page.locator("td.cell.failed").count() >= 20
    total.click()
    assert "≠" in page.locator("#inspect").inner_text()
    # a row opens to show the rebuild's stages
    page.locator('button.toggle[data-target="h-applications.granted"]').click()
    assert "glued digits split" in page.locator('[id="h-applications.granted"]').inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "debug-view-gen03.png"))
    assert not dialogs and not [m for m in console if "Content Security Policy" in m]


def test_pdf_upload_cell_to_box(browser: Any, server: str) -> None:
    page, dialogs, console = _page(browser)
    _upload(page, server, PDF)
    assert page.locator("svg image").count() == 2
    lit = _highlighted(page, "c-applications.granted.natural_person")
    boxes = [a for a in lit if page.locator(f'[id="{a}"]').evaluate("e => e.tagName") == "rect"]
    assert boxes, lit
    page.locator(f'[id="{boxes[0]}"]').scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "debug-view-pdf.png"))
    assert not dialogs and not [m for m in console if "Content Security Policy" in m]




def test_show_html_runs_no_document_script(browser: Any, tmp_path: Path) -> None:
    report = hostile_report(GEN03, HOSTILE, tmp_path)
    out = tmp_path / "view.html"
    proc = subprocess.run([sys.executable, "-m", "docstruct.cli", "show", str(report), "--html", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page, dialogs, _console = _page(browser)
    page.goto(out.as_uri())
    page.wait_for_timeout(500)
    shown = page.locator("#source .line", has_text="<script>alert(1)</script>").first
    assert shown.is_visible()
    assert page.get_by_text("onerror=alert(2)").first.is_visible()
    # the page's own (hashed) script still runs: clicking a cell highlights its source
    page.locator('[id="c-applications.granted.total"]').click()
    assert page.locator(".line.hl").count() >= 1
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "show-html-hostile.png"))
    assert dialogs == []
