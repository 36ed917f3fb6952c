"""The markdown and OCR input classes meet their floors (bench/floors.json 'markdown', 'ocr').

The floors are measured on 162-report batches (bench/accuracy.py docstring), and this gate runs
those same whole batches: text only, about 10 s for both on an idle machine (18 s measured at load
10 on 2 cores).  It once ran only the first 12 reports of each, and the 3 reports of 162 whose
table-二 row was '|  | 0 940 |' (md_converter f073/f082/f150, md_ocr f058/f082/f150) fell below
the 100% floors unseen (align.lead_blank).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy import below_floors, score, summarize, truth_pairs
from samplegen.formats import write_format_batch
from tests.conftest import ROOT

# The batch the floors are measured on: python -m samplegen DIR --format md --layout L --count 162 (seed 0).
BATCH_COUNT = 162


@pytest.mark.parametrize(("group", "layout"), [("markdown", "md_converter"), ("ocr", "md_ocr")])
def test_generated_markdown_meets_its_floors(tmp_path: Path, group: str, layout: str) -> None:
    outdir = tmp_path / group
    write_format_batch(outdir, "md", BATCH_COUNT, seed=0, layout=layout)
    scores = [score(doc, truth) for doc, truth in truth_pairs([outdir])]
    summary = summarize(scores)
    floors = json.loads((ROOT / "bench" / "floors.json").read_text(encoding="utf-8"))
    assert summary["documents"] == BATCH_COUNT
    short = [f"{s.name}: {s.right}/{s.cells} {s.wrong[:3]}" for s in scores if not s.exact]
    assert below_floors(summary, floors, group) == [], short
    assert summary["by_class"] == {group: summary["cell_accuracy"]}


def test_a_layout_the_format_lacks_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no layout"):
        write_format_batch(tmp_path, "md", 1, seed=0, layout="pdf_ruled_cid")
