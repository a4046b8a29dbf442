"""The narrative skeleton of an empty section: what the format asks it to cover, and the
statistical sentences written from the tables, so the narrative cannot contradict them.

Placeholders are printed in 【】 for the agency to replace; a count the tables do not give
(a blank cell) is a placeholder too, never a guess.
"""

from __future__ import annotations

from ..formats.spec import FormatSpec
from ..model import Value
from .data import Draft

#: the customary sub-heads of 一、总体情况 (国办公开办函〔2021〕30号「一、报告内容」（一）)
OVERVIEW_ASPECTS = (
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
)
_FILL = "【请填写：{}】"


def _n(value: Value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return "【…】"


def _sum(values: list[Value]) -> str:
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values) and values:
        return str(sum(v for v in values if isinstance(v, int | float)))
    return "【…】"


def _group(draft: Draft, prefix: str) -> str:
    spec = draft.spec("requests")
    rows = [r.id for r in spec.rows if r.id == prefix or r.id.startswith(prefix + ".")]
    return _sum([draft.value("requests", r, "total") for r in rows])


def active_sentence(draft: Draft) -> str:
    """Documents made, repealed and in force, and the decisions of table 二."""

    def v(row: str, col: str) -> Value:
        return draft.value("active", row, col)

    if draft.table_formats["active"] == "2019":
        return (
            f"本年新制作规章{_n(v('regulations', 'new_made'))}件，"
            f"新制作规范性文件{_n(v('normative_documents', 'new_made'))}件。"
        )
    return (
        f"本年制发规章{_n(v('regulations', 'issued'))}件，"
        f"制发行政规范性文件{_n(v('normative_documents', 'issued'))}件。"
        f"现行有效规章{_n(v('regulations', 'in_force'))}件，"
        f"现行有效行政规范性文件{_n(v('normative_documents', 'in_force'))}件。"
        f"本年作出行政许可决定{_n(v('licensing', 'decisions'))}件，"
        f"行政处罚决定{_n(v('penalty', 'decisions'))}件，"
        f"行政强制决定{_n(v('coercion', 'decisions'))}件。"
    )


def requests_sentences(draft: Draft) -> str:
    """「全年共收到政府信息公开申请N件，其中予以公开…件」 from table 三, one outcome each."""

    def v(row: str) -> str:
        return _n(draft.value("requests", row, "total"))

    return (
        f"全年共收到政府信息公开申请{v('new_received')}件，"
        f"上年结转政府信息公开申请{v('carried_over')}件。"
        f"本年度办结{v('total')}件，其中予以公开{v('granted')}件，"
        f"部分公开{v('partially_granted')}件，不予公开{_group(draft, 'denied')}件，"
        f"无法提供{_group(draft, 'unable')}件，不予处理{_group(draft, 'not_processed')}件，"
        f"其他处理{_group(draft, 'other')}件。"
        f"结转下年度继续办理{v('carried_forward')}件。"
    )


def review_sentence(draft: Draft) -> str:
    """行政复议 and 行政诉讼 counts of table 四 (诉讼 = 未经复议直接起诉 + 复议后起诉)."""

    def v(row: str) -> Value:
        return draft.value("review_litigation", row, "total")

    litigation = _sum([v("litigation_direct"), v("litigation_after_review")])
    return (
        f"本年度因政府信息公开工作被申请行政复议{_n(v('review'))}件，被提起行政诉讼{litigation}件。"
    )


def skeleton(draft: Draft, no: int) -> str:
    """The skeleton of section ``no`` (paragraphs separated by newlines; "" for 二、三、四,
    whose content is the table, as in the national template)."""
    if no == 1:
        return "\n".join(
            [
                OVERVIEW_ASPECTS[0],
                active_sentence(draft) + _FILL.format("主动公开的主要内容、渠道和解读回应情况"),
                OVERVIEW_ASPECTS[1],
                requests_sentences(draft)
                + review_sentence(draft)
                + _FILL.format("依申请公开的办理流程和答复质量"),
                OVERVIEW_ASPECTS[2],
                _FILL.format("政府信息管理：公开属性认定、发布审查、动态调整、文件清理等情况"),
                OVERVIEW_ASPECTS[3],
                _FILL.format("政府信息公开平台建设：政府网站、政务新媒体、公开专栏等情况"),
                OVERVIEW_ASPECTS[4],
                _FILL.format(
                    "监督保障：组织领导、培训、考核、社会评议和责任追究结果情况"
                    "（各级人民政府须报告工作考核、社会评议和责任追究结果情况）"
                ),
            ]
        )
    if no == 5:
        return "\n".join(
            [
                _FILL.format("本年度政府信息公开工作存在的主要问题"),
                _FILL.format("针对上述问题的改进情况和下一步工作措施，以及上年度问题的整改情况"),
            ]
        )
    if no == 6:
        return "\n".join(
            [
                _FILL.format(
                    "依据《政府信息公开信息处理费管理办法》收取信息处理费的情况"
                    "（发出收费通知的件数和总金额、实际收取的总金额，未收取的写明未收取）"
                ),
                _FILL.format("落实上级年度政务公开工作要点情况"),
                _FILL.format("人大代表建议和政协提案办理结果公开情况"),
                _FILL.format("本年度政务公开工作创新情况及其他需要报告的事项"),
            ]
        )
    return ""


def default_intro(year: int | None, fmt: FormatSpec) -> str:
    """The customary 导语: the basis, the statistical period, where to obtain the report."""
    y = str(year) if year else "【年度】"
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"{fmt.name}（{fmt.document}）要求编制。"
        f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        f"{_FILL.format('本报告电子版的获取方式（网址）和对本报告有疑问时的联系方式')}"
    )
