"""Postprocess hooks that misbehave on purpose, for tests/test_pool.py (run inside pool workers)."""

from __future__ import annotations

import ctypes
import os
import signal
import time
from typing import Any


def cells(record: Any) -> dict[str, Any]:
    """A well-behaved hook: how many tables the record has."""
    return {"tables": len(record.to_json()["tables"])}


def exit_now(record: Any) -> dict[str, Any]:
    """The interpreter ends abruptly (like a fatal error in C code)."""
    os._exit(7)


def segfault(record: Any) -> dict[str, Any]:
    """A segmentation fault."""
    ctypes.string_at(0)
    return {}


def stuck_in_c(record: Any) -> dict[str, Any]:
    """Deaf to the worker's alarm, as a parser looping in C code is."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(60)
    return {}


def sleepy(record: Any) -> dict[str, Any]:
    """Slow in Python code: the worker's own alarm stops it."""
    time.sleep(60)
    return {}


def hog(record: Any) -> dict[str, Any]:
    """Asks for far more memory than the limit."""
    block = bytearray(8 * 1024**3)
    return {"n": len(block)}


def raises(record: Any) -> dict[str, Any]:
    """A hook with a bug."""
    raise ValueError("hook bug")


def pid(record: Any) -> dict[str, Any]:
    """Which worker process ran the job."""
    return {"pid": os.getpid()}
