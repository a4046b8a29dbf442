"""Bulk inserts on the driver's own connection: ``executemany`` (SQLite) or COPY (PostgreSQL).

The writer's rows are plain tuples whose JSON columns the workers already encoded
(``store.rows.dumps``), so they go straight to the driver inside the caller's transaction:
no statement compilation and no per-value type processing, which cost the writer more than
the database itself did. Row ids the writer must know in advance (a report's children refer
to it) come from ``reserve_ids``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select

__all__ = ["insert_rows", "reserve_ids"]

_MARK = {"qmark": "?", "numeric": None, "format": "%s", "pyformat": "%s"}


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order, JSON already encoded) into ``table``."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            cursor.close()
        return
    mark = _MARK.get(conn.dialect.paramstyle)
    width = len(columns)
    if mark is None:
        marks = ", ".join(f":{i}" for i in range(1, width + 1))
    else:
        marks = ", ".join([mark] * width)
    insert = f"INSERT INTO {table.name} ({names}) VALUES "
    # many rows a statement: SQLite then steps once for them all instead of once a row, a
    # fifth less CPU for the cells' rows; the rest, fewer than a statement's, one at a time
    many = _PARAMETERS // width
    full = len(rows) - len(rows) % many
    if full and mark == "?":
        statement = insert + ", ".join([f"({marks})"] * many)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            for i in range(0, full, many):
                cursor.execute(statement, [v for row in rows[i : i + many] for v in row])
        finally:
            cursor.close()
        rows = rows[full:]
    if rows:
        conn.exec_driver_sql(f"{insert}({marks})", list(rows))


#: bound parameters in one statement, below the 999 of SQLite before 3.32
_PARAMETERS = 990


def reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` fresh ids for ``table``'s integer key: from its sequence on PostgreSQL; on SQLite
    the ids after the largest, which is safe only once this transaction has written (SQLite
    then holds the database's one write lock until commit)."""
    if n <= 0:
        return []
    if conn.dialect.name == "postgresql":
        sql = (
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
            f"FROM generate_series(1, {int(n)})"
        )
        return [int(i) for i in conn.exec_driver_sql(sql).scalars()]
    last = conn.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(int(last) + 1, int(last) + n + 1))
