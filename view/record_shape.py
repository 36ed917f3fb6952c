"""The record as the view reads it: typed, built once from the record's JSON (report-schema.md).

The view gets a record as JSON data (from a worker process, the store or a
test), so this is where ``dict.get`` happens, once, and the renderers read
attributes.  Provenance is extract's ``Source`` and a row's rebuild stages are
extract's ``RowStage`` (extract/tables/stages.py), the types the pipeline
wrote them from.  A key the record lacks (an older record in a store, a record
served without diagnostics) gets the value the page has always shown for it:
None, empty text or an empty list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.model import Source
from docstruct.extract.tables.stages import RowStage

# a JSON scalar as the record prints it (a cell's value, a metadata field)
Scalar = str | int | float | bool | None
Json = Mapping[str, Any]


@dataclass(frozen=True)
class CellShape:
    """A template, generic-table or fact cell: its value, its raw text and where it was read."""

    value: Scalar
    raw: str
    source: Source


@dataclass(frozen=True)
class Blame:
    """A failed check's blame: the kind ('source', 'extraction', 'unknown') and why."""

    kind: str
    reason: str


@dataclass(frozen=True)
class CheckShape:
    rule: str
    ok: bool | None
    detail: str
    blame: Blame | None = None


@dataclass(frozen=True)
class StepShape:
    """One normalisation step: its name, how many places it changed, what it did."""

    name: str
    count: Scalar
    detail: str | None


@dataclass(frozen=True)
class FactShape:
    key: str | None
    subject: str | None
    value: Scalar
    unit: str | None
    sentence: str
    source: Source


@dataclass(frozen=True)
class GenericRowShape:
    label: str
    cells: tuple[CellShape | None, ...]


@dataclass(frozen=True)
class GenericTableShape:
    title: str | None
    columns: tuple[str, ...]
    rows: tuple[GenericRowShape, ...]


@dataclass(frozen=True)
class SectionShape:
    key: str | None
    heading: str | None
    text: str


@dataclass(frozen=True)
class Metadata:
    title: Scalar = None
    agency: Scalar = None
    year: Scalar = None
    published: Scalar = None
    template: Scalar = None


@dataclass(frozen=True)
class SourceInfo:
    """The record's ``source``: the file read."""

    path: Scalar = None
    format: Scalar = None
    bytes: Scalar = None
    encoding: Scalar = None
    pages: Scalar = None
    sha256: Scalar = None


@dataclass(frozen=True)
class TableDiagnostics:
    """diagnostics.tables.<table> as the view uses it: each row's rebuild stages ('sequence' for table 四)."""

    how: dict[str, RowStage] = field(default_factory=dict)


Table = dict[str, dict[str, CellShape]]


@dataclass(frozen=True)
class RecordShape:
    """The parts of a record the debug page and the terminal view show, typed."""

    source: SourceInfo
    metadata: Metadata
    encoding_repair: str | None
    steps: tuple[StepShape, ...]
    sections: tuple[SectionShape, ...]
    tables: dict[str, Table]
    checks: tuple[CheckShape, ...]
    warnings: tuple[str, ...]
    facts: tuple[FactShape, ...]
    generic_tables: tuple[GenericTableShape, ...]
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


def _cell(cell: Json) -> CellShape:
    return CellShape(cell.get("value"), str(cell.get("raw", "")), json_to_source(cell.get("source")))


def _stage(how: Json) -> RowStage:
    return RowStage(str(how.get("label", "")), json_to_source(how.get("label_source")), str(how.get("values", "")),
                    int(how.get("readings", 0)), str(how.get("how", "")))


def _check(check: Json) -> CheckShape:
    blame = check.get("blame")
    shaped = Blame(str(blame.get("kind", "")), str(blame.get("reason", ""))) if isinstance(blame, dict) else None
    return CheckShape(str(check.get("rule", "")), check.get("ok"), str(check.get("detail", "")), shaped)


def _fact(fact: Json) -> FactShape:
    return FactShape(fact.get("key"), fact.get("subject"), fact.get("value"), fact.get("unit"),
                     str(fact.get("sentence", "")), json_to_source(fact.get("source")))


def _generic(table: Json) -> GenericTableShape:
    rows = tuple(
        GenericRowShape(str(row.get("label", "")), tuple(_cell(c) if c else None for c in row.get("cells", [])))
        for row in table.get("rows", [])
    )
    return GenericTableShape(table.get("title"), tuple(str(c) for c in table.get("columns", [])), rows)


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
        steps=tuple(StepShape(str(s.get("name", "")), s.get("count", ""), s.get("detail"))
                    for s in norm.get("steps", [])),
        sections=tuple(SectionShape(s.get("key"), s.get("heading"), str(s.get("text", "")))
                       for s in record.get("sections", [])),
        tables=_tables(record.get("tables", {})),
        checks=tuple(_check(c) for c in record.get("checks", [])),
        warnings=tuple(str(w) for w in record.get("warnings", [])),
        facts=tuple(_fact(f) for f in record.get("facts", [])),
        generic_tables=tuple(_generic(t) for t in record.get("generic_tables", [])),
        template_variant=diagnostics.get("template_variant"),
        diagnostics=_diagnostics(diagnostics),
    )
