"""Document + tables -> the record of report-schema.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.facts.model import Fact, FactsDiagnostics
from docstruct.extract.generic_tables import GenericTable
from docstruct.extract.metadata import Metadata
from docstruct.extract.model import Check, Document, Section, Status, steps_to_json
from docstruct.extract.tables.rebuild import TableResult
from docstruct.extract.tables.stages import TableReport
from docstruct.normalize import Step

SCHEMA = "report/1"
TABLE_ORDER = ("active_disclosure", "applications", "review_litigation")


def normalization_summary(typed: Sequence[Step]) -> dict[str, Any]:
    """What was repaired, at a glance (report-schema.md), then every step in order.

    encoding_repair: the misreading undone, or null; pinyin_annotations_removed
    and the other counts: how many places changed (0 when the step did not run).
    """
    def count(*names: str) -> int:
        return sum(s.count for s in typed if s.name in names)

    repair = [s.detail or s.name for s in typed if s.name == "encoding_repair"]
    return {
        "encoding_repair": "; ".join(repair) or None,
        "pinyin_annotations_removed": count("pinyin_annotations_removed"),
        "traditional_to_simplified": count("traditional_to_simplified"),
        "compatibility_folded": count("nfkc", "radicals_folded"),
        "steps": steps_to_json(typed),
    }


@dataclass(frozen=True)
class Diagnostics:
    """How the record was made (the record's ``diagnostics``), typed until the record is written.

    template_variant: 'hybrid', the template's id, or None (pipeline.template_variant);
    tables: how each template table was found and read (tables/stages.py);
    sections_found: the section keys whose headings were found, in order;
    generic_tables: how glued rows of the generic tables were split (written only when there are some);
    facts: what the facts stage says about the narrative (extract/facts/model.py).
    """

    template_variant: str | None = None
    tables: dict[str, TableReport] = field(default_factory=dict)
    sections_found: tuple[str, ...] = ()
    generic_tables: tuple[str, ...] = ()
    facts: FactsDiagnostics = field(default_factory=FactsDiagnostics)

    def to_json(self) -> dict[str, Any]:
        """The diagnostics object, keys in a fixed order."""
        out: dict[str, Any] = {
            "template_variant": self.template_variant,
            "tables": {name: report.to_json() for name, report in self.tables.items()},
            "sections_found": list(self.sections_found),
        }
        if self.generic_tables:
            out["generic_tables"] = list(self.generic_tables)
        out["facts"] = self.facts.to_json()
        return out


@dataclass(frozen=True)
class Record:
    """One extracted report; ``to_json`` gives the record of report-schema.md."""

    document: Document
    metadata: Metadata
    template: str | None
    sections: tuple[Section, ...]
    tables: dict[str, TableResult]
    checks: tuple[Check, ...]
    warnings: tuple[str, ...]
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    # the old statistics tables of a report without a template (report-schema.md)
    generic_tables: tuple[GenericTable, ...] = ()
    facts: tuple[Fact, ...] = ()

    @property
    def status(self) -> Status:
        """'ok', or 'partial' when something was guessed, skipped or not found."""
        return Status.PARTIAL if self.warnings else Status.OK

    def to_json(self) -> dict[str, Any]:
        """The record as plain JSON data, keys in a fixed order (same input, same bytes)."""
        tables: dict[str, Any] = {}
        for name in TABLE_ORDER:
            result = self.tables.get(name)
            if result is None or not result.rows:
                continue
            tables[name] = {
                row: {col: cell.to_json() for col, cell in cells.items()} for row, cells in result.rows.items()
            }
        return {
            "schema": SCHEMA,
            "source": self.document.info.to_json(),
            "normalization": normalization_summary(self.document.steps),
            "metadata": self.metadata.to_json(self.template),
            "sections": [s.to_json() for s in self.sections],
            "tables": tables,
            "checks": [c.to_json() for c in self.checks],
            "warnings": list(self.warnings),
            # report-schema.md: both lists are always present, empty when none
            "facts": [f.to_json() for f in self.facts],
            "generic_tables": [t.to_json() for t in self.generic_tables],
            "diagnostics": self.diagnostics.to_json(),
        }
