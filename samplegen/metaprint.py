"""How a report prints its title, agency and dates (real-world-variations.md 'Titles, agencies and dates').

Real reports set the title over two or three lines (the agency on one,
``2024年政府信息公开工作年度报告`` on the next), drop ``工作``, write ``2023年度``;
name the agency only on a ``发布机构`` line, in a <meta> tag or in the closing
signature; and give the publication date only as a PubDate <meta> tag or as the
date under the signature.  The style is drawn from its own random stream
(``samplegen:meta:<seed>``) so the rest of a report stays as it was.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from samplegen.model import MetaPrint
from samplegen.names import CITIES, COUNTIES, DISTRICTS, Publication

# Share of generated reports that print their metadata the plain way (title
# on one line with the agency, date line under it), as before.
PLAIN_SHARE = 0.4
# Issue 17's shapes, drawn from a stream of their own so the draws above stay as they were:
# a year-first title ('2024年上海市科委政府信息公开工作年度报告', spaced '2024 年' in a PDF's text),
# the agency's place on a line of its own above the rest of its name, blank lines between title
# lines, a page <title> with the site's short name glued by a dash, and a date line with seconds.
YEAR_FIRST_SHARE = 0.3
PLACE_LINE_SHARE = 0.35
TITLE_GAP_SHARE = 0.35
PAGE_SUFFIX_SHARE = 0.4
SECONDS_SHARE = 0.35
_PLACES = tuple(sorted(CITIES + COUNTIES + DISTRICTS, key=len, reverse=True))
_CLOCK = re.compile(r"(\d{2}:\d{2})(?!:)")


@dataclass(frozen=True)
class DrawnMeta:
    """The title as printed, the truth publication date and how it all prints."""

    title: str
    published: str
    printed: MetaPrint
    variants: tuple[str, ...]


def _name(rng: random.Random, year: int, middle: str) -> tuple[str, str]:
    """The report's name ('2024年政府信息公开工作年度报告') and its variant."""
    if rng.random() < 0.35:
        return f"{year}{middle}政府信息公开年度报告", "title_without_gongzuo"
    return f"{year}{middle}政府信息公开工作年度报告", ""


def _title_lines(rng: random.Random, agency: str, name: str) -> tuple[tuple[str, ...], str]:
    """The title over one, two or three lines; agency '' when the title names none."""
    lines = rng.choice((1, 2, 2, 3))
    if lines == 1:
        return (agency + name,), ""
    if lines == 2 or not name.endswith("年度报告"):
        return ((agency, name) if agency else (name[:-4], "年度报告")), "title_2_lines"
    head = name[: -len("年度报告")]
    return ((agency, head, "年度报告") if agency else (head, "年度报告")), "title_3_lines"


def _iso_date(publication: Publication) -> tuple[str, str]:
    """The date only: ISO and as a signature prints it ('2025年1月15日')."""
    y, m, d = publication.iso[:10].split("-")
    return f"{y}-{m}-{d}", f"{y}年{int(m)}月{int(d)}日"


def draw_meta(
    seed: str, agency: str, year: int, publication: Publication, title: str, html: bool
) -> DrawnMeta:
    """The printing of a report's metadata, from its own stream of the seed."""
    rng = random.Random(f"samplegen:meta:{seed}")
    if rng.random() < PLAIN_SHARE:
        return DrawnMeta(title, publication.iso, MetaPrint((title,), (publication.line,)), ())
    middle = "年度" if rng.random() < 0.4 else "年"
    name, wording = _name(rng, year, middle)
    places = ["title", "title", "publisher_line", "signature"] + (["meta_tag"] * 2 if html else [])
    agency_at = rng.choice(places)
    dates = ["line", "line", "signature"] + (["meta_tag"] * 2 if html else [])
    date_at = rng.choice(dates)
    lines, layout = _title_lines(rng, agency if agency_at == "title" else "", name)
    iso_date, signed_date = _iso_date(publication)
    head: tuple[str, ...] = (publication.line,) if date_at == "line" else ()
    if agency_at == "publisher_line":
        head += (f"发布机构：{agency}",)
    sign_agency = agency_at == "signature" or (agency_at != "publisher_line" and rng.random() < 0.5)
    signature = ((agency,) if sign_agency else ()) + ((signed_date,) if date_at == "signature" or sign_agency else ())
    tags: tuple[tuple[str, str], ...] = ()
    if agency_at == "meta_tag":
        tags += (("ContentSource", agency),)
    if date_at == "meta_tag":
        tags += (("PubDate", publication.iso.replace("T", " ")),)
    published = {"line": publication.iso, "meta_tag": publication.iso, "signature": iso_date}[date_at]
    variants = [v for v in (wording, layout) if v] + [f"agency_in_{agency_at}", f"date_in_{date_at}"]
    if middle == "年度":
        variants.append("title_niandu")
    drawn = DrawnMeta("".join(lines), published, MetaPrint(lines, head, signature, tags), tuple(variants))
    shapes = random.Random(f"samplegen:meta-shapes:{seed}")
    if agency_at == "title":
        drawn = _title_shapes(shapes, drawn, agency, f"{year}{middle}", name)
    drawn = _print_shapes(shapes, drawn, agency, html)
    return _with_seconds(shapes, drawn) if date_at == "line" else drawn


def _title_shapes(rng: random.Random, drawn: DrawnMeta, agency: str, year_part: str, name: str) -> DrawnMeta:
    """A year-first title, or the agency's place on a line of its own (agency printed in the title)."""
    if rng.random() < YEAR_FIRST_SHARE:
        year = year_part[:4]
        rest = name[len(year_part) :]
        spaced = rng.random() < 0.5
        first = f"{year} 年{agency}" if spaced else f"{year}年{agency}"
        one_line = rng.random() < 0.4 or not rest.endswith("年度报告")
        lines: tuple[str, ...] = (first + rest,) if one_line else (first + rest[:-4], "年度报告")
        printed = replace(drawn.printed, title_lines=lines)
        return DrawnMeta(f"{year}年{agency}{rest}", drawn.published, printed, (*drawn.variants, "title_year_first"))
    place = next((p for p in _PLACES if agency.startswith(p) and len(agency) > len(p) + 1), None)
    if place is None or rng.random() >= PLACE_LINE_SHARE:
        return drawn
    printed = replace(drawn.printed, title_lines=(place, agency[len(place) :], name))
    return DrawnMeta(drawn.title, drawn.published, printed, (*drawn.variants, "title_place_line"))


def _print_shapes(rng: random.Random, drawn: DrawnMeta, agency: str, html: bool) -> DrawnMeta:
    """Blank lines between the title's lines; a page <title> with the site's short name."""
    printed, variants = drawn.printed, drawn.variants
    if len(printed.title_lines) > 1 and rng.random() < TITLE_GAP_SHARE:
        printed, variants = replace(printed, title_gap=True), (*variants, "title_blank_lines")
    if html and rng.random() < PAGE_SUFFIX_SHARE:
        site = _short_name(agency)
        printed, variants = replace(printed, page_title=f"{drawn.title}-{site}"), (*variants, "page_title_suffix")
    return DrawnMeta(drawn.title, drawn.published, printed, variants)


def _short_name(agency: str) -> str:
    """How a site names itself: '沭阳县发展和改革局' -> '沭阳县发改局' style, the place and a short body."""
    place = next((p for p in _PLACES if agency.startswith(p)), "")
    body = agency[len(place) :]
    return place + (body[:2] + body[-1] if len(body) > 4 else body)


def _with_seconds(rng: random.Random, drawn: DrawnMeta) -> DrawnMeta:
    """A date line that prints seconds ('发布时间：2021-01-04 08:47:57'); the truth keeps them."""
    head = drawn.printed.head
    if not head or not _CLOCK.search(head[0]) or "T" not in drawn.published or rng.random() >= SECONDS_SHARE:
        return drawn
    seconds = f"{rng.randint(1, 59):02d}"
    line = _CLOCK.sub(lambda m: f"{m.group(1)}:{seconds}", head[0], count=1)
    printed = replace(drawn.printed, head=(line, *head[1:]))
    return DrawnMeta(drawn.title, f"{drawn.published}:{seconds}", printed, (*drawn.variants, "date_seconds"))
