"""The report's title as candidates: head lines, a '标题:' line, <title> and <meta> tags.

real-world-variations.md 'Titles, agencies and dates': a title is set over one
to three lines, sometimes with blank lines between them (``昌南县`` / ``城市管理
综合执法局`` / ``2019年…年度报告``); some agencies put the year first
(``2024年上海市科委政府信息公开工作年度报告``) and a PDF's text layer adds spaces
around the number (``2024 年``); a page's <title> adds the site's name
(``…年度报告-沭阳县发改局``).  Each place that prints a title gives a candidate,
parsed in both orders; metadata.py chooses among them and says so when they
disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docstruct.extract.metadata_dates import plausible_year
from docstruct.extract.model import TITLE_TAGS, MetaTag

# A title's continuation line ('年度报告') and an agency line are short; a
# longer line is a sentence of the body.
TITLE_LINE_MAX_CHARS = 40
AGENCY_MAX_CHARS = 40
# A title is set over at most three lines (real-world-variations.md).
TITLE_WINDOW = 3

# each optional part carries its own leading \s*: '\s*X?\s*' backtracks quadratically on a long
# blank run, '(?:\s*X)?\s*' matches the same text in linear time (issue 18's fuzzing)
_REPORT = r"(?:\s*政府)?\s*信息\s*公开(?:\s*工\s*作)?(?:\s*年\s*度)?\s*报\s*告"
# The report's name, agency first: '2024年政府信息公开工作年度报告', '2023年度…', '2013年信息公开年度报告'.
_CORE = re.compile(r"(\d{4})\s*年(?:\s*度)?" + _REPORT)
# Year first (Shanghai's agencies: '2024年上海市科委政府信息公开工作年度报告'): the agency sits
# between the year and the report's name.
_YEAR_FIRST = re.compile(r"(\d{4})\s*年(?:\s*度)?\s*([\u4e00-\u9fff（）()·]{2,40}?)" + _REPORT)
# Where a title printed inside a longer line starts: after a breadcrumb, a label, a space.
_LEFT_CUT = re.compile(r".*[\s>›»|｜:：】\]]")
# Words and marks of a sentence that names the report ('现公布某局2019年…年度报告。').
_SENTENCE = re.compile(r"[,，。;；、《》“”()（）]|公布|根据|按照|编制|印发|现将")
# An agency name: CJK only, ending the way agencies are named.
_AGENCY = re.compile(
    r"^[\u4e00-\u9fff（）()·]{2,40}?"
    r"(?:政府|局|委员会|委|办公室|办|办事处|厅|院|中心|部|署|会|所|站|队|处|馆|公司|街道|镇|乡|区|县|市|组)$"
)
# A bare place name ('昌南县', '淮安市洪泽区'): a line of its own above the rest of an agency's
# name in a title set over three lines (issue 17, shape 2).
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区|镇|乡|街道)$")
# A list item: a page's '相关阅读' links to other years' reports ('* 兰考县财政局2018年…'), never its title.
_LIST_ITEM = re.compile(r"^\s*(?:[*+•·]|-(?!\d))\s")
# Breadcrumb, column and control words: text before a title that holds them is site chrome.
NOT_AGENCY = re.compile(r"首页|位置|年报|栏目|公开|打印|关闭|分享|附件|报告|正文|当前")
# Separators between a page <title>'s parts: '…年度报告_政务公开_上海市人民政府', '… - 平潭综合实验区'.
TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-–—]+\s|——|--)\s*")
# A site's name glued behind the report's name with a bare dash ('…年度报告-沭阳县发改局').
_SITE_SUFFIX = re.compile(r"\s*[-–—·_|｜]+\s*[\u4e00-\u9fffA-Za-z0-9（）()]{2,30}\s*")


@dataclass(frozen=True)
class Title:
    """A title found in the document: its text, the agency it names, its year, where it was read."""

    text: str
    agency: str | None
    year: int | None
    origin: str = "the head lines"
    # a site name cut from the end of a page <title> ('-沭阳县发改局'), or ''
    suffix: str = ""


def is_agency(text: str) -> bool:
    """Whether a short text reads as an agency's name."""
    return len(text) <= AGENCY_MAX_CHARS and bool(_AGENCY.match(text)) and not NOT_AGENCY.search(text)


def squash(text: str) -> str:
    """The text without any whitespace: a title set over lines or spaced by a crawler is one word."""
    return "".join(text.split())


@dataclass(frozen=True)
class Core:
    """The report's name found in a text: where it is, its year, and the agency inside it (year first)."""

    start: int
    end: int
    year: str
    inner_agency: str | None


def find_core(text: str) -> Core | None:
    """The first report name in the text, agency-first or year-first."""
    m = _CORE.search(text)
    if m is not None:
        return Core(m.start(), m.end(), m.group(1), None)
    for y in _YEAR_FIRST.finditer(text):
        agency = _year_first_agency(squash(y.group(2)))
        if agency:
            return Core(y.start(), y.end(), y.group(1), agency)
    return None


def _year_first_agency(span: str) -> str | None:
    """The agency between the year and '政府信息公开': '上海市科委'; '上海市人民' + '政府' is '上海市人民政府'."""
    if is_agency(span):
        return span
    if is_agency(span + "政府"):
        return span + "政府"
    return None


def title_from(prefix: str, text: str, core: Core, before: list[str], origin: str) -> Title | None:
    """A Title from the text before the year, the name itself and the agency lines above it."""
    name = squash(text[core.start : core.end])
    if core.inner_agency is not None:
        return Title(name, core.inner_agency, plausible_year(core.year), origin)
    left = _with_place(prefix, _LEFT_CUT.sub("", prefix.rstrip()))
    if _SENTENCE.search(left):
        return None
    if NOT_AGENCY.search(left):
        left = ""  # a breadcrumb or column name before the title ('…政府信息公开年报 2019年…')
    agency = squash("".join(before) + left).strip(":：")
    text_out = agency + name
    if agency.endswith("关于"):
        agency = agency[: -len("关于")]
    return Title(text_out, agency or None, plausible_year(core.year), origin)


def _with_place(prefix: str, left: str) -> str:
    """The agency before the year with its place when a crawler joined the title's lines with spaces.

    A title over three lines joined by a crawler ('…年报 洛阳市 体育局 2024年度…') is cut at the
    last space; the bare place name before it is the start of the agency's name.
    """
    tokens = prefix.split()
    if left and len(tokens) >= 2 and tokens[-1] == left and _PLACE.match(tokens[-2]):
        joined = tokens[-2] + left
        if is_agency(joined):
            return joined
    return left


def agency_lines(lines: list[str], i: int) -> list[str]:
    """The agency line right above line i, or two lines when its name is set over two.

    A bare place name two lines up ('昌南县' above '城市管理综合执法局') is the start of the
    agency's name, not a line of its own: taking only the line above would cut the name.
    Spaces inside a line do not count: pymupdf4llm keeps a PDF's spaced heading '# 三台县 人民政府'
    (seed 8484 f004), and title_from squashes the lines it takes.
    """
    sq = [squash(line) for line in lines[max(0, i - 2) : i]]
    if i >= 2 and _PLACE.match(sq[0]) and is_agency(sq[0] + sq[1]):
        return [lines[i - 2], lines[i - 1]]
    if i >= 1 and is_agency(sq[-1]):
        return [lines[i - 1]]
    if i >= 2 and is_agency(sq[0] + sq[1]):
        return [lines[i - 2], lines[i - 1]]
    return []


def _wrapped(line: str) -> bool:
    """Whether a line is a long run of body text that goes on into the next line."""
    return len(line) > TITLE_LINE_MAX_CHARS and "\u4e00" <= line[-1] <= "\u9fff"


def window_title(lines: list[str], i: int) -> Title | None:
    """The title that starts on line i and ends on line i, i+1 or i+2, if any."""
    if _LIST_ITEM.match(lines[i]):
        return None
    for k in range(1, TITLE_WINDOW + 1):
        window = lines[i : i + k]
        if len(window) < k or any(len(w) > TITLE_LINE_MAX_CHARS for w in window[1:]):
            return None
        text = "".join(window)
        core = find_core(text)
        if core is None:
            continue
        if core.start >= len(window[0]) or (k > 1 and core.end <= len(text) - len(window[-1])):
            return None  # the name starts on a later line: that window is tried on its own
        if text[core.end : core.end + 1].strip():
            return None  # the name runs on into a sentence ('…年度报告。如对本报告…')
        prefix = text[: core.start]
        if prefix.strip() and i > 0 and _wrapped(lines[i - 1]):
            return None  # a sentence wrapped onto this line (PDF: '…现公布岳阳市城' / '市管理局2024年…')
        before = agency_lines(lines, i) if not prefix.strip() and core.inner_agency is None else []
        return title_from(prefix, text, core, before, "the head lines")
    return None


def head_title(lines: list[str], first: int) -> Title | None:
    """The first title set as lines of its own.

    Among the first ``first`` lines, one that names its agency is preferred (a PDF prints the
    title first; a page prints breadcrumb and share bar before it).  Beyond them, the first
    title found: a page converted to markdown prints its title after some 80 lines of site
    navigation (issue 12, item 5).
    """
    early = [t for t in (window_title(lines, i) for i in range(min(first, len(lines)))) if t is not None]
    if early:
        # the same report named with its agency ('某局' + '2019年…'); a title of another year is no rival
        named = [t for t in early if t.agency and t.year == early[0].year and t.text.endswith(early[0].text)]
        return (named or early)[0]
    for i in range(first, len(lines)):
        title = window_title(lines, i)
        if title is not None:
            return title
    return None


def tag_titles(tags: tuple[MetaTag, ...]) -> list[Title]:
    """Titles from <meta> title tags and the part of <title> that names the report, site suffix cut."""
    out: list[Title] = []
    for name in TITLE_TAGS:
        for tag in tags:
            if tag.name != name:
                continue
            origin = "the page <title>" if name == "title" else f"the <meta> tag {name}"
            for part in TITLE_SPLIT.split(tag.content):
                title = _part_title(part, origin)
                if title:
                    out.append(title)
                    break
    return out


def _part_title(part: str, origin: str) -> Title | None:
    core = find_core(part)
    if core is None:
        return None
    rest = part[core.end :]
    suffix = ""
    if rest.strip():
        if not _SITE_SUFFIX.fullmatch(rest):
            return None
        suffix = rest.strip()
    title = title_from(part[: core.start], part, core, [], origin)
    if title is None:
        return None
    return Title(title.text, title.agency, title.year, origin, suffix)
