"""Page images: sniffed image files (PNG, JPEG, TIFF with several pages), PDF pages rendered, levelled.

An image file is recognised by its first bytes, never its name.  Every page
image becomes one 8-bit grey numpy array; a scan turned by a degree or two
(real-world-variations.md 'Scans': 'sometimes slightly rotated') is levelled
before OCR, by the angle whose row profile is sharpest, so that text lines
and table rules run along the pixel rows the layout and the rule finder use.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from typing import Any

from docstruct.extract.errors import LimitExceeded, UnreadableInput

# Resolution assumed for an image that states none (a typical scan).
DEFAULT_DPI = 200.0
# PDF pages are rendered at this resolution (issue 13; 150 reads as well in the bench).
RENDER_DPI = 200.0
# Bounds: an image larger than this many pixels (a decompression bomb) is refused; frames after MAX_FRAMES skipped.
MAX_PIXELS = 60_000_000
MAX_FRAMES = 500
# Levelling: angles tried (degrees), and the size the image is shrunk to for the search.
SKEW_LIMIT = 3.0
SKEW_STEP = 0.1
SKEW_WIDTH = 500
# Below this many degrees the page is left as it is (a turn by less moves a 20 cm line by < 0.3 mm).
SKEW_MIN = 0.08
# A page whose thresholded "ink" covers more than this share of it has no clear ink: Otsu's threshold split
# the paper's speckle, not text from paper, and the row profile measures noise.  The densest text page of
# the bench's scans (bench/scans.py, seed 1313) inks 10.4% of the shrunk page; the near-empty last page of
# f010 on grey noisy paper inked 47% and was turned by +1.6 degrees against its true -0.3.  Such a page is
# left as scanned.
MAX_INK_SHARE = 0.25


# A page the engine finds no text on is read again cut to its ink (pages._ocr): ink is darker than this grey
# level (the bench's grey paper is 200-235 with speckle of sigma 12, bench/scans.py), the cut keeps this
# margin (inches), and only when the ink's box is under this share of the page (else the cut changes little).
INK_LEVEL = 128
INK_MARGIN_INCHES = 0.2
MAX_INK_BOX_SHARE = 0.5
# what Pillow's format plugins raise on damaged input: OSError and ValueError, and on a damaged header
# more (fuzz mutants, issue 18): a TIFF whose first IFD lost ImageWidth ('TypeError: Missing
# dimensions', tiff 6), struct and index errors.  MemoryError is left to the memory limit.
_PLUGIN_ERRORS = (OSError, ValueError, SyntaxError, TypeError, KeyError, IndexError, struct.error, EOFError,
                  ZeroDivisionError, OverflowError)
_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")


def _dpi(frame: Any) -> float:
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 1200 else DEFAULT_DPI


def _reason(exc: BaseException) -> str:
    """Pillow's message on one line, without the object reprs that would differ from run to run.

    'cannot identify image file <_io.BytesIO object at 0x7fb4...>' (fuzz mutant jpg 4) made the
    same file's error differ between two runs.
    """
    text = _REPR.sub("", str(exc).splitlines()[0] if str(exc) else "").strip()
    return text or type(exc).__name__


def _bounded_size(frame: Any, index: int) -> None:
    """Refuse a page over MAX_PIXELS before it is decoded.

    Pillow itself refuses only past twice its bound and merely warns below that: a blank
    10,000 x 6,100 PNG (61 M pixels, 90 KB) was decoded and read by OCR until the time limit.
    """
    width, height = frame.size
    if width * height > MAX_PIXELS:
        raise LimitExceeded(f"image page {index + 1} is {width} x {height} pixels, over the bound of "
                            f"{MAX_PIXELS:,} (a decompression bomb or a mis-declared size)")


def image_frames(data: bytes) -> Iterator[tuple[Any, float]]:
    """Every page of an image file as (grey array, dpi); a broken file raises UnreadableInput."""
    import numpy as np
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_FRAMES:
                return
            _bounded_size(frame, index)
            yield np.asarray(frame.convert("L")), _dpi(frame)
    except Image.DecompressionBombError as exc:
        raise LimitExceeded(f"image refused: {_reason(exc)}") from exc
    except _PLUGIN_ERRORS as exc:
        raise UnreadableInput(f"unreadable image: {_reason(exc)}") from exc


def render_page(page: Any, dpi: float = RENDER_DPI) -> Any:
    """A pdfium page rendered to a grey array at dpi (what a scan's page image holds)."""
    import numpy as np

    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    try:
        return np.array(bitmap.to_numpy()).reshape(bitmap.height, bitmap.width, -1)[:, :, 0].copy()
    finally:
        bitmap.close()


def _profile_score(ink: Any, angle: float) -> float:
    import cv2
    import numpy as np

    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(grey: Any) -> float:
    """The angle (degrees, counter-clockwise) that levels the page: the sharpest row profile of the ink.

    0.0 for a page with no clear ink (MAX_INK_SHARE): nothing to level by.
    """
    import cv2
    import numpy as np

    scale = min(1.0, SKEW_WIDTH / grey.shape[1])
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if ink.mean() > MAX_INK_SHARE:
        return 0.0
    steps = round(SKEW_LIMIT / SKEW_STEP)
    angles = [round(i * SKEW_STEP, 3) for i in range(-steps, steps + 1)]
    scores = [_profile_score(ink.astype(np.uint8), a) for a in angles]
    best = max(range(len(angles)), key=lambda i: (scores[i], -abs(angles[i])))
    return angles[best]


def ink_box(grey: Any, dpi: float) -> tuple[int, int, int, int] | None:
    """The box (x0, top, x1, bottom, pixels) of the page's dark ink with a margin, when it is a small part
    of the page (under MAX_INK_BOX_SHARE of its area); None for a blank page or one inked all over."""
    import numpy as np

    ys, xs = np.nonzero(grey < INK_LEVEL)
    if len(ys) == 0:
        return None
    height, width = grey.shape[:2]
    margin = round(INK_MARGIN_INCHES * dpi)
    x0, top = max(0, int(xs.min()) - margin), max(0, int(ys.min()) - margin)
    x1, bottom = min(width, int(xs.max()) + 1 + margin), min(height, int(ys.max()) + 1 + margin)
    if (x1 - x0) * (bottom - top) > MAX_INK_BOX_SHARE * width * height:
        return None
    return x0, top, x1, bottom


def level(grey: Any) -> tuple[Any, float]:
    """The page turned level (white where the turn uncovers paper) and the angle it was turned by."""
    import cv2

    angle = skew_angle(grey)
    if abs(angle) < SKEW_MIN:
        return grey, 0.0
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    flags = cv2.INTER_LINEAR
    return cv2.warpAffine(grey, matrix, (width, height), flags=flags, borderValue=255), angle


def view_png(grey: Any, width: float, height: float, scale: float) -> bytes:
    """A page image levelled as the reader levelled it, at scale pixels per point, as PNG (the debug view).

    The OCR boxes are in the levelled page's points; a view of the page as
    scanned would show them off by up to the turn (a 1.5 degree turn moves the
    far end of a table row by 5 mm).
    """
    from PIL import Image

    levelled, _ = level(grey)
    image = Image.fromarray(levelled).resize((max(1, round(width * scale)), max(1, round(height * scale))))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
