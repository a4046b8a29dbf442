"""Section content (SEC-01…09) on small reports and the seeds."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

import nianbao
from checkkit import covers, failures, make_report, run
from gold import EXAMPLES
from nianbao.model import Finding, Report
from nianbao.rule import Context, get_rule
from nianbao.rules import sections
from nianbao.settings import Settings

SEEDS = EXAMPLES
_GOV_ONE = (
    "全县各部门推进主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作。\n"
    "开展年度工作考核和社会评议，未发生责任追究情况。"
)
_SIX_FULL = (
    "本年度未收取信息处理费。认真落实上级年度政务公开工作要点。"
    "人大代表建议和政协提案办理结果全部公开。创新开展政策解读直播。"
)


def seed(name: str) -> Report:
    return nianbao.parse(next(SEEDS.glob(f"{name}_*.txt")))


def failing(rep: Report, rule_id: str) -> list[tuple[str, str]]:
    return [(f[0], f[1]) for f in failures(rep, rule_id)]


def call(rule_id: str, rep: Report, settings: object) -> list[Finding]:
    """A rule run with settings the Settings class does not have yet (local options)."""
    r = get_rule(rule_id)
    return list(r.fn(Context(report=rep, rule=r, settings=settings)))


# ---------------------------------------------------------------- SEC-01 … SEC-03


@covers("SEC-01", "pass")
def test_section_one_covering_the_five_aspects_passes() -> None:
    assert failures(make_report(), "SEC-01") == []


@covers("SEC-01", "fail")
def test_each_missing_aspect_is_one_warning() -> None:
    found = run(make_report(sections={1: "本机关着力推进主动公开工作。"}), "SEC-01")
    assert [f.values["aspect"] for f in found] == [
        "依申请公开",
        "政府信息管理",
        "政府信息公开平台建设",
        "监督保障",
    ]
    assert {str(f.severity) for f in found} == {"warning"}
    assert [f.values["aspect"] for f in run(seed("003"), "SEC-01")] == ["依申请公开"]


def test_section_one_missing_is_not_assessable() -> None:
    full = make_report()
    (finding,) = run(replace(full, sections=full.sections[1:]), "SEC-01")
    assert finding.status == "not_assessable"


@covers("SEC-02", "fail")
def test_government_report_without_assessment_and_accountability_is_a_warning() -> None:
    (finding,) = run(make_report(organ="某某县人民政府"), "SEC-02")
    assert finding.values["missing"] == "工作考核、社会评议、责任追究"


@covers("SEC-02", "pass")
def test_government_report_with_assessment_and_department_reports_pass() -> None:
    assert failures(make_report(organ="某某县人民政府", sections={1: _GOV_ONE}), "SEC-02") == []
    assert failures(make_report(), "SEC-02") == []  # a department: not required


@covers("SEC-03", "fail")
def test_government_report_not_covering_the_region_is_a_warning() -> None:
    assert failing(make_report(organ="某某县人民政府"), "SEC-03") == [("SEC-03", "warning")]


@covers("SEC-03", "pass")
def test_government_report_speaking_for_the_county_passes() -> None:
    assert failures(make_report(organ="某某县人民政府", sections={1: _GOV_ONE}), "SEC-03") == []


# ---------------------------------------------------------------- SEC-04 … SEC-07


@covers("SEC-04", "pass")
def test_problems_and_measures_present_pass() -> None:
    assert failures(make_report(), "SEC-04") == []


@covers("SEC-04", "fail")
def test_empty_or_one_sided_section_five() -> None:
    (empty,) = run(make_report(sections={5: "无"}), "SEC-04")
    assert "没有内容" in empty.message and str(empty.severity) == "warning"
    (no_problem,) = run(make_report(sections={5: "下一步将加强培训，完善制度。"}), "SEC-04")
    assert "存在的问题" in no_problem.message
    (short,) = run(make_report(sections={5: "问题是公开不够，将加强。"}), "SEC-04")
    assert str(short.severity) == "info"


@covers("SEC-05", "pass")
def test_fee_statement_present_passes() -> None:
    assert failures(make_report(), "SEC-05") == []
    assert failures(seed("004"), "SEC-05") == []  # 「未向申请人收取任何费用」
    assert failures(make_report(year=2020, fmt="2019", sections={6: "无"}), "SEC-05") == []


@covers("SEC-05", "fail")
def test_no_fee_statement_in_a_2021_format_report_is_a_warning() -> None:
    assert failing(make_report(sections={6: "无其他需要报告的事项。"}), "SEC-05") == [
        ("SEC-05", "warning")
    ]


@covers("SEC-06", "fail")
def test_section_six_only_nothing_is_info_even_with_the_signature_below() -> None:
    rep = make_report(sections={6: "无。\n某某市生态环境局\n2024年1月10日"})
    (finding,) = run(rep, "SEC-06")
    assert (str(finding.severity), finding.values["quote"]) == ("info", "无。")


@covers("SEC-06", "pass")
def test_section_six_with_content_passes() -> None:
    assert failures(make_report(), "SEC-06") == []


_PROVINCE = Settings(section_six_items=True)


@covers("SEC-07", "fail")
def test_missing_optional_items_are_one_info_where_the_province_requires_them() -> None:
    (finding,) = call("SEC-07", make_report(), _PROVINCE)
    assert "人大代表建议" in finding.values["missing"] and str(finding.severity) == "info"


@covers("SEC-07", "pass")
def test_all_optional_items_present_pass() -> None:
    assert call("SEC-07", make_report(sections={6: _SIX_FULL}), _PROVINCE) == []


def test_optional_items_are_not_asked_for_by_default() -> None:
    assert failures(make_report(), "SEC-07") == []
    for name in ("000", "001", "002", "003", "004"):
        assert failures(seed(name), "SEC-07") == []


# ---------------------------------------------------------------- local options SEC-08, SEC-09


@covers("SEC-08", "pass")
def test_length_limit_is_off_by_default_and_passes_short_text() -> None:
    long_one = make_report(sections={1: "主动公开" * 400})
    assert failures(long_one, "SEC-08") == []
    assert call("SEC-08", make_report(), Settings(section_one_max_chars=1000)) == []


@covers("SEC-08", "fail")
def test_length_over_the_configured_limit_is_info() -> None:
    (finding,) = call("SEC-08", make_report(), Settings(section_one_max_chars=20))
    assert finding.values["limit"] == 20 and finding.values["length"] > 20


@covers("SEC-09", "pass")
def test_required_counts_off_by_default_and_present_pass() -> None:
    assert failures(make_report(), "SEC-09") == []
    counted = make_report(
        sections={
            1: "主动公开政府信息120条，发布政策解读8篇，回应关切3次。"
            "制发规范性文件3件。运维政府网站1个，编发政府公报12期。"
        }
    )
    assert call("SEC-09", counted, Settings(section_one_counts=True)) == []


@covers("SEC-09", "fail")
def test_missing_required_counts_are_listed_when_enabled() -> None:
    found = call("SEC-09", make_report(), Settings(section_one_counts=True))
    assert len(found) == 5 and {str(f.severity) for f in found} == {"info"}


@given(st.text(alphabet=st.sampled_from("。,;:、!?，a中 "), max_size=8))
def test_a_section_of_punctuation_alone_is_told_by_stripping_it(text: str) -> None:
    """SEC-04 strips the punctuation from both ends instead of removing it everywhere."""
    assert (not text.strip(sections._PUNCTUATION)) == (not re.sub(r"[。,;:、!?]", "", text))


def test_a_section_body_is_its_blocks_split_afresh() -> None:
    """body_sentences takes the whole narrative's sentences of a section that leaves nothing
    out; splitting its blocks without the 落款 again gives the same sentences."""
    from nianbao.extract.sentences import section_blocks, split_sentences
    from nianbao.rules.analysis import Analysis

    signed = make_report(sections={6: "无。\n某某市生态环境局\n2024年1月10日"})
    for report in [signed, make_report(), *(nianbao.parse(p) for p in sorted(SEEDS.glob("*.txt")))]:
        analysis = Analysis(report)
        for sec in report.sections:
            body = analysis._body_of(section_blocks(report, sec))
            fresh = split_sentences(body, sec.no, analysis.width, {})
            assert analysis.body_sentences(sec.no) == fresh, (report.source.path, sec.no)


@given(st.text(max_size=6), st.text(max_size=6))
def test_a_full_stop_stays_in_the_matching_copy(before: str, after: str) -> None:
    """A line printing 。 is not taken for the organ's name (which prints none) without
    normalising it: 。 stays whatever stands beside it."""
    from nianbao.extract.sentences import normalize

    assert "。" in normalize(f"{before}。{after}")


@given(
    st.text(alphabet=st.sampled_from("淮安市政府 1,。a\u3000⼀"), max_size=12), st.integers(1, 6)
)
def test_the_organ_names_ideograph_test_takes_no_run_back(text: str, n: int) -> None:
    """``analysis._ideographs`` reads the run before each ideograph possessively: it matches
    exactly where the pattern that may give characters back does."""
    from nianbao.rules.analysis import _ideographs

    plain = re.compile(rf"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){{{n}}}")
    assert (_ideographs(n).match(text) is None) == (plain.match(text) is None)


_WORD_LISTS = [sections._PROBLEM, sections._MEASURE, *(w for _, w in sections._GOVERNMENT_DUTIES)]


@given(
    st.sampled_from(range(len(_WORD_LISTS))),
    st.lists(
        st.sampled_from(
            sorted({c for words in _WORD_LISTS for w in words for c in w} | set("，。\n a1"))
            + [w for words in _WORD_LISTS for w in words]
        ),
        max_size=30,
    ).map("".join),
)
def test_words_said_as_mentioned(which: int, text: str) -> None:
    """``_said`` (the first word by ``in``, the others by their alternation) tells what
    ``common.mentions`` of the words tells."""
    from nianbao.rules.common import mentions

    words = _WORD_LISTS[which]
    assert sections._said(sections._words(words), text) == mentions(words, text)
