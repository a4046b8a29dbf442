"""Roll-up check: a summary report (「汇总」, e.g. a 人民政府 or 政务公开办 report that adds up
its departments and towns) against the sum of its member reports stored in the corpus.

Tables 三 and 四 are compared cell by cell (表二 counts what the government itself made and
is not a sum). Members are the organs the user names, or else the corpus's current reports of
the same region and year whose organ is a department or a township. A cell is compared only
when the summary prints a number and every member prints one; a member's blank is reported as
无法判断 for that cell rather than read as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from .compare import find_organ
from .corpus import Corpus, cell_label
from .extract.scope import name_kind
from .store.schema import cells, reports

TABLES = ("requests", "review_litigation")


@dataclass(frozen=True, slots=True)
class Difference:
    """One summary cell that is not the sum of its members."""

    key: str
    label: str
    printed: int | float
    total: int | float
    #: (member organ, its value) for every member
    members: tuple[tuple[str, int | float | str | None], ...]
    raw: str | None = None
    line: int | None = None
    page: int | None = None

    @property
    def message(self) -> str:
        values = "、".join(f"{o} {'空' if v is None else v}" for o, v in self.members)
        where = (
            f"（第{self.page}页）" if self.page else (f"（第{self.line}行）" if self.line else "")
        )
        return (
            f"{self.label}{where}汇总为 {_n(self.printed)}，成员报告合计 {_n(self.total)}"
            f"（相差 {_n(self.printed - self.total):+}）：{values}"
        )


@dataclass
class Rollup:
    organ: str
    year: int
    members: list[str]
    differences: list[Difference] = field(default_factory=list)
    #: cells not assessable: key → members whose cell is blank or text
    not_assessable: dict[str, list[str]] = field(default_factory=dict)
    compared: int = 0


def _n(value: float | int) -> int | float:
    return int(value) if float(value).is_integer() else value


def check_rollup(
    corpus: Corpus,
    organ: str,
    year: int,
    *,
    members: Sequence[str] = (),
    region: str | None = None,
) -> Rollup:
    """Compare the summary report of ``organ`` for ``year`` with its members' sum."""
    organ_id, organ_name, organ_region = find_organ(corpus, organ, region)
    with corpus.engine.connect() as conn:
        current = select(reports.c.id, reports.c.organ_id, reports.c.organ, reports.c.region).where(
            reports.c.year == year, reports.c.is_current.is_(True)
        )
        summary = conn.execute(current.where(reports.c.organ_id == organ_id)).first()
        if summary is None:
            raise ValueError(f"数据库中没有「{organ_name}」{year}年的报告（no such report）")
        if members:
            ids = [find_organ(corpus, m, organ_region)[0] for m in members]
            rows = conn.execute(current.where(reports.c.organ_id.in_(ids))).all()
            missing = set(ids) - {r.organ_id for r in rows}
            if missing:
                raise ValueError(f"部分成员没有{year}年的报告（members without a report）")
        else:
            rows = [
                r
                for r in conn.execute(current.where(reports.c.region == organ_region))
                if r.id != summary.id and name_kind(r.organ or "") in ("department", "township")
            ]
        names = {r.id: r.organ or r.region or "" for r in rows}
        values: dict[
            int, dict[str, tuple[float | None, str | None, str | None, int | None, int | None]]
        ] = {}
        for c in conn.execute(
            select(
                cells.c.report_id,
                cells.c.key,
                cells.c.value,
                cells.c.text,
                cells.c.raw,
                cells.c.line,
                cells.c.page,
            )
            .where(cells.c.report_id.in_([summary.id, *names]), cells.c.table_id.in_(TABLES))
            .order_by(cells.c.id)
        ):
            values.setdefault(c.report_id, {})[c.key] = (c.value, c.text, c.raw, c.line, c.page)
    result = Rollup(organ_name, year, sorted(names.values()))
    if not names:
        return result
    for key, (printed, _, raw, line, page) in values.get(summary.id, {}).items():
        if printed is None:
            continue
        member_values = [(names[i], values.get(i, {}).get(key)) for i in names]
        unreadable = [o for o, v in member_values if v is None or v[0] is None]
        if unreadable:
            result.not_assessable[key] = unreadable
            continue
        result.compared += 1
        total = sum(v[0] for _, v in member_values if v is not None and v[0] is not None)
        if total != printed:
            result.differences.append(
                Difference(
                    key=key,
                    label=cell_label(key),
                    printed=_n(printed),
                    total=_n(total),
                    members=tuple(
                        sorted(
                            (o, None if v is None else _n(v[0]) if v[0] is not None else v[1])
                            for o, v in member_values
                        )
                    ),
                    raw=raw,
                    line=line,
                    page=page,
                )
            )
    return result
