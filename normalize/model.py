"""The result types shared by every normaliser, and the one exception.

Frozen dataclasses, so a result can be cached, compared in tests and dumped to
JSON without surprises.  This module imports nothing else from ``normalize``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
class Edit:
    """One fixer's result inside ``normalize_text``: a ``Fixed`` whose identity map is ``None``.

    Most steps keep every character in place on most documents (NFKC of full-width
    punctuation, t2s on simplified text); the chain then builds and composes no map for
    them (issue 16: those maps were a third of the text read stage).
    """

    text: str
    origin: tuple[int, ...] | None
    steps: tuple[Step, ...]
    # the map only deletes characters (pinyin annotations, spaces): it strictly increases
    deletes_only: bool = False

    def to_fixed(self) -> Fixed:
        """The public form, with the identity map spelled out."""
        origin = self.origin if self.origin is not None else tuple(range(len(self.text)))
        return Fixed(self.text, origin, self.steps)


@dataclass(frozen=True)
class Normalized:
    """The output of ``normalize_text``: clean text mapped back to its input.

    ``origin[i]`` is the index in the string given to ``normalize_text`` of the
    character that produced ``text[i]``; the steps are in the order applied.
    ``increasing`` says the map strictly increases (every step kept characters in
    place or deleted some), so a stretch whose first and last offsets lie ``len - 1``
    apart maps one to one (readers/text.py builds that as a range); False says nothing.
    """

    text: str
    origin: tuple[int, ...]
    steps: tuple[Step, ...]
    increasing: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Decoded:
    """Bytes turned into text: the codec used, repairs applied, what was guessed."""

    text: str
    encoding: str
    steps: tuple[Step, ...]
    warnings: tuple[str, ...]


class UndecodableError(ValueError):
    """The bytes are not text (binary, random, empty); the message is one line."""
