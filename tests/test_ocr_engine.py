"""OCR with the engine itself (the `ocr` extra): image files and scanned PDFs end to end (issue 13).

tests/fixtures/ocr/ruled_scan.tiff is a samplegen report printed to a 150 dpi
scan (bench/scans.py), turned by 0.8 degrees and saved as a three-page TIFF
with JPEG compression; its truth is ruled.truth.json.  Skipped with the
reason when the extra is not installed (`pip install 'docstruct[ocr]'`; the
Makefile's venv installs it).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import extract_bytes
from docstruct.extract.readers.ocr import engine

pytestmark = pytest.mark.skipif(not engine.available(), reason="the OCR extra is not installed: "
                                "pip install 'docstruct[ocr]'")
FIXTURES = Path(__file__).parent / "fixtures" / "ocr"
TIFF = FIXTURES / "ruled_scan.tiff"


def _truth() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "ruled.truth.json").read_text(encoding="utf-8"))
    return data


def _wrong_cells(record: dict[str, Any], tables: tuple[str, ...] = ()) -> dict[tuple[str, str, str], Any]:
    got = {(t, r, c): cell["value"] for t, rows in record["tables"].items() for r, cols in rows.items()
           for c, cell in cols.items()}
    return {(t, r, c): (v, got.get((t, r, c))) for t, rows in _truth()["tables"].items() for r, cols in rows.items()
            for c, v in cols.items() if got.get((t, r, c)) != v and (not tables or t in tables)}


def _said(record: dict[str, Any], table: str, row: str, col: str) -> bool:
    """A wrong cell the record owns up to: null, a failed check over it, or a warning naming it."""
    cell = record["tables"].get(table, {}).get(row, {}).get(col)
    if cell is None or cell["value"] is None:
        return True
    failed = [c["rule"] for c in record["checks"] if c["ok"] is False]
    if any(rule.startswith(table + ".") and (f"[{row}]" in rule or f"[{col}]" in rule) for rule in failed):
        return True
    page = cell["source"].get("page")
    return any(f"{table}.{row}.{col}" in w or (f"page {page}," in w and f"'{cell['raw']}'" in w)
               for w in record["warnings"])


def _check_scan(record: dict[str, Any], tables: tuple[str, ...] = (), floor: float = 97.0) -> None:
    """Most cells right (the fixture is a poor scan: 150 dpi, JPEG 50, turned) and no wrong number unsaid."""
    wrong = _wrong_cells(record, tables)
    cells = sum(len(cols) for t, rows in _truth()["tables"].items() for cols in rows.values()
                if not tables or t in tables)
    assert 100.0 * (cells - len(wrong)) / cells >= floor, wrong
    unsaid = {k: v for k, v in wrong.items() if not _said(record, *k)}
    assert not unsaid, unsaid


def _frames() -> list[Any]:
    from PIL import Image, ImageSequence

    with Image.open(TIFF) as image:
        return [frame.copy() for frame in ImageSequence.Iterator(image)]


@pytest.fixture(scope="module")
def tiff_record() -> dict[str, Any]:
    return extract_bytes(TIFF.read_bytes(), ReadOptions(path=TIFF.name, max_seconds=900)).to_json()


def test_a_multi_page_tiff_reads_the_cells_and_says_every_doubt(tiff_record: dict[str, Any]) -> None:
    _check_scan(tiff_record)
    truth = _truth()["metadata"]
    assert {k: tiff_record["metadata"][k] for k in ("title", "agency", "year", "template")} == {
        k: truth[k] for k in ("title", "agency", "year", "template")}
    assert tiff_record["source"]["format"] == "pdf" and tiff_record["source"]["pages"] == 3
    steps = {s["name"]: s for s in tiff_record["normalization"]["steps"]}
    assert steps["ocr_image_input"]["count"] == 3
    assert "ocr_pages_levelled" in steps  # the fixture is turned by 0.8 degrees


def test_cells_have_page_box_and_confidence(tiff_record: dict[str, Any]) -> None:
    for rows in tiff_record["tables"].values():
        for cols in rows.values():
            for cell in cols.values():
                source = cell["source"]
                assert source["page"] in (1, 2, 3) and len(source["bbox"]) == 4
                if cell["raw"]:  # an empty cell has no character to score
                    assert 0.0 <= source["confidence"] <= 1.0


def test_a_scanned_pdf_is_read_by_ocr() -> None:
    frames = _frames()
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=150, quality=70)
    record = extract_bytes(out.getvalue(), ReadOptions(path="scan.pdf", max_seconds=900)).to_json()
    _check_scan(record)
    assert sum("no text layer; read by OCR" in w for w in record["warnings"]) == 3
    assert record["source"]["format"] == "pdf"


def test_a_png_page_offline_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    # no network at all: an unroutable proxy and the hubs told to stay offline; the models are the wheel's
    png = tmp_path / "page3.png"
    _frames()[2].save(png, dpi=(150, 150))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "http_proxy": "http://10.255.255.1:9",
           "https_proxy": "http://10.255.255.1:9", "HTTP_PROXY": "http://10.255.255.1:9",
           "HTTPS_PROXY": "http://10.255.255.1:9", "no_proxy": ""}
    command = [sys.executable, "-m", "docstruct.cli", "extract", str(png), "--compact", "--max-seconds", "900"]
    runs = [subprocess.run(command, env=env, capture_output=True, timeout=900, check=False) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr.decode(errors="replace")
    assert runs[0].stdout == runs[1].stdout
    record = json.loads(runs[0].stdout)
    assert record["source"]["format"] == "pdf" and record["source"]["pages"] == 1
    assert any(s["name"] == "ocr_image_input" for s in record["normalization"]["steps"])
    assert any("a PNG page image; read by OCR" in w for w in record["warnings"])


def test_the_debug_view_shows_the_image_pages_levelled() -> None:
    from docstruct.extract.view_data import page_images

    pages = page_images(TIFF.read_bytes())
    assert [p.page for p in pages] == [1, 2, 3]
    assert pages[0].width == pytest.approx(1241 * 72 / 150) and pages[0].height == pytest.approx(1754 * 72 / 150)
    assert all(p.png.startswith(b"\x89PNG") for p in pages)
