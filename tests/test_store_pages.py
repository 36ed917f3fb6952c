"""The store as a workbench (issue 15): the /store pages, the /v1/store API, summary.html, access.

One small batch (samples, a report whose title holds markup, an empty file)
is browsed in-process with FastAPI's TestClient; every stored text must come
back escaped, every filter must select what it says.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from batch_helpers import GOOD, SAMPLES, docstruct, downgrade_store, set_stored_title
from fastapi.testclient import TestClient

from docstruct.batch.store import open_readonly
from docstruct.batch.store_query import cross_checks
from docstruct.extract.version import PARSER_VERSION
from docstruct.service.app import create_app
from docstruct.service.settings import ServiceSettings
from docstruct.view.store_pages import without_varying
from tests.records import hostile_report

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)"]
GEN03 = SAMPLES / "gen03_2019_partially_spaced_error.txt"
HOSTILE_TITLE = "乐山市民政局2020年政府信息公开工作年度报告"


def _inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in GOOD[:4]:
        shutil.copy(SAMPLES / name, folder / name)
    hostile_report(GEN03, HOSTILE, folder)
    (folder / f"{HOSTILE[1]}.txt").write_bytes(b"")  # fails, and its name is markup
    return folder


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("workbench")
    inputs = _inputs(base / "in")
    out = base / "out"
    proc = docstruct("batch", str(inputs), "-o", str(out), "--jobs", "1")
    assert proc.returncode == 5, proc.stderr  # the empty file failed
    set_stored_title(out, "hostile", HOSTILE[0] + HOSTILE_TITLE)
    proc = docstruct("batch", str(inputs), "-o", str(out), "--jobs", "1")  # summary.html made again from the store
    return inputs, out, proc.stderr


@pytest.fixture(scope="module")
def client(batch_run: tuple[Path, Path, str]) -> Iterator[TestClient]:
    with TestClient(create_app(ServiceSettings(workers=1, store=batch_run[1]))) as c:
        yield c


def _reports(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/v1/store/reports", params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _links(html: str) -> list[str]:
    return re.findall(r'(?:src|href|action)="([^"]*)"', html)


def test_batch_writes_summary_html_escaped_and_self_contained(batch_run: tuple[Path, Path, str]) -> None:
    _inputs_dir, out, stderr = batch_run
    page = out / "summary.html"
    assert f"summary: {page}" in stderr
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;.txt" in html  # a failed file's name
    assert "<script" not in html  # the summary needs no script at all
    assert _links(html) == []     # nothing to fetch, nowhere to go
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src &#x27;none&#x27;" in html
    assert "6 documents" in html and "failed 1" in html  # counts by status, from the store
    assert '<figure class="chart" id="chart-status">' in html and "<rect" in html
    assert "failures by reason" in html.lower() and "unreadable" in html


def test_summary_is_the_same_for_the_same_store(batch_run: tuple[Path, Path, str], tmp_path: Path) -> None:
    inputs, out, _stderr = batch_run
    first = (out / "summary.html").read_text(encoding="utf-8")
    rerun = docstruct("batch", str(inputs), "-o", str(out), "--jobs", "1")
    assert "6 already stored" in rerun.stderr
    again = (out / "summary.html").read_text(encoding="utf-8")
    assert without_varying(again) == without_varying(first)
    assert first != without_varying(first)  # the run's timings are there, between the marks


def test_list_filters_sort_and_paging(client: TestClient) -> None:
    everything = _reports(client, per_page=500)
    assert everything["total"] == 6 and len(everything["reports"]) == 6
    statuses = {r["status"] for r in everything["reports"]}
    assert "failed" in statuses
    for status in statuses:
        got = _reports(client, status=status)["reports"]
        assert got and all(r["status"] == status for r in got)
    rule = client.get("/v1/store/facets").json()["rule"][0]
    with_rule = _reports(client, rule=rule)["reports"]
    assert with_rule
    for r in with_rule:
        record = client.get(f"/v1/store/reports/{r['sha256']}").json()["record"]
        assert any(c["rule"] == rule and c["ok"] is False for c in record["checks"])
    yes, no = _reports(client, warnings="yes"), _reports(client, warnings="no")
    assert yes["total"] + no["total"] == 6 and all(r["warning_count"] > 0 for r in yes["reports"])
    hostile = _reports(client, q="<script>")["reports"]
    assert [Path(r["path"]).name for r in hostile] == ["hostile.txt"]
    by_seconds = [r["seconds"] for r in _reports(client, sort="seconds", desc="yes")["reports"]]
    assert by_seconds == sorted(by_seconds, reverse=True)
    pages = [_reports(client, per_page=4, page=p) for p in (1, 2)]
    assert pages[0]["pages"] == 2 and len(pages[1]["reports"]) == 2
    assert {r["sha256"] for p in pages for r in p["reports"]} == {r["sha256"] for r in everything["reports"]}


def test_list_page_html(client: TestClient) -> None:
    r = client.get("/store", params={"sort": "year", "desc": "yes"})
    assert r.status_code == 200
    assert "script-src 'sha256-" in r.headers["content-security-policy"]
    html = r.text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('class="report"') == 6
    assert all(link.startswith(("/", "#")) for link in _links(html)), _links(html)
    assert 'id="f-rule"' in html and "year ▼" in html


def test_bad_parameters_are_one_error_shape(client: TestClient) -> None:
    for params in ({"status": "nope"}, {"sort": "record"}, {"page": 0}, {"warnings": "maybe"}, {"year": "x"}):
        r = client.get("/v1/store/reports", params=params)
        assert r.status_code == 400 and set(r.json()["error"]) == {"code", "message"}, params
    assert client.get("/v1/store/reports/" + "0" * 64).status_code == 404


def test_report_page_with_its_source(client: TestClient) -> None:
    sha = _reports(client, q="hostile.txt")["reports"][0]["sha256"]
    html = client.get(f"/store/reports/{sha}").text
    assert 'class="line' in html and "source not shown" not in html
    assert "<script>alert(1)</script>" not in html and 'id="c-applications.granted.natural_person"' in html
    assert f"parser version {PARSER_VERSION}" in html


def test_report_page_without_its_source(batch_run: tuple[Path, Path, str], tmp_path: Path) -> None:
    _inputs, out, _stderr = batch_run
    moved = tmp_path / "out"
    shutil.copytree(out, moved)
    with TestClient(create_app(ServiceSettings(workers=1, store=moved))) as c:
        conn = open_readonly(moved)
        sha, path = conn.execute("SELECT sha256, path FROM documents WHERE path LIKE '%gen01%'").fetchone()
        conn.close()
        backup = Path(path).read_bytes()
        try:
            Path(path).write_bytes(backup + b"\nchanged")
            html = c.get(f"/store/reports/{sha}").text
            assert "source not shown" in html and "size differs" in html
            assert 'id="c-applications.granted.natural_person"' in html and 'class="line' not in html
        finally:
            Path(path).write_bytes(backup)
        failed = _reports(c, status="failed")["reports"][0]["sha256"]
        failed_page = c.get(f"/store/reports/{failed}").text
    assert "unreadable" in failed_page and "<img src=x" not in failed_page


def test_checks_and_charts_pages(client: TestClient) -> None:
    checks = client.get("/v1/store/checks").json()["rules"]
    assert checks and checks[0]["failures"] >= checks[-1]["failures"]
    html = client.get("/store/checks").text
    assert f'href="/store?{urlencode({"rule": checks[0]["rule"]})}"' in html and "≠" in html
    charts = client.get("/store/charts").text
    for chart in ("status", "format", "rules", "years", "seconds"):
        assert f'id="chart-{chart}"' in charts
    assert "chart-cells-applications" in charts and "<script" not in charts
    stats = client.get("/v1/store/stats").json()
    assert stats["documents"] == 6 and sum(n for _s, n in stats["seconds"]) == 6


def test_openapi_lists_the_store_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/store/reports", "/v1/store/reports/{sha256}", "/v1/store/checks", "/v1/store/stats",
                 "/v1/store/facets"):
        assert path in paths, path
    assert not any(p.startswith("/store") for p in paths)  # the pages are HTML, not API


def test_read_only_unless_upload_is_allowed(client: TestClient, batch_run: tuple[Path, Path, str],
                                            tmp_path: Path) -> None:
    body = GEN03.read_bytes()
    refused = client.post("/v1/store/reports", files={"file": ("r.txt", body)})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "read_only"
    out = tmp_path / "out"
    shutil.copytree(batch_run[1], out)
    with TestClient(create_app(ServiceSettings(workers=1, store=out, store_upload=True))) as c:
        report = body + b"\n\n"  # other bytes than the stored gen03, the same report
        r = c.post("/v1/store/reports", files={"file": ("new.txt", report)})
        assert r.status_code == 201, r.text
        sha = r.json()["sha256"]
        assert (out / "uploads" / f"{sha}.txt").read_bytes() == report
        assert _reports(c)["total"] == 7
        assert 'class="line' in c.get(r.json()["report"]).text  # its source is kept beside the store


def test_serve_and_browse_bind_loopback() -> None:
    from docstruct.cli import build_parser

    assert build_parser().parse_args(["serve", "--store", "x"]).host == "127.0.0.1"
    args = build_parser().parse_args(["browse", "x"])
    assert not hasattr(args, "host") and args.allow_upload is False
    proc = docstruct("serve", "--allow-upload")
    assert proc.returncode == 2 and "--store" in proc.stderr


def test_store_json_matches_rows(client: TestClient, batch_run: tuple[Path, Path, str]) -> None:
    conn = open_readonly(batch_run[1])
    sha, record = conn.execute("SELECT sha256, record FROM documents WHERE record IS NOT NULL LIMIT 1").fetchone()
    conn.close()
    got = client.get(f"/v1/store/reports/{sha}").json()
    assert got["record"] == json.loads(record) and got["parser_version"] == PARSER_VERSION


def test_a_store_not_yet_upgraded_is_refused_not_written(batch_run: tuple[Path, Path, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(batch_run[1], out)
    downgrade_store(out)
    before = (out / "docstruct.sqlite").read_bytes()
    with TestClient(create_app(ServiceSettings(workers=1, store=out))) as c:
        r = c.get("/v1/store/reports")
        assert r.status_code == 409 and "docstruct batch" in r.json()["error"]["message"]
    assert (out / "docstruct.sqlite").read_bytes() == before


def test_checks_page_lists_failed_cross_report_checks(batch_run: tuple[Path, Path, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(batch_run[1], out)
    conn = sqlite3.connect(out / "docstruct.sqlite")
    sha_a, sha_b = [s for (s,) in conn.execute("SELECT sha256 FROM documents WHERE record IS NOT NULL LIMIT 2")]
    with conn:  # one failed continuity check between two stored documents, its detail holding markup
        conn.execute("INSERT INTO cross_checks (rule, agency_key, year_a, sha256_a, year_b, sha256_b, ok, detail) "
                     "VALUES ('continuity.carried_over[total]', '乐山市民政局', 2020, ?, 2021, ?, 0, "
                     "'<b>1</b> ≠ 2')", (sha_a, sha_b))
    conn.close()
    with TestClient(create_app(ServiceSettings(workers=1, store=out))) as c:
        cross = c.get("/v1/store/checks").json()["cross_checks"]
        assert cross["by_rule"] == [["continuity.carried_over[total]", 1]]
        html = c.get("/store/checks").text
        assert 'id="cross"' in html and "&lt;b&gt;1&lt;/b&gt; ≠ 2" in html and "<b>1</b>" not in html
        assert f'href="/store/reports/{sha_a}"' in html and f'href="/store/reports/{sha_b}"' in html
    conn = open_readonly(batch_run[1])
    assert cross_checks(conn) == {"by_rule": [], "failed": [], "not_evaluated": 0}
    conn.close()
    assert 'id="cross"' not in (batch_run[1] / "summary.html").read_text(encoding="utf-8")  # nothing failed


def test_browse_serves_the_store_on_loopback(batch_run: tuple[Path, Path, str]) -> None:
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from bench.live_server import ROOT, free_port

    assert docstruct("browse", str(batch_run[1].parent / "nowhere")).returncode == 2
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "docstruct.cli", "browse", str(batch_run[1]), "--no-open",
                             "--port", str(port), "--workers", "1"], cwd=ROOT, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/store/reports", timeout=2) as r:
                    assert json.loads(r.read())["total"] == 6
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.stderr is not None and f"http://127.0.0.1:{port}/store" in proc.stderr.read().decode()
