"""Initial corpus schema: sources, organs, aliases, reports, cells, findings, sections, full text.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("size", sa.Integer),
        sa.Column("format", sa.String(32)),
        sa.Column("encoding", sa.String(32)),
        sa.Column("pages", sa.Integer),
        sa.Column("notes", sa.JSON),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error_type", sa.String(64)),
        sa.Column("error", sa.Text),
        sa.Column("seconds", sa.Float),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "organs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(400), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("region", sa.Text),
    )
    op.create_table(
        "organ_aliases",
        sa.Column("alias", sa.String(400), primary_key=True),
        sa.Column("organ_id", sa.Integer, sa.ForeignKey("organs.id"), nullable=False),
        sa.Column("printed", sa.Text, nullable=False),
        sa.Column("origin", sa.String(8), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False, unique=True
        ),
        sa.Column("organ_id", sa.Integer, sa.ForeignKey("organs.id")),
        sa.Column("identity", sa.String(500), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("organ", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("format", sa.String(8)),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.UniqueConstraint("identity", "version", name="uq_reports_identity_version"),
    )
    op.create_index("ix_reports_organ_year", "reports", ["organ_id", "year"])
    op.create_table(
        "cells",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("table_id", sa.String(32), nullable=False),
        sa.Column("row_id", sa.String(64), nullable=False),
        sa.Column("col_id", sa.String(32), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("text", sa.String(64)),
        sa.Column("raw", sa.Text),
        sa.Column("page", sa.Integer),
        sa.Column("line", sa.Integer),
        sa.Column("notes", sa.JSON),
    )
    op.create_index("ix_cells_report", "cells", ["report_id"])
    op.create_index("ix_cells_key", "cells", ["key"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_findings_report", "findings", ["report_id"])
    op.create_index("ix_findings_rule", "findings", ["rule"])
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("no", sa.Integer, nullable=False),
        sa.Column("heading", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("line", sa.Integer),
    )
    op.create_index("ix_sections_report", "sections", ["report_id"])
    _full_text(op.get_bind().dialect.name)


def _full_text(dialect: str) -> None:
    """Trigram full-text search over section texts (Chinese has no spaces to split words on)."""
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE sections_fts USING fts5("
            "text, content='sections', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER sections_ai AFTER INSERT ON sections BEGIN "
            "INSERT INTO sections_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER sections_ad AFTER DELETE ON sections BEGIN "
            "INSERT INTO sections_fts(sections_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); END"
        )
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_sections_text_trgm ON sections USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    for table in ("sections", "findings", "cells", "reports", "organ_aliases", "organs"):
        op.drop_table(table)
    op.drop_table("sources")
