"""Read plain text (.txt, .md): decode, repair, normalise, keep line provenance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from docstruct.extract.errors import UnreadableInput
from docstruct.extract.model import Document, Line, SourceInfo, line_block, text_line
from docstruct.extract.options import ReadOptions
from docstruct.normalize import Decoded, Normalized, UndecodableError, decode_bytes, normalize_text


def relative_origin(normalized: Normalized, start: int, end: int, base: int) -> tuple[int, ...]:
    """``normalized.origin[start:end]`` less ``base``: one line's map back to its raw text."""
    origin = normalized.origin
    if normalized.increasing and end > start and origin[end - 1] - origin[start] == end - start - 1:
        # one stretch of the original (the line lost at most its indent and its
        # trailing spaces): a range, built in C
        return tuple(range(origin[start] - base, origin[end - 1] - base + 1))
    # map(), not a generator: one Python frame per character was a fifth of read_text
    return tuple(map((-base).__add__, origin[start:end]))


def text_to_lines(original: str, normalized: Normalized) -> tuple[Line, ...]:
    """Split normalised text into lines that map back to the original lines.

    normalize_text keeps every '\\n', so line k of the clean text is line k of
    the original; ``origin`` offsets are made relative to that line's start.
    """
    lines: list[Line] = []
    clean_start = 0
    orig_start = 0
    orig_lines = original.split("\n")
    for number, clean in enumerate(normalized.text.split("\n"), start=1):
        end = clean_start + len(clean)
        rel = relative_origin(normalized, clean_start, end, orig_start)
        orig_len = len(orig_lines[number - 1]) if number - 1 < len(orig_lines) else 0
        lines.append(text_line(clean, number, orig_len, rel))  # Line(clean, Source(line=…, span=…), rel)
        clean_start = end + 1
        orig_start += orig_len + 1
    return tuple(lines)


@dataclass(frozen=True)
class DecodedText:
    """A text file's bytes decoded, line ends unified, and what that says about the source."""

    text: str
    decoded: Decoded
    info: SourceInfo


def decode_text_file(data: bytes, options: ReadOptions) -> DecodedText:
    """Decode a text or markdown file; UnreadableInput when it is binary, empty or only whitespace."""
    try:
        decoded = decode_bytes(data)
    except UndecodableError as exc:
        raise UnreadableInput(str(exc)) from exc
    original = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not original.strip():
        raise UnreadableInput("no text: the file holds only whitespace")
    info = SourceInfo(
        path=options.path,
        sha256=hashlib.sha256(data).hexdigest(),
        format="txt",
        bytes=len(data),
        encoding=decoded.encoding,
    )
    return DecodedText(original, decoded, info)


def read_text(data: bytes, options: ReadOptions) -> Document:
    """Read a text report into a Document of lines with provenance."""
    read = decode_text_file(data, options)
    original, decoded, info = read.text, read.decoded, read.info
    normalized = normalize_text(original)
    lines = text_to_lines(original, normalized)
    steps = decoded.steps + normalized.steps
    return Document(
        blocks=tuple(map(line_block, lines)),  # Block(line=line) each
        info=info,
        steps=steps,
        warnings=decoded.warnings,
    )
