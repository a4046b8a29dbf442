"""Dates, year and deadlines (DATE-01…09) on small reports and the seeds."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import nianbao
from checkkit import covers, failures, make_report, run, with_meta
from gold import EXAMPLES
from nianbao.model import Finding, Report
from nianbao.rule import Context, get_rule
from nianbao.settings import Settings

_ONE = "本机关推进主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作。"
_PERIOD = "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"


def report(
    *lines: str, organ: str = "某某市生态环境局", published: str | None = None, **kw: Any
) -> Report:
    built = make_report(organ=organ, sections={1: "\n".join([_ONE, *lines])}, **kw)
    return with_meta(built, published=published) if published else built


def call(rule_id: str, rep: Report, settings: object) -> list[Finding]:
    """A rule run with settings the Settings class does not have yet (local options)."""
    r = get_rule(rule_id)
    return list(r.fn(Context(report=rep, rule=r, settings=settings)))


def failing(rep: Report, rule_id: str) -> list[tuple[str, str]]:
    return [(f[0], f[1]) for f in failures(rep, rule_id)]


# ---------------------------------------------------------------- DATE-01 / DATE-09


@covers("DATE-01", "pass")
def test_title_period_and_body_in_one_year_pass() -> None:
    assert failures(report(_PERIOD, "2023年，本机关扎实推进政务公开。"), "DATE-01") == []


@covers("DATE-01", "fail")
def test_period_spanning_two_years_and_title_of_another_year_are_errors() -> None:
    two_years = report("统计期限自2023年1月1日起至2024年12月31日止。")
    assert failing(two_years, "DATE-01") == [("DATE-01", "error")]
    (finding,) = run(
        with_meta(report(), title="某某市生态环境局2022年政府信息公开工作年度报告"), "DATE-01"
    )
    assert "2022" in finding.message and str(finding.severity) == "error"


def test_body_narrating_a_later_year_is_only_a_warning() -> None:
    rep = report("2024年，本机关扎实推进政务公开。", "2024年以来，我局加强培训。")
    assert failing(rep, "DATE-01") == [("DATE-01", "warning")]


def test_report_year_unknown_is_not_assessable() -> None:
    (finding,) = run(report(year=None), "DATE-01")
    assert finding.status == "not_assessable"


@covers("DATE-09", "fail")
def test_last_years_period_or_body_year_is_a_stale_year_warning() -> None:
    stale_period = report("本报告统计期限自2022年1月1日起至2022年12月31日止。")
    assert failing(stale_period, "DATE-09") == [("DATE-09", "warning")]
    assert failures(stale_period, "DATE-01") == []  # the same slip is not reported twice
    stale_body = report("2022年，本机关扎实推进政务公开。", "2022年以来，我局加强培训。")
    assert failing(stale_body, "DATE-09") == [("DATE-09", "warning")]


@covers("DATE-09", "pass")
def test_current_year_body_passes_stale_year() -> None:
    assert failures(report(_PERIOD, "2023年，本机关扎实推进政务公开。"), "DATE-09") == []


# ---------------------------------------------------------------- DATE-02


@covers("DATE-02", "fail")
def test_impossible_dates_are_errors_with_the_sentence() -> None:
    rep = report("统计期限至202020年12月31日止。", "于2月30日召开培训会。")
    found = run(rep, "DATE-02")
    assert [f.values["raw"] for f in found] == ["202020年12月31日", "2月30日"]
    assert all(str(f.severity) == "error" and f.evidence[0].raw for f in found)


@covers("DATE-02", "pass")
def test_real_dates_pass() -> None:
    assert failures(report(_PERIOD, "2024年2月29日召开会议。"), "DATE-02") == []


# ---------------------------------------------------------------- deadlines DATE-03 … DATE-06


@covers("DATE-03", "fail")
def test_department_published_after_january_31_is_a_warning() -> None:
    (finding,) = run(report(published="2024-02-15"), "DATE-03")
    assert (str(finding.severity), finding.status) == ("warning", "fail")
    assert "2024-01-31" in finding.message


@covers("DATE-03", "pass")
def test_department_published_in_january_passes() -> None:
    assert failures(report(published="2024-01-20"), "DATE-03") == []


def test_deadline_without_a_date_is_not_assessable() -> None:
    (finding,) = run(report(), "DATE-03")
    assert finding.status == "not_assessable"


@covers("DATE-04", "fail")
def test_government_published_after_march_31_is_a_warning() -> None:
    rep = report(organ="某某市人民政府", published="2024-04-02")
    assert failing(rep, "DATE-04") == [("DATE-04", "warning")]
    assert failures(rep, "DATE-03") == []  # a government's report is not a department's


@covers("DATE-04", "pass")
def test_government_published_in_march_passes() -> None:
    assert failures(report(organ="某某市人民政府", published="2024-03-30"), "DATE-04") == []


@covers("DATE-05", "fail")
def test_township_after_the_local_deadline_is_info() -> None:
    rep = report(organ="某某镇人民政府", published="2024-02-10")
    assert failing(rep, "DATE-05") == [("DATE-05", "info")]
    configured = call("DATE-05", report(organ="某某镇人民政府", published="2024-01-25"),
                      Settings(local_deadline="01-20"))  # fmt: skip
    assert [f.values["deadline"] for f in configured] == ["2024-01-20"]


@covers("DATE-05", "pass")
def test_township_in_time_passes() -> None:
    assert failures(report(organ="某某镇人民政府", published="2024-01-20"), "DATE-05") == []


@covers("DATE-06", "fail")
def test_signed_before_the_year_ended_is_an_error() -> None:
    assert failing(report(published="2023-12-20"), "DATE-06") == [("DATE-06", "error")]


@covers("DATE-06", "pass")
def test_signed_after_the_year_ended_passes() -> None:
    assert failures(report(published="2024-01-05"), "DATE-06") == []


# ---------------------------------------------------------------- DATE-07, DATE-08


@covers("DATE-07", "fail")
def test_signature_after_the_shown_publication_date_is_a_warning() -> None:
    rep = make_report(extra_paragraphs=["发布日期：2024年1月10日"])
    assert failing(with_meta(rep, published="2024-01-15"), "DATE-07") == [("DATE-07", "warning")]


@covers("DATE-07", "pass")
def test_signature_before_publication_passes() -> None:
    rep = make_report(extra_paragraphs=["发布日期：2024年1月10日"])
    assert failures(with_meta(rep, published="2024-01-08"), "DATE-07") == []


@covers("DATE-08", "fail")
def test_next_years_work_in_section_one_is_info() -> None:
    (finding,) = run(report("以督导问责为抓手，做好2024年日常督查工作。"), "DATE-08")
    assert str(finding.severity) == "info" and finding.values["quote"] == "做好2024年日常督查工作"
    seed = nianbao.parse(next(EXAMPLES.glob("003_*.txt")))
    assert failing(seed, "DATE-08") == [("DATE-08", "info")]


@covers("DATE-08", "pass")
def test_plans_and_document_titles_naming_next_year_pass() -> None:
    rep = report(
        "下一步将做好2024年政务公开工作。", "转发《关于做好2024年度信息报送的通知》，推进各项任务。"
    )
    assert failures(rep, "DATE-08") == []


@given(st.text(alphabet=st.sampled_from("（一）二、2023度,以来全我本共a年"), max_size=16))
def test_every_opener_prints_the_year_mark(text: str) -> None:
    """narrated_year tries the opener only on a sentence printing 年."""
    from nianbao.rules import dates

    if dates._OPENER.match(text):
        assert "年" in text


@given(st.text(alphabet=st.sampled_from("1920234589年度a，٣２٠"), max_size=24))
def test_printed_years_are_years_in(norm: str) -> None:
    """printed_years, a test at each 年, finds the years the regex of years_in finds (digits of
    other scripts and years run into other digits included)."""
    from nianbao.extract.dates import years_in
    from nianbao.extract.sentences import Sentence
    from nianbao.model import Location
    from nianbao.rules.dates import printed_years

    sentence = Sentence(norm, norm, None, Location(), ())
    assert printed_years(norm) == [y for y, _ in years_in(sentence)]


@given(st.text(alphabet=st.sampled_from("将计划下一步明年截至止到拟要点a年"), max_size=12))
def test_plan_words_as_one_pattern(norm: str) -> None:
    """The plan and cut-off words' patterns find a word exactly when one of the words is in
    the text (``common.mentions``)."""
    from nianbao.rules import dates
    from nianbao.rules.common import mentions

    assert bool(dates._ANY_PLAN.search(norm)) == mentions(dates._PLAN, norm)
    assert bool(dates._PLAN_OR_CUTOFF.search(norm)) == (
        mentions(dates._PLAN, norm) or mentions(dates._CUTOFF, norm)
    )


@given(st.lists(st.text(alphabet=st.sampled_from("1920234589年度a٣"), max_size=10), max_size=4))
def test_years_of_sentences_joined_by_line_breaks(norms: list[str]) -> None:
    """DATE-08 reads section 一's years once, in its sentences joined by line breaks: the same
    years as each sentence's, in order (no year is read across a line break)."""
    from nianbao.rules.dates import printed_years

    assert printed_years("\n".join(norms)) == [y for n in norms for y in printed_years(n)]


@given(st.lists(st.text(alphabet=st.sampled_from("发布公开印日期时间a"), max_size=8), max_size=4))
def test_the_publication_date_is_told_in_the_sentences_joined(norms: list[str]) -> None:
    """DATE-07 searches its sentences only when ``_PUBLISHED_AT`` finds a match in them joined
    by line breaks: it does exactly when it finds one in some sentence."""
    from nianbao.rules import dates

    joined = bool(dates._PUBLISHED_AT.search("\n".join(norms)))
    assert joined == any(dates._PUBLISHED_AT.search(n) for n in norms)


#: what a title's years hang on: years printed in ASCII, full-width or Arabic-Indic digits, cut
#: by whitespace (U+3000, NBSP too) or a comma, 年, and a traditional character the copy
#: simplifies
_TITLE_PIECES = ["2023", "２０２３", "٢٠٢٣", "20", "23", "1999", "年", "度", "報", "报告", " ", "\u3000",
                 "\u00a0", "\t", ",", "，", "Ａ", "0"]  # fmt: skip


@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=6).map("".join))
@example("某局２０２３年度报告")
@example("2023 年")
@example("2,023年")
@example("20\u300023年")
def test_title_years_are_those_of_the_matching_copy(title: str) -> None:
    """DATE-01 reads the title's years as printed when the matching copy could read no
    others: always those of the copy (``normalize``)."""
    from types import SimpleNamespace

    from nianbao.extract.sentences import normalize
    from nianbao.rules.dates import _YEAR, _title_years

    ctx: Any = SimpleNamespace(report=SimpleNamespace(meta=SimpleNamespace(title=title)))
    assert _title_years(ctx) == [int(y) for y in _YEAR.findall(normalize(title))]
