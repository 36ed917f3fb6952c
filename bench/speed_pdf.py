"""Speed of the PDF reader against bare pdfplumber, over the same files in the same run.

Usage: python -m bench.speed_pdf [FILES or DIRS ...] [--count N] [--rounds R]

Without paths it renders N generated reports (samplegen.render_pdf: ruled
tables in the CID font, ruled in an embedded TrueType font when one is
installed, and flat one-cell-per-line text) and times, in pages per second:
  bare extract_text   pdfplumber.open + page.extract_text() for every page
  read_pdf            our reader (pdfium text and rules, pdfplumber's table finder)
  read_pdf+pipeline   the whole extraction (reader, stream, tables, checks)
  read_pdf[plumber]   our reader taking the rules from pdfplumber's page parse
and prints each next to bare extract_text (the ratio is what to compare: the
machines are shared).  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docstruct.batch.worker import warm_up  # noqa: E402
from docstruct.extract import ReadOptions, extract_bytes  # noqa: E402
from docstruct.extract.readers.pdf.reader import read_pdf, read_pdf_with  # noqa: E402

DEFAULT_COUNT = 12
TEMPLATES = ("2019", "2021", "hybrid")


def generated(count: int) -> list[tuple[str, bytes]]:
    """Render count reports in each available PDF style."""
    from samplegen import ReportSpec, build_report
    from samplegen.render_pdf import draw_style, find_cjk_ttf, render_pdf

    styles = [("ruled", "cid"), ("flat", "cid")] + ([("ruled", "ttf")] if find_cjk_ttf() else [])
    out = []
    for i in range(count):
        spec = ReportSpec(TEMPLATES[i % 3], "cell_per_line", "utf-8", f"speed:{i}")
        report = build_report(spec)
        for tables, font in styles:
            out.append((f"speed{i}_{tables}_{font}.pdf", render_pdf(report, draw_style(spec.seed, tables, font)).data))
    return out


def _files(paths: list[Path]) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for p in paths:
        found = sorted(p.glob("*.pdf")) if p.is_dir() else [p]
        out += [(str(f), f.read_bytes()) for f in found if f.is_file()]
    return out


def bare_extract_text(data: bytes) -> int:
    """pdfplumber's plain text of every page; returns the page count."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _time(files: list[tuple[str, bytes]], rounds: int, run: Callable[[str, bytes], object]) -> float:
    t0 = time.perf_counter()
    for _ in range(rounds):
        for name, data in files:
            run(name, data)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT, help="generated reports (no paths given)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    files = _files(args.paths) if args.paths else generated(args.count)
    if not files:
        print("no PDF files found")
        return 1
    pages = sum(bare_extract_text(d) for _, d in files)  # also warms pdfplumber up
    extract_bytes(files[0][1], ReadOptions(path=files[0][0]))  # warm-up: imports, OpenCC, templates
    warm_up()  # as a batch worker starts (batch/worker.py): every reader imported, spaCy loaded
    runs: list[tuple[str, Callable[[str, bytes], object]]] = [
        ("bare extract_text", lambda n, d: bare_extract_text(d)),
        ("read_pdf", lambda n, d: read_pdf(d, ReadOptions(path=n))),
        ("read_pdf+pipeline", lambda n, d: extract_bytes(d, ReadOptions(path=n))),
        ("read_pdf[plumber]", lambda n, d: read_pdf_with(d, ReadOptions(path=n), "pdfplumber")),
    ]
    total = args.rounds * pages
    print(f"{len(files)} PDFs, {pages} pages, {args.rounds} rounds")
    base = 0.0
    for label, run in runs:
        secs = _time(files, args.rounds, run)
        base = base or secs
        print(f"  {label:20s} {total / secs:8.1f} pages/s  {1000 * secs / total:7.2f} ms/page  "
              f"x{base / secs:5.2f} vs bare extract_text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
