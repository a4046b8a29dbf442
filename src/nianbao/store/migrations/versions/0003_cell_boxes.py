"""Cell boxes on the page (for outlining a cell on the page image) and the list page's indexes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cells") as batch:
        batch.add_column(sa.Column("box", sa.JSON))
    # the corpus list filters current reports by year, region or organ and sorts by them
    op.create_index("ix_reports_current_year", "reports", ["is_current", "year"])
    op.create_index("ix_reports_current_region", "reports", ["is_current", "region"])
    op.create_index("ix_reports_current_organ", "reports", ["is_current", "organ"])
    # "reports breaking rule R" and "reports with a failing error" without a scan
    op.create_index("ix_findings_rule_status", "findings", ["rule", "status", "report_id"])
    op.create_index("ix_findings_severity_status", "findings", ["severity", "status", "report_id"])


def downgrade() -> None:
    op.drop_index("ix_findings_severity_status", "findings")
    op.drop_index("ix_findings_rule_status", "findings")
    op.drop_index("ix_reports_current_organ", "reports")
    op.drop_index("ix_reports_current_region", "reports")
    op.drop_index("ix_reports_current_year", "reports")
    with op.batch_alter_table("cells") as batch:
        batch.drop_column("box")
