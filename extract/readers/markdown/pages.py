"""Page numbers a converter reflows into the text as lone lines, told from values by their order.

pymupdf4llm writes a one-cell-per-line PDF as paragraphs, and each page's
footer ('1', '2', …) as a line of its own wherever the page breaks, often in
the middle of a table row ('其他对外管理服务事项' / '1' / '8 -1 0 …'): read as a
value, it gives the row one number too many and the row is left out (seed
6161's pymupdf4llm f001_2019_flat_cid lost five rows of table 三 and table 四
so, seed 4242's f001 one row of table 二; issue 12 shape 2).  A value line
looks the same; what tells the footers apart is that they run 1, 2, 3, … down
the document.

A lone line holding the number k is taken for page k's footer only when

- the document's lone number lines hold a chain 1, 2, …, K in order, K at
  least ``MIN_PAGES`` (two pages could be two values),
- and the chain has one choice for page k: the earliest chain (each page the
  first lone k after page k-1) and the latest (each page the last lone k
  before page k+1) put it on the same line.  A page whose number also stands
  alone elsewhere between its neighbours is left as it is (a value '3' after
  the footer '3' and before '4' is no footer, nor is the footer then told).

Every line so dropped is a warning (reader.py).  A bulleted '- 1' is a list
item pymupdf4llm makes of a value, never a footer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A page number standing alone: no list marker, no other text.
_LONE = re.compile(r"^\s*([1-9]\d{0,2})\s*$")
# Fewer pages in a chain are no evidence: two values '1' and '2' alone in order are common.
MIN_PAGES = 3


def _lone_numbers(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(line index, number) of every line that holds one page-sized number and nothing else."""
    out = []
    for i, line in enumerate(lines):
        m = _LONE.match(line)
        if m is not None:
            out.append((i, int(m.group(1))))
    return out


def _earliest(lone: list[tuple[int, int]]) -> list[int]:
    """Line of page 1, 2, … in the chain that takes each page's first lone number after the last page."""
    chain: list[int] = []
    for i, k in lone:
        if k == len(chain) + 1 and (not chain or i > chain[-1]):
            chain.append(i)
    return chain


def _latest(lone: list[tuple[int, int]], pages: int) -> list[int]:
    """Line of page ``pages``, ``pages``-1, … taking each page's last lone number before the next page."""
    chain: list[int] = []
    for i, k in reversed(lone):
        if k == pages - len(chain) and (not chain or i < chain[-1]):
            chain.append(i)
    return chain[::-1]


def page_number_lines(lines: Sequence[str]) -> dict[int, int]:
    """Line index -> page number of each lone line the page chain singles out (module doc)."""
    lone = _lone_numbers(lines)
    early = _earliest(lone)
    if len(early) < MIN_PAGES:
        return {}
    late = _latest(lone, len(early))
    if len(late) != len(early):
        return {}
    return {a: k + 1 for k, (a, b) in enumerate(zip(early, late, strict=True)) if a == b}


def page_number_warnings(between: list[tuple[int, str]], chain: list[tuple[int, int]]) -> tuple[str, ...]:
    """A warning per lone line read as a page number: between two pieces of one table, or on the chain."""
    return tuple(
        f"markdown: line {line} '{text}' stands alone between two pieces of one table; "
        "read as a page number, not a value"
        for line, text in between
    ) + tuple(
        f"markdown: line {line} '{page}' stands alone where lone numbers run 1, 2, 3 … down the document, "
        f"the one place page {page}'s number can be; read as a page footer, not a value"
        for line, page in chain
    )
