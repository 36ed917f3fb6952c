"""Narrative facts (issue 9): sentences, facts, provenance, cross-checks, lazy spaCy."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from docstruct.extract import ReadOptions, extract_bytes
from docstruct.extract.facts.segment import text_to_sentences
from docstruct.extract.facts.vocabulary import load_vocabulary
from tests.conftest import ROOT, shared_path

CASES = json.loads((ROOT / "tests" / "cases" / "facts.json").read_text(encoding="utf-8"))
FIELDS = ["key", "subject", "value", "unit", "raw", "sentence", "section", "source"]


def record_of(text: str, name: str = "case.txt") -> dict[str, Any]:
    return extract_bytes(text.encode("utf-8"), ReadOptions(path=name)).to_json()


def narrative_checks(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["rule"]: c for c in record["checks"] if c["rule"].startswith("narrative.")}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fact_cases(case: dict[str, Any]) -> None:
    record = record_of("某局2023年政府信息公开工作年度报告\n一、总体情况\n" + case["text"] + "\n")
    got = [[f["key"], f["value"], f["unit"]] for f in record["facts"]]
    assert got == case["facts"]
    if "subjects" in case:
        assert [f["subject"] for f in record["facts"]] == case["subjects"]
    for fact in record["facts"]:
        assert list(fact) == FIELDS
        assert fact["section"] == "overview"
        assert fact["raw"] in fact["sentence"]
        assert fact["source"]["line"] >= 3


def test_sentences_join_wraps_and_split_on_terminators_and_items() -> None:
    # stream text is NFKC-folded: (一) ; ! as ASCII, 。 kept
    text = "(一)主动公开\n全年主动公开政府信息\n240条;发布解读36篇。总访问量100!\n\n1.第二段\n2.第三段。"
    sentences = text_to_sentences(text, [("overview", 0, len(text))])
    assert [s.text for s in sentences] == [
        "(一)主动公开",
        "全年主动公开政府信息240条;",
        "发布解读36篇。",
        "总访问量100!",
        "1.第二段",
        "2.第三段。",
    ]
    wrapped = sentences[1]
    assert text[wrapped.offset(wrapped.text.index("240")) :].startswith("240")
    assert text[wrapped.offset(wrapped.text.index("条")) :].startswith("条")
    assert sentences[1].period == sentences[2].period  # ';' does not end a 其中 scope
    assert sentences[2].period != sentences[3].period


def test_seed_facts_with_sentence_and_provenance() -> None:
    seed = sorted(shared_path("seeds").glob("*.txt"))[0]
    record = extract_bytes(seed.read_bytes(), ReadOptions(path=seed.name)).to_json()
    facts = {f["key"]: f for f in record["facts"]}
    lines = seed.read_text(encoding="utf-8").split("\n")
    for key, value, printed in (
        ("proactive_published", 240, "240條"),
        ("website_visits_total", 35305, "35305"),
        ("website_visits_unique", 33068, "33068"),
    ):
        fact = facts[key]
        assert fact["value"] == value
        assert fact["section"] == "overview"
        assert str(value) in fact["sentence"] and fact["sentence"].endswith("。")
        source = fact["source"]
        start, end = source["span"]
        assert lines[source["line"] - 1][start:end] == printed  # the original, traditional line
    assert facts["proactive_published"]["unit"] == "条"
    assert facts["website_visits_total"]["unit"] is None
    assert narrative_checks(record) == {}  # the seed restates no table figure


def real(name: str) -> Path:
    return shared_path("real", name)


def test_real_narrative_agrees_with_the_tables() -> None:
    record = extract_bytes(real("r11.txt").read_bytes(), ReadOptions(path="r11.txt")).to_json()
    checks = narrative_checks(record)
    assert {rule: c["ok"] for rule, c in checks.items()} == {
        "narrative.applications_received": True,
        "narrative.applications_handled": True,
        "narrative.review_cases": True,
        "narrative.litigation_cases": True,
    }
    detail = checks["narrative.applications_received"]["detail"]
    assert detail.startswith("narrative 154 (overview, line ")
    assert "= table 154 (applications.new_received.total" in detail
    lit = checks["narrative.litigation_cases"]["detail"]
    assert "table 9 (review_litigation.litigation_direct.total" in lit
    assert "+ review_litigation.litigation_after_review.total" in lit


def test_real_narrative_that_disagrees_fails_with_both_numbers_and_sources() -> None:
    text = real("r11.txt").read_text(encoding="utf-8")
    assert text.count("申请154件") == 1
    record = record_of(text.replace("申请154件", "申请155件"), "r11-edited.txt")
    check = narrative_checks(record)["narrative.applications_received"]
    assert check["ok"] is False
    assert check["detail"].startswith("narrative 155 (overview, line ")
    assert "≠ table 154 (applications.new_received.total line " in check["detail"]
    assert record["tables"]["applications"]["new_received"]["total"]["value"] == 154  # the numbers stay


def test_real_figure_covering_new_and_carried_over_is_not_compared() -> None:
    # r09: 收到申请75件 = new 74 + carried over 1 (truth notes): no false alarm
    record = extract_bytes(real("r09.txt").read_bytes(), ReadOptions(path="r09.txt")).to_json()
    check = narrative_checks(record)["narrative.applications_received"]
    assert check["ok"] is None
    assert check["detail"].startswith("not compared: narrative 75 ")
    assert "not 74 (applications.new_received.total" in check["detail"]


def test_litigation_that_may_count_direct_suits_only_is_not_compared() -> None:
    text = real("r11.txt").read_text(encoding="utf-8")
    assert text.count("行政诉讼9起") == 1
    record = record_of(text.replace("行政诉讼9起", "行政诉讼6起"), "r11-edited.txt")
    check = narrative_checks(record)["narrative.litigation_cases"]
    assert check["ok"] is None and check["detail"].startswith("not compared: narrative 6 ")
    record = record_of(text.replace("行政诉讼9起", "行政诉讼8起"), "r11-edited.txt")
    assert narrative_checks(record)["narrative.litigation_cases"]["ok"] is False


def test_real_reports_without_template_get_facts_but_no_narrative_checks() -> None:
    record = extract_bytes(real("r19.txt").read_bytes(), ReadOptions(path="r19.txt")).to_json()
    assert record["metadata"]["template"] is None
    assert record["facts"]
    assert narrative_checks(record) == {}


def _sample_truths() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for truth in sorted((ROOT / "samples").glob("*.truth.json")):
        stem = truth.name[: -len(".truth.json")]
        doc = next(p for p in (ROOT / "samples").glob(stem + ".*") if not p.name.endswith(".truth.json"))
        if doc.suffix != ".pdf":  # PDFs need a CJK font on some machines; bench/accuracy.py scores them
            out.append((doc, json.loads(truth.read_text(encoding="utf-8"))))
    return out


@pytest.mark.parametrize("doc,truth", _sample_truths(), ids=lambda x: getattr(x, "name", ""))
def test_generated_facts_and_checks_match_the_truth(doc: Path, truth: dict[str, Any]) -> None:
    record = extract_bytes(doc.read_bytes(), ReadOptions(path=doc.name)).to_json()
    want = Counter((f["key"], f["value"], f["unit"]) for f in truth["facts"])
    got = Counter((f["key"], f["value"], f["unit"]) for f in record["facts"])
    assert got == want
    comparable = {(f["key"], f["value"]) for f in truth["facts"] if f["compare"]}
    vocab = load_vocabulary()
    for rule, check in narrative_checks(record).items():
        key = rule.split(".", 1)[1]
        assert vocab.spec(key).table, f"{rule}: a key without table cells is never compared"
        stated = [f["value"] for f in record["facts"] if f["key"] == key]
        assert any((key, v) in comparable for v in stated), rule
        if check["ok"] is False:  # a disagreement must be real: the truth table differs from the narrative
            cells = [p.split(".") for p in vocab.spec(key).table]
            total = sum(truth["tables"][t][r][c] for t, r, c in cells)
            assert all(v != total for v in stated if (key, v) in comparable), check["detail"]


def _sample_records() -> list[dict[str, Any]]:
    return [extract_bytes(doc.read_bytes(), ReadOptions(path=doc.name)).to_json() for doc, _ in _sample_truths()]


def test_fees_are_never_compared_with_table_two() -> None:
    assert load_vocabulary().spec("fees_collected").table == ()
    records = _sample_records()
    assert any(f["key"] == "fees_collected" for r in records for f in r["facts"])
    assert not any("narrative.fees_collected" in narrative_checks(r) for r in records)


def test_other_years_are_not_compared_and_diagnostics_say_why() -> None:
    skipped = [s for r in _sample_records() for s in r["diagnostics"]["facts"].get("not_compared", [])]
    assert skipped
    for s in skipped:
        assert s["key"] == "applications_received"
        assert s["why"].startswith(("another year (", "another period (")), s


def test_a_sub_count_is_not_compared() -> None:
    text = (ROOT / "samples" / "gen18_2021_narrative_facts.txt").read_text(encoding="utf-8")
    added = "共办结依申请公开99件，其中：因政府信息公开申请收到政府信息公开申请12件。"
    edited = text.replace("一、总体情况\n", f"一、总体情况\n{added}\n", 1)
    record = record_of(edited)
    assert any(f["value"] == 12 and f["key"] == "applications_received" for f in record["facts"])
    why = [s["why"] for s in record["diagnostics"]["facts"]["not_compared"] if s["value"] == 12]
    assert why == ["a sub-count (其中/含)"]
    detail = narrative_checks(record)["narrative.applications_received"]["detail"]
    assert "narrative 12 " not in detail and "; 12 (" not in detail


def _imports_after(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_spacy_is_loaded_only_for_reports_with_a_candidate_quantity() -> None:
    probe = (
        "import json, sys\n"
        "from docstruct.extract import extract_bytes\n"
        "extract_bytes({data!r})\n"
        "print(json.dumps(sorted(m for m in ('spacy', 'jieba', 'pkuseg') if m in sys.modules)))\n"
    )
    plain = "一、总体情况\n本年度无其他需要报告的事项，2023年。\n".encode()
    assert _imports_after(probe.format(data=plain)) == []
    stated = "一、总体情况\n全年主动公开政府信息240条。\n".encode()
    assert _imports_after(probe.format(data=stated)) == ["spacy"]  # blank zh, never jieba or pkuseg


def test_no_chinese_model_is_installed_or_needed() -> None:
    # zh-core-web-sm on PyPI is a placeholder, never to be installed (real-world-variations.md)
    assert importlib.util.find_spec("zh_core_web_sm") is None
    from docstruct.extract.facts.nlp import load_nlp

    nlp = load_nlp()
    assert nlp.lang == "zh" and nlp.pipe_names == ["entity_ruler"]


def test_hostile_run_on_text_is_bounded() -> None:
    from docstruct.extract.facts.engine import MAX_FACTS

    record = record_of("一、总体情况\n" + "主动公开政府信息1条," * 20000 + "\n")
    assert len(record["facts"]) == MAX_FACTS
    skipped = record["diagnostics"]["facts"]["not_counts"]
    assert skipped["over_limit_facts"] > 0 and skipped["over_limit_sentences"] > 0
    assert all(len(f["sentence"]) <= 600 for f in record["facts"])


def test_spacy_string_store_does_not_grow_with_numbers() -> None:
    from docstruct.extract.facts.nlp import load_nlp

    record_of("一、总体情况\n发布政策解读1篇,H5作品2件。\n")
    before = len(load_nlp().vocab.strings)
    for i in range(50):
        record_of(f"一、总体情况\n发布政策解读{i * 7919 + 3}篇,H{i}作品{i}件。\n")
    assert len(load_nlp().vocab.strings) == before
