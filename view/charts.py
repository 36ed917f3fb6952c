"""Charts as inline SVG, drawn here: no chart library, no fetch, nothing for the page's CSP to allow.

Bars are <rect>s coloured by class (``view.css``); every label is escaped
text.  The same figures give the same bytes (no random ids, no float noise:
widths are rounded to a tenth of a pixel).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

ROW = 20          # px per bar
LABEL = 230       # px for the labels on the left
BARS = 300        # px for the longest bar
NUMBER = 70       # px for the count after a bar
MAX_LABEL = 36    # characters of a label shown (the full label is the bar's tooltip)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(title: str, items: Sequence[Sequence[Any]], kind: str = "", chart_id: str = "") -> str:
    """A horizontal bar chart of (label, count) pairs, in the order given.

    kind: a class for every bar ("status" colours each bar by its label: ok, partial, failed).
    """
    id_attr = f' id="{escape(chart_id, quote=True)}"' if chart_id else ""
    head = f'<figure class="chart"{id_attr}><figcaption>{escape(title)}</figcaption>'
    if not items:
        return head + '<p class="none">nothing to show</p></figure>'
    top = max(int(n) for _label, n in items) or 1
    width = LABEL + BARS + NUMBER
    height = ROW * len(items)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for i, (label, n) in enumerate(items):
        text = str(label)
        y = i * ROW
        w = round(BARS * int(n) / top, 1)
        cls = f"bar {kind}-{escape(text)}" if kind == "status" else f"bar {escape(kind)}".rstrip()
        parts.append(
            f'<text class="label" x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(_short(text))}</text>'
            f'<rect class="{cls}" x="{LABEL}" y="{y + 3}" width="{w:g}" height="{ROW - 6}">'
            f"<title>{escape(text)}: {int(n)}</title></rect>"
            f'<text class="count" x="{LABEL + w + 4:g}" y="{y + 14}">{int(n)}</text>'
        )
    parts.append("</svg></figure>")
    return head + "".join(parts)


def stats_charts(stats: dict[str, Any], with_seconds: bool = True) -> str:
    """Every chart of the store's figures (``batch.store_query.store_stats``), in reading order."""
    out = [
        bar_chart("Documents by status", stats["by_status"], "status", "chart-status"),
        bar_chart("Documents by format", stats["by_format"], "", "chart-format"),
        bar_chart("Failed checks by rule", stats["failed_by_rule"], "failed", "chart-rules"),
        bar_chart("Reports per year and template", stats["by_year_template"], "", "chart-years"),
    ]
    if with_seconds:
        out.append(bar_chart("Seconds per document", stats["seconds"], "time", "chart-seconds"))
    for table, bins in sorted(stats["cells_per_table"].items()):
        out.append(bar_chart(f"Cells read per document: table {table}", bins, "cells", f"chart-cells-{table}"))
    return '<div class="charts">' + "".join(out) + "</div>"
