"""The shape of a national format as data: tables, rows, columns, match keys and identities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["count", "money", "signed"]


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    id: str
    label: str
    kind: ColumnKind = "count"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A table row: its id, official label, and the phrases that identify it in print.

    ``keys`` are searched (folded) inside a printed label; the longest key found wins, and
    ``priority`` breaks the tie between an item row and a category label it sits under.
    ``exact`` keys match only a whole label. ``aliases`` are printed variants seen in real
    reports (typos included) that a label check may name as non-canonical.
    """

    id: str
    label: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    group: str = ""
    priority: int = 1
    exact: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Identity:
    """Σ lhs = Σ rhs, applied once per ``across`` item.

    ``axis="rows"``: the terms are row ids and the identity holds in each column of ``across``.
    ``axis="columns"``: the terms are column ids and the identity holds in each row of ``across``.
    ``relation`` "le" turns it into a weak bound Σ lhs ≤ Σ rhs (warnings).
    """

    id: str
    title: str
    table: str
    axis: Literal["rows", "columns"]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    across: tuple[str, ...]
    relation: Literal["eq", "le"] = "eq"
    source: str = ""


@dataclass(frozen=True, slots=True)
class TableSpec:
    id: str
    title: str
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    #: phrases whose presence in the table's header or rows marks this format
    fingerprints: tuple[str, ...] = ()
    identities: tuple[Identity, ...] = ()
    note: str = ""

    def row(self, row_id: str) -> RowSpec:
        """The row ``row_id``; KeyError naming the table's rows when it has none such. Looked
        up by id (the label rule asks for every printed row's spec: a scan was quadratic)."""
        found = _ROWS.get(id(self))
        if found is None or found[0] is not self:
            # reversed: the first of two rows with one id wins, as in a scan
            found = _ROWS[id(self)] = (self, {r.id: r for r in reversed(self.rows)})
        r = found[1].get(row_id)
        if r is not None:
            return r
        raise KeyError(
            f"{self.id} has no row {row_id!r} (rows: {', '.join(r.id for r in self.rows)})"
        )

    def column(self, col_id: str) -> ColumnSpec:
        """The column ``col_id``; KeyError naming the table's columns when it has none such."""
        for c in self.columns:
            if c.id == col_id:
                return c
        ids = ", ".join(c.id for c in self.columns)
        raise KeyError(f"{self.id} has no column {col_id!r} (columns: {ids})")

    def column_kind(self, col_id: str) -> ColumnKind:
        """The column's kind: "count" (integer ≥ 0), "money" (≥ 0, decimals) or "signed";
        "count" for a column the table does not have."""
        return next((c.kind for c in self.columns if c.id == col_id), "count")

    def row_label(self, row_id: str) -> str:
        """The row's official label, with its group where the label alone is ambiguous
        (「（三）不予公开 1.属于国家秘密」); KeyError for a row the table does not have."""
        row = self.row(row_id)
        if row.group and row.group.startswith("（") and not row.label.startswith("（"):
            return f"{row.group} {row.label}"
        return row.label


#: each spec's rows by id, by ``id(spec)`` (the entry keeps its spec, so that a new spec at a
#: reused address is never served another's rows)
_ROWS: dict[int, tuple[TableSpec, dict[str, RowSpec]]] = {}


@dataclass(frozen=True, slots=True)
class SectionSpec:
    no: int
    title: str
    #: folded phrases, any of which identifies the heading (after its 一、 numeral)
    keys: tuple[str, ...]
    variants: tuple[str, ...] = ()
    #: the id of the table printed in this section (二、三、四), None for prose sections
    table: str | None = None


@dataclass(frozen=True, slots=True)
class FormatSpec:
    id: str
    name: str
    document: str
    years: tuple[int, int]
    tables: dict[str, TableSpec] = field(default_factory=dict)

    def table(self, table_id: str) -> TableSpec:
        return self.tables[table_id]
