"""Normalise a reader's blocks in one call: every line and grid cell together.

HTML, DOCX and PDF readers build Blocks with the text as the format gave it;
this turns them into normalised Blocks with one ``normalize_text`` call per
document (one OpenCC pass and one traditional/simplified decision for the
whole report, and far faster than a call per cell).  Each line keeps the map
from its clean text back to its raw text.
"""

from __future__ import annotations

from collections.abc import Sequence

from docstruct.extract.model import Block, Grid, Line
from docstruct.extract.readers.text import relative_origin
from docstruct.normalize import Step, normalize_text


def _texts(blocks: Sequence[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if block.line is not None:
            out.append(block.line.text)
        elif block.grid is not None:
            out.extend(cell.text for cell in block.grid.cells)
    return out


def _clean(texts: list[str]) -> tuple[list[str], list[tuple[int, ...]], tuple[Step, ...]]:
    """Clean texts, each one's origin map (relative to its raw text), and the steps."""
    # a '\n' inside one text would shift every later text: join on '\n' only
    # what holds none (cells with line breaks are flattened to spaces first)
    flat = [t.replace("\r", " ").replace("\n", " ") for t in texts]
    normalized = normalize_text("\n".join(flat))
    clean = normalized.text.split("\n")
    if len(clean) != len(flat):  # normalize_text keeps every '\n' (its contract); stay correct anyway
        singles = [normalize_text(t) for t in flat]
        return [s.text for s in singles], [s.origin for s in singles], tuple(x for s in singles for x in s.steps)
    origins: list[tuple[int, ...]] = []
    raw_start = clean_start = 0
    for raw, text in zip(flat, clean, strict=True):
        origins.append(relative_origin(normalized, clean_start, clean_start + len(text), raw_start))
        raw_start += len(raw) + 1
        clean_start += len(text) + 1
    return clean, origins, normalized.steps


def normalize_blocks(blocks: Sequence[Block]) -> tuple[tuple[Block, ...], tuple[Step, ...]]:
    """The same blocks with normalised text, and the steps the normaliser applied."""
    clean, origins, steps = _clean(_texts(blocks))
    out: list[Block] = []
    k = 0
    for block in blocks:
        if block.line is not None:
            out.append(Block(line=Line(clean[k].strip(), block.line.source, _trimmed(clean[k], origins[k]))))
            k += 1
        elif block.grid is not None:
            n = len(block.grid.cells)
            cells = tuple(c.with_text(clean[k + i].strip()) for i, c in enumerate(block.grid.cells))
            out.append(Block(grid=Grid(cells, block.grid.source, block.grid.found_by)))
            k += n
    return tuple(out), steps


def _trimmed(text: str, origin: tuple[int, ...]) -> tuple[int, ...]:
    """The origin map of ``text.strip()``."""
    lead = len(text) - len(text.lstrip())
    return origin[lead : lead + len(text.strip())]
