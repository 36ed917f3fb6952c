"""Record helpers shared by the format tests: what must be equal across formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docstruct.extract import ReadOptions, extract_bytes


def essence(record: dict[str, Any]) -> tuple[Any, Any, Any]:
    """A record without provenance: metadata, every cell's value and raw, failed checks."""
    tables = {
        name: {row: {col: (cell["value"], cell["raw"]) for col, cell in cols.items()} for row, cols in rows.items()}
        for name, rows in record["tables"].items()
    }
    failed = sorted(c["rule"] for c in record["checks"] if c["ok"] is False)
    return record["metadata"], tables, failed


def text_record(text: str) -> dict[str, Any]:
    """The record of a text form given as a string."""
    return extract_bytes(text.encode("utf-8"), ReadOptions(path="x.txt"), fmt="txt").to_json()


def hostile_report(sample: Path, hostile: list[str], folder: Path) -> Path:
    """A copy of a text sample with markup-like strings in its title line and a line of their own."""
    lines = sample.read_text(encoding="utf-8").splitlines()
    lines[1] = hostile[0] + lines[1]
    lines.insert(3, " ".join(hostile))
    path = folder / "hostile.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def truth_misses(
    record: dict[str, Any], truth_path: Path, *, wrong_only: bool = False
) -> dict[tuple[str, str, str], Any]:
    """The truth file's cells the record does not hold, as (wanted, got) by (table, row, column).

    ``wrong_only``: only cells present but wrong; a cell left out (null or absent) is no miss then.
    """
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    got = {(t, r, c): cell["value"] for t, rows in record["tables"].items() for r, cols in rows.items()
           for c, cell in cols.items()}
    allowed = (None,) if wrong_only else ()
    return {(t, r, c): (v, got.get((t, r, c))) for t, rows in truth["tables"].items() for r, cols in rows.items()
            for c, v in cols.items() if got.get((t, r, c)) not in (v, *allowed)}


def text_corpus() -> list[Path]:
    """The .txt and .md files of samples/ and, where ../shared is beside the clone, its real reports and seed."""
    root = Path(__file__).resolve().parent.parent
    folders = (root / "samples", root.parent / "shared" / "real", root.parent / "shared" / "seeds")
    return sorted(p for d in folders if d.exists() for p in d.iterdir() if p.suffix in (".txt", ".md"))
