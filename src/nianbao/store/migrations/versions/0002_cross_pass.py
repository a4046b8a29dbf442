"""The cross pass: reports waiting for their cross-report rules, narrative sketches for PUB-02.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(
            sa.Column("cross_pending", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_index("ix_reports_cross_pending", "reports", ["cross_pending"])
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("other_report_id", sa.Integer))
    op.create_index("ix_reports_identity", "reports", ["identity"])
    op.create_table(
        "report_bands",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("band", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_report_bands_band", "report_bands", ["year", "band"])
    op.create_index("ix_report_bands_report", "report_bands", ["report_id"])


def downgrade() -> None:
    op.drop_table("report_bands")
    op.drop_index("ix_reports_identity", "reports")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("other_report_id")
    op.drop_index("ix_reports_cross_pending", "reports")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("cross_pending")
