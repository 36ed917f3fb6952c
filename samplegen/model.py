"""The content model of one generated report, independent of any rendering.

A Report holds what a report *says*: metadata, narrative paragraphs, and the
three tables as ordered rows whose cells carry the printed text (`raw`,
simplified form) and the true value. Renderers (text layouts now; html, docx
and pdf later) turn a Report into a file; truth files are derived from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Value = int | float | None

RowKind = Literal["subheading", "header", "group", "data"]


@dataclass(frozen=True)
class Cell:
    """One value cell: its truth coordinates, printed text and true value.

    `raw` is the text as printed, in simplified form ("" for a blank cell);
    `value` is what the cell means (None for blank, `/`, `—`).
    """

    row_id: str
    column: str
    raw: str
    value: Value


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a table header grid, with its spans (for html/docx/pdf)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class TableRow:
    """A row of a printed table.

    kind:
      - "subheading": a full-width label row (第二十条第（一）项);
      - "header": column headings (`header` holds the cells of one grid row);
      - "group": a heading-only label (三、本年度办理结果, （三）不予公开) whose
        children follow it with a larger `level`;
      - "data": `label` then `cells` (table 四's single data row has label "").
    """

    kind: RowKind
    label: str = ""
    cells: tuple[Cell, ...] = ()
    header: tuple[HeaderCell, ...] = ()
    level: int = 0


@dataclass(frozen=True)
class Table:
    """One of the three template tables, rows in document order."""

    table_id: str
    rows: tuple[TableRow, ...]
    note: str = ""

    def data_cells(self) -> Iterator[Cell]:
        """Every value cell in document order."""
        for row in self.rows:
            yield from row.cells


@dataclass(frozen=True)
class Section:
    """One of the six numbered sections: heading, narrative, optional table."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]
    table: Table | None = None


@dataclass(frozen=True)
class MetaPrint:
    """How the metadata is printed: title lines, head lines, signature lines, HTML <meta> tags."""

    title_lines: tuple[str, ...]
    head: tuple[str, ...]
    signature: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    # text layouts: a blank line between the title's lines ('昌南县' / '' / '城市管理综合执法局' / '' / …)
    title_gap: bool = False
    # HTML: the page <title>, when it is not '<title>_政务公开_<agency>' ('…年度报告-沭阳县发改局')
    page_title: str | None = None


@dataclass(frozen=True)
class Metadata:
    """What the truth file's metadata says, plus how it is printed.

    template is the truth template ("2019"/"2021"); template_variant is what
    the generator drew ("2019", "2021" or "hybrid").
    """

    title: str
    agency: str
    year: int
    published: str
    published_line: str
    template: str
    template_variant: str
    # how it is printed; None: the title on one line, published_line under it
    printed: MetaPrint | None = None

    def print_style(self) -> MetaPrint:
        """The printing, the plain one when none was drawn."""
        return self.printed or MetaPrint((self.title,), (self.published_line,))


@dataclass(frozen=True)
class StatedValue:
    """A table value the narrative states in words (settles glued table 二)."""

    table_id: str
    row_id: str
    column: str
    value: Value


@dataclass(frozen=True)
class StatedFact:
    """A figure the narrative states in words (issue 9), as the truth file lists it.

    `key` is the facts vocabulary key (None where none fits); `compare` says
    the figure restates a table cell as is, so a cross-check may compare it
    (False for a 其中 sub-count or another year's figure).
    """

    section: str
    key: str | None
    value: int | float
    unit: str | None
    compare: bool = False


@dataclass(frozen=True)
class Report:
    """A whole generated report: the content every renderer starts from."""

    metadata: Metadata
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    stated: tuple[StatedValue, ...] = ()
    variants: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    facts: tuple[StatedFact, ...] = ()

    def tables(self) -> Iterator[Table]:
        """The tables in document order."""
        for section in self.sections:
            if section.table is not None:
                yield section.table

    def table(self, table_id: str) -> Table:
        """The table with this id (KeyError when the report has none)."""
        for table in self.tables():
            if table.table_id == table_id:
                return table
        raise KeyError(table_id)


@dataclass(frozen=True)
class GluedRun:
    """Digits of one glued row as printed: chunks split where spaces were.

    Produced by the glued renderers so the truth can say which rows are
    ambiguous and tests can re-glue rows to the text.
    """

    table_id: str
    cells: tuple[Cell, ...]
    chunks: tuple[str, ...]


@dataclass(frozen=True)
class RenderedText:
    """A text rendering: the text plus what the renderer did."""

    text: str
    layout: str
    runs: tuple[GluedRun, ...] = ()
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class EncodedText:
    """The bytes written to disk and the encoding variants applied."""

    data: bytes
    encoding: str
    variants: tuple[str, ...] = ()
