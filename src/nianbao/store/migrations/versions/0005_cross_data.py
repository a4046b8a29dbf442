"""What the cross pass reads of a report besides its data (store.summary), written at ingest.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for the reports stored so far: the cross pass rebuilds those from the cells table
    op.add_column("reports", sa.Column("cross_data", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("cross_data")
