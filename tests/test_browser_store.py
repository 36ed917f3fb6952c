"""The store's pages in a real headless Chromium (issue 15), on a store of 1,000 reports.

The store: ``docstruct batch`` over the samples (as ``make samples``) and a
report given a hostile title, then copied by ``bench.synth_store`` up to 1,000
documents (the pages are under test, not extraction).  On ``docstruct serve
--store``: open the list, filter by a failed rule, open a report, click a cell
and see its source highlighted, open the charts and see no request leave the
page.  The batch's summary.html opens with no request at all.  Screenshots go
to ``out/test-artifacts/``; without Chromium these skip (tests/test_browser.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import SAMPLES, docstruct, set_stored_title

from bench.live_server import running_server
from bench.synth_store import fill_store
from tests.records import hostile_report
from tests.test_browser import ARTIFACTS, GEN03, HOSTILE, _page, browser  # noqa: F401 - browser: the fixture

pytestmark = pytest.mark.browser
REPORTS = 1000
# the README's `make samples` inputs
SAMPLE_GLOBS = ("*.txt", "gen*.md", "*.html", "*.pdf", "*.docx")
HOSTILE_TITLE = HOSTILE[0] + "乐山市民政局2020年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browse")
    files = [str(p) for pattern in SAMPLE_GLOBS for p in sorted(SAMPLES.glob(pattern))]
    files.append(str(hostile_report(GEN03, HOSTILE, base)))
    out = base / "out"
    first = docstruct("batch", *files, "-o", str(out))
    assert first.returncode in (4, 5), first.stderr
    set_stored_title(out, "hostile", HOSTILE_TITLE)
    again = docstruct("batch", *files, "-o", str(out))  # summary.html made again from the store
    assert "summary: " in again.stderr
    (base / "summary.html").write_bytes((out / "summary.html").read_bytes())
    fill_store(out, REPORTS)
    return out


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    with running_server("--store", str(store), "--workers", "1") as base:
        yield base


def _requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_list_filter_report_cell(browser: Any, server: str, store: Path) -> None:  # noqa: F811
    page, dialogs, console = _page(browser)
    page.goto(server + "/store")
    assert page.locator("#total").inner_text() == f"{REPORTS} reports"
    assert page.locator("table#reports tbody tr").count() == 50
    _shot(page, "store-list.png")
    # filter by a failed rule: every row listed failed it (its failed-checks column is not 0)
    rule = page.locator("#f-rule option").nth(1).get_attribute("value")
    page.select_option("#f-rule", rule)
    with page.expect_navigation():
        page.click("#f-go")
    total = int(page.locator("#total").inner_text().split()[0])
    conn = sqlite3.connect(store / "docstruct.sqlite")
    expected = conn.execute("SELECT count(DISTINCT sha256) FROM checks WHERE rule = ? AND ok = 0", (rule,)).fetchone()
    conn.close()
    assert 0 < total == expected[0] < REPORTS
    failed = page.locator("table#reports tbody tr td:nth-child(6)").all_inner_texts()
    assert failed and all(int(n) > 0 for n in failed)
    _shot(page, "store-list-rule.png")
    # open a report whose file is still there, click a cell, see its source line highlighted
    page.fill("#f-q", "gen03_2019")
    page.select_option("#f-rule", "")
    with page.expect_navigation():
        page.click("#f-go")
    with page.expect_navigation():
        page.locator("a.report").first.click()
    cell = page.locator('[id="c-applications.granted.natural_person"]')
    cell.click()
    anchors = (cell.get_attribute("data-src") or "").split()
    lit = [a for a in anchors if "hl" in (page.locator(f'[id="{a}"]').get_attribute("class") or "")]
    assert lit and page.locator(f'[id="{lit[0]}"]').is_visible()
    assert "886" in page.locator("mark.seg.hl").inner_text()
    _shot(page, "store-report.png")
    assert not dialogs and not [m for m in console if "Content Security Policy" in m]


def test_hostile_title_is_text(browser: Any, server: str) -> None:  # noqa: F811
    page, dialogs, _console = _page(browser)
    page.goto(server + "/store?q=hostile")
    link = page.locator("a.report").first
    assert link.inner_text() == HOSTILE_TITLE
    with page.expect_navigation():
        link.click()
    page.wait_for_timeout(300)
    assert dialogs == []


def test_charts_make_no_outside_request(browser: Any, server: str) -> None:  # noqa: F811
    page, dialogs, console = _page(browser)
    seen = _requests(page)
    page.goto(server + "/store/charts")
    page.wait_for_timeout(300)
    assert seen == [server + "/store/charts"]
    assert page.locator("figure.chart svg").count() >= 6
    assert page.locator("#chart-status rect.bar").count() == 3
    _shot(page, "store-charts.png")
    assert not dialogs and not [m for m in console if "Content Security Policy" in m]


def test_summary_html_opens_with_no_request(browser: Any, store: Path) -> None:  # noqa: F811
    page, dialogs, console = _page(browser)
    seen = _requests(page)
    summary = store.parent / "summary.html"
    page.goto(summary.as_uri())
    page.wait_for_timeout(300)
    assert seen == [summary.as_uri()]
    assert page.get_by_text(HOSTILE_TITLE).first.is_visible()
    assert page.locator("figure.chart svg").count() >= 5
    _shot(page, "summary-html.png")
    assert not dialogs and not [m for m in console if "Content Security Policy" in m]
