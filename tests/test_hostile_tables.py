"""Hostile tables (issue 18): a row repeated many times is read in linear work, and its record says what it holds.

html fuzz mutant 698 (seed 1) repeats one table row 10,000 times: the row's value region then
runs over every copy, and asking whether a region holds a value read all of it, once per
question.  CPU seconds for the 10,000 copies (facts included, a machine at a load of 20-25, so
noisy): 10.07 -> 8.09 in two runs, 10.23 -> 9.87 in one run of both checkouts; the rest is the
HTML reader's per-cell cost, linear in the cells.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from docstruct.extract import ReadOptions, extract_bytes
from docstruct.extract.formats import sniff_format
from docstruct.extract.pipeline import reader_for
from docstruct.extract.stream import ROW, blocks_to_stream
from docstruct.extract.tables import gaps, match, pairing, rebuild
from docstruct.extract.templates import all_templates
from tests.conftest import ROOT

FUZZ = ROOT / "tests" / "fuzz"
SAMPLES = sorted(p for p in (ROOT / "samples").glob("gen*") if p.suffix in (".txt", ".html", ".md"))
# a region spanning more rows than this is one of the repeated copies' regions, not a real row
BIG_REGION_ROWS = 100


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_region_has_values_agrees_with_region_chunks(path: Path) -> None:
    data = path.read_bytes()
    doc = reader_for(sniff_format(data, str(path)), path.suffix == ".md")(data, ReadOptions(path=str(path)))
    text = blocks_to_stream(doc.blocks).text
    rows = [0] + [i + 1 for i, ch in enumerate(text) if ch == ROW]
    noises = {spec.noise.pattern: spec.noise for t in all_templates() for spec in t.tables.values()}
    for noise in noises.values():
        # every row, and spans of several rows (the regions of labels far apart)
        for a, b in [*itertools.pairwise(rows), *zip(rows, rows[7:], strict=False)]:
            chunks, _ = match.region_chunks(text, a, b, noise)
            assert match.region_has_values(text, a, b, noise) == any(c.text for c in chunks), (a, b, text[a:b])


def test_a_row_repeated_300_times_is_read_over_once(monkeypatch: pytest.MonkeyPatch) -> None:
    big: list[int] = []
    original = match.region_chunks

    def counted(text: str, start: int, end: int, *args: object, **kwargs: object) -> object:
        if text.count(ROW, start, end) > BIG_REGION_ROWS:
            big.append(end - start)
        return original(text, start, end, *args, **kwargs)  # type: ignore[arg-type]

    for module in (match, pairing, rebuild, gaps):
        monkeypatch.setattr(module, "region_chunks", counted)
    record = extract_bytes((FUZZ / "html_table_row_300_copies.html").read_bytes(),
                           ReadOptions(path="copies.html", facts=False)).to_json()
    # read once, for the row's values; before, pairing's 'does it hold a value?' read it all again
    assert len(big) == 1
    # 300 copies of one row's 8 cells are no one row's 7 values: left out, and said so
    assert "applications.denied_process: could not read the row (2399 values for 7 columns); cells left out" in (
        record["warnings"]
    )
