"""The counts a narrative states: 「共收到政府信息公开申请16件」 → requests.received = 16.

The checker compares them with the tables (rules/text.py) and across reports (rules/publication.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from ..model import Location
from ..model.quick import quick_init
from .numerals import CN_DIGITS, Number, cn_number
from .scope import Scope, scope_at
from .sentences import Joined, Sentence, found_in


@quick_init
@dataclass(frozen=True, slots=True)
class Claim:
    """A count the narrative states, e.g. 「共收到政府信息公开申请16件」 → requests.received = 16.

    ``value`` 0 with ``negated`` is a denial (未收到申请, 未发生行政复议). ``approximate`` marks
    余/多/约/近 (a count the table cannot confirm exactly).
    """

    topic: str
    value: Number
    raw: str
    sentence: Sentence
    offset: int
    #: where the statement's phrasing starts in ``sentence.norm``, which tells its ``scope``
    opens: int
    negated: bool = False
    approximate: bool = False

    @property
    def location(self) -> Location:
        return self.sentence.location_at(self.offset)

    @property
    def scope(self) -> Scope | None:
        """The scope word governing the statement (``extract.scope.scope_at``), told when a
        rule asks: only a statement that becomes a finding, or that two statements are
        compared by, needs it, and finding the scope words cost some 2 µs a sentence."""
        return scope_at(self.sentence.norm, self.opens)


#: a count: Arabic digits (maybe a decimal, 万 or 亿), or Chinese numerals. Written to open with
#: one character set, not a choice of two runs, so that the regex engine looks for a phrasing
#: that opens with a count only where a digit or numeral is (``\d+...|[一...]...`` is tried at
#: every position of a sentence). Nor is it tried inside a run of digits, or of numerals, that
#: it was tried at the start of (a lookbehind two characters long, tested once the first is
#: read): from there it reads no count it could not read from the run's start, with all that
#: follows the count the same, and no match ends in a digit or numeral, so a run's start is
#: never inside the match before (a phrasing opening with a count tried 2–3 times sooner)
_NUM = (
    rf"(?P<num>[\d{CN_DIGITS}]"
    rf"(?:(?<=\d)(?<!\d\d)\d*(?:\.\d+)?[万亿]?"
    rf"|(?<=[{CN_DIGITS}])(?<![{CN_DIGITS}][{CN_DIGITS}])[{CN_DIGITS}百佰千仟万亿]*))"
)
_UNIT = r"(?P<approx>余|多)?(?P<unit>件|项|个|条|宗|起|份|例)"
_STOP = ",;:。!?()"


def _gap(n: int, stops: str = "") -> str:
    """Up to ``n`` characters inside one clause, containing no digit and none of ``stops``."""
    guard = f"(?!{stops})" if stops else ""
    return rf"(?:{guard}[^{_STOP}\d{CN_DIGITS}]){{0,{n}}}?"


_RECV = r"(?:收到|受理|接到|接收|新收|收悉|登记)"
_APP_STOPS = "复议|诉讼|答复|办结|结转|其中"
#: (each choice opens with a character, which the regex engine then looks for alone)
_DOC = r"(?P<doc>行政规范性文件|规范性文件|规章(?!制度))"

_N = _NUM + _UNIT
_A = _APP_STOPS
_NOT_APP = "复议|诉讼"
_NOT_ISSUED = "废止|失效|现行有效|清理|备案|审查|审核"
#: one of these is in every match of ``_DOC``
_DOC_WORDS = ("规范性文件", "规章")
#: the word every phrasing of an application count prints
_APP = ("申请",)
_LAST_YEAR = r"(?:上一?年度?|去年)"
_NEXT_YEAR = r"(?:到|至|入)?(?:下|次|明|20\d\d)一?年"
#: one of these is in every match of a count carried into next year (its verb): 「年」, which
#: the phrasings print too, is in nearly every sentence and would rule none out
_CARRY = ("转", "顺延")


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A phrasing of a count: the topic, the regex, a clause word that vetoes it, and the
    words a sentence needs (one of them) for the regex to match at all: a word the pattern
    itself prints, so testing for it first changes nothing but the time."""

    topic: str
    regex: re.Pattern[str]
    veto: re.Pattern[str] | None
    needs: tuple[str, ...]


def _p(topic: str, pattern: str, veto: str = "", needs: tuple[str, ...] = ()) -> _Pattern:
    return _Pattern(topic, re.compile(pattern), re.compile(veto) if veto else None, needs)


def _needed(words: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` holds one of ``words`` (always, for no words)."""
    for w in words:  # a loop, not any(): no generator for the ~270 calls of a report
        if w in text:
            return True
    return not words


def _present(words: tuple[str, ...], text: str) -> frozenset[str]:
    """Which of ``words`` ``text`` holds: a sentence is tried against some thirty phrasings,
    many needing the same word, so each word is looked for once instead of once a phrasing."""
    return frozenset([w for w in words if w in text])


_COMPILED = (
    _p("requests.received", rf"{_RECV}{_gap(20, _A)}申请{_gap(10, _A)}{_N}", _NOT_APP, _APP),
    _p("requests.received", rf"申请{_gap(12, _A)}{_RECV}{_gap(6, _A)}{_N}", _NOT_APP, _APP),
    _p("requests.received", rf"{_RECV}{_gap(4)}{_N}{_gap(12, _A)}申请", _NOT_APP, _APP),
    _p(
        "requests.received",
        rf"申请(?:数量|总数|总量)?(?:共计|合计|总计|共|为)为?{_N}",
        "复议|诉讼|结转",
        _APP,
    ),
    _p("requests.handled", rf"办理{_gap(12, _A)}申请{_gap(8, _A)}{_N}", _NOT_APP, _APP),
    _p(
        "requests.handled",
        # (?<!予以) after each verb's first character, not before it: so each choice opens
        # with a character, which the regex engine then looks for alone
        rf"(?:答(?<!予以答)复|办(?<!予以办)(?:结|理完毕)|处(?<!予以处)理完毕){_gap(4, '申请')}{_N}",
        "复议|诉讼|结转|顺延",
        _APP,
    ),
    _p(
        "requests.carried_over",
        rf"{_LAST_YEAR}{_gap(4)}结转{_gap(8, '下')}{_N}",
        _NOT_APP,
        ("结转",),
    ),
    _p(
        "requests.carried_over",
        rf"{_N}{_gap(6)}(?:为|系|是|属)?{_LAST_YEAR}结转",
        _NOT_APP,
        ("结转",),
    ),
    _p(
        "requests.carried_forward",
        rf"(?:结转|顺延|转入){_NEXT_YEAR}度?{_gap(8)}{_N}",
        _NOT_APP,
        _CARRY,
    ),
    _p(
        "requests.carried_forward",
        rf"{_N}{_gap(8)}(?:结转|顺延|转入|转){_NEXT_YEAR}",
        _NOT_APP,
        _CARRY,
    ),
    _p(
        "requests.carried_forward",
        rf"(?:结转|顺延){_gap(3)}{_N}",
        f"{_NOT_APP}|{_LAST_YEAR}",
        ("结转", "顺延"),
    ),
    _p("requests.granted", rf"予(?<!不予)以公开{_gap(6)}{_N}", "主动公开", ("予以公开",)),
    _p("requests.granted", rf"{_N}{_gap(4)}(?<!不)予以公开", "主动公开", ("予以公开",)),
    _p("requests.partially_granted", rf"部分公开{_gap(6)}{_N}", needs=("部分公开",)),
    _p("requests.denied", rf"不予以?公开{_gap(6)}{_N}", needs=("不予",)),
    _p("requests.unable", rf"无法提供{_gap(6)}{_N}", needs=("无法提供",)),
    _p("requests.not_processed", rf"不予处理{_gap(6)}{_N}", needs=("不予处理",)),
    _p("requests.other", rf"其他处理{_gap(6)}{_N}", needs=("其他处理",)),
    _p(
        "review.total",
        rf"行政复议{_gap(10, '诉讼|起诉|维持|纠正|审结')}{_N}",
        needs=("行政复议",),
    ),
    _p("review.total", rf"{_N}{_gap(8, '诉讼')}行政复议", "诉讼", ("行政复议",)),
    _p("litigation.total", rf"行政诉讼{_gap(10, '复议|维持|纠正|审结')}{_N}", needs=("行政诉讼",)),
    _p("litigation.total", rf"{_N}{_gap(8, '复议')}行政诉讼", "复议", ("行政诉讼",)),
    _p(
        "active.normative_documents.in_force",
        rf"现行有效的?(?:行政)?规范性文件{_gap(6)}{_N}",
        needs=("现行有效",),
    ),
    _p("active.regulations.in_force", rf"现行有效的?规章{_gap(6)}{_N}", needs=("现行有效",)),
    _p("active.doc.in_force", rf"现行有效{_gap(4)}{_N}", needs=("现行有效",)),
    _p("active.doc.repealed", rf"(?:废止|宣布失效){_gap(12)}{_N}", needs=("废止", "宣布失效")),
    _p(
        "active.doc.issued",
        rf"(?:制发|印发|出台|制定|发布|公开|新增|公布){_gap(10, '废止|失效|有效|清理|备案|审查')}{_DOC}{_gap(6)}{_N}",
        _NOT_ISSUED,
        _DOC_WORDS,
    ),
    _p("active.doc.issued", rf"{_DOC}类?{_gap(2)}{_N}", _NOT_ISSUED, _DOC_WORDS),
    _p(
        "active.licensing.decisions",
        rf"行政许可(?:决定)?{_gap(8, '事项|清单|目录|证')}{_N}",
        "事项清单|目录",
        ("行政许可",),
    ),
    _p(
        "active.penalty.decisions",
        rf"行政处罚(?:决定)?{_gap(8, '事项|清单|目录|裁量')}{_N}",
        "事项清单|目录|裁量",
        ("行政处罚",),
    ),
    _p(
        "active.coercion.decisions",
        rf"行政强制(?:决定|措施)?{_gap(8, '事项|清单|目录')}{_N}",
        "事项清单|目录",
        ("行政强制",),
    ),
)

#: every phrasing above ends its count in a numeral and a unit (``_N``): a sentence without
#: one states no count, and the phrasings need not be tried on it. The unit is looked for
#: first (eight characters, not the numerals' category and thirty characters at every
#: position), then the numeral before it, or before its 余/多
_NUMERAL = rf"[\d{CN_DIGITS}百佰千仟万亿]"
_ANY_COUNT = re.compile(rf"[件项个条宗起份例](?:(?<={_NUMERAL}.)|(?<={_NUMERAL}[余多].))")

# Follow-up counts that refine the last review/litigation count of the same sentence:
# 「行政复议351件，其中结果维持72件，结果纠正64件……」
_BREAKDOWN = (
    ("upheld", re.compile(rf"(?:结果)?维持{_gap(8)}{_NUM}{_UNIT}")),
    ("corrected", re.compile(rf"(?:结果)?纠正{_gap(8)}{_NUM}{_UNIT}")),
    ("other", re.compile(rf"其他(?:结果)?{_gap(4)}{_NUM}{_UNIT}")),
    ("pending", re.compile(rf"(?:尚未审结|未审结|尚在审理|正在审理|审理中){_gap(4)}{_NUM}{_UNIT}")),
)

#: words of a procedure description (「逾期未答复的，申请人可以申请行政复议」), not a denial
_PROCEDURE = "可以|可依法|可向|有权|不服|如对|逾期"
_DENIABLE = frozenset({"requests.received", "review.total", "litigation.total"})
#: a denial: its topic, its pattern, a clause word that vetoes it, the words it needs (one)
_Denial = tuple[str, re.Pattern[str], re.Pattern[str] | None, tuple[str, ...]]
_DENIALS: tuple[_Denial, ...] = (
    (
        "requests.received",
        re.compile(
            rf"(?:未|没有|无)(?:收到|接到|受理|接收|发生|产生|新收){_gap(20, '复议|诉讼')}申请(?!人)"
        ),
        re.compile(f"复议|诉讼|未经|结转|答复|回复|{_PROCEDURE}"),
        _APP,
    ),
    (
        "requests.received",
        re.compile(
            r"(?:无|没有)(?:政府信息公开|依申请公开|信息公开)(?:申请|事项)|申请(?:数量|总数)?(?:为|是)?(?:0|零)件"
        ),
        re.compile("复议|诉讼|未经"),
        ("无", "没有", "0件", "零件"),
    ),
    (
        "review.total",
        re.compile(rf"(?:未|没有|无)(?!经){_gap(25)}行政复议"),
        re.compile(f"未经|复议后|{_PROCEDURE}"),
        ("行政复议",),
    ),
    (
        "litigation.total",
        re.compile(rf"(?:未|没有|无)(?!经){_gap(30)}行政诉讼"),
        re.compile(f"未经|{_PROCEDURE}"),
        ("行政诉讼",),
    ),
    (
        "review.total",
        re.compile(
            r"行政复议(?:案件|申请)?(?:和|及|、)?(?:行政诉讼)?(?:案件)?(?:均为|为|均|数量为)(?:0|零|无)"
        ),
        None,
        ("行政复议",),
    ),
    (
        "litigation.total",
        re.compile(r"行政诉讼(?:案件)?(?:均为|为|均|数量为)(?:0|零|无)"),
        None,
        ("行政诉讼",),
    ),
)
#: every word a phrasing or a denial needs, each looked for once per sentence (``_present``)
_WORDS = tuple(
    dict.fromkeys([w for p in _COMPILED for w in p.needs] + [w for *_, n in _DENIALS for w in n])
)
#: the words a denial needs
_DENIAL_WORDS = tuple(dict.fromkeys(w for *_, n in _DENIALS for w in n))
#: all that is looked for in a sentence stating no count (most): the denials' words but those
#: that are a count themselves (「0件」), which such a sentence cannot hold
_UNCOUNTED_WORDS = tuple(w for w in _DENIAL_WORDS if _ANY_COUNT.search(w) is None)
#: the ``_WORDS`` a sentence prints, by one scan of it (``findall``), not a test a word: most
#: sentences stating a count state none the phrasings read (「四个体系」「120余条」), and every
#: phrasing and denial needs one of the words. The longest first, so that a word found stands
#: for the words inside it too (「不予处理」 for 「不予」: ``_tried`` adds them); the words
#: one overlaps are found elsewhere, but for 「予以公开」 in 「不予以公开」, which no phrasing
#: needing it reads (each is written ``(?<!不)予以公开``)
_FIND_WORDS = re.compile("|".join(map(re.escape, sorted(_WORDS, key=len, reverse=True)))).findall
#: a compiled regex's ``search``
_Search = Callable[..., re.Match[str] | None]
#: every denial prints one of these, or a count (「0件」): 未, 无 or 没有 before what it
#: denies, or 「为无」「均无」 after it, or one of ``_NOUGHT``
_NEGATIONS = ("未", "无", "没")
#: a regex that opens with a character (which it looks for alone), with that character
_Opened = tuple[str, _Search]
#: 「为0」「均零」…: a regex a first character (two scans of the text, not one a word)
_NOUGHT: tuple[_Opened, ...] = (
    ("为", re.compile("为[0零]").search),
    ("均", re.compile("均[0零]").search),
)
#: ``_ANY_COUNT`` a unit: each regex opens with its unit and tests the numeral behind it
#: (most 项, 条 and 例 are not a count's: 事项, 条例), where ``_ANY_COUNT`` tests each
#: character against the units
_UNIT_COUNTS: tuple[_Opened, ...] = tuple(
    (unit, re.compile(rf"{unit}(?:(?<={_NUMERAL}.)|(?<={_NUMERAL}[余多].))").search)
    for unit in "件项个条宗起份例"
)


def _tried(printed: frozenset[str]) -> tuple[tuple[_Pattern, ...], tuple[_Denial, ...]]:
    """The phrasings and the denials whose words a sentence holds (``printed``, and the words
    inside those: ``_FIND_WORDS`` finds 「结转」, not the 「转」 in it), in catalogue order:
    worked out once per set of words (a report's sentences share a few dozen), not a test a
    phrasing for every sentence."""
    found = _TRIED.get(printed)
    if found is None:
        if len(_TRIED) >= _TRIED_SIZE:
            _TRIED.clear()
        present = {w for w in _WORDS if any(w in p for p in printed)}
        found = _TRIED[printed] = (
            tuple(p for p in _COMPILED if not p.needs or not present.isdisjoint(p.needs)),
            tuple(d for d in _DENIALS if not present.isdisjoint(d[3])),
        )
    return found


_TRIED: dict[frozenset[str], tuple[tuple[_Pattern, ...], tuple[_Denial, ...]]] = {}
_TRIED_SIZE = 4096
_DONE = "(?:办结|办理完毕|办理完成|答复完毕|处理完毕|完成答复)"
#: (「全部…办结|均…办结|…」, not 「(?:全部|均|…)…办结」: each choice then opens with a
#: character, which the regex engine looks for alone instead of trying every position)
_ALL_DONE = re.compile(
    "|".join(rf"{w}{_gap(8, '结转|顺延')}{_DONE}" for w in ("全部", "均", "都", "所有"))
    + r"|无结转|没有结转|不存在结转"
)
#: one of these is in every match of ``_ALL_DONE``
_ALL_DONE_WORDS = ("办结", "完毕", "办理完成", "完成答复", "结转")
_NOT_THIS_YEAR = re.compile(r"上一?年度?结转|去年结转|复议|诉讼")
#: the words that make a count approximate just before it (「约12件」) or just after (「12件左右」)
_APPROX_BEFORE = ("约", "近", "逾", "超过", "大约", "将近", "接近", "达", "达到")
_APPROX_AFTER = ("左右", "以上", "上下", "余")
_CLAUSE = re.compile(r"[,;:()]")


def _clause_bounds(norm: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``norm[start:end]``: from after the last clause mark before it to the
    first one at or after its end. Each told by one regex call, near the match: finding every
    mark of the sentence first (a match object a comma) cost more than the few matches' bounds."""
    before = _UP_TO_CLAUSE.match(norm, 0, start)  # (greedy: to the last mark before ``start``)
    after = _CLAUSE.search(norm, end)
    return (
        0 if before is None else before.end(),
        len(norm) if after is None else after.start(),
    )


_UP_TO_CLAUSE = re.compile(r".*[,;:()]", re.DOTALL)


def _claim(topic: str, m: re.Match[str], s: Sentence) -> Claim | None:
    num = m.group("num")
    # Arabic digits alone (most counts) are their own value: ``cn_number`` reads the same
    # digits after normalising the already normalised text
    value = int(num) if num.isdecimal() else cn_number(num)
    if value is None:
        return None
    at = m.start("num")
    norm = s.norm
    approx = (
        bool(m.group("approx"))
        or norm.endswith(_APPROX_BEFORE, 0, at)
        or norm.startswith(_APPROX_AFTER, m.end())
    )
    return Claim(topic, value, m.group(0), s, at, m.start(), approximate=approx)


def _doc_topic(topic: str, m: re.Match[str], s: Sentence, left: int, right: int) -> str | None:
    """active.doc.* → the document row named in the match, the clause (``left``, ``right``:
    its bounds), or the sentence."""
    if not topic.startswith("active.doc."):
        return topic
    column = topic.rsplit(".", 1)[1]
    named = m.groupdict().get("doc")
    if not named:
        for text in (s.norm[left:right], s.norm):
            kinds = {
                k
                for k in ("规范性文件", "规章")
                if re.search(k + ("(?!制度)" if k == "规章" else ""), text)
            }
            if len(kinds) == 1:
                named = kinds.pop()
                break
    if not named:
        return None
    row = "normative_documents" if "规范性文件" in named else "regulations"
    return f"active.{row}.{column}"


def claims_in(sentence: Sentence) -> tuple[Claim, ...]:
    """Every count the sentence states, first come first served per number position."""
    return _claims_in(sentence, _ANY_COUNT.search(sentence.norm) is not None)


def _claims_in(s: Sentence, counted: bool) -> tuple[Claim, ...]:
    """``claims_in``, told whether the sentence holds a numeral and a unit (``counted``)."""
    norm = s.norm
    # a sentence without a numeral and a unit is only tried for denials, and one without a
    # denial's word either (most sentences) states nothing, nor one with a count but no word
    if counted:
        printed = _FIND_WORDS(norm)
        if not printed:
            return ()
        present = frozenset(printed)
    else:
        present = _present(_UNCOUNTED_WORDS, norm)
        if not present:
            return ()
    phrasings, denied = _tried(present)
    # each pattern's matches by ``search`` from the end of the last, as ``finditer`` finds
    # them (no match is empty; a lookbehind reads before ``pos``), without its iterator:
    # most searches find nothing, and the iterator costs as much as such a search
    found: dict[int, Claim] = {}
    for p in phrasings if counted else ():
        search = p.regex.search
        m = search(norm)
        while m is not None:
            end = m.end()
            left, right = _clause_bounds(norm, m.start(), end)
            where = m.start("num")
            if (p.veto is None or p.veto.search(norm, left, right) is None) and where not in found:
                resolved = _doc_topic(p.topic, m, s, left, right)
                claim = _claim(resolved, m, s) if resolved else None
                if claim is not None and claim.value == 0 and claim.topic in _DENIABLE:
                    claim = replace(claim, negated=True)  # 「收到申请0件」 says there were none
                if claim is not None:
                    found[where] = claim
            m = search(norm, end)
    denials: dict[str, Claim] = {}
    # one statement per topic: a count given in the sentence wins, then the first denial (a
    # denial whose topic is stated is not looked for, nor any match after its first)
    stated = {c.topic for c in found.values()} if found else ()
    for topic, pattern, guard, _ in denied:
        if topic in denials or topic in stated:
            continue
        search = pattern.search
        m = search(norm)
        while m is not None:
            end = m.end()
            left, right = _clause_bounds(norm, m.start(), end)
            if guard is None or guard.search(norm, left, right) is None:
                at = m.start()
                denials[topic] = Claim(topic, 0, m.group(0), s, at, at, True)
                break
            m = search(norm, end)
    if not found and not denials:
        return ()  # nothing stated, and no count to refine
    _add_breakdowns(s, found)
    out = [*found.values(), *denials.values()]
    if len(out) > 1:  # (no two share an offset and a topic)
        out.sort(key=_READING_ORDER)
    return tuple(out)


#: claims in the order a sentence states them
_READING_ORDER = attrgetter("offset", "topic")


def claims_of(sentences: Sequence[Sentence], joined: Joined) -> tuple[Claim, ...]:
    """``claims_in`` of each sentence in turn (``joined``: theirs), tried only on those that
    can state one: a count needs a numeral and a unit, a denial a negation (``_NEGATIONS``,
    ``_NOUGHT``), and most sentences hold neither. Each is looked for once in ``joined``, by a
    ``str.find`` or a regex opening with a character (a C scan for that character), instead
    of a test a sentence."""
    counted = _holding_match(joined, _UNIT_COUNTS)
    tried = counted | joined.holding(_NEGATIONS) | _holding_match(joined, _NOUGHT)
    return tuple(c for i in sorted(tried) for c in _claims_in(sentences[i], i in counted))


def _holding_match(joined: Joined, searches: Sequence[_Opened]) -> set[int]:
    """The indices of the sentences where one of ``searches`` (each matching within a
    sentence, never a line break) finds a match, in ``joined``: theirs. Each regex starts
    where ``str.find`` finds its opening character, and not at all when it finds none (half
    the units are seldom printed): the regex engine looks for a character some five times
    slower than ``find``'s ``memchr``. Once a sentence is found, the search goes on from its
    end."""
    found: set[int] = set()
    text = joined.text
    for opening, search in searches:
        at = text.find(opening)
        if at < 0:
            continue
        m = search(text, at)
        while m is not None:
            at = m.start()
            found.add(joined.index(at))
            at = text.find("\n", at)
            if at < 0:
                break
            m = search(text, at)
    return found


def _add_breakdowns(s: Sentence, found: dict[int, Claim]) -> None:
    if not found:
        return  # no count to refine (most sentences)
    parents = [c for c in found.values() if c.topic in _REFINED and not c.negated]
    if not parents:
        return  # (most sentences stating a count: an application's)
    parents.sort(key=_OFFSET)
    for i, parent in enumerate(parents):
        end = parents[i + 1].offset if i + 1 < len(parents) else len(s.norm)
        family = parent.topic.split(".")[0]
        for column, pattern in _BREAKDOWN:
            m = pattern.search(s.norm, parent.offset + 1, end)  # the first one only
            if m is not None and m.start("num") not in found:
                claim = _claim(f"{family}.{column}", m, s)
                if claim is not None:
                    found[m.start("num")] = claim


#: the counts ``_BREAKDOWN`` refines
_REFINED = ("review.total", "litigation.total")
_OFFSET = attrgetter("offset")


def all_done_claims(sentence: Sentence) -> tuple[Claim, ...]:
    """「申请均已办结」「无结转」: the text says nothing is carried into next year."""
    out: list[Claim] = []
    if not _needed(_ALL_DONE_WORDS, sentence.norm):
        return ()
    for m in _ALL_DONE.finditer(sentence.norm):
        left, _ = _clause_bounds(sentence.norm, m.start(), m.end())
        if _NOT_THIS_YEAR.search(sentence.norm[left : m.end()]):
            continue
        out.append(
            Claim(
                "requests.all_done",
                0,
                m.group(0),
                sentence,
                m.start(),
                m.start(),
                True,
            )
        )
    return tuple(out)


def all_done_of(
    sentences: Sequence[Sentence], joined: Joined
) -> tuple[tuple[Sentence, tuple[Claim, ...]], ...]:
    """Each sentence that states 「全部办结」, with its statements (``all_done_claims``), tried
    only on those holding one of the words every statement prints (``joined``: theirs)."""
    return found_in(sentences, joined, _ALL_DONE_WORDS, all_done_claims)
