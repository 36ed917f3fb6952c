"""Worker memory over many requests to ``docstruct serve``, with and without replacing workers.

    python -m bench.memory_service [--requests 2000] [--every 200] [--max-jobs 0 200]

For each ``--max-jobs-per-worker`` value, one server (one worker) answers the requests one after
another (the bundled samples in turn); every ``--every`` requests the resident memory of the
server's worker processes is printed (the forkserver left out: it holds the imports, never a
job).  Issue 16: a worker crept from 91 to 161 MiB over ~470 requests; replaced after N jobs, its
memory stays flat.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx

from bench.live_server import ROOT, running_server, server_pid

SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".html", ".docx", ".md", ".pdf"))
PAGE_KB = 4
# the first look, after the worker has warmed up on every kind of sample
FIRST_SAMPLE = 50


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _rss_mib(pid: int) -> float:
    try:
        pages = int((Path("/proc") / str(pid) / "statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * PAGE_KB / 1024


def worker_rss(server: int) -> list[float]:
    """Resident MiB of each worker process (the server's grandchildren that are not the forkserver)."""
    workers = []
    for child in _children(server):
        workers += _children(child)  # the forkserver's children are the workers
    return sorted(m for m in (_rss_mib(p) for p in workers) if m > 0)  # a replaced worker may not be up yet


def run(requests: int, every: int, max_jobs: int) -> list[tuple[int, list[float]]]:
    """(requests done, worker RSS in MiB) every ``every`` requests."""
    rows = []
    with running_server("--workers", "1", "--max-jobs-per-worker", str(max_jobs)) as base, \
            httpx.Client(timeout=120) as client:
        pid = server_pid(base)
        for i in range(1, requests + 1):
            path = SAMPLES[i % len(SAMPLES)]
            r = client.post(f"{base}/v1/extract", files={"file": (path.name, path.read_bytes())})
            assert r.status_code in (200, 422), r.text[:200]
            if i % every == 0 or i == FIRST_SAMPLE:
                rows.append((i, worker_rss(pid)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    # not a divisor of the default --max-jobs-per-worker: a look right after a replacement finds no worker
    parser.add_argument("--every", type=int, default=250)
    parser.add_argument("--max-jobs", type=int, nargs="+", default=[0, 200])
    args = parser.parse_args()
    for max_jobs in args.max_jobs:
        rows = run(args.requests, args.every, max_jobs)
        print(f"--max-jobs-per-worker {max_jobs}: worker RSS (MiB) after n requests")
        for n, rss in rows:
            print(f"  {n:5d}  {' '.join(f'{m:6.1f}' for m in rss)}")
        peaks = [max(rss) for _n, rss in rows if rss]
        if peaks:
            print(f"  first {peaks[0]:.1f}  last {peaks[-1]:.1f}  highest {max(peaks):.1f}")


if __name__ == "__main__":
    main()
