"""The facts vocabulary (templates/facts.json), compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from docstruct.extract.facts.first_chars import first_chars, match_chars
from docstruct.extract.templates import load_data

_DIGIT = re.compile(r"\d")
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class KeySpec:
    """One normalised key: the terms that name it, its units, what table cells it restates."""

    key: str
    family: str
    units: frozenset[str]
    terms: re.Pattern[str]
    after: re.Pattern[str] | None
    after_verb: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    sentence_needs: re.Pattern[str] | None
    table: tuple[str, ...]
    also: tuple[tuple[str, ...], ...] = ()
    # the characters a match of ``terms`` can start with (first_chars.py); None: unknown
    starts: re.Pattern[str] | None = field(default=None, compare=False)

    def may_name(self, text: str) -> bool:
        """False only when ``terms`` cannot match in ``text`` (none of its first characters is there)."""
        return self.starts is None or self.starts.search(text) is not None

    @property
    def bare(self) -> bool:
        """Whether a number without a unit may state it (总访问量35305)."""
        return "" in self.units


@dataclass(frozen=True)
class Vocabulary:
    """Units, the shapes that are not counts, and the keys."""

    units: tuple[str, ...]
    approximate_after: tuple[str, ...]
    approximate_before: re.Pattern[str]
    delta_before: re.Pattern[str]
    range_marks: tuple[str, ...]
    percent_marks: tuple[str, ...]
    date_units: tuple[str, ...]
    duration_words: tuple[str, ...]
    other_period: re.Pattern[str]
    sub_scope: re.Pattern[str]
    subject_fillers: re.Pattern[str]
    subject_trailing: re.Pattern[str]
    subject_max: int
    term_gap: int
    keys: tuple[KeySpec, ...]
    # the largest plausible figure (facts.json 'max_value')
    max_value: int
    # a number with a unit, or a bare-number term before digits: worth loading spaCy for
    candidate: re.Pattern[str]
    token: re.Pattern[str]
    # candidate's two alternatives on their own: a number with a unit, a bare-number term
    candidate_parts: tuple[re.Pattern[str], re.Pattern[str]]
    # the characters the second part's match can start with (None: scan it the plain way)
    term_starts: re.Pattern[str] | None
    # every character an other_period match can hold (None: unknown); see match._other_period
    other_period_chars: frozenset[str] | None

    # each unit's keys in order: a figure's key is looked for among these, not all keys asked in
    # turn whether they take its unit (47,665 asks over the text bench); derived from ``keys``
    by_unit: dict[str, tuple[KeySpec, ...]] = field(default_factory=dict, compare=False)

    def has_candidate(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether ``candidate`` finds a match in ``text[start:end]``.

        Asked as its two alternatives: the first starts with a digit, which sre scans for
        in a tight loop; the second, whose terms give sre no first character to scan for
        (a match attempt at every position), only where a digit is, as its match needs
        one, and there only at the characters its match can start with.  The same answer
        as the joint pattern (tests/test_hot_paths_facts.py).
        """
        end = len(text) if end is None else end
        with_unit, after_term = self.candidate_parts
        if with_unit.search(text, start, end):
            return True
        if _DIGIT.search(text, start, end) is None:
            return False
        if self.term_starts is None:
            return after_term.search(text, start, end) is not None
        # matched only where a match can start (first_chars.py): the same answer as search
        return any(after_term.match(text, m.start(), end) for m in self.term_starts.finditer(text, start, end))

    def keys_for(self, unit: str) -> tuple[KeySpec, ...]:
        """The keys that take ``unit`` ('' for a bare number), in vocabulary order."""
        return self.by_unit.get(unit, ())

    def spec(self, key: str) -> KeySpec:
        """The key's spec."""
        return next(k for k in self.keys if k.key == key)


def _keys_by_unit(keys: tuple[KeySpec, ...]) -> dict[str, tuple[KeySpec, ...]]:
    """Each unit's keys, in vocabulary order."""
    out: dict[str, list[KeySpec]] = {}
    for spec in keys:
        for unit in spec.units:
            out.setdefault(unit, []).append(spec)
    return {unit: tuple(specs) for unit, specs in out.items()}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _optional(raw: dict[str, Any], name: str) -> re.Pattern[str] | None:
    return re.compile(raw[name]) if raw.get(name) else None


def _key(raw: dict[str, Any]) -> KeySpec:
    terms = re.compile("|".join(f"(?:{t})" for t in raw["terms"]))
    return KeySpec(
        key=str(raw["key"]),
        family=str(raw["family"]),
        units=frozenset(str(u) for u in raw["units"]),
        terms=terms,
        starts=first_chars(terms),
        after=_optional(raw, "after"),
        after_verb=_optional(raw, "after_verb"),
        not_before=_optional(raw, "not_before"),
        sentence_needs=_optional(raw, "sentence_needs"),
        table=tuple(str(t) for t in raw.get("table", ())),
        also=tuple(tuple(str(c) for c in cells) for cells in raw.get("also", ())),
    )


@cache
def load_vocabulary() -> Vocabulary:
    """The vocabulary, parsed and compiled once."""
    raw = load_data("facts")
    units = tuple(sorted(raw["units"], key=len, reverse=True))
    keys = tuple(_key(k) for k in raw["keys"])
    bare_terms = "|".join(k.terms.pattern for k in keys if k.bare)
    approx = _alternation(raw["approximate_after"])
    # '(?:\s*X)?\s*', not '\s*X?\s*': two adjacent \s* retry every split of a long blank run (issue 18's
    # fuzzing: 20,000 blank lines after a digit took 30 s)
    with_unit = rf"\d(?:\s*(?:{approx}))?\s*(?:{_alternation(list(units))})"
    after_term = rf"(?:{bare_terms})\D{{0,4}}\d"
    candidate = re.compile(f"{with_unit}|{after_term}")
    token = re.compile(rf"{NUMBER}|{_alternation(list(units))}|[A-Za-z]+|\S")
    other_period = re.compile(raw["other_period"])
    return Vocabulary(
        units=units,
        approximate_after=tuple(raw["approximate_after"]),
        approximate_before=re.compile(raw["approximate_before"]),
        delta_before=re.compile(raw["delta_before"]),
        range_marks=tuple(raw["range_marks"]),
        percent_marks=tuple(raw["percent_marks"]),
        date_units=tuple(raw["date_units"]),
        duration_words=tuple(raw["duration_words"]),
        other_period=other_period,
        other_period_chars=match_chars(other_period),
        sub_scope=re.compile(raw["sub_scope"]),
        subject_fillers=re.compile(raw["subject_fillers"]),
        subject_trailing=re.compile(raw["subject_trailing"]),
        subject_max=int(raw["subject_max"]),
        term_gap=int(raw["term_gap"]),
        keys=keys,
        by_unit=_keys_by_unit(keys),
        max_value=int(raw["max_value"]),
        candidate=candidate,
        candidate_parts=(re.compile(with_unit), re.compile(after_term)),
        term_starts=first_chars(re.compile(after_term)),
        token=token,
    )
