"""Alembic environment: always run online on the connection ``store.upgrade`` passes in."""

from __future__ import annotations

from alembic import context

from nianbao.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
