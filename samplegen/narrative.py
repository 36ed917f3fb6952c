"""Narrative text of the six sections, drawn from phrase pools.

Besides filler, the overview can state table 二 numbers in words ("现行有效
行政规范性文件698件，本年度制发行政规范性文件88件"), which is how real glued
reports let a reader settle table 二's otherwise ambiguous digit strings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from samplegen import labels
from samplegen.model import StatedValue, Value
from samplegen.numbers import Figures, Grid


@dataclass(frozen=True)
class Voice:
    """Who speaks and when: fills the {self}/{year}/{next} slots."""

    agency: str
    self_ref: str
    year: int

    def fill(self, text: str, **extra: object) -> str:
        """Format a pool phrase."""
        return text.format(self=self.self_ref, agency=self.agency, year=self.year, next=self.year + 1, **extra)


INTROS = (
    "{year}年，{self}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，按照上级关于政务公开工作的部署要求，扎实推进政府信息公开各项工作。",
    "{year}年，在上级主管部门的指导下，{self}深入贯彻落实《条例》，以公开促落实、以公开促规范、以公开促服务，政府信息公开工作取得新成效。",
    "{year}年，{self}紧紧围绕中心工作，持续深化政务公开，不断提升政府信息公开工作的质量和实效。",
)
ACTIVE = (
    "（一）主动公开。{self}坚持“公开为常态、不公开为例外”，通过门户网站、政务新媒体等渠道主动公开各类政府信息{items}条，其中政策文件{docs}条、政策解读{interp}篇。",
    "（一）主动公开方面。全年主动公开政府信息{items}条，重点做好财政预决算、重大建设项目、公共资源配置等领域信息公开，发布政策解读{interp}篇。",
)
REQUESTS = (
    "（二）依申请公开。{year}年共收到政府信息公开申请{new}件，上年结转{over}件，办结{handled}件，结转下年度继续办理{forward}件，均在法定期限内予以答复。",
    "（二）依申请公开方面。全年受理政府信息公开申请{new}件，办结{handled}件；因政府信息公开引起行政复议{review}件、行政诉讼{lit}件。",
)
MANAGEMENT = (
    "（三）政府信息管理。严格落实信息发布审核制度，坚持“先审查、后公开”和“一事一审”原则，确保公开信息准确、安全。",
    "（三）政府信息管理方面。进一步规范信息发布流程，落实分级审核和保密审查要求，对规范性文件实行动态更新。",
)
PLATFORM = (
    "（四）平台建设。持续优化政府网站信息公开专栏，完善栏目设置，提升网站检索和互动功能，加强政务新媒体管理。",
    "（四）政府信息公开平台建设方面。依托政府门户网站集约化平台，规范政府信息公开目录，及时更新公开内容。",
)
OVERSIGHT = (
    "（五）监督保障。将政务公开工作纳入年度绩效考核，定期开展自查和培训，压实工作责任。",
    "（五）监督保障方面。健全政务公开工作责任制，常态化开展网站巡查和错情整改，加强业务培训。",
)
PROBLEMS = (
    "{year}年，{self}政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；二是主动公开的深度和广度有待拓展；三是工作人员业务能力有待提升。",
    "存在的主要问题：部分栏目更新不够及时，信息公开的规范化、标准化水平有待提高，依申请公开答复质量仍需加强。",
)
IMPROVEMENTS = (
    "{next}年，{self}将进一步加强组织领导，丰富政策解读形式，拓展公开渠道，加强业务培训，不断提升政府信息公开工作水平。",
    "改进措施：一是健全工作机制，压实工作责任；二是加大重点领域信息公开力度；三是加强队伍建设，提高依申请公开办理质量。",
)
OTHER_2019 = (
    "无其他需要报告的事项。",
    "{year}年度，{self}未收取政府信息公开信息处理费。",
    "本年度无其他需要报告的事项。",
)
OTHER_2021 = (
    *OTHER_2019,
    "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{self}{year}年度未收取信息处理费。",
)
PREAMBLES = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{notice}要求编制，内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "根据《条例》和{notice}要求，现公布{agency}{year}年政府信息公开工作年度报告。如对本报告有任何疑问，请与{agency}办公室联系。",
)

# Sentences stating table 二 values: (row, columns, template) per table shape.
STATEMENTS_2021: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "normative_documents",
        ("in_force", "issued"),
        "清理并集中公开现行有效行政规范性文件{in_force}件，本年度制发行政规范性文件{issued}件",
    ),
    ("normative_documents", ("issued", "repealed"), "本年度制发规范性文件{issued}件，废止{repealed}件"),
    ("rules", ("issued", "in_force"), "本年度制发规章{issued}件，现行有效规章{in_force}件"),
)
STATEMENTS_2019: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "normative_documents",
        ("new_made", "total_published"),
        "本年新制作规范性文件{new_made}件，对外公开规范性文件总数{total_published}件",
    ),
    (
        "licensing",
        ("previous", "decisions"),
        "行政许可事项上一年项目数量{previous}项，本年作出行政许可处理决定{decisions}件",
    ),
    ("other_services", ("previous", "decisions"), "其他对外管理服务事项{previous}项，作出处理决定{decisions}件"),
    ("penalty", ("previous", "change"), "行政处罚事项上一年{previous}项，本年增减{change}项"),
    ("coercion", ("previous", "decisions"), "行政强制事项{previous}项，作出处理决定{decisions}件"),
    ("fees", ("previous",), "行政事业性收费项目{previous}项"),
    ("procurement", ("projects",), "全年政府集中采购项目{projects}个"),
)


def _values(figures: Figures, row: str, cols: tuple[str, ...]) -> dict[str, Value] | None:
    cells = figures["active_disclosure"].get(row)
    if cells is None or any(c not in cells for c in cols):
        return None
    values = {c: cells[c].value for c in cols}
    if any(not isinstance(v, int) for v in values.values()):
        return None
    return values


def draw_statements(rng: random.Random, figures: Figures) -> tuple[str, list[StatedValue]]:
    """Sentences stating some table 二 values, and the values stated."""
    table = figures["active_disclosure"]
    pool = STATEMENTS_2021 if "issued" in table["normative_documents"] else STATEMENTS_2019
    sentences: list[str] = []
    stated: list[StatedValue] = []
    seen: list[str] = []
    for row, cols, text in pool:
        values = _values(figures, row, cols)
        if values is None or row in seen or rng.random() < 0.3:
            continue
        seen.append(row)
        sentences.append(text.format(**values))
        stated += [StatedValue("active_disclosure", row, c, v) for c, v in values.items()]
    if not sentences:
        return "", []
    return "。".join(sentences) + "。", stated


def _request_counts(figures: Figures) -> dict[str, int]:
    apps = figures["applications"]
    review = figures["review_litigation"]

    def total(grid: Grid, row: str, cols: tuple[str, ...]) -> int:
        values = [grid[row][c].value for c in cols]
        return sum(v for v in values if isinstance(v, int))

    cols = labels.APPLICANT_COLUMNS
    review_cols = labels.REVIEW_COLUMNS[:4]
    return {
        "new": total(apps, "new_received", cols),
        "over": total(apps, "carried_over", cols),
        "handled": total(apps, "total_handled", cols),
        "forward": total(apps, "carried_forward", cols),
        "review": total(review, "review", review_cols),
        "lit": total(review, "litigation_direct", review_cols) + total(review, "litigation_after_review", review_cols),
    }


def overview(rng: random.Random, voice: Voice, figures: Figures, statement: str) -> list[str]:
    """Paragraphs of 一、总体情况; `statement` goes into the （一） paragraph."""
    items = rng.randint(20, 3000)
    active = voice.fill(rng.choice(ACTIVE), items=items, docs=rng.randint(0, items // 4), interp=rng.randint(0, 60))
    paragraphs = [voice.fill(rng.choice(INTROS)), active + statement]
    paragraphs.append(voice.fill(rng.choice(REQUESTS), **_request_counts(figures)))
    for pool in (MANAGEMENT, PLATFORM, OVERSIGHT):
        if rng.random() < 0.7:
            paragraphs.append(voice.fill(rng.choice(pool)))
    return paragraphs


def problems(rng: random.Random, voice: Voice) -> list[str]:
    """Paragraphs of 五、存在的主要问题及改进情况."""
    return [voice.fill(rng.choice(PROBLEMS)), voice.fill(rng.choice(IMPROVEMENTS))]


def other_matters(rng: random.Random, voice: Voice, template_2021: bool) -> list[str]:
    """Paragraph of 六、其他需要报告的事项."""
    return [voice.fill(rng.choice(OTHER_2021 if template_2021 else OTHER_2019))]


def preamble(rng: random.Random, voice: Voice, cites_2021: bool) -> list[str]:
    """The opening paragraph before 一、总体情况."""
    notice = labels.NOTICE_2021 if cites_2021 else labels.NOTICE_2019
    return [voice.fill(rng.choice(PREAMBLES), notice=notice)]
