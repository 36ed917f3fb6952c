"""Which text a table's header-word pattern can never match, so a value piece is cleaned without a scan.

A table's noise pattern (templates: its header words and heading rows, each character apart by
``\\s*``) is run over every piece of every row region (match.region_chunks), and most pieces are
numbers ('80', '1 0 0').  Every header word of the templates holds a Chinese character, so no ASCII
piece can hold one: asking the pattern is a scan that finds nothing.  This is proved from the
pattern itself, once per pattern, never assumed: a template word that could match ASCII (a 'N/A'
header, a raw 're:' label) turns the shortcut off for its table (tests/test_fast_tables.py).
"""

from __future__ import annotations

import re
from typing import Any

from docstruct.extract.regex_parse import REPEATS, parse, sre


def _set_outside_ascii(items: list[tuple[Any, Any]]) -> bool:
    """A character set ([...]) every member of which is outside ASCII: literals and ranges only."""
    for op, arg in items:
        if op is sre.LITERAL and arg >= 128:
            continue
        if op is sre.RANGE and arg[0] >= 128:
            continue
        return False  # a negation, a category (\\s, \\d), an ASCII member: may match ASCII
    return True


def _needs_outside_ascii(seq: Any) -> bool:
    """Whether every match of the parsed sequence consumes a character outside ASCII."""
    for op, arg in seq:
        if op is sre.LITERAL and arg >= 128:
            return True
        if op is sre.IN and _set_outside_ascii(arg):
            return True
        if op is sre.SUBPATTERN and not arg[1] & re.IGNORECASE and _needs_outside_ascii(arg[3]):
            return True
        if op is sre.ATOMIC_GROUP and _needs_outside_ascii(arg):
            return True
        if op is sre.BRANCH and all(_needs_outside_ascii(alt) for alt in arg[1]):
            return True
        if op in REPEATS and arg[0] >= 1 and _needs_outside_ascii(arg[2]):
            return True
    return False


# pattern id -> (the pattern, whether it misses ASCII): keyed by identity, since hashing a compiled
# pattern hashes its whole code (siphash over a header-word alternation, on every piece); the pattern
# is held, so its id is never another's
_KNOWN: dict[int, tuple[re.Pattern[str], bool]] = {}
KNOWN_MAX = 256


def misses_ascii(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` can match no ASCII text at all (then sub on an ASCII string changes nothing)."""
    known = _KNOWN.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    if len(_KNOWN) >= KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[id(pattern)] = (pattern, _misses_ascii(pattern))
    return _KNOWN[id(pattern)][1]


def _misses_ascii(pattern: re.Pattern[str]) -> bool:
    """Anything the parse does not show plainly counts as a possible match (regex_parse.parse: no parse
    for a case-insensitive pattern, whose non-ASCII letters can match ASCII ones)."""
    parsed = parse(pattern)
    try:
        return parsed is not None and _needs_outside_ascii(parsed)
    except Exception:  # a parse this code does not know: no shortcut, never a wrong one
        return False


def without_noise(ptext: str, noise: re.Pattern[str]) -> str:
    """The piece with the table's header words blanked out, offsets kept."""
    if ptext.isascii() and misses_ascii(noise):
        return ptext  # the pattern cannot match here (module docstring)
    return noise.sub(_blank, ptext)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())
