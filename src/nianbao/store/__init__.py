"""The corpus store: open a SQLite or PostgreSQL database and bring its schema up to date.

``open_store(url)`` returns a SQLAlchemy engine with the schema migrated (Alembic, run in
process); ``None`` means the default SQLite file ``nianbao.sqlite`` in the working directory.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

DEFAULT_FILE = "nianbao.sqlite"


def resolve_url(url: str | None) -> str:
    """A database URL: a bare path is a SQLite file; ``postgresql://`` uses psycopg 3."""
    if not url:
        return f"sqlite:///{Path.cwd() / DEFAULT_FILE}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    return url


def open_store(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine on the corpus database, its schema upgraded to the newest revision."""
    engine = create_engine(
        resolve_url(url),
        json_serializer=lambda o: json.dumps(o, ensure_ascii=False),
    )
    if engine.dialect.name == "sqlite":
        sqlite3.register_adapter(type(None), _NO_ADAPTERS.get)
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        from .writer import restore_indexes

        upgrade(engine)
        restore_indexes(engine)
    return engine


#: its ``get`` binds None as NULL at once (``open_store``). The sqlite3 module binds int,
#: float, str and bytes directly; any other value, None included, is first searched for an
#: adapter: in its registry, then as the protocol's ``__adapt__``, an attribute lookup on a
#: type whose failure formats an AttributeError's message each time (28% of the writer's
#: instructions: half a cell row's values are blank). Registered for None, a C call that
#: answers None (any key's value in an empty dict) ends the search at its first step.
_NO_ADAPTERS: dict[None, None] = {}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while the one writer commits; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the shipped Alembic migrations up to ``revision`` on ``engine``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "nianbao.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


__all__ = ["DEFAULT_FILE", "open_store", "resolve_url", "upgrade"]
