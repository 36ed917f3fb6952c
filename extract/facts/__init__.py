"""Narrative facts (issue 9): figures the text states, and their cross-checks with the tables.

stream + section headings -> sentences (rules, segment.py) -> the few that hold
a candidate quantity (a regex, so a report without one never loads spaCy)
-> number shapes (spaCy EntityRuler, nlp.py) -> facts (rules + the
vocabulary in templates/facts.json, match.py) -> checks (crosscheck.py).
"""

from __future__ import annotations

from docstruct.extract.facts.model import Fact, FactsDiagnostics, FactsResult

# stream_to_facts lives in engine.py, so that the light types here load without the matcher
__all__ = ["Fact", "FactsDiagnostics", "FactsResult"]
