"""Title, agency, reported year and publication date from the document head, tags and signature.

real-world-variations.md 'Titles, agencies and dates': the title is set over
one to three lines (the agency on one, ``2024年政府信息公开工作年度报告`` on the
next), with or without ``工作``, with ``年`` or ``年度``; the agency is in the
title, on a ``发布机构`` line, in the page's <title>/<meta> tags, or only in the
closing signature; the publication date is in a ``发布时间``/``发布日期``/``日期``
line, a PubDate-style <meta> tag, or only under the signature.  The reported
year is the title's, or the statistics period's, never the publication year.
Whatever stays unknown is None with a warning that says where it was looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from docstruct.extract.metadata_choice import Evidence, choose_agency, choose_title
from docstruct.extract.metadata_dates import (
    CN_DATE,
    DATE,
    match_to_iso,
    plausible_year,
    text_to_iso,
)
from docstruct.extract.metadata_title import (
    AGENCY_MAX_CHARS,
    TITLE_SPLIT,
    Title,
    find_core,
    head_title,
    is_agency,
    squash,
    tag_titles,
    title_from,
)
from docstruct.extract.model import AGENCY_TAGS, DATE_TAGS, TITLE_TAGS, MetaTag
from docstruct.extract.stream import CELL

# The head of a crawled page ('标题: …', '发布时间: 2024-03-08 15:34', r05) or
# of the seed ('发布时间:2021-01-27 10:59信息来源:…') sits in the first lines.
HEAD_CHARS = 4000
# The title is among the first lines: r20 prints breadcrumb, share bar and
# the title before the body; PDFs print the title first.
HEAD_LINES = 24
# A page converted to markdown prints its title after some 80 lines of site
# navigation (issue 12, item 5): looked for that far when the first lines hold none.
CONVERTED_HEAD_LINES = 200
CONVERTED_HEAD_CHARS = 16000
# The report's name in the sentence naming it: agency, year and '…年度报告', at most this long.
NAMING_TITLE_CHARS = 80
# The closing signature and its date sit in the last characters (after them
# at most a share bar: r17 ends '附件下载').
TAIL_CHARS = 600

_TITLE_LINE = re.compile(r"(?:^|\n)\s*标题\s*[:：][ \t]*([^\n]+)")
_PUBLISHER = re.compile(r"(?:发布机构|发布单位|发文机关|发布部门)\s*[:：][ \t]*([^\n\x1f]*)")
# The seed's head: '发布时间:2021-01-27 10:59信息来源:某局'.
_SOURCE_FIELD = re.compile(r"(?:信息来源|来源)\s*[:：][ \t]*([^\n\x1f]*)")
# Head fields glued behind the publisher ('发布机构:某局发布日期:…').
_NEXT_FIELD = re.compile(r"(?:发布时间|发布日期|成文日期|信息来源|来源|文号|索引号|栏目|主题分类|日期|时间)\s*[:：]|\s")
_DATE_LINE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|发布于|(?<![\u4e00-\u9fff])日期|(?<![\u4e00-\u9fff])时间)(?:\s*[:：])?\s*"
    + DATE.pattern
)
_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间)(?:\s*(?:自|为|从|是))?\s*(\d{4})\s*年")
# The sentence that names the report: '现公布章贡区人民政府2020年政府信息公开工作年度报告'.
_NAMING_SENTENCE = re.compile(r"(?:现公布|现予公布|特公布|现发布)([\u4e00-\u9fff（）()·]{2,40}?)\s*\d{4}\s*年")
_STANDALONE_DATE = re.compile(
    r"(?:^|(?<=[\s。]))(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|" + CN_DATE.pattern + r")(?=\s|$)"
)
__all__ = ["AGENCY_TAGS", "DATE_TAGS", "TITLE_TAGS", "Metadata", "Title", "is_agency", "text_to_metadata"]


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    published: str | None
    # what was guessed, and what was looked for where a field stays None
    warnings: tuple[str, ...] = ()

    def to_json(self, template: str | None) -> dict[str, object]:
        return {
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "published": self.published,
            "template": template,
        }


def _crawler_title(head: str) -> Title | None:
    m = _TITLE_LINE.search(head)
    if not m:
        return None
    text = squash(m.group(1))
    origin = "the '标题:' line"
    core = find_core(text)
    if core is None:
        return Title(text, None, None, origin)
    found = title_from(text[: core.start], text, core, [], origin)
    return Title(text, found.agency if found else None, found.year if found else plausible_year(core.year), origin)


def head_lines(text: str, max_lines: int = HEAD_LINES, max_chars: int = HEAD_CHARS) -> list[str]:
    """The first non-empty lines of the stream, whitespace collapsed, cells as spaces."""
    out: list[str] = []
    for line in text[:max_chars].split("\n"):
        line = " ".join(line.replace(CELL, " ").split())
        if line:
            out.append(line)
        if len(out) >= max_lines:
            break
    return out


def _field_values(pattern: re.Pattern[str], head: str) -> Iterator[str]:
    """The values of a head field ('发布机构:…', '来源:…'), each cut where the next glued field starts."""
    for m in pattern.finditer(head):
        yield _NEXT_FIELD.split(m.group(1).strip(), maxsplit=1)[0]


def _publisher(head: str) -> str | None:
    return next((v for v in _field_values(_PUBLISHER, head) if v), None)


def _tag_agency(tags: tuple[MetaTag, ...]) -> str | None:
    for name in AGENCY_TAGS:
        for tag in tags:
            if tag.name == name and is_agency(squash(tag.content)):
                return squash(tag.content)
    return None


def _site_agency(tags: tuple[MetaTag, ...]) -> str | None:
    """An agency named as the site in the page <title> ('…年度报告_政务公开_上海市人民政府')."""
    for tag in tags:
        if tag.name == "title":
            parts = [squash(p) for p in TITLE_SPLIT.split(tag.content)]
            names = [p for p in parts if is_agency(p) and not find_core(p)]
            if names:
                return names[-1]
    return None


@dataclass(frozen=True)
class Signature:
    """The closing signature: the agency above the date, and the date."""

    agency: str | None
    published: str | None


def text_to_signature(text: str) -> Signature:
    """The last stand-alone date of the tail and the agency line just before it."""
    tail = text[-TAIL_CHARS:].replace(CELL, "\n")
    dates = list(_STANDALONE_DATE.finditer(tail))
    if not dates:
        # A signature whose date line is lost: a 150 dpi scan's near-empty last page gave the engine
        # '怀化市应急管理局' and not the small date under it (bench.scans, seed 1313 f010).  The
        # report's last line, standing alone, is the agency only if it is shaped like one.
        last = tail.rstrip().rsplit("\n", 1)[-1].strip()
        return Signature(last if is_agency(last) else None, None)
    m = dates[-1]
    published = text_to_iso(m.group(0))
    before = tail[: m.start()].rstrip().rsplit(None, 1)
    name = before[-1].rsplit("。", 1)[-1] if before else ""
    return Signature(name if is_agency(name) else None, published)


def _tag_published(tags: tuple[MetaTag, ...]) -> str | None:
    for name in DATE_TAGS:
        for tag in tags:
            if tag.name == name:
                found = text_to_iso(tag.content)
                if found:
                    return found
    return None


def _line_published(head: str) -> str | None:
    for m in _DATE_LINE.finditer(head):
        found = match_to_iso(m)
        if found:
            return found
    return None


def _source_field(head: str) -> str | None:
    return next((v for v in _field_values(_SOURCE_FIELD, head) if is_agency(v)), None)


def _naming_sentence(text: str) -> str | None:
    """The agency in the sentence that names the report ('现公布章贡区人民政府2020年…年度报告')."""
    m = _NAMING_SENTENCE.search(text[:CONVERTED_HEAD_CHARS])
    return m.group(1) if m and is_agency(m.group(1)) else None


def _naming_title(text: str) -> Title | None:
    """The report's name in the sentence that names it ('现公布开封市人民政府2024年政府信息公开工作年度报告。').

    Only where no title is printed: docling drops a page's <head>, and with it a title printed only in
    <title> (seed-4242 docling_html f006, f008); the body still names the report.
    """
    m = _NAMING_SENTENCE.search(text[:CONVERTED_HEAD_CHARS])
    if m is None or not is_agency(m.group(1)):
        return None
    rest = squash(text[m.start(1) : m.start(1) + NAMING_TITLE_CHARS])
    core = find_core(rest)
    if core is None or core.start != len(squash(m.group(1))):
        return None
    return Title(rest[: core.end], m.group(1), plausible_year(core.year), "the sentence naming the report")


def _evidence(head: str, text: str, tags: tuple[MetaTag, ...], signature: Signature) -> list[Evidence]:
    """Agency names read outside the title, in order of preference."""
    found = [
        (_publisher(head), "the 发布机构 line", True),
        (_tag_agency(tags), "the <meta> agency tag", True),
        (signature.agency, "the closing signature", True),
        (_source_field(head), "the 来源 field", False),
        (_naming_sentence(text), "the sentence naming the report", False),
    ]
    return [Evidence(name, origin, sure) for name, origin, sure in found if name and len(name) <= AGENCY_MAX_CHARS]


def _year(title: Title | None, text: str) -> tuple[int | None, list[str]]:
    m = _PERIOD.search(text)
    period = plausible_year(m.group(1)) if m else None
    if title is None or title.year is None:
        return period, []
    if period is not None and period != title.year:
        why = f"metadata.year: the title says {title.year}, the statistics period {period}; kept the title's"
        return title.year, [why]
    return title.year, []


def _first(*found: Iterable[str | None]) -> str | None:
    for values in found:
        for value in values:
            if value:
                return value
    return None


LOOKED_FOR = {
    "title": "a '标题:' line, a title over 1-3 head lines ending '…年(度)(政府)信息公开(工作)(年度)报告' "
    "(agency before or after the year), the page's <title>/<meta> tags, and the sentence naming the report",
    "agency": "the title, a '发布机构' line, a ContentSource/author <meta> tag, the closing signature, "
    "a 来源 field, the sentence naming the report, and the site name in <title>",
    "year": "the title's year and the statistics period ('统计期限自YYYY年')",
    "published": "a 发布时间/发布日期/日期/时间 line in the head, a PubDate-style <meta> tag, "
    "and the date under the closing signature",
}


def _title_candidates(head: str, text: str, tags: tuple[MetaTag, ...]) -> list[Title]:
    """Every title the document prints, in reading order: '标题:' line, head lines, tags."""
    early = len(head_lines(text))
    found = [_crawler_title(head), head_title(head_lines(text, CONVERTED_HEAD_LINES, CONVERTED_HEAD_CHARS), early)]
    return [t for t in found if t is not None] + tag_titles(tags)


def text_to_metadata(text: str, tags: tuple[MetaTag, ...] = ()) -> Metadata:
    """Metadata from the stream text and the document's tags; what the document does not state is None."""
    head = text[:HEAD_CHARS].replace(CELL, " ")
    signature = text_to_signature(text)
    evidence = _evidence(head, text, tags, signature)
    title, warnings = choose_title(_title_candidates(head, text, tags), evidence)
    if title is None:
        title = _naming_title(text)
        if title is not None:
            warnings.append(f"metadata.title: no title printed; '{title.text}' taken from {title.origin}")
    choice = choose_agency(title, evidence)
    agency = choice.agency
    warnings += choice.warnings
    if agency is None:
        agency = _site_agency(tags)
        if agency is not None:
            warnings.append(f"metadata.agency: guessed '{agency}' from the site name in the page <title>")
    published = _first([_line_published(head), _tag_published(tags), signature.published])
    year, year_warnings = _year(title, text)
    meta = Metadata(title.text if title else None, agency, year, published)
    warnings += year_warnings
    for name in ("title", "agency", "year", "published"):
        if getattr(meta, name) is None:
            warnings.append(f"metadata.{name}: not found; looked for {LOOKED_FOR[name]}")
    return Metadata(meta.title, meta.agency, meta.year, meta.published, tuple(warnings))
