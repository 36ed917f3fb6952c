"""Narrative facts against the truth: precision, recall and false alarms (issue 9).

A generated truth file lists every count its narrative states (``facts``:
key, value, unit, and ``compare`` = the figure restates a table cell).  A
fact is right when its (key, value, unit) is one of those, each truth fact
matched once.  Real truth files list no facts; there only the false alarms
are judged, from the truth tables.

A false alarm is a failed ``narrative.<key>`` check where the narrative and
the truth table agree (the table was misread), or where a compared figure
means something else (its truth fact says ``compare: false``, or it is no
fact at all).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.facts.vocabulary import load_vocabulary

_STATED = re.compile(r"(-?\d+(?:\.\d+)?) \(")


@dataclass
class FactScore:
    """One document's facts and narrative checks against its truth."""

    truth: int | None = None  # None: the truth lists no facts (real reports)
    found: int = 0
    right: int = 0
    checks: int = 0  # narrative checks that compared (ok not null)
    failed: int = 0
    false_alarms: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def _fact_key(f: dict[str, Any]) -> tuple[Any, ...]:
    value = f["value"]
    return (f["key"], int(value) if isinstance(value, float) and value.is_integer() else value, f["unit"])


def _truth_sum(truth: dict[str, Any], paths: tuple[str, ...]) -> float | None:
    total = 0.0
    for path in paths:
        table, row, col = path.split(".")
        value = truth.get("tables", {}).get(table, {}).get(row, {}).get(col)
        if value is None:
            return None
        total += value
    return total


def _false_alarm(check: dict[str, Any], truth: dict[str, Any]) -> str | None:
    key = check["rule"].split(".", 1)[1]
    stated = [float(v) for v in _STATED.findall(check["detail"].split(" ≠ ")[0])]
    want = _truth_sum(truth, load_vocabulary().spec(key).table)
    if want is not None and any(abs(v - want) < 1e-9 for v in stated):
        return f"{check['rule']}: the narrative agrees with the truth table ({check['detail']})"
    if "facts" in truth:
        compare = {(f["key"], float(f["value"])): f["compare"] for f in truth["facts"]}
        for v in stated:
            if not compare.get((key, v), False):
                return f"{check['rule']}: {v:g} is no comparable figure in the truth ({check['detail']})"
    return None


def score_facts(record: dict[str, Any], truth: dict[str, Any]) -> FactScore:
    """The document's fact matches and narrative-check false alarms."""
    s = FactScore()
    found = Counter(_fact_key(f) for f in record.get("facts", []))
    s.found = sum(found.values())
    if "facts" in truth:
        want = Counter(_fact_key(f) for f in truth["facts"])
        s.truth = sum(want.values())
        s.right = sum((found & want).values())
        s.wrong += [f"fact not in truth: {k}" for k in (found - want).elements()]
        s.wrong += [f"fact missed: {k}" for k in (want - found).elements()]
    for check in record.get("checks", []):
        if not check["rule"].startswith("narrative.") or check["ok"] is None:
            continue
        s.checks += 1
        if check["ok"] is False:
            s.failed += 1
            alarm = _false_alarm(check, truth)
            if alarm:
                s.false_alarms.append(alarm)
    return s


def summarize_facts(scores: list[FactScore]) -> dict[str, Any]:
    """Precision and recall over documents whose truth lists facts; false alarms over all."""
    scored = [s for s in scores if s.truth is not None]
    found = sum(s.found for s in scored)
    truth = sum(s.truth or 0 for s in scored)
    right = sum(s.right for s in scored)
    checks = sum(s.checks for s in scores)
    alarms = sum(len(s.false_alarms) for s in scores)
    return {
        "facts_precision": round(100.0 * right / found, 3) if found else 100.0,
        "facts_recall": round(100.0 * right / truth, 3) if truth else 100.0,
        "facts_scored": truth,
        "narrative_checks": checks,
        "narrative_failed": sum(s.failed for s in scores),
        "narrative_false_alarms": alarms,
        "narrative_false_alarm_rate": round(100.0 * alarms / checks, 3) if checks else 0.0,
    }
