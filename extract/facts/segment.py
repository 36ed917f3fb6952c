"""Sentences of the narrative: rules for Chinese reports, in stream coordinates.

Real reports end sentences with 。；！？ (NFKC has folded the full-width ；！？
to ;!?), wrap lines inside a sentence (PDF text), and start numbered items
(（一） 1. 一、) on a new line or right after a full stop.  A sentence keeps a
map back to the stream so that every fact gets a cell-like ``source``.

Rules, in order: a blank line, a table row (cells joined by CELL) or a line
that starts a numbered item ends the sentence before it; a short numbered
line without a full stop is a heading and ends itself; any other line break
is a wrap and joins (no space: Chinese text has none between characters).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from docstruct.extract.stream import CELL

TERMINATORS = "。;!?"
# A closing quote or bracket right after a terminator belongs to the sentence it ends.
_SENTENCE = re.compile(r"[^。;!?]*(?:[。;!?]+[”’」』)\]]*|$)")
_ITEM = re.compile(
    r"\s*(?:\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[.、](?!\d))"
)
_RUN = re.compile(r"\S+")
_SPACE = re.compile(r"\s")
# A numbered line this short and without a full stop is a sub-heading ('（一）主动公开').
HEADING_MAX_CHARS = 24
# Hostile or run-on text (a crawled page without full stops): a longer sentence is
# cut after its last comma before this length, so matching stays linear.
SENTENCE_MAX_CHARS = 600


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text (wraps joined, spaces folded) and where each part sits in the stream.

    ``runs`` holds (position in text, stream offset) for each stretch copied
    unchanged; ``period`` numbers the full-stop unit the sentence belongs to,
    so a 其中 scope opened before a ';' still holds after it.
    """

    section: str | None
    text: str
    runs: tuple[tuple[int, int], ...]
    period: int

    def offset(self, pos: int) -> int:
        """The stream offset of text position ``pos``."""
        i = max(bisect_right([r[0] for r in self.runs], pos) - 1, 0)
        start, stream = self.runs[i]
        return stream + pos - start


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class _Para:
    """A paragraph being collected: its text and runs."""

    parts: list[str]
    runs: list[tuple[int, int]]
    size: int = 0

    def add(self, text: str, stream_offset: int, space: bool) -> None:
        # A space only between Latin letters or digits: Chinese puts none between its
        # characters, and a stray one ('新闻 发布会', '70 周年') would split a term.
        if space and self.size and _latin(self.parts[-1][-1]) and _latin(text[0]):
            self.parts.append(" ")
            self.size += 1
        self.runs.append((self.size, stream_offset))
        self.parts.append(text)
        self.size += len(text)


def _line_runs(para: _Para, line: str, offset: int) -> None:
    bare = line.strip()
    if not _SPACE.search(bare):  # most lines: one run, no regex walk
        para.add(bare, offset + len(line) - len(line.lstrip()), space=False)
        return
    for i, m in enumerate(_RUN.finditer(line)):
        para.add(m.group(), offset + m.start(), space=i > 0)


def _paragraphs(text: str, start: int, end: int) -> list[_Para]:
    """The region's paragraphs: lines joined where a sentence wraps."""
    out: list[_Para] = []
    para = _Para([], [])
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line = text[pos:stop]
        bare = line.strip()
        item = _ITEM.match(line) is not None
        if not bare or CELL in line or item:
            if para.size:
                out.append(para)
            para = _Para([], [])
        if bare and CELL not in line:
            _line_runs(para, line, pos)
            if item and len(bare) <= HEADING_MAX_CHARS and bare[-1] not in TERMINATORS:
                out.append(para)
                para = _Para([], [])
        pos = stop + 1
    if para.size:
        out.append(para)
    return out


def _bounded(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """[a, b) cut into pieces of at most SENTENCE_MAX_CHARS, after a comma where there is one."""
    out: list[tuple[int, int]] = []
    while b - a > SENTENCE_MAX_CHARS:
        cut = max(text.rfind(",", a, a + SENTENCE_MAX_CHARS), text.rfind("、", a, a + SENTENCE_MAX_CHARS))
        cut = cut + 1 if cut > a else a + SENTENCE_MAX_CHARS
        out.append((a, cut))
        a = cut
    return [*out, (a, b)]


def _split(para: _Para, section: str | None, period: int) -> tuple[list[Sentence], int]:
    text = "".join(para.parts)
    positions = [pos for pos, _ in para.runs]
    out: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        if not m.group().strip():
            continue
        for a, b in _bounded(text, m.start(), m.end()):
            out.append(Sentence(section, text[a:b], _sub_runs(para.runs, positions, a, b), period))
        if m.group().rstrip("”’」』)]")[-1:] in ("。", "!", "?"):
            period += 1
    return out, period + 1


def _sub_runs(
    runs: list[tuple[int, int]], positions: list[int], a: int, b: int
) -> tuple[tuple[int, int], ...]:
    """The runs of text[a:b], positions relative to a.

    Run positions strictly increase (each run adds text), so the first run is
    found by bisection, not by a walk over the paragraph's runs: r05's whole
    report is one paragraph of ~1,000 runs, and a walk per sentence made this
    the costliest step of facts (0.36 ms a call over r05-r11).
    """
    out: list[tuple[int, int]] = []
    for i in range(max(bisect_right(positions, a) - 1, 0), len(runs)):
        pos, stream = runs[i]
        if pos >= b:
            break
        first = max(pos, a)
        out.append((first - a, stream + first - pos))
    return tuple(out)


def text_to_sentences(text: str, regions: list[tuple[str | None, int, int]]) -> list[Sentence]:
    """Sentences of each (section key, start, end) region of the stream text."""
    out: list[Sentence] = []
    period = 0
    for section, start, end in regions:
        for para in _paragraphs(text, start, end):
            sentences, period = _split(para, section, period)
            out.extend(sentences)
    return out
