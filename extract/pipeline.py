"""read -> normalise -> stream -> tables -> record -> checks, with per-stage timings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from docstruct.extract.blame import checks_to_blamed
from docstruct.extract.checks import check_table
from docstruct.extract.errors import LimitExceeded, UnreadableInput, UnsupportedFormat
from docstruct.extract.facts.model import FactsDiagnostics, FactsResult
from docstruct.extract.formats import image_kind, is_markdown, sniff_format
from docstruct.extract.generic_tables import GenericTables, stream_to_generic_tables
from docstruct.extract.limits import check_deadline, deadline_scope
from docstruct.extract.metadata import text_to_metadata
from docstruct.extract.model import Check, Document, Format
from docstruct.extract.options import ReadOptions
from docstruct.extract.record import TABLE_ORDER, Diagnostics, Record
from docstruct.extract.sections import Heading, find_headings, text_to_sections, with_table_anchors
from docstruct.extract.stream import Stream, blocks_to_stream
from docstruct.extract.tables.doubtful import settle_doubtful
from docstruct.extract.tables.rebuild import TableResult, read_table
from docstruct.extract.tables.spaced import has_glued_run
from docstruct.extract.templates import Template, all_templates, load_template

# The 2019 notice (国办公开办函〔2019〕60号) applies to reports for 2019 onward;
# r16-r21 (2013-2018) follow no national layout (real/README.md).
FIRST_TEMPLATE_YEAR = 2019
# One stray label ('政府集中采购' in r16's narrative) is not a template table.
MIN_SIGNALS = 2

Reader = Callable[[bytes, ReadOptions], Document]


@dataclass
class Timings:
    """Seconds spent per stage; kept out of the record so output stays byte-identical."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - since
        return now


def read_image(data: bytes, options: ReadOptions) -> Document:
    """An image file (PNG, JPEG, TIFF) read by OCR; the engine is imported only here."""
    from docstruct.extract.readers.ocr.reader import read_image as read

    return read(data, options)


def reader_for(fmt: Format, markdown: bool = False) -> Reader:
    """The reader function for a format (imported lazily: pdfplumber is heavy)."""
    if fmt == "txt" and markdown:
        from docstruct.extract.readers.markdown.reader import read_markdown

        return read_markdown
    if fmt == "txt":
        from docstruct.extract.readers.text import read_text

        return read_text
    if fmt == "html":
        from docstruct.extract.readers.html.reader import read_html

        return read_html
    if fmt == "pdf":
        from docstruct.extract.readers.pdf.reader import read_pdf

        return read_pdf
    if fmt == "docx":
        from docstruct.extract.readers.docx.reader import read_docx

        return read_docx
    raise UnsupportedFormat(f"unsupported format: {fmt}")


def _regions(text: str, headings: list[Heading]) -> dict[str, tuple[int, int]]:
    """Where each template table may be: its section, from heading (or table header) to the next.

    A table with neither is absent: an empty region, never the previous
    table's (a missing 四 once read table 三's totals as table 四).
    """
    found = {h.key: i for i, h in enumerate(headings)}
    out: dict[str, tuple[int, int]] = {}
    for name in TABLE_ORDER:
        if name not in found:
            out[name] = (len(text), len(text))
            continue
        i = found[name]
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        out[name] = (headings[i].end, end)
    return out


def detect_template(
    text: str, regions: dict[str, tuple[int, int]], year: int | None
) -> tuple[Template | None, list[str]]:
    """The template version from the labels table 二 prints, never from the cited notice alone.

    Real reports cite the 2019 notice over 2021 tables (real-world-variations.md
    'Labels and templates drift'), so labels decide; the year only breaks a tie.
    """
    if year is not None and year < FIRST_TEMPLATE_YEAR:
        return None, []
    start, end = regions["active_disclosure"]
    # distinct labels, not occurrences: one label repeated in a sentence is no table
    scores = [(len({"".join(m.split()) for m in t.signals.findall(text, start, end)}), t) for t in all_templates()]
    best = max(s for s, _ in scores)
    winners = [t for s, t in scores if s == best]
    if best >= MIN_SIGNALS and len(winners) == 1:
        return winners[0], []
    a_start, a_end = regions["applications"]
    apps = load_template("2021").tables["applications"]
    if not apps.rows[0].pattern.search(text, a_start, a_end):
        return None, []
    version = "2021" if (year or 0) >= 2021 else "2019"
    why = f"the year {year}" if year is not None else "no year stated (the older version)"
    return load_template(version), [
        f"metadata.template: table 二 labels do not tell the version apart; chose {version} from {why}"
    ]


def stream_to_tables(stream: Stream, template: Template, regions: dict[str, tuple[int, int]]) -> dict[str, TableResult]:
    """Every template table read from its region."""
    out = {}
    glued = has_glued_run(stream.text, (regions[name] for name in TABLE_ORDER))
    for name in TABLE_ORDER:
        start, end = regions[name]
        spec = template.tables[name]
        narrative = stream.text[:start] if spec.narrative else ""
        out[name] = read_table(stream, spec, start, end, narrative=narrative, glued=glued)
    return out


def tables_to_checks(template: Template | None, tables: dict[str, TableResult]) -> list[Check]:
    """Every 勾稽关系 rule of the template on the numbers as printed."""
    if template is None:
        return []
    out: list[Check] = []
    for name in TABLE_ORDER:
        grid = {row: {col: cell.value for col, cell in cells.items()} for row, cells in tables[name].rows.items()}
        out.extend(check_table(template.tables[name], grid))
    return out


def template_variant(template: Template | None, tables: dict[str, TableResult]) -> str | None:
    """'hybrid' for a 2021 table 二 with the 2019 single （六）其他处理 row in table 三.

    The record's ``template`` stays '2021' (report-schema.md allows only 2019,
    2021 or null); the variant is said here and the row ids show it.
    """
    if template is None:
        return None
    apps = tables.get("applications")
    single_other = apps is not None and "other_handling" in apps.rows
    if template.id == "2021" and single_other:
        return "hybrid"
    return template.id


# What a record made without facts says, in its warnings and diagnostics.facts.
FACTS_LEFT_OUT = "facts: left out on request (--no-facts); the narrative was not read for figures or checked"


def _facts(stream: Stream, headings: list[Heading], year: int | None, tables: dict[str, TableResult]) -> FactsResult:
    # imported here, not at the top: `extract --no-facts` never loads the matcher and its vocabulary
    from docstruct.extract.facts.engine import stream_to_facts

    return stream_to_facts(stream, headings, year, tables)


def document_to_record(doc: Document, timings: Timings | None = None, facts: bool = True) -> Record:
    """Everything after reading: stream, sections, metadata, tables, checks, facts (unless ``facts`` is False)."""
    timings = timings or Timings()
    t = time.perf_counter()
    stream = blocks_to_stream(doc.blocks, decorated_footers=doc.page_footers > 0)
    headings = find_headings(stream.text)
    sections = text_to_sections(stream.text, headings)
    meta = text_to_metadata(stream.text, doc.meta_tags)
    regions = _regions(stream.text, with_table_anchors(stream.text, headings))
    template, warnings = detect_template(stream.text, regions, meta.year)
    t = timings.add("structure", t)
    check_deadline("finding the report's structure")
    # a low-confidence OCR number is settled by the sum rules only where one reading is left (tables/doubtful.py)
    tables = settle_doubtful(template, stream_to_tables(stream, template, regions)) if template else {}
    # report-schema.md: without a template the old statistics table is a generic table
    generic = stream_to_generic_tables(stream) if template is None else GenericTables(())
    warnings.extend(generic.warnings)
    t = timings.add("tables", t)
    check_deadline("reading the tables")
    checks = tables_to_checks(template, tables)
    t = timings.add("checks", t)
    check_deadline("checking the tables")
    found = _facts(stream, headings, meta.year, tables) if facts else FactsResult(
        diagnostics=FactsDiagnostics(left_out=FACTS_LEFT_OUT)
    )
    timings.add("facts", t)
    for result in tables.values():
        warnings.extend(result.warnings)
    if not facts:
        warnings.append(FACTS_LEFT_OUT)
    return Record(
        document=doc,
        metadata=meta,
        template=template.id if template else None,
        sections=tuple(sections),
        tables=tables,
        checks=checks_to_blamed(tuple(checks) + found.checks, template.id if template else None, tables),
        warnings=tuple(doc.warnings) + meta.warnings + tuple(warnings),
        generic_tables=generic.tables,
        facts=found.facts,
        diagnostics=Diagnostics(
            template_variant=template_variant(template, tables),
            tables={name: result.report for name, result in tables.items()},
            sections_found=tuple(h.key for h in headings),
            generic_tables=generic.notes,
            facts=found.diagnostics,
        ),
    )


def extract_bytes(data: bytes, options: ReadOptions | None = None, fmt: Format | None = None,
                  timings: Timings | None = None) -> Record:
    """Extract one report from its bytes. Raises a DocstructError subclass on unreadable input."""
    options = options or ReadOptions()
    timings = timings or Timings()
    if not data:
        raise UnreadableInput("empty file")
    if len(data) > options.max_bytes:
        raise LimitExceeded(f"file is {len(data)} bytes, over the limit of {options.max_bytes}")
    # one deadline for the whole extraction, which every reader loop and stage checks (issue 16)
    with deadline_scope(options.max_seconds):
        t = time.perf_counter()
        fmt = fmt or sniff_format(data, options.path)
        markdown = fmt == "txt" and is_markdown(data, options.path)
        reader = read_image if image_kind(data) else reader_for(fmt, markdown)
        doc = reader(data, options)
        timings.add("read", t)
        return document_to_record(doc, timings, facts=options.facts)


def extract_file(path: str | Path, options: ReadOptions | None = None, timings: Timings | None = None) -> Record:
    """Extract one report from a file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"cannot read {p}: {exc.strerror or exc}") from exc
    opts = options or ReadOptions(path=str(path))
    if opts.path == "-":
        opts = replace(opts, path=str(path))
    return extract_bytes(data, opts, timings=timings)
