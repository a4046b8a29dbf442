"""``nianbao compare``: one organ across years (every cell and its change, the cross-year
findings), or the organs of one year ranked by a figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from .corpus import Condition, Corpus, cell_label
from .stats import BY_ID, compute
from .store.organs import normalise
from .store.rows import CROSS_RULES
from .store.schema import cells, findings, organ_aliases, organs, reports


@dataclass
class OrganHistory:
    """One organ's current reports by year, every cell side by side."""

    organ_id: int
    name: str
    region: str | None
    years: list[int]
    #: key → {year: value as printed (number, text, or None for blank)}
    values: dict[str, dict[int, Any]] = field(default_factory=dict)
    #: (year, rule, severity, status, message) of the cross-year rules
    cross_year: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    def change(self, key: str, year: int) -> int | float | None:
        """This year's value minus last year's (None unless both are numbers)."""
        row = self.values.get(key, {})
        a, b = row.get(year), row.get(year - 1)
        if isinstance(a, int | float) and isinstance(b, int | float):
            return a - b
        return None


def find_organ(corpus: Corpus, name: str, region: str | None = None) -> tuple[int, str, str | None]:
    """The organ a printed name means (aliases first); ValueError when none or several."""
    folded = normalise(name)
    with corpus.engine.connect() as conn:
        alias = conn.execute(
            select(organ_aliases.c.organ_id).where(organ_aliases.c.alias == folded)
        ).scalar()
        query = select(organs.c.id, organs.c.name, organs.c.region)
        if alias is not None:
            found = conn.execute(query.where(organs.c.id == alias)).all()
        else:
            found = [
                r
                for r in conn.execute(query.where(organs.c.key.endswith("|" + folded)))
                if region is None or r.region == region
            ]
    if not found:
        raise ValueError(f"数据库中没有机关「{name}」（no such organ in the corpus）")
    if len(found) > 1:
        regions = "、".join(str(r.region) for r in found)
        raise ValueError(
            f"「{name}」在多个地区都有（{regions}），请用 --region 指定（ambiguous organ）"
        )
    r = found[0]
    return int(r.id), str(r.name), r.region


def history(corpus: Corpus, name: str, region: str | None = None) -> OrganHistory:
    organ_id, organ_name, organ_region = find_organ(corpus, name, region)
    with corpus.engine.connect() as conn:
        ids = {
            int(r.year): int(r.id)
            for r in conn.execute(
                select(reports.c.id, reports.c.year).where(
                    reports.c.organ_id == organ_id,
                    reports.c.is_current.is_(True),
                    reports.c.year.is_not(None),
                )
            )
        }
        year_of = {v: k for k, v in ids.items()}
        out = OrganHistory(organ_id, organ_name, organ_region, sorted(ids))
        for r in conn.execute(
            select(cells.c.report_id, cells.c.key, cells.c.value, cells.c.text)
            .where(cells.c.report_id.in_(list(year_of)))
            .order_by(cells.c.id)
        ):
            value = (
                r.text if r.value is None else (int(r.value) if r.value.is_integer() else r.value)
            )
            out.values.setdefault(r.key, {})[year_of[r.report_id]] = value
        for f in conn.execute(
            select(
                findings.c.report_id,
                findings.c.rule,
                findings.c.severity,
                findings.c.status,
                findings.c.message,
            )
            .where(findings.c.report_id.in_(list(year_of)), findings.c.rule.in_(CROSS_RULES))
            .order_by(findings.c.id)
        ):
            out.cross_year.append((year_of[f.report_id], f.rule, f.severity, f.status, f.message))
    out.cross_year.sort()
    return out


RANKABLE = ("errors", *BY_ID)


def rank(
    corpus: Corpus,
    year: int,
    figure: str,
    where: Sequence[str | Condition] = (),
    top: int | None = None,
) -> list[tuple[str, int | float | None]]:
    """The organs of ``year`` ordered by ``figure`` (largest first; no value last): a stats
    figure id, ``errors`` (errors found) or a cell key such as ``requests.new_received.total``."""
    conds = [*where, Condition("year", "=", str(year))]
    if figure in BY_ID:
        groups = compute(corpus, by="organ", where=conds)
        pairs = [(g.name, g.figure(figure)) for g in groups]
    elif figure == "errors":
        pairs = [(r["organ"] or r["region"] or "", r["errors"]) for r in corpus.report_rows(conds)]
    else:
        if figure.count(".") < 2:
            raise ValueError(
                f"未知指标「{figure}」（unknown figure: one of {', '.join(RANKABLE)} or a cell key）"
            )
        rows = corpus.reports(conds)
        pairs = [(r["organ"] or r["region"] or "", _num(r.get(figure))) for r in rows]
    pairs.sort(key=lambda p: (p[1] is None, -(p[1] or 0), p[0]))
    return pairs[:top] if top else pairs


def _num(value: Any) -> int | float | None:
    return value if isinstance(value, int | float) else None


__all__ = ["OrganHistory", "RANKABLE", "cell_label", "find_organ", "history", "rank"]
