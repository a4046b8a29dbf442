"""Is this an annual report at all? A README, a notice or a list page gets one clear answer."""

from __future__ import annotations

import re

from ..errors import NianbaoError
from ..formats import SECTIONS
from ..model import Report
from ..textnorm import fold

#: table row labels only a report prints as a row (at the start of a line, numbered or not);
#: a news item or a notice names them inside a sentence
_ROW_LABELS = tuple(
    fold(p)
    for p in (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "结转下年度继续办理",
        "本年度办理结果",
        "予以公开",
    )
)
#: the 统计期限 sentence of the report's 总体情况 (「本报告中所列数据的统计期限自…」)
_PERIOD = re.compile(r"本(?:年度)?报告.{0,12}统计期限")
#: numbered section titles run together (a crawled page's body on one line)
_NUMBERED_TITLES = tuple(
    re.compile(re.escape(fold(s.title[0]) + fold(s.title[2:]))) for s in SECTIONS
)
#: a notice (「关于……的通知」), an opinion or a plan: about reports, never one itself
_NOTICE_TITLE = re.compile(r"^关于.{2,80}(?:通知|意见|方案|批复|函|公告)$")
_LEAD = re.compile(r"^[一二三四五六七八九十\d]*")


class NotAReport(NianbaoError):
    def __init__(self, path: str | None):
        super().__init__(
            path,
            "不是政府信息公开工作年度报告",
            "not a government information disclosure annual report (no section or table of one)",
            code="not_report",
        )


def ensure_report(report: Report) -> Report:
    """The report, unless nothing in it belongs to an annual report (then ``NotAReport``).

    Tables decide; without one, two of the six section headings, a row label printed as a
    row, the 统计期限 sentence, or the numbered section titles run together on one line. A
    notice about reports (「关于……的通知」) is none, whatever outline it lists.
    """
    if report.tables:
        return report
    title = fold(report.meta.title or "")
    if _NOTICE_TITLE.match(title):
        raise NotAReport(report.source.path)
    if len(report.sections) >= 2:
        return report
    lines = [fold(p.text) for p in report.paragraphs]
    if any(_LEAD.sub("", line).startswith(_ROW_LABELS) for line in lines):
        return report
    text = "".join(lines)
    if _PERIOD.search(text) or sum(1 for t in _NUMBERED_TITLES if t.search(text)) >= 3:
        return report
    raise NotAReport(report.source.path)
