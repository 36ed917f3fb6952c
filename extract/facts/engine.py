"""stream_to_facts: the narrative's facts and their cross-checks (the stages are in the package doc).

Imported only where facts are found: `extract --no-facts` never loads this module, the matcher
or the vocabulary (extract/pipeline.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from docstruct.extract.facts.crosscheck import check_facts
from docstruct.extract.facts.match import MatchState, sentence_facts
from docstruct.extract.facts.model import Fact, FactsDiagnostics, FactsResult
from docstruct.extract.facts.nlp import sentences_shapes
from docstruct.extract.facts.segment import TERMINATORS, Sentence, text_to_sentences
from docstruct.extract.facts.vocabulary import load_vocabulary
from docstruct.extract.stream import Stream
from docstruct.extract.tables.rebuild import TableResult

# Sections that hold a template table: there only a sentence with a full stop is
# narrative (a glued table row runs on without one; a cell such as '251000元'
# stands alone), so table text never becomes a fact.
TABLE_SECTIONS = ("active_disclosure", "applications", "review_litigation")
# Hostile documents: a real report states tens of figures (r06, the most: 48); past
# this many the rest is left out and the diagnostics say so (time stays bounded).
MAX_FACTS = 1000
# Sentences that go through spaCy as one Doc: one call per batch, not one per sentence.
BATCH_SENTENCES = 64


def _regions(text: str, headings: Sequence[Any]) -> list[tuple[str | None, int, int]]:
    starts = [h.start for h in headings] + [len(text)]
    out: list[tuple[str | None, int, int]] = [(None, 0, starts[0])]
    out += [(h.key, h.end, starts[i + 1]) for i, h in enumerate(headings)]
    return out


def _narrative(sentence: Sentence) -> bool:
    if sentence.section not in TABLE_SECTIONS:
        return True
    return sentence.text.rstrip("”’」』)] ")[-1:] in TERMINATORS


def stream_to_facts(
    stream: Stream, headings: Sequence[Any], year: int | None, tables: Mapping[str, TableResult] | None
) -> FactsResult:
    """Facts of the narrative; checks against ``tables`` when the report has template tables."""
    vocab = load_vocabulary()
    # only regions holding a candidate are cut into sentences (a cell-per-line table is long)
    regions = [r for r in _regions(stream.text, headings) if vocab.has_candidate(stream.text, r[1], r[2])]
    if not regions:
        return FactsResult(diagnostics=FactsDiagnostics(candidate_sentences=0))
    state = MatchState(year)
    facts: list[Fact] = []
    candidates = [
        s for s in text_to_sentences(stream.text, regions) if vocab.has_candidate(s.text) and _narrative(s)
    ]
    count = 0
    for first in range(0, len(candidates), BATCH_SENTENCES):
        if len(facts) >= MAX_FACTS:
            state.skipped["over_limit_sentences"] += len(candidates) - first
            break
        batch = candidates[first : first + BATCH_SENTENCES]
        for sentence, shapes in zip(batch, sentences_shapes(vocab, [s.text for s in batch]), strict=True):
            facts.extend(sentence_facts(vocab, stream, sentence, shapes, state))
        count += len(batch)
    if len(facts) > MAX_FACTS:
        state.skipped["over_limit_facts"] += len(facts) - MAX_FACTS
        facts = facts[:MAX_FACTS]
    diagnostics = FactsDiagnostics(candidate_sentences=count, not_counts=dict(state.skipped))
    if not tables:
        return FactsResult(tuple(facts), (), diagnostics)
    cross = check_facts(vocab, facts, tables)
    return FactsResult(tuple(facts), cross.checks, replace(diagnostics, not_compared=cross.not_compared))
