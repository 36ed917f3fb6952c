"""Seeded mutation fuzzing of every input format through ``docstruct batch``, ``extract_many()`` and the service.

    .venv/bin/python -m bench.fuzz WORK [--formats txt,md,html,docx,pdf] [--mutants 100000] [--chunk 1000]
                                        [--seed 1] [--jobs 2] [--minutes 60]       # `docstruct batch`
    .venv/bin/python -m bench.fuzz WORK --via api ...                              # the Python extract_many() API
    .venv/bin/python -m bench.fuzz WORK --via service --mutants 1000 --concurrency 8   # uploads, /healthz polled
    .venv/bin/python -m bench.fuzz WORK --formats png,jpg,tiff --mutants 100 --chunk 50   # page images, by OCR
    .venv/bin/python -m bench.fuzz WORK --report                                   # the totals so far

The base corpus is samplegen output (WORK/base/<format>, made once); for the
page images (png, jpg, tiff: not in the default formats, OCR costs a second or
more a page) samplegen PDFs rendered with the bench's font (bench/fuzz_images.py).  Mutant i
of a format is a pure function of (seed, format, i) (bench/fuzz_mutate.py), so
the work is cut into chunks of ``--chunk`` mutants, taken round-robin over the
formats; each finished chunk leaves WORK/state/<via>-<format>-<chunk>.json and
a rerun skips it (resumable; ``--minutes`` stops starting chunks after that
long).  Printed: mutants run per format with wall time, counts by status and
error_code, every ``internal`` and ``crashed`` case with its file (kept under
WORK/findings/), and batch aborts (an exit status other than 0/4/5, a traceback,
or a file the store does not account for).  Service: counts by HTTP status,
every 500 with its file, and /healthz failures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.fuzz_mutate import IMAGE_FORMATS, mutant  # images: named with --formats, not a default

FORMATS = ("txt", "md", "html", "docx", "pdf")
BASE_COUNT = 24          # generated reports per format to mutate
FINDING_CODES = ("internal", "crashed")
LIMIT_CODES = ("timeout", "memory")
BATCH_EXITS = (0, 4, 5)  # batch/driver.py: ok, partial, failed
ROOT = Path(__file__).resolve().parent.parent


def base_corpus(work: Path, fmt: str, seed: int) -> list[bytes]:
    """The generated reports of one format (written under WORK/base/<fmt> the first time)."""
    folder = work / "base" / fmt
    if not (folder / ".done").exists():
        from samplegen.formats import write_format_batch
        from samplegen.generate import write_batch

        shutil.rmtree(folder, ignore_errors=True)
        if fmt in IMAGE_FORMATS:
            from bench.fuzz_images import BASE_COUNT as IMAGE_BASE_COUNT
            from bench.fuzz_images import render_base

            render_base(folder, fmt, IMAGE_BASE_COUNT, seed)
        elif fmt == "txt":
            write_batch(folder, BASE_COUNT, seed)
        else:
            write_format_batch(folder, fmt, BASE_COUNT, seed)
        (folder / ".done").write_text("")
    files = sorted(p for p in folder.iterdir() if p.suffix == f".{fmt}")
    return [p.read_bytes() for p in files]


def state_path(work: Path, via: str, fmt: str, chunk: int) -> Path:
    return work / "state" / f"{via}-{fmt}-{chunk:05d}.json"


def write_chunk(folder: Path, seed: int, fmt: str, indexes: range, bases: list[bytes]) -> dict[str, str]:
    """The chunk's mutants as files; file name -> the operations that made it."""
    folder.mkdir(parents=True, exist_ok=True)
    ops: dict[str, str] = {}
    for i in indexes:
        data, base, names = mutant(seed, fmt, i, bases)
        name = f"m{i:06d}.{fmt}"
        (folder / name).write_bytes(data)
        ops[name] = f"base {base}: {'+'.join(names)}"
    return ops


def _keep(work: Path, fmt: str, src: Path) -> str:
    dest = work / "findings" / fmt / src.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(src, dest)
    except OSError as exc:  # the finding is reported even when its file is gone
        return f"{src} (not kept: {exc.strerror})"
    return str(dest)


def _named(folder: Path) -> bool:
    """Whether the chunk's files are named one by one: a folder walk never picks up images (batch/discover.py)."""
    return folder.name.rsplit("-", 2)[-2] in IMAGE_FORMATS


def run_batch_chunk(folder: Path, out: Path, jobs: int, max_seconds: float) -> dict[str, Any]:
    """`docstruct batch` over one chunk; every file's status from the store."""
    named = _named(folder)
    cmd = [sys.executable, "-m", "docstruct.cli", "batch", *(["--stdin"] if named else [str(folder)]), "-o", str(out),
           "--jobs", str(jobs), "--quiet", "--max-seconds", str(max_seconds)]
    listing = "".join(f"{p}\n" for p in sorted(folder.iterdir())) if named else None
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT, input=listing,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    rows: dict[str, tuple[str, str | None, str | None]] = {}
    if (out / "docstruct.sqlite").exists():
        with sqlite3.connect(out / "docstruct.sqlite") as conn:
            for path, status, code, error in conn.execute(
                "SELECT p.path, d.status, d.error_code, d.error FROM paths p JOIN documents d USING (sha256)"
            ):
                rows[Path(path).name] = (status, code, error)
    abort = None
    if proc.returncode not in BATCH_EXITS or "Traceback" in proc.stderr:
        abort = f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] or ['']}"
    return {"rows": rows, "abort": abort}


def run_api_chunk(folder: Path, jobs: int, max_seconds: float) -> dict[str, Any]:
    """The Python extract_many() API over one chunk."""
    from docstruct import extract_many
    from docstruct.batch.jobs import Limits

    rows: dict[str, tuple[str, str | None, str | None]] = {}
    abort = None
    try:
        paths = sorted(folder.iterdir()) if _named(folder) else [folder]
        for result in extract_many(paths, jobs=jobs, limits=Limits(max_seconds=max_seconds)):
            rows[Path(result.path).name] = (result.status, result.error_code, result.error)
    except Exception as exc:  # the API itself failing is the finding
        abort = f"{type(exc).__name__}: {exc}"
    return {"rows": rows, "abort": abort}


def settle_chunk(work: Path, fmt: str, folder: Path, ops: dict[str, str], got: dict[str, Any],
                 seconds: float) -> dict[str, Any]:
    """The chunk's state: counts, findings (files kept), files the run did not account for."""
    counts: Counter[str] = Counter()
    findings = []
    for name, (status, code, error) in sorted(got["rows"].items()):
        counts[f"{status}/{code}" if code else status] += 1
        if code in FINDING_CODES or code in LIMIT_CODES:  # limit kills kept too: a slow mutant is worth a look
            findings.append({"file": _keep(work, fmt, folder / name), "ops": ops.get(name), "status": status,
                             "error_code": code, "error": error})
    missing = sorted(set(ops) - set(got["rows"]))
    abort = got["abort"] or (f"{len(missing)} files not accounted for (first {missing[0]})" if missing else None)
    if abort:
        findings += [{"file": _keep(work, fmt, folder / n), "ops": ops[n], "status": "missing"} for n in missing[:20]]
    return {"format": fmt, "mutants": len(ops), "seconds": round(seconds, 1), "counts": dict(sorted(counts.items())),
            "findings": findings, "abort": abort}


def chunk_plan(formats: list[str], mutants: int, chunk: int) -> list[tuple[str, int, range]]:
    """(format, chunk number, mutant indexes), round-robin over the formats."""
    plan = []
    for k in range((mutants + chunk - 1) // chunk):
        for fmt in formats:
            plan.append((fmt, k, range(k * chunk, min(mutants, (k + 1) * chunk))))
    return plan


def run_chunks(args: argparse.Namespace) -> None:
    """Every chunk not done yet, until the plan or the time runs out."""
    work: Path = args.work
    started = time.monotonic()
    bases = {fmt: base_corpus(work, fmt, args.seed) for fmt in args.formats}
    for fmt, k, indexes in chunk_plan(args.formats, args.mutants, args.chunk):
        state = state_path(work, args.via, fmt, k)
        if state.exists():
            continue
        if args.minutes and time.monotonic() - started > args.minutes * 60:
            print(f"stopping: {args.minutes} minutes spent; rerun to go on", file=sys.stderr)
            return
        folder = work / "run" / f"{args.via}-{fmt}-{k:05d}"
        shutil.rmtree(folder.parent / (folder.name + ".out"), ignore_errors=True)
        ops = write_chunk(folder, args.seed, fmt, indexes, bases[fmt])
        t0 = time.perf_counter()
        if args.via == "api":
            got = run_api_chunk(folder, args.jobs, args.max_seconds)
        else:
            got = run_batch_chunk(folder, folder.parent / (folder.name + ".out"), args.jobs, args.max_seconds)
        result = settle_chunk(work, fmt, folder, ops, got, time.perf_counter() - t0)
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(folder.parent / (folder.name + ".out"), ignore_errors=True)
        print(f"{args.via} {fmt} chunk {k}: {len(ops)} mutants in {result['seconds']} s; {result['counts']}"
              + (f"; ABORT {result['abort']}" if result["abort"] else "")
              + (f"; {len(result['findings'])} findings" if result["findings"] else ""), flush=True)


def report(work: Path) -> None:
    """Totals over every finished chunk, per way in and format."""
    totals: dict[tuple[str, str], dict[str, Any]] = {}
    for state in sorted((work / "state").glob("*.json")):
        via = state.name.split("-", 1)[0]
        data = json.loads(state.read_text())
        t = totals.setdefault((via, data["format"]), {"mutants": 0, "seconds": 0.0, "chunks": 0,
                                                      "counts": Counter(), "findings": [], "aborts": []})
        t["mutants"] += data["mutants"]
        t["seconds"] += data["seconds"]
        t["chunks"] += 1
        t["counts"].update(data["counts"])
        t["healthz"] = max(t.get("healthz", 0.0), data.get("healthz_slowest_s", 0.0))
        t["findings"] += data["findings"]
        if data.get("abort"):
            t["aborts"].append(f"{state.name}: {data['abort']}")
    for (via, fmt), t in sorted(totals.items()):
        print(f"{via} {fmt}: {t['mutants']} mutants in {t['chunks']} chunks, {t['seconds']:.0f} s of wall time; "
              f"aborts {len(t['aborts'])}; {dict(sorted(t['counts'].items()))}"
              + (f"; slowest /healthz {t['healthz']} s" if via == "service" else ""))
        for finding in t["findings"]:
            print(f"  {finding.get('status')}/{finding.get('error_code')} {finding['file']} ({finding.get('ops')}): "
                  f"{finding.get('error') or finding.get('http') or ''}")
        for abort in t["aborts"]:
            print(f"  ABORT {abort}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="working folder: base corpus, chunk state, findings")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all)")
    parser.add_argument("--mutants", type=int, default=100_000, help="mutants per format (default 100000)")
    parser.add_argument("--chunk", type=int, default=1000, help="mutants per chunk (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="batch workers (default 2)")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per-file time limit (default 30)")
    parser.add_argument("--minutes", type=float, default=0.0, help="start no chunk after this long (0: no bound)")
    parser.add_argument("--via", choices=("batch", "api", "service"), default="batch")
    parser.add_argument("--concurrency", type=int, default=8, help="service uploads in flight (default 8)")
    parser.add_argument("--report", action="store_true", help="only print the totals so far")
    args = parser.parse_args(argv)
    args.formats = [f for f in args.formats.split(",") if f]
    if not args.report:
        if args.via == "service":
            from bench.fuzz_service import run_service_chunks

            run_service_chunks(args)
        else:
            run_chunks(args)
    report(args.work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
