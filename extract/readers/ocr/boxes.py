"""What the OCR engine saw on one page image: lines of characters with boxes and confidences.

Plain data, no engine: the reader's layout works from these, and the tests
from JSON fixtures of them captured from the engine (``to_json``/``from_json``),
so the grid rebuild is tested without the model.  Boxes are in image pixels,
(x0, top, x1, bottom), top-left origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class OcrChar:
    """One character (or a run the engine boxed as one word) with its box and confidence."""

    text: str
    box: Box
    score: float
    # what the engine read, when the page image showed another character (reread.py: a '/' read as '1')
    read: str = ""


@dataclass(frozen=True)
class OcrLine:
    """One detected text line: its text, box, confidence and characters."""

    text: str
    box: Box
    score: float
    chars: tuple[OcrChar, ...]


@dataclass(frozen=True)
class OcrPage:
    """One page image as OCR read it; ``dpi`` turns pixels into points (72 a inch)."""

    width: int
    height: int
    dpi: float
    lines: tuple[OcrLine, ...]
    angle: float = 0.0  # degrees the image was turned to level it before OCR (deskew)

    @property
    def scale(self) -> float:
        """Points per pixel."""
        return 72.0 / self.dpi


def _box(values: Any) -> Box:
    x0, top, x1, bottom = (float(v) for v in values)
    return (x0, top, x1, bottom)


def _char_json(char: OcrChar) -> list[Any]:
    out: list[Any] = [char.text, list(char.box), char.score]
    return [*out, char.read] if char.read else out


def _char(values: list[Any]) -> OcrChar:
    read = str(values[3]) if len(values) > 3 else ""
    return OcrChar(str(values[0]), _box(values[1]), float(values[2]), read)


def page_to_json(page: OcrPage) -> dict[str, Any]:
    """The page as JSON (a test fixture, a cache entry)."""
    return {
        "width": page.width, "height": page.height, "dpi": page.dpi, "angle": page.angle,
        "lines": [{"text": line.text, "box": list(line.box), "score": line.score,
                   "chars": [_char_json(c) for c in line.chars]} for line in page.lines],
    }


def page_from_json(data: dict[str, Any]) -> OcrPage:
    """The page back from ``page_to_json``."""
    lines = tuple(
        OcrLine(str(d["text"]), _box(d["box"]), float(d["score"]),
                tuple(_char(c) for c in d["chars"]))
        for d in data["lines"]
    )
    return OcrPage(int(data["width"]), int(data["height"]), float(data["dpi"]), lines, float(data.get("angle", 0.0)))
