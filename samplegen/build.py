"""Build a Report (the content model) from a ReportSpec and a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

import samplegen.errors as errors
import samplegen.labels as labels
import samplegen.narrative as narrative
from samplegen.decorate import DecorationPlan, decorate, error_table
from samplegen.metaprint import draw_meta
from samplegen.model import (
    Cell,
    HeaderCell,
    Metadata,
    Report,
    Section,
    StatedFact,
    StatedValue,
    Table,
    TableRow,
)
from samplegen.names import Publication, draw_agency, draw_publication
from samplegen.numbers import Figures, Grid, make_figures
from samplegen.variants import LabelStyle, draw_style, style_header, style_label

LAYOUTS: tuple[str, ...] = (
    "cell_per_line_blank",
    "cell_per_line",
    "pipe_rows",
    "pipe_cells",
    "glued",
    "partially_spaced",
)
GLUED_LAYOUTS = ("glued", "partially_spaced")
# Layouts that can print an empty cell so that a reader can see it.
BLANK_OK_LAYOUTS = ("cell_per_line", "pipe_rows", "pipe_cells")

ERROR_RATE = 1 / 6


@dataclass(frozen=True)
class ReportSpec:
    """What to generate. error/states None means: draw at random."""

    template: str
    layout: str
    encoding: str
    seed: str
    error: bool | None = None
    states: bool | None = None
    # draw how title, agency and dates print (samplegen.metaprint); the
    # curated samples keep the plain printing they were written with
    meta_variants: bool = False
    html: bool = False
    # issue 9: state varied narrative figures (own random stream, so the rest stays as drawn)
    facts: bool = False


def _year(rng: random.Random, variant: str) -> int:
    if variant == labels.TEMPLATE_2019:
        return rng.choice((2019, 2020))
    return rng.randint(2021, 2025)


def _title(rng: random.Random, agency: str, year: int) -> str:
    middle = "年度" if rng.random() < 0.3 else "年"
    return f"{agency}{year}{middle}政府信息公开工作年度报告"


def _cells(grid: Grid, row: str, cols: tuple[str, ...]) -> tuple[Cell, ...]:
    return tuple(Cell(row, c, grid[row][c].raw, grid[row][c].value) for c in cols)


def _header(cells: tuple[tuple[str, int, int], ...], style: LabelStyle) -> TableRow:
    return TableRow("header", header=tuple(HeaderCell(style_header(t, style), r, c) for t, r, c in cells))


def active_table(figures: Figures, variant: str, style: LabelStyle) -> Table:
    """Table 二 in document order."""
    groups = labels.ACTIVE_2019 if variant == labels.TEMPLATE_2019 else labels.ACTIVE_2021
    grid = figures["active_disclosure"]
    rows: list[TableRow] = []
    for group in groups:
        rows.append(TableRow("subheading", style_label(group.subheading, style)))
        rows.append(TableRow("header", header=tuple(HeaderCell(style_header(h, style)) for h in group.header)))
        for row_id, label in group.rows:
            rows.append(TableRow("data", style_label(label, style), _cells(grid, row_id, group.columns)))
    return Table("active_disclosure", tuple(rows))


def applications_table(rng: random.Random, figures: Figures, variant: str, style: LabelStyle) -> tuple[Table, bool]:
    """Table 三; the bool says a group label was printed twice (page break)."""
    grid = figures["applications"]
    rows: list[TableRow] = [_header(h, style) for h in labels.APPLICATION_HEADER]
    repeat = rng.random() < 0.15
    for spec in labels.application_rows(variant != labels.TEMPLATE_2021):
        label = style_label(spec.label, style)
        if spec.row_id is None:
            if repeat and spec.label == "（四）无法提供":
                rows.append(TableRow("group", style_label("三、本年度办理结果", style), level=0))
            rows.append(TableRow("group", label, level=spec.level))
            continue
        cells = _cells(grid, spec.row_id, labels.APPLICATION_COLUMNS)
        rows.append(TableRow("data", label, cells, level=spec.level))
    return Table("applications", tuple(rows), note=labels.APPLICATION_NOTE), repeat


def review_table(figures: Figures, style: LabelStyle) -> Table:
    """Table 四: the header grid and one data row of fifteen cells."""
    grid = figures["review_litigation"]
    rows = [_header(h, style) for h in labels.REVIEW_HEADER]
    cells: tuple[Cell, ...] = ()
    for row in labels.REVIEW_ROWS:
        cells += _cells(grid, row, labels.REVIEW_COLUMNS)
    rows.append(TableRow("data", "", cells))
    return Table("review_litigation", tuple(rows))


@dataclass(frozen=True)
class _Draft:
    figures: Figures
    variants: list[str]
    notes: list[str]


def _draw_figures(rng: random.Random, spec: ReportSpec, makes_rules: bool) -> _Draft:
    figures = make_figures(rng, spec.template, makes_rules)
    glued = spec.layout in GLUED_LAYOUTS
    has_error = spec.error if spec.error is not None else rng.random() < ERROR_RATE
    kind = errors.inject_error(rng, figures, glued) if has_error else None
    variants = [f"source_error:{kind}"] if kind else []
    plan = DecorationPlan(glued, spec.layout in BLANK_OK_LAYOUTS, error_table(kind))
    variants += decorate(rng, figures, plan)
    notes = [f"deliberate source error ({kind}); checks_failed lists what fails"] if kind else []
    return _Draft(figures, variants, notes)


def _metadata(spec: ReportSpec, agency: str, year: int, publication: Publication, title: str
              ) -> tuple[Metadata, list[str]]:
    """The report's metadata, and the variants its printing adds (spec.meta_variants: its own seed stream)."""
    printed = None
    added: list[str] = []
    if spec.meta_variants:
        drawn = draw_meta(spec.seed, agency, year, publication, title, spec.html)
        title, published, printed = drawn.title, drawn.published, drawn.printed
        added += drawn.variants
    else:
        published = publication.iso
    table_2021 = spec.template != labels.TEMPLATE_2019
    metadata = Metadata(
        title=title,
        agency=agency,
        year=year,
        published=published,
        published_line=publication.line,
        template=labels.TEMPLATE_2019 if not table_2021 else labels.TEMPLATE_2021,
        template_variant=spec.template,
        printed=printed,
    )
    return metadata, added


def build_report(spec: ReportSpec) -> Report:
    """Draw every part of one report from spec.seed (deterministic)."""
    rng = random.Random(f"samplegen:{spec.seed}")
    agency = draw_agency(rng)
    year = _year(rng, spec.template)
    title = _title(rng, agency.name, year)
    publication = draw_publication(rng, year, agency.name)
    draft = _draw_figures(rng, spec, agency.makes_rules)
    table_2021 = spec.template != labels.TEMPLATE_2019
    style = draw_style(rng, table_2021)
    voice = narrative.Voice(agency.name, agency.self_ref, year)
    states = spec.states if spec.states is not None else rng.random() < 0.6
    statement, stated, stated_facts = narrative.draw_statements(rng, draft.figures) if states else ("", [], [])
    apps, repeated = applications_table(rng, draft.figures, spec.template, style)
    sections, facts = _sections(
        rng,
        voice,
        draft.figures,
        statement,
        (active_table(draft.figures, spec.template, style), apps, review_table(draft.figures, style)),
        table_2021,
    )
    if spec.facts:
        sections, extra = _with_extra_facts(spec.seed, voice, draft.figures, sections, table_2021)
        facts += extra
    variants = _variants(spec, draft.variants, style, stated, repeated)
    metadata, printed_variants = _metadata(spec, agency.name, year, publication, title)
    variants += printed_variants
    cites_2021 = table_2021 if spec.template != labels.TEMPLATE_HYBRID else rng.random() < 0.5
    return Report(
        metadata,
        tuple(narrative.preamble(rng, voice, cites_2021)),
        sections,
        tuple(stated),
        tuple(variants),
        tuple(draft.notes + _hybrid_note(spec.template)),
        tuple(stated_facts + facts),
    )


def _with_extra_facts(
    seed: str, voice: narrative.Voice, figures: Figures, sections: tuple[Section, ...], template_2021: bool
) -> tuple[tuple[Section, ...], list[StatedFact]]:
    """Sections with the varied narrative figures added (overview paragraph, other-matters sentence)."""
    paragraph, fees, facts = narrative.extra_facts(random.Random(f"facts:{seed}"), voice, figures, template_2021)
    out = []
    for section in sections:
        paragraphs = section.paragraphs
        if section.key == "overview" and paragraph:
            paragraphs += (paragraph,)
        if section.key == "other_matters" and fees:
            paragraphs = (fees,)
        out.append(Section(section.key, section.heading, paragraphs, section.table))
    return tuple(out), facts


def _hybrid_note(template: str) -> list[str]:
    if template != labels.TEMPLATE_HYBRID:
        return []
    return [
        "hybrid: 2021-style table 二 with the 2019-style single （六）其他处理 row in table 三; truth template 2021"
    ]


def _variants(
    spec: ReportSpec, drawn: list[str], style: LabelStyle, stated: list[StatedValue], repeated: bool
) -> list[str]:
    out = [f"template_{spec.template}"]
    if spec.template == labels.TEMPLATE_HYBRID:
        out.append("hybrid_single_other_handling_row")
    out += drawn + style.names()
    if stated:
        out.append("narrative_states_table2")
    if repeated:
        out.append("repeated_group_label")
    return out


def _sections(
    rng: random.Random,
    voice: narrative.Voice,
    figures: Figures,
    statement: str,
    tables: tuple[Table, Table, Table],
    template_2021: bool,
) -> tuple[tuple[Section, ...], list[StatedFact]]:
    overview, facts = narrative.overview(rng, voice, figures, statement)
    texts: dict[str, list[str]] = {
        "overview": overview,
        "problems": narrative.problems(rng, voice),
        "other_matters": narrative.other_matters(rng, voice, template_2021),
    }
    by_key = {t.table_id: t for t in tables}
    sections = tuple(
        Section(key, heading, tuple(texts.get(key, [])), by_key.get(key)) for key, heading in labels.SECTION_HEADINGS
    )
    return sections, facts
