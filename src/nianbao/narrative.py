"""What a report's narrative states: its sentences, the counts they give, and the dates they name.

The checker compares these statements with the tables (rules/text.py), with the report year
(rules/dates.py) and with each other (rules/publication.py). Patterns read a matching copy of
each sentence (NFKC, simplified, no whitespace, no thousands separators); the sentence as
printed and its page/line travel with every statement as evidence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from .model import Location, Report, Section, TextBlock
from .textnorm import squash

Number = int | float

# ---------------------------------------------------------------- Chinese numerals

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "O": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "万亿"


def _small(text: str) -> Decimal:
    """A number below 10000: 一百二十三, 十六, 两千五 (=2500), 1.5 (a coefficient of 万)."""
    if not text:
        return Decimal(0)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    total = 0
    digit: int | None = None
    last_unit = 0
    after_zero = False
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:
                raise ValueError(text)
            digit = _DIGITS[ch]
            after_zero = after_zero or digit == 0
            if digit == 0:
                digit = None
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if last_unit and unit >= last_unit:
                raise ValueError(text)
            total += (1 if digit is None else digit) * unit
            digit, last_unit, after_zero = None, unit, False
        elif ch.isdigit():
            if digit is not None:
                raise ValueError(text)
            digit = int(ch)
        else:
            raise ValueError(text)
    if digit is not None:
        # 两千五 = 2500, but 两千零五 = 2005
        total += digit * (last_unit // 10) if last_unit >= 100 and not after_zero else digit
    return Decimal(total)


def _below_yi(text: str) -> Decimal:
    if "万" not in text:
        return _small(text)
    high, low = text.split("万", 1)
    value = _small(high or "一") * 10000
    if len(low) == 1 and low in _DIGITS and _DIGITS[low]:
        return value + _DIGITS[low] * 1000  # 一万二 = 12000
    return value + _small(low.lstrip("零〇"))


def cn_number(text: str) -> Number | None:
    """The value of a number written in Arabic or Chinese numerals, or None if it is not one.

    Exact: 十六 → 16, 一百二十三 → 123, 两千 → 2000, 壹佰贰拾叁 → 123, 一万二千 → 12000,
    1.5万 → 15000, 二〇二三 → 2023 (digit by digit), full-width ０-９ via NFKC.
    """
    s = squash(text).replace(",", "")
    if not s:
        return None
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    if all(ch in _DIGITS for ch in s) and len(s) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in s))  # 二〇二三
    if not all(ch in _NUMERAL_CHARS or ch.isdigit() or ch == "." for ch in s):
        return None
    try:
        if "亿" in s:
            high, low = s.split("亿", 1)
            value = _below_yi(high or "一") * 100_000_000 + _below_yi(low.lstrip("零〇"))
        else:
            value = _below_yi(s)
    except (ValueError, InvalidOperation):
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------- sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the narrative, possibly spread over several printed lines."""

    text: str
    #: the matching copy the patterns read (NFKC, simplified, no spaces, 1,234 → 1234)
    norm: str
    section: int | None
    location: Location
    #: (offset in ``norm``, location of the printed line that starts there)
    spans: tuple[tuple[int, Location], ...]

    def location_at(self, offset: int) -> Location:
        found = self.location
        for start, loc in self.spans:
            if start > offset:
                break
            found = loc
        return found


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_FOOTER = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
_MARKER = re.compile(
    r"^(?:#{1,6}\s*)?(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]是)"
)
_TERMINAL = "。！？!?"
_MIN_LINES = 12


def normalize(text: str) -> str:
    """The matching copy of a narrative fragment."""
    return _THOUSANDS.sub("", squash(text))


def _is_heading(block: TextBlock) -> bool:
    text = block.text.strip()
    if block.kind == "heading":
        return True
    return bool(_MARKER.match(text)) and len(text) <= 30 and not re.search(r"[。，；,;]", text)


def _starts_item(text: str) -> bool:
    return bool(_MARKER.match(text.strip()))


def _segments(text: str) -> Iterator[str]:
    """Split a printed line after each sentence-ending mark (a closing quote stays attached)."""
    for piece in re.findall(rf"[^{_TERMINAL}]*[{_TERMINAL}]+[”’」』\"]?|[^{_TERMINAL}]+$", text):
        if piece.strip():
            yield piece


def _joiner(left: str, right: str) -> str:
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() else ""


def full_width(blocks: Iterable[TextBlock]) -> float:
    """The length of a full printed line (PDF lines wrap at about the same length); infinite
    when there are too few lines to tell, so that only an open comma joins lines."""
    lengths = sorted(len(b.text.strip()) for b in blocks if b.text.strip())
    if len(lengths) < _MIN_LINES:
        return float("inf")
    return float(lengths[int(len(lengths) * 0.8)])


def _continues(previous: TextBlock, block: TextBlock, width: float) -> bool:
    """Whether ``block`` continues the sentence ``previous`` left open."""
    before, text = previous.text.strip(), block.text.strip()
    if _is_heading(previous) or _is_heading(block) or _starts_item(text):
        return False
    if before[-1:] in _TERMINAL or before.rstrip('”’」』"')[-1:] in _TERMINAL:
        return False
    return before[-1:] in "，,、：:；;（(“‘《" or len(before) >= 0.75 * width


def split_sentences(
    blocks: Iterable[TextBlock], section: int | None, width: float | None = None
) -> tuple[Sentence, ...]:
    """Join wrapped lines (a PDF breaks a sentence anywhere) and cut at 。！？.

    A line continues the previous one when that one stopped mid-sentence: at a comma, or at
    the full printed width (``width``: by default estimated from ``blocks``; pass the whole
    report's, see ``full_width``). A heading or a numbered item starts anew; page footers
    (-3-, 第3页) are dropped.
    """
    kept = [b for b in blocks if b.text.strip() and not _FOOTER.match(b.text.strip())]
    width = full_width(kept) if width is None else width
    out: list[Sentence] = []
    raw: list[str] = []
    norm: list[str] = []
    spans: list[tuple[int, Location]] = []

    def flush() -> None:
        if raw and "".join(norm):
            out.append(
                Sentence("".join(raw).strip(), "".join(norm), section, spans[0][1], tuple(spans))
            )
        raw.clear()
        norm.clear()
        spans.clear()

    previous: TextBlock | None = None
    for block in kept:
        if previous is None or not _continues(previous, block, width):
            flush()
        previous = block
        for piece in _segments(block.text.strip()):
            if raw:
                raw.append(_joiner(raw[-1], piece))
            spans.append((len("".join(norm)), block.location))
            raw.append(piece)
            norm.append(normalize(piece))
            if piece.rstrip('”’」』"')[-1:] in _TERMINAL:
                flush()
    flush()
    return tuple(out)


def section_blocks(report: Report, section: Section) -> tuple[TextBlock, ...]:
    """The section's paragraphs, or its text split into lines when the extractor kept none."""
    if section.paragraphs:
        return section.paragraphs
    return tuple(
        TextBlock(line, section.location) for line in section.text.splitlines() if line.strip()
    )


_TEXTS: dict[tuple[str, ...], str] = {}


def report_text(report: Report) -> str:
    """The whole narrative, normalised, without tables. Cached by the paragraphs' text, since
    a batch compares every report with every other (copied text across organs and years)."""
    key = tuple(p.text for p in report.paragraphs)
    if key not in _TEXTS:
        if len(_TEXTS) > 4096:
            _TEXTS.clear()
        _TEXTS[key] = "".join(s.norm for s in sentences(report))
    return _TEXTS[key]


def sentences(report: Report, sections: Iterable[int] | None = None) -> tuple[Sentence, ...]:
    """Every sentence of the narrative in reading order; ``sections`` limits it to those numbers.

    Paragraphs outside the six sections (title, 导语, 落款) come with ``section=None`` and are
    included only when ``sections`` is None.
    """
    wanted = None if sections is None else set(sections)
    width = report_width(report)
    in_sections: set[TextBlock] = set()
    out: list[Sentence] = []
    for sec in report.sections:
        blocks = section_blocks(report, sec)
        in_sections.update(blocks)
        if wanted is None or sec.no in wanted:
            out.extend(split_sentences(blocks, sec.no, width))
    if wanted is None:
        headings = {s.heading.strip() for s in report.sections}
        loose = [
            b for b in report.paragraphs if b not in in_sections and b.text.strip() not in headings
        ]
        first = report.sections[0].location.line if report.sections else None
        before = [b for b in loose if first is None or (b.location.line or 0) < first]
        after = [b for b in loose if b not in before]
        out = [*split_sentences(before, None, width), *out, *split_sentences(after, None, width)]
    return tuple(out)


def report_width(report: Report) -> float:
    """The full printed line length of the whole report (see ``full_width``)."""
    blocks = [
        *report.paragraphs,
        *(b for sec in report.sections for b in section_blocks(report, sec)),
    ]
    return full_width(blocks)


def section_text(report: Report, no: int) -> str | None:
    """The matching copy of a section's text (None when the section is absent)."""
    sec = report.section(no)
    if sec is None:
        return None
    blocks = section_blocks(report, sec)
    return "".join(s.norm for s in split_sentences(blocks, no, report_width(report)))


# ---------------------------------------------------------------- organs and scope

OrganKind = Literal["government", "township", "department"]

_TOWNSHIP = re.compile(
    r"(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处|党委)?$|街道办事处|乡人民政府|镇人民政府"
)
_GOVERNMENT = re.compile(
    r"^.{1,12}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗|自治旗|区|特区|林区)"
    r"(?:人民政府|政府)?(?:办公室|办公厅)?$"
)
_DEPARTMENT = re.compile(
    r"(?:局|委员会|委|厅|部|署|办公室|办|中心|院|所|站|处|队|馆|会|集团|公司|总局)$"
)


def organ_kind(report: Report) -> OrganKind | None:
    """Which deadline and content rules apply: a government's own report, a township, a department.

    From ``meta.organ`` (the title's or the 落款's organ); None when it cannot be told.
    """
    return name_kind(report.meta.organ or "")


def name_kind(name: str) -> OrganKind | None:
    """``organ_kind`` of a printed organ name (the corpus's roll-up finds members by it)."""
    organ = squash(name)
    if not organ:
        return None
    if _TOWNSHIP.search(organ):
        return "township"
    if _GOVERNMENT.match(organ):
        return "government"
    if _DEPARTMENT.search(organ):
        return "department"
    return None


Scope = Literal["own", "region"]
_REGION_WORDS = re.compile(
    r"全(?:省|市|州|盟|县|区|旗|镇|乡|街道|系统)|各(?:部门|单位|乡镇|乡|镇|街道|县区|县市区|县\(市、?区\)"
    r"|区县|地|级|级各部门)|[县市区]直(?:各)?(?:部门|单位)|本行政区域|我(?:省|市|县|区|旗|州)"
)
_OWN_WORDS = re.compile(
    r"本(?:机关|单位|部门|局|委|办|厅|处|中心|院|所)|我(?:局|委|办|厅|处|中心|院|所|单位|部门|镇|乡|街道)"
)


_SCOPES: tuple[tuple[re.Pattern[str], Scope], ...] = (
    (_REGION_WORDS, "region"),
    (_OWN_WORDS, "own"),
)


def scope_at(norm: str, offset: int) -> Scope | None:
    """The scope word governing a statement: the nearest one before it, else the first after."""
    hits: list[tuple[int, Scope]] = [
        (m.start(), scope) for pattern, scope in _SCOPES for m in pattern.finditer(norm)
    ]
    before = [h for h in hits if h[0] <= offset]
    if before:
        return max(before, key=lambda h: h[0])[1]
    after = [h for h in hits if h[0] > offset]
    return min(after, key=lambda h: h[0])[1] if after else None


def scope_differs(scope: Scope | None, kind: OrganKind | None) -> bool:
    """A statement about the whole region in a department's report, or about 本机关 in a government's."""
    if scope is None or kind is None:
        return False
    return (scope == "region") != (kind == "government")


# ---------------------------------------------------------------- claims


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
    scope: Scope | None = None
    negated: bool = False
    approximate: bool = False

    @property
    def location(self) -> Location:
        return self.sentence.location_at(self.offset)


_CN = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾"
_NUM = rf"(?P<num>\d+(?:\.\d+)?[万亿]?|[{_CN}][{_CN}百佰千仟万亿]*)"
_UNIT = r"(?P<approx>余|多)?(?P<unit>件|项|个|条|宗|起|份|例)"
_STOP = ",;:。!?()"


def _gap(n: int, stops: str = "") -> str:
    """Up to ``n`` characters inside one clause, containing no digit and none of ``stops``."""
    guard = f"(?!{stops})" if stops else ""
    return rf"(?:{guard}[^{_STOP}\d{_CN}]){{0,{n}}}?"


_RECV = r"(?:收到|受理|接到|接收|新收|收悉|登记)"
_APP_STOPS = "复议|诉讼|答复|办结|结转|其中"
_DOC = r"(?P<doc>(?:行政)?规范性文件|规章(?!制度))"

_N = _NUM + _UNIT
_A = _APP_STOPS
_NOT_APP = "复议|诉讼"
_NOT_ISSUED = "废止|失效|现行有效|清理|备案|审查|审核"
_LAST_YEAR = r"(?:上一?年度?|去年)"
_NEXT_YEAR = r"(?:到|至|入)?(?:下|次|明|20\d\d)一?年"


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A phrasing of a count: the topic, the regex, a clause word that vetoes it, a sentence
    word it needs."""

    topic: str
    regex: re.Pattern[str]
    veto: re.Pattern[str] | None
    needs: str


def _p(topic: str, pattern: str, veto: str = "", needs: str = "") -> _Pattern:
    return _Pattern(topic, re.compile(pattern), re.compile(veto) if veto else None, needs)


_COMPILED = (
    _p("requests.received", rf"{_RECV}{_gap(20, _A)}申请{_gap(10, _A)}{_N}", _NOT_APP),
    _p("requests.received", rf"申请{_gap(12, _A)}{_RECV}{_gap(6, _A)}{_N}", _NOT_APP),
    _p("requests.received", rf"{_RECV}{_gap(4)}{_N}{_gap(12, _A)}申请", _NOT_APP),
    _p(
        "requests.received",
        rf"申请(?:数量|总数|总量)?(?:共计|合计|总计|共|为)为?{_N}",
        "复议|诉讼|结转",
    ),
    _p("requests.handled", rf"办理{_gap(12, _A)}申请{_gap(8, _A)}{_N}", _NOT_APP),
    _p(
        "requests.handled",
        rf"(?<!予以)(?:答复|办结|办理完毕|处理完毕){_gap(4, '申请')}{_N}",
        "复议|诉讼|结转|顺延",
        "申请",
    ),
    _p("requests.carried_over", rf"{_LAST_YEAR}{_gap(4)}结转{_gap(8, '下')}{_N}", _NOT_APP),
    _p("requests.carried_over", rf"{_N}{_gap(6)}(?:为|系|是|属)?{_LAST_YEAR}结转", _NOT_APP),
    _p("requests.carried_forward", rf"(?:结转|顺延|转入){_NEXT_YEAR}度?{_gap(8)}{_N}", _NOT_APP),
    _p("requests.carried_forward", rf"{_N}{_gap(8)}(?:结转|顺延|转入|转){_NEXT_YEAR}", _NOT_APP),
    _p("requests.carried_forward", rf"(?:结转|顺延){_gap(3)}{_N}", f"{_NOT_APP}|{_LAST_YEAR}"),
    _p("requests.granted", rf"(?<!不)予以公开{_gap(6)}{_N}", "主动公开"),
    _p("requests.granted", rf"{_N}{_gap(4)}(?<!不)予以公开", "主动公开"),
    _p("requests.partially_granted", rf"部分公开{_gap(6)}{_N}"),
    _p("requests.denied", rf"不予以?公开{_gap(6)}{_N}"),
    _p("requests.unable", rf"无法提供{_gap(6)}{_N}"),
    _p("requests.not_processed", rf"不予处理{_gap(6)}{_N}"),
    _p("requests.other", rf"其他处理{_gap(6)}{_N}"),
    _p("review.total", rf"行政复议{_gap(10, '诉讼|起诉|维持|纠正|审结')}{_N}"),
    _p("review.total", rf"{_N}{_gap(8, '诉讼')}行政复议", "诉讼"),
    _p("litigation.total", rf"行政诉讼{_gap(10, '复议|维持|纠正|审结')}{_N}"),
    _p("litigation.total", rf"{_N}{_gap(8, '复议')}行政诉讼", "复议"),
    _p("active.normative_documents.in_force", rf"现行有效的?(?:行政)?规范性文件{_gap(6)}{_N}"),
    _p("active.regulations.in_force", rf"现行有效的?规章{_gap(6)}{_N}"),
    _p("active.doc.in_force", rf"现行有效{_gap(4)}{_N}"),
    _p("active.doc.repealed", rf"(?:废止|宣布失效){_gap(12)}{_N}"),
    _p(
        "active.doc.issued",
        rf"(?:制发|印发|出台|制定|发布|公开|新增|公布){_gap(10, '废止|失效|有效|清理|备案|审查')}{_DOC}{_gap(6)}{_N}",
        _NOT_ISSUED,
    ),
    _p("active.doc.issued", rf"{_DOC}类?{_gap(2)}{_N}", _NOT_ISSUED),
    _p(
        "active.licensing.decisions",
        rf"行政许可(?:决定)?{_gap(8, '事项|清单|目录|证')}{_N}",
        "事项清单|目录",
    ),
    _p(
        "active.penalty.decisions",
        rf"行政处罚(?:决定)?{_gap(8, '事项|清单|目录|裁量')}{_N}",
        "事项清单|目录|裁量",
    ),
    _p(
        "active.coercion.decisions",
        rf"行政强制(?:决定|措施)?{_gap(8, '事项|清单|目录')}{_N}",
        "事项清单|目录",
    ),
)

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
_DENIALS = (
    (
        "requests.received",
        re.compile(
            rf"(?:未|没有|无)(?:收到|接到|受理|接收|发生|产生|新收){_gap(20, '复议|诉讼')}申请(?!人)"
        ),
        re.compile(f"复议|诉讼|未经|结转|答复|回复|{_PROCEDURE}"),
    ),
    (
        "requests.received",
        re.compile(
            r"(?:无|没有)(?:政府信息公开|依申请公开|信息公开)(?:申请|事项)|申请(?:数量|总数)?(?:为|是)?(?:0|零)件"
        ),
        re.compile("复议|诉讼|未经"),
    ),
    (
        "review.total",
        re.compile(rf"(?:未|没有|无)(?!经){_gap(25)}行政复议"),
        re.compile(f"未经|复议后|{_PROCEDURE}"),
    ),
    (
        "litigation.total",
        re.compile(rf"(?:未|没有|无)(?!经){_gap(30)}行政诉讼"),
        re.compile(f"未经|{_PROCEDURE}"),
    ),
    (
        "review.total",
        re.compile(
            r"行政复议(?:案件|申请)?(?:和|及|、)?(?:行政诉讼)?(?:案件)?(?:均为|为|均|数量为)(?:0|零|无)"
        ),
        None,
    ),
    ("litigation.total", re.compile(r"行政诉讼(?:案件)?(?:均为|为|均|数量为)(?:0|零|无)"), None),
)
_ALL_DONE = re.compile(
    rf"(?:全部|均|都|所有){_gap(8, '结转|顺延')}(?:办结|办理完毕|办理完成|答复完毕|处理完毕|完成答复)"
    r"|无结转|没有结转|不存在结转"
)
_APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|大约|将近|接近|达到?)$")
_APPROX_AFTER = re.compile(r"^(?:左右|以上|上下|余)")
_CLAUSE = re.compile(r"[,;:()]")


def _clause_bounds(norm: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE.finditer(norm, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(norm, end)), len(norm))
    return left, right


def _claim(topic: str, m: re.Match[str], s: Sentence) -> Claim | None:
    value = cn_number(m.group("num"))
    if value is None:
        return None
    approx = bool(m.group("approx")) or bool(_APPROX_BEFORE.search(s.norm[: m.start("num")]))
    approx = approx or bool(_APPROX_AFTER.match(s.norm[m.end() :]))
    return Claim(
        topic,
        value,
        m.group(0),
        s,
        m.start("num"),
        scope=scope_at(s.norm, m.start()),
        approximate=approx,
    )


def _doc_topic(topic: str, m: re.Match[str], s: Sentence) -> str | None:
    """active.doc.* → the document row named in the match, the clause, or the sentence."""
    if not topic.startswith("active.doc."):
        return topic
    column = topic.rsplit(".", 1)[1]
    named = m.groupdict().get("doc")
    if not named:
        left, right = _clause_bounds(s.norm, m.start(), m.end())
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
    s = sentence
    found: dict[int, Claim] = {}
    for p in _COMPILED:
        if p.needs and p.needs not in s.norm:
            continue
        for m in p.regex.finditer(s.norm):
            left, right = _clause_bounds(s.norm, m.start(), m.end())
            if p.veto is not None and p.veto.search(s.norm[left:right]):
                continue
            where = m.start("num")
            if where in found:
                continue
            resolved = _doc_topic(p.topic, m, s)
            claim = _claim(resolved, m, s) if resolved else None
            if claim is not None and claim.value == 0 and claim.topic in _DENIABLE:
                claim = replace(claim, negated=True)  # 「收到申请0件」 says there were none
            if claim is not None:
                found[where] = claim
    denials: dict[str, Claim] = {}
    for topic, pattern, guard in _DENIALS:
        for m in pattern.finditer(s.norm):
            left, right = _clause_bounds(s.norm, m.start(), m.end())
            if guard is not None and guard.search(s.norm[left:right]):
                continue
            if topic in denials or any(c.topic == topic for c in found.values()):
                continue  # one statement per topic: a count given in the sentence wins
            scope = scope_at(s.norm, m.start())
            denials[topic] = Claim(topic, 0, m.group(0), s, m.start(), scope, negated=True)
    _add_breakdowns(s, found)
    return tuple(sorted([*found.values(), *denials.values()], key=lambda c: (c.offset, c.topic)))


def _add_breakdowns(s: Sentence, found: dict[int, Claim]) -> None:
    parents = sorted(
        (
            c
            for c in found.values()
            if c.topic in ("review.total", "litigation.total") and not c.negated
        ),
        key=lambda c: c.offset,
    )
    for i, parent in enumerate(parents):
        end = parents[i + 1].offset if i + 1 < len(parents) else len(s.norm)
        family = parent.topic.split(".")[0]
        for column, pattern in _BREAKDOWN:
            m = pattern.search(s.norm, parent.offset + 1, end)  # the first one only
            if m is not None and m.start("num") not in found:
                claim = _claim(f"{family}.{column}", m, s)
                if claim is not None:
                    found[m.start("num")] = claim


def all_done_claims(sentence: Sentence) -> tuple[Claim, ...]:
    """「申请均已办结」「无结转」: the text says nothing is carried into next year."""
    out = []
    for m in _ALL_DONE.finditer(sentence.norm):
        left, _ = _clause_bounds(sentence.norm, m.start(), m.end())
        if re.search(r"上一?年度?结转|去年结转|复议|诉讼", sentence.norm[left : m.end()]):
            continue
        out.append(
            Claim(
                "requests.all_done",
                0,
                m.group(0),
                sentence,
                m.start(),
                scope_at(sentence.norm, m.start()),
                True,
            )
        )
    return tuple(out)


# ---------------------------------------------------------------- dates

_CN_DATE_NUM = "〇零○O一二三四五六七八九十"
_DATE = re.compile(
    rf"(?<!\d)(?P<y>\d{{4,}}|[{_CN_DATE_NUM}]{{4}})年度?(?P<m>\d+|[{_CN_DATE_NUM}]{{1,3}})月"
    rf"(?:(?P<d>\d+|[{_CN_DATE_NUM}]{{1,3}})[日号])?"
)
_MONTH_DAY = re.compile(rf"(?<![\d{_CN_DATE_NUM}年])(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]")
_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as printed, with what is wrong with it (``problem`` None when it is a real date)."""

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


def _date_problem(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is not None and not 1949 <= year <= 2100:
        return f"年份「{year}」不是有效年份"
    if month is not None and not 1 <= month <= 12:
        return f"月份「{month}」不存在"
    if day is not None and month is not None and 1 <= month <= 12:
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= last:
            return f"{month}月没有{day}日" if year is None else f"{year}年{month}月没有{day}日"
    return None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    value = cn_number(text)
    return int(value) if isinstance(value, int) else None


def dates_in(sentence: Sentence) -> tuple[DateMention, ...]:
    """Every 年月日 / 月日 date of the sentence, valid or not (202020年12月31日, 2月30日)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(sentence.norm):
        y, mo, d = _int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
        out.append(DateMention(m.group(0), y, mo, d, sentence, m.start(), _date_problem(y, mo, d)))
        taken.append(m.span())
    for m in _MONTH_DAY.finditer(sentence.norm):
        if any(a <= m.start() < b for a, b in taken):
            continue
        mo, d = int(m.group("m")), int(m.group("d"))
        out.append(
            DateMention(m.group(0), None, mo, d, sentence, m.start(), _date_problem(None, mo, d))
        )
    return tuple(sorted(out, key=lambda x: x.offset))


def years_in(sentence: Sentence) -> tuple[tuple[int, int], ...]:
    """(year, offset) for every 19xx/20xx年 in the sentence."""
    return tuple((int(m.group("y")), m.start()) for m in _YEAR.finditer(sentence.norm))


# ---------------------------------------------------------------- similarity


def shingles(text: str, n: int = 5) -> frozenset[str]:
    """Character n-grams of the folded text, every number (Arabic or Chinese) replaced by 0:
    a copy with new years or new figures is still a copy."""
    words = re.sub(r"[^\w]", "", normalize(text))
    folded = re.sub(rf"\d+(?:\.\d+)?|[{_CN}百佰千仟万亿]+", "0", words)
    return frozenset(folded[i : i + n] for i in range(max(len(folded) - n + 1, 0)))


def similarity(a: str, b: str, n: int = 5) -> float | None:
    """Jaccard similarity of the two texts' character n-grams; None when either is too short."""
    sa, sb = shingles(a, n), shingles(b, n)
    if not sa or not sb:
        return None
    return len(sa & sb) / len(sa | sb)
