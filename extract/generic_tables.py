"""The old statistics table of reports before 2019 as a generic table (report-schema.md 'generic_tables').

Before the national template, reports closed with a 政府信息公开情况统计表:
``指标名称 | 计量单位 | 本年度 | 历年累计`` (r16-r19, r21) or ``统计指标 | 单位 |
统计数``.  Crawled text glues it together (r16: ``主动公开文件数条206912106其中：
1.政府网站公开数条2069121062.政府公报公开数条00…``): a label, its unit, then
the digits of both value columns, then the next label's item number.

A glued pair of values is split where only one split fits: no leading zeros,
this year's figure not above the running total, the ``其中`` rows summing to
their parent, and a figure the narrative states beside the label's words
(r16: '主动公开政府信息2069条').  A pair that stays ambiguous keeps its printed
digits in ``raw``, its values null, and a warning names the candidates.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.model import Cell, Source
from docstruct.extract.stream import CELL, Stream
from docstruct.extract.tables.bounds import bound_cell
from docstruct.extract.tables.glued import Chunk, ColumnKind, split_chunks
from docstruct.extract.tables.values import to_number

# The header of the old table: 指标名称 计量单位 2018年度 历年累计 / 统计指标 单位 统计数.
_SEP = r"[\s\x1f]*"
_HEADER = re.compile(
    rf"(指标名称){_SEP}(计量单位|单位){_SEP}((?:\d{{4}}\s*年度?|本年度?)){_SEP}(历年累计)"
    rf"|(统计指标|指标名称){_SEP}(计量单位|单位){_SEP}(统计数|数量|本年度)"
)
_UNITS = ("万元", "人次", "条", "件", "元", "次", "个", "项", "份", "篇", "人")
# One row: label, unit, values (digit runs with separators between them).
_ROW = re.compile(
    r"[\s\x1f]*(?P<label>[^\d\x1f\n]*?(?:\d\s*[.、．][^\d\x1f\n]*?)?[^\d\s\x1f\n])[\s\x1f]*"
    rf"(?P<unit>{'|'.join(_UNITS)})(?P<values>(?:[\s\x1f]*\d[\d,]*(?:\.\d+)?)+)"
)
# The next label's item number glued to the digits ('…2069121062.政府公报公开数').
_ITEM_AFTER = re.compile(r"[.、．]\s*[\u4e00-\u9fff]")
_TITLE = re.compile(r"([^\s\x1f。；;]{0,40}统计表)[\s\x1f]*$")
_NUMBERING = re.compile(r"^(?:其中(?:\s*[:：])?\s*)?(?:\d\s*[.、．]\s*)?")
# How far before a figure the narrative names its subject ('主动公开政府信息2069条').
EVIDENCE_CHARS = 30
# The words of a label that the narrative repeats (its first characters).
EVIDENCE_WORDS = 4
# Past this many candidate combinations a group is not searched (glued digits
# of ten rows could otherwise multiply out).
MAX_COMBINATIONS = 4096
# The old tables have no template; their units run from 条 to 元 and 人次, so one bound
# for every cell: the largest the 2019 template allows any column (t2019.json procurement.amount).
GENERIC_BOUND = 10**12


@dataclass(frozen=True)
class GenericRow:
    label: str
    unit: str
    cells: tuple[Cell, ...]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "unit": self.unit, "cells": [c.to_json() for c in self.cells]}


@dataclass(frozen=True)
class GenericTable:
    title: str | None
    columns: tuple[str, ...]
    rows: tuple[GenericRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "columns": list(self.columns), "rows": [r.to_json() for r in self.rows]}


@dataclass(frozen=True)
class GenericTables:
    """The tables found, the warnings (what stayed ambiguous) and how each glued row was split."""

    tables: tuple[GenericTable, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class _Row:
    """A row being read: label, unit, the digit runs and where they are in the stream."""

    label: str
    unit: str
    runs: list[tuple[str, int]]  # (digits, stream offset)
    # the runs were printed as cells of their own (a grid), never glued
    apart: bool = False
    candidates: list[tuple[int | float, ...]] = field(default_factory=list)
    # what narrowed a glued run to its reading: 'narrative', 'sums'
    settled_by: list[str] = field(default_factory=list)


def splits(digits: str, columns: int) -> list[tuple[int | float, ...]]:
    """Every way to cut a glued run into ``columns`` numbers without leading zeros, in order."""
    found, _ = split_chunks([Chunk(digits, 0)], [ColumnKind()] * columns)
    return [tuple(v for v in s.values if v is not None) for s in found]


def _read_rows(text: str, start: int, values: int) -> tuple[list[_Row], int]:
    """The rows from ``start`` on, until something that is no row; and where they end."""
    rows: list[_Row] = []
    pos = start
    while (m := _ROW.match(text, pos)) is not None:
        run_text, run_start = m.group("values"), m.start("values")
        end = m.end()
        if values > 1 and _ITEM_AFTER.match(text, end) and run_text.rstrip()[-1:].isdigit():
            end -= 1  # the last digit is the next label's item number
            run_text = run_text[:-1]
        runs = [(r.group(0), run_start + r.start()) for r in re.finditer(r"\d[\d,]*(?:\.\d+)?", run_text)]
        label = " ".join(m.group("label").replace(CELL, " ").split())
        rows.append(_Row(label, m.group("unit"), runs, apart=CELL in run_text))
        pos = end
    return rows, pos


def _stated(narrative: str, row: _Row, value: int | float) -> bool:
    """Whether the narrative states ``value`` with the row's unit beside the row's words."""
    words = _NUMBERING.sub("", row.label)[:EVIDENCE_WORDS]
    if len(words) < 2:
        return False
    pattern = rf"{re.escape(words)}[^。\n]{{0,{EVIDENCE_CHARS}}}?(?<!\d){value}\s*{re.escape(row.unit)}"
    return re.search(pattern, narrative) is not None


def _candidates(row: _Row, values: int, narrative: str) -> list[tuple[int | float, ...]]:
    """The readings of a row's values: printed apart, or the splits of one glued run."""
    if len(row.runs) == values:
        return [tuple(to_number(d) for d, _ in row.runs)]
    if row.apart or len(row.runs) != 1 or values < 2 or "." in row.runs[0][0] or "," in row.runs[0][0]:
        return []
    found: list[tuple[int | float, ...]] = list(splits(row.runs[0][0], values))
    if values == 2:  # this year's figure never exceeds the running total
        found = [c for c in found if c[0] <= c[1]]
    stated = [c for c in found if _stated(narrative, row, c[0])]
    if len(found) > 1 and len(stated) == 1:
        row.settled_by.append("the narrative states it")
        return stated
    return found


def _groups(rows: list[_Row]) -> list[list[int]]:
    """Indexes of each parent row followed by its '其中' / numbered children."""
    out: list[list[int]] = []
    for i, row in enumerate(rows):
        child = bool(re.match(r"^(?:其中|\d\s*[.、．])", row.label))
        if child and out:
            out[-1].append(i)
        else:
            out.append([i])
    return [g for g in out if len(g) > 1]


def _fits(combo: tuple[tuple[int | float, ...], ...]) -> bool:
    parent, children = combo[0], combo[1:]
    return all(parent[c] == sum(child[c] for child in children) for c in range(len(parent)))


def _settle_by_sums(rows: list[_Row]) -> None:
    """Narrow a parent's and its children's readings to the combinations whose columns add up."""
    for group in _groups(rows):
        options = [rows[i].candidates for i in group]
        size = 1
        for o in options:
            size *= len(o)
        if size == 0 or size == 1 or size > MAX_COMBINATIONS:
            continue
        good = [combo for combo in itertools.product(*options) if _fits(combo)]
        if not good:
            continue  # the source does not add up (r19): the sums cannot decide
        for pos, i in enumerate(group):
            narrowed = sorted({combo[pos] for combo in good})
            if len(narrowed) < len(rows[i].candidates):
                rows[i].settled_by.append("the 其中 rows add up to their parent")
            rows[i].candidates = narrowed


def _span_cells(stream: Stream, row: _Row, reading: tuple[int | float, ...]) -> tuple[Cell, ...]:
    """The cells of a row read one way, each with the provenance of its own digits."""
    if len(row.runs) == len(reading):
        return tuple(
            Cell(to_number(d), d, stream.source_of(at, at + len(d))) for (d, at) in row.runs
        )
    at = row.runs[0][1]
    out: list[Cell] = []
    for v in reading:
        part = str(v)
        out.append(Cell(v, part, stream.source_of(at, at + len(part))))
        at += len(part)
    return tuple(out)


def _unread_cells(stream: Stream, row: _Row, values: int) -> tuple[Cell, ...]:
    """Cells of a row whose values could not be told apart: null values, the printed digits as raw."""
    raw = " ".join(d for d, _ in row.runs)
    source = stream.source_of(row.runs[0][1], row.runs[-1][1] + len(row.runs[-1][0])) if row.runs else Source()
    return tuple(Cell(None, raw, source) for _ in range(values))


def _columns(m: re.Match[str]) -> tuple[str, ...]:
    return tuple("".join(g.split()) for g in m.groups() if g)


def _title(text: str, start: int) -> str | None:
    m = _TITLE.search(text[max(0, start - 80) : start].replace(CELL, " "))
    return " ".join(m.group(1).split()) if m else None


def _table(stream: Stream, m: re.Match[str], index: int) -> tuple[GenericTable | None, list[str], list[str]]:
    """The table under one header, the warnings and the notes of its glued rows."""
    columns = _columns(m)
    values = len(columns) - 2
    rows, _ = _read_rows(stream.text, m.end(), values)
    if not rows:
        return None, [], []
    narrative = stream.text[: m.start()]
    for row in rows:
        row.candidates = _candidates(row, values, narrative)
    _settle_by_sums(rows)
    out: list[GenericRow] = []
    warnings: list[str] = []
    notes: list[str] = []
    for row in rows:
        digits = " ".join(d for d, _ in row.runs)
        if len(row.candidates) == 1:
            bounded = [bound_cell(c, GENERIC_BOUND, f"generic_tables[{index}] {row.label}")
                       for c in _span_cells(stream, row, row.candidates[0])]
            warnings += [w for _, w in bounded if w]
            out.append(GenericRow(row.label, row.unit, tuple(c for c, _ in bounded)))
            if row.settled_by:
                reading = " | ".join(map(str, row.candidates[0]))
                notes.append(f"generic_tables[{index}] {row.label}: '{digits}' read as {reading} "
                             f"({'; '.join(row.settled_by)})")
            continue
        out.append(GenericRow(row.label, row.unit, _unread_cells(stream, row, values)))
        readings = " or ".join(" | ".join(map(str, c)) for c in row.candidates[:6])
        more = f" (and {len(row.candidates) - 6} more)" if len(row.candidates) > 6 else ""
        why = f"splits as {readings}{more}" if row.candidates else f"does not give {values} values"
        warnings.append(f"generic_tables[{index}] {row.label}: glued '{digits}' {why}; values left null")
    return GenericTable(_title(stream.text, m.start()), columns, tuple(out)), warnings, notes


def stream_to_generic_tables(stream: Stream) -> GenericTables:
    """Every old statistics table in the stream (reports without a national template)."""
    tables: list[GenericTable] = []
    warnings: list[str] = []
    notes: list[str] = []
    for m in _HEADER.finditer(stream.text):
        table, w, n = _table(stream, m, len(tables))
        if table is not None:
            tables.append(table)
            warnings += w
            notes += n
    return GenericTables(tuple(tables), tuple(warnings), tuple(notes))
