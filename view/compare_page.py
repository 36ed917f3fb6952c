"""``docstruct compare --html``: the comparison as one self-contained page in the debug view's style.

The same inline style and script, allowed by their hashes only (view/page.py's
policy): nothing is fetched, and every text from a report is escaped.  Both
sources are linked (file: URLs of their paths).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from docstruct.batch.compare import figure_text
from docstruct.view.html_source import attr
from docstruct.view.page import _document

STATE = {True: "ok", False: "failed", None: "skipped"}


def _link(side: dict[str, Any]) -> str:
    path = str(side.get("path") or "")
    label = escape(f"{side.get('title') or path} ({side.get('format')}, {str(side.get('sha256') or '')[:8]})")
    p = Path(path)
    if path and p.is_file():
        return f'<a href="{attr(p.resolve().as_uri())}">{label}</a>'
    return label


def _table(head: tuple[str, ...], rows: list[tuple[Any, ...]], cls: str = "") -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(figure_text(v))}</td>" for v in r) + "</tr>" for r in rows)
    return f'<table class="meta {attr(cls)}"><tr>{th}</tr>{body}</table>'


def _sections(sections: list[dict[str, Any]]) -> str:
    parts = []
    for s in sections:
        items = [f'<li class="check ok">+ {escape(t)}</li>' for t in s["added"]]
        items += [f'<li class="check failed">− {escape(t)}</li>' for t in s["removed"]]
        items += [f'<li class="check skipped">~ {escape(c["a"])} → {escape(c["b"])}</li>' for c in s["changed"]]
        parts.append(f"<h4>{escape(s['section'])} <small>{s['same']} sentences the same</small></h4>"
                     f'<ul class="checks all">{"".join(items)}</ul>')
    return "".join(parts)


def render_compare(result: dict[str, Any]) -> str:
    """The whole page."""
    a, b = result["a"], result["b"]
    changed = [c for c in result["cells"] if c["changed"]]
    body = (
        f"<main><section class=\"pane\"><h2>A: {_link(a)}</h2><h2>B: {_link(b)}</h2>"
        + "".join(f'<p class="blame-reason">{escape(n)}</p>' for n in result.get("notes", []))
        + "<h3>Key figures</h3>"
        + _table(("figure", "A", "B", "change", "%"),
                 [(k["figure"], k["a"], k["b"], k["delta"], k["percent"]) for k in result["key_figures"]])
        + "<h3>Continuity</h3>"
        + _table(("rule", "ok", "detail"), [(c["rule"], STATE[c["ok"]], c["detail"]) for c in result["continuity"]])
        + f"<h3>Cells that changed <small>{len(changed)} of {len(result['cells'])}</small></h3>"
        + _table(("cell", "A", "B", "change", "raw A", "raw B"),
                 [(c["cell"], c["a"], c["b"], c["delta"], c["raw_a"], c["raw_b"]) for c in changed])
        + "<h3>Facts that changed</h3>"
        + _table(("key", "unit", "A", "B"),
                 [(f["key"], f["unit"], ", ".join(map(figure_text, f["a"] or [])) or None,
                   ", ".join(map(figure_text, f["b"] or [])) or None) for f in result["facts_changed"]])
        + "<h3>Sections</h3>" + _sections(result["sections"])
        + "</section></main>"
    )
    title = f"compare {a.get('agency') or ''} {a.get('year')} / {b.get('year')}"
    return _document(body, title, None)
