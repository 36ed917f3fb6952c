"""Choosing among title candidates and agency readings, and saying so when they disagree.

Issue 17: a title is read wherever the document prints one (head lines, a
'标题:' line, <title>, <meta> tags); the candidate that other fields confirm
(the agency in the signature, on a 发布机构 line, in a 来源 field or a <meta>
tag) is chosen, and where candidates disagree the record says so in a warning
naming them.  Nothing is cut or replaced silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from docstruct.extract.metadata_title import Title


@dataclass(frozen=True)
class Evidence:
    """An agency name read outside the title, and where."""

    name: str
    origin: str
    # whether a disagreement with the title's agency is worth a warning: a 来源 field or the sentence
    # naming the report may name an office or an abbreviation, and only confirm
    decisive: bool = True


@dataclass(frozen=True)
class Choice:
    """The value chosen and the warnings that explain it."""

    title: Title | None
    agency: str | None
    warnings: tuple[str, ...]


def _compatible(a: Title, b: Title) -> bool:
    """The same report name, one perhaps with the agency before it ('某局2019年…' and '2019年…')."""
    return a.year == b.year and (a.text.endswith(b.text) or b.text.endswith(a.text))


def _confirmer(title: Title, evidence: list[Evidence]) -> Evidence | None:
    if title.agency is None:
        return None
    return next((e for e in evidence if e.name == title.agency), None)


def _quote(titles: list[Title]) -> str:
    return ", ".join(f"'{t.text}' ({t.origin})" for t in titles)


def choose_title(candidates: list[Title], evidence: list[Evidence]) -> tuple[Title | None, list[str]]:
    """The title to keep: the first in reading order unless another, confirmed by a field, disagrees."""
    distinct: list[Title] = []
    for title in candidates:
        if all(title.text != t.text for t in distinct):
            distinct.append(title)
    if not distinct:
        return None, []
    first = distinct[0]
    rivals = [t for t in distinct[1:] if not _compatible(first, t)]
    warnings = []
    if first.suffix and len(distinct) == 1:
        warnings.append(f"metadata.title: read from {first.origin} with the site's name '{first.suffix}' cut")
    if not rivals:
        return first, warnings
    confirmed = [(t, e) for t in [first, *rivals] if (e := _confirmer(t, evidence)) is not None]
    if confirmed:
        chosen, by = confirmed[0]
        why = f"its agency is confirmed by {by.origin}"
    else:
        chosen, why = first, "the first in reading order; no other field confirms one"
    named = _quote([first, *rivals])
    warnings.append(f"metadata.title: the candidates disagree: {named}; chose '{chosen.text}' ({why})")
    return chosen, warnings


def choose_agency(title: Title | None, evidence: list[Evidence]) -> Choice:
    """The agency: the title's, unless it is a cut form of one read elsewhere; else the first reading."""
    named = title.agency if title else None
    if named is None:
        first = evidence[0].name if evidence else None
        return Choice(title, first, ())
    # a longer name ending with the title's is a cut title (any reading says so, the naming sentence too)
    longer = [e for e in evidence if e.name != named and e.name.endswith(named)]
    if longer:
        e = longer[0]
        return Choice(
            title,
            e.name,
            (f"metadata.agency: the title names '{named}', {e.origin} '{e.name}', which ends with it; chose that",),
        )
    # an office of the agency ('平潭综合实验区管委会办公室' on r05's 发布机构 line) or a shorter form is no rival
    other = [e for e in evidence if e.decisive and named not in e.name and not named.endswith(e.name)]
    if other:
        names = ", ".join(f"'{e.name}' ({e.origin})" for e in other)
        why = f"metadata.agency: the title names '{named}', other fields {names}; kept the title's"
        return Choice(title, named, (why,))
    return Choice(title, named, ())
