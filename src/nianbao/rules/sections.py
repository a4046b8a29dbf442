"""Section content (format.md §5.9, SEC-01…09): what 总体情况, 问题及改进 and 其他事项 must say."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ..extract.sentences import Sentence
from ..formats import SECTIONS, expected_format
from ..model import Evidence, Finding, Location, Section
from ..model.location import in_section
from ..rule import INFO, WARNING, Context, rule
from .common import literal, mentions


def _compiled(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(name, words) with the words compiled once, at import."""
    return tuple((name, re.compile(words)) for name, words in pairs)


def _literals(*pairs: tuple[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, words) with the words split once, at import (``common.literal``)."""
    return tuple((name, literal(words)) for name, words in pairs)


#: the five aspects 30号 names for 总体情况, with the words that show each is covered
ASPECTS = _literals(
    ("主动公开", r"主动公开"),
    ("依申请公开", r"依申请公开|政府信息公开申请|公开申请|申请公开"),
    (
        "政府信息管理",
        r"政府信息管理|信息公开管理|信息管理|公开属性|保密审查|源头认定|发布审核|动态调整|文件清理",
    ),
    (
        "政府信息公开平台建设",
        r"平台建设|公开平台|门户网站|政府网站|网站建设|政务新媒体|政府公报|公开专栏|公开专区|政务公开专区|信息公开专栏",
    ),
    ("监督保障", r"监督保障|考核|考评|监督检查|社会评议|责任追究|问责|督查|督导|培训|评估"),
)
_GOVERNMENT_DUTIES = _literals(
    ("工作考核", r"考核|考评|绩效"),
    ("社会评议", r"社会评议|评议|满意度|第三方评估|群众评价"),
    ("责任追究", r"责任追究|追责|问责|追究|通报批评|予以通报"),
)
#: (「市直」「县直」「区直」spelled out, not 「[市县区]直」: each choice then opens with a
#: character, which the regex engine looks for alone instead of trying every position)
_REGION = re.compile(
    r"全(?:省|市|州|县|区|旗|盟)|各(?:部门|乡镇|街道|县区|县市区|区县|地|单位)|本行政区域"
    r"|市直(?:各)?部门|县直(?:各)?部门|区直(?:各)?部门|汇总"
)
_PROBLEM = literal(
    r"问题|不足|差距|短板|薄弱|有待|不够|不强|不高|欠缺|仍需|还需|滞后|不到位|不规范|不及时|单一"
)
_MEASURE = literal(r"下一步|改进|加强|完善|提升|推进|措施|整改|强化|健全|提高|优化|将")


class _Words(NamedTuple):
    """Words looked for in a long text: the first (the one most often printed) by
    ``str.__contains__``, which finds it soonest, and the others by one scan of their
    alternation. ``str.__contains__`` of a word of ideographs tests the text about a
    character at a time (its filter of the characters to skip, made of each character's low
    bits, lets most ideographs through), so a text that prints none of a dozen words was
    scanned a dozen times: 7.5 → 2 µs for 问题|不足|… over 400 characters of 第五部分."""

    first: str
    rest: re.Pattern[str] | None


def _words(words: tuple[str, ...]) -> _Words:
    """``words`` (``common.literal``'s) as ``_Words``."""
    return _Words(words[0], re.compile("|".join(words[1:])) if len(words) > 1 else None)


def _said(words: _Words, text: str) -> bool:
    """``mentions(words, text)`` of the words ``words`` was made of."""
    return words.first in text or (words.rest is not None and words.rest.search(text) is not None)


_PROBLEM_WORDS = _words(_PROBLEM)
_DUTY_WORDS = tuple((name, _words(words)) for name, words in _GOVERNMENT_DUTIES)
_FEE = re.compile(r"信息处理费|处理费|收取(?:任何)?费用|收费|不收费|未收费|免费")
#: a fee named anywhere (信息处理费 too)
_FEE_WORD = "处理费"
#: the punctuation a section of nothing else holds
_PUNCTUATION = "。,;:、!?"
#: what a length limit does not count: whitespace and punctuation
_NOT_COUNTED = re.compile(r"[\s\W_]")
_NOTHING = re.compile(
    r"^(?:本(?:机关|单位|部门|局|年度)|我(?:局|单位|委|办))?(?:暂)?(?:无|没有)(?:其他|其它)?(?:需要)?(?:报告|需报告)?(?:的)?(?:事项|情况)?[。.]?$"
)
_OPTIONAL_SIX = _literals(
    ("落实上级年度政务公开工作要点情况", r"工作要点"),
    ("人大代表建议和政协提案办理结果公开情况", r"人大代表建议|政协提案|建议提案|建议和提案|议提案"),
    ("政务公开工作创新情况", r"创新"),
)
#: fewer characters than this in 问题及改进 is boilerplate, however well-formed
_TERSE = 20


def _section(ctx: Context, no: int) -> Section | None:
    return ctx.report.section(no)


def body_sentences(ctx: Context, no: int) -> tuple[Sentence, ...] | None:
    """The sentences of section ``no`` without its 落款 (split once per report)."""
    return ctx.analysis.body_sentences(no)


def _text(sentences: tuple[Sentence, ...]) -> str:
    return "".join([s.norm for s in sentences])  # (a list: join makes one of a generator)


def _where(ctx: Context, no: int) -> Location:
    section = _section(ctx, no)
    base = section.location if section is not None else Location(path=ctx.report.source.path)
    return in_section(base, no)


def _missing_section(ctx: Context, no: int) -> Finding:
    return ctx.not_assessable(
        location=Location(path=ctx.report.source.path, section=no),
        reason=f"未找到第{'一二三四五六'[no - 1]}部分「{SECTIONS[no - 1].title}」（见 STR-01）",
    )


def _at_heading(ctx: Context, no: int) -> tuple[Location, list[Evidence]]:
    """``_where(ctx, no)`` and the section's heading as evidence there (none when the section
    is absent), for a finding on the whole section."""
    where = _where(ctx, no)
    section = _section(ctx, no)
    return where, [Evidence(section.heading, where)] if section is not None else []


@rule(
    "SEC-01",
    title="总体情况涵盖五个方面",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号「一、报告内容」（一）总体情况",
    message="「总体情况」未见「{aspect}」方面的内容（30号要求总体情况包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障）",
    tags=("sections",),
)
def five_aspects(ctx: Context) -> Iterator[Finding]:
    """「一、总体情况」应涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障
    五个方面（或明显的同义说法）；每缺一个方面提示一次。"""
    sentences = body_sentences(ctx, 1)
    if sentences is None:
        yield _missing_section(ctx, 1)
        return
    text = _text(sentences)
    missing = [aspect for aspect, words in ASPECTS if not mentions(words, text)]
    if missing:
        where, evidence = _at_heading(ctx, 1)  # the same for each finding
        for aspect in missing:
            yield ctx.fail(location=where, evidence=evidence, aspect=aspect)


@rule(
    "SEC-02",
    title="政府年报报告考核、评议和责任追究结果",
    severity=WARNING,
    citation="《政府信息公开条例》第五十条第（四）项；国办公开办函〔2021〕30号「一、报告内容」（一）",
    message="按人民政府年报检查（{organ}）：应报告工作考核、社会评议和责任追究结果情况，未见：{missing}",
    tags=("sections", "government"),
)
def government_duties(ctx: Context) -> Iterator[Finding]:
    """各级人民政府的年报还应包括工作考核、社会评议和责任追究结果情况（条例第五十条第（四）项）。
    只检查按机关名称判断为人民政府本级的年报。"""
    if ctx.analysis.organ_kind != "government":
        return
    # (one scan of the narrative a duty: searching the sentences joined by line breaks first
    # saves making the narrative only when every duty is printed, and scans twice for each
    # one that is not, which many reports leave out: 淮安 19 → 37 µs)
    text = ctx.analysis.text
    missing = [name for name, words in _DUTY_WORDS if not _said(words, text)]
    if missing:
        where, evidence = _at_heading(ctx, 1)
        yield ctx.fail(
            location=where,
            evidence=evidence,
            organ=ctx.report.meta.organ or "",
            missing="、".join(missing),
        )


@rule(
    "SEC-03",
    title="政府年报反映全地区情况",
    severity=WARNING,
    citation="重庆市落实国办公开办函〔2019〕60号的通知（区县政府年报汇总本行政区域）；中国社会科学院法学研究所政府透明度评估（2016）「未反映本行政区域全貌」",
    message="按人民政府年报检查（{organ}）：年报应汇总本行政区域各编制主体的情况，正文未见「全市/全县/各部门」等汇总说明",
    tags=("sections", "government"),
)
def covers_region(ctx: Context) -> Iterator[Finding]:
    """县级以上人民政府的年报汇总本行政区域所有编制主体的工作和数据；正文应说明（全县、各部门……）。"""
    if ctx.analysis.organ_kind != "government":
        return
    # (a match in the sentences joined by line breaks is one in the narrative, where only a
    # match across two sentences is not found in them: most reports print a region word,
    # and the narrative is made only for those that do not)
    if not _REGION.search(ctx.analysis.joined.text) and not _REGION.search(ctx.analysis.text):
        where, evidence = _at_heading(ctx, 1)
        yield ctx.fail(
            location=where,
            evidence=evidence,
            organ=ctx.report.meta.organ or "",
        )


@rule(
    "SEC-04",
    title="存在的主要问题及改进情况有实质内容",
    severity=WARNING,
    citation="《政府信息公开条例》第五十条第（四）项",
    message="「存在的主要问题及改进情况」{what}",
    messages={
        "boilerplate": "「存在的主要问题及改进情况」只有 {length} 字，内容过于简略：「{quote}」"
    },
    tags=("sections",),
)
def problems_and_measures(ctx: Context) -> Iterator[Finding]:
    """第五部分应非空，至少写出一个问题和一项改进措施；过短（不足 20 字）的套话只作提示。"""
    sentences = body_sentences(ctx, 5)
    if sentences is None:
        yield _missing_section(ctx, 5)
        return
    text = _text(sentences)

    def evidence() -> list[Evidence]:  # made only for a finding
        found = [Evidence(s.text, in_section(s.location, 5)) for s in sentences[:3]]
        return found or _at_heading(ctx, 5)[1]

    # (stripping the punctuation from both ends leaves nothing exactly when removing it all does)
    if not text.strip(_PUNCTUATION) or _NOTHING.match(text):
        yield ctx.fail(location=_where(ctx, 5), evidence=evidence(), what="没有内容")
        return
    # (the measures by ``mentions``: a text of 第五部分 prints one of their words early)
    lacks = [
        name
        for name, said in (
            ("存在的问题", _said(_PROBLEM_WORDS, text)),
            ("改进措施", mentions(_MEASURE, text)),
        )
        if not said
    ]
    if lacks:
        yield ctx.fail(
            location=_where(ctx, 5), evidence=evidence(), what=f"未写明{'和'.join(lacks)}"
        )
    elif len(text) < _TERSE:
        yield ctx.fail(
            location=_where(ctx, 5),
            variant="boilerplate",
            evidence=evidence(),
            severity=INFO,
            length=len(text),
            quote=text,
        )


@rule(
    "SEC-05",
    title="报告信息处理费收取情况（2021 格式）",
    severity=WARNING,
    citation="《政府信息公开条例》第四十二条；国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
    message="未见信息处理费收取情况的说明（2021 年格式的年报通常在「其他需要报告的事项」中说明收取金额或未收取）",
    tags=("sections",),
)
def fee_statement(ctx: Context) -> Iterator[Finding]:
    """2021 年及以后的年报应说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况
    （收取金额，或未收取）；通常写在第六部分，写在其他部分也算。"""
    year = ctx.year
    fmt = expected_format(year) if year is not None else ctx.report.meta.format
    if fmt != "2021":
        return
    six = body_sentences(ctx, 6)
    for s in six or ():  # (a loop, not any(): no generator)
        if _FEE.search(s.norm):
            return
    if _FEE_WORD in ctx.analysis.joined.text:  # no sentence's copy holds the line breaks
        return
    if six is None:
        yield _missing_section(ctx, 6)
        return
    yield ctx.fail(
        location=_where(ctx, 6),
        evidence=[Evidence(s.text, in_section(s.location, 6)) for s in six[:2]],
    )


@rule(
    "SEC-06",
    title="其他需要报告的事项不只写「无」",
    severity=INFO,
    citation="《政府信息公开条例》第五十条第（五）项；审核惯例，非强制",
    message="「其他需要报告的事项」只写了「{quote}」",
    tags=("sections",),
)
def section_six_nothing(ctx: Context) -> Iterator[Finding]:
    """第六部分只写「无」「无其他需要报告的事项」之类（落款除外）。"""
    six = body_sentences(ctx, 6)
    if six is None:
        return
    text = _text(six)
    if not text or _NOTHING.match(text):
        yield ctx.fail(
            location=_where(ctx, 6),
            evidence=[Evidence(s.text, in_section(s.location, 6)) for s in six]
            or _at_heading(ctx, 6)[1],
            quote=" ".join(s.text for s in six) or "（空）",
        )


@rule(
    "SEC-07",
    title="其他需要报告的事项的常见项目",
    severity=INFO,
    citation="审核惯例，非强制（部分省份要求，国家格式未规定）",
    message="「其他需要报告的事项」未见：{missing}（国家格式未明确要求，部分省份要求）",
    tags=("sections",),
)
def section_six_items(ctx: Context) -> Iterator[Finding]:
    """第六部分常见的落实上级年度政务公开工作要点、人大代表建议和政协提案办理结果公开、政务公开
    工作创新情况；缺少时提示。国家格式不要求，只有部分省份要求，所以默认关闭，
    在 ``Settings(section_six_items=True)`` 中开启。"""
    if not ctx.settings.section_six_items:
        return
    six = body_sentences(ctx, 6)
    if six is None:
        return
    text = _text(six)
    missing = [name for name, words in _OPTIONAL_SIX if not mentions(words, text)]
    if missing:
        where, evidence = _at_heading(ctx, 6)
        yield ctx.fail(location=where, evidence=evidence, missing="、".join(missing))


def _chars(text: str) -> int:
    """字数 as counted for a length limit: characters other than whitespace and punctuation."""
    return len(_NOT_COUNTED.sub("", text))


@rule(
    "SEC-08",
    title="总体情况篇幅（地方规定）",
    severity=INFO,
    citation="地方规定，如武威市人民政府办公室武政办发〔2025〕54号（总体情况「篇幅原则上不超过一千字」）",
    message="「总体情况」约 {length} 字，超过地方规定的 {limit} 字",
    tags=("sections", "local"),
)
def section_one_length(ctx: Context) -> Iterator[Finding]:
    """地方规定（如武威）总体情况原则上不超过一千字。默认不检查；设置
    ``Settings.section_one_max_chars`` 后启用。"""
    limit = ctx.settings.section_one_max_chars
    sentences = body_sentences(ctx, 1)
    if not limit or sentences is None:
        return
    length = sum(_chars(s.text) for s in sentences)
    if length > limit:
        where, evidence = _at_heading(ctx, 1)
        yield ctx.fail(location=where, evidence=evidence, length=length, limit=limit)


_REQUIRED_COUNTS = _compiled(
    ("主动公开信息数量", r"主动公开[^。]{0,30}?\d+(?:余)?(?:条|件|个)"),
    ("政策解读数量", r"解读[^。]{0,20}?\d+(?:余)?(?:篇|条|件|个|次|期)"),
    ("回应关切数量", r"回应[^。]{0,20}?\d+(?:余)?(?:条|件|个|次)"),
    (
        "规章、行政规范性文件制发/废止/现行有效件数",
        r"(?:规范性文件|规章)[^。]{0,20}?\d+(?:件|个|份)",
    ),
    (
        "公开平台数量（网站、专区、公报等）",
        r"(?:网站|新媒体|专区|公报|专栏)[^。]{0,20}?\d+(?:个|期|家)",
    ),
)


@rule(
    "SEC-09",
    title="总体情况写明必要的数量（地方规定）",
    severity=INFO,
    citation="地方规定，如武威市人民政府办公室武政办发〔2025〕54号（分平台主动公开数量、解读回应数量、规章和规范性文件数量、平台数量）",
    message="「总体情况」未见{missing}",
    tags=("sections", "local"),
)
def section_one_counts(ctx: Context) -> Iterator[Finding]:
    """地方规定（如武威）总体情况写明主动公开数量、解读和回应数量、规章和行政规范性文件制发/废止/
    现行有效件数、平台数量。默认不检查；设置 ``Settings.section_one_counts = True`` 后启用。"""
    if not ctx.settings.section_one_counts:
        return
    sentences = body_sentences(ctx, 1)
    if sentences is None:
        return
    text = _text(sentences)
    missing = [name for name, pattern in _REQUIRED_COUNTS if not pattern.search(text)]
    if missing:
        where, evidence = _at_heading(ctx, 1)  # the same for each finding
        for name in missing:
            yield ctx.fail(location=where, evidence=evidence, missing=name)
