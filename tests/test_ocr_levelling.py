"""Levelling a scanned page before OCR (readers/ocr/images.py): pages with no clear ink stay as scanned."""

from __future__ import annotations

from typing import Any

import pytest

np = pytest.importorskip("numpy")
cv2 = pytest.importorskip("cv2", reason="OpenCV comes with the OCR extra: pip install 'docstruct[ocr]'")

from docstruct.extract.readers.ocr.images import level, skew_angle  # noqa: E402


def _paper(grey: float, speckle: float, seed: int) -> Any:
    noise = np.random.default_rng(seed).normal(0.0, speckle, (2339, 1655))
    return np.clip(grey + noise, 0, 255).astype(np.uint8)


def _text_rows(page: Any, angle: float) -> Any:
    """Ten dark text-like rows across the page, turned by angle degrees."""
    ink = np.full_like(page, 255)
    for k in range(10):
        top = 300 + 90 * k
        for x in range(200, 1450, 30):
            ink[top:top + 28, x:x + 22] = 0
    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    return np.minimum(page, turned)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_near_empty_page_on_grey_noisy_paper_is_not_turned(seed: int) -> None:
    # bench/scans.py's noisy set: grey paper (200-235) with speckle (SD 12); f010's last page holds a page
    # number only and was turned by +1.6 degrees (Otsu split the speckle and the profile measured noise)
    page = _paper(215.0, 12.0, seed)
    page[2200:2230, 820:840] = 20  # the page number
    assert skew_angle(page) == 0.0
    levelled, angle = level(page)
    assert angle == 0.0 and levelled is page


def test_a_turned_text_page_on_grey_noisy_paper_is_levelled() -> None:
    page = _text_rows(_paper(215.0, 12.0, 5), 1.2)
    assert skew_angle(page) == pytest.approx(-1.2, abs=0.15)
