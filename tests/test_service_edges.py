"""Upload names as clients send them (issue 16): each test failed before its fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="fastapi is a dependency of `docstruct serve` (pip install -e .)")
pytest.importorskip("httpx", reason="httpx drives FastAPI's TestClient (dev dependency)")

from fastapi.testclient import TestClient

from docstruct.service.app import create_app
from docstruct.service.settings import ServiceSettings
from docstruct.service.upload import MAX_NAME_CHARS, client_name

ROOT = Path(__file__).resolve().parent.parent
TXT = ROOT / "samples" / "gen03_2019_partially_spaced_error.txt"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(ServiceSettings(workers=1))) as c:
        yield c


def test_a_name_over_255_characters_keeps_its_suffix() -> None:
    name = "某市人民政府2023年政府信息公开工作年度报告" * 20 + ".txt"
    kept = client_name("C:\\uploads\\" + name)
    assert len(kept) == MAX_NAME_CHARS and kept.endswith(".txt") and kept.startswith("某市人民政府")
    assert client_name("short.pdf") == "short.pdf"
    assert client_name("x" * 300 + "." + "y" * 40) == ("x" * 300 + "." + "y" * 40)[:MAX_NAME_CHARS]  # no suffix


def test_a_long_txt_upload_is_read_not_refused(client: TestClient) -> None:
    name = "a" * 300 + ".txt"
    r = client.post("/v1/extract", files={"file": (name, TXT.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["source"]["path"].endswith(".txt") and len(r.json()["source"]["path"]) == MAX_NAME_CHARS
    raw = client.post(f"/v1/extract?filename={'b' * 400}.txt", content=TXT.read_bytes())
    assert raw.status_code == 200, raw.text[:300]
