"""The structure stage's shortcuts (issue 16 part 1) give what the long way gives.

find_headings searches each section's pattern as its two alternatives (sections._split_patterns),
each with a prefix the regex engine scans for; the long way, kept here, searches the whole pattern.
Speed is measured by bench.speed_text and callgrind, never here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docstruct.extract import sections
from docstruct.extract.formats import is_markdown, sniff_format
from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import reader_for
from docstruct.extract.sections import Heading, find_headings
from docstruct.extract.stream import blocks_to_stream
from tests.records import text_corpus


def long_way(text: str) -> list[Heading]:
    """find_headings as it was: each whole pattern searched from the cursor."""
    out: list[Heading] = []
    cursor = 0
    for key, pattern in sections._patterns():
        m = pattern.search(text, cursor)
        if m is None:
            continue
        out.append(Heading(key, m.start(), m.end(), m.group()))
        cursor = m.end()
    return out


def _stream_texts() -> list[str]:
    """The stream text of every text report, as document_to_record searches it."""
    out = []
    for path in text_corpus():
        data = path.read_bytes()
        kind = sniff_format(data, path.name)
        doc = reader_for(kind, kind == "txt" and is_markdown(data, path.name))(data, ReadOptions(path=path.name))
        out.append(blocks_to_stream(doc.blocks).text)
    return out


def test_find_headings_is_the_long_way_on_the_corpus() -> None:
    texts = _stream_texts()
    found = 0
    for text in texts:
        assert find_headings(text) == long_way(text)
        found += len(long_way(text))
    assert found > len(texts)  # the corpus has headings to find


# what the patterns read: numerals and their marks, arabic numbers, line and cell breaks, the cores
ALPHABET = "一二三四五六七八九十、.．1234567 \t\n\x1f。政府信息公开情况主动依申请工作行政复议诉讼"
ALPHABET += "存在的主要问题及改进其他需要报告事项总体收到和处理"
CORES = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "\n4. 政府信息公开行政复议、行政诉讼情况\n", "五、存在的主要问题及改进情况", "\n存在的主要问题及改进情况\n",
    "六、其他需要报告的事项", "十一、", "二二、",
]


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=12), st.sampled_from(CORES)), max_size=14))
def test_find_headings_is_the_long_way(parts: list[str]) -> None:
    text = "".join(parts)
    assert find_headings(text) == long_way(text)


def test_find_headings_searches_the_split_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    split_search = sections._first_heading

    def counted(split: sections._Split, text: str, cursor: int) -> tuple[int, int] | None:
        calls.append(split.key)
        return split_search(split, text, cursor)

    monkeypatch.setattr(sections, "_first_heading", counted)
    text = "一、总体情况\n正文\n二、主动公开政府信息情况\n"
    assert find_headings(text) == long_way(text) and len(calls) == len(sections._patterns())
