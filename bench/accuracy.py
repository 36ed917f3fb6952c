"""Accuracy benchmark: extract every document that has a truth file and score it.

Usage: python -m bench.accuracy [DIR ...] [--floors bench/floors.json] [--json]

A truth file is ``<name>.truth.json`` beside ``<name>.<ext>`` in the format of
shared/spec/seed-expected.json.  Prints cell accuracy per document, per layout
per format and per input class (the converter named in the truth by
bench/converters.py, converter markdown 'markdown', OCR transcriptions 'ocr',
else the format), the count of wrong values (a number present but not the
truth's; a ceiling in the floors file), the exact-document rate, agreement of the failed checks with
the truth, template agreement, metadata accuracy (title, agency, year,
published; overall and per format), and crashes.  With --floors, exits 1 when a
figure falls below its floor (the floors file only ever goes up).  The
'markdown' and 'ocr' floors are measured on generated batches:
``python -m samplegen /tmp/markdown --format md --layout md_converter --count 162``
(and ``/tmp/ocr`` with ``--layout md_ocr``), then ``python -m bench.accuracy
/tmp/markdown /tmp/ocr --floors bench/floors.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.facts_score import FactScore, score_facts, summarize_facts  # noqa: E402
from docstruct.extract import DocstructError, extract_file  # noqa: E402

DEFAULT_DIRS = [ROOT.parent / "shared" / "real", ROOT / "samples"]
METADATA_FIELDS = ("title", "agency", "year", "published")


@dataclass
class DocScore:
    name: str
    fmt: str
    layouts: list[str]
    cells: int = 0
    right: int = 0
    template_ok: bool = False
    checks_ok: bool = False
    crashed: str | None = None
    wrong: list[str] = field(default_factory=list)
    seconds: float = 0.0
    encoding: str = "unknown"
    # the converter that wrote the markdown (bench/converters.py truth field), else None
    converter: str | None = None
    # cells holding a number that is not the truth's: worse than a cell left out (issue 12)
    wrong_values: int = 0
    # metadata fields the record got right (of METADATA_FIELDS)
    metadata_right: set[str] = field(default_factory=set)
    # metadata fields that differ from the truth with no warning on that field (issue 17: the goal is 0)
    metadata_silent: set[str] = field(default_factory=set)
    facts: FactScore = field(default_factory=FactScore)

    @property
    def exact(self) -> bool:
        return self.crashed is None and self.right == self.cells and self.template_ok and self.checks_ok


def truth_pairs(dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(document, truth) pairs in the given folders, sorted by name."""
    pairs = []
    for d in dirs:
        if not d.is_dir():
            continue
        for truth in sorted(d.glob("*.truth.json")):
            stem = truth.name[: -len(".truth.json")]
            docs = [p for p in sorted(d.glob(stem + ".*")) if not p.name.endswith(".truth.json")]
            if docs:
                pairs.append((docs[0], truth))
    return pairs


def _value(record: dict[str, Any], table: str, row: str, col: str) -> Any:
    try:
        return record["tables"][table][row][col]["value"]
    except (KeyError, TypeError):
        return "<missing>"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def score(doc: Path, truth_path: Path) -> DocScore:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    layouts = truth.get("variants") or [truth.get("layout", "unknown")]
    if truth.get("layout"):
        layouts = [truth["layout"]] + [v for v in layouts if v != truth["layout"]]
    s = DocScore(doc.name, doc.suffix.lstrip(".").lower(), layouts, encoding=str(truth.get("encoding") or "unknown"))
    s.converter = truth.get("converter")
    s.cells = sum(len(cols) for rows in truth.get("tables", {}).values() for cols in rows.values())
    t0 = time.perf_counter()
    try:
        record = extract_file(doc).to_json()
    except DocstructError as exc:
        s.crashed = f"error: {exc}"
        return s
    except Exception as exc:
        s.crashed = f"CRASH {exc.__class__.__name__}: {exc}"
        return s
    s.seconds = time.perf_counter() - t0
    for table, rows in truth.get("tables", {}).items():
        for row, cols in rows.items():
            for col, want in cols.items():
                got = _value(record, table, row, col)
                close = isinstance(got, float) and isinstance(want, (int, float)) and abs(got - want) < 1e-9
                if got == want or close:
                    s.right += 1
                else:
                    s.wrong_values += _is_number(got)
                    s.wrong.append(f"{table}.{row}.{col}: want {want!r} got {got!r}")
    for key in METADATA_FIELDS:
        want, got = truth["metadata"].get(key), record["metadata"].get(key)
        if got == want:
            s.metadata_right.add(key)
        else:
            s.wrong.append(f"metadata.{key}: want {want!r} got {got!r}")
            if not any(w.startswith(f"metadata.{key}:") for w in record["warnings"]):
                s.metadata_silent.add(key)
    s.template_ok = record["metadata"]["template"] == truth["metadata"]["template"]
    # narrative.<key> checks are scored by bench/facts_score.py; the truth lists table checks only
    failed = sorted(c["rule"] for c in record["checks"] if c["ok"] is False and not c["rule"].startswith("narrative."))
    s.facts = score_facts(record, truth)
    s.checks_ok = failed == sorted(truth.get("checks_failed", []))
    if not s.checks_ok:
        s.wrong.append(f"failed checks: want {sorted(truth.get('checks_failed', []))} got {failed}")
    if not s.template_ok:
        s.wrong.append(f"template: want {truth['metadata']['template']} got {record['metadata']['template']}")
    return s


# Input classes beyond the file format: converted markdown and OCR transcriptions
# (issue 8) are scored apart from hand-typed text.
LAYOUT_CLASSES = {"md_converter": "markdown", "md_ocr": "ocr"}


def input_class(s: DocScore) -> str:
    """The input class of a scored document: its converter ('markitdown'), 'markdown', 'ocr', or its format."""
    if s.converter:
        return s.converter
    for layout in s.layouts:
        if layout in LAYOUT_CLASSES:
            return LAYOUT_CLASSES[layout]
    return "markdown" if s.fmt in ("md", "markdown") else s.fmt


def _pct(right: int, total: int) -> float:
    return 100.0 * right / total if total else 100.0


def metadata_accuracy(scores: list[DocScore]) -> dict[str, float]:
    """Per metadata field, the share of documents that got it right (crashes count as wrong)."""
    return {key: round(_pct(sum(key in s.metadata_right for s in scores), len(scores)), 3) for key in METADATA_FIELDS}


def summarize(scores: list[DocScore]) -> dict[str, Any]:
    templated = [s for s in scores if s.cells]
    by_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_format: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_encoding: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in templated:
        keys = ((s.layouts[0], by_layout), (s.fmt, by_format), (s.encoding, by_encoding), (input_class(s), by_class))
        for key, agg in keys:
            agg[key][0] += s.right
            agg[key][1] += s.cells
    cells = sum(s.cells for s in templated)
    right = sum(s.right for s in templated)
    return {
        "documents": len(scores),
        "cell_accuracy": round(_pct(right, cells), 3),
        "cells": cells,
        "cells_right": right,
        "wrong_values": sum(s.wrong_values for s in templated),
        "exact_documents": round(_pct(sum(s.exact for s in scores), len(scores)), 3),
        "checks_agree": round(_pct(sum(s.checks_ok for s in scores), len(scores)), 3),
        "template_right": round(_pct(sum(s.template_ok for s in scores), len(scores)), 3),
        "crashes": sum(1 for s in scores if s.crashed),
        "by_layout": {k: round(_pct(*v), 3) for k, v in sorted(by_layout.items())},
        "by_format": {k: round(_pct(*v), 3) for k, v in sorted(by_format.items())},
        "by_encoding": {k: round(_pct(*v), 3) for k, v in sorted(by_encoding.items())},
        "by_class": {k: round(_pct(*v), 3) for k, v in sorted(by_class.items())},
        "metadata": metadata_accuracy(scores),
        "metadata_silent": sum(len(s.metadata_silent) for s in scores),
        "metadata_by_format": {
            fmt: metadata_accuracy([s for s in scores if s.fmt == fmt]) for fmt in sorted({s.fmt for s in scores})
        },
        "seconds": round(sum(s.seconds for s in scores), 3),
        **summarize_facts([s.facts for s in scores]),
    }


def _figure(summary: dict[str, Any], key: str) -> Any:
    """A summary figure by its floors key; dotted keys reach inside: 'metadata.title', 'metadata_by_format.pdf.year'."""
    got: Any = summary
    for part in key.split("."):
        got = got.get(part) if isinstance(got, dict) else None
    return got


# figures where lower is better: their 'floor' is a ceiling
CEILINGS = ("crashes", "wrong_values", "narrative_false_alarms", "narrative_false_alarm_rate", "metadata_silent")


def below_floors(summary: dict[str, Any], floors: dict[str, Any], group: str) -> list[str]:
    out = []
    for key, floor in floors.get(group, {}).items():
        got = _figure(summary, key)
        if key in CEILINGS:
            if got is not None and got > floor:
                out.append(f"{group}.{key}: {got} > {floor}")
        elif got is None or got < floor:
            out.append(f"{group}.{key}: {got} < floor {floor}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--floors", type=Path, help="fail when below these floors")
    ap.add_argument("--group", default=None, help="floors group name (default: folder name)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON only")
    ap.add_argument("--quiet", action="store_true", help="no per-document lines")
    args = ap.parse_args(argv)
    dirs = args.dirs or [d for d in DEFAULT_DIRS if d.is_dir()]
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors else {}
    problems: list[str] = []
    for d in dirs:
        scores = [score(doc, truth) for doc, truth in truth_pairs([d])]
        summary = summarize(scores)
        group = args.group or d.name
        if args.json:
            print(json.dumps({group: summary}, ensure_ascii=False))
        else:
            _print(group, scores, summary, args.quiet)
        problems += below_floors(summary, floors, group)
    for p in problems:
        print(f"BELOW FLOOR {p}")
    return 1 if problems else 0


FACT_FIGURES = (
    "facts_precision",
    "facts_recall",
    "facts_scored",
    "narrative_checks",
    "narrative_failed",
    "narrative_false_alarms",
    "narrative_false_alarm_rate",
)


def _print(group: str, scores: list[DocScore], summary: dict[str, Any], quiet: bool) -> None:
    print(f"== {group}: {summary['documents']} documents")
    if not quiet:
        for s in scores:
            template = "ok" if s.template_ok else "WRONG"
            checks = "ok" if s.checks_ok else "WRONG"
            status = s.crashed or f"{s.right}/{s.cells} cells, template {template}, checks {checks}"
            print(f"  {s.name:40s} {s.layouts[0]:22s} {status}")
            for w in s.wrong[:8] + s.facts.false_alarms + s.facts.wrong[:4]:
                print(f"      {w}")
    keys = ("cell_accuracy", "cells", "wrong_values", "exact_documents", "checks_agree", "template_right", "crashes")
    for key in (*keys, "seconds"):
        print(f"  {key}: {summary[key]}")
    print("  facts: " + ", ".join(f"{k} {summary[k]}" for k in FACT_FIGURES))
    print(f"  by_layout: {summary['by_layout']}")
    print(f"  by_format: {summary['by_format']}")
    print(f"  by_encoding: {summary['by_encoding']}")
    print(f"  by_class: {summary['by_class']}")
    print(f"  metadata: {summary['metadata']} (differing without a warning: {summary['metadata_silent']})")
    print(f"  metadata_by_format: {summary['metadata_by_format']}")


if __name__ == "__main__":
    sys.exit(main())
