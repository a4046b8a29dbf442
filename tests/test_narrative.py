"""Finding the counts and dates a report's narrative states (nianbao.extract: sentences, claims, dates)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import nianbao
from gold import EXAMPLES
from nianbao.extract import dates as extract_dates
from nianbao.extract import sentences as extract_sentences
from nianbao.extract.claims import Claim, all_done_claims, claims_in
from nianbao.extract.dates import DateMention, dates_in
from nianbao.extract.numerals import cn_number
from nianbao.extract.scope import scope_differs
from nianbao.extract.sentences import full_width, split_sentences
from nianbao.model import Location, TextBlock

SEEDS = EXAMPLES
FIXTURES = Path(__file__).parent / "fixtures"


def _texts(tokens: Sequence[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts of up to ``max_size`` of ``tokens`` joined (what a property test reads from)."""
    return st.lists(st.sampled_from(tokens), max_size=max_size).map("".join)


def blocks_of(path: Path, first: int = 1, last: int | None = None) -> list[TextBlock]:
    """The file's non-empty lines as paragraphs (line numbers as `grep -n` prints them)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [
        TextBlock(line.strip(), Location(path=str(path), line=i))
        for i, line in enumerate(lines, 1)
        if line.strip() and i >= first and (last is None or i <= last)
    ]


def found(blocks: list[TextBlock]) -> list[tuple[str, float, bool]]:
    width = full_width(blocks)
    return [
        (c.topic, c.value, c.negated)
        for s in split_sentences(blocks, 1, width)
        for c in claims_in(s)
    ]


def one(text: str) -> list[Claim]:
    sentences = split_sentences([TextBlock(text, Location(line=1))], 1)
    return [c for s in sentences for c in claims_in(s)]


# ---------------------------------------------------------------- numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十六", 16),
        ("一百二十三", 123),
        ("两千", 2000),
        ("壹佰贰拾叁", 123),
        ("一万二千", 12000),
        ("一万二", 12000),
        ("两千五", 2500),
        ("两千零五", 2005),
        ("一百零五", 105),
        ("三千一百一十九", 3119),
        ("一亿二千万", 120_000_000),
        ("二〇二三", 2023),
        ("１２３", 123),
        ("1.5万", 15000),
        ("3,119", 3119),
        ("1505.5301", 1505.5301),
        ("零", 0),
    ],
)
def test_cn_number_reads_chinese_and_full_width_numerals(text: str, value: float) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "一是", "十分", "百千"])
def test_cn_number_rejects_words(text: str) -> None:
    assert cn_number(text) is None


_D = "零一二三四五六七八九"


def _spell(value: int) -> str:
    """Standard spelling below 10^8 (一万零五, 十六 vs 一百一十六)."""

    def below(v: int, leading: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = v // unit % 10
            if digit:
                if zero and out:
                    out += "零"
                if not (unit == 10 and digit == 1 and leading and not out):
                    out += _D[digit]
                out += name
                zero = False
            elif out:
                zero = True
        return out

    if value == 0:
        return "零"
    high, low = divmod(value, 10000)
    text = below(high, True) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + below(low, not high)
    return text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_cn_number_inverts_standard_spelling(value: int) -> None:
    assert cn_number(_spell(value)) == value


# ---------------------------------------------------------------- sentences


def test_wrapped_pdf_lines_join_into_one_sentence_with_line_of_each_number() -> None:
    width = full_width(blocks_of(FIXTURES / "huaian-2024.layout.txt"))
    blocks = blocks_of(FIXTURES / "huaian-2024.layout.txt", 31, 37)
    sentence = next(s for s in split_sentences(blocks, 1, width) if "3119" in s.norm)
    assert sentence.text.startswith("2024 年，全市共受理政府信息公开申请 3119 件")
    claim = next(c for c in claims_in(sentence) if c.topic == "requests.received")
    assert (claim.value, claim.location.line) == (3119, 31)
    handled = next(c for c in claims_in(sentence) if c.topic == "requests.handled")
    assert (handled.value, handled.location.line) == (3050, 32)
    assert [loc.line for _, loc in sentence.spans] == [31, 32, 33]


def test_short_lines_are_not_taken_for_wrapped_ones() -> None:
    blocks = [
        TextBlock("河曲县人民政府办公室", Location(line=1)),
        TextBlock("2024年1月19日", Location(line=2)),
    ]
    assert len(split_sentences(blocks, 6)) == 2


def test_headings_and_numbered_items_are_not_joined_to_the_next_line() -> None:
    blocks = [
        TextBlock("（二）依申请公开情况", Location(line=1)),
        TextBlock("本年度收到申请5件", Location(line=2)),
        TextBlock("存在主要问题:1、信息公开不够规范", Location(line=3)),
        TextBlock("2、信息公开的质量不够及时", Location(line=4)),
        TextBlock("-3-", Location(line=5)),
    ]
    texts = [s.text for s in split_sentences(blocks, 1)]
    assert texts == [
        "（二）依申请公开情况",
        "本年度收到申请5件",
        "存在主要问题:1、信息公开不够规范",
        "2、信息公开的质量不够及时",
    ]


# ---------------------------------------------------------------- claims on the seeds


def test_seed_001_states_one_application_and_denies_reviews_and_suits() -> None:
    claims = found(blocks_of(SEEDS / "001_b5fe446b3f679b76.txt", 1, 18))
    assert ("requests.received", 1, False) in claims
    assert ("review.total", 0, True) in claims
    assert ("litigation.total", 0, True) in claims


def test_seed_002_total_is_16_not_the_7_and_9_of_its_breakdown() -> None:
    claims = found(blocks_of(SEEDS / "002_ca1fd1482ab00037.txt", 1, 36))
    received = [v for t, v, _ in claims if t == "requests.received"]
    assert received == [16]
    assert ("review.total", 2, False) in claims


def test_seed_004_normative_documents_and_no_applications() -> None:
    claims = found(blocks_of(SEEDS / "004_81a26273262094ca.txt", 1, 16))
    assert ("active.normative_documents.issued", 10, False) in claims
    assert ("requests.received", 0, True) in claims
    assert not any(t == "requests.received" and v > 0 for t, v, _ in claims)


def test_huaian_every_figure_of_the_application_and_review_paragraph() -> None:
    claims = found(blocks_of(FIXTURES / "huaian-2024.layout.txt", 1, 62))
    expected = {
        ("active.regulations.issued", 1),
        ("requests.received", 3119),
        ("requests.handled", 3050),
        ("requests.carried_over", 34),
        ("requests.carried_forward", 103),
        ("review.total", 351),
        ("review.upheld", 72),
        ("review.corrected", 64),
        ("review.other", 178),
        ("review.pending", 37),
        ("litigation.total", 46),
        ("litigation.upheld", 25),
        ("litigation.corrected", 5),
        ("litigation.other", 9),
        ("litigation.pending", 7),
    }
    assert {(t, v) for t, v, _ in claims} == expected


@pytest.mark.parametrize(
    ("text", "topic", "value"),
    [
        ("本年度共收到政府信息公开申请十六件。", "requests.received", 16),
        ("共受理申请壹佰贰拾叁件。", "requests.received", 123),
        ("收到政府信息公开申请１６件。", "requests.received", 16),
        ("新收政府信息公开申请1,234件。", "requests.received", 1234),
        ("政府信息公开申请共计8件。", "requests.received", 8),
        ("其中予以公开5件，部分公开2件，不予公开1件，无法提供3件。", "requests.granted", 5),
        (
            "其中予以公开5件，部分公开2件，不予公开1件，无法提供3件。",
            "requests.partially_granted",
            2,
        ),
        ("其中予以公开5件，部分公开2件，不予公开1件，无法提供3件。", "requests.denied", 1),
        ("其中予以公开5件，部分公开2件，不予公开1件，无法提供3件。", "requests.unable", 3),
        ("结转下年度办理2件。", "requests.carried_forward", 2),
        (
            "全年制发行政规范性文件3件，现行有效规范性文件12件。",
            "active.normative_documents.issued",
            3,
        ),
        (
            "全年制发行政规范性文件3件，现行有效规范性文件12件。",
            "active.normative_documents.in_force",
            12,
        ),
        ("废止规范性文件2件。", "active.normative_documents.repealed", 2),
        (
            "办理行政许可事项审批2252件，作出行政处罚决定80件，行政强制3件。",
            "active.penalty.decisions",
            80,
        ),
        (
            "办理行政许可事项审批2252件，作出行政处罚决定80件，行政强制3件。",
            "active.coercion.decisions",
            3,
        ),
        ("发生政府信息公开行政诉讼案件3起。", "litigation.total", 3),
    ],
)
def test_counts_in_common_phrasings(text: str, topic: str, value: float) -> None:
    assert (topic, value) in {(c.topic, c.value) for c in one(text)}


@pytest.mark.parametrize(
    "text",
    [
        "共发布信息1276条，政务新媒体账号发布信息1341条。",
        "其中网络申请7件、信函申请9件。",
        "建立健全规章制度5项。",
        "政府信息公开申请答复率100%。",
        "行政许可事项清单120项。",
    ],
)
def test_no_count_is_read_from_unrelated_figures(text: str) -> None:
    assert one(text) == []


def test_zero_counts_are_denials() -> None:
    claims = one("本年度收到政府信息公开申请0件，行政复议和行政诉讼均为0件。")
    assert {(c.topic, c.value, c.negated) for c in claims} == {
        ("requests.received", 0, True),
        ("review.total", 0, True),
        ("litigation.total", 0, True),
    }


@pytest.mark.parametrize(
    "text",
    [
        "逾期未答复的申请人可以依法申请行政复议或提起行政诉讼。",
        "对未收到答复的申请人及时电话回访。",
        "行政机关逾期未作出答复的申请人有权申请行政复议。",
    ],
)
def test_procedures_are_not_denials(text: str) -> None:
    assert [c for c in one(text) if c.negated] == []


def test_review_lawsuit_count_is_not_taken_for_an_application_count() -> None:
    claims = one("因政府信息公开申请引起的行政复议2件。")
    assert [(c.topic, c.value) for c in claims] == [("review.total", 2)]


def test_approximate_counts_are_marked() -> None:
    (claim,) = one("全年共受理申请120余件。")
    assert claim.approximate and claim.value == 120
    (near,) = one("全年共受理申请约30件。")
    assert near.approximate


def test_scope_words() -> None:
    assert one("全县共收到申请16件。")[0].scope == "region"
    assert one("我局共收到申请16件。")[0].scope == "own"
    assert one("共收到申请16件。")[0].scope is None
    # a denial's and a breakdown's scope, told from where each phrasing starts
    (denial,) = one("全县未收到政府信息公开申请。")
    assert denial.negated and denial.scope == "region"
    review = one("全市行政复议3件，其中结果维持2件。")
    assert [(c.topic, c.scope) for c in review] == [
        ("review.total", "region"),
        ("review.upheld", "region"),
    ]
    assert scope_differs("region", "department")
    assert not scope_differs("region", "government")
    assert not scope_differs(None, "department")


_SCOPE_TOKENS = (
    "全 各 本 我 县 市 局 直 部门 单位 机关 乡镇 级 行政区域 ( 、 ) 收到 申请 3件 , a".split()
)


@given(_texts(_SCOPE_TOKENS, 12), st.integers(min_value=0, max_value=40))
@example("我局和全县", 2)
@example("全县各部门本机关", 30)
def test_scope_at_is_the_nearest_word_before_else_the_first_after(norm: str, offset: int) -> None:
    """``scope_at`` reads each kind's words up to the first after the statement: the same
    word as the plain reading of every word (the nearest before, else the first after, the
    first kind winning a tie)."""
    from nianbao.extract import scope

    hits = [(m.start(), kind) for p, kind in scope._SCOPES for m in p.finditer(norm)]
    before = [h for h in hits if h[0] <= offset]
    after = [h for h in hits if h[0] > offset]
    plain = (
        max(before, key=lambda h: h[0])[1]
        if before
        else min(after, key=lambda h: h[0])[1]
        if after
        else None
    )
    assert scope.scope_at(norm, offset) == plain


def test_all_done_claims() -> None:
    def done(text: str) -> bool:
        return any(all_done_claims(s) for s in split_sentences([TextBlock(text, Location())], 1))

    assert done("所有申请均已按要求办理完成。")
    assert done("本年度申请全部办结，无结转。")
    assert not done("上年结转的申请均已办结。")
    assert not done("均在法定期限内予以答复。")


#: a line's pieces as first written: the last piece, without a sentence-ending mark, by a
#: second alternative (extract.sentences reads it in the same run as the others)
_PLAIN_PIECE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』\"]?|[^。！？!?]+$")


@given(_texts([*'ab 中，。！？!?”’」』"\n'], 14))
def test_pieces_are_those_of_the_plain_pattern(line: str) -> None:
    def pieces(pattern: re.Pattern[str]) -> list[str]:
        return [p for p in pattern.findall(line) if p.strip()]

    assert pieces(extract_sentences._PIECE) == pieces(_PLAIN_PIECE)


#: the pieces' patterns as written before they were spelled to match no empty text: each
#: ended in ``|$``, an empty match at the line's end, which ``_cut`` dropped
_FORMER_PIECE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』\"]?|$)")
_FORMER_FULL_STOP_PIECE = re.compile(r"[^。]*(?:。+[”’」』\"]?|$)")


@given(_texts([*'ab 中，。！？!?”’」』"\n\u3000'], 14))
def test_pieces_are_the_former_matches_but_the_empty_last(line: str) -> None:
    text = line.strip()
    if not text:
        return
    assert extract_sentences._PIECE.findall(text) == _FORMER_PIECE.findall(text)[:-1]
    if not any(c in text for c in "！？!?"):
        former = _FORMER_FULL_STOP_PIECE.findall(text)[:-1]
        assert extract_sentences._FULL_STOP_PIECE.findall(text) == former


@given(_texts([*'ab 中，。！？!?”’」』"\n\u3000'], 14))
def test_a_cut_line_keeps_every_piece_but_the_empty_last_match(line: str) -> None:
    # _cut takes _PIECE's matches of a stripped line but the last, not those with text
    text = line.strip()
    cut = extract_sentences._cut(extract_sentences._kept([TextBlock(line, Location(line=1))]))
    if text and cut:
        assert cut == [(cut[0][0], text, [p for p in _PLAIN_PIECE.findall(text) if p.strip()])]


#: characters of printed lines: ideographs, marks that end or leave open a sentence, quotes,
#: digits and thousands separators, item markers, spaces, full-width forms, a Kangxi radical,
#: a combining mark and Latin letters
_LINE_TOKENS = [
    *'中文一（）(1)2、,，。！？!?”’」』"：；《 \u3000ａ１⾏\u0301aZ#',
    *["1,234", "2,000件", "12", "3.", "二、"],
]
#: the same with the characters ``_split_parts`` marks with (then split a piece at a time): a line of a few of them, so that most lines hold none
_LINE_TOKENS_AND_MARKS = [*_LINE_TOKENS, *"\x00\x02\x03\n"]
_LINES = st.lists(
    st.tuples(
        st.one_of(
            st.lists(st.sampled_from(_LINE_TOKENS), min_size=1, max_size=10),
            st.lists(st.sampled_from(_LINE_TOKENS_AND_MARKS), min_size=1, max_size=3),
        ).map("".join),
        st.sampled_from(["paragraph", "paragraph", "heading"]),
    ),
    max_size=8,
)


@given(
    st.lists(st.tuples(st.sampled_from([None, 1, 6]), _LINES), max_size=3),
    st.sampled_from([6.0, 12.0, float("inf")]),
)
@settings(max_examples=1500)
def test_the_marked_split_is_the_split_a_piece_at_a_time(
    parts: list[tuple[int | None, list[tuple[str, str]]]], width: float
) -> None:
    """``_split_parts`` joins a report's lines by marks and normalises them at once: the same
    sentences (text, matching copy, section, location, spans) as cutting each line into its
    pieces, normalising each piece and joining them a piece at a time (``_split``)."""
    blocks = [
        (
            no,
            [
                TextBlock(text, Location(line=i + 1), kind)  # type: ignore[arg-type]
                for i, (text, kind) in enumerate(lines)
            ],
        )
        for no, lines in parts
    ]
    norms: dict[str, str] = {}
    cut = [(no, extract_sentences._cut(extract_sentences._kept(lines))) for no, lines in blocks]
    extract_sentences._normalize_pieces((lines for _, lines in cut), norms)
    expected = tuple(
        s for no, lines in cut for s in extract_sentences._split(lines, no, width, norms)
    )
    assert extract_sentences._split_parts(blocks, width) == expected


def _parts_block_by_block(report: nianbao.Report) -> list[tuple[int | None, list[TextBlock]]]:
    """``report_lines``'s parts as told before it: a paragraph is in a section when it equals
    one of the sections' blocks."""
    from nianbao.extract.sentences import section_blocks

    inside = [b for s in report.sections for b in section_blocks(report, s)]
    headings = {s.heading.strip() for s in report.sections}
    loose = [p for p in report.paragraphs if p not in inside and p.text.strip() not in headings]
    first = report.sections[0].location.line if report.sections else None
    before = [b for b in loose if first is None or (b.location.line or 0) < first]
    after = [b for b in loose if b not in before]
    return [
        (None, before),
        *((s.no, list(section_blocks(report, s))) for s in report.sections),
        (None, after),
    ]


@pytest.mark.parametrize(
    "path",
    [*sorted(SEEDS.glob("*.txt")), FIXTURES / "huaian-2024.layout.txt"],
    ids=lambda p: p.name,
)
@pytest.mark.parametrize("copied", [False, True])
def test_report_lines_are_the_width_and_parts_told_block_by_block(path: Path, copied: bool) -> None:
    """``report_lines`` tells a paragraph in a section by identity first: the same width and
    parts as comparing each paragraph with the sections' blocks, also when the sections hold
    equal copies of the paragraphs (a report read back from the store)."""
    from dataclasses import replace

    report = nianbao.parse(path)
    if copied:
        sections = tuple(
            replace(s, paragraphs=tuple(replace(b) for b in s.paragraphs)) for s in report.sections
        )
        report = replace(report, sections=sections)
    lines = extract_sentences.report_lines(report)
    assert lines.width == extract_sentences.report_width(report)
    assert [(no, list(blocks)) for no, blocks in lines.parts] == _parts_block_by_block(report)


@given(
    _texts([*"ab中,;:()。"], 12),
    st.integers(0, 12),
    st.integers(0, 12),
)
def test_clause_bounds_are_those_of_the_plain_search(norm: str, a: int, b: int) -> None:
    """A match's clause (``claims._clause_bounds``, a greedy match up to the last mark before
    it): the same clause as searching the text before and after the match for a mark."""
    from nianbao.extract import claims

    start, end = sorted((min(a, len(norm)), min(b, len(norm))))
    left = max((m.end() for m in claims._CLAUSE.finditer(norm, 0, start)), default=0)
    right = next((m.start() for m in claims._CLAUSE.finditer(norm, end)), len(norm))
    assert claims._clause_bounds(norm, start, end) == (left, right)


def test_vetoes_read_the_clause_alone() -> None:
    """A phrasing's veto and a denial's guard are searched between the clause's bounds of the
    sentence (``pos``, ``endpos``), not in a copy of the clause: the same only for patterns
    that look at no character around a match and at neither end of the text."""
    from nianbao.extract import claims

    guards = [p.veto for p in claims._COMPILED] + [d[2] for d in claims._DENIALS]
    for g in guards:
        if g is not None:
            assert not re.search(r"\^|\$|\\[bBAZ]|\(\?<?[=!]", g.pattern), g.pattern


# ---------------------------------------------------------------- dates


def _dates(text: str) -> list[DateMention]:
    return [d for s in split_sentences([TextBlock(text, Location())], 1) for d in dates_in(s)]


def test_valid_and_invalid_dates() -> None:
    ok = _dates("统计期限自2023年1月1日起至2023年12月31日止。")
    assert [d.iso() for d in ok] == ["2023-01-01", "2023-12-31"]
    bad = _dates("统计期限至202020年12月31日止。")
    assert bad[0].problem and "202020" in bad[0].problem
    assert _dates("截至2月30日。")[0].problem == "2月没有30日"
    assert _dates("2023年2月29日")[0].problem
    assert _dates("2024年2月29日")[0].problem is None
    assert _dates("二〇二四年一月十九日")[0].iso() == "2024-01-19"
    assert _dates("2023年13月1日")[0].problem == "月份「13」不存在"
    assert _dates("近3年12月31日前完成。") == []  # 3年 is a span of years, not a date


#: the date patterns as first written, each opening with its lookbehind (extract.dates tests it
#: after the match's first character instead, which finds the same matches sooner)
_CN = "〇零○O一二三四五六七八九十"
_PLAIN = {
    "_DATE": re.compile(
        rf"(?<!\d)(?P<y>\d{{4,}}|[{_CN}]{{4}})年度?(?P<m>\d+|[{_CN}]{{1,3}})月"
        rf"(?:(?P<d>\d+|[{_CN}]{{1,3}})[日号])?"
    ),
    "_MONTH_DAY": re.compile(rf"(?<![\d{_CN}年])(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]"),
    "_YEAR": re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年"),
}
_DATE_TEXT = _texts(
    [*"0123456789年月日号度一二〇十O ,。\n", "2023年", "12月31日", "二〇二三年"],
    16,
)


def _matches(
    pattern: re.Pattern[str] | str, text: str
) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    """Where ``pattern`` matches in ``text``, with its named groups: a pattern rewritten for
    speed must give exactly these of its plain form."""
    return [(m.span(), m.groupdict()) for m in re.compile(pattern).finditer(text)]


@pytest.mark.parametrize("name", sorted(_PLAIN))
@given(text=_DATE_TEXT)
def test_date_patterns_match_as_their_plain_form(name: str, text: str) -> None:
    fast = getattr(extract_dates, name)
    assert _matches(fast, text) == _matches(_PLAIN[name], text)


_PHRASING_TEXT = st.text(
    alphabet=st.sampled_from("结转顺延入到至下次明年度一二三12件项,。的将申请2023"), max_size=30
)


@given(_PHRASING_TEXT)
@example("结转到下一年度12件")
@example("共12件将转入下年度")
@example("3件顺延至2024年")
def test_every_match_of_a_phrasing_holds_a_word_it_needs(text: str) -> None:
    """claims_in tries a phrasing only on a sentence holding one of its ``needs``: that is a
    shortcut only when every match of the phrasing prints one of them."""
    from nianbao.extract import claims

    for p in claims._COMPILED:
        for m in p.regex.finditer(text):
            assert not p.needs or any(w in m.group(0) for w in p.needs), (p.topic, m.group(0))


@given(st.text(alphabet=st.sampled_from("0零一件个余申请无没有行政复议诉讼为均,。a"), max_size=20))
@example("申请0件")
@example("行政复议为零件")
def test_a_sentence_stating_no_count_holds_the_denial_words_it_is_tried_for(text: str) -> None:
    """claims_in looks for fewer denial words in a sentence without a numeral and a unit: the
    others (「0件」) print one, so such a sentence holds none of them."""
    from nianbao.extract import claims

    if claims._ANY_COUNT.search(text) is None:
        words = claims._present(claims._DENIAL_WORDS, text)
        assert words == claims._present(claims._UNCOUNTED_WORDS, text)


@given(
    _texts(
        "a 不 予 以 公开 结 转 处理 提供 件 0 零 申请 结转 不予 予以公开 无法 行政复议 无 没有 "
        "规章 制度 规范性文件 废止".split(),
        8,
    )
)
@example("规范性文件")
@example("不予以公开")
@example("不予处理无法提供结转")
def test_the_words_found_stand_for_the_words_a_sentence_holds(text: str) -> None:
    """claims_in tries a sentence stating a count only when ``_FIND_WORDS`` finds one of the
    words, and then the phrasings and denials ``_tried`` tells from the words it finds: the
    words inside them added, it finds every word the sentence holds but a 「予以公开」 after
    「不」, and a phrasing or denial tried for no word it finds finds no match."""
    from nianbao.extract import claims

    printed = frozenset(claims._FIND_WORDS(text))
    present = claims._present(claims._WORDS, text)
    assert bool(printed) == bool(present)
    inside = {w for w in claims._WORDS if any(w in p for p in printed)}
    assert inside <= present
    assert present - inside <= {"予以公开"}
    if "予以公开" in present - inside:
        assert all(text[m.start() - 1 : m.start()] == "不" for m in re.finditer("予以公开", text))
    phrasings, denied = claims._tried(printed)
    every, every_denied = claims._tried(present)
    for p in every:
        if p not in phrasings:
            assert p.regex.search(text) is None, p.topic
    for d in every_denied:
        if d not in denied:
            assert d[1].search(text) is None, d[0]


@given(
    _texts(
        "未 无 没有 为 均 是 数量为 0 零 件 申请 收到 行政复议 行政诉讼 案件 和 经 ,".split(),
        12,
    )
)
@example("行政复议数量为0")
@example("申请是零件")
@example("没有政府信息公开事项")
def test_every_denial_prints_a_negation_or_a_count(text: str) -> None:
    """claims_of tries a sentence without a numeral and a unit only when it holds one of
    ``_NEGATIONS`` or a match of ``_NOUGHT``: that is a shortcut only when every denial's match prints one or a count."""
    from nianbao.extract import claims

    for _, pattern, _, _ in claims._DENIALS:
        for m in pattern.finditer(text):
            found = m.group(0)
            assert (
                any(w in found for w in claims._NEGATIONS)
                or any(search(found) for _, search in claims._NOUGHT)
                or claims._ANY_COUNT.search(found)
            )


#: the phrasings' pieces as first written, each opening with a choice or a lookbehind (the
#: regex engine tried them at every position of a sentence)
_PLAIN_PIECES = {
    "num": (
        r"(?P<num>\d+(?:\.\d+)?[万亿]?|[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾]"
        r"[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿]*)"
    ),
    "doc": r"(?P<doc>(?:行政)?规范性文件|规章(?!制度))",
    "handled": r"(?<!予以)(?:答复|办结|办理完毕|处理完毕)",
    "granted": r"(?<!不)予以公开",
}
_FAST_PIECES = {
    "num": None,  # claims._NUM
    "doc": None,  # claims._DOC
    "handled": r"(?:答(?<!予以答)复|办(?<!予以办)(?:结|理完毕)|处(?<!予以处)理完毕)",
    "granted": r"予(?<!不予)以公开",
}


def _plain_form(pattern: str) -> str:
    from nianbao.extract import claims

    fast = {**_FAST_PIECES, "num": claims._NUM, "doc": claims._DOC}
    for name, piece in fast.items():
        assert piece is not None
        pattern = pattern.replace(piece, _PLAIN_PIECES[name])
    return pattern


def test_the_phrasings_pieces_are_as_written() -> None:
    from nianbao.extract import claims

    assert _plain_form(claims._NUM) == _PLAIN_PIECES["num"]
    assert sum(_plain_form(p.regex.pattern) != p.regex.pattern for p in claims._COMPILED) >= 8


_PHRASING_TOKENS = (
    "12 3 0 1.5 2万 一 十二 一百二十 零 两 余 多 件 项 条 不 不予 予以公开 予以 公开 答复 办结 "
    "办理完毕 处理完毕 行政 规范性文件 规章 制度 类 申请 共 , 。 收到 受理 下一年 结转 转入 顺延 "
    "上年 行政复议 行政诉讼 维持 纠正 其他 审理中 现行有效 废止 印发 部分公开 不予处理 为 a 2023 年"
).split()


@given(_texts(_PHRASING_TOKENS, 14))
@example("予以公开3件，不予以公开12件")
@example("予以答复2件，办理完毕1.5万件")
@example("行政规范性文件3件，规章制度2件，规章一百二十件")
def test_phrasings_match_as_their_plain_form(text: str) -> None:
    from nianbao.extract import claims

    patterns = [p.regex for p in claims._COMPILED] + [p for _, p in claims._BREAKDOWN]
    for fast in patterns:
        assert _matches(fast, text) == _matches(_plain_form(fast.pattern), text), fast.pattern


@given(_texts([*_PHRASING_TOKENS, "公开", "发布", "印发", "行政规范性文件", "规章制度"], 16))
@example("公开信息12条，印发规范性文件3件")
@example("公开行政规范性文件3件")
@example("发布规章2件，规范性文件1件")
def test_a_phrasing_with_leads_finds_its_matches_from_the_earliest_start(text: str) -> None:
    """A phrasing with ``leads`` is searched from ``_earliest``: the matches it finds are
    those of the search from the sentence's start."""
    from nianbao.extract import claims

    assert any(p.leads for p in claims._COMPILED)
    for p in claims._COMPILED:
        if p.leads:
            earliest = claims._earliest(text, p.leads)
            assert _matches(p.regex, text) == [
                (m.span(), m.groupdict()) for m in p.regex.finditer(text, earliest)
            ], p.topic


#: region and all-done patterns as first written, with a choice opening with a group or a set
#: (rewritten so that each choice opens with a character, the same matches found sooner)
_PLAIN_REGIONS = {
    "sections._REGION": r"全(?:省|市|州|县|区|旗|盟)|各(?:部门|乡镇|街道|县区|县市区|区县|地|单位)"
    r"|本行政区域|[市县区]直(?:各)?部门|汇总",
    "scope._REGION_WORDS": r"全(?:省|市|州|盟|县|区|旗|镇|乡|街道|系统)"
    r"|各(?:部门|单位|乡镇|乡|镇|街道|县区|县市区|县\(市、?区\)|区县|地|级|级各部门)"
    r"|[县市区]直(?:各)?(?:部门|单位)|本行政区域|我(?:省|市|县|区|旗|州)",
}
_REGION_TOKENS = (
    "全 各 本 我 县 市 区 直 各 部门 单位 乡镇 街道 县区 区县 行政区域 本行政区域 汇总 省 旗 "
    "系统 级 ( 、 ) 全部 均 都 所有 无 没有 不存在 结转 顺延 办结 办理完毕 答复完毕 处理完毕 "
    "完成答复 办理完成 申请 已 , 。 3 一 a"
).split()


@given(_texts(_REGION_TOKENS, 14))
@example("县直各部门和市直单位、区直部门")
@example("全县各乡镇均已办结，无结转")
@example("所有申请都已办理完毕")
def test_region_and_all_done_patterns_match_as_their_plain_form(text: str) -> None:
    from nianbao.extract import claims, scope
    from nianbao.rules import sections

    done = "(?:办结|办理完毕|办理完成|答复完毕|处理完毕|完成答复)"
    plain = {
        **_PLAIN_REGIONS,
        "claims._ALL_DONE": rf"(?:全部|均|都|所有){claims._gap(8, '结转|顺延')}{done}"
        r"|无结转|没有结转|不存在结转",
    }
    fast = {
        "sections._REGION": sections._REGION,
        "scope._REGION_WORDS": scope._REGION_WORDS,
        "claims._ALL_DONE": claims._ALL_DONE,
    }
    for name, pattern in fast.items():
        assert _matches(pattern, text) == _matches(plain[name], text), name


_NARRATIVE_TOKENS = (
    "收到 申请 12件 0件 零件 3项 余 多 件 个 条 例 未 无 没有 发生 行政复议 行政诉讼 均已 全部 "
    "办结 办理完毕 结转 转入 下年度 予以公开 不予 废止 行政处罚 规章 现行有效 2023年 12月 31日 "
    "月 年 。 ， ！ \n 一、 a 1 2 0 零 十 百 ٣ 为 均 数量为 案件 政府信息公开"
).split(" ")


@given(st.lists(_texts(_NARRATIVE_TOKENS, 12), max_size=6))
@example(["未收到申请。2023年12月31日", "3件，收到申请12件。"])
def test_reading_the_joined_sentences_finds_what_each_sentence_holds(lines: list[str]) -> None:
    """The claims, 「全部办结」 statements and dates are looked for only in the sentences that
    the joined text says hold a count or a word they print: the same as trying each sentence."""
    from nianbao.extract import claims
    from nianbao.extract.claims import all_done_of, claims_of
    from nianbao.extract.dates import dates_of
    from nianbao.extract.sentences import Joined

    # (claims_of skips a sentence holding none of the words: every phrasing needs one)
    assert all(p.needs for p in claims._COMPILED)
    blocks = [TextBlock(t, Location(line=i)) for i, t in enumerate(lines, 1)]
    sentences = split_sentences(blocks, 1)
    joined = Joined(sentences)
    # (``Analysis.text`` joins the copies: no copy holds a line break)
    assert "".join(joined.norms) == joined.text.replace("\n", "")
    assert claims_of(sentences, joined) == tuple(c for s in sentences for c in claims_in(s))
    assert all_done_of(sentences, joined) == tuple(
        (s, c) for s in sentences if (c := all_done_claims(s))
    )
    assert dates_of(sentences, joined) == tuple((s, d) for s in sentences if (d := dates_in(s)))
    for words in (("申请", "无"), ("月",), ("。",)):
        assert joined.holding(words) == {
            i for i, s in enumerate(sentences) if any(w in s.norm for w in words)
        }
    # (each regex is started where its opening character is: it matches nothing else)
    for opening, search in (*claims._UNIT_COUNTS, *claims._NOUGHT):
        assert search.__self__.pattern.startswith(opening)  # type: ignore[attr-defined]
    assert claims._holding_match(joined, claims._UNIT_COUNTS) == {
        i for i, s in enumerate(sentences) if claims._ANY_COUNT.search(s.norm)
    }
    nought = ("为0", "为零", "均0", "均零")
    assert claims._holding_match(joined, claims._NOUGHT) == {
        i for i, s in enumerate(sentences) if any(w in s.norm for w in nought)
    }


_LINE_TEXT = st.text(
    alphabet=st.sampled_from("第页共一二十是中文年、.．（）()#- —_/ \u3000\t3０٣12,，。；：”－"),
    max_size=14,
)


@given(_LINE_TEXT)
@example("第3页")
@example("- 3 -，")
@example("一、总体情况")
@example("٣、")
def test_a_line_opening_with_an_ideograph_is_prose(text: str) -> None:
    """The sentence splitter asks ``is_page_number`` only of a line that does not open with
    an ideograph but 第页共, and ``_MARKER`` only of one opening with a marker's character:
    the same answers as asking each line."""
    from nianbao.textnorm import is_page_number

    block = TextBlock(text, Location(line=1))
    plain = [(block, t) for t in [text.strip()] if t and not is_page_number(text)]
    assert extract_sentences._kept([block]) == plain
    if extract_sentences._MARKER.match(text):
        assert text[0] in extract_sentences._MARKER_FIRST or text[0].isdecimal()
