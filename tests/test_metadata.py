"""Metadata: title, agency, year and publication date from the text, the tags and the signature."""

from __future__ import annotations

import json
from typing import Any

import pytest

from docstruct.extract import extract_file
from docstruct.extract.metadata import text_to_metadata
from docstruct.extract.metadata_dates import text_to_iso
from docstruct.extract.model import MetaTag, Source
from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import extract_bytes
from docstruct.extract.readers.html.reader import read_html
from tests.conftest import ROOT, shared_path

CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "cases" / "metadata.json").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_metadata_case(case: dict[str, Any]) -> None:
    tags = tuple(MetaTag(name, content, Source(path="head")) for name, content in case.get("tags", []))
    meta = text_to_metadata(case["text"], tags)
    for key, want in case["expect"].items():
        assert getattr(meta, key) == want, key
    for start in case.get("warnings", []):
        assert any(w.startswith(start) for w in meta.warnings), (start, meta.warnings)
    if not case.get("warnings"):
        assert meta.warnings == ()
    # every missing field has its warning, and only those
    missing = {k for k in ("title", "agency", "year", "published") if getattr(meta, k) is None}
    assert {w.split(":")[0].split(".")[1] for w in meta.warnings if "not found" in w} == missing


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-03-08 15:34", "2024-03-08T15:34"),
        ("2024-03-08T15:34:00+08:00", "2024-03-08T15:34:00"),
        ("2021-01-04 08:47:57", "2021-01-04T08:47:57"),
        ("2014-01-22 00:00:00", "2014-01-22"),
        ("2014-01-22 00:00", "2014-01-22"),
        ("2024年3月8日", "2024-03-08"),
        ("二〇二四年十二月三十一日", "2024-12-31"),
        ("2024-02-30", None),
        ("1999-01-01", None),
    ],
)
def test_dates_to_iso(text: str, iso: str | None) -> None:
    assert text_to_iso(text) == iso


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="PubDate" content="2020-01-30 10:05">
<meta name="ContentSource" content="某市教育局">
<title>2019年政府信息公开年度报告_政务公开_某市人民政府</title></head>
<body><div class="article"><h1>2019年政府信息公开年度报告</h1>
<p>一、总体情况</p><p>正文。</p></div></body></html>"""


def test_html_meta_tags_reach_the_record() -> None:
    doc = read_html(PAGE.encode("utf-8"), ReadOptions())
    assert [(t.name, t.content) for t in doc.meta_tags] == [
        ("title", "2019年政府信息公开年度报告_政务公开_某市人民政府"),
        ("pubdate", "2020-01-30 10:05"),
        ("contentsource", "某市教育局"),
    ]
    assert doc.meta_tags[1].source.path == "head/meta[1]"
    record = extract_bytes(PAGE.encode("utf-8"), fmt="html").to_json()
    assert record["metadata"] | {"template": None} == {
        "title": "2019年政府信息公开年度报告",
        "agency": "某市教育局",
        "year": 2019,
        "published": "2020-01-30T10:05",
        "template": None,
    }
    assert not [w for w in record["warnings"] if w.startswith("metadata.")]


def test_real_reports_metadata_matches_truth() -> None:
    real = shared_path("real")
    for truth_path in sorted(real.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        record = extract_file(real / truth["source_file"]).to_json()
        for key in ("title", "agency", "year", "published"):
            assert record["metadata"][key] == truth["metadata"][key], (truth_path.name, key)
            if truth["metadata"][key] is None:  # r15 is an excerpt that states none
                assert any(w.startswith(f"metadata.{key}: not found") for w in record["warnings"])


def test_a_title_printed_nowhere_is_read_from_the_sentence_naming_the_report() -> None:
    """docling and pandoc drop a page's <head>: a title printed only in <title> is gone, but the body
    names the report ('现公布开封市人民政府2024年…年度报告', seed-4242 docling_html f006).  Taken with a
    warning, and only where no title is printed."""
    body = (
        "发布日期：2025年02月20日\n\n根据《条例》要求，现公布开封市人民政府2024年政府信息公开工作年度报告。"
        "如对本报告有任何疑问，请与开封市人民政府办公室联系。\n\n一、总体情况\n"
    )
    meta = text_to_metadata(body)
    title = "开封市人民政府2024年政府信息公开工作年度报告"
    assert (meta.title, meta.agency, meta.year) == (title, "开封市人民政府", 2024)
    assert any(w.startswith("metadata.title: no title printed;") for w in meta.warnings)
    printed = text_to_metadata("开封市人民政府\n2024年政府信息公开年度报告\n\n" + body)
    assert printed.title == "开封市人民政府2024年政府信息公开年度报告"
    assert not any("no title printed" in w for w in printed.warnings)
