"""Is this an annual report at all? A README, a notice or a list page gets one clear answer."""

from __future__ import annotations

from ..errors import NianbaoError
from ..model import Report
from ..textnorm import fold

#: phrases only the body of a 政府信息公开工作年度报告 prints (table row labels, section titles,
#: the 统计期限 sentence); a list page or a news item that only names such reports has none
_BODY_MARKERS = tuple(
    fold(p)
    for p in (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "结转下年度继续办理",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议",
        "存在的主要问题及改进情况",
        "统计期限",
        "予以公开",
    )
)


class NotAReport(NianbaoError):
    def __init__(self, path: str | None):
        super().__init__(
            path,
            "不是政府信息公开工作年度报告",
            "not a government information disclosure annual report (no section or table of one)",
            code="not_report",
        )


def ensure_report(report: Report) -> Report:
    """The report, unless nothing in it belongs to an annual report (then ``NotAReport``)."""
    if report.tables or len(report.sections) >= 2:
        return report
    text = fold("".join(p.text for p in report.paragraphs))
    if any(marker in text for marker in _BODY_MARKERS):
        return report
    raise NotAReport(report.source.path)
