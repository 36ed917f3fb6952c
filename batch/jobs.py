"""The data a pool takes and gives back (pool-contract.md): Limits, Job, Outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# the one limits type and the pool's default, re-exported where the pool's callers look for them
from docstruct.extract.limits import DEFAULT_MAX_JOBS_PER_WORKER, Limits

__all__ = ["DEFAULT_MAX_JOBS_PER_WORKER", "ERROR_CODES", "READY", "Job", "Limits", "Outcome", "Postprocess",
           "failed_outcome", "one_line"]

if TYPE_CHECKING:
    from docstruct.extract.record import Record

# A pool's postprocess hook: called in the worker on the Record of a ``keep_document`` job; its JSON-able
# result is Outcome.extra.  A module-level function, so it pickles (by name) into the worker process.
Postprocess = Callable[["Record"], dict[str, Any]]

# One line of an error, at most this many characters (summaries, the store, the service)
MAX_ERROR_CHARS = 300
# Outcome.error_code values; "failed" outcomes carry one of them
ERROR_CODES = ("unreadable", "unsupported", "timeout", "memory", "crashed", "internal")


# what a worker sends once it has warmed up, before its first job (batch/pool.py, batch/worker.py)
READY = "ready"

@dataclass(frozen=True)
class Job:
    """One file to extract. ``key`` is the caller's id, echoed back in the Outcome.

    path: recorded in the record's source.path; read by the worker when ``data`` is None.
    keep_document: also run the pool's postprocess hook and return its payload in Outcome.extra.
    """

    key: str
    path: str
    data: bytes | None = None
    keep_document: bool = False


@dataclass(frozen=True)
class Outcome:
    """How one job ended: a record (ok / partial) or a failure with a code and a one-line reason.

    error_code: None | unreadable | unsupported | timeout | memory | crashed | internal.
    peak_rss_kb: the worker process's resident-set high-water mark after the job
        (None when the worker died); for benchmarks and diagnostics.
    rows: the record flattened for the batch store (``docstruct.batch.rows.record_rows``),
        made in the worker when the pool was asked to (``WorkerPool(flatten=True)``).
    """

    key: str
    path: str
    status: str
    record: dict[str, Any] | None
    error_code: str | None
    error: str | None
    seconds: float
    extra: dict[str, Any] | None = None
    peak_rss_kb: int | None = None
    rows: dict[str, Any] | None = None


def one_line(exc: BaseException | str) -> str:
    """An error as one line of at most MAX_ERROR_CHARS characters."""
    text = " ".join(str(exc).split()) or (exc.__class__.__name__ if isinstance(exc, BaseException) else "")
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def failed_outcome(job: Job, code: str, error: str, seconds: float) -> Outcome:
    """A failed Outcome for a job."""
    return Outcome(job.key, job.path, "failed", None, code, one_line(error), seconds)
