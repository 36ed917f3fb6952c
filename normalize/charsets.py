"""Character classes and the "does this look like Chinese text" scores.

Two decisions need a measure of plausibility: which codec to trust when
chardet is unsure (decode.py), and whether a line is mojibake (mojibake.py).
Both use the share of *common* characters: real text, simplified or
traditional, is made almost entirely of them (99.9% in the seed and in every
file of shared/real), while text decoded with the wrong codec is made of
characters drawn evenly from a code table, most of them rare (about 28% common
for UTF-8 read as GBK in the same files).
"""

from __future__ import annotations

import re
from functools import cache

# Unified ideographs (BMP blocks: Extension A, the URO, compatibility
# ideographs) plus the supplementary planes where Extensions B-H live.
CJK_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Radicals look like ideographs in text layers, so an annotation after one is
# still an annotation of a character.
CJK_RADICALS = "\u2e80-\u2fdf"
CJK_RE = re.compile(f"[{CJK_IDEOGRAPHS}]")
# everything but the ideographs: deleting it leaves them, in order, in one C pass
_NOT_CJK_RE = re.compile(f"[^{CJK_IDEOGRAPHS}]+")

# What plausible text is made of, besides common ideographs: ASCII printable
# and whitespace, CJK punctuation, full-width forms, general punctuation
# (quotes, dashes, ellipsis) and the Latin-1 symbols Chinese reports use
# (· × ° ± §).  Latin-1 *letters* are deliberately absent: GBK read as cp1252
# is made of them, and counting them would make that misreading look clean.
_PLAIN = (
    "\t\n\r\f\x20-\x7e"  # ASCII
    "\u00a0\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7"  # NBSP § ° ± · × ÷
    "\u2010-\u2027\u2030-\u205e"  # general punctuation
    "\u3000-\u303f\uff00-\uffef"  # CJK punctuation, full-width forms
)
_PLAIN_RE = re.compile(f"[{_PLAIN}]+")

# Rows of the two national standards' most-used level: GB 2312 level 1
# (3755 characters, rows 0xB0-0xD7) and Big5 常用字 (5401 characters,
# 0xA440-0xC67E).  Together they cover simplified and traditional text.
_GB2312_LEVEL1_ROWS = range(0xB0, 0xD8)
_BIG5_COMMON_ROWS = range(0xA4, 0xC7)
_BIG5_COMMON_LAST = 0xC67E


def _decode_pairs(codec: str, pairs: list[bytes]) -> set[str]:
    """Decode each two-byte code, skipping the unassigned ones."""
    chars: set[str] = set()
    for pair in pairs:
        try:
            chars.add(pair.decode(codec))
        except UnicodeDecodeError:
            continue
    return chars


@cache
def common_chars() -> frozenset[str]:
    """The common hanzi of GB 2312 level 1 and Big5 常用字 (built once, ~5 ms)."""
    gb = [bytes((hi, lo)) for hi in _GB2312_LEVEL1_ROWS for lo in range(0xA1, 0xFF)]
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    big5 = [bytes((hi, lo)) for hi in _BIG5_COMMON_ROWS for lo in big5_trails if (hi << 8) | lo <= _BIG5_COMMON_LAST]
    return frozenset(_decode_pairs("gb2312", gb) | _decode_pairs("big5", big5))


@cache
def _common_runs() -> re.Pattern[str]:
    """Runs of common hanzi, to delete with ``sub``.

    A class of BMP characters is a bitmap to sre: deleting with it is ~11x faster than
    ``str.translate`` with a table of them, which looks each character up in a dict
    (0.13 against 0.011 ms per document on the text bench); compiled once, ~8 ms.
    """
    return re.compile("[" + re.escape("".join(sorted(common_chars()))) + "]+")


def _without_common(text: str) -> str:
    """``text`` with the common hanzi deleted."""
    return _common_runs().sub("", text)


def count_common(text: str) -> int:
    """How many characters of ``text`` are common hanzi (runs in C)."""
    return len(text) - len(_without_common(text))


def cjk_common_share(text: str) -> tuple[float, int]:
    """Share of common hanzi among the ideographs and U+FFFD in ``text``.

    Returns ``(share, n)`` where ``n`` is the number of ideographs and
    replacement characters counted; U+FFFD counts as a rare character so a
    lossy repair is not scored as clean.  ``(0.0, 0)`` when there are none.
    """
    # the ideographs in order, as "".join(CJK_RE.findall(text)) gives them, without a string per
    # character (a tenth of the text pipeline: mojibake asks this of every non-ASCII line)
    ideographs = _NOT_CJK_RE.sub("", text)
    n = len(ideographs) + text.count("\ufffd")
    if n == 0:
        return 0.0, 0
    return count_common(ideographs) / n, n


# everything but the ideographs, U+FFFD and newlines (cjk_counts_by_line)
_NOT_CJK_NOR_LOST_RE = re.compile(f"[^{CJK_IDEOGRAPHS}\ufffd\n]+")


def cjk_counts_by_line(text: str) -> list[tuple[int, int]]:
    """For each ``'\n'``-separated line, ``(n, common)`` as ``cjk_common_share`` counts them.

    ``n`` is the ideographs plus U+FFFD, ``common`` the common hanzi among them; both
    come from two C passes over the whole text instead of two per line.
    """
    kept = _NOT_CJK_NOR_LOST_RE.sub("", text)  # the ideographs and U+FFFD, line by line
    rare = _without_common(kept)
    return [(n, n - r) for n, r in zip(map(len, kept.split("\n")), map(len, rare.split("\n")), strict=True)]


def plausible_share(text: str) -> float:
    """Share of ``text`` made of ASCII, CJK punctuation and common hanzi."""
    if not text:
        return 0.0
    rest = _without_common(_PLAIN_RE.sub("", text))
    return 1.0 - len(rest) / len(text)
