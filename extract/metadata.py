"""Title, agency, reported year and publication date from the document head."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from docstruct.extract.tables.stream import CELL

# The head of a crawled page ('标题: …', '发布时间: 2024-03-08 15:34', r05) or
# of the seed ('发布时间:2021-01-27 10:59信息来源:…') sits in the first lines.
HEAD_CHARS = 4000
_TITLE_LINE = re.compile(r"(?:^|\n)\s*标题\s*:\s*([^\n]+)")
_TITLE = re.compile(r"([^\n\x1f。;:]{2,60}?\d{4}\s*年度?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告)")
_SUBJECT = re.compile(r"^(.*?)(?:关于)?(\d{4})\s*年度?\s*(?:政府)?信息公开")
_DATE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|发布于|日期)\s*:?\s*"
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2}))?"
)
_PERIOD = re.compile(r"统计期限自\s*(\d{4})\s*年")


# The Regulations on Open Government Information took effect in 2008; annual
# reports exist from then on (r19/r20 are 2013).  A year outside is a misread.
FIRST_YEAR = 2007
LAST_YEAR = 2100


def _plausible_year(digits: str) -> int | None:
    year = int(digits)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    published: str | None

    def to_json(self, template: str | None) -> dict[str, object]:
        return {
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "published": self.published,
            "template": template,
        }


def _title(head: str) -> str | None:
    m = _TITLE_LINE.search(head)
    if m:
        return " ".join(m.group(1).split())
    m = _TITLE.search(head)
    return " ".join(m.group(1).split()) if m else None


def _published(head: str) -> str | None:
    m = _DATE.search(head)
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    try:
        when = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0))
    except ValueError:  # '2020-13-45 99:99' is no date: say nothing rather than something wrong
        return None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        return None
    date = when.strftime("%Y-%m-%d")
    # r19/r20: crawled pages print '00:00' when the site kept only the date
    if not hh or (int(hh) == 0 and mm == "00"):
        return date
    return f"{date}T{int(hh):02d}:{mm}"


def text_to_metadata(text: str) -> Metadata:
    """Metadata from the stream text; what the document does not state is None."""
    head = text[:HEAD_CHARS].replace(CELL, " ")
    title = _title(head)
    agency = year = None
    if title:
        m = _SUBJECT.match(title)
        if m:
            agency = m.group(1).strip(" :") or None
            year = _plausible_year(m.group(2))
    if year is None:
        m = _PERIOD.search(text)
        year = _plausible_year(m.group(1)) if m else None
    return Metadata(title, agency, year, _published(head))
