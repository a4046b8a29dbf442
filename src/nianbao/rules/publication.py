"""Publication and quality (format.md §5.10): copying from other organs (PUB-02), self-contradiction (PUB-03)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract.claims import Claim
from ..extract.sentences import Sentence, normalize, report_text
from ..extract.similarity import jaccard, shingles
from ..model import Evidence, Finding, Location, Report, organ_key
from ..rule import WARNING, Context, rule
from .cross_year import memo_of, peers
from .dates import printed_years
from .text import claim_evidence, claim_location


def own_words_removed(report: Report, text: str | None = None) -> str:
    """The narrative (``text``, else ``report_text``) with the organ's and region's names
    blanked, so a copy that only swapped the names still matches."""
    text = report_text(report) if text is None else text
    for name in (report.meta.organ, report.meta.region):
        if name:
            text = text.replace(normalize(name), "")
    return text


def _narrative(ctx: Context, report: Report) -> frozenset[str]:
    """The n-grams PUB-02 compares, made once per report (``memo_of``)."""
    return memo_of(ctx, report, "publication.shingles", lambda: shingles(own_words_removed(report)))


@rule(
    "PUB-02",
    title="未抄袭其他机关年报",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号（四）「内容雷同」；中国社会科学院法学研究所《法治蓝皮书》（2017）「大范围的跨区域抄袭」",
    message="正文与同年度{other}的年报相似度 {percent}（不含表格，字符 5 元组 Jaccard，阈值 {threshold}）",
    tags=("publication", "quality"),
    needs_peers=True,
)
def cross_organ_copy(ctx: Context) -> Iterator[Finding]:
    """一起检查的年报中，另一机关同一年度年报的正文（不含表格，机关和地区名称不计）与本报告的
    字符 5 元组 Jaccard 相似度超过 0.9：疑似跨区域抄袭。只有批量检查时才有比较对象。"""
    year = ctx.year
    key = organ_key(ctx.report)
    threshold = ctx.settings.copy_similarity
    for other in peers(ctx):
        if other.meta.year != year or (key is not None and organ_key(other) == key):
            continue
        sim = jaccard(_narrative(ctx, ctx.report), _narrative(ctx, other))
        if sim is not None and sim > threshold:
            yield ctx.fail(
                location=Location(path=ctx.report.source.path),
                evidence=[Evidence(other.meta.title or "", Location(path=other.source.path))],
                other=other.meta.organ or other.meta.title or other.source.path or "",
                percent=f"{sim:.0%}",
                threshold=threshold,
                similarity=round(sim, 4),
                other_path=other.source.path,
            )


_COUNTED = ("requests.received", "review.total", "litigation.total", "requests.carried_forward")
_TOPIC_ZH = {
    "requests.received": "收到申请件数",
    "review.total": "行政复议件数",
    "litigation.total": "行政诉讼件数",
    "requests.carried_forward": "结转下年度件数",
}


#: a sentence comparing with the year before
_COMPARED = re.compile(r"上一?年|去年|同比|较")


def _compatible(a: Claim, b: Claim) -> bool:
    """Two statements about the same population: same scope word, or one of them has none."""
    return a.scope is None or b.scope is None or a.scope == b.scope


def _other_year(norm: str, year: int | None) -> bool:
    """The sentence (its matching copy ``norm``) talks about another year (「较上年」
    「2022年收到……」)."""
    if _COMPARED.search(norm):
        return True
    if not year:
        return False
    years = printed_years(norm)
    return years.count(year) != len(years)  # a year printed that is not ``year``


def _may_contradict(ctx: Context) -> bool:
    """Whether a contradiction ``self_contradiction`` reports can be among the report's claims:
    two statements on one of the counted topics, or a count carried forward and a 「全部办结」.
    Told from the topics alone, before each sentence stating a count is read for another year
    (which only leaves claims out): most reports state each count once."""
    seen: set[str] = set()
    forward = False
    for c in ctx.analysis.claims:
        topic = c.topic
        if c.approximate or topic not in _TOPIC_ZH:  # (the counted topics)
            continue
        if topic in seen:
            return True
        seen.add(topic)
        forward = forward or (topic == "requests.carried_forward" and c.value > 0)
    return forward and any(found for _, found in ctx.analysis.done)


def _pair(ctx: Context, first: Claim, second: Claim, what: str) -> Finding:
    return ctx.fail(
        location=claim_location(second),
        evidence=[claim_evidence(first), claim_evidence(second)],
        first=first.raw,
        second=second.raw,
        what=what,
        first_line=first.location.line,
    )


@rule(
    "PUB-03",
    title="正文前后不矛盾",
    severity=WARNING,
    citation="国办公开办函〔2021〕30号（四）「发布内容不准确」；审核惯例，非强制",
    message="正文前后矛盾（{what}）：「{first}」与「{second}」",
    tags=("publication", "text"),
)
def self_contradiction(ctx: Context) -> Iterator[Finding]:
    """正文自身前后矛盾：称「所有申请均已办结」又称有申请结转下年度；称未收到申请（未发生复议、诉讼）
    又给出件数；同一口径的同一件数前后写成两个数。"""
    if not _may_contradict(ctx):
        return  # (most reports: no two statements on a topic, nothing both done and carried)
    year = ctx.year
    claims = []
    # (a sentence is told once: its claims come one after another, and a sentence stating
    # the counts of a table states a dozen)
    said: Sentence | None = None
    other = False
    for c in ctx.analysis.claims:
        if c.approximate:
            continue
        if c.sentence is not said:
            said = c.sentence
            other = _other_year(said.norm, year)
        if not other:
            claims.append(c)
    if not claims:
        return  # (every contradiction below names a count)
    forward = [c for c in claims if c.topic == "requests.carried_forward" and c.value > 0]
    if forward:
        done = [c for _, found in ctx.analysis.done for c in found]
        for d in done[:1]:
            yield _pair(ctx, d, forward[0], "全部办结与结转下年度")
    by_topic: dict[str, list[Claim]] = {}
    for c in claims:
        by_topic.setdefault(c.topic, []).append(c)
    for topic in _COUNTED:
        on_topic = by_topic.get(topic)
        if on_topic is None:
            continue
        denials = [c for c in on_topic if c.negated]
        counts = [c for c in on_topic if not c.negated and c.value > 0]
        reported = False
        for a in denials:
            b = next((b for b in counts if _compatible(a, b)), None)
            if b is not None and not reported:
                first, second = sorted((a, b), key=lambda c: (c.location.line or 0, c.offset))
                yield _pair(ctx, first, second, f"{_TOPIC_ZH[topic]}：既称没有又给出件数")
                reported = True
        for i, a in enumerate(counts):
            b = next(
                (
                    b
                    for b in counts[i + 1 :]
                    if b.value != a.value and b.scope == a.scope and b.sentence is not a.sentence
                ),
                None,
            )
            if b is not None and not reported:
                yield _pair(ctx, a, b, f"{_TOPIC_ZH[topic]}前后不一：{a.value} 与 {b.value}")
                reported = True
