"""Issue 18: absurd numbers are misreads: null under the template's bound, with a warning keeping the raw."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from docstruct.extract import extract_bytes, extract_file
from docstruct.extract.tables.values import MAX_READ_DIGITS, to_number
from docstruct.extract.templates import load_data, load_template
from docstruct.extract.writers.json import record_to_json

FUZZ = Path(__file__).resolve().parent / "fuzz"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "gen01_2019_seedlike_tradpinyin.txt"


def test_bounds_are_template_data_per_column() -> None:
    t2019, t2021 = load_template("2019"), load_template("2021")
    assert t2019.tables["active_disclosure"].bound("amount") == 10**12  # 元 or 万元 as printed
    assert t2021.tables["active_disclosure"].bound("amount") == 10**8   # 万元
    assert t2021.tables["active_disclosure"].bound("issued") == 10**9
    assert t2019.tables["applications"].bound("total") == load_data("applications")["bounds"]["*"]
    assert t2019.tables["review_litigation"].bound("upheld") == 10**9


def test_386_digit_cell_is_null_with_a_warning_and_its_raw_kept() -> None:
    record = extract_file(FUZZ / "cell_386_digits.txt").to_json()
    cell = record["tables"]["applications"]["new_received"]["natural_person"]
    assert cell["value"] is None and cell["raw"] == "9" * 386
    warned = [w for w in record["warnings"] if w.startswith("applications.new_received.natural_person:")]
    assert len(warned) == 1 and "beyond the plausible bound 10^9" in warned[0] and "386 characters" in warned[0]
    balance = next(c for c in record["checks"] if c["rule"] == "applications.balance[natural_person]")
    assert balance["ok"] is None and "new_received missing or blank" in balance["detail"]


@pytest.mark.parametrize("digits", [386, MAX_READ_DIGITS + 1, 5000])
@pytest.mark.parametrize("fraction", ["", ".5"])
def test_any_digit_run_gives_a_json_record(digits: int, fraction: str) -> None:
    text = (FUZZ / "cell_386_digits.txt").read_text(encoding="utf-8").replace("9" * 386, "9" * digits + fraction)
    record = extract_bytes(text.encode()).to_json()
    json.loads(record_to_json(record))  # no inf, no int() over 4300 digits
    cell = record["tables"]["applications"]["new_received"]["natural_person"]
    assert cell["value"] is None and cell["raw"].startswith("9" * 100)


def test_to_number_reads_overlong_runs_as_infinity() -> None:
    assert to_number("9" * MAX_READ_DIGITS) == int("9" * MAX_READ_DIGITS)
    assert to_number("9" * (MAX_READ_DIGITS + 1)) == math.inf
    assert to_number("-" + "9" * 5000) == -math.inf
    assert to_number("9" * 400 + ".5") == math.inf


def test_a_real_sized_report_meets_no_bound() -> None:
    record = extract_file(SAMPLE).to_json()
    assert not any("plausible bound" in w for w in record["warnings"])


def test_absurd_narrative_figure_is_no_fact() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    record = extract_bytes(("主动公开政府信息" + "9" * 400 + "条。\n" + text).encode()).to_json()
    assert not any(len(str(f["value"])) > 20 for f in record["facts"])
    assert record["diagnostics"]["facts"]["not_counts"].get("implausible") == 1


def test_generic_table_value_beyond_the_bound_is_null_with_a_warning() -> None:
    from docstruct.extract.generic_tables import GENERIC_BOUND, stream_to_generic_tables
    from docstruct.extract.model import Block, Line, Source
    from docstruct.extract.stream import blocks_to_stream

    big = "9" * 400
    text = f"政府信息公开情况统计表\n指标名称\n计量单位\n2018年度\n历年累计\n主动公开文件数\n条\n{big}\n12\n"
    blocks = tuple(Block(line=Line(t, Source(line=i + 1, span=(0, len(t))), tuple(range(len(t)))))
                   for i, t in enumerate(text.split("\n")))
    found = stream_to_generic_tables(blocks_to_stream(blocks))
    cells = found.tables[0].rows[0].cells
    assert [c.value for c in cells] == [None, 12] and cells[0].raw == big
    assert any(f"bound 10^{len(str(GENERIC_BOUND)) - 1}" in w for w in found.warnings)
