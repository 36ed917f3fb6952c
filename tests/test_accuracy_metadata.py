"""Metadata on generated reports: right in every format, and never wrong without a warning (issue 17).

The generator prints issue 17's shapes (year-first titles, a place line above the rest of the
agency's name, blank lines between title lines, a page <title> with the site's short name glued by
a dash, a date line with seconds) from a random stream of their own; this gate runs a small batch of
each format at a seed no other test uses and asks for every field right and no silent difference.
The 200-report figures per format are bench/floors.json's generated_<fmt> groups.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy import score, summarize, truth_pairs
from samplegen.formats import write_format_batch
from samplegen.generate import write_batch

# every txt layout and encoding (GB18030 text with blank-line titles among them); fewer of the slower formats
GATE = {"txt": 40, "html": 16, "docx": 8, "md": 8}
SEED = 5150


@pytest.mark.parametrize(("fmt", "count"), GATE.items())
def test_generated_metadata_is_right_or_warned(tmp_path: Path, fmt: str, count: int) -> None:
    _write(tmp_path, fmt, count)
    scores = [score(doc, truth) for doc, truth in truth_pairs([tmp_path])]
    summary = summarize(scores)
    assert summary["documents"] == count
    silent = {s.name: sorted(s.metadata_silent) for s in scores if s.metadata_silent}
    assert silent == {}, "metadata differs from the truth with no warning naming it"
    wrong = [w for s in scores for w in s.wrong if w.startswith("metadata.")]
    assert min(summary["metadata"].values()) >= 99.5, wrong


def test_the_shapes_occur_in_the_gate(tmp_path: Path) -> None:
    _write(tmp_path, "txt", GATE["txt"])
    variants = {v for truth in tmp_path.glob("*.truth.json") for v in _variants(truth)}
    assert {"title_year_first", "title_place_line", "title_blank_lines", "date_seconds"} <= variants


def _write(outdir: Path, fmt: str, count: int) -> None:
    if fmt == "txt":
        write_batch(outdir, count, SEED)
    else:
        write_format_batch(outdir, fmt, count, seed=SEED)


def _variants(truth: Path) -> list[str]:
    return list(json.loads(truth.read_text(encoding="utf-8"))["variants"])
