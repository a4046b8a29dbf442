"""Text against tables (TXT-01…08) and self-contradiction (PUB-03): small reports and the seeds."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nianbao
from checkkit import covers, failures, make_report, run, set_cells
from gold import EXAMPLES
from nianbao.model import Report

SEEDS = EXAMPLES
HUAIAN = Path(__file__).parent / "fixtures" / "huaian-2024.layout.txt"
NARRATIVE = ("text", "dates", "sections", "cross_year", "publication")
_SECTION_ONE = "本机关推进主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作。"
_ZERO_REQUESTS: dict[str, list[int]] = {}  # make_report fills every 申请 row with 0


def said(text: str, **kw: object) -> Report:
    """The consistent built report (表三 一 = 6, 二 = 1, 七 = 6, 四 = 1; 复议 1) saying ``text``."""
    return make_report(sections={1: f"{_SECTION_ONE}\n{text}"}, **kw)  # type: ignore[arg-type]


@cache
def seed(name: str) -> Report:
    path = HUAIAN if name == "huaian" else next(SEEDS.glob(f"{name}_*.txt"))
    return nianbao.parse(path)


def rules_failing(report: Report, *select: str) -> set[tuple[str, str]]:
    return {(f[0], f[1]) for f in failures(report, *select)}


# ---------------------------------------------------------------- TXT-01


@covers("TXT-01", "pass")
def test_application_count_equal_to_new_or_new_plus_carried_passes() -> None:
    assert failures(said("本年度共收到政府信息公开申请6件。"), "TXT-01") == []
    assert failures(said("本年度共受理政府信息公开申请七件。"), "TXT-01") == []  # 一 + 二


@covers("TXT-01", "fail")
def test_application_count_differing_from_table_is_a_warning_with_sentence_and_cell() -> None:
    (finding,) = [f for f in run(said("本年度共收到政府信息公开申请5件。"), "TXT-01")]
    assert (finding.rule, str(finding.severity), finding.status) == ("TXT-01", "warning", "fail")
    assert "收到政府信息公开申请5件" in finding.message and "6" in finding.message
    assert finding.evidence[0].raw == "本年度共收到政府信息公开申请5件。"
    assert finding.location.line is not None and finding.location.section == 1
    assert {(c.table, c.row, c.col) for c in finding.cells} >= {
        ("requests", "new_received", "total")
    }


def test_application_count_is_not_assessable_when_the_total_is_blank() -> None:
    report = set_cells(
        said("共收到政府信息公开申请5件。"),
        {("requests", "new_received", "total"): "", ("requests", "carried_over", "total"): ""},
    )
    (finding,) = run(report, "TXT-01")
    assert finding.status == "not_assessable"


def test_region_wide_count_in_a_department_report_names_the_scope() -> None:
    (finding,) = run(said("全市共收到政府信息公开申请50件。"), "TXT-01")
    assert "口径" in finding.message


def test_seed_001_and_002_application_counts_are_flagged() -> None:
    assert ("TXT-01", "warning") in rules_failing(seed("001"), "TXT-01")
    found = run(seed("002"), "TXT-01")
    assert [f.values["stated"] for f in found] == [16]
    assert "28" in found[0].message


def test_a_disagreeing_count_quotes_the_sentence_then_each_figures_cells_in_order() -> None:
    """What a rewrite of the finding's making must keep: the evidence is the sentence, then
    every cell of every figure as printed (a cell two figures share quoted twice), the cells
    the same Locations, and the two readings (the sentence, or the one-cell figure's cell)."""
    (finding,) = run(seed("001"), "TXT-01")
    assert finding.message == (
        "正文「接到依申请公开事项1项」与表三不符：表三「一、本年新收」总计为 7；"
        "表三「一」+「二」总计为 7"
    )
    rows = ["new_received", "new_received", "carried_over"]
    assert [(e.raw, e.location.row) for e in finding.evidence[1:]] == list(
        zip(["7", "7", "0"], rows, strict=True)
    )
    assert finding.evidence[0].location == finding.location and finding.location.section == 1
    assert [e.location for e in finding.evidence[1:]] == list(finding.cells)
    assert [c.row for c in finding.cells] == rows
    sentence, cell = finding.fix
    assert (sentence.location, sentence.printed, sentence.value) == (
        finding.location,
        "接到依申请公开事项1项",
        7,
    )
    assert (cell.location, cell.printed, cell.value) == (finding.cells[0], 7, 1)
    assert dict(finding.values) == {
        "quote": "接到依申请公开事项1项",
        "stated": 1,
        "table": "表三「一、本年新收」总计为 7；表三「一」+「二」总计为 7",
        "printed": 7,
        "scope_note": "",
        "topic": "requests.received",
    }


def test_a_count_against_blank_figures_cites_the_blank_cells() -> None:
    report = set_cells(
        said("共收到政府信息公开申请5件。"),
        {("requests", "new_received", "total"): "", ("requests", "carried_over", "total"): ""},
    )
    (finding,) = run(report, "TXT-01")
    assert finding.fix == () and finding.values["reason"].startswith("表三「一、本年新收」总计为空")
    assert [(e.raw, e.location.row) for e in finding.evidence[1:]] == [
        ("", "new_received"),
        ("", "new_received"),
        ("", "carried_over"),
    ]
    assert [e.location for e in finding.evidence[1:]] == list(finding.cells)


def test_a_count_against_an_all_zero_table_three_is_left_to_txt_02() -> None:
    zero = {("requests", row, "total"): "0" for row in ("new_received", "carried_over", "total")}
    report = set_cells(said("共收到政府信息公开申请5件。"), zero)
    assert run(report, "TXT-01") == []
    assert [f.rule for f in run(report, "TXT-02")] == ["TXT-02"]


# ---------------------------------------------------------------- TXT-02


@covers("TXT-02", "fail")
def test_no_applications_claim_against_a_non_empty_table_is_an_error() -> None:
    assert failures(said("本年度本机关未收到政府信息公开申请。"), "TXT-02") == [
        ["TXT-02", "error", "fail", None, None, None]
    ]
    counted = said("共收到政府信息公开申请3件。", requests=_ZERO_REQUESTS)
    assert rules_failing(counted, "TXT-02") == {("TXT-02", "error")}


@covers("TXT-02", "pass")
def test_no_applications_claim_with_an_empty_table_passes() -> None:
    assert failures(said("本年度未收到政府信息公开申请。", requests=_ZERO_REQUESTS), "TXT-02") == []
    assert failures(seed("004"), "TXT-02") == []


def test_no_applications_claim_about_the_whole_county_in_a_department_report_is_a_warning() -> None:
    assert rules_failing(said("全县未收到政府信息公开申请。"), "TXT-02") == {("TXT-02", "warning")}


# ---------------------------------------------------------------- TXT-03 / TXT-04


_SUITS = {
    "review": [1, 0, 0, 0, 1],
    "litigation_direct": [1, 0, 0, 1, 2],
    "litigation_after_review": [0, 0, 0, 1, 1],
}


@covers("TXT-03", "pass")
def test_review_and_lawsuit_counts_matching_table_four_pass() -> None:
    text = "发生行政复议1件；行政诉讼3件，其中结果维持1件，尚未审结2件。"
    assert failures(said(text, review=_SUITS), "TXT-03") == []
    assert failures(seed("002"), "TXT-03") == []  # 行政复议2件 = t4


@covers("TXT-03", "fail")
def test_lawsuit_count_is_compared_with_both_lawsuit_totals() -> None:
    found = run(said("行政诉讼2件，其中结果维持1件。", review=_SUITS), "TXT-03")
    assert [f.values["topic"] for f in found] == ["litigation.total"]
    assert "3" in found[0].message and len(found[0].cells) == 2


@covers("TXT-04", "fail")
def test_denying_reviews_while_table_four_has_one_is_an_error() -> None:
    assert rules_failing(said("本机关未发生政府信息公开行政复议案件。"), "TXT-04") == {
        ("TXT-04", "error")
    }


@covers("TXT-04", "pass")
def test_the_cells_a_denial_is_read_against_are_its_figures() -> None:
    """TXT-04 reads each denied total and its 「结果纠正」 from ``_DENIED_REFS``, not from
    ``figures``: the same cells, in the one format of 表四."""
    from nianbao.formats.national import REVIEW_LITIGATION
    from nianbao.rules import text

    for total, (total_refs, corrected_refs) in text._DENIED_REFS.items():
        for topic, refs in ((total, total_refs), (text._DENIABLE[total], corrected_refs)):
            ((_, table, figure_refs),) = text._figures(REVIEW_LITIGATION, topic)
            assert (table, figure_refs) == (text._T4, refs)


def test_denying_reviews_and_suits_with_an_empty_table_four_passes() -> None:
    zero = {r: [0] * 5 for r in _SUITS}
    assert failures(said("未发生行政复议和行政诉讼案件。", review=zero), "TXT-04") == []
    assert failures(seed("001"), "TXT-04") == []


# ---------------------------------------------------------------- TXT-05 … TXT-08


@covers("TXT-05", "pass")
def test_carry_over_counts_matching_pass() -> None:
    assert failures(said("上年结转申请1件，另有1件结转至下年度办理。"), "TXT-05") == []


@covers("TXT-05", "fail")
def test_carry_over_count_and_all_concluded_claim_against_table() -> None:
    assert rules_failing(said("结转下年度继续办理3件。"), "TXT-05") == {("TXT-05", "warning")}
    (finding,) = run(said("所有申请均已按要求办理完成。"), "TXT-05")
    assert finding.status == "fail" and "全部办结" in finding.message


@covers("TXT-06", "pass")
def test_outcome_breakdown_matching_passes() -> None:
    text = "其中予以公开3件，部分公开2件，无法提供1件。"
    assert failures(said(text), "TXT-06") == []


@covers("TXT-06", "fail")
def test_outcome_breakdown_differing_is_a_warning() -> None:
    (finding,) = run(said("其中予以公开4件，部分公开2件。"), "TXT-06")
    assert finding.values["topic"] == "requests.granted" and str(finding.severity) == "warning"


@covers("TXT-07", "pass")
def test_normative_document_counts_matching_pass() -> None:
    assert failures(said("全年印发行政规范性文件3件，现行有效规范性文件20件。"), "TXT-07") == []


@covers("TXT-07", "fail")
def test_normative_document_count_differing_is_a_warning() -> None:
    assert rules_failing(said("全年印发行政规范性文件5件。"), "TXT-07") == {("TXT-07", "warning")}
    (finding,) = run(seed("004"), "TXT-07")
    assert finding.values["stated"] == 10 and "本年制发件数为 1" in finding.message


@covers("TXT-08", "pass")
def test_permit_and_penalty_counts_matching_pass() -> None:
    assert failures(said("办理行政许可100件，作出行政处罚决定5件。"), "TXT-08") == []


@covers("TXT-08", "fail")
def test_penalty_count_differing_is_a_warning() -> None:
    assert rules_failing(said("作出行政处罚决定6件。"), "TXT-08") == {("TXT-08", "warning")}


# ---------------------------------------------------------------- PUB-03


@covers("PUB-03", "fail")
def test_all_concluded_and_carried_forward_in_the_same_report_contradict() -> None:
    report = said("所有申请均已按要求办理完成。\n另有1件结转下年度办理。")
    (finding,) = run(report, "PUB-03")
    assert len(finding.evidence) == 2 and str(finding.severity) == "warning"
    denial = said("本年度未收到政府信息公开申请。\n本机关共收到政府信息公开申请6件。")
    assert rules_failing(denial, "PUB-03") == {("PUB-03", "warning")}


@covers("PUB-03", "pass")
def test_consistent_statements_do_not_contradict() -> None:
    report = said("共收到政府信息公开申请6件，较上年收到申请4件有所增加。\n另有1件结转下年度办理。")
    assert failures(report, "PUB-03") == []


# ---------------------------------------------------------------- the seeds, all narrative rules


@pytest.mark.parametrize("name", ["003", "004", "huaian"])
def test_no_error_from_the_narrative_rules_on_seeds_003_004_and_huaian(name: str) -> None:
    errors = [f for f in run(seed(name), *NARRATIVE) if str(f.severity) == "error"]
    assert errors == []


def test_huaian_narrative_figures_all_agree_with_its_tables() -> None:
    assert failures(seed("huaian"), "text") == []
    moved = set_cells(
        seed("huaian"), {("review_litigation", "litigation_after_review", "total"): "21"}
    )
    assert [f[0] for f in failures(moved, "text")] == ["TXT-03"]


_GENERIC_PARTS = [
    "政府信息公开", "信息公开", "政府信息", "行政复议", "行政诉讼", "公民法人或其他组织", "公民、法人和",
    "我局", "我组", "工作", "申请", "的", "和", "、", "被判", "被", "本年度", "本年", "纠错", "未", "无",
    "没有", "有", "涉及", "不及时", "a", ",", "(", "。",
]  # fmt: skip


@given(st.lists(st.sampled_from(_GENERIC_PARTS), max_size=8).map("".join))
def test_only_generic_words_is_what_sub_leaves_empty(text: str) -> None:
    """A text is made of the generic words exactly when removing them (``sub``) leaves nothing."""
    from nianbao.rules.text import _GENERIC, _ONLY_GENERIC

    assert (_ONLY_GENERIC.fullmatch(text) is not None) == (_GENERIC.sub("", text) == "")


def _denial_reading_by_sub(norm: str, start: int, topic: str) -> str | None:
    """``denial_reading`` as first written: the clause cut from the text after the claim, and
    what the generic words leave of it."""
    from nianbao.rules.text import _CLAUSE_END, _CORRECTED, _GENERIC, _NEGATION

    if not _NEGATION.match(norm[start:]):
        return topic
    end = next((m.start() for m in _CLAUSE_END.finditer(norm[start:])), len(norm) - start)
    clause = norm[start : start + end]
    if clause.endswith("的") and norm[start + end : start + end + 1] == ",":
        return None
    body = _NEGATION.sub("", clause)
    family = topic.split(".")[0]
    corrected = bool(_CORRECTED.search(body))
    rest = _GENERIC.sub("", _CORRECTED.sub("", body) if family != "requests" else body)
    if rest:
        return None
    return f"{family}.corrected" if corrected and family != "requests" else topic


@given(
    st.lists(st.sampled_from(_GENERIC_PARTS), max_size=10).map("".join),
    st.integers(0, 12),
    st.sampled_from(["requests.received", "review.total", "litigation.total"]),
)
def test_denial_reading_is_the_sub_form(norm: str, start: int, topic: str) -> None:
    from types import SimpleNamespace
    from typing import Any

    from nianbao.rules.text import denial_reading

    claim: Any = SimpleNamespace(sentence=SimpleNamespace(norm=norm), offset=start, topic=topic)
    assert denial_reading(claim) == _denial_reading_by_sub(norm, start, topic)


def _clause_by_find(norm: str, at: int) -> tuple[int, int]:
    """``text._clause`` as first written: each stop mark looked for on both sides."""
    stops = ",;:。!?"
    left = max((norm.rfind(ch, 0, at) for ch in stops), default=-1) + 1
    ends = [i for i in (norm.find(ch, at) for ch in stops) if i >= 0]
    return left, min(ends, default=len(norm))


@given(st.text(alphabet=st.sampled_from(",;:。!?，a予以公开\n"), max_size=20), st.integers(0, 22))
def test_clause_by_regex_is_by_find(norm: str, at: int) -> None:
    from nianbao.rules.text import _clause

    assert _clause(norm, at) == _clause_by_find(norm, at)
