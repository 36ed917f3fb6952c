"""The Python API: ``extract_many(paths)`` yields one Outcome per document, each extracted in an isolated worker.

(It was ``docstruct.batch``, a function that hid the subpackage of the same name, so
``import docstruct.batch.pool`` failed; issue 16.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from docstruct.batch.discover import find_documents
from docstruct.batch.jobs import DEFAULT_MAX_JOBS_PER_WORKER, Job, Limits, Outcome


def run_jobs(jobs: Iterable[Job], workers: int | None, limits: Limits, engine: str = "local",
             address: str | None = None, flatten: bool = False,
             max_jobs_per_worker: int | None = DEFAULT_MAX_JOBS_PER_WORKER) -> Iterator[Outcome]:
    """Outcomes of the jobs, as they finish, on the chosen engine ('local' pool or 'ray').

    flatten: workers also make each record's store rows (Outcome.rows) for the batch driver.
    max_jobs_per_worker: each worker process is replaced after this many jobs (memory stays flat).
    """
    if engine == "ray":
        from docstruct.batch.ray_engine import run_ray

        yield from run_ray(jobs, workers, limits, address, flatten, max_jobs_per_worker)
        return
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or ray)")
    from docstruct.batch.pool import WorkerPool

    with WorkerPool(workers, limits, flatten=flatten, max_jobs_per_worker=max_jobs_per_worker) as pool:
        yield from pool.imap_unordered(jobs)


def extract_many(
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    limits: Limits = Limits(),  # noqa: B008 - frozen
    engine: str = "local",
    address: str | None = None,
) -> Iterator[Outcome]:
    """Extract every document under the paths (folders searched recursively), as results finish.

    Each file runs in a worker process under ``limits``; a file that fails, hangs or
    crashes its worker is a failed Outcome (status, error_code, error), and the rest go on. jobs: worker
    processes (default one per core). engine: 'local' or 'ray' (``address``: a Ray cluster).
    """
    todo = (Job(key=str(p), path=str(p)) for p in find_documents(paths))
    yield from run_jobs(todo, jobs, limits, engine, address)
