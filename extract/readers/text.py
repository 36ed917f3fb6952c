"""Read plain text (.txt, .md): decode, repair, normalise, keep line provenance."""

from __future__ import annotations

import hashlib

from docstruct.extract.errors import UnreadableInput
from docstruct.extract.model import Block, Document, Line, Source, SourceInfo
from docstruct.extract.options import ReadOptions
from docstruct.normalize import Normalized, Step, UndecodableError, decode_bytes, normalize_text


def steps_to_json(steps: tuple[Step, ...]) -> list[dict[str, object]]:
    """Normaliser steps as JSON objects, in the order they were applied."""
    out = []
    for step in steps:
        out.append({"name": step.name, "count": step.count, "detail": step.detail})
    return out


def text_to_lines(original: str, normalized: Normalized) -> tuple[Line, ...]:
    """Split normalised text into lines that map back to the original lines.

    normalize_text keeps every '\\n', so line k of the clean text is line k of
    the original; ``origin`` offsets are made relative to that line's start.
    """
    lines: list[Line] = []
    clean_start = 0
    orig_start = 0
    orig_lines = original.split("\n")
    origin = normalized.origin
    for number, clean in enumerate(normalized.text.split("\n"), start=1):
        end = clean_start + len(clean)
        rel = tuple(o - orig_start for o in origin[clean_start:end])
        orig_len = len(orig_lines[number - 1]) if number - 1 < len(orig_lines) else 0
        lines.append(Line(clean, Source(line=number, span=(0, orig_len)), rel))
        clean_start = end + 1
        orig_start += orig_len + 1
    return tuple(lines)


def read_text(data: bytes, options: ReadOptions) -> Document:
    """Read a text report into a Document of lines with provenance."""
    try:
        decoded = decode_bytes(data)
    except UndecodableError as exc:
        raise UnreadableInput(str(exc)) from exc
    original = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not original.strip():
        raise UnreadableInput("no text: the file holds only whitespace")
    normalized = normalize_text(original)
    lines = text_to_lines(original, normalized)
    info = SourceInfo(
        path=options.path,
        sha256=hashlib.sha256(data).hexdigest(),
        format="txt",
        bytes=len(data),
        encoding=decoded.encoding,
    )
    steps = decoded.steps + normalized.steps
    return Document(
        blocks=tuple(Block(line=line) for line in lines),
        info=info,
        normalization={"steps": steps_to_json(steps)},
        warnings=decoded.warnings,
    )
