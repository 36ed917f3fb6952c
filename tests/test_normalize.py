"""Tests for the normalize package: JSON case files, the seed, real files, properties.

Case files (tests/cases/normalize_*.json) hold {"name", "input", "expected"}
and optionally "steps" ([name, count, detail?]) and "origin" (the exact map);
cases that must be left alone have expected == input; known failures carry
{"xfail": "reason"} and run as strict xfail, so a fix makes them fail loudly.
"""

from __future__ import annotations

import base64
import bisect
import itertools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docstruct.normalize import (
    Fixed,
    Step,
    UndecodableError,
    decode_bytes,
    fix_mojibake,
    fix_pinyin_annotations,
    fix_traditional,
    fix_unicode_forms,
    fix_whitespace,
    normalize_text,
)
from tests.conftest import SHARED, shared_path

CASES = Path(__file__).parent / "cases"
FIXER_FILES = {
    "normalize_pinyin.json": fix_pinyin_annotations,
    "normalize_traditional.json": fix_traditional,
    "normalize_unicode.json": fix_unicode_forms,
    "normalize_whitespace.json": fix_whitespace,
}
ALL_FILES = [*FIXER_FILES, "normalize_mojibake.json", "normalize_decode.json"]
# A pinyin annotation that survived: toned latin letters in parentheses.
LEFTOVER_ANNOTATION_RE = re.compile("[(\uff08][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)\uff09]")


def load_cases(name: str) -> list[Any]:
    """The cases of one file as pytest params; xfail cases are strict xfails."""
    cases = json.loads((CASES / name).read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def assert_steps(steps: tuple[Step, ...], expected: list[list[Any]]) -> None:
    """Every expected [name, count(, detail)] is among the steps."""
    for name, count, *detail in expected:
        found = [s for s in steps if s.name == name]
        assert found, f"no step {name!r} in {steps}"
        assert found[0].count == count, f"{name}: count {found[0].count} != {count}"
        if detail:
            assert found[0].detail == detail[0]


def assert_origin(source: str, text: str, origin: tuple[int, ...]) -> None:
    """The origin map is as long as the text, in bounds, non-decreasing, line-true."""
    assert len(origin) == len(text)
    assert all(0 <= o < len(source) for o in origin)
    assert all(a <= b for a, b in itertools.pairwise(origin))
    assert text.count("\n") == source.count("\n")
    # Each output character comes from the same line of the input.
    breaks_in = [i for i, ch in enumerate(source) if ch == "\n"]
    breaks_out = [i for i, ch in enumerate(text) if ch == "\n"]
    for i, o in enumerate(origin):
        assert bisect.bisect_left(breaks_out, i) == bisect.bisect_left(breaks_in, o)


# ----------------------------------------------------------------- case files


@pytest.mark.parametrize("name", ALL_FILES)
def test_case_file_is_well_formed(name: str) -> None:
    """Names are unique, and there are changes as well as leave-alone cases."""
    cases = json.loads((CASES / name).read_text(encoding="utf-8"))
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    if name == "normalize_decode.json":
        assert any("error" in c for c in cases) and any("expected" in c for c in cases)
        return
    assert sum(c["expected"] == c["input"] for c in cases) >= 5
    assert sum(c["expected"] != c["input"] for c in cases) >= 5


def _fixer_params() -> list[Any]:
    """(fixer, case) params for the four fixers with an origin map."""
    params = []
    for name, fixer in FIXER_FILES.items():
        for param in load_cases(name):
            case = param.values[0]
            params.append(pytest.param(fixer, case, id=f"{name[10:-5]}: {case['name']}", marks=param.marks))
    return params


@pytest.mark.parametrize(("fixer", "case"), _fixer_params())
def test_fixer_case(fixer: Callable[[str], Fixed], case: dict[str, Any]) -> None:
    """Each fixer gives the expected text, a correct origin map and its steps."""
    fixed = fixer(case["input"])
    assert fixed.text == case["expected"]
    assert_origin(case["input"], fixed.text, fixed.origin)
    if "origin" in case:
        assert list(fixed.origin) == case["origin"]
    assert_steps(fixed.steps, case.get("steps", []))
    if case["expected"] == case["input"]:
        assert fixed.steps == ()
    assert fixer(fixed.text).text == fixed.text, "a fixer applied twice changes nothing more"


@pytest.mark.parametrize("case", load_cases("normalize_mojibake.json"))
def test_mojibake_case(case: dict[str, Any]) -> None:
    """Mojibake is reversed; real text, simplified or traditional, is left alone."""
    text, steps, warnings = fix_mojibake(case["input"])
    assert text == case["expected"]
    assert_steps(steps, case.get("steps", []))
    if case["expected"] == case["input"]:
        assert steps == () and warnings == ()
    if "warnings" in case:
        assert len(warnings) == case["warnings"]
    for warning in warnings:
        assert "lossy" in warning and str(text.count("\ufffd")) in warning


@pytest.mark.parametrize("case", load_cases("normalize_decode.json"))
def test_decode_case(case: dict[str, Any]) -> None:
    """decode_bytes finds the codec, repairs mojibake, refuses binary in one line."""
    data = base64.b64decode(case["input_base64"])
    if "error" in case:
        with pytest.raises(UndecodableError, match=case["error"]) as caught:
            decode_bytes(data, case.get("declared"))
        assert "\n" not in str(caught.value)
        return
    decoded = decode_bytes(data, case.get("declared"))
    assert decoded.text == case["expected"]
    assert decoded.encoding == case["encoding"]
    assert_steps(decoded.steps, case.get("steps", []))
    assert len(decoded.warnings) == case.get("warnings", 0)


# ----------------------------------------------------------------- seed and real files


def test_seed_end_to_end() -> None:
    """The seed: pinyin gone, traditional converted, lines kept, origin exact."""
    data = shared_path("seeds", "000_10716707aaeecff2.txt").read_bytes()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.steps == ()
    result = normalize_text(decoded.text)
    assert "怀化市民族宗教事务局2020年政府信息公开工作年度报告" in result.text
    assert "发布时间:2021-01-27" in result.text
    assert not LEFTOVER_ANNOTATION_RE.search(result.text)
    assert_origin(decoded.text, result.text, result.origin)
    names = [step.name for step in result.steps]
    assert names == ["nfkc", "pinyin_annotations_removed", "traditional_to_simplified", "whitespace_collapsed"]
    start = result.text.index("发布时间")
    assert decoded.text[result.origin[start] : result.origin[start + 3] + 1] == "發(fā)布時(shí)間"
    assert normalize_text(result.text).text == result.text


def _real_files() -> list[Path]:
    """The simplified text reports in ../shared/real (none when it is absent)."""
    return sorted((SHARED / "real").glob("r*.txt"))


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_real_simplified_reports_keep_their_characters(path: Path) -> None:
    """Real simplified reports: no repair, no t2s; gb18030 and utf-16 decode back."""
    text = path.read_text(encoding="utf-8")
    assert fix_mojibake(text) == (text, (), ())
    assert fix_traditional(text).steps == ()
    result = normalize_text(text)
    assert {s.name for s in result.steps} <= {"nfkc", "whitespace_collapsed"}
    assert_origin(text, result.text, result.origin)
    for codec in ("gb18030", "utf-16-le"):
        assert decode_bytes(text.encode(codec)).text == text


def test_binary_blobs_raise() -> None:
    """Fresh random bytes and typical binary headers are refused."""
    blobs = [os.urandom(4096), b"\x89PNG\r\n\x1a\n" + os.urandom(512), b"PK\x03\x04" + os.urandom(512)]
    blobs.append(b"\x7fELF\x02\x01\x01" + bytes(9) + os.urandom(512))
    for blob in blobs:
        with pytest.raises(UndecodableError, match="not text"):
            decode_bytes(blob)


def test_t2s_would_break_simplified_text() -> None:
    """Why fix_traditional classifies lines: raw t2s changes 乾安县."""
    assert opencc.OpenCC("t2s").convert("乾安县") == "干安县"
    assert fix_traditional("乾安县").text == "乾安县"


# ----------------------------------------------------------------- properties

SIMPLIFIED = (
    "政府信息公开工作年度报告总体情况主动申请处理结果行政复议诉讼" + "本年新收数量平潭综合实验区管委会办公室乾安县著名"
)
TRADITIONAL = "懷化市民族宗教事務局政府信息公開工作年度報告總體情況發布時間來源處理結果申請數量強製乾隆後來於"
PLAIN = "0123456789abcxyzABC,.:;()/|-@#“”《》、。，：；！？（）·×°—…"
ODD_FORMS = "１２ＡＢ（）：㈠⑴①ﬁ⻓⻔⻢⼀⼯\uf902⺟\u2e80"
SPACES = " \t\u00a0\u2002\u2003\u3000\u200b\u200d\u2060\ufeff\r\x0c\u2028"
ANNOTATIONS = ["(wù)", "(kāi)", "（kāi）", "(zhuàn)", "(lǜ)", "(qian)", "(一)", "(1)", "(pdf)", "(xī'ān)"]
ANNOTATIONS += ["(ka\u0304i)", "（ｋāｉ）"]
MARKS = "\u0301\u0316\u0308e\u1161\u1100"

document_text = st.lists(
    st.one_of(
        st.sampled_from(SIMPLIFIED),
        st.sampled_from(TRADITIONAL),
        st.sampled_from(PLAIN),
        st.sampled_from(ODD_FORMS),
        st.sampled_from(SPACES),
        st.sampled_from(MARKS),
        st.sampled_from(ANNOTATIONS),
        st.just("\n"),
    ),
    max_size=60,
).map("".join)
any_text = st.text(max_size=40)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(document_text, any_text))
def test_normalize_text_invariants(text: str) -> None:
    """Idempotent; origin complete, in bounds, non-decreasing, line-true; '\\n' kept."""
    result = normalize_text(text)
    assert_origin(text, result.text, result.origin)
    assert normalize_text(result.text).text == result.text


@settings(max_examples=200)
@given(document_text)
def test_each_fixer_keeps_lines_and_origin(text: str) -> None:
    """Every fixer alone keeps the newlines and a valid origin map."""
    for fixer in FIXER_FILES.values():
        fixed = fixer(text)
        assert_origin(text, fixed.text, fixed.origin)


# Realistic sentences: report phrases joined by punctuation and numbers.  Random
# sequences of characters are not text, and below ~20 characters even real text
# is ambiguous between GB18030 and Big5 (both are pairs of high bytes), so the
# round-trip property is stated for sentences of at least 20 characters.
PHRASES = [
    "政府信息公开",
    "工作年度报告",
    "总体情况",
    "主动公开",
    "依申请公开",
    "行政复议",
    "行政诉讼",
    "本年新收",
    "申请数量",
    "办理结果",
    "予以公开",
    "部分公开",
    "不予公开",
    "平潭综合实验区",
    "管委会办公室",
    "规范性文件",
    "行政许可",
    "行政处罚",
    "政府集中采购",
    "存在的主要问题",
    "改进情况",
    "我局始终把",
    "高度重视",
    "强化落实",
    "网站建设",
    "社会公众",
    "监督",
    "培训",
    "年度",
    "条例",
]
SEPARATORS = ["，", "。", "、", "：", "；", "\n", "", "", "", " ", "2020年", "30", "（一）", "第711号"]
sentence = st.lists(st.tuples(st.sampled_from(PHRASES), st.sampled_from(SEPARATORS)), min_size=8, max_size=30).map(
    lambda parts: "".join(p + s for p, s in parts)
)
T2S_INVERSE = opencc.OpenCC("s2t")


def _encodable(text: str, codec: str) -> bool:
    """Can ``codec`` represent ``text`` (Big5 lacks some traditional forms, e.g. 衆)?"""
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(sentence, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "utf-8-sig", "utf-16-le"]))
def test_decode_round_trip(text: str, codec: str) -> None:
    """decode_bytes(text.encode(codec)) gives the text back (Big5: traditional)."""
    if codec == "big5":
        text = str(T2S_INVERSE.convert(text))
        assume(_encodable(text, codec))
    assert len(text) >= 20
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.steps in ((), (Step("bom_removed", 1, decoded.encoding),))


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_decode_random_bytes_never_crashes(data: bytes) -> None:
    """Any bytes either decode to text or raise UndecodableError, nothing else."""
    try:
        decoded = decode_bytes(data)
    except UndecodableError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(decoded.text, str) and decoded.text
