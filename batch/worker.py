"""The per-file function and the worker process around it.

``run_job`` is the one function every engine runs for a file (the local pool's
worker processes and Ray's actors alike): read, extract under
``docstruct.extract.limits.bounded``, and return an ``Outcome``, failures as
data.  ``serve`` is the loop of one worker process: import the pipeline once,
then answer jobs from the parent until it says stop or goes away.
"""

from __future__ import annotations

import gc
import importlib
import resource
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from docstruct.batch.jobs import READY, Job, Limits, Outcome, Postprocess, failed_outcome, one_line
from docstruct.batch.rows import record_rows
from docstruct.extract.errors import ErrorCode, LimitExceeded, error_code_of
from docstruct.extract.limits import bounded
from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import extract_bytes, extract_file
from docstruct.extract.readers.ocr.engine import set_threads as set_ocr_threads
from docstruct.extract.record import Record

# every reader, imported once per worker at start rather than on its first file
READERS = ("text", "markdown.reader", "html.reader", "pdf.reader", "docx.reader")
# ReadOptions.max_seconds when the caller sets no time limit (0): a reader's own
# deadline then never fires before the parent's
NO_LIMIT_SECONDS = 10.0**9


def warm_up() -> None:
    """Import every reader and load spaCy's blank pipeline now, so no file pays for it.

    spaCy takes about a second to import (issue 9: batch workers and the service pay it once);
    loaded on a report's first narrative figure instead, it would count against that file's time limit.

    What is loaded here lives as long as the worker, so it is then frozen out of the cyclic collector's
    reach (``gc.freeze``): a full collection walked all of it, spaCy's heap included.  Timed by
    gc.callbacks over 210 documents of the text bench (7 passes, as a worker runs): the 2 full
    collections took 120-150 ms CPU together, 0.6-0.7 ms a document, and 2 ms frozen.  Callgrind sees
    little of it (0.4% fewer instructions): the walk is memory stalls more than instructions, which is
    why three passes counted alike when this was first tried.
    """
    for name in READERS:
        importlib.import_module(f"docstruct.extract.readers.{name}")
    # the facts engine too: the pipeline imports it at its first facts stage (so --no-facts never does)
    importlib.import_module("docstruct.extract.facts.engine")
    from docstruct.extract.facts.nlp import load_nlp

    load_nlp()
    gc.collect()  # the imports' own garbage is freed now, not kept for the worker's life by the freeze
    gc.freeze()


def peak_rss_kb() -> int:
    """This process's resident-set high-water mark (KiB on Linux)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _postprocess(record: Record, hook: Postprocess) -> dict[str, Any]:
    """The hook's payload; its own errors are reported in the payload, never lose the record."""
    try:
        return hook(record)
    except (LimitExceeded, MemoryError):
        raise  # over the job's bounds: the job fails like any overrun
    except Exception as exc:
        return {"error": f"postprocess failed: {exc.__class__.__name__}: {one_line(exc)}"}


def _extract(job: Job, limits: Limits, hook: Postprocess | None) -> tuple[Record, dict[str, Any] | None]:
    """The record (and the hook's payload), all under the job's bounds."""
    seconds = limits.max_seconds or NO_LIMIT_SECONDS
    options = ReadOptions(path=job.path, max_seconds=seconds)
    with bounded(limits.max_seconds or None, limits.max_memory_mb or None):
        record = extract_bytes(job.data, options) if job.data is not None else extract_file(job.path, options)
        extra = _postprocess(record, hook) if job.keep_document and hook is not None else None
    return record, extra


def run_job(job: Job, limits: Limits, hook: Postprocess | None = None, flatten: bool = False) -> Outcome:
    """Extract one file; every failure becomes a failed Outcome with a one-line reason.

    flatten: also return the record's store rows (Outcome.rows), made here rather than in the driver.
    Outcome.recycle says the worker ran out of time or memory and should be replaced.
    """
    start = time.perf_counter()
    try:
        record, extra = _extract(job, limits, hook)
        data = record.to_json()
        seconds = time.perf_counter() - start
        rows = record_rows(data) if flatten else None
        return Outcome(job.key, job.path, record.status, data, None, None, seconds, extra, peak_rss_kb(), rows)
    except (Exception, MemoryError) as exc:
        code = error_code_of(exc)
        text = one_line(exc)
        if code == ErrorCode.INTERNAL:
            text = f"{exc.__class__.__name__}: {text}"
        # after running out of memory or time (an alarm may land anywhere) the process may be in a
        # poor state: the pool replaces it before its next job
        recycle = code in (ErrorCode.MEMORY, ErrorCode.TIMEOUT)
        failed = failed_outcome(job, code, text, time.perf_counter() - start)
        return replace(failed, peak_rss_kb=peak_rss_kb(), recycle=recycle)


def serve(conn: Connection, limits: Limits, hook: Postprocess | None, flatten: bool = False) -> None:
    """A worker process: warm up once, then run jobs until told to stop or the parent goes away."""
    set_ocr_threads(1)  # one OCR thread per worker: N workers share the cores, no pool of N x cores threads
    warm_up()
    try:
        conn.send(READY)
    except (BrokenPipeError, OSError):
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        outcome = run_job(job, limits, hook, flatten)
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return
