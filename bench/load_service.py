"""Load on a live ``docstruct serve`` over loopback: latency, errors and server memory.

    .venv/bin/python -m bench.load_service [--requests 200] [--concurrency 16] [--workers 2] [--rounds 2]

Starts the service on a free 127.0.0.1 port, posts the bundled samples (text,
HTML, DOCX, PDF, mixed) to /v1/extract, and prints p50/p95 latency, the error
count (must be 0) and the resident memory of the server and its worker
processes before, during (peak) and after each round: bounded memory means
the figure after round 2 is close to after round 1.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.live_server import ROOT, running_server, server_pid

SUFFIXES = (".txt", ".html", ".docx", ".pdf")
SAMPLE_EVERY_S = 0.1


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (MiB), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total_kb, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


@dataclass
class Round:
    latencies: list[float]
    errors: list[str]
    seconds: float
    rss_before: float
    rss_peak: float
    rss_after: float


def _post(client: httpx.Client, url: str, path: Path) -> tuple[float, str | None]:
    start = time.perf_counter()
    try:
        r = client.post(url, files={"file": (path.name, path.read_bytes())}, timeout=300)
        err = None if r.status_code == 200 else f"{path.name}: {r.status_code} {r.text[:120]}"
    except httpx.HTTPError as exc:
        err = f"{path.name}: {exc.__class__.__name__}: {exc}"
    return time.perf_counter() - start, err


def run_round(base: str, pid: int, files: list[Path], requests: int, concurrency: int) -> Round:
    rss_before = tree_rss_mb(pid)
    peak = [rss_before]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(SAMPLE_EVERY_S):
            peak[0] = max(peak[0], tree_rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    work = list(itertools.islice(itertools.cycle(files), requests))
    start = time.perf_counter()
    limits = httpx.Limits(max_connections=concurrency)
    with httpx.Client(limits=limits) as client, concurrent.futures.ThreadPoolExecutor(concurrency) as ex:
        results = list(ex.map(lambda p: _post(client, f"{base}/v1/extract?diagnostics=false", p), work))
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    time.sleep(0.5)
    return Round([r[0] for r in results], [r[1] for r in results if r[1]], seconds, rss_before, peak[0],
                 tree_rss_mb(pid))


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    files = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in SUFFIXES)
    kinds = ", ".join(f"{sum(1 for f in files if f.suffix == s)} {s}" for s in SUFFIXES)
    print(f"samples: {len(files)} ({kinds}); {args.requests} requests x {args.rounds} rounds, "
          f"concurrency {args.concurrency}, {args.workers} workers, 127.0.0.1")
    errors = 0
    with running_server("--workers", str(args.workers)) as base:
        pid = server_pid(base)
        print(f"server RSS at start: {tree_rss_mb(pid):.0f} MiB (worker processes start with the first request)")
        for n in range(1, args.rounds + 1):
            r = run_round(base, pid, files, args.requests, args.concurrency)
            errors += len(r.errors)
            rate = len(r.latencies) / r.seconds
            print(f"round {n}: {len(r.latencies)} requests in {r.seconds:.1f} s ({rate:.1f}/s); "
                  f"latency p50 {_pct(r.latencies, 50) * 1000:.0f} ms, p95 {_pct(r.latencies, 95) * 1000:.0f} ms; "
                  f"errors {len(r.errors)}; RSS MiB before {r.rss_before:.0f}, peak during {r.rss_peak:.0f}, "
                  f"after {r.rss_after:.0f}")
            for e in r.errors[:5]:
                print(f"  error: {e}")
    print(f"errors: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
