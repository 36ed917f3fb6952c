"""Settings for one extraction, as a frozen dataclass with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How to read one file.

    path: shown in the record's ``source.path`` ('-' for standard input).
    max_bytes: larger input is refused before parsing (hostile or runaway files).
    max_seconds: wall-clock bound per file, enforced where a reader loops
        (PDF pages, HTML parsing) and by batch workers.
    max_expanded_bytes: bound on what a compressed container (DOCX) may expand to.
    max_depth: bound on element nesting (HTML, DOCX XML).
    facts: read the narrative for figures (spaCy). False leaves ``facts`` and the
        ``narrative.*`` checks out, with a warning, and never imports spaCy: for
        one-shot shell loops (`docstruct extract --no-facts`), where importing spaCy
        is most of a run (README 'Speed').
    """

    path: str = "-"
    max_bytes: int = 64 * MIB
    max_seconds: float = 60.0
    max_expanded_bytes: int = 256 * MIB
    max_depth: int = 400
    facts: bool = True
