"""Per-file bounds on time and memory for a whole extraction: the one ``Limits`` type and its defaults.

``Limits`` is what every entry point takes (``docstruct extract``, ``batch``, ``serve``, ``show``,
the worker pool, the service settings); ``ReadOptions.max_seconds`` starts from the same default.
Readers check the deadline in their loops (``check_deadline``, or a ``Deadline`` they hold);
``bounded`` adds a hard wall-clock alarm (main thread only) and an address-space cap so one hostile
file cannot hang or exhaust the machine (brief: 'Bound time and memory per file').  Running out of
time raises ``TimeLimitExceeded`` wherever it happens, so a timeout is never reported as anything else.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import FrameType

from docstruct.extract.errors import MemoryLimitExceeded, TimeLimitExceeded

MIB = 1024 * 1024
# Per-file bounds (brief: 'Bound time and memory per file'); generous for a
# 300-page PDF, far below what a zip bomb or an endless PDF would take.
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 4096
# a worker process is replaced after this many jobs: its memory crept from 91 to 161 MiB over ~470
# service requests (issue 16; bench/memory_service.py shows it flat with the replacement). A fresh worker
# forks from the forkserver, which holds the imports, so the cost is its warm-up, under a second.
DEFAULT_MAX_JOBS_PER_WORKER = 200

# After the limit the alarm fires again this often until the extraction has stopped: a library that
# swallows exceptions (``except Exception`` around a parser) must not turn a one-shot alarm into no
# limit at all (issue 16: an 18 MB markdown ran until the pool's parent killed it at 126 s).
REFIRE_SECONDS = 0.5


@dataclass(frozen=True)
class Limits:
    """Per-file bounds, one type and one set of defaults for every entry point.

    max_seconds: wall-clock limit per file; readers stop at it with TimeLimitExceeded, and the
        pool's parent kills a worker that has not answered a grace period later. 0 = none.
    max_memory_mb: address-space cap of the process that extracts (MiB). 0 = none.
    grace_seconds: how long past max_seconds the pool's parent waits before it kills a silent
        worker (the worker's own alarm answers first unless a parser is stuck in C code).
    """

    max_seconds: float = DEFAULT_SECONDS
    max_memory_mb: int = DEFAULT_MEMORY_MB
    grace_seconds: float = 5.0


@dataclass
class Deadline:
    """A point in time past which a reader stops with TimeLimitExceeded."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def check(self, what: str = "reading") -> None:
        """Raise TimeLimitExceeded once the time is up."""
        if time.monotonic() - self.start > self.seconds:
            raise TimeLimitExceeded(f"{what} took longer than the limit of {self.seconds:g} s")


# the deadline of the extraction running in this thread (set by extract_bytes), for loops deep in a
# reader that are not handed one
_CURRENT: ContextVar[Deadline | None] = ContextVar("docstruct_deadline", default=None)


@contextlib.contextmanager
def deadline_scope(seconds: float | None) -> Iterator[Deadline | None]:
    """Make a deadline of ``seconds`` from now the current one; an earlier one already current stays."""
    outer = _CURRENT.get()
    if not seconds:
        yield outer
        return
    mine = Deadline(seconds)
    if outer is not None and outer.start + outer.seconds <= mine.start + mine.seconds:
        yield outer
        return
    token = _CURRENT.set(mine)
    try:
        yield mine
    finally:
        _CURRENT.reset(token)


def check_deadline(what: str = "reading") -> None:
    """Raise TimeLimitExceeded when the current extraction's deadline has passed (no deadline: nothing)."""
    deadline = _CURRENT.get()
    if deadline is not None:
        deadline.check(what)


def _on_alarm(seconds: float) -> signal.Handlers | object:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"extraction took longer than the limit of {seconds:g} s")

    return handler


@contextlib.contextmanager
def bounded(max_seconds: float | None, max_memory_mb: int | None) -> Iterator[None]:
    """Run the body under a wall-clock alarm and an address-space cap (POSIX).

    The memory cap lowers RLIMIT_AS for the rest of the process (it cannot be
    raised back by an unprivileged process), so use it in a CLI run or a
    worker process, not in a long-lived host application.
    """
    if max_memory_mb:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = max_memory_mb * MIB
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    use_alarm = bool(max_seconds) and threading.current_thread() is threading.main_thread()
    if use_alarm and max_seconds:
        previous = signal.signal(signal.SIGALRM, _on_alarm(max_seconds))  # type: ignore[arg-type]
        signal.setitimer(signal.ITIMER_REAL, max_seconds, REFIRE_SECONDS)
    try:
        with deadline_scope(max_seconds):
            yield
    except MemoryError as exc:
        raise MemoryLimitExceeded(f"extraction needed more memory than the limit of {max_memory_mb} MiB") from exc
    finally:
        if use_alarm:
            _disarm(previous)


def _disarm(previous: signal.Handlers | object) -> None:
    """Stop the alarm and put the previous handler back, even when a re-fire lands meanwhile."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
            return
        except TimeLimitExceeded:
            continue  # the alarm fired once more between the two calls: stop it again
