"""The debug page: source left, structure right, one self-contained HTML document.

The style and the script are inline and allowed by their sha256 hashes in the
Content-Security-Policy; nothing else may run (no inline handlers, no outside
scripts, no fetches), so document text that holds ``<script>`` or
``onerror=`` is shown and never run.  The same policy is sent as a header by
the service and written as a <meta> tag into ``docstruct show --html`` files.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from html import escape
from importlib import resources

from docstruct.extract.formats import UPLOAD_SUFFIXES
from docstruct.view.data import ViewInput
from docstruct.view.html_source import attr, render_source
from docstruct.view.html_tables import render_checks, render_facts, render_tables, render_warnings
from docstruct.view.links import Links, record_links
from docstruct.view.record_shape import RecordShape


@cache
def _static(name: str) -> str:
    return resources.files("docstruct.view").joinpath("static", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def content_security_policy() -> str:
    """The page's policy: own hashed style and script only, images from data: URIs, forms to itself."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {_sha256(_static('view.js'))}",
            f"style-src {_sha256(_static('view.css'))}",
            "img-src data:",
            "form-action 'self'",
            "base-uri 'none'",
        ]
    )


def _meta(record: RecordShape) -> str:
    meta, src = record.metadata, record.source
    rows: list[tuple[str, object]] = [
        ("title", meta.title), ("agency", meta.agency), ("year", meta.year), ("published", meta.published),
        ("template", meta.template), ("source.path", src.path), ("source.format", src.format),
        ("source.bytes", src.bytes), ("source.encoding", src.encoding), ("source.pages", src.pages),
        ("source.sha256", src.sha256),
    ]
    if record.template_variant:
        rows.append(("template variant", record.template_variant))
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape('—' if v is None else str(v))}</td></tr>" for k, v in rows)
    return f'<h3>Metadata</h3><table class="meta">{body}</table>'


def _sections(record: RecordShape) -> str:
    items = "".join(
        f'<details class="section"><summary><code>{escape(str(s.key))}</code> {escape(str(s.heading))}'
        f"</summary><p>{escape(s.text)}</p></details>"
        for s in record.sections
    )
    return f"<h3>Sections <small>{len(record.sections)}</small></h3>{items}"


def _generic(record: RecordShape, links: Links) -> str:
    out = []
    for t, table in enumerate(record.generic_tables):
        head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
        rows = []
        for r, row in enumerate(table.rows):
            tds = "".join(
                f'<td class="cell" id="c-generic.{t}.{r}.{c}" data-key="generic.{t}.{r}.{c}" '
                f'data-src="{attr(" ".join(links.cell_anchors.get(f"generic.{t}.{r}.{c}", [])))}">'
                f'{escape(cell.raw if cell else "")}</td>'
                for c, cell in enumerate(row.cells)
            )
            rows.append(f"<tr><th>{escape(row.label)}</th>{tds}</tr>")
        title = escape(str(table.title or f"table {t + 1}"))
        out.append(f'<h3>{title}</h3><table class="tmpl"><tr><th></th>{head}</tr>{"".join(rows)}</table>')
    return "".join(out)


def _header(form_action: str | None, title: str) -> str:
    form = ""
    if form_action is not None:
        form = (
            f'<form id="upload" method="post" action="{attr(form_action)}" enctype="multipart/form-data">'
            '<label id="drop">drop a report here or <input type="file" id="file" name="file" '
            f'accept="{attr(",".join(UPLOAD_SUFFIXES))}"></label>'
            '<button type="submit">view</button></form>'
        )
    return f"<header><h1>docstruct · {escape(title)}</h1>{form}</header>"


def _document(body: str, title: str, form_action: str | None) -> str:
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{attr(content_security_policy())}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>docstruct · {escape(title)}</title><style>{_static('view.css')}</style></head><body>"
        f"{_header(form_action, title)}{body}<script>{_static('view.js')}</script></body></html>\n"
    )


def render_page(view: ViewInput, form_action: str | None = None, banner: str = "") -> str:
    """The whole page for one record; ``form_action`` adds the upload form (the service).

    banner: HTML (already escaped) above the two panes: the store's navigation and notes."""
    record = view.shape
    links = record_links(record, view.source)
    fmt = "" if record.source.format is None else str(record.source.format)
    left = render_source(fmt, view.source, view.images, links)
    right = (
        _meta(record)
        + render_tables(record, links)
        + render_checks(record)
        + render_warnings(record, view.notes)
        + render_facts(record, links)
        + _generic(record, links)
        + _sections(record)
    )
    body = (
        f'{banner}<main class="split"><section class="pane" id="source">{left}</section>'
        f'<section class="pane" id="structure"><h2>Structure</h2><div id="inspect"></div>{right}</section></main>'
    )
    title = str(record.metadata.title or (record.source.path if record.source.path is not None else "report"))
    return _document(body, title, form_action)


def render_empty(form_action: str, message: str = "", status: str = "") -> str:
    """The page before a file is chosen, or after one failed (message escaped)."""
    text = escape(message) if message else "Drop a report (PDF, DOCX, HTML or text) or choose one above."
    cls = "empty error" if status else "empty"
    return _document(f'<div class="{cls}" id="message">{text}</div>', "debug view", form_action)
