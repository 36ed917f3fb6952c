"""The data a pool takes and gives back (pool-contract.md): Limits, Job, Outcome (with Status and ErrorCode)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# the one limits type and the pool's default, re-exported where the pool's callers look for them
from docstruct.extract.errors import ErrorCode
from docstruct.extract.limits import DEFAULT_MAX_JOBS_PER_WORKER, Limits
from docstruct.extract.model import Status

__all__ = ["DEFAULT_MAX_JOBS_PER_WORKER", "DUPLICATE", "ERROR_CODES", "EXTRACTED", "READY", "STORED", "ErrorCode",
           "Job", "Limits", "Outcome", "Postprocess", "Status", "failed_outcome", "one_line"]

if TYPE_CHECKING:
    from docstruct.extract.record import Record

# A pool's postprocess hook: called in the worker on the Record of a ``keep_document`` job; its JSON-able
# result is Outcome.extra.  A module-level function, so it pickles (by name) into the worker process.
Postprocess = Callable[["Record"], dict[str, Any]]

# One line of an error, at most this many characters (summaries, the store, the service)
MAX_ERROR_CHARS = 300
# Outcome.error_code values; "failed" outcomes carry one of them
ERROR_CODES = tuple(ErrorCode)
# Outcome.how: extracted in this run, already in the store, or the same bytes as another file of the run
EXTRACTED, STORED, DUPLICATE = "extracted", "stored", "duplicate"


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
    """How one file ended, the one type from the worker to the caller, the store and the summary.

    A record (status ok / partial) or a failure (status failed) with a code and a one-line reason.
    The pool fills the first fields; the batch driver adds what it knows (sha256, how, names).

    key: the Job's key, echoed back. path: the file's name (the record's source.path).
    peak_rss_kb: the worker process's resident-set high-water mark after the job
        (None when the worker died); for benchmarks and diagnostics.
    rows: the record flattened for the batch store (``docstruct.batch.rows.record_rows``),
        made in the worker when the pool was asked to (``WorkerPool(flatten=True)``).
    recycle: (worker to pool) replace this worker before its next job: it ran out of time or memory.
    sha256, how, checks_failed, paths, format, size: (batch driver) the content id; how the file
        settled (extracted now, already stored, or the same bytes as another file); failed checks;
        every name of these bytes; the format; the size in bytes.
    refreshed: (batch driver) re-extracted because another parser version had made the stored record.
    """

    key: str
    path: str
    status: Status
    record: dict[str, Any] | None
    error_code: ErrorCode | None
    error: str | None
    seconds: float
    extra: dict[str, Any] | None = None
    peak_rss_kb: int | None = None
    rows: dict[str, Any] | None = None
    recycle: bool = False
    sha256: str | None = None
    how: str = EXTRACTED
    checks_failed: int = 0
    paths: tuple[str, ...] = ()
    format: str | None = None
    size: int | None = None
    refreshed: bool = False

    def __post_init__(self) -> None:
        # the same enums after a trip through JSON (the Ray engine) or from a caller's plain strings
        object.__setattr__(self, "status", Status(self.status))
        if self.error_code is not None:
            object.__setattr__(self, "error_code", ErrorCode(self.error_code))

    @property
    def text(self) -> str | None:
        """The record as one line of JSON (``extract --compact``), when the worker made the store rows."""
        return self.rows["text"] if self.rows else None


def one_line(exc: BaseException | str) -> str:
    """An error as one line of at most MAX_ERROR_CHARS characters."""
    text = " ".join(str(exc).split()) or (exc.__class__.__name__ if isinstance(exc, BaseException) else "")
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def failed_outcome(job: Job, code: ErrorCode, error: str, seconds: float) -> Outcome:
    """A failed Outcome for a job."""
    return Outcome(job.key, job.path, Status.FAILED, None, code, one_line(error), seconds)
