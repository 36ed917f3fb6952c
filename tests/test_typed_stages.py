"""The rebuild's stages stay typed until the record is written, and the view reads them back typed (issue 16 part 3)."""

from __future__ import annotations

from pathlib import Path

from docstruct.extract import extract_file
from docstruct.extract.model import Source
from docstruct.extract.record import Diagnostics
from docstruct.extract.tables.stages import RowStage, TableReport
from docstruct.view.data import view_input, view_payload
from docstruct.view.record_shape import record_to_shape
from docstruct.view.source_shape import BlockShape

ROOT = Path(__file__).resolve().parent.parent
GEN03 = ROOT / "samples" / "gen03_2019_partially_spaced_error.txt"


def test_table_reports_are_typed_until_written() -> None:
    record = extract_file(GEN03)
    assert isinstance(record.diagnostics, Diagnostics)
    report = record.tables["applications"].report
    assert isinstance(report, TableReport) and report.rows_found and report.rows_missing == ()
    stage = report.how["granted"] if report.how else None
    assert isinstance(stage, RowStage) and isinstance(stage.label_source, Source)
    assert stage.label_source.line is not None and stage.readings >= 1
    written = record.to_json()["diagnostics"]
    assert written["tables"]["applications"]["how"]["granted"] == stage.to_json()
    assert written["tables"]["applications"]["rows_missing"] == []
    assert list(written) == ["template_variant", "tables", "sections_found", "facts"]  # the record's key order


def test_the_view_reads_the_stages_back_as_the_pipeline_typed_them() -> None:
    record = extract_file(GEN03)
    shape = record_to_shape(record.to_json())
    assert record.tables["applications"].report.how is not None
    assert shape.diagnostics["applications"].how == record.tables["applications"].report.how
    cell = record.tables["applications"].rows["granted"]["total"]
    assert shape.tables["applications"]["granted"]["total"] == cell
    assert [c.rule for c in shape.checks] == [c.rule for c in record.checks]
    assert shape.metadata.template == record.template


def test_view_input_types_the_record_and_the_blocks_once() -> None:
    record = extract_file(GEN03)
    view = view_input(record.to_json(), view_payload(record))
    assert view.shape == record_to_shape(view.record)
    assert all(isinstance(b, BlockShape) for b in view.source) and len(view.source) == len(record.document.blocks)
    spanned = [b for b in view.source if b.origin]
    assert spanned and all(len(run) == 3 for b in spanned for run in b.origin)


def test_a_record_without_diagnostics_still_has_a_shape() -> None:
    """The service drops diagnostics on request (?diagnostics=false); a stored record may predate a key."""
    record = extract_file(GEN03).to_json()
    record.pop("diagnostics")
    shape = record_to_shape(record)
    assert shape.diagnostics == {} and shape.template_variant is None
    assert record_to_shape({}).tables == {} and record_to_shape({}).source.path is None


def test_facts_diagnostics_are_typed_until_written() -> None:
    from docstruct.extract.facts import FactsDiagnostics
    from docstruct.extract.options import ReadOptions

    narrative = ROOT / "samples" / "gen18_2021_narrative_facts.txt"
    record = extract_file(narrative)
    facts = record.diagnostics.facts
    assert isinstance(facts, FactsDiagnostics) and facts.candidate_sentences and facts.not_compared
    assert all(f.why_not for f in facts.not_compared)  # the Facts themselves, each saying why
    written = record.to_json()["diagnostics"]["facts"]
    assert list(written) == ["candidate_sentences", "not_counts", "not_compared"]
    assert written["not_compared"][0] == {"key": facts.not_compared[0].key, "value": facts.not_compared[0].value,
                                          "why": facts.not_compared[0].why_not,
                                          "source": facts.not_compared[0].source.to_json()}
    bare = extract_file(narrative, ReadOptions(path=str(narrative), facts=False))
    assert bare.to_json()["diagnostics"]["facts"] == {"left_out": bare.diagnostics.facts.left_out}
