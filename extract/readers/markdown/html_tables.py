"""HTML tables inside markdown: MinerU writes every table as ``<table>`` markup.

MinerU's markdown holds tables as HTML (merged cells need rowspan/colspan,
which pipe tables cannot say; opendatalab/MinerU issues 1179, 2871).  The
table is placed by the HTML reader's grid code, then handed back as rows of
cell texts like a pipe table's, so the markdown repairs (placeholder
headers, wrapped labels, cut group labels) apply to both.
"""

from __future__ import annotations

import re

from docstruct.extract.errors import DocstructError, TimeLimitExceeded
from docstruct.extract.model import grid_rows

TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def html_table_rows(markup: str) -> list[list[tuple[str, str]]] | None:
    """Rows of (text, element path) of the first table in ``markup``; None when there is none.

    A cell merged down from above is an empty cell in the rows it covers and a
    cell merged across is one cell (as the stream reads a native grid).
    """
    # the HTML reader (lxml) only when a table is there
    from docstruct.extract.readers.html.decode import parse_html
    from docstruct.extract.readers.html.grid import table_to_grid

    try:
        root = parse_html(markup)
    except TimeLimitExceeded:
        raise  # out of time is a timeout, not a table that is not there
    except DocstructError:
        return None
    table = next(iter(root.iter("table")), None)
    if table is None:
        return None
    rows = grid_rows(table_to_grid(table, "table").cells)
    return [[(text, source.path or "") for text, source in row] for row in rows]
