"""Report structure: sections, tables, organ, artefacts (STR-01 … STR-10 of format.md §5.1).

A rule that finds at most one thing returns its finding in a tuple, or (), and makes no
generator: on most reports it finds nothing, and a generator's making and running cost
more than its tests.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import accumulate
from typing import Any

from ..faults import misread
from ..formats import SECTIONS, TABLE_SHORT, TABLE_TITLES
from ..formats.spec import TableSpec
from ..model import Evidence, Finding, Location, Section, Table
from ..model.finding import CitedCells, CitedEvidence
from ..rule import ERROR, INFO, WARNING, Context, rule
from ..textnorm import fold, squash
from .common import listing, problems_of

_SECTION_OF = {"active": 2, "requests": 3, "review_litigation": 4}
_NUMERALS = "一二三四五六七八九十"
#: the number of every part
_ALL_PARTS = frozenset(spec.no for spec in SECTIONS)


def _doc(ctx: Context) -> Location:
    return Location(path=ctx.report.source.path)


@rule(
    "STR-01",
    title="六个部分齐全",
    severity=ERROR,
    citation="《政府信息公开条例》第五十条；国办公开办函〔2021〕30号「一、报告内容」（一）至（六）",
    tags=("structure",),
    message="未找到第{numeral}部分「{title}」",
)
def sections(ctx: Context) -> Iterator[Finding]:
    """The six parts 一、总体情况 … 六、其他需要报告的事项 must be present, in order (found by
    their official titles or the variants real reports print). A part printed out of order is
    not found after the part before it and is reported missing."""
    found = {s.no for s in ctx.report.sections}
    if _ALL_PARTS <= found:
        return  # (most reports)
    last = max(found, default=0)
    for spec in SECTIONS:
        if spec.no in found:
            continue
        values: dict[str, Any] = {"numeral": _NUMERALS[spec.no - 1], "title": spec.title}
        where = _doc(ctx).with_(section=spec.no)
        if fold(spec.title) in ctx.analysis.folded_paragraphs:
            yield ctx.not_assessable(
                location=where,
                reason=f"正文中有「{spec.title}」字样，但未能识别为第{values['numeral']}部分的标题",
                **values,
            )
        elif spec.no > last and ctx.report.meta.published is None:
            yield ctx.not_assessable(
                location=where,
                reason=f"报告在第{_NUMERALS[last - 1] if last else '一'}部分之后没有可读的内容，"
                "也没有落款日期，文件可能不完整或未读全",
                **values,
            )
        else:
            yield ctx.fail(location=where, **values)


_TOP = re.compile(rf"^#*\s*([{_NUMERALS}])[、.．]")
#: by part number, the openings ``_TOP`` reads as that part's own numeral
_RIGHT = {no: tuple(n + mark for mark in "、.．") for no, n in enumerate(_NUMERALS, 1)}


@rule(
    "STR-02",
    title="部分编号正常",
    severity=WARNING,
    citation="《政府信息公开条例》第五十条（报告内容的顺序）；编号检查为审核惯例，非强制",
    tags=("structure",),
    message="{detail}",
)
def numbering(ctx: Context) -> Iterator[Finding]:
    """The six parts carry the numerals 一 … 六 in order. A part numbered otherwise (the
    statutory blocks shifted by one, numbering restarted), or sub-heads inside 总体情况 that
    use the top-level 一、二、 instead of （一）（二）, confuse readers and tools."""
    for slip in _slips(ctx.report.sections):
        first, printed = slip[0]
        if len(slip) == 1:
            detail = (
                f"第{_NUMERALS[first.no - 1]}部分的标题编号为「{printed}」：「{first.heading}」"
            )
        else:
            last = slip[-1][0]
            shown = "、".join(p for _, p in slip)
            detail = (
                f"第{_NUMERALS[first.no - 1]}至第{_NUMERALS[last.no - 1]}部分的标题编号依次为"
                f"「{shown}」，都错了同样的位数（一处编号错位，后面的部分随之错位）"
            )
        yield ctx.fail(
            location=first.location,
            evidence=[Evidence(sec.heading, sec.location) for sec, _ in slip],
            detail=detail,
        )
    one = ctx.report.section(1)
    if one is None:
        return
    subs = [
        p
        for p in one.paragraphs
        if p.text.lstrip("# \u3000")[:1] in _NUMERALS
        and _TOP.match(squash(p.text))
        and len(squash(p.text)) <= 30
    ]
    if subs:
        yield ctx.fail(
            location=subs[0].location,
            evidence=[Evidence(p.text, p.location) for p in subs],
            detail=f"「总体情况」的小标题使用了一级编号（{subs[0].text.strip()}），应为（一）（二）…",
        )


def _slips(sections: Iterable[Section]) -> list[list[tuple[Section, str]]]:
    """Misnumbered part headings, grouped: consecutive parts off by the same amount are one
    slip (a skipped or repeated numeral shifts every later part), reported once."""
    groups: list[list[tuple[Section, str]]] = []
    last: tuple[int, int] | None = None
    for sec in sections:
        if sec.heading.startswith(_RIGHT.get(sec.no, ())):
            last = None  # numbered as it should be (most): ``_TOP`` reads its own numeral
            continue
        # (a heading printing its numeral plainly, most, is told without squashing it: what
        # squashing changes, whitespace and compatibility forms, ``_TOP`` reads past or finds
        # neither before nor after the numeral)
        m = _TOP.match(sec.heading) or _TOP.match(squash(sec.heading))
        if not m:
            continue
        offset = _NUMERALS.index(m.group(1)) + 1 - sec.no
        if offset == 0:
            last = None
            continue
        if last is not None and last == (sec.no - 1, offset):
            groups[-1].append((sec, m.group(1)))
        else:
            groups.append([(sec, m.group(1))])
        last = (sec.no, offset)
    return groups


def _missing_rows(ctx: Context, table_id: str) -> tuple[list[str], list[str]]:
    """(official labels of absent rows, labels of rows with absent columns)."""
    table, spec = ctx.table(table_id), ctx.spec(table_id)
    assert table is not None and spec is not None
    get = table.rows.get
    absent: list[str] = []
    short: list[str] = []
    # (one loop over the spec's rows for both lists: each row looked up once)
    for row_id, label, order, columns in _needed(spec):
        row = get(row_id)
        if row is None:
            absent.append(label)
        # a row printed with its columns in the spec's order (most) has them all, told by
        # comparing the two tuples of ids; any other row's cells are compared with them as sets
        elif tuple(cells := row.cells) != order and not cells.keys() >= columns:
            short.append(label)
    return absent, short


def _needed(spec: TableSpec) -> tuple[tuple[str, str, tuple[str, ...], frozenset[str]], ...]:
    """Each row of ``spec``: its id, its label and its columns, in order and as a set, made
    once per spec (kept by ``id(spec)`` with the spec, as ``common._kinds``: a spec hashes
    all its rows)."""
    cached = _NEEDED.get(id(spec))
    if cached is None or cached[0] is not spec:
        rows = tuple((r.id, r.label, tuple(r.columns), frozenset(r.columns)) for r in spec.rows)
        cached = _NEEDED[id(spec)] = (spec, rows)
    return cached[1]


_NEEDED: dict[
    int, tuple[TableSpec, tuple[tuple[str, str, tuple[str, ...], frozenset[str]], ...]]
] = {}


@cache
def _captions(fmt: str | None) -> tuple[tuple[str, str], ...]:
    """表二's captions in format ``fmt``, each with its folded copy (``textnorm.fold``),
    folded once per format instead of once a check."""
    items = ("一", "五", "六", "八") + (("九",) if fmt == "2019" else ())
    return tuple((c, fold(c)) for c in (f"第二十条第（{i}）项" for i in items))


@rule(
    "STR-03",
    title="表二完整",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表二；2019 年试行格式（国办公开办函〔2019〕60号）表二",
    tags=("structure", "table2"),
    message="表二（{fmt} 年格式）不完整：{detail}",
)
def active_complete(ctx: Context) -> Iterable[Finding]:
    """2021: the four captions 第二十条第（一）（五）（六）（八）项 and six rows. 2019: five
    captions including （九） and eight rows. Every row needs all its columns."""
    table = ctx.table("active")
    if table is None:
        return ()
    absent, short = _missing_rows(ctx, "active")
    # a caption printed outside the grid is a paragraph of section 二, not part of the header
    section = ctx.report.section(2)
    raw = table.header + (section.text if section else "")
    captions = [c for c, _ in _captions(table.format) if c not in raw]
    if captions:
        # a caption printed as is (most) is in the folded text too: folding keeps its words
        # as they are whatever stands beside them (tests/test_textnorm.py), so the text is
        # folded only for a caption not found as printed
        printed = fold(raw)
        captions = [c for c, folded in _captions(table.format) if folded not in printed]
    parts = []
    if absent:
        parts.append("缺少行：" + "、".join(absent))
    if short:
        parts.append("缺少列的行：" + "、".join(short))
    if captions:
        parts.append("缺少栏目：" + "、".join(captions))
    if parts:
        return (
            _incomplete(ctx, "active", absent, fmt=table.format or "?", detail="；".join(parts)),
        )
    return ()


@rule(
    "STR-04",
    title="表三完整",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三（7 列、25 行；2019 年试行格式 23 行）",
    tags=("structure", "table3"),
    message="表三不完整：{detail}",
)
def requests_complete(ctx: Context) -> Iterable[Finding]:
    """Seven numeric columns (自然人, five 法人或其他组织 types, 总计) and 25 rows (2021) or 23
    (2019): （三）不予公开 8, （四）无法提供 3, （五）不予处理 5, （六）其他处理 3 (2019: 1)."""
    table = ctx.table("requests")
    if table is None:
        return ()
    absent, short = _missing_rows(ctx, "requests")
    parts = []
    if absent:
        parts.append(f"缺少 {len(absent)} 行：" + "、".join(absent))
    if short:
        parts.append("缺少列的行：" + "、".join(short))
    if parts:
        return (_incomplete(ctx, "requests", absent, detail="；".join(parts)),)
    return ()


@rule(
    "STR-05",
    title="表四完整",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表四（15 个数）",
    tags=("structure", "table4"),
    message="表四应有 15 个数，读到 {count} 个（缺：{detail}）",
)
def review_complete(ctx: Context) -> Iterable[Finding]:
    """Exactly 15 numeric cells in the order 行政复议 (5), 未经复议直接起诉 (5), 复议后起诉 (5)."""
    table, spec = ctx.table("review_litigation"), ctx.spec("review_litigation")
    if table is None or spec is None:
        return ()
    # (the rows absent or short of a column, as for 表二 and 表三: the cells missing are
    # listed only when there are some)
    absent, short = _missing_rows(ctx, "review_litigation")
    if absent or short:
        missing = [
            f"{r.label}·{spec.column(c).label}"
            for r in spec.rows
            for c in r.columns
            if r.id not in table.rows or c not in table.rows[r.id].cells
        ]
        return (
            _incomplete(
                ctx, "review_litigation", absent, count=15 - len(missing), detail="、".join(missing)
            ),
        )
    return ()


def _cut_off(ctx: Context, no: int) -> str | None:
    """Why part ``no`` may simply not have been read: nothing readable after it and no 落款
    date, as when a file is truncated or the reader stopped early."""
    found = [s.no for s in ctx.report.sections]
    if ctx.report.meta.published is not None or any(n > no for n in found):
        return None
    last = max(found, default=0)
    where = f"第{_NUMERALS[last - 1]}部分" if last else "开头"
    return f"报告在{where}之后没有可读的内容，也没有落款日期，文件可能不完整或未读全"


#: a number printed on its own, not a decimal's part or a date's
_BARE_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.年月日])")


def _table_like(section: Section | None) -> str | None:
    """A part whose text is mostly numbers: a table printed in fragments the reader could not
    put together, not a missing table."""
    if section is None:
        return None
    numbers = _BARE_NUMBER.findall(section.text)
    if len(numbers) >= 5:
        return f"该部分有 {len(numbers)} 个数字，像是未能拼合成表格的表格碎片"
    return None


def _incomplete(ctx: Context, table_id: str, absent: list[str], **values: Any) -> Finding:
    """An incomplete table is the agency's fault only when the table was read well: with rows
    not identified or values not placed, or an absent row's label printed in the report, it
    is 无法判断 and says what could not be read."""
    table = ctx.table(table_id)
    assert table is not None
    unread = misread(ctx.report.problems, table_id)
    cut = _cut_off(ctx, _SECTION_OF[table_id])
    if cut:
        return ctx.not_assessable(location=table.location, reason=cut, **values)
    printed = fold("".join(p.text for p in ctx.report.paragraphs) + table.header)
    seen = [label for label in absent if len(fold(label)) >= 4 and fold(label) in printed]
    if unread or seen:
        n = ctx.settings.listed_items
        why = [p.message for p in unread[:n]] + [
            f"「{label}」印在报告中却未读入表格" for label in seen[:n]
        ]
        return ctx.not_assessable(
            location=table.location,
            reason="该表有读取问题（"
            + "；".join(why)
            + "），缺少的内容可能是没有读出，而不是没有印",
            evidence=[Evidence(p.message, p.location) for p in unread],
            **values,
        )
    return ctx.fail(location=table.location, **values)


@rule(
    "STR-06",
    title="表格缺失或不是文字",
    severity=ERROR,
    citation="《政府信息公开条例》第五十条第（一）至（三）项；国办公开办函〔2021〕30号附件表二至表四",
    tags=("structure",),
    message="未读到{table}（{title}）{detail}",
)
def tables_present(ctx: Context) -> Iterator[Finding]:
    """Sections 二/三/四 must each carry their table as text. A heading with no parsable table
    means the table is an image, only an attachment, or was lost in the HTML."""
    for table_id, no in _SECTION_OF.items():
        if ctx.table(table_id) is not None:
            continue
        section = ctx.report.section(no)
        tried = [
            p.message
            for p in ctx.report.problems
            if p.location.table == table_id and p.code != "missing_table"
        ]
        unread = (
            _cut_off(ctx, no)
            or _table_like(section)
            or (
                "读取该表时出了问题：" + "；".join(tried[: ctx.settings.listed_items])
                if tried
                else None
            )
        )
        if unread:
            yield ctx.not_assessable(
                location=section.location if section else _doc(ctx).with_(section=no),
                reason=unread,
                table=TABLE_SHORT[table_id],
                title=TABLE_TITLES[table_id],
                detail="",
            )
            continue
        detail = (
            "：该部分有标题但没有可读的表格（可能是图片、附件或网页丢失了表格）"
            if section
            else "：该部分的标题也未找到"
        )
        loc = section.location if section else _doc(ctx).with_(section=no)
        yield ctx.fail(
            location=loc,
            evidence=[Evidence(section.heading, section.location)] if section else [],
            table=TABLE_SHORT[table_id],
            title=TABLE_TITLES[table_id],
            detail=detail,
        )


#: extraction problems that mean some printed values may not have been read
_UNREAD = (
    "missing_row",
    "short_row",
    "extra_values",
    "unrecognised_row",
    "aligned_by_position",
    "second_line_or_row",
)


@rule(
    "STR-11",
    title="必填表格已填写",
    severity=ERROR,
    citation="《政府信息公开条例》第五十条第（一）至（三）项；国办公开办函〔2021〕30号附件表二至表四",
    tags=("structure",),
    message="{table}（{title}）的 {count} 个格全部空白：表格未填写（没有发生的事项应填 0）",
    messages={
        "not_assessable": "{table}（{title}）读到的 {count} 个格全部空白，但该表有读取问题"
        "（{reason}），无法判断是未填写还是没有读出"
    },
)
def tables_filled(ctx: Context) -> Iterator[Finding]:
    """A required table printed with every cell blank (the official template left unfilled,
    or a table emptied before publication) reports nothing; nothing that happened is 0, and 0
    must be written. Only said when the table was read cleanly: if rows are missing or values
    could not be placed, blank cells may be reading failures, and the finding is 无法判断."""
    for table_id in _SECTION_OF:
        table = ctx.table(table_id)
        if table is None or not table.rows:
            continue
        # a table with a number or a placeholder is filled: told by its census, without a
        # walk over its cells (every table of a filled report)
        census = ctx.analysis.census(table_id)
        if not census.size or len(census.blank) < census.size:
            continue
        cells = list(census.blank)  # every cell, in print order
        if any(c.raw.strip() for c in cells):
            continue
        names = TABLE_SHORT[table_id], TABLE_TITLES[table_id]
        unread = problems_of(ctx.report, table_id, _UNREAD)
        if unread:
            yield ctx.not_assessable(
                location=table.location,
                reason="；".join(
                    dict.fromkeys(p.message for p in unread[: ctx.settings.listed_items])
                ),
                evidence=[Evidence(p.message, p.location) for p in unread],
                count=len(cells),
                table=names[0],
                title=names[1],
            )
            continue
        yield ctx.fail(
            location=table.location,
            evidence=CitedEvidence(cells),
            cells=CitedCells(cells),
            count=len(cells),
            table=names[0],
            title=names[1],
        )


@rule(
    "STR-07",
    title="表三印有勾稽关系说明",
    severity=INFO,
    citation="国办公开办函〔2021〕30号附件表三表头",
    tags=("structure", "table3"),
    message="表三表头缺少「（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）」",
)
def balance_note(ctx: Context) -> Iterable[Finding]:
    """The official table 三 header carries the note 「本列数据的勾稽关系为：第一项加第二项之和，
    等于第三项加第四项之和」 in its top-left cell."""
    table = ctx.table("requests")
    # a header printing the words as they are (most) holds them folded too: folding keeps
    # these four ideographs, side by side, so it is folded only when they are not found
    if (
        table is not None
        and "勾稽关系" not in table.header
        and "勾稽关系" not in fold(table.header)
    ):
        return (ctx.fail(location=table.location),)
    return ()


@rule(
    "STR-08",
    title="同一表格印了两次",
    severity=WARNING,
    citation="审核惯例，非强制（分页造成的重复）",
    tags=("structure",),
    message="{table}有 {count} 行重复出现（{rows}），只采用了第一次；{verdict}",
)
def duplicate_blocks(ctx: Context) -> Iterator[Finding]:
    """The same table (or part of it) printed twice, usually across a page break. The first
    copy is used. Identical copies are only noted (info); copies whose printed values differ
    are a warning, since the reader cannot know which one the agency meant."""
    for table_id in _SECTION_OF:
        dups = problems_of(ctx.report, table_id, ("duplicate_row",))
        if not dups:
            continue
        table = ctx.table(table_id)
        differ = [p for p in dups if _kept_values(table, p.location.row) != p.values]
        yield ctx.fail(
            location=(differ or dups)[0].location,
            evidence=[Evidence(p.message, p.location) for p in dups],
            severity=WARNING if differ else INFO,
            table=TABLE_SHORT[table_id],
            count=len(dups),
            rows=listing(
                [p.location.row or "?" for p in dups],
                limit=ctx.settings.listed_items,
                more=" 等 {n} 行",
            ),
            verdict=f"其中 {len(differ)} 行两份数值不同，须核对" if differ else "两份数值相同",
        )


def _kept_values(table: Table | None, row_id: str | None) -> tuple[str, ...]:
    row = table.rows.get(row_id or "") if table is not None else None
    if row is None:
        return ()
    return tuple(c.raw.strip() for c in row.cells.values() if c.raw.strip())


_ORGAN = re.compile(
    r"(人民政府|政府|办公室|办公厅|委员会|局|委|厅|办|部|院|中心|街道办事处|街道|镇|乡|处|所|署|队|站|馆|会|"
    r"公司|学校|医院|县|市|区|旗|州|盟|省|自治区)$"
)
_NOT_ORGAN = frozenset(
    {"我局", "我处", "我委", "我办", "本机关", "我单位", "我中心", "本局", "本单位"}
)


@rule(
    "STR-09",
    title="报告写明机关名称",
    severity=WARNING,
    citation="《政府信息公开条例》第四十九条（本行政机关的年度报告）；中国社会科学院法学研究所政府透明度评估「要素齐全」",
    tags=("structure",),
    message="{detail}",
)
def organ_named(ctx: Context) -> Iterator[Finding]:
    """The title or the 落款 must name the organ. 「我局」「我处」 alone, or a bare place name
    that is not an organ (「姜营」), leave the reader unable to tell whose report it is."""
    organ = ctx.report.meta.organ
    squashed = squash(organ) if organ else ""
    if squashed not in _NOT_ORGAN and _ORGAN.search(squashed):
        return  # an organ named (most reports): no evidence to make
    ev = ctx.report.meta_evidence.get("organ") or ctx.report.meta_evidence.get("title") or {}
    loc = Location(path=ctx.report.source.path, line=ev.get("line"), page=ev.get("page"))
    evidence = [Evidence(str(ev.get("raw", "")), loc)] if ev else []
    if not organ or squashed in _NOT_ORGAN:
        yield ctx.fail(
            location=loc,
            evidence=evidence,
            detail="标题和落款都没有写明机关名称（正文只称「我局」等）",
        )
    else:  # (``_ORGAN`` finds nothing in it)
        yield ctx.fail(
            location=loc,
            evidence=evidence,
            detail=f"机关只写作「{organ}」，看不出是哪一级、哪个机关",
        )


_ARTEFACTS = (
    (re.compile(r"\[bookmark:[^\]]*\]"), "Word 书签残留"),
    (re.compile(r"XX|××|xx|ＸＸ|〇〇"), "模板占位符"),
    (re.compile(r"（机关名称）|\(机关名称\)|（导语|此处填写|请填写|填写说明"), "模板说明文字"),
)
#: each alternative of ``_ARTEFACTS`` (the pattern's index, its word) by a character of the
#: word a text seldom holds, with the character's offset in the word: every match prints a
#: word, and every word printed its character, which ``str.find`` finds with ``memchr``, far
#: sooner than a word of ideographs, which it tests the text for about one character at a
#: time (4.7 → 1.5 µs over a report's 1,850 characters, most printing none of them)
_ARTEFACT_WORDS = (
    # (the colon, not the bracket: a search for a character of a text of ideographs looks
    # for its low byte, and 0x5B is the high byte of 学, 实, 完, 对, 将 …)
    (":", ((0, "[bookmark:", 9),)),
    ("X", ((1, "XX", 0),)),
    ("×", ((1, "××", 0),)),
    ("x", ((1, "xx", 0),)),
    ("Ｘ", ((1, "ＸＸ", 0),)),
    ("〇", ((1, "〇〇", 0),)),
    ("称", ((2, "（机关名称）", 4), (2, "(机关名称)", 4))),
    ("语", ((2, "（导语", 2),)),
    ("填", ((2, "此处填写", 2), (2, "请填写", 1), (2, "填写说明", 0))),
)


@rule(
    "STR-10",
    title="残留的模板文字或导出痕迹",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号（四）「发布内容不准确」",
    tags=("structure",),
    message="正文有{kind}「{text}」",
)
def artefacts(ctx: Context) -> Iterator[Finding]:
    """`[bookmark: …]` left by a Word export, `XX`/`××` placeholders, 「（机关名称）」 and other
    template instructions left in the published text."""
    blocks = list(ctx.report.paragraphs) or [p for s in ctx.report.sections for p in s.paragraphs]
    texts = [b.text for b in blocks]
    joined = "\n".join(texts)
    printed: list[tuple[int, int]] = []  # (where a word starts, its pattern's index)
    for char, words in _ARTEFACT_WORDS:
        if char not in joined:
            continue  # (most: an operator, without ``find``'s method call)
        at = joined.find(char)
        while at >= 0:
            for index, word, offset in words:
                if at >= offset and joined.startswith(word, at - offset):
                    printed.append((at - offset, index))
            at = joined.find(char, at + 1)
    if not printed:
        return  # the usual case, told without the regex engine
    # each pattern tried only on the blocks printing one of its words (a word holds no line
    # break: it is printed in the block it starts in), block after block and pattern after
    # pattern as the text is read: the findings' order
    ends = list(accumulate([len(t) + 1 for t in texts]))  # each block's end, its break after
    tried: dict[int, set[int]] = {}
    for start, index in printed:
        tried.setdefault(bisect_right(ends, start), set()).add(index)
    seen: set[tuple[int | None, str]] = set()
    for k in sorted(tried):
        block = blocks[k]
        for index in sorted(tried[k]):
            pattern, kind = _ARTEFACTS[index]
            for m in pattern.finditer(block.text):
                key = (block.location.line, m.group(0))
                if key in seen:
                    continue
                seen.add(key)
                yield ctx.fail(
                    location=block.location,
                    evidence=[Evidence(block.text, block.location)],
                    kind=kind,
                    text=m.group(0),
                )
