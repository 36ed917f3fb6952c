"""The service's settings, as a frozen dataclass with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docstruct.extract.limits import DEFAULT_MAX_JOBS_PER_WORKER, MIB, Limits
from docstruct.extract.options import ReadOptions

__all__ = ["MIB", "ServiceSettings"]


@dataclass(frozen=True)
class ServiceSettings:
    """How the service runs.

    workers: extraction worker processes (None: one per core).
    limits: the per-file bounds on time and memory, the one Limits type (extract/limits.py) with its
        defaults, those of ``docstruct extract`` and ``batch``; ``serve --max-seconds/--max-memory-mb``.
    max_upload_bytes: a larger upload is refused with 413 while it streams in (the
        pipeline's own ReadOptions.max_bytes is the same 64 MiB).
    queue_limit: requests waiting for a worker beyond this are refused with 503.
    store: a batch's output folder to browse (/store pages, /v1/store API), read-only;
    store_upload: also accept uploads into that store (POST /v1/store/reports).
    max_jobs_per_worker: a worker process is replaced after this many requests (memory stays flat).
    """

    workers: int | None = None
    limits: Limits = Limits()  # noqa: RUF009 - frozen, so one shared default is safe
    max_upload_bytes: int = ReadOptions.max_bytes
    queue_limit: int = 64
    store: Path | None = None
    store_upload: bool = False
    max_jobs_per_worker: int | None = DEFAULT_MAX_JOBS_PER_WORKER
