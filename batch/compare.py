"""Two reports side by side: cell deltas, key figures year on year, facts, a sentence diff, continuity.

Plain data in, plain data out (records as ``extract`` prints them), so it
compares two files, two stored documents or one agency's two years alike.
Nothing is guessed: a cell or figure absent from one side is said (``null``),
never read as 0.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from docstruct.batch.cross import Carry, continuity_pair
from docstruct.extract.checks import format_number
from docstruct.extract.record import TABLE_ORDER

Record = Mapping[str, Any]
# The figures an evaluation reads first (the template's own totals: report-schema.md tables 三 and 四).
KEY_FIGURES = (
    "applications.new_received.total",
    "applications.carried_over.total",
    "applications.total_handled.total",
    "applications.carried_forward.total",
    "applications.granted.total",
    "applications.partially_granted.total",
    "review_litigation.review.total",
    "review_litigation.litigation_direct.total",
    "review_litigation.litigation_after_review.total",
)
# Sentences end at these marks (the reports' own punctuation, NFKC-folded).
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def _cells(record: Record) -> dict[str, dict[str, Any]]:
    out = {}
    for table in TABLE_ORDER:
        for row, cols in (record.get("tables") or {}).get(table, {}).items():
            for col, cell in cols.items():
                out[f"{table}.{row}.{col}"] = cell
    return out


def _delta(a: Any, b: Any) -> tuple[Any, Any]:
    """b - a and the change in % of a; None where a side is missing or a is 0."""
    if not isinstance(a, int | float) or not isinstance(b, int | float):
        return None, None
    diff = b - a
    diff = round(diff, 6) if isinstance(diff, float) else diff
    return diff, (round(100.0 * diff / a, 1) if a else None)


def cell_deltas(a: Record, b: Record) -> list[dict[str, Any]]:
    """Every cell of either record in table order: both values and raws, the delta; changed cells flagged."""
    ca, cb = _cells(a), _cells(b)
    order = list(ca) + [k for k in cb if k not in ca]
    out = []
    for key in order:
        va, vb = (ca.get(key) or {}).get("value"), (cb.get(key) or {}).get("value")
        delta, _ = _delta(va, vb)
        out.append({"cell": key, "a": va, "b": vb, "raw_a": (ca.get(key) or {}).get("raw"),
                    "raw_b": (cb.get(key) or {}).get("raw"), "delta": delta,
                    "changed": va != vb or (key in ca) != (key in cb)})
    return out


def key_figures(a: Record, b: Record) -> list[dict[str, Any]]:
    """The key figures' change from A to B, absolute and in %."""
    ca, cb = _cells(a), _cells(b)
    out = []
    for key in KEY_FIGURES:
        va, vb = (ca.get(key) or {}).get("value"), (cb.get(key) or {}).get("value")
        delta, pct = _delta(va, vb)
        out.append({"figure": key, "a": va, "b": vb, "delta": delta, "percent": pct})
    return out


def _facts(record: Record) -> dict[tuple[str, str], list[Any]]:
    out: dict[tuple[str, str], list[Any]] = {}
    for f in record.get("facts") or []:
        if f.get("key"):
            out.setdefault((f["key"], f.get("unit") or ""), []).append(f.get("value"))
    return out


def facts_changed(a: Record, b: Record) -> list[dict[str, Any]]:
    """Narrative figures by key and unit whose values differ, appear or disappear."""
    fa, fb = _facts(a), _facts(b)
    out = []
    for key in sorted(set(fa) | set(fb)):
        if fa.get(key) != fb.get(key):
            out.append({"key": key[0], "unit": key[1], "a": fa.get(key), "b": fb.get(key)})
    return out


def sentences(text: str) -> list[str]:
    """A section's sentences, whitespace-trimmed, empty ones dropped."""
    return [s.strip() for s in SENTENCE_END.split(text or "") if s.strip()]


def section_diff(a: Record, b: Record) -> list[dict[str, Any]]:
    """Per section key: the sentences added, removed and changed (a replaced run, paired in order)."""
    ta = {s["key"]: s.get("text", "") for s in a.get("sections") or []}
    tb = {s["key"]: s.get("text", "") for s in b.get("sections") or []}
    order = list(ta) + [k for k in tb if k not in ta]
    out = []
    for key in order:
        sa, sb = sentences(ta.get(key, "")), sentences(tb.get(key, ""))
        added: list[str] = []
        removed: list[str] = []
        changed: list[dict[str, str]] = []
        matcher = difflib.SequenceMatcher(a=sa, b=sb, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "insert":
                added += sb[j1:j2]
            elif op == "delete":
                removed += sa[i1:i2]
            elif op == "replace":
                pairs = min(i2 - i1, j2 - j1)
                changed += [{"a": sa[i1 + n], "b": sb[j1 + n]} for n in range(pairs)]
                removed += sa[i1 + pairs:i2]
                added += sb[j1 + pairs:j2]
        out.append({"section": key, "same": len(sa) - len(removed) - len(changed), "added": added,
                    "removed": removed, "changed": changed})
    return out


def _carry(record: Record) -> dict[str, Any]:
    apps = (record.get("tables") or {}).get("applications", {})
    return {f"{row}.{col}": cell.get("value") for row in ("carried_forward", "carried_over")
            for col, cell in apps.get(row, {}).items()}


def continuity(a: Record, b: Record) -> list[dict[str, Any]]:
    """continuity.carried_over between the earlier and the later record, when their years are consecutive."""
    ya, yb = (a.get("metadata") or {}).get("year"), (b.get("metadata") or {}).get("year")
    if not isinstance(ya, int) or not isinstance(yb, int) or abs(ya - yb) != 1:
        return [{"rule": "continuity.carried_over", "ok": None,
                 "detail": f"skipped: the years ({ya}, {yb}) are not consecutive"}]
    first, later = (a, b) if ya < yb else (b, a)
    sha = [str((r.get("source") or {}).get("sha256", "")) for r in (first, later)]
    carry: Carry = {sha[0]: _carry(first), sha[1]: _carry(later)}
    paths = {s: str((r.get("source") or {}).get("path", "")) for s, r in zip(sha, (first, later), strict=True)}
    year_first, year_later = min(ya, yb), max(ya, yb)
    results = continuity_pair("", (year_first, sha[0]), (year_later, sha[1]), carry, paths)
    return [{"rule": c.rule, "ok": c.ok, "detail": c.detail, "cell_a": c.cell_a, "value_a": c.value_a,
             "cell_b": c.cell_b, "value_b": c.value_b} for c in results]


def describe(record: Record) -> dict[str, Any]:
    """Who and what one side is."""
    meta, src = record.get("metadata") or {}, record.get("source") or {}
    return {"path": src.get("path"), "sha256": src.get("sha256"), "format": src.get("format"),
            "title": meta.get("title"), "agency": meta.get("agency"), "year": meta.get("year"),
            "template": meta.get("template")}


def compare_records(a: Record, b: Record) -> dict[str, Any]:
    """Everything ``docstruct compare`` prints."""
    return {
        "a": describe(a),
        "b": describe(b),
        "cells": cell_deltas(a, b),
        "key_figures": key_figures(a, b),
        "facts_changed": facts_changed(a, b),
        "sections": section_diff(a, b),
        "continuity": continuity(a, b),
    }


def figure_text(v: Any) -> str:
    """A number as printed, '—' for none."""
    return "—" if v is None else format_number(v) if isinstance(v, int | float) else str(v)
