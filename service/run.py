"""``docstruct serve``: the app under uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import os
import shutil
import tempfile

from docstruct.service.settings import ServiceSettings


def run_server(settings: ServiceSettings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted.

    Every temporary file of the process and its workers (uploads, the worker
    pool's forkserver socket, a .doc conversion) goes under one private folder
    (mode 0700) that is removed at exit: nothing is written anywhere else.
    """
    import uvicorn

    from docstruct.service.app import create_app

    private = tempfile.mkdtemp(prefix="docstruct-serve-")
    os.environ["TMPDIR"] = private  # the workers' forkserver is a new process: it reads the environment
    tempfile.tempdir = private
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)
    finally:
        tempfile.tempdir = None
        shutil.rmtree(private, ignore_errors=True)
