"""HTML renderings of a Report, the way government portals publish them.

Layouts:
  html_table           real <table>s with the national template's rowspan/colspan
                       (the structure of shared/real/r15.html), blank cells as
                       ``&nbsp;``, empty or Word's ``<o:p>&nbsp;</o:p>``
  html_flat            every table cell its own <p> or <div> (a flattened table)
  html_gbk_wrong_meta  html_table as GB18030 bytes whose meta says utf-8
  html_traditional     html_table in traditional characters (a mirror site)

Each page draws its own style: site chrome (nav, breadcrumb, share bar,
related-report links, print/close tools, footer), Word HTML debris
(``<!--[if !supportLists]-->``, ``<o:p>``), the title only in <title>, a
one-cell layout table around the article, source line breaks inside Chinese
text, headings as h2/h3/strong.  Same report and seed, same bytes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html import escape

from samplegen.build import ReportSpec, build_report
from samplegen.encode import BIG5_FORMS, to_traditional
from samplegen.model import EncodedText, RenderedText, Report, Table, TableRow
from samplegen.render_text import document_items, flat_table
from samplegen.splits import Ambiguity
from samplegen.truth import GeneratedFile, build_truth, truth_json

HTML_LAYOUTS: tuple[str, ...] = ("html_table", "html_flat", "html_gbk_wrong_meta", "html_traditional")

_CJK = "\u4e00-\u9fff"
# Word puts list numbering between conditional comments; the numbering is text.
_NUMBERING_RE = re.compile(
    r"^((?:[一二三四五六七八九十]{1,2}、)|(?:[（(][一二三四五六七八九十]{1,2}[）)])|(?:\d{1,2}[.、]\s?))"
)
_CJK_PAIR_RE = re.compile(f"(?<=[{_CJK}])(?=[{_CJK}])")
_BLANKS = ("&nbsp;", "", "<o:p>&nbsp;</o:p>")
_INLINE_TAGS = ("span", "font", "b", "a")
# Related reports of other years: the link list a reader must drop.
_RELATED_YEARS = (2018, 2017, 2016)
# The navigation column of old table-laid-out portals.
_NAV_LINKS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开")


@dataclass(frozen=True)
class HtmlPage:
    """A rendered page: bytes, what they are encoded in, what the meta declares."""

    data: bytes
    layout: str
    encoding: str
    declared: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class _Style:
    chrome: bool
    word: bool
    title_in_body: bool
    wrapper: str  # "", "single" (one-cell table) or "nav" (a links cell beside the content cell)
    heading: str
    blank: str
    cell_p: bool
    source_wraps: bool
    flat_tag: str

    def names(self) -> list[str]:
        flags = (
            ("site_chrome", self.chrome),
            ("word_html", self.word),
            ("title_only_in_head", not self.title_in_body),
            ("layout_table_wrapper", self.wrapper == "single"),
            ("layout_table_nav_cell", self.wrapper == "nav"),
            ("source_line_breaks", self.source_wraps),
        )
        return [name for name, on in flags if on] + [f"heading_{self.heading}"]


def _draw_style(rng: random.Random) -> _Style:
    return _Style(
        chrome=rng.random() < 0.6,
        word=rng.random() < 0.4,
        title_in_body=rng.random() < 0.75,
        wrapper=rng.choices(("", "single", "nav"), weights=(6, 2, 2))[0],
        heading=rng.choice(("p", "h2", "h3", "strong")),
        blank=rng.choice(_BLANKS),
        cell_p=rng.random() < 0.5,
        source_wraps=rng.random() < 0.4,
        flat_tag=rng.choice(("p", "div")),
    )


class _Page:
    """Renders the pieces of one page with one style and random stream."""

    def __init__(self, rng: random.Random, style: _Style) -> None:
        self.rng = rng
        self.style = style

    def inline(self, text: str) -> str:
        """Escaped text, sometimes cut into inline runs (which must not split lines)."""
        if len(text) < 4 or self.rng.random() < 0.7:
            return escape(text, quote=False)
        cut = self.rng.randint(1, len(text) - 1)
        tag = self.rng.choice(_INLINE_TAGS)
        attrs = ' href="#"' if tag == "a" else (' face="宋体"' if tag == "font" else "")
        return f"<{tag}{attrs}>{escape(text[:cut], quote=False)}</{tag}>{escape(text[cut:], quote=False)}"

    def wrapped(self, text: str) -> str:
        """Text with a source line break between two Chinese characters (folded by readers)."""
        spots = [m.start() for m in _CJK_PAIR_RE.finditer(text)]
        if not self.style.source_wraps or not spots or self.rng.random() < 0.5:
            return self.inline(text)
        cut = self.rng.choice(spots)
        return escape(text[:cut], quote=False) + "\n    " + escape(text[cut:], quote=False)

    def word_text(self, text: str) -> str:
        """Word HTML: numbering between conditional comments, spans and <o:p>."""
        m = _NUMBERING_RE.match(text)
        lead = ""
        if m:
            lead = (
                "<!--[if !supportLists]--><span style='mso-list:Ignore'>"
                f"{escape(m.group(1), quote=False)}</span><!--[endif]-->"
            )
            text = text[m.end() :]
        return f"{lead}<span style='font-family:仿宋_GB2312'>{self.wrapped(text)}<o:p></o:p></span>"

    def para(self, text: str) -> str:
        if self.style.word:
            return f"<p class=MsoNormal>{self.word_text(text)}</p>"
        return f"<p>{self.wrapped(text)}</p>"

    def heading(self, text: str) -> str:
        tag = self.style.heading
        if tag == "strong":
            return f"<p><strong>{escape(text, quote=False)}</strong></p>"
        return f"<{tag}>{escape(text, quote=False)}</{tag}>"

    def cell(self, text: str, rowspan: int = 1, colspan: int = 1, header: bool = False) -> str:
        spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
        if not text:
            body = self.style.blank
        elif header and len(text) > 6 and self.rng.random() < 0.2:
            cut = len(text) // 2  # r15 breaks header cells: 本年新<br />制作数量
            body = f"{escape(text[:cut], quote=False)}<br />{escape(text[cut:], quote=False)}"
        elif self.style.word:
            body = self.word_text(text)
        else:
            body = self.inline(text)
        if self.style.cell_p:
            body = f'<p align="center">{body}</p>'
        return f"<td{spans}>{body}</td>"


Row = list[tuple[str, int, int, bool]]  # (text, rowspan, colspan, is_header)


def _active_rows(table: Table) -> list[Row]:
    """Table 二: sub-heading rows across the table, header and data rows padded by colspan."""
    width = max(max(len(r.header), 1 + len(r.cells)) for r in table.rows)
    rows: list[Row] = []
    for row in table.rows:
        if row.kind == "subheading":
            rows.append([(row.label, 1, width, True)])
        elif row.kind == "header":
            texts = [h.text for h in row.header]
            last = len(texts) - 1
            rows.append([(t, 1, 1 + (width - len(texts) if i == last else 0), True) for i, t in enumerate(texts)])
        else:
            cells: Row = [(row.label, 1, 1, True)] + [(c.raw, 1, 1, False) for c in row.cells]
            text, _, _, is_header = cells[-1]
            cells[-1] = (text, 1, 1 + width - len(cells), is_header)
            rows.append(cells)
    return rows


def _application_header(table: Table) -> list[Row]:
    """Table 三's header as r15 prints it: the note cell in the corner, 申请人情况 across."""
    heads = [r for r in table.rows if r.kind == "header"]
    top = [h.text for h in heads[0].header]
    sub = [(h.text, 1, 1, True) for h in heads[1].header]
    if table.note and len(top) == 4:
        return [
            [(table.note, 3, 3, True), (top[0], 1, 7, True)],
            [(top[1], 2, 1, True), (top[2], 1, 5, True), (top[3], 2, 1, True)],
            sub,
        ]
    first = [(top[0], 2, 3, True)] + [(t, 1 if i == 2 else 2, 5 if i == 2 else 1, True) for i, t in enumerate(top) if i]
    return ([[(table.note, 1, 10, True)]] if table.note else []) + [first, sub]


def _group_span(rows: tuple[TableRow, ...], at: int) -> int:
    """How many data rows a group label spans: until a row at its level or above."""
    level = rows[at].level
    count = 0
    for row in rows[at + 1 :]:
        if row.level <= level:
            break
        count += row.kind == "data"
    return max(count, 1)


def _application_rows(table: Table) -> list[Row]:
    """Table 三: group labels as rowspan cells beside their first child row."""
    rows = _application_header(table)
    body = tuple(r for r in table.rows if r.kind in ("group", "data"))
    pending: Row = []
    for i, row in enumerate(body):
        if row.kind == "group":
            pending.append((row.label, _group_span(body, i), 1, True))
            continue
        label = (row.label, 1, 3 - row.level, True)
        rows.append(pending + [label] + [(c.raw, 1, 1, False) for c in row.cells])
        pending = []
    return rows


def _plain_rows(table: Table) -> list[Row]:
    """Header rows with their spans, then data rows (table 四's one row of fifteen)."""
    rows: list[Row] = []
    for row in table.rows:
        if row.kind == "header":
            rows.append([(h.text, h.rowspan, h.colspan, True) for h in row.header])
        elif row.kind == "data":
            label = [(row.label, 1, 1, True)] if row.label else []
            rows.append(label + [(c.raw, 1, 1, False) for c in row.cells])
        else:
            rows.append([(row.label, 1, 1, True)])
    return rows


def table_rows(table: Table) -> list[Row]:
    """The table as rows of (text, rowspan, colspan, is_header) in the national layout."""
    if table.table_id == "active_disclosure":
        return _active_rows(table)
    if table.table_id == "applications":
        return _application_rows(table)
    return _plain_rows(table)


def _table_html(page: _Page, table: Table) -> str:
    out = ['<table align="center" border="1" cellspacing="0" cellpadding="0">', "<tbody>"]
    for row in table_rows(table):
        out.append("<tr>" + "".join(page.cell(t, r, c, h) for t, r, c, h in row) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _flat_html(page: _Page, table: Table) -> str:
    tag = page.style.flat_tag
    out = []
    for kind, text in flat_table(table):
        body = page.inline(text) if text else page.style.blank
        out.append(f"<{tag}>{body}</{tag}>" if kind == "label" else f'<{tag} class="cell">{body}</{tag}>')
    return "\n".join(out)


def _content(page: _Page, report: Report, flat: bool) -> tuple[str, str, str]:
    """(title block, info line, article body) of the report."""
    titles: list[str] = []
    infos: list[str] = []
    body: list[str] = []
    for kind, content in document_items(report):
        if kind == "title":
            titles.append(escape(str(content), quote=False))
        elif kind == "meta":
            infos.append(f'<div class="info">{escape(str(content), quote=False)}</div>')
        elif kind == "sign":
            body.append(f'<p style="text-align:right">{escape(str(content), quote=False)}</p>')
        elif kind == "heading":
            body.append(page.heading(str(content)))
        elif kind == "para":
            body.append(page.para(str(content)))
        elif isinstance(content, Table):
            body.append(_flat_html(page, content) if flat else _table_html(page, content))
    title = f"<h1>{'<br>'.join(titles)}</h1>" if page.style.title_in_body and titles else ""
    info = "\n".join(infos)
    article = "\n".join(body)
    if page.style.wrapper == "single":
        article = f'<table width="100%" border="0"><tr><td valign="top">\n{article}\n</td></tr></table>'
    elif page.style.wrapper == "nav":
        links = "".join(f'<a href="#">{name}</a><br>' for name in _NAV_LINKS)
        article = (
            f'<table width="100%" border="0"><tr><td width="180" valign="top">{links}</td>'
            f'<td valign="top">\n{article}\n</td></tr></table>'
        )
    return title, info, article


def _chrome(report: Report) -> tuple[str, str, str, str, str]:
    """(top, position, share, tools and related, footer) chrome of a portal page."""
    agency = escape(report.metadata.agency, quote=False)
    top = (
        f'<div id="header"><div class="logo">{agency}</div><div class="nav"><ul>'
        '<li><a href="#">首页</a></li><li><a href="#">政务公开</a></li><li><a href="#">政务服务</a></li>'
        '<li><a href="#">互动交流</a></li></ul></div></div>'
    )
    position = '<div class="position">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>'
    share = (
        '<div class="bdsharebuttonbox">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>'
    )
    links = "".join(f'<li><a href="#">{agency}{year}年政府信息公开工作年度报告</a></li>' for year in _RELATED_YEARS)
    related = (
        '<div class="fujian">附件下载</div>\n<div class="tools">【打印本页】【关闭窗口】</div>\n'
        f'<div class="related"><h3>相关阅读</h3><ul>{links}</ul></div>'
    )
    footer = f'<div id="footer"><p>主办单位：{agency}　版权所有</p><p>网站标识码：3501000001</p></div>'
    return top, position, share, related, footer


def page_html(report: Report, layout: str, rng: random.Random, declared: str) -> tuple[str, _Style]:
    """The page as text (before encoding) and the style drawn for it."""
    style = _draw_style(rng)
    page = _Page(rng, style)
    title, info, article = _content(page, report, flat=layout == "html_flat")
    head = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
        if rng.random() < 0.5
        else f'<meta charset="{declared}">'
    )
    printed_title = report.metadata.print_style().page_title
    page_title = (
        escape(printed_title, quote=False)
        if printed_title
        else f"{escape(report.metadata.title, quote=False)}_政务公开_{escape(report.metadata.agency, quote=False)}"
    )
    for name, content in report.metadata.print_style().tags:
        head += f'<meta name="{name}" content="{escape(content)}">'
    parts = ["<!DOCTYPE html>", "<html>", f"<head>{head}", f"<title>{page_title}</title>", "</head>", "<body>"]
    if style.chrome:
        top, position, share, related, footer = _chrome(report)
        parts += [top, '<div class="main">', position, '<div class="article">', title, info, share]
        parts += [f'<div class="TRS_Editor">\n{article}\n</div>', "</div>", related, "</div>", footer]
    else:
        parts += ['<div class="article">', title, info, article, "</div>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(p for p in parts if p), style


def render_html(report: Report, layout: str, seed: str) -> HtmlPage:
    """Render ``report`` as an HTML page in ``layout`` (deterministic in seed)."""
    if layout not in HTML_LAYOUTS:
        raise ValueError(f"unknown html layout {layout!r}; known: {', '.join(HTML_LAYOUTS)}")
    rng = random.Random(f"render_html:{layout}:{seed}")
    text, style = page_html(report, layout, rng, "utf-8")
    variants = style.names()
    if layout == "html_gbk_wrong_meta":
        return HtmlPage(text.encode("gb18030"), layout, "gb18030", "utf-8", (*variants, "wrong_meta_charset"))
    if layout == "html_traditional":
        traditional = to_traditional(text).translate(BIG5_FORMS)
        return HtmlPage(traditional.encode("utf-8"), layout, "utf-8", "utf-8", (*variants, "traditional"))
    return HtmlPage(text.encode("utf-8"), layout, "utf-8", "utf-8", tuple(variants))


def generate_html(spec: ReportSpec, stem: str, layout: str) -> GeneratedFile:
    """Build a report, render it as an HTML page, and describe it in a truth file."""
    report = build_report(spec)
    page = render_html(report, layout, spec.seed)
    rendered = RenderedText("", layout, variants=page.variants)
    encoded = EncodedText(page.data, page.encoding)
    truth = build_truth(report, rendered, encoded, f"{stem}.html", Ambiguity((), ()))
    truth["format"] = "html"
    return GeneratedFile(stem, page.data, truth_json(truth), "html")
