"""Text against tables (format.md §5.7, TXT-01…08): the counts the narrative states vs the tables."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

from ..extract.claims import Claim
from ..extract.numerals import Number
from ..extract.scope import scope_differs
from ..formats.spec import TableSpec
from ..model import Cell, Evidence, Finding, Fix, Location, Report
from ..model.finding import new_evidence
from ..model.location import in_section
from ..model.quick import builder, quick_init
from ..rule import ERROR, WARNING, Context, rule

_T3 = "requests"
_T4 = "review_litigation"
_T2 = "active"
#: the 表四 columns a statement may name, in the order they are compared
_REVIEW_TOPICS = ("total", "upheld", "corrected", "other", "pending")
_REQ_ROWS = {
    "new_received": "一、本年新收",
    "carried_over": "二、上年结转",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开",
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
#: claim column → the table-二 columns it may mean (2021 first, then the 2019 trial format)
_ACTIVE_COLS = {
    "issued": ("issued", "new_made", "new_published"),
    "in_force": ("in_force", "total_published"),
    "repealed": ("repealed",),
    "decisions": ("decisions",),
}


@quick_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A table figure a statement is compared with: one cell or the sum of several."""

    label: str
    #: the cells printed (a missing cell is none of them)
    cells: tuple[Cell, ...]
    #: the cells' sum, None when one is missing or not a number (or there is none): worked
    #: out once, as a statement is compared with it and a finding quotes it several times
    value: Number | None

    def describe(self) -> str:
        value = self.value
        return f"{self.label}为 {value}" if value is not None else f"{self.label}为空或无法读取"


#: ``Quantity(…)`` without the class call (``model.quick``)
new_quantity = builder(Quantity)


def quantity(report: Report, label: str, table: str, refs: Iterable[tuple[str, str]]) -> Quantity:
    """The sum of the cells ``refs`` (row, column) of ``table``, which the report has;
    incomplete if any is not a number. (The sum is added up as the cells are read, where a
    second pass over them cost as much as the reading: a statement is compared with some ten
    figures a report.)"""
    cells: list[Cell] = []
    complete = True
    total: Number = 0
    rows = report.tables[table].rows
    for row, col in refs:
        # (``report.cell`` written out: ``refs`` come from the national specs, whose ids it
        # would test for a typo)
        printed = rows.get(row)
        cell = None if printed is None else printed.cells.get(col)
        if cell is None:
            complete = False
            continue
        v = cell.value
        if type(v) is int or type(v) is float:  # ``number(cell)`` written out
            total += v
        else:
            complete = False
        cells.append(cell)
    value = _rounded(total) if complete and cells else None
    return new_quantity(label, tuple(cells), value)


def _rounded(total: Number) -> Number:
    return int(total) if float(total).is_integer() else round(total, 4)


#: a table figure before it is read: its label, its table and the (row, column) cells it sums
Figure = tuple[str, str, tuple[tuple[str, str], ...]]
#: the table a topic's family is compared with
_TABLE_OF = {"requests": _T3, "review": _T4, "litigation": _T4, "active": _T2}


def figures(ctx: Context, topic: str) -> tuple[Figure, ...]:
    """The table figures a statement on ``topic`` may equal (any one of them agrees), before
    their cells are read (``quantity``, ``_value``): what it is compared with in the report's
    format of the table, none when the report has no such table. Made
    once per spec and topic (specs are module data): the figures follow from them alone."""
    table = _TABLE_OF.get(topic.partition(".")[0])
    spec = None if table is None else ctx.spec(table)  # (None: the report has no such table)
    if spec is None:
        return ()
    key = (id(spec), topic)
    found = _FIGURES.get(key)
    if found is None or found[0] is not spec:
        found = _FIGURES[key] = (spec, _figures(spec, topic))
    return found[1]


#: ``_figures`` by ``id(spec)`` and topic (the entry keeps its spec, so that a new spec at a
#: reused address is never served another's figures)
_FIGURES: dict[tuple[int, str], tuple[TableSpec, tuple[Figure, ...]]] = {}


def _figures(spec: TableSpec, topic: str) -> tuple[Figure, ...]:
    """``figures`` of ``topic`` in the table ``spec``."""
    family, _, rest = topic.partition(".")

    def req(label: str, *rows: str) -> Figure:
        return (f"表三{label}", _T3, tuple((r, "total") for r in rows))

    if family == "requests":
        if rest == "received":
            return (
                req("「一、本年新收」总计", "new_received"),
                req("「一」+「二」总计", "new_received", "carried_over"),
            )
        if rest == "handled":
            return (
                req("「（七）总计」", "total"),
                req("「一」+「二」总计", "new_received", "carried_over"),
                req("「一、本年新收」总计", "new_received"),
            )
        if rest == "granted_or_partial":
            return (
                req("「（一）予以公开」+「（二）部分公开」总计", "granted", "partially_granted"),
            )
        # the rows under the stem in the table's own format (denied → denied.1…8)
        rows = [r.id for r in spec.rows if r.id == rest or r.id.startswith(rest + ".")]
        if rows and rest in _REQ_ROWS:
            return (req(f"「{_REQ_ROWS[rest]}」总计", *rows),)
        return ()
    if family in ("review", "litigation"):
        label = next((c.label for c in spec.columns if c.id == rest), rest)
        if family == "review":
            return ((f"表四行政复议「{label}」", _T4, _t4_refs(family, rest)),)
        refs = _t4_refs(family, rest)
        return ((f"表四行政诉讼「{label}」（未经复议直接起诉 + 复议后起诉）", _T4, refs),)
    row, _, column = rest.partition(".")
    if row not in {r.id for r in spec.rows}:
        return ()
    columns = [c for c in _ACTIVE_COLS.get(column, ()) if c in spec.row(row).columns]
    return tuple(
        (f"表二「{spec.row(row).label}」{spec.column(c).label}", _T2, ((row, c),)) for c in columns
    )


def _t4_refs(family: str, column: str) -> tuple[tuple[str, str], ...]:
    """The 表四 cells a review or lawsuit figure of ``column`` sums: the review row's, or the
    two lawsuit rows' (未经复议直接起诉 + 复议后起诉), in every format of the table."""
    if family == "review":
        return (("review", column),)
    return (("litigation_direct", column), ("litigation_after_review", column))


def _value(report: Report, table: str, refs: tuple[tuple[str, str], ...]) -> Number | None:
    """``quantity(…).value`` without its label and cells: a statement is compared with the
    figure's value, and the rest is quoted only when they disagree (a few statements). The
    cells read as ``quantity`` reads them, and ``number`` and ``_rounded`` written out: a
    report compares a few statements, each the first call of these in its rule."""
    if not refs:
        return None
    total: Number = 0
    rows = report.tables[table].rows
    for row, col in refs:
        printed = rows.get(row)
        cell = None if printed is None else printed.cells.get(col)
        if cell is None:
            return None
        v = cell.value
        if type(v) is not int and type(v) is not float:  # (bool is no number)
            return None
        total += v
    # (``_rounded`` of an int is the int itself)
    return _rounded(total) if type(total) is float else total


#: words that put a count of documents, permits or penalties on another base than 表二's:
#: printed in the 公报, filed or reviewed, cleaned up, kept in a database, published as items
_OTHER_BASE = {
    row: re.compile(words)
    for row, words in {
        "active.normative_documents": "公报|刊登|刊发|刊载|报备|备案|审查|审核|清理|库|汇编|更新",
        "active.regulations": "公报|刊登|刊发|刊载|报备|备案|审查|审核|清理|库|汇编|更新|修改|修订",
        "active.licensing": "信息|双公示|公示|证照|换发",
        "active.penalty": "信息|双公示|公示",
        "active.coercion": "信息|双公示|公示",
    }.items()
}
#: the organ deciding other organs' reviews (复议机关) counts cases table 四 does not
_REVIEW_BODY = re.compile("复议机关")
#: 「予以公开及部分公开208件」「予以公开（含部分公开）12件」: one count for two rows
_BOTH_AFTER = re.compile(r"^(?:及|和|或|、|与|以及)部分公开|^\(含部分公开\)")
_BOTH_BEFORE = re.compile(r"予以公开(?:及|和|或|、|与|以及)$")
#: 「因属于国家秘密不予公开1件」: one ground of 不予公开, a sub-row, not the category
_GROUND = re.compile(r"因|属于|涉及")
GRANTED_OR_PARTIAL = "requests.granted_or_partial"
#: the topics each comparing rule reads (TXT-03, 05, 06, 07, 08), made once
_REVIEW_LITIGATION = frozenset(f"{f}.{c}" for f in ("review", "litigation") for c in _REVIEW_TOPICS)
_CARRIED = frozenset(("requests.carried_forward", "requests.carried_over"))
_OUTCOMES = frozenset(
    [
        *(
            f"requests.{s}"
            for s in ("granted", "partially_granted", "denied", "unable", "not_processed", "other")
        ),
        GRANTED_OR_PARTIAL,
    ]
)
_DOCUMENTS = frozenset(
    f"active.{r}.{c}"
    for r in ("normative_documents", "regulations")
    for c in ("issued", "in_force", "repealed")
)
_DECISIONS = frozenset(f"active.{r}.decisions" for r in ("licensing", "penalty", "coercion"))
#: 「办结」 of things that are not information-disclosure applications
_NOT_APPLICATIONS = re.compile("建议|提案|信访|热线|工单|留言|咨询|投诉|整改")


def what_it_counts(claim: Claim) -> Claim | None:
    """The claim as the figure it can be compared with, or None when it counts another base
    (the 公报, a 复议机关's caseload, 「双公示」 items) or a part of a row (one ground of 不予公开)."""
    norm, at = claim.sentence.norm, claim.offset
    if claim.topic.startswith("review.") and _REVIEW_BODY.search(norm):
        return None
    other = _OTHER_BASE.get(claim.topic.rsplit(".", 1)[0])
    if other is None and claim.topic not in _READ_BEFORE:
        return claim  # nothing to read in its clause (applications, reviews, lawsuits)
    left, right = _clause(norm, at)
    if other and other.search(norm[left:right]):
        return None
    if claim.topic == "requests.granted":
        word = norm.rfind("予以公开", left, at)
        if word >= 0 and _BOTH_AFTER.search(norm[word + 4 :]):
            return replace(claim, topic=GRANTED_OR_PARTIAL)
    if claim.topic == "requests.partially_granted":
        word = norm.rfind("部分公开", left, at)
        if word >= 0 and _BOTH_BEFORE.search(norm[left:word]):
            return replace(claim, topic=GRANTED_OR_PARTIAL)
    if claim.topic == "requests.denied":
        word = norm.rfind("不予", left, at)
        if word >= 0 and _GROUND.search(norm[left:word]):
            return None
    return claim


#: the topics whose clause tells, before the count, what it counts (``what_it_counts``' last tests)
_READ_BEFORE = frozenset(("requests.granted", "requests.partially_granted", "requests.denied"))


def _clause(norm: str, at: int) -> tuple[int, int]:
    """The clause around offset ``at``: from after the last stop before it to the first stop
    at or after it (``,;:。!?``), each told by one regex call where a ``str`` search a stop
    mark cost twelve calls and two generators a claim."""
    before = _UP_TO_STOP.match(norm, 0, at)  # (greedy: to the last stop before ``at``)
    after = _STOP.search(norm, at)
    return (
        0 if before is None else before.end(),
        len(norm) if after is None else after.start(),
    )


_STOP = re.compile(r"[,;:。!?]")
_UP_TO_STOP = re.compile(r".*[,;:。!?]", re.DOTALL)


def read_claims(ctx: Context) -> tuple[Claim, ...]:
    """Every statement of the report as the figure it counts (see ``what_it_counts``), read
    once per report (``Context.memo``'s store, without a closure made on each of the six
    rules' calls)."""
    found: tuple[Claim, ...] | None = ctx.cache.get(_READ_CLAIMS)
    if found is None:
        read = []
        for c in ctx.analysis.claims:  # (a loop: two generators cost more than a few claims)
            counted = what_it_counts(c)
            if counted is not None:
                read.append(counted)
        found = ctx.cache[_READ_CLAIMS] = tuple(read)
    return found


_READ_CLAIMS = "narrative.read_claims"


def claim_location(claim: Claim) -> Location:
    return in_section(claim.location, claim.sentence.section)


def claim_evidence(claim: Claim, where: Location | None = None) -> Evidence:
    """The sentence stating ``claim``, at ``where``: its ``claim_location``, made here unless
    the caller has made it already."""
    return Evidence(claim.sentence.text, claim_location(claim) if where is None else where)


def _cited(
    claim: Claim, where: Location, quantities: Iterable[Quantity]
) -> tuple[list[Evidence], list[Location]]:
    """A finding's evidence, the sentence stating ``claim`` (at ``where``, its
    ``claim_location``) and then each cell of ``quantities`` as printed, and the cells'
    Locations: in one loop, each Location read once."""
    evidence = [new_evidence(claim.sentence.text, where)]
    locations = []
    for q in quantities:
        for cell in q.cells:
            loc = cell.location
            locations.append(loc)
            evidence.append(new_evidence(cell.raw, loc))
    return evidence, locations


def scope_note(ctx: Context, claim: Claim) -> str:
    scope = claim.scope
    if scope is None:
        return ""  # (``scope_differs`` of no scope, without telling the organ's kind)
    if scope_differs(scope, ctx.analysis.organ_kind):
        if scope == "region":
            return "（正文说的是全地区口径，本报告是部门报告，口径可能不同）"
        return "（正文说的是本机关口径，而政府年报的表格汇总全地区，口径可能不同）"
    return ""


#: words that neither narrow nor change what a denial denies: 「未发生因政府信息公开工作被申请行政
#: 复议、提起行政诉讼的情况」 denies every review and lawsuit
_GENERIC = re.compile(
    r"政府信息公开|依申请公开|信息公开|政府信息|行政复议|行政诉讼|公民、?法人(?:或|和|及)其他组织"
    r"|本机关|本单位|本部门|我[局委办厅处院所]|工作|事务|事项|申请|答复|案件|情况|情形|申诉"
    r"|针对|涉及|引起|引发|导致|产生|发生|出现|收到|接到|受理|接收|新收|提起|提出|有|因|由|被判|被"
    r"|而|的|和|及|与|或|、|以及|任何|一起|一件|相关|有关|方面|类|本年度?|今年|全年|均|都|过"
)
_NEGATION = re.compile(r"^(?:未曾|未|没有|无)")
#: the words ``_NEGATION`` opens with, for ``str.startswith`` at a claim's offset
_NEGATIONS = ("未曾", "未", "没有", "无")
#: a text made of ``_GENERIC``'s words only: the one its ``sub`` leaves empty (each atomic
#: step takes the word the scan of ``sub`` would take there), told by one anchored match that
#: stops at the first other word, where ``sub`` scans every position
_ONLY_GENERIC = re.compile(rf"(?>{_GENERIC.pattern})*")
_CLAUSE_END = re.compile(r"[,;:。!?()]")
#: a denial of the reviews or lawsuits that went against the organ, not of all of them
_CORRECTED = re.compile(r"纠错|纠正|败诉")


def denial_reading(claim: Claim) -> str | None:
    """What a denial certainly denies: its own topic, ``<family>.corrected`` for 「未发生…被行政
    复议纠错或行政诉讼败诉情形」, or None when a qualifier narrows it to a subset the tables do not
    count (「因信息公开不及时引发的」「涉及信息处理费的」), or it is a condition (「未收到申请的，…」).
    Denials not worded with 未/没有/无 (「行政复议、行政诉讼均为0」) are explicit and kept."""
    norm = claim.sentence.norm
    start = claim.offset
    if not norm.startswith(_NEGATIONS, start):  # ``_NEGATION`` at the claim
        return claim.topic
    m = _CLAUSE_END.search(norm, start)
    stop = len(norm) if m is None else m.start()
    clause = norm[start:stop]
    if clause.endswith("的") and norm[stop : stop + 1] == ",":
        return None  # 「未收到申请的，及时……」: a condition, not a statement
    body = _NEGATION.sub("", clause)
    family = claim.topic.split(".")[0]
    corrected = bool(_CORRECTED.search(body))
    if not _ONLY_GENERIC.fullmatch(_CORRECTED.sub("", body) if family != "requests" else body):
        return None
    return f"{family}.corrected" if corrected and family != "requests" else claim.topic


def readings(claim: Claim, where: Location, figure: Quantity, stated: Number) -> list[Fix]:
    """The two ways to make text and table agree, which a lookup decides but the report does
    not choose between: the sentence (at ``where``, its ``claim_location``, which the finding
    has made) should give the table's figure, or the table's cell should hold the stated
    count (only when the figure is one cell)."""
    value = figure.value
    if value is None:
        return []
    out = [new_fix(where, claim.raw, value, f"正文应与表格一致：{figure.label}为 {value}")]
    if len(figure.cells) == 1:
        cell = figure.cells[0]
        out.append(
            new_fix(cell.location, cell.value, stated, f"或正文无误，{figure.label}应为 {stated}")
        )
    return out


#: ``Fix(…)`` without the class call (``model.quick``)
new_fix = builder(Fix)


def _unique(claims: Iterable[Claim]) -> Iterator[Claim]:
    seen: set[tuple[str, Number, str]] = set()
    for c in claims:
        key = (c.topic, c.value, c.sentence.text)
        if key not in seen:
            seen.add(key)
            yield c


def compare(
    ctx: Context, topics: Collection[str], *, skip_all_zero: bool = False
) -> Iterable[Finding]:
    """Each stated count on ``topics`` against its table figure: fail when it equals none.
    (Most reports state no count on most topics: the claims are listed first, and nothing
    more is made when there is none, not even a generator: this is a function, ``_compared``
    the generator. The rules comparing nothing else return what it returns, not a generator
    of their own delegating to it: the runner iterates it.)"""
    claims = read_claims(ctx)
    if not claims:
        return ()  # (a report stating no count: no list made, as by each of the six rules)
    stated = [c for c in claims if c.topic in topics and not c.negated]
    if not stated:
        return ()
    return _compared(ctx, stated, skip_all_zero)


def _compared(ctx: Context, stated: list[Claim], skip_all_zero: bool) -> Iterator[Finding]:
    """``compare`` of the statements ``stated`` on its topics (see there)."""
    rep = ctx.report
    for claim in _unique(stated):
        if claim.approximate:
            continue  # 「120余件」 cannot be confirmed or refuted by an exact cell
        plain = figures(ctx, claim.topic)
        if not plain:
            continue
        # each figure's value read alone (None: not read); its cells and label made only for
        # a finding
        values = [_value(rep, t, refs) for _, t, refs in plain]
        if claim.value in values:
            continue  # the text agrees with a figure (most statements)
        unread = values.count(None)
        if skip_all_zero and unread < len(values) and values.count(0) + unread == len(values):
            continue  # a count against an all-zero table (every figure read is 0) is TXT-02's
        yield _disagreement(ctx, claim, plain)


def _disagreement(ctx: Context, claim: Claim, plain: tuple[Figure, ...]) -> Finding:
    """The finding on a statement that equals none of its figures ``plain``: not assessable
    when none could be read."""
    rep = ctx.report
    where = claim_location(claim)
    # (the figures at hand as quantities, their cells read; the first read is quoted)
    found = [quantity(rep, *f) for f in plain]
    known = next((q for q in found if q.value is not None), None)
    evidence, locations = _cited(claim, where, found)
    if known is None:
        return ctx.not_assessable(
            location=where,
            reason=f"{found[0].label}为空或无法读取，无法核对正文「{claim.raw}」",
            evidence=evidence,
            cells=locations,
        )
    return ctx.fail(
        location=where,
        evidence=evidence,
        cells=locations,
        fix=readings(claim, where, known, claim.value),
        quote=claim.raw,
        stated=claim.value,
        table="；".join([q.describe() for q in found]),
        printed=known.value,
        scope_note=scope_note(ctx, claim),
        topic=claim.topic,
    )


_MISMATCH = "正文「{quote}」与表格不符：{table}{scope_note}"


@rule(
    "TXT-01",
    title="正文申请数与表三一致",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表三「一、本年新收政府信息公开申请数量」；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message="正文「{quote}」与表三不符：{table}{scope_note}",
    tags=("text", "table3"),
)
def application_count(ctx: Context) -> Iterable[Finding]:
    """正文所述收到（受理）的政府信息公开申请件数应等于表三「一、本年新收」总计或「一」+「二」；
    「答复/办结 N 件」还可等于「（七）总计」。口径不同（全县与本机关）时同样提示，由人工判断。"""
    return compare(ctx, ("requests.received", "requests.handled"), skip_all_zero=True)


@rule(
    "TXT-02",
    title="「未收到申请」与表三一致",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表三「一、本年新收政府信息公开申请数量」；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message="正文「{quote}」与表三矛盾：{table}{scope_note}",
    tags=("text", "table3"),
)
def no_applications_claim(ctx: Context) -> Iterator[Finding]:
    """正文称未收到申请而表三「一、本年新收」总计大于 0，或正文称收到 N（>0）件而表三
    「一」「二」「（七）」总计全为 0。正文口径与报告机关不同（如部门年报写「全县」）时降为警告。"""
    read = read_claims(ctx)
    if not read or ctx.table(_T3) is None:
        return  # (a report stating no count: no list made)
    claims = [c for c in read if c.topic == "requests.received"]
    if not claims:
        return  # (most reports: nothing to read from the table)
    rep = ctx.report
    stated = _value(rep, _T3, _RECEIVED)
    for claim in _unique(claims):
        # the table's cells, the evidence and the scope are made only for a finding (most
        # claims agree)
        if claim.negated:
            if stated is not None and not stated > 0:
                continue  # the table agrees, whatever the denial denies (most denials)
            if denial_reading(claim) is None:
                continue  # a subset (「涉及信息处理费的申请」) or a condition: not a denial
            received = quantity(rep, "表三「一、本年新收」总计", _T3, _RECEIVED)
            where = claim_location(claim)
            evidence, cells = _cited(claim, where, (received,))
            if stated is None:
                yield ctx.not_assessable(
                    location=where,
                    reason=f"表三「一、本年新收」总计为空，无法核对正文「{claim.raw}」",
                    evidence=evidence,
                )
            else:
                note = scope_note(ctx, claim)
                yield ctx.fail(
                    location=where,
                    evidence=evidence,
                    cells=cells,
                    fix=readings(claim, where, received, 0),
                    severity=WARNING if note else None,
                    quote=claim.raw,
                    table=received.describe(),
                    scope_note=note,
                )
        elif claim.value > 0 and not claim.approximate and _value(rep, _T3, _EVERY) == 0:
            every = quantity(rep, "表三「一」「二」「（七）」总计", _T3, _EVERY)
            evidence, cells = _cited(claim, claim_location(claim), (every,))
            note = scope_note(ctx, claim)
            yield ctx.fail(
                location=claim_location(claim),
                evidence=evidence,
                cells=cells,
                severity=WARNING if note else None,
                quote=claim.raw,
                table=f"{every.label}均为 0",
                scope_note=note,
            )


#: TXT-02's cells: 「一、本年新收」 and 「一」「二」「（七）」 总计
_RECEIVED = (("new_received", "total"),)
_EVERY = tuple((r, "total") for r in ("new_received", "carried_over", "total"))


@rule(
    "TXT-03",
    title="正文行政复议、行政诉讼件数与表四一致",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表四；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message=_MISMATCH,
    tags=("text", "table4"),
)
def review_litigation_count(ctx: Context) -> Iterable[Finding]:
    """正文「行政复议 N 件」对表四行政复议总计（t4），「行政诉讼 N 件」对未经复议直接起诉与
    复议后起诉两个总计之和（t9 + t14）；随后的「其中结果维持/结果纠正/其他结果/尚未审结 N 件」
    逐项对表四相应列（诉讼为两类之和）。"""
    return compare(ctx, _REVIEW_LITIGATION)


@rule(
    "TXT-04",
    title="「未发生行政复议、行政诉讼」与表四一致",
    severity=ERROR,
    citation="国办公开办函〔2021〕30号附件表四；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message="正文「{quote}」与表四矛盾：{table}{scope_note}",
    tags=("text", "table4"),
)
def no_review_claim(ctx: Context) -> Iterator[Finding]:
    """正文否认发生行政复议（或行政诉讼），而表四相应总计大于 0；正文只否认「被行政复议纠错、
    行政诉讼败诉」时对「结果纠正」列。否认的只是其中一部分（「因信息公开不及时引发的行政诉讼」）
    或只是条件（「未收到申请的，……」）时不作判断。正文口径与报告机关不同时降为警告。"""
    claims = ctx.analysis.claims
    if not claims or ctx.table(_T4) is None:
        return  # (a report stating no count: no generators made)
    rep = ctx.report
    for claim in _unique(c for c in claims if c.negated and c.topic.endswith(".total")):
        if claim.topic not in _DENIABLE:
            continue
        # the figures' values read alone (its cells and label made only for a finding): the
        # denial is read only when its total or its 「结果纠正」 is not 0 (most reports: both
        # are, and the table agrees with either reading)
        total_refs, corrected_refs = _DENIED_REFS[claim.topic]
        total = _value(rep, _T4, total_refs)
        corrected = _value(rep, _T4, corrected_refs)
        if total is not None and corrected is not None and not total > 0 and not corrected > 0:
            continue
        topic = denial_reading(claim)
        if topic is None:
            continue  # 「因信息公开不及时引发的行政诉讼」: a subset table 四 does not count
        value = total if topic == claim.topic else corrected
        if value is not None and not value > 0:
            continue  # the table agrees: no evidence to make
        figure = quantity(rep, *figures(ctx, topic)[0])
        where = claim_location(claim)
        evidence, cells = _cited(claim, where, (figure,))
        if value is None:
            yield ctx.not_assessable(
                location=where,
                reason=f"{figure.label}为空，无法核对正文「{claim.raw}」",
                evidence=evidence,
            )
        else:
            note = scope_note(ctx, claim)
            yield ctx.fail(
                location=where,
                evidence=evidence,
                cells=cells,
                fix=readings(claim, where, figure, 0),
                severity=WARNING if note else None,
                quote=claim.raw,
                table=figure.describe(),
                scope_note=note,
            )


#: the totals a denial may deny (TXT-04), each with the column it denies when it denies only
#: the cases that went against the organ (``denial_reading``)
_DENIABLE = {"review.total": "review.corrected", "litigation.total": "litigation.corrected"}
#: each deniable total's cells and its 「结果纠正」's (``_t4_refs``: its one figure's, as
#: ``figures`` tells them, without telling its label), read for every denial
_DENIED_REFS = {
    total: (_t4_refs(*total.split(".")), _t4_refs(*corrected.split(".")))
    for total, corrected in _DENIABLE.items()
}


@rule(
    "TXT-05",
    title="正文结转件数与表三一致",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表三「四、结转下年度继续办理」；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message=_MISMATCH,
    messages={"all_done": "正文「{quote}」称申请已全部办结，但{table}{scope_note}"},
    tags=("text", "table3"),
)
def carry_over_claim(ctx: Context) -> Iterator[Finding]:
    """正文「结转下年度 N 件」对表三「四、结转下年度继续办理」总计，「上年结转 N 件」对「二」总计；
    正文称「全部办结/均已办结/无结转」而「四」总计大于 0 也提示。"""
    yield from compare(ctx, _CARRIED)
    if ctx.table(_T3) is None:
        return
    carried = _value(ctx.report, _T3, _FORWARD)
    if carried is not None and not carried > 0:
        return  # nothing carried forward (most reports): every 「全部办结」 agrees, none is read
    done = [
        c
        for s, claims in ctx.analysis.done
        if claims and not _NOT_APPLICATIONS.search(s.norm)
        for c in claims
    ]
    if not done:
        return
    forward = quantity(ctx.report, "表三「四、结转下年度继续办理」总计", _T3, _FORWARD)
    for claim in _unique(done):
        where = claim_location(claim)
        evidence, cells = _cited(claim, where, (forward,))
        if carried is None:
            yield ctx.not_assessable(
                location=where,
                reason=f"表三「四」总计为空，无法核对正文「{claim.raw}」",
                evidence=evidence,
            )
        else:
            yield ctx.fail(
                location=where,
                variant="all_done",
                evidence=evidence,
                cells=cells,
                quote=claim.raw,
                table=forward.describe(),
                scope_note=scope_note(ctx, claim),
            )


#: TXT-05's cell: 「四、结转下年度继续办理」总计
_FORWARD = (("carried_forward", "total"),)


@rule(
    "TXT-06",
    title="正文办理结果分项与表三一致",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表三「三、本年度办理结果」；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message=_MISMATCH,
    tags=("text", "table3"),
)
def outcome_breakdown(ctx: Context) -> Iterable[Finding]:
    """正文「予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 N 件」对表三相应行（分类为其
    各小项之和）的总计列。"""
    return compare(ctx, _OUTCOMES)


@rule(
    "TXT-07",
    title="正文规范性文件、规章件数与表二一致",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二第二十条第（一）项；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message=_MISMATCH,
    tags=("text", "table2"),
)
def normative_documents(ctx: Context) -> Iterable[Finding]:
    """正文「制发/印发/公开（行政）规范性文件 N 件」「现行有效 M 件」「废止 K 件」对表二第二十条
    第（一）项相应列（2019 试行格式对本年新制作/新公开数量、对外公开总数量），规章同理。只作警告：
    主动公开的文件可能包括其他机关的文件。"""
    return compare(ctx, _DOCUMENTS)


@rule(
    "TXT-08",
    title="正文行政许可、处罚、强制件数与表二一致",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号附件表二第二十条第（五）（六）项；国办公开办函〔2021〕30号（四）「发布内容不准确」",
    message=_MISMATCH,
    tags=("text", "table2"),
)
def permits_and_penalties(ctx: Context) -> Iterable[Finding]:
    """正文行政许可、行政处罚、行政强制的处理决定件数对表二第二十条第（五）（六）项的处理决定数量。"""
    return compare(ctx, _DECISIONS)
