"""A narrative fact: a figure the text states, with provenance like a cell's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.model import Check, Source


@dataclass(frozen=True)
class Fact:
    """One entry of the record's ``facts`` (report-schema.md 'Narrative facts').

    ``raw`` is the quantity as printed ('240条', '35305'); ``source`` points at
    it.  ``family`` and ``why_not`` stay out of the record: they decide the
    cross-checks (``why_not`` says why this figure must not be compared with
    a table, e.g. a 其中 sub-count or another year).
    """

    key: str | None
    subject: str
    value: int | float
    unit: str | None
    raw: str
    sentence: str
    section: str | None
    source: Source
    family: str | None = None
    why_not: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The fact as report-schema.md fixes it."""
        return {
            "key": self.key,
            "subject": self.subject,
            "value": self.value,
            "unit": self.unit,
            "raw": self.raw,
            "sentence": self.sentence,
            "section": self.section,
            "source": self.source.to_json(),
        }


@dataclass(frozen=True)
class FactsDiagnostics:
    """The record's ``diagnostics.facts``: what the facts stage read and left out, typed until written.

    left_out: why the narrative was not read at all (``--no-facts``);
    candidate_sentences: the sentences holding a candidate quantity that were read;
    not_counts: quantities found that are no count, by reason (match.py);
    not_compared: figures of a table-backed key that were not compared, each with its ``why_not``.
    None where the stage did not get that far: only what is set is written.
    """

    left_out: str | None = None
    candidate_sentences: int | None = None
    not_counts: dict[str, int] | None = None
    not_compared: tuple[Fact, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.left_out is not None:
            out["left_out"] = self.left_out
        if self.candidate_sentences is not None:
            out["candidate_sentences"] = self.candidate_sentences
        if self.not_counts is not None:
            out["not_counts"] = dict(sorted(self.not_counts.items()))
        if self.not_compared is not None:
            out["not_compared"] = [
                {"key": f.key, "value": f.value, "why": f.why_not, "source": f.source.to_json()}
                for f in self.not_compared
            ]
        return out


@dataclass(frozen=True)
class FactsResult:
    """The facts, the narrative checks, and what the diagnostics say about them."""

    facts: tuple[Fact, ...] = ()
    checks: tuple[Check, ...] = ()
    diagnostics: FactsDiagnostics = field(default_factory=FactsDiagnostics)
