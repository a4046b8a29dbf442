"""The one writer: stores read-and-checked reports, a transaction per batch.

A source is identified by the SHA-256 of its content. A report is "the same report" as an
earlier one when organ and year match (else when the path matches): it becomes a new version
and the earlier one is kept, no longer current. The cross-year rules run here, against the
stored report of the year before, and a stored following year is re-checked against a newly
stored previous year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from ..model import Finding, Report
from ..model.report import TABLE_IDS
from ..rule import iter_rules
from ..runner import check
from . import organs as organ_links
from .rebuild import report_from_dict
from .schema import cells, findings, reports, sections, sources

#: the rules that compare with the previous year's report (run by the writer, not the workers)
CROSS_YEAR = tuple(r.id for r in iter_rules() if r.needs_previous)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file read and checked (``report`` set) or refused (``error`` set)."""

    path: str
    sha256: str
    size: int
    report: Report | None = None
    findings: Sequence[Finding] = field(default_factory=tuple)
    error_type: str | None = None
    error: str | None = None
    seconds: float = 0.0


def known_sources(engine: Engine) -> dict[str, str]:
    """sha256 → status of every stored source (the skip list of a rerun)."""
    with engine.connect() as conn:
        return {
            sha: status for sha, status in conn.execute(select(sources.c.sha256, sources.c.status))
        }


def write_batch(engine: Engine, outcomes: Iterable[Outcome]) -> None:
    """Store a batch in one transaction: all of it, or (killed mid-way) none of it."""
    with engine.begin() as conn:
        for outcome in outcomes:
            store(conn, outcome)


def store(conn: Connection, outcome: Outcome) -> None:
    """Store one outcome; a content already stored as read is left alone."""
    status = conn.execute(
        select(sources.c.status).where(sources.c.sha256 == outcome.sha256)
    ).scalar()
    if status == "ok":
        return
    if status is not None:  # a failure being retried
        conn.execute(delete(sources).where(sources.c.sha256 == outcome.sha256))
    report = outcome.report
    row: dict[str, Any] = {
        "sha256": outcome.sha256,
        "path": outcome.path,
        "size": outcome.size,
        "status": "ok" if report is not None else "failed",
        "error_type": outcome.error_type,
        "error": outcome.error,
        "seconds": round(outcome.seconds, 4),
        "added_at": dt.datetime.now(dt.UTC),
    }
    if report is not None:
        src = report.source
        row |= {
            "format": src.reader,
            "encoding": src.encoding,
            "pages": src.pages,
            "notes": list(src.notes),
        }
    source_id = conn.execute(insert(sources).values(**row).returning(sources.c.id)).scalar_one()
    if report is not None:
        _store_report(conn, source_id, report, list(outcome.findings))


def _store_report(conn: Connection, source_id: int, report: Report, found: list[Finding]) -> None:
    organ_id = organ_links.resolve(conn, report)
    year = report.meta.year
    identity = (
        f"organ:{organ_id}:{year}"
        if organ_id is not None and year is not None
        else f"path:{report.source.path}"
    )
    last = conn.execute(
        select(reports.c.version)
        .where(reports.c.identity == identity)
        .order_by(reports.c.version.desc())
        .limit(1)
    ).scalar()
    conn.execute(update(reports).where(reports.c.identity == identity).values(is_current=False))
    found = [f for f in found if f.rule not in CROSS_YEAR]
    previous = _current(conn, organ_id, year - 1) if year is not None else None
    if previous is not None:
        found += check(report, previous[1], select=CROSS_YEAR)
    report_id = conn.execute(
        insert(reports)
        .values(
            source_id=source_id,
            organ_id=organ_id,
            identity=identity,
            version=(last or 0) + 1,
            is_current=True,
            year=year,
            title=report.meta.title,
            organ=report.meta.organ,
            region=report.meta.region,
            published=report.meta.published,
            format=report.meta.format,
            errors=_count(found, "error"),
            warnings=_count(found, "warning"),
            data=_data(report),
        )
        .returning(reports.c.id)
    ).scalar_one()
    _insert_children(conn, report_id, report, found)
    following = _current(conn, organ_id, year + 1) if year is not None else None
    if following is not None:
        _recheck(conn, following[0], following[1], report)


def _count(found: list[Finding], severity: str) -> int:
    return sum(1 for f in found if f.status == "fail" and str(f.severity) == severity)


def _data(report: Report) -> dict[str, Any]:
    """The JSON contract without the per-cell evidence, which lives in the cells table."""
    data = report.to_dict()
    data["evidence"] = {"meta": data["evidence"].get("meta", {})}
    return data


def _insert_children(
    conn: Connection, report_id: int, report: Report, found: list[Finding]
) -> None:
    cell_rows = [
        {
            "report_id": report_id,
            "key": f"{table_id}.{row_id}.{col_id}",
            "table_id": table_id,
            "row_id": row_id,
            "col_id": col_id,
            "value": float(cell.value) if isinstance(cell.value, int | float) else None,
            "text": cell.value if isinstance(cell.value, str) else None,
            "raw": cell.raw,
            "page": cell.location.page,
            "line": cell.location.line,
            "notes": list(cell.notes) or None,
            "box": list(cell.location.box) if cell.location.box else None,
        }
        for table_id in TABLE_IDS
        if (table := report.tables.get(table_id)) is not None
        for row_id, col_id, cell in table.cells()
    ]
    if cell_rows:
        conn.execute(insert(cells), cell_rows)
    section_rows = [
        {
            "report_id": report_id,
            "no": s.no,
            "heading": s.heading,
            "text": s.text,
            "page": s.location.page,
            "line": s.location.line,
        }
        for s in report.sections
    ]
    if section_rows:
        conn.execute(insert(sections), section_rows)
    _insert_findings(conn, report_id, found)


def _insert_findings(conn: Connection, report_id: int, found: list[Finding]) -> None:
    rows = [
        {
            "report_id": report_id,
            "rule": f.rule,
            "severity": str(f.severity),
            "status": f.status,
            "message": f.message,
            "data": f.to_dict(),
        }
        for f in found
    ]
    if rows:
        conn.execute(insert(findings), rows)


def load_report(conn: Connection, report_id: int) -> Report:
    """A stored report rebuilt with its cells' evidence (for the cross-year rules)."""
    data = dict(conn.execute(select(reports.c.data).where(reports.c.id == report_id)).scalar_one())
    evidence: dict[str, Any] = {"meta": data.get("evidence", {}).get("meta", {})}
    for row in conn.execute(
        select(
            cells.c.table_id,
            cells.c.row_id,
            cells.c.col_id,
            cells.c.raw,
            cells.c.page,
            cells.c.line,
        ).where(cells.c.report_id == report_id)
    ):
        ev = {
            k: v
            for k, v in (("raw", row.raw), ("page", row.page), ("line", row.line))
            if v is not None
        }
        table = evidence.setdefault(row.table_id, {})
        table.setdefault(row.row_id, {"cells": {}})["cells"][row.col_id] = ev
    data["evidence"] = evidence
    return report_from_dict(data)


def _current(conn: Connection, organ_id: int | None, year: int) -> tuple[int, Report] | None:
    if organ_id is None:
        return None
    report_id = conn.execute(
        select(reports.c.id).where(
            reports.c.organ_id == organ_id, reports.c.year == year, reports.c.is_current.is_(True)
        )
    ).scalar()
    return (int(report_id), load_report(conn, int(report_id))) if report_id is not None else None


def _recheck(conn: Connection, report_id: int, report: Report, previous: Report) -> None:
    """Replace a stored report's cross-year findings now that its previous year is stored."""
    conn.execute(
        delete(findings).where(findings.c.report_id == report_id, findings.c.rule.in_(CROSS_YEAR))
    )
    _insert_findings(conn, report_id, check(report, previous, select=CROSS_YEAR))
    counts = (
        conn.execute(
            select(findings.c.severity).where(
                findings.c.report_id == report_id, findings.c.status == "fail"
            )
        )
        .scalars()
        .all()
    )
    conn.execute(
        update(reports)
        .where(reports.c.id == report_id)
        .values(errors=counts.count("error"), warnings=counts.count("warning"))
    )
