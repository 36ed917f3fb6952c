"""Cost of narrative facts per report, and of `extract` with and without them, in one run.

Usage: python -m bench.speed_facts [FILES or DIRS ...] [--rounds N]
Defaults to ../shared/real/*.txt, the seed, and samples/*.txt.  After a
warm-up (spaCy loads once, about a second), prints the facts stage in ms per
report, and the whole text pipeline in ms per report with facts and with
the facts stage replaced by an empty one (the pipeline before issue 9),
rounds interleaved so machine noise hits both alike.  Goal: facts ≤ 10 ms
per report.  A benchmark, not a test: machines are shared, compare ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.speed_text import _files  # noqa: E402
from docstruct.extract import (  # noqa: E402
    ReadOptions,
    Timings,
    extract_bytes,
)
from docstruct.extract.facts import FactsResult, engine  # noqa: E402

HOOK = "stream_to_facts"  # the facts stage (the pipeline imports it from engine at each call), swapped for an empty one


def _no_facts(*_args: Any) -> FactsResult:
    return FactsResult()


def _round(files: list[tuple[Path, bytes]], timings: Timings) -> float:
    t0 = time.perf_counter()
    for path, data in files:
        extract_bytes(data, ReadOptions(path=str(path)), timings=timings)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args(argv)
    files = [(p, p.read_bytes()) for p in _files(args.paths)]
    if not files:
        print("no text files found")
        return 1
    real = vars(engine)[HOOK]
    t0 = time.perf_counter()
    _round(files, Timings())  # warm-up: imports, OpenCC, templates, spaCy
    print(f"warm-up (first pass, spaCy loaded once): {time.perf_counter() - t0:.2f} s")
    with_facts, without = Timings(), Timings()
    spent = {"with": 0.0, "without": 0.0}
    try:
        for _ in range(args.rounds):
            setattr(engine, HOOK, real)
            spent["with"] += _round(files, with_facts)
            setattr(engine, HOOK, _no_facts)
            spent["without"] += _round(files, without)
    finally:
        setattr(engine, HOOK, real)
    docs = args.rounds * len(files)
    facts_ms = 1000 * with_facts.stages.get("facts", 0.0) / docs
    print(f"{len(files)} text reports x {args.rounds} rounds = {docs} extractions each way")
    print(f"  facts stage: {facts_ms:.2f} ms/report (goal <= 10)")
    print(f"  extract with facts:    {1000 * spent['with'] / docs:.2f} ms/report")
    print(f"  extract without facts: {1000 * spent['without'] / docs:.2f} ms/report")
    print(f"  difference: {1000 * (spent['with'] - spent['without']) / docs:+.2f} ms/report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
