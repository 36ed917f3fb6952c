"""The record as the view reads it: typed, built once from the record's JSON (report-schema.md).

The view gets a record as JSON data (from a worker process, the store or a
test), so this is where ``dict.get`` happens, once, and the renderers read
attributes.  The parts come back as the types the pipeline wrote them from
(extract's Cell, Source, Check, Section, Fact, GenericTable, the normaliser's
Step, the rebuild's RowStage); only the record's top-level ``metadata`` and
``source`` have shapes of their own here, every field optional.  A key the
record lacks (an older record in a store, a record served without
diagnostics) gets the value the page has always shown for it: None, empty
text or an empty list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.facts.model import Fact
from docstruct.extract.generic_tables import GenericRow, GenericTable
from docstruct.extract.model import Blame, Cell, Check, Section, Source
from docstruct.extract.tables.stages import RowStage
from docstruct.normalize import Step

Json = Mapping[str, Any]
Table = dict[str, dict[str, Cell]]


@dataclass(frozen=True)
class Metadata:
    """The record's ``metadata`` (None where the record has no value)."""

    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    template: str | None = None


@dataclass(frozen=True)
class SourceInfo:
    """The record's ``source``: the file read (None where the record does not say)."""

    path: str | None = None
    format: str | None = None
    bytes: int | None = None
    encoding: str | None = None
    pages: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class TableDiagnostics:
    """diagnostics.tables.<table> as the view uses it: each row's rebuild stages ('sequence' for table 四)."""

    how: dict[str, RowStage] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordShape:
    """The parts of a record the debug page and the terminal view show, typed."""

    source: SourceInfo
    metadata: Metadata
    encoding_repair: str | None
    steps: tuple[Step, ...]
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    checks: tuple[Check, ...]
    warnings: tuple[str, ...]
    facts: tuple[Fact, ...]
    generic_tables: tuple[GenericTable, ...]
    template_variant: str | None = None
    diagnostics: dict[str, TableDiagnostics] = field(default_factory=dict)


def json_to_source(src: Json | None) -> Source:
    """A cell's or a block's ``source`` object as extract's Source (what it lacks stays None)."""
    src = src or {}
    span, bbox = src.get("span"), src.get("bbox")
    return Source(
        line=src.get("line"),
        span=(span[0], span[1]) if isinstance(span, list) and len(span) == 2 else None,
        page=src.get("page"),
        bbox=(bbox[0], bbox[1], bbox[2], bbox[3]) if isinstance(bbox, list) and len(bbox) == 4 else None,
        path=src.get("path"),
        confidence=src.get("confidence"),
    )


def _cell(cell: Json) -> Cell:
    return Cell(cell.get("value"), str(cell.get("raw", "")), json_to_source(cell.get("source")))


def _stage(how: Json) -> RowStage:
    return RowStage(str(how.get("label", "")), json_to_source(how.get("label_source")), str(how.get("values", "")),
                    int(how.get("readings", 0)), str(how.get("how", "")))


def _check(check: Json) -> Check:
    blame = check.get("blame")
    shaped = Blame(blame.get("kind", ""), str(blame.get("reason", ""))) if isinstance(blame, dict) else None
    return Check(str(check.get("rule", "")), check.get("ok"), str(check.get("detail", "")), shaped)


def _fact(fact: Json) -> Fact:
    # report-schema.md: a fact's value is a number, always there (no default is invented for it)
    return Fact(fact.get("key"), fact.get("subject") or "", fact["value"], fact.get("unit"),
                str(fact.get("raw", "")), str(fact.get("sentence", "")), fact.get("section"),
                json_to_source(fact.get("source")))


def _generic(table: Json) -> GenericTable:
    rows = tuple(
        GenericRow(str(row.get("label", "")), str(row.get("unit", "")), tuple(_cell(c) for c in row.get("cells", [])))
        for row in table.get("rows", [])
    )
    return GenericTable(table.get("title"), tuple(str(c) for c in table.get("columns", [])), rows)


def _tables(tables: Json) -> dict[str, Table]:
    return {
        name: {row: {col: _cell(cell) for col, cell in cols.items()} for row, cols in rows.items()}
        for name, rows in tables.items()
    }


def _diagnostics(diagnostics: Json) -> dict[str, TableDiagnostics]:
    tables = diagnostics.get("tables") or {}
    return {
        name: TableDiagnostics({row: _stage(how) for row, how in (report or {}).get("how", {}).items()})
        for name, report in tables.items()
    }


def record_to_shape(record: Json) -> RecordShape:
    """The typed shape of a record (record.to_json(), or the same JSON read back from a store)."""
    meta, src = record.get("metadata", {}), record.get("source", {})
    norm = record.get("normalization", {})
    diagnostics = record.get("diagnostics") or {}
    return RecordShape(
        source=SourceInfo(*(src.get(k) for k in ("path", "format", "bytes", "encoding", "pages", "sha256"))),
        metadata=Metadata(*(meta.get(k) for k in ("title", "agency", "year", "published", "template"))),
        encoding_repair=norm.get("encoding_repair"),
        steps=tuple(Step(str(s["name"]), int(s["count"]), str(s.get("detail") or "")) for s in norm.get("steps", [])),
        sections=tuple(Section(s.get("key"), s.get("heading"), str(s.get("text", "")))
                       for s in record.get("sections", [])),
        tables=_tables(record.get("tables", {})),
        checks=tuple(_check(c) for c in record.get("checks", [])),
        warnings=tuple(str(w) for w in record.get("warnings", [])),
        facts=tuple(_fact(f) for f in record.get("facts", [])),
        generic_tables=tuple(_generic(t) for t in record.get("generic_tables", [])),
        template_variant=diagnostics.get("template_variant"),
        diagnostics=_diagnostics(diagnostics),
    )
