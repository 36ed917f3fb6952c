"""The facts stage's shortcuts (issue 16 part 1) give what the long way gives.

Speed is measured by bench.speed_text and callgrind, never here.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docstruct.extract.facts import nlp
from docstruct.extract.facts.vocabulary import load_vocabulary

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
