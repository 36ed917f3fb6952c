"""Tests of the sample-report generator (samplegen).

The checks, decoding and re-gluing below are re-implemented here on purpose:
the truth files must stand on their own, not on the generator's helpers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samplegen import ENCODINGS, LAYOUTS, TEMPLATES, ReportSpec, batch_specs, generate
from samplegen.cli import main
from samplegen.encode import BIG5_FORMS
from samplegen.names import CITIES, COUNTIES, DEPARTMENTS, DISTRICTS, STREETS, TOWNS
from samplegen.samples import SAMPLES
from samplegen.splits import enumerate_splits, review_splits, row_sum_splits

APPLICANTS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org")
REVIEW_COLS = ("upheld", "corrected", "other", "pending", "total")
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
FULL_CYCLE = 162


@cache
def _converter(config: str) -> Any:
    return opencc.OpenCC(config)


@cache
def batch(count: int, seed: int) -> tuple[tuple[str, bytes, dict[str, Any]], ...]:
    out = []
    for stem, spec in batch_specs(count, seed):
        generated = generate(spec, stem)
        out.append((stem, generated.data, json.loads(generated.truth)))
    return tuple(out)


def decode(data: bytes, encoding: str) -> str:
    """The text of a generated file, mojibake undone, as simplified text."""
    if encoding == "utf-16":
        assert data[:2] == b"\xff\xfe"
        text = data.decode("utf-16")
    elif encoding == "utf-16-le":
        assert data[:2] != b"\xff\xfe"
        text = data.decode("utf-16-le")
    elif encoding == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
    elif encoding == "mojibake_gbk_latin1":
        text = data.decode("utf-8").encode("latin-1").decode("gb18030")
    elif encoding == "mojibake_utf8_cp1252":
        raw = b"".join(
            bytes([ord(c)]) if 0x80 <= ord(c) < 0xA0 and c.encode("cp1252", "ignore") == b"" else c.encode("cp1252")
            for c in data.decode("utf-8")
        )
        text = raw.decode("utf-8")
    elif encoding == "traditional_pinyin":
        text = PINYIN.sub("", data.decode("utf-8"))
    else:
        text = data.decode(encoding)
    if encoding in ("big5", "traditional_pinyin"):
        text = _converter("t2s").convert(text)
    return text


def _sum(values: list[Any]) -> Any:
    return None if any(v is None for v in values) else sum(values)


def recompute_failed(tables: dict[str, Any]) -> list[str]:
    """The 勾稽 checks of report-schema.md, written out independently."""
    apps = tables["applications"]
    if "other_handling" in apps:
        others = ["other_handling"]
    else:
        others = ["other_overdue_correction", "other_unpaid_fee", "other_misc"]
    rows = list(apps)
    results = rows[rows.index("granted") : rows.index("granted") + 18] + others
    assert results[-len(others) - 1] == "rejected_confirmation"
    failed = []
    for col in (*APPLICANTS, "total"):
        left = _sum([apps["new_received"][col], apps["carried_over"][col]])
        right = _sum([apps["total_handled"][col], apps["carried_forward"][col]])
        if None not in (left, right) and left != right:
            failed.append(f"applications.balance[{col}]")
        parts = _sum([apps[r][col] for r in results])
        total = apps["total_handled"][col]
        if None not in (parts, total) and parts != total:
            failed.append(f"applications.handled_sum[{col}]")
    for row, cells in apps.items():
        parts = _sum([cells[c] for c in APPLICANTS])
        if None not in (parts, cells["total"]) and parts != cells["total"]:
            failed.append(f"applications.row_total[{row}]")
    for row, cells in tables["review_litigation"].items():
        parts = _sum([cells[c] for c in REVIEW_COLS[:4]])
        if None not in (parts, cells["total"]) and parts != cells["total"]:
            failed.append(f"review_litigation.total[{row}]")
    return failed


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    assert main([str(tmp_path / "a"), "--count", "30", "--seed", "7"]) == 0
    assert main([str(tmp_path / "b"), "--count", "30", "--seed", "7"]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 60
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_other_seed_gives_other_files() -> None:
    assert [b[1] for b in batch(6, 1)] != [b[1] for b in batch(6, 2)]


def test_truth_checks_match_checks_failed() -> None:
    with_errors = 0
    for stem, _, truth in batch(FULL_CYCLE, 3):
        assert recompute_failed(truth["tables"]) == truth["checks_failed"], stem
        with_errors += bool(truth["checks_failed"])
        if any(v.startswith("source_error:") for v in truth["variants"]):
            assert truth["checks_failed"], stem
    assert FULL_CYCLE / 12 < with_errors < FULL_CYCLE / 3


def test_every_layout_encoding_and_template_appears() -> None:
    truths = [t for _, _, t in batch(24, 0)]
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    assert {t["encoding"] for t in truths} == set(ENCODINGS)
    variants = {v for t in truths for v in t["variants"]}
    assert {f"template_{name}" for name in TEMPLATES} <= variants
    combos = {(s.template, s.layout, s.encoding) for _, s in batch_specs(FULL_CYCLE, 0)}
    assert len(combos) == FULL_CYCLE


def test_file_names_follow_the_pattern() -> None:
    stems = [stem for stem, _, _ in batch(24, 0)]
    assert stems[0].startswith("g001_")
    pattern = re.compile(r"g\d{3}_(2019|2021|hybrid)_[a-z_]+_[a-z0-9]+")
    assert all(pattern.fullmatch(stem) for stem in stems)


def test_files_decode_and_contain_the_title() -> None:
    for stem, data, truth in batch(FULL_CYCLE, 3):
        text = decode(data, truth["encoding"])
        title = truth["metadata"]["title"]
        assert unicodedata.normalize("NFKC", title) == title
        # a title set over lines (samplegen.metaprint) reads as one once line breaks go
        assert "".join(title.split()) in "".join(text.split()), stem
        if truth["encoding"] in ("big5", "traditional_pinyin"):
            assert "traditional" in truth["variants"]
        if truth["encoding"] == "traditional_pinyin":
            assert PINYIN.search(data.decode("utf-8")), stem


def _row_digits(truth: dict[str, Any], table: str, row: str) -> str:
    cells = truth["tables"][table][row]
    out = []
    for col, value in cells.items():
        raw = truth["raw"].get(f"{table}.{row}.{col}")
        out.append(raw if raw is not None else str(value))
    return "".join(out)


def _glued_strings(truth: dict[str, Any]) -> list[str]:
    strings = [_row_digits(truth, "active_disclosure", r) for r in truth["tables"]["active_disclosure"]]
    strings += [_row_digits(truth, "applications", r) for r in truth["tables"]["applications"]]
    strings.append("".join(_row_digits(truth, "review_litigation", r) for r in truth["tables"]["review_litigation"]))
    return strings


def test_glued_rows_reglue_to_the_text() -> None:
    seen = 0
    for stem, data, truth in batch(FULL_CYCLE, 3):
        if truth["layout"] not in ("glued", "partially_spaced"):
            continue
        seen += 1
        text = decode(data, truth["encoding"])
        text = re.sub(r"(?<=[\d/])[ \u3000]+(?=[\d/-])", "", text)
        pos = text.index("二、主动公开政府信息情况")
        for digits in _glued_strings(truth):
            found = text.find(digits, pos)
            assert found >= 0, (stem, digits)
            assert not text[found - 1].isdigit(), (stem, digits)
            pos = found + len(digits)
        for row, cells in truth["tables"]["applications"].items():
            assert sum(cells[c] for c in APPLICANTS) == cells["total"], (stem, row)
        tables = truth["tables"]
        for key in truth["ambiguous"]:
            table, row = key.split(".")
            assert row in tables[table], (stem, key)
    assert seen >= FULL_CYCLE // 3


def test_partially_spaced_reports_have_spaces_in_digits() -> None:
    for stem, _data, truth in batch(FULL_CYCLE, 3):
        if truth["layout"] == "partially_spaced":
            assert "partially_spaced_rows" in truth["variants"], stem


def test_truth_shape_and_value_types() -> None:
    keys = ["source_file", "metadata", "tables", "raw", "sections", "checks_failed"]
    for stem, _, truth in batch(60, 11):
        assert list(truth)[:6] == keys
        assert truth["source_file"] == f"{stem}.txt"
        assert {"layout", "encoding", "variants", "ambiguous"} <= set(truth)
        meta = truth["metadata"]
        assert meta["template"] in ("2019", "2021")
        assert (meta["template"] == "2019") == (meta["year"] in (2019, 2020))
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", meta["published"])
        # the title names the agency, or the report says it elsewhere (发布机构, signature, <meta>)
        placed = [v for v in truth["variants"] if v.startswith("agency_in_")]
        # a year-first title names the agency after the year ('2024年上海市科委政府信息公开…')
        names = meta["title"].startswith(meta["agency"]) or meta["title"][5:].startswith(meta["agency"])
        assert names == (placed in ([], ["agency_in_title"])), stem
        assert re.search(r"\d{4}年度?\S*政府信息公开(工作)?年度报告$", meta["title"]), stem
        for table, rows in truth["tables"].items():
            for row, cells in rows.items():
                for col, value in cells.items():
                    raw = truth["raw"].get(f"{table}.{row}.{col}")
                    assert value is None or isinstance(value, (int, float)), (stem, row, col)
                    if value is None:
                        assert raw is not None and not re.search(r"\d", raw), (stem, row, col)
                    if table != "active_disclosure" or col != "amount":
                        assert value is None or isinstance(value, int)


def test_metadata_variants_occur() -> None:
    variants = {v for _, _, truth in batch(FULL_CYCLE, 0) for v in truth["variants"]}
    wanted = {
        "title_2_lines", "title_3_lines", "title_without_gongzuo", "title_niandu",
        "agency_in_publisher_line", "agency_in_signature", "date_in_signature",
        # issue 17's shapes
        "title_year_first", "title_place_line", "title_blank_lines", "date_seconds",
    }  # fmt: skip
    assert wanted <= variants, wanted - variants


def test_hybrid_has_2021_table_two_and_single_other_row() -> None:
    for _, _, truth in batch(FULL_CYCLE, 3):
        apps = truth["tables"]["applications"]
        active = truth["tables"]["active_disclosure"]
        hybrid = "template_hybrid" in truth["variants"]
        if truth["metadata"]["template"] == "2019":
            assert "other_handling" in apps and "new_made" in active["rules"]
        else:
            assert "issued" in active["rules"] and "procurement" not in active
            assert ("other_handling" in apps) == hybrid
            assert ("other_misc" in apps) != hybrid


def test_cell_variants_occur_in_truth() -> None:
    raws = [raw for _, _, t in batch(FULL_CYCLE, 3) for raw in t["raw"].values()]
    assert "/" in raws and "" in raws and "无" in raws
    assert any(r.startswith("驳回") for r in raws)
    assert any("其中修订" in r or "含自然失效" in r for r in raws)
    assert any(r.endswith("元") for r in raws)


def test_agency_names_survive_traditional_round_trip() -> None:
    s2t, t2s = _converter("s2t"), _converter("t2s")
    for name in CITIES + COUNTIES + DEPARTMENTS + DISTRICTS + STREETS + TOWNS:
        assert t2s.convert(s2t.convert(name)) == name
        s2t.convert(name).translate(BIG5_FORMS).encode("big5")


def test_samples_command_writes_curated_set(tmp_path: Path) -> None:
    assert main(["--samples", str(tmp_path)]) == 0
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "python -m samplegen --samples samples/" in readme
    for sample in SAMPLES:
        assert (tmp_path / f"{sample.stem}.txt").exists()
        assert f"{sample.stem}.txt" in readme
        truth = json.loads((tmp_path / f"{sample.stem}.truth.json").read_text(encoding="utf-8"))
        assert truth["checks_failed"] == recompute_failed(truth["tables"])
    assert len(SAMPLES) >= 8


def test_cli_requires_a_target() -> None:
    with pytest.raises(SystemExit):
        main([])


def test_splits_of_real_glued_rows() -> None:
    assert row_sum_splits(["801000081"], 6) == [(80, 1, 0, 0, 0, 0, 81)]
    assert len(row_sum_splits(["220000022"], 6)) == 2
    assert row_sum_splits(["230", "000023"], 6) == [(23, 0, 0, 0, 0, 0, 23)]
    assert review_splits(["21317000001324019"]) == [(2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)]
    count = [lambda t: re.fullmatch(r"0|[1-9]\d*", t) is not None] * 3
    assert len(list(enumerate_splits(["8855698"], count))) > 1


@settings(max_examples=25, deadline=None, database=None)
@given(index=st.integers(min_value=0, max_value=FULL_CYCLE - 1), seed=st.integers(0, 10**6))
def test_any_report_is_consistent(index: int, seed: int) -> None:
    stem, spec = batch_specs(index + 1, seed)[index]
    truth = json.loads(generate(spec, stem).truth)
    assert truth["checks_failed"] == recompute_failed(truth["tables"])


def test_forced_error_always_fails_a_check() -> None:
    for index in range(20):
        for layout in ("glued", "pipe_rows"):
            spec = ReportSpec("2021", layout, "utf-8", f"err:{index}", error=True)
            truth = json.loads(generate(spec, "x").truth)
            assert truth["checks_failed"], (index, layout)
