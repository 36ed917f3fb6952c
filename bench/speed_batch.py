"""Batch speed and memory: prints figures, asserts nothing (issue 6, item 9).

    python -m bench.speed_batch [--count 200] [--formats txt,html,docx,pdf] [--no-ray]

For a generated folder of each format (samplegen): docs/s of `docstruct batch` with 1 and 2 workers
and the ratio; docs/s of a loop of `docstruct extract` processes over the same files; the peak
resident memory of a worker (its RSS high-water mark, from getrusage in the worker). Then, on text
reports: the workers' peak memory as the folder grows 1x -> 10x, and the Ray engine against the local
pool on the same folder. Every batch writes its store, as `docstruct batch` does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from docstruct.batch.driver import BatchOptions, Driver, collect
from docstruct.batch.jobs import Limits, Outcome

LOOP_FILES = 20   # files in the `extract` process loop (each process pays the start-up)


@dataclass(frozen=True)
class Run:
    """One batch over a folder."""

    files: int
    seconds: float
    peak_rss_mb: float
    failed: int

    @property
    def rate(self) -> float:
        return self.files / self.seconds


def generate(folder: Path, fmt: str, count: int, seed: int = 0) -> list[Path]:
    """``count`` samplegen reports of one format."""
    from samplegen.formats import write_format_batch
    from samplegen.generate import write_batch

    if fmt == "txt":
        return write_batch(folder, count, seed)
    return write_format_batch(folder, fmt, count, seed)


def run_batch(folder: Path, jobs: int, engine: str = "local") -> Run:
    """Time a full batch (discovery, hashing, workers, store) into a fresh output folder."""
    out = Path(tempfile.mkdtemp(prefix="speed_batch_out_"))
    done: list[Outcome] = []
    start = time.perf_counter()
    Driver(collect([str(folder)], out), BatchOptions(out, jobs, Limits(), engine=engine), done.append).run()
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    peak = max((d.peak_rss_kb or 0) for d in done) / 1024
    return Run(len(done), seconds, peak, sum(1 for d in done if d.status == "failed"))


def extract_loop(files: list[Path]) -> float:
    """docs/s of one `docstruct extract` process per file, one after another."""
    script = Path(sys.executable).with_name("docstruct")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "docstruct.cli"]
    start = time.perf_counter()
    for f in files:
        subprocess.run([*cmd, "extract", str(f), "--compact"], capture_output=True, check=False)
    return len(files) / (time.perf_counter() - start)


def format_figures(root: Path, fmt: str, count: int) -> Run:
    """1 vs 2 workers and the extract loop on one format; returns the 2-worker run."""
    folder = root / fmt
    files = generate(folder, fmt, count)
    one = run_batch(folder, 1)
    two = run_batch(folder, 2)
    loop = extract_loop(files[:LOOP_FILES])
    print(f"{fmt:5} {count:4} files | 1 worker {one.rate:6.2f} docs/s | 2 workers {two.rate:6.2f} docs/s | "
          f"ratio {two.rate / one.rate:4.2f} | extract loop {loop:5.2f} docs/s | batch/loop: 1 worker "
          f"{one.rate / loop:5.1f}x, 2 workers {two.rate / loop:5.1f}x | peak RSS/worker {two.peak_rss_mb:5.0f} MB"
          + (f" | {two.failed} failed" if two.failed else ""))
    return two


def growth(root: Path, count: int) -> None:
    """Workers' peak memory with the text folder at 1x and 10x."""
    for factor in (1, 10):
        folder = root / f"txt_x{factor}"
        generate(folder, "txt", count * factor, seed=factor)
        run = run_batch(folder, 2)
        print(f"txt x{factor:<2} {run.files:5} files | 2 workers {run.rate:6.2f} docs/s | "
              f"peak RSS/worker {run.peak_rss_mb:5.0f} MB")


def ray_overhead(root: Path) -> None:
    """The Ray engine against the local pool on the text folder (2 workers each)."""
    try:
        import ray
    except ImportError:
        print("ray: not installed (pip install 'docstruct[ray]'), skipped")
        return
    folder = root / "txt"
    local = run_batch(folder, 2)
    start = time.perf_counter()
    ray.init(num_cpus=2, object_store_memory=256 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    init = time.perf_counter() - start
    try:
        remote = run_batch(folder, 2, engine="ray")
    finally:
        ray.shutdown()
    print(f"ray   {remote.files:4} files | local pool {local.seconds:6.2f} s ({local.rate:.2f} docs/s) | ray "
          f"{remote.seconds:6.2f} s ({remote.rate:.2f} docs/s) + ray.init {init:.2f} s | overhead "
          f"{remote.seconds - local.seconds:+.2f} s ({remote.seconds / local.seconds:.2f}x)")


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.speed_batch", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200, help="files per format folder (default 200)")
    parser.add_argument("--formats", default="txt,html,docx,pdf")
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args(argv)
    print(f"docstruct batch speed; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="speed_batch_") as tmp:
        root = Path(tmp)
        for fmt in args.formats.split(","):
            format_figures(root, fmt, args.count)
        growth(root, args.count)
        if not args.no_ray:
            ray_overhead(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
