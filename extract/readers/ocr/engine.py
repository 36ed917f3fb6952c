"""The OCR engine: rapidocr (PP-OCR models shipped inside its wheel) on onnxruntime, one per process.

Imported only when a page needs it (a PDF page with no text layer, an image
file): ``pip install 'docstruct[ocr]'``.  Nothing is downloaded: the models
are the wheel's own files (rapidocr's ``default_models.yaml`` points into the
package); ``available()`` says whether the extra is installed.

Threads: one by default, everywhere.  onnxruntime's intra-op pool would
otherwise take every core (a batch of N workers would run N x cores threads)
and the OpenMP pool under it as many; ``set_threads`` (or
DOCSTRUCT_OCR_THREADS) chooses another count for a lone ``docstruct extract``.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from typing import Any

from docstruct.extract.errors import LimitExceeded, MemoryLimitExceeded, UnreadableInput
from docstruct.extract.readers.ocr.boxes import Box, OcrChar, OcrLine, OcrPage

EXTRA = "pip install 'docstruct[ocr]'"
THREADS_ENV = "DOCSTRUCT_OCR_THREADS"
# Lines the engine scores below this are dropped by the engine itself; kept
# low so that a doubtful number reaches the record as a warning, not a hole.
ENGINE_MIN_SCORE = 0.2
# A page image whose long side is more than this many times its short side is not read (unreadable_shape);
# a report page is ~1.4, a phone screenshot ~2.2, a long web capture may reach a few times that.
MAX_ASPECT = 10.0
_THREADS: list[int] = []


def available() -> bool:
    """True when the OCR extra (rapidocr and onnxruntime) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("rapidocr", "onnxruntime"))


def require(what: str) -> None:
    """Raise the clear error naming the extra when it is missing."""
    if not available():
        raise UnreadableInput(f"{what}; needs OCR: {EXTRA}")


def set_threads(count: int) -> None:
    """The engine's thread count for this process (batch workers: 1); before the first page."""
    _THREADS[:] = [max(1, count)]
    os.environ["OMP_NUM_THREADS"] = str(max(1, count))


def threads() -> int:
    """The thread count in force: set_threads, else DOCSTRUCT_OCR_THREADS, else 1."""
    if _THREADS:
        return _THREADS[0]
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "1")))
    except ValueError:
        return 1


@cache
def _engine(count: int) -> Any:
    os.environ.setdefault("OMP_NUM_THREADS", str(count))
    from rapidocr import RapidOCR

    params = {
        "Global.log_level": "error",
        "Global.text_score": ENGINE_MIN_SCORE,
        # no text-direction classifier: it turns a lone '9' upside down and reads '6' (f009 at 200 dpi: two
        # cells of table 三); pages are levelled here, and a report's text is never upside down
        "Global.use_cls": False,
        "EngineConfig.onnxruntime.intra_op_num_threads": count,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return RapidOCR(params=params)


def _bounds(points: Any) -> Box:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _line(box: Any, text: str, score: float, words: Any) -> OcrLine:
    chars = tuple(OcrChar(str(t), _bounds(b), round(float(s), 5)) for t, s, b in (words or ()) if b is not None)
    return OcrLine(str(text), _bounds(box), round(float(score), 5), chars)


# What the engine is asked: part of a cache key (bench/scans.py), so a cached page is never an old setting's.
SETTINGS = "rapidocr 3.10.0, PP-OCR det/rec, no cls, text_score 0.2, word boxes"


def unreadable_shape(height: int, width: int) -> str | None:
    """Why a page image of this size is not given to the engine (None: it is read).

    The engine first shrinks the long side to 2,000 px, then stretches the short side to 736 px: a
    strip far longer than wide vanishes in the first step (a 1 x 9,000 px JPEG, fuzz mutant jpg 8:
    ResizeImgError) or is blown up to tens of millions of pixels in the second.
    """
    if min(height, width) < 1 or max(height, width) > MAX_ASPECT * min(height, width):
        return (f"the page image is {width} x {height} pixels, more than {MAX_ASPECT:g} times longer than wide "
                f"(a report page is about 1.4): not read by OCR")
    return None


def _limit_within(exc: BaseException) -> LimitExceeded | None:
    """A time or memory limit the engine caught and wrapped (rapidocr re-raises any error as its own)."""
    seen: BaseException | None = exc
    for _ in range(8):  # a chain is a few links; never loop on a cycle
        if seen is None:
            return None
        if isinstance(seen, LimitExceeded):
            return seen
        if isinstance(seen, MemoryError):
            return MemoryLimitExceeded("the OCR engine ran out of memory")
        seen = seen.__cause__ or seen.__context__
    return None


def ocr_image(image: Any, dpi: float, angle: float = 0.0) -> OcrPage:
    """The page image (an RGB or grey numpy array, already levelled) as lines and characters."""
    try:
        out = _engine(threads())(image, return_word_box=True)
    except Exception as exc:
        # the alarm's TimeLimitExceeded raised inside the engine comes back as rapidocr's ONNXRuntimeError
        # (fuzz mutant jpg 5, a flipped JPEG at a load of 20: 'internal' instead of 'timeout')
        limit = _limit_within(exc)
        if limit is None:
            raise
        raise limit from exc
    height, width = image.shape[:2]
    if out.boxes is None or out.txts is None:
        return OcrPage(width, height, dpi, (), angle)
    words = out.word_results or [None] * len(out.txts)
    lines = tuple(_line(b, t, s, w) for b, t, s, w in zip(out.boxes, out.txts, out.scores, words, strict=False))
    return OcrPage(width, height, dpi, lines, angle)
