"""store.bulk on SQLite: a parent's columns NULL in every row are left out of its INSERT,
and the rows read back the same as when every value is bound."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, select, text

from nianbao.store.bulk import insert_children


def test_blank_columns_left_out_read_back_as_null(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
    meta = MetaData()
    rows = Table(
        "rows",
        meta,
        Column("id", Integer, primary_key=True),
        Column("parent", Integer, nullable=False),
        Column("a", Text),
        Column("b", Integer),
        Column("c", Text),
        Column("d", Text, server_default=text("'x'")),
    )
    meta.create_all(engine)
    parents = [
        ((1,), ("p", None, None, None, "q", None, None, None)),  # b, c blank; d blank (default)
        ((2,), ("r", 3, None, "s", None, 4, None, None)),  # c blank
        ((3,), (None, None, None, None)),  # every column blank
        ((4,), ()),  # no rows
        ((5,), tuple(v for i in range(300) for v in (str(i), i, None, None))),  # many statements
    ]
    with engine.begin() as conn:
        insert_children(conn, rows, ("parent", "a", "b", "c", "d"), parents)
    with engine.connect() as conn:
        got = [tuple(r) for r in conn.execute(select(rows).order_by(rows.c.id))]
    want = [
        (lead[0], *values[i : i + 4]) for lead, values in parents for i in range(0, len(values), 4)
    ]
    assert [r[1:] for r in got] == want
    assert [r[0] for r in got] == list(range(1, len(want) + 1))
