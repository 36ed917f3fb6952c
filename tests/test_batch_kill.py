"""kill -9 at random points, then a rerun: the store and every export match an uninterrupted run.

Compared: ``dump_store`` (every row of every table in key order, without
documents.seconds, the one column that varies between runs) and the bytes of
the jsonl, csv-long, csv-wide and csv-facts exports.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from batch_helpers import ROOT, docstruct, make_folder

from docstruct.batch.store import dump_store, open_readonly

EXPORTS = ("jsonl", "csv-long", "csv-wide", "csv-facts")
KILLS = 4
# the kills' points are chosen by the number of documents stored; each run starts from the last one's store


def _batch_cmd(folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "docstruct.cli", "batch", str(folder), "-o", str(out), "--jobs", "2", "--quiet"]


def _stored(out: Path) -> int:
    if not (out / "docstruct.sqlite").exists():
        return 0
    try:
        return int(open_readonly(out).execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # the tables are being created
        return 0


def _kill_at(folder: Path, out: Path, target: int, whole_group: bool) -> int:
    """Start a batch, SIGKILL it (the driver alone, or with its workers) once ``target`` documents are
    stored (or at once when target is 0); returns how many were stored when it died."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(_batch_cmd(folder, out), start_new_session=True, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while target and _stored(out) < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if whole_group:
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()  # the driver only: its workers find the pipe closed and go
    proc.wait(timeout=30)
    time.sleep(0.3)
    with contextlib.suppress(ProcessLookupError):  # what is left of the processes this test started
        os.killpg(proc.pid, signal.SIGKILL)
    return _stored(out)


def _snapshot(out: Path, tmp: Path) -> dict[str, bytes | str]:
    snap: dict[str, bytes | str] = {"store": dump_store(open_readonly(out))}
    for fmt in EXPORTS:
        target = tmp / f"{out.name}.{fmt}"
        assert docstruct("export", str(out), "--format", fmt, "-o", str(target)).returncode == 0
        snap[fmt] = target.read_bytes()
    return snap


def test_sigkill_at_random_points_then_rerun_matches_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_folder(folder, copies=3)
    whole = tmp_path / "whole"
    assert docstruct("batch", str(folder), "-o", str(whole), "--jobs", "2", "--quiet").returncode == 5
    expected = _snapshot(whole, tmp_path)

    total = _stored(whole)
    resumed = tmp_path / "resumed"
    # random points: at once (before any document), then after k documents, k random and rising
    targets = [0, *sorted(random.Random(6).sample(range(1, total - 2), KILLS - 1))]
    counts = [_kill_at(folder, resumed, k, whole_group=i % 2 == 0) for i, k in enumerate(targets)]
    assert counts[-1] < total, counts  # the last kill still left work to do
    print("stored after each kill:", counts, "of", total)
    final = docstruct("batch", str(folder), "-o", str(resumed), "--jobs", "2", "--quiet")
    assert final.returncode == 5, final.stderr
    got = _snapshot(resumed, tmp_path)
    assert got == expected, f"documents stored after each kill: {counts}"
    jsonl = got["jsonl"]
    assert isinstance(jsonl, bytes)
    shas = [line.split(b'"sha256":"')[1][:64] for line in jsonl.splitlines()]
    assert len(shas) == len(set(shas)) > 0
