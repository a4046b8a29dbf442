"""Dates, year and deadlines (format.md §5.8, DATE-01…09): one report year, real dates, on time.

A rule that finds at most one thing returns its finding in a tuple, or (), and makes no
generator: on most reports it finds nothing, and a generator's making and running cost
more than its tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from unicodedata import is_normalized

from ..extract.dates import DateMention, dates_in
from ..extract.sentences import Sentence, normalize
from ..model import Evidence, Finding, Location
from ..model.finding import new_evidence
from ..model.location import in_section, new_location
from ..rule import ERROR, INFO, WARNING, Context, rule
from .common import literal

_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|周期|时段|范围)|数据(?:统计)?(?:期限|时间)")
#: the words of a plan and of a cut-off date, looked for with ``str.__contains__``
_PLAN = literal("将|计划|拟|下一步|明年|下一年|来年|展望|打算|预计|力争|部署|谋划|要点")
_CUTOFF = literal("截至|截止|截至到")
#: ``mentions(_PLAN, text)``, and that or ``mentions(_CUTOFF, text)``, each as one scan of the
#: regex engine: the sentences tested seldom print one, and then every word's own scan is made
_ANY_PLAN = re.compile("|".join(_PLAN))
_PLAN_OR_CUTOFF = re.compile("|".join((*_PLAN, *_CUTOFF)))
_OPENER = re.compile(
    r"^(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?[^。,]{0,12}?(?P<y>(?:19|20)\d\d)年度?(?:,|以来|全年|我|本|全|共|，)"
)
_TITLE_BOOK = re.compile(r"《[^》]*》")
_PUBLISHED_AT = re.compile(r"(?:发布|公开|印发)(?:日期|时间)")
_FROM_NEW_YEAR = re.compile(r"自?\d{4}年1月1日(?:起)?至")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_STOP = re.compile(r"[,;:。]")
#: from a text's start to its last ``_STOP`` (greedy), before the ``endpos`` it is matched to
_UP_TO_STOP = re.compile(r".*[,;:。]", re.DOTALL)


def _where(s: Sentence, offset: int = 0) -> Location:
    return in_section(s.location_at(offset), s.section)


def _iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def period_dates(ctx: Context) -> list[tuple[Sentence, tuple[DateMention, ...]]]:
    """The sentences that state the statistical period, with the dates they name (found once
    per report, in ``Context.cache`` without a closure made on each rule's call)."""
    found: list[tuple[Sentence, tuple[DateMention, ...]]] | None = ctx.cache.get(_PERIOD_DATES)
    if found is None:
        found = ctx.cache[_PERIOD_DATES] = [
            (s, named)
            for s, named in ctx.analysis.dates
            if named and (_PERIOD.search(s.norm) or _FROM_NEW_YEAR.search(s.norm))
        ]
    return found


_PERIOD_DATES = "dates.period"


def body_year(ctx: Context) -> tuple[int, Sentence] | None:
    """``narrated_year``, worked out once per report (see ``period_dates``)."""
    cache = ctx.cache
    if _BODY_YEAR not in cache:
        cache[_BODY_YEAR] = narrated_year(ctx)
    found: tuple[int, Sentence] | None = cache[_BODY_YEAR]
    return found


_BODY_YEAR = "dates.body_year"


def narrated_year(ctx: Context) -> tuple[int, Sentence] | None:
    """The year the preamble and 总体情况 narrate as the report year, when it is not the report's.

    Sentences opening with 「2023年，我局……」「2023年以来……」 (plans excluded) are counted; the
    most frequent year is returned, with its first sentence, only when it differs from the report
    year and outnumbers it.
    """
    year = ctx.year
    if year is None:
        return None
    openers: list[tuple[int, Sentence]] = []
    another = False  # an opener of another year than the report's
    for s in ctx.analysis.sentences:
        if s.section not in (None, 1) or "年" not in s.norm:
            continue  # (every opener prints 年)
        m = _OPENER.match(s.norm)
        if m:
            y = int(m.group("y"))
            openers.append((y, s))
            another = another or y != year
    if not another:
        return None  # (most reports) leaving plans out could only leave fewer of the year
    # the plans left out: their words are looked for everywhere in a sentence
    openers = [(y, s) for y, s in openers if not _ANY_PLAN.search(s.norm)]
    if not openers:
        return None
    # (a dict, not a Counter: its most_common(1) goes through heapq, some 3 µs for a few years)
    counts: dict[int, int] = {}
    for y, _ in openers:
        counts[y] = counts.get(y, 0) + 1
    top = max(counts, key=counts.__getitem__)  # the first of the most frequent, as most_common
    n = counts[top]
    if top == year or n <= counts.get(year, 0):
        return None
    return top, next(s for y, s in openers if y == top)


def printed_years(norm: str) -> list[int]:
    """The years ``extract.dates.years_in`` finds in a sentence whose matching copy is
    ``norm``, in order (see ``_YEAR_DIGITS``)."""
    return [int(y) for y in _YEAR_DIGITS.findall(norm)]


#: a year as ``extract.dates.years_in`` reads it (19|20, two digits, 年, no digit before),
#: its digits captured, found at its 年: a character the regex engine looks for alone, where
#: years_in's pattern is tried at every position and makes a match object a year
_YEAR_DIGITS = re.compile(r"年(?<=(?<!\d)((?:19|20)\d\d)年)")


def _ymd(d: DateMention) -> tuple[int | None, int | None, int | None]:
    return d.year, d.month, d.day


def _title_years(ctx: Context) -> list[int]:
    """The years the title names, read from its matching copy (``normalize``) or, for a
    title NFKC leaves as it is and without a comma (most), from the title without its
    whitespace: the copy differs from that by simplified characters alone, none a digit or
    年 (and one for one), so the same years are read without the copy's making."""
    title = ctx.report.meta.title or ""
    if is_normalized("NFKC", title) and "," not in title:
        title = "".join(title.split())
    else:
        title = normalize(title)
    return [int(y) for y in _YEAR.findall(title)]


@rule(
    "DATE-01",
    title="报告年度唯一",
    severity=ERROR,
    citation="《政府信息公开条例》第四十九条（上一年度的年度报告）；DB51/T 2660—2019《政府信息公开工作年度报告编制发布规范》2.1 统计时间段",
    message="报告年度不一致：{what}",
    tags=("dates",),
)
def single_year(ctx: Context) -> Iterator[Finding]:
    """标题年度、统计期限（Y年1月1日至Y年12月31日）与正文所述年度应为同一年 Y。统计期限或正文
    写成更早的年度属于「沿用旧稿」，由 DATE-09 提示；这里报告更晚的年度和不是完整自然年的期限。
    标题、统计期限不一致为错误；正文叙述年度是从措辞判断的，只作警告。"""
    year = ctx.year
    if year is None:
        yield ctx.not_assessable(
            location=Location(path=ctx.report.source.path), reason="未识别报告年度"
        )
        return
    for t in _title_years(ctx):
        if t != year:
            where = ctx.report.meta_evidence.get("title", {})
            loc = Location(
                path=ctx.report.source.path, line=where.get("line"), page=where.get("page")
            )
            yield ctx.fail(
                location=loc,
                evidence=[Evidence(ctx.report.meta.title or "", loc)],
                what=f"标题为 {t} 年，报告年度识别为 {year} 年",
                stated=t,
                year=year,
            )
    for s, found in period_dates(ctx):
        full = [d for d in found if d.year is not None and d.problem is None]
        if len(full) < 2:
            continue
        start, end = full[0], full[-1]
        if all(d.year is not None and d.year < year for d in (start, end)):
            continue  # a stale period: DATE-09
        if _ymd(start) != (year, 1, 1) or _ymd(end) != (year, 12, 31):
            yield ctx.fail(
                location=_where(s, start.offset),
                evidence=[Evidence(s.text, _where(s, start.offset))],
                what=f"统计期限为「{start.raw}至{end.raw}」，应为{year}年1月1日至{year}年12月31日",
                stated=f"{start.raw}—{end.raw}",
                year=year,
            )
    narrated = body_year(ctx)
    if narrated is not None and narrated[0] > year:
        later, s = narrated
        yield ctx.fail(
            location=_where(s),
            evidence=[Evidence(s.text, _where(s))],
            severity=WARNING,  # read from the wording of sentences, not from a declaration
            what=f"正文以「{later}年」作为本报告年度叙述，报告年度为 {year} 年",
            stated=later,
            year=year,
        )


@rule(
    "DATE-02",
    title="日期有效",
    severity=ERROR,
    citation="审核惯例，非强制（日期须真实存在）",
    message="日期「{raw}」无效：{problem}",
    tags=("dates",),
)
def valid_dates(ctx: Context) -> Iterator[Finding]:
    """正文中每个「年月日」「月日」日期都应是真实日期，如「202020年12月31日」「2月30日」不是。"""
    for s, found in ctx.analysis.dates:
        for d in found:
            if d.problem:
                yield ctx.fail(
                    location=_where(s, d.offset),
                    evidence=[Evidence(s.text, _where(s, d.offset))],
                    raw=d.raw,
                    problem=d.problem,
                )


def _published_evidence(ctx: Context, loc: Location) -> Evidence:
    """The 落款 date as printed (its raw text from the meta evidence)."""
    raw = ctx.report.meta_evidence.get("published", {}).get("raw", ctx.report.meta.published)
    return Evidence(str(raw or ""), loc)


def _published(ctx: Context) -> tuple[date | None, Location]:
    """The 落款 date and where it is printed, read once per report: DATE-06, DATE-07 and the
    deadline rules each ask (a Location is immutable, so their findings may share it)."""
    found: tuple[date | None, Location] | None = ctx.cache.get(_PUBLISHED)
    if found is None:
        report = ctx.report
        where = report.meta_evidence.get("published", {})
        # (``Location(path=…, page=…, line=…)`` by position, without the class call)
        loc = new_location(report.source.path, where.get("page"), where.get("line"))
        found = ctx.cache[_PUBLISHED] = (_iso(report.meta.published), loc)
    return found


_PUBLISHED = "dates.published"


def _deadline_check(ctx: Context, deadline: date | None, label: str) -> Finding | None:
    """The finding of a deadline rule whose kind of organ the report's is (each rule tells
    that first): a function, not a generator each rule delegates to."""
    year = ctx.year
    published, loc = _published(ctx)
    if year is None or published is None:
        missing = "报告年度" if year is None else "发布（落款）日期"
        return ctx.not_assessable(location=loc, reason=f"未识别{missing}")
    if deadline is not None and published > deadline:
        return ctx.fail(
            location=loc,
            evidence=[_published_evidence(ctx, loc)],
            published=published.isoformat(),
            deadline=deadline.isoformat(),
            organ=ctx.report.meta.organ or "",
            rule_text=label,
        )
    return None


@rule(
    "DATE-03",
    title="部门年报按时发布（次年1月31日前）",
    severity=WARNING,
    citation="《政府信息公开条例》第四十九条第一款",
    message="{organ}是县级以上人民政府部门，年报应于 {deadline} 前公布，落款/发布日期为 {published}（{rule_text}）",
    tags=("dates", "deadline"),
)
def department_deadline(ctx: Context) -> Iterator[Finding]:
    """县级以上人民政府部门应在每年1月31日前公布上一年度年报。日期取落款日期（发布日期不早于它），
    故只作警告；机关类型由机关名称判断，判断不了时不检查。"""
    kind = ctx.analysis.organ_kind
    if kind is None and ctx.report.meta.published:
        yield ctx.not_assessable(
            location=Location(path=ctx.report.source.path),
            reason=f"无法从机关名称「{ctx.report.meta.organ or ''}」判断适用的发布期限",
        )
        return
    if kind != "department":
        return
    year = ctx.year
    deadline = date(year + 1, 1, 31) if year else None
    found = _deadline_check(ctx, deadline, "条例第四十九条第一款")
    if found is not None:
        yield found


@rule(
    "DATE-04",
    title="政府年报按时发布（次年3月31日前）",
    severity=WARNING,
    citation="《政府信息公开条例》第四十九条第二款",
    message="{organ}年报（本级政府）应于 {deadline} 前公布，落款/发布日期为 {published}（{rule_text}）",
    tags=("dates", "deadline"),
)
def government_deadline(ctx: Context) -> Iterable[Finding]:
    """县级以上地方人民政府的本级年报应在每年3月31日前公布。"""
    if ctx.analysis.organ_kind != "government":
        return ()
    year = ctx.year
    found = _deadline_check(ctx, date(year + 1, 3, 31) if year else None, "条例第四十九条第二款")
    if found is not None:
        return (found,)
    return ()


@rule(
    "DATE-05",
    title="乡镇、街道年报按地方期限发布",
    severity=INFO,
    citation="地方规定的发布期限（《政府信息公开条例》未规定乡镇、街道的期限）",
    message="{organ}年报落款/发布日期为 {published}，晚于{rule_text} {deadline}",
    tags=("dates", "deadline", "local"),
)
def local_deadline(ctx: Context) -> Iterable[Finding]:
    """条例未规定乡镇、街道的期限，由地方规定：``Settings.local_deadline``（"MM-DD"，次年）
    设定时对照它，否则对照多数地方采用的次年1月31日，只作提示。"""
    if ctx.analysis.organ_kind != "township":
        return ()
    year = ctx.year
    configured = ctx.settings.local_deadline
    deadline = None
    label = "多数地方采用的期限"
    if year:
        month, day = (int(x) for x in (configured or "01-31").split("-"))
        deadline = date(year + 1, month, day)
        label = "地方规定的期限" if configured else label
    found = _deadline_check(ctx, deadline, label)
    if found is not None:
        return (found,)
    return ()


@rule(
    "DATE-06",
    title="报告不早于年度结束",
    severity=ERROR,
    citation="《政府信息公开条例》第四十九条（报告上一年度的工作）",
    message="落款/发布日期 {published} 早于报告年度结束（{year}年12月31日）",
    tags=("dates",),
)
def after_year_end(ctx: Context) -> Iterable[Finding]:
    """年报总结一整年，落款或发布日期不能早于该年12月31日。"""
    published, loc = _published(ctx)
    year = ctx.year
    if published is None or year is None:
        return ()  # DATE-03/04/05 say it is not assessable
    if published <= date(year, 12, 31):
        return (
            ctx.fail(
                location=loc,
                evidence=[_published_evidence(ctx, loc)],
                published=published.isoformat(),
                year=year,
            ),
        )
    return ()


@rule(
    "DATE-07",
    title="落款日期不晚于发布日期",
    severity=WARNING,
    citation="审核惯例，非强制",
    message="落款日期 {signed} 晚于页面所示发布日期 {published}",
    tags=("dates",),
)
def signed_before_published(ctx: Context) -> Iterator[Finding]:
    """网页导出的年报常带「发布日期：……」；落款日期不应晚于它。没有单独的发布日期时不检查。"""
    signed, loc = _published(ctx)
    if signed is None:
        return
    joined = ctx.analysis.joined
    sentences = ctx.analysis.sentences
    read = -1  # the last sentence read
    # the sentences printing a publication date, in order, each at its first (the pattern
    # reads no line break: a match in the sentences joined is one in a sentence), found by
    # one search of them joined (most reports: none), not one each
    text = joined.text
    for m in _PUBLISHED_AT.finditer(text):
        at = m.start()
        k = joined.index(at)
        if k == read:
            continue  # (a second date in the sentence just read)
        read = k
        s = sentences[k]
        at -= text.rfind("\n", 0, at) + 1  # (in the sentence, which starts after a break)
        after = [d for d in dates_in(s) if d.offset > at and d.iso()]
        if not after:
            continue
        shown = _iso(after[0].iso())
        if shown is not None and signed > shown:
            where = _where(s, after[0].offset)
            yield ctx.fail(
                location=where,
                evidence=[new_evidence(s.text, where)],
                signed=signed.isoformat(),
                published=shown.isoformat(),
            )
        return


@rule(
    "DATE-08",
    title="总体情况未把下一年度工作写成已完成",
    severity=INFO,
    citation="《政府信息公开条例》第四十九条（报告上一年度的工作）；审核惯例，非强制",
    message="「总体情况」提到 {later} 年的工作：「{quote}」（报告年度为 {year} 年）",
    tags=("dates",),
)
def future_work(ctx: Context) -> Iterator[Finding]:
    """「一、总体情况」叙述本年度已做的工作；其中出现下一年度（如 2023 年报写「做好2024年日常督查
    工作」）可能是套用旧稿或把计划写成成绩。写明「将」「计划」「下一步」等的计划性语句、书名号内的
    文件名称和「截至」时点除外；第五部分的计划属正常。"""
    year = ctx.year
    if year is None:
        return
    sentences = ctx.analysis.section_sentences(1)
    # no later year (most reports), told in the section's sentences joined by line breaks: a
    # year is read from the four characters before its 年, none of them a line break
    joined = "\n".join([s.norm for s in sentences])
    if max(map(int, _YEAR_DIGITS.findall(joined)), default=year) <= year:
        return
    for s in sentences:
        norm = s.norm
        if "年" not in norm:
            continue  # (a year is printed as 2024年: a sentence without 年 names none)
        if max(printed_years(norm), default=year) <= year:
            continue  # no later year (most sentences): masking titles only takes years away
        if _PLAN_OR_CUTOFF.search(norm):
            continue  # (looked for after the years: most sentences name none)
        # the years outside the titles of documents (《…》, masked); a sentence printing no
        # 《 names none, and is read as it is. (``years_in``'s years and offsets, read at each
        # 年 by ``printed_years``' pattern, the year's digits its group)
        read = norm
        if "《" in norm:
            read = _TITLE_BOOK.sub(lambda m: "#" * len(m.group(0)), norm)
        for found in _YEAR_DIGITS.finditer(read):
            y = int(found.group(1))
            if y > year:
                offset = found.start(1)
                # the clause: after the last stop before the year, to the first at or after it
                before = _UP_TO_STOP.match(norm, 0, offset)
                after = _STOP.search(norm, offset)
                left = 0 if before is None else before.end()
                end = len(norm) if after is None else after.start()
                where = _where(s, offset)
                yield ctx.fail(
                    location=where,
                    evidence=[new_evidence(s.text, where)],
                    later=y,
                    year=year,
                    quote=norm[left:end],
                )
                break


@rule(
    "DATE-09",
    title="未沿用往年年度",
    severity=WARNING,
    citation="《政府信息公开条例》第四十九条；中国社会科学院法学研究所政府透明度评估（内容与往年重复）",
    message="{what}，报告年度为 {year} 年，疑似沿用往年报告",
    tags=("dates",),
)
def stale_year(ctx: Context) -> Iterator[Finding]:
    """统计期限或正文（导语、总体情况中以「YYYY年，……」叙述本年工作的句子，多数）写成早于报告
    年度的年份。"""
    year = ctx.year
    if year is None:
        return
    for s, found in period_dates(ctx):
        full = [d for d in found if d.year is not None and d.problem is None]
        if full and all(d.year is not None and d.year < year for d in full):
            yield ctx.fail(
                location=_where(s, full[0].offset),
                evidence=[Evidence(s.text, _where(s, full[0].offset))],
                what=f"统计期限写为「{full[0].raw}」起",
                year=year,
                stated=full[0].year,
            )
    narrated = body_year(ctx)
    if narrated is not None and narrated[0] < year:
        earlier, s = narrated
        yield ctx.fail(
            location=_where(s),
            evidence=[Evidence(s.text, _where(s))],
            what=f"正文以「{earlier}年」叙述本年度工作",
            year=year,
            stated=earlier,
        )
