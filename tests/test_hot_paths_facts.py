"""The facts stage's shortcuts (issue 16 part 1) give what the long way gives.

Speed is measured by bench.speed_text and callgrind, never here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docstruct.extract import ReadOptions, extract_bytes
from docstruct.extract.facts import engine, match, nlp
from docstruct.extract.facts.first_chars import first_chars, match_chars
from docstruct.extract.facts.vocabulary import Vocabulary, load_vocabulary
from tests.records import text_corpus

CORPUS = text_corpus()
SENTENCE = "本年度共收到申请12件,其中1,234.5件办结,约60余条;2021年度5个工作日内答复 10-20件 ABC 第3 12:56 ％%"
sentences = st.text(alphabet=SENTENCE + " \u3000\n", max_size=60)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sentences)
def test_tokenize_without_whitespace_is_the_match_by_match_tokens(text: str) -> None:
    vocab = load_vocabulary()
    assert nlp.tokenize(vocab, text) == nlp.tokens_by_match(vocab, text)


def test_tokenize_takes_findall_on_a_sentence_without_spaces() -> None:
    vocab = load_vocabulary()
    toks = nlp.tokenize(vocab, "共收到申请1,234件,5个工作日内")
    assert toks.words[:7] == ["共", "收", "到", "申", "请", "1,234", "件"] and toks.starts[5:7] == [5, 10]
    assert toks == nlp.tokens_by_match(vocab, "共收到申请1,234件,5个工作日内")


def test_keys_for_a_unit_are_the_keys_that_take_it_in_order() -> None:
    vocab = load_vocabulary()
    units = {u for spec in vocab.keys for u in spec.units} | {"无此单位"}
    for unit in units:
        assert vocab.keys_for(unit) == tuple(spec for spec in vocab.keys if unit in spec.units)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet="访问量总网站点击独立IP余多来件条万人次 \n0123456789,。abc", max_size=40), st.integers(0, 8))
def test_has_candidate_is_the_joint_pattern(text: str, start: int) -> None:
    vocab = load_vocabulary()
    assert vocab.has_candidate(text) == bool(vocab.candidate.search(text))
    assert vocab.has_candidate(text, start, len(text) - 1) == bool(vocab.candidate.search(text, start, len(text) - 1))


def test_has_candidate_on_the_corpus_sentences() -> None:
    vocab = load_vocabulary()
    for path in CORPUS:
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.split("\n"):
            assert vocab.has_candidate(line) == bool(vocab.candidate.search(line)), line
        assert vocab.has_candidate(text, 10, len(text) // 2) == bool(vocab.candidate.search(text, 10, len(text) // 2))


def _shapes_both_ways(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    vocab = load_vocabulary()
    pruned = nlp.sentences_shapes(vocab, texts)
    with monkeypatch.context() as m:
        m.setattr(nlp, "_pruned", lambda vocab, toks, owner: (toks, owner))
        whole = nlp.sentences_shapes(vocab, texts)
    return pruned, whole


def test_pruned_windows_give_the_shapes_of_whole_windows_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = engine.sentences_shapes
    monkeypatch.setattr(engine, "sentences_shapes", lambda vocab, texts: seen.extend(texts) or real(vocab, texts))
    for path in CORPUS:
        extract_bytes(path.read_bytes(), ReadOptions(path=str(path)))
    # the samples alone hand spaCy 60 sentences (a fresh clone without ../shared), the real reports more
    assert len(seen) > 50
    pruned, whole = _shapes_both_ways(seen, monkeypatch)
    assert pruned == whole


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(sentences, min_size=1, max_size=4))
def test_pruned_windows_give_the_shapes_of_whole_windows(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        pruned, whole = _shapes_both_ways(texts, monkeypatch)
    assert pruned == whole


def test_pruning_leaves_out_the_tokens_past_every_reach() -> None:
    vocab = load_vocabulary()
    toks, owner, _ = nlp._joined(vocab, ["共收到申请12件,其中依申请公开的政府信息较上年有所增加"])
    pruned, pruned_owner = nlp._pruned(vocab, toks, owner)
    assert len(pruned.words) < len(toks.words) and pruned.words[:3] == ["12", "件", ","]
    assert pruned.words[-1] == nlp.GAP and len(pruned_owner) == len(pruned.words)


def test_first_chars_of_the_bare_terms() -> None:
    vocab = load_vocabulary()
    assert vocab.term_starts is not None and vocab.term_starts.pattern == "[总浏点独网访门]"


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        ("(?:总|网站)?(?:访问|浏览)量", "总网访浏"),
        ("a[b-d]?x+", "a"),
        ("[b-d]?x", "bcdx"),
        ("(?>ab|c)d", "ac"),
        ("x*y", "xy"),
    ],
)
def test_first_chars_of_handled_shapes(pattern: str, starts: str) -> None:
    found = first_chars(re.compile(pattern))
    assert found is not None and set(found.pattern.strip("[]")) == set(starts)


@pytest.mark.parametrize("pattern", [r"\w+量", "(?i)ab", "[^a]b", "a?", "(?=a)b", ".b", r"\d+"])
def test_first_chars_give_up_on_what_they_cannot_bound(pattern: str) -> None:
    assert first_chars(re.compile(pattern)) is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet="总网站门户访问浏览点击量次数人独立IPip用户 0123456789,", max_size=40))
def test_scanning_at_first_chars_finds_what_search_finds(text: str) -> None:
    vocab = load_vocabulary()
    after_term = vocab.candidate_parts[1]
    assert vocab.term_starts is not None
    found = any(after_term.match(text, m.start()) for m in vocab.term_starts.finditer(text))
    assert found == bool(after_term.search(text))


TERM_TEXT = "主动公开发布政府信息文件解读总访问浏览点击网站门户独立量次数上年同期 0123456789,"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=TERM_TEXT, max_size=40))
def test_a_key_that_may_not_name_the_text_has_no_term_in_it(text: str) -> None:
    for spec in load_vocabulary().keys:
        if not spec.may_name(text):
            assert spec.terms.search(text) is None


def test_match_chars_bound_literal_shapes_and_give_up_on_the_rest() -> None:
    assert match_chars(re.compile("上年|去年|同[期比]")) == frozenset("上年去同期比")
    assert match_chars(re.compile("(?:a|bc)+d?")) == frozenset("abcd")
    for pattern in ("上.年", r"\w年", "(?<=a)b", "^上年", "[^a]", "(?i)ab"):
        assert match_chars(re.compile(pattern)) is None, pattern


def _other_period_masking_always(vocab: Vocabulary, text: str, stop: int, year: int | None) -> str | None:
    """match._other_period as it was: every key's terms masked before other_period is looked for."""
    prefix = text[:stop]
    for spec in vocab.keys:
        prefix = spec.terms.sub(lambda m: "#" * len(m.group()), prefix)
    years = match._YEAR.findall(text[:stop])
    if years and year is not None and int(years[-1]) != year:
        return f"another year ({years[-1]})"
    m = vocab.other_period.search(prefix)
    return f"another period ({m.group()})" if m else None


PERIOD_TEXT = "上年同期较上年比上一年去年前年环比同比2021年2020年主动公开政府信息访问量总数 0123456789"


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=PERIOD_TEXT, max_size=40), st.integers(0, 40), st.sampled_from([None, 2020, 2021]))
def test_other_period_without_masking_where_nothing_is_found(text: str, stop: int, year: int | None) -> None:
    vocab = load_vocabulary()
    assert match._other_period(vocab, text, stop, year) == _other_period_masking_always(vocab, text, stop, year)
