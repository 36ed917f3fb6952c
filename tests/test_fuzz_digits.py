"""Characters that str.isdigit() calls digits but int() refuses ('³', '➇'): findings of bench.fuzz --seed 8 (issue 18).

html mutant 5266 put a '³' in a colspan attribute; pdf mutant 52 put a '➇' into a narrative sentence.
Both stopped their document as `internal` (ValueError from int()); now they read as what they are: no
span, no number.
"""

from __future__ import annotations

from docstruct import extract_bytes
from docstruct.extract import ReadOptions
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"


def test_a_superscript_in_a_colspan_is_no_span() -> None:
    page = (SAMPLES / "gen10_2019_html_table.html").read_text(encoding="utf-8")
    # the mutant's flipped byte made the page cp1252, where 0xB3 reads as '³' inside a span attribute
    mutated = page.replace('<td colspan="4">', '<td colspan="³">')
    assert mutated != page
    record = extract_bytes(mutated.encode("utf-8"), ReadOptions(path="x.html")).to_json()
    assert record["tables"]


def test_a_circled_digit_in_a_sentence_is_no_number() -> None:
    text = (SAMPLES / "gen01_2019_seedlike_tradpinyin.txt").read_bytes().decode("utf-8")
    line = "本年度共收到政府信息公开申请12件，办结➇件。\n"  # the ➇ within the window of a real number
    record = extract_bytes((line + text).encode("utf-8"), ReadOptions(path="x.txt")).to_json()
    assert not any("➇" in str(f.get("value")) for f in record.get("facts", []))
