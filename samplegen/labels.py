"""The national template's labels, ids and header grids, as data.

The generator keeps its own copy of the template (it must not import the
extractor's) so that it stays the independent side that produces test input.
Labels are printed exactly as the national templates print them
(国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号); variants are applied
later by samplegen.variants.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_2019 = "2019"
TEMPLATE_2021 = "2021"
TEMPLATE_HYBRID = "hybrid"
TEMPLATES: tuple[str, ...] = (TEMPLATE_2019, TEMPLATE_2021, TEMPLATE_HYBRID)

SECTION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("active_disclosure", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)

NOTICE_2019 = (
    "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开"
    "工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）"
)
NOTICE_2021 = (
    "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开"
    "工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
)


@dataclass(frozen=True)
class DisclosureGroup:
    """One 第二十条 block of table 二: sub-heading, header row, data rows."""

    subheading: str
    header: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]


_COUNT_HEADER_2019 = ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
_COUNT_COLS_2019 = ("previous", "change", "decisions")

ACTIVE_2019: tuple[DisclosureGroup, ...] = (
    DisclosureGroup(
        "第二十条第（一）项",
        ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("new_made", "new_published", "total_published"),
        (("rules", "规章"), ("normative_documents", "规范性文件")),
    ),
    DisclosureGroup(
        "第二十条第（五）项",
        _COUNT_HEADER_2019,
        _COUNT_COLS_2019,
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
    ),
    DisclosureGroup(
        "第二十条第（六）项",
        _COUNT_HEADER_2019,
        _COUNT_COLS_2019,
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    DisclosureGroup(
        "第二十条第（八）项",
        ("信息内容", "上一年项目数量", "本年增/减"),
        ("previous", "change"),
        (("fees", "行政事业性收费"),),
    ),
    DisclosureGroup(
        "第二十条第（九）项",
        ("信息内容", "采购项目数量", "采购总金额"),
        ("projects", "amount"),
        (("procurement", "政府集中采购"),),
    ),
)

_DECISIONS_HEADER_2021 = ("信息内容", "本年处理决定数量")

ACTIVE_2021: tuple[DisclosureGroup, ...] = (
    DisclosureGroup(
        "第二十条第（一）项",
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("issued", "repealed", "in_force"),
        (("rules", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    DisclosureGroup(
        "第二十条第（五）项",
        _DECISIONS_HEADER_2021,
        ("decisions",),
        (("licensing", "行政许可"),),
    ),
    DisclosureGroup(
        "第二十条第（六）项",
        _DECISIONS_HEADER_2021,
        ("decisions",),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    DisclosureGroup(
        "第二十条第（八）项",
        ("信息内容", "本年收费金额（单位：万元）"),
        ("amount",),
        (("fees", "行政事业性收费"),),
    ),
)

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "nonprofit",
    "legal_services",
    "other_org",
)
APPLICATION_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, "total")

APPLICATION_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Header grid of table 三: (text, rowspan, colspan) per header row; read
# row-major it gives the order real flattened reports print (see the seed).
APPLICATION_HEADER: tuple[tuple[tuple[str, int, int], ...], ...] = (
    (("申请人情况", 3, 3), ("自然人", 3, 1), ("法人或其他组织", 1, 5), ("总计", 3, 1)),
    (
        ("商业企业", 2, 1),
        ("科研机构", 2, 1),
        ("社会公益组织", 2, 1),
        ("法律服务机构", 2, 1),
        ("其他", 2, 1),
    ),
)


@dataclass(frozen=True)
class RowLabel:
    """A row of table 三: a data row (row_id set) or a heading-only row."""

    row_id: str | None
    label: str
    level: int


def _data(row_id: str, label: str, level: int) -> RowLabel:
    return RowLabel(row_id, label, level)


def _group(label: str, level: int) -> RowLabel:
    return RowLabel(None, label, level)


APPLICATION_HEAD: tuple[RowLabel, ...] = (
    _data("new_received", "一、本年新收政府信息公开申请数量", 0),
    _data("carried_over", "二、上年结转政府信息公开申请数量", 0),
    _group("三、本年度办理结果", 0),
    _data("granted", "（一）予以公开", 1),
    _data("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    _group("（三）不予公开", 1),
    _data("denied_state_secret", "1.属于国家秘密", 2),
    _data("denied_prohibited", "2.其他法律行政法规禁止公开", 2),
    _data("denied_security", "3.危及“三安全一稳定”", 2),
    _data("denied_third_party", "4.保护第三方合法权益", 2),
    _data("denied_internal", "5.属于三类内部事务信息", 2),
    _data("denied_process", "6.属于四类过程性信息", 2),
    _data("denied_enforcement", "7.属于行政执法案卷", 2),
    _data("denied_query", "8.属于行政查询事项", 2),
    _group("（四）无法提供", 1),
    _data("unable_not_held", "1.本机关不掌握相关政府信息", 2),
    _data("unable_needs_creation", "2.没有现成信息需要另行制作", 2),
    _data("unable_unclear", "3.补正后申请内容仍不明确", 2),
    _group("（五）不予处理", 1),
    _data("rejected_complaint", "1.信访举报投诉类申请", 2),
    _data("rejected_duplicate", "2.重复申请", 2),
    _data("rejected_publication", "3.要求提供公开出版物", 2),
    _data("rejected_excessive", "4.无正当理由大量反复申请", 2),
    _data("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", 2),
)

OTHER_HANDLING_2019: tuple[RowLabel, ...] = (_data("other_handling", "（六）其他处理", 1),)

OTHER_HANDLING_2021: tuple[RowLabel, ...] = (
    _group("（六）其他处理", 1),
    _data(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
    ),
    _data(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
    ),
    _data("other_misc", "3.其他", 2),
)

APPLICATION_TAIL: tuple[RowLabel, ...] = (
    _data("total_handled", "（七）总计", 1),
    _data("carried_forward", "四、结转下年度继续办理", 0),
)


def application_rows(single_other_row: bool) -> tuple[RowLabel, ...]:
    """Table 三 rows in document order; 2019 and hybrid use one （六） row."""
    other = OTHER_HANDLING_2019 if single_other_row else OTHER_HANDLING_2021
    return APPLICATION_HEAD + other + APPLICATION_TAIL


def result_row_ids(single_other_row: bool) -> tuple[str, ...]:
    """Row ids summed by applications.handled_sum (granted … other rows)."""
    ids = [r.row_id for r in application_rows(single_other_row) if r.row_id]
    start = ids.index("granted")
    return tuple(ids[start : ids.index("total_handled")])


REVIEW_ROWS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")

_RESULT_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# Header grid of table 四, row-major (the "jumble" of flattened reports).
REVIEW_HEADER: tuple[tuple[tuple[str, int, int], ...], ...] = (
    (("行政复议", 1, 5), ("行政诉讼", 1, 10)),
    (*tuple((h, 2, 1) for h in _RESULT_HEADS), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)),
    tuple((h, 1, 1) for h in _RESULT_HEADS + _RESULT_HEADS),
)
