"""The store's pages: the report list, failed checks by rule, the charts, and a batch's summary.html.

Each page is rendered from the plain JSON data of ``docstruct.batch.store_query``
(the JSON API sends the same dicts), with every stored text escaped.  The pages
use the debug view's stylesheet and its hash-only Content-Security-Policy; they
need no script: filters are a GET form, sorting and paging are links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from docstruct.view.charts import bar_chart, stats_charts
from docstruct.view.data import ViewInput
from docstruct.view.html_source import attr
from docstruct.view.page import _static, content_security_policy, render_page

ROOT = "/store"
# the columns of the list: (sort key, heading)
COLUMNS = (("status", "status"), ("format", "format"), ("template", "template"), ("agency", "agency"),
           ("year", "year"), ("checks_failed", "failed checks"), ("warning_count", "warnings"),
           ("seconds", "seconds"), ("title", "title"))
NAV = (("reports", ROOT), ("checks", f"{ROOT}/checks"), ("charts", f"{ROOT}/charts"), ("debug view", "/"))
# summary.html: what differs between two runs over the same input (timings) sits between these marks
VARIES_START, VARIES_END = "<!--varies-->", "<!--/varies-->"
_VARIES = re.compile(re.escape(VARIES_START) + ".*?" + re.escape(VARIES_END), re.S)


def without_varying(html: str) -> str:
    """summary.html without its run-dependent parts: what two runs over the same input share."""
    return _VARIES.sub("", html)


def store_document(body: str, title: str, active: str | None = None) -> str:
    """A whole page: the view's style and policy, a header (with the store's navigation when ``active``)."""
    nav = ""
    if active is not None:
        links = "".join(f'<a href="{attr(href)}"{" class=current" if name == active else ""}>{escape(name)}</a>'
                        for name, href in NAV)
        nav = f'<nav class="store">{links}</nav>'
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{attr(content_security_policy())}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>docstruct · {escape(title)}</title><style>{_static('view.css')}</style></head><body>"
        f"<header><h1>docstruct · {escape(title)}</h1>{nav}</header><main class=\"store\">{body}</main>"
        "</body></html>\n"
    )


def report_href(sha256: str) -> str:
    return f"{ROOT}/reports/{quote(sha256)}"


def list_href(params: dict[str, Any]) -> str:
    return ROOT + ("?" + urlencode(params) if params else "")


def _text(value: Any) -> str:
    return "—" if value is None else escape(str(value))


def _select(name: str, values: Sequence[Any], chosen: Any, labels: dict[Any, str] | None = None) -> str:
    opts = ['<option value="">any</option>']
    for v in values:
        sel = " selected" if chosen is not None and str(v) == str(chosen) else ""
        opts.append(f'<option value="{attr(v)}"{sel}>{escape((labels or {}).get(v, str(v)))}</option>')
    return f'<label>{escape(name)} <select name="{attr(name)}" id="f-{attr(name)}">{"".join(opts)}</select></label>'


def _filters(query: dict[str, Any], facets: dict[str, list[Any]]) -> str:
    hidden = "".join(f'<input type="hidden" name="{k}" value="{attr(query[k])}">' for k in ("sort", "desc")
                     if k in query)
    return (
        f'<form class="filters" method="get" action="{ROOT}">'
        + _select("status", facets["status"], query.get("status"))
        + _select("template", facets["template"], query.get("template"))
        + _select("year", facets["year"], query.get("year"))
        + _select("rule", facets["rule"], query.get("rule"))
        + _select("warnings", ["yes", "no"], query.get("warnings"))
        + f'<label>search <input type="search" name="q" id="f-q" value="{attr(query.get("q", ""))}" '
        'placeholder="title, agency or path"></label>'
        + hidden + '<button type="submit" id="f-go">filter</button></form>'
    )


def _heading(key: str, label: str, query: dict[str, Any]) -> str:
    current = query.get("sort", "path") == key
    desc = current and not query.get("desc")
    params = {k: v for k, v in query.items() if k not in ("sort", "desc", "page")}
    params["sort"] = key
    if desc:
        params["desc"] = "true"
    mark = (" ▼" if query.get("desc") else " ▲") if current else ""
    return f'<th><a href="{attr(list_href(params))}">{escape(label)}{mark}</a></th>'


def _row(r: dict[str, Any]) -> str:
    name = r.get("title") or r.get("path") or r["sha256"]
    seconds = "—" if r.get("seconds") is None else f"{r['seconds']:.2f}"
    return (
        f'<tr class="st-{attr(r["status"])}"><td class="status">{escape(r["status"])}</td>'
        f"<td>{_text(r.get('format'))}</td><td>{_text(r.get('template'))}</td><td>{_text(r.get('agency'))}</td>"
        f"<td>{_text(r.get('year'))}</td><td class=\"num\">{_text(r.get('checks_failed'))}</td>"
        f"<td class=\"num\">{_text(r.get('warning_count'))}</td><td class=\"num\">{seconds}</td>"
        f'<td><a class="report" href="{attr(report_href(r["sha256"]))}">{escape(str(name))}</a></td></tr>'
    )


def _pager(data: dict[str, Any]) -> str:
    query, page, pages = data["query"], data["page"], data["pages"]

    def link(n: int, text: str, rel: str) -> str:
        if n < 1 or n > pages or n == page:
            return f'<span class="off">{escape(text)}</span>'
        params = {**query, "page": n} if n > 1 else {k: v for k, v in query.items() if k != "page"}
        return f'<a rel="{rel}" id="pg-{rel}" href="{attr(list_href(params))}">{escape(text)}</a>'

    return (f'<p class="pager">{link(1, "« first", "first")} {link(page - 1, "‹ previous", "prev")} '
            f"page {page} of {pages} {link(page + 1, 'next ›', 'next')} {link(pages, 'last »', 'last')}</p>")


def render_list(data: dict[str, Any], facets: dict[str, list[Any]]) -> str:
    """The report list page: filters, a sortable table of one page, and paging links."""
    query = data["query"]
    heads = "".join(_heading(k, label, query) for k, label in COLUMNS)
    rows = "".join(_row(r) for r in data["reports"])
    body = (
        _filters(query, facets)
        + f'<p class="total" id="total">{data["total"]} reports</p>'
        + f'<table class="reports" id="reports"><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>'
        + _pager(data)
    )
    return store_document(body, "reports", "reports")


def _rule_group(group: dict[str, Any], linked: bool) -> str:
    rule = str(group["rule"])
    rows = []
    for r in group["first"]:
        name = escape(str(r.get("title") or r.get("path") or r["sha256"]))
        if linked:
            name = f'<a href="{attr(report_href(r["sha256"]))}">{name}</a>'
        rows.append(f"<tr><td>{name}</td><td>{_text(r.get('agency'))}</td><td>{_text(r.get('year'))}</td>"
                    f'<td class="detail">{_text(r.get("detail"))}</td></tr>')
    more = ""
    if linked:
        more = f' · <a class="all" href="{attr(list_href({"rule": rule}))}">all {group["reports"]} reports</a>'
    elif group["reports"] > len(group["first"]):
        more = f" · the first {len(group['first'])} shown"
    return (f'<section class="rule"><h3><code>{escape(rule)}</code></h3><p>{group["failures"]} failures in '
            f'{group["reports"]} reports{more}</p><table class="reports">{"".join(rows)}</table></section>')


def checks_body(data: dict[str, Any], linked: bool = True) -> str:
    """Failed checks grouped by rule: counts, the first reports with their equations."""
    if not data["rules"]:
        return '<p class="none">no failed checks</p>'
    return "".join(_rule_group(g, linked) for g in data["rules"])


def _side(r: dict[str, Any], side: str, linked: bool) -> str:
    year, path, sha = r.get(f"year_{side}"), r.get(f"path_{side}"), r.get(f"sha256_{side}")
    text = f"{_text(year)} <small>{_text(path)}</small>"
    return f'<a href="{attr(report_href(sha))}">{text}</a>' if linked and sha else text


def cross_body(cross: dict[str, Any] | None, linked: bool = True) -> str:
    """The failed cross-report checks (one agency across the years), both documents named; "" without them."""
    if cross is None:
        return ""
    counts = "".join(f"<li><code>{escape(str(rule))}</code>: {n}</li>" for rule, n in cross["by_rule"])
    rows = "".join(f"<tr><td><code>{_text(r['rule'])}</code></td><td>{_text(r['agency_key'])}</td>"
                   f"<td>{_side(r, 'a', linked)}</td><td>{_side(r, 'b', linked)}</td>"
                   f'<td class="detail">{_text(r["detail"])}</td></tr>' for r in cross["failed"])
    head = "<tr><th>rule</th><th>agency</th><th>year N</th><th>year N+1</th><th>equation</th></tr>"
    table = f'<table class="reports"><thead>{head}</thead><tbody>{rows}</tbody></table>' if rows else ""
    return (f'<h2 id="cross">Cross-report checks that failed</h2><ul>{counts}</ul>'
            f'<p>{cross["not_evaluated"]} could not be evaluated (a year or a cell missing).</p>{table}'
            if rows or cross["not_evaluated"] else "")


def render_checks(data: dict[str, Any]) -> str:
    """The checks page: failed checks by rule, then the failed cross-report checks when the store has them."""
    body = f"<h2>Failed checks by rule</h2>{checks_body(data)}{cross_body(data.get('cross_checks'))}"
    return store_document(body, "checks", "checks")


def _stale_line(stats: dict[str, Any]) -> str:
    return (f'<p class="stale" id="stale">{stats["stale"]} of {stats["documents"]} stored documents were made by '
            f'another parser version than this one ({stats["parser_version"]}); `docstruct batch` redoes them.</p>'
            if stats["stale"] else "")


def render_charts(stats: dict[str, Any]) -> str:
    """The charts page."""
    return store_document(f"<h2>{stats['documents']} documents</h2>{_stale_line(stats)}{stats_charts(stats)}",
                          "charts", "charts")


def _failures(groups: list[dict[str, Any]]) -> str:
    if not groups:
        return ""
    out = ["<h2>Failures by reason</h2>"]
    for g in groups:
        items = "".join(f"<li><code>{escape(str(f['path']))}</code>: {_text(f.get('error'))}</li>" for f in g["first"])
        out.append(f"<h3>{escape(str(g['reason']))} ({g['documents']})</h3><ul>{items}</ul>")
    return "".join(out)


def render_summary(stats: dict[str, Any], checks: dict[str, Any], failures: list[dict[str, Any]],
                   run_lines: list[str]) -> str:
    """A batch's OUT/summary.html: self-contained, no links out, the same for the same store.

    run_lines: this run's terminal summary (timings), kept between the varying marks.
    """
    counts = " · ".join(f"{escape(s)} {n}" for s, n in stats["by_status"])
    run = escape("\n".join(run_lines))
    body = (
        f'<h2>{stats["documents"]} documents</h2><p class="totals" id="totals">{counts}</p>{_stale_line(stats)}'
        f'{VARIES_START}<details class="run"><summary>this run</summary><pre>{run}</pre></details>{VARIES_END}'
        + stats_charts(stats, with_seconds=False)
        + f'{VARIES_START}{bar_chart("Seconds per document", stats["seconds"], "time", "chart-seconds")}'
        f"{VARIES_END}<h2>Failed checks by rule</h2>{checks_body(checks, linked=False)}"
        f"{cross_body(checks.get('cross_checks'), linked=False)}{_failures(failures)}"
    )
    return store_document(body, "batch summary")


def render_stored_report(row: dict[str, Any], view: ViewInput | None, notes: list[str]) -> str:
    """A stored document's page: the debug view of its stored record (``view``; None for a failed document),
    with the store's navigation and ``notes`` (why the source is not shown, which parser made it)."""
    items = "".join(f"<li>{escape(n)}</li>" for n in notes)
    stored = (f'<p class="stored">stored as <code>{escape(str(row["sha256"]))}</code> · {escape(str(row["status"]))}'
              f' · parser version {_text(row.get("parser_version"))} · {len(row.get("paths") or [])} path(s)</p>')
    banner = stored + (f'<ul class="notes" id="notes">{items}</ul>' if items else "")
    if view is None:
        error = f'<p class="empty error" id="message">{_text(row.get("error_code"))}: {_text(row.get("error"))}</p>'
        return store_document(banner + error, str(row.get("path") or row["sha256"]), "reports")
    nav = "".join(f'<a href="{attr(href)}">{escape(name)}</a>' for name, href in NAV)
    return render_page(view, None, f'<nav class="store">{nav}</nav>{banner}')
