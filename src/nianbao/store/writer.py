"""The one writer: stores the workers' records a batch per transaction, in bulk.

A source is identified by the SHA-256 of its content. A report is "the same report" as an
earlier one when organ and year match (else when the path matches): it becomes a new version
and the earlier one is kept, no longer current. Every row of a batch goes in with one
``executemany`` (COPY on PostgreSQL) per table on the driver's connection (``store.bulk``),
the report ids reserved first; the batch's organ ids come from one query. The cross-report
rules (previous year, other versions, other organs) do not run here: the new reports, and
the stored following years whose previous year just arrived, are marked ``cross_pending``
and the cross pass (``store.crosscheck``) settles them, so a run killed at any point leaves
nothing half-checked for good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update

from .bulk import insert_children, insert_rows, reserve_ids
from .organs import OrganIds
from .rows import SHIPPED_UTF8, Record, counts, dumps
from .schema import cells, findings, report_bands, reports, sections, sources

__all__ = ["Writer", "known_sources", "restore_indexes"]

#: the cells' index by key, which SQLite fills at half the writer's cost a row at a time, and
#: builds in one sort far faster: a run storing more reports than the corpus holds drops it
#: and builds it once at the end (``Writer.bulk``)
_KEY_INDEX = "ix_cells_key"
_KEY_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS ix_cells_key ON cells ("key")'


def restore_indexes(engine: Engine) -> None:
    """The cells' key index made again if a run killed mid-way left it dropped (SQLite)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql(_KEY_INDEX_SQL)


def known_sources(engine: Engine, shas: Collection[str]) -> dict[str, str]:
    """sha256 → status of those of ``shas`` that are stored (a rerun's skip list), asked for
    the files at hand only: a whole table's hashes would grow with the corpus."""
    if not shas:
        return {}
    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(sources.c.sha256, sources.c.status).where(sources.c.sha256.in_(shas))
            ).all()
        )


class Writer:
    """Stores batches of records on one engine; ``write`` is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._organs: OrganIds | None = None

    @contextmanager
    def bulk(self, incoming: int) -> Iterator[None]:
        """Writes of a run of ``incoming`` files: on SQLite, when they outnumber the stored
        reports, the cells' key index is dropped and built once when the run's writes end
        (nothing reads it meanwhile; a run killed before that leaves it to the next
        ``open_store`` or ingest). A grown corpus keeps its index: rebuilding it would cost
        more than the rows added."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.begin() as conn:
                stored = conn.execute(select(func.count()).select_from(reports)).scalar() or 0
                if incoming > stored:
                    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {_KEY_INDEX}")
        try:
            yield
        finally:
            restore_indexes(self.engine)

    def write(self, records: Sequence[Record]) -> None:
        """Store a batch: all of it, or (killed or failing mid-way) none of it."""
        with self.engine.begin() as conn:
            if self._organs is None:
                self._organs = OrganIds(conn)
            _write(conn, self._organs, records)


def _write(conn: Connection, organ_ids: OrganIds, records: Sequence[Record]) -> None:
    fresh = _new_records(conn, records)
    if not fresh:
        return
    # the time as the column's type writes it (SQLite: text), once for the batch
    added = sources.c.added_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    now: Any = dt.datetime.now(dt.UTC)
    if added is not None:
        now = added(now)
    # in bulk, then their ids by content (unique): an insert returning each id ran a
    # statement a row through the engine
    insert_rows(conn, sources, _SOURCE_COLUMNS, [_source_row(r, now) for r in fresh])
    ids = dict(
        conn.execute(
            select(sources.c.sha256, sources.c.id).where(
                sources.c.sha256.in_([r.sha256 for r in fresh])
            )
        ).all()
    )
    source_ids = [ids[r.sha256] for r in fresh]
    read = [(sid, r) for sid, r in zip(source_ids, fresh, strict=True) if r.report is not None]
    if read:
        _store_reports(conn, organ_ids, read)


def _new_records(conn: Connection, records: Sequence[Record]) -> list[Record]:
    """The records whose content is not stored as read; recorded failures being retried are
    removed first. A content twice in the batch is stored once."""
    shas = list(dict.fromkeys(r.sha256 for r in records))
    status = dict(
        conn.execute(
            select(sources.c.sha256, sources.c.status).where(sources.c.sha256.in_(shas))
        ).all()
    )
    retried = [sha for sha, s in status.items() if s != "ok"]
    if retried:
        conn.execute(delete(sources).where(sources.c.sha256.in_(retried)))
    seen: set[str] = set()
    fresh = []
    for r in records:
        if status.get(r.sha256) == "ok" or r.sha256 in seen:
            continue
        seen.add(r.sha256)
        fresh.append(r)
    return fresh


_SOURCE_COLUMNS = (
    "sha256",
    "path",
    "size",
    "status",
    "error_type",
    "error",
    "seconds",
    "added_at",
    "format",
    "encoding",
    "pages",
    "notes",
)


def _source_row(r: Record, now: Any) -> tuple[Any, ...]:
    """The row (``_SOURCE_COLUMNS``); notes as the JSON column writes them
    (no notes: JSON ``null``)."""
    return (
        r.sha256,
        r.path,
        r.size,
        "ok" if r.report is not None else "failed",
        r.error_type,
        r.error,
        round(r.seconds, 4),
        now,
        r.source.get("format"),
        r.source.get("encoding"),
        r.source.get("pages"),
        dumps(r.source.get("notes")),
    )


def _store_reports(conn: Connection, organ_ids: OrganIds, read: list[tuple[int, Record]]) -> None:
    organ_of = organ_ids.resolve(conn, [r.organ for _, r in read])
    identities = [_identity(oid, r) for oid, (_, r) in zip(organ_of, read, strict=True)]
    last = dict(
        conn.execute(
            select(reports.c.identity, func.max(reports.c.version))
            .where(reports.c.identity.in_(set(identities)))
            .group_by(reports.c.identity)
        ).all()
    )
    # every version of these reports no longer current (those that were not stay so): a
    # test of is_current here would have SQLite walk every current report's index entry
    # instead of the identities' (a batch's cost growing with the corpus)
    conn.execute(
        update(reports).where(reports.c.identity.in_(set(identities))).values(is_current=False)
    )
    final = {ident: i for i, ident in enumerate(identities)}  # the batch's last copy is current
    report_ids = reserve_ids(conn, reports, len(read))
    rows = []
    for i, ((source_id, r), organ_id, ident) in enumerate(
        zip(read, organ_of, identities, strict=True)
    ):
        assert r.report is not None
        last[ident] = (last.get(ident) or 0) + 1
        errors, warnings = counts(r.findings)
        rows.append(
            {
                **r.report,
                "id": report_ids[i],
                "source_id": source_id,
                "organ_id": organ_id,
                "identity": ident,
                "version": last[ident],
                "is_current": final[ident] == i,
                "errors": errors,
                "warnings": warnings,
                "cross_pending": True,
            }
        )
    insert_rows(
        conn,
        reports,
        _REPORT_COLUMNS,
        [tuple(r[c] for c in _REPORT_COLUMNS) for r in rows],
        SHIPPED_UTF8["reports"],
    )
    _insert_children(conn, report_ids, [r for _, r in read])
    _mark_following_years(conn, rows)


_REPORT_COLUMNS = (
    "id",
    "source_id",
    "organ_id",
    "identity",
    "version",
    "is_current",
    "year",
    "title",
    "organ",
    "region",
    "published",
    "format",
    "errors",
    "warnings",
    "data",
    "cross_data",
    "cross_pending",
)
_CELL_COLUMNS = (
    "report_id",
    "key",
    "table_id",
    "row_id",
    "col_id",
    "value",
    "text",
    "raw",
    "page",
    "line",
    "notes",
    "box",
)
_SECTION_COLUMNS = ("report_id", "no", "heading", "text", "page", "line")
FINDING_COLUMNS = ("report_id", "rule", "severity", "status", "message", "data")


def _identity(organ_id: int | None, r: Record) -> str:
    year = r.report["year"] if r.report else None
    if organ_id is not None and year is not None:
        return f"organ:{organ_id}:{year}"
    return f"path:{r.path}"


def _insert_children(conn: Connection, report_ids: Sequence[int], records: list[Record]) -> None:
    pairs = list(zip(report_ids, records, strict=True))
    insert_children(conn, cells, _CELL_COLUMNS, [((rid,), r.cells) for rid, r in pairs])
    insert_children(conn, sections, _SECTION_COLUMNS, [((rid,), r.sections) for rid, r in pairs])
    _index_text(conn, report_ids)
    insert_children(
        conn,
        findings,
        FINDING_COLUMNS,
        [((rid,), r.findings) for rid, r in pairs],
        SHIPPED_UTF8["findings"],
    )
    bands = [
        ((rid, r.report["year"]), r.bands)
        for rid, r in pairs
        if r.report is not None and r.report["year"] is not None
    ]
    insert_children(conn, report_bands, ("report_id", "year", "band"), bands)


def _index_text(conn: Connection, report_ids: Sequence[int]) -> None:
    """The batch's sections into SQLite's full-text index, in one statement (no trigger:
    migration 0004); PostgreSQL's trigram index is an ordinary index, kept by the server."""
    if conn.dialect.name != "sqlite" or not report_ids:
        return
    marks = ", ".join("?" * len(report_ids))
    conn.exec_driver_sql(
        "INSERT INTO sections_fts(rowid, text) SELECT id, text FROM sections "
        f"WHERE report_id IN ({marks})",
        tuple(report_ids),
    )


def _mark_following_years(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """A stored report whose previous year just arrived is checked again by the cross pass.
    The reports are found by their organs (the organ and year index), then kept in Python:
    SQLite, given the whole test, walked the index of every current report of the year, a
    batch's cost growing with the corpus."""
    pairs = {
        (r["organ_id"], r["year"] + 1)
        for r in rows
        if r["is_current"] and r["organ_id"] is not None and r["year"] is not None
    }
    if not pairs:
        return
    ids = [
        i
        for i, organ_id, year, now, waiting in conn.execute(
            select(
                reports.c.id,
                reports.c.organ_id,
                reports.c.year,
                reports.c.is_current,
                reports.c.cross_pending,
            ).where(reports.c.organ_id.in_({o for o, _ in pairs}))
        )
        if now and not waiting and (organ_id, year) in pairs
    ]
    if ids:
        conn.execute(update(reports).where(reports.c.id.in_(ids)).values(cross_pending=True))
