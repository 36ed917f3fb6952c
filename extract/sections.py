"""Find the six numbered sections (一、总体情况 … 六、其他需要报告的事项)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docstruct.extract.model import Section
from docstruct.extract.stream import CELL
from docstruct.extract.templates import load_data, spaced

_NUMERALS = "一二三四五六七八九十"
# A heading's text after its core, before the body starts: '情况', '工作情况',
# '的情况', '及改进情况' (r16: 三、政府信息依申请公开工作情况).
_SUFFIX = r"(?:[^\s。,;:!?\x1f]{0,12}?(?:情况|措施|事项|工作))?"
# Heading words allowed between the numbering and the core ('政府信息' in
# 三、政府信息依申请公开工作情况, '因政府信息公开申请' in r16's 四).
_PREFIX_CHARS = 12


@dataclass(frozen=True)
class Heading:
    """A section heading found in the stream (or, with empty text, a table's own header)."""
    key: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_data("sections")


@lru_cache(maxsize=1)
def _anchors() -> dict[str, re.Pattern[str]]:
    return {s["key"]: re.compile(s["anchor"]) for s in _data()["sections"] if "anchor" in s}


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for sec in _data()["sections"]:
        cores = "|".join(spaced(c) for c in sorted(sec["cores"], key=len, reverse=True))
        words = rf"[^\s。,;:\x1f\n]{{0,{_PREFIX_CHARS}}}?(?:{cores}){_SUFFIX}"
        # the template's own wording ('存在的主要问题及改进情况'), never a short core like '行政复议'
        full = spaced(sec["cores"][0])
        pat = (
            rf"(?<![{_NUMERALS}])[{_NUMERALS}]{{1,2}}\s*[、.．]\s*{words}"
            # Word's auto-numbered headings as converters print them: an arabic number
            # ('4.  政府信息公开行政复议、行政诉讼情况', pandoc and markitdown from DOCX, issue 12),
            # or none where the markdown reader blanked it as a list marker; only as a
            # line of its own, so a numbered narrative item ('1.主动公开方面。全年…') is no heading
            rf"|^[ \t]*(?:[1-9][ \t]*[、.．)）][ \t]*{words}|{full}{_SUFFIX})[ \t]*$"
        )
        out.append((sec["key"], re.compile(pat, re.MULTILINE)))
    return tuple(out)


@dataclass(frozen=True)
class _Split:
    """One section's pattern as its two alternatives, each searchable by a fast prefix scan.

    ``numbered`` is the first alternative with its look-behind moved after the first numeral
    (``[N](?<![N].)[N]?`` matches where ``(?<![N])[N]{1,2}`` does, in the same order), so the
    pattern starts with a character set; ``lined`` is the second, anchored on the newline before
    the line instead of ``^``, so it starts with a literal.  The whole pattern, starting with a
    look-behind or an alternation of them, was tried at every offset of the text.
    """

    key: str
    numbered: re.Pattern[str]
    at_line: re.Pattern[str]  # the second alternative as written, for a line starting at the cursor
    lined: re.Pattern[str]


@lru_cache(maxsize=1)
def _split_patterns() -> tuple[_Split, ...]:
    out = []
    for key, pattern in _patterns():
        numbered, lined = pattern.pattern.split("|^", 1)
        lead = rf"(?<![{_NUMERALS}])[{_NUMERALS}]{{1,2}}"
        assert numbered.startswith(lead)
        first = rf"[{_NUMERALS}](?<![{_NUMERALS}].)[{_NUMERALS}]?" + numbered[len(lead) :]
        at_line, after_newline = re.compile("^" + lined, re.MULTILINE), re.compile("\n" + lined, re.MULTILINE)
        out.append(_Split(key, re.compile(first), at_line, after_newline))
    return tuple(out)


def _first_heading(split: _Split, text: str, cursor: int) -> tuple[int, int] | None:
    """``pattern.search(text, cursor)``'s span: the leftmost of the two alternatives, the first on a tie."""
    m = split.numbered.search(text, cursor)
    found = (m.start(), m.end()) if m is not None else None
    if cursor == 0 or text[cursor - 1] == "\n":
        line = split.at_line.match(text, cursor)
        if line is not None:
            return found if found is not None and found[0] == cursor else (cursor, line.end())
    # the second alternative at a later line start (not bounded by the first one's match: an end
    # position would let '$' match there)
    line = split.lined.search(text, cursor)
    if line is not None and (found is None or line.start() + 1 < found[0]):
        return line.start() + 1, line.end()
    return found


def find_headings(text: str) -> list[Heading]:
    """Section headings in document order; each key at most once, in order."""
    out: list[Heading] = []
    cursor = 0
    for split in _split_patterns():
        span = _first_heading(split, text, cursor)
        if span is None:
            continue
        out.append(Heading(split.key, span[0], span[1], text[span[0] : span[1]]))
        cursor = span[1]
    return out


def with_table_anchors(text: str, headings: list[Heading]) -> list[Heading]:
    """The headings plus, for a table section whose heading is missing, its table's header.

    The added entries have empty ``text``; they only bound table regions and
    never become sections.
    """
    found = {h.key for h in headings}
    out = list(headings)
    for key, anchor in _anchors().items():
        if key in found:
            continue
        before = [h.end for h in out if _order(h.key) < _order(key)]
        after = [h.start for h in out if _order(h.key) > _order(key)]
        lo, hi = max(before, default=0), min(after, default=len(text))
        m = anchor.search(text, lo, hi)
        if m is not None:
            out.append(Heading(key, m.start(), m.start(), ""))
    return sorted(out, key=lambda h: h.start)


def _order(key: str) -> int:
    return _keys().index(key)


@lru_cache(maxsize=1)
def _keys() -> list[str]:
    return [s["key"] for s in _data()["sections"]]


def clean_text(text: str) -> str:
    """Stream text as section text: cells as spaces, lines kept, spaces folded."""
    text = text.replace(CELL, " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def text_to_sections(text: str, headings: list[Heading]) -> list[Section]:
    """The sections between consecutive headings."""
    out = []
    for i, h in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        out.append(Section(h.key, clean_text(h.text), clean_text(text[h.end : end])))
    return out
