"""Crawler-style text: the whole report on a few lines, cells glued.

Each table row prints its label and then its numbers run together with no
separator (`一、本年新收政府信息公开申请数量801000081`); the next row's
numbering glues onto the digits (`…政府信息2200003252.没有现成信息…`); table 四
is one string of fifteen numbers after the header jumble; headings are not at
line start; site chrome surrounds the text. The partially spaced layout puts
sporadic spaces at some cell boundaries (`230 000023`).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from samplegen.model import GluedRun, RenderedText, Report, Table, TableRow

BREADCRUMBS = (
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "当前位置： 首页政务公开政府信息公开政府信息公开年报",
    "当前位置：首页 > 政务公开",
)
SHARE = ("微信 微博 QQ空间", "分享到： 微信 微博 QQ空间", "微信 微博 QQ空间 全真版 文字版 文件下载")
FOOTERS = ("附件下载", "【打印本页】 【关闭窗口】", "扫一扫在手机打开当前页")
BANNER = "==================== 正文 ===================="

# Chance that a row of the partially spaced layout gets spaces, and that a
# boundary inside such a row gets one (r06/r07: a few rows, a few boundaries).
ROW_SPACED_P = 0.15
BOUNDARY_SPACED_P = 0.45
# A partially spaced report must space at least one row; redraw up to this often.
MAX_TRIES = 10


@dataclass(frozen=True)
class _Style:
    spaced: bool
    label_sep: str
    header_sep: str


def _chunks(rng: random.Random, raws: list[str], spaced: bool, p_row: float) -> tuple[str, ...]:
    if not spaced or len(raws) < 2 or rng.random() >= p_row:
        return ("".join(raws),)
    cuts = [i for i in range(1, len(raws)) if rng.random() < BOUNDARY_SPACED_P]
    if not cuts:
        cuts = [rng.randrange(1, len(raws))]
    bounds = [0, *cuts, len(raws)]
    return tuple("".join(raws[a:b]) for a, b in itertools.pairwise(bounds))


def _row_text(rng: random.Random, table: Table, row: TableRow, style: _Style, runs: list[GluedRun]) -> str:
    if row.kind == "header":
        return style.header_sep.join(h.text for h in row.header)
    if row.kind in ("subheading", "group"):
        return row.label
    raws = [cell.raw for cell in row.cells]
    p_row = ROW_SPACED_P
    if table.table_id == "review_litigation":
        p_row = 0.6
        if style.spaced and rng.random() < 0.4:
            chunks = tuple(raws)
            runs.append(GluedRun(table.table_id, row.cells, chunks))
            return row.label + " " + " ".join(chunks) + " "
    chunks = _chunks(rng, raws, style.spaced, p_row)
    runs.append(GluedRun(table.table_id, row.cells, chunks))
    return row.label + style.label_sep + " ".join(chunks)


def _table_text(rng: random.Random, table: Table, style: _Style, runs: list[GluedRun]) -> str:
    parts = [table.note] if table.note else []
    for row in table.rows:
        parts.append(_row_text(rng, table, row, style, runs))
    joiner = style.header_sep if table.table_id == "review_litigation" else ""
    return joiner.join(parts)


def _pieces(rng: random.Random, report: Report, style: _Style, runs: list[GluedRun]) -> list[tuple[str, bool]]:
    """Body pieces, each with whether a line break may follow it."""
    pieces: list[tuple[str, bool]] = [(p, True) for p in report.preamble]
    for section in report.sections:
        pieces.append((section.heading, False))
        pieces += [(p, True) for p in section.paragraphs]
        if section.table is not None:
            pieces.append((_table_text(rng, section.table, style, runs), False))
    return pieces


def _join_body(rng: random.Random, pieces: list[tuple[str, bool]]) -> str:
    breakable = [i for i, (_, ok) in enumerate(pieces[:-1]) if ok]
    breaks = rng.sample(breakable, min(len(breakable), rng.randint(0, 3)))
    out: list[str] = []
    for index, (text, _) in enumerate(pieces):
        out.append(text)
        if index == len(pieces) - 1:
            break
        if index in breaks:
            out.append("\n")
        else:
            out.append(" " if rng.random() < 0.35 else "")
    return "".join(out)


def _head_lines(rng: random.Random, report: Report, variants: list[str]) -> list[str]:
    meta = report.metadata
    printed = meta.print_style()
    # a crawler keeps a title set over lines as lines, or joins them with a space
    title = list(printed.title_lines)
    head = list(printed.head)
    lines: list[str] = []
    if rng.random() < 0.5:
        variants.append("crawler_header")
        lines += [f"标题: {meta.title}", *head]
        if rng.random() < 0.5:
            lines.append(f"发布机构: {meta.agency}")
        lines += ["栏目: 政府信息公开年报", BANNER]
    if rng.random() < 0.85:
        variants.append("site_chrome")
        crumb = rng.choice(BREADCRUMBS)
        share = rng.choice(SHARE)
        if rng.random() < 0.5:
            lines += [crumb, *title, *head, share]
        else:
            lines.append(" ".join([crumb, *title, *head, share]))
    if not lines:
        lines += [*title, *head]
    return lines


def render_glued_text(report: Report, rng: random.Random, spaced: bool) -> RenderedText:
    """The glued (spaced=False) or partially spaced (spaced=True) layout."""
    variants: list[str] = []
    label_sep = " " if rng.random() < 0.2 else ""
    if label_sep:
        variants.append("space_between_label_and_digits")
    style = _Style(spaced, label_sep, " " if rng.random() < 0.3 else "")
    lines = _head_lines(rng, report, variants)
    runs: list[GluedRun] = []
    for _ in range(MAX_TRIES):
        runs = []
        pieces = _pieces(rng, report, style, runs)
        if not spaced or any(len(run.chunks) > 1 for run in runs):
            break
    lines.append(" ".join([_join_body(rng, pieces), *report.metadata.print_style().signature]))
    if "site_chrome" in variants and rng.random() < 0.6:
        lines.append(rng.choice(FOOTERS))
    if spaced and any(len(run.chunks) > 1 for run in runs):
        variants.append("partially_spaced_rows")
    layout = "partially_spaced" if spaced else "glued"
    return RenderedText("\n".join(lines) + "\n", layout, tuple(runs), tuple(variants))


def render_glued(report: Report, rng: random.Random) -> RenderedText:
    """Crawler text with every cell glued."""
    return render_glued_text(report, rng, spaced=False)


def render_partially_spaced(report: Report, rng: random.Random) -> RenderedText:
    """Crawler text with sporadic spaces inside some rows' digits."""
    return render_glued_text(report, rng, spaced=True)
