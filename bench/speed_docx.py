"""Speed of the DOCX reader: documents per second over generated DOCX files.

Usage: python -m bench.speed_docx [--count 30] [--seed 1] [--repeat 3] [--dir DIR]

Without --dir, generates ``count`` reports (every template, tables and
flattened layouts) into a temporary folder first.  Prints the anchor (bare
python-docx: open, every paragraph's and table cell's text), then, for the read stage
alone (zip + XML + normalisation) and for the whole extraction (read, tables,
checks), the best of ``repeat`` runs in docs/s and MB/s, and the per-stage
seconds of the last full run.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docstruct.batch.worker import warm_up  # noqa: E402
from docstruct.extract.options import ReadOptions  # noqa: E402
from docstruct.extract.pipeline import Timings, extract_bytes  # noqa: E402
from docstruct.extract.readers.docx.reader import read_docx  # noqa: E402
from samplegen.render_docx import write_docx_batch  # noqa: E402


def _best(files: list[tuple[str, bytes]], full: bool, repeat: int, timings: Timings) -> float:
    """The fastest of ``repeat`` passes over every file, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for name, data in files:
            options = ReadOptions(path=name)
            if full:
                extract_bytes(data, options, timings=timings)
            else:
                read_docx(data, options)
        best = min(best, time.perf_counter() - start)
    return best


def bare_python_docx(data: bytes) -> None:
    """The anchor: python-docx opens the file and reads every paragraph's and table cell's text."""
    import docx

    document = docx.Document(io.BytesIO(data))
    [p.text for p in document.paragraphs]
    [c.text for t in document.tables for r in t.rows for c in r.cells]


def _best_anchor(files: list[tuple[str, bytes]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _name, data in files:
            bare_python_docx(data)
        best = min(best, time.perf_counter() - start)
    return best


def _report(label: str, seconds: float, files: list[tuple[str, bytes]]) -> None:
    size = sum(len(d) for _, d in files) / 1e6
    print(f"{label:<22} {len(files) / seconds:8.1f} docs/s  {size / seconds:6.2f} MB/s  "
          f"({seconds * 1000 / len(files):.1f} ms/doc)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=30, help="documents to generate (without --dir)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="passes; the best one counts")
    ap.add_argument("--dir", type=Path, help="read the .docx files of this folder instead of generating")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docstruct-speed-") as tmp:
        folder = args.dir or Path(tmp)
        if args.dir is None:
            start = time.perf_counter()
            write_docx_batch(folder, args.count, args.seed)
            print(f"generated {args.count} DOCX in {time.perf_counter() - start:.1f} s")
        files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.docx"))]
    if not files:
        print("no .docx files", file=sys.stderr)
        return 1
    extract_bytes(files[0][1], ReadOptions(path=files[0][0]))  # warm-up: imports, OpenCC, templates
    warm_up()  # as a batch worker starts (batch/worker.py): every reader imported, spaCy loaded
    timings = Timings()
    _report("bare python-docx", _best_anchor(files, args.repeat), files)
    _report("read_docx", _best(files, False, args.repeat, timings), files)
    _report("extract (end to end)", _best(files, True, args.repeat, timings), files)
    print("stage seconds over all passes:", {k: round(v, 3) for k, v in timings.stages.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
