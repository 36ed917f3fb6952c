"""The isolated worker pool (pool-contract.md): results as data, one bad job never costs the pool."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pool_hooks
import pytest

from docstruct.batch.jobs import Postprocess
from docstruct.batch.pool import Job, Limits, Outcome, QueueFull, WorkerPool
from docstruct.cli import DEFAULT_MEMORY_MB, DEFAULT_SECONDS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "gen02_2021_glued_crawler.txt"
HTML = ROOT / "samples" / "gen10_2019_html_table.html"
FAST = Limits(max_seconds=20, max_memory_mb=2048, grace_seconds=1.0)


def _ok(pool: WorkerPool) -> Outcome:
    out = pool.submit(Job("after", str(SAMPLE))).result(timeout=60)
    assert out.status in ("ok", "partial") and out.record is not None, out
    return out


def test_limits_default_to_the_extract_command() -> None:
    assert (Limits().max_seconds, Limits().max_memory_mb) == (DEFAULT_SECONDS, DEFAULT_MEMORY_MB)


def test_records_from_path_and_from_bytes_and_failures_as_data() -> None:
    with WorkerPool(2, FAST) as pool:
        by_path = pool.submit(Job("a", str(SAMPLE)))
        by_bytes = pool.submit(Job("b", "given/name.html", data=HTML.read_bytes()))
        empty = pool.submit(Job("c", "empty.txt", data=b""))
        missing = pool.submit(Job("d", "/no/such/file.txt"))
        a, b, c, d = (f.result(timeout=60) for f in (by_path, by_bytes, empty, missing))
    assert a.key == "a" and a.record is not None and a.record["source"]["path"] == str(SAMPLE)
    assert a.record["metadata"]["template"] == "2021" and a.error is None and a.peak_rss_kb
    assert b.record is not None and b.record["source"]["path"] == "given/name.html"
    assert b.record["source"]["format"] == "html"
    assert (c.status, c.error_code, c.record) == ("failed", "unreadable", None) and c.error == "empty file"
    assert d.status == "failed" and d.error_code == "unreadable" and "\n" not in (d.error or "")


@pytest.mark.parametrize(
    ("hook", "code", "words"),
    [
        (pool_hooks.exit_now, "crashed", "exited with status 7"),
        (pool_hooks.segfault, "crashed", "SIGSEGV"),
        (pool_hooks.stuck_in_c, "timeout", "the worker was stopped"),
        (pool_hooks.sleepy, "timeout", "longer than the limit of 2 s"),
        (pool_hooks.hog, "memory", "more memory than the limit of 1024 MiB"),
    ],
)
def test_a_job_that_kills_hangs_or_bloats_its_worker_costs_only_itself(
    hook: Postprocess, code: str, words: str
) -> None:
    limits = Limits(max_seconds=2, max_memory_mb=1024, grace_seconds=1.0)
    with WorkerPool(1, limits, postprocess=hook) as pool:
        bad = pool.submit(Job("bad", str(SAMPLE), keep_document=True)).result(timeout=60)
        assert (bad.status, bad.error_code, bad.record) == ("failed", code, None), bad
        assert words in (bad.error or "") and "\n" not in (bad.error or "")
        _ok(pool)  # the next job runs, on a fresh worker


def test_postprocess_payload_and_a_failing_hook_keeps_the_record() -> None:
    with WorkerPool(1, FAST, postprocess=pool_hooks.cells) as pool:
        out = pool.submit(Job("v", str(SAMPLE), keep_document=True)).result(timeout=60)
        plain = pool.submit(Job("p", str(SAMPLE))).result(timeout=60)
    assert out.extra == {"tables": 3} and plain.extra is None
    with WorkerPool(1, FAST, postprocess=pool_hooks.raises) as pool:
        out = pool.submit(Job("v", str(SAMPLE), keep_document=True)).result(timeout=60)
    assert out.record is not None and out.extra == {"error": "postprocess failed: ValueError: hook bug"}


def test_queue_limit_raises_queue_full_and_close_fails_waiting_jobs() -> None:
    pool = WorkerPool(1, Limits(max_seconds=2, grace_seconds=1.0), queue_limit=1, postprocess=pool_hooks.sleepy)
    first = pool.submit(Job("1", str(SAMPLE), keep_document=True))
    concurrent.futures.wait([first], timeout=0.5)  # let the slot take it
    waiting = pool.submit(Job("2", str(SAMPLE)))
    with pytest.raises(QueueFull):
        pool.submit(Job("3", str(SAMPLE)))
    pool.close()
    assert first.result(timeout=1).error_code == "timeout"
    assert waiting.result(timeout=1).error_code in ("internal", None)
    late = pool.submit(Job("4", str(SAMPLE))).result(timeout=1)
    assert (late.status, late.error_code) == ("failed", "internal")


def test_imap_unordered_gives_every_outcome_once() -> None:
    jobs = [Job(str(i), str(SAMPLE if i % 3 else HTML)) for i in range(7)] + [Job("bad", "x.txt", data=b"")]
    with WorkerPool(2, FAST) as pool:
        outs = list(pool.imap_unordered(jobs))
    assert sorted(o.key for o in outs) == sorted(j.key for j in jobs)
    assert {o.key for o in outs if o.status == "failed"} == {"bad"}


def test_a_hook_that_cannot_reach_a_worker_is_refused_at_once() -> None:
    with pytest.raises(TypeError, match="module-level function"):
        WorkerPool(1, FAST, postprocess=lambda record: {})


def test_warm_up_freezes_what_it_loaded_out_of_the_collectors_reach() -> None:
    # batch/worker.py warm_up: a full collection walked spaCy's heap at every pass (gc.freeze)
    import gc

    from docstruct.batch.worker import warm_up

    gc.unfreeze()
    try:
        warm_up()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_warm_up_loads_the_facts_engine_before_the_first_file() -> None:
    """The pipeline imports the facts engine at its first facts stage (so `extract --no-facts` never does):
    a worker imports it in warm_up, so no file's time limit pays for it and the freeze covers it."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom docstruct.batch.worker import warm_up\n"
        "assert 'docstruct.extract.facts.engine' not in sys.modules\n"
        "warm_up()\nassert 'docstruct.extract.facts.engine' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
