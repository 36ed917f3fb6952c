"""The service's limits, as a frozen dataclass with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docstruct.extract.limits import DEFAULT_MAX_JOBS_PER_WORKER, DEFAULT_MEMORY_MB, DEFAULT_SECONDS, MIB, Limits
from docstruct.extract.options import ReadOptions

__all__ = ["MIB", "ServiceSettings"]


@dataclass(frozen=True)
class ServiceSettings:
    """How the service runs.

    workers: extraction worker processes (None: one per core).
    max_seconds, max_memory_mb: per-file limits, the defaults of ``docstruct extract``.
    max_upload_bytes: a larger upload is refused with 413 while it streams in (the
        pipeline's own ReadOptions.max_bytes is the same 64 MiB).
    queue_limit: requests waiting for a worker beyond this are refused with 503.
    store: a batch's output folder to browse (/store pages, /v1/store API), read-only;
    store_upload: also accept uploads into that store (POST /v1/store/reports).
    max_jobs_per_worker: a worker process is replaced after this many requests (memory stays flat).
    """

    workers: int | None = None
    max_seconds: float = DEFAULT_SECONDS
    max_memory_mb: int = DEFAULT_MEMORY_MB
    max_upload_bytes: int = ReadOptions.max_bytes
    queue_limit: int = 64
    store: Path | None = None
    store_upload: bool = False
    max_jobs_per_worker: int | None = DEFAULT_MAX_JOBS_PER_WORKER

    @property
    def limits(self) -> Limits:
        """The per-file bounds, as the one Limits type the pool takes."""
        return Limits(max_seconds=self.max_seconds, max_memory_mb=self.max_memory_mb)
