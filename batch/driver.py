"""``docstruct batch``: documents -> worker engine -> the store, with progress and a summary.

The driver (this process) is the store's only writer.  It names each file by
the sha256 of its bytes: bytes already stored are skipped (unless forced),
the same bytes under a second name add a path, not a document.  Each
outcome is written in its own transaction as soon as it arrives.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docstruct.batch.discover import find_documents
from docstruct.batch.jobs import (
    DEFAULT_MAX_JOBS_PER_WORKER,
    DUPLICATE,
    EXTRACTED,
    STORED,
    ErrorCode,
    Job,
    Limits,
    Outcome,
    Status,
)
from docstruct.batch.run import run_jobs
from docstruct.batch.store import Store

# exit statuses of `docstruct batch` (README): 2 is argparse's usage error
EXIT_OK = 0
EXIT_PARTIAL = 4   # some documents partial, none failed
EXIT_FAILED = 5    # some documents failed
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch. jobs: workers (None: one per core); engine: 'local' or 'ray'.

    force: redo documents already stored; retry_failed: redo only the stored failures;
    keep_stale: keep documents another parser version made (by default they are re-extracted).
    max_jobs_per_worker: each worker process is replaced after this many files (memory stays flat).
    """

    out: Path
    jobs: int | None = None
    limits: Limits = Limits()  # noqa: RUF009 - frozen
    force: bool = False
    retry_failed: bool = False
    engine: str = "local"
    address: str | None = None
    keep_stale: bool = False
    max_jobs_per_worker: int | None = DEFAULT_MAX_JOBS_PER_WORKER


@dataclass
class Tally:
    """Everything the summary reports, gathered as files settle."""

    total: int
    started: float = field(default_factory=time.perf_counter)
    done: list[Outcome] = field(default_factory=list)
    cross: list[str] = field(default_factory=list)   # the cross-report checks' summary (batch/cross_report.py)

    def count(self, status: Status, how: str | None = None) -> int:
        return sum(1 for d in self.done if d.status == status and (how is None or d.how == how))

    def exit_status(self) -> int:
        if any(d.status == Status.FAILED for d in self.done):
            return EXIT_FAILED
        return EXIT_PARTIAL if any(d.status == Status.PARTIAL for d in self.done) else EXIT_OK


def identify(path: Path) -> tuple[str, int]:
    """The sha256 and size of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _failed_checks(record: dict[str, Any] | None) -> int:
    return sum(1 for c in (record or {}).get("checks", []) if c.get("ok") is False)


class Driver:
    """One batch run over a list of files into one store."""

    def __init__(self, files: list[Path], options: BatchOptions, on_done: Callable[[Outcome], None]) -> None:
        self.files = files
        self.options = options
        self.on_done = on_done
        self.store = Store(options.out)
        self.known = self.store.statuses()
        self.stale = set() if options.keep_stale else self.store.stale()
        self.pending: dict[str, list[str]] = {}
        self.written: set[str] = set()
        self.sizes: dict[str, int] = {}
        self.tally = Tally(total=len(files))

    def _settle(self, done: Outcome) -> None:
        self.tally.done.append(done)
        self.on_done(done)

    def _redo(self, sha: str) -> bool:
        status = self.known.get(sha)
        if status is None or sha in self.stale:
            return True
        return self.options.force or (self.options.retry_failed and status == Status.FAILED)

    def _known(self, path: str, sha: str, how: str) -> Outcome:
        """A file whose bytes are stored already: what the store says of them."""
        code, error, checks = self.store.outline(sha)
        status = Status(self.known[sha])
        return Outcome(path, path, status, None, ErrorCode(code) if code else None, error, 0.0, sha256=sha, how=how,
                       checks_failed=checks if how == STORED else 0)

    def jobs(self) -> Iterator[Job]:
        """A job per distinct, not yet stored content; other files settle at once."""
        for file in self.files:
            path = str(file)
            try:
                sha, size = identify(file)
            except OSError as exc:
                self._settle(Outcome(path, path, Status.FAILED, None, ErrorCode.UNREADABLE,
                                     f"cannot read: {exc.strerror or exc}", 0.0))
                continue
            if sha in self.pending:
                self.pending[sha].append(path)  # settled when its bytes are written
                continue
            if sha in self.written or not self._redo(sha):
                self.store.add_paths(sha, [path])
                self._settle(self._known(path, sha, DUPLICATE if sha in self.written else STORED))
                continue
            self.pending[sha] = [path]
            self.sizes[sha] = size
            yield Job(key=sha, path=path)

    def write(self, outcome: Outcome) -> None:
        """Store one outcome (one transaction) and settle its file."""
        sha = outcome.key
        paths = self.pending.pop(sha, [outcome.path])
        record = outcome.record
        fmt = (record or {}).get("source", {}).get("format") if record else _sniffed(outcome.path)
        done = replace(outcome, sha256=sha, how=EXTRACTED, checks_failed=_failed_checks(record), paths=tuple(paths),
                       format=fmt, size=self.sizes.get(sha))
        # a document whose rows could not be written comes back stored failed (issue 18)
        done = self.store.write(done, outcome.rows, replace=sha in self.known)
        self.known[sha] = done.status
        self.written.add(sha)
        self._settle(replace(done, refreshed=sha in self.stale))
        for other in paths[1:]:
            self._settle(Outcome(other, other, done.status, None, done.error_code, done.error, 0.0,
                                 sha256=sha, how=DUPLICATE))

    def run(self) -> Tally:
        """Extract what is not stored yet; every outcome is stored as it arrives."""
        opts = self.options
        try:
            for outcome in run_jobs(self.jobs(), opts.jobs, opts.limits, opts.engine, opts.address, flatten=True,
                                    max_jobs_per_worker=opts.max_jobs_per_worker):
                self.write(outcome)
            from docstruct.batch.cross_report import refresh_and_summarise  # it imports report.py, which imports us

            self.tally.cross = refresh_and_summarise(self.store.conn)
        finally:
            self.store.close()
        return self.tally


def _sniffed(path: str) -> str | None:
    from docstruct.extract.formats import SNIFF_BYTES, sniff_format

    try:
        with open(path, "rb") as f:
            return sniff_format(f.read(SNIFF_BYTES), path)
    except OSError:
        return None


def collect(paths: Iterable[str], out: Path, keep_missing: Collection[str] = ()) -> list[Path]:
    """Every document under the paths, leaving out the output folder (``keep_missing``: find_documents)."""
    return list(find_documents(paths, skip=out, keep_missing=keep_missing))
