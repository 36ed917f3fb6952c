"""Origin maps: for each output character, the input index it came from.

Every fixer returns a map relative to its own input; ``compose_origin`` chains
them so the final text still points into the string the caller passed in (the
pdfplumber TextMap idea).  The helpers build maps from slices so that no step
needs a Python loop over every character.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, starmap


def identity_origin(length: int) -> tuple[int, ...]:
    """The map of a step that changed no length: character i came from i."""
    return tuple(range(length))


def compose_origin(outer: tuple[int, ...], inner: tuple[int, ...]) -> tuple[int, ...]:
    """Chain two maps: ``inner`` points into a text whose map is ``outer``."""
    # map() over a bound __getitem__ runs in C: about 1 ms for 50 000 chars.
    return tuple(map(outer.__getitem__, inner))


def spans_origin(spans: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    """The map of a text made by concatenating input slices ``[start, end)``."""
    # starmap, not a generator: no Python frame per span (one per run of spaces deleted)
    return tuple(chain.from_iterable(starmap(range, spans)))


def kept_spans(length: int, removed: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The complement of sorted, disjoint ``removed`` spans within ``[0, length)``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for start, end in removed:
        if start > pos:
            spans.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        spans.append((pos, length))
    return spans


def delete_spans(text: str, removed: list[tuple[int, int]]) -> tuple[str, tuple[int, ...]]:
    """Remove sorted, disjoint spans from ``text``; return the text and its map."""
    spans = kept_spans(len(text), removed)
    return "".join(map(text.__getitem__, starmap(slice, spans))), spans_origin(spans)
