"""Rebuild Word's automatic list numbering (w:numPr) as text: 一、 （一） 1. …

Word keeps a numbered heading's number out of the text: ``<w:numPr>`` points
into numbering.xml, where a level says its format (chineseCounting) and its
text (``%1、``).  Reports built on Word's numbering print their section
headings that way (一、总体情况), so without the numbers the headings are lost.
This module replays the counters in document order and renders the prefix the
way Word displays it.  Covered: direct and style-inherited numPr, start and
startOverride, restart of deeper levels, the common numFmts; bullets and
formats not listed render as nothing (they carry no numbering meaning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = f"{W}val"
NUM_PR, NUM_ID, ILVL, PSTYLE = f"{W}numPr", f"{W}numId", f"{W}ilvl", f"{W}pStyle"
PARAGRAPH_PROPS = frozenset({NUM_PR, PSTYLE})  # what _resolve reads of a w:pPr
NUMBER_PROPS = frozenset({NUM_ID, ILVL})  # and of its w:numPr
LEVELS = 9  # OOXML defines levels 0-8
MAX_STYLE_CHAIN = 32  # basedOn chains are short; a longer one is a loop
CJK_DIGITS = "零一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
DIZHI = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Word puts a tab (or space) after the number; that is layout, not text.  After
# these endings it is dropped so that numbered labels read as the templates
# print them ('一、总体情况', '1.属于国家秘密', '（一）予以公开'); after a bare
# number or letter a space keeps the number apart from the text.
TIGHT_ENDINGS = "、．.）)】]：:"


@dataclass(frozen=True)
class Level:
    """One level of an abstract numbering definition."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"


@dataclass
class Numbering:
    """numbering.xml and the styles' numPr, plus the running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_level: dict[tuple[str, str], int] = field(default_factory=dict)  # (numId, styleId) -> ilvl
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    def prefix(self, ppr: Any) -> str:
        """The number text Word shows before this paragraph ('' when unnumbered)."""
        if not self.levels:  # no list defined (most documents): no numId can be found below
            return ""
        num_id, ilvl = self._resolve(ppr)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        level = self.levels[num_id].get(ilvl)
        if level is None:
            return ""
        counts = self.counters.setdefault(num_id, [None] * LEVELS)
        current = counts[ilvl]
        counts[ilvl] = self._start(num_id, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            counts[deeper] = None
        return self._render(num_id, level, counts)

    def _start(self, num_id: str, ilvl: int) -> int:
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None:
            return override
        level = self.levels[num_id].get(ilvl)
        return level.start if level else 0

    def _render(self, num_id: str, level: Level, counts: list[int | None]) -> str:
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        out = level.text
        for k in range(LEVELS, 0, -1):  # %10 does not exist; go high to low so %1 never eats %1x
            token = f"%{k}"
            if token in out:
                lvl = self.levels[num_id].get(k - 1, level)
                value = counts[k - 1]
                out = out.replace(token, format_number(value if value is not None else self._start(num_id, k - 1),
                                                       lvl.fmt))
        if level.suffix != "nothing" and out and out[-1] not in TIGHT_ENDINGS:
            out += " "
        return out

    def _resolve(self, ppr: Any) -> tuple[str | None, int]:
        num_id: str | None = None
        ilvl: int | None = None
        style: str | None = None
        if ppr is not None:
            props = first_children(ppr, PARAGRAPH_PROPS)
            num_pr = props.get(NUM_PR)
            if num_pr is not None:
                numbers = first_children(num_pr, NUMBER_PROPS)
                num_id = _val(numbers.get(NUM_ID))
                ilvl = _int(_val(numbers.get(ILVL)))
            style = _val(props.get(PSTYLE))
        if style is not None and (num_id is None or ilvl is None):
            style_num, style_ilvl = self.style_num.get(style, (None, None))
            num_id = num_id if num_id is not None else style_num
            if ilvl is None:
                ilvl = style_ilvl if style_ilvl is not None else self.style_level.get((num_id or "", style))
        return num_id, ilvl or 0


def first_children(el: Any, tags: frozenset[str]) -> dict[str, Any]:
    """The first child of each of these tags, as ``el.find(tag)`` gives it, in one pass over
    the children (find with a namespaced tag goes through lxml's path engine, each time);
    none for no element."""
    found: dict[str, Any] = {}
    if el is None:
        return found
    for child in el:
        tag = child.tag
        if tag in tags and tag not in found:
            found[tag] = child
    return found


def _val(el: Any) -> str | None:
    if el is None:
        return None
    value = el.get(VAL)
    return str(value) if value is not None else None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def chinese_number(n: int, legal: bool = False) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting; legal: 壹拾壹)."""
    digits = LEGAL_DIGITS if legal else CJK_DIGITS
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    units = ("", "拾", "佰", "仟") if legal else ("", "十", "百", "千")
    parts: list[str] = []
    text = str(n)
    zero = False
    for i, ch in enumerate(text):
        d = int(ch)
        unit = units[len(text) - 1 - i]
        if d == 0:
            zero = True
            continue
        if zero and parts:
            parts.append(digits[0])
        zero = False
        parts.append(digits[d] + unit)
    out = "".join(parts)
    if 10 <= n < 20 and not legal:
        out = out[1:]  # 十一, not 一十一
    return out


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 -> AA, 53 -> AAA
    if n <= 0:
        return ""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a w:numFmt."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, legal=True)
    cyclic = {"ideographTraditional": TIANGAN, "ideographZodiac": DIZHI}
    if fmt in cyclic:
        seq = cyclic[fmt]
        return seq[(n - 1) % len(seq)] if n > 0 else ""
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


def _abstract_levels(abstract: Any) -> tuple[dict[int, Level], dict[str, int]]:
    levels: dict[int, Level] = {}
    styles: dict[str, int] = {}
    for lvl in abstract.iterfind(f"{W}lvl"):
        ilvl = _int(lvl.get(f"{W}ilvl"))
        if ilvl is None:
            continue
        levels[ilvl] = Level(
            start=_int(_val(lvl.find(f"{W}start"))) or 0,
            fmt=_val(lvl.find(f"{W}numFmt")) or "decimal",
            text=_val(lvl.find(f"{W}lvlText")) or "",
            suffix=_val(lvl.find(f"{W}suff")) or "tab",
        )
        style = _val(lvl.find(f"{W}pStyle"))
        if style:
            styles[style] = ilvl
    return levels, styles


def read_numbering(numbering_root: Any | None, styles_root: Any | None) -> Numbering:
    """The numbering definitions of numbering.xml and the numPr of styles.xml."""
    out = Numbering()
    if numbering_root is not None:
        abstracts = {
            a.get(f"{W}abstractNumId"): _abstract_levels(a) for a in numbering_root.iterfind(f"{W}abstractNum")
        }
        for num in numbering_root.iterfind(f"{W}num"):
            num_id = num.get(f"{W}numId")
            abstract = abstracts.get(_val(num.find(f"{W}abstractNumId")))
            if num_id is None or abstract is None:
                continue
            out.levels[num_id] = abstract[0]
            for style, ilvl in abstract[1].items():
                out.style_level[(num_id, style)] = ilvl
            for override in num.iterfind(f"{W}lvlOverride"):
                start = _int(_val(override.find(f"{W}startOverride")))
                level = _int(override.get(f"{W}ilvl"))
                if start is not None and level is not None:
                    out.overrides.setdefault(num_id, {})[level] = start
    if styles_root is not None:
        out.style_num = _style_numbering(styles_root)
    return out


def _style_numbering(styles_root: Any) -> dict[str, tuple[str | None, int | None]]:
    """styleId -> (numId, ilvl) of paragraph styles, following basedOn."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in styles_root.iterfind(f"{W}style"):
        sid = style.get(f"{W}styleId")
        if sid is None:
            continue
        parent = _val(style.find(f"{W}basedOn"))
        if parent:
            based[sid] = parent
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            own[sid] = (_val(num_pr.find(f"{W}numId")), _int(_val(num_pr.find(f"{W}ilvl"))))
    out: dict[str, tuple[str | None, int | None]] = {}
    for sid in set(own) | set(based):
        cur: str | None = sid
        for _ in range(MAX_STYLE_CHAIN):
            if cur is None or cur in own:
                break
            cur = based.get(cur)
        if cur is not None and cur in own:
            out[sid] = own[cur]
    return out
