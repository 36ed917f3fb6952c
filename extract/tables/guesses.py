"""Which cells were guessed, and how: the typed basis of a failed check's blame.

Every warning about a guessed cell is also a ``Guess`` on its row, so blame
(extract/blame.py) never searches warning text.  report-schema.md 'Checks'
names the kinds an extraction can be blamed for: a glued split with several
readings, a tolerant OCR label, a row placed by order, a lossy repair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

GuessKind = Literal["glued_split", "ocr_label", "paired_by_order", "lossy_repair", "resolved_split"]
# Kinds that make a cell guessed: an involved cell of one of these blames the extraction.
GUESSED: frozenset[str] = frozenset({"glued_split", "ocr_label", "paired_by_order", "lossy_repair"})
# 'resolved_split': several readings narrowed to one by evidence (column checks,
# the narrative, plausibility) with no warning; not a guess, but not an
# unambiguous reading either, so it never supports a 'source' blame.
DESCRIBE: dict[str, str] = {
    "glued_split": "a glued split with several readings",
    "ocr_label": "a row label read through an OCR confusion",
    "paired_by_order": "a row whose numbers were placed by row order",
    "lossy_repair": "a row read from text a lossy encoding repair left with U+FFFD",
    "resolved_split": "a glued split whose several readings were narrowed by other evidence",
}


@dataclass(frozen=True)
class Guess:
    """One row of a template table read with less than certainty; ``columns`` empty: all of them."""

    row: str
    kind: GuessKind
    detail: str
    columns: tuple[str, ...] = ()

    def covers(self, row: str, col: str) -> bool:
        """Whether the cell (row, col) of the same table is this guess's."""
        return row == self.row and (not self.columns or col in self.columns)
