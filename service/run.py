"""``docstruct serve``: the app under uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import multiprocessing.util
import os
import shutil
import signal
import tempfile
from types import FrameType

from docstruct.service.settings import ServiceSettings

# multiprocessing removes its own folder (pymp-*, the forkserver's socket) at exit with priority -100;
# the private folder holding it goes after it (a lower priority runs later)
AFTER_MULTIPROCESSING = -101


def _exit_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    # uvicorn re-raises the signal that stopped it once it has shut down; exiting through
    # SystemExit (not the default action, which ends the process at once) lets the cleanup run.
    # A stop asked for is a clean stop: status 0 (issue 16; it was 143).
    raise SystemExit(0)


def run_server(settings: ServiceSettings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted.

    Every temporary file of the process and its workers (uploads, the worker
    pool's forkserver socket, a .doc conversion) goes under one private folder
    (mode 0700) that is removed when the process exits: nothing is written anywhere else.
    """
    import uvicorn

    from docstruct.service.app import create_app

    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    private = tempfile.mkdtemp(prefix="docstruct-serve-")
    # removed at exit, after multiprocessing has removed its pymp-* folder inside it: removed before,
    # every SIGTERM printed multiprocessing's FileNotFoundError traceback (issue 16)
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(private,), kwargs={"ignore_errors": True},
                                  exitpriority=AFTER_MULTIPROCESSING)
    os.environ["TMPDIR"] = private  # the workers' forkserver is a new process: it reads the environment
    tempfile.tempdir = private
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)
    finally:
        tempfile.tempdir = None
        signal.signal(signal.SIGTERM, previous)
