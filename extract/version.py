"""Which code made a record: the package version and the parser version (issue 15).

PARSER_VERSION is the one number to bump when a change alters records (a reader,
a template, a check, the record's shape): a batch store re-extracts every document
another parser version made (``docstruct batch`` without ``--keep-stale``), so an
upgrade never leaves old records behind silently.  A change that leaves every
record byte-identical (speed, the CLI, the service) does not bump it.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata

# 2: plausibility bounds (issue 18): absurd cells null with a warning
# 3: OCR (issue 13): a '/' read as '1' is null, a point for a thousands comma settled, near-empty pages not levelled
# 4: converted markdown and OCR grids (issues 12, 13): page-footer chains, cells read through a header,
#    blank rows, cut numbers joined, docling's lost blanks placed by the sums; OCR cells keep their column
# 5: converted markdown (issue 12, seed 8484): an article caption between table fragments ends the table, the
#    short （六）其他 label tolerates spaces, a spaced agency line above the title names the agency
# 6: converted markdown (issue 12, seeds 3737-9696): cut numbers joined where the text shows the cut,
#    backslash escapes, headerless grids' label columns, a unit-bearing value no header, a wrapped 驳回 cell,
#    a lone footer after a row, empty lines of a gapped report no blank cells unconfirmed, ',0dd' no glued run
# 7: converted markdown (issue 12, seeds 1010, 2121): a linked run cut before the decimal point, a spanned
#    cell cut on either side of its point, a cut group label's and sub-row label's rests on one line each
#    joined to its own cell, a short grid row's numbers a cell beside a full sibling row's placed, a link
#    closing on a number with no space before its tail, two numbers one space apart in a one-column row
PARSER_VERSION = 7


@cache
def docstruct_version() -> str:
    """The installed package's version ("unknown" when run from a tree that was never installed)."""
    try:
        return metadata.version("docstruct")
    except metadata.PackageNotFoundError:
        return "unknown"
