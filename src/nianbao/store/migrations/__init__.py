"""Alembic migrations of the corpus schema, shipped in the package and run by ``store.upgrade``."""
