"""Report templates as data: labels, ids, columns and checks, compiled once.

The JSON files beside this module are the templates; this module only turns
their label strings into regular expressions (once per process) so the hot
path never rebuilds a pattern.  Adding a template version means adding a
``t<version>.json`` file beside this module; no code changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# every t<version>.json beside this module, oldest first
VERSIONS = tuple(sorted(p.stem[1:] for p in HERE.glob("t*.json") if p.stem[1:].isdigit()))

# Numbering as printed before a row label: "一、", "(一)", "1." / "1、" / "1. "
# (real-world-variations.md 'Typos and variants').  NFKC has already folded
# full-width brackets and dots to ASCII.
_NUM_PATTERNS = {
    "paren": r"\(\s*{n}\s*\)\s*",
    "dot": r"{n}\s*[.、,]\s*",
}


@dataclass(frozen=True)
class RowSpec:
    """One template row: its id (None for a heading-only row) and how to find it."""

    id: str | None
    pattern: re.Pattern[str]
    columns: tuple[str, ...]
    result: bool = False
    group: str | None = None
    alternative: str | None = None
    # the label without OCR tolerance: a hit it does not match was read through a confusion
    exact: re.Pattern[str] | None = None
    label: str = ""


@dataclass(frozen=True)
class TableSpec:
    """One template table: rows in document order, header words, checks."""

    name: str
    rows: tuple[RowSpec, ...]
    columns: tuple[str, ...]
    header: re.Pattern[str]
    noise: re.Pattern[str]
    sequence: bool = False
    signed: frozenset[str] = frozenset()
    decimal: frozenset[str] = frozenset()
    checks: tuple[dict[str, Any], ...] = ()
    narrative: tuple[tuple[str, str, re.Pattern[str]], ...] = ()
    plausible: tuple[str, ...] = ()
    ratios: tuple[dict[str, Any], ...] = ()
    # each column's header word ('总计'), matched as a whole cell by tables/columns.py
    column_labels: tuple[tuple[str, str], ...] = ()
    # (column, largest plausible absolute value); '*' for every other column (template 'bounds')
    bounds: tuple[tuple[str, int], ...] = ()

    def bound(self, col: str) -> int | None:
        """The largest plausible absolute value of a cell in ``col``, if the template states one."""
        found = self._bounds_map
        return found.get(col, found.get("*"))

    @cached_property
    def _bounds_map(self) -> dict[str, int]:
        # asked once per cell (tables/bounds.py): the dict is made once per template table, not per cell
        return dict(self.bounds)

    def row(self, row_id: str) -> RowSpec:
        """The row spec with this id."""
        for spec in self.rows:
            if spec.id == row_id:
                return spec
        raise KeyError(row_id)


@dataclass(frozen=True)
class Template:
    """A template version: its tables and the labels that identify it."""

    id: str
    cites: tuple[str, ...]
    signals: re.Pattern[str]
    tables: dict[str, TableSpec]


def spaced(label: str) -> str:
    """A regex for ``label`` that tolerates whitespace between its characters.

    PDF text and crawled pages break labels with spaces ('本年新 公开数量',
    '商 业 企\\n业' in real-world-variations.md).
    """
    if label.startswith("re:"):
        return label[3:]
    parts = [re.escape(ch) for ch in label if not ch.isspace()]
    return r"\s*".join(parts)


@cache
def _confusions() -> dict[str, str]:
    """Each confusable character -> a regex class of its group (ocr_confusions.json)."""
    out: dict[str, str] = {}
    for group in load_data("ocr_confusions")["groups"]:
        cls = "[" + "".join(re.escape(ch) for ch in group) + "]"
        out.update({ch: cls for ch in group})
    return out


def canonical(ch: str) -> str:
    """The character a template label prints for an OCR reading ``ch`` (``ch`` itself if none)."""
    for group in load_data("ocr_confusions")["groups"]:
        if ch in group:
            return str(group[0])
    return ch


def tolerant(label: str) -> str:
    """Like ``spaced``, and each character in a confusion group also matches the others."""
    if label.startswith("re:"):
        return label[3:]
    table = _confusions()
    parts = [table.get(ch, re.escape(ch)) for ch in label if not ch.isspace()]
    return r"\s*".join(parts)


def _numbering(num: str) -> str:
    if not num:
        return ""
    core = num.strip("()、.")
    shape = "paren" if num.startswith("(") else "dot"
    return "(?:" + _NUM_PATTERNS[shape].format(n=re.escape(core)) + ")?"


def _row_pattern(spec: dict[str, Any], exact: bool = False) -> re.Pattern[str]:
    labels = sorted(spec["labels"], key=len, reverse=True)
    body = "|".join((spaced if exact else tolerant)(lab) for lab in labels)
    tail = spec.get("tail")
    tail_re = f"(?:\\s*{tail})?" if tail else ""
    return re.compile(f"{_numbering(spec.get('num', ''))}(?:{body}){tail_re}")


def _rows(raw: list[dict[str, Any]], columns: tuple[str, ...]) -> tuple[RowSpec, ...]:
    out = []
    for spec in raw:
        cols = tuple(spec.get("columns", columns)) if not spec.get("heading") else ()
        out.append(
            RowSpec(
                id=None if spec.get("heading") else spec["id"],
                pattern=_row_pattern(spec),
                columns=cols,
                result=bool(spec.get("result")),
                group=spec.get("group"),
                alternative=spec.get("alternative"),
                exact=_row_pattern(spec, exact=True),
                label=str(spec["labels"][0]),
            )
        )
    return tuple(out)


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(spaced(w) for w in sorted(words, key=len, reverse=True)))


def _noise(raw: dict[str, Any]) -> re.Pattern[str]:
    """Header words and heading-only rows: text inside a value region that holds no cell.

    r06/r07 repeat '三、本年度办理结果' mid-table (a page break in the source),
    glued to the digits before it.
    """
    parts = [spaced(w) for w in sorted(raw.get("header", []), key=len, reverse=True)]
    parts += [_row_pattern(r).pattern for r in raw["rows"] if r.get("heading")]
    return re.compile("|".join(parts)) if parts else re.compile(r"(?!x)x")


def _table(name: str, raw: dict[str, Any]) -> TableSpec:
    columns = tuple(raw.get("columns", ()))
    narrative = tuple(
        (key.split(".")[0], key.split(".")[1], re.compile(pat))
        for key, pats in raw.get("narrative", {}).items()
        for pat in pats
    )
    return TableSpec(
        name=name,
        rows=_rows(raw["rows"], columns),
        columns=columns or tuple(dict.fromkeys(c for r in raw["rows"] for c in r.get("columns", ()))),
        header=_words(raw.get("header", [])),
        noise=_noise(raw),
        sequence=raw.get("mode") == "sequence",
        signed=frozenset(raw.get("signed", ())),
        decimal=frozenset(raw.get("decimal", ())),
        checks=tuple(raw.get("checks", ())),
        narrative=narrative,
        plausible=tuple(raw.get("plausible", ())),
        ratios=tuple(raw.get("ratios", ())),
        column_labels=tuple(raw.get("column_labels", {}).items()),
        bounds=tuple((str(k), int(v)) for k, v in raw.get("bounds", {}).items()),
    )


@cache
def load_data(name: str) -> dict[str, Any]:
    """One JSON file beside this module, parsed once."""
    data: dict[str, Any] = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    return data


@cache
def _shared_table(name: str) -> TableSpec:
    """A table that every version prints alike (三, 四): compiled once, shared by the versions."""
    return _table(name, load_data(name))


@cache
def load_template(version: str) -> Template:
    """The compiled template for ``version`` ('2019' or '2021')."""
    raw = load_data(f"t{version}")
    tables = {
        "active_disclosure": _table("active_disclosure", raw["active_disclosure"]),
        "applications": _shared_table("applications"),
        "review_litigation": _shared_table("review_litigation"),
    }
    return Template(
        id=raw["id"],
        cites=tuple(raw.get("cites", ())),
        signals=_words(raw["signals"]),
        tables=tables,
    )


def all_templates() -> tuple[Template, ...]:
    """Every template version, oldest first."""
    return tuple(load_template(v) for v in VERSIONS)
