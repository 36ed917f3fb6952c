"""Repair text that was decoded with the wrong codec (mojibake), line by line.

Three misreadings are reversed:

- GBK/GB18030 bytes read as latin-1 or cp1252 (``»³»¯ÊÐ``): lossless.
- UTF-8 bytes read as latin-1 or cp1252 (``æ€»ä½“``): lossless.
- UTF-8 bytes read as GBK (``鎬讳綋鎯呭喌``): lossy.  A GBK decoder pairs
  bytes, so wherever a run of three-byte UTF-8 characters has odd length a
  byte is either swallowed into a pair with the next ASCII byte or rejected
  and written as U+FFFD (or ``?``).  The characters those bytes belonged to
  cannot be recovered; each run of lost bytes is shown as one U+FFFD.  On
  shared/real 17% of the non-ASCII characters are lost when the misreading
  was Python's gbk decoder, 7% when it was the gb18030 decoder.

A line is repaired only when the repaired text is made of common hanzi and
the original is not (see charsets.py), so ordinary text, simplified or
traditional, with ASCII, ``·``, ``×`` or ``é`` in it, is left alone.  Working
per line keeps a document where only some lines are mojibake repairable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from docstruct.normalize.charsets import cjk_common_share, cjk_counts_by_line
from docstruct.normalize.model import Step

# A repaired line must be at least this share common hanzi, and the line as
# it stands at most MAX_COMMON_BEFORE: real lines score 0.99+, UTF-8 read as
# GBK 0.28 on average (measured on shared/real, see charsets.py).  Short real
# lines with a rare name character score 0.6-0.7, above the ceiling, so they
# are not even tried; below it the repaired reading must still prove itself.
MIN_COMMON_AFTER = 0.85
MAX_COMMON_BEFORE = 0.5
# A lossy repair may lose at most this share of its characters.  UTF-8 read
# as GBK loses 7-17% on shared/real and up to 35% on a line of the seed (every
# pinyin annotation costs the character before it); real text pushed through
# the same reversal loses at least 75%.  A line in a document whose
# misreading is already proven by other lines may lose more.
MAX_LOST_SHARE = 0.5
MAX_LOST_SHARE_IN_KIND = 0.7
# A line proves a misreading only with this many recovered hanzi.
MIN_HANZI_TO_PROVE = 2

# cp1252 puts printable characters where latin-1 has C1 controls; text read
# as cp1252 contains them, and they stand for these bytes.  The five bytes
# cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) come through as the C1
# control of the same value, which latin-1 already encodes.
_CP1252_TO_BYTE = {
    ord(ch): byte for byte in range(0x80, 0xA0) if (ch := bytes((byte,)).decode("cp1252", errors="ignore"))
}
_CP1252_SPECIALS = "".join(map(chr, _CP1252_TO_BYTE))
_CP1252_UNDO = {k: chr(v) for k, v in _CP1252_TO_BYTE.items()}
_SPECIALS_RE = re.compile(f"[{_CP1252_SPECIALS}]")
_LATIN1_LINE_RE = re.compile(f"[\\x00-\\xff{_CP1252_SPECIALS}]*")
_HIGH_RE = re.compile(f"[\\x80-\\xff{_CP1252_SPECIALS}]")
_LOST = 0xFF  # never produced by gb18030 encoding, never valid in UTF-8
_HOLES_RE = re.compile(rb"\xff+")
_HANZI_RE = re.compile("[\u4e00-\u9fff]")
_QUESTION_RE = re.compile(rb"\?+")
# C0 and C1 controls other than \t \n \v \f \r: a reading that produces
# them is wrong.
_CONTROL_RE = re.compile("[\\x00-\\x08\\x0e-\\x1f\\x7f-\\x9f]")


@dataclass(frozen=True)
class _Repair:
    """One candidate reading of a line: the text, what was misread, chars lost."""

    text: str
    source: str  # the codec the bytes really were in: "utf-8" or "gbk"
    read_as: str  # the codec they were decoded with: "latin-1", "cp1252", "gbk"
    lost: int = 0

    @property
    def kind(self) -> tuple[str, str]:
        """The misreading, with cp1252 and latin-1 counted as one family."""
        return self.source, "gbk" if self.read_as == "gbk" else "latin-1"

    @property
    def detail(self) -> str:
        """The step detail, e.g. ``"utf-8 read as gbk (lossy)"``."""
        lossy = " (lossy)" if self.lost else ""
        return f"{self.source} read as {self.read_as}{lossy}"


def _latin1_bytes(line: str) -> bytes:
    """The bytes a latin-1/cp1252 reading of ``line`` came from."""
    return line.translate(_CP1252_UNDO).encode("latin-1")


def _latin1_candidates(line: str) -> list[_Repair]:
    """Readings of ``line`` as UTF-8 or GBK bytes that were decoded as latin-1/cp1252."""
    if not _HIGH_RE.search(line) or not _LATIN1_LINE_RE.fullmatch(line):
        return []
    data = _latin1_bytes(line)
    read_as = "cp1252" if _SPECIALS_RE.search(line) else "latin-1"
    out = []
    for codec, source in (("utf-8", "utf-8"), ("gb18030", "gbk")):
        try:
            out.append(_Repair(data.decode(codec), source, read_as))
        except UnicodeDecodeError:
            continue
    return out


def _gbk_candidates(line: str) -> list[_Repair]:
    """The reading of ``line`` as UTF-8 bytes that were decoded as GBK."""
    if not _HANZI_RE.search(line):
        return []
    text, lost = _decode_with_holes(_gbk_misread_bytes(line))
    return [_Repair(text, "utf-8", "gbk", lost)]


def _gbk_misread_bytes(line: str) -> bytes:
    """Re-encode a UTF-8-read-as-GBK line, marking lost bytes as 0xFF."""
    # Each U+FFFD the GBK decoder wrote stands for one byte it rejected.
    data = bytearray(line.replace("\ufffd", "\x00").encode("gb18030").replace(b"\x00", b"\xff"))
    # Some tools write '?' instead; a '?' is a lost byte when it sits inside
    # a UTF-8 character (after an unfinished one or before a continuation).
    runs = [m.span() for m in _QUESTION_RE.finditer(data) if _inside_char(data, *m.span())]
    for start, end in runs:
        data[start:end] = bytes([_LOST]) * (end - start)
    return bytes(data)


def _inside_char(data: bytearray, start: int, end: int) -> bool:
    """Does ``data[start:end]`` sit inside a UTF-8 character (lost bytes' place)?"""
    after = data[end] if end < len(data) else 0
    return 0x80 <= after <= 0xBF or _incomplete_tail(bytes(data[max(0, start - 3) : start])) > 0


def _decode_with_holes(data: bytes) -> tuple[str, int]:
    """Decode UTF-8 with lost bytes; each lost character becomes one U+FFFD."""
    parts: list[str] = []
    lost = 0
    pieces = _HOLES_RE.split(data)
    last = len(pieces) - 1
    for k, piece in enumerate(pieces):
        if k > 0:
            # A run of lost bytes is counted as one character: two lost
            # characters side by side cannot be told from one.
            parts.append("\ufffd")
            lost += 1
        text = _strip_holes_edges(piece, k > 0, k < last).decode("utf-8", errors="replace")
        lost += text.count("\ufffd")
        parts.append(text)
    return "".join(parts), lost


def _incomplete_tail(piece: bytes) -> int:
    """How many bytes at the end of ``piece`` start a UTF-8 character they do not finish."""
    for back in range(1, min(3, len(piece)) + 1):
        byte = piece[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return back if back < need else 0
    return 0


def _strip_holes_edges(piece: bytes, after_hole: bool, before_hole: bool) -> bytes:
    """Drop the bytes next to a hole that belong to the lost character."""
    start = 0
    if after_hole:
        while start < min(3, len(piece)) and 0x80 <= piece[start] <= 0xBF:
            start += 1
    end = len(piece) - _incomplete_tail(piece) if before_hole else len(piece)
    return piece[start : max(start, end)]


def _is_clean(repair: _Repair, before: float) -> bool:
    """Is ``repair`` real Chinese where the line (common share ``before``) was not?"""
    if _CONTROL_RE.search(repair.text):
        return False
    share, n = cjk_common_share(repair.text.replace("\ufffd", ""))
    if n < MIN_HANZI_TO_PROVE or share < MIN_COMMON_AFTER or before > MAX_COMMON_BEFORE:
        return False
    return repair.lost <= MAX_LOST_SHARE * (n + repair.lost)


def _is_consistent(repair: _Repair, before: float) -> bool:
    """Is ``repair`` acceptable in a document where its misreading was proven?

    Lines with no hanzi after repair (a lone number with an EN SPACE, a
    date) cannot prove a misreading themselves; they follow their document.
    """
    if _CONTROL_RE.search(repair.text) or before > MAX_COMMON_BEFORE:
        return False
    share, n = cjk_common_share(repair.text.replace("\ufffd", ""))
    if n == 0:
        return True
    return share >= before and repair.lost <= MAX_LOST_SHARE_IN_KIND * (n + repair.lost)


def _candidates(line: str) -> tuple[list[_Repair], float]:
    """Every reading of ``line`` as mojibake, and its common-hanzi share now."""
    if line.isascii():
        return [], 1.0
    share, n = cjk_common_share(line)
    if n and share > MAX_COMMON_BEFORE:
        return [], share
    return _latin1_candidates(line) + _gbk_candidates(line), share


def _suspects(text: str, lines: list[str]) -> list[int]:
    """The lines ``_candidates`` can find a reading for: non-ASCII, at most half common hanzi.

    Counted for all lines in two C passes (charsets.cjk_counts_by_line); the others,
    nearly every line of a real report, get no candidates and need no per-line work.
    The test is ``_candidates``' own, on the same counts.
    """
    counts = cjk_counts_by_line(text)
    return [i for i, (n, common) in enumerate(counts) if not (n and common / n > MAX_COMMON_BEFORE)
            and not lines[i].isascii()]


def _find_repairs(text: str, lines: list[str]) -> dict[int, _Repair]:
    """Choose a repair per line: proven ones first, then their document's kind."""
    return repairs_of(lines, _suspects(text, lines))


def repairs_of(lines: list[str], indexes: Iterable[int]) -> dict[int, _Repair]:
    """The repairs of the lines at ``indexes`` (the suspects; tests ask every line, the long way)."""
    repairs: dict[int, _Repair] = {}
    pending: list[tuple[int, list[_Repair], float]] = []
    for i in indexes:
        candidates, before = _candidates(lines[i])
        clean = next((c for c in candidates if _is_clean(c, before)), None)
        if clean is not None:
            repairs[i] = clean
        elif candidates:
            pending.append((i, candidates, before))
    kinds = {repair.kind for repair in repairs.values()}
    for i, candidates, before in pending:
        for candidate in candidates:
            if candidate.kind in kinds and _is_consistent(candidate, before):
                repairs[i] = candidate
                break
    return repairs


def fix_mojibake(text: str) -> tuple[str, tuple[Step, ...], tuple[str, ...]]:
    """Repair lines decoded with the wrong codec; return text, steps, warnings.

    One ``encoding_repair`` step per misreading, counting the lines repaired
    (detail e.g. ``"gbk read as latin-1"``); a lossy repair also adds a
    warning saying how many characters were lost.
    """
    if text.isascii():
        return text, (), ()
    lines = text.split("\n")
    tally: dict[str, list[int]] = {}  # detail -> [lines, characters lost]
    for i, repair in sorted(_find_repairs(text, lines).items()):
        lines[i] = repair.text
        counts = tally.setdefault(repair.detail, [0, 0])
        counts[0] += 1
        counts[1] += repair.lost
    if not tally:
        return text, (), ()
    steps = tuple(Step("encoding_repair", n, detail) for detail, (n, _) in tally.items())
    warnings = tuple(
        f"encoding repair ({detail}) is lossy: {lost} characters could not be "
        f"recovered and are shown as U+FFFD, in {n} lines"
        for detail, (n, lost) in tally.items()
        if lost
    )
    return "\n".join(lines), steps, warnings
