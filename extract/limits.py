"""Per-file bounds on time and memory for a whole extraction.

Readers check ``Deadline`` between pages/elements; ``bounded`` adds a hard
wall-clock alarm (main thread only) and an address-space cap so one hostile
file cannot hang or exhaust the machine (brief: 'Bound time and memory per
file').  Batch workers run each file under ``bounded`` in their own process.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType

from docstruct.extract.errors import LimitExceeded

MIB = 1024 * 1024
# Per-file bounds (brief: 'Bound time and memory per file'); generous for a
# 300-page PDF, far below what a zip bomb or an endless PDF would take.
# The defaults of `docstruct extract`, `batch`, `serve` and `show` (cli.py), batch Limits and ServiceSettings.
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 4096


@dataclass
class Deadline:
    """A point in time past which a reader stops with LimitExceeded."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def check(self, what: str = "reading") -> None:
        """Raise LimitExceeded once the time is up."""
        if time.monotonic() - self.start > self.seconds:
            raise LimitExceeded(f"{what} took longer than the limit of {self.seconds:g} s")


def _on_alarm(seconds: float) -> signal.Handlers | object:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise LimitExceeded(f"extraction took longer than the limit of {seconds:g} s")

    return handler


@contextlib.contextmanager
def bounded(max_seconds: float | None, max_memory_mb: int | None) -> Iterator[None]:
    """Run the body under a wall-clock alarm and an address-space cap (POSIX).

    The memory cap lowers RLIMIT_AS's soft limit only (the hard one stays), and
    the soft limit in force before is put back when the body ends.
    """
    restore: tuple[int, int] | None = None
    if max_memory_mb:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        restore = (soft, hard)
        cap = max_memory_mb * MIB
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    use_alarm = bool(max_seconds) and threading.current_thread() is threading.main_thread()
    if use_alarm and max_seconds:
        previous = signal.signal(signal.SIGALRM, _on_alarm(max_seconds))  # type: ignore[arg-type]
        signal.setitimer(signal.ITIMER_REAL, max_seconds)
    try:
        yield
    except MemoryError as exc:
        raise LimitExceeded(f"extraction needed more memory than the limit of {max_memory_mb} MiB") from exc
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if restore is not None:
            # the cap is the file's, not the process's: a caller (a test run, the service) that goes on after it
            # would otherwise keep it (with the OCR engine's ~1 GB loaded, a 20 MB page then ran out of memory)
            resource.setrlimit(resource.RLIMIT_AS, restore)
