"""The result types shared by every normaliser, and the one exception.

Frozen dataclasses, so a result can be cached, compared in tests and dumped to
JSON without surprises.  This module imports nothing else from ``normalize``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One repair a normaliser applied, for the record and the debug view.

    ``name`` is a stable identifier (``encoding_repair``,
    ``pinyin_annotations_removed``, ``traditional_to_simplified``, ``nfkc``,
    ``radicals_folded``, ``whitespace_collapsed``, ``zero_width_removed``,
    ``bom_removed``); ``count`` is how many places it changed (characters,
    annotations, lines: the step's docstring says which); ``detail`` is a short
    human-readable note such as ``"gbk read as latin-1"``.
    """

    name: str
    count: int
    detail: str = ""


@dataclass(frozen=True)
class Fixed:
    """The output of one ``fix_*`` normaliser.

    ``origin[i]`` is the index in the fixer's input of the character that
    produced ``text[i]``; ``len(origin) == len(text)`` and it never decreases.
    """

    text: str
    origin: tuple[int, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Normalized:
    """The output of ``normalize_text``: clean text mapped back to its input.

    ``origin[i]`` is the index in the string given to ``normalize_text`` of the
    character that produced ``text[i]``; the steps are in the order applied.
    """

    text: str
    origin: tuple[int, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Decoded:
    """Bytes turned into text: the codec used, repairs applied, what was guessed."""

    text: str
    encoding: str
    steps: tuple[Step, ...]
    warnings: tuple[str, ...]


class UndecodableError(ValueError):
    """The bytes are not text (binary, random, empty); the message is one line."""
