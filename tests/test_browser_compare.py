"""The compare page in a real headless Chromium: report text with <script> is shown, never run; nothing fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_browser import ARTIFACTS, GEN03, HOSTILE, _page, browser  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_compare_page_shows_hostile_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from docstruct.cli import main

    lines = GEN03.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "总体情况" in line) + 1
    lines.insert(at, "".join(f"{h}。" for h in HOSTILE))  # new sentences in the overview section
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = tmp_path / "compare.html"
    assert main(["compare", str(GEN03), str(hostile), "--html", str(html)]) == 0
    page, dialogs, console = _page(browser)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html.as_uri())
    text = page.inner_text("body")
    assert "<script>alert(1)</script>" in text  # shown as text in the section diff
    assert dialogs == [] and not [m for m in console if "Content Security Policy" in m]
    assert requests == [html.as_uri()]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=False)
