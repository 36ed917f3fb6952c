"""Speed of the HTML reader: documents per second over generated HTML pages.

Usage: python -m bench.speed_html [FILES or DIRS ...] [--count 24] [--repeat 3]

Without paths, renders ``count`` reports (every template) in every HTML layout
of samplegen.render_html (real tables, cell-per-<p>, GBK with a wrong meta,
traditional mirror).  Prints, for the read stage alone (decode, parse, select,
walk, normalise), for bare lxml parsing of the same bytes (the floor), and
for the whole extraction (read, tables, checks), the best of ``repeat``
passes in docs/s and MB/s, and the per-stage seconds of the full runs.  A
benchmark, not a test: machines are shared, compare ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docstruct.batch.worker import warm_up  # noqa: E402
from docstruct.extract.options import ReadOptions  # noqa: E402
from docstruct.extract.pipeline import Timings, extract_bytes  # noqa: E402
from docstruct.extract.readers.html.reader import read_html  # noqa: E402

TEMPLATES = ("2019", "2021", "hybrid")


def generated(count: int) -> list[tuple[str, bytes]]:
    """``count`` reports rendered in every HTML layout."""
    from samplegen import ReportSpec, build_report
    from samplegen.render_html import HTML_LAYOUTS, render_html

    out = []
    for i in range(count):
        spec = ReportSpec(TEMPLATES[i % 3], "cell_per_line", "utf-8", f"speed-html:{i}")
        report = build_report(spec)
        for layout in HTML_LAYOUTS:
            out.append((f"speed{i}_{layout}.html", render_html(report, layout, spec.seed).data))
    return out


def _files(paths: list[Path]) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for p in paths:
        found = sorted(q for q in p.iterdir() if q.suffix in (".html", ".htm")) if p.is_dir() else [p]
        out += [(str(f), f.read_bytes()) for f in found if f.is_file()]
    return out


def bare_lxml(data: bytes) -> object:
    """lxml's HTML parse of the bytes, nothing else."""
    import lxml.etree

    return lxml.etree.fromstring(data, lxml.etree.HTMLParser(remove_comments=True))


def _best(files: list[tuple[str, bytes]], repeat: int, run: Callable[[str, bytes], object]) -> float:
    """The fastest of ``repeat`` passes over every file, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for name, data in files:
            run(name, data)
        best = min(best, time.perf_counter() - start)
    return best


def _report(label: str, seconds: float, files: list[tuple[str, bytes]]) -> None:
    size = sum(len(d) for _, d in files) / 1e6
    print(
        f"  {label:<22} {len(files) / seconds:8.1f} docs/s  {size / seconds:6.2f} MB/s  "
        f"({seconds * 1000 / len(files):.1f} ms/doc)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--count", type=int, default=24, help="generated reports (no paths given)")
    ap.add_argument("--repeat", type=int, default=3, help="passes; the best one counts")
    args = ap.parse_args(argv)
    files = _files(args.paths) if args.paths else generated(args.count)
    if not files:
        print("no HTML files found", file=sys.stderr)
        return 1
    extract_bytes(files[0][1], ReadOptions(path=files[0][0]))  # warm-up: imports, OpenCC, templates
    warm_up()  # as a batch worker starts (batch/worker.py): every reader imported, spaCy loaded
    timings = Timings()
    print(f"{len(files)} HTML pages, {sum(len(d) for _, d in files) / 1e6:.2f} MB, best of {args.repeat}")
    _report("bare lxml parse", _best(files, args.repeat, lambda n, d: bare_lxml(d)), files)
    _report("read_html", _best(files, args.repeat, lambda n, d: read_html(d, ReadOptions(path=n))), files)
    full = _best(files, args.repeat, lambda n, d: extract_bytes(d, ReadOptions(path=n), timings=timings))
    _report("extract (end to end)", full, files)
    print("  stage seconds over all passes:", {k: round(v, 3) for k, v in timings.stages.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
