"""``docstruct serve``: the app under uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import multiprocessing.util
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import webbrowser
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


def browse(settings: ServiceSettings, port: int = 0, open_browser: bool = True) -> int:
    """``docstruct browse OUT``: the store's pages on loopback, opened in the web browser; 2 without a store."""
    from docstruct.batch.store import STORE_NAME

    assert settings.store is not None
    if not (settings.store / STORE_NAME).is_file():
        print(f"docstruct: error: no store in {settings.store}: run `docstruct batch … -o {settings.store}` first",
              file=sys.stderr)
        return 2
    if port == 0:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
    url = f"http://127.0.0.1:{port}/store"
    print(f"docstruct: browsing {settings.store} at {url} (Ctrl-C stops)", file=sys.stderr)
    if open_browser:
        threading.Timer(1.5, webbrowser.open, [url]).start()  # once uvicorn has had time to bind
    run_server(settings, "127.0.0.1", port)
    return 0
