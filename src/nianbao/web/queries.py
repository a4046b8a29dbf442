"""The corpus reads the pages need: the filtered, sorted, paged report list and one report.

Everything goes through the store's schema and the corpus modules (``store.search`` for full
text, ``store.writer.load_report`` and ``store.rebuild`` to bring a stored report and its
findings back as the objects the renderers take); nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, exists, func, select

from ..model import Finding, Report
from ..store.rebuild import CELL_EVIDENCE, finding_from_dict, report_from_dict, with_cell_evidence
from ..store.schema import cells, findings, organs, reports, sections, sources
from ..store.search import search

#: sort keys of the list: name → columns (then the id, so pages never overlap)
SORTS: dict[str, tuple[Any, ...]] = {
    "year": (reports.c.year.desc(), reports.c.region, reports.c.organ),
    "organ": (reports.c.organ, reports.c.year.desc()),
    "region": (reports.c.region, reports.c.organ, reports.c.year.desc()),
    "errors": (reports.c.errors.desc(), reports.c.warnings.desc()),
    "added": (reports.c.id.desc(),),
}
SEVERITIES = ("error", "warning", "info")
#: rows searched for a full-text query (the list shows the reports they belong to)
SEARCH_LIMIT = 2000


@dataclass
class ListQuery:
    """The list page's filters, as the query string gives them (unknown values ignored)."""

    region: str = ""
    year: int | None = None
    organ: str = ""
    severity: str = ""
    rule: str = ""
    q: str = ""
    sort: str = "year"
    page: int = 1

    def __post_init__(self) -> None:
        self.sort = self.sort if self.sort in SORTS else "year"
        self.severity = self.severity if self.severity in SEVERITIES else ""
        self.page = max(1, self.page)

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string of this list with ``changes`` (empty values left out)."""
        values = {
            "region": self.region,
            "year": self.year,
            "organ": self.organ,
            "severity": self.severity,
            "rule": self.rule,
            "q": self.q,
            "sort": self.sort,
            "page": self.page,
        }
        values.update(changes)
        defaults = {"sort": "year", "page": 1}
        return {k: v for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}


@dataclass
class ListPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    #: report id → text around the full-text match
    snippets: dict[int, str] = field(default_factory=dict)


def list_reports(engine: Engine, query: ListQuery, *, page_size: int) -> ListPage:
    conds: list[Any] = [reports.c.is_current.is_(True)]
    if query.region:
        conds.append(reports.c.region == query.region)
    if query.year is not None:
        conds.append(reports.c.year == query.year)
    if query.organ:
        conds.append(reports.c.organ.contains(query.organ, autoescape=True))
    if query.severity:
        conds.append(_failing(findings.c.severity == query.severity))
    if query.rule:
        conds.append(_failing(findings.c.rule == query.rule.upper()))
    snippets: dict[int, str] = {}
    if query.q:
        for hit in search(engine, query.q, limit=SEARCH_LIMIT):
            snippets.setdefault(int(hit["report_id"]), hit["snippet"])
        conds.append(reports.c.id.in_(list(snippets)))
    where = and_(*conds)
    cols = (
        reports.c.id,
        reports.c.organ_id,
        reports.c.organ,
        reports.c.region,
        reports.c.year,
        reports.c.title,
        reports.c.format,
        reports.c.errors,
        reports.c.warnings,
        reports.c.version,
    )
    with engine.connect() as conn:
        total = int(
            conn.execute(select(func.count()).select_from(reports).where(where)).scalar_one()
        )
        pages = max(1, -(-total // page_size))
        page = min(query.page, pages)
        rows = conn.execute(
            select(*cols)
            .where(where)
            .order_by(*SORTS[query.sort], reports.c.id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        out = [dict(r._mapping) for r in rows]
    return ListPage(
        out, total, page, pages, {r["id"]: snippets[r["id"]] for r in out if r["id"] in snippets}
    )


def _failing(condition: Any) -> Any:
    return exists().where(
        findings.c.report_id == reports.c.id, findings.c.status == "fail", condition
    )


def facets(engine: Engine) -> dict[str, list[Any]]:
    """The values the filters offer: regions, years, rules broken (current reports)."""
    current = reports.c.is_current.is_(True)
    with engine.connect() as conn:
        regions = conn.execute(
            select(reports.c.region).distinct().where(current, reports.c.region.is_not(None))
        ).scalars()
        years = conn.execute(
            select(reports.c.year).distinct().where(current, reports.c.year.is_not(None))
        ).scalars()
        rules = conn.execute(
            select(findings.c.rule).distinct().where(findings.c.status == "fail")
        ).scalars()
        return {
            "regions": sorted(regions),
            "years": sorted(years, reverse=True),
            "rules": sorted(rules),
        }


@dataclass
class StoredReport:
    id: int
    report: Report
    #: (finding id, finding) in stored order
    findings: list[tuple[int, Finding]]
    organ_id: int | None
    sha256: str
    format: str | None
    version: int
    is_current: bool

    @property
    def finding_list(self) -> tuple[Finding, ...]:
        return tuple(f for _, f in self.findings)


def load(engine: Engine, report_id: int) -> StoredReport | None:
    """A stored report with its cells' evidence and its findings, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                reports.c.id,
                reports.c.organ_id,
                reports.c.version,
                reports.c.is_current,
                sources.c.sha256,
                sources.c.format,
            )
            .join(sources, sources.c.id == reports.c.source_id)
            .where(reports.c.id == report_id)
        ).first()
        if row is None:
            return None
        report = _report(conn, report_id)
        found = [
            (int(r.id), finding_from_dict(r.data))
            for r in conn.execute(
                select(findings.c.id, findings.c.data)
                .where(findings.c.report_id == report_id)
                .order_by(findings.c.id)
            )
        ]
    return StoredReport(
        id=report_id,
        report=report,
        findings=found,
        organ_id=row.organ_id,
        sha256=row.sha256,
        format=row.format,
        version=int(row.version),
        is_current=bool(row.is_current),
    )


def _report(conn: Connection, report_id: int) -> Report:
    """The stored report with every cell's evidence, its page box included."""
    data = dict(conn.execute(select(reports.c.data).where(reports.c.id == report_id)).scalar_one())
    rows = conn.execute(
        select(
            cells.c.table_id,
            cells.c.row_id,
            cells.c.col_id,
            *(cells.c[k] for k in CELL_EVIDENCE),
        )
        .where(cells.c.report_id == report_id)
        .order_by(cells.c.id)
    )
    return report_from_dict(with_cell_evidence(data, rows))


def sections_of(engine: Engine, report_id: int) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(
                select(
                    sections.c.no,
                    sections.c.heading,
                    sections.c.text,
                    sections.c.page,
                    sections.c.line,
                )
                .where(sections.c.report_id == report_id)
                .order_by(sections.c.no, sections.c.id)
            )
        ]


def organ_of(engine: Engine, organ_id: int) -> tuple[str, str | None] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(organs.c.name, organs.c.region).where(organs.c.id == organ_id)
        ).first()
    return None if row is None else (str(row.name), row.region)
