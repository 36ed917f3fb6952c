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
from collections.abc import Iterable
from dataclasses import dataclass

from docstruct.extract.metadata_dates import (
    CN_DATE,
    DATE,
    match_to_iso,
    plausible_year,
    text_to_iso,
)
from docstruct.extract.model import MetaTag
from docstruct.extract.stream import CELL

# The head of a crawled page ('标题: …', '发布时间: 2024-03-08 15:34', r05) or
# of the seed ('发布时间:2021-01-27 10:59信息来源:…') sits in the first lines.
HEAD_CHARS = 4000
# The title is among the first lines: r20 prints breadcrumb, share bar and
# the title before the body; PDFs print the title first.
HEAD_LINES = 24
# A title is set over at most three lines (real-world-variations.md).
TITLE_WINDOW = 3
# A title's continuation line ('年度报告') and an agency line are short; a
# longer line is a sentence of the body.
TITLE_LINE_MAX_CHARS = 40
AGENCY_MAX_CHARS = 40
# The closing signature and its date sit in the last characters (after them
# at most a share bar: r17 ends '附件下载').
TAIL_CHARS = 600

_TITLE_LINE = re.compile(r"(?:^|\n)\s*标题\s*[:：][ \t]*([^\n]+)")
# The report's name: '2024年政府信息公开工作年度报告', '2023年度…', '2013年信息公开年度报告'.
# each optional part carries its own leading \s*: two adjacent \s* around an optional part backtrack
# quadratically on a long blank run (bench.fuzz)
_CORE = re.compile(r"(\d{4})\s*年(?:\s*度)?(?:\s*政府)?\s*信息\s*公开(?:\s*工\s*作)?(?:\s*年\s*度)?\s*报\s*告")
# Where a title printed inside a longer line starts: after a breadcrumb, a label, a space.
_LEFT_CUT = re.compile(r".*[\s>›»|｜:：】\]]")
# Words and marks of a sentence that names the report ('现公布某局2019年…年度报告。').
_SENTENCE = re.compile(r"[,，。;；、《》“”()（）]|公布|根据|按照|编制|印发|现将")
_PUBLISHER = re.compile(r"(?:发布机构|发布单位|发文机关|发布部门)\s*[:：][ \t]*([^\n\x1f]*)")
# Head fields glued behind the publisher ('发布机构:某局发布日期:…').
_NEXT_FIELD = re.compile(r"(?:发布时间|发布日期|成文日期|信息来源|来源|文号|索引号|栏目|主题分类|日期|时间)\s*[:：]|\s")
_DATE_LINE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|发布于|(?<![\u4e00-\u9fff])日期|(?<![\u4e00-\u9fff])时间)(?:\s*[:：])?\s*"
    + DATE.pattern
)
_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间)(?:\s*(?:自|为|从|是))?\s*(\d{4})\s*年")
# An agency name: CJK only, ending the way agencies are named.
_AGENCY = re.compile(
    r"^[\u4e00-\u9fff（）()·]{2,40}?"
    r"(?:政府|局|委员会|委|办公室|办|办事处|厅|院|中心|部|署|会|所|站|队|处|馆|公司|街道|镇|乡|区|县|市|组)$"
)
# Breadcrumb, column and control words: text before a title that holds them is site chrome.
_NOT_AGENCY = re.compile(r"首页|位置|年报|栏目|公开|打印|关闭|分享|附件|报告|正文|当前")
_STANDALONE_DATE = re.compile(
    r"(?:^|(?<=[\s。]))(?:(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|" + CN_DATE.pattern + r")(?=\s|$)"
)
# The <meta> names read for each field, in order of preference (the HTML reader keeps these).
AGENCY_TAGS = ("contentsource", "source", "dc.publisher", "dc.creator", "author")
TITLE_TAGS = ("articletitle", "og:title", "dc.title", "title")
DATE_TAGS = (
    "pubdate", "publishdate", "pubtime", "publishtime", "firstpublishedtime", "releasedate",
    "article:published_time", "dc.date", "dc.date.created", "dcterms.created",
)  # fmt: skip
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-–—]+\s|——|--)\s*")


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


@dataclass(frozen=True)
class Title:
    """A title found in the text: its text, the agency part before the year, the year."""

    text: str
    agency: str | None
    year: int | None


def is_agency(text: str) -> bool:
    """Whether a short text reads as an agency's name."""
    return len(text) <= AGENCY_MAX_CHARS and bool(_AGENCY.match(text)) and not _NOT_AGENCY.search(text)


def _squash(text: str) -> str:
    return "".join(text.split())


def _title_from(prefix: str, core: str, before: list[str]) -> Title | None:
    """A Title from the text before the year, the name itself and the agency lines above it."""
    m = _CORE.match(core)
    if m is None:
        return None
    left = _LEFT_CUT.sub("", prefix.rstrip())
    if _SENTENCE.search(left):
        return None
    if _NOT_AGENCY.search(left):
        left = ""  # a breadcrumb or column name before the title ('…政府信息公开年报 2019年…')
    # a title set over lines or spaced by a crawler reads as one word
    agency = _squash("".join(before) + left).strip(":：")
    name = agency + _squash(core)
    if agency.endswith("关于"):
        agency = agency[: -len("关于")]
    return Title(name, agency or None, plausible_year(m.group(1)))


def _agency_lines(lines: list[str], i: int) -> list[str]:
    """The agency line right above line i, or two lines when its name wraps."""
    if i >= 1 and is_agency(lines[i - 1]):
        return [lines[i - 1]]
    if i >= 2 and is_agency(lines[i - 2] + lines[i - 1]):
        return [lines[i - 2], lines[i - 1]]
    return []


def _wrapped(line: str) -> bool:
    """Whether a line is a long run of body text that goes on into the next line."""
    return len(line) > TITLE_LINE_MAX_CHARS and "\u4e00" <= line[-1] <= "\u9fff"


def _window_title(lines: list[str], i: int) -> Title | None:
    """The title that starts on line i and ends on line i, i+1 or i+2, if any."""
    for k in range(1, TITLE_WINDOW + 1):
        window = lines[i : i + k]
        if len(window) < k or any(len(w) > TITLE_LINE_MAX_CHARS for w in window[1:]):
            return None
        text = "".join(window)
        m = _CORE.search(text)
        if m is None:
            continue
        if m.start() >= len(window[0]) or (k > 1 and m.end() <= len(text) - len(window[-1])):
            return None  # the name starts on a later line: that window is tried on its own
        if text[m.end() : m.end() + 1].strip():
            return None  # the name runs on into a sentence ('…年度报告。如对本报告…')
        prefix = text[: m.start()]
        if prefix.strip() and i > 0 and _wrapped(lines[i - 1]):
            return None  # a sentence wrapped onto this line (PDF: '…现公布岳阳市城' / '市管理局2024年…')
        before = _agency_lines(lines, i) if not prefix.strip() else []
        return _title_from(prefix, m.group(0), before)
    return None


def head_lines(text: str) -> list[str]:
    """The first non-empty lines of the stream, whitespace collapsed, cells as spaces."""
    out: list[str] = []
    for line in text[:HEAD_CHARS].split("\n"):
        line = " ".join(line.replace(CELL, " ").split())
        if line:
            out.append(line)
        if len(out) >= HEAD_LINES:
            break
    return out


def _head_title(lines: list[str]) -> Title | None:
    """The first title set as lines of its own, preferring one that names its agency."""
    found = [t for t in (_window_title(lines, i) for i in range(len(lines))) if t is not None]
    with_agency = [t for t in found if t.agency]
    best = with_agency or found
    return best[0] if best else None


def _tag_title(tags: tuple[MetaTag, ...]) -> Title | None:
    """The title from <meta> title tags or the part of <title> that names the report."""
    for name in TITLE_TAGS:
        for tag in tags:
            if tag.name != name:
                continue
            for part in _TITLE_SPLIT.split(tag.content):
                m = _CORE.search(part)
                if m and not part[m.end() :].strip():
                    title = _title_from(part[: m.start()], m.group(0), [])
                    if title:
                        return title
    return None


def _crawler_title(head: str) -> Title | None:
    m = _TITLE_LINE.search(head)
    if not m:
        return None
    text = _squash(m.group(1))
    core = _CORE.search(text)
    if core is None:
        return Title(text, None, None)
    found = _title_from(text[: core.start()], core.group(0), [])
    return Title(text, found.agency if found else None, found.year if found else plausible_year(core.group(1)))


def _publisher(head: str) -> str | None:
    for m in _PUBLISHER.finditer(head):
        value = _NEXT_FIELD.split(m.group(1).strip(), maxsplit=1)[0]
        if value:
            return value
    return None


def _tag_agency(tags: tuple[MetaTag, ...]) -> str | None:
    for name in AGENCY_TAGS:
        for tag in tags:
            if tag.name == name and is_agency(_squash(tag.content)):
                return _squash(tag.content)
    return None


def _site_agency(tags: tuple[MetaTag, ...]) -> str | None:
    """An agency named as the site in the page <title> ('…年度报告_政务公开_上海市人民政府')."""
    for tag in tags:
        if tag.name == "title":
            parts = [_squash(p) for p in _TITLE_SPLIT.split(tag.content)]
            names = [p for p in parts if is_agency(p) and not _CORE.search(p)]
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
        return Signature(None, None)
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


def _year(title: Title | None, text: str) -> int | None:
    if title is not None and title.year is not None:
        return title.year
    m = _PERIOD.search(text)
    return plausible_year(m.group(1)) if m else None


def _first(*found: Iterable[str | None]) -> str | None:
    for values in found:
        for value in values:
            if value:
                return value
    return None


LOOKED_FOR = {
    "title": "a '标题:' line, a title over 1-3 head lines ending '…年(度)(政府)信息公开(工作)(年度)报告', "
    "and the page's <title>/<meta> tags",
    "agency": "the title before its year, a '发布机构' line, a ContentSource/author <meta> tag, "
    "the closing signature, and the site name in <title>",
    "year": "the title's year and the statistics period ('统计期限自YYYY年')",
    "published": "a 发布时间/发布日期/日期/时间 line in the head, a PubDate-style <meta> tag, "
    "and the date under the closing signature",
}


def text_to_metadata(text: str, tags: tuple[MetaTag, ...] = ()) -> Metadata:
    """Metadata from the stream text and the document's tags; what the document does not state is None."""
    head = text[:HEAD_CHARS].replace(CELL, " ")
    title = _crawler_title(head) or _head_title(head_lines(text)) or _tag_title(tags)
    signature = text_to_signature(text)
    warnings: list[str] = []
    agency = _first(
        [title.agency if title else None, _publisher(head), _tag_agency(tags), signature.agency]
    )
    if agency is None:
        agency = _site_agency(tags)
        if agency is not None:
            warnings.append(f"metadata.agency: guessed '{agency}' from the site name in the page <title>")
    published = _first([_line_published(head), _tag_published(tags), signature.published])
    meta = Metadata(title.text if title else None, agency, _year(title, text), published)
    for name in ("title", "agency", "year", "published"):
        if getattr(meta, name) is None:
            warnings.append(f"metadata.{name}: not found; looked for {LOOKED_FOR[name]}")
    return Metadata(meta.title, meta.agency, meta.year, meta.published, tuple(warnings))
