"""``docstruct batch``: documents -> worker engine -> the store, with progress and a summary.

The driver (this process) is the store's only writer.  It names each file by
the sha256 of its bytes: bytes already stored are skipped (unless forced),
the same bytes under a second name add a path, not a document.  Each
outcome is written in its own transaction as soon as it arrives.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docstruct.batch.discover import HEAD_BYTES, find_documents
from docstruct.batch.jobs import Job, Limits, Outcome
from docstruct.batch.run import run_jobs
from docstruct.batch.store import Store, StoredDocument

# exit statuses of `docstruct batch` (README): 2 is argparse's usage error
EXIT_OK = 0
EXIT_PARTIAL = 4   # some documents partial, none failed
EXIT_FAILED = 5    # some documents failed
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch. jobs: workers (None: one per core); engine: 'local' or 'ray'.

    force: redo documents already stored; retry_failed: redo only the stored failures.
    """

    out: Path
    jobs: int | None = None
    limits: Limits = Limits()  # noqa: RUF009 - frozen
    force: bool = False
    retry_failed: bool = False
    engine: str = "local"
    address: str | None = None


@dataclass(frozen=True)
class Done:
    """One input file settled: extracted now, already stored, or the same bytes as another file."""

    path: str
    sha256: str | None
    status: str                 # ok | partial | failed
    how: str                    # extracted | stored | duplicate
    seconds: float = 0.0
    error_code: str | None = None
    error: str | None = None
    checks_failed: int = 0
    record: dict[str, Any] | None = None
    peak_rss_kb: int | None = None      # the worker's resident-set high-water mark after this file
    text: str | None = None             # the record as one line of JSON (extract --compact)


@dataclass
class Tally:
    """Everything the summary reports, gathered as files settle."""

    total: int
    started: float = field(default_factory=time.perf_counter)
    done: list[Done] = field(default_factory=list)
    cross: list[str] = field(default_factory=list)   # the cross-report checks' summary (batch/cross_report.py)

    def count(self, status: str, how: str | None = None) -> int:
        return sum(1 for d in self.done if d.status == status and (how is None or d.how == how))

    def exit_status(self) -> int:
        if any(d.status == "failed" for d in self.done):
            return EXIT_FAILED
        return EXIT_PARTIAL if any(d.status == "partial" for d in self.done) else EXIT_OK


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

    def __init__(self, files: list[Path], options: BatchOptions, on_done: Callable[[Done], None]) -> None:
        self.files = files
        self.options = options
        self.on_done = on_done
        self.store = Store(options.out)
        self.known = self.store.statuses()
        self.pending: dict[str, list[str]] = {}
        self.written: set[str] = set()
        self.sizes: dict[str, int] = {}
        self.tally = Tally(total=len(files))

    def _settle(self, done: Done) -> None:
        self.tally.done.append(done)
        self.on_done(done)

    def _redo(self, sha: str) -> bool:
        status = self.known.get(sha)
        if status is None:
            return True
        return self.options.force or (self.options.retry_failed and status == "failed")

    def jobs(self) -> Iterator[Job]:
        """A job per distinct, not yet stored content; other files settle at once."""
        for file in self.files:
            path = str(file)
            try:
                sha, size = identify(file)
            except OSError as exc:
                self._settle(Done(path, None, "failed", "extracted", error_code="unreadable",
                                  error=f"cannot read: {exc.strerror or exc}"))
                continue
            if sha in self.pending:
                self.pending[sha].append(path)  # settled when its bytes are written
                continue
            if sha in self.written:
                self.store.add_paths(sha, [path])
                code, error, _checks = self.store.outline(sha)
                self._settle(Done(path, sha, self.known[sha], "duplicate", 0.0, code, error))
                continue
            if not self._redo(sha):
                self.store.add_paths(sha, [path])
                code, error, checks = self.store.outline(sha)
                self._settle(Done(path, sha, self.known[sha], "stored", 0.0, code, error, checks))
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
        self.store.write(
            StoredDocument(sha, outcome.path, tuple(paths), fmt, self.sizes.get(sha), outcome.status,
                           outcome.error_code, outcome.error, outcome.seconds, record),
            outcome.rows,
            replace=sha in self.known,
        )
        self.known[sha] = outcome.status
        self.written.add(sha)
        self._settle(Done(outcome.path, sha, outcome.status, "extracted", outcome.seconds, outcome.error_code,
                          outcome.error, _failed_checks(record), record, outcome.peak_rss_kb,
                          outcome.rows["text"] if outcome.rows else None))
        for other in paths[1:]:
            self._settle(Done(other, sha, outcome.status, "duplicate", 0.0, outcome.error_code, outcome.error))

    def run(self) -> Tally:
        """Extract what is not stored yet; every outcome is stored as it arrives."""
        opts = self.options
        try:
            for outcome in run_jobs(self.jobs(), opts.jobs, opts.limits, opts.engine, opts.address, flatten=True):
                self.write(outcome)
            from docstruct.batch.cross_report import refresh_and_summarise  # it imports report.py, which imports us

            self.tally.cross = refresh_and_summarise(self.store.conn)
        finally:
            self.store.close()
        return self.tally


def _sniffed(path: str) -> str | None:
    from docstruct.extract.pipeline import sniff_format

    try:
        with open(path, "rb") as f:
            return sniff_format(f.read(HEAD_BYTES), path)
    except OSError:
        return None


def collect(paths: Iterable[str], out: Path) -> list[Path]:
    """Every document under the paths, leaving out the output folder."""
    return list(find_documents(paths, skip=out))
