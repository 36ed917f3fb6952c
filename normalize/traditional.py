"""Convert traditional lines to simplified with OpenCC t2s, and only those.

OpenCC's t2s is not safe on simplified text: it turns ``乾安县`` into
``干安县`` and ``於`` (a surname) into ``于``.  So each line is classified
first, by counting two kinds of characters:

- traditional-only: t2s changes the character, and it is not in GB 2312 (the
  national simplified character set: if GB 2312 has it, simplified text may
  contain it; that rule exempts 乾 於 麽 後 徵 摺 夥 and a few others) nor in
  the explicit allow-list below;
- simplified-only: t2s produces it from some other character, and it is not
  in Big5 (the traditional counterpart of GB 2312).

A line with more traditional-only than simplified-only characters is
converted whole (t2s works on phrases, so it needs the whole line); every
other line is left exactly as it is.  The sets are derived at first use from
the installed OpenCC dictionaries (BMP ideographs, ~15 ms), so they cannot
drift from the converter.  Characters outside the BMP are converted with
their line but do not vote: real reports do not use them.
"""

from __future__ import annotations

import difflib
import operator
import re
from dataclasses import dataclass
from functools import cache

import opencc

from docstruct.normalize.model import Edit, Fixed, Step

# Characters t2s would change that are also ordinary in simplified text, so
# their presence says nothing about a line (besides GB 2312 members):
# 乾 (qián: 乾坤, 乾隆, 乾安县 keep it in simplified), 著 (著名, 著作),
# 瞭 (瞭望), 於 (the surname 於), 麽 (幺麽), 甚 (甚至), 幹 (kept in names
# and quoted titles).  Several are not changed by t2s at all and are listed
# so the rule stays true if a future OpenCC starts changing them.
AMBIGUOUS = frozenset("乾著瞭於麽甚幹")

_TRAD_MARK = "\x01"
_SIMP_MARK = "\x02"
# Ideograph blocks that vote: Extension A, the URO, compatibility ideographs.
_VOTING_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@dataclass(frozen=True)
class _Tables:
    """The converter and a pattern matching each class of characters."""

    converter: opencc.OpenCC
    trad_only: re.Pattern[str]
    simp_only: re.Pattern[str]


def _t2s_pairs(converter: opencc.OpenCC, chars: list[str]) -> list[tuple[str, str]]:
    """(character, conversion) for the characters t2s changes on their own."""
    # One call for all characters, one per line, is ~100x faster than one
    # call each; no phrase spans a newline.
    converted = str(converter.convert("\n".join(chars))).split("\n")
    return [(ch, out) for ch, out in zip(chars, converted, strict=True) if out != ch]


def _encodable(ch: str, codec: str) -> bool:
    """Is ``ch`` in the character set of ``codec``?"""
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@cache
def _tables() -> _Tables:
    """Build the converter and the two character classes once per process."""
    chars = [chr(cp) for start, end in _VOTING_BLOCKS for cp in range(start, end + 1)]
    t2s = opencc.OpenCC("t2s")
    pairs = _t2s_pairs(t2s, chars)
    trad = {ch for ch, _ in pairs if ch not in AMBIGUOUS and not _encodable(ch, "gb2312")}
    # The simplified forms t2s produces, less those Big5 also has (于 干 后
    # 台 are traditional characters too).  Deriving them from t2s rather
    # than from an s2t converter saves loading s2t's dictionaries (~30 ms).
    # Only BMP characters vote: an astral character in a class turns sre's
    # bitmap into a range list and the scan gets 80x slower.
    simp = {out for _, out in pairs if len(out) == 1 and out <= "\uffff" and not _encodable(out, "big5")}
    return _Tables(t2s, _char_class(trad), _char_class(simp))


def _char_class(chars: set[str]) -> re.Pattern[str]:
    """A pattern matching any one of ``chars`` (a bitmap in sre: fast to scan)."""
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


def _count(text: str, pattern: re.Pattern[str]) -> int:
    """How many characters of ``text`` the one-character pattern matches."""
    return len(pattern.findall(text))


def is_traditional(line: str) -> bool:
    """Does ``line`` have more traditional-only than simplified-only characters?"""
    tables = _tables()
    trad = _count(line, tables.trad_only)
    return trad > 0 and trad > _count(line, tables.simp_only)


def _line_flags(text: str) -> list[bool]:
    """is_traditional for every line of ``text``, in two regex passes (C speed)."""
    # Mark each class with a control character, then count per line; marks
    # already in the text are subtracted so they cannot vote.
    tables = _tables()
    marked = tables.simp_only.sub(_SIMP_MARK, tables.trad_only.sub(_TRAD_MARK, text)).split("\n")
    flags = []
    for line, original in zip(marked, text.split("\n"), strict=True):
        trad = line.count(_TRAD_MARK) - original.count(_TRAD_MARK)
        flags.append(trad > 0 and trad > line.count(_SIMP_MARK) - original.count(_SIMP_MARK))
    return flags


def _align(source: str, converted: str, offset: int) -> list[int]:
    """Origin for a line whose conversion changed its length (phrase mapping).

    Equal stretches map one to one; a replaced stretch maps proportionally
    onto the stretch it replaced, so the map stays non-decreasing.
    """
    origin: list[int] = []
    matcher = difflib.SequenceMatcher(None, source, converted, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        width = max(i2 - i1, 1)
        for j in range(j2 - j1):
            origin.append(offset + min(i1 + j * width // (j2 - j1), len(source) - 1))
    return origin


def _convert_runs(lines: list[str], flags: list[bool]) -> dict[int, str]:
    """t2s output for each flagged line, one OpenCC call per run of them."""
    converter = _tables().converter
    out: dict[int, str] = {}
    i = 0
    while i < len(lines):
        if not flags[i]:
            i += 1
            continue
        end = i
        while end < len(lines) and flags[end]:
            end += 1
        converted: list[str] = str(converter.convert("\n".join(lines[i:end]))).split("\n")
        if len(converted) != end - i:  # never seen; convert line by line then
            converted = [str(converter.convert(line)) for line in lines[i:end]]
        out.update(zip(range(i, end), converted, strict=True))
        i = end
    return out


def _convert_lines(lines: list[str], flags: list[bool]) -> tuple[list[str], list[int], int]:
    """Convert the flagged lines; return lines, origin, characters changed."""
    converted = _convert_runs(lines, flags)
    origin: list[int] = []
    changed = 0
    offset = 0
    for i, line in enumerate(lines):
        out = converted.get(i, line)
        if len(out) == len(line):
            origin.extend(range(offset, offset + len(line)))
            if out is not line:
                changed += sum(map(operator.ne, line, out))
        else:
            origin.extend(_align(line, out, offset))
            changed += len(line)
        origin.append(offset + len(line))  # the '\n' after the line
        offset += len(line) + 1
        lines[i] = out
    return lines, origin[:-1], changed


def traditional_to_simplified(text: str) -> Edit:
    """``fix_traditional`` with the identity map left out (None) where no line changed."""
    if _tables().trad_only.search(text) is None:
        return Edit(text, None, ())
    lines = text.split("\n")
    flags = _line_flags(text)
    if not any(flags):
        return Edit(text, None, ())
    converted, origin, changed = _convert_lines(lines, flags)
    new_text = "\n".join(converted)
    if new_text == text:
        return Edit(text, None, ())
    step = Step("traditional_to_simplified", changed, f"{sum(flags)} of {len(lines)} lines converted")
    return Edit(new_text, tuple(origin), (step,))


def fix_traditional(text: str) -> Fixed:
    """Convert the traditional lines of ``text`` to simplified (OpenCC t2s).

    The step counts characters changed; its detail says how many lines were
    converted.  Simplified lines, and lines too mixed to call, stay as they are.
    """
    return traditional_to_simplified(text).to_fixed()
