"""Sentences -> facts: number shapes from spaCy, then rules for what each counts.

For each quantity (a number with a unit, or a bare number right after a
metric such as 总访问量), the clause before it names what it counts: the
vocabulary term ending nearest the number gives the key; '召开12场新闻发布会'
puts the term after the unit.  Shapes that are not counts (percentages,
ranges, dates, durations, ordinals, approximations '60余条', changes '增加5件')
are left out and counted in the diagnostics.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from docstruct.extract.facts.model import Fact
from docstruct.extract.facts.nlp import QUANTITY, Entity, Shapes
from docstruct.extract.facts.segment import Sentence
from docstruct.extract.facts.vocabulary import KeySpec, Vocabulary
from docstruct.extract.stream import Stream
from docstruct.extract.tables.bounds import beyond
from docstruct.extract.tables.values import to_number

_BOUNDARY = re.compile(r"[,;:。!?()\[\]]")
_SCOPE_MARK = re.compile(r"(?:^|[,;:(])\s*(?:其中|含|包含|包括)")
_INCLUDES_AFTER = re.compile(r"(?:\s*[(,])?\s*(?:含|包含|包括)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# what a key's term is masked with before other_period is looked for ('上年' in a term is no period)
_MASK = "#"
# A bare number must follow its metric closely: '总访问量35305', '访问量达35305'.
BARE_GAP = 3
# What may sit between a term found after the unit and the unit: '12场新闻发布会'.
AFTER_GAP = 2


@dataclass
class Scope:
    """An open 其中/含 scope of the current full-stop unit."""

    period: int
    owner: str | None  # family of the figure the sub-counts belong to


@dataclass
class MatchState:
    """What carries over from sentence to sentence: the 其中 scope, the skip counts."""

    year: int | None
    scope: Scope | None = None
    last_family: tuple[int, str | None] = (-1, None)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Term:
    spec: KeySpec
    start: int
    end: int


def _needs_met(spec: KeySpec, sentence: str) -> bool:
    return spec.sentence_needs is None or spec.sentence_needs.search(sentence) is not None


def _find_key(vocab: Vocabulary, before: str, unit: str, sentence: str) -> _Term | None:
    """The term ending nearest the end of ``before`` whose key takes ``unit``."""
    found: list[tuple[int, int, _Term]] = []
    bare = not unit
    for spec in vocab.keys_for(unit):
        if not spec.may_name(before) or not _needs_met(spec, sentence):
            continue
        for m in spec.terms.finditer(before):
            if spec.not_before is not None and spec.not_before.search(before, 0, m.start()):
                continue
            gap = len(before) - m.end()
            if gap > (BARE_GAP if bare else vocab.term_gap) or any(c.isdigit() for c in before[m.end() :]):
                continue
            found.append((gap, m.start() - m.end(), _Term(spec, m.start(), m.end())))
    if not found:
        return None
    return min(found, key=lambda f: (f[0], f[1]))[2]


def _find_after(vocab: Vocabulary, before: str, after: str, unit: str, sentence: str) -> _Term | None:
    """A term right after the unit ('12场新闻发布会'), after its verb where the key names one."""
    for spec in vocab.keys_for(unit):
        if spec.after is None or not _needs_met(spec, sentence):
            continue
        if spec.after_verb is not None and not spec.after_verb.search(before):
            continue
        m = spec.after.search(after)
        if m is not None and m.start() <= AFTER_GAP:
            return _Term(spec, m.start(), m.end())
    return None


def _clause_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _BOUNDARY.finditer(text, floor, pos):
        start = m.end()
    return start


def _subject(vocab: Vocabulary, before: str) -> str:
    subject = vocab.subject_fillers.sub("", before)
    subject = vocab.sub_scope.sub("", subject)
    subject = vocab.subject_fillers.sub("", subject)
    subject = vocab.subject_trailing.sub("", subject).strip()
    return subject[-vocab.subject_max :]


def _other_period(vocab: Vocabulary, text: str, stop: int, year: int | None) -> str | None:
    """Why the figure may be of another period: a year or a word such as 上年 before it."""
    prefix = text[:stop]
    years = _YEAR.findall(prefix)
    if years and year is not None and int(years[-1]) != year:
        return f"another year ({years[-1]})"
    # Masking only turns characters into '#', which no other_period match holds, and the
    # pattern looks at no character outside its match: a match in the masked prefix is one
    # in the prefix.  So where the prefix has none, masking (16 scans) cannot matter.
    masks_safely = vocab.other_period_chars is not None and _MASK not in vocab.other_period_chars
    if masks_safely and vocab.other_period.search(prefix) is None:
        return None
    for spec in vocab.keys:
        if spec.may_name(prefix):  # else the sub changes nothing: skip its scan
            prefix = spec.terms.sub(lambda m: _MASK * len(m.group()), prefix)
    m = vocab.other_period.search(prefix)
    return f"another period ({m.group()})" if m else None


@dataclass(frozen=True)
class _Candidate:
    start: int  # the number
    end: int  # after the unit
    number: str
    unit: str


def _candidates(state: MatchState, entities: list[Entity], bare: list[tuple[int, int]], text: str) -> list[_Candidate]:
    out = [_Candidate(a, b, text[a:b], "") for a, b in bare]
    for ent in entities:
        if ent.label != QUANTITY:
            state.skipped[ent.label.lower()] += 1
            continue
        out.append(_Candidate(ent.number[0], ent.end, text[ent.number[0] : ent.number[1]], ent.unit))
    return sorted(out, key=lambda c: c.start)


def _scope(state: MatchState, sentence: Sentence, text: str, prev: int, pos: int) -> Scope | None:
    """The 其中 scope this figure sits in, opening one when a marker lies before it."""
    if state.scope is not None and state.scope.period != sentence.period:
        state.scope = None
    for _ in _SCOPE_MARK.finditer(text, prev, pos):
        period, family = state.last_family
        state.scope = Scope(sentence.period, family if period == sentence.period else None)
    return state.scope


def _why_not(vocab: Vocabulary, text: str, cand: _Candidate, before: str, term: _Term, scope: Scope | None,
             year: int | None) -> str | None:
    if scope is not None and scope.owner in (None, term.spec.family):
        return "a sub-count (其中/含)"
    if "分别" in before:
        return "one of several figures (分别)"
    if _INCLUDES_AFTER.match(text, cand.end):
        return "a total that includes other things (含)"
    return _other_period(vocab, text, cand.start, year)


def _term_after(
    vocab: Vocabulary, text: str, cand: _Candidate, bounds: list[tuple[int, int]], before: str, subject: str
) -> tuple[_Term | None, str]:
    """The key named after the unit ('12场新闻发布会') and the subject that goes with it.

    The subject is then that term, or the words after the unit where nothing
    before the number names what it counts.
    """
    after_end = min([s for s, _ in bounds if s >= cand.end] + [len(text)])
    after = text[cand.end : after_end]
    stop = _BOUNDARY.search(after)
    after = after[: stop.start()] if stop else after
    term = _find_after(vocab, before, after, cand.unit, text)
    if term is not None:
        return term, after[term.start : term.end]
    return None, subject or after.strip()[: vocab.subject_max]


def _qualified(vocab: Vocabulary, before: str, state: MatchState) -> bool:
    """An approximate figure or a change ('约', '增加' before it) is no count: counted in state.skipped by reason."""
    for reason, pattern in (("approximate", vocab.approximate_before), ("change", vocab.delta_before)):
        if pattern.search(before):
            state.skipped[reason] += 1
            return True
    return False


def sentence_facts(
    vocab: Vocabulary, stream: Stream, sentence: Sentence, shapes: Shapes, state: MatchState
) -> list[Fact]:
    """The facts one sentence states, from the number shapes spaCy found in it."""
    text = sentence.text
    entities, bare = shapes.entities, shapes.bare
    bounds = sorted([(e.start, e.end) for e in entities] + bare)
    out: list[Fact] = []
    prev_end = 0
    for cand in _candidates(state, entities, bare, text):
        floor = max([e for s, e in bounds if e <= cand.start], default=0)
        start = _clause_start(text, cand.start, floor)
        before = text[start : cand.start].lstrip("、 ")
        if _qualified(vocab, before, state):
            continue
        scope = _scope(state, sentence, text, prev_end, cand.start)
        prev_end = cand.end
        term = _find_key(vocab, before, cand.unit, text)
        subject = _subject(vocab, before)
        if term is None and cand.unit:
            term, subject = _term_after(vocab, text, cand, bounds, before, subject)
        if not cand.unit and term is None:
            continue  # a bare number that no metric names is no count
        if not subject:
            state.skipped["no_subject"] += 1
            continue
        value = to_number(cand.number)
        if beyond(value, vocab.max_value):
            state.skipped["implausible"] += 1
            continue
        why = _why_not(vocab, text, cand, before, term, scope, state.year) if term else None
        state.last_family = (sentence.period, term.spec.family if term else None)
        a, b = sentence.offset(cand.start), sentence.offset(cand.end - 1) + 1
        out.append(
            Fact(
                key=term.spec.key if term else None,
                subject=subject,
                value=value,
                unit=cand.unit or None,
                raw=text[cand.start : cand.end],
                sentence=text.strip(),
                section=sentence.section,
                source=stream.source_of(a, b),
                family=term.spec.family if term else None,
                why_not=why,
            )
        )
    return out
