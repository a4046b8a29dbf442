"""A ``Report`` and its ``Finding``s rebuilt from their stored JSON (``to_dict()``), for the
cross-year rules and for rendering stored reports (the web app).

Only what the rules and renderers read comes back: source, meta, sections with their text, and
every cell with its printed text, page/line and page box; the reader's paragraphs are the
stored paragraphs outside the sections (``loose_paragraphs``) and the sections' lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Evidence, Finding, Fix, Location, Report, Severity
from ..model.document import TextBlock
from ..model.location import new_location
from ..model.report import (
    TABLE_IDS,
    Cell,
    Meta,
    Row,
    Section,
    Source,
    Table,
    new_row,
    placed_cell,
)

#: the stored cell columns that are a cell's evidence (``Cell.evidence()`` keys)
CELL_EVIDENCE = ("raw", "page", "line", "notes", "box")
#: a cells row as the cross pass reads it: report id, table, row, column, then the cell's
#: printed text, page and line (each may be NULL)
StoredCell = tuple[int, str, str, str, str | None, int | None, int | None]
#: every cell's printed text, page and line, in the order of the stored values
Printed = tuple[Sequence[str | None], Sequence[int | None], Sequence[int | None]]
_NOT_STORED: StoredCell = (0, "", "", "", None, None, None)


def with_cell_evidence(data: dict[str, Any], rows: Iterable[Any]) -> dict[str, Any]:
    """The stored report JSON with each cell's evidence put back from its ``cells`` rows
    (rows with ``table_id``, ``row_id``, ``col_id`` and the ``CELL_EVIDENCE`` columns)."""
    evidence: dict[str, Any] = {"meta": (data.get("evidence") or {}).get("meta", {})}
    for row in rows:
        m = row._mapping
        ev = {k: m[k] for k in CELL_EVIDENCE if k in m and m[k] is not None}
        table = evidence.setdefault(m["table_id"], {})
        table.setdefault(m["row_id"], {"cells": {}})["cells"][m["col_id"]] = ev
    return {**data, "evidence": evidence}


def report_from_dict(
    data: dict[str, Any],
    cells: Sequence[StoredCell] | None = None,
    printed: Printed | None = None,
) -> Report:
    """``cells``: the report's rows of the cells table in the order stored, each cell's
    printed text, page and line, instead of the cells' evidence in ``data`` (the cross pass,
    which rebuilds many reports: the same Report as with that evidence in ``data``, built
    without it); ``printed``: the same three of each cell as lists in the order of ``data``'s
    values (``store.summary``), instead of ``cells``."""
    src = data["source"]
    path = src.get("path")
    source = Source(
        path=path,
        sha256=src["sha256"],
        reader=src.get("reader") or "",
        encoding=src.get("encoding"),
        pages=src.get("pages"),
        notes=tuple(src.get("notes") or ()),
    )
    meta = Meta(**{k: data["meta"].get(k) for k in Meta.__dataclass_fields__})
    sections = tuple(
        Section(
            no=s["no"],
            heading=s.get("heading") or "",
            text=s.get("text") or "",
            location=Location(path=path, page=s.get("page"), line=s.get("line"), section=s["no"]),
        )
        for s in data.get("sections") or ()
    )
    loose = tuple(
        TextBlock(p["text"], Location(path=path, page=p.get("page"), line=p.get("line")))
        for p in data.get("loose_paragraphs") or ()
    )
    paragraphs = loose + tuple(
        TextBlock(line, sec.location) for sec in sections for line in sec.text.splitlines()
    )
    evidence = data.get("evidence") or {}
    formats = data.get("table_formats") or {}
    tables: dict[str, Table] = {}
    if printed is None and cells is not None:
        printed = _printed_of(data, cells)
    at = 0  # the next cell, in ``printed``
    for table_id in TABLE_IDS:
        if (values := data.get(table_id)) is None:
            continue
        if printed is not None:
            tables[table_id], at = _printed_table(table_id, values, printed, at, formats, path)
        else:
            tables[table_id] = _table(table_id, values, evidence.get(table_id) or {}, formats, path)
    return Report(
        source=source,
        meta=meta,
        sections=sections,
        tables=tables,
        paragraphs=paragraphs,
        meta_evidence=evidence.get("meta") or {},
    )


def _table(
    table_id: str,
    values: dict[str, dict[str, Any]],
    evidence: dict[str, Any],
    formats: dict[str, str | None],
    path: str | None,
) -> Table:
    rows = {}
    for row_id, cols in values.items():
        row_ev = evidence.get(row_id) or {}
        cell_ev = row_ev.get("cells") or {}
        cells = {
            col_id: _cell(value, cell_ev.get(col_id) or {}, path, table_id, row_id, col_id)
            for col_id, value in cols.items()
        }
        rows[row_id] = Row(
            id=row_id,
            label=row_ev.get("label") or "",
            cells=cells,
            location=Location(
                path=path,
                page=row_ev.get("page"),
                line=row_ev.get("line"),
                table=table_id,
                row=row_id,
            ),
        )
    return Table(
        id=table_id,
        format=formats.get(table_id),
        rows=rows,
        location=Location(path=path, table=table_id),
    )


def _printed_of(data: dict[str, Any], cells: Sequence[StoredCell]) -> Printed:
    """Each cell's printed text, page and line in the order of ``data``'s values, from the
    report's rows of the cells table. The writer stores them in that order, so each cell's
    row is the next one; a row out of that order is looked up by its key."""
    raws: list[str | None] = []
    pages: list[int | None] = []
    lines: list[int | None] = []
    by_key: dict[tuple[str, str, str], StoredCell] | None = None
    at, n = 0, len(cells)
    for table_id in TABLE_IDS:
        for row_id, cols in (data.get(table_id) or {}).items():
            for col_id in cols:
                if at < n and (c := cells[at])[3] == col_id and c[2] == row_id and c[1] == table_id:
                    at += 1
                else:
                    if by_key is None:
                        by_key = {(c[1], c[2], c[3]): c for c in cells}
                    c = by_key.get((table_id, row_id, col_id), _NOT_STORED)
                raws.append(c[4])
                pages.append(c[5])
                lines.append(c[6])
    return raws, pages, lines


def _printed_table(
    table_id: str,
    values: dict[str, dict[str, Any]],
    printed: Printed,
    at: int,
    formats: dict[str, str | None],
    path: str | None,
) -> tuple[Table, int]:
    """``_table`` with only each cell's printed text, page and line as evidence, the next of
    ``printed`` (from position ``at``): no row evidence, no notes or boxes, built through the
    model's builders, as a cross pass rebuilds every stored report it compares (some 300
    cells each). Each cell is a placed cell (its Location made only if a rule asks for it) on
    its printed line's Location, one per line. Returns the table and the position after its
    cells."""
    raws, pages, lines = printed
    rows = {}
    where_of: dict[tuple[int | None, int | None], Location] = {}
    for row_id, cols in values.items():
        built = {}
        for col_id, value in cols.items():
            raw, page, line = raws[at], pages[at], lines[at]
            at += 1
            where = where_of.get((page, line))
            if where is None:
                where = where_of[page, line] = new_location(path, page, line)
            text = raw if raw is not None else "" if value is None else str(value)
            built[col_id] = placed_cell(value, text, (where, table_id, row_id, col_id), (), None)
        rows[row_id] = new_row(row_id, "", built, new_location(path, None, None, table_id, row_id))
    table = Table(
        id=table_id,
        format=formats.get(table_id),
        rows=rows,
        location=Location(path=path, table=table_id),
    )
    return table, at


def _cell(value: Any, ev: dict[str, Any], path: str | None, table: str, row: str, col: str) -> Cell:
    return Cell(
        value=value,
        raw=ev.get("raw", "" if value is None else str(value)),
        location=Location(
            path=path,
            page=ev.get("page"),
            line=ev.get("line"),
            table=table,
            row=row,
            col=col,
            box=_box(ev.get("box")),
        ),
        notes=tuple(ev.get("notes") or ()),
        confidence=ev.get("confidence"),
    )


def _box(value: Any) -> tuple[float, float, float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 4:
        x0, top, x1, bottom = (float(v) for v in value)
        return (x0, top, x1, bottom)
    return None


def location_from_dict(data: dict[str, Any]) -> Location:
    """``Location.to_dict()`` back (unknown keys ignored)."""
    fields = {k: data.get(k) for k in Location.__dataclass_fields__ if k != "box"}
    return Location(**fields, box=_box(data.get("box")))


def finding_from_dict(data: dict[str, Any]) -> Finding:
    """``Finding.to_dict()`` back, for the check report of a stored report."""
    return Finding(
        rule=data["rule"],
        severity=Severity(data["severity"]),
        message=data["message"],
        location=location_from_dict(data.get("location") or {}),
        evidence=tuple(
            Evidence(e.get("raw", ""), location_from_dict(e)) for e in data.get("evidence") or ()
        ),
        fix=tuple(
            Fix(
                location=location_from_dict(x.get("location") or {}),
                printed=x.get("printed"),
                value=x.get("value"),
                reason=x.get("reason", ""),
                culprit=bool(x.get("culprit")),
            )
            for x in data.get("fix") or ()
        ),
        status=data.get("status", "fail"),
        values=data.get("values") or {},
        cells=tuple(location_from_dict(c) for c in data.get("cells") or ()),
        basis=data.get("basis") or "",
    )
