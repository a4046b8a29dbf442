"""Bulk inserts on the driver's own connection: ``executemany`` (SQLite) or COPY (PostgreSQL).

The writer's rows are plain tuples whose JSON columns the workers already encoded
(``store.rows.dumps``), so they go straight to the driver inside the caller's transaction:
no statement compilation and no per-value type processing, which cost the writer more than
the database itself did. Row ids the writer must know in advance (a report's children refer
to it) come from ``reserve_ids``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import chain, compress, cycle
from typing import Any

from sqlalchemy import Connection, Table, func, select

__all__ = ["insert_children", "insert_rows", "reserve_ids"]

_MARK = {"qmark": "?", "numeric": None, "format": "%s", "pyformat": "%s"}


def insert_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    utf8: frozenset[str] = frozenset(),
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order, JSON already encoded) into ``table``;
    ``utf8``: the text columns whose values may be UTF-8 bytes (``_text_of``)."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        decode = [i for i, c in enumerate(columns) if c in utf8]
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_decoded(row, decode) if decode else row)
        finally:
            cursor.close()
        return
    mark = _MARK.get(conn.dialect.paramstyle)
    width = len(columns)
    if mark is None:
        marks = ", ".join(f":{i}" for i in range(1, width + 1))
    else:
        marks = ", ".join(_text_of(mark) if c in utf8 else mark for c in columns)
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
                cursor.execute(statement, list(chain.from_iterable(rows[i : i + many])))
        finally:
            cursor.close()
        rows = rows[full:]
    if rows:
        conn.exec_driver_sql(f"{insert}({marks})", list(rows))


#: bound parameters in one statement, below the 999 of SQLite before 3.32
_PARAMETERS = 990


def _text_of(mark: str) -> str:
    """A parameter of a text column bound as UTF-8 bytes (or as text): SQLite stores the
    bytes as the text they encode, the same value a str binds, without ``sqlite3`` decoding
    anything (``store.rows.SHIPPED_UTF8``)."""
    return f"CAST({mark} AS TEXT)"


def _decoded(row: Sequence[Any], at: Sequence[int]) -> list[Any]:
    """The row with its values at ``at`` that are UTF-8 bytes as text (PostgreSQL's COPY)."""
    out = list(row)
    for i in at:
        if isinstance(out[i], bytes):
            out[i] = out[i].decode()
    return out


def insert_children(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    parents: Sequence[tuple[tuple[Any, ...], tuple[Any, ...]]],
    utf8: frozenset[str] = frozenset(),
) -> None:
    """Insert the rows of several parents into ``table``: each parent's ``(shared, values)``,
    ``shared`` the leading columns every row of it has (its id …), ``values`` the other
    columns of its rows one row after another. The workers ship their rows so, one flat
    tuple per report, which unpickles at half the cost of a tuple per row; on SQLite each
    parent's rows go in statements of many rows that name the shared values once (``?1``),
    so the writer makes no tuple per row either, and leave out its columns that are NULL in
    every row (``_without_blanks``). ``utf8``: as ``insert_rows``'s."""
    if not parents:
        return
    shared = len(parents[0][0])
    width = len(columns) - shared
    if conn.dialect.name != "sqlite":
        each = [
            (*lead, *values[i : i + width])
            for lead, values in parents
            for i in range(0, len(values), width)
        ]
        insert_rows(conn, table, columns, each, utf8)
        return
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for lead, values in parents:
            named, values = _without_blanks(table, tuple(columns), shared, values)
            wide = len(named) - shared
            for start, count in _chunks(len(values) // wide, (_PARAMETERS - shared) // wide):
                cursor.execute(
                    _child_statement(table.name, named, shared, count, utf8),
                    (*lead, *values[start * wide : (start + count) * wide]),
                )
    finally:
        cursor.close()


def _without_blanks(
    table: Table, columns: tuple[str, ...], shared: int, values: tuple[Any, ...]
) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The columns, and the values, less the columns that are NULL in every row of a parent
    (a text report's cells have no box, notes, page or text): Python's ``sqlite3`` binds
    each ``None`` through its adapter registry (some 800 instructions), and a report's cells
    bound some 700 of them. An omitted column is NULL all the same unless the database has
    a default for it: those are always bound."""
    width = len(columns) - shared
    rows = len(values) // width
    blank = (None,) * rows  # compared by identity first, a column's first value ends it
    kept = [values[i::width] != blank for i in range(width)]
    for i in _defaulted(table, columns[shared:]):
        kept[i] = True
    if all(kept) or not any(kept):
        return columns, values
    named = columns[:shared] + tuple(compress(columns[shared:], kept))
    return named, tuple(compress(values, cycle(kept)))


@cache
def _defaulted(table: Table, columns: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of ``columns`` that have a default in the database."""
    return tuple(i for i, c in enumerate(columns) if table.c[c].server_default is not None)


@cache
def _child_statement(
    table: str, columns: tuple[str, ...], shared: int, rows: int, utf8: frozenset[str]
) -> str:
    """The INSERT of ``rows`` rows naming the ``shared`` leading values once (``?1`` …):
    ``_chunks`` asks for a few sizes only, which SQLite's statement cache keeps."""
    lead = [f"?{i}" for i in range(1, shared + 1)]
    own = [_text_of("?") if c in utf8 else "?" for c in columns[shared:]]
    row = "(" + ", ".join(lead + own) + ")"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([row] * rows)


def _chunks(rows: int, most: int) -> list[tuple[int, int]]:
    """(first row, rows) of the statements for ``rows`` rows: as many of ``most`` as fit,
    the rest in powers of two (at most a statement per bit)."""
    out = []
    start = 0
    while rows - start >= most:
        out.append((start, most))
        start += most
    size = 1 << (rows - start).bit_length()
    while start < rows:
        size >>= 1
        if rows - start >= size:
            out.append((start, size))
            start += size
    return out


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
