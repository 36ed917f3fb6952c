"""Whitespace: one kind of space, no zero-width characters, no runs, no edges.

- Space-like characters become ``' '``: tab, NBSP, U+1680, U+2000-200A (EN
  SPACE in the seed), U+202F, U+205F, U+3000, and the characters
  ``str.splitlines`` would split on other than ``'\\n'`` (``\\r``, ``\\v``,
  ``\\f``, U+001C-001E, U+0085, U+2028, U+2029).  Callers split on ``'\\n'``
  after normalising, and must get the same lines whichever split they use.
  ``'\\r'`` is treated as a space rather than a line break: the caller has
  already turned ``'\\r\\n'`` and lone ``'\\r'`` into ``'\\n'``, and a ``'\\r'``
  that is left is line-end debris, which the edge strip then removes.
- Zero-width characters (U+200B-200D, U+2060, U+FEFF) are removed; a leading
  U+FEFF is reported as ``bom_removed``.  One is kept where it separates a
  combining mark from the character before it, since removing it would
  let the two compose and a second normalisation would change the text.
- Runs of spaces become one space; spaces at the start and end of each line
  go.  ``'\\n'`` is never touched, so the line count is preserved exactly.
"""

from __future__ import annotations

import re
import unicodedata

from docstruct.normalize.model import Edit, Fixed, Step
from docstruct.normalize.origin import delete_spans

_SPACE_LIKE = "\t\x0b\x0c\r\x1c\x1d\x1e\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_LIKE_RE = re.compile(f"[{_SPACE_LIKE}]")
_TO_SPACE = {ord(ch): " " for ch in "\t\x0b\x0c\r\x1c\x1d\x1e\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"}
_TO_SPACE.update({cp: " " for cp in range(0x2000, 0x200B)})
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
# A run of spaces and zero-width characters.
_RUN_RE = re.compile(f"[ {_ZERO_WIDTH}]+")
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
# In a text without zero-width characters, what _run_edits deletes: a run of spaces at
# the start of a line (the lookbehind, after its first space, sees a line start before
# it), a run at the end of one (possessive: a long run is scanned once, not once per end
# it could have), and the spaces after a run's first (two spaces behind).  Every match
# starts with a literal space, so sre skips to the next space in C instead of trying the
# alternatives at every character (10x faster on the text bench than '^ +| ++$|(?<= ) +').
_SPACE_EDITS_RE = re.compile("(?m) (?:(?<=^ ) *+| *+$|(?<=  ) *+)")
# Characters with combining class 0 that canonical composition still joins
# to the character before them (Unicode 14 decompositions, plus the Hangul
# vowel and final jamo, which compose algorithmically).  Together with every
# character of non-zero combining class, these are the characters a removed
# zero-width character must not expose to their left neighbour.
_COMPOSING_STARTERS = frozenset(
    [
        *map(chr, (0x9BE, 0x9D7, 0xB3E, 0xB56, 0xB57, 0xBBE, 0xBD7, 0xCC2, 0xCD5, 0xCD6, 0xD3E, 0xD57, 0xDCF)),
        *map(chr, (0xDDF, 0xFB5, 0xFB7, 0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA, 0x114BD)),
        *map(chr, (0x115AF, 0x11930)),
        *map(chr, range(0x1161, 0x1176)),
        *map(chr, range(0x11A8, 0x11C3)),
    ]
)


def _joins_left(ch: str) -> bool:
    """Would ``ch`` compose or reorder with the character before it under NFKC?"""
    return unicodedata.combining(ch) != 0 or ch in _COMPOSING_STARTERS


def _run_edits(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans to delete from the whitespace run ``text[start:end]``."""
    if start == 0 or text[start - 1] == "\n" or end == len(text) or text[end] == "\n":
        return [(start, end)]
    space = text.find(" ", start, end)
    if space < 0:
        # Only zero-width characters: delete them unless a mark follows.
        return [] if _joins_left(text[end]) else [(start, end)]
    # Keep the run's first space, delete what surrounds it.
    edits = [(start, space)] if space > start else []
    if space + 1 < end:
        edits.append((space + 1, end))
    return edits


def _run_by_run(text: str) -> list[tuple[int, int]]:
    """All spans to delete, in order, one run of spaces and zero-width characters at a time."""
    removed: list[tuple[int, int]] = []
    for match in _RUN_RE.finditer(text):
        removed.extend(_run_edits(text, *match.span()))
    return removed


def _edits(text: str) -> list[tuple[int, int]]:
    """All spans to delete, in order."""
    if _ZERO_WIDTH_RE.search(text):
        return _run_by_run(text)
    # Only spaces: each match is exactly what _run_edits deletes from a run (the whole run
    # at a line's edge, else all but its first space), found in C; the single spaces
    # between words, most runs, are not even matched (tests/test_hot_paths_read.py).
    return [m.span() for m in _SPACE_EDITS_RE.finditer(text)]


def fix_whitespace(text: str) -> Fixed:
    """Unify spaces, drop zero-width chars, collapse runs, strip line edges (see ``tidy_whitespace``)."""
    return tidy_whitespace(text).to_fixed()


def tidy_whitespace(text: str) -> Edit:
    """Unify spaces, drop zero-width chars, collapse runs, strip line edges.

    Steps: ``bom_removed`` (a leading U+FEFF), ``zero_width_removed`` (zero-width
    characters deleted), ``whitespace_collapsed`` (space-like characters
    unified plus spaces deleted; a tab that is unified and then deleted
    counts twice).
    """
    unified = len(_SPACE_LIKE_RE.findall(text))
    if unified:
        text = text.translate(_TO_SPACE)
    removed = _edits(text)
    spaces = sum(text.count(" ", start, end) for start, end in removed)
    zero_width = sum(end - start for start, end in removed) - spaces
    steps: list[Step] = []
    if text.startswith("\ufeff"):
        steps.append(Step("bom_removed", 1, "U+FEFF at the start of the text"))
        zero_width -= 1
    if zero_width:
        steps.append(Step("zero_width_removed", zero_width))
    if unified or spaces:
        steps.append(Step("whitespace_collapsed", unified + spaces))
    if not removed:
        return Edit(text, None, tuple(steps))
    out, origin = delete_spans(text, removed)
    return Edit(out, origin, tuple(steps), deletes_only=True)
