"""OCR speed and memory: prints figures, asserts nothing (issue 13).

    python -m bench.speed_ocr [--count 3] [--scans DIR] [--fonts /work/fonts-uming]

On a folder of scanned reports (made here from samplegen PDFs by bench.scans at
200 dpi, or --scans DIR) mixed with the text PDFs they were printed from:
`docstruct batch` with 1 and 2 workers (one OCR thread each, as batch sets):
docs/s, seconds per OCRed page (the scanned documents' whole time over their
pages) and the workers' peak resident memory.  Timings on a shared machine are
noisy: compare the ratios within one run, and say the load beside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.scan_fonts import DEFAULT_FONT_DIR
from docstruct.batch.driver import BatchOptions, Driver, collect
from docstruct.batch.jobs import Limits, Outcome
from docstruct.batch.report import ocr_pages


def make_folder(root: Path, count: int, scans: Path | None, fonts: Path) -> Path:
    """A folder of `count` scans and `count` text PDFs."""
    from bench.scans import make
    from samplegen.formats import write_format_batch

    folder = root / "mixed"
    text = root / "text"
    write_format_batch(text, "pdf", count, 0)
    if scans is None:
        scans = root / "scans"
        make(text, scans, 200.0, False, count, fonts)
    folder.mkdir()
    for i, pdf in enumerate(sorted(scans.glob("*.pdf"))[:count]):
        shutil.copy(pdf, folder / f"scan_{i:02d}.pdf")
    for i, pdf in enumerate(sorted(text.glob("*.pdf"))[:count]):
        shutil.copy(pdf, folder / f"text_{i:02d}.pdf")
    return folder


def run(folder: Path, jobs: int, seconds: float) -> None:
    """One batch into a fresh store; prints its figures."""
    out = Path(tempfile.mkdtemp(prefix="speed_ocr_out_"))
    done: list[Outcome] = []
    start = time.perf_counter()
    Driver(collect([str(folder)], out), BatchOptions(out, jobs, Limits(max_seconds=seconds)), done.append).run()
    wall = time.perf_counter() - start
    shutil.rmtree(out)
    scanned = [(d, ocr_pages(d.record)) for d in done if ocr_pages(d.record)]
    pages = sum(n for _, n in scanned)
    ocr_seconds = sum(d.seconds for d, _ in scanned)
    peak = max((d.peak_rss_kb or 0) for d in done) / 1024
    failed = sum(1 for d in done if d.status == "failed")
    per_page = f"{ocr_seconds / pages:5.2f} s/page over {pages} OCRed pages" if pages else "no OCRed page"
    print(f"{jobs} worker{'s' if jobs > 1 else ' '} | {len(done)} files ({len(scanned)} scans) in {wall:6.1f} s | "
          f"{len(done) / wall:5.3f} docs/s | {per_page} | peak RSS/worker {peak:5.0f} MB"
          + (f" | {failed} failed" if failed else ""))
    for d in done:
        if d.status == "failed":
            print(f"    failed {Path(d.path).name}: {d.error_code}: {d.error}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=3, help="scans (and as many text PDFs) in the folder")
    ap.add_argument("--scans", type=Path, help="a folder of scanned PDFs (bench.scans make) instead of new ones")
    ap.add_argument("--fonts", type=Path, default=DEFAULT_FONT_DIR)
    ap.add_argument("--max-seconds", type=float, default=Limits().max_seconds,
                    help="per-file limit (the batch default; raise it on a loaded machine)")
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="speed_ocr_"))
    try:
        folder = make_folder(root, args.count, args.scans, args.fonts)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start")
        for jobs in (1, 2):
            run(folder, jobs, args.max_seconds)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
