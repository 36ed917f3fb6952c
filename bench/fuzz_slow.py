"""CPU seconds per fuzz mutant, in one process: the slow mutants of ``bench.fuzz`` and their distribution.

    .venv/bin/python -m bench.fuzz_slow WORK [--formats html,md,txt] [--mutants 2000] [--start 0]
                                             [--seed 1] [--max-seconds 30] [--only-op repeat_line]

The mutants are those of ``bench.fuzz`` (the same WORK/base corpus, mutant i a
pure function of (seed, format, i)), extracted one after another in this process
under the per-file limits (``bounded``), each timed in CPU seconds
(``time.process_time``: the shared machine's load leaves it alone, unlike wall
time).  Printed per format: max, p99, median, how many took over 5 s and how
many hit the limit, and every mutant over 5 s with its operations, the stage
that was slowest and its outcome.  ``--only-op`` keeps the mutants one of whose
operations is that one (to find the slow family fast).  CPU time of a mutant
stopped by the wall-clock limit is counted as the limit or more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from bench.fuzz import base_corpus
from bench.fuzz_mutate import mutant

SLOW_SECONDS = 5.0  # the brief's target: no html/md/txt mutant over 5 s of CPU


def time_one(data: bytes, fmt: str, max_seconds: float) -> tuple[float, str, str]:
    """CPU seconds, the outcome (ok, or the error's class) and the wall seconds of the stages that finished."""
    from docstruct.extract import DocstructError, ReadOptions, Timings, extract_bytes
    from docstruct.extract.limits import bounded

    timings = Timings()
    t0 = time.process_time()
    try:
        with bounded(max_seconds, 4096):
            extract_bytes(data, ReadOptions(path=f"mutant.{fmt}", max_seconds=max_seconds), timings=timings)
        outcome = "ok"
    except DocstructError as exc:
        outcome = type(exc).__name__
    except Exception as exc:  # a finding, printed with the rest
        outcome = f"INTERNAL {type(exc).__name__}: {str(exc)[:80]}"
    seconds = time.process_time() - t0
    # a stage cut short by the limit is absent: the stages listed are those that finished
    stages = " ".join(f"{k}={v:.1f}" for k, v in timings.stages.items())
    return seconds, outcome, stages or "-"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_format(work: Path, fmt: str, args: argparse.Namespace) -> None:
    bases = base_corpus(work, fmt, args.seed)
    times: list[float] = []
    slow: list[str] = []
    for i in range(args.start, args.start + args.mutants):
        data, base, names = mutant(args.seed, fmt, i, bases)
        if args.only_op and args.only_op not in names:
            continue
        seconds, outcome, stage = time_one(data, fmt, args.max_seconds)
        times.append(seconds)
        if seconds > SLOW_SECONDS or outcome.startswith("INTERNAL"):
            line = (f"  m{i:06d}.{fmt} {seconds:6.1f} s CPU  {len(data):>9} bytes  base {base}: "
                    f"{'+'.join(names)}  stages {stage}  {outcome}")
            slow.append(line)
            print(line, file=sys.stderr, flush=True)
    over_limit = sum(t >= args.max_seconds for t in times)
    print(f"{fmt}: {len(times)} mutants (from {args.start}{', only ' + args.only_op if args.only_op else ''}); "
          f"CPU s max {max(times, default=0):.2f}, p99 {percentile(times, 0.99):.2f}, "
          f"median {statistics.median(times) if times else 0:.3f}; over {SLOW_SECONDS:g} s: "
          f"{sum(t > SLOW_SECONDS for t in times)}; at the {args.max_seconds:g} s limit: {over_limit}", flush=True)
    for line in slow:
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz_slow", description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="bench.fuzz's working folder (its base corpus is reused)")
    parser.add_argument("--formats", default="html,md,txt")
    parser.add_argument("--mutants", type=int, default=2000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--only-op", default="", help="only mutants made with this operation")
    args = parser.parse_args(argv)
    for fmt in [f for f in args.formats.split(",") if f]:
        run_format(args.work, fmt, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
