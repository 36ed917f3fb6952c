"""A live ``docstruct serve``: an upload returns the same record as ``docstruct extract`` (issue 7).

Compared: the whole record except ``diagnostics`` and ``source.path``; the
service's ``source.path`` is the name the client sent (the file's base name),
the command's is the path it was given.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.live_server import ROOT, running_server

httpx = pytest.importorskip("httpx", reason="httpx is a dev dependency (pip install -e .[dev])")
pytest.importorskip("uvicorn", reason="uvicorn is a dependency of `docstruct serve`")

SAMPLES = [
    ROOT / "samples" / "gen15_2021_pdf_ruled.pdf",
    ROOT / "samples" / "gen03_2019_partially_spaced_error.txt",
    ROOT / "samples" / "gen13_2021_docx_tables.docx",
    ROOT / "samples" / "gen11_2021_html_gbk_wrong_meta.html",
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--workers", "2") as base:
        yield base


def _cli_record(path: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "docstruct.cli", "extract", str(path)], capture_output=True,
                          check=True, cwd=ROOT, timeout=300)
    record: dict[str, Any] = json.loads(proc.stdout)
    return record


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k != "diagnostics"}
    out["source"] = {k: v for k, v in record["source"].items() if k != "path"}
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.suffix)
def test_upload_gives_the_record_of_docstruct_extract(server: str, path: Path) -> None:
    served = httpx.post(f"{server}/v1/extract", files={"file": (path.name, path.read_bytes())}, timeout=120).json()
    local = _cli_record(path)
    assert served["source"]["path"] == path.name
    assert _comparable(served) == _comparable(local)


def test_curl_upload(server: str) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed (the httpx test above covers the same request)")
    path = SAMPLES[0]
    proc = subprocess.run([curl, "-sS", "-F", f"file=@{path}", f"{server}/v1/extract"], capture_output=True,
                          check=True, timeout=120)
    assert _comparable(json.loads(proc.stdout)) == _comparable(_cli_record(path))


def test_private_folder_is_0700_and_gone_after_the_server_stops() -> None:
    """Uploads (and the pool's own temporary files) live in one private folder, removed at exit."""
    import os
    import stat
    import tempfile

    root = Path(tempfile.gettempdir())
    before = set(root.glob("docstruct-serve-*"))
    with running_server("--workers", "1") as base:
        path = SAMPLES[1]
        r = httpx.post(f"{base}/v1/extract", files={"file": (path.name, path.read_bytes())}, timeout=120)
        assert r.status_code == 200
        mine = set(root.glob("docstruct-serve-*")) - before
        assert len(mine) == 1, mine
        folder = mine.pop()
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        uploads = list(folder.glob("docstruct-uploads-*"))
        assert len(uploads) == 1 and list(uploads[0].iterdir()) == []  # the request's folder is gone
    assert not folder.exists()
