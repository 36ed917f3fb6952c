"""Dates as reports print them, to ISO 8601: '2024-03-08 15:34', '2024年3月8日', '二〇二四年三月八日'."""

from __future__ import annotations

import re
from datetime import datetime

# The Regulations on Open Government Information took effect in 2008; annual
# reports exist from then on (r19/r20 are 2013).  A year outside is a misread.
FIRST_YEAR = 2007
LAST_YEAR = 2100

# A date with an optional time: the form of head lines and <meta> tags.
DATE = re.compile(
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?"
    r"(?:\s*T?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
# A closing date in Chinese numerals, as signatures print it.
CN_DATE = re.compile(
    r"([〇零○O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,4})\s*日"
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}


def plausible_year(digits: str | int) -> int | None:
    """The year, or None when it cannot be a report's year."""
    year = int(digits)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def to_iso(y: str, mo: str, d: str, hh: str | None = None, mm: str | None = None, ss: str | None = None) -> str | None:
    """'2024-03-08', '2024-03-08T15:34' or, seconds printed, '2024-03-08T15:34:57'; None for no real date."""
    try:
        when = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:  # '2020-13-45 99:99' is no date: say nothing rather than something wrong
        return None
    if plausible_year(when.year) is None:
        return None
    date = when.strftime("%Y-%m-%d")
    # r19/r20: crawled pages print '00:00' when the site kept only the date
    if not hh or (int(hh) == 0 and mm == "00" and int(ss or 0) == 0):
        return date
    # real-world-variations.md: '发布时间：2021-01-04 08:47:57' keeps what is printed, seconds included
    return f"{date}T{int(hh):02d}:{mm}" + (f":{ss}" if ss else "")


def match_to_iso(m: re.Match[str]) -> str | None:
    """ISO form of a DATE match."""
    y, mo, d, hh, mm, ss = m.groups()[-6:]
    return to_iso(y, mo, d, hh, mm, ss)


def _cn_number(text: str) -> int:
    """'十二' -> 12, '二十八' -> 28, '三十一' -> 31, '五' -> 5."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def cn_match_to_iso(m: re.Match[str]) -> str | None:
    """ISO form of a CN_DATE match ('二〇二五年一月十五日' -> '2025-01-15')."""
    year = "".join(str(_CN_DIGITS[c]) for c in m.group(1))
    return to_iso(year, str(_cn_number(m.group(2))), str(_cn_number(m.group(3))))


def text_to_iso(text: str) -> str | None:
    """The first date in a short text (a <meta> value), in ISO form."""
    m = DATE.search(text)
    if m:
        return match_to_iso(m)
    m = CN_DATE.search(text)
    return cn_match_to_iso(m) if m else None
