"""The store pages on a big store: p95 of the report list (HTML) and its JSON answer, per filter.

    .venv/bin/python -m bench.store_pages [--rows 100000] [--requests 40] [--out DIR]

Makes a store of ``--rows`` synthetic documents (a batch of a few samples,
copied by ``bench.synth_store`` without cells or records: the list needs
neither), starts ``docstruct serve --store`` on loopback and times each page
over HTTP.  The target (issue 15): p95 <= 200 ms for every filter.  ``--out DIR`` keeps
the store there (made when DIR holds none) for the next run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.live_server import ROOT, running_server
from bench.synth_store import fill_store
from docstruct.batch.store import STORE_NAME

SEEDS = ["gen01_2019_seedlike_tradpinyin.txt", "gen02_2021_glued_crawler.txt", "gen03_2019_partially_spaced_error.txt",
         "gen05_2021_pipe_cells_utf16.txt", "gen06_2021_cell_per_line_big5.txt", "gen10_2019_html_table.html"]
CASES = {
    "no filter": "",
    "status": "status=partial",
    "template": "template=2021",
    "year": "year=2021",
    "failed rule": "rule={rule}",
    "has warnings": "warnings=yes",
    "search": "q=%E9%95%BF%E6%B2%99",  # 长沙
    "sort seconds desc": "sort=seconds&desc=yes",
    "sort agency, page 100": "sort=agency&page=100",
    "all filters": "status=partial&year=2021&warnings=yes&sort=seconds&desc=yes",
}
TARGET_MS = 200.0


def _build(out: Path, rows: int) -> None:
    inputs = [str(ROOT / "samples" / name) for name in SEEDS]
    subprocess.run([sys.executable, "-m", "docstruct.cli", "batch", *inputs, "-o", str(out), "--quiet"],
                   check=False, cwd=ROOT)
    started = time.perf_counter()
    added = fill_store(out, rows, full=False)
    print(f"store: {rows} documents ({added} synthetic) in {time.perf_counter() - started:.1f} s", flush=True)


def _time(url: str, n: int) -> list[float]:
    for _ in range(2):  # warm the page cache and the server's code paths
        urllib.request.urlopen(url, timeout=60).read()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20, method="inclusive")[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--out", type=Path, default=None, help="keep the store here (reused when present)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docstruct-store-bench-") as tmp:
        out = args.out or Path(tmp) / "out"
        if (out / STORE_NAME).is_file():
            print(f"store: {out} (reused)", flush=True)
        else:
            _build(out, args.rows)
        worst = 0.0
        with running_server("--store", str(out), "--workers", "1") as base:
            rule = urllib.request.urlopen(base + "/v1/store/facets").read().decode()
            first_rule = rule.split('"rule":["', 1)[1].split('"', 1)[0] if '"rule":["' in rule else "none"
            print(f"load {os.getloadavg()[0]:.2f}; {args.requests} requests per row; ms")
            print(f"{'filter':24} {'html p50':>9} {'html p95':>9} {'json p50':>9} {'json p95':>9}")
            for name, params in CASES.items():
                qs = params.format(rule=first_rule)
                html = _time(f"{base}/store?{qs}", args.requests)
                data = _time(f"{base}/v1/store/reports?{qs}", args.requests)
                worst = max(worst, _p95(html), _p95(data))
                print(f"{name:24} {statistics.median(html):9.1f} {_p95(html):9.1f} "
                      f"{statistics.median(data):9.1f} {_p95(data):9.1f}")
        print(f"worst p95 {worst:.1f} ms (target {TARGET_MS:.0f} ms); load {os.getloadavg()[0]:.2f}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
