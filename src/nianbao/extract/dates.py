"""The dates a sentence names (年月日, 月日, 年), valid or not (2月30日)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..model.quick import quick_init
from .numerals import cn_number
from .sentences import Joined, Sentence, found_in

_CN_DATE_NUM = "〇零○O一二三四五六七八九十"
# Each pattern tests the character before its match (no digit there) once it has read the
# match's first character, by a lookbehind one character longer, not by a lookbehind ahead of
# it: a pattern that opens with a lookbehind is tried at every position of the text, one that
# opens with a digit only where there is one (the same matches, 2-6 times sooner). _DATE's year
# opens with one set of both kinds of numeral, not a choice of two (which the engine would try
# at every position), and tells which kind it read by a lookbehind
_DATE = re.compile(
    rf"(?P<y>[\d{_CN_DATE_NUM}](?:(?<=\d)(?<!\d\d)\d{{3,}}"
    rf"|(?<=[{_CN_DATE_NUM}])(?<!\d[{_CN_DATE_NUM}])[{_CN_DATE_NUM}]{{3}}))年度?"
    rf"(?P<m>\d+|[{_CN_DATE_NUM}]{{1,3}})月(?:(?P<d>\d+|[{_CN_DATE_NUM}]{{1,3}})[日号])?"
)
_MONTH_DAY = re.compile(rf"(?P<m>\d(?<![\d{_CN_DATE_NUM}年]\d)\d?)月(?P<d>\d{{1,2}})[日号]")
_YEAR = re.compile(r"(?P<y>(?:19|20)(?<!\d..)\d\d)年")


@quick_init
@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as printed, with what is wrong with it (``problem`` None when it is a real date).
    Built without the frozen ``__init__``'s seven ``object.__setattr__`` calls (about 3 µs a
    date: a report names a few, read again for each check)."""

    raw: str
    year: int | None
    month: int | None
    day: int | None
    sentence: Sentence
    offset: int
    problem: str | None = None

    def iso(self) -> str | None:
        if self.problem or self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


#: the days of each month of a common year (``calendar.mdays``'s, told here)
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _date_problem(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is not None and not 1949 <= year <= 2100:
        return f"年份「{year}」不是有效年份"
    if month is not None and not 1 <= month <= 12:
        return f"月份「{month}」不存在"
    if day is not None and month is not None and 1 <= month <= 12:
        # (``calendar.monthrange(…)[1]``, without the weekday it works out first)
        last = _DAYS[month] + (month == 2 and calendar.isleap(year if year is not None else 2000))
        if not 1 <= day <= last:
            return f"{month}月没有{day}日" if year is None else f"{year}年{month}月没有{day}日"
    return None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdecimal():
        return int(text)  # ``cn_number`` of digits alone (most dates), without normalising
    value = cn_number(text)
    return int(value) if isinstance(value, int) else None


_OFFSET = attrgetter("offset")


def dates_in(sentence: Sentence) -> tuple[DateMention, ...]:
    """Every 年月日 / 月日 date of the sentence, valid or not (202020年12月31日, 2月30日)."""
    if "月" not in sentence.norm:
        return ()  # both patterns print 月
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(sentence.norm):
        y, mo, d = _int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
        out.append(DateMention(m.group(0), y, mo, d, sentence, m.start(), _date_problem(y, mo, d)))
        taken.append(m.span())
    dated = len(out)  # (in order: ``finditer`` finds them left to right)
    if sentence.norm.count("月") == dated:
        # each 月 is one date's (most): a 月日 date would start within it, and be left out
        return tuple(out)
    for m in _MONTH_DAY.finditer(sentence.norm):
        if any(a <= m.start() < b for a, b in taken):
            continue
        mo, d = int(m.group("m")), int(m.group("d"))
        out.append(
            DateMention(m.group(0), None, mo, d, sentence, m.start(), _date_problem(None, mo, d))
        )
    if dated and len(out) > dated:  # both kinds: put in order (a stable sort, as it was)
        out.sort(key=_OFFSET)
    return tuple(out)


def dates_of(
    sentences: Sequence[Sentence], joined: Joined
) -> tuple[tuple[Sentence, tuple[DateMention, ...]], ...]:
    """Each sentence that names a date, with its dates (``dates_in``), tried only on those
    holding 月, which every date prints (``joined``: theirs)."""
    return found_in(sentences, joined, ("月",), dates_in)


def years_in(sentence: Sentence) -> tuple[tuple[int, int], ...]:
    """(year, offset) for every 19xx/20xx年 in the sentence."""
    return tuple((int(m.group("y")), m.start()) for m in _YEAR.finditer(sentence.norm))
