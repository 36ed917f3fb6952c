"""NFKC plus the CJK radicals supplement table, keeping the origin map.

NFKC is what the record promises (full-width ``（一）`` becomes ``(一)``,
``１２`` becomes ``12``, ``：`` becomes ``:``, Kangxi radicals and
compatibility ideographs become unified ideographs); the radicals supplement
needs the explicit table in radicals.py.

NFKC can change length (``㈠`` -> ``(一)``, ``ﬁ`` -> ``fi``, ``e`` + U+0301 ->
``é``), so the map is built run by run.  ASCII and the unified ideographs
(URO, Extension A) never change under NFKC and never combine with what
follows them, except that an ASCII letter composes with a combining mark
after it.  So only the runs of other characters are normalised, a run that
starts with a combining mark together with the character before it.  Each
output character points at the input character it came from; where
characters compose or reorder, at the first character of the run.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from docstruct.normalize.model import Edit, Fixed, Step
from docstruct.normalize.radicals import RADICALS_SUPPLEMENT

# Runs of characters that might change under NFKC: everything except ASCII
# and the ideograph blocks that have no decompositions.
_UNSTABLE_RUN_RE = re.compile("[^\\x00-\\x7f\\u3400-\\u4dbf\\u4e00-\\u9fff]+")
# Past this many distinct characters to change, one str.translate beats a str.replace each.
MAX_REPLACES = 24
_RADICAL_RE = re.compile("[" + "".join(map(chr, RADICALS_SUPPLEMENT)) + "]")


@lru_cache(maxsize=8192)
def _map_run(segment: str) -> tuple[str, tuple[int, ...], int]:
    """NFKC of one run, each output char's offset in the run, and chars changed."""
    # Cached: a document repeats the same few runs (，：（） and the like).
    whole = unicodedata.normalize("NFKC", segment)
    parts = [unicodedata.normalize("NFKC", ch) for ch in segment]
    if "".join(parts) != whole:
        # Characters interact (composition, reordering): map all to the start.
        return whole, (0,) * len(whole), len(segment)
    offsets: list[int] = []
    for k, part in enumerate(parts):
        offsets.extend([k] * len(part))
    return whole, tuple(offsets), sum(part != ch for part, ch in zip(parts, segment, strict=True))


def _nfkc_with_origin(text: str) -> tuple[str, tuple[int, ...], int]:
    """NFKC of ``text`` with its origin map and the number of chars changed."""
    pieces: list[str] = []
    origin: list[int] = []
    changed = 0
    pos = 0
    for match in _UNSTABLE_RUN_RE.finditer(text):
        start, end = match.span()
        # A leading combining mark composes with the (stable) char before it,
        # unless that is a newline, which must keep its own position.
        if start > pos and unicodedata.combining(text[start]) and text[start - 1] != "\n":
            start -= 1
        out, offsets, run_changed = _map_run(text[start:end])
        if not run_changed:
            continue  # most runs: pinyin tone letters, CJK punctuation
        pieces.append(text[pos:start])
        origin.extend(range(pos, start))
        pieces.append(out)
        origin.extend([start + k for k in offsets])
        changed += run_changed
        pos = end
    pieces.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(pieces), tuple(origin), changed


def _nfkc_char_for_char(text: str) -> tuple[str, int] | None:
    """``_nfkc_with_origin`` where every run maps character for character, else None.

    Chinese reports change under NFKC only by full-width punctuation and digits
    (，：（）１２), one character each, so the map is the identity and the text is a
    few ``str.replace`` calls (C) instead of a Python step per run (a tenth of the text read
    stage).  Each distinct run is put through the same ``_map_run``; one that
    composes, expands, or starts with a combining mark (which the long way joins to
    the character before it) sends the whole text the long way.
    """
    table: dict[str, str] = {}
    for run in set(_UNSTABLE_RUN_RE.findall(text)):
        out, offsets, _ = _map_run(run)
        if unicodedata.combining(run[0]) or offsets != tuple(range(len(run))):
            return None
        table.update((ch, new) for ch, new in zip(run, out, strict=True) if new != ch)
    # Every changed character lies in a run (ASCII and the ideographs never change).  One
    # str.replace per distinct character, not str.translate, which looks every character
    # up in the table (~40 ns each); an NFKC output never changes again, so no
    # replacement feeds the next.
    changed = sum(text.count(ch) for ch in table)
    if len(table) > MAX_REPLACES:  # a text in full-width letters: one pass is cheaper
        return text.translate({ord(ch): new for ch, new in table.items()}), changed
    for ch, new in table.items():
        text = text.replace(ch, new)
    return text, changed


def fold_unicode_forms(text: str) -> Edit:
    """Fold radicals to ideographs and apply NFKC; count each in its step (origin None: identity)."""
    steps: list[Step] = []
    radicals = len(_RADICAL_RE.findall(text))
    if radicals:
        text = text.translate(RADICALS_SUPPLEMENT)
        steps.append(Step("radicals_folded", radicals, "CJK radicals supplement"))
    if unicodedata.is_normalized("NFKC", text):
        return Edit(text, None, tuple(steps))
    fast = _nfkc_char_for_char(text)
    origin: tuple[int, ...] | None = None
    if fast is not None:
        out, changed = fast
    else:
        out, origin, changed = _nfkc_with_origin(text)
    if changed:
        steps.append(Step("nfkc", changed, "full-width and compatibility forms"))
    return Edit(out, origin, tuple(steps))


def fix_unicode_forms(text: str) -> Fixed:
    """Fold radicals to ideographs and apply NFKC; count each in its step."""
    return fold_unicode_forms(text).to_fixed()
