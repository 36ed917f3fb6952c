"""Findings of the image fuzz (bench.fuzz --formats png,jpg,tiff; issue 18), minimised under tests/fuzz/."""

from __future__ import annotations

import io

import pytest

from docstruct.extract import extract_bytes
from docstruct.extract.errors import LimitExceeded, TimeLimitExceeded, UnreadableInput
from docstruct.extract.readers.ocr import engine
from docstruct.extract.readers.ocr.images import MAX_PIXELS, image_frames
from tests.conftest import ROOT

FUZZ = ROOT / "tests" / "fuzz"
needs_ocr = pytest.mark.skipif(not engine.available(), reason="the OCR extra (docstruct[ocr]) is not installed")


def test_a_bomb_just_past_the_pixel_bound_is_refused_before_decoding() -> None:
    # Pillow only warns between its bound and twice it; the blank 10,000 x 6,100 PNG was decoded and OCRed
    data = (FUZZ / "png_bomb_61m_pixels.png").read_bytes()
    with pytest.raises(LimitExceeded, match=rf"10000 x 6100 pixels, over the bound of {MAX_PIXELS:,}") as caught:
        next(image_frames(data))
    assert "\n" not in str(caught.value)


def test_a_tiff_whose_second_page_lost_its_width_is_unreadable_not_internal() -> None:
    # Pillow raised TypeError while seeking the second frame (fuzz tiff 6)
    with pytest.raises(UnreadableInput, match="unreadable image: Missing dimensions"):
        list(image_frames((FUZZ / "tiff_no_width.tiff").read_bytes()))


def test_an_unidentified_image_says_the_same_every_run() -> None:
    # the message held '<_io.BytesIO object at 0x7fb4...>', different in every process
    messages = set()
    for _ in range(2):
        with pytest.raises(UnreadableInput) as caught:
            list(image_frames(b"\xff\xd8\xff" + b"not a jpeg" * 10))
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert "0x" not in messages.pop()


@needs_ocr
def test_a_page_far_longer_than_wide_is_not_given_to_the_engine() -> None:
    # the engine shrank the 1 x 9,000 page to nothing: rapidocr's ResizeImgError was 'internal'
    with pytest.raises(UnreadableInput, match=r"OCR found none .* 1 x 9000 pixels, more than 10 times"):
        extract_bytes((FUZZ / "image_1x9000.jpg").read_bytes())


def test_the_shape_bound() -> None:
    assert engine.unreadable_shape(1170, 827) is None  # an A4 page at 100 dpi
    assert engine.unreadable_shape(9000, 1) is not None
    assert engine.unreadable_shape(16, 16) is None


def test_a_timeout_the_engine_wrapped_is_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # rapidocr re-raises anything from onnxruntime as its ONNXRuntimeError, the alarm's TimeLimitExceeded too
    def engine_run(_image: object, return_word_box: bool) -> object:
        try:
            raise TimeLimitExceeded("extraction took longer than the limit of 30 s")
        except TimeLimitExceeded as exc:
            raise RuntimeError("ONNXRuntimeError: Traceback ...") from exc

    monkeypatch.setattr(engine, "_engine", lambda _count: engine_run)
    with pytest.raises(TimeLimitExceeded, match="limit of 30 s"):
        engine.ocr_image(io.BytesIO(), 100.0)


def test_other_engine_errors_still_surface(monkeypatch: pytest.MonkeyPatch) -> None:
    def engine_run(_image: object, return_word_box: bool) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine, "_engine", lambda _count: engine_run)
    with pytest.raises(RuntimeError, match="a bug"):
        engine.ocr_image(io.BytesIO(), 100.0)
