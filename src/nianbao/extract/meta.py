"""Meta fields from the title, the statistical period and the 落款: organ, region, year, date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model import Meta, TextBlock
from ..model.quick import builder
from ..textnorm import squash
from .numerals import cn_number

_new_meta = builder(Meta)
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年")
_TITLE_MARK = re.compile(r"(年度报告|年报)")
_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?至(?:(?:19|20)\d{2})年12月31日")
_DATE = re.compile(r"(\d{4,6})年(\d{1,2})月(\d{1,2})日")
_CN_DATE = re.compile(
    r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_ISO_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_ORGAN_SUFFIX = re.compile(
    r"(人民政府|政府|办公室|办公厅|委员会|管理局|局|委|厅|办|部|院|中心|街道办事处|街道|镇|乡|处|所|署|队|站|馆|会|公司)$"
)
_REGION = re.compile(r"^(.{2,12}?(?:自治区|自治州|自治县|省|市|州|盟|地区|县|旗|区))")
_BODY_REGION = re.compile(
    r"(?:^|[^\u4e00-\u9fff]|发挥|通过|在|以|由|经|为|对|是)([\u4e00-\u9fff]{2,3}[县市区])(?:人民)?政府"
)
#: what every ``_BODY_REGION`` match ends with; its start is at most ``_BODY_REGION_LEAD``
#: characters before this (two of 发挥…, three ideographs)
_REGION_GOVERNMENT = re.compile("[县市区](?:人民)?政府")
_BODY_REGION_LEAD = 5


def body_region(text: str) -> re.Match[str] | None:
    """``_BODY_REGION.search(text)``, looked for only from a little before the first
    ``_REGION_GOVERNMENT`` (a search for one of three characters, where ``_BODY_REGION``
    tries its dozen openings at every position): no match can start sooner, and ``^``
    still matches only at the text's start."""
    found = _REGION_GOVERNMENT.search(text)
    if found is None:
        return None
    return _BODY_REGION.search(text, max(found.start() - _BODY_REGION_LEAD, 0))


#: a title line that starts with its organ's name and the year (not the rest of a title
#: split over two lines), and a line above that ends where such a title goes on
_TITLE_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,}?(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})")
_TITLE_ABOVE = re.compile(r"政府信息公开$|(?:19|20)\d{2}\s*年?$")
#: where the organ's name ends in a title
_ORGAN_END = re.compile(r"(?:19|20)\d{2}年|[〇零○一二三四五六七八九]{4}年|政府信息公开")
_NOT_ORGAN = ("我局", "我处", "我委", "我办", "本机关", "我单位", "我中心")


def _cn_number(text: str) -> int:
    value = cn_number(text)
    if value is None:
        raise ValueError(text)
    return int(value)


def find_year(text: str) -> int | None:
    s = squash(text)
    m = _YEAR.search(s)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(s)
    return _cn_number(m.group(1)) if m else None


def parse_date(text: str) -> tuple[str | None, str | None]:
    """(ISO date or None, the raw date text found). An impossible date gives (None, raw)."""
    return _date_of(squash(text))


def _date_of(s: str) -> tuple[str | None, str | None]:
    """``parse_date`` of a text given squashed."""
    for pattern, conv in ((_DATE, int), (_CN_DATE, _cn_number)):
        m = pattern.search(s)
        if m:
            raw = m.group(0)
            try:
                y, mo, d = (conv(g) for g in m.groups())
                return dt.date(y, mo, d).isoformat(), raw
            except (ValueError, KeyError):
                return None, raw
    m = _ISO_DATE.match(s)
    if m:
        try:
            return dt.date(*(int(g) for g in m.groups())).isoformat(), m.group(0)
        except ValueError:
            return None, m.group(0)
    return None, None


#: a 落款 date in these first months of a year dates the report of the year before
_SIGNED_BY_MONTH = 3
# what a crawler or CMS puts before the title ("标题：", "题名:")
_TITLE_PREFIX = re.compile(r"^(?:#+\s*)?(?:标\s*题|题\s*名|文章标题|名\s*称)\s*[:：]\s*")
#: page chrome: each choice opens with a character of its own (``[>＞»|｜]`` spelled out), so
#: ``re`` looks for those characters alone instead of trying every choice at every position
_CHROME = re.compile(r">|＞|»|\||｜|当前位置|首页|字号|分享|浏览次数|来源[:：]")
_TITLE_LINES = 20


def _title_line(front: list[TextBlock]) -> int | None:
    """The title among the first paragraphs: a line naming the annual report that is not page
    chrome (a breadcrumb such as ``首页 > 年度报告``), best one with 政府信息公开 in it."""
    marked = [
        i
        for i, b in enumerate(front[:_TITLE_LINES])
        if _TITLE_MARK.search(b.text) and not _CHROME.search(_TITLE_PREFIX.sub("", b.text))
    ]
    # the first with 政府信息公开 in it, else the first: a later line is not normalised (an
    # opening paragraph that names the report costs some ten times a title)
    for i in marked:
        # mostly printed as is: then squashed too (squash keeps these six characters and
        # puts nothing between them), told without normalising the line
        text = front[i].text
        if "政府信息公开" in text or "政府信息公开" in squash(text):
            return i
    return marked[0] if marked else None


def _title_text(front: list[TextBlock], i: int) -> tuple[str, str]:
    """The title as printed: the crawler's "标题：" dropped, cut after 年度报告 when the body
    runs on in the same line, and joined with the line above when the title is split over
    two lines (``淮安市人民政府`` / ``2024年政府信息公开工作年度报告``); and it squashed
    (made once: the caller reads it too)."""
    text = _TITLE_PREFIX.sub("", front[i].text.strip().lstrip("#").strip())
    m = _TITLE_MARK.search(text)
    if m and len(text) > m.end() + 10:
        text = text[: m.end()]
    squashed = squash(text)
    if i > 0 and not _TITLE_HEAD.match(squashed):
        above = _TITLE_PREFIX.sub("", front[i - 1].text.strip())
        if len(above) <= 30 and not _CHROME.search(above) and not _TITLE_MARK.search(above):
            if _TITLE_ABOVE.search(squash(above)):
                text = above + text
                squashed = squash(text)
    return text, squashed


#: a 落款 date line is its date (13 characters at most) give or take two: a line with more
#: CJK ideographs than that is not one (each stays one character when squashed)
_DATE_LINE_MAX = 15
#: more than ``_DATE_LINE_MAX`` CJK ideographs, anywhere: one match, not a match object each.
#: Spelled out, each step possessive (the two classes are complements, so giving a character
#: back never helps): a repeated group costs ``re`` a bookkeeping step an ideograph, and this
#: pattern about half the instructions (tests/test_meta_region.py checks it against the group)
_MORE_IDEOGRAPHS = re.compile("[^\u4e00-\u9fff]*+[\u4e00-\u9fff]" * (_DATE_LINE_MAX + 1))


def _longer_than_a_date(text: str) -> bool:
    """Whether ``squash(text)`` is surely longer than a date line, told without normalising."""
    if len(text) <= _DATE_LINE_MAX:
        return False
    return _MORE_IDEOGRAPHS.match(text) is not None


def _evidence(block: TextBlock, raw: str | None = None) -> dict[str, Any]:
    return {"raw": raw if raw is not None else block.text, **block.location.to_dict()}


def build_meta(
    front: list[TextBlock], back: list[TextBlock], body: list[TextBlock], fmt: str | None = None
) -> tuple[Meta, dict[str, Any]]:
    """``front``: paragraphs before section 一; ``back``: the last paragraphs (落款); ``fmt``:
    the format the tables were read in."""
    evidence: dict[str, Any] = {}
    title_i = _title_line(front)
    title = organ = None
    year = None
    if title_i is not None:
        tb = front[title_i]
        title, s = _title_text(front, title_i)
        evidence["title"] = _evidence(tb)
        year = find_year(s)
        if year is not None:
            evidence["year"] = _evidence(tb)
        head = _ORGAN_END.split(s)[0]
        if head and head not in _NOT_ORGAN:
            organ = head
            evidence["organ"] = _evidence(tb)
        elif title_i > 0 and _ORGAN_SUFFIX.search(squash(front[title_i - 1].text)):
            organ = squash(front[title_i - 1].text).lstrip("#")
            title = f"{organ}{title}"
            evidence["organ"] = _evidence(front[title_i - 1])
    if year is None:
        for b in front + body:
            m = _PERIOD.search(squash(b.text))
            if m:
                year = int(m.group(1))
                evidence["year"] = _evidence(b)
                break
    published = None
    signer = None
    for i in range(len(back) - 1, -1, -1):
        if _longer_than_a_date(back[i].text):
            continue  # a paragraph, not the 落款 date line: not worth normalising
        line = squash(back[i].text)
        iso, raw = _date_of(line)
        if raw and len(line) <= len(raw) + 2:
            published = iso
            evidence["published"] = _evidence(back[i], raw)
            above = squash(back[i - 1].text) if i > 0 else ""
            if _ORGAN_SUFFIX.search(above) and len(above) <= 30:
                signer = above
                evidence["signature"] = _evidence(back[i - 1])
            break
    if year is None and published is not None and int(published[5:7]) <= _SIGNED_BY_MONTH:
        # the report is published early in the next year (by 31 January, 条例第四十九条)
        year = int(published[:4]) - 1
        evidence["year"] = {**evidence["published"], "note": "由落款日期推定（次年初发布）"}
    if signer and (organ is None or (signer != organ and signer.startswith(organ))):
        organ = signer
        evidence["organ"] = evidence["signature"]
    region = None
    if organ:
        m = _REGION.match(organ)
        region = m.group(1) if m else None
    if region is None:
        for b in front + body:
            if "府" not in b.text:  # no other character normalises to 府
                continue
            m = body_region(squash(b.text))
            if m:
                region = m.group(1)
                evidence["region"] = _evidence(b, m.group(0))
                break
    # Meta(title, organ, region, year, published, format) by position, without the class call
    meta = _new_meta(title, organ, region, year, published, fmt)
    return meta, evidence
