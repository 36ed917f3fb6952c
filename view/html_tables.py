"""The right pane: metadata, sections, the three tables as the template lays them out, checks, warnings.

Cells carry ``data-src`` (the anchors of their source) and, when a failed
check involves them, the class ``failed`` and the equation.  Each row opens to
show the rebuild's stages from ``diagnostics.tables.<t>.how.<row>``.
"""

from __future__ import annotations

import json
import re
from html import escape

from docstruct.extract.checks import expected_rows
from docstruct.extract.model import Cell, Check
from docstruct.extract.tables.stages import RowStage
from docstruct.extract.templates import load_template
from docstruct.extract.view_data import LayoutRow, TableLayout, template_layout
from docstruct.view.html_source import attr
from docstruct.view.links import Links, failed_check_cells
from docstruct.view.record_shape import RecordShape, TableDiagnostics

TITLES = {
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
# diagnostics.tables.<t>.how.<row>: each RowStage field (extract/tables/stages.py), named for the reader
STAGES = {"label": "label found", "label_source": "label at", "values": "value text", "readings": "readings",
          "how": "how one was chosen"}
_PLACE = re.compile(r"^(active_disclosure|applications|review_litigation)\.([a-z_]+)\b")


def _cell(key: str, cell: Cell | None, links: Links) -> str:
    if cell is None:
        return '<td class="cell absent" title="absent in the document">·</td>'
    classes = "cell"
    title = f"raw: {cell.raw}"
    failed = links.failed.get(key, [])
    if failed:
        classes += " failed"
        title += "\n" + "\n".join(failed)
    src = " ".join(links.cell_anchors.get(key, []))
    shown = "—" if cell.value is None else str(cell.value)
    eq = f'<span class="eq">{escape(failed[0].split(": ", 1)[-1])}</span>' if failed else ""
    return (
        f'<td class="{classes}" id="c-{attr(key)}" data-key="{attr(key)}" data-src="{attr(src)}" '
        f'title="{attr(title)}">{escape(shown)}{eq}</td>'
    )


def _stage_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _how(how: RowStage | None, width: int, row_key: str) -> str:
    if how is None:
        return ""
    items = "".join(
        f"<dt>{escape(STAGES[k])}</dt><dd>{escape(_stage_text(v))}</dd>" for k, v in how.to_json().items()
    )
    return f'<tr class="how" id="h-{attr(row_key)}" hidden><td colspan="{width}"><dl>{items}</dl></td></tr>'


def _row(table: str, spec: LayoutRow, rows: dict[str, dict[str, Cell]], cols: tuple[str, ...],
         diag: TableDiagnostics, links: Links) -> str:
    if spec.id is None:
        return f'<tr class="heading"><th colspan="{len(cols) + 1}">{escape(spec.label)}</th></tr>'
    row_key = f"{table}.{spec.id}"
    cells = rows.get(spec.id)
    if cells is None:
        return f'<tr class="row missing" id="r-{attr(row_key)}"><th>{escape(spec.label)}</th>' + (
            f'<td colspan="{len(cols)}" class="absent">row not found</td></tr>'
        )
    tds = "".join(
        _cell(f"{row_key}.{c}", cells.get(c), links) if c in spec.columns else '<td class="na"></td>' for c in cols
    )
    how = diag.how.get(spec.id)
    toggle = f'<button type="button" class="toggle" data-target="h-{attr(row_key)}">▸</button>' if how else ""
    head = f'<th>{toggle}<a class="rowid" title="{attr(spec.id)}">{escape(spec.label)}</a></th>'
    return f'<tr class="row" id="r-{attr(row_key)}">{head}{tds}</tr>' + _how(how, len(cols) + 1, row_key)


def _blocks(layout: TableLayout) -> list[tuple[tuple[str, ...], list[LayoutRow]]]:
    """Consecutive rows with the same columns share a header (table 二 prints one per group)."""
    out: list[tuple[tuple[str, ...], list[LayoutRow]]] = []
    for row in layout.rows:
        cols = row.columns or (out[-1][0] if out else layout.columns)
        if out and out[-1][0] == cols:
            out[-1][1].append(row)
        else:
            out.append((cols, [row]))
    return out


def _table(layout: TableLayout, template: str, record: RecordShape, links: Links) -> str:
    rows = record.tables.get(layout.name, {})
    diag = record.diagnostics.get(layout.name, TableDiagnostics())
    if not rows:
        body = '<p class="absent">table not found in the document</p>'
        return f'<section class="table" id="t-{layout.name}"><h3>{escape(TITLES[layout.name])}</h3>{body}</section>'
    # the rows of the variant this report prints (2019 single （六） or the 2021 sub-rows)
    expected = set(expected_rows(load_template(template).tables[layout.name], list(rows)))
    parts = []
    for cols, group in _blocks(layout):
        shown = [r for r in group if r.id is None or r.id in rows or r.id in expected]
        if not any(r.id for r in shown):
            continue
        head = "".join(f"<th>{escape(layout.column_labels.get(c, c))}</th>" for c in cols)
        body = "".join(_row(layout.name, r, rows, cols, diag, links) for r in shown)
        parts.append(f'<table class="tmpl"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>')
    extra = {k: v for k, v in diag.how.items() if k not in rows}
    notes = "".join(
        f"<details><summary>{escape(k)}</summary><pre>{escape(json.dumps(v.to_json(), ensure_ascii=False, indent=1))}"
        "</pre>"
        "</details>"
        for k, v in extra.items()
    )
    return (
        f'<section class="table" id="t-{layout.name}"><h3>{escape(TITLES[layout.name])}</h3>{"".join(parts)}'
        f"{notes}</section>"
    )


def render_tables(record: RecordShape, links: Links) -> str:
    """The three template tables (or a note when the report has no template)."""
    template = record.metadata.template
    if not isinstance(template, str) or template not in ("2019", "2021"):
        return '<p class="absent">no national template (tables are in generic_tables)</p>'
    return "".join(_table(layout, template, record, links) for layout in template_layout(template))


def _place_link(text: str) -> str:
    m = _PLACE.match(text)
    if not m:
        return escape(text)
    row_key = f"{m[1]}.{m[2]}"
    return f'<a href="#r-{attr(row_key)}" class="place">{escape(m[0])}</a>{escape(text[m.end():])}'


def _blame(check: Check) -> str:
    """A failed check's blame (report-schema.md 'Checks'): the kind, and the reason on hover and below."""
    if check.blame is None:
        return ""
    kind, reason = check.blame.kind, check.blame.reason
    return (f' <span class="blame blame-{attr(kind)}" title="{attr(reason)}">blame: {escape(kind)}</span>'
            f'<div class="blame-reason">{escape(reason)}</div>')


def render_checks(record: RecordShape) -> str:
    """Checks, failed first, each linked to the cells it adds up."""
    checks = sorted(record.checks, key=lambda c: {False: 0, None: 1, True: 2}[c.ok])
    items = []
    for check in checks:
        state = {False: "failed", None: "skipped", True: "ok"}[check.ok]
        keys = " ".join(failed_check_cells(record, check))
        items.append(
            f'<li class="check {state}" data-cells="{attr(keys)}"><b>{escape(state)}</b> '
            f"<code>{escape(check.rule)}</code> {escape(check.detail)}"
            f"{_blame(check)}</li>"
        )
    failed = sum(1 for c in checks if c.ok is False)
    button = '<button type="button" id="show-all-checks">show all</button>'
    head = f"<h3>Checks <small>{failed} failed of {len(checks)}</small> {button}</h3>"
    return f'{head}<ul class="checks">{"".join(items)}</ul>'


def render_warnings(record: RecordShape, notes: list[str]) -> str:
    """Warnings (linked to their row when they name one), normalisation steps, view notes."""
    warns = "".join(f'<li class="warning">{_place_link(w)}</li>' for w in record.warnings)
    steps = "".join(
        f"<li><code>{escape(s.name)}</code> × {s.count} {escape(s.detail)}</li>"
        for s in record.steps
    )
    enc = record.source.encoding
    if enc:
        steps = f"<li>decoded as <code>{escape(str(enc))}</code></li>" + steps
    if record.encoding_repair:
        steps = f"<li>encoding repaired: {escape(record.encoding_repair)}</li>" + steps
    view_notes = "".join(f'<li class="note">{escape(n)}</li>' for n in notes)
    return (
        f'<h3>Warnings <small>{len(record.warnings)}</small></h3><ul class="warnings">{warns}</ul>'
        f'<h3>Normalisation</h3><ul class="norm">{steps}</ul>' + (f"<ul>{view_notes}</ul>" if view_notes else "")
    )


def render_facts(record: RecordShape, links: Links) -> str:
    """Narrative facts, each linked to its source like a cell."""
    facts = record.facts
    if not facts:
        return "<h3>Facts <small>none</small></h3>"
    rows = []
    for i, f in enumerate(facts):
        key = f"fact.{i}"
        src = " ".join(links.cell_anchors.get(key, []))
        rows.append(
            f'<tr><td class="cell fact" id="c-{key}" data-key="{key}" data-src="{attr(src)}">'
            f"{escape(str(f.value))} {escape(f.unit or '')}</td>"
            f"<td><code>{escape(str(f.key))}</code></td><td>{escape(f.subject)}</td>"
            f'<td class="sentence">{escape(f.sentence)}</td></tr>'
        )
    return f'<h3>Facts <small>{len(facts)}</small></h3><table class="facts">{"".join(rows)}</table>'
