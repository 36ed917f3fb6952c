"""Who is to blame for a failed check: the source, the extraction, or unknown (report-schema.md 'Checks').

- ``extraction``: an involved cell was guessed (a ``Guess`` of a guessed kind
  on its row: extract/tables/guesses.py), never from warning text;
- ``source``: every involved cell was read unambiguously (one reading, an
  exact label, in place, no lost characters) and the narrative confirms the
  printed numbers (a ``narrative.<key>`` check that holds on an involved cell);
- ``unknown``: neither, saying which evidence is missing.

A second reading of the same report confirms numbers too, but it lives in the
batch store (batch/twins.py), which adds that evidence beside the record (``check_blame``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from docstruct.extract.checks import check_cells
from docstruct.extract.model import Blame, Check
from docstruct.extract.tables.guesses import DESCRIBE, GUESSED, Guess
from docstruct.extract.tables.rebuild import TableResult

CellKey = tuple[str, str, str]
NARRATIVE = "narrative."


def narrative_cells(rule: str) -> list[CellKey]:
    """The table cells a ``narrative.<key>`` check compares (templates/facts.json 'table')."""
    if not rule.startswith(NARRATIVE):
        return []
    from docstruct.extract.facts.vocabulary import load_vocabulary  # a narrative check: facts were found

    key = rule[len(NARRATIVE):]
    spec = next((k for k in load_vocabulary().keys if k.key == key), None)
    if spec is None:
        return []
    return [(t, r, c) for t, r, c in (p.split(".") for p in spec.table)]


def involved_cells(template: str | None, rows: Mapping[str, Sequence[str]], rule: str) -> list[CellKey]:
    """The cells a check reads: a template rule's terms, or a narrative check's table cells.

    ``rows``: table -> the row ids the record holds (they decide handled_sum's result rows).
    """
    if rule.startswith(NARRATIVE):
        return narrative_cells(rule)
    return check_cells(template, rule, list(rows.get(rule.split(".", 1)[0], ())))


def _guesses_of(tables: Mapping[str, TableResult], cell: CellKey) -> list[Guess]:
    table, row, col = cell
    result = tables.get(table)
    return [g for g in (result.guesses if result else ()) if g.covers(row, col)]


def _confirmed(checks: Sequence[Check]) -> dict[CellKey, str]:
    """Cells a narrative figure confirms: each cell of a narrative check that holds, by rule."""
    out: dict[CellKey, str] = {}
    for check in checks:
        if check.ok is True:
            cells = narrative_cells(check.rule)
            if len(cells) == 1:  # a sum of cells confirms the sum, not each printed number
                out.setdefault(cells[0], check.rule)
    return out


def blame_check(cells: list[CellKey], tables: Mapping[str, TableResult], confirmed: Mapping[CellKey, str]) -> Blame:
    """The blame of one failed check on ``cells``."""
    found = [(cell, _guesses_of(tables, cell)) for cell in cells]
    guessed = [(cell, g) for cell, gs in found for g in gs if g.kind in GUESSED]
    if guessed:
        cell, g = guessed[0]
        more = f" (and {len(guessed) - 1} more)" if len(guessed) > 1 else ""
        return Blame("extraction", f"{'.'.join(cell)} is {DESCRIBE[g.kind]} ({g.detail}){more}")
    unsure = [(cell, g) for cell, gs in found for g in gs]
    if unsure:
        cell, g = unsure[0]
        return Blame("unknown", f"{'.'.join(cell)} is {DESCRIBE[g.kind]}; not read unambiguously, so the "
                                "printed numbers are not confirmed")
    if not cells:
        return Blame("unknown", "the check names no table cells to weigh")
    sure = [(cell, confirmed[cell]) for cell in cells if cell in confirmed]
    if sure:
        said = ", ".join(f"{'.'.join(c)} by {rule}" for c, rule in sure)
        return Blame("source", f"every involved cell was read unambiguously and the narrative confirms {said}")
    return Blame("unknown", "every involved cell was read unambiguously, but no narrative figure or second "
                            "reading of the report confirms the printed numbers")


def checks_to_blamed(
    checks: Sequence[Check], template: str | None, tables: Mapping[str, TableResult]
) -> tuple[Check, ...]:
    """The checks, each failed one with its blame."""
    confirmed = _confirmed(checks)
    out = []
    for check in checks:
        if check.ok is False:
            cells = involved_cells(template, {name: list(t.rows) for name, t in tables.items()}, check.rule)
            check = replace(check, blame=blame_check(cells, tables, confirmed))
        out.append(check)
    return tuple(out)
