"""Cross-year checks (XY-01…08) and cross-organ copying (PUB-02) on reports built in code."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from checkkit import covers, failures, make_report, run, set_cells
from nianbao.model import Finding, Report, Source
from nianbao.rule import Context, get_rule

# this year's built report: 二 = [1,0,0,0,0,0,1]; 四 = [1,…,1]; 行政规范性文件 3 / 1 / 20
_TWO_YEAR_PREV_TEXT = {
    1: "上年度本机关围绕重点领域开展主动公开、依申请公开、政府信息管理、平台建设和监督保障，"
    "发布信息三百余条，组织培训两次，完成网站集约化改造。",
    5: "上年度存在的问题：政策解读形式单一。改进措施：丰富解读形式。",
}


def last_year(**kw: Any) -> Report:
    """Last year's report: carries 1 application forward; 行政规范性文件 18 in force."""
    active = {
        "regulations": [0, 0, 0],
        "normative_documents": [2, 0, 18],
        "licensing": [90],
        "penalty": [4],
        "coercion": [2],
        "fees": [0.4],
    }
    kw.setdefault("sections", _TWO_YEAR_PREV_TEXT)
    kw.setdefault("active", active)
    rep = make_report(year=2022, **kw)
    return replace(rep, source=Source("prev.txt", "1" * 64, "text"))


def with_peers(rule_id: str, rep: Report, peers: list[Report]) -> list[Finding]:
    """A rule run with the batch's other reports (``Context.peers``)."""
    r = get_rule(rule_id)
    return list(r.fn(Context(report=rep, rule=r, peers=tuple(peers))))


def failing(rep: Report, rule_id: str, prev: Report) -> list[tuple[str, str]]:
    return [(f[0], f[1]) for f in failures(rep, rule_id, previous=prev)]


# ---------------------------------------------------------------- XY-01


@covers("XY-01", "pass")
def test_carried_over_equal_to_last_years_carried_forward_passes() -> None:
    assert failures(make_report(), "XY-01", previous=last_year()) == []


@covers("XY-01", "fail")
def test_carry_over_break_is_an_error_per_column_with_the_fix() -> None:
    prev = set_cells(
        last_year(),
        {
            ("requests", "carried_forward", "natural_person"): "2",
            ("requests", "carried_forward", "total"): "2",
        },
    )
    found = run(make_report(), "XY-01", previous=prev)
    assert [(f.location.col, str(f.severity)) for f in found] == [
        ("natural_person", "error"),
        ("total", "error"),
    ]
    assert found[1].fix[0].value == 2 and found[1].evidence[1].location.path == "built.txt"


def test_restructuring_downgrades_carry_over_break_to_warning() -> None:
    prev = set_cells(last_year(), {("requests", "carried_forward", "total"): "3"})
    this = make_report(sections={6: "本年度因机构改革职能划转。未收取信息处理费。"})
    assert failing(this, "XY-01", prev) == [("XY-01", "warning")]


def test_blank_carry_over_is_not_assessable() -> None:
    prev = set_cells(last_year(), {("requests", "carried_forward", "total"): ""})
    (finding,) = run(make_report(), "XY-01", previous=prev)
    assert finding.status == "not_assessable" and "总计" in finding.message


def test_cross_year_rules_do_not_run_without_last_years_report() -> None:
    assert run(make_report(), "cross_year") == []


# ---------------------------------------------------------------- XY-02 … XY-04


@covers("XY-02", "pass")
def test_in_force_rolls_forward_passes() -> None:
    assert failures(make_report(), "XY-02", previous=last_year()) == []  # 18 + 3 − 1 = 20


@covers("XY-02", "fail")
def test_in_force_not_rolling_forward_is_a_warning_with_expected_value() -> None:
    prev = set_cells(last_year(), {("active", "normative_documents", "in_force"): "10"})
    (finding,) = run(make_report(), "XY-02", previous=prev)
    assert (str(finding.severity), finding.values["expected"]) == ("warning", 12)


_ACTIVE_2019_PREV = {
    "regulations": [0, 0, 0],
    "normative_documents": [3, 3, 17],
    "licensing": [8, 2, 40],
    "other_services": [4, 0, 8],
    "penalty": [7, -1, 12],
    "coercion": [2, 0, 1],
    "fees": [3, 0],
    "procurement": [1, "500元"],
}


@covers("XY-03", "pass")
def test_2019_item_counts_roll_forward_pass() -> None:
    prev = last_year(fmt="2019", active=_ACTIVE_2019_PREV)
    assert failures(make_report(year=2020, fmt="2019"), "XY-03", previous=prev) == []


@covers("XY-03", "fail")
def test_2019_item_count_break_is_a_warning() -> None:
    prev = last_year(fmt="2019", active={**_ACTIVE_2019_PREV, "licensing": [5, 2, 40]})
    found = run(make_report(year=2020, fmt="2019"), "XY-03", previous=prev)
    assert [(f.location.row, f.values["expected"]) for f in found] == [("licensing", 7)]


@covers("XY-04", "fail")
def test_format_change_between_years_is_noted() -> None:
    prev = last_year(fmt="2019", active=_ACTIVE_2019_PREV)
    (finding,) = run(make_report(year=2021), "XY-04", previous=prev)
    assert (finding.status, str(finding.severity)) == ("note", "info")
    assert failures(make_report(year=2021), "XY-02", previous=prev) == []


@covers("XY-04", "pass")
def test_same_format_both_years_has_no_note() -> None:
    assert run(make_report(), "XY-04", previous=last_year()) == []


# ---------------------------------------------------------------- XY-05 … XY-07


@covers("XY-05", "fail")
def test_section_copied_from_last_year_with_new_numbers_is_a_warning() -> None:
    this = make_report(
        sections={k: v.replace("两次", "三次") for k, v in _TWO_YEAR_PREV_TEXT.items()}
    )
    found = run(this, "XY-05", previous=last_year())
    assert [(f.location.section, str(f.severity)) for f in found] == [
        (1, "warning"),
        (5, "warning"),
    ]


@covers("XY-05", "pass")
def test_rewritten_sections_pass() -> None:
    assert failures(make_report(), "XY-05", previous=last_year()) == []


@covers("XY-06", "fail")
def test_same_numbers_as_last_year_is_a_warning() -> None:
    (finding,) = run(make_report(), "XY-06", previous=make_report(year=2022))
    assert finding.values["same"] == finding.values["total"] >= 5


@covers("XY-06", "pass")
def test_different_numbers_pass() -> None:
    prev = make_report(
        year=2022,
        requests={
            "new_received": [8, 2, 0, 0, 0, 0, 10],
            "granted": [7, 2, 0, 0, 0, 0, 9],
            "total": [7, 2, 0, 0, 0, 0, 9],
            "carried_forward": [1, 0, 0, 0, 0, 0, 1],
        },
        active={"normative_documents": [5, 2, 18], "licensing": [80], "penalty": [7]},
    )
    assert failures(make_report(), "XY-06", previous=prev) == []


@covers("XY-07", "fail")
def test_no_word_on_last_years_problems_is_info() -> None:
    assert failing(make_report(), "XY-07", last_year()) == [("XY-07", "info")]


@covers("XY-07", "pass")
def test_follow_up_of_last_years_problems_passes() -> None:
    this = make_report(
        sections={5: "上年度政策解读形式单一的问题已整改到位。存在的问题是公开不全面，将加强培训。"}
    )
    assert failures(this, "XY-07", previous=last_year()) == []


# ---------------------------------------------------------------- XY-08, PUB-02 (reports checked together)


def _copy(rep: Report, sha: str, **meta: Any) -> Report:
    return replace(
        rep, source=Source(f"{sha}.txt", sha * 64, "text"), meta=replace(rep.meta, **meta)
    )


@covers("XY-08", "fail")
def test_another_copy_of_the_same_report_with_other_numbers_is_a_warning() -> None:
    this = make_report()
    other = _copy(set_cells(this, {("requests", "granted", "total"): "4"}), "2")
    (finding,) = with_peers("XY-08", this, [this, other])
    assert finding.values["count"] == 1
    assert finding.values["examples"] == "表三「（一）予以公开」行「总计」列：3 与 4"


@covers("XY-08", "pass")
def test_identical_copies_and_other_organs_pass() -> None:
    this = make_report()
    other_organ = _copy(
        set_cells(this, {("requests", "granted", "total"): "4"}), "3", organ="某某县生态环境局"
    )
    assert with_peers("XY-08", this, [_copy(this, "2"), other_organ]) == []


@covers("PUB-02", "fail")
def test_another_organs_near_identical_text_is_copying() -> None:
    this = make_report(sections=_TWO_YEAR_PREV_TEXT)
    other = _copy(this, "4", organ="某某县生态环境局")
    (finding,) = with_peers("PUB-02", this, [other])
    assert str(finding.severity) == "warning" and finding.values["similarity"] > 0.9


@covers("PUB-02", "pass")
def test_different_text_of_another_organ_passes_and_no_batch_means_no_finding() -> None:
    this = make_report(sections=_TWO_YEAR_PREV_TEXT)
    assert with_peers("PUB-02", this, [_copy(make_report(), "4", organ="某某县生态环境局")]) == []
    assert run(this, "PUB-02") == []
