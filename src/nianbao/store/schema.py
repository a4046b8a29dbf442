"""The corpus schema (SQLAlchemy Core): sources, organs and aliases, reports, cells, findings, sections.

The same tables serve SQLite and PostgreSQL; the Alembic migrations in ``migrations/`` create
them (``nianbao.store.upgrade``). Cells are stored in long form, one row per printed cell with
its evidence, so a figure can be compared across thousands of reports with plain SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

#: one row per file content seen: what it was, and whether it could be read
sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("path", Text, nullable=False),
    Column("size", Integer),
    Column("format", String(32)),
    Column("encoding", String(32)),
    Column("pages", Integer),
    Column("notes", JSON),
    #: "ok" (a report was stored) or "failed" (with the reason)
    Column("status", String(16), nullable=False),
    Column("error_type", String(64)),
    Column("error", Text),
    Column("seconds", Float),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

#: an organ across years and name variants: normalised name plus region
organs = Table(
    "organs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("region", Text),
)

#: name variants (folded) → organ; "auto" rows are added at ingest, "user" rows by the user
organ_aliases = Table(
    "organ_aliases",
    metadata,
    Column("alias", String(400), primary_key=True),
    Column("organ_id", Integer, ForeignKey("organs.id"), nullable=False),
    Column("printed", Text, nullable=False),
    Column("origin", String(8), nullable=False),
)

#: one row per stored report version; ``is_current`` marks the latest version of (organ, year)
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False, unique=True),
    Column("organ_id", Integer, ForeignKey("organs.id")),
    #: what identifies "the same report" across versions: organ and year, else the path
    Column("identity", String(500), nullable=False),
    Column("version", Integer, nullable=False),
    Column("is_current", Boolean, nullable=False),
    Column("year", Integer),
    Column("title", Text),
    Column("organ", Text),
    Column("region", Text),
    Column("published", String(32)),
    Column("format", String(8)),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    #: ``Report.to_dict()``: the public JSON contract, evidence included
    Column("data", JSON, nullable=False),
    #: stored, but its cross-report rules (previous year, other versions, other organs) not
    #: yet run: the cross pass at the end of every ingest picks it up
    Column("cross_pending", Boolean, nullable=False, server_default=false()),
    #: what the cross pass reads besides ``data`` (``store.summary``): the cells' printed
    #: text, page and line, sections 1 and 5's matching text; NULL for a report stored before
    Column("cross_data", Text),
    UniqueConstraint("identity", "version", name="uq_reports_identity_version"),
)
Index("ix_reports_organ_year", reports.c.organ_id, reports.c.year)
Index("ix_reports_current_year", reports.c.is_current, reports.c.year)
Index("ix_reports_current_region", reports.c.is_current, reports.c.region)
Index("ix_reports_current_organ", reports.c.is_current, reports.c.organ)
Index("ix_reports_cross_pending", reports.c.cross_pending)
Index("ix_reports_identity", reports.c.identity)

#: the LSH bands of each report's narrative (``store.rows.narrative_bands``): the reports of
#: a year sharing a band are PUB-02's candidates
report_bands = Table(
    "report_bands",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("band", BigInteger, nullable=False),
)
Index("ix_report_bands_band", report_bands.c.year, report_bands.c.band)
Index("ix_report_bands_report", report_bands.c.report_id)

#: every cell in long form: ``key`` is "table.row.col" (``requests.total.total``)
cells = Table(
    "cells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("key", String(120), nullable=False),
    Column("table_id", String(32), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("col_id", String(32), nullable=False),
    #: the printed number; NULL for a blank cell or printed text ("/", "无")
    Column("value", Float),
    Column("text", String(64)),
    Column("raw", Text),
    Column("page", Integer),
    Column("line", Integer),
    Column("notes", JSON(none_as_null=True)),
    #: the cell's box on its page ``[x0, top, x1, bottom]`` in PDF points (PDF and OCR readers)
    Column("box", JSON(none_as_null=True)),
)
Index("ix_cells_report", cells.c.report_id)
Index("ix_cells_key", cells.c.key)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("rule", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("message", Text, nullable=False),
    #: ``Finding.to_dict()``: location, evidence, fix, values
    Column("data", JSON, nullable=False),
    #: the stored report a cross-report finding compares with (previous year, other version,
    #: other organ's report); the cross pass replaces a report's findings against one peer
    Column("other_report_id", Integer),
)
Index("ix_findings_report", findings.c.report_id)
Index("ix_findings_rule", findings.c.rule)
Index("ix_findings_rule_status", findings.c.rule, findings.c.status, findings.c.report_id)
Index("ix_findings_severity_status", findings.c.severity, findings.c.status, findings.c.report_id)

sections = Table(
    "sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("no", Integer, nullable=False),
    Column("heading", Text),
    Column("text", Text, nullable=False),
    Column("page", Integer),
    Column("line", Integer),
)
Index("ix_sections_report", sections.c.report_id)
