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
from dataclasses import dataclass

from samplegen.model import MetaPrint
from samplegen.names import Publication

# Share of generated reports that print their metadata the plain way (title
# on one line with the agency, date line under it), as before.
PLAIN_SHARE = 0.4


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
    return DrawnMeta("".join(lines), published, MetaPrint(lines, head, signature, tags), tuple(variants))
