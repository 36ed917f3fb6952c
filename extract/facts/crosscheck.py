"""Narrative figures against the tables: one check ``narrative.<key>`` per key stated.

Only keys whose vocabulary entry names table cells are compared (信息处理费 has
none: it is not table 二's 行政事业性收费).  A figure that covers something
else (a 其中 sub-count, another year, a total 含 other things) is not
compared; the diagnostics say which and why.  Like every check: both numbers
in ``detail`` (with both sources, as text), ``ok: null`` when a cell is
missing or blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from docstruct.extract.checks import TOLERANCE, format_number
from docstruct.extract.facts.model import Fact
from docstruct.extract.facts.vocabulary import KeySpec, Vocabulary
from docstruct.extract.model import Cell, Check, Source
from docstruct.extract.tables.rebuild import TableResult


@dataclass(frozen=True)
class CrossChecks:
    """The checks, and the figures left uncompared with the reason."""

    checks: tuple[Check, ...]
    not_compared: tuple[Fact, ...]  # each with its why_not


def describe(source: Source) -> str:
    """Provenance as short text for a check's detail: 'line 12 [3, 8]', 'page 2', 'body[4]/p[0]'."""
    parts = []
    if source.page is not None:
        parts.append(f"page {source.page}")
    if source.line is not None:
        parts.append(f"line {source.line}")
    if source.span is not None:
        parts.append(f"[{source.span[0]}, {source.span[1]}]")
    if source.path is not None:
        parts.append(source.path)
    return " ".join(parts) or "unknown"


def _cell(tables: Mapping[str, TableResult], path: str) -> Cell | None:
    table, row, col = path.split(".")
    result = tables.get(table)
    return None if result is None else result.rows.get(row, {}).get(col)


def _narrative(facts: list[Fact]) -> str:
    return "; ".join(f"{format_number(f.value)} ({f.section or 'preamble'}, {describe(f.source)})" for f in facts)


def _sum(tables: Mapping[str, TableResult], paths: tuple[str, ...]) -> tuple[float | None, str]:
    """The cells' sum (None when one is missing or blank) and where they were read."""
    cells = [(p, _cell(tables, p)) for p in paths]
    where = " + ".join(f"{p} {describe(c.source)}" if c is not None else p for p, c in cells)
    values = [c.value for _, c in cells if c is not None and c.value is not None]
    return (sum(values) if len(values) == len(cells) else None), where


def _check(spec: KeySpec, facts: list[Fact], tables: Mapping[str, TableResult]) -> Check:
    rule = f"narrative.{spec.key}"
    said = _narrative(facts)
    total, where = _sum(tables, spec.table)
    if total is None:
        return Check(rule, None, f"skipped: {where} missing or blank; narrative {said}")
    wrong = [f for f in facts if abs(f.value - total) > TOLERANCE]
    if not wrong:
        return Check(rule, True, f"narrative {said} = table {format_number(total)} ({where})")
    for cells in spec.also:
        other, other_where = _sum(tables, cells)
        if other is not None and all(abs(f.value - other) <= TOLERANCE for f in wrong):
            return Check(
                rule,
                None,
                f"not compared: narrative {said} = {format_number(other)} ({other_where}), not "
                f"{format_number(total)} ({where}): the figure covers more than the cell",
            )
    return Check(rule, False, f"narrative {said} ≠ table {format_number(total)} ({where})")


def check_facts(vocab: Vocabulary, facts: list[Fact], tables: Mapping[str, TableResult]) -> CrossChecks:
    """Compare each table-backed key's comparable figures with its cells."""
    checks: list[Check] = []
    skipped: list[Fact] = []
    for spec in vocab.keys:
        if not spec.table:
            continue
        stated = [f for f in facts if f.key == spec.key]
        skipped += [f for f in stated if f.why_not is not None]
        comparable = [f for f in stated if f.why_not is None]
        if comparable:
            checks.append(_check(spec, comparable, tables))
    return CrossChecks(tuple(checks), tuple(skipped))
