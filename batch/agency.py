"""Who and when: a normalised agency key, so that one agency's reports form a series.

The rules are data (extract/templates/agencies.json): leading place names are
dropped while a lower-level place follows (淮安市洪泽区人民政府 and
洪泽区人民政府), printed variants of an ending are folded (人民政府/政府), and
known confusions (沐阳县 for 沭阳县) are applied with a note saying so.  The
key only groups: the store keeps every printed name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from docstruct.extract.templates import load_data


@dataclass(frozen=True)
class AgencyRules:
    """The key's rules, compiled once."""

    drop_prefix: re.Pattern[str]
    lower_place: re.Pattern[str]
    suffixes: tuple[tuple[str, str], ...]
    confusions: tuple[tuple[str, str], ...]


@cache
def agency_rules() -> AgencyRules:
    raw = load_data("agencies")
    return AgencyRules(
        re.compile(raw["drop_prefix"]),
        re.compile(raw["lower_place"]),
        tuple((a, b) for a, b in raw["suffixes"]),
        tuple((a, b) for a, b in raw["confusions"]),
    )


@dataclass(frozen=True)
class AgencyKey:
    """The key of a printed name, and the note when a known confusion was applied."""

    key: str
    note: str | None = None


def agency_key(printed: str | None) -> AgencyKey | None:
    """The normalised key of a printed agency name; None when there is no name."""
    if not printed:
        return None
    rules = agency_rules()
    name = "".join(unicodedata.normalize("NFKC", printed).split())
    notes = []
    for wrong, right in rules.confusions:
        if wrong in name:
            name = name.replace(wrong, right)
            notes.append(f"'{wrong}' read as '{right}' (a known confusion)")
    while (m := rules.drop_prefix.match(name)) and rules.lower_place.match(name[m.end():]):
        name = name[m.end():]
    for long, short in rules.suffixes:
        if name.endswith(long):
            name = name[: -len(long)] + short
    note = f"agency '{printed}' keyed as '{name}': " + "; ".join(notes) if notes else None
    return AgencyKey(name, note) if name else None
