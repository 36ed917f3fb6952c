"""The truth file of a generated report, in the format of seed-expected.json.

Values are simplified and NFKC-normalised; `raw` lists the cells whose
normalised printed text differs from str(value) (blank cells: raw "").
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import samplegen.checks as checks
from samplegen.model import Cell, EncodedText, RenderedText, Report
from samplegen.splits import Ambiguity

SECTION_KEYS = (
    "overview",
    "active_disclosure",
    "applications",
    "review_litigation",
    "problems",
    "other_matters",
)


def normalise(text: str) -> str:
    """NFKC with whitespace collapsed: the form every truth string takes."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _raw_entry(cell: Cell) -> str | None:
    raw = normalise(cell.raw)
    if cell.value is None:
        return raw
    return raw if raw != str(cell.value) else None


def truth_tables(report: Report) -> tuple[dict[str, Any], dict[str, str]]:
    """tables{table:{row:{col:value}}} and raw{"table.row.col": raw}."""
    tables: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for table in report.tables():
        rows: dict[str, dict[str, Any]] = tables.setdefault(table.table_id, {})
        for cell in table.data_cells():
            rows.setdefault(cell.row_id, {})[cell.column] = cell.value
            entry = _raw_entry(cell)
            if entry is not None:
                raw[f"{table.table_id}.{cell.row_id}.{cell.column}"] = entry
    return tables, raw


def build_truth(
    report: Report,
    rendered: RenderedText,
    encoded: EncodedText,
    source_file: str,
    ambiguity: Ambiguity,
) -> dict[str, Any]:
    """The whole truth record of one generated file."""
    meta = report.metadata
    tables, raw = truth_tables(report)
    return {
        "source_file": source_file,
        "metadata": {
            "title": normalise(meta.title),
            "agency": normalise(meta.agency),
            "year": meta.year,
            "published": meta.published,
            "template": meta.template,
        },
        "tables": tables,
        "raw": raw,
        "sections": [s.key for s in report.sections if s.key in SECTION_KEYS],
        "checks_failed": checks.failed_rules(tables),
        "format": "txt",
        "layout": rendered.layout,
        "encoding": encoded.encoding,
        "variants": list(report.variants) + list(rendered.variants) + list(encoded.variants),
        "ambiguous": list(ambiguity.rows),
        "notes": list(report.notes) + list(ambiguity.notes),
        # issue 9: every count the narrative states (key null where the vocabulary has none)
        "facts": [
            {"section": f.section, "key": f.key, "value": f.value, "unit": f.unit, "compare": f.compare}
            for f in report.facts
        ],
    }


def truth_json(truth: dict[str, Any]) -> str:
    """Serialise like seed-expected.json (indent 1, UTF-8 text)."""
    return json.dumps(truth, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class GeneratedFile:
    """One generated sample in any format: file name stem, bytes, truth JSON, suffix."""

    stem: str
    data: bytes
    truth: str
    suffix: str = "txt"

    def write(self, outdir: Path) -> tuple[Path, Path]:
        """Write `<stem>.<suffix>` and `<stem>.truth.json` into outdir."""
        outdir.mkdir(parents=True, exist_ok=True)
        path = outdir / f"{self.stem}.{self.suffix}"
        truth_path = outdir / f"{self.stem}.truth.json"
        path.write_bytes(self.data)
        truth_path.write_bytes(self.truth.encode("utf-8"))
        return path, truth_path
