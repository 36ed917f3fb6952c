"""The markdown and OCR input classes meet their floors (bench/floors.json 'markdown', 'ocr').

The floors are measured on 162-report batches (bench/accuracy.py docstring);
this gate runs the first reports of the same batches, which must meet them too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy import below_floors, score, summarize, truth_pairs
from samplegen.formats import write_format_batch
from tests.conftest import ROOT

GATE_COUNT = 12  # every template four times; the 162-report batch takes too long for a unit test


@pytest.mark.parametrize(("group", "layout"), [("markdown", "md_converter"), ("ocr", "md_ocr")])
def test_generated_markdown_meets_its_floors(tmp_path: Path, group: str, layout: str) -> None:
    outdir = tmp_path / group
    write_format_batch(outdir, "md", GATE_COUNT, seed=0, layout=layout)
    summary = summarize([score(doc, truth) for doc, truth in truth_pairs([outdir])])
    floors = json.loads((ROOT / "bench" / "floors.json").read_text(encoding="utf-8"))
    assert summary["documents"] == GATE_COUNT
    assert below_floors(summary, floors, group) == []
    assert summary["by_class"] == {group: summary["cell_accuracy"]}


def test_a_layout_the_format_lacks_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no layout"):
        write_format_batch(tmp_path, "md", 1, seed=0, layout="pdf_ruled_cid")
