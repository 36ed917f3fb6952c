"""``bench.fuzz --via service``: the same mutants uploaded to a live ``docstruct serve``.

Uploads run ``--concurrency`` at a time (raw bodies with ``?filename=``; one
in eight goes to the debug page ``/view`` instead, which renders the record);
a thread polls ``/healthz`` all along.  A chunk's state holds the counts by
HTTP status, every 5xx other than 503/504 (back-pressure, and over time:
the limits' own answer) with its file, the /healthz polls that failed, and
those answered after more than a second.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.fuzz import base_corpus, chunk_plan, state_path
from bench.fuzz_mutate import mutant
from bench.live_server import running_server

HEALTH_EVERY_S = 0.5
HEALTH_SLOW_S = 1.0
UPLOAD_TIMEOUT_S = 300.0
VIEW_EVERY = 8
ALLOWED_5XX = (503, 504)  # queue full (back-pressure) and over time (the limits' own answer)


class HealthPoller:
    """Polls /healthz until stopped; counts answers, failures and slow answers."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.stop = threading.Event()
        self.ok = 0
        self.slow = 0  # answered 200, but after more than HEALTH_SLOW_S
        self.failed: list[str] = []
        self.slowest = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=10.0) as client:
            while not self.stop.is_set():
                t0 = time.perf_counter()
                try:
                    r = client.get(self.base + "/healthz")
                    took = time.perf_counter() - t0
                    self.slowest = max(self.slowest, took)
                    if r.status_code != 200:
                        self.failed.append(f"HTTP {r.status_code} after {took:.2f} s")
                    else:
                        self.ok += 1
                        self.slow += took > HEALTH_SLOW_S
                except httpx.HTTPError as exc:
                    self.failed.append(f"{type(exc).__name__} after {time.perf_counter() - t0:.2f} s")
                self.stop.wait(HEALTH_EVERY_S)


def _upload(client: httpx.Client, base: str, name: str, data: bytes, index: int) -> tuple[str, int, str]:
    route = "/view" if index % VIEW_EVERY == VIEW_EVERY - 1 else "/v1/extract"
    try:
        if route == "/view":
            r = client.post(base + route, files={"file": (name, data)})
        else:
            r = client.post(base + route, params={"filename": name, "diagnostics": "false"}, content=data)
    except httpx.HTTPError as exc:
        return name, 0, f"{route}: {type(exc).__name__}: {exc}"
    return name, r.status_code, f"{route}: {r.text[:300]}" if r.status_code >= 500 else route


def run_service_chunk(base: str, work: Path, args: argparse.Namespace, fmt: str, indexes: range,
                      bases: list[bytes]) -> dict[str, Any]:
    """One chunk uploaded at the given concurrency while /healthz is polled."""
    poller = HealthPoller(base)
    poller.thread.start()
    counts: Counter[str] = Counter()
    findings = []
    t0 = time.perf_counter()
    with httpx.Client(timeout=UPLOAD_TIMEOUT_S) as client, \
            concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        futures = {}
        for i in indexes:
            data, base_index, names = mutant(args.seed, fmt, i, bases)
            name = f"m{i:06d}.{fmt}"
            futures[pool.submit(_upload, client, base, name, data, i)] = (data, f"base {base_index}: {'+'.join(names)}")
        for future in concurrent.futures.as_completed(futures):
            name, status, detail = future.result()
            counts[f"HTTP {status}"] += 1
            if status == 0 or (status >= 500 and status not in ALLOWED_5XX):
                data, ops = futures[future]
                dest = work / "findings" / fmt / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                findings.append({"file": str(dest), "ops": ops, "status": f"HTTP {status}", "http": detail})
    poller.stop.set()
    poller.thread.join()
    counts["healthz ok"] += poller.ok
    counts["healthz failed"] += len(poller.failed)
    counts["healthz slow"] += poller.slow
    return {"format": fmt, "mutants": len(indexes), "seconds": round(time.perf_counter() - t0, 1),
            "counts": dict(sorted(counts.items())), "findings": findings,
            "abort": f"/healthz: {poller.failed[:5]}" if poller.failed else None,
            "healthz_slowest_s": round(poller.slowest, 3)}


def run_service_chunks(args: argparse.Namespace) -> None:
    """Every service chunk not done yet, against one server started for the run."""
    work: Path = args.work
    plan = [p for p in chunk_plan(args.formats, args.mutants, args.chunk)
            if not state_path(work, "service", p[0], p[1]).exists()]
    if not plan:
        return
    bases = {fmt: base_corpus(work, fmt, args.seed) for fmt in args.formats}
    started = time.monotonic()
    with running_server("--workers", str(args.jobs), "--max-seconds", str(args.max_seconds)) as base:
        for fmt, k, indexes in plan:
            if args.minutes and time.monotonic() - started > args.minutes * 60:
                print(f"stopping: {args.minutes} minutes spent; rerun to go on", flush=True)
                return
            result = run_service_chunk(base, work, args, fmt, indexes, bases[fmt])
            state = state_path(work, "service", fmt, k)
            state.parent.mkdir(parents=True, exist_ok=True)
            state.write_text(json.dumps(result, ensure_ascii=False, indent=1))
            print(f"service {fmt} chunk {k}: {len(indexes)} uploads in {result['seconds']} s; {result['counts']}; "
                  f"slowest /healthz {result['healthz_slowest_s']} s", flush=True)
