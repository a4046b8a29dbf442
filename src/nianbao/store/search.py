"""Full-text search over section texts: FTS5 trigram on SQLite, pg_trgm on PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Integer, column, select, text

from .schema import reports, sections


def search(engine: Engine, query: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Sections containing ``query`` (current report versions), with organ, year and a snippet."""
    cols = (
        sections.c.report_id,
        reports.c.organ,
        reports.c.region,
        reports.c.year,
        sections.c.no,
        sections.c.heading,
        sections.c.text,
        sections.c.line,
    )
    base = select(*cols).join(reports, reports.c.id == sections.c.report_id)
    base = base.where(reports.c.is_current.is_(True))
    if engine.dialect.name == "sqlite" and len(query) >= 3:
        # the trigram index answers substring queries of three characters or more
        phrase = '"' + query.replace('"', '""') + '"'
        ids = text("SELECT rowid FROM sections_fts WHERE sections_fts MATCH :q")
        # ``id + 0``: a plain ``id IN (…)`` lets SQLite probe every matching row id once per
        # current report (minutes over 10,000 reports); as a filter it is one pass
        base = base.where(
            (sections.c.id + 0).in_(ids.bindparams(q=phrase).columns(column("rowid", Integer)))
        )
    else:
        base = base.where(sections.c.text.contains(query, autoescape=True))
    out = []
    with engine.connect() as conn:
        for r in conn.execute(base.order_by(reports.c.year, sections.c.report_id).limit(limit)):
            at = r.text.find(query)
            snippet = r.text[max(0, at - 20) : at + len(query) + 20] if at >= 0 else ""
            row = dict(r._mapping)
            row.pop("text")
            out.append({**row, "snippet": snippet.replace("\n", " ")})
    return out
