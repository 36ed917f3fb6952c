"""The table rebuild's stages as typed objects, kept until the record is written.

Like pdfplumber's TableFinder keeps edges, intersections, cells and tables as
attributes a debugger can look at (house-style.md 'Keep stages typed until the
record is written out'): ``read_table`` returns a ``TableReport`` holding one
``RowStage`` per row read, and only ``to_json`` (called by ``Record.to_json``)
turns them into ``diagnostics.tables.<table>`` of the record.  The view reads
the same shape back (view/record_shape.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.model import Source


@dataclass(frozen=True)
class RowStage:
    """How one row was read (diagnostics.tables.<t>.how.<row>): label found, value text, readings, choice.

    label: the label as the stream holds it, cell and row marks as spaces;
    label_source: where that label was read; values: the value chunks of the
    row ('·' for an empty cell); readings: how many splits the values allow;
    how: why the chosen reading (or none) was taken.
    """

    label: str
    label_source: Source
    values: str
    readings: int
    how: str

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "label_source": self.label_source.to_json(),
            "values": self.values,
            "readings": self.readings,
            "how": self.how,
        }


@dataclass(frozen=True)
class Region:
    """Where a table was looked for: the provenance of its first and last characters."""

    start: Source
    end: Source

    def to_json(self) -> dict[str, Any]:
        return {"from": self.start.to_json(), "to": self.end.to_json()}


@dataclass(frozen=True)
class TableReport:
    """How a template table was found and read (diagnostics.tables.<table>).

    Which fields are set tells the outcome, and only those are written:
    a labelled table read (rows_found, rows_missing, how); no row labels
    (rows_found 0); labels without numbers (rows_found, numbers 0); table 四's
    header not found (found False); table 四 read (how, under 'sequence').
    region: None when the stream is empty or the region is (written as {}).
    """

    region: Region | None
    rows_found: int | None = None
    rows_missing: tuple[str, ...] | None = None
    numbers: int | None = None
    found: bool | None = None
    how: dict[str, RowStage] | None = field(default=None)

    def to_json(self) -> dict[str, Any]:
        """The diagnostics object, keys in the fixed order of the record (same input, same bytes)."""
        out: dict[str, Any] = {"region": self.region.to_json() if self.region is not None else {}}
        if self.rows_found is not None:
            out["rows_found"] = self.rows_found
        if self.rows_missing is not None:
            out["rows_missing"] = list(self.rows_missing)
        if self.numbers is not None:
            out["numbers"] = self.numbers
        if self.found is not None:
            out["found"] = self.found
        if self.how is not None:
            out["how"] = {row: stage.to_json() for row, stage in self.how.items()}
        return out
