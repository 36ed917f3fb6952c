"""The characters a regular expression's match can start with (or hold), for scans sre cannot speed up.

sre skips ahead in C only when a pattern starts with one literal or one class; an
alternation of terms whose first part is optional ('(?:总|网站)?(?:访问|浏览)…')
gets a full match attempt at every character.  Scanning for the possible first
characters and matching only there finds the same matches.  The set is read from the
parsed pattern; any construct not handled below (a class by category, a negated class,
a lookaround, a case-insensitive flag, a part that can match empty at the start)
gives None, and the caller scans the plain way.
"""

from __future__ import annotations

import re
from typing import Any

from docstruct.extract.regex_parse import REPEATS, parse
from docstruct.extract.regex_parse import sre as sre_constants

# a class wider than this is no useful first-character set
MAX_FIRST_CHARS = 512


def _of_class(items: list[tuple[Any, Any]]) -> set[int] | None:
    out: set[int] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            out.add(av)
        elif op is sre_constants.RANGE and av[1] - av[0] < MAX_FIRST_CHARS:
            out.update(range(av[0], av[1] + 1))
        else:
            return None
    return out


def _of_item(op: Any, av: Any) -> tuple[set[int] | None, bool]:
    """(first characters, can match empty) of one parsed item."""
    c = sre_constants
    if op is c.LITERAL:
        return {av}, False
    if op is c.IN:
        return _of_class(av), False
    if op is c.SUBPATTERN:
        _, add_flags, _, pattern = av
        if add_flags & re.IGNORECASE:
            return None, False
        return _of_sequence(pattern.data)
    if op is c.ATOMIC_GROUP:
        return _of_sequence(av.data)
    if op is c.BRANCH:
        out: set[int] = set()
        empty = False
        for alternative in av[1]:
            first, nullable = _of_sequence(alternative.data)
            if first is None:
                return None, False
            out |= first
            empty = empty or nullable
        return out, empty
    if op in REPEATS:
        first, nullable = _of_sequence(av[2].data)
        return first, nullable or av[0] == 0
    return None, False


def _of_sequence(items: list[tuple[Any, Any]]) -> tuple[set[int] | None, bool]:
    """(first characters, can match empty) of items matched one after another."""
    out: set[int] = set()
    for op, av in items:
        first, nullable = _of_item(op, av)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _all_of_branches(alternatives: list[list[tuple[Any, Any]]]) -> set[int] | None:
    out: set[int] = set()
    for items in alternatives:
        found = _all_of_sequence(items)
        if found is None:
            return None
        out |= found
    return out


def _all_of_sequence(items: list[tuple[Any, Any]]) -> set[int] | None:
    """Every character the items can match, wherever in a match; None if unknown."""
    out: set[int] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            out.add(av)
            continue
        if op is sre_constants.IN:
            found = _of_class(av)
        elif op is sre_constants.SUBPATTERN and not av[1] & re.IGNORECASE:
            found = _all_of_sequence(av[3].data)
        elif op is sre_constants.ATOMIC_GROUP:
            found = _all_of_sequence(av.data)
        elif op in REPEATS:
            found = _all_of_sequence(av[2].data)
        elif op is sre_constants.BRANCH:
            found = _all_of_branches([alternative.data for alternative in av[1]])
        else:  # a lookaround, an anchor, '.', a category: no bounded set
            return None
        if found is None:
            return None
        out |= found
    return out


def match_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can hold, or None when the pattern does not bound them.

    A pattern made only of literals, classes, groups, alternations and repeats matches only
    these characters, and looks at no others (no lookaround, no anchor).
    """
    parsed = parse(pattern)
    if parsed is None:
        return None
    try:
        found = _all_of_sequence(parsed.data)
    except (AttributeError, TypeError, ValueError):  # a parser of another shape
        return None
    return None if found is None else frozenset(map(chr, found))


def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-character class of every character a match of ``pattern`` can start with, or None."""
    parsed = parse(pattern)
    if parsed is None:
        return None
    try:
        first, nullable = _of_sequence(parsed.data)
    except (AttributeError, TypeError, ValueError):  # a parser of another shape
        return None
    if first is None or nullable or not first or len(first) > MAX_FIRST_CHARS:
        return None
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(first)) + "]")
