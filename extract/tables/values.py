"""Read one cell's text as a value: numbers, blanks, annotations, units."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# real-world-variations.md 'Cell values': blank markers mean "no number" (null),
# never 0; 无 means none, i.e. 0.
NULL_MARKS = frozenset({"", "/", "//", "-", "--", "---", "—", "——", "–", "空", "不适用", "N/A", "n/a", "NA", "/ /"})
ZERO_MARKS = frozenset({"无", "0"})
# No count or amount in these tables has more than 15 integer digits (amounts
# in 元 reach 11: r07 '73802895.90元'); longer digit runs are not one cell.
MAX_INT_DIGITS = 15
_NUM = rf"-?\d{{1,3}}(?:,\d{{3}}){{1,4}}(?:\.\d{{1,6}})?|-?\d{{1,{MAX_INT_DIGITS}}}(?:\.\d{{1,6}})?"
_UNITS = r"(?:万元|元|件|个|项|条|次|人次|家|起)?"
# '251000元', '-185', '24252.311082', '1,234'
PLAIN = re.compile(rf"^({_NUM})\s*{_UNITS}$")
# '22(其中修订16件)', '55(含自然失效29件)': the leading number is the cell
# one bracket group: '2(含…1件) 82(其中…32件)' is two cells collapsed into one
ANNOTATED = re.compile(rf"^({_NUM})\s*{_UNITS}\s*\([^()]*\)$")
# '驳回1' (the seed's table 四): a word, then the number
PREFIXED = re.compile(rf"^[\u4e00-\u9fff]{{1,6}}\s*({_NUM})\s*{_UNITS}$")
DIGITS = re.compile(r"^-?\d+(?:\.\d+)?$")
# A cross-reference, not a value: '见附件3', '详见第2页', '参见附表1' (issue 12 shape 8).
# A word before a number is otherwise a value ('驳回1', PREFIXED).
REFERENCE = re.compile(r"见|附件|附表|第\s*\d+\s*[页章节]|\d\s*页")


@dataclass(frozen=True)
class Parsed:
    """A cell text read as a value; ``ok`` is False when it holds no cell value."""

    value: int | float | None
    ok: bool
    # words holding a digit ('见附件3'): read as null, with a warning
    words: bool = False


# A digit run longer than this is read as infinity, which every plausibility bound
# rejects: int() refuses 4300 digits and float() overflows past 308 (issue 18's fuzzing).
MAX_READ_DIGITS = 300


def to_number(text: str) -> int | float:
    """'1,234' -> 1234, '24252.311082' -> 24252.311082, '-185' -> -185; a run of more than
    MAX_READ_DIGITS integer digits -> ±inf (no report prints one: a misread, null under any bound)."""
    clean = text.replace(",", "")
    whole = clean.split(".", 1)[0].lstrip("-+")
    if len(whole) > MAX_READ_DIGITS:
        return -math.inf if clean.startswith("-") else math.inf
    if "." in clean:
        return float(clean)
    return int(clean)


def parse_cell(text: str) -> Parsed:
    """Read a whole cell; ``ok`` False means it is not a value cell at all."""
    t = text.strip()
    if t in NULL_MARKS:
        return Parsed(None, True)
    if t in ZERO_MARKS:
        return Parsed(0, True)
    if REFERENCE.search(t) and any(map(str.isdigit, t)):
        return Parsed(None, True, words=True)
    for pattern in (PLAIN, ANNOTATED, PREFIXED):
        m = pattern.match(t)
        if m:
            return Parsed(to_number(m.group(1)), True)
    return Parsed(None, False)
