"""Read an HTML report page: decode, parse, select the content, walk it, normalise.

Stages (each in its own module):

1. html_decode: BOM, then the declared charset (meta / XML declaration),
   then detection; a wrong declaration is a warning.  lxml.html parses the
   text (comments dropped, libxml2's depth limit turned into LimitExceeded).
2. html_select: the article container and the report content beside it;
   scripts, styles, nav/header/footer/aside/form and chrome-named elements
   are dropped unless they hold the report (html_rules).
3. html_walk / html_grid: block elements become lines, each non-layout
   <table> a Grid with its spans, in reading order, with element paths.
4. here: one normalize_text call for every line and cell, site-chrome lines
   dropped (当前位置：…, 微信 微博 QQ空间, 打印本页 …), and the <title> as the
   first line when the page body does not print it.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from typing import Any

from docstruct.extract.errors import LimitExceeded, UnreadableInput
from docstruct.extract.model import (
    AGENCY_TAGS,
    DATE_TAGS,
    TITLE_TAGS,
    Block,
    Document,
    Line,
    MetaTag,
    Source,
    SourceInfo,
)
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.blocks import normalize_raw
from docstruct.extract.readers.html.decode import DecodedHtml, decode_html, parse_html
from docstruct.extract.readers.html.layout import LayoutTables
from docstruct.extract.readers.html.rules import TITLE_RE, element_path
from docstruct.extract.readers.html.select import select_content
from docstruct.extract.readers.html.walk import BlockWalker, RawBlock, RawLine, WalkLimits
from docstruct.normalize import Step, normalize_text

# metadata.py looks for the title in the first HEAD_CHARS of the stream; the
# <title> is emitted when the body does not print it that early.
HEAD_CHARS = 4000
TITLE_PATH = "head/title"
# A title line may carry a short label beside the title (r05: "标题: …").
TITLE_SLACK = 6
# Page titles append the site: '…年度报告_政务公开_上海市人民政府', '… - 平潭综合实验区'.
_TITLE_SPLIT_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]+\s|——|--)\s*")
# Site chrome printed as text (real-world-variations.md 'site chrome in crawled
# text'; r08's breadcrumb): a breadcrumb line, or a line made only of share,
# print and font-size controls.
_BREADCRUMB_RE = re.compile(r"^\s*(?:(?:您|你)?(?:当前|现在|所在|当前所在)?的?(?:位置|路径)\s*[:：]|首页\s*[>›»/])")
_CONTROL_WORDS_RE = re.compile(
    r"^(?:分享到|分享|微信|朋友圈|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|人人网|豆瓣|扫一扫|"
    r"附件下载|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回|收藏本页|收藏|"
    r"字号|字体|大|中|小|默认|视力保护色|复制链接)+$"
)
# First characters of the control words, a cheap test before the regexes.
_CONTROL_FIRST = frozenset("分微朋新腾Q人豆扫附打关返收字大中小默视复")
# Share and print bars are short; a longer line is report text.
CHROME_LINE_MAX_CHARS = 60
_CONTROL_SEPARATORS_RE = re.compile(r"[\s【】\[\]()（）<>《》|｜/:：,，、·•]+")


def is_chrome_line(text: str) -> bool:
    """A line that is site chrome, not report text."""
    if _BREADCRUMB_RE.match(text):
        return True
    if len(text) > CHROME_LINE_MAX_CHARS or text.lstrip("【[(（ ")[:1] not in _CONTROL_FIRST:
        return False
    bare = _CONTROL_SEPARATORS_RE.sub("", text)
    # One character ('中', '小') is too little to call a line chrome.
    return len(bare) >= 2 and _CONTROL_WORDS_RE.match(bare) is not None


def page_title(root: Any) -> str:
    """The part of the page's <title> that names the report, or ''."""
    title = root.findtext("head/title") or root.findtext(".//title") or ""
    for part in _TITLE_SPLIT_RE.split(" ".join(title.split())):
        if TITLE_RE.search(part):
            return part
    return ""


# The <meta> names that say what metadata.py needs: CMS pages of Chinese
# government sites print PubDate / ContentSource / ArticleTitle (the 政府网站
# meta set); others use Dublin Core or Open Graph names.
META_NAMES = frozenset(DATE_TAGS + AGENCY_TAGS + TITLE_TAGS) - {"title"}  # <title> is read apart
# A meta value longer than this is no date, name or title.
META_MAX_CHARS = 200


def meta_tags(root: Any) -> list[MetaTag]:
    """The page's <title> (whole) and its metadata <meta> tags, raw text, in page order."""
    out: list[MetaTag] = []
    title = " ".join((root.findtext("head/title") or root.findtext(".//title") or "").split())
    if title:
        out.append(MetaTag("title", title[:META_MAX_CHARS], Source(path=TITLE_PATH)))
    for i, el in enumerate(root.iter("meta")):
        name = str(el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = " ".join(str(el.get("content") or "").split())
        if name in META_NAMES and content:
            out.append(MetaTag(name, content[:META_MAX_CHARS], Source(path=f"head/meta[{i}]")))
    return out


def normalize_tags(tags: list[MetaTag]) -> tuple[MetaTag, ...]:
    """The tags with normalised content (one call; kept out of the record's step counts)."""
    if not tags:
        return ()
    clean = normalize_text("\n".join(t.content.replace("\n", " ") for t in tags)).text.split("\n")
    if len(clean) != len(tags):
        clean = [normalize_text(t.content).text for t in tags]
    return tuple(MetaTag(t.name, " ".join(c.split()), t.source) for t, c in zip(tags, clean, strict=True))


def _drop_chrome(blocks: list[Block]) -> tuple[list[Block], int]:
    """The blocks without site-chrome lines, and how many were dropped."""
    kept = [b for b in blocks if b.line is None or not (b.line.text and is_chrome_line(b.line.text))]
    return kept, len(blocks) - len(kept)


def _prints_title(blocks: list[Block], title: str) -> bool:
    """Whether a line in the head of the body prints the title as a line of its own.

    A sentence that merely names the report ('…现公布某局2019年政府信息公开工作年度报告')
    does not count: metadata.py would take the whole sentence as the title.
    """
    want = "".join(title.split())
    size = 0
    for block in blocks:
        if size > HEAD_CHARS:
            break
        if block.line is None:
            continue
        line = "".join(block.line.text.split())
        size += len(line)
        if want in line and len(line) <= len(want) + TITLE_SLACK:
            return True
    return False


@dataclass(frozen=True)
class _Walked:
    """What the stages before normalisation give: the page title, raw blocks, decoding."""

    title: str
    blocks: list[RawBlock]
    warnings: tuple[str, ...]
    decoded: DecodedHtml
    tags: list[MetaTag]


def _walk(data: bytes, options: ReadOptions, started: float) -> _Walked:
    """Decode, parse, select the content and walk it into raw blocks."""
    decoded = decode_html(data)
    root = parse_html(decoded.text)
    body = root.find("body")
    if body is None:
        body = root
    layout = LayoutTables()  # selection and walk ask of one table whether it is layout: answered once
    selection = select_content(body, options.max_depth, layout)
    limits = WalkLimits(options.max_depth, started + options.max_seconds, options.max_seconds)
    walker = BlockWalker(selection.page_weight, limits, layout)
    for el in selection.roots:
        walker.walk(el, element_path(el))
    warnings = decoded.warnings + tuple(walker.warnings)
    return _Walked(page_title(root), walker.blocks, warnings, decoded, meta_tags(root))


def _has_text(blocks: list[Block]) -> bool:
    return any(b.grid is not None or (b.line is not None and b.line.text) for b in blocks)


def read_html(data: bytes, options: ReadOptions) -> Document:
    """Read an HTML page into a Document of lines and native grids."""
    started = time.perf_counter()
    if len(data) > options.max_bytes:
        raise LimitExceeded(f"html: file is {len(data)} bytes, over the limit of {options.max_bytes}")
    walked = _walk(data, options, started)
    # the title line first, then the page's lines and grids: one normalisation for all
    clean, steps = normalize_raw([RawLine(walked.title, TITLE_PATH), *walked.blocks], "html <table>")
    title_line = clean[0].line
    title = title_line.text if title_line is not None else ""
    blocks, dropped = _drop_chrome(clean[1:])
    if not title and not _has_text(blocks):
        raise UnreadableInput("html: the page holds no text")
    if title and not _prints_title(blocks, title):
        blocks.insert(0, Block(line=Line(title, Source(path=TITLE_PATH))))
    info = SourceInfo(
        path=options.path,
        sha256=hashlib.sha256(data).hexdigest(),
        format="html",
        bytes=len(data),
        encoding=walked.decoded.encoding,
    )
    all_steps = walked.decoded.steps + steps
    if dropped:
        all_steps += (Step("site_chrome_removed", dropped, "breadcrumb, share and print lines"),)
    return Document(
        blocks=tuple(blocks),
        info=info,
        steps=all_steps,
        warnings=walked.warnings,
        meta_tags=normalize_tags(walked.tags),
    )
