"""Speed of the text pipeline: documents per second, and where the time goes.

Usage: python -m bench.speed_text [FILES or DIRS ...] [--rounds N]
Defaults to ../shared/real/*.txt, the seed, and samples/*.txt.  Prints docs/s,
KB/s and the per-stage share (read = decode + normalise, structure, tables,
checks).  A benchmark, not a test: machines are shared, compare ratios.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docstruct.batch.worker import warm_up  # noqa: E402
from docstruct.extract import ReadOptions, Timings, extract_bytes  # noqa: E402


def _files(args: list[Path]) -> list[Path]:
    if not args:
        shared = ROOT.parent / "shared"
        args = [shared / "real", shared / "seeds", ROOT / "samples"]
    out: list[Path] = []
    for a in args:
        if a.is_dir():
            out += sorted(p for p in a.iterdir() if p.suffix in (".txt", ".md"))
        elif a.exists():
            out.append(a)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args(argv)
    files = [(p, p.read_bytes()) for p in _files(args.paths)]
    if not files:
        print("no text files found")
        return 1
    extract_bytes(files[0][1], ReadOptions(path=str(files[0][0])))  # warm-up: imports, OpenCC, templates
    warm_up()  # as a batch worker starts (batch/worker.py): every reader imported, spaCy loaded
    timings = Timings()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for path, data in files:
            extract_bytes(data, ReadOptions(path=str(path)), timings=timings)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    docs = args.rounds * len(files)
    kb = args.rounds * sum(len(d) for _, d in files) / 1024
    print(f"text pipeline: {len(files)} files x {args.rounds} rounds = {docs} docs in {elapsed:.2f} s")
    print(f"  {docs / elapsed:.1f} docs/s, {kb / elapsed:.0f} KB/s, {1000 * elapsed / docs:.2f} ms/doc")
    # CPU seconds of this process: docs/s per core, what a loaded shared machine still shows
    print(f"  {docs / cpu:.1f} docs/s per core (CPU time), {1000 * cpu / docs:.2f} ms CPU/doc, "
          f"load {os.getloadavg()[0]:.1f}")
    total = sum(timings.stages.values()) or 1.0
    for stage, secs in timings.stages.items():
        print(f"  {stage:10s} {100 * secs / total:5.1f}%  {1000 * secs / docs:.2f} ms/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
