"""The two national formats (国办公开办函〔2021〕30号 and the 2019 trial format) as data.

Row keys are the phrases that identify a row in print, chosen from the official labels and
from the variants real reports use (typos, traditional characters, 1、 vs 1.); see
``../shared/spec/format.md`` §1–2 and §2.5 for the sources.
"""

from __future__ import annotations

from .spec import ColumnSpec, FormatSpec, Identity, RowSpec, SectionSpec, TableSpec

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, "一、总体情况", ("总体情况",)),
    SectionSpec(
        2,
        "二、主动公开政府信息情况",
        ("主动公开政府信息情况", "主动公开政府信息"),
        table="active",
    ),
    SectionSpec(
        3,
        "三、收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请", "处理政府信息公开申请情况"),
        table="requests",
    ),
    SectionSpec(
        4,
        "四、政府信息公开行政复议、行政诉讼情况",
        ("行政复议", "行政诉讼"),
        variants=("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
        table="review_litigation",
    ),
    SectionSpec(
        5,
        "五、存在的主要问题及改进情况",
        ("存在的主要问题", "主要问题及改进", "问题及改进"),
        variants=("五、政府信息公开工作存在的主要问题及改进情况",),
    ),
    SectionSpec(6, "六、其他需要报告的事项", ("其他需要报告",), variants=("六、其他需要报告事项",)),
)

# ---------------------------------------------------------------- 二、主动公开政府信息情况

_T2_2021_COLS = (
    ColumnSpec("issued", "本年制发件数"),
    ColumnSpec("repealed", "本年废止件数", aliases=("本年度止件数",)),
    ColumnSpec("in_force", "现行有效件数"),
    ColumnSpec("decisions", "本年处理决定数量"),
    ColumnSpec("amount", "本年收费金额（单位：万元）", kind="money"),
)
_DOCS = ("issued", "repealed", "in_force")

ACTIVE_2021 = TableSpec(
    id="active",
    title="二、主动公开政府信息情况",
    columns=_T2_2021_COLS,
    rows=(
        RowSpec("regulations", "规章", (), _DOCS, group="第二十条第（一）项", exact=("规章",)),
        RowSpec(
            "normative_documents",
            "行政规范性文件",
            ("规范性文件",),
            _DOCS,
            group="第二十条第（一）项",
            aliases=("规范性文件",),
        ),
        RowSpec("licensing", "行政许可", ("行政许可",), ("decisions",), group="第二十条第（五）项"),
        RowSpec("penalty", "行政处罚", ("行政处罚",), ("decisions",), group="第二十条第（六）项"),
        RowSpec("coercion", "行政强制", ("行政强制",), ("decisions",), group="第二十条第（六）项"),
        RowSpec("fees", "行政事业性收费", ("事业性收费",), ("amount",), group="第二十条第（八）项"),
    ),
    fingerprints=(
        "制发件数",
        "废止件数",
        "度止件数",
        "现行有效件数",
        "本年处理决定数量",
        "收费金额",
    ),
    identities=(
        Identity(
            "t2.made_within_stock",
            "本年制发件数 ≤ 现行有效件数 + 本年废止件数",
            "active",
            "columns",
            ("issued",),
            ("in_force", "repealed"),
            ("regulations", "normative_documents"),
            relation="le",
            source="format.md §1.4",
        ),
    ),
)

_PREV3 = ("previous_items", "change", "decisions")
_T2_2019_COLS = (
    ColumnSpec("new_made", "本年新制作数量"),
    ColumnSpec("new_published", "本年新公开数量"),
    ColumnSpec("total_published", "对外公开总数量"),
    ColumnSpec("previous_items", "上一年项目数量"),
    ColumnSpec("change", "本年增/减", kind="signed"),
    ColumnSpec("decisions", "处理决定数量"),
    ColumnSpec("items", "采购项目数量"),
    ColumnSpec("amount", "采购总金额", kind="money"),
)
_MADE = ("new_made", "new_published", "total_published")

ACTIVE_2019 = TableSpec(
    id="active",
    title="二、主动公开政府信息情况",
    columns=_T2_2019_COLS,
    rows=(
        RowSpec("regulations", "规章", (), _MADE, group="第二十条第（一）项", exact=("规章",)),
        RowSpec(
            "normative_documents",
            "规范性文件",
            ("规范性文件",),
            _MADE,
            group="第二十条第（一）项",
            aliases=("行政规范性文件",),
        ),
        RowSpec("licensing", "行政许可", ("行政许可",), _PREV3, group="第二十条第（五）项"),
        RowSpec(
            "other_services",
            "其他对外管理服务事项",
            ("对外管理服务",),
            _PREV3,
            group="第二十条第（五）项",
        ),
        RowSpec("penalty", "行政处罚", ("行政处罚",), _PREV3, group="第二十条第（六）项"),
        RowSpec("coercion", "行政强制", ("行政强制",), _PREV3, group="第二十条第（六）项"),
        RowSpec(
            "fees",
            "行政事业性收费",
            ("事业性收费",),
            ("previous_items", "change"),
            group="第二十条第（八）项",
        ),
        RowSpec(
            "procurement",
            "政府集中采购",
            ("集中采购",),
            ("items", "amount"),
            group="第二十条第（九）项",
        ),
    ),
    fingerprints=(
        "新制作数量",
        "新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增减",
        "政府集中采购",
        "其他对外管理服务事项",
        "第二十条第九项",
    ),
    identities=(
        Identity(
            "t2.published_within_total",
            "本年新公开数量 ≤ 对外公开总数量",
            "active",
            "columns",
            ("new_published",),
            ("total_published",),
            ("regulations", "normative_documents"),
            relation="le",
            source="format.md §2.2",
        ),
    ),
)

# ---------------------------------------------------------------- 三、收到和处理政府信息公开申请情况

REQUEST_COLUMNS = (
    ColumnSpec("natural_person", "自然人"),
    ColumnSpec("commercial", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("public_interest", "社会公益组织"),
    ColumnSpec("legal_service", "法律服务机构"),
    ColumnSpec("other_org", "其他"),
    ColumnSpec("total", "总计"),
)
_RC = tuple(c.id for c in REQUEST_COLUMNS)
_APPLICANTS = _RC[:-1]


def _r(row_id: str, label: str, keys: tuple[str, ...], group: str = "", **kw: object) -> RowSpec:
    return RowSpec(row_id, label, keys, _RC, group=group, **kw)  # type: ignore[arg-type]


_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"
_R = "三、本年度办理结果"

_HEAD_ROWS = (
    _r("new_received", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请")),
    _r("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    _r("granted", "（一）予以公开", ("予以公开",), _R),
    _r(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        _R,
    ),
    _r("denied.state_secret", "1.属于国家秘密", ("国家秘密",), _G3),
    _r(
        "denied.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        ("禁止公开",),
        _G3,
        aliases=("2.其他法律法规禁止公开",),
    ),
    _r("denied.three_safeties", "3.危及“三安全一稳定”", ("三安全", "一稳定"), _G3),
    _r("denied.third_party", "4.保护第三方合法权益", ("第三方",), _G3),
    _r("denied.internal_affairs", "5.属于三类内部事务信息", ("内部事务",), _G3),
    _r("denied.process_info", "6.属于四类过程性信息", ("过程性信息", "过程性"), _G3),
    _r("denied.enforcement_file", "7.属于行政执法案卷", ("执法案卷",), _G3),
    _r("denied.query_matter", "8.属于行政查询事项", ("查询事项",), _G3),
    _r("unable.not_held", "1.本机关不掌握相关政府信息", ("不掌握",), _G4),
    _r("unable.needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "现成信息"), _G4),
    _r("unable.unclear", "3.补正后申请内容仍不明确", ("仍不明确", "补正后申请"), _G4),
    _r("not_processed.petition", "1.信访举报投诉类申请", ("信访", "举报投诉"), _G5),
    _r("not_processed.repeat", "2.重复申请", ("重复申请",), _G5),
    _r("not_processed.publication", "3.要求提供公开出版物", ("出版物",), _G5),
    _r("not_processed.excessive", "4.无正当理由大量反复申请", ("大量反复",), _G5),
    _r(
        "not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("重新出具", "确认或重新"),
        _G5,
    ),
)
_TAIL_ROWS = (
    _r("total", "（七）总计", ("七总计",), _R, exact=("总计", "七总计")),
    _r("carried_forward", "四、结转下年度继续办理", ("结转下年度", "下年度继续办理")),
)
_OTHER_2021 = (
    _r(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "无正当理由逾期"),
        _G6,
    ),
    _r(
        "other.unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
        _G6,
    ),
    _r("other.other", "3.其他", ("3其他",), _G6),
)
_OTHER_2019 = (_r("other", "（六）其他处理", ("其他处理",), _R, priority=0),)

_RESULT_2021 = tuple(r.id for r in _HEAD_ROWS[2:]) + tuple(r.id for r in _OTHER_2021)
_RESULT_2019 = tuple(r.id for r in _HEAD_ROWS[2:]) + ("other",)


def _request_identities(
    result_rows: tuple[str, ...], all_rows: tuple[str, ...]
) -> tuple[Identity, ...]:
    return (
        Identity(
            "t3.row_total",
            "每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
            "requests",
            "columns",
            ("total",),
            _APPLICANTS,
            all_rows,
            source="format.md §1.5 identity R",
        ),
        Identity(
            "t3.result_total",
            "每列：（七）总计 = 本年度办理结果各项之和",
            "requests",
            "rows",
            ("total",),
            result_rows,
            _RC,
            source="format.md §1.5 identity T",
        ),
        Identity(
            "t3.balance",
            "勾稽关系：第一项 + 第二项 = 第三项（七）总计 + 第四项",
            "requests",
            "rows",
            ("new_received", "carried_over"),
            ("total", "carried_forward"),
            _RC,
            source="表三表头勾稽说明（国办公开办函〔2021〕30号）",
        ),
    )


_ROWS_2021 = _HEAD_ROWS + _OTHER_2021 + _TAIL_ROWS
_ROWS_2019 = _HEAD_ROWS + _OTHER_2019 + _TAIL_ROWS
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

REQUESTS_2021 = TableSpec(
    id="requests",
    title="三、收到和处理政府信息公开申请情况",
    columns=REQUEST_COLUMNS,
    rows=_ROWS_2021,
    fingerprints=("逾期不补正", "缴纳费用", "收费通知"),
    identities=_request_identities(_RESULT_2021, tuple(r.id for r in _ROWS_2021)),
    note=_BALANCE_NOTE,
)
REQUESTS_2019 = TableSpec(
    id="requests",
    title="三、收到和处理政府信息公开申请情况",
    columns=REQUEST_COLUMNS,
    rows=_ROWS_2019,
    fingerprints=("其他处理",),
    identities=_request_identities(_RESULT_2019, tuple(r.id for r in _ROWS_2019)),
    note=_BALANCE_NOTE,
)

# ---------------------------------------------------------------- 四、行政复议、行政诉讼

REVIEW_COLUMNS = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计"),
)
_VC = tuple(c.id for c in REVIEW_COLUMNS)
_REVIEW_ROWS = ("review", "litigation_direct", "litigation_after_review")

REVIEW_LITIGATION = TableSpec(
    id="review_litigation",
    title="四、政府信息公开行政复议、行政诉讼情况",
    columns=REVIEW_COLUMNS,
    rows=(
        RowSpec("review", "行政复议", ("行政复议",), _VC),
        RowSpec("litigation_direct", "行政诉讼 未经复议直接起诉", ("未经复议直接起诉",), _VC),
        RowSpec("litigation_after_review", "行政诉讼 复议后起诉", ("复议后起诉",), _VC),
    ),
    identities=(
        Identity(
            "t4.row_total",
            "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "review_litigation",
            "columns",
            ("total",),
            ("upheld", "corrected", "other", "pending"),
            _REVIEW_ROWS,
            source="format.md §1.6",
        ),
    ),
)

FORMAT_2021 = FormatSpec(
    id="2021",
    name="《中华人民共和国政府信息公开工作年度报告格式》",
    document="国办公开办函〔2021〕30号",
    years=(2021, 9999),
    tables={
        "active": ACTIVE_2021,
        "requests": REQUESTS_2021,
        "review_litigation": REVIEW_LITIGATION,
    },
)
FORMAT_2019 = FormatSpec(
    id="2019",
    name="《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    document="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    tables={
        "active": ACTIVE_2019,
        "requests": REQUESTS_2019,
        "review_litigation": REVIEW_LITIGATION,
    },
)
FORMATS = {"2021": FORMAT_2021, "2019": FORMAT_2019}

TABLE_TITLES = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}
TABLE_SHORT = {"active": "表二", "requests": "表三", "review_litigation": "表四"}


def expected_format(year: int | None) -> str | None:
    """The format a report for ``year`` must use (None before 2019: out of scope)."""
    if year is None or year < 2019:
        return None
    return "2019" if year <= 2020 else "2021"
