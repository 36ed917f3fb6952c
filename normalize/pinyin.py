"""Remove pinyin reading annotations such as ``事務(wù)局`` -> ``事務局``.

Some sites print a reading after every traditional character (the seed does,
466 times).  An annotation is removed when all of these hold:

- it directly follows a CJK character (or a radical, which text layers use
  for ordinary characters), or follows another removed annotation;
- it is in ASCII or full-width parentheses;
- its content splits into standard Mandarin syllables (``zhuàn``,
  ``xiàng``, ``lǜ``; ``xī'ān`` and ``háng yè`` too);
- at least one vowel carries a tone mark (or is ``ü``).

So ``(一)``, ``（五）``, ``(1)``, ``(a)``, ``(pdf)``, ``(GB/T 1234)`` and
English words stay, and so does ``(qian)``: without a tone mark a syllable is
indistinguishable from an English word, an abbreviation or a code (``(an)``,
``(long)``, ``(pin)``), and every annotation in the seed carries one.

A lost character (``?``, ``？`` or U+FFFD) also counts as the CJK character
before an annotation: the annotation belonged to the character the encoding
lost, and a toned syllable in parentheses right after it cannot be anything
else.  Damage that ate the opening parenthesis as well (the seed's
``開展?fàn)I造``, where ``?`` replaced ``(`` and ``I`` is the second GBK byte
of 營 whose first byte was lost) is left as it is: what to remove there is a
guess, and the record must not guess.

Zero-width characters between the character and the parenthesis are removed
with the annotation; leaving them would let fix_whitespace delete them later
and expose an annotation that a second normalisation would then remove.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from docstruct.normalize.charsets import CJK_IDEOGRAPHS, CJK_RADICALS
from docstruct.normalize.model import Edit, Fixed, Step
from docstruct.normalize.origin import delete_spans

# The standard syllables of Putonghua without tones (the 400-odd of the
# 汉语拼音方案 syllable table, with the interjections ê m n ng hm hng), and
# the v/ue spellings of ü that typed text uses.
_SYLLABLE_TABLE = """
a o e ê ai ei ao ou an en ang eng er m n ng hm hng
yi ya yo ye yai yao you yan yin yang ying yong yu yue yuan yun
wu wa wo wai wei wan wen wang weng
ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu
pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu
ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu
fa fo fei fou fan fen fang feng fu
da de dai dei dao dou dan den dang deng dong di dia die diao diu dian ding du duo dui duan dun
ta te tai tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun
na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning
nu nuo nuan nun nü nüe nv nve nue
la le lo lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling
lu luo luan lun lü lüe lv lve lue
ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang
ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang
ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang
ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun
qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun
xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun
zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang
cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang
sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang
re ri rao rou ran ren rang reng rong ru rua ruo rui ruan run
za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun
ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun
sa se si sai sao sou san sen sang seng song su suo sui suan sun
"""

# Tone-marked letters and what they are without the mark.
_TONED = {
    "a": "āáǎà",
    "e": "ēéěè",
    "i": "īíǐì",
    "o": "ōóǒò",
    "u": "ūúǔù",
    "ü": "ǖǘǚǜ",
    "n": "ńňǹ",
    "m": "ḿ",
}
_TONE_MARKS = "".join(_TONED.values()) + "ü"
_UNTONE = {ord(toned): plain for plain, marks in _TONED.items() for toned in marks}

_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
# The body allows letters, tone letters, combining tone marks (decomposed
# input) and the separators of multi-syllable readings; validation is below.
_BODY = f"[a-zA-Zê{_TONE_MARKS}\u0300\u0301\u0304\u0308\u030c '\u2019-]{{1,40}}"
# The scan looks for the parenthesis first (a literal sre can skip to); the
# character before it is checked afterwards.
_ANNOTATION_RE = re.compile(f"[(\uff08]({_BODY})[)\uff09]")
_OWNER_RE = re.compile(f"[{CJK_IDEOGRAPHS}{CJK_RADICALS}?\uff1f\ufffd]")
_ZERO_WIDTH_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SEPARATORS_RE = re.compile("[ '\u2019-]+")


@cache
def _syllables() -> frozenset[str]:
    """The toneless syllable set, built once."""
    return frozenset(_SYLLABLE_TABLE.split())


def _splits_into_syllables(word: str) -> bool:
    """Can ``word`` (toneless, lowercase) be cut into standard syllables?"""
    syllables = _syllables()
    longest = 6  # zhuang, chuang, shuang
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            if reachable[start] and word[start:end] in syllables:
                reachable[end] = True
                break
    return reachable[-1]


@lru_cache(maxsize=4096)
def is_pinyin(body: str) -> bool:
    """Is ``body`` (the text inside the parentheses) a toned pinyin reading?"""
    # Cached: an annotated report repeats a few hundred readings thousands of times.
    body = unicodedata.normalize("NFC", body).lower()
    if not any(ch in _TONE_MARKS for ch in body):
        return False
    words = [w for w in _SEPARATORS_RE.split(body.translate(_UNTONE)) if w]
    return bool(words) and all(_splits_into_syllables(w) for w in words)


def _annotation_start(text: str, paren: int, removed: list[tuple[int, int]]) -> int | None:
    """Where the annotation opening at ``paren`` starts, if something owns it.

    The owner is a CJK character or lost character right before it (zero-width
    characters in between go with the annotation), or a removed annotation
    ending there: ``字(kāi)(kāi)`` but not ``(一)(kāi)``.
    """
    start = paren
    while start and text[start - 1] in _ZERO_WIDTH_CHARS:
        start -= 1
    if removed and removed[-1][1] == start:
        return start
    return start if start and _OWNER_RE.match(text, start - 1) else None


def drop_pinyin_annotations(text: str) -> Edit:
    """Remove pinyin annotations after CJK characters; count them in the step (origin None: identity)."""
    removed: list[tuple[int, int]] = []
    for match in _ANNOTATION_RE.finditer(text):
        start = _annotation_start(text, match.start(), removed)
        if start is not None and is_pinyin(match.group(1)):
            removed.append((start, match.end()))
    if not removed:
        return Edit(text, None, ())
    clean, origin = delete_spans(text, removed)
    return Edit(clean, origin, (Step("pinyin_annotations_removed", len(removed)),), deletes_only=True)


def fix_pinyin_annotations(text: str) -> Fixed:
    """Remove pinyin annotations after CJK characters; count them in the step."""
    return drop_pinyin_annotations(text).to_fixed()
