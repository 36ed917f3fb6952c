"""spaCy, loaded lazily and once per process: ``spacy.blank("zh")`` with rule patterns.

No model is downloaded or needed (the PyPI package ``zh-core-web-sm`` is a
placeholder that must never be installed).  The blank pipeline's default
Chinese tokenizer splits every character, digits included, so it is
replaced by a rule tokenizer that keeps numbers and the vocabulary's units
whole; jieba and pkuseg are never touched.  An EntityRuler then labels the
number shapes; where shapes overlap the longest wins, so '10-20件' is a
RANGE, not the count '20件', and '5个工作日' a DURATION, not '5个'.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from docstruct.extract.facts.vocabulary import Vocabulary, load_vocabulary

QUANTITY = "QUANTITY"
NOT_COUNTS = ("APPROXIMATE", "PERCENT", "RANGE", "DATE", "DURATION", "ORDINAL")


@dataclass(frozen=True)
class Entity:
    """A labelled number shape, in character offsets of the sentence."""

    label: str
    start: int
    end: int
    number: tuple[int, int]  # the number's own characters
    unit: str


_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Tokens:
    """A sentence cut by the rule tokenizer: words, trailing spaces, character starts."""

    words: list[str]
    spaces: list[bool]
    starts: list[int]


def tokenize(vocab: Vocabulary, text: str) -> Tokens:
    """Numbers and units whole, every other character its own token."""
    if text and not vocab.token.groups and not _WHITESPACE.search(text):
        # The token pattern ends in \S, so without whitespace its matches tile the text:
        # the words in one C call (findall: no groups), each start the sum of the lengths
        # before it (tests/test_hot_paths_read.py compares it with the loop below).
        words = vocab.token.findall(text)
        return Tokens(words, [False] * len(words), list(accumulate(map(len, words[:-1]), initial=0)))
    return tokens_by_match(vocab, text)


def tokens_by_match(vocab: Vocabulary, text: str) -> Tokens:
    """``tokenize`` match by match: the long way, for text with whitespace in it."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    for m in vocab.token.finditer(text):
        if words:
            spaces[-1] = starts[-1] + len(words[-1]) < m.start()
        words.append(m.group())
        spaces.append(False)
        starts.append(m.start())
    return Tokens(words, spaces, starts)


# Every pattern starts at most 1 character before its number ('第') and ends within
# 14 after it ('10件至20件', '5个工作日'): only these windows are tokenized and matched,
# so spaCy's cost follows the numbers, not the sentence length.
_BEFORE, _AFTER = 2, 14
_DIGITS = re.compile(r"\d[\d.,]*")
GAP = "|"  # stands for the text left out between two windows; no pattern crosses it


def tokenize_near_numbers(vocab: Vocabulary, text: str) -> Tokens:
    """The tokens of the windows around the sentence's numbers, a GAP token between windows."""
    windows: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        a, b = max(m.start() - _BEFORE, 0), min(m.end() + _AFTER, len(text))
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    out = Tokens([], [], [])
    for a, b in windows:
        if out.words:
            out.words.append(GAP)
            out.spaces.append(False)
            out.starts.append(-1)
        part = tokenize(vocab, text[a:b])
        out.words.extend(part.words)
        out.spaces.extend(part.spaces)
        out.starts.extend(a + s for s in part.starts)
    return out


def _patterns(vocab: Vocabulary) -> list[dict[str, Any]]:
    num = {"POS": "NUM"}  # set by the tokenizer: a REGEX predicate costs ~1 ms per sentence
    unit = {"TEXT": {"IN": list(vocab.units)}}

    def words(text: str) -> list[dict[str, Any]]:
        return [{"TEXT": w} for w in tokenize(vocab, text).words]

    marks = {"TEXT": {"IN": list(vocab.range_marks)}}
    out: list[dict[str, Any]] = [
        {"label": QUANTITY, "pattern": [num, unit]},
        {"label": "APPROXIMATE", "pattern": [num, {"TEXT": {"IN": list(vocab.approximate_after)}}, unit]},
        {"label": "PERCENT", "pattern": [num, {"TEXT": {"IN": list(vocab.percent_marks)}}]},
        {"label": "RANGE", "pattern": [num, marks, num]},
        {"label": "RANGE", "pattern": [num, marks, num, unit]},
        {"label": "RANGE", "pattern": [num, unit, marks, num, unit]},
        {"label": "DATE", "pattern": [num, {"TEXT": {"IN": list(vocab.date_units)}}]},
        {"label": "DATE", "pattern": [num, {"TEXT": "年"}, {"TEXT": "度"}]},  # '2025年度共收取…
        {"label": "DATE", "pattern": [num, {"TEXT": ":"}, num]},  # a clock time '12:56'
        {"label": "DATE", "pattern": [num, {"TEXT": ":"}, num, {"TEXT": ":"}, num]},
        {"label": "ORDINAL", "pattern": [{"TEXT": "第"}, num]},
        {"label": "ORDINAL", "pattern": [{"TEXT": "第"}, num, unit]},
    ]
    out += [{"label": "DURATION", "pattern": [num, *words(w)]} for w in vocab.duration_words]
    return out


@cache
def load_nlp() -> Any:
    """The blank Chinese pipeline with the number-shape EntityRuler (about a second, once).

    The cyclic collector is paused while spaCy is imported and built: the import makes ~90,000
    long-lived objects, and each full collection it triggers walks all made so far (callgrind,
    `python -c "import spacy"`: 2.76e9 instructions, 2.65e9 with the collector off, -4%).  It is
    switched back on as it was found, so a calling program's own collection is untouched;
    reference counting frees as usual meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        import spacy  # heavy: imported only when a report has a candidate quantity

        nlp = spacy.blank("zh")
        ruler: Any = nlp.add_pipe("entity_ruler", config={"validate": False})
        ruler.add_patterns(_patterns(load_vocabulary()))
    finally:
        if was_enabled:
            gc.enable()
    return nlp


@dataclass(frozen=True)
class Shapes:
    """What spaCy found in one sentence: the labelled shapes and the bare numbers."""

    entities: list[Entity]
    bare: list[tuple[int, int]]


def _joined(vocab: Vocabulary, texts: list[str]) -> tuple[Tokens, list[int], list[int]]:
    """All sentences' windows as one token list (GAP between sentences), each token's sentence."""
    out = Tokens([], [], [])
    owner: list[int] = []
    firsts: list[int] = []
    for n, text in enumerate(texts):
        toks = tokenize_near_numbers(vocab, text)
        if out.words and toks.words:
            out.words.append(GAP)
            out.spaces.append(False)
            out.starts.append(-1)
            owner.append(-1)
        firsts.append(len(out.words))
        out.words.extend(toks.words)
        out.spaces.extend(toks.spaces)
        out.starts.extend(toks.starts)
        owner.extend([n] * len(toks.words))
    return out, owner, firsts


@cache
def _pattern_reach(vocab: Vocabulary) -> tuple[frozenset[str], int] | None:
    """The words besides numbers a pattern can start with, and the longest pattern in tokens.

    None when a pattern has another shape (a quantifier, a first token that is neither a
    number nor a fixed word, or a Latin word, which the Doc holds as 'A') or could match a
    GAP: then nothing is pruned.  So a token starts a match only if it is a number or
    one of these words as it stands.
    """
    firsts: set[str] = set()
    for spec in _patterns(vocab):
        tokens = spec["pattern"]
        if any("OP" in t or GAP in str(t.get("TEXT")) for t in tokens):
            return None
        first = tokens[0]
        if first == {"POS": "NUM"}:
            continue
        if set(first) != {"TEXT"} or not isinstance(first["TEXT"], str) or first["TEXT"].isascii():
            return None
        firsts.add(first["TEXT"])
    return frozenset(firsts), max(len(spec["pattern"]) for spec in _patterns(vocab))


def _pruned(vocab: Vocabulary, toks: Tokens, owner: list[int]) -> tuple[Tokens, list[int]]:
    """The tokens no match can reach left out: spaCy's cost is per token, whatever it finds.

    Every match starts at a number or a word in ``firsts`` and is at most ``reach``
    tokens long (patterns have no quantifiers), so a token ``reach`` or more past every
    such start lies in no match.  Each left-out run between kept tokens becomes one GAP,
    which no pattern matches, so no match can form across it that did not exist; the
    numbers are all kept, so the bare ones stay.  On the text bench half the window
    tokens go (tests/test_hot_paths_facts.py compares the shapes with and without).
    """
    reach = _pattern_reach(vocab)
    if reach is None:
        return toks, owner
    firsts, longest = reach
    keep_until = -1
    out, out_owner = Tokens([], [], []), []
    for i, word in enumerate(toks.words):
        if word[0].isdecimal() or word in firsts:
            keep_until = i + longest - 1
        if i <= keep_until:
            out.words.append(word)
            out.spaces.append(toks.spaces[i])
            out.starts.append(toks.starts[i])
            out_owner.append(owner[i])
        elif out.words and out.words[-1] != GAP:
            out.words.append(GAP)
            out.spaces.append(False)
            out.starts.append(-1)
            out_owner.append(-1)
    return out, out_owner


def sentences_shapes(vocab: Vocabulary, texts: list[str]) -> list[Shapes]:
    """The number shapes of each sentence, one spaCy Doc for them all (one call, not one per sentence)."""
    from spacy.tokens import Doc

    out = [Shapes([], []) for _ in texts]
    toks, owner, _ = _joined(vocab, texts)
    toks, owner = _pruned(vocab, toks, owner)
    if not toks.words:
        return out
    nlp = load_nlp()
    # isdecimal, not isdigit: a lone '➇' or '³' is a digit to isdigit but no number to int() (fuzz seed 8
    # pdf mutant 52 stopped the document with ValueError); the tokenizer's numbers start with a \d
    pos = ["NUM" if w[0].isdecimal() else "X" for w in toks.words]
    # Numbers and Latin words go in as one placeholder each: the patterns read POS, not
    # their text, and spaCy's string store must not grow with every number of a batch.
    words = ["0" if w[0].isdecimal() else "A" if w.isascii() and w.isalpha() else w for w in toks.words]
    doc = nlp(Doc(nlp.vocab, words=words, spaces=toks.spaces, pos=pos))
    ends = [s + len(w) for s, w in zip(toks.starts, toks.words, strict=True)]
    covered: set[int] = set()
    for ent in doc.ents:
        covered.update(range(ent.start, ent.end))
        idx = next((i for i in range(ent.start, ent.end) if toks.words[i][0].isdecimal()), ent.start)
        unit = toks.words[ent.end - 1] if ent.label_ in (QUANTITY, "APPROXIMATE") else ""
        number = (toks.starts[idx], ends[idx])
        shape = Entity(ent.label_, toks.starts[ent.start], ends[ent.end - 1], number, unit)
        out[owner[ent.start]].entities.append(shape)
    for i, w in enumerate(toks.words):
        if i not in covered and w[0].isdecimal():
            out[owner[i]].bare.append((toks.starts[i], ends[i]))
    return out
