"""Whole-process cost of one `docstruct extract`, beside its floors and bare pdfplumber, in one run.

Usage: python -m bench.speed_process [FILES ...] [--rounds 7] [--before DIR]

Each round runs every command once, one after the other (so machine noise hits
them alike), in a fresh interpreter:
  python -c pass                the interpreter's own start
  import spacy                  the floor of any run that finds facts (spaCy stays the facts engine)
  bare extract_text             pdfplumber.open + page.extract_text() of every page (PDFs only)
  extract                       `python cli.py extract FILE` (the record, facts included)
  extract --no-facts            the same without facts: spaCy never imported
  before: extract               with --before DIR, the same command from another checkout
                                (e.g. a `git worktree` of main), whose record must be the same bytes
and prints the median wall seconds and the median CPU seconds (user + system, from
the children's rusage) of each.  Defaults: the seed (../shared/seeds) and the bundled
ruled PDF.  A benchmark, not a test: the machine is shared, so compare the figures
of one run, and read CPU beside wall when the load (printed) is high.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

BARE_PDFPLUMBER = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_text()\n"
)


def default_files() -> list[Path]:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    return [*seeds[:1], ROOT / "samples" / "gen15_2021_pdf_ruled.pdf"]


def commands(path: Path, before: Path | None) -> list[tuple[str, list[str]]]:
    """The labelled command lines timed for one file."""
    out = [("python -c pass", [PY, "-c", "pass"]), ("import spacy", [PY, "-c", "import spacy"])]
    if path.suffix.lower() == ".pdf":
        out.append(("bare extract_text", [PY, "-c", BARE_PDFPLUMBER, str(path)]))
    out.append(("extract", [PY, str(ROOT / "cli.py"), "extract", str(path)]))
    out.append(("extract --no-facts", [PY, str(ROOT / "cli.py"), "extract", str(path), "--no-facts"]))
    if before is not None:
        out.append(("before: extract", [PY, str(before / "cli.py"), "extract", str(path)]))
    return out


def run_once(argv: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (user + system) and stdout of one process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, timeout=300, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{argv}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-400:]}")
    cpu = after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
    return wall, cpu, proc.stdout


def bench_file(path: Path, rounds: int, before: Path | None) -> None:
    cmds = commands(path, before)
    walls: dict[str, list[float]] = {label: [] for label, _ in cmds}
    cpus: dict[str, list[float]] = {label: [] for label, _ in cmds}
    records: dict[str, bytes] = {}
    for _ in range(rounds):
        for label, argv in cmds:
            wall, cpu, out = run_once(argv)
            walls[label].append(wall)
            cpus[label].append(cpu)
            records[label] = out
    print(f"{path.name}: median of {rounds} rounds, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    anchor = "bare extract_text" if "bare extract_text" in walls else "import spacy"
    base_wall, base_cpu = statistics.median(walls[anchor]), statistics.median(cpus[anchor])
    for label, _ in cmds:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        print(f"  {label:20s} wall {wall:6.3f} s  cpu {cpu:6.3f} s   "
              f"x{wall / base_wall:5.2f} wall, x{cpu / base_cpu:5.2f} cpu of {anchor}")
    if before is not None:
        same = records["extract"] == records["before: extract"]
        print(f"  record the same bytes as before: {'yes' if same else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--before", type=Path, help="another checkout (its cli.py) to time beside this one")
    args = ap.parse_args(argv)
    files = args.paths or [p for p in default_files() if p.exists()]
    if not files:
        print("no files", file=sys.stderr)
        return 1
    for path in files:
        bench_file(path.resolve(), args.rounds, args.before.resolve() if args.before else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
