"""CPython's own regex parser, for the shortcuts that read a pattern's shape once (facts/first_chars.py,
tables/noise.py).

It is private (``re._parser``, ``re._constants`` since 3.11), so it is imported here once, and every
question about a pattern goes through ``parse``: None where the parser is missing, where the pattern is
case-insensitive (a non-ASCII letter can then match an ASCII one: KELVIN SIGN and 'k'), or where the
parse fails.  A caller that gets None scans the plain way: a surprise costs speed, never an answer.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

try:
    sre: Any = importlib.import_module("re._constants")
    _parser: Any = importlib.import_module("re._parser")
    REPEATS: tuple[Any, ...] = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
except (ImportError, AttributeError):  # pragma: no cover - another Python's layout
    sre = _parser = None
    REPEATS = ()


def parse(pattern: re.Pattern[str]) -> Any | None:
    """The parsed pattern (a sequence of (op, argument) items), or None (module docstring)."""
    if _parser is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        return _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser of another shape
        return None
