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
import sys
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import FrameType, TracebackType
from typing import Any

from docstruct.extract.errors import MemoryLimitExceeded, TimeLimitExceeded

MIB = 1024 * 1024
# Per-file bounds (brief: 'Bound time and memory per file'); generous for a
# 300-page PDF, far below what a zip bomb or an endless PDF would take.
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 4096
# past the limit, the alarm fires again this often until the extraction has stopped (_Alarm)
REFIRE_SECONDS = 0.5
# a worker process is replaced after this many jobs: its memory crept from 91 to 161 MiB over ~470
# service requests (issue 16; bench/memory_service.py shows it flat with the replacement). A fresh worker
# forks from the forkserver, which holds the imports, so the cost is its warm-up, under a second.
DEFAULT_MAX_JOBS_PER_WORKER = 200



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


class _Alarm:
    """The SIGALRM handler of one ``bounded`` block: raises TimeLimitExceeded inside the block only.

    After the limit it fires every REFIRE_SECONDS until the block is left: an alarm that a library
    swallowed (``except Exception`` around a parser, or one landing in a ``__del__``, whose errors
    Python ignores) is raised again in the next piece of the extraction (issue 16: an 18 MB markdown
    ran on until the pool's parent killed it at 126 s).  Outside the block (the frame that entered it
    is gone from the stack) or in its exit it stops the timer and raises nothing.
    """

    def __init__(self, seconds: float, owner: FrameType | None) -> None:
        self.seconds = seconds
        self.owner = owner
        self.active = True

    def _inside(self, frame: FrameType | None) -> bool:
        while frame is not None:
            if frame.f_code is _EXIT_CODE:
                return False  # already leaving: the exit disarms
            if frame is self.owner:
                return True
            frame = frame.f_back
        return False

    def __call__(self, _signum: int, frame: FrameType | None) -> None:
        if self.active and self._inside(frame):
            raise TimeLimitExceeded(f"extraction took longer than the limit of {self.seconds:g} s")
        self.active = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def _quiet_limits(hook: Any) -> Any:
    """An unraisable hook that drops the alarm's own TimeLimitExceeded and hands everything else to ``hook``.

    An alarm landing in a finaliser (``__del__`` of a pdfium or pdfminer object) cannot propagate, and
    Python prints it to stderr as 'Exception ignored in', with a traceback (bench.fuzz: pdf mutant 4555
    under load).  The alarm fires again in the next piece of the extraction, so that one is no news.
    """

    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, TimeLimitExceeded):
            hook(unraisable)

    return quiet


class bounded:
    """Run the body under a wall-clock alarm and an address-space cap (POSIX), and its deadline.

    The memory cap lowers RLIMIT_AS's soft limit only (the hard one stays), and
    the soft limit in force before is put back when the body ends.  Readers' deadline checks
    and the alarm (``_Alarm``) both stop the body.  A class, not a generator: its exit
    disarms the alarm at once (a generator's cleanup can be left to the garbage
    collector when an exception lands in contextlib's code).
    """

    def __init__(self, max_seconds: float | None, max_memory_mb: int | None) -> None:
        self.max_seconds = max_seconds
        self.max_memory_mb = max_memory_mb
        self.alarm: _Alarm | None = None
        self.previous: Any = None
        self.restore: tuple[int, int] | None = None
        self.unraisable: Any = None
        self.scope: contextlib.AbstractContextManager[Deadline | None] = deadline_scope(max_seconds)

    def __enter__(self) -> None:
        if self.max_memory_mb:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            self.restore = (soft, hard)
            cap = self.max_memory_mb * MIB
            if hard == resource.RLIM_INFINITY or cap < hard:
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        if self.max_seconds and threading.current_thread() is threading.main_thread():
            self.alarm = _Alarm(self.max_seconds, sys._getframe(1))
            self.previous = signal.signal(signal.SIGALRM, self.alarm)
            self.unraisable = sys.unraisablehook
            sys.unraisablehook = _quiet_limits(self.unraisable)
            signal.setitimer(signal.ITIMER_REAL, self.max_seconds, REFIRE_SECONDS)
        self.scope.__enter__()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if self.alarm is not None:
                self.alarm.active = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.previous)
                sys.unraisablehook = self.unraisable
        finally:
            self.scope.__exit__(kind, exc, tb)
            if self.restore is not None:
                # the cap is the file's, not the process's: a caller that goes on after it (a test run, the
                # service) would otherwise keep it (with the OCR engine's ~1 GB loaded, a 20 MB page then ran out)
                resource.setrlimit(resource.RLIMIT_AS, self.restore)
        if isinstance(exc, MemoryError):
            limit = self.max_memory_mb
            raise MemoryLimitExceeded(f"extraction needed more memory than the limit of {limit} MiB") from exc


_EXIT_CODE = bounded.__exit__.__code__
