"""Narrative text of the six sections, drawn from phrase pools.

Besides filler, the overview can state table 二 numbers in words ("现行有效
行政规范性文件698件，本年度制发行政规范性文件88件"), which is how real glued
reports let a reader settle table 二's otherwise ambiguous digit strings.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import samplegen.labels as labels
from samplegen.model import StatedFact, StatedValue, Value
from samplegen.numbers import Figures, Grid

# Pool slot -> (facts vocabulary key, restates a table cell).  A slot not
# listed (year, self, pct, …) states no count; CHANGES slots state a change
# (本年增减), which is not a count either.
SLOTS: dict[str, tuple[str | None, bool]] = {
    "items": ("proactive_published", False),
    "docs": ("policy_documents", False),
    "interp": ("policy_interpretations", False),
    "interp2": ("policy_interpretations", False),
    "new": ("applications_received", True),
    "over": ("applications_carried_over", True),
    "handled": ("applications_handled", True),
    "forward": ("applications_carried_forward", True),
    "review": ("review_cases", True),
    "lit": ("litigation_cases", True),
    "prev": ("applications_received", False),  # another year's figure: never compared
    "np": (None, False),  # a 其中 sub-count
    "visits": ("website_visits_total", False),
    "unique": ("website_visits_unique", False),
    "posts": ("new_media_posts", False),
    "posts2": ("new_media_posts", False),
    "press": ("press_conferences", False),
    "train": ("training_sessions", False),
    "trainees": ("training_participants", False),
    "fee": ("fees_collected", False),
    # table 二 restated (draw_statements): counts without a vocabulary key
    "in_force": (None, False),
    "issued": (None, False),
    "repealed": (None, False),
    "new_made": (None, False),
    "total_published": (None, False),
    "previous": (None, False),
    "decisions": (None, False),
    "projects": (None, False),
}
CHANGES = ("change",)
UNITS = ("万人次", "人次", "万次", "万元", "元", "条", "件", "篇", "次", "场", "期", "项", "个", "人")
_SLOT = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def stated_facts(section: str, template: str, values: dict[str, object]) -> list[StatedFact]:
    """The counts a filled pool phrase states: one per vocabulary slot, unit as printed after it."""
    out: list[StatedFact] = []
    for m in _SLOT.finditer(template):
        slot = m.group(1)
        value = values.get(slot)
        if slot not in SLOTS or slot in CHANGES or not isinstance(value, (int, float)):
            continue
        after = template[m.end() :]
        unit = next((u for u in UNITS if after.startswith(u)), None)
        key, compare = SLOTS[slot]
        out.append(StatedFact(section, key, value, unit, compare))
    return out


@dataclass(frozen=True)
class Voice:
    """Who speaks and when: fills the {self}/{year}/{next} slots."""

    agency: str
    self_ref: str
    year: int

    def fill(self, text: str, **extra: object) -> str:
        """Format a pool phrase."""
        base: dict[str, object] = {
            "self": self.self_ref,
            "agency": self.agency,
            "year": self.year,
            "next": self.year + 1,
        }
        return text.format(**{**base, **extra})


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


def draw_statements(rng: random.Random, figures: Figures) -> tuple[str, list[StatedValue], list[StatedFact]]:
    """Sentences stating some table 二 values, the values stated, and the facts they make."""
    table = figures["active_disclosure"]
    pool = STATEMENTS_2021 if "issued" in table["normative_documents"] else STATEMENTS_2019
    sentences: list[str] = []
    stated: list[StatedValue] = []
    facts: list[StatedFact] = []
    seen: list[str] = []
    for row, cols, text in pool:
        values = _values(figures, row, cols)
        if values is None or row in seen or rng.random() < 0.3:
            continue
        seen.append(row)
        sentences.append(text.format(**values))
        stated += [StatedValue("active_disclosure", row, c, v) for c, v in values.items()]
        facts += stated_facts("overview", text, dict(values))
    if not sentences:
        return "", [], []
    return "。".join(sentences) + "。", stated, facts


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


def overview(rng: random.Random, voice: Voice, figures: Figures, statement: str) -> tuple[list[str], list[StatedFact]]:
    """Paragraphs of 一、总体情况 and the facts they state; `statement` goes into the （一） paragraph."""
    items = rng.randint(20, 3000)
    active_pool = rng.choice(ACTIVE)
    active_values: dict[str, object] = {"items": items}
    active_values["docs"] = rng.randint(0, items // 4)
    active_values["interp"] = rng.randint(0, 60)
    active = voice.fill(active_pool, **active_values)
    paragraphs = [voice.fill(rng.choice(INTROS)), active + statement]
    requests_pool = rng.choice(REQUESTS)
    counts: dict[str, object] = dict(_request_counts(figures))
    paragraphs.append(voice.fill(requests_pool, **counts))
    facts = stated_facts("overview", active_pool, active_values) + stated_facts("overview", requests_pool, counts)
    for pool in (MANAGEMENT, PLATFORM, OVERSIGHT):
        if rng.random() < 0.7:
            paragraphs.append(voice.fill(rng.choice(pool)))
    return paragraphs, facts


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


# Issue 9: known narrative figures in varied phrasings (ReportSpec.facts).  Each
# pool phrase states counts through SLOTS; the others ({pct}, {approx}, {lo}-{hi},
# {days}, {prev_year}) are shapes that are not counts and must not become facts.
EXTRA_WEB = (
    "（六）平台数据。全年门户网站总访问量{visits}，独立访问量{unique}。",
    "政府网站全年总访问量达{visits}次，独立访客{unique}人，被上级部门采用信息{approx}余条。",
    "门户网站总浏览量{visits:,}次，同比增长{pct}%，独立访问量{unique}。",
)
EXTRA_MEDIA = (
    "通过政务新媒体发布信息{posts}条，政务微博、微信公众号推送图文{posts2}篇。",
    "“{short}发布”微信公众号全年发布信息{posts}条。",
    "依托政务新媒体矩阵，全年政务微博发布信息{posts}条。",
)
EXTRA_EVENTS = (
    "召开新闻发布会{press}场，发布政策解读{interp2}篇。",
    "全年举办{press}场新闻发布会，开展政务公开业务培训{train}次，培训{trainees}人次。",
    "组织{train}期专题培训，参训人员{trainees}人次，每期培训{lo}-{hi}人。",
    "围绕重点工作组织新闻发布会{press}次，开展业务培训{train}场。",
)
EXTRA_REQUESTS = (
    "{prev_year}年收到政府信息公开申请{prev}件。",
    "全年共收到政府信息公开申请{new}件，其中自然人申请{np}件，平均答复时间{days}个工作日。",
    "较上年收到政府信息公开申请{prev}件，依申请公开办结率达{pct}%。",
)
EXTRA_FEES = (
    "{year}年度共收取信息处理费{fee}元。",
    "依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费{fee}元。",
)


def _extra_values(rng: random.Random, voice: Voice, figures: Figures) -> dict[str, object]:
    visits = rng.randint(1000, 900000)
    lo = rng.randint(10, 40)
    apps = figures["applications"]["new_received"]["natural_person"].value
    return {
        "visits": visits,
        "unique": rng.randint(visits // 3, visits),
        "approx": rng.randint(10, 90),
        "pct": rng.randint(1, 60),
        "posts": rng.randint(10, 3000),
        "posts2": rng.randint(10, 800),
        "short": voice.agency[:2],
        "press": rng.randint(1, 30),
        "interp2": rng.randint(1, 80),
        "train": rng.randint(1, 20),
        "trainees": rng.randint(20, 2000),
        "lo": lo,
        "hi": lo + rng.randint(5, 40),
        "prev_year": voice.year - 1,
        "prev": rng.randint(0, 300),
        "new": _request_counts(figures)["new"],
        "np": apps if isinstance(apps, int) else 0,
        "days": rng.randint(3, 15),
        "fee": rng.randint(10, 5000),
    }


def extra_facts(
    rng: random.Random, voice: Voice, figures: Figures, template_2021: bool
) -> tuple[str, str, list[StatedFact]]:
    """An overview paragraph and an other-matters sentence stating varied figures, and the facts stated."""
    values = _extra_values(rng, voice, figures)
    pools = [EXTRA_WEB, EXTRA_MEDIA, EXTRA_EVENTS, EXTRA_REQUESTS]
    chosen = [rng.choice(pool) for pool in pools if rng.random() < 0.85]
    facts: list[StatedFact] = []
    for phrase in chosen:
        facts += stated_facts("overview", phrase, values)
    paragraph = "".join(voice.fill(p, **values) for p in chosen)
    fees = ""
    if template_2021 and rng.random() < 0.7:
        phrase = rng.choice(EXTRA_FEES)
        fees = voice.fill(phrase, **values)
        facts += stated_facts("other_matters", phrase, values)
    return paragraph, fees, facts
