"""A narrative fact: a figure the text states, with provenance like a cell's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docstruct.extract.model import Source


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
