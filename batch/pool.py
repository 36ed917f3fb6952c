"""The isolated worker pool (pool-contract.md): one process per slot, replaced when it dies or overruns.

Each slot is a parent thread that owns one worker process and feeds it one job
at a time over a pipe.  The worker bounds time and memory itself
(``bounded``); the parent enforces the wall-clock limit too, killing a worker
that has not answered ``max_seconds + grace`` after it got the job, so a parser
stuck in C code, a segfault or an OOM-kill costs one job and never the pool.
Workers are forked from a forkserver that has imported the pipeline once
(safe beside the parent's threads); each then imports every reader at start.
As with any multiprocessing start method but fork, a worker imports the
caller's main script as ``__mp_main__``: guard a script's work with
``if __name__ == "__main__":`` (a script read from standard input cannot start workers).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from multiprocessing.process import BaseProcess
from types import TracebackType

from docstruct.batch.jobs import (
    DEFAULT_MAX_JOBS_PER_WORKER,
    READY,
    ErrorCode,
    Job,
    Limits,
    Outcome,
    Postprocess,
    failed_outcome,
)

__all__ = ["Job", "Limits", "Outcome", "QueueFull", "WorkerPool"]

# imap_unordered keeps at most this many jobs per worker submitted ahead
READ_AHEAD_PER_WORKER = 2
# imported once in the fork server, so each new worker starts with them (spaCy takes about a second)
PRELOAD = ["docstruct.batch.worker", "spacy"]
# how long a new worker may take to warm up (import the readers, load spaCy's blank pipeline) before
# its first job; the job's own time limit starts only when the worker says it is ready
WARM_UP_SECONDS = 120.0

Future = concurrent.futures.Future


def _check_picklable(hook: Postprocess) -> None:
    """Refuse, at once, a hook a worker process could not receive (a lambda, a nested function)."""
    try:
        pickle.dumps(hook)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise TypeError(f"postprocess must be a module-level function (it is pickled into the workers): {exc}") from exc


class QueueFull(Exception):
    """submit() found queue_limit jobs already waiting."""


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _death(process: BaseProcess) -> str:
    process.join(timeout=5)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory? the system's OOM killer sends SIGKILL)" if -code == signal.SIGKILL else ""
        return f"the worker process died on {name}{hint}"
    return f"the worker process exited with status {code}"


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: multiprocessing.context.BaseContext, limits: Limits, postprocess: Postprocess | None,
                 flatten: bool = False) -> None:
        from docstruct.batch.worker import serve

        self.conn, child = ctx.Pipe(duplex=True)  # type: ignore[attr-defined]
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=serve, args=(child, limits, postprocess, flatten), daemon=True, name="docstruct-worker"
        )
        self.process.start()
        child.close()
        self.ready = False

    def _wait_ready(self) -> bool:
        """Wait for the worker's 'ready' after its warm-up; False when it died or hung instead."""
        try:
            if self.conn.poll(WARM_UP_SECONDS) and self.conn.recv() == READY:
                self.ready = True
        except (EOFError, OSError):
            pass
        return self.ready

    def run(self, job: Job, limits: Limits) -> tuple[Outcome, bool]:
        """The job's outcome and whether this worker may take another job."""
        if not self.ready and not self._wait_ready():
            self.kill()
            why = "the worker process did not start: " + _death(self.process)
            return failed_outcome(job, ErrorCode.CRASHED, why, 0.0), False
        start = time.perf_counter()
        try:
            self.conn.send(job)
        except (BrokenPipeError, OSError):
            return failed_outcome(job, ErrorCode.CRASHED, _death(self.process), 0.0), False
        wait = limits.max_seconds + limits.grace_seconds if limits.max_seconds else None
        if not self.conn.poll(wait):
            self.kill()
            seconds = time.perf_counter() - start
            why = f"no result after {seconds:.0f} s (limit {limits.max_seconds:g} s): the worker was stopped"
            return failed_outcome(job, ErrorCode.TIMEOUT, why, seconds), False
        try:
            outcome: Outcome = self.conn.recv()
        except (EOFError, OSError):
            return failed_outcome(job, ErrorCode.CRASHED, _death(self.process), time.perf_counter() - start), False
        return outcome, not outcome.recycle

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        self.kill()


_Item = tuple[Job, "Future[Outcome]"]


class WorkerPool:
    """A pool of isolated worker processes; failures come back as data (Outcome), never as exceptions.

    jobs: worker processes (default: one per core). limits: per-file bounds.
    queue_limit: submit() raises QueueFull when this many jobs are already waiting (None: no limit).
    postprocess: a module-level function (it is pickled into the workers) called on the Record of a
        ``keep_document`` job; its JSON-able result is Outcome.extra.
    flatten: also make each record's store rows in the worker (Outcome.rows; the batch driver).
    max_jobs_per_worker: a worker is replaced after this many jobs, so its memory stays flat
        (None or 0: never).
    """

    def __init__(
        self,
        jobs: int | None = None,
        limits: Limits = Limits(),  # noqa: B008 - frozen, so one shared default is safe
        queue_limit: int | None = None,
        postprocess: Postprocess | None = None,
        flatten: bool = False,
        max_jobs_per_worker: int | None = DEFAULT_MAX_JOBS_PER_WORKER,
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.max_jobs_per_worker = max_jobs_per_worker or None
        self.limits = limits
        self.queue_limit = queue_limit
        if postprocess is not None:
            _check_picklable(postprocess)
        self._postprocess = postprocess
        self._flatten = flatten
        self._ctx = _context()
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._slot, name=f"docstruct-slot-{i}", daemon=True) for i in range(self.jobs)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job) -> Future[Outcome]:
        """Queue one job; its Future always ends with an Outcome."""
        with self._lock:
            if self.queue_limit is not None and self._queue.qsize() >= self.queue_limit:
                raise QueueFull(f"{self._queue.qsize()} jobs already waiting (queue_limit {self.queue_limit})")
            return self._enqueue(job)

    def _enqueue(self, job: Job) -> Future[Outcome]:
        future: Future[Outcome] = Future()
        if self._closed:
            future.set_result(failed_outcome(job, ErrorCode.INTERNAL, "the pool is closed", 0.0))
        else:
            self._queue.put((job, future))
        return future

    def imap_unordered(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Outcomes as they finish, keeping a bounded number of jobs submitted ahead."""
        ahead = self.jobs * READ_AHEAD_PER_WORKER
        pending: set[Future[Outcome]] = set()
        source = iter(jobs)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < ahead:
                job = next(source, None)
                if job is None:
                    exhausted = True
                    break
                with self._lock:
                    pending.add(self._enqueue(job))
            if not pending:
                break
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def _slot(self) -> None:
        worker: _Worker | None = None
        served = 0
        while True:
            item = self._queue.get()
            if item is None:
                break
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if worker is None or not worker.alive():
                    worker, served = _Worker(self._ctx, self.limits, self._postprocess, self._flatten), 0
                outcome, healthy = worker.run(job, self.limits)
                served += 1
            except Exception as exc:  # a bug or a failed start: still an Outcome, and a fresh worker
                why = f"worker: {exc.__class__.__name__}: {exc}"
                outcome, healthy = failed_outcome(job, ErrorCode.INTERNAL, why, 0.0), False
            if not healthy and worker is not None:
                worker.kill()
                worker = None
            future.set_result(outcome)
            if worker is not None and self.max_jobs_per_worker and served >= self.max_jobs_per_worker:
                worker.stop()  # its memory back to the system; the next job starts a fresh one
                worker = None
        if worker is not None:
            worker.stop()

    def close(self) -> None:
        """Finish the running jobs, fail the waiting ones (``internal``: pool closed), stop the workers."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None and item[1].set_running_or_notify_cancel():
                why = "the pool was closed before this job ran"
                item[1].set_result(failed_outcome(item[0], ErrorCode.INTERNAL, why, 0.0))
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()
