"""The counts a report's narrative states, as constraints on its glued table cells.

Crawled text glues a table's cells; where the identities leave several splits of a row, a
count the narrative states (「现行有效规章11件」「共收到政府信息公开申请3119件」) can leave one.
Only exact counts of the reporting organ itself are used (no 余/约, no 全市 scope, no
denials), and only to choose among splits that already satisfy every identity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..formats.spec import RowSpec, TableSpec
from ..model import TextBlock
from .claims import claims_in
from .sentences import full_width, split_sentences

#: claim topic → (table, row, column) of the cell it states
_CELLS: dict[str, tuple[str, str, str]] = {
    "requests.received": ("requests", "new_received", "total"),
    "requests.carried_over": ("requests", "carried_over", "total"),
    "requests.carried_forward": ("requests", "carried_forward", "total"),
    "requests.granted": ("requests", "granted", "total"),
    "requests.partially_granted": ("requests", "partially_granted", "total"),
    "review.total": ("review_litigation", "review", "total"),
}


@dataclass(frozen=True, slots=True)
class Stated:
    """One count the narrative states for one cell, with the words that state it."""

    row: str
    column: str
    value: float
    raw: str


StatedCounts = dict[str, list[Stated]]  # by table id


def stated_counts(blocks: Iterable[tuple[TextBlock, int | None]]) -> StatedCounts:
    """Per table: the exact counts the narrative states, from (paragraph, section number)."""
    pairs = list(blocks)
    width = full_width(b for b, _ in pairs)
    out: StatedCounts = {}
    for block, section in pairs:
        for sentence in split_sentences([block], section, width):
            for claim in claims_in(sentence):
                cell = _cell(claim.topic)
                if cell is None or claim.approximate or claim.negated:
                    continue
                if claim.scope not in (None, "own"):
                    continue
                table, row, column = cell
                out.setdefault(table, []).append(Stated(row, column, float(claim.value), claim.raw))
    return out


def _cell(topic: str) -> tuple[str, str, str] | None:
    if topic in _CELLS:
        return _CELLS[topic]
    parts = topic.split(".")
    if len(parts) == 3 and parts[0] == "active" and parts[1] != "doc":
        return ("active", parts[1], parts[2])
    return None


def stated_for(table: TableSpec, spec: RowSpec, stated: StatedCounts) -> list[Stated]:
    """The counts stated for the cells of one printed row (table 四: its one row of 15)."""
    counts = stated.get(table.id, [])
    if table.id == "review_litigation":
        return counts
    return [c for c in counts if c.row == spec.id]


def agrees(table: TableSpec, spec: RowSpec, split: tuple[str, ...], stated: StatedCounts) -> bool:
    """Does a split of a printed row give every cell the narrative states its stated value?"""
    for count in stated_for(table, spec, stated):
        at = _index(table, spec, count)
        if at is None or at >= len(split):
            continue
        text = split[at]
        if not text or abs(float(text) - count.value) > 1e-6:
            return False
    return True


def _index(table: TableSpec, spec: RowSpec, count: Stated) -> int | None:
    """Where the stated cell sits in the printed row."""
    if table.id == "review_litigation":
        rows = [r.id for r in table.rows]
        cols = list(table.rows[0].columns)
        if count.row not in rows or count.column not in cols:
            return None
        return rows.index(count.row) * len(cols) + cols.index(count.column)
    return spec.columns.index(count.column) if count.column in spec.columns else None
