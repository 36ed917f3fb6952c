"""Many files through the one pipeline: the isolated worker pool, the store, the exports, the engines.

``batch(paths)`` (``docstruct.batch.run``) is the Python API; ``WorkerPool`` (``docstruct.batch.pool``)
is the pool the service shares. Nothing heavy is imported here: the pool (multiprocessing,
concurrent.futures, ~25 ms) loads on first use, so ``docstruct extract`` never pays for it.
"""

from typing import Any

from docstruct.batch.jobs import Job, Limits, Outcome
from docstruct.batch.run import Result, batch

__all__ = ["Job", "Limits", "Outcome", "QueueFull", "Result", "WorkerPool", "batch"]

_POOL_NAMES = ("QueueFull", "WorkerPool")


def __getattr__(name: str) -> Any:
    """The pool's names, imported when first asked for (PEP 562)."""
    if name in _POOL_NAMES:
        from docstruct.batch import pool

        return getattr(pool, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
