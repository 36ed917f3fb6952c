"""Numbers a converter cut in two inside one table cell, joined where the cut shows in the text itself.

docling writes each inline run of an HTML cell apart, with a space between, and
marks a bold or linked run: Word's '<b>382</b>2' comes out '**382** 2', a
linked run '[2406.9](#) 657', and plain runs '805.  2308' or '13,3 61' (seed
3737 docling_html f003, f014, f018, f008; issue 12 shape 4).  Read as text,
each is two numbers for one column and the row is left out.  A space alone
proves nothing ('4 300' may be two cells), so a cut is joined only where the
text shows it:

- a run wholly bold or linked ends inside a number: the markup closes on a
  digit and the next run opens on one;
- a piece that is no number on its own: '805.' ends on its decimal point,
  '13,3' has a thousands group of fewer than three digits that the next piece
  completes, ',505' opens on a thousands separator ('2 ,505', seed 5252 f003),
  '.59' on a decimal point and '06.320383' on a 0 before a digit (seed 7474
  f021, f006).

The joined number ends where the tail ended, spaces before it in place of the
markup and the gap, so every other offset still indexes the line and a unit
printed after the tail ('4090.30元') stays beside it.  Each join
is reported (reader.py makes it a warning).
"""

from __future__ import annotations

import re

_NUMBER = r"\d[\d,]*(?:\.\d*)?"
# '**382** 2', '__25__ 45', '[2406.9](#) 657': markup closing on a digit, maybe a space, a digit.
_MARKED = re.compile(rf"(?:\*\*|__)({_NUMBER})(?:\*\*|__)[ \t]*(\.?\d+(?:\.\d+)?)(?![\d,])")
# A linked tail may open on the decimal point too: '[322](#) .815314' (seed 1010 docling_html f023); and the
# tail may follow the markup with no space: pandoc writes '[1594.](#)9978' (seed 8585 pandoc_html f003).
_LINKED = re.compile(rf"\[({_NUMBER})\]\([^()\s]*\)[ \t]*(\.?\d+(?:\.\d+)?)(?![\d,])")
# '805.  2308': a number ending on its decimal point; three digits at least before it, as a list's own
# number ('1. 2023年…', a flattened docling page's article in one cell) is one or two.
_OPEN_POINT = re.compile(r"(?<![\d.,])(\d{3,}\.)[ \t]+(\d+)(?![\d.,])")
# '13,3 61': a last thousands group one or two digits short, completed by the next piece.
_SHORT_GROUP = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})*,\d{1,2})[ \t]+(\d{1,2})(?![\d.,])")
# '2 ,505': a piece that opens on a thousands separator.
_COMMA_LED = re.compile(r"(?<![\d.,])(\d{1,3})[ \t]+(,\d{3}(?:,\d{3})*(?:\.\d+)?)(?![\d,])")
# '598 .59': a piece that opens on a decimal point; '16 06.320383': one that opens on a 0 before a digit.
_POINT_LED = re.compile(r"(?<![\d.,])(\d[\d,]*)[ \t]+(\.\d+)(?![\d.,])")
# Three digits at least, or a decimal: '2023 05' may be a date; two-digit tails are left to the tables
# stage, which joins them only where the row sums hold (tables/align.py _cut).
_ZERO_LED = re.compile(r"(?<![\d.,])(\d[\d,]*)[ \t]+(0\d{2,}(?:\.\d+)?|0\d+\.\d+)(?![\d.,])")
# What the join must give: one number as a report prints it.
_WHOLE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MARKUP_OR_GAP = re.compile(r"[*_\]]|\d[.,][ \t]+\d|\d,\d{1,2}[ \t]|\d[ \t]+[,.]\d|\d[ \t]+0\d")


def _join(match: re.Match[str]) -> str | None:
    head, tail = match.group(1), match.group(2)
    joined = head + tail
    if match.re is _SHORT_GROUP and len(head.rsplit(",", 1)[1]) + len(tail) != 3:
        return None
    return joined if _one_number(joined) else None


def _one_number(joined: str) -> bool:
    """Whether pieces joined read as one number as a report prints it; none opens on 0 before a digit
    ('0 05' is two cells or a code, not 005; '0 5' in a span no cut 05)."""
    return _WHOLE.fullmatch(joined) is not None and not (joined[0] == "0" and joined[1:2].isdigit())


def join_cut_numbers(cell: str) -> tuple[str, list[tuple[str, str]]]:
    """``cell`` with each number cut in two as above joined, same width; and (as printed, joined) per join."""
    if not _MARKUP_OR_GAP.search(cell):
        return cell, []  # most cells: no pattern below can match
    joins: list[tuple[str, str]] = []
    for pattern in (_MARKED, _LINKED, _OPEN_POINT, _SHORT_GROUP, _COMMA_LED, _POINT_LED, _ZERO_LED):
        out: list[str] = []
        last = 0
        for m in pattern.finditer(cell):
            joined = _join(m)
            if joined is None:
                continue
            out += [cell[last : m.start()], joined.rjust(m.end() - m.start())]
            joins.append((m.group(), joined))
            last = m.end()
        cell = "".join(out) + cell[last:]
    return cell, joins


# A merged cell's text of two or more pieces of digits parted by spaces alone: '4 486', '1003 3', and
# cut on either side of its decimal point, '4872.6 8' (seed 1010 docling_html f019); the pieces must
# join to one number (_WHOLE: one decimal point at most).
_PIECES = re.compile(r"^\s*(\d[\d.]*(?:[ \t]+\.?\d[\d.]*)+)\s*$")


def join_spanned_pieces(cell: str) -> tuple[str, list[tuple[str, str]]]:
    """A merged cell's text (one cell of the source, written once per column it spans) holding numbers
    parted by spaces: one value, cut by the converter's inline runs ('4 486' -> 4486; seed 5252
    docling_html f002, f023).  Where the span is not sure a space proves nothing (join_cut_numbers)."""
    m = _PIECES.match(cell)
    if m is None:
        return cell, []
    joined = "".join(m.group(1).split())
    if not _one_number(joined):
        return cell, []
    return cell[: m.start(1)] + joined.rjust(m.end(1) - m.start(1)) + cell[m.end(1) :], [(m.group(1), joined)]


# Why a cut was joined, by where it was found (reader.py passes the reason with each join).
IN_TEXT = "markup closing inside a number, or a piece that is no number alone"
IN_SPAN = "a merged cell, written once per column it spans, holds one value"


def cut_warnings(cuts: list[tuple[int, str, str, str]]) -> tuple[str, ...]:
    """One warning per (line, as printed, joined, why), once however many cells of a span repeat it."""
    return tuple(
        f"markdown: line {line} '{shown}' read as one number {whole}: a converter cut it in two ({why})"
        for line, shown, whole, why in dict.fromkeys(cuts)
    )
