"""The text read stage's shortcuts (issue 16 part 1) give what the long way gives, and are taken.

Each shortcut is compared with the code it stands in for, kept here or in its module as
the long way; speed is measured by bench.speed_text and callgrind, never here.
"""

from __future__ import annotations

import copy
import pickle
import unicodedata
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docstruct.extract import formats
from docstruct.extract.formats import is_markdown
from docstruct.extract.model import Block, Line, Source, line_block, new_line, text_line
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.markdown import inline
from docstruct.extract.readers.text import read_text, relative_origin
from docstruct.normalize import charsets, decode_bytes, mojibake, normalize_text, unicode_forms, whitespace
from docstruct.normalize.model import Normalized
from tests.records import text_corpus

CORPUS = text_corpus()


def _corpus_texts() -> list[str]:
    return [decode_bytes(p.read_bytes()).text.replace("\r\n", "\n").replace("\r", "\n") for p in CORPUS]


# characters that stress each shortcut: full-width forms, expansions (㈠ ﬁ), compatibility
# jamo (compose once NFKC makes them conjoining), combining marks, zero-width characters
ALPHABET = "中文政府信息公开年度报告懷會發 abc01,.:()（）：；１２ＡＢ㈠⑴ﬁ⼀\uf902ㄱㅏ\u1100\u1161"
ALPHABET += "\u0301\u0308e\u00e9\u3000\u00a0\t\u200b\ufeff\ufffd»³¯ÊÐæ€ä½鎬讳綋\n"
texts = st.text(alphabet=ALPHABET, max_size=80)
few_settings = settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)


# ------------------------------------------------------------------ NFKC


def test_nfkc_char_for_char_is_the_run_by_run_result_on_the_corpus() -> None:
    for text in _corpus_texts():
        fast = unicode_forms._nfkc_char_for_char(text)
        out, origin, changed = unicode_forms._nfkc_with_origin(text)
        if fast is not None:
            assert fast == (out, changed) and origin == tuple(range(len(text)))


@few_settings
@given(texts)
def test_nfkc_char_for_char_is_the_run_by_run_result(text: str) -> None:
    fast = unicode_forms._nfkc_char_for_char(text)
    out, origin, changed = unicode_forms._nfkc_with_origin(text)
    if fast is not None:
        assert fast == (out, changed)
        assert origin == tuple(range(len(text)))
        assert fast[0] == unicodedata.normalize("NFKC", text)


def test_nfkc_char_for_char_is_taken_for_report_punctuation(monkeypatch: pytest.MonkeyPatch) -> None:
    def long_way(text: str) -> object:
        raise AssertionError("the run-by-run loop ran")

    monkeypatch.setattr(unicode_forms, "_nfkc_with_origin", long_way)
    fixed = unicode_forms.fold_unicode_forms("（一）主动公开：２０２１年，共１２条；")
    assert fixed.text == "(一)主动公开:2021年,共12条;" and fixed.origin is None
    assert [s.count for s in fixed.steps] == [11]


@pytest.mark.parametrize("text", ["㈠本年", "e\u0301x（", "ㄱㅏ，", "\u0301（a", "a\n\u0301"])
def test_nfkc_char_for_char_leaves_interacting_runs_to_the_long_way(text: str) -> None:
    assert unicode_forms._nfkc_char_for_char(text) is None


def test_many_distinct_forms_take_one_translate() -> None:
    text = "".join(chr(0xFF21 + k) for k in range(26)) * 2  # Ａ-Ｚ twice: over MAX_REPLACES
    assert unicode_forms._nfkc_char_for_char(text) == (unicodedata.normalize("NFKC", text), 52)


# ------------------------------------------------------------------ whitespace


@few_settings
@given(st.text(alphabet=" \n\u3000a中\t", max_size=60))
def test_space_edits_by_one_regex_are_the_run_by_run_edits(text: str) -> None:
    text = text.replace("\u3000", " ").replace("\t", " ")  # as unified by tidy_whitespace
    assert whitespace._edits(text) == whitespace._run_by_run(text)


def test_space_edits_on_the_corpus_are_the_run_by_run_edits() -> None:
    for text in _corpus_texts():
        unified = text.translate(whitespace._TO_SPACE)
        assert whitespace._edits(unified) == whitespace._run_by_run(unified)


def test_space_edits_take_the_regex_without_zero_width(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = whitespace._run_by_run
    monkeypatch.setattr(whitespace, "_run_by_run", lambda text: calls.append(text) or real(text))
    assert whitespace.tidy_whitespace("  一、 总体  情况 \n 二").text == "一、 总体 情况\n二" and not calls
    assert whitespace.tidy_whitespace("总体\u200b  情况").text == "总体 情况" and calls


def test_a_long_interior_run_is_one_edit() -> None:
    text = "a" + " " * 20_000 + "b"
    assert whitespace._edits(text) == [(2, 20_001)] == whitespace._run_by_run(text)


# ------------------------------------------------------------------ mojibake and charsets


def _find_repairs_every_line(lines: list[str]) -> dict[int, mojibake._Repair]:
    """The long way: every line asked for its candidates (mojibake.py before the suspects)."""
    return mojibake.repairs_of(lines, range(len(lines)))


MOJIBAKE = [
    "总体情况".encode("gbk").decode("latin-1") + "\n正常的一行\n" + "年度报告".encode().decode("cp1252"),
    "总体情况说明".encode().decode("gbk", errors="replace") + "\n2021\n主动公开",
    "2021 »³»¯\n\ufffd\ufffd年\n··×é",
]


@pytest.mark.parametrize("text", MOJIBAKE)
def test_suspect_lines_give_the_repairs_every_line_gives(text: str) -> None:
    lines = text.split("\n")
    assert mojibake._find_repairs(text, lines) == _find_repairs_every_line(lines)
    assert mojibake._find_repairs(text, lines)  # the examples do hold mojibake


def test_only_suspect_lines_are_asked_for_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = mojibake._candidates
    monkeypatch.setattr(mojibake, "_candidates", lambda line: asked.append(line) or real(line))
    text = MOJIBAKE[0] + "\n主动公开政府信息\nabc"
    fixed, steps, _ = mojibake.fix_mojibake(text)
    assert steps and "总体情况" in fixed
    assert "主动公开政府信息" not in asked and "abc" not in asked and "正常的一行" not in asked


def test_suspect_lines_on_the_corpus() -> None:
    for text in _corpus_texts():
        lines = text.split("\n")
        assert mojibake._find_repairs(text, lines) == _find_repairs_every_line(lines)


@few_settings
@given(texts)
def test_counts_by_line_are_cjk_common_share_counts(text: str) -> None:
    counts = charsets.cjk_counts_by_line(text)
    for (n, common), line in zip(counts, text.split("\n"), strict=True):
        share, n_line = charsets.cjk_common_share(line)
        assert n == n_line and (n == 0 or common / n == share)
    # every line with a candidate reading is a suspect (the others cost nothing)
    lines = text.split("\n")
    with_candidates = {i for i, line in enumerate(lines) if mojibake._candidates(line)[0]}
    assert with_candidates <= set(mojibake._suspects(text, lines))
    assert mojibake._find_repairs(text, lines) == _find_repairs_every_line(lines)


@few_settings
@given(texts)
def test_common_hanzi_deleted_by_regex_as_by_translate(text: str) -> None:
    table = dict.fromkeys(map(ord, charsets.common_chars()))
    assert charsets._without_common(text) == text.translate(table)


# ------------------------------------------------------------------ line maps


@few_settings
@given(texts)
def test_increasing_maps_strictly_increase_and_lines_map_as_sliced(text: str) -> None:
    normalized = normalize_text(text)
    origin = normalized.origin
    if normalized.increasing:
        assert all(a < b for a, b in pairwise(origin))
    start = base = 0
    for clean, raw in zip(normalized.text.split("\n"), text.split("\n"), strict=True):
        end = start + len(clean)
        want = tuple(o - base for o in origin[start:end])
        assert relative_origin(normalized, start, end, base) == want
        start, base = end + 1, base + len(raw) + 1


def test_a_map_that_repeats_an_offset_is_never_read_as_a_range() -> None:
    # 0, 0, 2 spans len - 1 but is no range: only an increasing map may take the shortcut
    normalized = Normalized("abc", (0, 0, 2), ())
    assert relative_origin(normalized, 0, 3, 0) == (0, 0, 2)


# ------------------------------------------------------------------ markdown


@few_settings
@given(st.text(alphabet="#*_<>[]()/ abc中1\nbr:span=\"", max_size=40), st.booleans())
def test_blank_markers_shortcut_is_the_substitutions(text: str, links: bool) -> None:
    long_way = inline.HEADING.sub(inline._spaces, text)
    for pattern in (inline._EMPHASIS, inline._BREAK, inline._TAG):
        long_way = pattern.sub(inline._spaces, long_way)
    if links:
        long_way = inline._LINK.sub(inline._link_text, long_way)
    assert inline.blank_markers(text, links=links) == long_way


# ------------------------------------------------------------------ is_markdown


def test_is_markdown_is_the_rule_search_on_the_corpus() -> None:
    for path in CORPUS:
        data = path.read_bytes()
        assert is_markdown(data, "a.txt") == (formats._MD_RULE.search(data) is not None)


RULE_PARTS = ["|", "-", "--", "---", ":", " ", "\t", "\r", "\n", "a", "规章", "| --- |"]


@few_settings
@given(st.lists(st.sampled_from(RULE_PARTS), max_size=30))
def test_is_markdown_is_the_rule_search(parts: list[str]) -> None:
    data = "".join(parts).encode()
    assert is_markdown(data, "a.txt") == (formats._MD_RULE.search(data) is not None)


def test_is_markdown_skips_the_rule_search_without_a_rule_line_s_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refuses:
        def search(self, data: bytes) -> None:
            raise AssertionError("searched")

    monkeypatch.setattr(formats, "_MD_RULE", Refuses())
    assert not is_markdown("规章 | 0 | 0 | 0\n行政许可 | 1\n— 4 —\n".encode(), "a.txt")


# ------------------------------------------------------------------ lines and blocks built without __init__


@few_settings
@given(texts, st.integers(1, 10**6), st.integers(0, 500), st.lists(st.integers(0, 500), max_size=6).map(tuple))
def test_text_line_and_line_block_are_the_constructors(
    text: str, number: int, width: int, origin: tuple[int, ...]
) -> None:
    fast = line_block(text_line(text, number, width, origin))
    slow = Block(line=Line(text, Source(line=number, span=(0, width)), origin))
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow and copy.deepcopy(fast) == slow
    assert new_line(text, slow.line.source, ()) == Line(text, slow.line.source)  # type: ignore[union-attr]


def test_read_text_builds_its_lines_as_the_constructors_do() -> None:
    for path in CORPUS:
        if path.suffix != ".txt":
            continue
        doc = read_text(path.read_bytes(), ReadOptions(path=path.name))
        for block in doc.blocks:
            line = block.line
            assert line is not None
            source = Source(line=line.source.line, span=line.source.span)
            assert block == Block(line=Line(line.text, source, line.origin))
